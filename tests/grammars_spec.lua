-- Specs for the grammar registry as users see it: cable.formats, cable.detect,
-- opts.format, grammar files from CABLE_GRAMMAR_PATH or cable.grammar_path,
-- cable.register, cable.extend, and the errors a broken grammar gives.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local cable = require "cable"
local grammars = require "cable.grammars"
local fs = require "cable.fs"
local B = require "cable.blocks"

local P, V = lpeg.P, lpeg.V

local AAD = "tests/fixtures/aad/1978LIMA00921.txt"
local NAVADMIN = { "NAVADMIN-144-20.txt", "NAVADMIN-010-06.txt", "NAVADMIN-288-05.txt" }
local USER = "tests/fixtures/user-grammars/"

local function read(path) return assert(fs.read(path)) end

local function names()
  local out = {}
  for _, f in ipairs(cable.formats()) do out[#out + 1] = f.name end
  return out
end

local function has(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

-- Each test that changes the registry leaves it as the library starts.
local function restore()
  cable.grammar_path = nil
  grammars.reset()
end

describe("cable.formats", function()
  after_each(restore)

  it("lists one format per file in grammar/, each with a description and its file", function()
    local files = fs.list("grammar/", ".lua")
    local listed = cable.formats()
    assert.are.equal(#files, #listed)
    for _, f in ipairs(listed) do
      assert.is_true(has(files, f.name .. ".lua"), f.name .. " has no grammar file")
      assert.is_string(f.description)
      assert.truthy(f.where:find("grammar/" .. f.name .. ".lua", 1, true))
    end
  end)

  it("knows aad, cablegate and navadmin", function()
    local list = names()
    assert.is_true(has(list, "aad"))
    assert.is_true(has(list, "cablegate"))
    assert.is_true(has(list, "navadmin"))
  end)
end)

describe("cable.detect", function()
  it("names the AAD fixture's format, sure of it", function()
    local name, score = cable.detect(read(AAD))
    assert.are.equal("aad", name)
    assert.are.equal(1, score)
  end)

  for _, file in ipairs(NAVADMIN) do
    it("names " .. file .. " navadmin, sure of it", function()
      local name, score = cable.detect(read("tests/fixtures/navadmin/" .. file))
      assert.are.equal("navadmin", name)
      assert.are.equal(1, score)
    end)
  end

  it("names every Cablegate fixture cablegate (plain, HTML page, cables.csv row)", function()
    for _, suffix in ipairs({ ".txt", ".html", ".csv" }) do
      local files = fs.list("tests/fixtures/cablegate/", suffix)
      assert.is_true(#files > 0, "no " .. suffix .. " fixture")
      for _, file in ipairs(files) do
        assert.are.equal("cablegate", (cable.detect(read("tests/fixtures/cablegate/" .. file))), file)
      end
    end
  end)

  it("names no format for text that is not a cable", function()
    assert.is_nil(cable.detect("Dear Sir,\nThank you for your letter.\n"))
  end)

  it("parses with the detected grammar by default", function()
    assert.are.equal("navadmin", cable.parse(read("tests/fixtures/navadmin/NAVADMIN-144-20.txt")).format)
    assert.are.equal("aad", cable.parse(read(AAD)).format)
  end)
end)

describe("opts.format", function()
  it("forces a grammar the text would not be detected as", function()
    local text = read("tests/fixtures/navadmin/NAVADMIN-144-20.txt")
    local rec = cable.parse(text, { format = "aad" })
    assert.are.equal("aad", rec.format)
    assert.is_nil(rec.msgid)                      -- a navadmin-only field
    assert.are.equal("2020-05-15T21:31:00Z", rec.dtg.iso)   -- shared block still reads it
  end)

  it("raises an error naming an unknown format", function()
    assert.has_error(function() cable.parse("R 152131Z MAY 20", { format = "telex" }) end,
      "cable.parse: unknown format 'telex'")
  end)
end)

describe("grammar files from a directory", function()
  after_each(restore)

  local memo = read(USER .. "memo.txt")

  local function check_memo(rec)
    assert.are.equal("memo", rec.format)
    assert.are.equal("A. SMITH", rec.memo_from)          -- the grammar's own normaliser
    assert.are.equal("TO: ALL STAFF", rec.memo_to)       -- unknown field: trimmed text
    assert.are.equal("FIRE DRILL", rec.subject)          -- the library's subject normaliser
    assert.are.equal(2, #rec.paragraphs)
    assert.are.equal("NNNN", rec.end_marker)
  end

  it("loads the grammars in CABLE_GRAMMAR_PATH (a child lua process)", function()
    local lua = "lua" .. _VERSION:match("%d+%.%d+")
    local script = [[
      local cable = require "cable"
      local names = {}
      for _, f in ipairs(cable.formats()) do names[#names + 1] = f.name end
      local f = assert(io.open("tests/fixtures/user-grammars/memo.txt"))
      local rec = assert(cable.parse(f:read("a")))
      f:close()
      print(table.concat(names, " "))
      print(rec.format, rec.memo_from, rec.subject, #rec.paragraphs)
    ]]
    local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
    local cmd = "CABLE_GRAMMAR_PATH=" .. q(USER .. "good") .. " LUA_PATH=" .. q(package.path)
      .. " LUA_CPATH=" .. q(package.cpath) .. " " .. lua .. " -e " .. q(script) .. " 2>&1"
    local p = assert(io.popen(cmd))
    local out = p:read("a")
    p:close()
    local listed, parsed = out:match("^([^\n]*)\n([^\n]*)\n$")
    assert.is_string(listed, out)
    local list = {}
    for n in listed:gmatch("%S+") do list[#list + 1] = n end
    assert.is_true(has(list, "memo"))
    assert.is_true(has(list, "aad"))
    assert.are.equal("memo\tA. SMITH\tFIRE DRILL\t2", parsed)
  end)

  it("loads the grammars in cable.grammar_path, set before the first parse", function()
    grammars.reset()
    cable.grammar_path = USER .. "good"
    assert.is_true(has(names(), "memo"))
    assert.are.equal("memo", (cable.detect(memo)))
    check_memo(cable.parse(memo))
    assert.are.equal(USER .. "good/memo.lua", cable.grammar("memo").where)
  end)

  it("takes a single grammar file too", function()
    grammars.reset()
    cable.grammar_path = { USER .. "good/memo.lua" }
    check_memo(cable.parse(memo))
  end)
end)

describe("cable.register", function()
  after_each(restore)

  local slip = "ROUTING SLIP\nATTN: REGISTRY\nRE: FILE 12/7\n\nPLEASE FILE.\n"

  local function slip_grammar()
    return {
      name = "slip",
      description = "routing slip (test)",
      detect = P"ROUTING SLIP",
      rules = {
        header = B.header,
        field = V"title" + V"attn" + V"re",
        para_start = B.para_start,
        unclaimed = B.unclaimed,
        unclaimed_run = B.unclaimed_run,
        title = B.single("title", P"ROUTING SLIP"),
        attn = B.single("attn", P"ATTN:"),
        re = B.single("re", P"RE:"),
      },
      fields = { attn = function(text) return text:match("ATTN:%s*(.-)%s*$") end },
    }
  end

  it("adds a format that formats, detect and parse then know", function()
    assert.are.equal("slip", cable.register(slip_grammar()))
    assert.is_true(has(names(), "slip"))
    assert.are.equal("slip", (cable.detect(slip)))
    local rec = cable.parse(slip)
    assert.are.equal("slip", rec.format)
    assert.are.equal("REGISTRY", rec.attn)
    assert.are.equal("RE: FILE 12/7", rec.re)
    assert.are.equal("PLEASE FILE.", rec.body)
  end)

  it("reads a shared block's field with the library's normaliser in any format", function()
    local g = slip_grammar()
    g.rules.ref = B.references
    g.rules.field = g.rules.field + V"ref"
    cable.register(g)
    local rec = cable.parse((slip:gsub("\n\n", "\nREF: 77 STATE 306726\n\n")))
    assert.are.equal("slip", rec.format)
    assert.are.equal("cable", rec.references[1].kind)
    assert.are.equal("77 STATE 306726", rec.references[1].text)
  end)

  it("refuses a grammar with a bad rule, naming the grammar and the rule", function()
    local g = slip_grammar()
    g.rules.re = "RE:"
    assert.has_error(function() cable.register(g) end,
      "cable: grammar 'slip': rule 're' is not an LPeg pattern (got string)")
    assert.is_false(has(names(), "slip"))
  end)

  it("refuses a grammar whose rules use an undefined rule, naming it", function()
    local g = slip_grammar()
    g.rules.field = V"title" + V"atn"
    assert.has_error(function() cable.register(g) end,
      "cable: grammar 'slip': rule 'atn' undefined in given grammar")
  end)
end)

describe("cable.extend", function()
  after_each(restore)

  -- The AAD fixture with one line its grammar does not know, before E.O.
  local text = read(AAD):gsub("\nE%.O%.", "\nORIG ARA/AND\n\nE.O.", 1)

  local function add_orig(rules)
    rules.orig = B.single("orig", P"ORIG" * lpeg.S" \t")
    rules.field = rules.field + V"orig"
  end

  it("starts from a text with a line the aad grammar leaves unclaimed", function()
    local rec = cable.parse(text)
    assert.is_nil(rec.orig)
    assert.are.equal("ORIG ARA/AND", rec.unclaimed[1].text)
  end)

  it("alters a grammar's rules, and the change shows in a parse", function()
    cable.extend("aad", add_orig)
    local rec = cable.parse(text)
    assert.are.equal("ORIG ARA/AND", rec.orig)
    assert.is_nil(rec.unclaimed)
    assert.are.equal("1978LIMA00921", rec.id)          -- the rest of the grammar is unchanged
  end)

  it("passes the grammar too, to add a field normaliser", function()
    cable.extend("aad", function(rules, g)
      add_orig(rules)
      g.fields.orig = function(t) return { office = t:match("ORIG%s+(%S+)") } end
    end)
    assert.are.same({ office = "ARA/AND" }, cable.parse(text).orig)
  end)

  it("accepts a new rules table returned by the function", function()
    cable.extend("aad", function(rules)
      local new = {}
      for k, v in pairs(rules) do new[k] = v end
      add_orig(new)
      return new
    end)
    assert.are.equal("ORIG ARA/AND", cable.parse(text).orig)
  end)

  it("leaves the original grammar table as it was", function()
    local before = cable.grammar("aad")
    local field = before.rules.field
    cable.extend("aad", add_orig)
    assert.are.equal(field, before.rules.field)
    assert.is_nil(before.rules.orig)
    assert.are_not.equal(before, cable.grammar("aad"))
  end)

  it("reports a rule error with the grammar's file and the rule", function()
    local ok, err = pcall(cable.extend, "aad", function(rules) rules.field = rules.field + V"orgi" end)
    assert.is_false(ok)
    assert.truthy(err:find("grammar/aad.lua (extended): rule 'orgi' undefined", 1, true), err)
    assert.are.equal("aad", cable.parse(text).format)     -- the old grammar is kept
  end)

  it("raises an error for an unknown format", function()
    assert.has_error(function() cable.extend("telex", add_orig) end,
      "cable.extend: no format named 'telex'")
  end)
end)

describe("a broken grammar file", function()
  after_each(restore)

  local function load_error(file)
    grammars.reset()
    cable.grammar_path = USER .. "broken/" .. file
    local ok, err = pcall(cable.formats)
    assert.is_false(ok)
    local where = "cable: grammar " .. USER .. "broken/" .. file .. ": "
    assert.are.equal(where, err:sub(1, #where))
    return err:sub(#where + 1)
  end

  it("with a syntax error: the file and line", function()
    local msg = load_error("syntax.lua")
    assert.truthy(msg:find("syntax.lua:%d+: "), msg)
  end)

  it("with a rule that is not a pattern: the rule", function()
    assert.are.equal("rule 'subject' is not an LPeg pattern (got string)", load_error("not_pattern.lua"))
  end)

  it("with an undefined V\"rule\": the rule", function()
    assert.are.equal("rule 'subjet' undefined in given grammar", load_error("undefined.lua"))
  end)

  it("without its start rule: the rule it needs", function()
    assert.are.equal("has no start rule 'header'", load_error("no_start.lua"))
  end)

  it("with a field normaliser that is not a function: the field", function()
    assert.are.equal("field normaliser 'subject' is not a function (got string)", load_error("bad_field.lua"))
  end)
end)
