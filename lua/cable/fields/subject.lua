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

-- A part of capital letters only, the most common kind: capitalise's rules
-- without its patterns.
local function capitalise_letters(part)
  if acronyms[part] or not part:find("[AEIOUY]") then return part end
  if part:byte(-1) == 83 and acronyms[part:sub(1, -2)] and not NOT_PLURALS[part] then  -- NGOS
    return part:sub(1, -2) .. "s"
  end
  return part:sub(1, 1) .. part:sub(2):lower()
end

local function capitalise(part)
  if not part:find("[^A-Z]") then return capitalise_letters(part) end
  local letters = part:gsub("%A", "")
  if part:match("^%d+'?S$") then return part:lower() end     -- 1970S -> 1970s
  if is_acronym(letters) or part:match("^%p*%a%.[%a%.]*$") then return part end
  local with_s = acronym_with_s(part, letters)
  if with_s then return with_s end
  local first = part:find("%a")
  if not first then return part end
  local word = part:sub(1, first - 1) .. part:sub(first, first) .. part:sub(first + 1):lower()
  if not word:find("'", 1, true) then return word end
  -- a name part after an apostrophe: D'IVOIRE -> D'Ivoire (not DON'T, GOL'S)
  return (word:gsub("'(%l)(%l%l+)", function(a, b) return "'" .. a:upper() .. b end))
end

-- One blank-separated word: small words lower case unless first; otherwise
-- each hyphen- or slash-separated part capitalised.
local function title_word(word, is_first)
  if not word:find("[^A-Z]") then  -- capital letters only
    if not is_first and SMALL_WORDS[word] then return word:lower() end
    return capitalise_letters(word)
  end
  local letters = word:gsub("%A", "")
  if not is_first and SMALL_WORDS[letters] and word:match("^%a+$") then
    return word:lower()
  end
  return (word:gsub("[^%-/]+", capitalise))
end

-- True when a word opens a new part of the title after it: it ends with a
-- colon or is a dash ("AN OVERVIEW" in "CABINET - AN OVERVIEW").
local function opens_part(word)
  local last = word:byte(-1)
  return last == 58 or (last == 45 and not word:find("[^-]"))  -- "WORD:", "--"
end

-- What a word gives in a title, kept per word (subjects share most of
-- their words): its form when it opens a part and its form elsewhere, and
-- whether the part after it is a new one.
local word_forms = pt.cached(function(word)
  return { first = title_word(word, true), other = title_word(word, false), opens = opens_part(word) }
end, 10000)

-- A word's form inside a part of the title, kept per word: its __index
-- makes it on first use, so that a substitution reads it without a call.
-- It is emptied when it holds 10000 words, so that it stays small.
local other_form, other_count = {}, 0
setmetatable(other_form, { __index = function(forms, word)
  if other_count >= 10000 then
    for w in pairs(forms) do forms[w] = nil end
    other_count = 0
  end
  local form = word_forms(word).other
  forms[word], other_count = form, other_count + 1
  return form
end })

