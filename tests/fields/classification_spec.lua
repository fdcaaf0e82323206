-- Specs for cable.fields.classification: levels, caveats, markings, captions.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local cls = require "cable.fields.classification"

local function level_of(text)
  local v = cls.parse(text)
  return v and { v.level, v.abbrev, table.concat(v.caveats, ",") }
end

describe("classification.parse", function()
  it("reads banners and Cablegate metadata values", function()
    -- 1978LIMA00921 banner 'CONFIDENTIAL'
    assert.same({ text = "CONFIDENTIAL", level = "CONFIDENTIAL", abbrev = "C", caveats = {} },
      cls.parse("CONFIDENTIAL"))
    assert.same({ "UNCLASSIFIED", "U", "" }, level_of("UNCLASSIFIED"))
    assert.same({ "UNCLASSIFIED", "U", "" }, level_of("UNCLAS"))
    assert.same({ "LIMITED OFFICIAL USE", "LOU", "" }, level_of("LIMITED OFFICIAL USE"))
    assert.same({ "TOP SECRET", "TS", "" }, level_of("TOP SECRET"))
    assert.same({ "SENSITIVE BUT UNCLASSIFIED", "SBU", "" }, level_of("SENSITIVE BUT UNCLASSIFIED"))
    assert.same({ "CONFIDENTIAL", "C", "NOFORN" }, level_of("CONFIDENTIAL//NOFORN"))
    assert.same({ "SECRET", "S", "NOFORN" }, level_of("SECRET//NOFORN"))
    assert.same({ "UNCLASSIFIED", "U", "FOUO" }, level_of("UNCLASSIFIED//FOR OFFICIAL USE ONLY"))
  end)

  it("reads spaced-out levels, keeping the text as written", function()
    assert.same({ "CONFIDENTIAL", "C", "" }, level_of("C O N F I D E N T I A L"))
    assert.same({ "SECRET", "S", "" }, level_of("S E C R E T"))
    assert.same({ "TOP SECRET", "TS", "" }, level_of("T O P S E C R E T"))
    -- 08TUNIS193.txt: 'SE C R E T TUNIS 000193'
    assert.same({ "SECRET", "S", "" }, level_of("SE C R E T"))
    assert.same("S E C R E T", cls.parse("S E C R E T").text)
  end)

  it("reads EFTO as caveat with abbreviation E", function()
    assert.same({ "UNCLASSIFIED", "E", "EFTO" }, level_of("UNCLAS EFTO"))
    assert.same({ "UNCLASSIFIED", "E", "EFTO" }, level_of("U N C L A S E F T O"))
  end)

  it("reads blank- and slash-separated caveats seen in the corpus", function()
    assert.same({ "SECRET", "S", "NOFORN" }, level_of("SECRET NOFORN"))
    -- 09STATE14577.txt: 'SECRET/NOFORN'
    assert.same({ "SECRET", "S", "NOFORN" }, level_of("SECRET/NOFORN"))
    -- 08STATE116943.txt: 'SECRET//FGI//NOFORN//MR'
    assert.same({ "SECRET", "S", "FGI,NOFORN,MR" }, level_of("SECRET//FGI//NOFORN//MR"))
    -- NAVADMIN-109-92.txt: 'UNCLAS//'
    assert.same({ "UNCLASSIFIED", "U", "" }, level_of("UNCLAS//"))
  end)

  it("rejects words that only start like a level", function()
    -- 'SECRETARY SHANNON', 'TOPSEC Network Security ...', 'CONFIDENCE IN ELECTION OUTCOME'
    for _, text in ipairs{ "SECRETARY", "TOPSEC", "CONFIDENCE", "SECRET AGENT",
                           "Confidential", "CONFIDENTIAL LIMA 0921" } do
      local value, message = cls.parse(text)
      assert.is_nil(value)
      assert.matches("^not a classification: ", message)
    end
  end)

  it("returns nil and a message for junk and raises on misuse", function()
    for _, text in ipairs{ "", "\0", "\233\201", "   " } do
      assert.is_nil(cls.parse(text))
    end
    assert.has_error(function() cls.parse({}) end, "classification.parse: expected a string, got table")
  end)
end)

