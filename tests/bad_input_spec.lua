-- Bad input: each case gives a record with warnings or nil, message,
-- position, never a raise or a hang; misuse of the API raises with a clear
-- message. (The time of the big inputs is measured by make bench.)
local support = require "tests.support"
local cable = require "cable"

local read = support.read

local LIMA = read("tests/fixtures/aad/1978LIMA00921.txt")

local function parse(text)
  local ok, rec, msg, pos = pcall(cable.parse, text)
  assert(ok, "cable.parse raised: " .. tostring(rec))
  return rec, msg, pos
end

local messages = support.messages

-- The record of a text that must come back at once (a hang guard, far
-- above the milliseconds it takes).
local function timed(text, opts)
  local t0 = os.clock()
  local rec = assert(cable.parse(text, opts))
  assert.is_true(os.clock() - t0 < 10, "took " .. (os.clock() - t0) .. " s")
  return rec
end

local function has_warning(rec, text)
  for _, m in ipairs(messages(rec)) do
    if m == text then return true end
  end
  return false
end

-- n bytes from a fixed linear congruential generator (the same on Lua 5.3
-- and 5.4, whose math.random differ).
local function junk(n, seed)
  local x, t = seed, {}
  for i = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    t[i] = string.char(x // 65536 % 256)
  end
  return table.concat(t)
end

describe("bad input", function()
  it("empty and white-space-only text: nil, message, position 1", function()
    for _, text in ipairs({ "", " ", "\n\n", " \t\r\n \n" }) do
      local rec, msg, pos = parse(text)
      assert.is_nil(rec)
      assert.are.equal("empty input: no cable text", msg)
      assert.are.equal(1, pos)
    end
  end)

  it("binary junk: nil, not a cable", function()
    for seed = 1, 5 do
      local rec, msg, pos = parse(junk(4096, seed))
      assert.is_nil(rec)
      assert.are.equal("not a cable: no known format matches this text", msg)
      assert.are.equal(1, pos)
    end
    assert.are.equal("not a cable: no known format matches this text", select(2, parse(("\0"):rep(100))))
  end)

  it("NUL bytes inside a real cable: the record, the NULs kept, a warning", function()
    local text, count = LIMA:gsub("MILITARY", "MILI\0TARY")
    assert.is_true(count > 10)
    local rec = parse(text)
    assert.are.equal("1978LIMA00921", rec.id)
    assert.are.equal("1978-01-31T22:44:00Z", rec.dtg.iso)
    assert.is_truthy(rec.body:find("MILI\0TARY", 1, true))
    assert.are.equal("text holds " .. count .. " NUL byte(s), kept as they are", rec.warnings[1].message)
  end)

  it("CRLF line ends: the same record as LF, plus one warning", function()
    local lf = parse(LIMA)
    local crlf = parse((LIMA:gsub("\n", "\r\n")))
    assert.are.equal("CRLF line ends read as LF", crlf.warnings[1].message)
    table.remove(crlf.warnings, 1)
    assert.are.same(lf, crlf)
  end)

  it("Latin-1 bytes and invalid UTF-8: read as Latin-1, with a warning", function()
    local rec = parse((LIMA:gsub("PERUVIAN", "PERUVI\193N")))
    assert.are.equal("1978LIMA00921", rec.id)
    assert.is_truthy(rec.body:find("PERUVI\195\129N", 1, true))
    assert.is_truthy(messages(rec)[1]:find("^text is not valid UTF%-8 %(first bad byte at %d+%); read as Latin%-1$"))
    rec = parse((LIMA:gsub("PERUVIAN", "PERUVI\226\40N")))
    assert.is_truthy(rec.body:find("PERUVI\195\162(N", 1, true))
    assert.is_truthy(messages(rec)[1]:find("^text is not valid UTF%-8"))
    assert.is_nil(utf8.len(LIMA:gsub("PERUVIAN", "PERUVI\226\40N")))
  end)

  it("a cable cut before NNN and the attributes: the record, with a warning", function()
    local rec = parse(LIMA:sub(1, LIMA:find("\nNNN", 1, true)))
    assert.are.equal("1978LIMA00921", rec.id)
    assert.are.equal("US-PERUVAN MILIARY RELATIONS", rec.subject)
    assert.is_nil(rec.attributes)
    assert.is_nil(rec.end_marker)
    assert.is_true(has_warning(rec, "no end marker (NNN): the cable may be truncated"))
  end)

  it("a cable cut before the attributes only: the record, without attributes", function()
    local rec = parse(LIMA:sub(1, LIMA:find("\nMessage Attributes", 1, true)))
    assert.are.equal("1978LIMA00921", rec.id)
    assert.are.equal("NNN", rec.end_marker)
    assert.is_nil(rec.attributes)
    assert.is_true(has_warning(rec, "no Message Attributes block: the record may be truncated"))
  end)

  it("lone CR line ends (old Mac files): read as LF, with a warning", function()
    local rec = parse((LIMA:gsub("\n", "\r")))
    assert.are.equal("1978LIMA00921", rec.id)
    assert.are.equal(71, (function() local n = 0 for _ in pairs(rec.attributes) do n = n + 1 end return n end)())
    assert.are.equal(select(2, LIMA:gsub("\n", "")) .. " lone CR line end(s) read as LF", rec.warnings[1].message)
  end)

  it("a 50 MB text without a newline returns; a 1 MB cable-like line gives a record", function()
    local rec, msg = parse(("NO NEWLINE "):rep(50 * 1000 * 1000 // 11))
    assert.is_nil(rec)
    assert.are.equal("not a cable: no known format matches this text", msg)
    rec = parse("Message Text\n" .. ("NO NEWLINE "):rep(100000))
    assert.is_true(has_warning(rec, "no end marker (NNN): the cable may be truncated"))
    assert.are.equal(2, rec.warnings[1].line)
    -- the marker words inside prose do not make a text an AAD telegram
    rec, msg = parse("Message Text " .. ("NO NEWLINE "):rep(100000))
    assert.is_nil(rec)
    assert.are.equal("not a cable: no known format matches this text", msg)
    collectgarbage()
  end)

  it("1e6 short lines in a cable body: a record with a warning", function()
    local head = LIMA:sub(1, LIMA:find("1. FOLLOWING", 1, true) - 1)
    local rec = parse(head .. ("A\n"):rep(1000000))
    assert.are.equal("1978LIMA00921", rec.id)
    assert.are.equal(1000000, select(2, rec.body:gsub("A", "")))
    assert.is_true(has_warning(rec, "no end marker (NNN): the cable may be truncated"))
    collectgarbage()
  end)

  it("digit runs too long for an integer in a container's date: kept as written, no raise", function()
    local huge = ("9"):rep(20)
    local row = read("tests/fixtures/cablegate/66BUENOSAIRES2481.csv"):gsub("12/28/1966", huge .. "/28/1966", 1)
    local rec = parse(row)
    assert.are.equal("66BUENOSAIRES2481", rec.id)
    assert.are.equal(huge .. "/28/1966 18:48", rec.container.date)  -- kept as written
    local moscow = read("tests/fixtures/cablegate/10MOSCOW228.txt")
    rec = parse(moscow .. "\n<<218634>>\n12/28/1966 18:" .. huge .. "\n66BUENOSAIRES2481\n"
      .. "Embassy Buenos Aires\nUNCLASSIFIED\n\nP R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert.are.equal("10MOSCOW228", rec.id)
  end)

  it("digit runs too long for an integer in a REF serial and a copy total: no id, no raise", function()
    local huge = ("9"):rep(20)
    local text = LIMA:gsub("77 STATE 306726;", "77 STATE " .. huge .. ";", 1):gsub("/093 W", "/" .. huge .. " W", 1)
    local rec = parse(text)
    assert.are.equal("1978LIMA00921", rec.id)
    assert.is_nil(rec.references[1].id)
    assert.are.equal("1977LIMA10937", rec.references[2].id)
    assert.is_nil(rec.offices.total)
    assert.is_nil(cable.canonical_id("77 STATE " .. huge))
  end)
end)

describe("API misuse", function()
  it("raises with a clear message", function()
    assert.has_error(function() cable.parse(42) end,
      "bad argument #1 to 'parse' (string expected, got number)")
    assert.has_error(function() cable.parse(nil) end,
      "bad argument #1 to 'parse' (string expected, got nil)")
    assert.has_error(function() cable.parse(LIMA, "aad") end,
      "bad argument #2 to 'parse' (table expected, got string)")
    assert.has_error(function() cable.parse(LIMA, { backend = "fortran" }) end,
      "cable: unknown backend 'fortran' (use 'c' or 'lua')")
    assert.has_error(function() cable.parse(LIMA, { format = "no-such-format" }) end,
      "cable.parse: unknown format 'no-such-format'")
    assert.has_error(function() cable.parse_file({}) end,
      "bad argument #1 to 'parse_file' (string expected, got table)")
    assert.has_error(function() cable.parse_file("tests/fixtures/aad/1978LIMA00921.txt", 1) end,
      "bad argument #2 to 'parse_file' (table expected, got number)")
  end)

  it("a missing file is an I/O failure, not a raise", function()
    local rec, msg = cable.parse_file("tests/fixtures/no/such/file.txt")
    assert.is_nil(rec)
    assert.is_truthy(msg:find("tests/fixtures/no/such/file.txt", 1, true))
  end)

  -- Lua patterns such as "%s+$" or "^%s*(.-)%s*$" take time quadratic in a
  -- run of blanks; every header field and the body met one once. A run of
  -- 100,000 blanks in each place must still come back at once: the bound is a
  -- hang guard, far above the few milliseconds these take.
  -- %b() read on from every unclosed "(" to the end of the text: quadratic
  -- in a run of them (8-9 s for 100,000 in a REF or TAGS line).
  it("a long run of unclosed parentheses in REF and TAGS stays linear", function()
    local open = ("("):rep(100000)
    local rec = timed("Message Text\nR 312244Z JAN 78\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC\n"
      .. "TAGS: PFOR, " .. open .. "PGOV\nSUBJECT: X\nREF: A) STATE 1234 " .. open .. "\n1. hi\nNNN\n")
    assert.is_truthy(rec.tags_text:find(open, 1, true))
  end)

  it("long runs of blanks in every header field and the body stay linear", function()
    local sp = (" "):rep(100000)
    local cases = {
      "Message Text\nSUBJECT: X" .. sp .. "Y\n1. hi\nNNN\nMessage Attributes\nFoo: x\n",
      "Message Text\nR 312244Z JAN 78\nFM AMEMBASSY" .. sp .. "LIMA\nTO SECSTATE" .. sp .. "WASHDC\n1. hi\nNNN\n",
      "Message Text\nE.O. 11652:" .. sp .. "GDS\nTAGS: PFOR" .. sp .. "PGOV\nREF: A" .. sp .. "STATE 1234\n1. hi\nNNN\n",
      "Message Text\nClassified By: A" .. sp .. "B\n1. SUMMARY: a" .. sp .. "b\nNNN\nMessage Attributes\nFoo: a" .. sp .. "x\n",
      "C O N F I D E N T I A L LIMA 0921\nSUBJECT: X\n\n1. hi" .. sp .. "x\nEnd Cable Text\nfoo",
    }
    for i, text in ipairs(cases) do
      local t0 = os.clock()
      local rec = parse(text)
      assert.is_table(rec, "case " .. i)
      assert.is_true(os.clock() - t0 < 10, "case " .. i .. " took " .. (os.clock() - t0) .. " s")
    end
  end)

  -- Lines whose parts were once cut by Lua patterns of the form "(.-)%s*X",
  -- which retry a run of blanks from each of its positions (quadratic).
  it("long runs of blanks inside a line that is cut in parts: the parts, at once", function()
    local sp = (" "):rep(100000)
    local serial = timed("VZCZCXRO1359\nDE RUEHNE #5238 2070843\nZNY CCCCC ZZH\nO 260843Z JUL 06\n"
      .. "FM AMEMBASSY NEW DELHI\nTO RUEHC/SECSTATE WASHDC 6997\nBT\nCONFIDENTIAL NEW DELHI"
      .. sp .. "X 005238\n\nTAGS: PGOV\nSUBJECT: TEST\n\n1. (C) Text.\n").serial
    assert.equal("005238", serial.number)
    assert.equal("NEW DELHI" .. sp .. "X", serial.station)
    local navadmin = read("tests/fixtures/navadmin/NAVADMIN-010-06.txt")
    local from = timed((navadmin:gsub("FM CNO WASHINGTON DC//", "FM CNO WASHINGTON DC" .. sp .. "X//", 1)),
      { format = "navadmin" }).from
    assert.equal("N1NT", from.office)
    local jfk = read("tests/fixtures/cia/JFK-jfk_doc_114.md")
    local rec = timed((jfk:gsub("DIR WAVE CITE", "DIR WAVE" .. sp .. "X CITE", 1)), { format = "cia" })
    assert.equal("MEXI 6536", rec.id)
    local t0 = os.clock()
    local _, meta = require("cable.containers.markdown_pages").unwrap((jfk:gsub("^# Document", "# Document" .. sp .. "X  ", 1)))
    assert.is_true(os.clock() - t0 < 10, "took " .. (os.clock() - t0) .. " s")
    assert.equal("Document" .. sp .. "X", meta.title)
  end)

  -- Lines once read by Lua patterns that retried a run of blanks (or of
  -- capitals, or of blank lines) from each of its positions: gsub("%s*\n%s*",
  -- " "), "%s*SECTION...$", "RELEASED BY (.-)[%.%s]*//$", "\n%s*FIELD
  -- DISSEM...", a TAGS run split part by part. Each took seconds with 20,000
  -- blanks; with 100,000 they must still come back at once, the same values.
  it("long runs of blanks in lines whose white space is joined or cut: the values, at once", function()
    local sp = (" "):rep(100000)
    local bern = read("tests/fixtures/cablegate/07BERN881.txt")
    local routing = timed((bern:gsub("OO RUEHRG", "OO" .. sp .. "RUEHRG" .. sp, 1)), { format = "cablegate" }).envelope.routing
    assert.equal("OO", routing.precedence)
    assert.same({ "RUEHRG" }, routing.ri)
    local tehran = read("tests/fixtures/cablegate/75TEHRAN2069.txt")
    local stamp = timed((tehran:gsub("State EO \n", "State EO" .. sp .. "\n" .. sp, 1)), { format = "cablegate" }).declassified
    assert.equal("Declassified/Released US Department of State EO Systematic Review 05 JUL 2006", stamp)

    local navadmin = read("tests/fixtures/navadmin/NAVADMIN-010-06.txt")
    local rec = timed((navadmin:gsub("UNCLAS //N01040//", "UNCLAS" .. sp .. "//N01040//", 1)
      :gsub("RELEASED BY VADM J. C.", "RELEASED BY VADM" .. sp .. "J. C.", 1)
      :gsub("N1/NT.//", "N1/NT." .. sp .. "//", 1)), { format = "navadmin" })
    assert.equal("UNCLAS//", rec.classification.text)
    assert.equal("VADM" .. sp .. "J. C. HARVEY, JR., N1/NT", rec.released_by)
    local msgid = timed((navadmin:gsub("CNO WASHINGTON DC/N1NT", "CNO" .. sp .. "WASHINGTON DC/N1NT", 1)),
      { format = "navadmin" }).msgid
    assert.equal("CNO" .. sp .. "WASHINGTON DC", msgid.originator)

    local cia = read("tests/fixtures/cia/CIA-DOC_0000096975.txt")
    rec = timed((cia:gsub("PACE O F \n", "PACE O F" .. sp .. "\n" .. sp, 1)
      :gsub("\nFIELD DISSEM", ("\n"):rep(100000) .. "FIELD DISSEM", 1)), { format = "cia" })
    assert.equal("1) CUBAN PROMISE- TO BOLIVIAN EXILES TO STE F_ W PACE O F REVOLU TIONARY ACliVnY \226\150\160", rec.subject)
    assert.same({ "STATE", "ARMY", "AIR", "CINCLANT", "CINCSO" }, rec.field_dissem)

    -- "XX" is a TAGS code: the run of them is not split (more than one
    -- 2-letter part) but kept as one code.
    local tags = timed((LIMA:gsub("TAGS: MPOL, MASS", "TAGS: MPOL, " .. ("X"):rep(100000) .. ", MASS", 1)), { format = "aad" }).tags
    assert.equal("MPOL", tags[1].code)
    assert.equal(("X"):rep(100000), tags[2].code)
    assert.equal("MASS", tags[3].code)

    -- a slash after a long run of digits in a REF list: is it "936/935"?
    local refs = timed((LIMA:gsub("REF: %(1%) 77 STATE 306726", "REF: (1) 77 STATE 306726 A "
      .. ("1"):rep(100000) .. "X/123", 1)), { format = "aad" }).references
    assert.equal("1977STATE306726", refs[1].id)
    assert.equal("1977LIMA10937", refs[#refs].id)
  end)
end)
