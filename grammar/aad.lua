-- Grammar for the State Department electronic telegrams of 1973-79 as NARA's
-- AAD and WikiLeaks PlusD show them: "Message Text" (page banners, PAGE
-- headers, ACTION/INFO office lines, dash line, precedence and date-time
-- group, FM/TO/INFO, message-number line, E.O., TAGS, SUBJECT, REF, numbered
-- paragraphs, signature, NNN) then "Message Attributes" (Key: value lines).
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local B = require "cable.blocks"
local classes = require("cable.scan").classes
local V, P, R, S, C, Carg, Cmt = lpeg.V, lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Carg, lpeg.Cmt

local grammar = {
  name = "aad",
  description = "NARA AAD / WikiLeaks PlusD State Department telegram, 1973-79 (Message Text + Message Attributes)",
  end_marker = "NNN",
}

-- Header fields in the order they are tried (any order is accepted).
grammar.rules = {
  header = B.header,
  field = V"offices" + V"dash_line" + V"dtg_line" + V"from" + V"to" + V"info" + V"xmt"
    + V"serial" + V"captions" + V"eo" + V"tags" + V"subject" + V"references"
    + V"drafted_by" + V"approved_by" + V"desired_distribution" + V"classified_by",
  para_start = B.para_start,
  unclaimed = B.unclaimed,
  unclaimed_run = B.unclaimed_run,
  offices = B.offices,
  dash_line = B.dash_line,
  dtg_line = B.dtg_line,
  from = B.from,
  to = B.to,
  info = B.info,
  xmt = B.xmt,
  serial = B.serial,
  captions = B.captions,
  eo = B.eo,
  tags = B.tags,
  subject = B.subject,
  references = B.references,
  drafted_by = B.drafted_by,
  approved_by = B.approved_by,
  desired_distribution = B.desired_distribution,
  classified_by = B.classified_by,
  page_header = B.page_header,
}

-- Furniture inside the text besides banners and PAGE lines: the bare number
-- under a Department telegram's PAGE line (43), and the declassification
-- stamp injected as its own line. Carg(1) is the class of the line above.
local blanks = S" \t" ^ 0
local after_page = Cmt(Carg(1), function(_, pos, previous) return previous == classes.page and pos end)
-- (the class test last: it is a Lua call, and few lines are bare numbers)
local bare_number = blanks * C(R"09" * R"09" ^ -2) * blanks * -P(1) * after_page
local stamp = blanks * C((1 - P"Declassified/Released") ^ 0 * P"Declassified/Released"
  * blanks * P"US Department of State" * blanks * P"EO Systematic Review" * P(1) ^ 0)
grammar.rules.marker_line = bare_number + stamp
-- The lines marker_line can match start with a digit (after blanks) or hold
-- the stamp's words; no other line is tried (docs/grammars.md).
grammar.marker_guard = { first = "0123456789", holds = "Declassified/Released" }

-- Is the piece of text from first to last (bytes) alone on its line, blanks
-- around it allowed? The text counts as ending at byte stop.
local function blank_byte(b) return b == 32 or b == 9 or b == 13 end
local function alone(text, first, last, stop)
  local s, e = first, last + 1
  while s > 1 and blank_byte(text:byte(s - 1)) do s = s - 1 end
  while e <= stop and blank_byte(text:byte(e)) do e = e + 1 end
  return (s == 1 or text:byte(s - 1) == 10) and (e > stop or text:byte(e) == 10)
end

-- Does text hold "Message Text" alone on a line in its first 4096 bytes
-- (where the line may end with those bytes), or "Message Attributes" alone
-- on a line anywhere? One pass of plain finds of "Message " for both, then
-- a look at the bytes around each hit.
local HEAD = 4096
local function archive_markers(text)
  local head_end = math.min(#text, HEAD)
  local at = text:find("Message ", 1, true)
  while at do
    if text:sub(at + 8, at + 11) == "Text" and at + 11 <= head_end and alone(text, at, at + 11, head_end) then
      return true
    end
    if text:sub(at + 8, at + 17) == "Attributes" and alone(text, at, at + 17, #text) then return true end
    at = text:find("Message ", at + 1, true)
  end
  return false
end

-- Sure when the archive's markers stand on lines of their own; the text
-- alone cannot tell an AAD telegram from the same print in other releases.
function grammar.detect(text)
  if archive_markers(text) then return 1 end
  return 0
end

-- What the archive wrote where it lost a telegram's text in migration, each
-- with a part of it (and its offset) that starts with a rare letter: plain
-- finds of "T" or "E" would stop at every few bytes of a telegram.
local LOST_TEXT = { { "TELEGRAM TEXT FOR THIS MRN IS UNAVAILABLE", "XT FOR", 11 },
                    { "EXPAND ERROR ENCOUNTERED", "XPAND", 1 } }

-- Does s hold the literal lit? Plain finds of key, off bytes into lit,
-- then a comparison.
local function holds(s, lit, key, off)
  local at = s:find(key, 1 + off, true)
  while at do
    if s:sub(at - off, at - off + #lit - 1) == lit then return true end
    at = s:find(key, at + 1, true)
  end
  return false
end

-- The archive's document number: year of the date-time group, station as on
-- the PAGE line (the MRN abbreviation: LIMA, PRETOR, NEWDE), 5-digit serial.
function grammar.finish(rec, ctx)
  local year = ctx.year
  local page = rec.page_headers[1]
  local station, number
  if page and page.station and page.serial then
    station, number = page.station, page.serial
  elseif type(rec.serial) == "table" and rec.serial.station then
    station, number = rec.serial.station:sub(1, 6), rec.serial.number
  end
  local lost
  for _, stub in ipairs(LOST_TEXT) do
    if holds(rec.body, stub[1], stub[2], stub[3]) then lost = stub[1] break end
  end
  if lost then
    rec.text_lost = true
    ctx.warn("the archive lost this telegram's text in migration (" .. lost .. ")")
  end
  local mrn = rec.body:find("MRN:", 1, true) and rec.body:match("MRN:%s*(%d%d%d%d%u+%d+)")
  if (not year or not station) and mrn then
    local y, st, n = mrn:match("^(%d%d%d%d)(%u+)(%d+)$")
    -- the stubs pad the serial to six digits; document numbers use five
    year, station, number = tonumber(y), st, string.format("%05d", tonumber(n))
  end
  if year and station and number then
    -- the serial as on the PAGE line: at least five digits (LIMA 00921, STATE 017976)
    local serial = #number >= 5 and number or string.rep("0", 5 - #number) .. number
    rec.id = string.format("%04d%s%s", year, station:gsub("%s", ""), serial)
  else
    ctx.warn("no document number: the date-time group or the page/message-number line is missing")
  end
  if rec.attributes then
    -- a value that does not fit its attribute's type is kept raw, and said
    local values, misfits = require("cable.fields.attributes").parse(rec.attributes)
    rec.attribute_values = values
    for _, message in ipairs(misfits or {}) do ctx.warn("attribute value kept as written, " .. message) end
  else
    ctx.warn("no Message Attributes block: the record may be truncated")
  end
end

return grammar
