-- The WikiLeaks cable viewer page (cablegate, 2010-11): the cable is held in
-- two <pre> blocks (header, body) whose line breaks are written &#x000A;, with
-- <a> tags around tags and paragraph signs; a table gives the archive's own
-- metadata (reference id, created, released, classification, origin).
-- The page is read with plain finds and LPeg passes: gsub and gmatch try
-- their pattern at every byte, which cost ~1.5 ms a page.
local lpeg = rawget(_G, "lpeg") or require "lpeg"

local P, R, S, C, Cs = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cs
local find, sub = string.find, string.sub
local trim = require "cable.trim"

local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = "\194\160" }

local function char(n)
  if n and n >= 0 and n <= 0x10FFFF and not (n >= 0xD800 and n <= 0xDFFF) then return utf8.char(n) end
end

-- One reference: kind ("", "#", "x", "#x" ...) and body; nil (the
-- reference then stays as written) when it means no character.
local function reference(kind, body)
  local out
  if kind == "" then
    out = NAMED[body]
  elseif kind:find("[xX]") then
    out = char(tonumber(body, 16))
  elseif kind == "#" then
    out = char(tonumber(body))
  end
  return out
end

-- Everything but pat, then pat replaced, over the whole subject; first is
-- the byte pat starts with, so that the rest is skipped in spans.
local function replace_all(pat, first)
  return Cs(((1 - P(first)) ^ 1 + pat + 1) ^ 0)
end

-- A character reference as "&(#?[xX]?)(%w+);" reads it: the x belongs to
-- the kind only when letters or digits follow it.
local alnum = R("az", "AZ", "09")
local ONE_REFERENCE = (P"&" * C(P"#" ^ -1 * S"xX") * C(alnum ^ 1) * P";"
  + P"&" * C(P"#" ^ -1) * C(alnum ^ 1) * P";") / reference * -P(1)

-- The decoded references, by the reference as written: a page writes its
-- line breaks as some hundreds of &#x000A;, and a call of reference costs
-- ~5K instructions. A reference that means no character is not kept (a nil
-- leaves it as written); nor is any once the table holds MEMO_MAX, so that
-- odd input cannot make it grow without end.
local MEMO_MAX = 1024
local memo_size = 0
local memo = setmetatable({}, { __index = function(t, ref)
  local out = lpeg.match(ONE_REFERENCE, ref)
  if out and memo_size < MEMO_MAX then
    memo_size = memo_size + 1
    t[ref] = out
  end
  return out
end })

-- (&#x000A; is also read on its own: a constant replacement costs a third
-- of a table look-up.)
local REFERENCE = replace_all(P"&#x000A;" / "\n" + (P"&" * P"#" ^ -1 * alnum ^ 1 * P";") / memo, "&")

-- Decodes character references (&#x000A;, &#x2019;, &#8217;, &amp;); a
-- malformed one is kept as written.
function M.decode(s)
  if not find(s, "&", 1, true) then return s end
  return lpeg.match(REFERENCE, s)
end

-- Markup inside a <pre> block: the tags go, their text stays. <a ...> tags
-- go first, then <b> and <i> (as two passes: dropping the first may make
-- the second; the second is skipped when no "<" is left, as in the pages).
local A_TAG = replace_all(P"<" * P"/" ^ -1 * S"aA" * #S" \t\n\v\f\r>" * (1 - P">") ^ 0 * P">" / "", "<")
local BI_TAG = replace_all(P"<" * P"/" ^ -1 * S"bBiI" * P">" / "", "<")

local function strip_tags(s)
  if not find(s, "<", 1, true) then return s end
  s = lpeg.match(A_TAG, s)
  if not find(s, "<", 1, true) then return s end
  return lpeg.match(BI_TAG, s)
end

-- An HTML page (the cable itself is looked for by unwrap).
function M.is(text)
  local lt = text:find("<", 1, true)
  if not lt or lt > 2048 then return false end  -- both marks start with "<"
  local head = text:sub(1, 2048):lower()
  return (head:find("<html", 1, true) or head:find("<!doctype html", 1, true)) ~= nil
end

local KEYS = {
  ["reference id"] = "id", created = "date", released = "released",
  classification = "classification", origin = "origin",
}

-- Where text holds the literal lit from init on: plain finds of the part of
-- lit from byte off + 1, which starts with a byte rarer in a page than "<"
-- (a find stops at each byte like the first, and a page holds thousands
-- of "<"), then a comparison.
local function find_lit(text, lit, off, init)
  local key = sub(lit, off + 1)
  local at = find(text, key, init + off, true)
  while at do
    if sub(text, at - off, at - off + #lit - 1) == lit then return at - off end
    at = find(text, key, at + 1, true)
  end
end

-- The text between open and the first close after it (literals, with the
-- offsets of their rarer parts), from position init: the content and the
-- position after close; nil if none.
local function between(text, open, open_off, close, close_off, init)
  local at = find_lit(text, open, open_off, init)
  if not at then return nil end
  local stop = find_lit(text, close, close_off, at + #open)
  if not stop then return nil end
  return sub(text, at + #open, stop - 1), stop + #close
end

-- The contents of each open ... close in text, in order, as gmatch with
-- "open(.-)close" finds them (plain finds: gmatch tries its pattern at
-- every byte).
local function all_between(text, open, close)
  local list, pos = {}, 1
  while true do
    local inner, after = between(text, open, 0, close, 0, pos)
    if not inner then return list end
    list[#list + 1], pos = inner, after
  end
end

-- The metadata table: <th> names in order, then the <td> cells of the next row.
local function metadata(text)
  local tbl = between(text, "<table class='cable'>", 3, "</table>", 4, 1)
    or between(text, '<table class="cable">', 3, "</table>", 4, 1)
  if not tbl then return {} end
  local names, out = all_between(tbl, "<th>", "</th>"), {}
  for i, td in ipairs(all_between(tbl, "<td>", "</td>")) do
    local key = KEYS[names[i] and names[i]:lower() or ""]
    if key then out[key] = trim.both(M.decode(strip_tags(td))) end
  end
  return out
end

-- The <pre> blocks of text, as "<pre[^>]*>(.-)</pre>" finds them.
local function pre_blocks(text)
  local blocks, pos = {}, 1
  while true do
    local at = find_lit(text, "<pre", 1, pos)
    local open = at and text:match("^[^>]*>()", at + 4)
    local close = open and find_lit(text, "</pre>", 2, open)
    if not close then return blocks end
    blocks[#blocks + 1] = text:sub(open, close - 1)
    pos = close + 6
  end
end

-- unwrap(text) -> inner text, metadata | nil, message, position
function M.unwrap(text)
  local blocks = pre_blocks(text)
  for i, body in ipairs(blocks) do blocks[i] = M.decode(strip_tags(body)) end
  if #blocks == 0 then
    return nil, "WikiLeaks page without a <pre> block: no cable text", text:find("<pre", 1, true) or 1
  end
  local meta = metadata(text)
  meta.source = "html"
  return table.concat(blocks, "\n\n"), meta
end

return M
