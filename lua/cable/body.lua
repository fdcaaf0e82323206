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
local marking = C(P"(" * (upper + S"/") ^ 1 * P")") * sps * Cp()

-- Joins wrapped lines into running text: a hyphen, blanks and a line end
-- become the hyphen alone (DIS-\nCERNABLE stays DIS-CERNABLE); any other run
-- of white space holding a line end becomes one space. One LPeg pass: every
-- run of blanks is read at most three times, so it stays linear.
local space = S" \t\n\v\f\r"
local inline_space = S" \t\v\f\r"
local gap = inline_space ^ 0 * P"\n" * space ^ 0
local unwrap_pattern = lpeg.Cs((P"-" * S" \t" ^ 0 * P"\n" * space ^ 0 / "-"
  + gap / " "
  + inline_space ^ 1
  + (1 - space - P"-") ^ 1
  + P(1)) ^ 0)

function body.unwrap(text)
  return trim.both(lpeg.match(unwrap_pattern, text))
end

-- A paragraph number matched in place in the body: the line end counts as
-- the end of the subject.
local number_here = sps * (P"\194\182" + P"\239\191\189" + P"\182") ^ -1 * sps
  * Ct(C(digit * digit ^ -1) * (close + C(upper) * close) * level ^ 0)
  * #(S" \t(\n" + -P(1)) * sps * Cp()

local function new_paragraph(parts, text, first, last)
  local p = { number = table.concat(parts, ".") }
  local mark, after = lpeg.match(marking, text, first)
  if mark and after <= last + 1 then
    local parsed = classification.marking(mark)
    if parsed then
      p.marking = parsed
      first = after
    end
  end
  p.text = body.unwrap(text:sub(first, last))
  return p
end

-- Paragraphs of the body text: list of {number = "2.A", marking = {...},
-- text = <unwrapped>}; text before the first number is a paragraph without one.
function body.paragraphs(text)
  local list = {}
  local open_parts, open_first = nil, 1   -- the paragraph being read
  local function close_paragraph(last)
    if last < open_first then
      if open_parts then list[#list + 1] = new_paragraph(open_parts, text, open_first, open_first - 1) end
    elseif open_parts then
      list[#list + 1] = new_paragraph(open_parts, text, open_first, last)
    elseif text:sub(open_first, last):find("%S") then
      list[#list + 1] = { text = body.unwrap(text:sub(open_first, last)) }
    end
  end
  local pos, len = 1, #text
  while pos <= len + 1 do
    local parts, after = lpeg.match(number_here, text, pos)
    if parts then
      close_paragraph(pos - 2)
      open_parts, open_first = parts, after
    end
    local nl = text:find("\n", pos, true)
    if not nl then break end
    pos = nl + 1
  end
  close_paragraph(len)
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
