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

-- Attribute values come back cable after cable ("TEXT ON-LINE, ON
-- MICROFILM", "01 jan 1960"): f(raw) is kept for the short ones, so that
-- a long value never stays in memory.
local function remembered(f)
  local cached = pt.cached(f, 2000)
  return function(raw)
    if #raw > 200 then return f(raw) end
    return cached(raw)
  end
end

-- A list is split once; every call gives a fresh copy of it, so that no
-- two records share a table.
local function copied(split)
  local cached = remembered(split)
  return function(raw)
    local list, out = cached(raw), {}
    for i = 1, #list do out[i] = list[i] end
    return out
  end
end

local to_list = copied(function(raw)
  local out = {}
  for _, item in ipairs(list_grammar:match(raw)) do
    item = trim(item)
    if item ~= "" then out[#out + 1] = item end
  end
  return out
end)

local to_words = copied(function(raw)
  local out = {}
  for word in raw:gmatch("%S+") do out[#out + 1] = word end
  return out
end)

local function to_integer(raw)
  local digits = trim(raw):match("^(%d+)%.?0*$")
  local n = digits and math.tointeger(tonumber(digits))
  if not n then return nil, "not an integer: " .. pt.quote(raw) end
  return n
end

-- Dates and integers are strings and numbers, kept as they are.
local converters = {
  date = remembered(function(raw) return to_date(raw, date_named) end),
  date_dmy = remembered(function(raw) return to_date(raw, date_any) end),
  list = to_list,
  words = to_words,
  integer = remembered(to_integer),
}

-- Is raw, trimmed and in capitals, a null token? It can only be when it is
-- blank or its first word starts with N: other values are told by one byte,
-- without a copy of the value.
local find, byte = string.find, string.byte
local UPPER_N, LOWER_N = ("N"):byte(), ("n"):byte()
local function is_null_token(raw)
  local at = find(raw, "%S")
  if not at then return true end
  local b = byte(raw, at)
  return (b == UPPER_N or b == LOWER_N) and NULL_TOKENS[trim(raw):upper()] == true
end

-- The typed value of attribute name (a string) from raw (a string), and
-- the warning when raw does not fit the attribute's type.
local function value_of(name, raw)
  local row = type_of[name]
  if not row then return raw end
  if is_null_token(raw) then return null end
  local convert = converters[row.type]
  if not convert then return raw end
  local value, problem = convert(raw)
  if value == nil then return raw, name .. ": " .. problem end
  return value
end

-- attributes.value(name, raw) -> the typed value of one attribute: null for
-- the null tokens (n/a, N/A, NA, empty) of a known attribute and for the
-- placeholder date 01 jan 1960; "YYYY-MM-DD" for dates; a list of strings for
-- lists and To; an integer for counts and ids; the raw string otherwise.
-- A value that does not fit its type is returned raw, with a warning.
function M.value(name, raw)
  if type(name) ~= "string" then pt.not_a_string(name, "attributes.value") end
  if type(raw) ~= "string" then pt.not_a_string(raw, "attributes.value") end
  return value_of(name, raw)
end

-- attributes.parse(map) -> typed map (same keys), warnings: map is raw
-- attribute name -> raw value string; warnings is a list of messages about
-- values kept raw because they did not fit their type, or nil.
function M.parse(map)
  if type(map) ~= "table" then
    error("attributes.parse: expected a table of strings, got " .. type(map), 2)
  end
  local out, problems = {}, {}
  for name, raw in pairs(map) do
    if type(name) ~= "string" or type(raw) ~= "string" then
      error("attributes.parse: attribute " .. tostring(name) .. " must map a string to a string", 2)
    end
    local value, warning = value_of(name, raw)
    out[name] = value
    if warning then problems[name] = warning end
  end
  -- warnings in a fixed order: by attribute name (few values misfit, so
  -- only their names are sorted)
  local names = {}
  for name in pairs(problems) do names[#names + 1] = name end
  if #names == 0 then return out, nil end
  table.sort(names)
  local warnings = {}
  for i, name in ipairs(names) do warnings[i] = problems[name] end
  return out, warnings
end

return M
