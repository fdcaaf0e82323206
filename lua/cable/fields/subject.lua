-- SUBJECT lines: the text as written (continuation lines joined, a leading
-- paragraph marking split off) and a title-cased form for documents, with
-- words kept as written (typos are original) and acronyms kept upper case.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"
local classification = require "cable.fields.classification"

local M = {}

local SMALL_WORDS = {
  OF = true, AND = true, THE = true, IN = true, ON = true, FOR = true,
  TO = true, A = true, AN = true, WITH = true, AT = true, BY = true,
}

-- Acronyms kept upper case, one per line in data/acronyms.txt.
local acronyms

local function load_acronyms()
  local path = tables.dir .. "acronyms.txt"
  local f, err = io.open(path, "rb")
  if not f then error("cable: data file missing: " .. tostring(err), 3) end
  acronyms = {}
  for line in f:lines() do
    local word = line:match("^%s*(%S+)")
    if word then acronyms[word:upper()] = true end
  end
  f:close()
end

-- True when a word part (its letters only, upper case) is written as an
-- acronym: listed, or with no vowel (Y counts as one: BY, SPY).
local function is_acronym(letters)
  if acronyms[letters] then return true end
  return letters ~= "" and not letters:find("[AEIOUY]")
end

-- A plural or possessive of a listed acronym: NGOS -> NGOs, NATO'S -> NATO's.
local function acronym_with_s(part, letters)
  if letters:sub(-1) == "S" and acronyms[letters:sub(1, -2)] then
    local last_s = part:match(".*()S")
    return part:sub(1, last_s - 1) .. "s" .. part:sub(last_s + 1)
  end
end

local function capitalise(part)
  local letters = part:gsub("%A", "")
  if part:match("^%d+'?S$") then return part:lower() end     -- 1970S -> 1970s
  if is_acronym(letters) or part:match("^%p*%a%.[%a%.]*$") then return part end
  local with_s = acronym_with_s(part, letters)
  if with_s then return with_s end
  local first = part:find("%a")
  if not first then return part end
  return part:sub(1, first - 1) .. part:sub(first, first) .. part:sub(first + 1):lower()
end

-- One blank-separated word: small words lower case unless first; otherwise
-- each hyphen- or slash-separated part capitalised.
local function title_word(word, is_first)
  local letters = word:gsub("%A", "")
  if not is_first and SMALL_WORDS[letters] and word:match("^%a+$") then
    return word:lower()
  end
  return (word:gsub("[^%-/]+", capitalise))
end

-- subject.display(text) -> title-cased subject for documents; text that
-- already has lower-case letters is returned as written.
function M.display(text)
  pt.need_string(text, "subject.display")
  if text:find("%l") then return text end
  if not acronyms then load_acronyms() end
  local n = 0
  return (text:gsub("%S+", function(word)
    n = n + 1
    return title_word(word, n == 1)
  end))
end

local label = pt.sps * (pt.ci"SUBJECT" + pt.ci"SUBJ") * pt.sps * lpeg.P":"
local marking = pt.sps * lpeg.C(classification.marking_pattern) * pt.sps * lpeg.Cp()

-- Joins continuation lines with one blank (a line-end backslash, as in the
-- Cablegate HTML form, goes with its line end) and trims the text.
local function join_lines(text)
  text = text:gsub("[ \t]*\\?[ \t]*\r?\n[ \t]*", " "):gsub("%s*\\?%s*$", "")
  return (text:gsub("^%s+", ""))
end

-- subject.parse(text) -> { text, display, marking } for a subject value,
-- with or without its "SUBJECT:"/"SUBJ:" label; marking is the parsed
-- leading paragraph marking ("(C)") or nil. nil, message for an empty
-- subject or one holding control characters.
function M.parse(text)
  pt.need_string(text, "subject.parse")
  if text:find("[\0-\8\11\12\14-\31\127]") then
    return nil, "control characters in subject: " .. pt.quote(text)
  end
  local body = text:sub((lpeg.match(label, text) or 1))
  local value = {}
  local mark, after = marking:match(body)
  if mark then
    value.marking = classification.marking(mark)
    body = body:sub(after)
  end
  value.text = join_lines(body)
  if value.text == "" then return nil, "empty subject: " .. pt.quote(text) end
  value.display = M.display(value.text)
  return value
end

return M
