-- Runs the tutorial in docs/grammars.md: the Lua blocks tagged step-N are
-- joined into a grammar file, each try-N block is run against that grammar
-- and every "--> value" comment in it is compared with what its line prints;
-- the grammar the steps build must read the fixtures exactly as
-- grammar/navadmin.lua does. Blocks tagged example-* run the same way.
local cable = require "cable"
local grammars = require "cable.grammars"
local fs = require "cable.fs"

local DOC = "docs/grammars.md"
local FIXTURES = { "NAVADMIN-144-20.txt", "NAVADMIN-010-06.txt", "NAVADMIN-288-05.txt" }

-- The tagged blocks of the document, by tag, and the step numbers in order.
local function read_blocks()
  local text = assert(fs.read(DOC))
  local blocks, steps = {}, {}
  for tag, code in text:gmatch("\n```lua ([%w%-]+)\n(.-)\n```") do
    assert(not blocks[tag], DOC .. ": two blocks tagged " .. tag)
    blocks[tag] = code
    local n = tag:match("^step%-(%d+)$")
    if n then steps[#steps + 1] = tonumber(n) end
  end
  return blocks, steps
end

local blocks, steps = read_blocks()

-- The grammar file as it stands after step n.
local function grammar_source(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = assert(blocks["step-" .. i], "no block step-" .. i) end
  parts[#parts + 1] = "return grammar\n"
  return table.concat(parts, "\n")
end

local function load_grammar(n)
  local globals = {}
  local env = setmetatable({}, { __index = _G, __newindex = function(_, k) globals[#globals + 1] = k end })
  local chunk = assert(load(grammar_source(n), "=" .. DOC .. " steps 1-" .. n, "t", env))
  local g = chunk()
  assert.are.same({}, globals)          -- the tutorial's code sets no global
  return g
end

local function squeeze(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end

-- Runs a block, checking each "--> expected" against the line's output.
local function run_block(tag, step)
  local code = assert(blocks[tag], "no block " .. tag)
  local expected = {}
  for line in (code .. "\n"):gmatch("([^\n]*)\n") do
    local want = line:match("%-%->(.*)$")
    if want then expected[#expected + 1] = squeeze(want) end
  end
  assert.is_true(#expected > 0, tag .. " checks nothing")
  local printed = {}
  local env = setmetatable({
    print = function(...)
      local out = {}
      for i = 1, select("#", ...) do out[i] = tostring((select(i, ...))) end
      printed[#printed + 1] = squeeze(table.concat(out, " "))
    end,
    dofile = function(path)
      assert.are.equal("navadmin.lua", path)
      return load_grammar(step)
    end,
  }, { __index = _G })
  assert(load(code, "=" .. DOC .. " " .. tag, "t", env))()
  assert.are.same(expected, printed)
end

describe("docs/grammars.md", function()
  after_each(function() grammars.reset() end)

  it("has steps 1..n, each with its try block", function()
    assert.is_true(#steps >= 5)
    for i, n in ipairs(steps) do
      assert.are.equal(i, n)
      assert.is_string(blocks["try-" .. n])
    end
  end)

  for _, n in ipairs(steps) do
    it("step " .. n .. " gives what its try block promises", function()
      run_block("try-" .. n, n)
    end)
  end

  for _, file in ipairs(FIXTURES) do
    it("builds a grammar that reads " .. file .. " as grammar/navadmin.lua does", function()
      local path = "tests/fixtures/navadmin/" .. file
      local shipped = assert(cable.parse_file(path))
      assert.are.equal("navadmin", shipped.format)
      assert.truthy(cable.grammar("navadmin").where:find("grammar/navadmin.lua", 1, true))
      cable.register(load_grammar(steps[#steps]))
      assert.truthy(cable.grammar("navadmin").where:find("'navadmin'", 1, true))
      assert.are.same(shipped, assert(cable.parse_file(path)))
    end)
  end

  it("runs its cable.extend example", function()
    run_block("example-extend")
  end)
end)
