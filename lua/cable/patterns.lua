-- Small LPeg building blocks shared by the field modules and the grammars:
-- blanks, letters, digits and a few pattern builders; also quoting for
-- messages, a bounded cache and the groups in parentheses of a text. Only
-- features present in both LPeg 1.0.2 and 1.1 are used.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S = lpeg.P, lpeg.R, lpeg.S

local M = {}

M.sp = S" \t"                        -- one blank inside a line
M.sps = M.sp ^ 0                     -- optional blanks
M.sp1 = M.sp ^ 1                     -- at least one blank
M.digit = R"09"
M.upper = R"AZ"
M.lower = R"az"
M.letter = M.upper + M.lower
M.alnum = M.letter + M.digit

-- n to m repetitions of patt (m may be nil for "no limit").
function M.rep(patt, n, m)
  patt = P(patt)
  local out = P(true)
  for _ = 1, n do out = out * patt end
  if m == nil then return out * patt ^ 0 end
  if m > n then out = out * patt ^ -(m - n) end
  return out
end

-- Patterns are made once per character and kept (by byte): the words of
-- the modules share their characters, and making a pattern costs far more
-- than a lookup (these builders run for every pattern at load time).
local byte, char = string.byte, string.char
local either_case, spaced_char = {}, {}

-- One character in either case: a set for a letter, the character itself
-- otherwise.
local function ci_char(b)
  local p = either_case[b]
  if not p then
    local ch = char(b)
    local lo, up = ch:lower(), ch:upper()
    p = lo == up and P(ch) or S(lo .. up)
    either_case[b] = p
  end
  return p
end

-- Case-insensitive literal.
function M.ci(word)
  local out = P(true)
  for i = 1, #word do out = out * ci_char(byte(word, i)) end
  return out
end

-- A word whose letters may be separated by blanks, as in "C O N F I D E N T I A L"
-- or the AAD reproduction noise "7 3": each letter, then optional blanks.
function M.spaced(word)
  local n = #word
  local out = P(true)
  for i = 1, n - 1 do
    local b = byte(word, i)
    local p = spaced_char[b]
    if not p then
      p = P(char(b)) * M.sps
      spaced_char[b] = p
    end
    out = out * p
  end
  if n > 0 then out = out * P(word:sub(n)) end
  return out
end

-- Search: the first match of patt anywhere from the current position.
-- first, when given, is the set of characters a match can start with: the
-- search then jumps over all others in one step instead of trying patt at
-- each of them.
function M.anywhere(patt, first)
  patt = P(patt)
  if first then return P{ (1 - first) ^ 0 * (patt + 1 * lpeg.V(1)) } end
  return P{ patt + 1 * lpeg.V(1) }
end

-- Text for an error message: the value quoted, cut to max bytes (default 60),
-- control and non-ASCII bytes escaped, so any input is safe to show.
local special = R("\0\31", "\127\255") + S'"\\'
local PLAIN = (1 - special) ^ 0 * -P(1)
local ESCAPED = lpeg.Cs(((1 - special) ^ 1 + special / function(ch)
  return string.format("\\%03d", ch:byte())
end) ^ 0)
function M.quote(s, max)
  max = max or 60
  local cut, more = s, ""
  if #s > max then cut, more = s:sub(1, max), "..." end
  if not lpeg.match(PLAIN, cut) then cut = lpeg.match(ESCAPED, cut) end
  return '"' .. cut .. more .. '"'
end

-- cached(f, limit) -> a function that gives f(s) for a string s, keeping f's
-- first two results for the strings already seen: for lookups that cost far
-- more than a table index and meet the same strings again and again (post
-- names, title words). It forgets everything when it holds limit strings, so
-- it stays small however many texts are read.
function M.cached(f, limit)
  local first, second, count = {}, {}, 0
  return function(s)
    local a = first[s]
    if a ~= nil then return a, second[s] end
    local b
    a, b = f(s)
    if count >= limit then first, second, count = {}, {}, 0 end
    first[s], second[s], count = a, b, count + 1
    return a, b
  end
end

-- The groups in parentheses of s, in order, as s:find("%b()", pos) finds
-- them one after another from pos = 1, each search starting after the group
-- before (and as s:gsub("%b()", ...) replaces them): the list { from1, to1,
-- from2, to2, ... } of their first and last positions. One pass pairs each
-- ")" with the last "(" still open; the find reads on to the end of s from
-- every "(" that nothing closes, quadratic in a long run of them. A text
-- without parentheses gives NO_GROUPS, shared: never change it.
local find = string.find
local NO_GROUPS = {}
function M.paren_groups(s)
  local i = find(s, "(", 1, true)  -- (a plain search: most texts hold none)
  if not i then return NO_GROUPS end
  local opened, closer, open = {}, {}, {}
  repeat
    if byte(s, i) == 40 then  -- (
      opened[#opened + 1] = i
      open[#open + 1] = i
    elseif #open > 0 then
      closer[open[#open]] = i
      open[#open] = nil
    end
    i = find(s, "[()]", i + 1)
  until not i
  local groups, after = {}, 1
  for k = 1, #opened do
    local from = opened[k]
    local to = closer[from]
    if to and from >= after then
      groups[#groups + 1], groups[#groups + 2] = from, to
      after = to + 1
    end
  end
  return groups
end

-- Raises a clear API-misuse error for a value that is not a string (level 3
-- points at the caller of the public function that called this). Public
-- functions test the type themselves and call this only to raise, so the
-- check costs no call on their hot path.
function M.not_a_string(value, where)
  error(where .. ": expected a string, got " .. type(value), 3)
end

return M
