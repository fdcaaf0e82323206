-- Specs for cable.fields.attributes (AAD "Message Attributes") and cable.null.
local attributes = require "cable.fields.attributes"
local tables = require "cable.tables"
local null = require "cable.null"

-- The seed's attribute block (1978LIMA00921.txt), a selection of its lines.
local SEED = {
  ["Capture Date"] = "01 jan 1994",
  ["Channel Indicators"] = "n/a",
  ["Concepts"] = "FOREIGN RELATIONS, MILITARY AGREEMENTS",
  ["Draft Date"] = "31 jan 1978",
  ["Decaption Date"] = "01 jan 1960",
  ["Decaption Note"] = "",
  ["Disposition Date"] = "20 Mar 2014",
  ["Document Number"] = "1978LIMA00921",
  ["Errors"] = "N/A",
  ["Executive Order"] = "GS",
  ["ISecure"] = "1",
  ["Line Count"] = "197",
  ["Locator"] = "TEXT ON-LINE, ON MICROFILM",
  ["Office"] = "ACTION PM",
  ["Page Count"] = "4",
  ["Reference"] = "77 STATE 306726, 77 LIMA 10937",
  ["Retention"] = "0",
  ["Review Action"] = "RELEASED, APPROVED",
  ["Review Date"] = "20 jul 2005",
  ["Review Release Date"] = "n/a",
  ["SAS ID"] = "3739769",
  ["Subject"] = "US-PERUVAN MILIARY RELATIONS",
  ["TAGS"] = "MPOL, MASS, MORG, PGOV, PE, US",
  ["To"] = "STATE",
}

