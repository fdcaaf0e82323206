-- Grammar for US Navy NAVADMIN messages: an ACP-127 envelope (routing line,
-- ZNR line, precedence and date-time group, FM/TO/INFO, BT), the
-- classification line with its subject code, the NAVADMIN number, the
-- GENADMIN sets (MSGID/, SUBJ/, REF/, AMPN/, NARR/, POC/), then the RMKS/
-- paragraphs, BT, #nnnn and NNNN. docs/grammars.md builds it step by step.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local B = require "cable.blocks"
local pt = require "cable.patterns"
local dtg = require "cable.fields.dtg"
local classification = require "cable.fields.classification"
local normalise = require "cable.normalise"

local P, S, V, C, Cg, Ct, Cp, Cs = lpeg.P, lpeg.S, lpeg.V, lpeg.C, lpeg.Cg, lpeg.Ct, lpeg.Cp, lpeg.Cs
local sps, sp1, digit, upper, nl = pt.sps, pt.sp1, pt.digit, pt.upper, B.nl

local grammar = {
  name = "navadmin",
  description = "US Navy NAVADMIN general message (ACP-127 envelope, GENADMIN sets, RMKS paragraphs)",
  end_marker = "NNNN",
}

-- The message number line, "NAVADMIN 144/20", names the format.
local number = P"NAVADMIN" * sp1 * digit ^ 1 * sps * P"/" * sps * digit * digit

-- Is there nothing but blanks between a line start and position at?
local function blanks_before(s, at)
  local first = at
  while first > 1 and (s:byte(first - 1) == 32 or s:byte(first - 1) == 9) do first = first - 1 end
  return first == 1 or s:byte(first - 1) == 10
end

-- The number line in the first 4000 bytes: plain finds of "VADMIN" (a
-- find stops at each byte like the first it looks for: "V" is rarer than
-- "N"), then the line start before "NAVADMIN" and the number after.
local function number_line(head)
  local at = head:find("VADMIN", 3, true)
  while at do
    if blanks_before(head, at - 2) and lpeg.match(number, head, at - 2) then return true end
    at = head:find("VADMIN", at + 1, true)
  end
  return false
end

-- A line that starts with "MSGID/GENADMIN/": plain finds of "GENADMIN/"
-- (rarer than the line ends), then the bytes before it.
local function genadmin_line(head)
  local at = head:find("GENADMIN/", 7, true)
  while at do
    local start = at - 6
    if (start == 1 or head:byte(start - 1) == 10) and head:sub(start, at - 1) == "MSGID/" then return true end
    at = head:find("GENADMIN/", at + 1, true)
  end
  return false
end

function grammar.detect(text)
  local head = text:sub(1, 4000)
  if number_line(head) then return 1 end
  if genadmin_line(head) then return 0.5 end
  return 0
end

-- A GENADMIN set: KEYWORD/ then its lines up to the one that ends in "//".
-- A line that opens another set, or a blank line, ends an unclosed set.
local close = P"//" * sps * #(nl + -P(1))
local set_line = (-close * (1 - nl)) ^ 0
local function set(keyword)
  local more = nl * B.nonblank * -V"set_start" * set_line
  return sps * keyword * P"/" * set_line * more ^ 0 * close ^ -1
end
-- Several sets of one kind in a row, blank lines allowed between them.
local function sets(one)
  return one * (nl * B.blank ^ 0 * one) ^ 0
end

local level = P"UNCLASSIFIED" + P"CONFIDENTIAL" + P"TOP SECRET" + P"SECRET"
local ssic = P"//" ^ -1 * sps * upper * digit * digit * digit * digit * digit * sps * P"//"
local section = P"SECTION" * sp1 * digit ^ 1 * sp1 * P"OF" * sp1 * digit ^ 1
local reference = set(P"REF" * (sp1 * upper) ^ -1) + set(P"AMPN")

