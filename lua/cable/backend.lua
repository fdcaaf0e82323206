-- Chooses the line scanner: the C core (cable.core) when it loads, the pure
-- Lua + LPeg one (cable.scan) otherwise. Both return the same table.
local backend = {}

local lua_scanner = require "cable.scan"
local loaded, c_scanner = pcall(require, "cable.core")
if not loaded then c_scanner = nil end

backend.default = c_scanner and "c" or "lua"

-- backend.get(name) -> scanner. name is "c", "lua" or nil (the environment
-- variable CABLE_BACKEND, then the default). Asking for "c" where the core
-- did not load is a setup error and raises.
function backend.get(name)
  name = name or os.getenv("CABLE_BACKEND")
  if name == nil or name == "" then name = backend.default end
  if name == "lua" then return lua_scanner end
  if name == "c" then
    if not c_scanner then
      error("cable: backend 'c' requested but the C core (cable.core) is not loadable; "
            .. "run make, or set LUA_CPATH to build/<lua version>/?.so", 3)
    end
    return c_scanner
  end
  error("cable: unknown backend '" .. tostring(name) .. "' (use 'c' or 'lua')", 3)
end

return backend
