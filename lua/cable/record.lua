-- Builds a record (docs/record.md) from a text, a grammar and a scanner:
-- scan lines, rebuild the message text without page furniture, match the
-- grammar's header rules, normalise each field, then cut the body, read the
-- attribute block and collect every warning. No text is dropped: whatever no
-- rule claims is kept in `unclaimed` and named in `warnings`.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local document = require "cable.document"
local grammars = require "cable.grammars"
local normalise = require "cable.normalise"
local body = require "cable.body"

local record = {}

local white = require "cable.trim"
local trim = white.both
local classification = require "cable.fields.classification"
local space = white.space_bytes
local byte, find, sub, concat = string.byte, string.find, string.sub, table.concat

-- Context handed to normalisers and grammar hooks (docs/grammars.md);
-- collects warnings. Made in one piece, with room for the year and a
-- grammar's own keys, rather than grown key by key.
local function new_context(doc, grammar, rec, file)
  return {
    format = grammar.name, record = rec, warnings = rec.warnings, file = file, year = nil,
    warn = function(message, line)
      rec.warnings[#rec.warnings + 1] = { message = message, line = line }
    end,
    line_of = function(pos) return doc:line_at(pos) end,
  }
end

-- The line of the original text that holds position pos of the message text.
local function header_line(doc, segments, pos)
  return doc:line_at(document.original(segments, pos))
end

local function add_warnings(ctx, result, line)
  if type(result) == "string" then
    ctx.warn(result, line)
  elseif type(result) == "table" then
    for _, w in ipairs(result) do
      ctx.warn(type(w) == "table" and (w.message or tostring(w[1])) or tostring(w), line)
    end
  end
end

-- The date-time group first: its year is the context of references and tags.
local FIELD_ORDER = {
  "precedence", "dtg", "dtg_rest", "offices", "dash_line", "from", "to", "info", "xmt", "serial",
  "captions", "eo", "tags", "subject", "references", "classified_by",
  "drafted_by", "approved_by", "cleared",
}
local IN_ORDER = {}
for _, name in ipairs(FIELD_ORDER) do IN_ORDER[name] = true end
local NO_FIELDS = {}

-- Fields whose later occurrences in a header add to the first (caption lines
-- stand apart, between attention lines); a grammar may give its own set as
-- grammar.repeatable. Any other field seen twice keeps its first occurrence
-- and the record lists the others as unclaimed.
local REPEATABLE = { captions = true }

-- Fields whose value depends on the cable's year (a reference without one
-- takes the cable's; TAGS codes are read in the cable's era).
local YEAR_FIELDS = { "references", "tags" }

-- Can v be joined to a text (as `..` and table.concat take it)?
local function joinable(v)
  local kind = type(v)
  return kind == "string" or kind == "number"
end

