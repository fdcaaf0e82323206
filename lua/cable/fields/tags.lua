-- TAGS lines ("TAGS: MPOL, MASS, MORG, PGOV, PE"): splits the line into codes,
-- people and run-together codes, and decodes each code for the cable's era
-- from tags.tsv (GB is Gabon in 1974, the United Kingdom in 2024).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"

local P, C = lpeg.P, lpeg.C

local M = {}

-- The keyword and its typing slips: TAGS, TAGE, TGS, TAS, AGS, TAG; optional colon.
M.keyword = pt.sps * C(pt.ci"TAGS" + pt.ci"TAGE" + pt.ci"TGS" + pt.ci"TAS" + pt.ci"AGS" + pt.ci"TAG")
  * -pt.letter * pt.sps * P":" ^ -1

-- One TAGS code: letters and digits (geographic, subject, program, organization).
M.code = (pt.alnum) ^ 2 * -pt.alnum

-- Era preference lists: the first era with a row for the code wins.
local ERAS_1970S = { "1970s", "1974", "1974 (still seen in 2000s cables)", "1970s corpus evidence",
  "2000s", "2022", "2024" }
local ERAS_2000S = { "2000s", "1974 (still seen in 2000s cables)", "2022", "1970s corpus evidence",
  "1974", "1970s", "2024" }
local ERAS_2020S = { "2024", "2022", "2000s", "1974 (still seen in 2000s cables)", "1974",
  "1970s", "1970s corpus evidence" }

local by_code

-- code -> { era -> row } from tags.tsv, built on first use.
local function code_rows()
  if not by_code then
    by_code = {}
    for _, row in ipairs(tables.rows("tags")) do
      local eras = by_code[row.code] or {}
      if eras[row.era] == nil then eras[row.era] = row end
      by_code[row.code] = eras
    end
  end
  return by_code
end

local function eras_for(ctx)
  local year = ctx.year
  if year then
    if year < 1990 then return ERAS_1970S end
    if year < 2015 then return ERAS_2000S end
    return ERAS_2020S
  end
  return ctx.format == "aad" and ERAS_1970S or ERAS_2000S
end

local function lookup(code, eras)
  local rows = code_rows()[code]
  if not rows then return nil end
  for _, era in ipairs(eras) do
    if rows[era] then return rows[era] end
  end
end

-- Kind of a code that tags.tsv does not know (cablemap's rule).
local function guess_kind(code)
  if #code == 2 then
    if code:match("^X%u$") or code:match("^%d%u$") then return "region" end
    if code:match("^%u%u$") then return "geo" end
    return "unknown"
  end
  if code:match("^K%u%u%u$") then return "program" end
  if code:match("^%u[%u%d]+$") then return "organization" end
  return "unknown"
end

local function decode(code, eras)
  local row = lookup(code, eras)
  if row then
    return { code = code, kind = row.kind, name = row.meaning, category = row.category }
  end
  return { code = code, kind = guess_kind(code) }
end

-- "PHUMPREL" -> "PHUM", "PREL" when both halves are known and the whole is not.
local function split_run(code)
  if code_rows()[code] or #code < 4 then return nil end
  for cut = 4, #code - 2 do
    local a, b = code:sub(1, cut), code:sub(cut + 1)
    if code_rows()[a] and code_rows()[b] then return a, b end
  end
  for cut = 2, 3 do
    local a, b = code:sub(1, cut), code:sub(cut + 1)
    if #b >= 2 and code_rows()[a] and code_rows()[b] then return a, b end
  end
end

local function squeeze(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- "(VANCE,CYRUS )" -> "VANCE, CYRUS"
local function person_name(inner)
  local name = squeeze(inner:upper()):gsub("%s*,%s*", ", ")
  return name
end

local function check_args(text, ctx)
  if type(text) ~= "string" then error("tags.parse: text must be a string", 3) end
  if ctx ~= nil and type(ctx) ~= "table" then error("tags.parse: ctx must be a table or nil", 3) end
  ctx = ctx or {}
  if ctx.year ~= nil and math.type(ctx.year) ~= "integer" then
    error("tags.parse: ctx.year must be an integer", 3)
  end
  return ctx
end

-- Adds item to list unless the same code and kind are already there.
local function add(list, seen, item)
  local key = item.kind .. "\0" .. item.code
  if seen[key] then return end
  seen[key] = true
  list[#list + 1] = item
end

-- Splits body (upper case, people removed) into tokens and decodes them.
local function add_codes(list, seen, body, eras, warnings)
  for token in body:gmatch("[^%s,;]+") do
    local code = token:gsub("^[%.%-]+", ""):gsub("[%.%-]+$", "")
    if code == "SIPDIS" then
      warnings[#warnings + 1] = "stray SIPDIS removed"
    elseif code == "N/A" or code == "NA" then
      warnings[#warnings + 1] = "N/A inside TAGS"
    elseif not lpeg.match(M.code * -P(1), code) then
      warnings[#warnings + 1] = "not a TAGS code: " .. string.format("%q", token)
    else
      local a, b = split_run(code)
      if a then
        warnings[#warnings + 1] = "run-together codes split: " .. code
        add(list, seen, decode(a, eras))
        add(list, seen, decode(b, eras))
      else
        add(list, seen, decode(code, eras))
      end
    end
  end
end

-- parse(text, ctx) -> { raw = <text as written>, list = { {code, kind, name,
-- category}, ... }, na = true|nil }, warnings | nil, message
function M.parse(text, ctx)
  ctx = check_args(text, ctx)
  if not text:match("%S") then return nil, "empty TAGS text" end
  local warnings = {}
  local body = text:gsub("\194\182", " "):gsub("\\", " ")
  local keyword, after = lpeg.match(M.keyword * lpeg.Cp(), body)
  if keyword then body = body:sub(after) else warnings[#warnings + 1] = "no TAGS keyword" end
  body = body:upper()
  if squeeze(body) == "N/A" or squeeze(body) == "NONE" then
    return { raw = text, list = {}, na = true }, warnings
  end
  local list, seen, eras = {}, {}, eras_for(ctx)
  local pos = 1
  while true do
    local from, to = body:find("%b()", pos)
    add_codes(list, seen, body:sub(pos, (from or 0) - 1), eras, warnings)
    if not from then break end
    local inner = body:sub(from + 1, to - 1)
    if inner:find(",") then  -- a person: "(VANCE, CYRUS)"
      local name = person_name(inner)
      add(list, seen, { code = name, kind = "person", name = name })
    else
      add_codes(list, seen, inner, eras, warnings)
    end
    pos = to + 1
  end
  if #list == 0 then return nil, "no TAGS code in " .. string.format("%q", text:sub(1, 60)) end
  return { raw = text, list = list }, warnings
end

return M
