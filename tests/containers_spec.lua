-- Specs for lua/cable/containers: the WikiLeaks cable page, cables.csv rows,
-- the five-line metadata layout and database rows run into a text; the
-- container's metadata is kept apart from what the text says.
local support = require "tests.support"
local cable = require "cable"
local html = require "cable.containers.html"
local csv = require "cable.containers.csv"
local header5 = require "cable.containers.header5"

local dir = "tests/fixtures/cablegate/"
local function read(name) return support.read(dir .. name) end

describe("containers.html", function()
  it("decodes character references", function()
    assert.equal("a\nb\226\128\153c & d", html.decode("a&#x000A;b&#x2019;c &amp; d"))
    assert.equal("x&bogus;y", html.decode("x&bogus;y"))
  end)

  it("takes the two <pre> blocks and the metadata table out of 06MADRID766", function()
    local text, meta = html.unwrap(read("06MADRID766.html"))
    assert.truthy(text:find("^VZCZCXRO7165\nPP RUEHAG"))
    assert.is_nil(text:find("<a", 1, true))
    assert.truthy(text:find("\n\194\182B. MADRID 707\n", 1, true))
    assert.same({ source = "html", id = "06MADRID766", date = "2006-03-30 14:02",
                  released = "2010-12-09 12:12", classification = "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                  origin = "Embassy Madrid" }, meta)
  end)

  it("parses the page like the text, with the metadata in rec.container", function()
    local rec = assert(cable.parse_file(dir .. "06MADRID766.html"))
    assert.equal("06MADRID766", rec.id)
    assert.equal("html", rec.container.source)
    assert.equal("UNCLASSIFIED", rec.classification.level)
    assert.equal(3, #rec.markers)
    assert.equal("MADRID 00000766 001.2 OF 003", rec.markers[1].text)
    assert.equal("AGUIRRE", rec.signature)
  end)

  it("reports a page without <pre> block", function()
    local rec, err = cable.parse("<!DOCTYPE html><html><body><p>no cable</p></body></html>",
      { format = "cablegate" })
    assert.is_nil(rec)
    assert.truthy(err:find("<pre>", 1, true))
  end)
end)

describe("containers.csv", function()
  it("reads the cables.csv row of 66BUENOSAIRES2481", function()
    local text, meta = csv.unwrap(read("66BUENOSAIRES2481.csv"))
    assert.equal("csv", meta.source)
    assert.equal("1", meta.seq)
    assert.equal("12/28/1966 18:48", meta.created)
    assert.equal("1966-12-28 18:48", meta.date)
    assert.equal("Embassy Buenos Aires", meta.origin)
    assert.same({ "66STATE106206" }, meta.references)
    assert.truthy(text:find('OF "PREFERENTIAL JURISDICTION" FOR FISHING', 1, true))
  end)

  it("accepts doubled quotes", function()
    local text, meta = csv.unwrap('"7","3/13/2008 15:03","08TRIPOLI220","Embassy Tripoli","CONFIDENTIAL","",'
      .. '"O 131503Z MAR 08","SAID ""NO"" TWICE"\n')
    assert.equal("08TRIPOLI220", meta.id)
    assert.equal("2008-03-13 15:03", meta.date)
    assert.equal('O 131503Z MAR 08\n\nSAID "NO" TWICE', text)
  end)

  it("gives the same record as the text of the page", function()
    local a = assert(cable.parse_file(dir .. "66BUENOSAIRES2481.csv"))
    local b = assert(cable.parse_file(dir .. "66BUENOSAIRES2481.txt"))
    assert.equal(b.id, a.id)
    assert.equal(b.dtg.iso, a.dtg.iso)
    assert.equal(b.subject, a.subject)
    assert.equal("csv", a.container.source)
    assert.is_nil(b.container)
  end)

  it("reports a row with the wrong number of columns", function()
    local rec, err, pos = csv.unwrap('"1","1/2/2008 10:00","08X1"\n')
    assert.is_nil(rec)
    assert.truthy(err:find("8 quoted columns", 1, true))
    assert.equal(1, pos)
  end)
end)

describe("containers.header5", function()
  it("reads the five metadata lines of 02ANKARA8852", function()
    local text, meta = header5.unwrap(read("02ANKARA8852.txt"))
    assert.equal("header5", meta.source)
    assert.equal("02ANKARA8852", meta.id)
    assert.equal("2002-12-04", meta.date)
    assert.equal("CONFIDENTIAL", meta.classification)
    assert.equal("Embassy Ankara", meta.origin)
    assert.truthy(text:find("^This record is a partial extract"))
  end)

  it("gives a record for metadata without any cable text (01VATICAN1261)", function()
    local rec = assert(cable.parse_file(dir .. "01VATICAN1261.txt"))
    assert.equal("cablegate", rec.format)
    assert.equal("DROC--VATICAN DEMARCHE", rec.container.subject)
    assert.equal("01VATICAN1261", rec.id)
    assert.equal("container", rec.id_source)
    assert.equal("", rec.body)
  end)
end)
