-- make accuracy: where an archive published its own metadata for a cable,
-- how often the fields parsed from the cable's text agree with it. AAD: the
-- Message Text parsed alone against the Message Attributes; Cablegate: the
-- text against the WikiLeaks page's metadata table, the cables.csv columns,
-- the 5-line header, cablegate-bulk/metadata.csv, or the file name. Prints
-- agreement per field, then every disagreement for a person to judge.
package.path = (arg and arg[0] and arg[0]:match("^(.*[/\\])") or "tools/") .. "?.lua;" .. package.path
local cable = require "cable"
local corpus = require "corpus"

------------------------------------------------------------------------
-- Comparison rules
------------------------------------------------------------------------

local function squash(s) return (tostring(s):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end
local function upper(s) return squash(s):upper() end

local MONTHS = { JAN = 1, FEB = 2, MAR = 3, APR = 4, MAY = 5, JUN = 6,
                 JUL = 7, AUG = 8, SEP = 9, OCT = 10, NOV = 11, DEC = 12 }

local function iso(y, m, d) return string.format("%04d-%02d-%02d", y, m, d) end

-- Days between two ISO dates (noon to noon, so DST cannot shift a day).
local function day_gap(a, b)
  local function t(s)
    local y, m, d = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
    return y and os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 })
  end
  local ta, tb = t(a), t(b)
  if not (ta and tb) then return nil end
  return math.floor(math.abs(ta - tb) / 86400 + 0.5)
end

-- Archive dates: "2010-01-07 00:12" (page, metadata.csv), "12/28/1966 18:48"
-- (cables.csv), "Wed Dec 04 00:00:00 +0100 2002" (5-line header, no real
-- time), "31 jan 1978" (AAD). Returns the ISO date and the hour "HH" or nil.
-- Only the hour of the archive's time is real: in every Created value the
-- minutes repeat the hour on a 12-hour clock (15:45Z is shown "15:03",
-- 00:12Z "00:12"), so minutes are never compared.
local function archive_date(s)
  s = squash(s or "")
  local y, m, d, hh = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)%s+(%d%d?):%d%d")
  if y then return iso(y, m, d), string.format("%02d", hh) end
  m, d, y, hh = s:match("^(%d%d?)/(%d%d?)/(%d%d%d%d)%s+(%d%d?):%d%d")
  if m then return iso(y, m, d), string.format("%02d", hh) end
  local mon, day, year = s:match("^%a%a%a (%a%a%a) (%d%d?) [%d:]+ [+-]%d%d%d%d (%d%d%d%d)$")
  if mon and MONTHS[mon:upper()] then return iso(year, MONTHS[mon:upper()], day), nil end
  day, mon, year = s:match("^(%d%d?) (%a%a%a) (%d%d%d%d)$")
  if day and MONTHS[mon:upper()] then return iso(year, MONTHS[mon:upper()], day), nil end
  y, m, d = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  if y then return iso(y, m, d), nil end
  return nil
end

-- Cablegate origin (the "Origin" column) -> the FM lines it stands for.
-- A name with a known prefix keeps its station: "Embassy Lima" is
-- "AMEMBASSY LIMA", "Consulate Shenyang" "AMCONSUL SHENYANG" (or AMCONGEN),
-- "Mission Geneva" and "US Mission USNATO" "USMISSION GENEVA"/"USMISSION
-- USNATO", "Interests Section Havana" "USINT HAVANA"; whole names are listed.
local ORIGIN_PREFIXES = {
  { "Embassy ", { "AMEMBASSY " } },
  { "Consulate ", { "AMCONSUL ", "AMCONGEN " } },
  { "US Mission ", { "USMISSION " } },
  { "Mission ", { "USMISSION " } },
  { "Interests Section ", { "USINT " } },
  { "US Interests Section ", { "USINT " } },
  { "US Office ", { "USOFFICE ", "AMEMBASSY " } },
  { "REO ", { "REO ", "AMCONSUL " } },
}
local ORIGIN_NAMES = {
  ["Secretary of State"] = { "SECSTATE WASHDC" },
  ["UNVIE"] = { "USMISSION UNVIE VIENNA" },
  ["USEU Brussels"] = { "USEU BRUSSELS" },
  ["USUN New York"] = { "USMISSION USUN NEW YORK" },
  ["Iran RPO Dubai"] = { "RPO DUBAI", "IRAN RPO DUBAI" },
  ["Mission UNESCO"] = { "USMISSION UNESCO PARIS" },
  ["Mission USUN Rome"] = { "USMISSION UN ROME" },
  ["American Institute Taiwan, Taipei"] = { "AIT TAIPEI" },
}
-- Station names the archive and the cables spell differently: both forms
-- are accepted (the archive writes "Kyiv", older cables "KIEV").
local STATION_SPELLINGS = {
  KYIV = { "KIEV" },
}

