-- The year of a cable whose text has no date-time group, from what the text
-- says elsewhere. Bounds: the E.O.'s era (12958 from 1995), reasons "1.4" in
-- Classified By (the 2003 amendment; posts kept writing "1.5" after it, so
-- that bounds nothing), a reference with a written year (older or of the same
-- year), a declassification date (at least five years later). Inside them
-- each year is scored: a weekday with its date ("Tuesday, April 12") fits
-- few years (3 points a date), the declassification date is most often ten
-- years after the cable (2 points), a date written in full ("February 18,
-- 2004", "18 Feb 04") names its year (1 point each).
local year_evidence = {}

local FIRST, LAST = 1966, 2010   -- the years Cablegate covers

-- Era of each E.O.: the years a cable citing it can have.
local ORDERS = {
  ["11652"] = { 1972, 1978 }, ["12065"] = { 1978, 1982 }, ["12356"] = { 1982, 1995 },
  ["12958"] = { 1995, 2010 }, ["13526"] = { 2009, 2010 },
}

local MONTHS = {
  JAN = 1, FEB = 2, MAR = 3, APR = 4, MAY = 5, JUN = 6, JUL = 7, AUG = 8, SEP = 9, SEPT = 9,
  OCT = 10, NOV = 11, DEC = 12,
}
local DAYS = { SUNDAY = 0, MONDAY = 1, TUESDAY = 2, WEDNESDAY = 3, THURSDAY = 4, FRIDAY = 5, SATURDAY = 6 }

-- A month name or its three-letter abbreviation (upper case) -> 1..12.
local FULL_MONTHS = { "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
  "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER" }
local function month_of(word)
  if #word >= 3 and MONTHS[word:sub(1, 3)] then
    local full = FULL_MONTHS[MONTHS[word:sub(1, 3)]]
    if full:sub(1, #word) == word or word == "SEPT" then return MONTHS[word:sub(1, 3)] end
  end
  return nil
end

-- Day of the week (0 = Sunday) of a Gregorian date.
local OFFSETS = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 }
local function weekday(y, m, d)
  if m < 3 then y = y - 1 end
  return (y + y // 4 - y // 100 + y // 400 + OFFSETS[m] + d) % 7
end

local function valid_day(d) return d and d >= 1 and d <= 31 end

-- The four date shapes: "TUESDAY, APRIL 12", "TUESDAY 12 APRIL",
-- "FEBRUARY 18, 2004", "18 FEB 04". Each is read at every place it can
-- start, left to right, none inside the one before (as a scan of the whole
-- text would read them).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S, C, Ct, B, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Ct, lpeg.B, lpeg.Cp
local U, D, SPACE = R"AZ", R"09", S" \t\n\v\f\r"
local DAY_NAMES = { "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY" }
local day_name = P(false)
for _, name in ipairs(DAY_NAMES) do day_name = day_name + P(name) end
local gap = SPACE ^ 1
local one_or_two = C(D * D ^ -1)
-- A shape read at one place: its captures in a table, then where it ends.
local function at(shape) return Ct(shape) * Cp() end
local WEEKDAY_MONTH_DAY = at(-B(U) * C(day_name) * P"," ^ -1 * gap * P"(" ^ -1 * C(U ^ 1)
  * P"." ^ -1 * gap * one_or_two * -D)
local WEEKDAY_DAY_MONTH = at(-B(U) * C(day_name) * P"," ^ -1 * gap * P"(" ^ -1 * one_or_two
  * gap * C(U ^ 1) * -U)
-- A word that starts like a month (month_of decides).
local ABBREVIATIONS = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" }
local month_like = P(false)
for _, abbrev in ipairs(ABBREVIATIONS) do month_like = month_like + P(abbrev) end
month_like = month_like * U ^ 0
local MONTH_DAY_YEAR = at(-B(U) * C(month_like) * P"." ^ -1 * gap * one_or_two * P"," ^ -1 * gap
  * C(D * D * D * D) * -D)
-- The day and year of "FEBRUARY 18, 2004", from the day's digits (after
-- white space).
local DAY_THEN_YEAR = B(SPACE) * D * D ^ -1 * P"," ^ -1 * gap * D * D * D * D * -D
-- "18 FEB 04" starts at a number: one LPeg scan spans the other bytes, and
-- the digits of a number that is no start. Each match also gives where its
-- year stands. The same scan gives where a day and year of the shape above
-- start (numbers are far fewer than month abbreviations).
local DATE_NUMBERS = Ct(((1 - D) ^ 1 + Ct(-B(D) * one_or_two * gap * C(U ^ 1) * P"." ^ -1 * P"," ^ -1 * gap
  * Cp() * C(D * D * D ^ -1 * D ^ -1) * -D) + Cp() * #DAY_THEN_YEAR * D ^ 1 + D ^ 1) ^ 0)

local find, match, byte, sub = string.find, lpeg.match, string.byte, string.sub
local UPPER_BYTE, SPACE_BYTE = {}, require("cable.trim").space_bytes
for b = 65, 90 do UPPER_BYTE[b] = true end

-- Where in up the day names stand (not inside a word), in order: found from
-- the DAY that ends each, by one plain search (a plain search for each name
-- stops at every S, M, T, W and F of the text; an LPeg scan at every word).
local NAME_BY_TAIL = {}  -- the three letters before DAY -> day name
for _, name in ipairs(DAY_NAMES) do NAME_BY_TAIL[name:sub(-6, -4)] = name end
local function day_name_places(up)
  local starts = {}
  local day = find(up, "DAY", 4, true)
  while day do
    local name = NAME_BY_TAIL[sub(up, day - 3, day - 1)]
    local start = name and day + 3 - #name
    if start and start >= 1 and sub(up, start, day + 2) == name and not UPPER_BYTE[byte(up, start - 1)] then
      starts[#starts + 1] = start
    end
    day = find(up, "DAY", day + 3, true)
  end
  return starts
end

-- Where the word before the day of a month-day-year date starts, given
-- where the day starts: back over the white space, a stop, and the
-- capitals; nil when no capital stands there.
local function word_before(up, day)
  local i = day - 1
  while SPACE_BYTE[byte(up, i)] do i = i - 1 end
  if byte(up, i) == 46 then i = i - 1 end  -- .
  if not UPPER_BYTE[byte(up, i)] then return nil end
  while UPPER_BYTE[byte(up, i - 1)] do i = i - 1 end
  return i
end

-- Every match of shape (made by `at`) in up that starts at one of the
-- places `starts`, left to right, none inside the one before.
local function matches(up, shape, starts)
  local out, free = {}, 1
  for _, start in ipairs(starts) do
    if start >= free then
      local m, stop = match(shape, up, start)
      if m then
        out[#out + 1] = m
        free = stop
      end
    end
  end
  return out
end

-- Dates the text writes: weekday mentions {wday, month, day} and full
-- dates' years.
local function written_dates(up)
  local weekdays, years = {}, {}
  local day_names = day_name_places(up)
  for _, m in ipairs(matches(up, WEEKDAY_MONTH_DAY, day_names)) do
    local month, d = month_of(m[2]), tonumber(m[3])
    if month and valid_day(d) then weekdays[#weekdays + 1] = { DAYS[m[1]], month, d } end
  end
  for _, m in ipairs(matches(up, WEEKDAY_DAY_MONTH, day_names)) do
    local month, d = month_of(m[3]), tonumber(m[2])
    if month and valid_day(d) then weekdays[#weekdays + 1] = { DAYS[m[1]], month, d } end
  end
  -- day-month-year dates; where month-day-year ones may start
  local month_words, day_month_years = {}, {}
  for _, m in ipairs(match(DATE_NUMBERS, up)) do
    local day = m
    if type(m) == "table" then
      day_month_years[#day_month_years + 1] = m
      -- its year may be the day of a month-day-year date ("18 FEB 04, 2004")
      day = match(DAY_THEN_YEAR, up, m[3]) and m[3]
    end
    local start = day and word_before(up, day)
    if start then month_words[#month_words + 1] = start end
  end
  for _, m in ipairs(matches(up, MONTH_DAY_YEAR, month_words)) do
    if month_of(m[1]) and valid_day(tonumber(m[2])) then years[#years + 1] = tonumber(m[3]) end
  end
  for _, m in ipairs(day_month_years) do
    local day, month, year = m[1], m[2], m[4]
    local y = tonumber(year)
    if #year == 2 then y = y + (y >= 66 and 1900 or 2000) end
    if month_of(month) and valid_day(tonumber(day)) and (#year == 2 or #year == 4) then years[#years + 1] = y end
  end
  return weekdays, years
end

-- Bounds of the cable's year from the E.O., Classified By and references.
local function bounds(rec)
  local lo, hi = FIRST, LAST
  local eo = type(rec.eo) == "table" and rec.eo or {}
  local era = ORDERS[eo.order or ""]
  if era then lo, hi = era[1], era[2] end
  local cls = type(rec.classified_by) == "table" and rec.classified_by.reasons or {}
  if eo.order == "12958" and cls[1] and cls[1]:find("^1%.4") then lo = math.max(lo, 2003) end
  for _, r in ipairs(type(rec.references) == "table" and rec.references or {}) do
    if type(r) == "table" and r.year and type(r.text) == "string" and r.text:find("^%s*%d%d")
      and r.year <= LAST then
      lo = math.max(lo, r.year)
    end
  end
  local decl = eo.declassify and tonumber(eo.declassify:match("^(%d%d%d%d)"))
  if decl and decl - 5 >= lo then hi = math.min(hi, decl - 5) end
  return lo, math.max(lo, hi), decl
end

-- year_evidence.year(rec, text) -> year or nil; text is where dates are
-- looked for (subject and body).
function year_evidence.year(rec, text)
  local lo, hi, decl = bounds(rec)
  local weekdays, years = written_dates(text:upper())
  local named = {}  -- year -> how many full dates name it
  for i = 1, #years do
    local y = years[i]
    named[y] = (named[y] or 0) + 1
  end
  local best, best_score = nil, 0
  for y = lo, hi do
    local score = ((decl and decl - 10 == y) and 2 or 0) + (named[y] or 0)
    for i = 1, #weekdays do
      local w = weekdays[i]
      if weekday(y, w[2], w[3]) == w[1] then score = score + 3 end
    end
    if score > best_score then best, best_score = y, score end
  end
  if best and (best_score >= 2 or decl) then return best end
  if decl then return math.min(math.max(decl - 10, lo), hi) end
  for _, r in ipairs(type(rec.references) == "table" and rec.references or {}) do
    if type(r) == "table" and r.year == lo then return lo end
  end
  return nil
end

return year_evidence
