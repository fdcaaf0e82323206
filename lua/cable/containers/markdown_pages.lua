-- The Markdown page wrapper of OCR transcriptions ("# Document", then per
-- page "## Page N" and a fenced ```text block of OCR text): the fenced text
-- becomes the cable text, each page heading stays in it as a line of its own
-- (a grammar's marker_line reads it as a page marker), and every other line
-- outside the fences is kept in the metadata as container text. Those lines
-- and the fences become empty lines, so that line numbers stay the file's.
local trim = require "cable.trim"
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, S, C = lpeg.P, lpeg.S, lpeg.C

local M = {}

local function lines(text)
  local out = {}
  for line in (text:gsub("\n$", "") .. "\n"):gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

local function page_heading(line) return line:match("^##%s+Page%s+(%d+)%s*$") end

-- A fence line: its backticks and the language word. An LPeg pattern: as
-- "^%s*(```+)%s*([%w_-]*)%s*$" the two runs of blanks around an empty word
-- would share a run of blanks in every way before failing (quadratic).
local white = S" \t\n\v\f\r" ^ 0
local FENCE = white * C(P"`" ^ 3) * white * C((lpeg.R("az", "AZ", "09") + S"_-") ^ 0) * white * -P(1)
local function fence(line) return lpeg.match(FENCE, line) end

-- A Markdown file that starts with a heading and holds a page heading and a fence.
function M.is(text)
  local head = text:sub(1, 4096)
  return head:find("^#%s") ~= nil and head:find("\n##%s+Page%s+%d+%s*\n") ~= nil
    and head:find("\n```", 1, true) ~= nil
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
