-- Classification levels, caveats, paragraph markings and caption lines, as
-- written on banners, message-number lines, Cablegate metadata and in text:
-- "C O N F I D E N T I A L", "UNCLAS EFTO", "SECRET//NOFORN", "(S/NF)", "NODIS".
-- Levels, abbreviations, ranks and caveat names come from classification.tsv.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"

local P, S, C, Cc, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Ct
local sps, sp1, upper, digit = pt.sps, pt.sp1, pt.upper, pt.digit

local M = {}

-- Caveats written in short form: from the table's abbrev column (NF, ND, XD,
-- LD) plus the SBU marking "N" and the long Cablegate "FOR OFFICIAL USE ONLY".
local caveat_of = { N = "NOFORN", ["FOR OFFICIAL USE ONLY"] = "FOUO" }

-- Caption words that are also ordinary words or TAGS: only accepted inside
-- a classification's slash caveats, never as captions on their own.
local AMBIGUOUS = { ONLY = true, US = true, BU = true, LOU = true }

-- Caption lines seen in Cablegate but not listed in the table as captions.
local EXTRA_CAPTIONS = {
  "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED", "NOT FOR INTERNET DISTRIBUTION", "DEA SENSITIVE",
}

-- Level data from the table, built once: level word without blanks ->
-- abbrev, abbrev -> full level name, rank by word and by abbrev; the level
-- words as written, for the pattern; the caption words.
local level_of, name_of, rank_of = {}, {}, {}
local level_list, caption_words = {}, {}

local function squeeze(s)
  return (s:gsub("%s+", ""))
end

