-- The null value of cable records: one unique, read-only, empty table that
-- stands for "no value" (AAD's n/a, NA, empty cells and placeholder dates).
-- Compare with ==. JSON writers can recognise it by its metatable: __name is
-- "cable.null", and __tojson (used by dkjson) writes JSON null.
local null = {}

return setmetatable(null, {
  __name = "cable.null",
  __tostring = function() return "null" end,
  __tojson = function() return "null" end,
  __newindex = function() error("cable.null is read-only", 2) end,
})
