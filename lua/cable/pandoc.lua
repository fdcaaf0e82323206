-- Turns a cable record into Pandoc values: the metadata fields, the header
-- fields as a definition list, the numbered paragraphs, the signature and the
-- warnings. Runs only inside pandoc (the `pandoc` module is pandoc's global);
-- used by pandoc/cable-reader.lua and pandoc/cable-filter.lua. Written for the
-- Lua API of pandoc 2.17 and 3.x alike.
local null = require "cable.null"

local pandoc = rawget(_G, "pandoc")
if type(pandoc) ~= "table" then
  error("cable.pandoc runs inside pandoc (as a reader or a filter), not in plain Lua", 2)
end

local M = {}

-- A text value, or nil for a missing, null or blank one.
local function text_of(v)
  if type(v) == "number" then return tostring(v) end
  if type(v) ~= "string" or not v:find("%S") then return nil end
  return v
end

local function field(rec, name, key)
  local v = rec[name]
  if type(v) ~= "table" or v == null then return nil end
  return text_of(v[key])
end

-- Words separated by single spaces, as Pandoc inlines.
function M.inlines(text)
  local out = {}
  for word in text:gmatch("%S+") do
    if #out > 0 then out[#out + 1] = pandoc.Space() end
    out[#out + 1] = pandoc.Str(word)
  end
  return out
end
local inlines = M.inlines

local function address_name(a)
  return text_of(a.name) or text_of(a.text)
end

-- Names of a list of addressees ({name =, text =}), in order.
local function names(list)
  local out = {}
  if type(list) ~= "table" then return out end
  for _, a in ipairs(list) do
    out[#out + 1] = type(a) == "table" and address_name(a) or text_of(a)
  end
  return out
end

local function classification_text(rec)
  local c = rec.classification
  if type(c) ~= "table" or c == null then return nil end
  local level = text_of(c.level) or text_of(c.text)
  if not level then return nil end
  local caveats = type(c.caveats) == "table" and c.caveats or {}
  if #caveats == 0 then return level end
  return level .. " " .. table.concat(caveats, " ")
end

local function list_of(rec, name)
  local v = rec[name]
  if type(v) ~= "table" or v == null then return {} end
  return v
end

-- "PGOV (Government)", "PM (Bureau of Politico-Military Affairs)": a TAG or
-- an office code with its name when the tables know it.
local function code_label(item)
  local code = text_of(item.code) or "?"
  local name = text_of(item.name)
  return name and (code .. " (" .. name .. ")") or code
end

local function reference_label(r)
  local label = text_of(r.label)
  local s = (label and "(" .. label .. ") " or "") .. (text_of(r.text) or "")
  local id = text_of(r.id)
  if id and id ~= r.text then s = s .. " [" .. id .. "]" end
  return s
end

local function map_list(list, fn)
  local out = {}
  for _, v in ipairs(list) do
    if type(v) == "table" then out[#out + 1] = fn(v) end
  end
  return out
end

-- The record's title: the subject as displayed, the raw subject, or the id.
function M.title(rec)
  return text_of(rec.subject_display) or text_of(rec.subject) or text_of(rec.id) or "Untitled cable"
end

-- Plain Lua values as metadata values: text becomes MetaInlines, as pandoc's
-- own readers give it (writers such as docx read keywords only as inlines).
local function to_meta(v)
  if type(v) == "string" then return pandoc.MetaInlines(inlines(v)) end
  local out = {}
  for k, x in pairs(v) do out[k] = to_meta(x) end
  if #v > 0 then return pandoc.MetaList(out) end
  return pandoc.MetaMap(out)
end

-- Metadata fields, ready for pandoc.Meta or to be put into a Meta table.
function M.meta(rec)
  local tags = list_of(rec, "tags")
  local from = rec.from
  local meta = {
    title = M.title(rec),
    subject = text_of(rec.subject),
    date = field(rec, "dtg", "iso"),
    dtg = field(rec, "dtg", "text"),
    id = text_of(rec.id),
    format = text_of(rec.format),
    precedence = text_of(rec.precedence),
    from = type(from) == "table" and from ~= null and address_name(from) or nil,
    classification = classification_text(rec),
    eo = field(rec, "eo", "text"),
    signature = text_of(rec.signature),
  }
  meta.author = meta.from
  local lists = {
    to = names(rec.to),
    info = names(rec.info),
    tags = map_list(tags, function(t)
      return { code = text_of(t.code), name = text_of(t.name), kind = text_of(t.kind) }
    end),
    keywords = map_list(tags, function(t) return text_of(t.code) end),
    references = map_list(list_of(rec, "references"), function(r)
      return { label = text_of(r.label), text = text_of(r.text), id = text_of(r.id) }
    end),
  }
  for k, v in pairs(lists) do
    if #v > 0 then meta[k] = v end
  end
  for k, v in pairs(meta) do meta[k] = to_meta(v) end
  return meta
end

-- The header fields as {term, value} pairs, in reading order.
local function header_rows(rec)
  local rows = {}
  local function add(term, value)
    if value and value ~= "" then rows[#rows + 1] = { term, value } end
  end
  local dtg, iso = field(rec, "dtg", "text"), field(rec, "dtg", "iso")
  add("Date-time group", dtg and iso and (dtg .. " (" .. iso .. ")") or dtg or iso)
  add("Precedence", text_of(rec.precedence))
  add("From", type(rec.from) == "table" and rec.from ~= null and address_name(rec.from) or nil)
  add("To", table.concat(names(rec.to), "; "))
  add("Info", table.concat(names(rec.info), "; "))
  add("Classification", classification_text(rec))
  add("Executive order", field(rec, "eo", "text"))
  add("TAGS", table.concat(map_list(list_of(rec, "tags"), code_label), ", "))
  add("Subject", text_of(rec.subject))
  add("References", table.concat(map_list(list_of(rec, "references"), reference_label), "; "))
  local offices = rec.offices
  if type(offices) == "table" and offices ~= null and type(offices.action) == "table" then
    add("Action office", table.concat(map_list(offices.action, code_label), ", "))
  end
  add("Cable id", text_of(rec.id))
  return rows
end

local function header_block(rec)
  local items = {}
  for _, row in ipairs(header_rows(rec)) do
    items[#items + 1] = { inlines(row[1]), { { pandoc.Plain(inlines(row[2])) } } }
  end
  return pandoc.Div({ pandoc.DefinitionList(items) }, pandoc.Attr("", { "cable-header" }))
end

-- One paragraph: its number in bold ("2.A."), its marking, then its text.
local function paragraph(p)
  local marking = type(p.marking) == "table" and text_of(p.marking.text)
  local out = inlines((marking or "") .. " " .. (text_of(p.text) or ""))
  local number = text_of(p.number)
  if number then
    if #out > 0 then table.insert(out, 1, pandoc.Space()) end
    table.insert(out, 1, pandoc.Strong({ pandoc.Str(number .. ".") }))
  end
  return pandoc.Para(out)
end

local function warnings_block(rec)
  local items = {}
  for _, w in ipairs(list_of(rec, "warnings")) do
    local msg = text_of(w.message) or "?"
    if w.line then msg = "line " .. tostring(w.line) .. ": " .. msg end
    items[#items + 1] = { pandoc.Plain(inlines(msg)) }
  end
  if #items == 0 then return nil end
  return pandoc.Div({
    pandoc.Para({ pandoc.Strong(inlines("Parser warnings")) }),
    pandoc.BulletList(items),
  }, pandoc.Attr("", { "cable-warnings" }))
end

-- The document blocks of a record: header fields, body, signature, warnings.
function M.blocks(rec)
  local blocks = { header_block(rec) }
  local paras = {}
  for _, p in ipairs(list_of(rec, "paragraphs")) do paras[#paras + 1] = paragraph(p) end
  blocks[#blocks + 1] = pandoc.Div(paras, pandoc.Attr("", { "cable-body" }))
  local signature = text_of(rec.signature)
  if signature then
    blocks[#blocks + 1] = pandoc.Div({ pandoc.Para(inlines(signature)) },
      pandoc.Attr("", { "cable-signature" }))
  end
  blocks[#blocks + 1] = warnings_block(rec)
  return blocks
end

-- A record as one Div (class "cable", id "cable-<id>") led by a header of
-- the given level holding its title: how a cable sits inside another document.
function M.div(rec, level)
  local content = { pandoc.Header(level, inlines(M.title(rec))) }
  for _, b in ipairs(M.blocks(rec)) do content[#content + 1] = b end
  local id = text_of(rec.id)
  return pandoc.Div(content, pandoc.Attr(id and ("cable-" .. id) or "", { "cable" }))
end

return M
