-- The least work any Lua parser must do to hand back given records, for make
-- bench: each record rebuilt by one compiled table constructor whose strings
-- are cut with string.sub from a buffer (as a parser cuts them from its
-- input), nothing read or decided. Timing the builders bounds cable.parse.
local null = require "cable.null"

local record_floor = {}

local function number_literal(v)
  if math.type(v) == "integer" then return string.format("%d", v) end
  local s = string.format("%.17g", v)
  if not s:find("[.eEn]") then s = s .. ".0" end
  return s
end

-- Lua source of an expression that builds v; its strings are appended to
-- parts, the buffer's pieces, and cut from the joined buffer by position.
local function expression(v, parts, state)
  local kind = type(v)
  if kind == "string" then
    local first = state.length + 1
    parts[#parts + 1] = v
    state.length = state.length + #v
    return string.format("sub(buffer,%d,%d)", first, first + #v - 1)
  elseif kind == "number" then
    return number_literal(v)
  elseif kind == "boolean" then
    return tostring(v)
  elseif v == null then
    return "null"
  elseif kind == "table" then
    local items, n = {}, #v
    for i = 1, n do items[#items + 1] = expression(v[i], parts, state) end
    for k, x in pairs(v) do
      if type(k) == "string" then
        items[#items + 1] = string.format("[%q]=%s", k, expression(x, parts, state))
      elseif not (math.type(k) == "integer" and k >= 1 and k <= n) then
        items[#items + 1] = string.format("[%s]=%s", number_literal(k), expression(x, parts, state))
      end
    end
    return "{" .. table.concat(items, ",") .. "}"
  end
  error("record_floor: a record holds a " .. kind)
end

-- record_floor.builders(records) -> list of functions, the i-th building a
-- fresh copy of records[i] each time it is called.
function record_floor.builders(records)
  local parts, state, sources = {}, { length = 0 }, {}
  for i, rec in ipairs(records) do sources[i] = expression(rec, parts, state) end
  local buffer = table.concat(parts)
  local builders = {}
  for i, source in ipairs(sources) do
    local chunk = assert(load("local sub, buffer, null = ...\nreturn function() return " .. source .. " end",
      "=record " .. i, "t"))
    builders[i] = chunk(string.sub, buffer, null)
  end
  return builders
end

return record_floor
