-- Both backends (C core and Lua + LPeg scanner) must give byte-identical
-- records: every fixture, and its CRLF form, is parsed with each and the
-- records are written as JSON with every object's keys sorted.
local support = require "tests.support"
local cable = require "cable"
local json = require "dkjson"

local read = support.read

local fixture_paths = support.fixture_paths

-- Every string key of every table in v, sorted: as dkjson's keyorder it makes
-- the key order of each object fixed.
local function all_keys(v, set, seen)
  if type(v) ~= "table" or seen[v] then return end
  seen[v] = true
  for k, x in pairs(v) do
    if type(k) == "string" then set[k] = true end
    all_keys(x, set, seen)
  end
end

local function serialize(rec)
  local set = {}
  all_keys(rec, set, {})
  local order = {}
  for k in pairs(set) do order[#order + 1] = k end
  table.sort(order)
  return json.encode(rec, { keyorder = order })
end

-- The outcome of parsing text with one backend, as a string.
local function outcome(text, backend)
  local rec, msg, pos = cable.parse(text, { backend = backend })
  if not rec then return "nil\t" .. tostring(msg) .. "\t" .. tostring(pos) end
  return serialize(rec)
end

describe("backends", function()
  it("serialize records with sorted keys, the same way every time", function()
    local a = serialize({ b = 1, a = { d = cable.null, c = { 1, 2 } } })
    assert.are.equal('{"a":{"c":[1,2],"d":null},"b":1}', a)
  end)

  it("give byte-identical records for every fixture", function()
    local paths, parsed = fixture_paths(), 0
    for _, path in ipairs(paths) do
      local text = read(path)
      local c, l = outcome(text, "c"), outcome(text, "lua")
      assert.are.equal(c, l, path)
      if c:sub(1, 1) == "{" then parsed = parsed + 1 end
      assert.are.equal(outcome(text:gsub("\r?\n", "\r\n"), "c"),
                       outcome(text:gsub("\r?\n", "\r\n"), "lua"), path .. " (CRLF)")
    end
    assert.is_true(parsed >= 1)
  end)

  it("give byte-identical results for damaged fixtures", function()
    local text = read("tests/fixtures/aad/1978LIMA00921.txt")
    local cut = text:find("\nNNN", 1, true)
    for _, damaged in ipairs({
      text:sub(1, cut), (text:gsub("MILITARY", "MILI\0TARY")), (text:gsub("PERUVIAN", "PERUVI\193N")),
      (text:gsub("\n", "\r")), (text:gsub("\n\n", "\n \n")), (text:gsub("PAGE", "PAGE\t")),
    }) do
      assert.are.equal(outcome(damaged, "c"), outcome(damaged, "lua"))
    end
  end)
end)
