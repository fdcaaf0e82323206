-- A scanned cable: the text, its classified lines, and the message text with
-- the page furniture (banners, PAGE headers, the blank lines around them)
-- taken out and the pieces rejoined, with a map back to the original lines.
local document = {}
document.__index = document

local lpeg = rawget(_G, "lpeg") or require "lpeg"
local classes = require("cable.scan").classes
local pt = require "cable.patterns"
local TEXT, BLANK, PAGE, BANNER, END = classes.text, classes.blank, classes.page,
  classes.banner, classes["end"]

function document.new(text, scanned)
  return setmetatable({ text = text, scan = scanned, n = scanned.n }, document)
end

function document:line(i)
  local t = self.scan
  return self.text:sub(t[3 * i - 2], t[3 * i - 1] - 1)
end

-- Line number holding byte offset pos (binary search over line starts).
function document:line_at(pos)
  local t, lo, hi = self.scan, 1, self.n
  if hi == 0 then return 1 end
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if t[3 * mid - 2] <= pos then lo = mid else hi = mid - 1 end
  end
  return lo
end

-- The run of blank, banner and PAGE lines from line i (up to last): the
-- line after it, and whether it holds a banner or PAGE line (then the whole
-- run is page furniture; blank lines alone are ordinary text).
local function furniture_run(t, i, last)
  local j, found = i, false
  while j <= last do
    local c = t[3 * j]
    if c == BANNER or c == PAGE then found = true
    elseif c ~= BLANK then break end
    j = j + 1
  end
  return j, found
end

local byte, find, sub, concat = string.byte, string.find, string.sub, table.concat

-- Adds piece s, which starts at byte original of the text, to the message
-- text being built: the pieces are joined by "\n", and segments[k] = {where
-- piece k starts in the message text, original}.
local function add(pieces, segments, s, original)
  local n, start = #pieces, 1
  if n > 0 then start = segments[n][1] + #pieces[n] + 1 end
  pieces[n + 1] = s
  segments[n + 1] = { start, original }
end

-- Adds lines first..last of the text as one piece.
local function add_lines(pieces, segments, text, t, first, last)
  local from = t[3 * first - 2]
  add(pieces, segments, sub(text, from, t[3 * last - 1] - 1), from)
end

