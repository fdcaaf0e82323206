-- The record builder's handling of header fields: a field that comes twice
-- keeps its first occurrence and lists the later one as unclaimed with a
-- warning (never dropped); repeatable fields (captions) are joined.
local cable = require "cable"

local function telegram(lines) return table.concat(lines, "\n") end

local TEXT = telegram {
  "", "Message Text", "",
  "CONFIDENTIAL", "", "PAGE 01 LIMA 00921 312337Z",
  "R 312244Z JAN 78",
  "FM AMEMBASSY LIMA",
  "TO SECSTATE WASHDC 8508", "",
  "C O N F I D E N T I A L LIMA 0921", "",
  "SIPDIS", "",
  "E.O. 11652: GDS",
  "NOFORN",
  "TAGS: MPOL, PE",
  "SUBJECT: US-PERUVAN MILIARY RELATIONS",
  "", "REF: 77 STATE 306726", "",
  "TO THE AMBASSADOR FROM THE DEPARTMENT", "",
  "1. FOLLOWING RESPONSE KEYED TO REFTEL.",
  "CONFIDENTIAL", "", "NNN",
}

describe("record builder", function()
  -- line 22 is the second TO line
  local rec = assert(cable.parse(TEXT, { format = "aad" }))

  it("keeps the first of a field that comes twice and lists the other as unclaimed", function()
    assert.equal(1, #rec.to)
    assert.equal("SECSTATE WASHDC", rec.to[1].name)
    assert.equal("TO THE AMBASSADOR FROM THE DEPARTMENT", rec.unclaimed[1].text)
    assert.equal(22, rec.unclaimed[1].line)
    local found
    for _, w in ipairs(rec.warnings) do
      if w.message == "to comes again (the first is kept): TO THE AMBASSADOR FROM THE DEPARTMENT" then found = w end
    end
    assert.truthy(found)
    assert.equal(22, found.line)
  end)

  it("joins caption lines that stand apart", function()
    assert.same({ "SIPDIS", "NOFORN" }, rec.captions)
    assert.same({ "SIPDIS", "NOFORN" }, rec.classification.caveats)
  end)
end)
