-- TAGS lines ("TAGS: MPOL, MASS, MORG, PGOV, PE"): splits the line into codes,
-- people and run-together codes, and decodes each code for the cable's era
-- from tags.tsv (GB is Gabon in 1974, the United Kingdom in 2024).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"

local P, C = lpeg.P, lpeg.C

local M = {}

-- The keyword and its typing slips: TAGS, TAGE, TGS, TAS, AGS, TAG; optional colon.
M.keyword = pt.sps * C(pt.ci"TAGS" + pt.ci"TAGE" + pt.ci"TGS" + pt.ci"TAS" + pt.ci"AGS" + pt.ci"TAG")
  * -pt.letter * pt.sps * P":" ^ -1

-- One TAGS code: letters and digits (geographic, subject, program,
-- organization), parts joined by a hyphen (ZANU-PF).
M.code = pt.alnum ^ 2 * (P"-" * pt.alnum ^ 1) ^ 0 * -pt.alnum
local WHOLE_CODE = M.code * -P(1)

-- Era preference lists: the first era with a row for the code wins.
local ERAS_1970S = { "1970s", "1974", "1974 (still seen in 2000s cables)", "1970s corpus evidence",
  "2000s", "2022", "2024" }
local ERAS_2000S = { "2000s", "1974 (still seen in 2000s cables)", "2022", "1970s corpus evidence",
  "1974", "1970s", "2024" }
local ERAS_2020S = { "2024", "2022", "2000s", "1974 (still seen in 2000s cables)", "1974",
  "1970s", "1970s corpus evidence" }

local by_code

-- code -> { era -> row } from tags.tsv, built on first use.
local function code_rows()
  if not by_code then
    by_code = {}
    local rows = tables.rows("tags")
    for i = 1, #rows do
      local row = rows[i]
      local code, era = row.code, row.era
      local eras = by_code[code]
      if not eras then by_code[code] = { [era] = row }  -- a code's first row: its table made with it
      elseif eras[era] == nil then eras[era] = row end
    end
  end
  return by_code
end

local function eras_for(ctx)
  local year = ctx.year
  if year then
    if year < 1990 then return ERAS_1970S end
    if year < 2015 then return ERAS_2000S end
    return ERAS_2020S
  end
  return ctx.format == "aad" and ERAS_1970S or ERAS_2000S
end

local function lookup(code, eras)
  local rows = code_rows()[code]
  if not rows then return nil end
  for _, era in ipairs(eras) do
    if rows[era] then return rows[era] end
  end
end

