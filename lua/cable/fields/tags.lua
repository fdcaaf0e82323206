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
    for _, row in ipairs(tables.rows("tags")) do
      local eras = by_code[row.code] or {}
      if eras[row.era] == nil then eras[row.era] = row end
      by_code[row.code] = eras
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

local function decode(code, eras)
  local row = lookup(code, eras)
  if row then
    return { code = code, kind = row.kind, name = row.meaning, category = row.category }
  end
  return { code = code, kind = guess_kind(code) }
end

-- A run of codes typed without blanks ("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG",
-- "PHUMBA"), split into known 4-letter codes and at most one 2-letter code;
-- nil unless the whole token is unknown and every part is known.
local function split_run(code)
  local rows = code_rows()
  if rows[code] or #code < 6 or not code:match("^%u+$") then return nil end
  local function from(i)
    if i > #code then return {} end
    for _, len in ipairs{ 4, 2 } do
      local part = code:sub(i, i + len - 1)
      if #part == len and rows[part] then
        local rest = from(i + len)
        if rest then table.insert(rest, 1, part) return rest end
      end
    end
  end
  local parts = from(1)
  local short = 0
  for _, part in ipairs(parts or {}) do if #part == 2 then short = short + 1 end end
  if short <= 1 then return parts end  -- ECONOMIC is not ECON OM IC
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

-- Adds item to list unless the same code and kind are already there.
local function add(list, seen, item)
  local key = item.kind .. "\0" .. item.code
  if seen[key] then return end
  seen[key] = true
  list[#list + 1] = item
end

local function known(word)
  return code_rows()[word] ~= nil
end

-- A word of free text written as a tag ("HUMAN RIGHTS", "IRAQI FREEDOM"):
-- unknown, letters only, at least five of them.
local function long_word(word)
  return word ~= nil and #word >= 5 and word:match("^%u+$") and not known(word)
    and not split_run(word)
end
local CONNECTORS = { AND = true, OF = true, WITH = true, FOR = true, THE = true }

-- Adds one code token: SIPDIS and N/A are dropped, run-together codes split.
local DOT, HYPHEN = 46, 45
local function add_code(list, seen, token, eras, warnings)
  local code = token
  local first, last = code:byte(1), code:byte(-1)
  if first == DOT or first == HYPHEN or last == DOT or last == HYPHEN then
    code = code:gsub("^[%.%-]+", ""):gsub("[%.%-]+$", "")
  end
  if code == "" then return end
  if code == "SIPDIS" then
    warnings[#warnings + 1] = "stray SIPDIS removed"
  elseif code == "N/A" or code == "NA" then
    warnings[#warnings + 1] = "N/A inside TAGS"
  elseif not lpeg.match(WHOLE_CODE, code) then
    warnings[#warnings + 1] = "not a TAGS code: " .. string.format("%q", token)
  else
    local parts = split_run(code)
    if parts then
      warnings[#warnings + 1] = "run-together codes split: " .. code
      for _, part in ipairs(parts) do add(list, seen, decode(part, eras)) end
    else
      add(list, seen, decode(code, eras))
    end
  end
end

-- Words separated by blanks: codes, "OVIP SURNAME GIVEN" (a visitor written
-- without parentheses) and runs of free-text words ("ECONOMIC AFFAIRS").
local function add_words(list, seen, words, eras, warnings)
  local i = 1
  while i <= #words do
    local w = words[i]
    local a, b = words[i + 1], words[i + 2]
    if w == "OVIP" and a and b and a:match("^%u%u%u+$") and b:match("^%u%u%u+$")
        and not known(a) and not known(b) then
      add(list, seen, decode(w, eras))
      local name = a .. ", " .. b
      add(list, seen, { code = name, kind = "person", name = name })
      i = i + 3
    elseif long_word(w) then
      local j = i
      while long_word(words[j + 1]) or (CONNECTORS[words[j + 1] or ""] and long_word(words[j + 2])) do
        j = j + (long_word(words[j + 1]) and 1 or 2)
      end
      if j > i then
        local phrase = table.concat(words, " ", i, j)
        add(list, seen, { code = phrase, kind = "unknown" })
      else
        add_code(list, seen, w, eras, warnings)
      end
      i = j + 1
    else
      add_code(list, seen, w, eras, warnings)
      i = i + 1
    end
  end
end

-- Splits body (upper case, people removed) into tags: at commas when there
-- are any (an item of a few unknown words is one tag: "GOI EXTERNAL"), else
-- at blanks.
local function add_codes(list, seen, body, eras, warnings)
  for item in body:gmatch("[^,;]+") do
    local words = {}
    for w in item:gmatch("%S+") do words[#words + 1] = w end
    local all_unknown = #words >= 2 and #words <= 3
    for _, w in ipairs(words) do
      if known(w) or not w:match("^%u+$") then all_unknown = false end
    end
    if all_unknown and body:find("[,;]") then
      add(list, seen, { code = table.concat(words, " "), kind = "unknown" })
    else
      add_words(list, seen, words, eras, warnings)
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

local function extent(body)
  local line_end = body:find("\n", 1, true)
  local line = body:sub(1, (line_end or 0) - 1)
  local out = { line }
  while line_end do
    local next_end = body:find("\n", line_end + 1, true)
    local next_line = body:sub(line_end + 1, (next_end or 0) - 1)
    if not (line:find(",%s*$") or continues(next_line)) then break end
    out[#out + 1] = next_line
    line, line_end = next_line, next_end
  end
  local text = table.concat(out, "\n")
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
  if not text:match("%S") then return nil, "empty TAGS text" end
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
  local list, seen, eras = {}, {}, eras_for(ctx)
  local pos = 1
  while true do
    local from, to = body:find("%b()", pos)
    add_codes(list, seen, body:sub(pos, (from or 0) - 1), eras, warnings)
    if not from then break end
    local inner = body:sub(from + 1, to - 1)
    if inner:find(",") then  -- a person: "(VANCE, CYRUS)"
      local name = person_name(inner)
      add(list, seen, { code = name, kind = "person", name = name })
    else
      add_codes(list, seen, inner, eras, warnings)
    end
    pos = to + 1
  end
  if #list == 0 then return nil, "no TAGS code in " .. string.format("%q", text:sub(1, 60)) end
  return { raw = text, list = list }, warnings
end

return M
