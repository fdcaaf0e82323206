-- The Markdown page wrapper of OCR transcriptions ("# Document", then per
-- page "## Page N" and a fenced ```text block of OCR text): the fenced text
-- becomes the cable text, each page heading stays in it as a line of its own
-- (a grammar's marker_line reads it as a page marker), and every other line
-- outside the fences is kept in the metadata as container text. Those lines
-- and the fences become empty lines, so that line numbers stay the file's.
local trim = require "cable.trim"
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, S, C = lpeg.P, lpeg.S, lpeg.C
local find, sub = string.find, string.sub

local M = {}

-- The lines of text (a line end at its very end ends its last line), in
-- one LPeg pass: gsub and gmatch try their pattern at every byte.
local LINES = lpeg.Ct((C((1 - P"\n") ^ 0) * P"\n") ^ 0 * C((1 - P"\n") ^ 1) ^ -1)
local function lines(text)
  if text == "" then return { "" } end
  return lpeg.match(LINES, text)
end

local function page_heading(line) return line:match("^##%s+Page%s+(%d+)%s*$") end

-- A fence line: its backticks and the language word. An LPeg pattern: as
-- "^%s*(```+)%s*([%w_-]*)%s*$" the two runs of blanks around an empty word
-- would share a run of blanks in every way before failing (quadratic).
local white = S" \t\n\v\f\r" ^ 0
local FENCE = white * C(P"`" ^ 3) * white * C((lpeg.R("az", "AZ", "09") + S"_-") ^ 0) * white * -P(1)
local function fence(line)
  return find(line, "```", 1, true) and lpeg.match(FENCE, line)  -- (a find costs a fifth of a match)
end

-- A Markdown file that starts with a heading and holds a page heading and a fence.
-- (Most texts leave at the first test, before the copy of their head; the
-- page heading is looked for from plain finds of "\n##".)
function M.is(text)
  if not find(text, "^#%s") then return false end
  local head = sub(text, 1, 4096)
  local at = find(head, "\n##", 1, true)
  while at and not find(head, "^\n##%s+Page%s+%d+%s*\n", at) do at = find(head, "\n##", at + 1, true) end
  return at ~= nil and find(head, "\n```", 1, true) ~= nil
end

-- unwrap(text) -> inner text, metadata | nil, message, position
-- metadata: {source = "markdown", title, pages = {{number, line}}, text =
-- {{line, text}} (lines outside the fences), unclosed = line of a fence
-- never closed}.
function M.unwrap(text)
  local meta = { source = "markdown", pages = {}, text = {} }
  local out, open, fenced = {}, nil, 0
  for i, line in ipairs(lines(text)) do
    local ticks = fence(line)
    out[i] = ""
    if open then
      if ticks and #ticks >= #open.ticks and line:match("^%s*`+%s*$") then
        open = nil
      else
        out[i] = line
        if line:find("%S") then fenced = fenced + 1 end
      end
    elseif ticks then
      open = { ticks = ticks, line = i }
    elseif page_heading(line) then
      meta.pages[#meta.pages + 1] = { number = tonumber(page_heading(line)), line = i }
      out[i] = line
    elseif not meta.title and line:match("^#%s+%S") then
      -- (trimmed, not matched with "(.-)%s*$": that retries a run of blanks
      -- from each of its positions)
      meta.title = trim.both(line:match("^#%s+(.*)$"))
    elseif line:find("%S") then
      meta.text[#meta.text + 1] = { line = i, text = line }
    end
  end
  if open then meta.unclosed = open.line end
  if fenced == 0 then
    return nil, "Markdown page wrapper without a fenced text block: no cable text", 1
  end
  return table.concat(out, "\n") .. "\n", meta
end

return M
