-- Specs for the Pandoc scripts (pandoc/cable-reader.lua, pandoc/cable-filter.lua):
-- runs the real pandoc (its own Lua, whatever busted's is) on the AAD fixture
-- and on pandoc/sample.md, with each backend, from outside the source tree and
-- with LUA_PATH unset, and diffs the output with tests/pandoc/expected/.
local support = require "tests.support"
local json = require "dkjson"
local cable = require "cable"

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function capture(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  return out
end

local read = support.read

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local spec_dir = debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or "."
local ROOT = capture("cd " .. q(spec_dir .. "/..") .. " && pwd"):gsub("\n$", "")
local EXPECTED = ROOT .. "/tests/pandoc/expected/"
local FIXTURE = ROOT .. "/tests/fixtures/aad/1978LIMA00921.txt"
local READER = ROOT .. "/pandoc/cable-reader.lua"
local FILTER = ROOT .. "/pandoc/cable-filter.lua"
local SAMPLE = ROOT .. "/pandoc/sample.md"
local PANDOC = capture("command -v pandoc 2>/dev/null"):gsub("\n$", "")
local UNSET = "env -u LUA_PATH -u LUA_CPATH -u LUA_PATH_5_3 -u LUA_CPATH_5_3"
  .. " -u LUA_PATH_5_4 -u LUA_CPATH_5_4 -u CABLE_BACKEND"

local TMP

local function need_pandoc()
  assert(PANDOC ~= "", "pandoc is not on PATH: these specs run it. Install it "
    .. "(apt-get install pandoc, or make deps); CI installs it.")
end

-- Runs pandoc with `args` (a shell-quoted string). opts: backend ("c" or
-- "lua"), cwd (default: a directory outside the tree), stdin (a file), env
-- (extra "NAME=value" words). Returns exit status, stdout, stderr, command.
local function pandoc(args, opts)
  need_pandoc()
  opts = opts or {}
  local env = UNSET
  if opts.backend then env = env .. " CABLE_BACKEND=" .. opts.backend end
  if opts.env then env = env .. " " .. opts.env end
  local cmd = env .. " pandoc " .. args
  local full = "cd " .. q(opts.cwd or TMP) .. " && " .. cmd
    .. " < " .. q(opts.stdin or "/dev/null")
    .. " > " .. q(TMP .. "/out") .. " 2> " .. q(TMP .. "/err") .. "; echo $?"
  local rc = tonumber(capture(full))
  return rc, read(TMP .. "/out"), read(TMP .. "/err"), cmd
end

-- Asserts pandoc succeeded and its output equals the expected file; on a
-- difference, the message holds the diff and the command to regenerate.
local function check(name, args, opts)
  local rc, out, err, cmd = pandoc(args, opts)
  assert(rc == 0, "pandoc failed (" .. tostring(rc) .. "): " .. cmd .. "\n" .. err)
  local expected = read(EXPECTED .. name)
  if out ~= expected then
    write(TMP .. "/got", out)
    local diff = capture("diff -u " .. q(EXPECTED .. name) .. " " .. q(TMP .. "/got"))
    error("output differs from tests/pandoc/expected/" .. name .. ":\n" .. diff
      .. "\nthe command, run in " .. (opts and opts.cwd or "a scratch directory") .. ": " .. cmd
      .. (opts and opts.stdin and " < " .. opts.stdin or ""), 0)
  end
  return out, err
end

-- Plain text of pandoc JSON inlines (Str and Space only).
local function text_of(inlines)
  local out = {}
  for _, il in ipairs(inlines) do
    out[#out + 1] = il.t == "Space" and " " or il.c
  end
  return table.concat(out)
end

local function meta_text(meta, key)
  local v = meta[key]
  assert(v and v.t == "MetaInlines", "metadata " .. key .. " is not inlines")
  return text_of(v.c)
end

local function json_doc(args, opts)
  local rc, out, err, cmd = pandoc(args .. " -t json", opts)
  assert(rc == 0, "pandoc failed: " .. cmd .. "\n" .. err)
  return assert(json.decode(out))
end

-- The Divs of a pandoc JSON block list that have the class, in order.
local function divs(blocks, class)
  local list = {}
  for _, b in ipairs(blocks) do
    if b.t == "Div" then
      for _, c in ipairs(b.c[1][2]) do
        if c == class then list[#list + 1] = b.c[2] end
      end
    end
  end
  return list
end

setup(function()
  TMP = capture("mktemp -d"):gsub("\n$", "")
  local head = {}
  for line in read(FIXTURE):gmatch("([^\n]*)\n") do
    if #head == 42 then break end
    head[#head + 1] = line
  end
  write(TMP .. "/truncated.txt", table.concat(head, "\n") .. "\n")
  write(TMP .. "/notes.txt", "Dear diary, nothing to report today.\n")
end)

teardown(function()
  if TMP and TMP:match("^/tmp/") then os.execute("rm -rf " .. q(TMP)) end
end)

describe("pandoc reader (pandoc/cable-reader.lua)", function()
  for _, backend in ipairs({ "c", "lua" }) do
    local o = { backend = backend }
    it("renders 1978LIMA00921 as Markdown with its metadata, backend " .. backend, function()
      check("reader.md", "-f " .. q(READER) .. " " .. q(FIXTURE) .. " -t markdown -s", o)
    end)

    it("renders 1978LIMA00921 as HTML, backend " .. backend, function()
      check("reader.html", "-f " .. q(READER) .. " " .. q(FIXTURE) .. " -t html", o)
    end)

    it("reads a truncated cable from standard input and shows its warning, backend " .. backend,
      function()
        local out = check("reader-truncated.md", "-f " .. q(READER) .. " -t markdown",
          { backend = backend, stdin = TMP .. "/truncated.txt" })
        assert.truthy(out:find("::: cable-warnings", 1, true))
        assert.truthy(out:find("line 42: no end marker (NNN)", 1, true))
      end)

    it("writes a docx file that pandoc reads back, backend " .. backend, function()
      local rc, _, err = pandoc("-f " .. q(READER) .. " " .. q(FIXTURE) .. " -o cable.docx", o)
      assert(rc == 0, err)
      assert.same("PK\3\4", read(TMP .. "/cable.docx"):sub(1, 4))
      check("reader-docx.md", "cable.docx -t markdown -s")
    end)
  end

  it("gives the library's record: title, date, id, tags, one paragraph each", function()
    local rec = assert(cable.parse_file(FIXTURE))
    local doc = json_doc("-f " .. q(READER) .. " " .. q(FIXTURE))
    assert.same(rec.subject_display, meta_text(doc.meta, "title"))
    assert.same(rec.dtg.iso, meta_text(doc.meta, "date"))
    assert.same(rec.id, meta_text(doc.meta, "id"))
    assert.same(rec.signature, meta_text(doc.meta, "signature"))
    local codes = {}
    for i, k in ipairs(doc.meta.keywords.c) do
      codes[i] = text_of(k.c)
      assert.same(rec.tags[i].code, codes[i])
    end
    assert.same(#rec.tags, #codes)
    local body = divs(doc.blocks, "cable-body")
    assert.same(1, #body)
    assert.same(#rec.paragraphs, #body[1])
    for i, para in ipairs(body[1]) do
      assert.same("Para", para.t)
      assert.same(rec.paragraphs[i].number .. ".", text_of(para.c[1].c))
    end
    assert.same(1, #divs(doc.blocks, "cable-header"))
    assert.same(0, #divs(doc.blocks, "cable-warnings"))
  end)

  it("makes one section per cable from several input files", function()
    local doc = json_doc("-f " .. q(READER) .. " " .. q(FIXTURE) .. " truncated.txt")
    assert.same("2 cables", doc.meta.title.c)
    assert.same(2, #doc.meta.cables.c)
    local sections = divs(doc.blocks, "cable")
    assert.same(2, #sections)
    assert.same(0, #divs(sections[1], "cable-warnings"))
    assert.same(1, #divs(sections[2], "cable-warnings"))
  end)

  it("finds the library from another directory of the tree (relative script path)", function()
    check("reader.md", "-f ../pandoc/cable-reader.lua fixtures/aad/1978LIMA00921.txt -t markdown -s",
      { cwd = ROOT .. "/tests" })
  end)

  it("finds an installed cable on the Lua path when the scripts sit outside a tree", function()
    os.execute("mkdir -p " .. q(TMP .. "/share") .. " && cp " .. q(ROOT .. "/pandoc/cable-reader.lua")
      .. " " .. q(ROOT .. "/pandoc/setup.lua") .. " " .. q(TMP .. "/share/"))
    check("reader.md", "-f share/cable-reader.lua " .. q(FIXTURE) .. " -t markdown -s", {
      backend = "lua",
      env = "LUA_PATH=" .. q(ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;;"),
    })
    local rc, _, err = pandoc("-f share/cable-reader.lua " .. q(FIXTURE) .. " -t markdown",
      { env = "LUA_PATH=/nonexistent/?.lua LUA_CPATH=/nonexistent/?.so" })
    assert.are_not.equal(0, rc)
    assert.truthy(err:find("the cable library is not found", 1, true))
  end)

  it("stops with an error naming the input when it is no cable", function()
    local rc, _, err = pandoc("-f " .. q(READER) .. " notes.txt -t markdown")
    assert.are_not.equal(0, rc)
    assert.truthy(err:find("cable-reader: notes.txt: not a cable", 1, true))
  end)
end)

describe("pandoc filter (pandoc/cable-filter.lua)", function()
  for _, backend in ipairs({ "c", "lua" }) do
    local o = { backend = backend }
    it("renders the sample's cable blocks and metadata as Markdown, backend " .. backend, function()
      local _, err = check("filter-sample.md",
        "--lua-filter " .. q(FILTER) .. " " .. q(SAMPLE) .. " -t markdown -s", o)
      assert.truthy(err:find("code block not read as a cable: not a cable", 1, true))
    end)

    it("renders the sample as HTML, backend " .. backend, function()
      check("filter-sample.html", "--lua-filter " .. q(FILTER) .. " " .. q(SAMPLE) .. " -t html", o)
    end)
  end

  it("fills metadata from cable-file and keeps the document's own title", function()
    local rec = assert(cable.parse_file(FIXTURE))
    local doc = json_doc("--lua-filter " .. q(FILTER) .. " " .. q(SAMPLE))
    assert.same("Cables in a Markdown document", meta_text(doc.meta, "title"))
    assert.same(rec.dtg.iso, meta_text(doc.meta, "date"))
    assert.same(rec.id, meta_text(doc.meta, "id"))
    assert.same(rec.from.name, meta_text(doc.meta, "from"))
    local cables = divs(doc.blocks, "cable")
    assert.same(2, #cables)
    assert.same(1, #divs(doc.blocks, "cable-error"))
  end)

  it("stops with an error naming a cable-file that does not exist", function()
    write(TMP .. "/missing.md", "---\ncable-file: nowhere.txt\n---\n\nText.\n")
    local rc, _, err = pandoc("--lua-filter " .. q(FILTER) .. " missing.md -t markdown")
    assert.are_not.equal(0, rc)
    assert.truthy(err:find("cable-file 'nowhere.txt'", 1, true))
  end)
end)
