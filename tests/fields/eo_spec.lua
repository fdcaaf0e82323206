-- Specs for cable.fields.eo: Executive Order declassification lines.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local eo = require "cable.fields.eo"

-- The parsed value without its text and order_text, for short comparisons.
local function fields(text)
  local v, warning = eo.parse(text)
  assert.is_table(v)
  assert.same(text:match("^%s*(.-)%s*$"), v.text)
  v.text, v.order_text = nil, nil
  return v, warning
end

describe("eo.parse: E.O. 11652", function()
  it("reads the seed's line (1978LIMA00921: 'E.O. 11652: GDS')", function()
    assert.same({ text = "E.O. 11652: GDS", order = "11652", order_text = "11652", code = "GDS" },
      eo.parse("E.O. 11652: GDS"))
  end)

  it("reads ADS with a DECLAS date or event", function()
    assert.same({ order = "11652", code = "ADS", declassify = "1974-12-31", declassify_text = "12-31-74" },
      fields("E.O. 11652: ADS, DECLAS 12-31-74"))
    assert.same({ order = "11652", code = "ADS", declassify_text = "AT END CURRENT TEST SERIES" },
      fields("E.O. 11652: ADS, DECLAS AT END CURRENT TEST SERIES"))
  end)

  it("normalises XGDS codes and reads N/A", function()
    for _, text in ipairs{ "E.O. 11652: XGDS-1", "E.O. 11652: XGDS1", "E.O. 11652: XGDS 1" } do
      assert.same("XGDS-1", fields(text).code)
    end
    assert.same({ order = "11652", code = "XGDS-2", declassify = "1984-12-31", declassify_text = "12-31-84" },
      fields("E.O. 11652: XGDS2, DECLAS 12-31-84"))
    assert.same({ order = "11652", code = "N/A" }, fields("E.O. 11652: N/A"))
  end)

  it("keeps an unknown code as rest, with a warning", function()
    -- 7575LIBREVILLE1895.txt: 'E.O. 11652: NGDS'
    local v, warning = fields("E.O. 11652: NGDS")
    assert.same({ order = "11652", rest = "NGDS" }, v)
    assert.matches("unknown E.O. code", warning, 1, true)
  end)
end)

describe("eo.parse: E.O. 12065 and 12356", function()
  it("reads date, classifier and trailing OR-x", function()
    assert.same({ order = "12065", code = "GDS", declassify = "1984-12-31", declassify_text = "12/31/84",
                  classifier = "SMITH, JOHN", rest = "OR-P" },
      fields("E.O. 12065: GDS 12/31/84 (SMITH, JOHN) OR-P"))
    assert.same({ order = "12065", code = "RDS-1", declassify = "1999-01-31", declassify_text = "1/31/99" },
      fields("E.O. 12065: RDS-1 1/31/99"))
    assert.same("XDS-2", fields("E.O. 12065: XDS-2 1/26/99 (NAME)").code)
  end)

  it("reads DECL: OADR with or without blanks (89PANAMA8545.txt: 'E.O.12356: DECL:OADR')", function()
    assert.same({ order = "12356", code = "OADR" }, fields("E.O. 12356: DECL: OADR"))
    assert.same({ order = "12356", code = "OADR" }, fields("E.O.12356: DECL:OADR"))
    assert.same({ order = "12356", code = "OADR" }, fields("E.O. 12356: DECL:  OADR"))
  end)
end)

