-- Database records run into a cable text (a WikiLeaks export artefact):
--   tab rows   "[seq<TAB>]2007-09-11 09:44:00<TAB>07BERN881<TAB>origin<TAB>
--              class<TAB>refs<TAB>header...<TAB>body...", lines ending in "\"
--   dumps      "<<218634>>" then created, id, origin, class, refs lines and
--              the header again before the body
-- The record of the cable itself is unpacked into header + body; records of
-- other cables found after it are cut off and returned, never dropped.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local white = require "cable.trim"

local M = {}

local ROW_START = "^(%d*)\t?(%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d)\t([^\t]*)\t"

-- The first n lines of text from pos: {text = line without its "\n", at =
-- position}.
local function lines_of(text, pos, n)
  local list = {}
  while pos <= #text and #list < n do
    local line, nxt = text:match("^([^\n]*)\n?()", pos)
    list[#list + 1] = { text = line, at = pos }
    pos = nxt
  end
  return list
end

-- Where the line that holds position at begins.
local function line_start(text, at)
  while at > 1 and text:byte(at - 1) ~= 10 do at = at - 1 end
  return at
end

-- Where the lines that start a tab row begin. Only a line that holds a tab
-- can: plain finds of tabs lead to them, the other lines are never read.
local function row_starts(text)
  local starts = {}
  local tab = text:find("\t", 1, true)
  while tab do
    local first = line_start(text, tab)
    local eol = text:find("\n", tab, true) or #text + 1
    if text:sub(first, eol - 1):match(ROW_START) then starts[#starts + 1] = first end
    tab = text:find("\t", eol, true)
  end
  return starts
end

-- Splits one tab row (backslash line ends already removed) into metadata,
-- header and body.
local function split_row(row)
  local fields, pos = {}, 1
  local seq = row:match("^(%d+)\t")
  if seq then pos = #seq + 2 end
  for _ = 1, 6 do
    local tab = row:find("\t", pos, true)
    if not tab then break end
    fields[#fields + 1] = row:sub(pos, tab - 1)
    pos = tab + 1
  end
  local meta = { seq = seq, date = fields[1], id = fields[2], origin = fields[3],
                 classification = fields[4], references = {} }
  for r in (fields[5] or ""):gmatch("[^|,%s]+") do meta.references[#meta.references + 1] = r end
  return meta, fields[6] or "", row:sub(pos)
end

-- Backslash line ends made plain line ends (one LPeg pass: gsub tries its
-- pattern at every byte), then a backslash that ends the row, with the white
-- space after it, dropped.
local SLASH_NL = lpeg.Cs(((1 - lpeg.P"\\") ^ 1 + lpeg.P"\\\n" / "\n" + 1) ^ 0)

local function unslash(s)
  s = lpeg.match(SLASH_NL, s)
  local j = #s
  while j > 0 and white.is_space(s:byte(j)) do j = j - 1 end
  if s:byte(j) == 92 then return s:sub(1, j - 1) end
  return s
end

-- The metadata of a record of another cable, of which nothing else is
-- kept: its fields before the header are unslashed alone (a whole record
-- costs ~25 instructions a byte). The end of the row that unslash drops
-- stays after them when a byte other than white space or a backslash
-- follows them; otherwise the whole row is read.
local function appended_meta(raw)
  local pos = raw:match("^%d+\t()") or 1
  for _ = 1, 5 do
    local tab = raw:find("\t", pos, true)
    if not tab then pos = nil; break end
    pos = tab + 1
  end
  if pos and raw:find("[^%s\\]", pos) then
    return (split_row(lpeg.match(SLASH_NL, raw:sub(1, pos - 1))))
  end
  return (split_row(unslash(raw)))
end

local function first_line(s)
  return white.right(white.both(s):match("^[^\n]*"))
end

-- Tab rows: every line that starts a row begins a record.
local function tab_rows(text)
  local starts = row_starts(text)
  if #starts == 0 then return nil end
  starts[#starts + 1] = #text + 1
  local prefix = text:sub(1, starts[1] - 1)
  local records = {}
  for i = 1, #starts - 1 do
    local raw = text:sub(starts[i], starts[i + 1] - 1)
    if i == 1 then
      local meta, header, body = split_row(unslash(raw))
      records[1] = { meta = meta, header = header, body = body, text = raw }
    else
      records[i] = { meta = appended_meta(raw), text = raw }
    end
  end
  local own = records[1]
  local appended = {}
  local inner = prefix
  if not prefix:find("%S") or first_line(prefix) == first_line(own.header) then
    local header = prefix:find("%S") and white.right(prefix) or white.right(own.header)
    inner = header .. "\n\n" .. white.right(own.body)
    table.remove(records, 1)
  else
    own = nil
  end
  for _, r in ipairs(records) do
    appended[#appended + 1] = { id = r.meta.id, date = r.meta.date, origin = r.meta.origin,
                                classification = r.meta.classification, text = r.text }
  end
  return inner, own and own.meta, appended
end

-- The last line of s that holds a non-blank, whole (blanks and all), or nil.
local function last_line(s)
  local j = #s
  while j > 0 and white.is_space(s:byte(j)) do j = j - 1 end
  if j == 0 then return nil end
  local eol = s:find("\n", j, true) or #s + 1
  return s:sub(line_start(s, j), eol - 1)
end

-- Where s first holds line as a line of its own (blanks may follow it):
-- plain finds, then a look at the end of the line.
local function find_line(s, line)
  local at = s:find("\n" .. line, 1, true)
  while at do
    if s:find("^[ \t]*\n", at + 1 + #line) then return at end
    at = s:find("\n" .. line, at + 1, true)
  end
end

-- A dump: "<<seq>>", five metadata lines, the header repeated up to its last
-- addressee, then the cable text (TAGS/SUBJECT/REF, body).
local function dump(text)
  local at, seq, after = text:find("\n<<", 1, true), nil, nil
  while at do
    seq, after = text:match("^\n<<(%d+)>>[ \t]*\n()", at)
    if seq then break end
    at = text:find("\n<<", at + 1, true)
  end
  if not at then return nil end
  local l = lines_of(text, after, 6)
  if #l < 6 then return nil end
  -- at most two digits a part: a longer run is no date (nor an integer)
  local m, d, y, hh, mm = l[1].text:match("^(%d%d?)/(%d%d?)/(%d%d%d%d)%s+(%d%d?):(%d%d?)")
  local meta = { seq = seq, date = m and string.format("%04d-%02d-%02d %02d:%02d", y, m, d, hh, mm),
                 id = l[2].text, origin = l[3].text, classification = l[4].text, references = {} }
  for r in l[5].text:gmatch("[^|,%s]+") do meta.references[#meta.references + 1] = r end
  local prefix = text:sub(1, at)
  local last_prefix_line = last_line(prefix)
  local rest = text:sub(l[6].at)
  local stop = last_prefix_line and find_line(rest, last_prefix_line)
  if stop then rest = rest:sub(rest:find("\n", stop + 1, true) + 1) end
  return white.right(prefix) .. "\n\n" .. rest, meta
end

-- unwrap(text) -> text, { row = metadata | nil, appended = list } | nil
function M.unwrap(text)
  -- most texts hold neither a tab nor "<<": no need to look line by line
  if not text:find("\t", 1, true) and not text:find("<<", 1, true) then return text, nil end
  local inner, own, appended = tab_rows(text)
  if inner then return inner, { row = own, appended = appended } end
  local dumped, meta = dump(text)
  if dumped then return dumped, { row = meta, appended = {} } end
  return text, nil
end

return M
