-- REF lines: splits a REF block ("REF: (1) 77 STATE 306726; (2) 77 LIMA 10937")
-- into labelled items, tells cables from airgrams, e-mails, telcons, letters,
-- memos, reports, FAM citations and DTG references, and gives cables their
-- canonical id. The block may come with the header text before it (SUBJECT,
-- TAGS) and the text after it (Classified By, the first paragraph).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local cid = require "cable.fields.canonical_id"
local dtg = require "cable.fields.dtg"
local squeeze = require("cable.trim").squeeze

local P, S, C = lpeg.P, lpeg.S, lpeg.C
local byte = string.byte

local M = {}

-- The keyword opening a REF block: REF, REFS, REFTEL, REFTELS, REFERENCE(S).
M.keyword = pt.sps * C(P"REFERENCES" + "REFERENCE" + "REFTELS" + "REFTEL" + "REFS" + "REF")
  * -pt.upper

-- A date-time group as cited in references: 031628Z SEP 75, 311345 Z MAY 73.
M.dtg = pt.rep(pt.digit, 6, 6) * pt.sps * P"Z" * pt.sps * pt.upper * pt.upper * pt.upper
  * pt.upper ^ 0 * P"." ^ -1 * pt.sps * pt.digit * pt.digit * (pt.digit * pt.digit) ^ -1 * -pt.digit
local DTG_ANYWHERE = pt.anywhere(lpeg.Cp() * M.dtg * lpeg.Cp(), pt.digit)

-- Kinds recognised by a word in the item (checked in this order; a plural
-- counts too), with the letters the words start with.
local KIND_WORDS = {
  { "email", "E", { "E-MAIL", "EMAIL", "E MAIL" } },
  { "telcon", "TPSD", { "TELCON", "TELECON", "TELEPHONE", "PHONE CALL", "PHONECON", "SVTC", "DVC" } },
  { "letter", "L", { "LETTER", "LTR" } },
  { "memo", "M", { "MEMORANDUM", "MEMCON", "MEMO" } },
  { "report", "RIOT", { "REPORT", "IIR", "OSC", P"TD-" * pt.digit ^ 1 } },
}

-- Words that cannot be a station even when followed by a number.
local NOT_STATION = {
  JAN = 1, JANUARY = 1, FEB = 1, FEBRUARY = 1, MAR = 1, MARCH = 1, APR = 1, APRIL = 1,
  MAY = 1, JUN = 1, JUNE = 1, JUL = 1, JULY = 1, AUG = 1, AUGUST = 1, SEP = 1, SEPT = 1,
  SEPTEMBER = 1, OCT = 1, OCTOBER = 1, NOV = 1, NOVEMBER = 1, DEC = 1, DECEMBER = 1,
  PARA = 1, PARAS = 1, PARAGRAPH = 1, SECTION = 1, PAGE = 1, NO = 1, NR = 1, NUMBER = 1,
  ITEM = 1, DAY = 1, FAM = 1, FAH = 1, CFR = 1, USC = 1, UNSCR = 1, RESOLUTION = 1,
  A = 1, AND = 1, OF = 1, THE = 1, TO = 1, IN = 1, ON = 1, SEE = 1, TD = 1, IIR = 1,
}

-- Cable words that stand for a cable whose number follows or is implied.
local CABLE_WORDS = { REFTEL = true, REFTELS = true, EMBTEL = true, DEPTEL = true,
  SEPTEL = true, DEPTELS = true, EMBTELS = true }

-- Words that may stand before a station without being part of it: cable
-- words and the classification of the cited cable ("UNCLASS USDA FAS 57863").
local WORDS_BEFORE_STATION = { UNCLAS = true, UNCLASS = true, UNCLASSIFIED = true,
  CONFIDENTIAL = true, SECRET = true, CABLE = true, TELEGRAM = true, MSG = true }
for w in pairs(CABLE_WORDS) do WORDS_BEFORE_STATION[w] = true end

local CLASSIFICATION_BANNER = {
  ["UNCLASSIFIED"] = true, ["UNCLAS"] = true, ["CONFIDENTIAL"] = true, ["SECRET"] = true,
  ["TOP SECRET"] = true, ["LIMITED OFFICIAL USE"] = true, ["SENSITIVE BUT UNCLASSIFIED"] = true,
}

local function check_args(text, ctx)
  if type(text) ~= "string" then error("references.parse: text must be a string", 3) end
  if ctx ~= nil and type(ctx) ~= "table" then error("references.parse: ctx must be a table or nil", 3) end
  ctx = ctx or {}
  if ctx.format ~= nil and ctx.format ~= "aad" and ctx.format ~= "cablegate" then
    error("references.parse: ctx.format must be \"aad\" or \"cablegate\"", 3)
  end
  if ctx.year ~= nil and math.type(ctx.year) ~= "integer" then
    error("references.parse: ctx.year must be an integer", 3)
  end
  return ctx
end

