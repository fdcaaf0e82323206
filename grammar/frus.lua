-- Grammar for telegrams printed in Foreign Relations of the United States,
-- in the Office of the Historian's TEI XML: lua/cable/containers/tei.lua
-- turns the <div type="document"> into plain text (head line, dateline,
-- paragraphs) and metadata (glosses, the dateline's date, footnotes, page
-- breaks). The rules read the head ("54. Telegram From the Embassy in Lebanon
-- to the Department of State"), the dateline and the telegram number that
-- opens the first paragraph; finish reads the source note (file number,
-- classification, precedence, repeat addressees) and the signature.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local B = require "cable.blocks"
local pt = require "cable.patterns"
local tei = require "cable.containers.tei"
local dtg = require "cable.fields.dtg"
local classification = require "cable.fields.classification"
local tables = require "cable.tables"
local trim = require("cable.trim").both

local P, V, C, Cg, Cp = lpeg.P, lpeg.V, lpeg.C, lpeg.Cg, lpeg.Cp
local sps, sp1, digit, letter, nl = pt.sps, pt.sp1, pt.digit, pt.letter, B.nl

local grammar = {
  name = "frus",
  description = "FRUS telegram in the Office of the Historian's TEI XML (head, dateline, paragraphs, footnotes)",
}

function grammar.detect(text)
  local head = tei.document_head(text)
  return head and head:find("%f[%a]Telegram%f[%A]") and 1 or 0
end

function grammar.unwrap(text)
  return tei.unwrap(text)
end

local MONTHS = { "January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December" }
local month = P(false)
for _, m in ipairs(MONTHS) do month = month + P(m) end

local number = digit ^ 1 * P"." * sp1
-- "May 30, 1958—11 p.m.": a month name and a day start the date.
local date_start = month * sp1 * digit

grammar.rules = {
  header = V"head" ^ -1 * V"dateline" ^ -1 * (sps * nl) ^ 0 * Cg(Cp(), "body_start") * V"serial" ^ -1,
  head = B.capture("frus", sps * number * (1 - nl) ^ 1) * nl ^ -1,
  dateline = B.capture("date", sps * -number * (1 - nl - date_start) ^ 0 * date_start * (1 - nl) ^ 0)
    * nl ^ -1,
  serial = B.capture("serial", digit ^ 1 * P".") * #(sp1 + nl),
}

-- Field normalisers.

grammar.fields = {}

-- "54. Telegram From the ... to the ..." -> {number = 54, kind = "Telegram", title}
local head_parts = C(digit ^ 1) * P"." * sp1 * C(letter ^ 1 * (sp1 * -pt.ci("from") * letter ^ 1) ^ 0)
function grammar.fields.frus(text)
  local title = trim(text)
  local n, kind = lpeg.match(head_parts, title)
  return { title = title, number = tonumber(n), kind = kind }
end

function grammar.fields.serial(text)
  local t = trim(text)
  return { text = t, number = t:match("^(%d+)") }
end

-- "May 30, 1958—11 p.m.", "June 4, 1958, noon" -> y, m, d, hour, minute (no
-- time for "midnight", which may name either end of the day, or none written).
local function written_date(s)
  local mon, d, y, rest = s:match("^(%a+)%s+(%d%d?),%s*(%d%d%d%d)(.*)$")
  local m = mon and dtg.month_number(mon)
  if not m then return nil end
  local hour, minute, ampm = rest:match("(%d%d?):?(%d?%d?)%s*([ap])%.%s?m%.")
  if hour then
    hour, minute = tonumber(hour) % 12 + (ampm == "p" and 12 or 0), tonumber(minute) or 0
  elseif rest:find("noon") then
    hour, minute = 12, 0
  end
  return tonumber(y), m, tonumber(d), hour, minute
end

-- Days since 1970-01-01 of a date, and back (proleptic Gregorian calendar).
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * (m > 2 and m - 3 or m + 9) + 2) // 5 + d - 1
  return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return yoe + era * 400 + (m <= 2 and 1 or 0), m, d
end