-- A word's form where it opens a part differs from its form inside a part
-- only for the small words (title_word; display's words have no lower-case
-- letter): does one open a part, at the start or after a word that ends
-- with a colon or is a dash?
local P, S = lpeg.P, lpeg.S
local space = S" \t\n\v\f\r"  -- what %s matches
local small_words = {}
for word in pairs(SMALL_WORDS) do small_words[#small_words + 1] = word end
table.sort(small_words)  -- whole words: any order gives the same matches
local small_word = P(false)
for _, word in ipairs(small_words) do small_word = small_word + P(word) * #(space + -P(1)) end
local SMALL_OPENS_PART = space ^ 0 * small_word
  + pt.anywhere((P":" + -lpeg.B(1 - space) * P"-" ^ 1) * space ^ 1 * small_word, S":-")

-- Finds a lower-case or a capital letter (ASCII).
local HAS_LOWER = (1 - pt.lower) ^ 0 * pt.lower
local HAS_UPPER = (1 - pt.upper) ^ 0 * pt.upper

-- subject.display(text) -> title-cased subject for documents; text in mixed
-- case is returned as written, text all in lower case is title-cased too.
function M.display(text)
  if type(text) ~= "string" then pt.not_a_string(text, "subject.display") end
  if lpeg.match(HAS_LOWER, text) then
    if lpeg.match(HAS_UPPER, text) then return text end
    text = text:upper()
  end
  if not acronyms then load_acronyms() end
  -- most titles: every word takes its form inside a part, by table lookup
  if not lpeg.match(SMALL_OPENS_PART, text) then return (text:gsub("%S+", other_form)) end
  local is_first = true
  return (text:gsub("%S+", function(word)
    local forms = word_forms(word)
    local title = is_first and forms.first or forms.other
    is_first = forms.opens
    return title
  end))
end

local label = pt.sps * (pt.ci"SUBJECT" + pt.ci"SUBJ") * pt.sps * lpeg.P":"
  + pt.sps * pt.ci"SUBJECT" * pt.sp1
local marking = pt.sps * lpeg.C(classification.marking_pattern) * pt.sps * lpeg.Cp()

-- Where the subject starts in a header text ("TAGS: PREL\nSUBJECT: ..."):
-- after the label at the start, else after the first "SUBJECT:"/"SUBJ:"
-- that starts a word, else at 1; one match.
local label_colon = (pt.ci"SUBJECT" + pt.ci"SUBJ") * pt.sps * lpeg.P":" * lpeg.Cp()
local SUBJECT_START = label * lpeg.Cp()
  + pt.anywhere(-lpeg.B(pt.letter) * label_colon, lpeg.S"Ss") + lpeg.Cc(1)

-- Where the subject ends: a blank line, the next field (REF, Classified By,
-- a page marker, a banner, a dash line, a numbered paragraph), or a line in
-- lower case after a subject in capitals. Inline "REF:" and "Classified By"
-- end it too ("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861").

-- A line that is not part of the subject (letters in any case).
local ci, letter = pt.ci, pt.letter
local white_space, digit = S" \t\n\v\f\r", pt.digit
local function alone(word) return ci(word) * white_space ^ 0 * -P(1) end
local page_marker = letter * ((letter + P" ") - P" " * digit) ^ 0 * P" " * pt.rep(digit, 8, 8)
  * white_space ^ 1 * digit * digit * digit
local eo_line = ci"E" * P"." ^ -1 * white_space ^ -1 * ci"O" * P"." ^ -1 * white_space ^ 1 * digit
local ENDS_SUBJECT = white_space ^ 0 * (-P(1) + ci"REF" + ci"CLASSIFIED BY" + page_marker
  + ci"PAGE " * digit + P"---" + digit ^ 1 * P"." + P"\194\182" + alone"UNCLASSIFIED"
  + alone"CONFIDENTIAL" + alone"SECRET" + eo_line + ci"TAGS")

-- Where an inline REF or Classified By starts in a line (letters in any
-- case): "REF:", "REFS:", "REF(S):", "REFTEL:", "REFTELS:" after a blank,
-- "CLASSIFIED BY" at the start of a word.
local colon = white_space ^ 0 * P":"
local inline_end = white_space * ci"REF" * (ci"S" ^ -1 * colon + ci"(S)" * colon + ci"TEL" * ci"S" ^ -1 * colon)
  + -lpeg.B(letter) * ci"CLASSIFIED BY"
local INLINE_END = pt.anywhere(lpeg.Cp() * inline_end, white_space + S"Cc")

-- The line up to an inline REF or Classified By.
local function cut_inline(text)
  local cut = lpeg.match(INLINE_END, text)
  if not cut then return text end
  return text:sub(1, cut - 1)
end

local function subject_lines(body)
  local lines, first_in_capitals = {}
  local from = 1
  repeat
    local line_end = body:find("\n", from, true)
    local line = body:sub(from, (line_end or 0) - 1)
    if #lines > 0 then
      if lpeg.match(ENDS_SUBJECT, line) then return lines end
      if first_in_capitals and lpeg.match(HAS_LOWER, line) then return lines end
    end
    local cut = cut_inline(line)
    lines[#lines + 1] = cut
    if #lines == 1 then first_in_capitals = not lpeg.match(HAS_LOWER, cut) end
    if #cut < #line then return lines end
    from = (line_end or #body) + 1
  until not line_end
  return lines
end

-- Joins continuation lines with one blank (a line-end backslash, as in the
-- Cablegate HTML form, goes with its line end) and trims the text.
local blank = lpeg.S" \t"
local LINE_END_BACKSLASH = lpeg.Cs(((blank ^ 0 * lpeg.P"\\" * blank ^ 0 * lpeg.P"\r" ^ -1 * lpeg.P"\n") / "\n"
  + blank ^ 1 + 1) ^ 0)
local function join_lines(lines)
  local text = table.concat(lines, "\n")
  if not text:find("\\", 1, true) then return white.squeeze(text) end
  text = white.squeeze(lpeg.match(LINE_END_BACKSLASH, text))
  if text:sub(-1) == "\\" then text = white.right(text:sub(1, -2)) end
  return text
end

-- Control characters, which a subject may not hold.
local control = lpeg.R("\0\8", "\14\31") + S"\11\12\127"
local CONTROL = (1 - control) ^ 0 * control

-- subject.parse(text) -> { text, display, marking } for a subject value,
-- with or without its "SUBJECT:"/"SUBJ:" label; marking is the parsed
-- leading paragraph marking ("(C)") or nil. nil, message for an empty
-- subject or one holding control characters.
function M.parse(text)
  if type(text) ~= "string" then pt.not_a_string(text, "subject.parse") end
  if lpeg.match(CONTROL, text) then
    return nil, "control characters in subject: " .. pt.quote(text)
  end
  local body = text
  if text:find("\\n", 1, true) then body = text:gsub("\\n", "\n") end
  body = body:sub(lpeg.match(SUBJECT_START, body))
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