describe("classification.pattern", function()
  it("matches longest first, captures nothing, and stops at word ends", function()
    assert.same(11, lpeg.match(cls.pattern, "TOP SECRET STATE 1"))
    assert.same(13, lpeg.match(cls.pattern, "UNCLASSIFIED BUENOS AIRES 2481"))
    assert.same(12, lpeg.match(cls.pattern, "UNCLAS EFTO STATE"))
    assert.same({}, lpeg.match(lpeg.Ct(cls.pattern), "SECRET//NOFORN"))
    assert.is_nil(lpeg.match(cls.pattern, "SECRETARY CARSON"))
  end)
end)

describe("classification.leading", function()
  it("splits a message-number line after the classification", function()
    local line = "C O N F I D E N T I A L SECTION 01 OF 03 TRIPOLI 000220"
    local value, pos = cls.leading(line)
    assert.same("CONFIDENTIAL", value.level)
    assert.same("C O N F I D E N T I A L", value.text)
    assert.same("SECTION 01 OF 03 TRIPOLI 000220", line:sub(pos))
  end)

  it("handles the other corpus forms", function()
    local cases = {
      { "UNCLAS STATE 150591", "U", "STATE 150591" },
      { "LIMITED OFFICIAL USE SECTION 1 OF 2 MEXICO 0679", "LOU", "SECTION 1 OF 2 MEXICO 0679" },
      -- 09STATE100153.txt: 'UNCLASSIFIED   STATE   00100153'
      { "UNCLASSIFIED   STATE   00100153", "U", "STATE   00100153" },
      -- 08PARIS1501.txt: 'CO N F I D E N T I A L SECTION 01 OF 06 PARIS 001501'
      { "CO N F I D E N T I A L SECTION 01 OF 06 PARIS 001501", "C", "SECTION 01 OF 06 PARIS 001501" },
      -- NAVADMIN-109-92.txt: 'UNCLAS// N07220// SECTION 01 OF 02'
      { "UNCLAS// N07220// SECTION 01 OF 02", "U", "N07220// SECTION 01 OF 02" },
    }
    for _, case in ipairs(cases) do
      local value, pos = cls.leading(case[1])
      assert.same(case[2], value.abbrev)
      assert.same(case[3], case[1]:sub(pos))
    end
  end)

  it("returns nil and a message for other lines", function()
    local value, message = cls.leading("SECRETARY SHANNON")
    assert.is_nil(value)
    assert.matches("does not start with a classification", message)
    assert.is_nil(cls.leading(""))
    assert.is_nil(cls.leading("\0CONFIDENTIAL"))
  end)
end)

describe("classification.marking", function()
  it("reads paragraph markings", function()
    assert.same({ text = "(S/NF)", abbrev = "S", level = "SECRET", caveats = { "NOFORN" } },
      cls.marking("(S/NF)"))
    local cases = {
      ["(C)"] = { "C", "" }, ["(SBU)"] = { "SBU", "" }, ["(SBU/N)"] = { "SBU", "NOFORN" },
      ["(U)"] = { "U", "" }, ["(S//NF)"] = { "S", "NOFORN" }, ["(C/NF)"] = { "C", "NOFORN" },
      ["(TS)"] = { "TS", "" }, ["(SBU-N)"] = { "SBU", "NOFORN" },
      -- 09STATE63860.txt: '(S//REL TO USA, FVEY)'
      ["(S//REL TO USA, FVEY)"] = { "S", "REL TO USA, FVEY" },
      -- 10KABUL104.txt: '(S/Rel UK)'; 10KABUL693.txt: '(SBU//Rel NATO, ISAF)'
      ["(S/Rel UK)"] = { "S", "Rel UK" },
      ["(SBU//Rel NATO, ISAF)"] = { "SBU", "Rel NATO, ISAF" },
    }
    for text, want in pairs(cases) do
      local v = cls.marking(text)
      assert.same(want, { v.abbrev, table.concat(v.caveats, ",") })
    end
    assert.same("SENSITIVE BUT UNCLASSIFIED", cls.marking("(SBU)").level)
  end)

  it("rejects list labels and junk", function()
    for _, text in ipairs{ "(c)", "(X)", "(SB)", "(A)", "C", "", "\0", "(\233)" } do
      local value, message = cls.marking(text)
      assert.is_nil(value)
      assert.matches("^not a paragraph marking", message)
    end
  end)

  it("has a capture-free pattern for grammars", function()
    -- 'SUBJECT: (C/NF) XXXXXXXXXXXX ON ENERGY INTERESTS,' (10MOSCOW266.txt)
    assert.same(7, lpeg.match(cls.marking_pattern, "(C/NF) XXXX"))
    assert.same({}, lpeg.match(lpeg.Ct(cls.marking_pattern), "(C/NF)"))
  end)
end)

