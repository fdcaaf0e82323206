-- Turns the raw header fields a grammar captured ({at, text}) into the typed
-- record fields of docs/record.md, one function per field name. A grammar may
-- replace any of them through its own `fields` table.
--   fn(text, ctx) -> value [, warnings]   (warnings: string or list of strings)
-- ctx.year is the cable's year once the date-time group is known; ctx.format
-- is the grammar's name.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local tables = require "cable.tables"

local N = {}

local white = require "cable.trim"
local trim = white.both

-- Each field module is loaded on first use, then kept (require on every
-- call costs a lookup in package.loaded).
local function lazy(name)
  local module
  return function()
    if not module then module = require("cable.fields." .. name) end
    return module
  end
end
local dtg, classification, eo, tags, subject, references, offices, addressee =
  lazy "dtg", lazy "classification", lazy "eo", lazy "tags", lazy "subject",
  lazy "references", lazy "offices", lazy "addressee"

-- Drops the keyword that starts a block ("SUBJECT:", "TO ", "E.O.") if any.
local function after_keyword(text, keyword_pattern)
  local rest = text:match(keyword_pattern)
  return rest or text
end

-- Prosign -> row of precedence.tsv, built on first use.
local by_prosign

function N.precedence(text)
  by_prosign = by_prosign or tables.index("precedence", "prosign")
  local alone = #text == 1 and by_prosign[text]  -- the common case: the prosign alone
  if alone then return alone.precedence end
  local best
  for prosign in text:gmatch("%u") do
    local row = by_prosign[prosign]
    if row and (not best or tonumber(row.rank) < tonumber(best.rank)) then best = row end
  end
  return best and best.precedence or trim(text)
end

function N.dtg(text)
  return dtg().parse(trim(text))
end

function N.from(text)
  return addressee().parse(after_keyword(trim(text), "^FM%s+(.*)$"))
end

-- The lines of a text that are not blank, trimmed, in one pass.
local blank, line_end = lpeg.S" \t\v\f\r", lpeg.P"\n"
local word = 1 - (blank + line_end)
local line = blank ^ 0 * lpeg.C(word ^ 1 * (blank ^ 1 * word ^ 1) ^ 0) ^ -1 * blank ^ 0
local NONBLANK_LINES = lpeg.Ct(line * (line_end * line) ^ 0)

local function nonblank_lines(text)
  return lpeg.match(NONBLANK_LINES, text)
end

local function addressee_list(text)
  return addressee().parse_list(nonblank_lines(text))
end
N.to, N.info, N.xmt = addressee_list, addressee_list, addressee_list

-- "LIMA 0921" -> "LIMA", "0921": the digits that end s, after blanks, and
-- what stands before the blanks; nil when s does not end so. The search
-- starts only at a blank and reads only the digits after it, so it stays
-- linear (a pattern such as "^(.-)%s+(%d+)$" retries the blanks from every
-- position, quadratic in a long run of them); the station's trailing blanks
-- go by trim.right.
local byte, find, sub = string.byte, string.find, string.sub
local function station_and_number(s)
  local blank = find(s, "%s%d+$")
  if not blank then return nil end
  return white.right(sub(s, 1, blank - 1)), sub(s, blank + 1)
end

-- The message-number line: classification, optional section, station, number.
-- (The value is built at its size, in one constructor.)
function N.serial(text)
  text = trim(text)
  local cls, after = classification().leading(text)
  local rest = text
  if cls then rest = trim(sub(text, after)) end
  local section, sections
  if byte(rest, 1) == 83 then  -- S: the only start the SECTION pattern can have
    local part, of, tail = rest:match("^SECTION%s+(%d+)%s+OF%s+(%d+)%s+(.*)$")
    if part then section, sections, rest = tonumber(part), tonumber(of), tail end
  end
  local station, number = station_and_number(rest)
  local value = { text = text, classification = cls, section = section, sections = sections,
    station = station, number = number }
  if not station then
    return value, "message-number line without station and number: " .. text
  end
  return value
end

