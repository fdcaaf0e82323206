-- make coverage: parses every file of the corpus (../shared/corpus, or
-- CABLE_CORPUS) and prints, per format, how many files parsed, the share of
-- records in which each field was found, the fields a reader can see in the
-- text but the record lacks, and the warnings and unclaimed lines.
package.path = (arg and arg[0] and arg[0]:match("^(.*[/\\])") or "tools/") .. "?.lua;" .. package.path
local cable = require "cable"
local corpus = require "corpus"

-- Record fields in the order they are reported; fields not named here that
-- some record has are added after them in alphabetical order.
local FIELDS = {
  "id", "classification", "precedence", "dtg", "from", "to", "info", "xmt",
  "serial", "captions", "eo", "tags", "subject", "subject_display", "references",
  "offices", "dash_line", "classified_by", "summary", "drafted_by", "approved_by",
  "cleared", "paragraphs", "body", "signature", "pages", "page_headers", "markers",
  "end_marker", "envelope", "sections", "attributes", "attribute_values", "container",
}
-- Bookkeeping, not cable content: not counted as fields.
local NOT_FIELDS = { format = true, file = true, warnings = true, unclaimed = true }

local function present(v)
  if v == nil or v == cable.null then return false end
  if type(v) == "string" then return v:find("%S") ~= nil end
  if type(v) == "table" then return next(v) ~= nil end
  return true
end

-- The text a reader looks at: the message text only (no AAD attribute
-- block, no container page), with LF line ends.
local function reader_text(text, rec)
  text = text:gsub("\r\n", "\n")
  local g = rec and cable.grammar(rec.format)
  if g and g.unwrap then
    local ok, inner = pcall(g.unwrap, text)
    if ok and type(inner) == "string" then text = inner end
  end
  local cut = text:find("\n%s*Message Attributes%s*\n")
  if cut then text = text:sub(1, cut) end
  return text
end

-- Paragraph signs as UTF-8, Latin-1 or U+FFFD, dropped before matching.
local function plain(line)
  return (line:gsub("\194\182", ""):gsub("\239\191\189", ""):gsub("\182", ""))
end

local function is_dtg_line(u)
  u = u:gsub("^%s*", ""):gsub("^[OPRZ]%s+", ""):gsub("^[OPRZ]%s+", "")
  return u:match("^%d%d%d%d%d%d%s?Z%s+%u%u%u%u?%s+%d%d%d?%d?%s*%u*%s*$") ~= nil
end

-- What a reader sees: field -> test(upper-cased line, line as written).
-- Header tests apply before paragraph 1, "whole" tests anywhere in the
-- message text. FM and TO count only in capitals ("to shape" is prose).
local VISIBLE = {
  { field = "subject", zone = "header", test = function(u) return u:match("^%s*SUBJ[ECT]*%s*[:/]") end },
  { field = "tags", zone = "header", test = function(u) return u:match("^%s*TAGS?[:%s]") end },
  { field = "eo", zone = "header", test = function(u)
      return u:match("^%s*E%.%s?O%.?%s*1%d%d%d%d") or u:match("^%s*EO%s+1%d%d%d%d") end },
  { field = "references", zone = "header", test = function(u)
      return u:match("^%s*REFS?%s*[:/]") or u:match("^%s*REFTELS?%s*:") end },
  { field = "from", zone = "header", test = function(_, l) return l:match("^%s*FM%s+%u") end },
  { field = "to", zone = "header", test = function(_, l) return l:match("^%s*TO%s+%u") end },
  { field = "dtg", zone = "header", test = is_dtg_line },
  { field = "classified_by", zone = "header", test = function(u) return u:match("^%s*CLASSIFIED%s+BY") end },
  { field = "summary", zone = "whole", test = function(u)
      return u:match("^%s*%d*%.?%s*%([%u/ ]+%)%s*SUMMARY") or u:match("^%s*%d*%.?%s*SUMMARY%s*[:%.%-]")
          or u:match("^%s*BEGIN SUMMARY") or u:match("^%s*SUMMARY%s*$") end },
}

-- field -> {line =, text =} for each visible field of the text.
local function visible_fields(text)
  local found, n, in_header = {}, 0, true
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    local l = plain(line)
    local u = l:upper()
    if u:match("^%s*1%.%s") or u:match("^%s*1%.%(") or n > 80 then in_header = false end
    for _, v in ipairs(VISIBLE) do
      if not found[v.field] and (in_header or v.zone == "whole") and v.test(u, l) then
        found[v.field] = { line = n, text = line }
      end
    end
  end
  return found
end

-- Warning messages grouped: digits and quoted text replaced.
local function warning_kind(msg)
  return (tostring(msg):gsub("'[^']*'", "'…'"):gsub('"[^"]*"', '"…"'):gsub("%d+", "#"))
end

local function inc(t, k, by) t[k] = (t[k] or 0) + (by or 1) end

local function sorted_keys(t, by_count)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if by_count and t[a] ~= t[b] then return t[a] > t[b] end
    return tostring(a) < tostring(b)
  end)
  return keys
end

local root, exists = corpus.root()
if not exists then
  io.stderr:write("make coverage: no corpus at ", root, " (set CABLE_CORPUS)\n")
  os.exit(1)
end

local files = corpus.files(root)
if #files == 0 then
  io.stderr:write("make coverage: no files under ", root, "\n")
  os.exit(1)
end
local stats = {}          -- format -> counters
local formats = {}        -- format names in first-seen order
local matrix = {}         -- dir -> format -> files
local dirs = {}
local failures, missing = {}, {}
local field_seen = {}
local started = os.clock()

