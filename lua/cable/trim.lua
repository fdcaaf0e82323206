-- White-space trimming in time linear in the length of the text. Lua's own
-- idioms ("^%s*(.-)%s*$", gsub("%s+$", "")) retry the pattern at every
-- blank, which is quadratic in the length of a run of blanks. White space is
-- what Lua's %s matches: space, \t, \n, \v, \f, \r. Most strings have no
-- blank at either end: they are returned as they are, without a copy.
local find, byte, sub = string.find, string.byte, string.sub

local trim = {}

local space = { [9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true }

-- s without its trailing white space.
function trim.right(s)
  local j = #s
  if not space[byte(s, j)] then return s end
  repeat j = j - 1 until not space[byte(s, j)]
  return sub(s, 1, j)
end

-- s without its leading and trailing white space.
function trim.both(s)
  local j = #s
  if not space[byte(s, 1)] and not space[byte(s, j)] then return s end
  local i = find(s, "%S")
  if not i then return "" end
  while space[byte(s, j)] do j = j - 1 end
  return sub(s, i, j)
end

-- s with every run of white space made one blank, and trimmed: one LPeg
-- pass, so linear however long the runs are. A single blank between words
-- is copied with the words, not replaced: far fewer captures.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local white = lpeg.S" \t\n\v\f\r"
local words = (1 - white) ^ 1 * (lpeg.P" " * (1 - white) ^ 1) ^ 0
local SQUEEZE = lpeg.Cs(white ^ 0 / "" * (words + white ^ 1 * -lpeg.P(1) / "" + white ^ 1 / " ") ^ 0)
function trim.squeeze(s)
  return lpeg.match(SQUEEZE, s)
end

-- s with every maximal run of white space that holds a line end made one
-- blank (runs without one are kept): what gsub("%s*\n%s*", " ") gives, in
-- one LPeg pass. The gsub retries a run of blanks from each of its
-- positions, quadratic in its length; here a run is read once (LPeg's
-- repetitions never give back what they took).
local blanks = lpeg.S" \t\v\f\r"
local JOIN = lpeg.Cs(((blanks ^ 0 * lpeg.P"\n" * white ^ 0) / " " + blanks ^ 1 + (1 - white) ^ 1) ^ 0)
function trim.join_lines(s)
  if not find(s, "\n", 1, true) then return s end
  return lpeg.match(JOIN, s)
end

-- s without the trailing bytes that are in set (a table byte -> true).
function trim.right_of(s, set)
  local j = #s
  while j > 0 and set[byte(s, j)] do j = j - 1 end
  return sub(s, 1, j)
end

-- Is byte b (a number) white space?
function trim.is_space(b) return space[b] == true end

-- The white-space bytes as a set (byte -> true), for loops over bytes where
-- a call per byte costs too much. Read it; never change it.
trim.space_bytes = space

return trim
