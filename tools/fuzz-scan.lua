-- Fuzzes the line scanner: random and mutated inputs (from the fixtures and
-- from the scanner's own tokens) must give the same table from the C core and
-- from the Lua + LPeg scanner. Run by tools/asan.sh under AddressSanitizer.
--   lua tools/fuzz-scan.lua [seconds] [seed]     (defaults: 20, 1)
-- Prints the first differing input (escaped) and exits 1 on a mismatch.
local core = require "cable.core"
local lscan = require "cable.scan"

local seconds = tonumber(arg[1]) or 20
local seed = tonumber(arg[2]) or 1
math.randomseed(seed)
local random = math.random

local function fixtures()
  local out = {}
  local p = assert(io.popen("find tests/fixtures -type f ! -name '*.md' ! -name '*.lua' | sort"))
  for path in p:lines() do
    local f = assert(io.open(path, "rb"))
    out[#out + 1] = f:read("a")
    f:close()
  end
  p:close()
  return out
end

-- Pieces the scanner's rules look at, to make hits likely.
local tokens = {
  "\n", "\r\n", "\r", " ", "\t", "\0", "\182", "\194\182", "\239\191\189", "\194", "\239\191",
  "PAGE ", "PAGE 02 LIMA 00921 312337Z", "PAGE", "Message Text", "Message Attributes",
  "CONFIDENTIAL", "UNCLAS", "TOP SECRET", "NNN", "NNNN", "1. ", "2.A. ", "2D. ", "12) ",
  "1.5 ", "(B) ", "1980.", "Key: value", "Review Markings:", "A:", ":", "(", ")", ".",
  "A", "Z", "a", "0", "9", ("X"):rep(45) .. ": y",
}

local function random_bytes(n)
  local t = {}
  for i = 1, n do t[i] = string.char(random(0, 255)) end
  return table.concat(t)
end

local function from_tokens(n)
  local t = {}
  for i = 1, n do t[i] = tokens[random(#tokens)] end
  return table.concat(t)
end

local function mutate(s)
  for _ = 1, random(1, 8) do
    local at = random(0, #s)
    local what = random(5)
    if what == 1 then
      s = s:sub(1, at) .. tokens[random(#tokens)] .. s:sub(at + 1)
    elseif what == 2 then
      s = s:sub(1, at) .. random_bytes(random(1, 4)) .. s:sub(at + random(1, 4) + 1)
    elseif what == 3 then
      s = s:sub(1, at)
    elseif what == 4 then
      local b = random(0, #s)
      s = s:sub(1, at) .. s:sub(b + 1, b + random(0, 200)) .. s:sub(at + 1)
    else
      s = s:sub(1, at) .. s:sub(at + random(1, 50))
    end
  end
  return s
end

-- The first difference between two scan tables, or nil.
local function difference(a, b)
  for _, k in ipairs({ "n", "text_first", "text_last", "attr_first", "attr_last" }) do
    if a[k] ~= b[k] then return k .. ": " .. tostring(a[k]) .. " vs " .. tostring(b[k]) end
  end
  for i = 1, 3 * a.n + 1 do
    if a[i] ~= b[i] then return "[" .. i .. "]: " .. tostring(a[i]) .. " vs " .. tostring(b[i]) end
  end
  -- nothing else in either table (a stray key would reach users too)
  for _, t in ipairs({ a, b }) do
    for k in pairs(t) do
      if a[k] ~= b[k] then return "key " .. tostring(k) .. ": " .. tostring(a[k]) .. " vs " .. tostring(b[k]) end
    end
  end
  return nil
end

local function escaped(s)
  return (s:gsub("[^\32-\126]", function(c) return string.format("\\%d", c:byte()) end))
end

local samples = fixtures()
local deadline = os.clock() + seconds
local count = 0
while os.clock() < deadline do
  local kind = random(4)
  local input
  if kind == 1 then input = random_bytes(random(0, 300))
  elseif kind == 2 then input = from_tokens(random(0, 200))
  elseif #samples > 0 then input = mutate(samples[random(#samples)])
  else input = from_tokens(random(0, 200)) end
  local c, l = core.scan(input), lscan.scan(input)
  local diff = difference(c, l)
  if diff then
    print("fuzz-scan: C and Lua scanners differ (" .. diff .. ") on input:")
    print(escaped(input))
    os.exit(1)
  end
  count = count + 1
end
print(string.format("fuzz-scan: %d inputs in %d s (seed %d): C and Lua scanners agree", count, seconds, seed))
