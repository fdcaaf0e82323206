-- Grammar for CIA cables read by OCR from scanned pages: the "Intelligence
-- Information Cable" of CREST releases (agency line, precedence, PAGE 1 OF n,
-- distribution, DIST date, COUNTRY, DOI, SUBJECT, SOURCE, exemption marks
-- such as 1.5(c) and 3.4(b)(1)) and the operational cable of the JFK records
-- ("DIR WAVE CITE MEXI 6536", release stamp, distribution list), plain or in
-- the Markdown page wrapper (lua/cable/containers/markdown_pages.lua).
-- OCR text is read as written, never corrected; lines that cannot be read
-- stay in `unclaimed`.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local B = require "cable.blocks"
local pt = require "cable.patterns"
local dtg = require "cable.fields.dtg"
local markdown = require "cable.containers.markdown_pages"

local P, V, C, Cg, Ct, Cp, Cmt = lpeg.P, lpeg.V, lpeg.C, lpeg.Cg, lpeg.Ct, lpeg.Cp, lpeg.Cmt
local sps, sp1, digit, alnum, nl = pt.sps, pt.sp1, pt.digit, pt.alnum, B.nl

local grammar = {
  name = "cia",
  description = "CIA cable in OCR text: CREST Intelligence Information Cable or operational cable (CITE station number)",
}

local trim = require("cable.trim").both

local PRECEDENCES = { "ROUTINE", "PRIORITY", "IMMEDIATE", "FLASH" }

-- Recipients that Intelligence Information Cables list in their distribution.
local RECIPIENTS = {}
for word in ([[CIA CIA/NMCC JCS SECDEF NSA NIC DIA STATE ARMY NAVY AIR FBI USIA OCR ORR
  OCI ONE DCS CGS OER NSC AID TREASURY EXO USIB CINCLANT CINCSO]]):gmatch("%S+") do
  RECIPIENTS[word] = true
end

