-- One row of WikiLeaks' cables.csv: eight quoted columns (sequence number,
-- created "M/D/YYYY HH:MM", reference id, origin, classification,
-- references, header, body). Quotes inside a field are doubled ("") or,
-- as in the published file, escaped with a backslash (\").
local lpeg = rawget(_G, "lpeg") or require "lpeg"

local trim = require "cable.trim"

local P, S, C, Cs, Ct, Cp = lpeg.P, lpeg.S, lpeg.C, lpeg.Cs, lpeg.Ct, lpeg.Cp

local M = {}

-- A run of plain bytes is taken whole: trying the escapes at every byte of
-- a 5 KB body cost ~600K instructions.
local plain = (1 - S'"\\') ^ 1
local quoted = P'"' * Cs((plain + (P'""' + P'\\"') / '"' + (1 - P'"')) ^ 0) * P'"'
local bare = C((1 - S',\n"') ^ 0)
local row = Ct((quoted + bare) * (P"," * (quoted + bare)) ^ 0) * S" \t\r" ^ 0 * P"\n" ^ -1 * Cp()

local NAMES = { "seq", "created", "id", "origin", "classification", "references", "header", "body" }

-- A row starts with the quoted sequence number and created date.
local start = S" \t\n" ^ 0 * P'"' * lpeg.R"09" ^ 1 * P'","' * lpeg.R"09" ^ 1 * P"/"

local QUOTE_OR_WHITE = { [34] = true, [32] = true, [9] = true, [10] = true }

function M.is(text)
  -- (most texts start with neither: a byte look instead of a match)
  return QUOTE_OR_WHITE[string.byte(text, 1)] == true and lpeg.match(start, text) ~= nil
end

-- "12/28/1966 18:48" -> "1966-12-28 18:48"; nil for another form (at most
-- two digits a part: longer runs are no date, and no integer for format)
local function iso(created)
  local m, d, y, hh, mm = created:match("^(%d%d?)/(%d%d?)/(%d%d%d%d)%s+(%d%d?):(%d%d?)$")
  if not m then return nil end
  return string.format("%04d-%02d-%02d %02d:%02d", y, m, d, hh, mm)
end

-- unwrap(text) -> header .. blank line .. body, metadata | nil, message, position
function M.unwrap(text)
  local first = text:find("%S") or 1
  local fields, after = lpeg.match(row, text, first)
  if not fields or #fields ~= #NAMES then
    return nil, "cables.csv row: expected 8 quoted columns, found " .. (fields and #fields or 0), first
  end
  local meta = { source = "csv" }
  for i, name in ipairs(NAMES) do meta[name] = fields[i] end
  local header, body = meta.header, meta.body
  meta.header, meta.body = nil, nil
  meta.date = iso(meta.created) or meta.created
  local refs = {}
  for r in meta.references:gmatch("[^|,%s]+") do refs[#refs + 1] = r end
  meta.references = refs
  if text:find("%S", after) then
    meta.rest = text:sub(after)
  end
  return trim.right(header) .. "\n\n" .. body, meta
end

return M
