-- The line scanner: the C core (cable.core) and the Lua + LPeg scanner
-- (cable.scan) must give identical tables for every fixture and every edge
-- case, and each line must get the class docs/scanner.md gives it.
local support = require "tests.support"
local core = require "cable.core"
local lscan = require "cable.scan"

local names = {}
for name, value in pairs(lscan.classes) do names[value] = name end

local read = support.read

local fixture_paths = support.fixture_paths

-- Scans text with both scanners, checks that the tables are the same, and
-- returns one of them.
local function scan(text)
  local c, l = core.scan(text), lscan.scan(text)
  assert.are.same(c, l)
  return c
end

-- The class names of the lines of text, in order.
local function classes(text)
  local t = scan(text)
  local out = {}
  for i = 1, t.n do out[i] = names[t[3 * i]] end
  return out
end

-- The class of a text of one line.
local function class_of(line)
  local list = classes(line)
  assert.are.equal(1, #list)
  return list[1]
end

describe("scanner tables", function()
  it("are identical on both backends for every fixture, with LF and CRLF ends", function()
    local paths = fixture_paths()
    assert.is_true(#paths > 0)
    for _, path in ipairs(paths) do
      local text = read(path)
      local t = scan(text)
      local crlf = scan((text:gsub("\r?\n", "\r\n")))
      assert.are.equal(t.n, crlf.n)
      for i = 1, t.n do assert.are.equal(t[3 * i], crlf[3 * i], path .. " line " .. i) end
    end
  end)

  it("classify the AAD fixture's furniture lines", function()
    local text = read("tests/fixtures/aad/1978LIMA00921.txt")
    local list = classes(text)
    local count = {}
    for _, name in ipairs(list) do count[name] = (count[name] or 0) + 1 end
    local pages = select(2, ("\n" .. text):gsub("\nPAGE 0%d LIMA 00921 312337Z", ""))
    assert.are.equal(5, pages)
    assert.are.equal(pages, count.page)
    assert.are.equal(1, count["end"])
    assert.are.equal(2, count.mark)
    local t = scan(text)
    local lines = {}
    for i = 1, t.n do lines[i] = text:sub(t[3 * i - 2], t[3 * i - 1] - 1) end
    assert.are.equal("Message Text", lines[t.text_first - 1])
    assert.are.equal("Message Attributes", lines[t.attr_first - 1])
    assert.are.equal(t.n, t.attr_last)
    assert.are.equal("Automatic Decaptioning: X", lines[t.attr_first + 1])
    assert.are.equal("attr", list[t.attr_first + 1])
  end)
end)

describe("line cutting", function()
  it("gives no line for empty text", function()
    local t = scan("")
    assert.are.equal(0, t.n)
    assert.are.equal(1, t.text_first)
    assert.are.equal(0, t.text_last)
    assert.is_nil(t.attr_first)
  end)

  it("keeps a last line without a newline, and adds none after a final newline", function()
    local t = scan("abc")
    assert.are.same({ 1, 4, lscan.classes.text }, { t[1], t[2], t[3] })
    assert.are.equal(1, t.n)
    assert.are.equal(1, scan("abc\n").n)
    assert.are.equal(2, scan("abc\n\n").n)
  end)

  it("leaves the CR of CRLF out of the line and keeps a lone CR as content", function()
    local t = scan("ab\r\ncd\r\n")
    assert.are.equal(2, t.n)
    assert.are.same({ 1, 3, 5, 7 }, { t[1], t[2], t[4], t[5] })
    t = scan("ab\rcd\n")
    assert.are.equal(1, t.n)
    assert.are.same({ 1, 6 }, { t[1], t[2] })
    t = scan("ab\r\r\n")
    assert.are.same({ 1, 4 }, { t[1], t[2] })
    assert.are.same({ "blank" }, classes("\r\n"))
  end)

  it("reads NUL bytes as ordinary content", function()
    local t = scan("1. A\0B\nNNN\0\n\0")
    assert.are.equal(3, t.n)
    assert.are.same({ "para", "text", "text" }, classes("1. A\0B\nNNN\0\n\0"))
    assert.are.same({ 1, 7 }, { t[1], t[2] })
  end)
end)

describe("line classes", function()
  it("blank: only spaces and tabs", function()
    assert.are.same({ "blank", "blank", "text" }, classes("\n \t \nx"))
  end)

  it("page: PAGE, blanks, one to three digits, then a blank or the end", function()
    for _, line in ipairs({ "PAGE 02 LIMA 00921 312337Z", "PAGE 2", "  PAGE 123 X", "PAGE\t02",
                            "PAGE 01 OF 03", "PAGE  7  " }) do
      assert.are.equal("page", class_of(line), line)
    end
    for _, line in ipairs({ "PAGE 1234", "PAGE02", "PAGES 2", "PAGE X", "page 02", "PAGE 02:", "PAGE" }) do
      assert.are.equal("text", class_of(line), line)
    end
  end)

  it("banner: a classification level alone on its line", function()
    for _, line in ipairs({ "CONFIDENTIAL", "  SECRET  ", "UNCLAS", "UNCLASSIFIED",
                            "LIMITED OFFICIAL USE", "TOP SECRET" }) do
      assert.are.equal("banner", class_of(line), line)
    end
    for _, line in ipairs({ "SECRET NOFORN", "confidential", "C O N F I D E N T I A L" }) do
      assert.are.equal("text", class_of(line), line)
    end
  end)

  it("end: NNN or NNNN alone", function()
    assert.are.same({ "end", "end", "end", "text", "text" }, classes("NNN\nNNNN\n  NNN \nNNNNN\nNN"))
  end)

  it("mark: Message Text and Message Attributes", function()
    assert.are.same({ "text", "mark", "text", "mark", "attr" },
      classes("x\nMessage Text\na\nMessage Attributes\nKey: v"))
    assert.are.equal("text", class_of("Message Text:"))
  end)

  it("para: the numbering variants", function()
    for _, line in ipairs({ "1. FOLLOWING", "2.A. THIS", "2D. ALTHOUGH", "\194\1823. TEXT",
                            "\1823. LATIN-1 SIGN", "\239\191\1894. REPLACEMENT CHARACTER",
                            "12) TEXT", "2.A.(1) TEXT", "3.(C) TEXT", "  4. INDENTED", "1.",
                            "2.AB. X", "5A) X", "\194\182 6. SIGN THEN BLANK" }) do
      assert.are.equal("para", class_of(line), line)
    end
    for _, line in ipairs({ "1.5 PERCENT", "(B) TEXT", "1980.", "1980. THE YEAR", "123. X",
                            "1.A", "A. TEXT", "2.A.B", "\194 1. X" }) do
      assert.are.equal("text", class_of(line), line)
    end
  end)
end)

describe("regions", function()
  it("Message Attributes alone: no text, an empty attribute block", function()
    local t = scan("Message Attributes")
    assert.are.same({ "mark" }, classes("Message Attributes"))
    assert.are.same({ 1, 0, 2, 1 }, { t.text_first, t.text_last, t.attr_first, t.attr_last })
  end)

  it("attribute lines, continuations and what the marker switches off", function()
    local text = table.concat({
      "Message Text", "1. BODY", "Message Attributes", "",
      "Review Markings: Sheryl P. Walter Declassified/Released",
      "US Department of State", "EO Systematic Review",
      "Key:", "Key:value", " Indented: x", "1Key: v", "A" .. ("b"):rep(39) .. ": forty",
      "A" .. ("b"):rep(40) .. ": forty-one", "Message Text", "Message Attributes", "PAGE 02",
      "CONFIDENTIAL", "NNN", "2. X", "Tags (old): x", "a.b/c_d-e: y",
    }, "\n")
    assert.are.same({ "mark", "para", "mark", "blank",
      "attr", "attr_cont", "attr_cont",
      "attr", "attr_cont", "attr_cont", "attr_cont", "attr",
      "attr_cont", "attr_cont", "attr_cont", "attr_cont",
      "attr_cont", "attr_cont", "attr_cont", "attr", "attr" }, classes(text))
    local t = scan(text)
    assert.are.same({ 2, 2, 4, 21 }, { t.text_first, t.text_last, t.attr_first, t.attr_last })
  end)

  it("only the first Message Text sets the start of the text", function()
    local t = scan("a\nMessage Text\nb\nMessage Text\nc")
    assert.are.same({ 3, 5 }, { t.text_first, t.text_last })
    assert.is_nil(t.attr_first)
  end)
end)
