-- Specs for cable.fields.subject: subject text and its title-cased display.
local subject = require "cable.fields.subject"

describe("subject.display", function()
  it("title-cases the seed's subject without correcting typos", function()
    -- 1978LIMA00921: 'SUBJECT: US-PERUVAN MILIARY RELATIONS'
    assert.same("US-Peruvan Miliary Relations", subject.display("US-PERUVAN MILIARY RELATIONS"))
  end)

  it("lower-cases small words except the first", function()
    -- 09RIODEJANEIRO353.txt: 'SUBJECT: A VISIT TO A PACIFIED FAVELA'
    assert.same("A Visit to a Pacified Favela", subject.display("A VISIT TO A PACIFIED FAVELA"))
    assert.same("Evo and His Advisory Circle (Part 1 of 3)",
      subject.display("EVO AND HIS ADVISORY CIRCLE (PART 1 OF 3)"))
    assert.same("The Iran-Iraq Border Dispute", subject.display("THE IRAN-IRAQ BORDER DISPUTE"))
  end)

  it("keeps listed acronyms, vowel-less words and initials upper case", function()
    assert.same("GDR and FRG Views on MTCR", subject.display("GDR AND FRG VIEWS ON MTCR"))
    assert.same("IAEA Board of Governors: G-20 and F-16 Sales",
      subject.display("IAEA BOARD OF GOVERNORS: G-20 AND F-16 SALES"))
    assert.same("NSA Jones Discusses U.S.-India Security Relationship",
      subject.display("NSA JONES DISCUSSES U.S.-INDIA SECURITY RELATIONSHIP"))
    assert.same("ZANU-PF Pressure on MDC", subject.display("ZANU-PF PRESSURE ON MDC"))
  end)

  it("capitalises each hyphenated part and handles possessives and plurals", function()
    assert.same("Military-To-Military Ties in the 1970s",
      subject.display("MILITARY-TO-MILITARY TIES IN THE 1970S"))
    assert.same("Israel's Relations with the Gulf States",
      subject.display("ISRAEL'S RELATIONS WITH THE GULF STATES"))
    assert.same("NATO's Role and NGOs", subject.display("NATO'S ROLE AND NGOS"))
  end)

  it("returns mixed-case subjects as written", function()
    local text = "Spain/CIA Flights: Judge Orders Declassification"
    assert.same(text, subject.display(text))
  end)

  it("copes with empty text and non-ASCII bytes", function()
    assert.same("", subject.display(""))
    -- non-ASCII bytes are left alone; the ASCII letters around them are cased
    assert.same("\201T\201", subject.display("\201T\201"))
    assert.same("Caf\201 Talks", subject.display("CAF\201 TALKS"))
    assert.has_error(function() subject.display(nil) end, "subject.display: expected a string, got nil")
  end)

  -- Subjects of Cablegate cables with the title form expected by heuer/cablemap
  -- (cablemap.core/tests/test_utils_titlefy.py).
  it("starts each part of the title with a capital, after a colon or a dash", function()
    assert.same("The New German Cabinet - An Overview", subject.display("THE NEW GERMAN CABINET - AN OVERVIEW"))
    assert.same("French Election 2007: Nicolas Sarkozy -- The Candidate Who Might Change France",
      subject.display("FRENCH ELECTION 2007: NICOLAS SARKOZY -- THE CANDIDATE WHO MIGHT CHANGE FRANCE"))
  end)

  it("capitalises a name part after an apostrophe but not a contraction", function()
    assert.same("Cote D'Ivoire: UK on Elections, DDR, and Re-Energizing the Process",
      subject.display("COTE D'IVOIRE: UK ON ELECTIONS, DDR, AND RE-ENERGIZING THE PROCESS"))
    assert.same([["If You Don't Have Your Health..." (Ailments Among the Castro Clan)]],
      subject.display([["IF YOU DON'T HAVE YOUR HEALTH..." (AILMENTS AMONG THE CASTRO CLAN)]]))
    assert.same("PM Brown Does the Unexpected in Addressing Economic Problems",
      subject.display("PM BROWN DOES THE UNEXPECTED IN ADDRESSING ECONOMIC PROBLEMS"))
  end)

  it("title-cases a subject written all in lower case", function()
    assert.same("Germany Requests Release of XXXXXXXXXXXX Nonpaper to the German Criminal Customs Office",
      subject.display("germany requests release of xxxxxxxxxxxx nonpaper to the german criminal customs office"))
  end)
end)

