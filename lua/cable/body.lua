-- The prose of a cable: the body cut into numbered paragraphs (2D. is
-- paragraph 2.D, with its (C) marking) and the signature at its end.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local classification = require "cable.fields.classification"
local trim = require "cable.trim"

local P, R, S, C, Ct, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Ct, lpeg.Cp
local sps = S" \t" ^ 0
local digit, upper = R"09", R"AZ"
local close = S".)"

local body = {}

-- 2.A.(1) style number at a line start -> list of its parts, then the position
-- after it. Same shape as the scanner's PARA class.
local level = C((upper + digit) * (upper + digit) ^ -1) * close
local number = sps * (P"\194\182" + P"\239\191\189" + P"\182") ^ -1 * sps
  * Ct(C(digit * digit ^ -1) * (close + C(upper) * close) * level ^ 0)
  * #(S" \t(" + -P(1)) * sps * Cp()
local marking = C(P"(" * (upper + S"/") ^ 1 * P")") * sps * Cp()

-- Joins wrapped lines into running text: a hyphen, blanks and a line end
-- become the hyphen alone (DIS-\nCERNABLE stays DIS-CERNABLE); any other run
-- of white space holding a line end becomes one space. It jumps from line end
-- to line end, so it stays linear and touches only the white space around them.
local HYPHEN, SPACE, TAB = ("-"):byte(), (" "):byte(), ("\t"):byte()

local function blanks_only(text, first, last)
  for i = first, last do
    local b = text:byte(i)
    if b ~= SPACE and b ~= TAB then return false end
  end
  return true
end

function body.unwrap(text)
  local parts, pos, len = {}, 1, #text
  local nl = text:find("\n", 1, true)
  while nl do
    local first, last = nl, nl
    while first > pos and trim.is_space(text:byte(first - 1)) do first = first - 1 end
    while last < len and trim.is_space(text:byte(last + 1)) do last = last + 1 end
    parts[#parts + 1] = text:sub(pos, first - 1)
    if not (first > 1 and text:byte(first - 1) == HYPHEN and blanks_only(text, first, nl - 1)) then
      parts[#parts + 1] = " "
    end
    pos = last + 1
    nl = text:find("\n", pos, true)
  end
  parts[#parts + 1] = text:sub(pos)
  return trim.both(table.concat(parts))
end

local function new_paragraph(parts, rest_line)
  local p = { number = table.concat(parts, "."), lines = {} }
  local mark, after = lpeg.match(marking, rest_line)
  if mark then
    local parsed = classification.marking(mark)
    if parsed then
      p.marking = parsed
      rest_line = rest_line:sub(after)
    end
  end
  p.lines[1] = rest_line
  return p
end

-- Paragraphs of the body text: list of {number = "2.A", marking = {...},
-- text = <unwrapped>}; text before the first number is a paragraph without one.
function body.paragraphs(text)
  local list, current = {}, nil
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    local parts, after = lpeg.match(number, line)
    if parts then
      current = new_paragraph(parts, line:sub(after))
      list[#list + 1] = current
    elseif current then
      current.lines[#current.lines + 1] = line
    elseif line:find("%S") then
      current = { lines = { line } }
      list[#list + 1] = current
    end
  end
  for _, p in ipairs(list) do
    p.text = body.unwrap(table.concat(p.lines, "\n"))
    p.lines = nil
  end
  return list
end

local name_line = (upper + S"-'") ^ 2 * (P" " * (upper + S"-'.") ^ 1) ^ -2 * sps * -P(1)

-- The signature: the last line when it is a name in capitals alone on its line
-- (STEVENS, SHLAUDEMAN), or the capitalised word that ends the last sentence
-- (... BAD FAITH. SHALDDDEMAN). Returns the name and the text without it.
local closing = { [("."):byte()] = true, [("?"):byte()] = true, [("!"):byte()] = true,
  [('"'):byte()] = true, [("'"):byte()] = true, [(")"):byte()] = true }

-- The last word of s (no trailing white space) when it is a name in capitals
-- after a sentence end: the name and the text before it, or nil.
local function trailing_name(s)
  local j = #s
  while j > 0 and not trim.is_space(s:byte(j)) do j = j - 1 end
  local name = s:sub(j + 1)
  if j == 0 or #name < 3 or not name:find("^[A-Z][A-Z%-']+$") then return nil end
  while j > 0 and trim.is_space(s:byte(j)) do j = j - 1 end
  if j == 0 or not closing[s:byte(j)] then return nil end
  return name, s:sub(1, j)
end

function body.signature(text)
  local stripped = trim.right(text)
  local start = stripped:match("^.*()\n") or 1
  local last = stripped:sub(start):gsub("^%s+", "")
  if lpeg.match(name_line, last) and not last:find("^END") then
    return last, trim.right(stripped:sub(1, start - 1))
  end
  local name, head = trailing_name(stripped)
  if name then return name, head end
  return nil, text
end

-- The summary: the text between SUMMARY: and END SUMMARY when the cable has
-- one, else the first numbered paragraph's text.
function body.summary(text, paragraphs)
  local upper_text = text:upper()
  local s, e = upper_text:find("SUMMARY%s*[:%.%-]")
  if s then
    local stop = upper_text:find("END%s+SUMMARY", e + 1)
    if stop then
      local inner = body.unwrap(text:sub(e + 1, stop - 1))
      if inner:find("%S") then return inner end
    end
  end
  for _, p in ipairs(paragraphs) do
    if p.number and p.text ~= "" then return p.text end
  end
  return nil
end

return body
