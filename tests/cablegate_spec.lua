-- Specs for grammar/cablegate.lua on real Cablegate texts (tests/fixtures/cablegate,
-- see PROVENANCE.md there): envelope, id, sections, page markers, captions,
-- summary, WikiLeaks artefacts, the 1960s-70s telegrams, and detection.
local support = require "tests.support"
local cable = require "cable"

local dir = "tests/fixtures/cablegate/"
local function parse(name)
  local rec, err = cable.parse_file(dir .. name)
  assert(rec, err)
  return rec
end
local function read(name) return support.read(dir .. name) end
local function has_warning(rec, fragment)
  for _, w in ipairs(rec.warnings) do
    if w.message:find(fragment, 1, true) then return true end
  end
  return false
end

describe("cablegate: 08REYKJAVIK195 (full envelope)", function()
  local rec = parse("08REYKJAVIK195.txt")

  it("is read as cablegate with the Cablegate id", function()
    assert.equal("cablegate", rec.format)
    assert.equal("08REYKJAVIK195", rec.id)
  end)

  it("reads the ACP-127 envelope", function()
    local env = rec.envelope
    assert.equal("VZCZCXRO8797", env.transmission.text)
    assert.equal("XRO", env.transmission.channel)
    assert.equal("PP", env.routing.precedence)
    assert.same({ "RUEHFL", "RUEHKW", "RUEHLA", "RUEHROV", "RUEHSR" }, env.routing.ri)
    assert.equal("RUEHRK", env.de.ri)
    assert.equal("0195", env.de.serial)
    assert.equal(1, env.de.section)
    -- Julian day 253 of 2008 at 17:00 is the date-time group 091700Z SEP 08
    assert.equal("2008-09-09T17:00:00Z", env.de.iso)
    assert.equal(rec.dtg.iso, env.de.iso)
    assert.equal("ZNY", env.security.prosign)
    assert.equal("CCCCC", env.security.code)
  end)

  it("reads precedence, addressees with routing indicators", function()
    assert.equal("PRIORITY", rec.precedence)
    assert.equal("RUEHC", rec.to[1].ri)
    assert.equal("3787", rec.to[1].serial)
    assert.equal("RUEHBUL", rec.info[1].ri)
    assert.equal(6, #rec.info)
  end)

  it("reads classification, sections and captions", function()
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.equal(1, rec.section)
    assert.equal(2, rec.sections)
    assert.same({ "SIPDIS" }, rec.captions)
    assert.equal("DEPT FOR EUR/NB, EUR/RPM, SCA/A", rec.attention[1])
    assert.equal(4, #rec.attention)
  end)

  it("removes the page marker from the body and records it", function()
    assert.equal(1, #rec.markers)
    assert.same({ kind = "page", station = "REYKJAVIK", serial = 195, page = 2, pages = 2 },
      rec.markers[1].value)
    assert.is_nil(rec.body:find("00000195", 1, true))
  end)

  it("reads E.O., REF, Classified By, summary and signature", function()
    assert.equal("2013-09-08", rec.eo.declassify)
    assert.equal("06REYKJAVIK431", rec.references[1].id)
    assert.same({ "1.4(b)", "1.4(d)" }, rec.classified_by.reasons)
    assert.truthy(rec.summary:find("^On August 26, Minister for Foreign Affairs"))
    assert.equal("VAN VOORST", rec.signature)
    assert.equal("1", rec.paragraphs[1].number)
    assert.equal("UNCLASSIFIED", rec.paragraphs[1].marking.level)
  end)

  it("has no unclaimed header line", function()
    assert.is_nil(rec.unclaimed)
    assert.same({}, rec.warnings)
  end)
end)

describe("cablegate: WikiLeaks artefacts", function()
  it("reads the notice run together with the message-number line (02ANKARA8852)", function()
    local rec = parse("02ANKARA8852.txt")
    assert.is_true(rec.partial)
    assert.truthy(rec.notice:find("^This record is a partial extract"))
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.equal(3, rec.sections)
    -- no date-time group in the text: the year comes from DECL 12/04/2012
    assert.equal("02ANKARA8852", rec.id)
    assert.equal("inferred", rec.id_year)
    assert.is_true(has_warning(rec, "partial extract"))
  end)

  it("cuts another cable's record off the body into `appended` (07BERN881)", function()
    local rec = parse("07BERN881.txt")
    assert.equal("07BERN881", rec.id)
    assert.equal("SECRET", rec.classification.level)
    assert.equal(1, #rec.appended)
    assert.equal("07TBILISI2290", rec.appended[1].id)
    assert.truthy(rec.appended[1].text:find("TEFFT", 1, true))
    assert.is_nil(rec.body:find("TBILISI", 1, true))
    assert.equal("CARTER", rec.signature)
    assert.is_true(has_warning(rec, "07TBILISI2290"))
    -- the cable's own database row is kept as container metadata
    assert.equal("07BERN881", rec.container.row.id)
    assert.same({ "07STATE124823" }, rec.container.row.references)
  end)

  it("follows the envelope when the text is another cable's (07PARIS2725)", function()
    local rec = parse("07PARIS2725.txt")
    assert.equal("07PARIS2725", rec.id)
    assert.equal("MOSCOW", rec.serial.station)
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.equal("envelope", rec.classification.source)
    assert.is_true(has_warning(rec, "names another cable"))
  end)

  it("reads CRLF, Latin-1 paragraph signs and a DE line without section (06NEWDELHI5238)", function()
    local rec = parse("06NEWDELHI5238.txt")
    assert.equal("06NEWDELHI5238", rec.id)
    assert.equal("5238", rec.envelope.de.serial)
    assert.is_nil(rec.envelope.de.section)
    assert.equal("1", rec.paragraphs[1].number)
    assert.equal("CONFIDENTIAL", rec.paragraphs[1].marking.level)
    assert.is_true(has_warning(rec, "read as Latin-1"))
  end)

  it("marks a body cut to '...'", function()
    local text = read("08REYKJAVIK195.txt")
    local cut = text:sub(1, text:find("Gisladottir made", 1, true) - 1) .. "..."
    local rec = assert(cable.parse(cut))
    assert.is_true(rec.truncated)
    assert.is_true(has_warning(rec, "'...'"))
    assert.is_nil(parse("08REYKJAVIK195.txt").truncated)
  end)

  it("claims BT and the validation line as furniture", function()
    local text = read("08REYKJAVIK195.txt"):gsub("\nVAN VOORST%s*$", "\nVAN VOORST\nBT\n#0195\n")
    local rec = assert(cable.parse(text))
    assert.equal("0195", rec.envelope.validation)
    assert.equal("VAN VOORST", rec.signature)
    assert.is_nil(rec.body:find("#0195", 1, true))
  end)
end)

describe("cablegate: telegrams without envelope", function()
  it("reads 75TEHRAN2069 (SECTION 1 OF 2, stamp, E.O. 11652, summary)", function()
    local rec = parse("75TEHRAN2069.txt")
    assert.equal("75TEHRAN2069", rec.id)
    assert.is_nil(rec.envelope)
    assert.equal("1975-03-04T11:25:00Z", rec.dtg.iso)
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.equal(2, rec.sections)
    assert.truthy(rec.declassified:find("Systematic Review 05 JUL 2006", 1, true))
    assert.truthy(rec.summary:find("^CREATION OF IRANIAN RESURGENCE PARTY"))
  end)

  it("reads 66BUENOSAIRES2481 with its NARA copy note", function()
    local rec = parse("66BUENOSAIRES2481.txt")
    assert.equal("66BUENOSAIRES2481", rec.id)
    assert.equal("UNCLASSIFIED", rec.classification.level)
    assert.truthy(rec.archive_copy:find("POL 33-4 ARG", 1, true))
    assert.equal("EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS", rec.subject)
    assert.is_nil(rec.unclaimed)
    assert.equal("SACCIO", rec.signature)
  end)

  it("reads the 2000 State print of 00HARARE6677 (PAGE lines, office block)", function()
    local rec = parse("00HARARE6677.txt")
    assert.equal("00HARARE6677", rec.id)
    assert.equal("2000-11-29T13:59:00Z", rec.dtg.iso)
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.is_true(#rec.page_headers > 0)
    assert.truthy(rec.summary:find("^ASSISTANT SECRETARY SUSAN E. RICE"))
  end)
end)

describe("cablegate: header leftovers and the year without a date-time group", function()
  it("reads the summary under a SUMMARY heading and the year from DECL (04AMMAN1288)", function()
    local rec = parse("04AMMAN1288.txt")
    assert.equal("Classified By: Amb. Edward W. Gnehm for reasons 1.5 (b) (d)", rec.classified_by.text)
    assert.truthy(rec.summary:find("^FonMin Muasher told the Ambassador February 18"))
    assert.truthy(rec.summary:find("irritant in inter%-Arab relations%.$"))
    -- DECL 02/19/2014, ten years after; reasons 1.5 bound nothing
    assert.equal("04AMMAN1288", rec.id)
    assert.equal("inferred", rec.id_year)
  end)

  it("takes the year a weekday date fits within the DECL bounds (05SANAA923)", function()
    -- DECL 04/13/2010 alone gives 2000; reasons 1.4 mean 2003 or later, and
    -- "Tuesday, April 12" is a Tuesday in 2005 only
    local rec = parse("05SANAA923.txt")
    assert.equal("05SANAA923", rec.id)
    assert.equal("inferred", rec.id_year)
    assert.is_true(has_warning(rec, "is inferred from the text"))
  end)

  it("splits E.O. and TAGS on one line (05RIODEJANEIRO1238)", function()
    local rec = parse("05RIODEJANEIRO1238.txt")
    assert.equal("E.O. 12958: N/A", rec.eo.text)
    assert.equal("TAGS: ASEC SNAR KCRM CASC BR", rec.tags_text)
    assert.equal(5, #rec.tags)
    -- no date-time group, no DECL date, no reference: no year, no id
    assert.is_nil(rec.id)
  end)

  it("hands REF and Classified By run into the SUBJECT line to their parsers (10MOSCOW228)", function()
    local rec = parse("10MOSCOW228.txt")
    assert.equal("RUSSIAN DRAFT BILL WOULD REQUIRE ON-SHORE CREDIT CARD PROCESSING", rec.subject)
    assert.equal(1, #rec.references)
    assert.equal("10MOSCOW79", rec.references[1].id)
    assert.equal("ECONMINCOUNS Matthias Mitman", rec.classified_by.name)
    assert.same({ "1.4(b)", "1.4(d)" }, rec.classified_by.reasons)
  end)

  it("cuts a glued PRIMEREF, keeps a REF line over the inline one, reads E.O. glued to AGS:", function()
    local text = read("08REYKJAVIK195.txt")
    local glued = text:gsub("\nSUBJECT: [^\n]*\n[^\n]*\n", "\nSUBJECT: TALKS WITH THE UK PRIMEREF: 07 LONDON 1234\n", 1)
      :gsub("\nRef: [^\n]*\n", "\n", 1)
    local rec = assert(cable.parse(glued))
    assert.equal("TALKS WITH THE UK PRIME", rec.subject)
    assert.equal("07LONDON1234", rec.references[1].id)
    local both = assert(cable.parse((text:gsub("\nSUBJECT: ([^\n]*)", "\nSUBJECT: %1 REF: 07 LONDON 1234", 1))))
    assert.equal("06REYKJAVIK431", both.references[1].id)
    local eo = assert(cable.parse((text:gsub("\nE%.O%. 12958: DECL: 09/08/2013%s*\nTAGS:",
      "\nE.O. 12958: DECL: 09/08/2013 AGS:", 1))))
    assert.equal("2013-09-08", eo.eo.declassify)
    assert.truthy(eo.tags_text:find("^AGS:"))
  end)
end)

describe("cablegate: detection", function()
  it("scores Cablegate texts above every other format", function()
    for _, name in ipairs({ "00HARARE6677.txt", "08REYKJAVIK195.txt", "75TEHRAN2069.txt",
                            "06MADRID766.html", "66BUENOSAIRES2481.csv", "02ANKARA8852.txt" }) do
      local format, score = cable.detect(read(name))
      assert.equal("cablegate", format, name)
      assert.is_true(score > 0.5, name)
    end
  end)

  it("leaves the AAD telegram to the aad grammar", function()
    local f = assert(io.open("tests/fixtures/aad/1978LIMA00921.txt", "rb"))
    local text = f:read("a")
    f:close()
    assert.equal("aad", (cable.detect(text)))
    assert.is_true(cable.grammar("cablegate").detect(text) < 1)
  end)

  it("gives a record with warnings, never an error, for a damaged envelope", function()
    local rec = assert(cable.parse("VZCZCXRO1\nDE RUEHRK #01X5/01 9991700\nZNY\n", { format = "cablegate" }))
    assert.equal("cablegate", rec.format)
    assert.is_true(#rec.warnings > 0)
  end)

  it("reads references again with a year inferred when the text has no date-time group", function()
    -- 04AMMAN1288 has no DTG; "REF: KUWAIT 539" takes the inferred 2004
    local rec = assert(cable.parse_file("tests/fixtures/cablegate/04AMMAN1288.txt"))
    assert.equal("inferred", rec.id_year)
    assert.equal("04AMMAN1288", rec.id)
    assert.equal("04KUWAIT539", rec.references[1].id)
    for _, w in ipairs(rec.warnings) do
      assert.is_nil(w.message:find("no year for", 1, true), w.message)
    end
  end)

  it("cuts an 'End Cable Text' line and what follows into trailer, only on a line of its own", function()
    local head = "VZCZCXRO1\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC 1\nBT\n"
      .. "C O N F I D E N T I A L LIMA 000921\nSUBJECT: X\n\n1. The words End Cable Text inside a line stay.\n"
    local rec = assert(cable.parse(head .. "  End Cable Text  \nSELECT * FROM cable\n", { format = "cablegate" }))
    assert.equal("SELECT * FROM cable", (rec.trailer:gsub("%s+$", "")):match("[^\n]*$"))
    assert.truthy(rec.trailer:find("^%s*End Cable Text"))
    assert.truthy(rec.body:find("End Cable Text inside a line stay", 1, true))
    assert.is_nil(rec.body:find("SELECT", 1, true))
    local plain = assert(cable.parse(head, { format = "cablegate" }))
    assert.is_nil(plain.trailer)
  end)
end)