describe("subject.parse", function()
  it("joins continuation lines and strips the label", function()
    -- 09BELGRADE841.txt: 'SUBJECT: SERBIA GRAPPLES WITH RUSSIA RELATIONS IN ADVANCE OF MEDVEDEV \nVISIT'
    local v = subject.parse("SUBJECT: SERBIA GRAPPLES WITH RUSSIA RELATIONS IN ADVANCE OF MEDVEDEV \nVISIT")
    assert.same({
      text = "SERBIA GRAPPLES WITH RUSSIA RELATIONS IN ADVANCE OF MEDVEDEV VISIT",
      display = "Serbia Grapples with Russia Relations in Advance of Medvedev Visit",
    }, v)
    assert.same("US-PERUVAN MILIARY RELATIONS", subject.parse("SUBJ:  US-PERUVAN MILIARY RELATIONS ").text)
  end)

  it("drops the Cablegate HTML line-end backslash when joining", function()
    -- 07BERN881.txt: 'SUBJECT: FM CALMY-REY "TAKES NOTE" OF USG CONCERNS \' + next line
    local v = subject.parse('SUBJECT: FM CALMY-REY "TAKES NOTE" OF USG CONCERNS \\\n'
      .. 'REGARDING IRAN/IAEA AND IRAN/EGL \\')
    assert.same('FM CALMY-REY "TAKES NOTE" OF USG CONCERNS REGARDING IRAN/IAEA AND IRAN/EGL', v.text)
    assert.same('FM Calmy-Rey "Takes Note" of USG Concerns Regarding Iran/IAEA and Iran/Egl', v.display)
  end)

  it("splits off a leading paragraph marking", function()
    -- 'SUBJECT: (C) OIL TRADERS: PIPELINE EXPORTS TO EUROPE STILL \nOPAQUE; SEABORNE TRADE MORE COMMERCIAL'
    local v = subject.parse("SUBJECT: (C) OIL TRADERS: PIPELINE EXPORTS TO EUROPE STILL \n"
      .. "OPAQUE; SEABORNE TRADE MORE COMMERCIAL")
    assert.same("OIL TRADERS: PIPELINE EXPORTS TO EUROPE STILL OPAQUE; SEABORNE TRADE MORE COMMERCIAL", v.text)
    assert.same({ text = "(C)", abbrev = "C", level = "CONFIDENTIAL", caveats = {} }, v.marking)
    -- 10MOSCOW266.txt: 'SUBJECT: (C/NF) XXXXXXXXXXXX ON ENERGY INTERESTS,'
    v = subject.parse("(C/NF) XXXXXXXXXXXX ON ENERGY INTERESTS,")
    assert.same({ "NOFORN" }, v.marking.caveats)
    assert.same("XXXXXXXXXXXX ON ENERGY INTERESTS,", v.text)
  end)

  it("returns nil and a message for empty subjects and control characters", function()
    for _, text in ipairs{ "", "  \n ", "SUBJECT:", "(C) ", "\0", "A\1B" } do
      local value, message = subject.parse(text)
      assert.is_nil(value)
      assert.is_string(message)
    end
  end)

  it("accepts Latin-1 bytes as written", function()
    assert.same("CAF\201 TALKS", subject.parse("CAF\201 TALKS").text)
  end)

  -- Inputs below are header texts of Cablegate cables as quoted in the test
  -- data of heuer/cablemap (test_reader_subject.py).
  it("finds the subject inside a header text", function()
    assert.same("turkish p.m. Erdogan goes to washington: how strong a leader in the face of strong challenges?",
      subject.parse("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to washington: how strong a leader in the face of strong challenges?\n\n(U) Classifi").text)
    assert.same("COUNSELOR, CSIS DIRECTOR DISCUSS CT THREATS, PAKISTAN, AFGHANISTAN, IRAN",
      subject.parse("C O R R E C T E D COPY//SUBJECT LINE//////\n\nTAGS PREL, PTER, MOPS, IR, PK, AF, CA\n\nSUBJECT: COUNSELOR, CSIS DIRECTOR DISCUSS CT THREATS,\nPAKISTAN, AFGHANISTAN, IRAN\nREF: A. OTTAWA 360 B. OTTAWA 808").text)
  end)

  it("ends at REF, Classified By, a page marker, a paragraph or a line in lower case", function()
    assert.same("ENERGY INSTALLATIONS", subject.parse("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861").text)
    assert.same("BRAZIL: BLACKOUT -CAUSES AND IMPLICATIONS",
      subject.parse("SUBJECT: BRAZIL: BLACKOUT -CAUSES AND IMPLICATIONS Classified By: Charge d'Affaires Cherie Jackson").text)
    assert.same("PART 3 OF 3: THE LIFE AND TIMES OF SOUTH AFRICA'S NEW PRESIDENT",
      subject.parse("SUBJECT: PART 3 OF 3:  THE LIFE AND TIMES OF SOUTH AFRICA'S \nNEW PRESIDENT\nPRETORIA 00000954 001.2 OF 004\n").text)
    assert.same("EU JHA INFORMAL MINISTERIAL", subject.parse("SUBJECT: EU JHA INFORMAL MINISTERIAL\n1. Summary. EU Justice and Home...").text)
    assert.same("ZIM NOTES 11-09-2009", subject.parse("SUBJECT: ZIM NOTES 11-09-2009 \n----------- \n1. SUMMARY").text)
    assert.same("AARGH! SWEDISH PIRATES SET SAIL FOR BRUSSELS",
      subject.parse("SUBJECT: AARGH! SWEDISH PIRATES SET SAIL FOR BRUSSELS\nThis is an Action request.").text)
  end)
end)
