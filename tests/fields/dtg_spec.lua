-- Specs for cable.fields.dtg: date-time groups, Julian groups, numeric dates.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local dtg = require "cable.fields.dtg"

describe("dtg.parse", function()
  it("reads the seed's DTG (1978LIMA00921: 'R 312244Z JAN 78')", function()
    assert.same({ text = "312244Z JAN 78", iso = "1978-01-31T22:44:00Z" },
      dtg.parse("312244Z JAN 78"))
  end)

  it("accepts AAD's injected blanks inside tokens", function()
    -- cable-formats.md: 'P 251346 Z JUN 7 3'
    assert.same("1973-06-25T13:46:00Z", dtg.parse("251346 Z JUN 7 3").iso)
    assert.same("1978-01-31T22:44:00Z", dtg.parse("31 2244Z JAN 78").iso)
    assert.same("251346 Z JUN 7 3", dtg.parse("251346 Z JUN 7 3").text)
  end)

  it("reads Cablegate and NAVADMIN spellings", function()
    -- 00HARARE6677.txt: '291359Z Nov 00'
    assert.same("2000-11-29T13:59:00Z", dtg.parse("291359Z Nov 00").iso)
    -- 08BERLIN1387.txt: '301601z SEP 08'
    assert.same("2008-09-30T16:01:00Z", dtg.parse("301601z SEP 08").iso)
    -- NAVADMIN-080-14.txt: '312035ZMAY13'
    assert.same("2013-05-31T20:35:00Z", dtg.parse("312035ZMAY13").iso)
    -- NAVADMIN-288-05.txt: '272143ZMAY2003'
    assert.same("2003-05-27T21:43:00Z", dtg.parse("272143ZMAY2003").iso)
  end)

  it("accepts full month names and Sept in any case, and trims the text", function()
    assert.same("1999-09-01T01:01:00Z", dtg.parse("010101Z Sept 99").iso)
    assert.same("1974-01-02T03:04:00Z", dtg.parse("020304Z january 1974").iso)
    assert.same("1978-03-31T22:44:00Z", dtg.parse("312244Z MARCH 78").iso)
    assert.same("312244Z JAN 78", dtg.parse("  312244Z JAN 78 \n").text)
  end)

  it("expands two-digit years by era: 66-99 -> 19xx, 00-65 -> 20xx", function()
    assert.same("1966-01-01T00:00:00Z", dtg.parse("010000Z JAN 66").iso)
    assert.same("2065-01-01T00:00:00Z", dtg.parse("010000Z JAN 65").iso)
    assert.same(1999, dtg.expand_year(99))
    assert.same(2000, dtg.expand_year(0))
    assert.same(1978, dtg.expand_year(1978))
  end)

  it("warns about impossible groups and never guesses an ISO value", function()
    local cases = {
      "310000Z FEB 78", "292359Z FEB 1900", "012500Z JAN 78", "010061Z JAN 78", "000000Z JAN 78",
    }
    for _, text in ipairs(cases) do
      local value, warning = dtg.parse(text)
      assert.same({ text = text }, value)
      assert.matches("^impossible date%-time group: ", warning)
    end
    assert.same("2000-02-29T23:59:00Z", dtg.parse("292359Z FEB 2000").iso)
  end)

  it("returns nil and a message for anything else", function()
    for _, text in ipairs{ "", "\0", "\233\233", "312244Z JAN 78 X", "312244Z MARC 78",
                           "312244 JAN 78", "PAGE 01 LIMA 00921 312337Z" } do
      local value, message = dtg.parse(text)
      assert.is_nil(value)
      assert.matches("^not a date%-time group: ", message)
    end
  end)

  it("raises on a non-string argument", function()
    assert.has_error(function() dtg.parse(nil) end, "dtg.parse: expected a string, got nil")
    assert.has_error(function() dtg.parse(312244) end)
  end)
end)