describe("attributes.parse", function()
  it("types the seed's attributes", function()
    local typed, warnings = attributes.parse(SEED)
    assert.is_nil(warnings)
    assert.same("1994-01-01", typed["Capture Date"])
    assert.same("1978-01-31", typed["Draft Date"])
    assert.same("2014-03-20", typed["Disposition Date"])
    assert.same("2005-07-20", typed["Review Date"])
    assert.equal(null, typed["Decaption Date"])        -- placeholder 01 jan 1960
    assert.equal(null, typed["Channel Indicators"])
    assert.equal(null, typed["Decaption Note"])
    assert.equal(null, typed["Errors"])
    assert.equal(null, typed["Review Release Date"])
    assert.same({ "FOREIGN RELATIONS", "MILITARY AGREEMENTS" }, typed["Concepts"])
    assert.same({ "MPOL", "MASS", "MORG", "PGOV", "PE", "US" }, typed["TAGS"])
    assert.same({ "77 STATE 306726", "77 LIMA 10937" }, typed["Reference"])
    assert.same({ "TEXT ON-LINE", "ON MICROFILM" }, typed["Locator"])
    assert.same({ "RELEASED", "APPROVED" }, typed["Review Action"])
    assert.same({ "STATE" }, typed["To"])
    assert.equal(197, typed["Line Count"])
    assert.equal(4, typed["Page Count"])
    assert.equal(0, typed["Retention"])
    assert.equal(1, typed["ISecure"])
    assert.equal(3739769, typed["SAS ID"])
    assert.same("GS", typed["Executive Order"])
    assert.same("ACTION PM", typed["Office"])
    assert.same("1978LIMA00921", typed["Document Number"])
    assert.same("US-PERUVAN MILIARY RELATIONS", typed["Subject"])
  end)

  it("reads every documented date style (attributes.tsv examples)", function()
    local typed = attributes.parse{
      ["Capture Date"] = "01 JAN 1994",
      ["Review Date"] = "10-Feb-2005 12:00:00 am",
      ["Disposition Approved on Date"] = "27-Apr-2004 12:00:00 am",
      ["Decaption Date"] = "28 MAY 2004",
      ["Disposition Date"] = "06-SEP-07",
      ["Review Release Date"] = "31/12/2019",
      ["Review Transfer Date"] = "01-Jan-1960 12:00:00 am",
    }
    assert.same("1994-01-01", typed["Capture Date"])
    assert.same("2005-02-10", typed["Review Date"])
    assert.same("2004-04-27", typed["Disposition Approved on Date"])
    assert.same("2004-05-28", typed["Decaption Date"])
    assert.same("2007-09-06", typed["Disposition Date"])
    assert.same("2019-12-31", typed["Review Release Date"])
    assert.equal(null, typed["Review Transfer Date"])
  end)

  it("splits lists at commas and semicolons, not inside parentheses", function()
    local typed = attributes.parse{
      ["TAGS"] = "OVIP (VANCE, CYRUS), IS, SY",
      ["Previous Handling Restrictions"] = "EXDIS; NODIS, ONLY",
      ["Reference"] = "BONN 14355 (DTG 031628Z SEP 75)",
      ["Disposition Case Number"] = "200701569,200600072",
      ["To"] = "STATE DOD",
    }
    assert.same({ "OVIP (VANCE, CYRUS)", "IS", "SY" }, typed["TAGS"])
    assert.same({ "EXDIS", "NODIS", "ONLY" }, typed["Previous Handling Restrictions"])
    assert.same({ "BONN 14355 (DTG 031628Z SEP 75)" }, typed["Reference"])
    assert.same({ "200701569", "200600072" }, typed["Disposition Case Number"])
    assert.same({ "STATE", "DOD" }, typed["To"])
  end)

  it("reads History Lab's float ids and all null tokens", function()
    local typed = attributes.parse{ ["SAS ID"] = "2172693.0", ["Errors"] = "NA", ["Drafter"] = "N/A",
                                    ["TAGS"] = " n/a " }
    assert.equal(2172693, typed["SAS ID"])
    assert.equal(null, typed["Errors"])
    assert.equal(null, typed["Drafter"])
    assert.equal(null, typed["TAGS"])
  end)

  it("keeps unknown attributes and misfit values raw, with warnings", function()
    local typed, warnings = attributes.parse{
      ["Not An Attribute"] = "n/a",
      ["Line Count"] = "19 7",
      ["Sent Date"] = "31 feb 1977",
      ["Review Date"] = "27-Apr-2004 03:00:00 pm",
      ["Draft Date"] = "\0\233",
      ["Status"] = "<DBA CORRECTED> gwr 971212",
    }
    assert.same("n/a", typed["Not An Attribute"])
    assert.same("19 7", typed["Line Count"])
    assert.same("31 feb 1977", typed["Sent Date"])
    assert.same("27-Apr-2004 03:00:00 pm", typed["Review Date"])
    assert.same("\0\233", typed["Draft Date"])
    assert.same("<DBA CORRECTED> gwr 971212", typed["Status"])
    assert.same({
      'Draft Date: not a date: "\\000\\233"',
      'Line Count: not an integer: "19 7"',
      'Review Date: date with a time other than midnight: "27-Apr-2004 03:00:00 pm"',
      'Sent Date: impossible date "31 feb 1977": day 31 does not exist in FEBRUARY 1977',
    }, warnings)
  end)

  it("raises on misuse", function()
    assert.has_error(function() attributes.parse("Draft Date: 31 jan 1978") end,
      "attributes.parse: expected a table of strings, got string")
    assert.has_error(function() attributes.parse{ ["Page Count"] = 4 } end)
  end)
end)

describe("attributes.value and type_of", function()
  it("types one value", function()
    assert.same("1978-01-31", attributes.value("Draft Date", "31 jan 1978"))
    assert.equal(null, attributes.value("Sent Date", ""))
    assert.same("x", attributes.value("Unknown", "x"))
    assert.same("list", attributes.type_of("TAGS"))
    assert.same("date_dmy", attributes.type_of("Review Release Date"))
    assert.is_nil(attributes.type_of("Unknown"))
  end)

  it("knows a type for every attribute of attributes.tsv", function()
    for _, row in ipairs(tables.rows("attributes")) do
      assert.is_string(attributes.type_of(row.attribute), row.attribute)
    end
  end)
end)

describe("cable.null", function()
  it("is a unique, read-only, recognisable value", function()
    assert.same("null", tostring(null))
    assert.same("cable.null", getmetatable(null).__name)
    assert.same("null", getmetatable(null).__tojson())
    assert.is_nil(next(null))
    assert.has_error(function() null.x = 1 end, "cable.null is read-only")
    assert.equal(null, require "cable.null")
  end)
end)
