-- The command line (bin/cable), run in place as a user would: parse to JSON
-- and summaries, detect, formats, standard input, and its errors and exit
-- codes. It runs under the same Lua and backend as the suite.
local dkjson = require "dkjson"

local LUA = "lua" .. _VERSION:match("%d+%.%d+")
local FIXTURE = "tests/fixtures/aad/1978LIMA00921.txt"

-- Runs bin/cable with the given arguments: stdout, stderr and exit code.
local function cable(args, stdin)
  local err = os.tmpname()
  local cmd = LUA .. " bin/cable " .. args .. " 2>" .. err
  if stdin then cmd = "cat " .. stdin .. " | " .. cmd end
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  local f = assert(io.open(err))
  local errors = f:read("a")
  f:close()
  os.remove(err)
  return out, errors, ok and 0 or code
end

describe("bin/cable", function()
  it("parses a file to one JSON object per line, and --pretty indents it", function()
    local out, _, code = cable("parse --to json " .. FIXTURE .. " " .. FIXTURE)
    assert.equal(0, code)
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert.equal(2, #lines)
    local rec = dkjson.decode(lines[1])
    assert.equal("1978LIMA00921", rec.id)
    assert.equal(FIXTURE, rec.file)
    local pretty = cable("parse --pretty " .. FIXTURE)
    assert.equal("1978LIMA00921", dkjson.decode(pretty).id)
    assert.truthy(select(2, pretty:gsub("\n", "")) > 100)
  end)

  it("prints a readable summary, from a file or standard input", function()
    local out, _, code = cable("parse --to summary " .. FIXTURE)
    assert.equal(0, code)
    assert.truthy(out:find("Document:%s+1978LIMA00921"))
    assert.truthy(out:find("Subject:%s+US%-PERUVAN MILIARY RELATIONS"))
    local piped = cable("parse --to=summary -", FIXTURE)
    assert.truthy(piped:find("Document:%s+1978LIMA00921"))
  end)

  it("names the format of each file and lists the formats", function()
    local out, _, code = cable("detect " .. FIXTURE)
    assert.equal(0, code)
    assert.truthy(out:find("\taad\t1.00", 1, true))
    local formats = cable("formats")
    for _, name in ipairs({ "aad", "cablegate", "navadmin", "frus", "cia" }) do
      assert.truthy(formats:find("\n" .. name .. " ", 1, true) or formats:find("^" .. name .. " "), name)
    end
  end)

  it("reports unreadable and non-cable inputs on stderr with exit code 1", function()
    local _, errors, code = cable("parse tests/fixtures/no-such-file.txt")
    assert.equal(1, code)
    assert.equal("cable: tests/fixtures/no-such-file.txt: No such file or directory\n", errors)
    _, errors, code = cable("parse tests/fixtures")
    assert.equal(1, code)
    assert.truthy(errors:find("tests/fixtures", 1, true))
    local prose = os.tmpname()
    local f = assert(io.open(prose, "w"))
    f:write("A shopping list.\nBread, milk, eggs.\n")
    f:close()
    _, errors, code = cable("parse " .. prose)
    os.remove(prose)
    assert.equal(1, code)
    assert.truthy(errors:find("not a cable", 1, true))
  end)

  it("rejects bad usage with exit code 2", function()
    local _, errors, code = cable("parse --bogus x " .. FIXTURE)
    assert.equal(2, code)
    assert.truthy(errors:find("unknown option --bogus", 1, true))
    _, errors, code = cable("parse --to xml " .. FIXTURE)
    assert.equal(2, code)
    _, errors, code = cable("")
    assert.equal(2, code)
    assert.truthy(errors:find("usage:", 1, true))
  end)
end)