describe("dtg.pattern", function()
  it("matches a DTG at the current position and captures nothing", function()
    local line = "R 312244Z JAN 78"
    assert.same(#line + 1, lpeg.match(dtg.pattern, line, 3))
    assert.same(17, lpeg.match(dtg.pattern, "251346 Z JUN 7 3 FM"))
    assert.same({}, lpeg.match(lpeg.Ct(dtg.pattern), line, 3))
    assert.is_nil(lpeg.match(dtg.pattern, line))
  end)

  it("does not take a fifth year digit or a longer word for a month", function()
    assert.is_nil(lpeg.match(dtg.pattern, "312244Z JANUS 78"))
    assert.same(15, lpeg.match(dtg.pattern, "312244Z JAN 78 8508"))
  end)
end)

describe("dtg.julian", function()
  it("reads ACP-127 JJJHHMM groups (cable-formats.md §14)", function()
    -- 08TRIPOLI220: 'DE RUEHTRO #0220/01 0731503' and 'O 131503Z MAR 08'
    assert.same("2008-03-13T15:03:00Z", dtg.julian("0731503", 2008))
    -- 07BERN881.txt: 'DE RUEHSW #0881/01 2540944'
    assert.same("2007-09-11T09:44:00Z", dtg.julian("2540944", 2007))
    assert.same("2008-03-13T15:03:00Z", dtg.julian("0731503", 8))
  end)

  it("allows day 366 only in leap years", function()
    assert.same("2008-12-31T12:00:00Z", dtg.julian("3661200", 2008))
    local value, message = dtg.julian("3661200", 2007)
    assert.is_nil(value)
    assert.matches("day 366 does not exist in 2007", message, 1, true)
  end)

  it("rejects day 000, bad times, bad shapes and a missing year", function()
    assert.is_nil(dtg.julian("0001200", 2007))
    assert.is_nil(dtg.julian("0012400", 2007))
    assert.is_nil(dtg.julian("073150", 2008))
    assert.is_nil(dtg.julian("", 2008))
    local value, message = dtg.julian("0731503")
    assert.is_nil(value)
    assert.matches("needs the year", message)
  end)

  it("raises when the year is not an integer", function()
    assert.has_error(function() dtg.julian("0731503", "2008") end)
    assert.has_error(function() dtg.julian(731503, 2008) end)
  end)
end)

describe("dtg.date", function()
  it("reads E.O. declassification dates", function()
    -- 07BERN881-style 'E.O. 12958: DECL: 3/13/2018' and the other styles
    assert.same("2018-03-13", dtg.date("3/13/2018"))
    assert.same("2018-03-13", dtg.date("03/13/2018"))
    assert.same("2019-12-31", dtg.date("2019/12/31"))
    assert.same("1974-12-31", dtg.date("12-31-74"))
    -- 00HARARE6677.txt: 'E.O. 12958: DECL: 11/29/10'
    assert.same("2010-11-29", dtg.date("11/29/10"))
    -- 09DJIBOUTI113.txt: 'E.O. 12958: DECL: 2019-02-12'
    assert.same("2019-02-12", dtg.date("2019-02-12"))
  end)

  it("returns nil and a message for impossible or malformed dates", function()
    local value, message = dtg.date("2/30/2019")
    assert.is_nil(value)
    assert.matches("day 30 does not exist in FEBRUARY 2019", message, 1, true)
    assert.matches("month 13", select(2, dtg.date("13/01/2019")))
    for _, text in ipairs{ "1/1/201", "x", "", "\0", "12/31", "\233/1/2019" } do
      assert.is_nil(dtg.date(text))
    end
  end)
end)

describe("dtg helpers", function()
  it("month_number reads names in any case", function()
    assert.same(9, dtg.month_number("Sept"))
    assert.same(1, dtg.month_number("jan"))
    assert.same(12, dtg.month_number("DECEMBER"))
    assert.is_nil(dtg.month_number("JANUS"))
  end)

  it("iso_date validates calendar dates", function()
    assert.same("2000-02-29", dtg.iso_date(2000, 2, 29))
    assert.is_nil(dtg.iso_date(1900, 2, 29))
    assert.is_nil(dtg.iso_date(1978, 4, 31))
  end)
end)
