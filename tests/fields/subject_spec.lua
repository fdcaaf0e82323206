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
end)