-- "1958-05-30T23:00:00+03:00" (or "...Z") -> "1958-05-30T20:00:00Z", or nil.
local when_pattern = "^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)([%+%-Z])(%d?%d?):?(%d?%d?)$"
local function utc(when)
  local y, mo, d, h, mi, s, sign, oh, om = when:match(when_pattern)
  if not y or (sign == "Z") ~= (oh == "") then return nil end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if not dtg.iso_date(y, mo, d) or tonumber(h) > 23 or tonumber(mi) > 59 then return nil end
  local offset = sign == "Z" and 0 or (tonumber(oh) * 60 + (tonumber(om) or 0)) * (sign == "-" and -1 or 1)
  local minutes = days_from_civil(y, mo, d) * 1440 + tonumber(h) * 60 + tonumber(mi) - offset
  local yy, mm, dd = civil_from_days(minutes // 1440)
  local rest = minutes % 1440
  return string.format("%04d-%02d-%02dT%02d:%02d:%sZ", yy, mm, dd, rest // 60, rest % 60, s)
end

-- The dateline "Beirut, May 30, 1958—11 p.m." -> the date {text, line, when
-- (local time with its UTC offset, from the markup), iso (that instant in
-- UTC)}, or `date` (YYYY-MM-DD) alone when no time is known; the place goes
-- to the record's `place`.
local place_and_date = sps * C((1 - (P"," * sps * date_start)) ^ 1) * P"," * sps * C(P(1) ^ 1)
function grammar.fields.date(text, ctx)
  local line = trim(text)
  local place, written = lpeg.match(place_and_date, line)
  local value = { text = written or line, line = line }
  local meta, warnings = ctx.record.container or {}, {}
  ctx.record.place = meta.place or (place and trim(place))
  local y, m, d, hour, minute = written_date(value.text)
  if meta.when then
    value.when = meta.when
    local ly, lm, ld, lh, lmi = meta.when:match("^(%d+)%-(%d+)%-(%d+)T?(%d*):?(%d*)")
    if lh == "" then
      value.date = ly and dtg.iso_date(tonumber(ly), tonumber(lm), tonumber(ld))
      hour = nil   -- a date without a time: only the day is compared
    else
      value.iso = utc(meta.when)
    end
    if not value.iso and not value.date then
      warnings[#warnings + 1] = "dateline date not understood: " .. meta.when
    end
    local same = y and tonumber(ly) == y and tonumber(lm) == m and tonumber(ld) == d
      and (not hour or (hour == tonumber(lh) and minute == tonumber(lmi)))
    if not same then
      warnings[#warnings + 1] = "dateline text and its markup disagree: " .. value.text .. " / " .. meta.when
    end
  elseif y then
    value.date = dtg.iso_date(y, m, d)
    warnings[#warnings + 1] = "dateline without a machine date; the time zone is unknown, no UTC time"
  else
    warnings[#warnings + 1] = "dateline date not understood: " .. line
  end
  return value, warnings
end

-- The source note: "Source: Department of State, Central Files,
-- 783A.00/5–3058. Top Secret; Priority. Repeated to USUN, London, and Paris."

local PRECEDENCE = {}
for _, row in ipairs(tables.rows("precedence")) do PRECEDENCE[row.precedence] = row.precedence end
PRECEDENCE.NIACT = "NIACT IMMEDIATE"
PRECEDENCE["OPERATIONAL IMMEDIATE"] = "IMMEDIATE"

-- ", and " and " and " (white space around the word) made ", ": what
-- gsub(",?%s+and%s+", ", ") gives, in one LPeg pass that steps over a run
-- of white space not followed by "and" at once (the gsub would retry it from
-- each of its positions, quadratic).
local white = lpeg.S" \t\n\v\f\r" ^ 1
local AND_AS_COMMA = lpeg.Cs(((P"," ^ -1 * white * P"and" * white) / ", " + white + 1) ^ 0)

-- "USUN, London, and Paris" -> {{text = "USUN"}, {text = "London"}, {text = "Paris"}}
local function addressees(s)
  local list = {}
  s = lpeg.match(AND_AS_COMMA, s)
  for part in (s .. ","):gmatch("([^,]*),") do
    part = trim(part)
    if part ~= "" then list[#list + 1] = { text = part } end
  end
  return list
end

local find = string.find

-- Sentences of a note: cut at a period, white space and a capital letter.
-- Plain finds of the periods, each then checked in place: an unanchored
-- pattern would be tried at every byte.
local function sentences(s)
  local list, from = {}, 1
  local stop = find(s, ".", 1, true)
  while stop do
    local _, capital = find(s, "^%s+%u", stop + 1)
    if capital then
      list[#list + 1] = trim(s:sub(from, stop))
      from = capital
    end
    stop = find(s, ".", (capital or stop) + 1, true)
  end
  list[#list + 1] = trim(s:sub(from))
  return list
end

-- The blocks of a text between blank lines (a run of two line ends or
-- more), as "(.-)\n\n+" cuts the text with "\n\n" added at its end: plain
-- finds of the line ends, not a lazy pattern tried byte by byte.
local function blocks_of(text)
  local s = text .. "\n\n"
  local list, from = {}, 1
  local at = find(s, "\n\n", 1, true)
  while at do
    list[#list + 1] = s:sub(from, at - 1)
    from = find(s, "[^\n]", at + 2) or #s + 1
    at = find(s, "\n\n", from, true)
  end
  return list
end

-- Classification and handling: "Top Secret; Priority", "Secret; Niact".
local function handling(rec, frus, sentence)
  local parts, known = {}, false
  for part in (sentence:gsub("%.$", "") .. ";"):gmatch("([^;]*);") do parts[#parts + 1] = trim(part) end
  for _, part in ipairs(parts) do
    local up = part:upper()
    local cls = classification.parse(up)
    if cls and not rec.classification then
      rec.classification, known = cls, true
    elseif PRECEDENCE[up] and not rec.precedence then
      rec.precedence, known = PRECEDENCE[up], true
      frus.precedence_text = part
    elseif known then
      frus.handling = frus.handling or {}
      frus.handling[#frus.handling + 1] = part
    end
  end
  return known
end

local function read_source(rec, frus, note, ctx)
  frus.source = note.text
  for i, sentence in ipairs(sentences(note.text)) do
    local repeated = sentence:match("^Repeated to (.-)%.?$")
    local also = sentence:match("^Also sent to (.-)%.?$")
    if i == 1 then
      frus.archive_file = sentence:match("Central Files, ([^,]-)%.?$")
      frus.location = sentence:match("^Source:%s*(.-)%.?$")
    elseif repeated then
      rec.info = addressees(repeated)
    elseif also then
      for _, a in ipairs(addressees(also)) do rec.to[#rec.to + 1] = a end
    elseif sentence:match("^Received ") then
      frus.received = sentence
    elseif not handling(rec, frus, sentence) then
      ctx.warn("source note sentence not understood: " .. sentence)
    end
  end
end

-- The paragraphs, one a block of the body: the container's layout says which
-- is a list item (with its label) and which the signature or closer. Returns
-- the paragraphs, the paragraph index of each block and the signature block.
local function paragraphs(rec, layout)
  local list, index, blocks, signature = {}, {}, {}, nil
  for _, block in ipairs(blocks_of(rec.body or "")) do
    if block:find("%S") then blocks[#blocks + 1] = block end
  end
  if #blocks ~= #layout then return nil end
  for i, shape in ipairs(layout) do
    local text = blocks[i]
    if shape.kind == "signature" or shape.kind == "closer" then
      signature = signature or text
    else
      local p = { text = text }
      if shape.label then
        p.label = shape.label
        p.number = shape.label:match("^%(?(%w+)[%)%.]?$")
        p.text = trim(text:sub(#shape.label + 1))
      end
      list[#list + 1] = p
      index[i] = #list
    end
  end
  return list, index, signature
end

-- Notes and page breaks: anchored to a paragraph of the record, the head,
-- the dateline or the signature (the place says which but for a paragraph).
-- Those after the last block stand at the "end". Without an index (the
-- paragraphs were not matched) they keep the container's block number.
local function anchor(item, index, layout)
  local block = item.block
  if not index then return item end
  item.block = nil
  if type(block) == "number" then
    item.paragraph = index[block]
    if not item.paragraph then item.place = layout[block] and "signature" or "end" end
  else
    item.place = block
  end
  return item
end

function grammar.finish(rec, ctx)
  local meta = rec.container
  if not meta then
    ctx.warn("FRUS text without its TEI container")
    return
  end
  local frus = type(rec.frus) == "table" and rec.frus or {}
  rec.frus = frus
  if not frus.title then ctx.warn("no document head (\"54. Telegram From ... to ...\")") end
  frus.document = meta.id
  frus.volume = meta.volume
  -- a fragment cut out of its volume: the volume may still be in the file's
  -- name, as the Office of the Historian names them (frus1958-60v11-d54.xml)
  local volume_from_name = ctx.file and ctx.file:match("(frus%d%d%d%d[%w%-]-v%d+%w*)%-?d%d+[^/]*$")
  if meta.id and meta.volume then
    rec.id = meta.volume .. meta.id
  elseif meta.id and volume_from_name then
    rec.id = volume_from_name .. meta.id
    frus.volume, rec.id_source = volume_from_name, "file name"
  elseif meta.id then
    frus.id_incomplete = "the fragment does not name its volume: document " .. meta.id .. " of an unnamed volume"
  end
  if meta.n and frus.number and tonumber(meta.n) ~= frus.number then
    ctx.warn("document number " .. meta.n .. " in the markup, " .. frus.number .. " in the head")
  end
  frus.number = frus.number or tonumber(meta.n)
  rec.from = meta.from and { text = meta.from } or nil
  rec.to = meta.to and { { text = meta.to } } or {}
  if not meta.from or not meta.to then ctx.warn("head without a from or to gloss") end

  local list, index, signature = paragraphs(rec, meta.layout)
  if list then
    -- the markup says where the signature is: no guess from the last line
    rec.paragraphs, rec.signature = list, meta.signed or signature
  else
    ctx.warn("paragraphs of the text do not match the TEI blocks; cut as plain text")
  end

  rec.notes = {}
  for _, note in ipairs(meta.notes) do
    rec.notes[#rec.notes + 1] = anchor(note, index, meta.layout)
    local is_source = note.type == "source" or note.text:find("^Source:")
    if is_source and not frus.source then read_source(rec, frus, note, ctx) end
  end
  if not frus.source then ctx.warn("no source note: classification and file number unknown") end
  if #rec.to == 0 then rec.to = nil end
  frus.pages = {}
  for _, page in ipairs(meta.pages) do frus.pages[#frus.pages + 1] = anchor(page, index, meta.layout) end
  frus.date_min, frus.date_max = meta.date_min, meta.date_max
  for _, w in ipairs(meta.warnings) do ctx.warn(w) end
  if not rec.date then ctx.warn("no dateline") end
  rec.container = { source = meta.source, id = meta.id, n = meta.n, type = meta.type,
    subtype = meta.subtype, volume = meta.volume }
end

return grammar
