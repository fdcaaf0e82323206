-- The text layout of the alx/cablegate conversion: five metadata lines (id,
-- subject, date as "Wed Dec 04 00:00:00 +0100 2002", classification,
-- origin), then the cable text.
local trim = require "cable.trim"

local find, sub = string.find, string.sub

local M = {}

local MONTHS = { Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6,
                 Jul = 7, Aug = 8, Sep = 9, Oct = 10, Nov = 11, Dec = 12 }

-- The first five lines of text (fewer if it has fewer) and the position
-- after them: plain finds of the line ends (a pattern reads a line a byte
-- at a time).
local function lines5(text)
  local lines, pos, last = {}, 1, #text
  for _ = 1, 5 do
    if pos > last then break end
    local nl = find(text, "\n", pos, true) or last + 1
    lines[#lines + 1], pos = sub(text, pos, nl - 1), nl + 1
  end
  return lines, math.min(pos, last + 1)
end

-- "Wed Dec 04 00:00:00 +0100 2002" -> "2002", 12, "04" | nil
local function date_parts(s)
  local mon, d, y = s:match("^%a%a%a (%a%a%a) (%d%d?) [%d:]+ [%+%-]%d%d%d%d (%d%d%d%d)%s*$")
  if mon and MONTHS[mon] then return y, MONTHS[mon], d end
end

-- "Wed Dec 04 00:00:00 +0100 2002" -> "2002-12-04"
local function date_of(s)
  local y, m, d = date_parts(s)
  if not y then return nil end
  return string.format("%04d-%02d-%02d", y, m, d)
end

function M.is(text)
  if not text:find("^%d%d%u") then return false end  -- the id line's start: most texts leave here
  local lines = lines5(text)
  return #lines >= 5 and lines[1]:match("^%d%d%u[%u%d]*%d%s*$") ~= nil and date_parts(lines[3]) ~= nil
end

function M.unwrap(text)
  local l, pos = lines5(text)
  local meta = { source = "header5", id = trim.both(l[1]), subject = l[2],
                 date_text = l[3], date = date_of(l[3]), classification = l[4], origin = l[5] }
  return text:sub(pos), meta
end

return M
