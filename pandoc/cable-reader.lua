-- Pandoc custom reader for diplomatic cables:
--   pandoc -f path/to/cable/pandoc/cable-reader.lua CABLE.txt -t html -s
-- One input gives one document: the cable's fields as metadata, its header
-- fields, numbered paragraphs, signature and parser warnings as blocks.
-- Several inputs give one section per cable, their metadata under `cables`.
-- Works with pandoc 2.17 (Lua 5.3) and 3.x (Lua 5.4): the input is a list of
-- sources, or a plain string in pandoc versions before 2.17.
local dir = (rawget(_G, "PANDOC_SCRIPT_FILE") or ""):match("^(.*[/\\])") or "./"
local cable, ast = dofile(dir .. "setup.lua")(dir)

-- Pandoc ends each input with a blank line it adds; dropping trailing blank
-- lines keeps the line numbers of warnings those of the file.
local function source(name, text)
  return { name = name, text = (text:gsub("\n+$", "\n")) }
end

-- The inputs as a list of {name =, text =}.
local function sources_of(input)
  if type(input) == "string" then return { source("", input) } end
  local list = {}
  for _, s in ipairs(input) do list[#list + 1] = source(s.name or "", tostring(s.text)) end
  if #list == 0 then list[1] = source("", tostring(input)) end
  return list
end

local function parse(source)
  local rec, msg, pos = cable.parse(source.text)
  if not rec then
    local name = source.name ~= "" and source.name or "<stdin>"
    error("cable-reader: " .. name .. ": " .. msg .. " (at byte " .. tostring(pos or 1) .. ")", 0)
  end
  return rec
end

function Reader(input)
  local sources = sources_of(input)
  if #sources == 1 then
    local rec = parse(sources[1])
    return pandoc.Pandoc(ast.blocks(rec), pandoc.Meta(ast.meta(rec)))
  end
  local blocks, metas = {}, {}
  for _, source in ipairs(sources) do
    local rec = parse(source)
    blocks[#blocks + 1] = ast.div(rec, 1)
    metas[#metas + 1] = ast.meta(rec)
  end
  return pandoc.Pandoc(blocks, pandoc.Meta({ title = #metas .. " cables", cables = metas }))
end
