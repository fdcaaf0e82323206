-- The WikiLeaks cable viewer page (cablegate, 2010-11): the cable is held in
-- two <pre> blocks (header, body) whose line breaks are written &#x000A;, with
-- <a> tags around tags and paragraph signs; a table gives the archive's own
-- metadata (reference id, created, released, classification, origin).
local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = "\194\160" }

local function char(n)
  if n and n >= 0 and n <= 0x10FFFF and not (n >= 0xD800 and n <= 0xDFFF) then return utf8.char(n) end
end

-- Decodes character references (&#x000A;, &#x2019;, &#8217;, &amp;); a
-- malformed one is kept as written.
function M.decode(s)
  return (s:gsub("&(#?[xX]?)(%w+);", function(kind, body)
    if kind == "" then return NAMED[body] end
    if kind:find("[xX]") then return char(tonumber(body, 16)) end
    if kind == "#" then return char(tonumber(body)) end
  end))
end

-- Markup inside a <pre> block: the tags go, their text stays.
local function strip_tags(s)
  return (s:gsub("</?[aA]%f[%s>][^>]*>", ""):gsub("</?[bBiI]>", ""))
end

-- An HTML page (the cable itself is looked for by unwrap).
function M.is(text)
  local head = text:sub(1, 2048):lower()
  return (head:find("<html", 1, true) or head:find("<!doctype html", 1, true)) ~= nil
end

local KEYS = {
  ["reference id"] = "id", created = "date", released = "released",
  classification = "classification", origin = "origin",
}

-- The metadata table: <th> names in order, then the <td> cells of the next row.
local function metadata(text)
  local tbl = text:match("<table class='cable'>(.-)</table>") or text:match('<table class="cable">(.-)</table>')
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

-- unwrap(text) -> inner text, metadata | nil, message, position
function M.unwrap(text)
  local blocks = {}
  for body in text:gmatch("<pre[^>]*>(.-)</pre>") do
    blocks[#blocks + 1] = M.decode(strip_tags(body))
  end
  if #blocks == 0 then
    return nil, "WikiLeaks page without a <pre> block: no cable text", text:find("<pre", 1, true) or 1
  end
  local meta = metadata(text)
  meta.source = "html"
  return table.concat(blocks, "\n\n"), meta
end

return M