function N.captions(text)
  local list, seen = {}, {}
  local lines = nonblank_lines(text)
  for i = 1, #lines do
    local captions = classification().caption(lines[i])
    for k = 1, captions and #captions or 0 do
      local caption = captions[k]
      if not seen[caption] then
        seen[caption] = true
        list[#list + 1] = caption
      end
    end
  end
  return list
end

function N.eo(text) return eo().parse(trim(text)) end

-- tags: the typed list; the line as written goes to tags_text.
function N.tags(text, ctx)
  local value, warnings = tags().parse(trim(text), ctx)
  if not value then return nil, warnings end
  ctx.record.tags_text = value.raw
  return value.list, warnings
end

-- subject: as written; the title-cased form goes to subject_display.
function N.subject(text, ctx)
  local value, warning = subject().parse(after_keyword(trim(text), "^SUBJ%a*%s*:%s*(.*)$"))
  if not value then return nil, warning end
  ctx.record.subject_display = value.display
  ctx.record.subject_marking = value.marking
  return value.text
end

-- Whatever follows the date-time group on its line (ZDS, a second group).
function N.dtg_rest(text, ctx)
  local rest = trim(text)
  if rest ~= "" and type(ctx.record.dtg) == "table" then ctx.record.dtg.rest = rest end
  return nil
end

-- The REF parser knows the aad and cablegate id forms; other formats (user
-- grammars reusing B.references) get the aad form.
local REF_FORMATS = { aad = true, cablegate = true }
function N.references(text, ctx)
  local format = REF_FORMATS[ctx.format] and ctx.format or nil
  return references().parse(trim(text), { format = format, year = ctx.year })
end

function N.offices(text) return offices().parse(trim(text)) end

function N.dash_line(text) return trim(text) end

-- The person and the reasons of a Classified By text: what stands before
-- "[.,;] For Reason(s):" (else before "Reason(s):"), and what follows.
local ci = require("cable.patterns").ci
local space = lpeg.S" \t\n\v\f\r"
local function reasons_after(words)
  local sep = lpeg.S".,;" ^ -1 * space ^ 1 * words * ci"REASON" * ci"S" ^ -1
    * space ^ 0 * lpeg.P":" ^ -1 * space ^ 0
  local plain = 1 - (lpeg.S".,;" + space)
  return lpeg.C((plain ^ 1 + (1 - sep)) ^ 0) * sep * lpeg.C(lpeg.P(1) ^ 0)
end
local FOR_REASONS = reasons_after(ci"FOR" * space ^ 1)
local REASONS = reasons_after(lpeg.P(true))

-- s without one final "." or ",".
local function without_final_stop(s)
  local last = s:byte(-1)
  if last == 46 or last == 44 then return s:sub(1, -2) end
  return s
end

-- A reason's letter, either case -> "(b)".
local REASON_OF = {}
for b = ("a"):byte(), ("z"):byte() do
  local letter = string.char(b)
  REASON_OF[letter], REASON_OF[letter:upper()] = "(" .. letter .. ")", "(" .. letter .. ")"
end

-- The reasons' list: "1.4 (b) and (d)" -> { "1.4(b)", "1.4(d)" }.
local function reason_list(reasons)
  local list = {}
  local section = reasons:match("(%d%.%d)") or ""
  for letter in reasons:gmatch("%(%s*(%a)%s*%)") do list[#list + 1] = section .. REASON_OF[letter] end
  return list
end

-- "Classified By: NAME, TITLE. Reason(s): 1.4 (b) and (d)"
-- (The value is built at its size, in one constructor.)
function N.classified_by(text)
  text = trim(text)
  local body = after_keyword(text, "^[Cc][Ll][Aa][Ss][Ss][Ii][Ff][Ii][Ee][Dd]%s+[Bb][Yy]%s*:?%s*(.*)$")
  body = white.squeeze(body)  -- one blank between words in the parts kept
  local who, reasons = lpeg.match(FOR_REASONS, body)
  if not who then who, reasons = lpeg.match(REASONS, body) end
  who = who or body
  local name, title = who:match("^([^,]+),%s*(.*)$")
  return { text = text, name = without_final_stop(trim(name or who)),
    title = title and title ~= "" and without_final_stop(trim(title)) or nil,
    reasons = reasons and reason_list(reasons) or nil }
end

-- One drafting line: OFFICE/SYMBOL:NAME[:TYPIST] after its keyword.
local function drafting(line)
  local value = { text = trim(line) }
  local rest = value.text:gsub("^DRAFTED BY%s*:?%s*", ""):gsub("^APPROVED BY%s*:?%s*", "")
    :gsub("^CLEARED%s*:?%s*", "")
  local office, name, typist = rest:match("^([^:]+):%s*([^:]+):?%s*(.*)$")
  if office then
    value.office, value.name = trim(office), trim(name)
    if typist ~= "" then value.typist = trim(typist) end
  end
  return value
end
N.drafted_by, N.approved_by = drafting, drafting

function N.cleared(text)
  local list = {}
  for _, line in ipairs(nonblank_lines(text)) do list[#list + 1] = drafting(line) end
  return list
end

N.desired_distribution = trim

return N