describe("classification.caption", function()
  it("reads caption lines", function()
    assert.same({ "NODIS" }, cls.caption("NODIS"))
    assert.same({ "SIPDIS" }, cls.caption("SIPDIS SIPDIS"))
    -- 07BERN881.txt lines end with a backslash in the HTML form: 'SIPDIS \'
    assert.same({ "SIPDIS" }, cls.caption("SIPDIS \\"))
    assert.same({ "EXDIS (DISTRIBUTE AS NODIS)" }, cls.caption("EXDIS (DISTRIBUTE AS NODIS)"))
    assert.same({ "FOR THE SECRETARY ONLY" }, cls.caption("FOR THE SECRETARY ONLY"))
    assert.same({ "OFFICIAL-INFORMAL" }, cls.caption("OFFICIAL-INFORMAL"))
    assert.same({ "INFORM CONSULS" }, cls.caption("INFORM CONSULS"))
    assert.same({ "SENSITIVE" }, cls.caption("SENSITIVE "))
    assert.same({ "STADIS" }, cls.caption("STADIS////////////"))
    assert.same({ "STADIS", "EXDIS" }, cls.caption("STADIS, EXDIS"))
    assert.same({ "NODIS", "CHEROKEE" }, cls.caption("NODIS CHEROKEE"))
    assert.same({ "ROGER" }, cls.caption("ROGER"))
    assert.same({ "NOFORN" }, cls.caption("NOFORN"))
    -- 09PARIS1267.txt: 'NOT FOR INTERNET DISTRIBUTION'; 10MOSCOW293.txt: 'DEA SENSITIVE'
    assert.same({ "NOT FOR INTERNET DISTRIBUTION" }, cls.caption("NOT FOR INTERNET DISTRIBUTION "))
    assert.same({ "DEA SENSITIVE" }, cls.caption("DEA SENSITIVE "))
    assert.same({ "SENSITIVE BUT UNCLASSIFIED" }, cls.caption("SENSITIVE BUT UNCLASSIFIED"))
  end)

  it("reads corrected-copy lines with their reason", function()
    assert.same({ "CORRECTED COPY" }, cls.caption("CORRECTED COPY"))
    assert.same({ "CORRECTED COPY" }, cls.caption("C O R R E C T E D C O P Y"))
    -- 09PARIS1097.txt: 'C O R R E C T E D C O P Y (ADDED TAG)'
    assert.same({ "CORRECTED COPY (ADDED TAG)" }, cls.caption("C O R R E C T E D C O P Y (ADDED TAG) "))
    assert.same({ "CORRECTED COPY (ADDED NOFORN CAPTION)" },
      cls.caption("C O R R E C T E D   C O P Y - ADDED NOFORN CAPTION "))
  end)

  it("rejects ordinary words and any other line", function()
    -- ONLY, LOU and US are caption values in AAD but ordinary words on a line
    for _, line in ipairs{ "ONLY", "LOU", "US", "SIPDIS E.O. 12958: N/A", "NODISX",
                           "SECRET//FGI//NOFORN", "PARIS FOR BISA WILLIAMS", "", "\0", "\233" } do
      local value, message = cls.caption(line)
      assert.is_nil(value)
      assert.matches("^not a caption line", message)
    end
  end)
end)

describe("classification.rank", function()
  it("orders U < LOU < C < S < TS by name or abbreviation", function()
    assert.is_true(cls.rank("U") < cls.rank("LOU"))
    assert.is_true(cls.rank("LOU") < cls.rank("C"))
    assert.is_true(cls.rank("CONFIDENTIAL") < cls.rank("SECRET"))
    assert.is_true(cls.rank("S") < cls.rank("TOP SECRET"))
    assert.same(cls.rank("UNCLASSIFIED"), cls.rank("E"))
  end)

  it("returns nil and a message for an unknown level", function()
    local value, message = cls.rank("XX")
    assert.is_nil(value)
    assert.matches("unknown classification level", message)
    assert.has_error(function() cls.rank(nil) end)
  end)
end)
