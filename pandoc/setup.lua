-- Shared start of the pandoc scripts: makes the cable library findable from
-- the script's own place (a source tree: <root>/pandoc/ next to <root>/lua/
-- and <root>/build/<lua version>/), then falls back to the standard Lua path
-- (an installed cable). Returns the cable module and cable.pandoc.
-- Called as dofile(<dir>/setup.lua)(<dir>), <dir> ending in a slash.
return function(dir)
  local root = dir .. "../"
  local probe = io.open(root .. "lua/cable/init.lua", "rb")
  if probe then
    probe:close()
    local version = _VERSION:match("%d+%.%d+")
    package.path = root .. "lua/?.lua;" .. root .. "lua/?/init.lua;" .. package.path
    package.cpath = root .. "build/" .. version .. "/?.so;" .. package.cpath
  end
  local ok, cable = pcall(require, "cable")
  if not ok then
    error("cable: the cable library is not found next to " .. dir
          .. " nor on the Lua path (" .. tostring(cable) .. ")", 0)
  end
  return cable, require "cable.pandoc"
end