local function expected_from(origin)
  origin = squash(origin or "")
  if ORIGIN_NAMES[origin] then return ORIGIN_NAMES[origin] end
  for _, rule in ipairs(ORIGIN_PREFIXES) do
    local prefix, forms = rule[1], rule[2]
    if origin:sub(1, #prefix) == prefix then
      local station = origin:sub(#prefix + 1):upper()
      local out = {}
      for _, f in ipairs(forms) do
        out[#out + 1] = f .. station
        for _, other in ipairs(STATION_SPELLINGS[station] or {}) do out[#out + 1] = f .. other end
      end
      return out
    end
  end
  return { origin:upper() }
end

-- Archive classification "SECRET//NOFORN" -> level and caveats. Agreement:
-- same level; NOFORN in the archive if and only if in the record's caveats;
-- the archive's FOR OFFICIAL USE ONLY matched by SBU, SENSITIVE or FOUO.
local FOUO = { SBU = true, SENSITIVE = true, FOUO = true, ["FOR OFFICIAL USE ONLY"] = true }

local function split_classification(s)
  local parts = {}
  for p in (upper(s or "") .. "//"):gmatch("(.-)//") do parts[#parts + 1] = p end
  return parts[1] or "", { table.unpack(parts, 2) }
end

local function caveat_set(rec)
  local set = {}
  local c = rec.classification
  for _, v in ipairs(type(c) == "table" and c.caveats or {}) do
    set[upper(type(v) == "table" and (v.code or v.text or v.name) or v)] = true
  end
  for _, v in ipairs(rec.captions or {}) do
    set[upper(type(v) == "table" and (v.code or v.text or v.name) or v)] = true
  end
  return set
end

local function level_of(rec)
  local c = rec.classification
  return type(c) == "table" and c.level and upper(c.level) or nil
end

local function classification_agrees(rec, archive)
  local level, caveats = split_classification(archive)
  if level_of(rec) ~= level then return false end
  local have, noforn = caveat_set(rec), false
  for _, cv in ipairs(caveats) do
    if cv == "NOFORN" then noforn = true
      if not have.NOFORN then return false end
    elseif cv == "FOR OFFICIAL USE ONLY" then
      local any = false
      for k in pairs(FOUO) do any = any or have[k] end
      if not any then return false end
    end
  end
  return noforn or not have.NOFORN
end

local function classification_text(rec)
  local level = level_of(rec)
  if not level then return nil end
  local caveats = {}
  for k in pairs(caveat_set(rec)) do caveats[#caveats + 1] = k end
  table.sort(caveats)
  return #caveats > 0 and level .. " [" .. table.concat(caveats, ", ") .. "]" or level
end

-- AAD station names: the attribute says "LIMA" or "STATE" where the text
-- says "AMEMBASSY LIMA" or "SECSTATE WASHDC". A parsed addressee agrees
-- when its post, or its name without the office word, is the attribute
-- (spaces ignored); the Department (SECSTATE WASHDC) is "STATE".
local OFFICE_WORDS = { AMEMBASSY = true, AMCONSUL = true, AMCONGEN = true, USMISSION = true,
                       USINT = true, USDEL = true, AMEMB = true, USLO = true, USOFFICE = true }

local function station_keys(a)
  local keys = {}
  if type(a) ~= "table" then return keys end
  local name = upper(a.name or a.text or "")
  if name:match("^SECSTATE") or name == "STATE" then keys.STATE = true end
  local first, rest = name:match("^(%S+)%s+(.+)$")
  if first and OFFICE_WORDS[first] then keys[rest:gsub("%s", "")] = true end
  keys[name:gsub("%s", "")] = true
  if a.post then keys[upper(a.post):gsub("%s", "")] = true end
  return keys
end

local function comma_set(s)
  local set, list = {}, {}
  for item in tostring(s or ""):gmatch("[^,;]+") do
    item = upper(item)
    if item ~= "" and item ~= "N/A" and not set[item] then set[item] = true; list[#list + 1] = item end
  end
  return set, list
end

-- An AAD reference "77 STATE 306726" in the attribute -> "1977STATE306726".
local function aad_reference_id(s)
  local yy, station, num = upper(s):match("^(%d%d)%s+(.-)%s*(%d+)$")
  if not yy then return nil end
  local year = tonumber(yy) + (tonumber(yy) >= 66 and 1900 or 2000)
  return string.format("%d%s%05d", year, station:gsub("%s", ""), tonumber(num))
end

local function set_text(list)
  local copy = {}
  for i, v in ipairs(list) do copy[i] = v end
  table.sort(copy)
  return "{" .. table.concat(copy, ", ") .. "}"
end

local function subset(a, b)   -- every key of a in b
  for k in pairs(a) do if not b[k] then return false end end
  return true
end

------------------------------------------------------------------------
-- Tallies
------------------------------------------------------------------------

local tallies = {}    -- report name -> {fields = {...}, counts = field -> source -> {agree, n}}
local disagreements = {}
local not_compared = {}   -- {file, why}: the text does not hold the value

local function tally(report, field, source)
  local t = tallies[report]
  if not t.counts[field] then t.counts[field] = {}; t.fields[#t.fields + 1] = field end
  local c = t.counts[field]
  c[source] = c[source] or { 0, 0 }
  c.all = c.all or { 0, 0 }
  return c[source], c.all
end

-- Records one comparison. parsed/archive are shown when they disagree.
local function compare(report, file, field, source, agrees, parsed, archive)
  local one, all = tally(report, field, source)
  one[2], all[2] = one[2] + 1, all[2] + 1
  if agrees then
    one[1], all[1] = one[1] + 1, all[1] + 1
  else
    disagreements[#disagreements + 1] = { report = report, file = file, field = field,
      parsed = parsed == nil and "(missing)" or tostring(parsed), archive = tostring(archive) }
  end
end

local function new_report(name, sources)
  tallies[name] = { fields = {}, counts = {}, sources = sources }
end

------------------------------------------------------------------------
-- AAD
------------------------------------------------------------------------

-- The Message Attributes block read line by line ("Name: value"; a line
-- without a name continues the previous value). Independent of the library.
local function read_attributes(block)
  local attrs, last = {}, nil
  for line in (block .. "\n"):gmatch("([^\n]*)\n") do
    local name, value = line:match("^([%a][%w %-/]-):%s?(.*)$")
    if name then
      attrs[name] = squash(value); last = name
    elseif last and line:find("%S") then
      attrs[last] = squash(attrs[last] .. " " .. line)
    end
  end
  return attrs
end

local function check_aad(file, text)
  local R = "AAD"
  text = text:gsub("\r\n", "\n")
  local cut = text:find("\n%s*Message Attributes%s*\n")
  if not cut then return false end
  local attrs = read_attributes(text:sub(text:find("\n", cut + 1, true) + 1))
  local rec, err = corpus.parse(cable, text:sub(1, cut), { format = "aad" })
  local function cmp(field, ok, parsed, archive) compare(R, file, field, "aad", ok, parsed, archive) end
  if not rec then
    cmp("parsed", false, err, "a record")
    return true
  end
  cmp("parsed", true)
  local a = attrs
  if a["Document Number"] then cmp("id", rec.id == a["Document Number"], rec.id, a["Document Number"]) end
  if a.From and a.From ~= "" then
    local keys = station_keys(rec.from)
    local want = upper(a.From):gsub("%s", "")
    cmp("from", keys[want] == true, rec.from and (rec.from.name or rec.from.text), a.From)
  end
  if a.To and a.To ~= "" then
    local want, want_list = comma_set(a.To)
    local have, shown = {}, {}
    local matched = {}
    for _, addr in ipairs(rec.to or {}) do
      local keys = station_keys(addr)
      shown[#shown + 1] = upper(addr.name or addr.text or "?")
      local hit = false
      for w in pairs(want) do
        if keys[w:gsub("%s", "")] then matched[w] = true; hit = true end
      end
      have[#have + 1] = hit
    end
    local all_hit = #have > 0
    for _, h in ipairs(have) do all_hit = all_hit and h end
    local covered = subset(want, matched)
    cmp("to (same set)", covered and all_hit, set_text(shown), set_text(want_list))
    cmp("to (archive within parsed)", covered, set_text(shown), set_text(want_list))
  end
  if a.Subject and a.Subject ~= "" then
    cmp("subject", rec.subject and upper(rec.subject) == upper(a.Subject), rec.subject, a.Subject)
  end
  if a.TAGS and a.TAGS ~= "" then
    local want, want_list = comma_set(a.TAGS)
    local have, have_list = {}, {}
    for _, t in ipairs(rec.tags or {}) do
      local code = upper(type(t) == "table" and (t.code or t.text) or t)
      if not have[code] then have[code] = true; have_list[#have_list + 1] = code end
    end
    cmp("tags (same set)", subset(want, have) and subset(have, want), set_text(have_list), set_text(want_list))
    cmp("tags (parsed within archive)", #have_list > 0 and subset(have, want), set_text(have_list), set_text(want_list))
  end
  local draft = a["Draft Date"] and archive_date(a["Draft Date"]) or a["Sent Date"] and archive_date(a["Sent Date"])
  if draft then
    local got = rec.dtg and rec.dtg.iso and rec.dtg.iso:sub(1, 10)
    cmp("draft date", got == draft, got, draft)
    local gap = got and day_gap(got, draft)
    cmp("draft date (+-1 day)", gap ~= nil and gap <= 1, got, draft)
  end
  local oc = a["Original Classification"]
  if oc and oc ~= "" and upper(oc) ~= "N/A" then
    cmp("original classification", level_of(rec) == upper(oc), level_of(rec), oc)
  end
  local ref = a.Reference
  if ref and ref ~= "" and upper(ref) ~= "N/A" then
    local want, want_list = {}, {}
    for item in ref:gmatch("[^,]+") do
      local id = aad_reference_id(item) or upper(item)
      if not want[id] then want[id] = true; want_list[#want_list + 1] = id end
    end
    local have, have_list = {}, {}
    for _, r in ipairs(rec.references or {}) do
      if r.id and not have[r.id] then have[r.id] = true; have_list[#have_list + 1] = r.id end
    end
    cmp("references (same set)", subset(want, have) and subset(have, want), set_text(have_list), set_text(want_list))
    cmp("references (archive within parsed)", subset(want, have), set_text(have_list), set_text(want_list))
  end
  return true
end

------------------------------------------------------------------------
-- Cablegate
------------------------------------------------------------------------

local function strip_tags(s)
  return squash((s:gsub("<[^>]*>", ""):gsub("&amp;", "&"):gsub("&lt;", "<"):gsub("&gt;", ">")))
end

-- The WikiLeaks page's metadata table: <th> names, then <td> cells.
local function page_metadata(html)
  local tbl = html:match("<table class=['\"]cable['\"]>(.-)</table>")
  if not tbl then return nil end
  local heads, cells = {}, {}
  for th in tbl:gmatch("<th>(.-)</th>") do heads[#heads + 1] = strip_tags(th) end
  for td in tbl:gmatch("<td>(.-)</td>") do cells[#cells + 1] = strip_tags(td) end
  local m = {}
  for i, h in ipairs(heads) do m[h] = cells[i] end
  return { id = m["Reference ID"], created = m.Created, classification = m.Classification,
           origin = m.Origin }
end

-- A cables.csv row: number, created, id, origin, classification, references
-- (separated by "|"), header, body.
local function csv_metadata(text)
  local row = corpus.csv(text)[1]
  if not row or #row < 6 then return nil end
  local refs = {}
  for r in row[6]:gmatch("[^|]+") do refs[#refs + 1] = squash(r) end
  return { id = row[3], created = row[2], origin = row[4], classification = row[5], references = refs }
end

-- The alx/cablegate layout: id, subject, date, classification, origin.
local function five_line_metadata(text)
  local lines = {}
  for line in (text:gsub("\r\n", "\n") .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
    if #lines == 5 then break end
  end
  if #lines < 5 or not lines[1]:match("^%d%d%u[%u%d]*%d$") or not archive_date(lines[3]) then return nil end
  return { id = squash(lines[1]), created = squash(lines[3]), classification = squash(lines[4]),
           origin = squash(lines[5]) }
end

-- Whether a reader finds a date-time group on a line of its own (with
-- precedence letters before it) in the first 200 lines of the text.
local function shows_dtg(text)
  local n = 0
  for line in (text:gsub("&#x000A;", "\n"):gsub("\r", "") .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if n > 200 then break end
    if line:match("^[%u%s]*%d%d%d%d%d%d%s?Z%s+%a%a%a%s+%d%d") then return true end
  end
  return false
end

local function check_cablegate(file, text, meta, source)
  local R = "Cablegate"
  local rec, err = corpus.parse(cable, text)
  local function cmp(field, ok, parsed, archive) compare(R, file, field, source, ok, parsed, archive) end
  if not rec then
    cmp("parsed", false, err, "a record")
    return
  end
  cmp("parsed", rec.format == "cablegate", rec.format, "cablegate")
  -- An id the record took from the container is the archive's, not the text's.
  local id = rec.id_source ~= "container" and rec.id or nil
  if meta.id then cmp("id", id ~= nil and id == meta.id, id or (rec.id and "(only from the container)"), meta.id) end
  local day, hour = archive_date(meta.created)
  local got = rec.dtg and rec.dtg.iso
  if day and not got and not shows_dtg(text) then
    not_compared[#not_compared + 1] = { file = file, why = "date: the text has no date-time group" }
    day, hour = nil, nil
  end
  if day then
    cmp("date", got and got:sub(1, 10) == day, got and got:sub(1, 10), day)
    local gap = got and day_gap(got, day)
    cmp("date (+-1 day)", gap ~= nil and gap <= 1, got and got:sub(1, 10), day)
  end
  if hour then
    local want = day .. "T" .. hour
    cmp("date and hour", got and got:sub(1, 13) == want, got and got:sub(1, 13), want)
  end
  if meta.origin and meta.origin ~= "" then
    local from = rec.from and upper(rec.from.name or rec.from.text or "")
    local ok = false
    for _, want in ipairs(expected_from(meta.origin)) do ok = ok or from == want end
    local has_fm = text:sub(1, 6000):find("\nFM [%u]") or text:find("^FM ") or text:find("FM&#x000A;")
      or text:sub(1, 6000):find("&#x000A;FM ")
    if rec.from or has_fm then
      cmp("origin (FM line)", ok, from, meta.origin .. " = " .. table.concat(expected_from(meta.origin), " | "))
    end
  end
  if source == "5-line" and not text:gsub("\r", ""):match("^[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n.*%S") then
    not_compared[#not_compared + 1] = { file = file, why = "classification: only the 5-line header, no cable text" }
  elseif meta.classification and meta.classification ~= "" then
    local level = split_classification(meta.classification)
    cmp("classification level", level_of(rec) == level, level_of(rec), level)
    cmp("classification + NOFORN/FOUO", classification_agrees(rec, meta.classification),
      classification_text(rec), meta.classification)
  end
  if meta.references and #meta.references > 0 then
    local want, have, have_list = {}, {}, {}
    for _, r in ipairs(meta.references) do want[r] = true end
    for _, r in ipairs(rec.references or {}) do
      if r.id and not have[r.id] then have[r.id] = true; have_list[#have_list + 1] = r.id end
    end
    cmp("references (archive within parsed)", subset(want, have), set_text(have_list), set_text(meta.references))
  end
end

------------------------------------------------------------------------
-- Main
------------------------------------------------------------------------

local root, exists = corpus.root()
if not exists then
  io.stderr:write("make accuracy: no corpus at ", root, " (set CABLE_CORPUS)\n")
  os.exit(1)
end

new_report("AAD", { "aad" })
local CG_SOURCES = { "page", "txt+page", "csv", "5-line", "bulk", "file name" }
new_report("Cablegate", CG_SOURCES)
local CG_SOURCE_NOTES = {
  page = ".html parsed; its own metadata table",
  ["txt+page"] = ".txt extraction; the table of the .html beside it",
  csv = "cables.csv row parsed; its id/created/origin/classification/references columns",
  ["5-line"] = "text with the 5-line header; those lines",
  bulk = "cablegate-bulk/*.txt; cablegate-bulk/metadata.csv",
  ["file name"] = ".txt with no metadata anywhere; id from the file name only",
}

local files = corpus.files(root)
local by_rel = {}
for _, f in ipairs(files) do by_rel[f.rel] = f end
local bulk_meta = {}
for _, row in ipairs(corpus.csv_records(root .. "/cablegate-bulk/metadata.csv") or {}) do
  if row.file then bulk_meta[row.file] = row end
end

local skipped = 0
for _, f in ipairs(files) do
  local text = corpus.read(f.path) or ""
  if text:find("\n%s*Message Attributes%s*\r?\n") and check_aad(f.rel, text) then
    -- AAD page: done
  elseif f.dir == "cablegate" or f.dir == "cablegate-bulk" then
    local stem = f.name:gsub("%.%w+$", "")
    local meta, source
    if f.ext == "html" then
      meta, source = page_metadata(text), "page"
    elseif f.ext == "csv" then
      meta, source = csv_metadata(text), "csv"
    elseif f.dir == "cablegate-bulk" and bulk_meta[f.name] then
      meta, source = bulk_meta[f.name], "bulk"
    elseif by_rel[f.dir .. "/" .. stem .. ".html"] then
      meta = page_metadata(corpus.read(by_rel[f.dir .. "/" .. stem .. ".html"].path) or "")
      source = "txt+page"
    else
      meta = five_line_metadata(text)
      source = "5-line"
    end
    if not meta then meta, source = { id = stem }, "file name" end
    check_cablegate(f.rel, text, meta, source)
  else
    skipped = skipped + 1
  end
end

print(string.format("make accuracy: %d files under %s; %d without archive metadata (other/, frus/) not compared",
  #files, root, skipped))

for _, name in ipairs({ "AAD", "Cablegate" }) do
  local t = tallies[name]
  print(string.format("\n%s: agreement per field (agree/compared, %%)", name))
  if name == "AAD" then
    print("  Message Text parsed alone (opts.format = \"aad\") vs the Message Attributes of the same cable")
  else
    for _, s in ipairs(t.sources) do print(string.format("  %-10s %s", s, CG_SOURCE_NOTES[s])) end
  end
  if #t.fields == 0 then
    print("  (no cable of this kind in the corpus)")
  else
    local used = {}
    for _, field in ipairs(t.fields) do
      for _, s in ipairs(t.sources) do if t.counts[field][s] then used[s] = true end end
    end
    local head = { "field", "all" }
    local cols = {}
    if #t.sources > 1 then
      for _, s in ipairs(t.sources) do if used[s] then head[#head + 1] = s; cols[#cols + 1] = s end end
    end
    local rows = { head }
    for _, field in ipairs(t.fields) do
      local c = t.counts[field]
      local row = { field, corpus.share(c.all[1], c.all[2]) }
      for _, s in ipairs(cols) do row[#row + 1] = c[s] and corpus.share(c[s][1], c[s][2]) or "-" end
      rows[#rows + 1] = row
    end
    print(corpus.table(rows))
  end
end

print(string.format("\nNot compared, the text does not show the value: %d", #not_compared))
for _, x in ipairs(not_compared) do print(string.format("    %-38s %s", x.file, x.why)) end

print(string.format("\nDisagreements: %d (file, field, parsed from the text | published by the archive)", #disagreements))
local last
for _, d in ipairs(disagreements) do
  if d.report ~= last then print("  " .. d.report); last = d.report end
  print(string.format("    %-38s %-30s %s | %s", d.file, d.field, corpus.clip(d.parsed, 60), corpus.clip(d.archive, 60)))
end
