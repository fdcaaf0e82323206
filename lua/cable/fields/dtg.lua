-- Date-time groups and the other date styles found in cables: the DTG
-- "312244Z JAN 78" (with AAD's injected blanks), the ACP-127 Julian group
-- "0731503" and numeric dates such as "3/13/2018" or "12-31-74".
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"

local P, S, C = lpeg.P, lpeg.S, lpeg.C
local digit, sps = pt.digit, pt.sps

local M = {}

local MONTHS = {
  "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE",
  "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER",
}

-- Month spellings accepted, upper case -> month number: full names, the
-- 3-letter abbreviations and SEPT.
local month_of = { SEPT = 9 }
for i, name in ipairs(MONTHS) do
  month_of[name] = i
  month_of[name:sub(1, 3)] = i
end

-- A case-insensitive word whose letters may be separated by blanks: its
-- first letter, then each other letter with the blanks before it (made once
-- per letter: the names share them).
local blanks_then = {}
local function ci_spaced(word)
  local out = pt.ci(word:sub(1, 1))
  for i = 2, #word do
    local ch = word:sub(i, i)
    blanks_then[ch] = blanks_then[ch] or sps * pt.ci(ch)
    out = out * blanks_then[ch]
  end
  return out
end

-- Any month spelling, longest first so that "MARCH" is not read as "MAR".
local function month_pattern()
  local names = {}
  for name in pairs(month_of) do names[#names + 1] = name end
  table.sort(names, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  local out = P(false)
  for _, name in ipairs(names) do out = out + ci_spaced(name) end
  return out * -pt.letter
end

local pair = digit * sps * digit              -- two digits, maybe split by blanks
local year = digit * digit * digit * digit * -digit + pair * -digit
local month = month_pattern()

-- The DTG with captures: day, hour, minute, month, year (blanks included).
local dtg_captures = C(pair) * sps * C(pair) * sps * C(pair) * sps * S"Zz"
  * sps * C(month) * sps * C(year)

-- Recognises a DTG at the current position, blanks inside tokens allowed.
M.pattern = dtg_captures / 0

local trim_blank = S" \t\r\n" ^ 0

local trim = require("cable.trim").both

-- The number written in s, whose digits may have blanks between them.
local function number(s)
  return tonumber(s) or tonumber((s:gsub("%s", "")))
end

-- Two digits, maybe split by blanks, captured as their number: "07" by a
-- table lookup inside the match (the table fills itself on first use of a
-- pair: a hundred keys at most), a pair split by blanks ("0 7", rare) by
-- number().
local PAIR_VALUE = setmetatable({}, { __index = function(values, digits)
  local value = tonumber(digits)
  values[digits] = value
  return value
end })
local pair_value = digit * digit / PAIR_VALUE + pair / number

-- A whole DTG, blanks around it allowed: day, hour and minute as numbers,
-- month and year as written.
local whole_dtg = trim_blank * pair_value * sps * pair_value * sps * pair_value * sps * S"Zz"
  * sps * C(month) * sps * C(year) * trim_blank * -1

-- Two-digit years by era: 66-99 -> 1966-1999, 00-65 -> 2000-2065.
-- Two-digit years by era: 66-99 are 19xx, 00-65 are 20xx. With the citing
-- cable's year (a reference "62 STATE 1234" in a 1978 cable), the century
-- that puts the year at most one year after the citing one.
function M.expand_year(y, context_year)
  if y >= 100 then return y end
  if context_year then
    local year = context_year - context_year % 100 + y
    if year > context_year + 1 then year = year - 100 end
    return year
  end
  return y >= 66 and 1900 + y or 2000 + y
end

-- Month number (1-12) of a month name or abbreviation in any case, or nil.
function M.month_number(name)
  if type(name) ~= "string" then pt.not_a_string(name, "dtg.month_number") end
  local up = name:upper()
  return month_of[up] or month_of[up:gsub("[%s%.]", "")]
end

local function is_leap(y)
  return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)
end

local function days_in(y, m)
  if m == 2 then return is_leap(y) and 29 or 28 end
  return (m == 4 or m == 6 or m == 9 or m == 11) and 30 or 31
end

-- "YYYY-MM-DD" of a date given as the integer y * 10000 + m * 100 + d (a
-- year from 0 to 9999), kept per date: cables name the same days again and
-- again.
local iso_of = pt.cached(function(key)
  return string.format("%04d-%02d-%02d", key // 10000, key // 100 % 100, key % 100)
end, 10000)

-- What is wrong with a calendar date, or nil.
local function date_problem(y, m, d)
  if m < 1 or m > 12 then return "month " .. m .. " does not exist" end
  if d < 1 or d > days_in(y, m) then
    return string.format("day %d does not exist in %s %d", d, MONTHS[m], y)
  end
end

-- ISO "YYYY-MM-DD" for a calendar date, or nil and what is wrong with it.
function M.iso_date(y, m, d)
  local problem = date_problem(y, m, d)
  if problem then return nil, problem end
  local key = y * 10000 + m * 100 + d
  if math.type(key) == "integer" and y >= 0 and y <= 9999 then return (iso_of(key)) end
  return string.format("%04d-%02d-%02d", y, m, d)
end

-- "00" to "59" by number, for the hour and minute of a time; each made on
-- first use.
local TWO_DIGITS = setmetatable({}, { __index = function(texts, n)
  local text = string.format("%02d", n)
  texts[n] = text
  return text
end })

local function time_problem(hour, minute)
  if hour > 23 then return "hour " .. hour .. " does not exist" end
  if minute > 59 then return "minute " .. minute .. " does not exist" end
end

-- dtg.parse(text) -> { text = <trimmed>, iso = "YYYY-MM-DDTHH:MM:00Z" }
-- For a well-formed but impossible group: { text = ..., iso = nil }, warning.
-- For anything else: nil, message.
function M.parse(text)
  if type(text) ~= "string" then pt.not_a_string(text, "dtg.parse") end
  local day, hour, minute, mon, yy = whole_dtg:match(text)
  if not day then return nil, "not a date-time group: " .. pt.quote(text) end
  local y, m = M.expand_year(number(yy)), month_of[mon] or M.month_number(mon)
  local problem = date_problem(y, m, day) or time_problem(hour, minute)
  if problem then
    local shown = trim(text)
    return { text = shown }, "impossible date-time group: " .. problem .. " in " .. pt.quote(shown)
  end
  -- a year of at most four digits: the date is kept per day (iso_date's cache)
  return { text = trim(text),
    iso = iso_of(y * 10000 + m * 100 + day) .. "T" .. TWO_DIGITS[hour] .. ":" .. TWO_DIGITS[minute] .. ":00Z" }
end

local julian_captures = trim_blank * C(digit * digit * digit) * C(digit * digit)
  * C(digit * digit) * trim_blank * -1

local function check_year(year, where)
  if year ~= nil and math.type(year) ~= "integer" then
    error(where .. ": year must be an integer or nil, got " .. type(year), 3)
  end
end

-- Calendar month and day of day-of-year n in year y (n already in range).
local function from_day_of_year(y, n)
  local m = 1
  while n > days_in(y, m) do
    n = n - days_in(y, m)
    m = m + 1
  end
  return m, n
end

-- dtg.julian(text, year) -> "YYYY-MM-DDTHH:MM:00Z" for an ACP-127 JJJHHMM
-- group; year is the 4-digit (or 2-digit) year, which the group lacks.
-- nil, message when the text is not such a group, the year is nil, or the
-- day, hour or minute does not exist.
function M.julian(text, year)
  if type(text) ~= "string" then pt.not_a_string(text, "dtg.julian") end
  check_year(year, "dtg.julian")
  local jjj, hh, mi = julian_captures:match(text)
  if not jjj then return nil, "not a Julian day-time group: " .. pt.quote(text) end
  if not year then return nil, "a Julian day-time group needs the year" end
  local y, n = M.expand_year(year), tonumber(jjj)
  local problem = time_problem(tonumber(hh), tonumber(mi))
  if n < 1 or n > (is_leap(y) and 366 or 365) then
    problem = "day " .. n .. " does not exist in " .. y
  end
  if problem then return nil, "impossible Julian day-time group: " .. problem end
  local m, d = from_day_of_year(y, n)
  return string.format("%04d-%02d-%02dT%s:%s:00Z", y, m, d, hh, mi)
end

local sep = S"/-"
local one_or_two = digit * digit ^ -1
local ymd = C(digit * digit * digit * digit) * sep * C(one_or_two) * sep * C(one_or_two)
local mdy = C(one_or_two) * sep * C(one_or_two) * sep
  * C(digit * digit * digit * digit + digit * digit)
local numeric_date = trim_blank * (ymd * -digit * lpeg.Cc"ymd" + mdy * lpeg.Cc"mdy")
  * trim_blank * -1

-- dtg.date(text) -> "YYYY-MM-DD" for "3/13/2018", "03/13/2018", "2019/12/31",
-- "12-31-74", "11/29/10": month/day/year unless the first part has 4 digits
-- (then year/month/day); 2-digit years by era. nil, message otherwise.
function M.date(text)
  if type(text) ~= "string" then pt.not_a_string(text, "dtg.date") end
  local a, b, c, order = numeric_date:match(text)
  if not a then return nil, "not a numeric date: " .. pt.quote(text) end
  local y, m, d
  if order == "ymd" then
    y, m, d = tonumber(a), tonumber(b), tonumber(c)
  else
    y, m, d = M.expand_year(tonumber(c)), tonumber(a), tonumber(b)
  end
  local iso, problem = M.iso_date(y, m, d)
  if not iso then return nil, "impossible date " .. pt.quote(trim(text)) .. ": " .. problem end
  return iso
end

return M
