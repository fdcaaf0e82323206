-- Canonical cable identifiers: turns a cable id or a cable reference text
-- ("77 STATE 306726", "08TRIPOLI220", "75 LA PAZ 6318") into the archive's own
-- form, AAD ("1977STATE306726") or Cablegate ("77STATE306726"). Damaged
-- WikiLeaks ids ("09SECTION01OF03SANJOSE525", "10EFTOKABUL668") are repaired.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local tables = require "cable.tables"
local pt = require "cable.patterns"
local dtg = require "cable.fields.dtg"

local P, C, Cc, S = lpeg.P, lpeg.C, lpeg.Cc, lpeg.S

local M = {}

local FORMS = { aad = true, cablegate = true }

-- Words glued to or written before a station that are not part of it.
local NOISE_WORDS = {
  "AMEMBASSY", "EMBASSY", "AMCONSUL", "CONSULATE", "USMISSION",
  "AMCONGEN", "EFTO", "NOFORN",
}

local squeeze = require("cable.trim").squeeze

-- Lookup key of a name: upper case, without blanks, hyphens, dots and
-- apostrophes (PORT-AU-PRINCE, ST. PETERSBURG).
-- (Most keys of the tables are written so already: they are not copied.)
local dropped = S" \t\n\v\f\r-.'"
local WITHOUT_DROPPED = lpeg.Cs(((1 - dropped) ^ 1 + dropped ^ 1 / "") ^ 0)
local AS_KEY = (1 - dropped - pt.lower) ^ 0 * -P(1)
local function nospace(s)
  if lpeg.match(AS_KEY, s) then return s end
  return lpeg.match(WITHOUT_DROPPED, s:upper())
end

-- Station lookup tables, built on first use: key (upper case, no blanks) ->
-- full post name with its blanks; full name -> Cablegate station when the
-- Cablegate spelling is not simply the name without blanks.
local full_of, cablegate_of

local function add(key, full)
  key = nospace(key)
  if key ~= "" and full_of[key] == nil then full_of[key] = full end
end

local function load_aliases()
  for _, row in ipairs(tables.rows("station_aliases")) do
    add(row.variant, row.post)
    if row.cablegate and not cablegate_of[row.post] then
      cablegate_of[row.post] = row.cablegate
    end
  end
end

local function load_posts()
  for _, row in ipairs(tables.rows("posts")) do
    local city = row.city_corrected or row.city
    if city and (row.mrn6_derived or row.cablegate_station_derived) then
      add(city, city)
      if row.mrn6_derived then add(row.mrn6_derived, city) end
      if row.cablegate_station_derived then
        add(row.cablegate_station_derived, city)
        if cablegate_of[city] == nil and row.cablegate_station_derived ~= nospace(city) then
          cablegate_of[city] = row.cablegate_station_derived
        end
      end
    end
  end
end

local function load_acp127()
  for _, row in ipairs(tables.rows("stations-acp127")) do
    local canonical = row.canonical
    add(row.variant, full_of[canonical] or canonical)
  end
end

-- Whole Cablegate ids that WikiLeaks published damaged, mapped to the id of
-- the same cable (cablegate_id_fixes.tsv), built on first use.
local fixes

local function fixed_id(s)
  if not fixes then
    fixes = {}
    for _, row in ipairs(tables.rows("cablegate_id_fixes")) do fixes[row.wrong] = row.correct end
  end
  return fixes[nospace(s)]
end

local function lookup_tables()
  if not full_of then
    full_of, cablegate_of = {}, {}
    load_aliases()
    load_posts()
    load_acp127()
  end
  return full_of, cablegate_of
end

-- The full post name and whether it is known, for a name; kept for the
-- names already seen (a post is named again and again).
local resolve = pt.cached(function(name)
  local up = name:upper()
  local full = lookup_tables()[lpeg.match(WITHOUT_DROPPED, up)]
  if full then return full, true end
  return squeeze(up), false
end, 10000)

-- resolve(name) -> full post name (blanks kept), known (boolean).
-- An unknown name comes back squeezed and upper-cased.
function M.resolve(name)
  if type(name) ~= "string" then error("canonical_id.resolve: name must be a string", 2) end
  return resolve(name)
end

local function check_form(form, fname)
  if not FORMS[form] then
    error("canonical_id." .. fname .. ": form must be \"aad\" or \"cablegate\", got " .. tostring(form), 3)
  end
end

-- Station of a full post name in each form, kept for the names already seen.
local station_in = {
  aad = pt.cached(function(full) return nospace(full:sub(1, 6)) end, 10000),
  cablegate = pt.cached(function(full)
    local _, cg = lookup_tables()
    return cg[full] or nospace(full)
  end, 10000),
}

local function station_of(full, form)
  return (station_in[form](full))
