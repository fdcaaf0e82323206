-- Specs for cable.fields.offices: ACTION/ORIGIN/INFO distribution blocks.
local offices = require "cable.fields.offices"
local lpeg = rawget(_G, "lpeg") or require "lpeg"

local SEED = "ACTION PM-05\n\nINFO OCT-01 ARA-10 ISO-00 NSC-05 SP-02 SS-15 L-03\n"
  .. "CIAE-00 INR-07 NSAE-00 OMB-01 IO-13 EB-08 MCE-00\n"
  .. "IGA-02 HA-05 DODE-00 TRSE-00 EUR-12 CU-04 /093 W"

local HARARE = "ACTION AF-00\n\nINFO  LOG-00   NP-00    AID-00   ACQ-00   CEA-01   CIAE-00  COME-00\n"
  .. "      CTME-00  DINT-00  DODE-00  DOTE-00  SRPP-00  DS-00    EB-00\n"
  .. "      EUR-00   EXIM-01  E-00     FAAE-00  FBIE-00  VC-00    FRB-00\n"
  .. "      H-01     TEDE-00  INR-00   IO-00    ITC-01   LAB-01   L-00\n"
  .. "      VCE-00   AC-01    NSAE-00  OMB-01   OPIC-01  PA-00    PM-00\n"
  .. "      PRS-00   ACE-00   P-00     SP-00    SSO-00   STR-00   TRSE-00\n"
  .. "      USIE-00  PMB-00   DSCC-00  PRM-02   DRL-02   G-00     NFAT-00\n"
  .. "      SAS-00   SWCI-00    /012W"

describe("offices.parse", function()
  it("reads the seed's block (1978 LIMA 00921), total 93 = sum", function()
    local r, w = offices.parse(SEED)
    assert.equal("ACTION", r.keyword)
    assert.same({ { code = "PM", copies = 5, name = "Bureau of Politico-Military Affairs" } }, r.action)
    assert.equal(20, #r.info)
    assert.same({ code = "OCT", copies = 1, name = r.info[1].name }, r.info[1])
    assert.same({ 93, "W", 93 }, { r.total, r.total_letter, r.sum })
    assert.same({}, w)
  end)

  it("reads the 2000 Cablegate layout (00HARARE6677)", function()
    local r, w = offices.parse(HARARE)
    assert.equal("AF", r.action[1].code)
    assert.equal(51, #r.info)
    assert.equal("E", r.info[17].code)
    assert.same({ 12, "W", 12 }, { r.total, r.total_letter, r.sum })
    assert.same({}, w)
  end)

  it("reads ORIGIN blocks and warns when the total is not the sum", function()
    local r, w = offices.parse("ORIGIN DS-00\nINFO LOG-00 A-00 E-00 /005R")
    assert.equal("ORIGIN", r.keyword)
    assert.same({ 5, "R", 0 }, { r.total, r.total_letter, r.sum })
    assert.matches("differs", w[1])
  end)

  it("warns about noise tokens and keeps the rest", function()
    local r, w = offices.parse("ACTION PM-05 INFO OCT-01 ??? /006 W")
    assert.equal(6, r.sum)
    assert.matches("not an office token", w[1])
  end)

  it("gives nil and a message for bad input, never raising", function()
    for _, bad in ipairs{ "", "\0", "caf\233", "ACTION", "INFO AMEMBASSY LA PAZ" } do
      local r, err = offices.parse(bad)
      assert.is_nil(r, bad)
      assert.is_string(err)
    end
    assert.has_error(function() offices.parse(nil) end)
  end)
end)

describe("offices.token", function()
  it("captures code and count", function()
    assert.same({ "CIAE", "00" }, { lpeg.match(offices.token, "CIAE-00") })
    assert.same({ "A", "00" }, { lpeg.match(offices.token, "A-00") })
    assert.is_nil(lpeg.match(offices.token, "F-4E"))
  end)
end)