-- Same-length cleanup in one pass: pilcrows, line-end backslashes (a
-- backslash before blanks and a line end, or at the very end), written "\\n"
-- and control bytes become blanks, so that positions in the upper-case copy
-- match the original.
local pilcrow = P"\194\182" / "  "
local control = lpeg.R("\0\8", "\14\31") + S"\11\12\127"
local BLANK_MARKS = lpeg.Cs(((1 - (S"\\\194" + control)) ^ 1
  + pilcrow
  + P"\\" / " " * (S" \t" + pilcrow) ^ 0 * P"\r" ^ -1 * P"\n"
  + P"\\" * -P(1) / " "
  + P"\\n" / "  "
  + control / " "
  + 1) ^ 0)

-- Noise lines inside a REF block: page headers, banners, Cablegate page
-- markers, message-number lines. Matched on a line as written (any case,
-- any blanks), as if it were upper-cased with its blanks squeezed.
local blank_in_line = S" \t\v\f\r"
local gap, eol = blank_in_line ^ 1, blank_in_line ^ 0 * -(1 - P"\n")
local letter, digit = pt.letter, pt.digit

-- Words with blanks between them, any case.
local function ci_words(words)
  local out
  for w in words:gmatch("%S+") do out = out and out * gap * pt.ci(w) or pt.ci(w) end
  return out
end

-- Letters each followed by blanks ("C O N F I D E N T I A L").
local function spaced_letters(word)
  local out = pt.ci(word:sub(1, 1))
  for i = 2, #word do out = out * gap * pt.ci(word:sub(i, i)) end
  return out
end

