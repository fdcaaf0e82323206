-- The founding sample, 1978 LIMA 00921, parsed end to end: every field of the
-- record checked against what the telegram itself says.
local support = require "tests.support"
local cable = require "cable"

local FIXTURE = "tests/fixtures/aad/1978LIMA00921.txt"

local read = support.read

describe("AAD telegram 1978 LIMA 00921", function()
  local rec = assert(cable.parse_file(FIXTURE))

  it("is read as the aad format with the archive's document number", function()
    assert.equal("aad", rec.format)
    assert.equal("1978LIMA00921", rec.id)
    assert.equal(rec.attributes["Document Number"], rec.id)
  end)

  it("reads classification, precedence and the date-time group", function()
    assert.equal("CONFIDENTIAL", rec.classification.level)
    assert.equal("C", rec.classification.abbrev)
    assert.equal("ROUTINE", rec.precedence)
    assert.equal("312244Z JAN 78", rec.dtg.text)
    assert.equal("1978-01-31T22:44:00Z", rec.dtg.iso)
  end)

  it("reads the addressees", function()
    assert.equal("AMEMBASSY LIMA", rec.from.name)
    assert.equal(1, #rec.to)
    assert.equal("SECSTATE WASHDC", rec.to[1].name)
    assert.equal("8508", rec.to[1].serial)
    local names = {}
    for i, a in ipairs(rec.info) do names[i] = a.name end
    assert.same({ "AMEMBASSY LA PAZ", "AMEMBASSY QUITO", "AMEMBASSY SANTIAGO" }, names)
  end)

  it("reads the message-number line, E.O., TAGS and subject as written", function()
    assert.equal("LIMA", rec.serial.station)
    assert.equal("0921", rec.serial.number)
    assert.equal("11652", rec.eo.order)
    assert.equal("GDS", rec.eo.code)
    local codes = {}
    for i, t in ipairs(rec.tags) do codes[i] = t.code end
    assert.same({ "MPOL", "MASS", "MORG", "PGOV", "PE" }, codes)
    assert.equal("TAGS: MPOL, MASS, MORG, PGOV, PE", rec.tags_text)
    assert.equal("US-PERUVAN MILIARY RELATIONS", rec.subject)
    assert.equal("US-Peruvan Miliary Relations", rec.subject_display)
  end)

  it("reads both references with canonical ids", function()
    assert.equal(2, #rec.references)
    assert.equal("1977STATE306726", rec.references[1].id)
    assert.equal("1977LIMA10937", rec.references[2].id)
  end)

  it("reads the office distribution and checks its total", function()
    assert.equal("ACTION", rec.offices.keyword)
    assert.equal("PM", rec.offices.action[1].code)
    assert.equal(5, rec.offices.action[1].copies)
    assert.equal(93, rec.offices.total)
    assert.equal(93, rec.offices.sum)
    assert.equal(20, #rec.offices.info)
  end)

  it("cuts the body into numbered paragraphs, 2D. being 2.D", function()
    local numbers = {}
    for i, p in ipairs(rec.paragraphs) do numbers[i] = p.number end
    assert.same({ "1", "2.A", "2.B", "2.C", "2.D", "2.E", "2.F", "3" }, numbers)
    assert.equal("FOLLOWING RESPONSE KEYED TO PRAS REFTEL 1.", rec.paragraphs[1].text)
  end)

  it("removes page furniture and rejoins the sentences split by page breaks", function()
    assert.equal(5, rec.pages)
    assert.is_nil(rec.body:find("PAGE 0", 1, true))
    assert.is_nil(rec.body:find("\nCONFIDENTIAL\n", 1, true))
    assert.truthy(rec.body:find("HIGH-PRIORITY USG\nPOLICIES (AS IN 1962 AND 1968)", 1, true))
    assert.truthy(rec.paragraphs[2].text:find("HIGH-PRIORITY USG POLICIES (AS IN 1962", 1, true))
  end)

  it("finds the signature run onto the last line", function()
    assert.equal("SHALDDDEMAN", rec.signature)
    assert.is_nil(rec.paragraphs[#rec.paragraphs].text:find("SHALDDDEMAN", 1, true))
    assert.equal("NNN", rec.end_marker)
  end)

  it("keeps every Message Attribute, multi-line values whole", function()
    local n = 0
    for _ in pairs(rec.attributes) do n = n + 1 end
    assert.equal(71, n)
    assert.equal("Sheryl P. Walter\nDeclassified/Released\nUS Department of State\nEO Systematic Review\n20 Mar 2014",
      rec.attributes["Review Markings"])
    assert.equal("odbc://SAS/SAS.dbo.SAS_Docs/eb19c7e1-c288-dd11-92da-001cc4696bcc", rec.attributes.vdkgvwkey)
    assert.equal("", rec.attributes["Decaption Note"])
  end)

  it("claims every line: no warnings, nothing unclaimed", function()
    assert.same({}, rec.warnings)
    assert.is_nil(rec.unclaimed)
  end)

  it("loses no word of the message text", function()
    local text = read(FIXTURE)
    local message = text:match("Message Text(.-)Message Attributes")
    local kept = {}
    local function add(s) for w in tostring(s):gmatch("%S+") do kept[w] = true end end
    add(rec.body)
    for _, k in ipairs({ "dash_line", "precedence", "subject", "tags_text", "signature", "end_marker" }) do add(rec[k]) end
    for _, k in ipairs({ "classification", "dtg", "from", "serial", "eo" }) do add(rec[k].text) end
    for _, list in ipairs({ rec.to, rec.info, rec.references }) do
      for _, a in ipairs(list) do add(a.text); add(a.label) end
    end
    for _, o in ipairs(rec.offices.action) do add(o.code .. "-" .. string.format("%02d", o.copies)) end
    for _, o in ipairs(rec.offices.info) do add(o.code .. "-" .. string.format("%02d", o.copies)) end
    for _, p in ipairs(rec.page_headers) do add(p.station); add(p.serial); add(p.time) end
    -- structure words the record represents by its fields, not as text
    local structural = { ACTION = true, INFO = true, PAGE = true, FM = true, TO = true,
      ["E.O."] = true, ["11652:"] = true, ["REF:"] = true, ["/093"] = true, W = true, R = true,
      ["01"] = true, ["02"] = true, ["03"] = true, ["04"] = true, ["05"] = true,
      CONFIDENTIAL = true, ["SUBJECT:"] = true, ["77"] = true, ["306726;"] = true, ["(1)"] = true, ["(2)"] = true }
    local missing = {}
    for w in message:gmatch("%S+") do
      if not kept[w] and not structural[w] then missing[#missing + 1] = w end
    end
    assert.same({}, missing)
  end)
end)
