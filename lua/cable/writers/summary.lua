-- Writes a record as a short readable summary: the header fields a reader
-- looks for first, the paragraph count, the signature and any warnings.
local summary = {}

local function text_of(v)
  if v == nil then return nil end
  if type(v) ~= "table" then return tostring(v) end
  return v.text or v.name or v.code
end

local function list_of(items, field)
  if type(items) ~= "table" or #items == 0 then return nil end
  local out = {}
  for _, item in ipairs(items) do
    out[#out + 1] = type(item) == "table" and (item[field] or item.text or item.code) or tostring(item)
  end
  return table.concat(out, ", ")
end

local function classification(c)
  if type(c) ~= "table" then return nil end
  local s = c.level or c.text
  if c.caveats and #c.caveats > 0 then s = s .. " (" .. table.concat(c.caveats, ", ") .. ")" end
  return s
end

function summary.render(rec)
  local rows = {
    { "Format", rec.format },
    { "Document", rec.id },
    { "Classification", classification(rec.classification) },
    { "Date", type(rec.dtg) == "table" and (rec.dtg.iso or rec.dtg.text) or nil },
    { "Precedence", rec.precedence },
    { "From", text_of(rec.from) },
    { "To", list_of(rec.to, "name") },
    { "Info", list_of(rec.info, "name") },
    { "E.O.", text_of(rec.eo) },
    { "TAGS", list_of(rec.tags, "code") },
    { "Subject", rec.subject },
    { "References", list_of(rec.references, "id") },
    { "Paragraphs", type(rec.paragraphs) == "table" and tostring(#rec.paragraphs) or nil },
    { "Pages", rec.pages and tostring(rec.pages) or nil },
    { "Signature", rec.signature },
    { "Attributes", type(rec.attributes) == "table" and (function()
        local n = 0
        for _ in pairs(rec.attributes) do n = n + 1 end
        return tostring(n)
      end)() or nil },
  }
  local out = {}
  if rec.file then out[1] = "== " .. rec.file end
  for _, row in ipairs(rows) do
    if row[2] ~= nil and row[2] ~= "" then
      out[#out + 1] = string.format("%-15s %s", row[1] .. ":", row[2])
    end
  end
  local warnings = rec.warnings or {}
  out[#out + 1] = string.format("%-15s %d", "Warnings:", #warnings)
  for _, w in ipairs(warnings) do
    out[#out + 1] = "  - " .. (w.line and ("line " .. w.line .. ": ") or "") .. w.message
  end
  return table.concat(out, "\n") .. "\n"
end

return summary