-- The header match's captures by field name (docs/grammars.md): a named
-- group of the match, else the first capture of the field, to which the
-- later ones of a repeatable field are added (joined once at the end, so
-- that many repeats cost no more than their length); any other repeat and
-- the lines no rule claims are listed as unclaimed. Also returns the names
-- outside FIELD_ORDER, sorted. The list part of raw is emptied on the way,
-- so that the walk over raw for its named groups meets nothing else.
local function take_fields(raw, rec, ctx, repeatable, doc, segments)
  local fields, rest, unclaimed = {}, {}, rec.unclaimed
  local added = nil   -- first capture -> the texts it is made of, once repeated
  local k, item = 1, raw[1]
  while item ~= nil do
    raw[k] = nil
    local field, first = item.field, nil
    if field ~= nil then
      first = raw[field]
      if first == nil then first = fields[field] end
    end
    if field and first == nil then
      fields[field] = item
      if not IN_ORDER[field] and type(field) == "string" then rest[#rest + 1] = field end
    elseif field and repeatable[field] then
      -- (first.text fails on a first capture that is no table, as the
      -- concatenation it stands for would)
      local a, b = first.text, item.text
      if not (joinable(a) and joinable(b)) then
        error("cable.record: a capture of repeatable field '" .. tostring(field) .. "' has no text", 0)
      end
      added = added or {}
      local texts = added[first]
      if texts then texts[#texts + 1] = b else added[first] = { a, b } end
    elseif field then
      local text, line = white.right(item.text), header_line(doc, segments, item.at)
      unclaimed[#unclaimed + 1] = { text = text, line = line }
      ctx.warn(field .. " comes again (the first is kept): " .. text, line)
    else
      local line = header_line(doc, segments, item.at)
      unclaimed[#unclaimed + 1] = { text = item.text, line = line }
      ctx.warn("header line no rule claims: " .. item.text, line)
    end
    k = k + 1
    item = raw[k]
  end
  if added then
    for first, texts in pairs(added) do first.text = concat(texts, "\n") end
  end
  for name, value in pairs(raw) do
    -- a named group that is no capture table ({at, text}) has nothing to normalise
    if type(value) == "table" and value.text ~= nil then
      fields[name] = value
      if not IN_ORDER[name] and type(name) == "string" then rest[#rest + 1] = name end
    end
  end
  table.sort(rest)  -- a fixed order, so that warnings come in the same order every run
  return fields, rest
end

-- Normalises fields[name] into rec[name]; returns the warnings its
-- normaliser gave (nil for none).
local function normalise_field(name, fields, rec, ctx, custom, doc, segments)
  local cap = fields[name]   -- a table: take_fields keeps no other
  if cap == nil or cap.text == nil then return end
  local given
  local fn = custom[name] or normalise[name]
  if fn then
    local first = #rec.warnings + 1
    local value, warnings = fn(cap.text, ctx)
    if warnings then add_warnings(ctx, warnings, header_line(doc, segments, cap.at)) end
    if #rec.warnings >= first then given = { table.unpack(rec.warnings, first) } end
    rec[name] = value
  else
    rec[name] = trim(cap.text)
  end
  if name == "dtg" and type(rec.dtg) == "table" and rec.dtg.iso then
    ctx.year = tonumber(rec.dtg.iso:sub(1, 4))
  end
  return given
end

-- Normalises every captured field, those of FIELD_ORDER first, then the
-- rest; returns the warnings each gave (field name -> list), for
-- normalise_again.
local function normalise_fields(fields, rest, rec, ctx, custom, doc, segments)
  local given = {}
  for k = 1, #FIELD_ORDER do
    local name = FIELD_ORDER[k]
    if fields[name] ~= nil then given[name] = normalise_field(name, fields, rec, ctx, custom, doc, segments) end
  end
  for k = 1, #rest do
    local name = rest[k]
    given[name] = normalise_field(name, fields, rec, ctx, custom, doc, segments)
  end
  return given
end

-- Normalises field name again, replacing the warnings it gave the first time.
local function normalise_again(name, given, fields, rec, ctx, custom, doc, segments)
  local warnings = rec.warnings
  local drop = {}
  for _, w in ipairs(given[name] or {}) do drop[w] = true end
  local kept = {}
  for _, w in ipairs(warnings) do
    if not drop[w] then kept[#kept + 1] = w end
  end
  for i = 1, math.max(#warnings, #kept) do warnings[i] = kept[i] end
  given[name] = normalise_field(name, fields, rec, ctx, custom, doc, segments)
end

local function unclaimed_lines(ctx, list, doc, lines, why)
  for k = 1, #lines do
    local i = lines[k]
    local text = doc:line(i)
    list[#list + 1] = { text = text, line = i }
    ctx.warn(why .. ": " .. text, i)
  end
end

local function read_attributes(rec, doc, ctx)
  if not doc.scan.attr_first then return end
  local names, values, lines, stray = doc:attributes()
  local map, seen_at = {}, nil
  for k = 1, #names do
    local name = names[k]
    local earlier = map[name]
    if earlier ~= nil then
      -- the earlier value is not lost: it goes to unclaimed, with the line
      -- of the name's latest occurrence (kept from the first repeat on)
      if not seen_at then
        seen_at = {}
        for j = 1, k - 1 do seen_at[names[j]] = lines[j] end
      end
      rec.unclaimed[#rec.unclaimed + 1] = { text = name .. ": " .. earlier, line = seen_at[name] }
      ctx.warn("attribute repeated, later value kept: " .. name, lines[k])
    end
    map[name] = values[k]
    if seen_at then seen_at[name] = lines[k] end
  end
  rec.attributes = map
  unclaimed_lines(ctx, rec.unclaimed, doc, stray, "text in the attribute block before any attribute")
end

local function classification_of(rec, message)
  local cls = type(rec.serial) == "table" and rec.serial.classification or nil
  if not cls and #message.banners > 0 then
    cls = classification.parse(trim(message.banners[1].text))
  end
  if cls and type(rec.captions) == "table" then
    cls.caveats = cls.caveats or {}
    local seen = {}
    for _, c in ipairs(cls.caveats) do seen[c] = true end
    for _, c in ipairs(rec.captions) do
      if not seen[c] then cls.caveats[#cls.caveats + 1] = c; seen[c] = true end
    end
  end
  return cls
end

-- The body: the message text from body_start, without the white space
-- before its first line (up to the last line end in it) and after its
-- last; cut out in one copy.
local function body_text(text, body_start)
  local _, lead = find(text, "^%s*\n", body_start)
  local from, to = lead and lead + 1 or body_start, #text
  while to >= from and space[byte(text, to)] do to = to - 1 end
  return sub(text, from, to)
end

-- record.build(text, grammar, scanner [, meta [, file]]) -> record; file is
-- the path the text was read from, when known (ctx.file for grammars).
function record.build(text, grammar, scanner, meta, file)
  local doc = document.new(text, scanner.scan(text))
  local rec = { format = grammar.name, warnings = {}, unclaimed = {}, container = meta or nil }
  local ctx = new_context(doc, grammar, rec, file)

  unclaimed_lines(ctx, rec.unclaimed, doc, doc:preamble(), "text before the message text")

  local message = doc:message_text(grammar.rules.page_header, grammar.rules.marker_line, grammar.marker_guard)
  local segments = message.segments
  if not find(message.text, "%S") then ctx.warn("no message text: the cable holds no text before its end") end

  local raw = lpeg.match(grammars.compile(grammar), message.text, 1, ctx) or {}
  local body_start = raw.body_start or 1
  raw.body_start = nil
  local fields, rest = take_fields(raw, rec, ctx, grammar.repeatable or REPEATABLE, doc, segments)
  local custom = grammar.fields or NO_FIELDS
  local given = normalise_fields(fields, rest, rec, ctx, custom, doc, segments)
  local year_from_fields = ctx.year

  rec.classification = classification_of(rec, message)
  rec.pages = #message.pages
  rec.page_headers = message.page_headers
  if #message.markers > 0 then rec.markers = message.markers end
  body.fill(rec, body_text(message.text, body_start))

  if message.end_line then
    rec.end_marker = trim(doc:line(message.end_line))
  elseif grammar.end_marker then
    ctx.warn("no end marker (" .. grammar.end_marker .. "): the cable may be truncated", doc.n)
  end
  unclaimed_lines(ctx, rec.unclaimed, doc, message.after, "text after the end marker")
  read_attributes(rec, doc, ctx)

  if grammar.finish then grammar.finish(rec, ctx) end
  -- a grammar that found the year only now (ctx.year) gets the fields that
  -- depend on it read again
  if ctx.year and not year_from_fields then
    for k = 1, #YEAR_FIELDS do normalise_again(YEAR_FIELDS[k], given, fields, rec, ctx, custom, doc, segments) end
  end
  if #rec.unclaimed == 0 then rec.unclaimed = nil end
  return rec
end

return record
