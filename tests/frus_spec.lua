-- Specs for the FRUS grammar (grammar/frus.lua) and its TEI reader
-- (lua/cable/containers/tei.lua), on the two telegrams of FRUS 1958-60
-- vol. XI in tests/fixtures/frus and on small changes made to them.
local cable = require "cable"
local tei = require "cable.containers.tei"
local support = require "tests.support"

local dir = "tests/fixtures/frus/"
local d54_path, d58_path = dir .. "frus1958-60v11-d54.xml", dir .. "frus1958-60v11-d58.xml"
local d54, d58 = support.read(d54_path), support.read(d58_path)

-- Replaces the first plain occurrence of old in s by new; fails when absent.
local function change(s, old, new)
  local i, j = s:find(old, 1, true)
  assert(i, "not in the text: " .. old)
  return s:sub(1, i - 1) .. new .. s:sub(j + 1)
end

local messages = support.messages

-- The bytes of a text other than white space, counted.
local function byte_counts(s)
  local n = {}
  for ch in s:gmatch("%S") do n[ch] = (n[ch] or 0) + 1 end
  return n
end

describe("frus detection", function()
  it("is sure of both TEI telegrams", function()
    assert.same({ "frus", 1 }, { cable.detect(d54) })
    assert.same({ "frus", 1 }, { cable.detect(d58) })
  end)

  it("says 0 for a TEI document that is not a telegram, and for every other fixture", function()
    local frus = cable.grammar("frus")
    local memo = change(d58, "58. Telegram From the", "58. Memorandum From the")
    assert.equal(0, frus.detect(memo))
    assert.equal(0, frus.detect((d58:gsub('type="document"', 'type="chapter"'))))
    local others = 0
    for _, path in ipairs(support.fixture_paths()) do
      if not path:find("/frus/", 1, true) then
        assert.equal(0, frus.detect(support.read(path)), path)
        others = others + 1
      end
    end
    assert.is_true(others > 10)
  end)
end)

