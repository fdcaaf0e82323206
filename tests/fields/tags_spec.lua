-- Specs for cable.fields.tags: TAGS lines split, cleaned and decoded by era.
local tags = require "cable.fields.tags"

local function codes(value)
  local out = {}
  for i, t in ipairs(value.list) do out[i] = t.code end
  return out
end

local function find(value, code)
  for _, t in ipairs(value.list) do if t.code == code then return t end end
end

describe("tags.parse", function()
  it("reads the seed's line (TAGS: MPOL, MASS, MORG, PGOV, PE)", function()
    local line = "TAGS: MPOL, MASS, MORG, PGOV, PE"
    local v, w = tags.parse(line, { year = 1978 })
    assert.equal(line, v.raw)
    assert.same({ "MPOL", "MASS", "MORG", "PGOV", "PE" }, codes(v))
    assert.same({ code = "PGOV", kind = "subject", name = "Government", category = "Political Affairs" },
      find(v, "PGOV"))
    assert.same({ code = "PE", kind = "geo", name = "Peru", category = "country/area" }, find(v, "PE"))
    assert.same({}, w)
  end)

  it("reads Cablegate lines separated by blanks, with the later meaning", function()
    local v = tags.parse("TAGS: PGOV PREL PHUM PINR LY", { year = 2008 })
    assert.same({ "PGOV", "PREL", "PHUM", "PINR", "LY" }, codes(v))
    assert.equal("Internal Governmental Affairs", find(v, "PGOV").name)
    assert.equal("Libya", find(v, "LY").name)
  end)

  it("decodes geographic codes by era", function()
    assert.equal("Gabon", find(tags.parse("TAGS: GB", { year = 1974 }), "GB").name)
    assert.equal("United Kingdom", find(tags.parse("TAGS: GB", { year = 2024 }), "GB").name)
    assert.equal("Switzerland", find(tags.parse("TAGS: CH", { year = 2024 }), "CH").name)
    assert.matches("^China", find(tags.parse("TAGS: CH", { year = 1977 }), "CH").name)
    assert.matches("^China", find(tags.parse("TAGS: CH", { format = "cablegate" }), "CH").name)
  end)

  it("reads people in parentheses", function()
    local v = tags.parse("TAGS: OVIP (VANCE, CYRUS) IS, SY", { year = 1978 })
    assert.same({ "OVIP", "VANCE, CYRUS", "IS", "SY" }, codes(v))
    assert.same({ code = "VANCE, CYRUS", kind = "person", name = "VANCE, CYRUS" }, v.list[2])
    v = tags.parse("TAGS: OVIP (KISSINGER,HENRY A. )", { year = 1975 })
    assert.equal("KISSINGER, HENRY A.", v.list[2].name)
  end)

  it("accepts keyword typos, wrapped lines, lower case and stray SIPDIS", function()
    local v = tags.parse("Tags: asec, pins, prel, pinr, efin, ke, marr, su, unsc, ug,\nTSPL", { format = "cablegate" })
    assert.same({ "ASEC", "PINS", "PREL", "PINR", "EFIN", "KE", "MARR", "SU", "UNSC", "UG", "TSPL" }, codes(v))
    assert.equal("organization", find(v, "UNSC").kind)
    for _, kw in ipairs{ "TAGE", "TGS", "TAS:", "AGS:", "TAGS" } do
      local got, w = tags.parse(kw .. " PFOR IZ US UR SIPDIS", { year = 2003 })
      assert.same({ "PFOR", "IZ", "US", "UR" }, codes(got), kw)
      assert.same({ "stray SIPDIS removed" }, w, kw)
    end
  end)

  it("splits run-together codes only when both halves are known", function()
    local v, w = tags.parse("TAGS PHUMPREL, ECONEFIN", { year = 2008 })
    assert.same({ "PHUM", "PREL", "ECON", "EFIN" }, codes(v))
    assert.equal(2, #w)
    v = tags.parse("TAGS: ZZTOPXX", { year = 2008 })
    assert.same({ "ZZTOPXX" }, codes(v))
  end)

  it("removes duplicates, keeping the first", function()
    local v = tags.parse("TAGS: PREL, PGOV, PREL, FR", { year = 2007 })
    assert.same({ "PREL", "PGOV", "FR" }, codes(v))
  end)

  it("guesses the kind of unknown codes", function()
    local v = tags.parse("TAGS: KXYZ QQ XZ 7A FOOBAR", { year = 2008 })
    assert.same({ "program", "geo", "region", "region", "organization" },
      { v.list[1].kind, v.list[2].kind, v.list[3].kind, v.list[4].kind, v.list[5].kind })
    assert.is_nil(v.list[1].name)
  end)

  it("gives an empty list for N/A", function()
    local v = tags.parse("TAGS: N/A", { year = 1977 })
    assert.same({ raw = "TAGS: N/A", list = {}, na = true }, v)
  end)

  it("gives nil and a message for empty or junk text, never raising", function()
    for _, bad in ipairs{ "", " \n", "\0", "TAGS: caf\233", "TAGS: , ;" } do
      local v, err = tags.parse(bad, {})
      assert.is_nil(v, bad)
      assert.is_string(err)
    end
  end)

  it("raises on API misuse", function()
    assert.has_error(function() tags.parse(nil) end)
    assert.has_error(function() tags.parse("TAGS: PREL", { year = "2008" }) end)
  end)

  -- Inputs below are header texts of Cablegate cables as quoted in the test
  -- data of heuer/cablemap (test_reader_tags.py).
  it("finds the TAGS line inside a header text and stops at SUBJECT", function()
    -- 04ANKARA348, 07BUENOSAIRES1673
    local v = tags.parse("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to washington", { year = 2004 })
    assert.same({ "PREL", "PGOV", "PINS", "TU" }, codes(v))
    v = tags.parse("DECL: 08/22/2017 AGS: PGOV, PREL, ECON, SOCI, AR", { year = 2007 })
    assert.same({ "PGOV", "PREL", "ECON", "SOCI", "AR" }, codes(v))
  end)

  it("reads a wrapped line only when it goes on with the list", function()
    -- 09STATE11937
    local v = tags.parse("E.O. 12958: DECL: 02/05/2019\nTAGS: OVIP CLINTON HILLARY PREL KPAL FR IR RS\nNATO, UK, CN\nSUBJECT: (U) Secreta", { year = 2009 })
    assert.same({ "OVIP", "CLINTON, HILLARY", "PREL", "KPAL", "FR", "IR", "RS", "NATO", "UK", "CN" }, codes(v))
    assert.equal("person", v.list[2].kind)
    assert.same({ "SOMETHING" }, codes(tags.parse("TAGS: something\nhere", {})))
    assert.same({ "SOMETHING", "HERE" }, codes(tags.parse("TAGS: something, \nhere", {})))
  end)

  it("splits long runs of codes typed without blanks", function()
    -- 09CAIRO2205, 09BRASILIA542
    local v = tags.parse("TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG", { year = 2009 })
    assert.same({ "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG" }, codes(v))
    v = tags.parse("TAGS: KFLU AEMR ASEC AMEDCASCKFLO TBIO KSAF", { year = 2009 })
    assert.same({ "KFLU", "AEMR", "ASEC", "AMED", "CASC", "KFLO", "TBIO", "KSAF" }, codes(v))
  end)

  it("keeps free-text tags as one tag", function()
    -- 05TELAVIV1580, 04PANAMA2524, 02ROME1196
    local v = tags.parse("TAGS PGOV, PREL, KWBG, IR, IS, COUNTERTERRORISM, GOI EXTERNAL ", { year = 2005 })
    assert.same({ "PGOV", "PREL", "KWBG", "IR", "IS", "COUNTERTERRORISM", "GOI EXTERNAL" }, codes(v))
    v = tags.parse("TAGS: ECON ETRD EFIN PTER SNAR PM ECONOMIC AFFAIRS", { year = 2004 })
    assert.same({ "ECON", "ETRD", "EFIN", "PTER", "SNAR", "PM", "ECONOMIC AFFAIRS" }, codes(v))
    v = tags.parse("TAGS PHUM, OPRC, OPRC, OPRC, OPRC, IT, ITPHUM, ITPHUM, ITPHUM, HUMAN RIGHTS", { year = 2002 })
    assert.same({ "PHUM", "OPRC", "IT", "HUMAN RIGHTS" }, codes(v))
  end)
end)
