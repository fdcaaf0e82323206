-- Specs for lua/cable/body.lua and lua/cable/subparagraphs.lua: the
-- paragraph tree (2.A.(1)) and the summary in its written forms.
local body = require "cable.body"

local function numbers(list)
  local out = {}
  for _, p in ipairs(list or {}) do out[#out + 1] = p.number end
  return out
end

describe("body: paragraph tree", function()
  local text = table.concat({
    "1. (C) THE INTRODUCTION",
    "WRAPS HERE.",
    "2. MEASURES:",
    "A. (U) FIRST MEASURE",
    "CONTINUES WITH",
    "A. SMITH SAID SO.",
    "B. SECOND MEASURE:",
    "(1) ITS FIRST PART",
    "(2) ITS SECOND PART",
    "C. THIRD MEASURE.",
    "3. AFTER THE MEETING WITH",
    "A. JONES.",
    "4.A.(1) DEEP ONE",
    "(2) DEEP TWO",
  }, "\n")
  local list = body.paragraphs(text)

  it("keeps the flat list of numbered paragraphs", function()
    assert.same({ "1", "2", "3", "4.A" }, numbers(list))
  end)

  it("nests lettered and numbered sub-paragraphs with full paths and labels as written", function()
    local two = list[2]
    assert.same({ "2.A", "2.B", "2.C" }, numbers(two.children))
    assert.same({ "2.B.1", "2.B.2" }, numbers(two.children[2].children))
    assert.equal("(1)", two.children[2].children[1].label)
    assert.equal("B.", two.children[2].label)
    assert.same({ "4.A.1", "4.A.2" }, numbers(list[4].children))
  end)

  it("keeps the whole text in the parent and each sub-paragraph's own text", function()
    local two = list[2]
    assert.equal("MEASURES: A. (U) FIRST MEASURE CONTINUES WITH A. SMITH SAID SO. B. SECOND MEASURE: "
      .. "(1) ITS FIRST PART (2) ITS SECOND PART C. THIRD MEASURE.", two.text)
    assert.equal("FIRST MEASURE CONTINUES WITH A. SMITH SAID SO.", two.children[1].text)
    assert.equal("U", two.children[1].marking.abbrev)
    assert.equal("SECOND MEASURE: (1) ITS FIRST PART (2) ITS SECOND PART", two.children[2].text)
    assert.equal("ITS SECOND PART", two.children[2].children[2].text)
  end)

  it("reads no sub-paragraph from a lone 'A.' or a broken sequence", function()
    assert.is_nil(list[3].children)
    local p = body.paragraphs("1. MET WITH\nA. SMITH AND\nC. JONES OF THE\nU.S. MISSION.")[1]
    assert.is_nil(p.children)
  end)

  it("prefers the 'A.' after a sentence end to one in mid-sentence", function()
    local p = body.paragraphs("1. TALKS WITH\nA. SMITH WENT WELL:\nA. FIRST\nB. SECOND")[1]
    assert.same({ "1.A", "1.B" }, numbers(p.children))
    assert.equal("FIRST", p.children[1].text)
  end)
end)

describe("body: summary", function()
  it("reads a SUMMARY heading between dash lines up to END SUMMARY", function()
    local text = "-------\nSUMMARY\n-------\n\n\194\1821. (S) FONMIN SAID\nTHINGS. END SUMMARY\n---\n"
      .. "HEADING\n---\n\194\1822. (S) MORE."
    assert.equal("FONMIN SAID THINGS.", body.summary(text))
  end)

  it("reads lead-ins run into the text", function()
    assert.equal("Talks went well.",
      body.summary("1. (C) Summary and comment: Talks went well. End summary and comment.\n\n2. (C) More."))
    assert.equal("The setback was real.",
      body.summary("1. (S/NF) Summary/Introduction. The setback was real.\n\n2. (C) More."))
    assert.equal("During their trip they met.",
      body.summary("1. (C) SUMMARY During their trip they met.\n\n2. (C) More."))
    assert.equal("GENERAL AZIMI ASKS.",
      body.summary("BEGIN SUMMARY\n\nGENERAL AZIMI ASKS. END SUMMARY\n\n1. ON FEB 24 ..."))
    assert.equal("Text here.", body.summary("(U) Summary\n\n1. (U) Text here.\n\n2. (U) More."))
  end)

  it("ends at the end of its paragraph without END SUMMARY", function()
    assert.equal("First block of the summary.",
      body.summary("1. (C) Summary: First block\nof the summary.\n\n2. (C) Not the summary."))
  end)

  it("falls back to the first numbered paragraph, to END SUMMARY when it has one", function()
    assert.equal("ONE.", body.summary("INTRO LINE\n1. ONE.\n2. TWO."))
    assert.equal("ONE. TWO.", body.summary("1. (C) ONE.\n\n2. (C) TWO. END SUMMARY\n\n3. THREE."))
    assert.is_nil(body.summary("NO NUMBERS HERE"))
  end)

  it("takes no summary from a line that only mentions one", function()
    assert.equal("A SUMMARY OF TALKS FOLLOWS.",
      body.summary("1. A SUMMARY OF TALKS FOLLOWS.\n\nSUMMARY OF CONCLUSIONS\n2. TWO."))
  end)

end)

describe("body.signature in the mixed-case bodies of the 2000s", function()
  local body = require "cable.body"
  -- last lines as in cablegate-bulk 05PARIS7527 ("Stapleton"), 08LONDON1837
  -- ("LeBaron"), 05BRASILIA1207 ("... U.S. interests. DANILOVICH 2005-05-06"),
  -- 07BEIJING5705 ("... a single vacation. Randt")
  it("reads a capitalised name alone on the last line", function()
    assert.equal("Stapleton", (body.signature("1. The talks went well.\nStapleton")))
    assert.equal("LeBaron", (body.signature("1. The talks went well.\nLeBaron\n")))
  end)
  it("reads a name run onto the last sentence, with or without a date stamp", function()
    assert.equal("DANILOVICH", (body.signature("bodes well for U.S. interests. DANILOVICH 2005-05-06")))
    assert.equal("Randt", (body.signature("he has not taken a single vacation. Randt")))
  end)
  it("does not take closing words for names", function()
    assert.is_nil((body.signature("1. Text.\nEnd Comment.")))
    assert.is_nil((body.signature("1. Text. Comment")))
  end)
end)
