-- Writes records as JSON through a well-kept library (dkjson from Debian,
-- else lua-cjson), with a stable key order so that equal records give equal
-- bytes: the record's main fields first, every other key in sorted order.
local json = {}

local RECORD_ORDER = {
  "file", "format", "id", "classification", "precedence", "dtg", "from", "to", "info",
  "xmt", "serial", "eo", "tags", "tags_text", "subject", "subject_display", "references",
  "offices", "paragraphs", "body", "signature", "pages", "attributes", "warnings",
}

local function collect_keys(value, seen, keys)
  if type(value) ~= "table" or seen[value] then return end
  seen[value] = true
  for k, v in pairs(value) do
    if type(k) == "string" and not keys[k] then keys[k] = true end
    collect_keys(v, seen, keys)
  end
end

local function key_order(value)
  local keys = {}
  collect_keys(value, {}, keys)
  local order, placed = {}, {}
  for _, k in ipairs(RECORD_ORDER) do order[#order + 1] = k; placed[k] = true end
  local rest = {}
  for k in pairs(keys) do if not placed[k] then rest[#rest + 1] = k end end
  table.sort(rest)
  for _, k in ipairs(rest) do order[#order + 1] = k end
  return order
end

local ok_dk, dkjson = pcall(require, "dkjson")

-- json.encode(value [, pretty]) -> string, or nil and a message.
function json.encode(value, pretty)
  if ok_dk then
    local ok, out = pcall(dkjson.encode, value, { indent = pretty and true or nil, keyorder = key_order(value) })
    if ok and out then return out end
    return nil, "cannot encode as JSON: " .. tostring(out)
  end
  local ok_c, cjson = pcall(require, "cjson")
  if not ok_c then return nil, "no JSON library: install lua-dkjson or lua-cjson" end
  local null = require "cable.null"
  local function plain(v)
    if v == null then return cjson.null end
    if type(v) ~= "table" then return v end
    local out = {}
    for k, x in pairs(v) do out[k] = plain(x) end
    return out
  end
  local ok, out = pcall(cjson.encode, plain(value))
  if ok then return out end
  return nil, "cannot encode as JSON: " .. tostring(out)
end

json.library = ok_dk and "dkjson" or "cjson"

return json
