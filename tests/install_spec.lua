-- Installation: `make install` (PREFIX, DESTDIR) and `luarocks make` both give
-- a working library, grammars, code tables, C core and command line outside
-- the source tree.
local FIXTURE = "tests/fixtures/aad/1978LIMA00921.txt"

local function run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

local function tmpdir()
  local out = run("mktemp -d")
  return (out:gsub("%s+$", ""))
end

local root = run("pwd"):gsub("%s+$", "")
local fixture = root .. "/" .. FIXTURE
local probe = [[-e 'local c = require "cable"; local r = assert(c.parse_file("]] .. fixture .. [[")); ]]
  .. [[print(c.backend, r.id, r.format, #c.formats() > 0)']]

describe("make install", function()
  it("installs under DESTDIR/PREFIX a library that works from another directory", function()
    local dest = tmpdir()
    local out, code = run("make --no-print-directory install DESTDIR=" .. dest .. " PREFIX=/opt/cable")
    assert.equal(0, code, out)
    local share, lib = dest .. "/opt/cable/share/lua/5.4", dest .. "/opt/cable/lib/lua/5.4"
    local env = string.format("cd %s && LUA_PATH='%s/?.lua;%s/?/init.lua;;' LUA_CPATH='%s/?.so;;' ", dest, share, share, lib)
    out, code = run(env .. "lua5.4 " .. probe)
    assert.equal(0, code, out)
    assert.equal("c\t1978LIMA00921\taad\ttrue\n", out)
    out, code = run(env .. "lua5.4 " .. dest .. "/opt/cable/bin/cable parse --to summary " .. fixture)
    assert.equal(0, code, out)
    assert.truthy(out:find("Document:%s+1978LIMA00921"))
    run("rm -rf " .. dest)
  end)
end)

describe("luarocks make", function()
  it("installs the rock into a tree from which require 'cable' works", function()
    local tree = tmpdir()
    local out, code = run("luarocks --lua-version 5.4 --tree " .. tree
      .. " make --deps-mode=none rockspec/cable-scm-1.rockspec")
    assert.equal(0, code, out)
    local paths = run("luarocks --lua-version 5.4 --tree " .. tree .. " path")
    out, code = run("cd " .. tree .. " && " .. paths:gsub("\n", " ; ") .. " lua5.4 " .. probe)
    assert.equal(0, code, out)
    assert.equal("c\t1978LIMA00921\taad\ttrue\n", out)
    run("rm -rf " .. tree)
  end)
end)