local function add_level(row)
  local word, abbrev, rank = row.token, row.abbrev, tonumber(row.rank)
  rank_of[word], rank_of[abbrev] = rank, rank
  if word:find("/", 1, true) or word:find(" EFTO", 1, true) then return end
  level_of[squeeze(word)] = abbrev
  level_list[#level_list + 1] = word
  if not name_of[abbrev] or #word > #name_of[abbrev] then name_of[abbrev] = word end
end

for _, row in ipairs(tables.rows("classification")) do
  if row.kind == "level" then
    add_level(row)
  elseif row.kind == "caveat" or row.kind == "caption" then
    if row.abbrev and row.abbrev ~= row.token and not AMBIGUOUS[row.token] then
      caveat_of[row.abbrev] = row.token
    end
    if not AMBIGUOUS[row.token] then caption_words[#caption_words + 1] = row.token end
  end
end
for _, word in ipairs(EXTRA_CAPTIONS) do caption_words[#caption_words + 1] = word end

-- Alternatives of the given words, longest first ("TOP SECRET" before
-- "SECRET"); each word goes through make (for example pt.spaced).
local function longest_first(words, make)
  local sorted = {}
  for i, w in ipairs(words) do sorted[i] = w end
  table.sort(sorted, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  local out = P(false)
  for _, w in ipairs(sorted) do out = out + make(w) end
  return out
end

-- Words whose letters may be spaced out ("S E C R E T", "T O P S E C R E T").
local function spaced_words(words)
  local out = P(true)
  for w in words:gmatch("[^ ]+") do
    out = out * sps * pt.spaced(w)
  end
  return out * -pt.letter
end

local level_patt = longest_first(level_list, spaced_words)

-- Caveats after the level: blank-separated known words (UNCLAS EFTO, SECRET
-- NOFORN) or slash-separated items (SECRET//NOFORN, SECRET/NOFORN).
local blank_caveat = sp1 * C(longest_first({ "EFTO", "NOFORN" }, spaced_words))
-- Inside a line an item is one word right after the slashes; a whole value
-- may have blanks after the slashes and inside items (FOR OFFICIAL USE ONLY).
local word_item = sps * P"/" ^ 1 * C((upper + digit + S"-.") ^ 1)
local long_item = sps * P"/" ^ 1 * sps * C((1 - S"/") ^ 1)
local trailing_slashes = (sps * P"/" ^ 1) ^ -1

local function classification_grammar(item)
  return C(level_patt) * Ct((blank_caveat + item) ^ 0) * trailing_slashes
end

-- Recognises a classification at the current position (level and caveats).
M.pattern = classification_grammar(word_item) / 0

local line_end = S" \t\r\n" ^ 0 * -1
local whole = S" \t\r\n" ^ 0 * classification_grammar(long_item) * line_end
-- Captures where the classification starts (after the blanks before it)
-- and ends: it starts and ends with no blank, so that it is the line's head
-- trimmed, without a copy to trim.
local at_start = sps * lpeg.Cp() * classification_grammar(word_item) * lpeg.Cp() * sps * lpeg.Cp()

local trim = require("cable.trim").both

-- (Most items hold no blank: they need no copies.)
local function normal_caveat(item)
  local squeezed = item
  if item:find("%s") then
    item = trim(item):gsub("%s+", " ")
    squeezed = squeeze(item)
  end
  if squeezed == "EFTO" or squeezed == "NOFORN" then return squeezed end
  return caveat_of[item] or item
end

-- The captured caveat items made normal, in place: the list becomes the
-- value's caveats.
local function normal_caveats(items)
  for i = 1, #items do items[i] = normal_caveat(items[i]) end
  return items
end

-- The level abbreviation of a level as written ("C O N F I D E N T I A L");
-- kept per text, as the same few spellings come back line after line.
local level_written = pt.cached(function(level_text) return level_of[squeeze(level_text)] end, 1000)

-- Builds the result table from the captured level text and caveat items.
local function build(text, level_text, items)
  local level = level_written(level_text)
  local caveats, abbrev = normal_caveats(items), level
  for i = 1, #caveats do
    if caveats[i] == "EFTO" and level == "U" then abbrev = "E" end
  end
  return { text = text, level = name_of[level], abbrev = abbrev, caveats = caveats }
end

-- classification.parse(text) -> { text, level, abbrev, caveats = {...} } for
-- a whole classification ("SECRET//NOFORN", "U N C L A S E F T O"), or nil,
-- message.
function M.parse(text)
  if type(text) ~= "string" then pt.not_a_string(text, "classification.parse") end
  local level_text, items = whole:match(text)
  if not level_text then return nil, "not a classification: " .. pt.quote(text) end
  return build(trim(text), level_text, items)
end

-- classification.leading(line) -> value, pos for a line that starts with a
-- classification ("C O N F I D E N T I A L SECTION 01 OF 03 TRIPOLI 000220");
-- pos is the position after the classification and the blanks after it.
-- nil, message when the line does not start with one.
function M.leading(line)
  if type(line) ~= "string" then pt.not_a_string(line, "classification.leading") end
  local from, level_text, items, to, pos = at_start:match(line)
  if not from then
    return nil, "line does not start with a classification: " .. pt.quote(line)
  end
  return build(line:sub(from, to - 1), level_text, items), pos
end

-- Paragraph markings: "(C)", "(S/NF)", "(SBU-N)", "(S//REL TO USA, FVEY)".
local marking_abbrevs = {}
for _, row in ipairs(tables.rows("classification")) do
  if row.kind == "paragraph_marking" and not row.abbrev:find("/", 1, true) then
    marking_abbrevs[#marking_abbrevs + 1] = row.abbrev
  end
end
local marking_item = (pt.letter + digit + S" ,.") ^ 1    -- "REL TO USA, FVEY", "Rel UK"
local marking_grammar = P"(" * sps * C(longest_first(marking_abbrevs, P)) * sps
  * Ct(((P"/" ^ 1 + P"-") * sps * C(marking_item)) ^ 0) * sps * P")"

-- Recognises a paragraph marking at the current position.
M.marking_pattern = marking_grammar / 0

local whole_marking = S" \t" ^ 0 * marking_grammar * line_end

-- classification.marking(text) -> { text, abbrev, level, caveats } for a
-- paragraph marking such as "(S/NF)", or nil, message.
function M.marking(text)
  if type(text) ~= "string" then pt.not_a_string(text, "classification.marking") end
  local abbrev, items = whole_marking:match(text)
  if not abbrev then return nil, "not a paragraph marking: " .. pt.quote(text) end
  return { text = trim(text), abbrev = abbrev, level = name_of[abbrev], caveats = normal_caveats(items) }
end

-- Caption lines: one or more captions separated by blanks, slashes or commas.
local function word_caption(word)
  local parts = {}
  for w in word:gmatch("[^ ]+") do parts[#parts + 1] = w end
  local out = P(parts[1])
  for i = 2, #parts do out = out * sp1 * P(parts[i]) end
  return out * -pt.letter * Cc(word)
end

local separator = S" \t/," ^ 1

-- The listed captions, longest first; the same in both line patterns below,
-- so made once.
local listed_caption = longest_first(caption_words, word_caption)

-- A line of captions, ending with `ending` after trailing `blanks`: the end
-- of the subject for classification.caption, given one line; for
-- caption_line, matched inside a header (where a Lua call per line cost more
-- than the rest of the header), the end of the line.
local function caption_patterns(blanks, ending)
  local line_tail = S" \t/" ^ 0 * P"\\" ^ -1 * blanks ^ 0 * ending
  local for_only_text = (upper + digit + S" .,/&'-") - (sp1 * P"ONLY" * line_tail)
  local for_only = P"FOR" * sp1 * C(for_only_text ^ 1) * sp1 * P"ONLY"
    / function(who) return "FOR " .. who:gsub("%s+", " ") .. " ONLY" end
  -- "C O R R E C T E D C O P Y (ADDED TAG)" or "... - ADDED NOFORN CAPTION":
  -- the reason is kept, "CORRECTED COPY (ADDED TAG)".
  local correction_reason = P"(" * C((1 - S"()\r\n") ^ 1) * P")"
    + P"-" * sps * C((1 - line_tail) ^ 1)
  local corrected_copy = pt.spaced("CORRECTED") * sps * pt.spaced("COPY")
    * (sps * correction_reason + Cc(false)) / function(reason)
      if not reason then return "CORRECTED COPY" end
      return "CORRECTED COPY (" .. reason:gsub("%s+", " ") .. ")"
    end
  local special_captions = P"EXDIS" * sps * P"(DISTRIBUTE" * sp1 * P"AS" * sp1 * P"NODIS)"
      * Cc"EXDIS (DISTRIBUTE AS NODIS)"
    + corrected_copy
    + P"OFFICIAL" * S" -" * P"INFORMAL" * Cc"OFFICIAL-INFORMAL"
    + for_only
  local caption_item = special_captions + listed_caption
  return S" \t" ^ 0 * Ct(caption_item * (separator * caption_item) ^ 0) * line_tail
end
local caption_line = caption_patterns(S" \t\r\n", -P(1))
-- A whole line of captions inside a text, up to (not taking) its newline;
-- no captures.
M.caption_line = caption_patterns(S" \t\r", #P"\n" + -P(1)) / 0

local function unique(list)
  local seen, out = {}, {}
  for _, v in ipairs(list) do
    if not seen[v] then
      seen[v] = true
      out[#out + 1] = v
    end
  end
  return out
end

-- classification.caption(line) -> list of captions ("NODIS", "SIPDIS",
-- "FOR THE SECRETARY ONLY", "CORRECTED COPY", ...) without repeats, when the
-- whole line is captions; nil, message for any other line.
function M.caption(line)
  if type(line) ~= "string" then pt.not_a_string(line, "classification.caption") end
  local list = caption_line:match(line)
  if not list then return nil, "not a caption line: " .. pt.quote(line) end
  if #list == 1 then return list end
  return unique(list)
end

-- classification.rank(level) -> 0 (U, E) .. 4 (TS) for a level name or
-- abbreviation ("SECRET", "S", "LIMITED OFFICIAL USE", "LOU"), or nil, message.
function M.rank(level)
  if type(level) ~= "string" then pt.not_a_string(level, "classification.rank") end
  local r = rank_of[level:upper()]
  if r == nil then return nil, "unknown classification level: " .. pt.quote(level) end
  return r
end

return M