-- Lists the banner and PAGE lines among furniture lines i..j in out; the
-- text run together after a PAGE header is added as a piece of its own.
-- Returns the class of the last of them.
local function take_furniture(self, out, i, j, page_header, pieces, segments)
  local t, text, last_class = self.scan, self.text, nil
  for k = i, j do
    local c = t[3 * k]
    if c == BANNER then
      out.banners[#out.banners + 1] = { text = sub(text, t[3 * k - 2], t[3 * k - 1] - 1), line = k }
      last_class = c
    elseif c == PAGE then
      local from = t[3 * k - 2]
      local line = sub(text, from, t[3 * k - 1] - 1)
      out.pages[#out.pages + 1] = { text = line, line = k }
      last_class = c
      local page = page_header and lpeg.match(page_header, line)
      if page then
        local at = page.rest_at
        page.rest_at = nil
        out.page_headers[#out.page_headers + 1] = page
        if find(line, "%S", at) then add(pieces, segments, sub(line, at), from + at - 1) end
      end
    end
  end
  return last_class
end

-- The bytes of a string as a set (byte -> true): a marker_guard's first and
-- last. Guards are few and come again with every cable, hence the cache.
local byte_set = pt.cached(function(s)
  local set = {}
  for k = 1, #s do set[byte(s, k)] = true end
  return set
end, 64)

-- The first and the last byte of text[from..to] that is not a blank (space
-- or tab), or nil: for the lines that start or end with more than a blank.
local function first_solid(text, from, to)
  for at = from, to do
    local b = byte(text, at)
    if b ~= 32 and b ~= 9 then return b end
  end
end
local function last_solid(text, from, to)
  for at = to, from, -1 do
    local b = byte(text, at)
    if b ~= 32 and b ~= 9 then return b end
  end
end

-- Builds the message text: lines first..last (the text region, up to the end
-- marker) without page furniture. Returns a table:
--   text      the rejoined message text
--   segments  list of {clean_start, original_start}: where each piece came from
--   banners   list of {text=, line=}, pages list of {text=, line=}
--   page_headers  what page_header captured on each PAGE line
--   end_line  the line of the end marker (NNN), when there is one
--   after     lines after the end marker that are not blank
-- Page furniture is a banner or PAGE line, or a blank line in a run of
-- blanks, banners and PAGE lines that holds at least one of them.
-- page_header, an LPeg pattern matched on each PAGE line, captures a table
-- whose rest_at is where the header ends: text after it (a run-together
-- line) is kept in place. marker_line, an LPeg pattern matched on each
-- ordinary line with the class of the nearest non-blank line above as extra
-- argument, picks out further furniture (Cablegate's "TRIPOLI 00000220  002
-- OF 003"): such a line is left out of the text and listed in `markers` as
-- {text=, line=, value=}. marker_guard, the grammar's { first=, last=,
-- holds= } (docs/grammars.md), when given, picks the lines marker_line is
-- tried on: those whose first or last byte that is not a blank is one of
-- the bytes of `first` or `last`, or that hold the plain string `holds`.
-- The others are spared the copy and the match.
-- One pass over the lines; a run of ordinary lines is copied in one piece,
-- and the pieces are joined once at the end. The loop runs once per line,
-- so its common case, a text line, is tested first and dealt with in place.
function document:message_text(page_header, marker_line, marker_guard)
  local t, text = self.scan, self.text
  local first, last = t.text_first, t.text_last
  local pieces, segments, markers = {}, {}, {}
  local out = { text = nil, segments = segments, banners = {}, pages = {}, page_headers = {}, after = {},
    markers = markers }
  local guard = marker_line and marker_guard
  local starts = guard and guard.first and byte_set(guard.first)
  local ends = guard and guard.last and byte_set(guard.last)
  local holds = guard and guard.holds
  -- where holds was found last (nil: nowhere further); the lines come in
  -- order, so each find starts at a line after the last hit, and all the
  -- finds together read the text once at most
  local hit = 0
  local always = marker_line and not guard   -- every text line is tried
  local run = nil   -- the first line of the ordinary lines not added yet
  local previous, match = nil, lpeg.match
  local TEXT, BLANK, BANNER, PAGE = TEXT, BLANK, BANNER, PAGE   -- registers, not upvalues
  local i = first
  while i <= last do
    local p = 3 * i
    local c = t[p]
    if c == TEXT then
      local try = always
      if guard then
        -- marker_guard's tests, in place: they make a call only for a line
        -- that starts with a blank or ends with two
        local from, e = t[p - 2], t[p - 1]
        if starts then
          local b = byte(text, from)
          if b == 32 or b == 9 then b = first_solid(text, from + 1, e - 1) end
          try = starts[b]
        end
        if ends and not try then
          -- the last two bytes in one call: many lines end in one blank
          local a, b = byte(text, e - 2, e - 1)
          if b == 32 or b == 9 then
            b = e - 2 >= from and a or nil
            if b == 32 or b == 9 then b = last_solid(text, from, e - 3) end
          elseif b == nil then
            b = a   -- a line of one byte at the start of the text
          end
          try = ends[b]
        end
        if holds and not try then
          if hit and hit < from then hit = find(text, holds, from, true) end
          try = hit and hit + #holds <= e
        end
      end
      local value
      if try then
        local from = t[p - 2]
        local line = sub(text, from, t[p - 1] - 1)
        value = match(marker_line, line, 1, previous)
        if value then
          if run then add_lines(pieces, segments, text, t, run, i - 1); run = nil end
          markers[#markers + 1] = { text = line, line = i, value = value }
        end
      end
      if not value and not run then run = i end
      previous = c
      i = i + 1
    elseif c == BLANK or c == BANNER or c == PAGE then
      local j, found = furniture_run(t, i, last)
      if found then
        if run then add_lines(pieces, segments, text, t, run, i - 1); run = nil end
        previous = take_furniture(self, out, i, j - 1, page_header, pieces, segments)
      elseif not run then
        run = i
      end
      i = j
    elseif c == END then
      out.end_line = i
      for k = i + 1, last do
        if t[3 * k] ~= BLANK then out.after[#out.after + 1] = k end
      end
      last = i - 1
      break
    else
      if not run then run = i end
      previous = c
      i = i + 1
    end
  end
  if run then add_lines(pieces, segments, text, t, run, last) end
  out.text = concat(pieces, "\n")
  return out
end

-- Original byte offset of position pos in a message text built above.
function document.original(segments, pos)
  local lo, hi = 1, #segments
  if hi == 0 then return pos end
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if segments[mid][1] <= pos then lo = mid else hi = mid - 1 end
  end
  return segments[lo][2] + (pos - segments[lo][1])
end

-- An attribute line read in place (no copy of the line): the name up to the
-- colon and the value after it, both without the white space around them
-- (what Lua's %s matches; a line holds no newline). A continuation line is a
-- value alone.
local P, S, C = lpeg.P, lpeg.S, lpeg.C
local space = S" \t\v\f\r"
local word = (1 - space - P"\n") ^ 1
local value = space ^ 0 * C((word * (space ^ 1 * word) ^ 0) ^ -1)
local name_word = (1 - space - P"\n" - P":") ^ 1
local ATTR_LINE = C(name_word * (space ^ 1 * name_word) ^ 0) * space ^ 0 * P":" * value
local CONT_LINE = value

-- The attribute block as parallel lists, in order: names, values and line
-- numbers; key-less lines continue the value above them (an empty value
-- gives way to the next line, any other is joined to it by "\n"). Lines
-- before the first key are returned in a fourth list (unclaimed). The
-- pieces of a continued value are joined once, at its end, so that a long
-- run of continuation lines costs no more than its length.
function document:attributes()
  local t, text = self.scan, self.text
  local names, values, lines, stray = {}, {}, {}, {}
  if not t.attr_first then return names, values, lines, stray end
  local ATTR, CONT, match = classes.attr, classes.attr_cont, lpeg.match
  local n, parts = 0, nil   -- parts: the pieces of value n, once it holds two
  for i = t.attr_first, t.attr_last do
    local c = t[3 * i]
    if c == ATTR then
      if parts then values[n] = concat(parts, "\n"); parts = nil end
      n = n + 1
      names[n], values[n] = match(ATTR_LINE, text, t[3 * i - 2])
      lines[n] = i
    elseif c == CONT then
      if n == 0 then
        stray[#stray + 1] = i
      else
        local v = match(CONT_LINE, text, t[3 * i - 2])
        if parts then
          parts[#parts + 1] = v
        elseif values[n] == "" then
          values[n] = v
        else
          parts = { values[n], v }
        end
      end
    end
  end
  if parts then values[n] = concat(parts, "\n") end
  return names, values, lines, stray
end

-- Non-blank lines before the message text (other than the marker itself).
function document:preamble()
  local t, out, MARK = self.scan, {}, classes.mark
  for i = 1, t.text_first - 1 do
    local c = t[3 * i]
    if c ~= BLANK and c ~= MARK then out[#out + 1] = i end
  end
  return out
end

return document
