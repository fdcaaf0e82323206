-- Specs for cable.fields.canonical_id: ids and reference texts to AAD and Cablegate ids.
local cid = require "cable.fields.canonical_id"

local function aad(s, year) return (cid.canonical(s, { form = "aad", year = year })) end
local function cg(s, year) return (cid.canonical(s, { form = "cablegate", year = year })) end

describe("canonical_id.canonical", function()
  it("reads the seed's references (REF: (1) 77 STATE 306726; (2) 77 LIMA 10937)", function()
    local id, parts = cid.canonical("77 STATE 306726", { form = "aad" })
    assert.equal("1977STATE306726", id)
    assert.same({ year = 1977, station = "STATE", number = 306726 },
      { year = parts.year, station = parts.station, number = parts.number })
    assert.equal("77LIMA10937", cg("77 LIMA 10937"))
  end)

  it("takes the year from opts.year when the text has none", function()
    assert.equal("1977STATE306726", aad("STATE 306726", 1977))
    local id, err = cid.canonical("STATE 306726", { form = "aad" })
    assert.is_nil(id)
    assert.matches("no year", err)
  end)

  it("converts between the two archive forms", function()
    assert.equal("77STATE306726", cg("1977STATE306726"))
    assert.equal("2008TRIPOL00220", aad("08TRIPOLI220"))
    assert.equal("08TRIPOLI220", cg("08TRIPOLI220"))
    assert.equal("78LIMA921", cg("1978LIMA00921"))
    assert.equal("1975BUENOS00123", aad("1975BUENOS00123"))
    assert.equal("75BUENOSAIRES123", cg("1975BUENOS00123"))
  end)

  it("builds AAD stations from the first six characters of the post name", function()
    assert.equal("1975LAPAZ06318", aad("75 LA PAZ 6318"))
    assert.equal("75LAPAZ6318", cg("75 LA PAZ 6318"))
    assert.equal("1977NEWDE00345", aad("77 NEW DELHI 345"))
    assert.equal("1977SANJO00001", aad("77 SAN JOSE 1"))
    assert.equal("1988PRETOR09546", aad("PRETORIA 9546", 1988))
  end)

  it("maps the Department's names to STATE", function()
    assert.equal("1977STATE01234", aad("SECSTATE 1234", 1977))
    assert.equal("77STATE1234", cg("WASHDC 1234", 1977))
  end)

  it("expands short and truncated station names", function()
    assert.equal("09RIODEJANEIRO346", cg("RIO 346", 2009))
    assert.equal("2009RIODE00346", aad("RIO 346", 2009))
    assert.equal("09RIODEJANEIRO353", cg("RIO DE JAN 353", 2009))
    assert.equal("1977THEHA00055", aad("HAGUE 55", 1977))
    assert.equal("77THEHAGUE55", cg("HAGUE 55", 1977))
    assert.equal("1977USUNN00077", aad("USUN 77", 1977))
    assert.equal("77USUNNEWYORK12", cg("USUN NEW YORK 12", 1977))
    assert.equal("08UNVIEVIENNA663", cg("08 UNVIE 663"))
  end)

  it("removes section and embassy noise glued into the id", function()
    assert.equal("08SAOPAULO335", cg("08SCTION02OF02SAOPAULO335"))
    assert.equal("09VIENNA1450", cg("EMBASSY VIENNA 1450", 2009))
    assert.equal("1977PARIS00033", aad("AMEMBASSY PARIS 33", 1977))
  end)

  it("drops leading zeros of the serial and reads a trailing 4-digit year", function()
    assert.equal("77STATE12", cg("STATE 0012", 1977))
    assert.equal("08MOSCOW3242", cg("MOSCOW 03242 2008"))
  end)

  it("keeps old post names of the 1970s as written", function()
    assert.equal("1975LOUREN00001", aad("75 LOURENCO MARQUES 1"))
  end)

  it("gives nil and a message for bad input, never raising", function()
    for _, bad in ipairs{ "", "   ", "\0", "caf\233 12", "STATE", "12345", "09 XXXXXXXXXXXX 167",
      "HOTR WASHINGTON DC//USDAO PARIS" } do
      local id, err = cid.canonical(bad, { form = "aad", year = 1977 })
      assert.is_nil(id, bad)
      assert.is_string(err)
    end
  end)

  it("raises on API misuse", function()
    assert.has_error(function() cid.canonical(nil) end)
    assert.has_error(function() cid.canonical("STATE 1", { form = "xml" }) end)
    assert.has_error(function() cid.canonical("STATE 1", { year = "1977" }) end)
  end)

  -- The pairs below are Cablegate ids and reference forms from the test data
  -- of heuer/cablemap (cablemap.core/tests/test_c14n_id_c14n.py and consts.py).
  local function cg(s) return (cid.canonical(s, { form = "cablegate" })) end

  it("corrects station typing slips and short forms glued into ids", function()
    assert.equal("05RIODEJANEIRO123", cg("05RIODEJAN123"))
    assert.equal("08KUALALUMPUR1234", cg("08KUALALUMP1234"))
    assert.equal("07PORTAUPRINCE12", cg("07PAUP12"))
    assert.equal("09MEXICO12", cg("09MEXICOCITY12"))
    assert.equal("03STATE12", cg("03SECTSTATE12"))
    assert.equal("10USDOC12", cg("10USDOCWASHDC12"))
    assert.equal("06SECDEF123", cg("06SECDEF123"))
  end)

  it("reads hyphenated station names", function()
    assert.equal("06PORTOFSPAIN123", cg("06PORT-OF-SPAIN123"))
    assert.equal("07PORTAUPRINCE12", cg("07PORT-AU-PRINCE12"))
  end)

  it("drops damaged SECTION noise, EFTO and NOFORN glued into WikiLeaks ids", function()
    assert.equal("09SANJOSE525", cg("09SECTION01OF03SANJOSE525"))
    assert.equal("08SAOPAULO335", cg("08SCTION02OF02SAOPAULO335"))
    assert.equal("09HARARE876", cg("09SECTIOQ1OF06HARARE876"))
    assert.equal("06HONGKONG2311", cg("06SECTION01O02HONGKONG2311"))
    assert.equal("10KABUL668", cg("10EFTOKABUL668"))
    assert.equal("85MOGADISHU1643", cg("85NOFORNMOGADISHU1643"))
    assert.equal("90STATE255577", cg("90STATE255577TOSEC140323"))
    assert.equal("06MADRID2583", cg("06MADRID002583ZFR2585"))
  end)

  it("maps WikiLeaks ids with a damaged station to the cable's id (cablegate_id_fixes.tsv)", function()
    assert.equal("07SOFIA828", cg("07SOIA828"))
    assert.equal("08BISHKEK1021", cg("08SECTION01GF02BISHIEK21"))
    assert.equal("06ASTANA204", cg("06ASTANA"))
  end)

  it("reads a year written after the serial and O typed for zero", function()
    assert.equal("91QUITO4525", cg("QUITO 4525-91"))
    assert.equal("08PANAMA930", cg("PANAMA 00930/08"))
    assert.equal("99AMMAN7718", cg("AMMAN 07718 99"))
    assert.equal("02LAGOS1512", cg("02 LAGOS O1512"))
    assert.equal("08COTONOU348", cg("08 COTON0U 348"))
  end)
end)

