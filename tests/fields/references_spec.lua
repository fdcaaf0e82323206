-- Specs for cable.fields.references: REF blocks split into items with kinds and ids.
local refs = require "cable.fields.references"

local AAD78 = { year = 1978, format = "aad" }

local function parse(text, ctx)
  local list, warnings = refs.parse(text, ctx or AAD78)
  assert.is_table(list, tostring(warnings))
  return list, warnings
end

local function ids(list)
  local out = {}
  for i, item in ipairs(list) do out[i] = item.id or false end
  return out
end

describe("references.parse", function()
  it("reads the seed's numbered list (1978 LIMA 00921)", function()
    local list = parse("REF: (1) 77 STATE 306726; (2) 77 LIMA 10937")
    assert.equal(2, #list)
    assert.same({ label = "1", text = "77 STATE 306726", kind = "cable", id = "1977STATE306726",
      year = 1977, station = "STATE", number = 306726, post = "STATE" }, list[1])
    assert.equal("2", list[2].label)
    assert.equal("1977LIMA10937", list[2].id)
  end)

  it("gives Cablegate ids when ctx.format is cablegate", function()
    local list = parse("REF: (A) 08 BELGRADE 98, (B) 08 BELGRADE 1333", { format = "cablegate" })
    assert.same({ "08BELGRADE98", "08BELGRADE1333" }, ids(list))
    assert.same({ "A", "B" }, { list[1].label, list[2].label })
  end)

  it("defaults the year to ctx.year", function()
    local list = parse("REF: A. STATE 12345 B. LIMA 678")
    assert.same({ "1978STATE12345", "1978LIMA00678" }, ids(list))
  end)

  it("repeats the station for a bare number", function()
    assert.same({ "1978STATE216511", "1978STATE216512" }, ids(parse("REF: STATE 216511, 216512")))
    assert.same({ "1978BRASIL02799", "1978BRASIL02764" }, ids(parse("REF: BRASILIA 2799 AND 2764")))
  end)

  it("reads multi-word stations", function()
    assert.same({ "1975LAPAZ06318" }, ids(parse("REF: 75 LA PAZ 6318")))
    local list = parse("REF: a) RIO 346, b) RIO 329 ", { year = 2009, format = "cablegate" })
    assert.same({ "09RIODEJANEIRO346", "09RIODEJANEIRO329" }, ids(list))
    list = parse("REFS: A) ABU DHABI 199  B) ABU DHABI 170  C) 2/5/09 MONOSSON-COOPER EMAIL  D) ABU DHABI 6  E) 08 STATE 134385",
      { year = 2009, format = "cablegate" })
    assert.same({ "09ABUDHABI199", "09ABUDHABI170", false, "09ABUDHABI6", "08STATE134385" }, ids(list))
    assert.equal("email", list[3].kind)
  end)

  it("keeps a DTG written with the reference", function()
    local list = parse("REF: BONN 14355 (DTG 031628Z SEP 75)", { year = 1975 })
    assert.equal("cable", list[1].kind)
    assert.equal("1975BONN14355", list[1].id)
    assert.equal("031628Z SEP 75", list[1].dtg)
    list = parse("REF: USCINCRED 311345 Z MAY 73")
    assert.equal("dtg", list[1].kind)
    assert.equal("USCINCRED", list[1].station)
    assert.is_nil(list[1].id)
  end)

  it("tells airgrams, NOTAL, EMBTEL and REFTEL apart", function()
    local list = parse("REF: BANGKOK A-50", { year = 1973 })
    assert.equal("airgram", list[1].kind)
    assert.equal(50, list[1].number)
    list = parse("REF: 08 UNVIE 663 (NOTAL) ", { format = "cablegate" })
    assert.is_true(list[1].notal)
    assert.equal("08UNVIEVIENNA663", list[1].id)
    assert.same({ kind = "cable", text = "REFTEL" }, parse("REFTEL")[1])
    list = parse("REF: EMBTEL")
    assert.equal("cable", list[1].kind)
    assert.is_nil(list[1].id)
    assert.equal("1978STATE01234", parse("REF: DEPTEL 1234")[1].id)
  end)

  it("keeps non-cable references with their kind", function()
    local list = parse("REF: A. LONDON 1350  B. STATE-LONDON SVTC MAY 9  C. LONDON 1159  D. MAY 1 GILLARD-TREMONT LETTER  E. LONDON 1115  F. LONDON 1064  G. TREMONT-PMAT EMAIL APRIL 16",
      { year = 2009, format = "cablegate" })
    local kinds = {}
    for i, item in ipairs(list) do kinds[i] = item.kind end
    assert.same({ "cable", "telcon", "cable", "letter", "cable", "cable", "email" }, kinds)
    assert.equal("fam", parse("REF: 12 FAM 123")[1].kind)
    assert.equal("memo", parse("REF: SMITH-JONES MEMCON MAY 5")[1].kind)
  end)

  it("handles doubled, repeated and missing labels (Cablegate typing slips)", function()
    local list = parse("REF: A. A. 07 BAGHDAD 03668 \n\194\182B. B. 07 BAGHDAD 03764 ", { format = "cablegate" })
    assert.same({ "07BAGHDAD3668", "07BAGHDAD3764" }, ids(list))
    local w
    list, w = parse("REF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 \nB) TALLINN 347 ",
      { year = 2007, format = "cablegate" })
    assert.same({ "07TALLINN366", false, "07TALLINN347" }, ids(list))
    assert.matches("label B repeated", table.concat(w, "|"))
    list = parse("REF: A. 314/07696-07 \n\194\182B. 314/88816-06 \n\194\182D. MEXICO 002071 ", { year = 2009 })
    assert.same({ "other", "other", "cable" }, { list[1].kind, list[2].kind, list[3].kind })
    assert.equal("D", list[3].label)
  end)

  it("keeps a remark with the reference it follows", function()
    local list = parse("REF: A. 2008 STATE 029412 AND PREVIOUS \n     \194\182B. 2008 BERLIN 000372 ",
      { format = "cablegate" })
    assert.equal(2, #list)
    assert.equal("2008 STATE 029412 AND PREVIOUS", list[1].text)
    assert.equal("08STATE29412", list[1].id)
  end)

  it("splits references run together without separators", function()
    local list = parse("REF: ISLAMABAD 5266 ISLAMABAD 4817", { year = 2007, format = "cablegate" })
    assert.same({ "07ISLAMABAD5266", "07ISLAMABAD4817" }, ids(list))
  end)

  it("ignores page-break noise inside the list, with a warning", function()
    local list, w = parse("REF: (A) 75 LA PAZ 6318\nCONFIDENTIAL\n\nCONFIDENTIAL\nPAGE 02 LIMA 00921 312337Z\n(B) USUN NEW YORK 44")
    assert.same({ "1975LAPAZ06318", "1978USUNN00044" }, ids(list))
    assert.equal("75 LA PAZ 6318", list[1].text)
    assert.equal(3, #w)
    list, w = parse("REF: ROME 00035 \n \nROME 00000087  001.2 OF 003 \n", { year = 2010, format = "cablegate" })
    assert.same({ "10ROME35" }, ids(list))
    assert.matches("page marker", w[1])
  end)

  it("stops before the Classified By paragraph and a paragraph marking", function()
    local list = parse("REF: 2008 BRASILIA 1462; 2010 BRASILIA 108; 2009 BRASILIA 1460 (U) THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION. ",
      { format = "cablegate" })
    assert.same({ "08BRASILIA1462", "10BRASILIA108", "09BRASILIA1460" }, ids(list))
    list = parse("REFTEL: HARARE 6584\nCLASSIFIED BY AMBASSADOR TOM MCDONALD FOR REASONS 1.5 (B) AND (D).",
      { year = 2000, format = "cablegate" })
    assert.same({ "00HARARE6584" }, ids(list))
  end)

  it("keeps what it cannot read as kind other", function()
    local list = parse("REF: A. PARIS 1501 \n\194\182B. PARIS 1568 \n\194\182C. HOTR WASHINGTON DC//USDAO PARIS (SUBJ: IIR 6 832 \n0617 08) ",
      { year = 2008, format = "cablegate" })
    assert.equal(3, #list)
    assert.equal("other", list[3].kind)
    assert.equal("HOTR WASHINGTON DC//USDAO PARIS (SUBJ: IIR 6 832 0617 08)", list[3].text)
    assert.equal("other", parse("REF: 09 XXXXXXXXXXXX 167 ")[1].kind)
  end)

  it("warns when a year is missing and ctx has none", function()
    local list, w = refs.parse("REF: STATE 306726")
    assert.equal("cable", list[1].kind)
    assert.is_nil(list[1].id)
    assert.matches("no year", w[1])
  end)

  it("gives nil and a message for empty or junk text, never raising", function()
    for _, bad in ipairs{ "", "  \n ", "\0", "REF:", "REFS: ;" } do
      local list, err = refs.parse(bad, AAD78)
      assert.is_nil(list, bad)
      assert.is_string(err)
    end
    local list, w = refs.parse("caf\233", AAD78)
    assert.equal("other", list[1].kind)
    assert.equal("no REF keyword", w[1])
  end)

  it("raises on API misuse", function()
    assert.has_error(function() refs.parse(42) end)
    assert.has_error(function() refs.parse("REF: STATE 1", { format = "html" }) end)
    assert.has_error(function() refs.parse("REF: STATE 1", "1978") end)
  end)
end)