describe("eo.parse: E.O. 12958 and 13526", function()
  it("reads DECL dates in M/D/Y and Y/M/D", function()
    assert.same({ order = "12958", code = "DECL", declassify = "2018-03-13", declassify_text = "03/13/2018" },
      fields("E.O. 12958: DECL: 03/13/2018"))
    assert.same({ order = "13526", code = "DECL", declassify = "2019-12-31", declassify_text = "2019/12/31" },
      fields("E.O. 13526: DECL: 2019/12/31"))
    -- 09DJIBOUTI113.txt: 'E.O. 12958: DECL: 2019-02-12'
    assert.same("2019-02-12", fields("E.O. 12958: DECL: 2019-02-12").declassify)
    -- 08BERLIN1068.txt: 'E.o. 12958: decl: ...' (lower case)
    assert.same("2019-01-01", fields("E.o. 12958: decl: 01/01/2019").declassify)
    assert.same("2019-12-31", fields("E.O. 12958: 12/31/2019").declassify)
  end)

  it("keeps exemption markers", function()
    assert.same({ order = "12958", code = "DECL", exemption = "1.6X1" }, fields("E.O. 12958: DECL: 1.6X1"))
    assert.same("25X1", fields("E.O. 12958: DECL: 25X1").exemption)
    assert.same("25X1-human", fields("E.O. 12958: DECL: 25X1-human").exemption)
  end)

  it("keeps event text as declassify_text without a date", function()
    -- 09STATE63860.txt: 'E.O. 12958: DECL: MR'
    assert.same({ order = "12958", code = "DECL", declassify_text = "MR" }, fields("E.O. 12958: DECL: MR"))
    -- 10SHENYANG5.txt: 'DECL: TEN YEARS AFTER KOREAN UNIFICATION'
    assert.same("TEN YEARS AFTER KOREAN UNIFICATION",
      fields("E.O. 12958: DECL: TEN YEARS AFTER KOREAN UNIFICATION").declassify_text)
  end)

  it("reads Cablegate forms without punctuation (04AMMAN1288.txt: 'EO 12958 DECL: 02/19/2014')", function()
    assert.same({ order = "12958", code = "DECL", declassify = "2014-02-19", declassify_text = "02/19/2014" },
      fields("EO 12958 DECL: 02/19/2014 "))
    assert.same({ order = "12958", code = "N/A" }, fields("E.O. 12958 N/A"))
    assert.same({ order = "12958", code = "N/A" }, fields("E.O. 12958:N/A"))
    assert.same({ order = "12958" }, fields("E. O. 12958"))
    assert.same({ order = "11652" }, fields("E.O 11652"))
  end)

  it("drops the HTML form's line-end backslash (07BERN881.txt: 'E.O. 12958: N/A \\')", function()
    assert.same({ order = "12958", code = "N/A" }, fields("E.O. 12958: N/A \\"))
  end)

  it("keeps text merged from the next line as rest (00HARARE6677.txt)", function()
    local v = fields("E.O. 12958: DECL: 11/29/10 TAGS: PGOV PREL ECON PINR ZI SA")
    assert.same("2010-11-29", v.declassify)
    assert.same("TAGS: PGOV PREL ECON PINR ZI SA", v.rest)
  end)

  it("warns about an impossible date and keeps its text", function()
    local v, warning = fields("E.O. 12958: DECL: 02/30/2019")
    assert.same({ order = "12958", code = "DECL", declassify_text = "02/30/2019" }, v)
    assert.matches("day 30 does not exist", warning, 1, true)
  end)
end)

describe("eo.parse: typos and bad input", function()
  it("keeps an unknown order number as order_text only", function()
    local v, warning = eo.parse("16652 GDS")
    assert.same({ text = "16652 GDS", order_text = "16652", code = "GDS" }, v)
    assert.matches("unknown executive order 16652", warning, 1, true)
    -- 10PARIS183.txt: 'E.O. 19528: DECL: 12/03/2019'
    v = eo.parse("E.O. 19528: DECL: 12/03/2019")
    assert.is_nil(v.order)
    assert.same("2019-12-03", v.declassify)
  end)

  it("returns nil and a message without an order number", function()
    -- 'EO Systematic Review' (declassification stamp, 1978LIMA00921)
    for _, text in ipairs{ "EO Systematic Review", "", "\0", "\233\233", "E.O. 1165", "E.O. 116521" } do
      local value, message = eo.parse(text)
      assert.is_nil(value)
      assert.matches("^not an E.O. line", message)
    end
  end)

  it("raises on a non-string argument", function()
    assert.has_error(function() eo.parse(11652) end, "eo.parse: expected a string, got number")
  end)
end)

describe("eo.pattern", function()
  it("matches the prefix spellings and nothing else", function()
    assert.same(5, lpeg.match(eo.pattern, "E.O. 11652"))
    assert.same(6, lpeg.match(eo.pattern, "E. O. 12958"))
    assert.same(3, lpeg.match(eo.pattern, "EO 12958"))
    assert.same(4, lpeg.match(eo.pattern, "E.O 11652"))
    assert.is_nil(lpeg.match(eo.pattern, "EOX 1"))
    assert.is_nil(lpeg.match(eo.pattern, "ECONOMIC"))
  end)
end)