describe("canonical_id.station", function()
  it("gives the station of a post name in each form", function()
    assert.equal("NEWDE", cid.station("NEW DELHI", "aad"))
    assert.equal("THEHA", cid.station("THE HAGUE", "aad"))
    assert.equal("THEHAGUE", cid.station("THE HAGUE", "cablegate"))
    assert.equal("PORTA", cid.station("PORT AU PRINCE", "aad"))
    assert.equal("USUNNEWYORK", cid.station("USUN", "cablegate"))
    assert.equal("STATE", cid.station("SECSTATE", "aad"))
  end)

  it("rejects what is not a name and raises on a bad form", function()
    local st, err = cid.station("12", "aad")
    assert.is_nil(st)
    assert.is_string(err)
    assert.has_error(function() cid.station("LIMA", "AAD") end)
  end)

  it("gives a two-digit year the century that fits the citing cable's year", function()
    -- a 1978 cable citing "62 STATE 1234" means 1962, not 2062
    assert.equal("1962STATE01234", (cid.canonical("62 STATE 1234", { year = 1978 })))
    assert.equal("1977STATE306726", (cid.canonical("77 STATE 306726", { year = 1978 })))
    assert.equal("2062STATE01234", (cid.canonical("62 STATE 1234")))
  end)
end)