end

-- The station of a name in one form, or nil, message; kept for the names
-- already seen (the references of a cable name the same posts again and again).
local function station_in_form(form)
  return pt.cached(function(name)
    if not name:match("^[%a%s%-]+$") or not name:match("%a") then
      return nil, "not a station name: " .. string.format("%q", name)
    end
    return station_of(resolve(name), form)
  end, 10000)
end
local station_named = { aad = station_in_form("aad"), cablegate = station_in_form("cablegate") }

-- station(name, form) -> station string in that form ("aad": NEWDE, THEHA;
-- "cablegate": NEWDELHI, THEHAGUE), or nil, message.
function M.station(name, form)
  check_form(form, "station")
  if type(name) ~= "string" then error("canonical_id.station: name must be a string", 2) end
  local st, message = station_named[form](name)
  if st then return st end
  return nil, message
end

-- LPeg pieces of an id: year (2 or 4 digits), station words, serial.
local digit, letter, sp = pt.digit, pt.upper, pt.sp
local nondigit_next = -digit
M.year = C(pt.rep(digit, 4, 4) + pt.rep(digit, 2, 2)) * nondigit_next
local word = letter ^ 1 * (S"-'" * letter ^ 1) ^ 0 * P"." ^ -1
M.station_words = C(word * ((sp ^ 1 + P"-") * word) ^ 0)
M.serial = C(digit ^ 1) * -pt.alnum
-- Whole id: optional year, station, serial, optional trailing year
-- ("MOSCOW 03242 2008", "AMMAN 07718 99", "QUITO 4525-91", "PANAMA 00930/08").
-- Captures: year|false, station, serial, year|false.
local two_digits = C(digit * digit) * -digit
local function id_with(station_words)
  return pt.sps * (M.year * pt.sps + Cc(false)) * station_words * pt.sps * M.serial
    * (pt.sp1 * C((P"19" + P"20") * digit * digit) * -digit + S"-/" * two_digits + pt.sp1 * two_digits
      + Cc(false)) * pt.sps * -P(1)
end
M.id = id_with(M.station_words)
-- The same with the station squeezed as it is captured: a run of blanks
-- between its words becomes one blank.
local SQUEEZED_ID = id_with(lpeg.Cs(word * ((P" " * -sp + sp ^ 1 / " " + P"-") * word) ^ 0))

-- A damaged "SECTION 01 OF 03" glued into an id (SCTION02OF02, SECTIOQ1OF06,
-- SECTION01GF02, SECTION01O02): blanked when the word still reads as SECTION.
local function blank_section(word, numbers)
  local n = #word
  if n >= 4 and n <= 8 and numbers:sub(2):find("[OGF]") and (word:find("SEC") or word:find("CTI") or word:find("TIO")
      or word:find("ION") or word:find("ECT")) then
    return " "
  end
  return word .. numbers
end

-- Letter O typed for zero in a serial (LAGOS O1512), zero for O in a name
-- (COTON0U).
-- Where one of them may stand: O before a digit, 0 next to capitals.
local mistyped_zero = P"O" * pt.digit + lpeg.B(pt.upper) * P"0" * pt.upper + P"0" * pt.upper * pt.upper
local MAY_MISTYPE_ZERO = pt.anywhere(mistyped_zero, S"O0")

local function fix_zeros(s)
  if not lpeg.match(MAY_MISTYPE_ZERO, s) then return s end
  s = s:gsub("%f[%w]O(%d)", "0%1")
  return (s:gsub("(%u)0(%u)", "%1O%2"):gsub("%f[%w]0(%u%u)", "O%1"))
end

-- The pattern of each noise word: at the start of a word.
local NOISE_PATTERNS, noise_word = {}, P(false)
for i, w in ipairs(NOISE_WORDS) do
  NOISE_PATTERNS[i] = "%f[%a]" .. w
  noise_word = noise_word + P(w)
end

-- Where a damaged SECTION may stand: letters of SECTION (with Q and K) at the
-- start of a word, then a digit, a blank, G or F. Every text the SECTION
-- pattern below changes has such a place; most ids have none.
local section_place = -lpeg.B(pt.letter) * S"SECTIONQK" ^ 1 * (digit + S" \t\n\v\f\rGF")
local MAY_HOLD_SECTION = pt.anywhere(section_place, S"SECTIONQK")

