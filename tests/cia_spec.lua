-- Specs for grammar/cia.lua and lua/cable/containers/markdown_pages.lua on
-- three real OCR texts (tests/fixtures/cia, see PROVENANCE.md there): a CREST
-- Intelligence Information Cable and two operational cables of the JFK records.
local cable = require "cable"
local support = require "tests.support"
local markdown = require "cable.containers.markdown_pages"

local dir = "tests/fixtures/cia/"
local CREST, JFK114, JFK128 = "CIA-DOC_0000096975.txt", "JFK-jfk_doc_114.md", "JFK-jfk_doc_128.md"

local function parse(name)
  local rec, err = cable.parse_file(dir .. name)
  assert(rec, err)
  return rec
end

-- The warning whose message holds fragment, or nil.
local function warning(rec, fragment)
  for _, w in ipairs(rec.warnings) do
    if w.message:find(fragment, 1, true) then return w end
  end
end

local function unclaimed_at(rec, line)
  for _, u in ipairs(rec.unclaimed or {}) do
    if u.line == line then return u.text end
  end
end

local function names(list)
  local out = {}
  for _, a in ipairs(list or {}) do out[#out + 1] = a.name end
  return out
end

describe("cia: detection", function()
  it("is sure of the three CIA texts", function()
    for _, name in ipairs({ CREST, JFK114, JFK128 }) do
      local format, score = cable.detect(support.read(dir .. name))
      assert.equal("cia", format, name)
      assert.is_true(score >= 0.9, name)
    end
  end)

  it("gives 0 to every fixture of the other formats", function()
    local g, n = cable.grammar("cia"), 0
    for _, path in ipairs(support.fixture_paths()) do
      if not path:find("/cia/", 1, true) and not path:find("/user-grammars/", 1, true) then
        n = n + 1
        assert.equal(0, g.detect(support.read(path)), path)
      end
    end
    assert.is_true(n > 10)
  end)
end)

describe("cia: the CREST Intelligence Information Cable", function()
  local rec = parse(CREST)

  it("is an intelligence information cable, read as OCR text", function()
    assert.equal("cia", rec.format)
    assert.equal("intelligence information cable", rec.kind)
    assert.equal("Intelligence Information Cable", rec.kind_line)
    assert.equal("ANTRAL INTELLIGENCE AGENCY", rec.agency)
    assert.truthy(rec.warnings[1].message:find("OCR output", 1, true))
  end)

  it("reads precedence, date, country and subject as written", function()
    assert.equal("ROUTINE", rec.precedence)
    assert.same({ text = "01ST 8 NOVEMBER 1967", label = "01ST", iso = "1967-11-08" }, rec.date)
    assert.equal(23, warning(rec, "date line label not readable as DIST (01ST)").line)
    assert.equal("BOLIVIVCOBA/BRAZIL", rec.country)
    assert.equal("1) CUBAN PROMISE- TO BOLIVIAN EXILES TO STE F_ W PACE O F REVOLU TIONARY ACliVnY \226\150\160",
      rec.subject)
  end)

  it("keeps the distribution as written and lists the recipients it can read", function()
    assert.truthy(rec.distribution.text:find("^~ .* OCR ORR DCS CGS CIA/NMCC \n\nJCS SECDEF NSA NIC"))
    assert.same({ "OCR", "ORR", "DCS", "CGS", "CIA/NMCC", "JCS", "SECDEF", "NSA", "NIC", "FBI" },
      rec.distribution.recipients)
    assert.same({ "STATE", "ARMY", "AIR", "CINCLANT", "CINCSO" }, rec.field_dissem)
  end)

  it("takes every exemption mark out of the text and lists it with its line", function()
    assert.same({
      { mark = "1.5(c)", line = 33 }, { mark = "3.4(b)(1)", line = 35 },
      { mark = "1.5(C)", line = 56 }, { mark = "3.4(b)(1)", line = 58 },
      { mark = "1.5(c)", line = 110 }, { mark = "3.4(b)(1)", line = 112 },
    }, rec.exemptions)
    assert.is_nil(rec.body:find("3.4(b)", 1, true))
  end)

  it("counts two pages, from PAGE 2 OF 2 PAGES", function()
    assert.equal(2, rec.pages)
    assert.same({ { number = 2, of = 2 } }, rec.page_headers)
    assert.equal(1, rec.page_line.number)
    assert.is_nil(rec.page_line.of)
    assert.equal(13, warning(rec, "page count not readable").line)
  end)

  it("starts the body after SOURCE and keeps both pages of text", function()
    assert.truthy(rec.body:find("^RAUL ROA GARCIA,%. CUBAN FOREIGN MINISTER"))
    assert.truthy(rec.body:find('DEATH OF "CHE" GUEVARA.', 1, true))
    assert.truthy(rec.body:find("FIELD DISSEM: STATE", 1, true))
    assert.is_nil(rec.body:find("PAGE 2 OF 2", 1, true))
  end)

  it("keeps the header lines it cannot read, and says what is missing", function()
    for line, text in pairs({ [5] = "IN ^ ", [27] = "DOI ", [30] = "Nov G 00 93 ^ ", [47] = "field no. ",
                              [50] = "ACQ ", [52] = "SOURCE " }) do
      assert.equal(text, unclaimed_at(rec, line))
      assert.equal(line, warning(rec, "header line not readable (OCR): " .. text).line)
    end
    assert.is_nil(rec.doi)
    assert.is_nil(rec.source)
    assert.is_nil(rec.id)
    assert.truthy(warning(rec, "no cable number (TDCS) readable"))
    assert.is_nil(rec.classification)
    assert.truthy(warning(rec, "no classification word readable"))
  end)
end)

describe("cia: the CREST cable with its unreadable header lines made readable", function()
  -- The real text with three lines replaced, as a cleaner scan would show them.
  local text = support.read(dir .. CREST)
    :gsub("\nIN %^ \n", "\nTDCS DB-315/02345-67\n", 1)
    :gsub("\nDOI \n", "\nDOI: 7 NOVEMBER 1967\n", 1)
    :gsub("\nSOURCE \n", "\nSOURCE A BOLIVIAN EXILE\nWHO HAS REPORTED RELIABLY.\n", 1)
  local rec = assert(cable.parse(text))

  it("reads the TDCS number as the id, DOI and SOURCE", function()
    assert.equal("TDCS DB-315/02345-67", rec.id)
    assert.equal("7 NOVEMBER 1967", rec.doi)
    assert.equal("1967-11-08", rec.date.iso)
    assert.equal("A BOLIVIAN EXILE WHO HAS REPORTED RELIABLY.", rec.source)
    assert.truthy(rec.body:find("^RAUL ROA GARCIA"))
    assert.is_nil(warning(rec, "no cable number"))
  end)
end)

describe("cia: operational cable MEXI 6536 (JFK doc 114)", function()
  local rec = parse(JFK114)

  it("reads the CITE line: addressees, station, number and id", function()
    assert.equal("operational cable", rec.kind)
    assert.equal("MEXI 6536", rec.id)
    assert.same({ "DIR", "WAVE" }, names(rec.to))
    assert.equal("MEXI", rec.from.text)
    assert.equal("MEXI", rec.serial.station)
    assert.equal("6536", rec.serial.number)
    assert.equal(", Fen", rec.cite.rest)
    assert.is_nil(rec.precedence)
    assert.is_nil(rec.info)
  end)

  it("takes the classification from the SECRET line", function()
    assert.equal("SECRET", rec.classification.level)
  end)

  it("reads the release stamp and the distribution list as written", function()
    assert.equal("2025 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992",
      rec.release.stamp)
    assert.is_nil(rec.record_number)
    assert.equal(6, warning(rec, "NARA record number not readable").line)
    assert.same({ '"89 + ODP', "OOOS/L", "DODS 4", "SPOG 2", "Ci/oPS", "FI", "SAS B", "RF", "fa" },
      rec.distribution.recipients)
  end)

  it("keeps the page of the Markdown wrapper as a marker, with the file's line numbers", function()
    assert.equal(1, rec.pages)
    assert.same({ text = "## Page 1", line = 3, value = { kind = "page", number = 1 } }, rec.markers[1])
    assert.equal("markdown", rec.container.source)
    assert.equal("Document", rec.container.title)
    assert.same({ { number = 1, line = 3 } }, rec.container.pages)
    assert.equal("i.", unclaimed_at(rec, 10))
    assert.equal("Le", unclaimed_at(rec, 11))
  end)

  it("cuts the body into its paragraphs", function()
    assert.truthy(rec.body:find("^COPIMEN HTBasre LSPereusoggy\nIe WHILE IN NEV YORK 7 OCTOBER"))
    assert.equal("2", rec.paragraphs[2].number)
    assert.truthy(rec.paragraphs[2].text:find("^REGUEST TRACES, COMMENTS, ADVICE"))
    assert.is_nil(rec.body:find("```", 1, true))
  end)
end)

describe("cia: operational cable MEXI 7416 (JFK doc 128)", function()
  local rec = parse(JFK128)

  it("reads TO and INFO addressees around INFO, and no garbled precedence", function()
    assert.equal("MEXI 7416", rec.id)
    assert.same({ "TESY" }, names(rec.to))
    assert.same({ "DIR" }, names(rec.info))
    assert.is_nil(rec.precedence)
    assert.equal("CLORITY", rec.cite.precedence_text)
    assert.equal(28, warning(rec, "precedence word not readable: CLORITY").line)
  end)

  it("reads the NARA record number of the release line", function()
    assert.equal("104-10098-10328", rec.record_number)
    assert.equal("104-10098-10328", rec.release.record_number)
  end)

  it("keeps the garbled classification and date-time group line unread", function()
    assert.is_nil(rec.classification)
    assert.is_nil(rec.date)
    assert.equal("EC RE T 1716362 .s . :", unclaimed_at(rec, 27))
    assert.equal("v4-p0009", unclaimed_at(rec, 6))
    assert.truthy(warning(rec, "no readable date"))
    assert.same({ "Ci", "Ci/Ors", "CI/IC 2", "Ci/OA", "vR" }, rec.distribution.recipients)
  end)

  it("starts the body after the CITE line", function()
    assert.truthy(rec.body:find("^\226\128\152F pir eg72e & %.\n1, aT 16 OFC MTG"))
    assert.truthy(rec.body:find("NEXT GP ATS WITH Fal SCHEDULED 20 DEC.", 1, true))
  end)
end)

describe("containers.markdown_pages", function()
  local text = support.read(dir .. JFK114)

  it("keeps every line in place and the lines outside the fences as container text", function()
    local with_note = text:gsub("\n## Page 1\n", "\nTranscribed by machine.\n## Page 1\n", 1)
    local inner, meta = markdown.unwrap(with_note)
    local _, file_lines = with_note:gsub("\n", "")
    local _, inner_lines = inner:gsub("\n", "")
    assert.equal(file_lines, inner_lines)
    assert.same({ { line = 3, text = "Transcribed by machine." } }, meta.text)
    assert.is_nil(inner:find("Transcribed", 1, true))
    local rec = assert(cable.parse(with_note))
    assert.equal("MEXI 6536", rec.id)
    assert.truthy(warning(rec, "1 line(s) outside the Markdown fences kept in container.text"))
  end)

  it("reports a fence that is never closed", function()
    local open = text:gsub("\n```\n", "\n", 1)
    local _, meta = markdown.unwrap(open)
    assert.equal(5, meta.unclosed)
    assert.truthy(warning(assert(cable.parse(open)), "fence opened on line 5 is never closed"))
  end)

  it("gives no cable text for a wrapper without fenced text", function()
    local rec, err, pos = cable.parse("# Document\n\n## Page 1\n\n```text\n\n```\nDIR WAVE CITE MEXI 6536\n")
    assert.is_nil(rec)
    assert.truthy(err:find("without a fenced text block", 1, true))
    assert.equal(1, pos)
  end)
end)

describe("cia: cut texts", function()
  it("parses every line prefix of the three texts or says why not, without raising", function()
    for _, name in ipairs({ CREST, JFK114, JFK128 }) do
      local text = support.read(dir .. name)
      local at = 1
      while at do
        local cut = text:sub(1, at)
        local rec, err = cable.parse(cut, { format = "cia" })
        assert.is_true(rec ~= nil or type(err) == "string", name .. " cut at " .. at)
        if rec then assert.equal("cia", rec.format) end
        at = text:find("\n", at + 1, true)
      end
    end
  end)
end)
