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

  -- Inputs below are REF blocks of Cablegate cables as quoted in the test
  -- data of heuer/cablemap (test_reader_references*.py); ids are checked in
  -- the Cablegate form.
  local function cg(text, year)
    return parse(text, { format = "cablegate", year = year })
  end

  it("finds the keyword after the SUBJECT and TAGS lines, even glued to a word", function()
    -- 06BRASILIA882, 08LONDON1991, 08RIODEJANEIRO165
    assert.same({ "06BRASILIA861" }, ids(cg("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861", 2006)))
    assert.same({ "08LONDON1939", "08LONDON1704" },
      ids(cg("SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939  B. LONDON 1704", 2008)))
    local list = cg("TAGS: ECON EINV ENRG PGOV PBTS MARR BR\n\nSUBJECT: AMBASSADOR SOBEL MEETS WITH KEY ENERGY ENTITIES IN RIO Ref(s): A) 08 RIO DE JAN 138; B) 08 RIO DE JAN 0044 and previous", 2008)
    assert.same({ "08RIODEJANEIRO138", "08RIODEJANEIRO44" }, { list[1].id, list[2].id })
  end)

  it("skips the keyword written again and keeps a label written before it", function()
    -- 02ABUJA1194, 05TAIPEI4305, 07AMMAN1801, 03KATHMANDU2366
    assert.same({ "01ABUJA997" }, ids(cg("REF: REFERENCE: 01 ABUJA 997 ", 2002)))
    local list = cg("Ref:  Ref A) Taipei 3393 B) Taipei 03793", 2005)
    assert.same({ "05TAIPEI3393", "05TAIPEI3793" }, ids(list))
    assert.equal("A", list[1].label)
    list = cg("A. REF AMMAN 222 \n     B. 06 AMMAN 4685 ", 2007)
    assert.same({ "A", "B" }, { list[1].label, list[2].label })
    assert.same({ "07AMMAN222", "06AMMAN4685" }, ids(list))
    assert.same({ "03KATHMANDU2282", "03KATHMANDU2298" },
      ids(cg("REF: A. REF: KATHMANDU 2282 \n     \194\182B. KATHMANDU 2298 ", 2003)))
  end)

  it("ends the list at Classified By, a numbered paragraph and page markers", function()
    -- 08TRIPOLI564, 10TRIPOLI167, 09NAIROBI1938, 02ROME1196
    assert.same({ "08TRIPOLI227" }, ids(cg("REF: TRIPOLI 227  TRIPOLI 00000564  001.2 OF 002   CLASSIFIED BY: Chris Stevens, CDA", 2008)))
    assert.same({ "10TRIPOLI115" }, ids(cg("REF: TRIPOLI 115\n\n1.(SBU) This is an action request; please see para 4.", 2010)))
    assert.same({ "08STATE81854" }, ids(cg("REF: A. 08 STATE 81854\n\n\nS e c r e t nairobi 001938", 2009)))
    local list = cg("REF: A. STATE 40721\n CONFIDENTIAL PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894", 2002)
    assert.same({ "02STATE40721", "02ROME1098", "02ROME894" }, ids(list))
  end)

  it("reads labels in brackets, glued labels and an unlabelled reference before the labels", function()
    -- 05OTTAWA2105, 07HONGKONG2480, 00ATHENS1501
    local list = cg("Ref: [A] State 188314, 259032, [B] Ottawa 2285 ", 2005)
    assert.same({ "05STATE188314", "05STATE259032", "05OTTAWA2285" }, ids(list))
    assert.same({ "A", "A", "B" }, { list[1].label, list[2].label, list[3].label })
    assert.same({ "07USDOC5667", "07HONGKONG5511" }, ids(cg("REF: A) USDOC 05667 B)HK05511 ", 2007)))
    list = cg("REF: 09 STATE 96625; A. A)STATE 70789; B. B) SEOUL 1144 ", 2000)
    assert.same({ "09STATE96625", "00STATE70789", "00SEOUL1144" }, ids(list))
    assert.same({ nil, "A", "B" }, { list[1].label, list[2].label, list[3].label })
  end)

  it("reads years written after or around the number", function()
    -- 06QUITO1920, 09PANAMA176, 02AMMAN5966, 02HARARE81, 03COLOMBO1516
    assert.same({ "91QUITO4525", "06QUITO1735" }, ids(cg("REF: A. QUITO 4525-91 \n \n     B. QUITO 1735 ", 2006)))
    assert.same({ "08PANAMA789", "08PANAMA930" }, ids(cg("REF: A. A: PANAMA 00789/08 \n     B. B: PANAMA 00930/08\n", 2009)))
    assert.same({ "99AMMAN7718", "00AMMAN5986" }, ids(cg("REF: AMMAN 07718 99, AMMAN 05986 00", 2002)))
    assert.same({ "01STATE201265", "01STATE213042", "02STATE2034" },
      ids(cg("REFS: A) STATE (01) 201265, B) STATE (01) 213042,C) \n \nSTATE 02034 \n", 2002)))
    assert.same({ "03COLOMBO266", "02COLOMBO2259" }, ids(cg("REF: COLOMBO CABLES 0266 AND 02259 (2002)", 2003)))
  end)

  it("reads number lists, numbers before the station and short station names", function()
    -- 07KABUL1033, 06ULAANBAATAR881, 07HANOI73, 07BAGHDAD3708, 02ROME5601
    assert.same({ "07KABUL936", "07KABUL935", "07KABUL692", "07KABUL317", "07KABUL274", "07KABUL162" },
      ids(cg("Refs:  A) Kabul 936/935; B) Kabul 692/317/274/162; ", 2007)))
    assert.same({ "06ULAANBAATAR870" }, ids(cg("Ref: 870 Ulaanbaatar ", 2006)))
    assert.same({ "07HOCHIMINHCITY10", "06HOCHIMINHCITY1497" },
      ids(cg("REF: A) HO CHI MINH 10 B) 06 HCMC 1497 AND PREVIOUS ", 2007)))
    assert.same({ "07BAGHDAD3565" }, ids(cg("REF: BAGHDAD #3565 ", 2007)))
    assert.same({ "02USDAFAS57863" }, ids(cg("REF: UNCLASS USDA FAS 57863 ", 2002)))
  end)

  it("does not take a date after an airgram for a cable number", function()
    -- 66BUENOSAIRES2481
    local list = cg("REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 ", 1966)
    local cables = {}
    for _, item in ipairs(list) do if item.id then cables[#cables + 1] = item.id end end
    assert.same({ "66STATE106206" }, cables)
  end)

  it("types reports and FAM citations and keeps their text whole", function()
    -- 05PANAMA555, 05BRASILIA1466, 09SAOPAULO332
    local list = cg("REF: A. 04 STATE 273089 \n     \194\182B. 04 PANAMA 02153 \n     \194\182C. PANAMA 00338 \n"
      .. "     \194\182D. 04 PANAMA 00548 \n     \194\182E. 04 PANAMA 00148 \n     \194\182F. 2004 HUMAN RIGHTS REPORT FOR PANAMA ", 2005)
    assert.same({ "F", "report" }, { list[6].label, list[6].kind })
    list = cg("REF: A. STATE 43965 \n     \194\182B. BRASILIA 1207 \n     \194\182C. BRASILIA 1035 \n     \194\182D. BRASILIA 1017 \n"
      .. "     \194\182E. BRASILIA 660 \n     \194\182F. BRASILIA 415 \n     \194\182G. BRASILIA 223 \n"
      .. "     \194\182H. USDEL SECRETARY TELEGRAMS 000005/000007/00004 \n     \194\182I. (S/NF) TD-314/21795-05 11 APRIL 2005 ", 2005)
    local last = list[#list]
    assert.same({ "I", "report", "(S/NF) TD-314/21795-05 11 APRIL 2005" }, { last.label, last.kind, last.text })
    list = cg("Ref: 9 FAM Appendix K, 406 (6)", 2009)
    assert.same({ "fam", "9 FAM Appendix K, 406 (6)" }, { list[1].kind, list[1].text })
    list = cg("REF: INGALLS (S/CT) E-MAIL OF 04/15/2008 ", 2008)
    assert.same({ "email", "INGALLS (S/CT) E-MAIL OF 04/15/2008" }, { list[1].kind, list[1].text })
  end)
end)
