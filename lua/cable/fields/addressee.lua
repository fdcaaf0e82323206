-- Addressee lines of the FM / TO / INFO blocks ("TO RUEHC/SECSTATE WASHDC
-- IMMEDIATE 3217"): routing indicator, addressee name, post, precedence and
-- per-addressee sequence number; collectives and XMT exclusions.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"
local cid = require "cable.fields.canonical_id"

local P, S, C, Cc = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc

local M = {}

-- Post-type words written before a post's city.
local POST_TYPES = { "AMEMBASSY", "AMCONSUL", "AMCONGEN", "USMISSION", "USINT", "USLO",
  "AIT", "USDEL", "USOFFICE", "AMEMB", "EMBASSY", "CONSULATE" }

-- Precedence words allowed on an addressee line, longest first, from
-- precedence.tsv (column in_addressee_line) plus ROUTINE (rarely written).
local function precedence_words()
  local words, seen = {}, {}
  for _, row in ipairs(tables.rows("precedence")) do
    local w = row.in_addressee_line
    if w and w:match("^[%u ]+$") and not seen[w] then
      seen[w] = true
      words[#words + 1] = w
    end
  end
  if not seen.ROUTINE then words[#words + 1] = "ROUTINE" end
  table.sort(words, function(a, b) return #a > #b end)
  return words
end

local function words_pattern(words)
  local patt = P(false)
  for _, w in ipairs(words) do
    local p
    for part in w:gmatch("%S+") do
      p = p and p * pt.sp1 * P(part) or P(part)
    end
    patt = patt + p
  end
  return patt
end

-- A precedence written on an addressee line: FLASH, NIACT IMMEDIATE,
-- IMMEDIATE, PRIORITY, ROUTINE (captured, blanks squeezed by the caller).
local PRECEDENCE_WORDS = precedence_words()
M.precedence = C(words_pattern(PRECEDENCE_WORDS)) * -pt.alnum

-- A routing indicator before a slash: RUEHC/, RHEHNSC/ (captured without slash).
M.routing_indicator = C(pt.upper * pt.rep(pt.upper, 4, 7)) * P"/"

-- Block keywords that may open a line.
M.keyword = C(P"FM" + P"TO" + P"INFO" + P"XMT") * pt.sp1

-- The line made one-blank clean in one pass: pilcrows, backslashes and any
-- white space become one blank between words, none at the ends.
local blank = S" \t\n\v\f\r\\" + P"\194\182"
local word = (1 - S" \t\n\v\f\r\\\194") ^ 1 + (P"\194" - blank)
local CLEAN = lpeg.Cs((blank ^ 1 / "") ^ -1 * (word + blank ^ 1 * -P(1) / "" + blank ^ 1 / " ") ^ 0)

-- The characters an addressee line may hold; most lines come clean already
-- (one blank between words), and need no cleaning.
local line_char = pt.alnum + S"/.,&-()'"
local ADDRESSEE_LINE = (line_char + S" \t\n\v\f\r") ^ 1 * -P(1)
local CLEAN_ADDRESSEE_LINE = line_char ^ 1 * (P" " * line_char ^ 1) ^ 0 * -P(1)

-- The words of a clean upper-case line: keyword, routing indicator, name,
-- precedence and serial (nil when absent). The precedence is the longest
-- tail of words that is one, before the serial if any.
-- The tail is looked for only after a blank that a precedence word or a
-- digit follows (the first letters of the words, from the table).
local upper_word = (pt.upper + pt.digit + S"/.,&-()'") ^ 1
local serial = P" " * C(pt.digit ^ 1) * -P(1)
local tail = P" " * M.precedence * (serial + Cc(nil)) * -P(1) + Cc(nil) * serial
local tail_first = pt.digit
for _, w in ipairs(PRECEDENCE_WORDS) do tail_first = tail_first + P(w:sub(1, 1)) end
local no_tail = -(#(P" " * tail_first) * tail)
local ADDRESSEE_WORDS = (M.keyword + Cc(nil)) * (M.routing_indicator + Cc(nil)) * pt.sps
  * C((upper_word * (no_tail * P" " * upper_word) ^ 0) ^ -1) * (tail + Cc(nil) * Cc(nil))

-- The same for a line as given, when it is clean and in upper case (most
-- lines are): no check of its own, no copy. Fails on any other line.
local CLEAN_UPPER_WORDS = #(upper_word * (P" " * upper_word) ^ 0 * -P(1)) * ADDRESSEE_WORDS

-- Routing indicator -> post row, built on first use.
local by_ri

local function post_of_ri(ri)
  by_ri = by_ri or tables.index("posts", "routing_indicator")
  local row = by_ri[ri]
  return row and (row.city_corrected or row.city)
end

-- The city of an addressee name: the name without its post-type word.
local city_patt = P(false)
for _, w in ipairs(POST_TYPES) do city_patt = city_patt + P(w .. " ") * C(P(1) ^ 1) end
local CITY = city_patt + C(P(1) ^ 0)

-- What an addressee name tells: the post it names ("AMEMBASSY LA PAZ" ->
-- LA PAZ, "SECSTATE WASHDC" -> WASHINGTON; nil when unknown), whether it
-- is a collective, whether it holds a letter at all. Kept for the names
-- already seen: the same addressees come back in cable after cable.
local name_facts = pt.cached(function(name)
  local facts = { named = name:find("%a") ~= nil }
  local full, known = cid.resolve(lpeg.match(CITY, name))
  if known then facts.post = full == "STATE" and "WASHINGTON" or full end
  facts.collective = name:find("COLLECTIVE", 1, true) ~= nil or name:sub(1, 4) == "ALL " or nil
  return facts
end, 10000)

-- The entry of a line (a string), or nil, message; with skip_blank, nil
-- and no message for a blank line.
local function parse_line(line, skip_blank)
  local text = line
  local keyword, ri, name, precedence, serial_number = lpeg.match(CLEAN_UPPER_WORDS, line)
  if not name then  -- cleaned and upper-cased first
    if skip_blank and not line:find("%S") then return nil end
    if not lpeg.match(CLEAN_ADDRESSEE_LINE, line) then
      text = lpeg.match(CLEAN, line)
      if text == "" then return nil, "empty addressee line" end
      if not lpeg.match(ADDRESSEE_LINE, text) then
        return nil, "not an addressee line: " .. string.format("%q", text:sub(1, 60))
      end
    end
    keyword, ri, name, precedence, serial_number = lpeg.match(ADDRESSEE_WORDS, text:upper())
  end
  local facts = name_facts(name)
  if not facts.named then return nil, "no addressee name in " .. string.format("%q", text) end
  local entry = { text = text, keyword = keyword, ri = ri, name = name, precedence = precedence,
    serial = serial_number, post = facts.post or (ri and post_of_ri(ri)) or nil }
  if keyword == "XMT" then entry.exclude = true end
  entry.collective = facts.collective
  return entry
end

-- parse(line) -> { text, keyword = "FM"|"TO"|"INFO"|"XMT"|nil, ri, name, post,
-- precedence, serial, collective = true|nil, exclude = true|nil } | nil, message
function M.parse(line)
  if type(line) ~= "string" then error("addressee.parse: line must be a string", 2) end
  return parse_line(line)
end

local function lines_of(lines)
  if type(lines) == "string" then
    local out = {}
    for l in lines:gmatch("[^\r\n]+") do out[#out + 1] = l end
    return out
  end
  if type(lines) ~= "table" then error("addressee.parse_list: lines must be a string or a list", 3) end
  return lines
end

-- parse_list(lines) -> list of entries, warnings | nil, message
-- lines: the lines of one TO or INFO block (a list of strings or one string);
-- the first may still carry its keyword. XMT lines come back in the same list
-- with exclude = true. Blank lines are skipped; bad lines give warnings.
function M.parse_list(lines)
  local list, warnings = {}, {}
  lines = lines_of(lines)
  local i, line = 1, lines[1]
  while line ~= nil do
    if type(line) ~= "string" then error("addressee.parse_list: every line must be a string", 2) end
    local entry, err = parse_line(line, true)
    if entry then list[#list + 1] = entry
    elseif err then warnings[#warnings + 1] = err end
    i = i + 1
    line = lines[i]
  end
  if #list == 0 then return nil, "no addressee in block" end
  return list, warnings
end

return M