local banner_line = spaced_letters("CONFIDENTIAL") * eol + spaced_letters("SECRET") * eol
local banners = {}
for words in pairs(CLASSIFICATION_BANNER) do banners[#banners + 1] = words end
table.sort(banners)  -- whole lines: the order does not matter, but stays the same
for _, words in ipairs(banners) do banner_line = banner_line + ci_words(words) * eol end
local NOISE_KIND = blank_in_line ^ 0 * (
  pt.ci"PAGE" * gap * digit * digit * lpeg.Cc"page header"
  + banner_line * lpeg.Cc"classification banner"
  + letter ^ 1 * (gap * letter ^ 1) ^ 0 * gap * pt.rep(digit, 6) * gap * digit * digit * digit
    * S".0123456789" ^ 0 * gap * pt.ci"OF" * gap * digit * digit * digit * eol * lpeg.Cc"page marker"
  + letter * gap * letter * gap * letter * gap * letter * gap * letter * lpeg.Cc"message-number line")

-- A noise line (given with its kind and the warnings list) is blanked and
-- named in a warning.
local function blank_noise(line, kind, warnings)
  warnings[#warnings + 1] = "page-break noise ignored (" .. kind .. "): " .. squeeze(line)
  return string.rep(" ", #line)
end
local line_rest = (1 - P"\n") ^ 0
local BLANK_NOISE_LINES = lpeg.Cs(((C(NOISE_KIND * line_rest) * lpeg.Carg(1)) / blank_noise
  + (1 - P"\n") ^ 1 + P"\n") ^ 0)

-- Paragraph markings that open the text after the REF block ("(U) THIS CABLE
-- IS ..."); (C) and (S) are left out because they are also labels.
local MARKINGS = { "(U)", "(SBU)", "(S/NF)", "(C/NF)", "(SBU/NF)" }
-- The Lua pattern of each: the marking between white space.
local MARKING_PATTERNS = {}
for i, m in ipairs(MARKINGS) do MARKING_PATTERNS[i] = "%s" .. m:gsub("%p", "%%%0") .. "%s" end

-- Where the REF block ends inside text (upper case), searching from "from":
-- "CLASSIFIED BY", a paragraph marking, or a numbered paragraph with its
-- marking at a line start ("1.(SBU) THIS IS"); nil when it runs to the end.
local function block_end(up, from)
  local cut = up:find("CLASSIFIED BY", from, true)
  if not up:find("(", from, true) then return cut end  -- no marking
  for i = 1, #MARKINGS do
    local at = up:find(MARKINGS[i], from, true) and up:find(MARKING_PATTERNS[i], from)
    -- a marking right after a label belongs to the item ("I. (S/NF) TD-314/...")
    if at and (not cut or at < cut) and not up:sub(from, at):find("%f[%w]%w[%.%)]%s*$") then cut = at end
  end
  local at = up:find("\n[ \t]*%d+%.[ \t]*%(%u+[/%u]*%)", from)
  if at and (not cut or at < cut) then cut = at end
  return cut
end

local function blank(s) return string.rep(" ", #s) end

-- Page headers run into the list ("PAGE 02 ROME 01196 01 OF 02 082030Z"),
-- with the banner before them.
local PAGE_HEADER = "PAGE %d%d +%u[%u ]- %d+ +%d%d OF %d%d +%d+Z"
local BANNER_WORDS = { "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE" }

-- Blanks out noise lines and the text after the block (same length), looking
-- at the text from "from" on; returns the cleaned text, the warnings, and
-- when there was nothing to clean the text in upper case.
local function drop_noise(text, from)
  local warnings = {}
  local up = text:upper()
  local cut = block_end(up, from)
  if cut then
    warnings[#warnings + 1] = "text after the REF block ignored: " .. squeeze(text:sub(cut, cut + 40))
    text = text:sub(1, cut - 1) .. string.rep(" ", #text - cut + 1)
  end
  -- the plain finds skip the patterns when their fixed words are absent
  if text:find(" OF ", 1, true) then
    text = text:gsub("%f[%w]%u[%u ]- %d%d%d%d%d%d%d%d%s+%d%d%d[%.%d]* OF %d%d%d", function(marker)
      warnings[#warnings + 1] = "page-break noise ignored (page marker): " .. squeeze(marker)
      return (marker:gsub("[^\n]", " "))
    end)
  end
  if text:find("PAGE ", 1, true) then
    for _, banner in ipairs(BANNER_WORDS) do
      text = text:gsub(banner .. "(%s+)(" .. PAGE_HEADER .. ")", function(gap, header)
        warnings[#warnings + 1] = "page-break noise ignored (page header): " .. squeeze(header)
        return blank(banner) .. gap .. blank(header)
      end)
    end
    text = text:gsub(PAGE_HEADER, function(header)
      warnings[#warnings + 1] = "page-break noise ignored (page header): " .. header
      return blank(header)
    end)
  end
  text = lpeg.match(BLANK_NOISE_LINES, text, 1, warnings)
  -- every change comes with its warning
  if #warnings == 0 then return text, warnings, up end
  return text, warnings
end

-- Label patterns for a given label value: (A) [A] A) A. A: A - , preceded by
-- a boundary the caller checks; "(A)", "[A]" and "A)" may touch the text
-- after them ("B)HK05511").
-- Built once per label value and kept: the label loops ask for them often.
local label_cache = {}
local function label_patt(value)
  local patt = label_cache[value]
  if patt then return patt end
  local v = P(value)
  local after = #(S" \t\r\n" + -P(1))
  patt = P"(" * v * P")" + P"[" * v * P"]" + v * P")" + v * S".:" * after + v * pt.sp1 * P"-" * after
  label_cache[value] = patt
  return patt
end

-- A first label (A or 1) alone, as before a keyword ("A. REF: ...").
local LONE_FIRST_LABEL = pt.sps * (label_patt("A") + label_patt("1")) * pt.sps * -P(1)

-- The label after a label value: "B" after "A", "10" after "9"; kept, as
-- there are few label values and the label loops ask for them often.
local next_of = {}
local function next_label(value)
  local after = next_of[value]
  if not after then
    if value:match("%d") then after = tostring(tonumber(value) + 1)
    else after = string.char(value:byte() + 1) end
    next_of[value] = after
  end
  return after
end

local boundary = { [32] = true, [9] = true, [10] = true, [13] = true, [11] = true, [12] = true,
  [59] = true, [44] = true }  -- white space, ";" and ","

-- True when only blanks and tabs stand between the last line end and i.
local function at_line_start(s, i)
  local j = i - 1
  local b = byte(s, j)
  while b == 32 or b == 9 do
    j = j - 1
    b = byte(s, j)
  end
  return b == 10
end

-- After a label: a repeated keyword ("A. REF: KATHMANDU 2282") or the
-- keyword with the label again ("A. REF A STATE 122214").
local function inner_keyword(label)
  return pt.sps * (P"REFERENCES" + "REFERENCE" + "REFS" + "REF") * -pt.upper
    * (P"(S)" ^ -1 * pt.sps * P":" + pt.sp1 * P(label) * #pt.sp1 + #pt.sp1) * lpeg.Cp()
end

-- A label, then what is skipped after it: the label again ("A. A. 07
-- BAGHDAD", "A. (A) PARIS") or a repeated keyword. Captures the end of the
-- label and the end of what is skipped (false when nothing is). Built once
-- per label value and kept, like label_patt.
local labelled_cache = {}
local function labelled(value)
  local patt = labelled_cache[value]
  if not patt then
    patt = label_patt(value) * lpeg.Cp()
      * (pt.sps * label_patt(value) * lpeg.Cp() + inner_keyword(value) + lpeg.Cc(false))
    labelled_cache[value] = patt
  end
  return patt
end

-- The label found at i, if any: the expected one, the one after it (a label
-- left out), or at a line start the previous one again (a typing slip).
-- Returns label, end position, warning, end of what is skipped after it.
local function label_at(s, i, expected, last)
  if i > 1 and not boundary[byte(s, i - 1)] then return nil end
  local e, again = lpeg.match(labelled(expected), s, i)
  if e then return expected, e, nil, again end
  local after = next_label(expected)
  e, again = lpeg.match(labelled(after), s, i)
  if e then return after, e, "label " .. expected .. " missing", again end
  if last and at_line_start(s, i) then
    e, again = lpeg.match(labelled(last), s, i)
    if e then return last, e, "label " .. last .. " repeated", again end
  end
end

-- Finds labels in body (upper case): list of { label, from, to } where from..to
-- is the text after the label; a single unlabelled segment when the body does
-- not open with a label.
-- The first "A" label after a semicolon or a line end, when the list opens
-- with an unlabelled reference ("REF: 09 STATE 96625; A. A)STATE 70789").
local function later_first_label(body, start)
  local i = body:find("[;\n]", start)
  while i do
    local at = body:find("%S", i + 1)
    if not at then return nil end
    if lpeg.match(label_patt("A"), body, at) then return at end
    i = body:find("[;\n]", i + 1)
  end
end

-- Where the body's text starts, and the first label (A or 1) if it stands there.
local OPENING = S" \t\n\v\f\r" ^ 0 * lpeg.Cp()
  * (#label_patt("A") * lpeg.Cc("A") + #label_patt("1") * lpeg.Cc("1")) ^ -1

-- Where a label may stand, in order (and some places more: label_at reads
-- each). Every label holds a bracket, a stop, a colon or a dash ("(A)",
-- "[2]", "B)", "C.", "10:", "D -"): one match lists where those stand, and
-- the start of the label is found back from each: the bracket itself, else
-- the value before the mark (for a dash, before the blanks in front of it),
-- a run of digits or one character.
local LABEL_MARKS = lpeg.Ct(((1 - S"([).:-") ^ 0 * lpeg.Cp() * 1) ^ 0)
local DIGIT = {}
for b = 48, 57 do DIGIT[b] = true end

local function label_start(body, mark)
  local c = byte(body, mark)
  if c == 40 or c == 91 then return mark end  -- ( [
  local e = mark - 1
  if c == 45 then  -- -
    local b = byte(body, e)
    if b ~= 32 and b ~= 9 then return nil end
    repeat e = e - 1; b = byte(body, e) until b ~= 32 and b ~= 9
  end
  while DIGIT[byte(body, e)] and DIGIT[byte(body, e - 1)] do e = e - 1 end
  return e
end

local function label_places(body)
  local places, last = {}, 1
  local marks = lpeg.match(LABEL_MARKS, body)
  for i = 1, #marks do
    local p = label_start(body, marks[i])
    if p and p > last then
      places[#places + 1] = p
      last = p
    end
  end
  return places
end

local function segments(body, warnings)
  local start, first = lpeg.match(OPENING, body)
  local out = {}
  if not first then
    local at = later_first_label(body, start)
    if not at then return { { from = start, to = #body } } end
    out[1] = { from = start, to = at - 1 }
    first, start = "A", at
  end
  local places, k = label_places(body), 1
  local expected, i, current = first, start, out[1]
  while i <= #body do
    local last = current and current.label
    local label, e, warning, again = label_at(body, i, expected, last)
    if label then
      if warning then warnings[#warnings + 1] = warning end
      if current then current.to = i - 1 end
      current = { label = label, from = again or e, to = #body }
      out[#out + 1] = current
      if label ~= last then expected = next_label(label) end
      -- a label ends in a bracket, a stop, a colon, a dash, its value or a
      -- keyword, never before a separator: no label at its end
      i = again or e
    end
    while places[k] and places[k] <= i do k = k + 1 end
    i = places[k] or #body + 1
  end
  return out
end

local SINGLE_SEPARATOR = { [59] = true, [44] = true, [38] = true, [58] = true }  -- ; , & :

-- Does s[from..last] end in a capital, white space, then three digits or
-- more and any further digits and slashes ("KABUL 936/935" before "/937")?
-- Read back from the end: the digits and slashes run back to the white
-- space, and the capital stands right before it. (The pattern
-- "%u%s+%d%d%d+[/%d]*$" gave the same answer in time quadratic in a long
-- run of digits.)
local DIGIT_OR_SLASH, WHITE = { [47] = true }, require("cable.trim").space_bytes
for b = 48, 57 do DIGIT_OR_SLASH[b] = true end
local function is_digit(b) return b ~= nil and b >= 48 and b <= 57 end
local function ends_in_number(s, from, last)
  local j = last
  while j >= from and DIGIT_OR_SLASH[byte(s, j)] do j = j - 1 end
  if last - j < 3 or not (is_digit(byte(s, j + 1)) and is_digit(byte(s, j + 2)) and is_digit(byte(s, j + 3))) then
    return false
  end
  local k = j
  while k >= from and WHITE[byte(s, k)] do k = k - 1 end
  local b = k >= from and byte(s, k)
  return k < j and b and b >= 65 and b <= 90 or false
end

-- The length of the separator at i (byte ch, outside parentheses), or nil.
local function separator_length(s, i, ch, from)
  if SINGLE_SEPARATOR[ch] then return 1 end
  if ch == 47 then  -- "KABUL 936/935": a list of numbers, not "00789/08"
    if s:find("^/%d%d%d", i) and ends_in_number(s, from, i - 1) then return 1 end
    return nil
  end
  if s:find("^AND%s", i + 1) then return 5 end  -- ch is white space
end

-- Every place that matters for pieces, in order: a parenthesis, a
-- separator, a slash or the white space before AND (found from the A);
-- the others are passed over.
local white_space = S" \t\n\v\f\r"
local function before(p) return p - 1 end
local MARKS = lpeg.Ct(((1 - S"();,&:/A") ^ 0 * (lpeg.Cp() * S"();,&:/"
  + lpeg.B(white_space) * (lpeg.Cp() / before) * P"AND" * #white_space + 1)) ^ 0)

-- Splits s from..to at ";" "," ":" "AND" "&" outside parentheses: list of
-- { from, to }. marks are the places of MARKS in s, k an index in them to
-- start looking from; also returns the index to start from for the next
-- part of s.
local function pieces(s, from, to, marks, k)
  local out, depth, piece_start = {}, 0, from
  while k > 1 and marks[k - 1] >= from do k = k - 1 end
  while marks[k] and marks[k] < from do k = k + 1 end
  local i = marks[k]
  while i and i <= to do
    local ch = byte(s, i)
    local sep_len
    if ch == 40 then depth = depth + 1  -- (
    elseif ch == 41 then depth = math.max(0, depth - 1)  -- )
    elseif depth == 0 then sep_len = separator_length(s, i, ch, from)
    end
    if sep_len then
      out[#out + 1] = { from = piece_start, to = i - 1 }
      piece_start = i + sep_len
    end
    local after = i + (sep_len or 1)
    repeat k = k + 1 until not marks[k] or marks[k] >= after
    i = marks[k]
  end
  out[#out + 1] = { from = piece_start, to = to }
  return out, k
end

-- "77" -> 1977, "05" -> 2005, "2002" -> 2002 (cable.fields.dtg's era rule).
local function full_year(text, context_year)
  return dtg.expand_year(tonumber(text), context_year)
end

-- Fills item with a cable's year, station, number and id.
local function set_cable(item, year, full, number, ctx)
  local form = ctx.format or "aad"
  item.kind = "cable"
  item.year, item.number, item.post = year, number, full
  item.station = cid.station(full, form)
  if year then item.id = cid.format(year, full, number, form) end
end

-- Bytes a "NNNN STATION" text can start with (white space and digits) and
-- end with (white space and capitals).
local DIGIT_OR_SPACE, UPPER_OR_SPACE = {}, {}
for b in pairs(WHITE) do DIGIT_OR_SPACE[b], UPPER_OR_SPACE[b] = true, true end
for b = 48, 57 do DIGIT_OR_SPACE[b] = true end
for b = 65, 90 do UPPER_OR_SPACE[b] = true end

-- Reads "[YY] STATION NNNN [YYYY]", or "NNNN STATION" with a known station;
-- returns year, full post name, number, known.
local function read_cable(s)
  if DIGIT_OR_SPACE[byte(s, 1)] and UPPER_OR_SPACE[byte(s, -1)] then
    local n, name = s:match("^%s*(%d+)%s+(%u[%u ]*%u)%s*$")
    if n then
      local full, known = cid.resolve(name)
      if known then return nil, full, tonumber(n), true end
    end
  end
  local year, station, number = cid.split_upper(s)
  if not station or (byte(station, 1) == 88 and station:match("^X+$")) then return nil end
  -- the longest known tail of the words ("EMBASSY VIENNA" -> VIENNA); the
  -- station's words stand between single blanks
  local full, known = cid.resolve(station)
  if known then return year, full, number, true end
  local blank = station:find(" ", 1, true)
  if not blank then
    if #station >= 3 and not NOT_STATION[station] then return year, station, number, false end
    return nil
  end
  local word_start = 1
  repeat
    full, known = cid.resolve(station:sub(blank + 1))
    if known then
      local before = station:sub(word_start, blank - 1)
      if WORDS_BEFORE_STATION[before] or #before == 1 then return year, full, number, true end
      return nil
    end
    word_start = blank + 1
    blank = station:find(" ", word_start, true)
  until not blank
end

-- "[YY] STATION NNNN" without captures, for finding cable references inside a
-- longer text.
local year_digits = pt.digit * pt.digit * (pt.digit * pt.digit) ^ -1
local cable_head = (year_digits * pt.sps) ^ -1 * pt.upper ^ 1 * (pt.sp1 * pt.upper ^ 1) ^ 0
  * pt.sps * pt.digit ^ 1 * -pt.alnum

-- Several cable references written one after the other without a separator
-- ("ISLAMABAD 5266 ISLAMABAD 4817"): list of {from, to} or nil.
local space = S" \t\r\n" ^ 0
local cable_run = lpeg.Ct((space * lpeg.Ct(lpeg.Cg(lpeg.Cp(), "from") * cable_head
  * lpeg.Cg(lpeg.Cp() / function(p) return p - 1 end, "to"))) ^ 2) * space * -P(1)

-- A cable reference followed by a remark ("STATE 106206 CIRCULAR"): the
-- length of the reference part, or nil.
local SPACED_CABLE_HEAD = pt.sps * cable_head
local function cable_then_remark(s)
  local e = lpeg.match(SPACED_CABLE_HEAD, s)
  if e and s:sub(e):match("^%s+%S") then return e - 1 end
end

-- Searches for the kinds' words, in order: {kind, pattern}. A word stands
-- at the start of a word (after no letter or digit); FAM citations are
-- "2 FAM", airgrams "AIRGRAM" or "A-12"/"CA-12" at the start of a word.
local KIND_SEARCHES, any_word = {}, P(false)
for _, entry in ipairs(KIND_WORDS) do
  local words = P(false)
  for _, w in ipairs(entry[3]) do words = words + P(w) * P"S" ^ -1 * -pt.alnum end
  KIND_SEARCHES[#KIND_SEARCHES + 1] = { entry[1], pt.anywhere(-lpeg.B(pt.alnum) * words, S(entry[2])) }
  any_word = any_word + words
end
local fam = -lpeg.B(pt.digit) * pt.digit ^ 1 * P" FA" * S"MH" * -pt.letter
local airgram = P"AIRGRAM" + -lpeg.B(pt.upper) * P"C" ^ -1 * P"A-" * pt.digit
KIND_SEARCHES[#KIND_SEARCHES + 1] = { "fam", pt.anywhere(fam, pt.digit) }
KIND_SEARCHES[#KIND_SEARCHES + 1] = { "airgram", pt.anywhere(airgram, S"AC") }
-- Whether any kind's word stands in the text. The words are tried only where
-- one can start: at the start of a word, and inside a word at an A before
-- IRGRAM or "-", a C before "A-", and digits before " FA"; the search spans
-- the other letters and digits of a word and the bytes between words.
local kind_here = -lpeg.B(pt.alnum) * any_word + fam + airgram
local rest_of_word = ((pt.letter - S"AC") ^ 1 + P"A" * -(P"IRGRAM" + "-") + P"C" * -P"A-"
  + pt.digit ^ 1 * -P" FA") ^ 0
local between_words = (1 - pt.alnum) ^ 0
local ANY_KIND = between_words
  * (-kind_here * (pt.digit ^ 1 + 1) * rest_of_word * between_words) ^ 0 * kind_here

local function kind_by_word(s)
  if not lpeg.match(ANY_KIND, s) then return nil end
  for i = 1, #KIND_SEARCHES do
    local search = KIND_SEARCHES[i]
    if lpeg.match(search[2], s) then return search[1] end
  end
end

-- Airgram "BANGKOK A-50": station and number, no id (airgrams are not cables).
local function set_airgram(item, s, ctx)
  local station, number = s:match("^%s*(%u[%u ]-)%s+C?A%-(%d+)")
  item.kind = "airgram"
  if station then
    item.station = cid.station(station, ctx.format or "aad")
    item.number = tonumber(number)
  end
end

-- s with each group in parentheses made one blank (as gsub("%b()", " "),
-- in linear time: patterns.paren_groups).
local function without_groups(s)
  local groups = pt.paren_groups(s)
  if #groups == 0 then return s end
  local parts, last = {}, 0
  for g = 1, #groups, 2 do
    parts[#parts + 1] = s:sub(last + 1, groups[g] - 1)
    last = groups[g + 1]
  end
  parts[#parts + 1] = s:sub(last + 1)
  return table.concat(parts, " ")
end

-- The piece without what classify reads apart: parenthesized text, NOTAL,
-- a "--" remark, "#" and the word CABLE(S); squeezed. (The plain finds skip
-- the patterns whose fixed text is absent.)
local function core_of(s)
  if s:find("(", 1, true) then s = without_groups(s) end
  if s:find("NOTAL", 1, true) then s = s:gsub("%f[%u]NOTAL%f[%U]", " ") end
  if s:find("--", 1, true) then s = s:gsub("%-%-.*", "") end
  if s:find("#", 1, true) then s = s:gsub("#", " ") end
  if s:find("CABLE", 1, true) then s = s:gsub("%f[%u]CABLES?%f[%U]", " ") end
  return squeeze(s)
end

-- Whether a piece holds anything read apart from its reference: a
-- parenthesis, "#", "--", NOTAL, CABLE, a Z (date-time groups) or a kind's
-- word. Tried only where one can start, as ANY_KIND; most pieces hold none.
local special_here = kind_here + S"(#Z" + P"--" + P"NOTAL" + P"CABLE"
local rest_of_plain_word = ((pt.letter - S"ACNZ") ^ 1 + P"A" * -(P"IRGRAM" + "-")
  + P"C" * -(P"A-" + "ABLE") + P"N" * -P"OTAL" + pt.digit ^ 1 * -P" FA") ^ 0
local between_plain_words = ((1 - pt.alnum - S"(#-") ^ 1 + P"-" * -P"-") ^ 0
local SPECIAL = between_plain_words
  * (-special_here * (pt.digit ^ 1 + 1) * rest_of_plain_word * between_plain_words) ^ 0 * special_here

-- Reads into item what the piece s holds besides its reference (NOTAL, a
-- date-time group); returns the piece's core: without them, with a year
-- written in parentheses put in front.
local function read_apart(item, s)
  if s:find("NOTAL", 1, true) then item.notal = true end
  local d1, d2
  if s:find("Z", 1, true) then d1, d2 = lpeg.match(DTG_ANYWHERE, s) end
  if d1 then item.dtg = squeeze(s:sub(d1, d2 - 1)) end
  if d1 then s = s:sub(1, d1 - 1) .. " " .. s:sub(d2) end
  -- a year in parentheses: "STATE (01) 201265", "02259 (2002)"
  local paren_year = s:find("(", 1, true)
    and (s:match("%(%s*(%d%d%d%d)%s*%)") or s:match("%(%s*(%d%d)%s*%)"))
  if paren_year then s = s:gsub("%(%s*" .. paren_year .. "%s*%)", " ", 1) end
  local core = core_of(s)
  if paren_year and not core:find("^%d%d%d?%d?%s+%u") then
    core = paren_year .. " " .. core
  end
  return core
end

-- Classifies one piece (upper-case text) into item; prev is the previous cable
-- item (for bare numbers) or nil. Returns a warning or nil.
local function classify(item, s, prev, ctx)
  -- the piece squeezed, as item.text is
  local core = item.text:upper()
  if lpeg.match(SPECIAL, core) then
    core = read_apart(item, s)
    local by_word = kind_by_word(core)
    if by_word == "airgram" then return set_airgram(item, core, ctx) end
    if by_word then item.kind = by_word return end
  end
  if byte(core, 1) == 68 and core:match("^(%u+)") == "DEPTEL" then core = "STATE" .. core:sub(7) end
  if CABLE_WORDS[core] then item.kind = "cable" return end
  local year, full, number, known = read_cable(core)
  if full then
    set_cable(item, year or ctx.year, full, number, ctx)
    if not item.year then return "no year for " .. core .. " and no ctx.year" end
    if not known then return "unknown station " .. full .. " in " .. core end
    return
  end
  if core:match("^%d+$") and prev then
    set_cable(item, prev.year, prev.post, tonumber(core), ctx)
    return
  end
  local y, n = core:match("^(%d%d) (%d+)$")
  if not y then y, n = core:match("^(%d%d%d%d) (%d+)$") end
  if y and prev then  -- "AND 02259 (2002)": a bare number with its year
    set_cable(item, full_year(y, ctx.year), prev.post, tonumber(n), ctx)
    return
  end
  if item.dtg then
    item.kind = "dtg"
    if core:match("^%u[%u ]*$") then item.station = core end
    return
  end
  local head = cable_then_remark(core)
  year, full, number, known = read_cable(head and core:sub(1, head) or "")
  if full and known then
    set_cable(item, year or ctx.year, full, number, ctx)
    return "text after the cable number kept as a remark: " .. item.text
  end
  item.kind = "other"
end

-- True when a piece can be glued to the previous item: an unparsed remark
-- without digits ("AND PREVIOUS", "(SUBJ ...)").
local function is_remark(item, s)
  return item.kind == "other" and not s:find("%d")
end

-- True when every range of s is a cable reference with a known station.
local function all_known(ranges, s)
  for _, r in ipairs(ranges) do
    if not select(4, read_cable(s:sub(r.from, r.to))) then return false end
  end
  return true
end

local add_piece

-- A piece whose words stand between single blanks, with white space only
-- around them: the position of its first and after its last word. Most
-- pieces are so, and are cut out instead of squeezed.
local white = S" \t\n\v\f\r"
local word_run = (1 - white) ^ 1
local PLAIN_WORDS = white ^ 0 * lpeg.Cp() * word_run * (P" " * word_run) ^ 0 * lpeg.Cp() * white ^ 0 * -P(1)

-- The piece squeezed (as trim.squeeze).
local function squeezed(piece)
  local first, after = lpeg.match(PLAIN_WORDS, piece)
  if not first then return squeeze(piece) end
  if first == 1 and after > #piece then return piece end
  return piece:sub(first, after - 1)
end

function add_piece(list, warnings, label, original, upper, ctx, state)
  local text = squeezed(original)
  if text == "" then return end
  local run = lpeg.match(cable_run, upper)
  if run and all_known(run, upper) then
    for _, r in ipairs(run) do
      add_piece(list, warnings, label, original:sub(r.from, r.to), upper:sub(r.from, r.to), ctx, state)
    end
    return
  end
  -- with the fields classify may add, so that the table is made at its size
  local item = { label = label, text = text, kind = nil, id = nil, year = nil, number = nil,
    post = nil, station = nil }
  -- a segment that is only a number takes the station of the cable before
  -- it ("A. MANILA 2969  B. 2962 AND PREVIOUS")
  local warning = classify(item, upper, state.prev or (state.fresh and state.last) or nil, ctx)
  local last = list[#list]
  if last and last.label == label and not state.fresh
      and (is_remark(item, upper) or (last.kind == "fam" and item.kind == "other")) then
    local glue = squeeze(state.sep_to and state.original:sub(state.sep_from, state.sep_to) or " ")
    glue = glue == "" and " " or glue:find("^%a") and " " .. glue .. " " or glue .. " "
    last.text = last.text .. glue .. text
    return
  end
  if warning then warnings[#warnings + 1] = warning end
  if item.kind == "cable" and item.number then
    state.prev, state.last = item, item
  elseif item.kind ~= "other" then
    state.prev = nil
  end
  list[#list + 1] = item
  state.fresh = false
end

-- The keyword with its colon ("REF:", "Ref(s):", "REFS :"), found anywhere,
-- even glued to the word before it ("UK PRIMEREF: A."); else the keyword
-- alone at a word start ("REF A) LONDON 002351").
local keyword_colon = pt.anywhere(lpeg.Cp() * M.keyword * P"(S)" ^ -1 * pt.sps * P":" * lpeg.Cp(),
  S" \tR")
local keyword_alone = lpeg.Cp() * M.keyword * (pt.sps * S".-" + #(S" \t\r\n" + -P(1))) * lpeg.Cp()

local keyword_again = pt.sps * (P"REFERENCES" + "REFERENCE" + "REFS" + "REF") * -pt.upper
  * (P"(S)" ^ -1 * pt.sps * P":" + #pt.sp1) * lpeg.Cp()

local function find_keyword(up)
  local ks, keyword, ke = lpeg.match(keyword_colon, up)
  if ks then return ks, ke, keyword end
  local at = up:find("%f[%a]REF")
  while at do
    ks, keyword, ke = lpeg.match(keyword_alone, up, at)
    if ks then return ks, ke, keyword end
    at = up:find("%f[%a]REF", at + 1)
  end
end

-- Blanks the REF keyword and the text before it (same length), but keeps a
-- label written before the keyword ("A. REF AMMAN 222"). Returns the text,
-- the end of the keyword (or nil when there is none) and the keyword.
local function cut_keyword(original)
  local up = original:upper()
  local ks, ke, keyword = find_keyword(up)
  if not ks then return original end
  local from = ks > 1 and lpeg.match(LONE_FIRST_LABEL, up:sub(1, ks - 1)) and ks or 1
  -- the keyword written twice: "REF: REFERENCE: 01 ABUJA 997", "Ref:  Ref A) Taipei"
  ke = lpeg.match(keyword_again, up, ke) or ke
  if from == ks then  -- the keywords stand on one line: all blanked
    local before = from > 1 and original:sub(1, from - 1) or ""  -- most often the keyword opens the text
    return before .. string.rep(" ", ke - from) .. original:sub(ke), ke, keyword
  end
  return original:sub(1, ke - 1):gsub("[^\n]", " ") .. original:sub(ke), ke, keyword
end

-- parse(text, ctx) -> list, warnings | nil, message
-- Each item: { label = "1"|"A"|nil, text, kind, id, year, station, number,
-- post (full post name, cables), notal = true|nil, dtg = "031628Z SEP 75"|nil }.
function M.parse(text, ctx)
  ctx = check_args(text, ctx)
  if not text:match("%S") then return nil, "empty REF text" end
  local original, ke, keyword = cut_keyword(lpeg.match(BLANK_MARKS, text))
  local warnings, body
  original, warnings, body = drop_noise(original, ke or 1)
  if not ke then table.insert(warnings, 1, "no REF keyword") end
  body = body or original:upper()
  if not body:find("%S") then
    if keyword == "REFTEL" or keyword == "REFTELS" then
      return { { text = squeeze(text), kind = "cable" } }, warnings
    end
    return nil, "REF line has no reference"
  end
  -- state.sep_from, sep_to: the separator before the piece in original
  -- (none for the first piece of a segment), read only to glue a remark
  local list, state = {}, { original = original }
  local marks, next_mark = lpeg.match(MARKS, body), 1
  local segs = segments(body, warnings)
  for i = 1, #segs do
    local seg = segs[i]
    state.fresh, state.prev = true, nil
    local parts
    parts, next_mark = pieces(body, seg.from, seg.to, marks, next_mark)
    for k = 1, #parts do
      local p = parts[k]
      if k > 1 then state.sep_from, state.sep_to = parts[k - 1].to + 1, p.from - 1
      else state.sep_from, state.sep_to = nil, nil end
      add_piece(list, warnings, seg.label, original:sub(p.from, p.to), body:sub(p.from, p.to), ctx, state)
    end
  end
  if #list == 0 then return nil, "REF line has no reference" end
  return list, warnings
end

return M
