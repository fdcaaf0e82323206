-- File-system helpers the library needs and plain Lua lacks: reading a whole
-- file and listing a directory (LuaFileSystem, pandoc.system, or ls).
local fs = {}

function fs.read(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, path .. ": " .. tostring(rerr or "cannot read") end
  return s
end

local function list_with_lfs(dir)
  local ok, lfs = pcall(require, "lfs")
  if not ok or type(lfs) ~= "table" then return nil end
  local names = {}
  local iter_ok = pcall(function()
    for name in lfs.dir(dir) do names[#names + 1] = name end
  end)
  return iter_ok and names or {}
end

local function list_with_pandoc(dir)
  local pandoc = rawget(_G, "pandoc")
  local system = pandoc and pandoc.system
  if not (system and system.list_directory) then return nil end
  local ok, names = pcall(system.list_directory, dir)
  return ok and names or {}
end

local function list_with_ls(dir)
  if not io.popen then return nil end
  local p = io.popen("ls -1a '" .. dir:gsub("'", "'\\''") .. "' 2>/dev/null")
  if not p then return nil end
  local names = {}
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  return names
end

-- Names of the files in dir ending in suffix, sorted; {} when dir is missing.
function fs.list(dir, suffix)
  local names = list_with_lfs(dir) or list_with_pandoc(dir) or list_with_ls(dir) or {}
  local out = {}
  for _, name in ipairs(names) do
    if (suffix == "" or name:sub(-#suffix) == suffix) and name:sub(1, 1) ~= "." then
      out[#out + 1] = name
    end
  end
  table.sort(out)
  return out
end

return fs
