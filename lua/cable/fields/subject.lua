-- SUBJECT lines: the text as written (continuation lines joined, a leading
-- paragraph marking split off) and a title-cased form for documents, with
-- words kept as written (typos are original) and acronyms kept upper case.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local white = require "cable.trim"
local tables = require "cable.tables"
local classification = require "cable.fields.classification"

local M = {}

local SMALL_WORDS = {
  OF = true, AND = true, THE = true, IN = true, ON = true, FOR = true,
  TO = true, A = true, AN = true, WITH = true, AT = true, BY = true, AS = true,
}

-- English words that look like the plural of a listed acronym (DOE).
local NOT_PLURALS = { DOES = true }

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
  if letters:sub(-1) == "S" and acronyms[letters:sub(1, -2)] and not NOT_PLURALS[letters] then
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
  local word = part:sub(1, first - 1) .. part:sub(first, first) .. part:sub(first + 1):lower()
  -- a name part after an apostrophe: D'IVOIRE -> D'Ivoire (not DON'T, GOL'S)
  return (word:gsub("'(%l)(%l%l+)", function(a, b) return "'" .. a:upper() .. b end))
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

-- True when the word before opens a new part of the title: a colon or a
-- dash ("AN OVERVIEW" in "CABINET - AN OVERVIEW").
local function opens_part(prev)
  return prev == nil or prev:find(":$") ~= nil or prev:find("^%-+$") ~= nil
end

-- subject.display(text) -> title-cased subject for documents; text in mixed
-- case is returned as written, text all in lower case is title-cased too.
function M.display(text)
  if type(text) ~= "string" then pt.not_a_string(text, "subject.display") end
  if text:find("%l") then
    if text:find("%u") then return text end
    text = text:upper()
  end
  if not acronyms then load_acronyms() end
  local prev
  return (text:gsub("%S+", function(word)
    local is_first = opens_part(prev)
    prev = word
    return title_word(word, is_first)
  end))
end

local label = pt.sps * (pt.ci"SUBJECT" + pt.ci"SUBJ") * pt.sps * lpeg.P":"
  + pt.sps * pt.ci"SUBJECT" * pt.sp1
local marking = pt.sps * lpeg.C(classification.marking_pattern) * pt.sps * lpeg.Cp()

-- Where the subject starts in a header text ("TAGS: PREL\nSUBJECT: ..."):
-- after the label at the start, else after the first "SUBJECT:"/"SUBJ:".
local label_colon = (pt.ci"SUBJECT" + pt.ci"SUBJ") * pt.sps * lpeg.P":" * lpeg.Cp()
local function subject_start(text)
  local at = lpeg.match(label, text)
  if at then return at end
  at = text:find("%f[%a][Ss][Uu][Bb][Jj]")
  while at do
    local after = lpeg.match(label_colon, text, at)
    if after then return after end
    at = text:find("%f[%a][Ss][Uu][Bb][Jj]", at + 1)
  end
  return 1
end

-- Where the subject ends: a blank line, the next field (REF, Classified By,
-- a page marker, a banner, a dash line, a numbered paragraph), or a line in
-- lower case after a subject in capitals. Inline "REF:" and "Classified By"
-- end it too ("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861").
local INLINE_ENDS = { "%sREFS?%s*:", "%sREF%(S%)%s*:", "%sREFTELS?%s*:", "%f[%a]CLASSIFIED BY" }
local LINE_ENDS = { "^%s*$", "^%s*REF", "^%s*CLASSIFIED BY", "^%s*%u[%u ]- %d%d%d%d%d%d%d%d%s+%d%d%d",
  "^%s*PAGE %d", "^%s*%-%-%-", "^%s*%d+%.", "^%s*\194\182", "^%s*UNCLASSIFIED%s*$", "^%s*CONFIDENTIAL%s*$",
  "^%s*SECRET%s*$", "^%s*E%.?%s?O%.?%s+%d", "^%s*TAGS" }

local function cut_inline(text)
  local up = text:upper()
  local cut = #text + 1
  for _, p in ipairs(INLINE_ENDS) do
    local at = up:find(p)
    if at and at < cut then cut = at end
  end
  return text:sub(1, cut - 1)
end

local function subject_lines(body)
  local lines = {}
  for line in (body .. "\n"):gmatch("([^\n]*)\n") do
    local up = line:upper()
    if #lines > 0 then
      for _, p in ipairs(LINE_ENDS) do
        if up:find(p) then return lines end
      end
      if not lines[1]:find("%l") and line:find("%l") then return lines end
    end
    local cut = cut_inline(line)
    lines[#lines + 1] = cut
    if #cut < #line then return lines end
  end
  return lines
end

-- Joins continuation lines with one blank (a line-end backslash, as in the
-- Cablegate HTML form, goes with its line end) and trims the text.
local blank = lpeg.S" \t"
local LINE_END_BACKSLASH = lpeg.Cs(((blank ^ 0 * lpeg.P"\\" * blank ^ 0 * lpeg.P"\r" ^ -1 * lpeg.P"\n") / "\n"
  + blank ^ 1 + 1) ^ 0)
local function join_lines(lines)
  local text = white.squeeze(lpeg.match(LINE_END_BACKSLASH, table.concat(lines, "\n")))
  if text:sub(-1) == "\\" then text = white.right(text:sub(1, -2)) end
  return text
end

-- subject.parse(text) -> { text, display, marking } for a subject value,
-- with or without its "SUBJECT:"/"SUBJ:" label; marking is the parsed
-- leading paragraph marking ("(C)") or nil. nil, message for an empty
-- subject or one holding control characters.
function M.parse(text)
  if type(text) ~= "string" then pt.not_a_string(text, "subject.parse") end
  if text:find("[\0-\8\11\12\14-\31\127]") then
    return nil, "control characters in subject: " .. pt.quote(text)
  end
  local body = text:gsub("\\n", "\n")
  body = body:sub(subject_start(body))
  local value = {}
  local mark, after = marking:match(body)
  if mark then
    value.marking = classification.marking(mark)
    body = body:sub(after)
  end
  value.text = join_lines(subject_lines(body))
  if value.text == "" then return nil, "empty subject: " .. pt.quote(text) end
  value.display = M.display(value.text)
  return value
end

return M