-- Where any of the noise below may stand; most ids hold none, and pass in
-- this one search. It tries the noise only where some can start: at the
-- start of a run of letters (SECTION and the noise words stand there), at a
-- T before OSEC, a Z, an O before a digit, a 0 before a capital; it spans
-- the other letters of a word and the other bytes between words.
local noise_here = P"TOSEC" + P"Z" + section_place + -lpeg.B(pt.letter) * noise_word + mistyped_zero
local rest_of_word = ((pt.letter - S"TZO") ^ 1 + P"T" * -P"OSEC" + P"O" * -digit) ^ 0
local between_words = ((1 - pt.letter - P"0") ^ 1 + P"0" * -pt.upper) ^ 0
local MAY_HOLD_NOISE = between_words
  * (-noise_here * (P"0" + pt.letter * rest_of_word) * between_words) ^ 0 * noise_here

-- An id without noise, read in one match: its captures as SQUEEZED_ID's;
-- false when the text holds no noise and is no id; nil when it may hold noise.
local CLEAN_ID = -MAY_HOLD_NOISE * (SQUEEZED_ID + Cc(false))

-- (The plain finds and the searches skip the patterns whose text is absent.)
local function strip_noise(s)
  if not lpeg.match(MAY_HOLD_NOISE, s) then return s end
  if s:find("TOSEC", 1, true) then s = s:gsub("TOSEC%d+%s*$", " ") end
  if s:find("Z", 1, true) then s = s:gsub("(%d)Z%u%u+%d+%s*$", "%1") end
  if lpeg.match(MAY_HOLD_SECTION, s) then
    s = s:gsub("%f[%a]([SECTIONQK]+)(%s*[%dOQ]?[%dOQ]%s*[OG]?F?%s*%d%d)", blank_section)
  end
  for i, w in ipairs(NOISE_WORDS) do
    if s:find(w, 1, true) then s = s:gsub(NOISE_PATTERNS[i], " ") end
  end
  return fix_zeros(s)
end

-- "77" -> 1977, "05" -> 2005, "2002" -> 2002 (cable.fields.dtg's era rule).
local function full_year(text, context_year)
  return dtg.expand_year(tonumber(text), context_year)
end

-- split(s [, context_year]) -> year (number or nil; a two-digit year takes
-- the century that fits context_year), station text (upper case, squeezed), serial
-- (number); nil when s does not have the shape of an id. The station is not
-- looked up.
function M.split(s, context_year)
  if type(s) ~= "string" then error("canonical_id.split: s must be a string", 2) end
  return M.split_upper(s:upper(), context_year)
end

-- split_upper(up [, context_year]) -> as split, for a text already in upper
-- case (not checked).
function M.split_upper(up, context_year)
  local y1, station, serial, y2 = lpeg.match(CLEAN_ID, up)
  if y1 == nil then y1, station, serial, y2 = lpeg.match(SQUEEZED_ID, strip_noise(up)) end
  if not station then return nil end
  local year = (y1 and full_year(y1, context_year)) or (y2 and full_year(y2, context_year)) or nil
  return year, station, tonumber(serial)
end

local function check_opts(opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("canonical_id.canonical: opts must be a table or nil", 3)
  end
  opts = opts or {}
  local form = opts.form or "aad"
  check_form(form, "canonical")
  if opts.year ~= nil and math.type(opts.year) ~= "integer" then
    error("canonical_id.canonical: opts.year must be an integer", 3)
  end
  return form, opts.year
end

-- format(year, full, number, form) -> id string; full is a full post name as
-- given by resolve(). nil when the year or the number is no integer (a digit
-- run too long for one is no part of a cable id).
function M.format(year, full, number, form)
  check_form(form, "format")
  if not (math.tointeger(year) and math.tointeger(number)) then return nil end
  local st = station_of(full, form)
  if form == "aad" then return string.format("%04d%s%05d", year, st, number) end
  return string.format("%02d%s%d", year % 100, st, number)
end

-- canonical(s, opts) -> id, parts | nil, message.
-- opts.form: "aad" (default) or "cablegate"; opts.year: year when s has none.
-- parts = { year = 1977, station = <station in that form>, number = 306726,
--           post = <full post name>, known = <station found in the tables> }
function M.canonical(s, opts)
  if type(s) ~= "string" then error("canonical_id.canonical: s must be a string", 2) end
  local form, default_year = check_opts(opts)
  if not s:match("%S") then return nil, "empty cable id" end
  s = fixed_id(s) or s
  local year, station, number = M.split(s, default_year)
  if not station then return nil, "not a cable id: " .. string.format("%q", s:sub(1, 60)) end
  if station:match("^X+$") then return nil, "station is redacted: " .. station end
  year = year or default_year
  if not year then return nil, "no year in " .. string.format("%q", s) .. " and no opts.year" end
  local full, known = M.resolve(station)
  local parts = { year = year, station = station_of(full, form), number = number,
                  post = full, known = known }
  local id = M.format(year, full, number, form)
  if not id then return nil, "year or serial too long for a cable id: " .. string.format("%q", s:sub(1, 60)) end
  return id, parts
end

return M
