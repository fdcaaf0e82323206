-- AAD line forms other than the founding sample's, as documented field by
-- field in the format notes (Department telegrams with ORIGIN, DRAFTED BY,
-- APPROVED BY and clearances; PAGE lines without time and the bare number
-- under them; spaced DTG noise; NIACT IMMEDIATE; captions; the lost-text
-- stub). Each line below is a documented real form; they are assembled here
-- into telegrams so that each grammar rule is exercised.
local cable = require "cable"

local function telegram(lines) return table.concat(lines, "\n") end

describe("AAD Department telegram", function()
  local text = telegram {
    "", "Message Text", "",
    "LIMITED OFFICIAL USE", "", "PAGE 01 STATE 017976", "43",
    "ORIGIN EB-08", "",
    "INFO OCT-01 EUR-12 ISO-00 SS-15 NSC-05 L-03 /044 R", "",
    "DRAFTED BY EB/ORF/FSE:LRRAICHT:JLM",
    "APPROVED BY EB/ORF:JLKATZ",
    "EUR/RPE:ADSENS",
    "S/S-O:APSHANKLE",
    "------------------270429Z 060566 /61",
    "O 251346 Z JAN 7 7",
    "FM SECSTATE WASHDC",
    "TO AMEMBASSY PARIS NIACT IMMEDIATE",
    "INFO AMEMBASSY BONN PRIORITY", "",
    "LIMITED OFFICIAL USE STATE 017976", "",
    "EXDIS", "",
    "E.O. 11652: N/A",
    "TAGS: EFIN, FR",
    "SUBJECT: OECD FINANCIAL SUPPORT FUND", "",
    "REF: PARIS 2345", "",
    "1. DEPARTMENT WISHES TO CONFIRM THE POSITION IN REFTEL.",
    "LIMITED OFFICIAL USE", "", "LIMITED OFFICIAL USE", "",
    "PAGE 02 STATE 017976", "14",
    "2. WE AGREE. VANCE", "",
    "LIMITED OFFICIAL USE", "", "NNN", "",
    "Message Attributes", "",
    "Document Number: 1977STATE017976",
    "Draft Date: 27 jan 1977",
  }
  local rec = assert(cable.parse(text))

  it("reads the Department's distribution with its total", function()
    assert.equal("ORIGIN", rec.offices.keyword)
    assert.equal("EB", rec.offices.action[1].code)
    assert.equal(44, rec.offices.total)
    assert.equal(44, rec.offices.sum)
    assert.equal("R", rec.offices.total_letter)
  end)

  it("reads drafter, approver and clearances", function()
    assert.equal("EB/ORF/FSE", rec.drafted_by.office)
    assert.equal("LRRAICHT", rec.drafted_by.name)
    assert.equal("JLM", rec.drafted_by.typist)
    assert.equal("JLKATZ", rec.approved_by.name)
    assert.equal(2, #rec.cleared)
    assert.equal("EUR/RPE", rec.cleared[1].office)
    assert.equal("APSHANKLE", rec.cleared[2].name)
  end)

  it("reads a date-time group with spaces injected and its precedence", function()
    assert.equal("IMMEDIATE", rec.precedence)
    assert.equal("1977-01-25T13:46:00Z", rec.dtg.iso)
  end)

  it("reads NIACT IMMEDIATE on an addressee and the caption", function()
    assert.equal("NIACT IMMEDIATE", rec.to[1].precedence)
    assert.equal("PRIORITY", rec.info[1].precedence)
    assert.equal("LIMITED OFFICIAL USE", rec.classification.level)
    assert.truthy(table.concat(rec.classification.caveats, " "):find("EXDIS"))
  end)

  it("builds the id from the PAGE line and keeps the bare page numbers out of the body", function()
    assert.equal("1977STATE017976", rec.id)
    assert.is_nil(rec.body:find("\n14\n", 1, true))
    assert.equal(2, #rec.markers)
    assert.equal("43", rec.markers[1].value)
    assert.equal("VANCE", rec.signature)
    assert.equal("1977PARIS02345", rec.references[1].id)
  end)

  it("claims every line", function()
    assert.same({}, rec.warnings)
  end)
end)

describe("AAD lost-text stub", function()
  local rec = assert(cable.parse(telegram {
    "", "Message Text", "",
    "MRN: 1973ABIDJA000073 SEGMENT NUMBER: 000001 ERROR READING TEXT INDEX FILE; TELEGRAM TEXT FOR THIS MRN IS UNAVAILABLE",
    "", "Message Attributes", "", "Document Number: 1973ABIDJA00073", "Locator: ON MICROFILM",
  }))

  it("says the text was lost and still names the document", function()
    assert.is_true(rec.text_lost)
    assert.equal("1973ABIDJA00073", rec.id)
    local found = false
    for _, w in ipairs(rec.warnings) do
      if w.message:find("lost this telegram's text", 1, true) then found = true end
    end
    assert.is_true(found)
  end)
end)

describe("AAD attribute values that do not fit their type", function()
  local rec = assert(cable.parse(telegram {
    "", "Message Text", "",
    "UNCLASSIFIED", "", "PAGE 01 LIMA 00921 312337Z",
    "R 312244Z JAN 78", "FM AMEMBASSY LIMA", "TO SECSTATE WASHDC 8508", "",
    "UNCLAS LIMA 0921", "", "E.O. 11652: N/A", "TAGS: PGOV, PE", "SUBJECT: TEST", "",
    "1. TEXT.", "", "NNN", "",
    "Message Attributes", "",
    "Document Number: 1978LIMA00921",
    "Draft Date: 31 foo 1978",
    "Line Count: 12x",
  }))

  it("keeps each value as written and names it in the warnings", function()
    assert.equal("31 foo 1978", rec.attribute_values["Draft Date"])
    assert.equal("12x", rec.attribute_values["Line Count"])
    local said = {}
    for _, w in ipairs(rec.warnings) do
      local name = w.message:match("^attribute value kept as written, ([^:]+):")
      if name then said[#said + 1] = name end
    end
    assert.same({ "Draft Date", "Line Count" }, said)
  end)
end)
