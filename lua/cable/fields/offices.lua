-- The Department's distribution block ("ACTION PM-05 / INFO OCT-01 ARA-10 ...
-- /093 W"): office codes with their copy counts, the written total and its
-- letter, checked against the sum of the counts.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"

local P, C = lpeg.P, lpeg.C

local M = {}

-- One CODE-nn token: office code (letters, then letters or digits), hyphen,
-- two-digit copy count. Captures code, count string.
M.token = C(pt.upper * (pt.upper + pt.digit) ^ 0) * P"-" * C(pt.digit * pt.digit) * -pt.alnum

-- The total: "/093 W", "/012W", "/001R". Captures digits, letter (or nothing);
-- at most four digits (a longer run is no copy count, nor an integer).
M.total = P"/" * C(pt.rep(pt.digit, 1, 4)) * -pt.digit * pt.sps * (C(pt.upper) * -pt.alnum) ^ -1 * pt.sps * -P(1)

M.keyword = C(P"ACTION" + P"ORIGIN" + P"INFO") * -pt.alnum

-- Office code -> row of offices.tsv, built on first use.
local by_code

-- A two-digit copy count ("05") -> its number, by lookup; the table fills
-- itself on first use of a count (a hundred keys at most).
local COPIES = setmetatable({}, { __index = function(copies, count)
  local n = tonumber(count)
  copies[count] = n
  return n
end })

local function office(code, count)
  by_code = by_code or tables.index("offices", "code")
  local row = by_code[code]
  return { code = code, copies = COPIES[count], name = row and row.name }
end

-- The blank-separated words of a block in one pass, two values a word:
-- KEYWORD and the keyword; code and count for an office token; OTHER and the
-- word for anything else.
local KEYWORD, OTHER = 0, 1
local space = lpeg.S" \t\n\v\f\r"
local word_end = #space + -P(1)
local rest_of_word = (1 - space) ^ 0
local WORDS = lpeg.Ct((space ^ 1 + lpeg.Cc(KEYWORD) * M.keyword * rest_of_word + M.token * word_end
  + lpeg.Cc(OTHER) * C((1 - space) ^ 1)) ^ 0)

-- Reads a word that is neither a keyword nor an office token (the total,
-- its letter) into state; returns a warning or nil.
local function read_other(word, state)
  if state.total_pending and word:match("^%u$") then
    state.result.total_letter, state.total_pending = word, false
    return
  end
  local total, letter = lpeg.match(M.total, word)
  if total then
    state.result.total, state.result.total_letter = tonumber(total), letter
    state.total_pending = letter == nil
    return
  end
  return "not an office token: " .. string.format("%q", word)
end

-- Reads the words of the block, from position start, into state; returns
-- the warnings.
local function read_words(text, start, state)
  local warnings = {}
  local words = lpeg.match(WORDS, text, start)
  local result, into = state.result, nil
  for i = 1, #words, 2 do
    local a, b = words[i], words[i + 1]
    if a == KEYWORD then
      if b == "INFO" then into = result.info
      else
        result.keyword = result.keyword or b
        into = result.action
      end
    elseif a == OTHER then
      warnings[#warnings + 1] = read_other(b, state)
    elseif into then
      into[#into + 1] = office(a, b)
    else
      warnings[#warnings + 1] = "office token before ACTION/ORIGIN/INFO: " .. a .. "-" .. b
    end
  end
  return warnings
end

-- parse(text) -> { keyword = "ACTION"|"ORIGIN"|nil, action = { {code, copies,
-- name}, ... }, info = { ... }, total = 93|nil, total_letter = "W"|nil,
-- sum = 93 }, warnings | nil, message
function M.parse(text)
  if type(text) ~= "string" then error("offices.parse: text must be a string", 2) end
  if not text:match("%S") then return nil, "empty distribution block" end
  local start = text:find("%f[%u]ACTION%f[%W]") or text:find("%f[%u]ORIGIN%f[%W]")
    or text:find("%f[%u]INFO%f[%W]")
  if not start then return nil, "no ACTION, ORIGIN or INFO keyword" end
  -- the result made at its full size
  local state = { result = { keyword = nil, action = {}, info = {}, total = nil, total_letter = nil,
    sum = nil } }
  local warnings = read_words(text, start, state)
  local result, sum = state.result, 0
  local action, info = result.action, result.info
  for i = 1, #action do sum = sum + action[i].copies end
  for i = 1, #info do sum = sum + info[i].copies end
  if #result.action + #result.info == 0 then return nil, "no office token in distribution block" end
  result.sum = sum
  if result.total and result.total ~= sum then
    warnings[#warnings + 1] = string.format("copy total /%03d differs from the sum of the counts %d",
      result.total, sum)
  end
  return result, warnings
end

return M