describe("frus d54 (Beirut, May 30 1958)", function()
  local rec
  setup(function() rec = assert(cable.parse_file(d54_path)) end)

  it("reads the head, the source note and the glosses", function()
    assert.equal("frus", rec.format)
    assert.equal("54. Telegram From the Embassy in Lebanon to the Department of State", rec.frus.title)
    assert.equal(54, rec.frus.number)
    assert.equal("Telegram", rec.frus.kind)
    assert.equal("d54", rec.frus.document)
    assert.equal("783A.00/5–3058", rec.frus.archive_file)
    assert.equal("Source: Department of State, Central Files, 783A.00/5–3058. Top Secret; Priority. "
      .. "Repeated to USUN, London, and Paris.", rec.frus.source)
    assert.equal("TOP SECRET", rec.classification.level)
    assert.equal("TS", rec.classification.abbrev)
    assert.equal("PRIORITY", rec.precedence)
    assert.equal("Priority", rec.frus.precedence_text)
    assert.same({ text = "Embassy in Lebanon" }, rec.from)
    assert.same({ { text = "Department of State" } }, rec.to)
    assert.same({ { text = "USUN" }, { text = "London" }, { text = "Paris" } }, rec.info)
  end)

  it("has no id from the text alone, since the fragment does not name its volume, and says so", function()
    local f = assert(io.open(d54_path, "rb"))
    local alone = assert(cable.parse(f:read("a")))
    f:close()
    assert.is_nil(alone.id)
    assert.is_nil(alone.frus.volume)
    assert.truthy(alone.frus.id_incomplete:find("does not name its volume", 1, true))
  end)

  it("reads the dateline: place, written date, the markup's time and that time in UTC", function()
    assert.equal("Beirut", rec.place)
    assert.equal("May 30, 1958—11 p.m.", rec.date.text)
    assert.equal("1958-05-30T23:00:00+03:00", rec.date.when)
    assert.equal("1958-05-30T20:00:00Z", rec.date.iso)
  end)

  it("reads the telegram number and the nine list items as paragraphs", function()
    assert.same({ text = "4361.", number = "4361" }, rec.serial)
    assert.equal(10, #rec.paragraphs)
    assert.equal("4361. Verbatim text. Ambassadorial SITREP.", rec.paragraphs[1].text)
    for i = 1, 9 do
      assert.equal("(" .. i .. ")", rec.paragraphs[i + 1].label)
      assert.equal(tostring(i), rec.paragraphs[i + 1].number)
    end
    assert.truthy(rec.paragraphs[2].text:find("^Throughout morning Ambassadors"))
    assert.truthy(rec.paragraphs[10].text:find("decisively indecisive%.$"))
  end)

  it("takes the signature from the last paragraph, keeping it in the body", function()
    assert.equal("McClintock", rec.signature)
    assert.truthy(rec.body:find("\n\nMcClintock$"))
    assert.truthy(rec.body:find("^4361%. Verbatim text%."))
    assert.truthy(rec.body:find("\n\n(9) Test will come", 1, true))
  end)

  it("keeps the footnotes with their numbers and where they stand", function()
    assert.equal(2, #rec.notes)
    local source, fn2 = rec.notes[1], rec.notes[2]
    assert.same({ "1", "d54fn1", "source", "head" }, { source.n, source.id, source.type, source.place })
    assert.equal(rec.frus.source, source.text)
    assert.equal("2", fn2.n)
    assert.equal(9, fn2.paragraph)
    assert.truthy(rec.paragraphs[9].text:sub(1, fn2.at):find("%(Embtel 4357%)%.$"))
    assert.truthy(fn2.text:find("^In telegram 4357 from Beirut, May 30"))
    assert.truthy(fn2.text:find("(Ibid.)", 1, true))
  end)

  it("records the printed page breaks", function()
    assert.equal(2, #rec.frus.pages)
    local p82, p83 = rec.frus.pages[1], rec.frus.pages[2]
    assert.same({ "82", "0114", 5 }, { p82.n, p82.facs, p82.paragraph })
    assert.truthy(rec.paragraphs[5].text:sub(1, p82.at):find("in complete$"))
    assert.same({ "83", 8, 0 }, { p83.n, p83.paragraph, p83.at })
  end)

  it("has no warnings and no unclaimed text", function()
    assert.same({}, rec.warnings)
    assert.is_nil(rec.unclaimed)
    assert.same({ source = "tei", id = "d54", n = "54", type = "document",
      subtype = "historical-document" }, rec.container)
  end)
end)

describe("frus d58 (Baghdad, June 4 1958)", function()
  local rec
  setup(function() rec = assert(cable.parse_file(d58_path)) end)

  it("reads the header fields", function()
    assert.equal("SECRET", rec.classification.level)
    assert.equal("PRIORITY", rec.precedence)
    assert.equal("783A.00/6–458", rec.frus.archive_file)
    assert.same({ text = "Embassy in Iraq" }, rec.from)
    assert.same({ { text = "London" }, { text = "Beirut" } }, rec.info)
    assert.equal("Baghdad", rec.place)
    assert.equal("1958-06-04T08:00:00Z", rec.date.iso)
    assert.same({ text = "1999.", number = "1999" }, rec.serial)
  end)

  it("reads seven paragraphs, the signature from <signed> and three footnotes", function()
    assert.equal(7, #rec.paragraphs)
    assert.is_nil(rec.paragraphs[1].number)
    assert.equal("Gallman", rec.signature)
    assert.equal(3, #rec.notes)
    local fn2 = rec.notes[2]
    assert.equal("A. David Fritzlan, Counselor of Embassy.", fn2.text)
    assert.equal(1, fn2.paragraph)
    assert.truthy(rec.paragraphs[1].text:sub(1, fn2.at):find("asked Fritzlan$"))
    assert.truthy(rec.paragraphs[1].text:find("asked Fritzlan call on him", 1, true))
    assert.equal(7, rec.notes[3].paragraph)
    assert.same({}, rec.warnings)
  end)
end)

describe("frus text is not lost", function()
  for _, path in ipairs({ d54_path, d58_path }) do
    it("every character of " .. path .. " is in the head, the dateline, the body or a note", function()
      local xml = support.read(path)
      local expected = byte_counts((xml:gsub("<[^>]*>", "")))
      local rec = assert(cable.parse(xml))
      local parts = { rec.frus.title, rec.date.line, rec.body }
      for _, note in ipairs(rec.notes) do parts[#parts + 1] = note.text end
      assert.same(expected, byte_counts(table.concat(parts)))
    end)
  end
end)

describe("frus on changed input", function()
  it("builds the id when an enclosing TEI element names the volume", function()
    local whole = '<?xml version="1.0"?>\n<TEI xml:id="frus1958-60v11"><text><body>' .. d54
      .. "</body></text></TEI>"
    local rec = assert(cable.parse(whole, { format = "frus" }))
    assert.equal("frus1958-60v11d54", rec.id)
    assert.equal("frus1958-60v11", rec.frus.volume)
    assert.is_nil(rec.frus.id_incomplete)
  end)

  it("warns when the dateline's text and its markup disagree", function()
    local rec = assert(cable.parse(change(d58, 'when="1958-06-04T11:00', 'when="1958-06-05T11:00')))
    assert.same({ "dateline text and its markup disagree: June 4, 1958—11 a.m. / 1958-06-05T11:00:00+03:00" },
      messages(rec))
    assert.equal("1958-06-05T08:00:00Z", rec.date.iso)
  end)

  it("converts across a day boundary to UTC", function()
    local text = change(change(d58, 'when="1958-06-04T11:00:00+03:00"', 'when="1958-06-04T01:30:00+03:00"'),
      "June 4, 1958—11 a.m.", "June 4, 1958—1:30 a.m.")
    local rec = assert(cable.parse(text))
    assert.equal("1958-06-03T22:30:00Z", rec.date.iso)
    assert.same({}, rec.warnings)
  end)

  it("warns about a source note sentence it does not understand, keeping the note", function()
    local text = change(d58, "Repeated to London and", "Drafted by Fritzlan. Repeated to London and")
    local rec = assert(cable.parse(text))
    assert.same({ "source note sentence not understood: Drafted by Fritzlan." }, messages(rec))
    assert.same({ { text = "London" }, { text = "Beirut" } }, rec.info)
  end)

  it("keeps the text of an element it does not know, with a warning", function()
    local text = change(d58, "<p>Gailani, stating", "<p><mystery>Gailani</mystery>, stating")
    local rec = assert(cable.parse(text))
    assert.same({ "TEI element <mystery> not understood; its text is kept" }, messages(rec))
    assert.truthy(rec.paragraphs[2].text:find("^Gailani, stating"))
  end)

  it("takes no signature from the last line when the markup has none", function()
    local text = change(d58, "question he now raised.", "question he now raised. ARMA")
    text = text:gsub("<closer>.-</closer>", "")
    local rec = assert(cable.parse(text))
    assert.equal("ARMA", (require("cable.body").signature(rec.body)))
    assert.is_nil(rec.signature)
    assert.equal(7, #rec.paragraphs)
    assert.truthy(rec.paragraphs[7].text:find("raised%. ARMA$"))
  end)

  it("reads a source note without its type, and skips an empty paragraph", function()
    local text = change(d58, ' type="source"', "")
    text = change(text, "<p>Gailani, stating", "<p> </p><p>Gailani, stating")
    local rec = assert(cable.parse(text))
    assert.equal("783A.00/6–458", rec.frus.archive_file)
    assert.equal(7, #rec.paragraphs)
    assert.same({}, rec.warnings)
  end)

  it("decodes XML references and warns about others", function()
    local warnings = {}
    local root = assert(tei.parse("<p>A &amp; B &#x2019; &#8217; &nbsp;</p>", warnings))
    assert.equal("A & B \226\128\153 \226\128\153 &nbsp;", root.children[1].children[1])
    assert.same({ "reference not understood, kept as written: &nbsp;" }, warnings)
  end)

  it("gives nil, message, position for XML it cannot read", function()
    local bad = change(d58, "</dateline>", "</date>")
    local rec, msg, pos = cable.parse(bad)
    assert.is_nil(rec)
    assert.equal("TEI XML not read: end tag </date> does not close <dateline>", msg)
    assert.equal(bad:find("</date>", bad:find("</date>", 1, true) + 1, true), pos)
    local cut = d58:sub(1, 2000)
    rec, msg = cable.parse(cut, { format = "frus" })
    assert.is_nil(rec)
    assert.truthy(msg:find("not closed", 1, true))
  end)

  it("names the volume from the file name when the fragment does not", function()
    local rec = assert(cable.parse_file("tests/fixtures/frus/frus1958-60v11-d54.xml"))
    assert.equal("frus1958-60v11d54", rec.id)
    assert.equal("file name", rec.id_source)
    local text = assert(io.open("tests/fixtures/frus/frus1958-60v11-d54.xml", "rb")):read("a")
    assert.is_nil(assert(cable.parse(text)).id)
  end)
end)
