-- Addressee lines of the FM / TO / INFO blocks ("TO RUEHC/SECSTATE WASHDC
-- IMMEDIATE 3217"): routing indicator, addressee name, post, precedence and
-- per-addressee sequence number; collectives and XMT exclusions.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"
local cid = require "cable.fields.canonical_id"

local P, C = lpeg.P, lpeg.C

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
M.precedence = C(words_pattern(precedence_words())) * -pt.alnum

-- A routing indicator before a slash: RUEHC/, RHEHNSC/ (captured without slash).
M.routing_indicator = C(pt.upper * pt.rep(pt.upper, 4, 7)) * P"/"

-- Block keywords that may open a line.
M.keyword = C(P"FM" + P"TO" + P"INFO" + P"XMT") * pt.sp1

-- The keyword or routing indicator, then the position after it.
local KEYWORD_THEN = M.keyword * lpeg.Cp()
local RI_THEN = M.routing_indicator * lpeg.Cp()

local function squeeze(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- Routing indicator -> post row, built on first use.
local by_ri

local function post_of_ri(ri)
  by_ri = by_ri or tables.index("posts", "routing_indicator")
  local row = by_ri[ri]
  return row and (row.city_corrected or row.city)
end

-- The post named in an addressee name ("AMEMBASSY LA PAZ" -> LA PAZ,
-- "SECSTATE WASHDC" -> WASHINGTON), or nil when unknown.
local function post_of_name(name)
  local city = name
  for _, w in ipairs(POST_TYPES) do
    local rest = city:match("^" .. w .. " (.+)$")
    if rest then city = rest break end
  end
  local full, known = cid.resolve(city)
  if not known then return nil end
  if full == "STATE" then return "WASHINGTON" end
  return full
end

-- Takes the trailing serial and precedence off the words of a line.
-- A precedence that ends the line.
local PRECEDENCE_AT_END = M.precedence * pt.sps * -P(1)

local function tail_fields(rest)
  local serial
  local head, digits = rest:match("^(.-)%s+(%d+)$")
  if digits then rest, serial = head, digits end
  local precedence
  for i = 1, #rest do
    if rest:sub(i, i) == " " then
      local p = lpeg.match(PRECEDENCE_AT_END, rest, i + 1)
      if p then
        precedence = squeeze(p)
        rest = rest:sub(1, i - 1)
        break
      end
    end
  end
  return rest, precedence, serial
end

-- parse(line) -> { text, keyword = "FM"|"TO"|"INFO"|"XMT"|nil, ri, name, post,
-- precedence, serial, collective = true|nil, exclude = true|nil } | nil, message
function M.parse(line)
  if type(line) ~= "string" then error("addressee.parse: line must be a string", 2) end
  local text = squeeze(line:gsub("\194\182", " "):gsub("\\", " "))
  if text == "" then return nil, "empty addressee line" end
  if not text:match("^[%w%s/%.,&%-%(%)']+$") then
    return nil, "not an addressee line: " .. string.format("%q", text:sub(1, 60))
  end
  local up = text:upper()
  local entry = { text = text }
  local keyword, after = lpeg.match(KEYWORD_THEN, up)
  if keyword then
    entry.keyword, up = keyword, up:sub(after)
    if keyword == "XMT" then entry.exclude = true end
  end
  local ri, after_ri = lpeg.match(RI_THEN, up)
  if ri then entry.ri, up = ri, up:sub(after_ri) end
  local name, precedence, serial = tail_fields(squeeze(up))
  if not name:match("%a") then return nil, "no addressee name in " .. string.format("%q", text) end
  entry.name, entry.precedence, entry.serial = name, precedence, serial
  entry.post = post_of_name(name) or (ri and post_of_ri(ri))
  if name:find("COLLECTIVE", 1, true) or name:match("^ALL ") then entry.collective = true end
  return entry
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
  for _, line in ipairs(lines_of(lines)) do
    if type(line) ~= "string" then error("addressee.parse_list: every line must be a string", 2) end
    if line:match("%S") then
      local entry, err = M.parse(line)
      if entry then list[#list + 1] = entry else warnings[#warnings + 1] = err end
    end
  end
  if #list == 0 then return nil, "no addressee in block" end
  return list, warnings
end

return M