local function stat(format)
  if not stats[format] then
    stats[format] = { files = 0, parsed = 0, fields = {}, warnings = 0, warned = 0,
                      unclaimed = 0, unclaimed_files = 0, kinds = {} }
    formats[#formats + 1] = format
  end
  return stats[format]
end

for _, file in ipairs(files) do
  local text = corpus.read(file.path) or ""
  local rec, err = corpus.parse(cable, text)
  local format = rec and rec.format
  if not format then
    local ok, name = pcall(cable.detect, text)
    format = not ok and "(detect failed)" or name or "(no grammar)"
  end
  local s = stat(format)
  s.files = s.files + 1
  if not matrix[file.dir] then matrix[file.dir] = {}; dirs[#dirs + 1] = file.dir end
  inc(matrix[file.dir], format)
  if not rec then
    failures[#failures + 1] = { file = file.rel, format = format, message = err }
  else
    s.parsed = s.parsed + 1
    for k, v in pairs(rec) do
      if not NOT_FIELDS[k] and present(v) then inc(s.fields, k); field_seen[k] = true end
    end
    local w = rec.warnings or {}
    s.warnings = s.warnings + #w
    if #w > 0 then s.warned = s.warned + 1 end
    for _, item in ipairs(w) do inc(s.kinds, warning_kind(item.message)) end
    local u = rec.unclaimed or {}
    s.unclaimed = s.unclaimed + #u
    if #u > 0 then s.unclaimed_files = s.unclaimed_files + 1 end
    for field, where in pairs(visible_fields(reader_text(text, rec))) do
      if not present(rec[field]) then
        missing[#missing + 1] = { file = file.rel, format = format, field = field,
                                  line = where.line, text = where.text }
      end
    end
  end
end

local fields, listed = {}, {}
for _, f in ipairs(FIELDS) do fields[#fields + 1] = f; listed[f] = true end
for _, f in ipairs(sorted_keys(field_seen)) do
  if not listed[f] then fields[#fields + 1] = f end
end

print(string.format("make coverage: %d files under %s (%.1f s, backend %s)",
  #files, root, os.clock() - started, os.getenv("CABLE_BACKEND") or cable.backend))

print("\nFiles by directory and detected format")
local head = { "directory" }
for _, f in ipairs(formats) do head[#head + 1] = f end
local rows = { head }
for _, d in ipairs(dirs) do
  local row = { d .. "/" }
  for _, f in ipairs(formats) do row[#row + 1] = tostring(matrix[d][f] or 0) end
  rows[#rows + 1] = row
end
print(corpus.table(rows))

print("\nParsing per format")
rows = { { "format", "files", "parsed", "failed", "warnings", "files warned", "unclaimed lines", "files w/ unclaimed" } }
for _, f in ipairs(formats) do
  local s = stats[f]
  rows[#rows + 1] = { f, tostring(s.files), corpus.share(s.parsed, s.files), tostring(s.files - s.parsed),
    tostring(s.warnings), tostring(s.warned), tostring(s.unclaimed), tostring(s.unclaimed_files) }
end
print(corpus.table(rows))

print("\nFields found (records that have the field / records parsed)")
head = { "field" }
local parsed_formats = {}
for _, f in ipairs(formats) do
  if stats[f].parsed > 0 then head[#head + 1] = f; parsed_formats[#parsed_formats + 1] = f end
end
rows = { head }
for _, field in ipairs(fields) do
  local row, any = { field }, false
  for _, f in ipairs(parsed_formats) do
    local n = stats[f].fields[field] or 0
    any = any or n > 0
    row[#row + 1] = corpus.share(n, stats[f].parsed)
  end
  if any or listed[field] then rows[#rows + 1] = row end
end
print(corpus.table(rows))

print(string.format("\nFiles that did not parse: %d", #failures))
local reasons = {}
for _, x in ipairs(failures) do inc(reasons, warning_kind(x.message)) end
for _, k in ipairs(sorted_keys(reasons, true)) do
  print(string.format("  %6d  %s", reasons[k], corpus.clip(k, 110)))
end
for _, x in ipairs(failures) do
  print(string.format("  %-40s %-14s %s", x.file, x.format, corpus.clip(x.message, 90)))
end

local by_field = {}
for _, m in ipairs(missing) do
  by_field[m.field] = by_field[m.field] or {}
  table.insert(by_field[m.field], m)
end
print(string.format("\nFields visible in the text but missing from the record: %d", #missing))
rows = { { "field", "files" } }
for _, v in ipairs(VISIBLE) do
  rows[#rows + 1] = { v.field, tostring(by_field[v.field] and #by_field[v.field] or 0) }
end
print(corpus.table(rows))
for _, v in ipairs(VISIBLE) do
  for _, m in ipairs(by_field[v.field] or {}) do
    print(string.format("  %-14s %-40s line %4d: %s", m.field, m.file, m.line, corpus.clip(m.text, 60)))
  end
end

print("\nMost common warnings per format")
for _, f in ipairs(formats) do
  local s = stats[f]
  if s.warnings > 0 then
    print(string.format("  %s (%d warnings in %d files)", f, s.warnings, s.warned))
    local kinds = sorted_keys(s.kinds, true)
    for i = 1, math.min(10, #kinds) do
      print(string.format("    %6d  %s", s.kinds[kinds[i]], corpus.clip(kinds[i], 100)))
    end
  end
end
