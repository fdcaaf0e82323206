-- The text layout of the alx/cablegate conversion: five metadata lines (id,
-- subject, date as "Wed Dec 04 00:00:00 +0100 2002", classification,
-- origin), then the cable text.
local M = {}

local MONTHS = { Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6,
                 Jul = 7, Aug = 8, Sep = 9, Oct = 10, Nov = 11, Dec = 12 }

local function lines5(text)
  local lines, pos = {}, 1
  for _ = 1, 5 do
    local line, nxt = text:match("^([^\n]*)\n?()", pos)
    if not line or (nxt == pos) then break end
    lines[#lines + 1], pos = line, nxt
  end
  return lines, pos
end

-- "Wed Dec 04 00:00:00 +0100 2002" -> "2002-12-04"
local function date_of(s)
  local mon, d, y = s:match("^%a%a%a (%a%a%a) (%d%d?) [%d:]+ [%+%-]%d%d%d%d (%d%d%d%d)%s*$")
  if not mon or not MONTHS[mon] then return nil end
  return string.format("%04d-%02d-%02d", y, MONTHS[mon], d)
end

function M.is(text)
  if not text:find("^%d%d%u") then return false end  -- the id line's start: most texts leave here
  local lines = lines5(text)
  return #lines >= 5 and lines[1]:match("^%d%d%u[%u%d]*%d%s*$") ~= nil and date_of(lines[3]) ~= nil
end

function M.unwrap(text)
  local l, pos = lines5(text)
  local meta = { source = "header5", id = require("cable.trim").both(l[1]), subject = l[2],
                 date_text = l[3], date = date_of(l[3]), classification = l[4], origin = l[5] }
  return text:sub(pos), meta
end

return M
