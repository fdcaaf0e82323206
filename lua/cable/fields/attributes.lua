-- The AAD "Message Attributes" block: turns raw `Key: value` strings into
-- typed values (ISO dates, lists, integers, null). Which attribute has which
-- type is read from data/attribute_types.tsv; unknown attributes stay raw.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"
local dtg = require "cable.fields.dtg"
local null = require "cable.null"

local P, S, C, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Ct
local digit, sp1, sps, ci = pt.digit, pt.sp1, pt.sps, pt.ci

local M = {}

local NULL_TOKENS = { [""] = true, ["N/A"] = true, NA = true }
local PLACEHOLDER_DATE = "1960-01-01"

local type_of = tables.index("attribute_types", "attribute")

-- attributes.type_of(name) -> "date", "date_dmy", "list", "words",
-- "integer" or "text" for a known attribute name, nil for an unknown one.
function M.type_of(name)
  if type(name) ~= "string" then pt.not_a_string(name, "attributes.type_of") end
  local row = type_of[name]
  return row and row.type
end

local trim = require("cable.trim").both

-- Dates: "01 jan 1994", "01-Jan-1994 12:00:00 am", "06-SEP-07", and for
-- date_dmy also "31/12/2019". Captures day, month name or number, year, time.
local one_or_two = digit * digit ^ -1
local year = C(digit * digit * digit * digit + digit * digit) * -digit
local clock = C(one_or_two * P":" * digit * digit * P":" * digit * digit
  * (sps * (ci"am" + ci"pm")) ^ -1)
local named = C(one_or_two) * (sp1 + P"-") * C(pt.letter ^ 3) * (sp1 + P"-") * year
  * (sp1 * clock) ^ -1
local numeric_dmy = C(one_or_two) * P"/" * C(one_or_two) * P"/" * year
local blanks = S" \t\r\n" ^ 0
local date_named = blanks * named * blanks * -1
local date_any = blanks * (named + numeric_dmy) * blanks * -1

local function is_midnight(time)
  local h, m, s = time:match("^(%d+):(%d%d):(%d%d)")
  local half = time:match("[AaPp][Mm]$")
  if m ~= "00" or s ~= "00" then return false end
  h = tonumber(h)
  if half then return h == 12 and half:lower() == "am" end
  return h == 0
end

local function to_date(raw, grammar)
  local d, m, y, time = grammar:match(raw)
  if not d then return nil, "not a date: " .. pt.quote(raw) end
  if time and not is_midnight(time) then
    return nil, "date with a time other than midnight: " .. pt.quote(raw)
  end
  local month = tonumber(m) or dtg.month_number(m)
  if not month then return nil, "unknown month in date: " .. pt.quote(raw) end
  local iso, problem = dtg.iso_date(dtg.expand_year(tonumber(y)), month, tonumber(d))
  if not iso then return nil, "impossible date " .. pt.quote(raw) .. ": " .. problem end
  if iso == PLACEHOLDER_DATE then return null end
  return iso
end

-- Lists split at commas and semicolons outside parentheses, so that a person
-- TAG "(KISSINGER, HENRY A.)" stays one element.
local parens = P"(" * (1 - P")") ^ 0 * P")" ^ -1
local element = C((parens + (1 - S",;(")) ^ 0)
local list_grammar = Ct(element * (S",;" * element) ^ 0)

local function to_list(raw)
  local out = {}
  for _, item in ipairs(list_grammar:match(raw)) do
    item = trim(item)
    if item ~= "" then out[#out + 1] = item end
  end
  return out
end

local function to_words(raw)
  local out = {}
  for word in raw:gmatch("%S+") do out[#out + 1] = word end
  return out
end

local function to_integer(raw)
  local digits = trim(raw):match("^(%d+)%.?0*$")
  local n = digits and math.tointeger(tonumber(digits))
  if not n then return nil, "not an integer: " .. pt.quote(raw) end
  return n
end

local converters = {
  date = function(raw) return to_date(raw, date_named) end,
  date_dmy = function(raw) return to_date(raw, date_any) end,
  list = to_list,
  words = to_words,
  integer = to_integer,
}

-- attributes.value(name, raw) -> the typed value of one attribute: null for
-- the null tokens (n/a, N/A, NA, empty) of a known attribute and for the
-- placeholder date 01 jan 1960; "YYYY-MM-DD" for dates; a list of strings for
-- lists and To; an integer for counts and ids; the raw string otherwise.
-- A value that does not fit its type is returned raw, with a warning.
function M.value(name, raw)
  if type(name) ~= "string" then pt.not_a_string(name, "attributes.value") end
  if type(raw) ~= "string" then pt.not_a_string(raw, "attributes.value") end
  local kind = M.type_of(name)
  if not kind then return raw end
  if NULL_TOKENS[trim(raw):upper()] then return null end
  local convert = converters[kind]
  if not convert then return raw end
  local value, problem = convert(raw)
  if value == nil then return raw, name .. ": " .. problem end
  return value
end

-- attributes.parse(map) -> typed map (same keys), warnings: map is raw
-- attribute name -> raw value string; warnings is a list of messages about
-- values kept raw because they did not fit their type, or nil.
function M.parse(map)
  if type(map) ~= "table" then
    error("attributes.parse: expected a table of strings, got " .. type(map), 2)
  end
  local names = {}
  for name, raw in pairs(map) do
    if type(name) ~= "string" or type(raw) ~= "string" then
      error("attributes.parse: attribute " .. tostring(name) .. " must map a string to a string", 2)
    end
    names[#names + 1] = name
  end
  table.sort(names)  -- warnings in a fixed order
  local out, warnings = {}, {}
  for _, name in ipairs(names) do
    local raw = map[name]
    local value, warning = M.value(name, raw)
    out[name] = value
    warnings[#warnings + 1] = warning
  end
  return out, (#warnings > 0 and warnings or nil)
end

return M
