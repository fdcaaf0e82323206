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

-- Context handed to normalisers and grammar hooks; collects warnings.
local function new_context(doc, grammar, rec)
  local ctx = { format = grammar.name, record = rec, warnings = rec.warnings }
  function ctx.warn(message, line)
    rec.warnings[#rec.warnings + 1] = { message = message, line = line }
  end
  function ctx.line_of(pos) return doc:line_at(pos) end
  return ctx
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

-- Normalises every captured field; returns a function that normalises one
-- field again, replacing the warnings it gave the first time.
local function normalise_fields(raw, ctx, grammar, line_of)
  local rec = ctx.record
  local custom = grammar.fields or NO_FIELDS
  local given = {}   -- field name -> the warnings its normaliser gave, if any
  local function run(name)
    local cap = raw[name]
    if type(cap) ~= "table" or cap.text == nil then return end
    local fn = custom[name] or normalise[name]
    if fn then
      local first = #rec.warnings + 1
      local value, warnings = fn(cap.text, ctx)
      if warnings then add_warnings(ctx, warnings, line_of(cap.at)) end
      given[name] = #rec.warnings >= first and { table.unpack(rec.warnings, first) } or nil
      rec[name] = value
    else
      rec[name] = trim(cap.text)
    end
    if name == "dtg" and type(rec.dtg) == "table" and rec.dtg.iso then
      ctx.year = tonumber(rec.dtg.iso:sub(1, 4))
    end
  end
  for _, name in ipairs(FIELD_ORDER) do
    if raw[name] ~= nil then run(name) end
  end
  local rest = {}
  for name in pairs(raw) do
    if type(name) == "string" and not IN_ORDER[name] then rest[#rest + 1] = name end
  end
  table.sort(rest)  -- a fixed order, so that warnings come in the same order every run
  for _, name in ipairs(rest) do run(name) end
  return function(name)
    local drop = {}
    for _, w in ipairs(given[name] or {}) do drop[w] = true end
    local kept = {}
    for _, w in ipairs(rec.warnings) do
      if not drop[w] then kept[#kept + 1] = w end
    end
    for i = 1, math.max(#rec.warnings, #kept) do rec.warnings[i] = kept[i] end
    run(name)
  end
end

local function unclaimed_lines(ctx, list, doc, lines, why)
  for _, i in ipairs(lines) do
    local text = doc:line(i)
    list[#list + 1] = { text = text, line = i }
    ctx.warn(why .. ": " .. text, i)
  end
end

local function read_attributes(rec, doc, ctx)
  local list, stray = doc:attributes()
  if #list == 0 and #stray == 0 and not doc.scan.attr_first then return end
  local map = {}
  local seen_at = {}
  for _, a in ipairs(list) do
    if map[a.name] ~= nil then
      -- the earlier value is not lost: it goes to unclaimed
      rec.unclaimed[#rec.unclaimed + 1] = { text = a.name .. ": " .. map[a.name], line = seen_at[a.name] }
      ctx.warn("attribute repeated, later value kept: " .. a.name, a.line)
    end
    map[a.name], seen_at[a.name] = a.value, a.line
  end
  rec.attributes = map
  unclaimed_lines(ctx, rec.unclaimed, doc, stray, "text in the attribute block before any attribute")
end

local function classification_of(rec, message)
  local cls = type(rec.serial) == "table" and rec.serial.classification or nil
  if not cls and #message.banners > 0 then
    cls = require("cable.fields.classification").parse(trim(message.banners[1].text))
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

-- record.build(text, grammar, scanner [, meta [, file]]) -> record; file is
-- the path the text was read from, when known (ctx.file for grammars).
function record.build(text, grammar, scanner, meta, file)
  local doc = document.new(text, scanner.scan(text))
  local rec = { format = grammar.name, warnings = {}, unclaimed = {} }
  local ctx = new_context(doc, grammar, rec)
  ctx.file = file
  if meta then rec.container = meta end

  unclaimed_lines(ctx, rec.unclaimed, doc, doc:preamble(), "text before the message text")

  local message = doc:message_text(grammar.rules.page_header, grammar.rules.marker_line, grammar.marker_guard)
  local function line_of(pos) return doc:line_at(document.original(message.segments, pos)) end
  if not message.text:find("%S") then ctx.warn("no message text: the cable holds no text before its end") end

  local raw = lpeg.match(grammars.compile(grammar), message.text, 1, ctx) or {}
  local body_start = raw.body_start or 1
  raw.body_start = nil
  local repeatable = grammar.repeatable or REPEATABLE
  for _, item in ipairs(raw) do
    if item.field and raw[item.field] == nil then
      raw[item.field] = item
    elseif item.field and repeatable[item.field] then
      raw[item.field].text = raw[item.field].text .. "\n" .. item.text
    elseif item.field then
      local text, line = white.right(item.text), line_of(item.at)
      rec.unclaimed[#rec.unclaimed + 1] = { text = text, line = line }
      ctx.warn(item.field .. " comes again (the first is kept): " .. text, line)
    else
      local line = line_of(item.at)
      rec.unclaimed[#rec.unclaimed + 1] = { text = item.text, line = line }
      ctx.warn("header line no rule claims: " .. item.text, line)
    end
  end
  local renormalise = normalise_fields(raw, ctx, grammar, line_of)
  local year_from_fields = ctx.year

  rec.classification = classification_of(rec, message)
  rec.pages = #message.pages
  rec.page_headers = message.page_headers
  if #message.markers > 0 then rec.markers = message.markers end
  body.fill(rec, white.right((message.text:sub(body_start):gsub("^%s*\n", ""))))

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
    for _, name in ipairs(YEAR_FIELDS) do renormalise(name) end
  end
  if #rec.unclaimed == 0 then rec.unclaimed = nil end
  return rec
end

return record
