-- Grammar for the 2010 Cablegate release: plain texts, WikiLeaks cable pages,
-- cables.csv rows and the five-line metadata layout (lua/cable/containers),
-- the ACP-127 envelope (lua/cable/envelope.lua), the 1966-1990 telegrams
-- without one, and the WikiLeaks artefacts (partial-extract notice, page
-- markers in the text, bodies cut to "...", other cables' records appended).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local B = require "cable.blocks"
local E = require "cable.envelope"
local pt = require "cable.patterns"
local dtg = require "cable.fields.dtg"
local classification = require "cable.fields.classification"
local normalise = require "cable.normalise"
local year_evidence = require "cable.year_evidence"

local V, P, S, C, Cmt = lpeg.V, lpeg.P, lpeg.S, lpeg.C, lpeg.Cmt
local sps, sp1, digit, upper = pt.sps, pt.sp1, pt.digit, pt.upper
local nl = P"\n"

local grammar = {
  name = "cablegate",
  description = "WikiLeaks Cablegate cable (2010-11): text, cable page, cables.csv row or 5-line metadata layout",
}

local NOTICE = "This record is a partial extract of the original cable. The full text of the original cable is not available."

-- Message-number line; also the garbled leads of some texts ("SS E C R E T",
-- "CSE C R E T", "E C R E T") and a year before the station ("75 LIBREVILLE").
-- Some texts were put in lower case ("S e c r e t berlin 001068").
local ci = pt.ci
local function ci_spaced(word)
  local out = P(true)
  for i = 1, #word do
    out = out * ci(word:sub(i, i)) * (i < #word and sps or P(true))
  end
  return out
end
local lower_lead = P(false)
for _, w in ipairs({ "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS" }) do lower_lead = lower_lead + ci_spaced(w) end
local station_word = pt.letter * (pt.letter + S"-.'") ^ 0
local lead = classification.pattern + upper * classification.pattern + pt.spaced("ECRET") + lower_lead * #sp1
local serial = B.capture("serial", sps * lead * sp1 * (E.section * sp1) ^ -1 * (digit * digit * sp1) ^ -1
  * station_word * (sp1 * station_word) ^ 0 * sp1 * digit * digit * digit ^ 1 * sps * #(nl + -P(1))) * nl ^ -1

-- An attention or passing line ("DEPT FOR EUR/WE", "PASS TO NSC", "GENEVA
-- FOR JEFF DELAURENTIS"): no lower case, no colon, and FOR, PASS or PLS
-- among its first four words.
local function attention_line(_, pos, line)
  if line:find("[a-z:]") or #line > 100 then return false end
  local n = 0
  for word in line:gmatch("%S+") do
    n = n + 1
    if n > 4 then return false end
    if word == "FOR" or word == "PASS" or word == "PLS" then
      if n == 1 and select(2, line:gsub("%S+", "")) > 8 and not line:find("[/,]") then return false end
      return pos
    end
  end
  return false
end
-- What attention_line needs at least, tested first in LPeg: most header and
-- body lines fail it, and so cost no Lua call.
local space = S" \t\v\f\r"
local word = (1 - space - nl) ^ 1
local keyword = (P"FOR" + P"PASS" + P"PLS") * (space + nl + -P(1))
local function among_first(n)  -- keyword is one of the line's first n words
  if n == 1 then return keyword end
  return keyword + word * space ^ 1 * among_first(n - 1)
end
local names_for = #(sps * among_first(4))
local attention_one = names_for * Cmt(sps * C((1 - nl) ^ 1), attention_line)
-- Continuation: short lines of office symbols and names (EUR/RPM, INR/IAA).
local function attention_more_line(_, pos, line)
  if line:find("[a-z]") or line:find("%.%s*$") then return false end
  if line:find("[/,(]") or select(2, line:gsub("%S+", "")) <= 3 then return pos end
  return false
end
local attention_more = B.nonblank * -V"field" * -V"para_start" * Cmt(C((1 - nl) ^ 1), attention_more_line)
-- An attention line the E.O. line was run into ("DEPT FOR WHA/BSC E.O. 12958:
-- DECL: 11/22/2012"): the attention ends there, the E.O. field follows.
local eo_inline = pt.sp * B.eo_head  -- one blank then E.O.: linear over long blank runs
local attention_before_eo = names_for * Cmt(sps * C((1 - nl - eo_inline) ^ 1) * #eo_inline, attention_line)
local attention = names_for * B.capture("attention", attention_before_eo
  + attention_one * (nl * (B.blank ^ 0 * attention_one + attention_more)) ^ 0) * nl ^ -1

-- The notice WikiLeaks put before partial texts; the message-number line
-- may follow it on the same line.
local notice = B.capture("notice", sps * P(NOTICE)) * (V"serial" + B.eol)

-- A date-time group alone on its line (291359Z Nov 00), and the date line
-- the cable viewer adds (Wednesday, 29 November 2000, 13:59).
local dtg_alone = sps * B.capture("dtg", dtg.pattern) * B.eol
local weekday = P"Monday" + P"Tuesday" + P"Wednesday" + P"Thursday" + P"Friday" + P"Saturday" + P"Sunday"
local viewer_date = B.capture("viewer_date", sps * weekday * P"," * sp1 * digit * digit ^ -1 * sp1
  * pt.letter ^ 3 * sp1 * digit ^ 4 * P"," * sp1 * digit * digit * P":" * digit * digit) * B.eol

-- Declassification stamps, and the note of 1960s copies from NARA.
local stamp = B.field("declassified", P"Declassified/Released")
local archive_note = B.field("archive_note", P"Original Telegram was")
local dashes = sps * P"-" ^ 5 * (sp1 * P"-" ^ 1) ^ 0 * sps
local archive_copy = B.capture("archive_copy", dashes * nl * sps * P"Copy from the National Archives" * B.rest
  * (nl * -dashes * B.rest) ^ 0 * (nl * dashes) ^ -1) * B.eol

-- Field keywords in any letter case (Subject:, Ref:, "(U) Classified by").
local marking = P"(" * (upper + S"/") ^ 1 * P")" * sps
local subject = B.subject_block((ci"SUBJECT" + ci"SUBJ") * sps * P":")
-- REF lists: lettered items (¶B. PARIS 8313) may follow after blank lines.
local para_sign = P"\194\182" + P"\239\191\189"
local ref_item = sps * para_sign ^ -1 * sps * upper * P"." * sp1 * B.rest
local references = B.capture("references", sps * (P"REF" * upper ^ 0 * sps * (P":" + #sp1)
  + ci"Ref" * pt.letter ^ 0 * sps * P":") * B.rest
  * (nl * (B.blank ^ 0 * ref_item + B.continuation)) ^ 0) * nl ^ -1

-- Office distribution that starts with INFO (no ACTION line), and the
-- counter line under it (-----A54E38 291401Z /38); other dash lines are
-- headings of the body.
local office_line = sps * (P"INFO" * sp1) ^ -1 * (B.office_token + P"/" * digit + P"(" * upper ^ 1 * P")") * B.rest
local info_offices = B.capture("offices", sps * P"INFO" * sp1 * B.office_token * B.rest
  * (nl * B.blank ^ 0 * office_line) ^ 0) * nl ^ -1
local dash_line = B.single("dash_line", P"---" * P"-" ^ 0 * pt.alnum)

-- Lines of the Department's print (09STATE63860): the bare message number,
-- "SOURCE: CBLEXCLS.000423"; a classification line with its caveats
-- ("SECRET//NOFORN"); "C O R R E C T E D COPY CAPTION"; TAG without S.
local print_banner = B.capture("print_banner", sps * classification.pattern * sp1 * upper ^ 2 * digit ^ 3) * B.eol
local print_number = B.capture("print_number", sps * digit * digit * digit * digit * digit * digit) * B.eol
local source = B.single("source", P"SOURCE:")
local classification_line = B.capture("classification_line", sps * classification.pattern
  * P"/" * (upper + S"/ ,") ^ 1) * B.eol
local corrected = B.single("corrected", pt.spaced("CORRECTED") * sps * P"COPY")
local tags = B.tags + B.field("tags", P"TAG" * sp1)
-- Classified By may continue over lines, but not into a dash line or a
-- SUMMARY heading under it (04AMMAN1288).
local heading = sps * (P"-" ^ 3 + marking ^ -1 * (ci"begin" * sp1) ^ -1 * ci"summary")
local classified_by = B.capture("classified_by", sps * marking ^ -1 * ci"classified by" * sps * P":" ^ -1 * B.rest
  * (nl * -heading * B.continuation) ^ 0) * nl ^ -1

-- Captions and attention lines may stand in several places of a header.
grammar.repeatable = { captions = true, attention = true }

grammar.rules = {
  header = B.header,
  field = V"notice" + V"transmission" + V"routing" + V"de" + V"security" + V"bt"
    + V"offices" + V"info_offices" + V"dtg_line" + V"dtg_alone" + V"viewer_date" + V"from" + V"to" + V"info" + V"xmt"
    + V"serial" + V"captions" + V"eo" + V"tags" + V"subject" + V"references" + V"classified_by"
    + V"declassified" + V"archive_note" + V"archive_copy" + V"dash_line" + V"drafted_by"
    + V"approved_by" + V"print_number" + V"print_banner" + V"source" + V"classification_line"
    + V"corrected" + V"attention",
  para_start = B.para_start,
  unclaimed = B.unclaimed,
  unclaimed_run = -(sps * pt.ci"summary") * B.unclaimed_run,
  notice = notice,
  transmission = E.transmission,
  routing = E.routing,
  de = E.de,
  security = E.security,
  bt = E.bt,
  offices = B.offices,
  info_offices = info_offices,
  dash_line = dash_line,
  dtg_line = B.dtg_line,
  dtg_alone = dtg_alone,
  viewer_date = viewer_date,
  from = B.from,
  to = B.to,
  info = B.info,
  xmt = B.xmt,
  serial = serial,
  captions = B.captions,
  eo = B.eo,
  tags = tags,
  drafted_by = B.drafted_by,
  approved_by = B.approved_by,
  print_number = print_number,
  print_banner = print_banner,
  source = source,
  classification_line = classification_line,
  corrected = corrected,
  subject = subject,
  references = references,
  classified_by = classified_by,
  declassified = stamp,
  archive_note = archive_note,
  archive_copy = archive_copy,
  attention = attention,
  page_header = B.page_header,
  marker_line = E.marker_line,
}
-- Page markers and the validation line end in a digit, BT in "T" (before
-- any blanks): no other line is tried against marker_line (docs/grammars.md).
grammar.marker_guard = { last = "0123456789T" }

local trim = require("cable.trim").both
local join_lines = require("cable.trim").join_lines
local function one_line(s) return trim(join_lines(s)) end

-- A REF list or Classified By line run into the SUBJECT line ("SUBJECT:
-- ENERGY INSTALLATIONS REF: BRASILIA 861", "... UK PRIMEREF: ...", "... REF:
-- MOSCOW 00079  Classified By: ..."): the subject parser ends the subject
-- there; the subject is what comes before, the rest is kept in ctx.inline
-- for finish to read as those fields.
local INLINE_STARTS = {
  references = { "REFS?%s*:", "REF%(S%)%s*:", "REFTELS?%s*:" },
  classified_by = { "%f[%a]CLASSIFIED%s+BY" },
}
local function inline_fields(text)
  local up = text:upper()
  local starts = {}
  for name, patterns in pairs(INLINE_STARTS) do
    for _, p in ipairs(patterns) do
      local at = up:find(p, (up:find(":", 1, true) or 0) + 1)
      if at and (not starts[name] or at < starts[name]) then starts[name] = at end
    end
  end
  local found, first = {}, #text + 1
  for name, at in pairs(starts) do
    local stop = #text
    for _, other in pairs(starts) do
      if other > at and other - 1 < stop then stop = other - 1 end
    end
    found[name] = trim(text:sub(at, stop))
    first = math.min(first, at)
  end
  return text:sub(1, first - 1), next(found) and found or nil
end

-- Normalisers for the fields this grammar adds or reads differently.
grammar.fields = {
  transmission = E.parse_transmission,
  routing = E.parse_routing,
  security = E.parse_security,
  de = function(text, ctx) return E.parse_de(text, ctx.year) end,
  notice = trim,
  print_number = trim,
  print_banner = trim,
  source = function(text) return trim(text:gsub("^%s*SOURCE:%s*", "")) end,
  corrected = trim,
  classification_line = function(text) return classification.parse(trim(text)) end,
  viewer_date = trim,
  declassified = one_line,
  archive_note = one_line,
  archive_copy = trim,
  attention = function(text)
    local list = {}
    for line in text:gmatch("[^\n]+") do
      if line:find("%S") then
        if line:match("^%s*%(") and #list > 0 then
          list[#list] = list[#list] .. " " .. trim(line)
        else
          list[#list + 1] = trim(line)
        end
      end
    end
    return list
  end,
  subject = function(text, ctx)
    local own
    own, ctx.inline = inline_fields(text)
    return normalise.subject(own:gsub("^%s*[Ss][Uu][Bb][Jj]%a*", "SUBJECT", 1), ctx)
  end,
  references = function(text, ctx)
    return normalise.references(text:gsub("^%s*[Rr][Ee][Ff]", "REF", 1), ctx)
  end,
  classified_by = function(text, ctx)
    return normalise.classified_by(text:gsub("^%s*%([%u/]+%)%s*", "", 1), ctx)
  end,
  -- A garbled lead is read without its stray letter (or with its lost S).
  serial = function(text, ctx)
    local t = trim(text)
    local up = t:upper()
    for i, fixed in ipairs({ up, up:sub(2), "S " .. up }) do
      if classification.leading(fixed) then
        local value, warning = normalise.serial(fixed, ctx)
        value.text = t
        if i == 1 then return value, warning end
        return value, "garbled classification on the message-number line: " .. t
      end
    end
    return { text = t }, "message-number line without a classification: " .. t
  end,
}

local containers = {
  require "cable.containers.html",
  require "cable.containers.csv",
  (require "cable.containers.header5"),
}
local rows = require "cable.containers.rows"

-- Takes the cable text out of its container (if any) and unpacks database
-- records run into it; the second value is the container's metadata.
function grammar.unwrap(text)
  local inner, meta = text, nil
  for _, c in ipairs(containers) do
    if c.is(text) then
      local err, pos
      inner, err, pos = c.unwrap(text)
      if not inner then return nil, err, pos end
      meta = err
      break
    end
  end
  local unpacked, info = rows.unwrap(inner)
  if info then
    meta = meta or { source = "text" }
    meta.row, meta.appended = info.row, info.appended
  end
  return unpacked, meta
end

-- Detection: how much of a Cablegate text is there. Each test finds its
-- literal word with plain finds (memchr speed) or an LPeg span, and checks
-- the rest of its pattern anchored there: a Lua pattern tried at every byte
-- of the head cost ~100 us a test.
local is_space = require("cable.trim").is_space
local SPACE = require("cable.trim").space_bytes
local byte = string.byte

-- Is there only white space (line ends too, as "%s*" matches them) from a
-- line start to position at?
local function blanks_from_line_start(s, at)
  for i = at - 1, 1, -1 do
    local b = byte(s, i)
    if b == 10 then return true end
    if not is_space(b) then return false end
  end
  return true
end

-- Does a line of s start with word (after white space if lead), followed by
-- a match of rest (a Lua pattern anchored with "^")?
local function line_with(s, word, rest, lead)
  local at = s:find(word, 1, true)
  while at do
    local starts
    if lead then starts = blanks_from_line_start(s, at) else starts = at == 1 or byte(s, at - 1) == 10 end
    if starts and s:find(rest, at + #word) then return true end
    at = s:find(word, at + 1, true)
  end
  return false
end

-- "E.O. 12958" anywhere, as "O%.?%s+1%d%d%d%d" finds it: an LPeg span from
-- one "O" to the next, and the test after each. The test starts with the
-- byte after the "O" ("." or a blank), so that LPeg rules out most "O"s by
-- that byte alone, without a backtrack entry.
local white = S" \t\n\v\f\r"
local eo_number = P{ (1 - P"O") ^ 0 * P"O"
  * ((P"." * white + white) * white ^ 0 * P"1" * digit * digit * digit * digit + V(1)) }

-- The bytes that %d or %s match.
local DIGIT_OR_SPACE = { [48] = true, [49] = true, [50] = true, [51] = true, [52] = true,
  [53] = true, [54] = true, [55] = true, [56] = true, [57] = true }
for b in pairs(SPACE) do DIGIT_OR_SPACE[b] = true end

-- Does s hold a page marker ("002 OF 003", as "%d%d%d%s+OF%s+%d%d%d" finds
-- it) within 12 bytes before and 16 after a " OF " (the window a marker is
-- read in)? Each marker is found from its "OF": plain finds, then the blanks
-- and digits around it.
local function page_marker_in(s)
  -- (an "OF" at 1 or 2 has no room for a blank and three digits before it)
  local of = s:find("OF", 3, true)
  while of do
    -- The two bytes on each side of "OF", in one call: a blank next to it,
    -- then a blank or a digit. Most "OF"s stop here ("OF THE", "OFFICE").
    local b2, b1, _, _, a1, a2 = byte(s, of - 2, of + 3)
    if SPACE[b1] and SPACE[a1] and DIGIT_OR_SPACE[b2] and DIGIT_OR_SPACE[a2] then
      local start = of - 1
      while SPACE[byte(s, start - 1)] do start = start - 1 end
      start = start - 3
      local _, last = s:find("^%s+%d%d%d", of + 2)
      if last and start >= 1 and s:find("^%d%d%d", start) then
        local at = s:find(" OF ", math.max(1, last - 16), true)
        if at and at <= start + 12 then return true end
      end
    end
    of = s:find("OF", of + 1, true)
  end
  return false
end

-- Where s holds the literal lit from init on: plain finds of key, a part of
-- lit off bytes into it that starts with a byte rarer than lit's first
-- (memchr stops at each byte like it), then a comparison.
local function find_by(s, lit, key, off, init)
  local at = s:find(key, init + off, true)
  while at do
    local start = at - off
    if s:sub(start, start + #lit - 1) == lit then return start end
    at = s:find(key, at + 1, true)
  end
end

-- The score of the evidence found, summed in this order (a float sum
-- depends on its order).
local function evidence(envelope, notice, from, page, classified, tagged)
  local score = 0
  if envelope then score = score + 0.5 end
  if notice then score = score + 0.4 end
  if from then score = score + 0.2 end
  if page then score = score + 0.2 end
  if classified then score = score + 0.3 end
  if tagged then score = score + 0.2 end
  return score
end

-- Does s hold "Message Attributes", or "Message Text" at a line start (the
-- markers of an AAD telegram)? One pass of plain finds of "Message ", and
-- a look at the bytes around each.
local function aad_marker(s)
  local at = s:find("Message ", 1, true)
  while at do
    if s:sub(at + 8, at + 17) == "Attributes" or (byte(s, at - 1) == 10 and s:sub(at + 8, at + 11) == "Text") then
      return true
    end
    at = s:find("Message ", at + 1, true)
  end
  return false
end

function grammar.detect(text)
  local head = text:sub(1, 8192)
  if aad_marker(head) then return 0.5 end
  for i, c in ipairs(containers) do
    if c.is(text) then
      if i > 1 then return 0.95 end
      return text:find("<pre", 1, true) and 1 or 0.3
    end
  end
  local envelope = line_with(head, "VZCZC", "^%u*%d*%s*\n", true)
  local notice = find_by(head, NOTICE, "xtract", 26, 1)
  local from = line_with(head, "FM", "^%s+[A-Z]")
  local classified = find_by(head, "C O N F I D E N T I A L", "F I D E N T I A L", 6, 1)
    or find_by(head, "S E C R E T", "C R E T", 4, 1) or line_with(head, "UNCLAS", "^%u*%s+[%u ]+%d", true)
  local tagged = line_with(head, "TAGS", "^[:%s]")
  local msgid = find_by(head, "MSGID/", "GID/", 2, 1)
  -- The page marker and E.O. tests cost the most: they are run only when
  -- the score without them is below the cap (adding to a sum never lowers
  -- it), or a MSGID/ line scales the whole sum.
  local score = evidence(envelope, notice, from, false, classified, tagged)
  if msgid or score < 0.99 then
    score = evidence(envelope, notice, from, page_marker_in(head), classified,
      tagged or lpeg.match(eo_number, head))
  end
  if msgid then score = score * 0.4 end
  return math.min(score, 0.99)
end

local body = require "cable.body"

-- Cuts the body at the first line that reads `words` (blanks around them
-- allowed); returns the part cut off. Plain finds of key (see find_by),
-- then a check of the line.
local function cut_body(rec, words, key, off)
  local b = rec.body
  local at = find_by(b, words, key, off, 1)
  while at do
    local line_start = at
    while line_start > 1 and (b:byte(line_start - 1) == 32 or b:byte(line_start - 1) == 9) do
      line_start = line_start - 1
    end
    local after = at + #words
    local own_line = b:find("^[ \t]*\n", after) or b:find("^%s*$", after)
    if line_start > 1 and b:byte(line_start - 1) == 10 and own_line then
      at = line_start - 1
      break
    end
    at = find_by(b, words, key, off, at + 1)
  end
  if not at then return nil end
  local rest = rec.body:sub(at):gsub("^\n", "")
  body.fill(rec, require("cable.trim").right(rec.body:sub(1, at - 1)))
  return rest
end

-- Levels named by the envelope's security warning (ZNY CCCCC ZZH).
local SECURITY_LEVELS = { UUUUU = "UNCLASSIFIED", EEEEE = "UNCLASSIFIED", CCCCC = "CONFIDENTIAL",
                          SSSSS = "SECRET", TTTTT = "TOP SECRET" }

local function envelope_classification(env)
  local level = env.security and SECURITY_LEVELS[env.security.code or ""]
  if not level then return nil end
  local cls = classification.parse(level)
  if cls then cls.source = "envelope" end
  return cls
end

-- The year of the cable when the text has no date-time group: from the
-- evidence of the text (lua/cable/year_evidence.lua), with a warning.
local function inferred_year(rec, ctx)
  local y = year_evidence.year(rec, (type(rec.subject) == "string" and rec.subject or "") .. "\n" .. (rec.body or ""))
  if y then
    ctx.warn("no date-time group: the year of the id (" .. y .. ") is inferred from the text"
      .. " (E.O. and declassification date, Classified By, references, dates written in it)")
    rec.id_year = "inferred"
    ctx.year = y
  end
  return y
end

local function make_id(station, number, year)
  return require("cable.fields.canonical_id").canonical(station .. " " .. number,
    { form = "cablegate", year = year })
end

-- The id from the message-number line (or, when the text has none or it
-- names another cable than the envelope, from the DE line and FM post).
local function cablegate_id(rec, ctx)
  local year = ctx.year
  local ser = type(rec.serial) == "table" and rec.serial or nil
  local station, number = ser and ser.station, ser and ser.number
  local de = rec.envelope and rec.envelope.de
  local from = type(rec.from) == "table" and (rec.from.post or rec.from.name)
  if from and type(rec.from.name) == "string" and rec.from.name:match("^SECSTATE") then from = "STATE" end
  if de and de.serial and from
    and (not number or tonumber(number) % 10 ^ #de.serial ~= tonumber(de.serial)) then
    if number then
      ctx.warn("the message-number line (" .. ser.text .. ") names another cable than the envelope (#"
        .. de.serial .. "): the text may belong to another cable; the id follows the envelope")
      rec.mismatch = true
    end
    station, number = from, de.serial
  end
  if station and number and not year then year = inferred_year(rec, ctx) end
  if year and station and number then
    local id = make_id(station, number, year) or (de and de.serial and from and make_id(from, de.serial, year))
    if id then return id end
  end
  local c = rec.container
  local fallback = c and ((c.row and c.row.id) or c.id)
  if fallback and fallback ~= "" then
    ctx.warn("no id in the text (date-time group or message-number line missing); the container's id is used")
    rec.id_source = "container"
    return fallback
  end
  ctx.warn("no cable id: the date-time group or the message-number line is missing")
end

function grammar.finish(rec, ctx)
  -- The envelope in one table.
  local env = {}
  for _, k in ipairs({ "transmission", "routing", "de", "security" }) do
    env[k], rec[k] = rec[k], nil
  end
  for _, m in ipairs(rec.markers or {}) do
    if m.value.kind == "validation" then env.validation = m.value.serial end
  end
  if next(env) then rec.envelope = env end

  if type(rec.serial) == "table" and rec.serial.section then
    rec.section, rec.sections = rec.serial.section, rec.serial.sections
  end
  for name, text in pairs(ctx.inline or {}) do
    if rec[name] == nil then
      local value, warnings = grammar.fields[name](text, ctx)
      rec[name] = value
      if type(warnings) == "string" then warnings = { warnings } end
      for _, w in ipairs(type(warnings) == "table" and warnings or {}) do
        ctx.warn(type(w) == "table" and (w.message or tostring(w[1])) or tostring(w))
      end
    end
  end
  rec.id = cablegate_id(rec, ctx)
  if not rec.classification and type(rec.classification_line) == "table" then
    rec.classification = rec.classification_line
  end
  if rec.envelope and (rec.mismatch or not rec.classification) then
    rec.classification = envelope_classification(rec.envelope) or rec.classification
  end

  if rec.notice then
    rec.partial = true
    ctx.warn("WikiLeaks notice: the text is a partial extract of the original cable")
  end

  local c = rec.container
  if c and c.appended and #c.appended > 0 then
    rec.appended = c.appended
    c.appended = nil
    for _, a in ipairs(rec.appended) do
      ctx.warn("the record of another cable (" .. tostring(a.id) .. ") was appended to this text; cut off into `appended`")
    end
  elseif c then
    c.appended = nil
  end
  if c and c.rest then
    -- text after the cables.csv record (another row, stray text): kept, named
    rec.unclaimed[#rec.unclaimed + 1] = { text = c.rest }
    ctx.warn("text after the cables.csv record is not part of this cable; kept in unclaimed")
    c.rest = nil
  end
  local trailer = cut_body(rec, "End Cable Text", "xt", 12)
  if trailer then
    rec.trailer = trailer
    ctx.warn("WikiLeaks 'End Cable Text' line and what follows it cut off into `trailer`")
  end
  local ending = require("cable.trim").right(rec.body:sub(-200))
  if ending:sub(-3) == "..." and ending:sub(-4) ~= "...." then
    rec.truncated = true
    ctx.warn("the body ends in '...': WikiLeaks released only part of this cable")
  end
end

return grammar
