-- The WikiLeaks cable viewer page (cablegate, 2010-11): the cable is held in
-- two <pre> blocks (header, body) whose line breaks are written &#x000A;, with
-- <a> tags around tags and paragraph signs; a table gives the archive's own
-- metadata (reference id, created, released, classification, origin).
-- The page is read with plain finds and LPeg passes: gsub and gmatch try
-- their pattern at every byte, which cost ~1.5 ms a page.
local lpeg = rawget(_G, "lpeg") or require "lpeg"

local P, R, S, C, Cs = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cs

local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = "\194\160" }

local function char(n)
  if n and n >= 0 and n <= 0x10FFFF and not (n >= 0xD800 and n <= 0xDFFF) then return utf8.char(n) end
end

-- One reference: kind ("", "#", "x", "#x" ...) and body; nothing (the
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
  if out then return out end
end

-- Everything but pat, then pat replaced, over the whole subject; first is
-- the byte pat starts with, so that the rest is skipped in spans.
local function replace_all(pat, first)
  return Cs(((1 - P(first)) ^ 1 + pat + 1) ^ 0)
end

-- A character reference as "&(#?[xX]?)(%w+);" reads it: the x belongs to
-- the kind only when letters or digits follow it.
local alnum = R("az", "AZ", "09")
local REFERENCE = replace_all((P"&" * C(P"#" ^ -1 * S"xX") * C(alnum ^ 1) * P";"
  + P"&" * C(P"#" ^ -1) * C(alnum ^ 1) * P";") / reference, "&")

-- Decodes character references (&#x000A;, &#x2019;, &#8217;, &amp;); a
-- malformed one is kept as written.
function M.decode(s)
  return lpeg.match(REFERENCE, s)
end

-- Markup inside a <pre> block: the tags go, their text stays. <a ...> tags
-- go first, then <b> and <i> (as two passes: dropping the first may make
-- the second).
local A_TAG = replace_all(P"<" * P"/" ^ -1 * S"aA" * #S" \t\n\v\f\r>" * (1 - P">") ^ 0 * P">" / "", "<")
local BI_TAG = replace_all(P"<" * P"/" ^ -1 * S"bBiI" * P">" / "", "<")

local function strip_tags(s)
  return lpeg.match(BI_TAG, lpeg.match(A_TAG, s))
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

-- The text between open (a literal) and the first close after it, from
-- position init: the content and the position after close; nil if none.
local function between(text, open, close, init)
  local at = text:find(open, init, true)
  if not at then return nil end
  local stop = text:find(close, at + #open, true)
  if not stop then return nil end
  return text:sub(at + #open, stop - 1), stop + #close
end

-- The metadata table: <th> names in order, then the <td> cells of the next row.
local function metadata(text)
  local tbl = between(text, "<table class='cable'>", "</table>", 1)
    or between(text, '<table class="cable">', "</table>", 1)
  if not tbl then return {} end
  local names, out, i = {}, {}, 0
  for th in tbl:gmatch("<th>(.-)</th>") do names[#names + 1] = th:lower() end
  for td in tbl:gmatch("<td>(.-)</td>") do
    i = i + 1
    local key = KEYS[names[i] or ""]
    if key then out[key] = require("cable.trim").both(M.decode(strip_tags(td))) end
  end
  return out
end

-- The <pre> blocks of text, as "<pre[^>]*>(.-)</pre>" finds them.
local function pre_blocks(text)
  local blocks, pos = {}, 1
  while true do
    local at = text:find("<pre", pos, true)
    local open = at and text:match("^[^>]*>()", at + 4)
    local close = open and text:find("</pre>", open, true)
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
