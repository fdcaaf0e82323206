-- White-space trimming in time linear in the length of the text. Lua's own
-- idioms ("^%s*(.-)%s*$", gsub("%s+$", "")) retry the pattern at every
-- blank, which is quadratic in the length of a run of blanks. White space is
-- what Lua's %s matches: space, \t, \n, \v, \f, \r.
local find, byte, sub = string.find, string.byte, string.sub

local trim = {}

local space = { [9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true }

-- s without its trailing white space.
function trim.right(s)
  local j = #s
  while j > 0 and space[byte(s, j)] do j = j - 1 end
  return sub(s, 1, j)
end

-- s without its leading and trailing white space.
function trim.both(s)
  local i = find(s, "%S")
  if not i then return "" end
  local j = #s
  while space[byte(s, j)] do j = j - 1 end
  return sub(s, i, j)
end

-- s with every run of white space made one blank, and trimmed: one LPeg
-- pass, so linear however long the runs are.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local white_run = lpeg.S" \t\n\v\f\r" ^ 1
local SQUEEZE = lpeg.Cs((white_run / " " + (1 - white_run) ^ 1) ^ 0)
function trim.squeeze(s)
  return trim.both(lpeg.match(SQUEEZE, s))
end

-- s without the trailing bytes that are in set (a table byte -> true).
function trim.right_of(s, set)
  local j = #s
  while j > 0 and set[byte(s, j)] do j = j - 1 end
  return sub(s, 1, j)
end

-- Is byte b (a number) white space?
function trim.is_space(b) return space[b] == true end

return trim
