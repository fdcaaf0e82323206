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
local WHOLE_TOKEN = M.token * -P(1)

-- The total: "/093 W", "/012W", "/001R". Captures digits, letter (or nothing).
M.total = P"/" * C(pt.digit ^ 1) * pt.sps * (C(pt.upper) * -pt.alnum) ^ -1 * pt.sps * -P(1)

M.keyword = C(P"ACTION" + P"ORIGIN" + P"INFO") * -pt.alnum

-- Office code -> row of offices.tsv, built on first use.
local by_code

local function office(code, count)
  by_code = by_code or tables.index("offices", "code")
  local row = by_code[code]
  return { code = code, copies = tonumber(count), name = row and row.name }
end

-- A keyword, or else an office token: "keyword", word | code, count.
local KEYWORD_OR_TOKEN = lpeg.Cc"keyword" * M.keyword + WHOLE_TOKEN

-- Reads one blank-separated word into state; returns a warning or nil.
local function read_word(word, state)
  local code, count = lpeg.match(KEYWORD_OR_TOKEN, word)
  if code == "keyword" then
    if count == "INFO" then state.into = state.result.info
    else
      state.result.keyword = state.result.keyword or count
      state.into = state.result.action
    end
    return
  end
  if code then
    if not state.into then return "office token before ACTION/ORIGIN/INFO: " .. word end
    state.into[#state.into + 1] = office(code, count)
    return
  end
  if word:match("^%u$") and state.total_pending then
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

-- parse(text) -> { keyword = "ACTION"|"ORIGIN"|nil, action = { {code, copies,
-- name}, ... }, info = { ... }, total = 93|nil, total_letter = "W"|nil,
-- sum = 93 }, warnings | nil, message
function M.parse(text)
  if type(text) ~= "string" then error("offices.parse: text must be a string", 2) end
  if not text:match("%S") then return nil, "empty distribution block" end
  local start = text:find("%f[%u]ACTION%f[%W]") or text:find("%f[%u]ORIGIN%f[%W]")
    or text:find("%f[%u]INFO%f[%W]")
  if not start then return nil, "no ACTION, ORIGIN or INFO keyword" end
  local state = { result = { action = {}, info = {} } }
  local warnings = {}
  for word in text:sub(start):gmatch("%S+") do
    local w = read_word(word, state)
    if w then warnings[#warnings + 1] = w end
  end
  local result, sum = state.result, 0
  for _, list in ipairs{ result.action, result.info } do
    for _, o in ipairs(list) do sum = sum + o.copies end
  end
  if #result.action + #result.info == 0 then return nil, "no office token in distribution block" end
  result.sum = sum
  if result.total and result.total ~= sum then
    warnings[#warnings + 1] = string.format("copy total /%03d differs from the sum of the counts %d",
      result.total, sum)
  end
  return result, warnings
end

return M