grammar.rules = {
  header = (V"field" + B.blank + V"unclaimed_run") ^ 0 * V"remarks" ^ -1 * Cg(Cp(), "body_start"),
  field = V"banner" + V"message_type" + V"precedence_word" + V"routing" + V"security_line"
    + V"dtg_line" + V"from" + V"to" + V"info" + V"pass_to" + V"note" + V"class_line"
    + V"id" + V"msgid" + V"subject" + V"references" + V"narr" + V"poc",
  para_start = B.para_start,
  unclaimed = B.unclaimed,
  unclaimed_run = V"unclaimed" * (V"unclaimed" + B.blank) ^ -5 * #(V"field" + V"remarks"),

  -- The envelope.
  banner = B.single("banner", (P"CLASSIFICATION:" * sps) ^ -1 * level * P"//" * #B.eol),
  message_type = B.single("message_type", P"ADMINISTRATIVE MESSAGE" * #B.eol),
  precedence_word = B.single("precedence_word",
    (P"ROUTINE" + P"PRIORITY" + P"IMMEDIATE" + P"FLASH") * #B.eol),
  routing = B.single("routing", upper * upper * upper * upper * P"ZYUW" * sp1),
  security_line = B.single("security_line", P"ZN" * S"RY" * sp1),
  dtg_line = B.dtg_line,
  from = B.from,
  to = B.to,
  info = B.info,
  pass_to = B.single("pass_to", P"PASS TO" * sp1),
  note = B.single("note", P"***"),

  -- The message.
  class_line = B.single("class_line", classification.pattern * (sps * ssic) ^ -1 * sps * section ^ -1
    * #B.eol),
  id = B.single("id", number),
  set_start = sps * (P"MSGID" + P"SUBJ" + P"REF" * (sp1 * upper) ^ -1 + P"AMPN" + P"NARR"
    + P"POC" + P"RMKS" + P"GENTEXT") * P"/",
  msgid = B.capture("msgid", set(P"MSGID")) * nl ^ -1,
  subject = B.capture("subject", set(P"SUBJ")) * nl ^ -1,
  references = B.capture("references", sets(reference)) * nl ^ -1,
  narr = B.capture("narr", set(P"NARR")) * nl ^ -1,
  poc = B.capture("poc", sets(set(P"POC"))) * nl ^ -1,
  remarks = B.capture("remarks", sps * (P"RMKS" + P"GENTEXT/REMARKS")) * P"/",

  -- Furniture: PAGE 02 RUENAAA3410 UNCLAS; the BT and #0001 lines, and the
  -- "SUBJ:" line a message handling system writes at each section's start.
  page_header = Ct(sps * P"PAGE" * sp1 * Cg(digit ^ 1 / tonumber, "number")
    * (sp1 * Cg(C(upper * upper ^ -7), "station") * Cg(C(digit ^ 1), "serial")) ^ -1
    * (sp1 * Cg(C(upper ^ 1), "classification")) ^ -1 * sps * Cg(Cp(), "rest_at")),
  marker_line = sps * C(P"BT" + P"#" * digit ^ 1 + P"SUBJ:" * B.rest) * sps * -P(1),
}
-- Only lines starting (after blanks) with B, # or S are tried against
-- marker_line (docs/grammars.md).
grammar.marker_guard = { first = "B#S" }

-- Field normalisers: each gets the captured text and returns the value.

local trim = require("cable.trim").both

-- The inside of a set: keyword and closing "//" removed, lines joined (a
-- continuation line's leading "/" dropped when join_slash is set): a
-- hyphen at a line end joins the word it splits, any other run of white
-- space that holds a line end becomes one space. One LPeg pass (Lua's
-- %s is the white space here). Blanks that no line end follows are copied
-- as one run: tried from each of their positions, the look for a line end
-- would read the rest of the run each time (quadratic).
local white, blanks = S" \t\n\v\f\r", S" \t\v\f\r"
local hyphen_join = P"-" * S" \t" ^ 0 * nl * white ^ 0 / "-"
local line_break = blanks ^ 0 * nl * white ^ 0
local JOIN = Cs((hyphen_join + line_break / " " + blanks ^ 1 + 1) ^ 0)
local JOIN_SLASH = Cs((hyphen_join + line_break * P"/" ^ -1 / " " + blanks ^ 1 + 1) ^ 0)
local function inside(text, join_slash)
  local body = trim(text):gsub("^[%u ]-/", "", 1)
  if body:sub(-2) == "//" then body = body:sub(1, -3) end
  return trim(lpeg.match(join_slash and JOIN_SLASH or JOIN, body))
end

local function split(s)
  local parts = {}
  for part in (s .. "/"):gmatch("([^/]*)/") do parts[#parts + 1] = trim(part) end
  return parts
end

-- "01SEP04", "24MAY2005" -> "2004-09-01"
local function day_date(s)
  local d, mon, y = s:match("^(%d%d?)(%a%a%a)(%d%d%d?%d?)$")
  local m = mon and dtg.month_number(mon)
  if not m or (#y ~= 2 and #y ~= 4) then return nil end
  return (dtg.iso_date(dtg.expand_year(tonumber(y)), m, tonumber(d)))
end

local KINDS = { MSG = "message", NAVADMIN = "message", ALNAV = "message", DOC = "document",
  LTR = "letter", MEMO = "memo", TEL = "telcon", TELCON = "telcon", EMAIL = "email" }

-- "REF/A/MSG/...": the label (A) and the rest. LPeg: as
-- "^REF%s*/?%s*(%w+)%s*/(.*)$" the two runs of white space around a missing
-- "/" would share a run of blanks in every way before failing (quadratic).
local REF_LABEL = P"REF" * white ^ 0 * P"/" ^ -1 * white ^ 0 * C(pt.alnum ^ 1) * white ^ 0 * P"/" * C(P(1) ^ 0)

-- One REF set: letter, kind, originator, then a date-time group or a date.
local function reference_item(line)
  local label, rest = lpeg.match(REF_LABEL, line)
  if not label then return nil end
  local parts = split(rest)
  local item = { label = label, text = rest, type = parts[1], originator = parts[2] }
  item.kind = KINDS[parts[1]] or (parts[1] or ""):lower()
  for i = 3, #parts do
    local p = parts[i]
    local group = dtg.parse(p)
    if group and group.iso then
      item.dtg, item.iso = p, group.iso
    elseif day_date(p) then
      item.date = day_date(p)
    elseif p == "NOTAL" then
      item.notal = true
    elseif p ~= "-" and p ~= "" then
      item.title = item.title and item.title .. "/" .. p or p
    end
  end
  return item
end

grammar.fields = {}

function grammar.fields.banner(text)
  return classification.parse(trim(text):gsub("^CLASSIFICATION:%s*", ""))
end

-- "CNO WASHINGTON DC//N1NT//" -> "CNO WASHINGTON DC", "N1NT": the name
-- before the first "//" (without the blanks before it) and what stands
-- between it and the "//" that ends s; nil when s does not end so. Plain
-- finds: the pattern "^(.-)%s*//(.-)//$" retries a run of blanks from each
-- of its positions.
local function name_and_office(s)
  local at = s:find("//", 1, true)
  if not at or #s < at + 3 or s:sub(-2) ~= "//" then return nil end
  return require("cable.trim").right(s:sub(1, at - 1)), s:sub(at + 2, -3)
end

-- FM CNO WASHINGTON DC//N1NT// -> the standard addressee, plus its office.
function grammar.fields.from(text, ctx)
  local value, warnings = normalise.from(text, ctx)
  if type(value) == "table" and value.name then
    local name, office = name_and_office(value.name)
    if name then value.name, value.office = name, office end
  end
  return value, warnings
end

-- RAAUZYUW RUENAAA0211 0070052-UUUU--RUCRNAD.
function grammar.fields.routing(text, ctx)
  local value = { text = trim(text) }
  local station, seq, filed, dest = value.text:match("^%u+%s+(%u%u%u%u%u%u%u)(%d+)%s+(%d%d%d%d%d%d%d)%-%u+%-%-(%u+)")
  if not station then return value, "routing line not understood: " .. value.text end
  value.station, value.sequence, value.to = station, seq, dest
  value.filed = dtg.julian(filed, ctx.year)
  return value
end

-- "UNCLAS //N01040// SECTION 01 OF 02" -> "UNCLAS //N01040//", "01", "02":
-- s without the "SECTION n OF m" that ends it and the blanks before, and the
-- two numbers; s alone when it does not end so. Plain finds of SECTION, then
-- an anchored match: gsub("%s*SECTION...$", "") would retry a run of blanks
-- from each of its positions (quadratic).
local function without_section(s)
  local at = s:find("SECTION", 1, true)
  while at do
    local part, of = s:match("^SECTION%s+(%d+)%s+OF%s+(%d+)%s*$", at)
    if part then return require("cable.trim").right(s:sub(1, at - 1)), part, of end
    at = s:find("SECTION", at + 1, true)
  end
  return s
end

-- Every "//N01040//" (blanks allowed around the code) made "//", the blanks
-- before it dropped: gsub("%s*//%s*%u%d%d%d%d%d%s*//", "//") in one pass
-- that steps over a run of blanks at once (the gsub retries it from each of
-- its positions).
local ssic = P"//" * white ^ 0 * upper * digit * digit * digit * digit * digit * white ^ 0 * P"//"
local DROP_SSIC = Cs((white ^ 0 * ssic / "//" + white ^ 1 + 1) ^ 0)

-- UNCLAS //N01040// SECTION 01 OF 02
function grammar.fields.class_line(text)
  local value = { text = trim(text) }
  local words, part, of = without_section(value.text)
  if part then value.section, value.sections = tonumber(part), tonumber(of) end
  local code = words:match("//%s*(%u%d%d%d%d%d)%s*//")
  if code then
    value.ssic = code
    words = lpeg.match(DROP_SSIC, words)
  end
  value.classification = classification.parse(words)
  return value
end

-- NAVADMIN 040/10 CORRECTED COPY -> "NAVADMIN 040/10"; the rest is noted.
function grammar.fields.id(text, ctx)
  local id, rest = trim(text):match("^(NAVADMIN%s+%d+%s*/%s*%d%d)%s*(.-)$")
  if rest ~= "" then ctx.record.id_note = rest end
  return (id:gsub("%s+", " "):gsub(" ?/ ?", "/"))
end

-- MSGID/GENADMIN/CNO WASHINGTON DC/N1/MAY//
function grammar.fields.msgid(text)
  local parts = split(inside(text))
  return { text = trim(text), set = parts[1], originator = parts[2], office = parts[3], month = parts[4] }
end

function grammar.fields.subject(text, ctx)
  local value, warning = require("cable.fields.subject").parse(inside(text, true))
  if not value then return nil, warning end
  ctx.record.subject_display = value.display
  return value.text
end

-- The sets in a run of sets: a new one starts at a line that opens one.
local function each_set(text, opens)
  local list = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if lpeg.match(opens, line) or #list == 0 then
      list[#list + 1] = trim(line)
    elseif line:find("%S") then
      list[#list] = list[#list] .. " " .. trim(line)
    end
  end
  return list
end

local opens_ref = sps * (P"REF" * sps * (upper * sps) ^ -1 * P"/" + P"AMPN/")

-- REF/A/... sets, each maybe followed by an AMPN/ set that explains it.
function grammar.fields.references(text)
  local list, warnings = {}, {}
  for _, one in ipairs(each_set(text, opens_ref)) do
    if one:match("^AMPN/") then
      if list[#list] then list[#list].amplification = inside(one) end
    else
      local item = reference_item(one:gsub("//$", ""))
      if item then list[#list + 1] = item else warnings[#warnings + 1] = "REF set not understood: " .. one end
    end
  end
  return list, warnings
end

function grammar.fields.narr(text) return inside(text) end

-- POC/NAME/RANK/OFFICE/... : one entry a set, its fields split at "/".
function grammar.fields.poc(text)
  local list = {}
  for _, one in ipairs(each_set(text, sps * P"POC/")) do
    list[#list + 1] = { text = inside(one), fields = split(inside(one)) }
  end
  return list
end

-- The releasing officer, named in the last paragraph: "RELEASED BY ...//",
-- what stands between the first "RELEASED BY " (any letter case) and the
-- dots and blanks before the "//" that ends the text. Read from the end,
-- byte by byte: matched as "RELEASED BY (.-)[%.%s]*//$" the dots and blanks
-- would be read again from each of their positions (quadratic).
local DOT_OR_SPACE = { [46] = true }
for b in pairs(require("cable.trim").space_bytes) do DOT_OR_SPACE[b] = true end
local function released_by(paragraphs)
  local last = paragraphs[#paragraphs]
  local text = last and last.text or ""
  if text:sub(-2) ~= "//" then return nil end
  local _, stop = text:find("[Rr][Ee][Ll][Ee][Aa][Ss][Ee][Dd] [Bb][Yy] ")
  if not stop then return nil end
  local j = #text - 2
  while j > stop and DOT_OR_SPACE[text:byte(j)] do j = j - 1 end
  return text:sub(stop + 1, j)
end

-- The classification banner repeated after NNNN is furniture, not stray text.
local banner_line = sps * (P"CLASSIFICATION:" * sps) ^ -1 * level * P"//" * sps * -P(1)
local function claim_trailer(rec)
  for i = #rec.unclaimed, 1, -1 do
    local u = rec.unclaimed[i]
    if lpeg.match(banner_line, u.text) then
      rec.trailer = u.text
      table.remove(rec.unclaimed, i)
      for k = #rec.warnings, 1, -1 do
        if rec.warnings[k].line == u.line then table.remove(rec.warnings, k) end
      end
    end
  end
end

function grammar.finish(rec, ctx)
  if not rec.id then ctx.warn("no NAVADMIN number line (NAVADMIN nnn/yy)") end
  local line = rec.class_line
  if type(line) == "table" and line.classification then
    rec.classification = line.classification
  elseif not rec.classification and rec.banner then
    rec.classification = rec.banner
  end
  rec.released_by = released_by(rec.paragraphs)
  claim_trailer(rec)
end

return grammar
