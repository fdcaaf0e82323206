-- Loads the code tables shipped in lua/cable/data/ (tab-separated, header row,
-- no quoting; see data/SOURCES.md) and caches each one after its first use.
local tables = {}

local function here()
  local source = debug.getinfo(1, "S").source
  return (source:match("^@(.*[/\\])") or "./")
end

-- Directory that holds the .tsv files; tests and users may point it elsewhere.
tables.dir = here() .. "data/"

local cache = {}

local function split_tabs(line)
  local out, i = {}, 1
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    out[i] = field
    i = i + 1
  end
  return out
end

-- tables.rows(name) -> list of rows, each a table keyed by the header's column names.
-- Raises on a missing file: the tables are part of the installation, not user data.
function tables.rows(name)
  local rows = cache[name]
  if rows then return rows end
  local path = tables.dir .. name .. ".tsv"
  local f, err = io.open(path, "rb")
  if not f then error("cable: code table missing: " .. tostring(err), 2) end
  local header
  rows = {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if not header then
      header = split_tabs(line)
    elseif line ~= "" then
      local cells, row = split_tabs(line), {}
      for i, column in ipairs(header) do
        local v = cells[i]
        if v ~= nil and v ~= "" then row[column] = v end
      end
      rows[#rows + 1] = row
    end
  end
  f:close()
  cache[name] = rows
  return rows
end

-- tables.index(name, column) -> map from that column's value to the first row
-- holding it (later duplicates are kept in tables.rows only).
function tables.index(name, column)
  local key = name .. "\0" .. column
  local idx = cache[key]
  if idx then return idx end
  idx = {}
  for _, row in ipairs(tables.rows(name)) do
    local v = row[column]
    if v ~= nil and idx[v] == nil then idx[v] = row end
  end
  cache[key] = idx
  return idx
end

return tables