-- Kind of a code that tags.tsv does not know (cablemap's rule).
local function guess_kind(code)
  if #code == 2 then
    if code:match("^X%u$") or code:match("^%d%u$") then return "region" end
    if code:match("^%u%u$") then return "geo" end
    return "unknown"
  end
  if code:match("^K%u%u%u$") then return "program" end
  if code:match("^%u[%u%d]+$") then return "organization" end
  return "unknown"
end

-- A run of codes typed without blanks ("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG",
-- "PHUMBA"), split into known 4-letter codes and at most one 2-letter code;
-- nil unless the whole token is unknown and every part is known. At each
-- place a 4-letter code is taken when what follows it can still be split,
-- else a 2-letter one. Which places can be split is worked out once, from
-- the end: a search that tries 4 letters, then 2, and backs up can take
-- exponential time, and one that inserts each part at the front of the
-- list quadratic time ("XXXX...", split into "XX"s).
local function split_run(code)
  local rows = code_rows()
  local n = #code
  if rows[code] or n < 6 or not code:match("^%u+$") then return nil end
  local function known_at(i, len) return i + len - 1 <= n and rows[code:sub(i, i + len - 1)] ~= nil end
  local splits = { [n + 1] = true }  -- position -> can code[position..n] be split?
  for i = n, 1, -1 do
    splits[i] = (known_at(i, 4) and splits[i + 4]) or (known_at(i, 2) and splits[i + 2]) or false
  end
  if not splits[1] then return nil end
  local parts, short, i = {}, 0, 1
  while i <= n do
    local len = known_at(i, 4) and splits[i + 4] and 4 or 2
    if len == 2 then
      short = short + 1
      if short > 1 then return nil end  -- ECONOMIC is not ECON OM IC
    end
    parts[#parts + 1] = code:sub(i, i + len - 1)
    i = i + len
  end
  return parts
end

local function squeeze(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- "(VANCE,CYRUS )" -> "VANCE, CYRUS"
local function person_name(inner)
  local name = squeeze(inner:upper()):gsub("%s*,%s*", ", ")
  return name
end

local function check_args(text, ctx)
  if type(text) ~= "string" then error("tags.parse: text must be a string", 3) end
  if ctx ~= nil and type(ctx) ~= "table" then error("tags.parse: ctx must be a table or nil", 3) end
  ctx = ctx or {}
  if ctx.year ~= nil and math.type(ctx.year) ~= "integer" then
    error("tags.parse: ctx.year must be an integer", 3)
  end
  return ctx
end

-- The keys (kind and code) already in the list of the parse under way. One
-- table serves every parse: a key maps to the number of the parse that
-- listed it last (a set made per parse grew with each key). Before a parse
-- it is replaced by an empty one once it has taken 10000 marks, so that it
-- stays small.
local listed, listed_marks, parse_number = {}, 0, 0

local function begin_list()
  parse_number = parse_number + 1
  if listed_marks >= 10000 then listed, listed_marks = {}, 0 end
end

-- Is key not in the list yet? It is marked as in it.
local function unlisted(key)
  if listed[key] == parse_number then return false end
  listed[key], listed_marks = parse_number, listed_marks + 1
  return true
end

-- Adds item to list unless the same code and kind are already there.
local function add(list, item)
  if unlisted(item.kind .. "\0" .. item.code) then list[#list + 1] = item end
end

local function known(word)
  return code_rows()[word] ~= nil
end

-- A word of free text written as a tag ("HUMAN RIGHTS", "IRAQI FREEDOM"):
-- unknown, letters only, at least five of them.
local function long_word(word)
  return #word >= 5 and word:match("^%u+$") ~= nil and not known(word) and not split_run(word)
end
local CONNECTORS = { AND = true, OF = true, WITH = true, FOR = true, THE = true }

-- What one code token gives: a warning or nil, and the codes to add. SIPDIS
-- and N/A are dropped, run-together codes split.
local NO_CODES = {}
local DOT, HYPHEN = 46, 45
local function read_code(token)
  local code = token
  local first, last = code:byte(1), code:byte(-1)
  if first == DOT or first == HYPHEN or last == DOT or last == HYPHEN then
    code = code:gsub("^[%.%-]+", ""):gsub("[%.%-]+$", "")
  end
  if code == "" then return nil, NO_CODES end
  if code == "SIPDIS" then return "stray SIPDIS removed", NO_CODES end
  if code == "N/A" or code == "NA" then return "N/A inside TAGS", NO_CODES end
  if not lpeg.match(WHOLE_CODE, code) then
    return "not a TAGS code: " .. string.format("%q", token), NO_CODES
  end
  local parts = split_run(code)
  if parts then return "run-together codes split: " .. code, parts end
  return nil, { code }
end

-- The list item of a code read in an era list: its fields and its key
-- (kind and code) for the list's set of keys.
local function decoded(code, eras)
  local row, kind = lookup(code, eras)
  if row then kind = row.kind else kind = guess_kind(code) end
  return { code = code, kind = kind, name = row and row.meaning, category = row and row.category,
    key = kind .. "\0" .. code }
end

-- What a token (a word of the list, upper case) is in an era list: known:
-- tags.tsv has it; letters: capital letters only; three: at least three of
-- them (a visitor's name part); long: a word of free text; warning and
-- items: what it gives as a code token. One cache per era list, kept per
-- token: the same codes come back in cable after cable.
local function token_reader(eras)
  return pt.cached(function(token)
    local facts = { known = known(token), letters = token:match("^%u+$") ~= nil,
      three = token:match("^%u%u%u+$") ~= nil, long = long_word(token), items = {} }
    local codes
    facts.warning, codes = read_code(token)
    for i, code in ipairs(codes) do facts.items[i] = decoded(code, eras) end
    return facts
  end, 10000)
end
local READERS = { [ERAS_1970S] = token_reader(ERAS_1970S), [ERAS_2000S] = token_reader(ERAS_2000S),
  [ERAS_2020S] = token_reader(ERAS_2020S) }

-- Adds what a code token gives: a copy of each of its items not yet listed.
local function add_code(list, facts, warnings)
  if facts.warning then warnings[#warnings + 1] = facts.warning end
  local items = facts.items
  for i = 1, #items do
    local item = items[i]
    if unlisted(item.key) then
      list[#list + 1] = { code = item.code, kind = item.kind, name = item.name, category = item.category }
    end
  end
end

-- Is words[k] a word of free text inside an item that ends at last?
local function long_at(words, k, last, read)
  return k <= last and read(words[k]).long
end

-- Is words[i] OVIP, followed in its item by a visitor's surname and given
-- name, neither of them a code?
local function visitor_at(words, i, last, read)
  if words[i] ~= "OVIP" or i + 2 > last then return false end
  local surname, given = read(words[i + 1]), read(words[i + 2])
  return surname.three and given.three and not surname.known and not given.known
end

-- Words words[first..last] (an item) separated by blanks: codes, "OVIP
-- SURNAME GIVEN" (a visitor written without parentheses) and runs of
-- free-text words ("ECONOMIC AFFAIRS").
local function add_words(list, words, first, last, read, warnings)
  local i = first
  while i <= last do
    local word = words[i]
    local facts = read(word)
    if word == "OVIP" and visitor_at(words, i, last, read) then
      add_code(list, facts, warnings)
      local name = words[i + 1] .. ", " .. words[i + 2]
      add(list, { code = name, kind = "person", name = name })
      i = i + 3
    elseif facts.long then
      local j = i
      while long_at(words, j + 1, last, read)
          or (j + 1 <= last and CONNECTORS[words[j + 1]] and long_at(words, j + 2, last, read)) do
        j = j + (long_at(words, j + 1, last, read) and 1 or 2)
      end
      if j > i then
        add(list, { code = table.concat(words, " ", i, j), kind = "unknown" })
      else
        add_code(list, facts, warnings)
      end
      i = j + 1
    else
      add_code(list, facts, warnings)
      i = i + 1
    end
  end
end

-- The blank-separated words of a text in one pass, with false where a
-- comma or semicolon ends an item.
local space, separator = lpeg.S" \t\n\v\f\r", lpeg.S",;"
local WORDS = lpeg.Ct((separator * lpeg.Cc(false) + space ^ 1 + C((1 - space - separator) ^ 1)) ^ 0)

-- Is words[first..last] two or three words, each capital letters that
-- tags.tsv does not know ("GOI EXTERNAL")?
local function unknown_words(words, first, last, read)
  if last - first < 1 or last - first > 2 then return false end
  for k = first, last do
    local facts = read(words[k])
    if facts.known or not facts.letters then return false end
  end
  return true
end

-- Splits body (upper case, people removed) into tags: at commas when there
-- are any (an item of a few unknown words is one tag: "GOI EXTERNAL"), else
-- at blanks.
local function add_codes(list, body, read, warnings)
  local words = lpeg.match(WORDS, body)
  local n, first = #words, 1
  for k = 1, n + 1 do
    if k > n or words[k] == false then
      local last = k - 1
      if unknown_words(words, first, last, read) and body:find("[,;]") then
        add(list, { code = table.concat(words, " ", first, last), kind = "unknown" })
      else
        add_words(list, words, first, last, read, warnings)
      end
      first = k + 1
    end
  end
end

-- Where the TAGS line starts in a header text: the first TAGS/TAGE/TGS word,
-- else TAS:, AGS:, TAG: or TAG at a line start. Returns the text after the
-- keyword, or nil.
local strong = pt.ci"TAGS" + pt.ci"TAGE" + pt.ci"TGS"
local weak = (pt.ci"TAS" + pt.ci"AGS" + pt.ci"TAG") * -pt.letter * pt.sps * P":"
local tag_at_line = pt.ci"TAG" * -pt.letter * pt.sp1
local TAG_AT_LINE = pt.sps * tag_at_line * lpeg.Cp()
local after_kw = -pt.letter * pt.sps * P":" ^ -1 * lpeg.Cp()

-- Searches for each form at the start of a word (after no letter).
local word_start = -lpeg.B(pt.letter)
local STRONG_ANYWHERE = pt.anywhere(word_start * strong * after_kw, lpeg.S"Tt")
local WEAK_ANYWHERE = pt.anywhere(word_start * weak * lpeg.Cp(), lpeg.S"TtAa")
local TAG_AT_A_LINE = TAG_AT_LINE + pt.anywhere(P"\n" * TAG_AT_LINE, P"\n")

local function after_keyword(body)
  return lpeg.match(STRONG_ANYWHERE, body) or lpeg.match(WEAK_ANYWHERE, body)
    or lpeg.match(TAG_AT_A_LINE, body)
end

-- A next line that goes on with the TAGS list: "NATO, UK, CN" (short codes
-- with commas), when it is not another field.
local function continues(line)
  local up = line:upper()
  if up:find("^%s*SUBJ") or up:find("^%s*REF") or up:find("^%s*E%.?%s*O%.?%s") then return false end
  return up:find("^%s*%u%u%u?%u?%s*,") ~= nil
end

-- The TAGS list in body (the text after the keyword): the first line, the
-- lines after one that ends with a comma or that continue the list, up to an
-- inline SUBJECT.
-- Where an inline SUBJ...: starts (the TAGS list stops there); built once.
local INLINE_SUBJECT = pt.anywhere(lpeg.Cp() * pt.ci"SUBJ" * pt.letter ^ 0 * pt.sps * P":", lpeg.S"Ss")

-- The lines of the list from the body's first line (which ends at line_end).
local function list_lines(body, line_end)
  local line = body:sub(1, line_end - 1)
  local out = { line }
  while line_end do
    local next_end = body:find("\n", line_end + 1, true)
    local next_line = body:sub(line_end + 1, (next_end or 0) - 1)
    if not (line:find(",%s*$") or continues(next_line)) then break end
    out[#out + 1] = next_line
    line, line_end = next_line, next_end
  end
  return table.concat(out, "\n")
end

local function extent(body)
  local line_end = body:find("\n", 1, true)
  local text = line_end and list_lines(body, line_end) or body
  local cut = lpeg.match(INLINE_SUBJECT, text)
  if cut then text = text:sub(1, cut - 1) end
  return text
end

-- A TAGS list that says there is none: "N/A", "NONE".
local white_space = lpeg.S" \t\n\v\f\r" ^ 0
local NOT_APPLICABLE = white_space * (P"N/A" + P"NONE") * white_space * -P(1)

-- parse(text, ctx) -> { raw = <text as written>, list = { {code, kind, name,
-- category}, ... }, na = true|nil }, warnings | nil, message
-- text is the TAGS line, or a header text that holds one ("E.O. 12958: ...
-- TAGS: PREL, PGOV SUBJECT: ...").
function M.parse(text, ctx)
  ctx = check_args(text, ctx)
  if not text:find("%S") then return nil, "empty TAGS text" end
  local warnings = {}
  local body = text
  -- (the plain finds skip the substitutions when there is nothing to replace)
  if body:find("\194\182", 1, true) then body = body:gsub("\194\182", " ") end
  if body:find("\\", 1, true) then body = body:gsub("\\n", "\n"):gsub("\\", " ") end
  local after = after_keyword(body)
  if after then body = body:sub(after) else warnings[#warnings + 1] = "no TAGS keyword" end
  body = extent(body):upper()
  if lpeg.match(NOT_APPLICABLE, body) then
    return { raw = text, list = {}, na = true }, warnings
  end
  local list, read = {}, READERS[eras_for(ctx)]
  begin_list()
  -- the codes between the groups in parentheses, and each group
  local groups, pos = pt.paren_groups(body), 1
  for g = 1, #groups + 1, 2 do
    local from, to = groups[g], groups[g + 1]
    add_codes(list, body:sub(pos, (from or 0) - 1), read, warnings)
    if from then
      local inner = body:sub(from + 1, to - 1)
      if inner:find(",") then  -- a person: "(VANCE, CYRUS)"
        local name = person_name(inner)
        add(list, { code = name, kind = "person", name = name })
      else
        add_codes(list, inner, read, warnings)
      end
      pos = to + 1
    end
  end
  if #list == 0 then return nil, "no TAGS code in " .. string.format("%q", text:sub(1, 60)) end
  return { raw = text, list = list }, warnings
end

return M
