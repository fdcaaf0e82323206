-- Pandoc filter for documents that quote cables:
--   pandoc --lua-filter path/to/cable/pandoc/cable-filter.lua doc.md -o doc.html
-- A code block of class `cable` (```cable) holding a cable's text becomes the
-- parsed cable: a Div of class `cable` with a header (level from the block's
-- `level` attribute, 2 by default), the header fields, the numbered
-- paragraphs, the signature and the warnings. A text that is not a cable is
-- kept as it was, inside a Div of class `cable-error` that says why. The Div's
-- id is cable-<cable id>, with -2, -3... for the same cable quoted again.
-- Metadata `cable-file: PATH` (relative to the working directory or to the
-- input file) fills the document's metadata from that cable; fields the
-- document sets itself are kept.
local dir = (rawget(_G, "PANDOC_SCRIPT_FILE") or ""):match("^(.*[/\\])") or "./"
local cable, ast = dofile(dir .. "setup.lua")(dir)

local function has_class(el, name)
  for _, c in ipairs(el.classes) do
    if c == name then return true end
  end
  return false
end

-- Identifiers already given, so that a cable quoted twice gets two.
local seen = {}

local function CodeBlock(el)
  if not has_class(el, "cable") then return nil end
  local rec, msg = cable.parse(el.text)
  if not rec then
    io.stderr:write("cable-filter: code block not read as a cable: ", msg, "\n")
    return pandoc.Div({
      pandoc.Para({ pandoc.Strong({ pandoc.Str("cable-filter:") }), pandoc.Space(),
        table.unpack(ast.inlines(msg)) }),
      el,
    }, pandoc.Attr("", { "cable-error" }))
  end
  local div = ast.div(rec, tonumber(el.attributes.level) or 2)
  local id = div.identifier
  seen[id] = (seen[id] or 0) + 1
  if id ~= "" and seen[id] > 1 then div.identifier = id .. "-" .. seen[id] end
  return div
end

-- The file a relative path names: as given (from the working directory),
-- else next to the first input file that has it.
local function locate(path)
  local list = { path }
  local state = rawget(_G, "PANDOC_STATE")
  if path:sub(1, 1) ~= "/" then
    for _, input in ipairs(state and state.input_files or {}) do
      local base = input:match("^(.*[/\\])")
      if base then list[#list + 1] = base .. path end
    end
  end
  for _, candidate in ipairs(list) do
    local f = io.open(candidate, "rb")
    if f then
      f:close()
      return candidate
    end
  end
  return path
end

local function read_cable_file(path)
  local rec, msg = cable.parse_file(locate(path))
  if not rec then error("cable-filter: cable-file '" .. path .. "': " .. tostring(msg), 0) end
  return rec
end

local function Meta(meta)
  if meta["cable-file"] == nil then return nil end
  local rec = read_cable_file(pandoc.utils.stringify(meta["cable-file"]))
  for key, value in pairs(ast.meta(rec)) do
    if meta[key] == nil then meta[key] = value end
  end
  return meta
end

return { { CodeBlock = CodeBlock, Meta = Meta } }