local function known_recipients(line)
  local list = {}
  for word in line:gmatch("[%u/]+") do
    if RECIPIENTS[word] then list[#list + 1] = word end
  end
  return list
end

-- "<words> CITE MEXI 6536 <rest>": the words, station, number and rest.
-- The word CITE (not inside a word) that the station and number follow is
-- found by plain finds, and the words are what stands before it: matched
-- as "^%s*(.-)%s*%f[%w]CITE..." the pattern would retry a run of blanks
-- from each of its positions.
local trim_right = require("cable.trim").right
local function cite_parts(line)
  local first = line:find("%S") or #line + 1
  local at = line:find("CITE", first, true)
  while at do
    if at == 1 or not line:sub(at - 1, at - 1):find("%w") then
      local station, number, rest = line:match("^CITE%s+(%u%u+)%s+(%d%d%d+)(.*)$", at)
      if station then return trim_right(line:sub(first, at - 1)), station, number, rest end
    end
    at = line:find("CITE", at + 1, true)
  end
end

-- Detection, in the first 6000 bytes: the agency line among the first three
-- lines that hold a non-blank, a line that reads "Intelligence Information
-- Cable" (in any case), or a CITE line addressed to or through DIR
-- (headquarters). Each test starts from plain finds of its words, and reads
-- only the lines that hold them.
local byte = string.byte

-- The line (run of bytes other than "\n") of s that holds position at, and
-- the position of its last byte.
local function line_at(s, at)
  local first = at
  while first > 1 and byte(s, first - 1) ~= 10 do first = first - 1 end
  local last = (s:find("\n", at, true) or #s + 1) - 1
  return s:sub(first, last), last
end

-- Do fewer than n lines that hold a non-blank end before position stop?
local function among_first_lines(s, stop, n)
  local pos = 1
  for _ = 1, n do
    local word = s:find("%S", pos)
    if not word or word >= stop then return true end
    local eol = s:find("\n", word, true)
    if not eol or eol >= stop then return true end
    pos = eol + 1
  end
  return false
end

-- Where s first holds the literal lit: plain finds of tail, the end of lit
-- from a byte rarer than its first (a find stops at each byte like the one
-- it looks for first), then a comparison.
local function find_by_tail(s, lit, tail)
  local off = #lit - #tail
  local at = s:find(tail, 1 + off, true)
  while at do
    if s:sub(at - off, at - off + #lit - 1) == lit then return at - off end
    at = s:find(tail, at + 1, true)
  end
end

local function agency_on_top(head)
  local at = find_by_tail(head, "INTELLIGENCE AGENCY", "GENCE AGENCY")
  return at ~= nil and among_first_lines(head, at, 3)
end

local KIND = "intelligence information cable"
-- KIND from its "g": every line that holds KIND holds it, and a "g" is
-- rarer than an "i" (see find_by_tail).
local KIND_TAIL = "gence information cable"

local function kind_line(head)
  local lower = head:lower()
  local at = lower:find(KIND_TAIL, 1, true)
  while at do
    local line, last = line_at(lower, at)
    if trim(line) == KIND then return true end
    at = lower:find(KIND_TAIL, last + 1, true)
  end
  return false
end

local function cite_to_dir(head)
  local at = head:find("CITE", 1, true)
  while at do
    local line, last = line_at(head, at)
    local words = cite_parts(line)
    if words and (" " .. words .. " "):find("%sDIR%s") then return true end
    at = head:find("CITE", last + 1, true)
  end
  return false
end

function grammar.detect(text)
  local head = text:sub(1, 6000)
  if agency_on_top(head) or cite_to_dir(head) or kind_line(head) then return 0.95 end
  return 0
end

function grammar.unwrap(text)
  if markdown.is(text) then return markdown.unwrap(text) end
  return text, nil
end

-- The rest of the line holds patt somewhere (OCR noise may stand before
-- it). patt starts with a byte of the set `first`: the bytes between tries
-- are spanned at once, not tried one by one.
local function holding(patt, first)
  local skip = (1 - nl - first) ^ 0
  return skip * (-patt * (1 - nl) * skip) ^ 0 * patt
end
local noise = (1 - nl - alnum) ^ 0
-- A line for which fn(line) is true. guard, a cheap LPeg test of what fn
-- needs at least, runs first: most lines fail it and cost no Lua call.
local function line_test(fn, guard)
  return #guard * Cmt(C((1 - nl) ^ 1), function(_, pos, line) return fn(line) and pos end)
end
local no_colon = (1 - nl - P":") ^ 0 * (nl + -P(1))
local recipient_char = pt.upper + P"/"
-- A known recipient, whole. Its first letter picks the words tried: one
-- test a letter, not one a word (a line is tried at each run of capitals).
local function known_recipient()
  local by_letter, letters = {}, {}
  for word in pairs(RECIPIENTS) do
    local letter = word:sub(1, 1)
    if not by_letter[letter] then
      by_letter[letter] = {}
      letters[#letters + 1] = letter
    end
    table.insert(by_letter[letter], word:sub(2))
  end
  table.sort(letters)
  local out = P(false)
  for _, letter in ipairs(letters) do
    table.sort(by_letter[letter])
    local rest = P(false)
    for _, tail in ipairs(by_letter[letter]) do rest = rest + P(tail) * -recipient_char end
    out = out + P(letter) * rest
  end
  return out
end
local recipient = -lpeg.B(recipient_char) * known_recipient()
-- the next recipient on the line, tried only where a run of capitals starts
local next_recipient = (-recipient * ((1 - nl - recipient_char) ^ 1 + recipient_char ^ 1)) ^ 0 * recipient
local white = lpeg.S" \t\v\f\r"
local year_at_end = white * digit * digit * digit * digit * white ^ 0 * (nl + -P(1))

local precedence_word = P(false)
for _, w in ipairs(PRECEDENCES) do precedence_word = precedence_word + P(w) end
local WHOLE_PRECEDENCE = precedence_word * -P(1)

-- A distribution line of the Intelligence Information Cable: two known
-- recipients (no colon: "FIELD DISSEM:" belongs to the body), then lines
-- that start with one.
local function dist_first(line)
  return not line:find(":", 1, true) and #known_recipients(line) >= 2
end
local function dist_more(line)
  local first = line:match("^%s*([%u/]+)")
  return not line:find(":", 1, true) and first and RECIPIENTS[first]
end

-- A distribution list of an operational cable: three commas or more, short items.
local function comma_list(line)
  local _, commas = line:gsub(",", "")
  if commas < 3 or line:find(":", 1, true) then return false end
  for item in line:gmatch("[^,]+") do
    if #trim(item) > 10 then return false end
  end
  return true
end

-- "DIST 8 NOVEMBER 1967" (the label may be garbled): a date alone on its line.
local function date_parts(line)
  local label, d, month, y = line:match("^%s*(%S-)%s*(%d%d?)%s+(%a+)%s+(%d%d%d%d)%s*$")
  if label and #label <= 5 and dtg.month_number(month) then return label, d, month, y end
end

local exemption = digit * P"." * digit * (P"(" * alnum * alnum ^ -1 * P")") ^ 1
local function label(word) return sps * P(word) * (sps * P":") ^ -1 end
local subject_line = B.nonblank * -V"field" * B.rest

grammar.rules = {
  header = V"cite_header" + V"crest_header",
  field = V"crest_field" + V"source" + V"source_label" + V"op_field" + V"cite",
  para_start = B.para_start,
  unclaimed = B.unclaimed,
  unclaimed_run = V"unclaimed" * (V"unclaimed" + B.blank) ^ -24,

  -- Intelligence Information Cable: header fields up to SOURCE, then the body.
  crest_header = (V"crest_field" + B.blank
    + V"unclaimed_run" * #(V"crest_field" + V"source_label" + V"source"))
    ^ 0 * (V"source_label" + V"source") ^ -1 * Cg(Cp(), "body_start"),
  crest_field = V"agency" + V"kind_line" + V"precedence" + V"page_line" + V"tdcs" + V"distribution"
    + V"doi" + V"date" + V"country" + V"subject",
  agency = B.single("agency", holding(P"INTELLIGENCE AGENCY", P"I")),
  kind_line = B.single("kind_line", noise * pt.ci"Intelligence Information Cable" * #B.eol),
  precedence = B.single("precedence", noise * precedence_word * #B.eol),
  page_line = B.single("page_line", holding(P"PAGE" * sp1 * digit ^ 1 * sp1 * P"OF", P"P")),
  tdcs = B.single("tdcs", holding(P"TDCS", P"T")),
  distribution = B.capture("distribution", line_test(dist_first, #no_colon * next_recipient * next_recipient)
    * (nl * B.blank ^ 0 * line_test(dist_more, no_colon)) ^ 0) * nl ^ -1
    + B.capture("distribution", line_test(comma_list, #no_colon * holding(P",", P",") * holding(P",", P",") * holding(P",", P","))) * nl ^ -1,
  date = B.capture("date", line_test(date_parts, holding(year_at_end, white))) * nl ^ -1,
  country = B.single("country", P"COUNTRY" * sp1 * B.nonblank),
  doi = B.single("doi", P"DOI" * (sps * P":") ^ -1 * sp1 * B.nonblank),
  subject = B.capture("subject", label"SUBJECT" * (sp1 * B.nonblank * B.rest * (nl * subject_line) ^ 0
    + B.eol * B.blank ^ 0 * subject_line * (nl * subject_line) ^ 0)) * nl ^ -1,
  source = B.capture("source", sps * P"SOURCE" * (sps * P":") ^ -1 * sp1 * B.nonblank * B.rest
    * (nl * B.continuation) ^ 0) * nl ^ -1,
  -- SOURCE with nothing readable after it (the source is withheld): the
  -- line is kept as unclaimed and ends the header.
  source_label = Ct(Cg(Cp(), "at") * Cg(C(label"SOURCE" * sps), "text")) * B.eol,

  -- Operational cable: release stamp and distribution list, the CITE line.
  cite_header = (V"op_field" + B.blank + V"unclaimed_run" * #(V"op_field" + V"cite")) ^ 0
    * V"cite" * Cg(Cp(), "body_start"),
  op_field = V"release" + V"distribution",
  release = B.single("release", holding(P"RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY", P"R")),
  cite = B.capture("cite", line_test(cite_parts, holding(P"CITE", P"C"))) * nl ^ -1,

  -- Furniture: PAGE 2 OF 2 PAGES; exemption marks and the page headings of
  -- the Markdown wrapper, each alone on its line.
  page_header = Ct(sps * P"PAGE" * sp1 * Cg(digit ^ 1 / tonumber, "number")
    * (sp1 * P"OF" * sp1 * Cg(digit ^ 1 / tonumber, "of")) ^ -1 * (sp1 * P"PAGES") ^ -1
    * sps * Cg(Cp(), "rest_at")),
  marker_line = sps * (Ct(Cg(lpeg.Cc"exemption", "kind") * Cg(C(exemption), "mark"))
    + Ct(Cg(lpeg.Cc"page", "kind") * P"##" * sp1 * P"Page" * sp1 * Cg(digit ^ 1 / tonumber, "number")))
    * sps * -P(1),
}
-- Exemption marks start with a digit, the page headings with "#" (after
-- blanks): no other line is tried against marker_line (docs/grammars.md).
grammar.marker_guard = { first = "0123456789#" }

grammar.fields = {}

local function after_label(text, word)
  return trim((trim(text):gsub("^" .. word .. "%s*:?", "", 1)))
end

function grammar.fields.agency(text) return trim(text) end
function grammar.fields.kind_line(text) return trim(text) end

-- The capital letters that end the line (nil when it does not end with
-- one), read from the end: the pattern "%u+$" would read a long run of
-- capitals again from each of its positions (quadratic).
local UPPER = {}
for b = ("A"):byte(), ("Z"):byte() do UPPER[b] = true end
function grammar.fields.precedence(text)
  local t = trim(text)
  local i = #t
  while UPPER[byte(t, i)] do i = i - 1 end
  if i < #t then return t:sub(i + 1) end
end

-- "!-';I "V vu PAGE 1 OF £ PAGg_": the page number, and the count if readable.
function grammar.fields.page_line(text)
  local t = trim(text)
  local value = { text = t, number = tonumber(t:match("PAGE%s+(%d+)%s+OF")) }
  value.of = tonumber(t:match("PAGE%s+%d+%s+OF%s+(%d+)"))
  if not value.of then return value, "page count not readable: " .. t end
  return value
end

-- Recipients as written: the items of a comma list, or the known recipient
-- codes found among OCR noise.
function grammar.fields.distribution(text)
  local value = { text = trim(text), recipients = {} }
  if comma_list(value.text) then
    for item in value.text:gmatch("[^,]+") do
      if item:find("%S") then value.recipients[#value.recipients + 1] = trim(item) end
    end
  else
    for line in value.text:gmatch("[^\n]+") do
      for _, r in ipairs(known_recipients(line)) do value.recipients[#value.recipients + 1] = r end
    end
  end
  return value
end

function grammar.fields.date(text)
  local t = trim(text)
  local lbl, d, month, y = date_parts(t)
  local iso, problem = dtg.iso_date(tonumber(y), dtg.month_number(month), tonumber(d))
  local value = { text = t, label = lbl ~= "" and lbl or nil, iso = iso }
  if not iso then return value, "impossible date " .. t .. ": " .. problem end
  if lbl ~= "DIST" then
    return value, "date line label not readable as DIST (" .. (lbl == "" and "none" or lbl) .. "): " .. t
  end
  return value
end

function grammar.fields.country(text) return after_label(text, "COUNTRY") end
function grammar.fields.doi(text) return after_label(text, "DOI") end
local join_lines = require("cable.trim").join_lines
function grammar.fields.source(text) return join_lines(after_label(text, "SOURCE")) end

-- "TDCS DB-315/02345-67": the cable number, when the OCR left it readable.
function grammar.fields.tdcs(text)
  local t = trim(text)
  local number = t:match("TDCS%s*%-?%s*([%u%d][%w%-/]*%d)")
  if not number then return { text = t }, "TDCS number not readable: " .. t end
  return { text = t, number = number }
end

-- The subject as written, its lines joined.
function grammar.fields.subject(text)
  return join_lines(after_label(text, "SUBJECT"))
end

-- "2025 RELEASE UNDER ... ACT OF 1992", and the NARA record number before it.
function grammar.fields.release(text)
  local t = trim(text)
  local value = { text = t, stamp = t:match("(%d%d%d%d%s+RELEASE UNDER.-ACT OF %d%d%d%d)")
    or t:match("(RELEASE UNDER.*)$") }
  value.record_number = t:match("^%W*(%d%d%d%-%d%d%d%d%d%-%d%d%d%d%d)%f[%D]")
  if not value.record_number then
    return value, "NARA record number not readable: " .. t:sub(1, (t:find("RELEASE", 1, true) or 1) - 1)
  end
  return value
end

-- A first word that is a precedence word garbled by OCR ("CLORITY"): its
-- letters, aligned from the end, agree with the word's in three places of five.
local function garbled_precedence(word)
  for _, p in ipairs(PRECEDENCES) do
    if math.abs(#word - #p) <= 1 and #word >= 5 then
      local same = 0
      for i = 0, math.min(#word, #p) - 1 do
        if word:sub(-1 - i, -1 - i) == p:sub(-1 - i, -1 - i) then same = same + 1 end
      end
      if same * 5 >= #p * 3 then return p end
    end
  end
end

-- "CLORITY TESY INFO DIR CITE MEXI 7416 ...": precedence, addressees (TO,
-- then INFO), the CITE station and its number.
function grammar.fields.cite(text)
  local t = trim(text)
  local words, station, number, rest = cite_parts(t)
  local value = { text = t, station = station, number = number, to = {}, info = {} }
  if trim(rest) ~= "" then value.rest = trim(rest) end
  local warnings, list = {}, value.to
  for word in words:gmatch("%S+") do
    local first = #value.to == 0 and not value.precedence and not value.precedence_text
    local clean = first and lpeg.match(WHOLE_PRECEDENCE, word)
    if clean then
      value.precedence = word
    elseif first and garbled_precedence(word) then
      value.precedence_text = word
      warnings[#warnings + 1] = "precedence word not readable: " .. word
    elseif word == "INFO" then
      list = value.info
    else
      list[#list + 1] = { text = word, name = word }
    end
  end
  return value, warnings
end

local function max_page(rec)
  local n = 0
  local function see(x) if x and x > n then n = x end end
  for _, h in ipairs(rec.page_headers or {}) do see(h.number); see(h.of) end
  for _, m in ipairs(rec.markers or {}) do
    if m.value.kind == "page" then see(m.value.number) end
  end
  if type(rec.page_line) == "table" then see(rec.page_line.number); see(rec.page_line.of) end
  return n
end

-- The routing of an operational cable, from its CITE line.
local function from_cite(rec, ctx)
  local c = rec.cite
  rec.kind = "operational cable"
  rec.serial = { text = c.text, station = c.station, number = c.number }
  rec.id = c.station .. " " .. c.number
  rec.from = { text = c.station, name = c.station }
  if #c.to > 0 then rec.to = c.to end
  if #c.info > 0 then rec.info = c.info end
  rec.precedence = c.precedence
  if type(rec.release) == "table" then rec.record_number = rec.release.record_number end
  if not rec.date then ctx.warn("no readable date (the date-time group is missing or garbled)") end
end

-- What follows the first "FIELD DISSEM:" that starts a line (white space
-- before it allowed). Plain finds of the words, then a look back over the
-- white space before them and an anchored match: as the unanchored
-- "\n%s*FIELD DISSEM..." the pattern would read a run of blank lines again
-- from each of its line ends (quadratic).
local WHITE = require("cable.trim").space_bytes
local function field_dissem_text(body)
  local at = body:find("FIELD DISSEM", 1, true)
  while at do
    local j = at - 1
    while WHITE[byte(body, j)] and byte(body, j) ~= 10 do j = j - 1 end
    if byte(body, j) == 10 then
      local list = body:match("^FIELD DISSEM%s*:%s*([^\n]+)", at)
      if list then return list end
    end
    at = body:find("FIELD DISSEM", at + 1, true)
  end
end

-- FIELD DISSEM: STATE, ARMY, AIR ... at the end of the body.
local function field_dissem(body)
  local list = field_dissem_text(body)
  if not list then return nil end
  local out = {}
  for item in list:gmatch("[^,]+") do
    if item:find("%S") then out[#out + 1] = trim(item) end
  end
  return out
end

function grammar.finish(rec, ctx)
  table.insert(rec.warnings, 1, { message = "the text is OCR output of a scanned cable: fields are read"
    .. " as written, never corrected; lines that could not be read are kept in `unclaimed`" })
  for _, w in ipairs(rec.warnings) do
    w.message = w.message:gsub("^header line no rule claims: ", "header line not readable (OCR): ")
  end
  if type(rec.cite) == "table" then
    from_cite(rec, ctx)
  else
    rec.kind = "intelligence information cable"
    rec.id = type(rec.tdcs) == "table" and rec.tdcs.number and "TDCS " .. rec.tdcs.number or nil
    if not rec.id then ctx.warn("no cable number (TDCS) readable: the record has no id") end
    if not rec.date then ctx.warn("no readable DIST date line") end
    if not rec.subject then ctx.warn("no readable SUBJECT") end
    rec.field_dissem = field_dissem(rec.body)
  end
  if not rec.classification then ctx.warn("no classification word readable on a line of its own") end
  local exemptions = {}
  for _, m in ipairs(rec.markers or {}) do
    if m.value.kind == "exemption" then exemptions[#exemptions + 1] = { mark = m.value.mark, line = m.line } end
  end
  if #exemptions > 0 then rec.exemptions = exemptions end
  local pages = max_page(rec)
  if pages > rec.pages then rec.pages = pages end
  local c = rec.container
  if c and c.unclosed then ctx.warn("Markdown fence opened on line " .. c.unclosed .. " is never closed") end
  if c and c.text and #c.text > 0 then
    ctx.warn(#c.text .. " line(s) outside the Markdown fences kept in container.text")
  end
end

return grammar
