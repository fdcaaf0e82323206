-- The prose of a cable: the body cut into numbered paragraphs (2D. is
-- paragraph 2.D, with its (C) marking) and their sub-paragraphs, the
-- summary, and the signature at its end.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local classification = require "cable.fields.classification"
local trim = require "cable.trim"
local subparagraphs = require "cable.subparagraphs"

local P, R, S, C, Cc, Cs, Ct, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cs, lpeg.Ct, lpeg.Cp
local find, byte, sub = string.find, string.byte, string.sub
local sps = S" \t" ^ 0
local digit, upper = R"09", R"AZ"
local close = S".)"

local body = {}

-- Running text: wrapped lines joined, trimmed. A hyphen, blanks and a line
-- end become the hyphen alone (DIS-\nCERNABLE stays DIS-CERNABLE); any other
-- run of white space holding a line end becomes one space; white space at
-- either end goes. Runs of white space within a line are kept.
-- running_text(line_start) is that as the body of an LPeg substitution,
-- from where it is matched; line_start is matched at the start of every
-- line it passes: a predicate that fails there ends the text before the
-- line end in front of that line (a paragraph ends where the next numbered
-- line starts); a substitution there drops what it matches (the summary
-- drops paragraph numbers).
-- A line is copied whole in one span when it ends in no blank, or in one
-- space after a byte that is neither white nor a hyphen: that space then
-- stands for the line end (most lines of the corpus end in one of these two
-- ways). Other lines find the end of their text by a match-time capture: a
-- plain search for the line end and a step back over the blanks before it.
-- (In LPeg alone, leaving those blanks out means testing the blanks after
-- every word, a loop step per word.) Each byte is read a few times at most,
-- so it stays linear.
local B = lpeg.B
local space = S" \t\n\v\f\r"
local inline_space = S" \t\v\f\r"
local INLINE_SPACE = { [9] = true, [11] = true, [12] = true, [13] = true, [32] = true }
local function line_text_end(s, i)   -- i: after the line's first byte, not white
  local j = (find(s, "\n", i, true) or #s + 1) - 1
  -- the last two bytes in one call: a line ends in one blank or none most often
  local before, last = byte(s, j - 1, j)
  if not INLINE_SPACE[last] then return j + 1 end
  if not INLINE_SPACE[before] then return j end
  j = j - 2
  while INLINE_SPACE[byte(s, j)] do j = j - 1 end   -- stops at the first byte at the latest
  return j + 1
end
local text_byte = #(1 - space)                        -- a line's text starts here
local line_text = lpeg.Cmt(P(1), line_text_end)       -- from a byte that is not white
local whole_line = (1 - P"\n") ^ 1
local no_blank_end = -B(inline_space)
local one_space_end = B((1 - space - P"-") * P" ")
local function running_text(line_start)
  local line_end = P"\n" * line_start * inline_space ^ 0   -- and the next line's blanks
  local joined = line_end ^ 1 * text_byte                                    -- more text follows
  local joint = B(P"-") * S" \t" ^ 0 * joined / "" + inline_space ^ 0 * joined / " "
  local tail = (inline_space ^ 0 * line_end ^ 0) / ""                         -- no text follows
  local copied = whole_line * (no_blank_end * (B(P"-") * (joined / "") + joined / " " + tail)
    + one_space_end * (joined / ""))
  return tail * (copied + text_byte * line_text * (joint + tail)) ^ 0
end

local UNWRAP = Cs(running_text(P(true)))
function body.unwrap(text)
  return lpeg.match(UNWRAP, text)
end

-- A paragraph number at a line start (2., 2A., 2.A.1)): numbered is the
-- test; number_text reads it, its parts joined by dots as they are matched
-- (2A. is 2.A): one string, not a list of parts (a number alone, 2., the
-- most common, is read without substitution). The line end counts as the
-- end of the subject.
local number_head = sps * (P"\194\182" + P"\239\191\189" + P"\182") ^ -1 * sps
local number_end = #(S" \t(\n" + -P(1))
local numbered = number_head * digit * digit ^ -1 * (close + upper * close)
  * ((upper + digit) * (upper + digit) ^ -1 * close) ^ 0 * number_end
local dot = P(true) / "."
local level = dot * (upper + digit) * (upper + digit) ^ -1 * (close / "")
local number_text = C(digit * digit ^ -1) * close * #S" \t(\n"
  + Cs(digit * digit ^ -1 * (close / "" + dot * upper * (close / "")) * level ^ 0)

-- Most lines start with neither a number nor a sub-paragraph label: a look
-- at their first two bytes (after blanks) rules them out before the number
-- and the label forms are tried.
local line_rest = (1 - P"\n") ^ 0
local may_start = sps * (S"(\194\239\182" + (upper + R"az") * close + digit * (close + digit + upper))
local number_start = #may_start * numbered
local number_or_label = #may_start * (numbered + subparagraphs.labelled_line)

-- The lines of a paragraph after its number line that start with a
-- sub-paragraph label, matched at the number line's start, up to the next
-- numbered line: a flat list of four values a line (no table a line:
-- LPeg's table captures cost more than the rest of the pass), those of
-- subparagraphs.labelled_line.
local LABELLED = Ct(line_rest * (P"\n" * -number_start * (#may_start * subparagraphs.labelled_line + P(true))
  * line_rest) ^ 0)

-- The paragraphs of a text in one pass, as a flat list: the text before
-- the first numbered line, unwrapped, when the text does not start with
-- one; then five values a numbered paragraph: its line start, number, the
-- position after the number and its blanks, its marking as written or
-- false, and its text after that marking, unwrapped. When that text ends
-- at a line that starts with a sub-paragraph label, not at the next number,
-- true follows the five and the rest up to the next number is skipped:
-- those few paragraphs are read again whole (new_paragraph).
local marking = C(P"(" * (upper + S"/") ^ 1 * P")") * sps
local paragraph = Cp() * number_head * number_text * number_end * sps * Cp() * (marking + Cc(false))
  * Cs(running_text(-number_or_label))
local cut = Cc(true) * line_rest * (P"\n" * -number_start * line_rest) ^ 0
local PARAGRAPHS = Ct((#number_start * paragraph + Cs(running_text(-number_start))) * (P"\n" * (paragraph + cut)) ^ 0)

-- Markings already read ("(C)" -> its parsed table, or false): the same few
-- recur in every cable, and parsing one costs more than a copy. Each
-- paragraph gets its own copy of the fields classification.marking gives,
-- so no two paragraphs share a table. Bounded: emptied when full.
local known_markings, known_count = {}, 0
local function parsed_marking(mark)
  local m = known_markings[mark]
  if m == nil then
    if known_count >= 64 then known_markings, known_count = {}, 0 end
    m = classification.marking(mark) or false
    known_markings[mark], known_count = m, known_count + 1
  end
  if not m then return m end
  local caveats = m.caveats   -- mostly none: a new empty list, without a call to copy it
  return { text = m.text, abbrev = m.abbrev, level = m.level,
           caveats = #caveats == 0 and {} or table.move(caveats, 1, #caveats, 1, {}) }
end

-- Reads a (C) marking at first: the parsed marking and the position after
-- it, or nil and first.
local OPEN_PAREN = 40
local marking_end = marking * Cp()
local function marking_at(text, first, last)
  if byte(text, first) ~= OPEN_PAREN then return nil, first end
  local mark, after = lpeg.match(marking_end, text, first)
  if mark and after <= last + 1 then
    local parsed = parsed_marking(mark)
    if parsed then return parsed, after end
  end
  return nil, first
end

-- The sub-paragraphs found in text, as paragraph tables under number.
local function children_of(text, number, items)
  local list = {}
  for _, it in ipairs(items) do
    local marking, first = marking_at(text, it.first, it.last)
    -- built whole: a table grown field by field is rehashed as it grows
    local child = { number = number .. "." .. it.value, label = it.label, marking = marking,
                    text = body.unwrap(text:sub(first, it.last)), children = nil }
    if #it.children > 0 then child.children = children_of(text, child.number, it.children) end
    list[#list + 1] = child
  end
  return list
end

-- The paragraph numbered number from first to last in text, given the
-- lines in it that start with a label (flat, as in LABELLED):
-- sub-paragraphs need two of them, the line that the text opens with
-- counted.
local function new_paragraph(number, text, first, last, labelled)
  local marking
  marking, first = marking_at(text, first, last)
  local p = { number = number, marking = marking, text = body.unwrap(text:sub(first, last)), children = nil }
  if #labelled > 0 then
    local at, label, style, after = lpeg.match(subparagraphs.labelled_line, text, first)
    if at then
      table.move(labelled, 1, #labelled, 5)
      labelled[1], labelled[2], labelled[3], labelled[4] = at, label, style, after
    end
    local tree = subparagraphs.tree(text, first, last, labelled)
    if #tree > 0 then p.children = children_of(text, p.number, tree) end
  end
  return p
end

-- Paragraphs of the body text: list of {number = "2.A", marking = {...},
-- text = <unwrapped>, children = {...}}; text before the first number is a
-- paragraph without one. `text` is the paragraph's whole text, its
-- sub-paragraphs' included; each sub-paragraph (A., (1) ... at a line start,
-- lua/cable/subparagraphs.lua) is {number = "2.A.1", label = "(1)", marking,
-- text, children} with its own whole text, in `children` of its parent.
-- A paragraph as PARAGRAPHS read it is kept unless it holds a label line or
-- its marking is not one: then it is read again from its place in text.
function body.paragraphs(text)
  local found = lpeg.match(PARAGRAPHS, text)
  local list, k = {}, 1
  if type(found[1]) == "string" then
    if found[1] ~= "" then list[1] = { text = found[1] } end
    k = 2
  end
  while k <= #found do
    local at, number, first, mark = found[k], found[k + 1], found[k + 2], found[k + 3]
    local cut = found[k + 5] == true
    local next_at = found[cut and k + 6 or k + 5]
    local marking   -- nil without one, false when it is not a marking
    if mark then marking = parsed_marking(mark) end
    if cut or marking == false then
      local last = (next_at or #text + 2) - 2   -- before the line end ahead of the next number
      list[#list + 1] = new_paragraph(number, text, first, last, lpeg.match(LABELLED, text, at))
    else
      list[#list + 1] = { number = number, marking = marking, text = found[k + 4], children = nil }
    end
    k = cut and k + 6 or k + 5
  end
  return list
end

-- A signature line: a name in capitals (STEVENS, TIMKEN JR) or, in the
-- mixed-case bodies of the 2000s, capitalised words (Stapleton, Van Voorst),
-- alone on the line; a date stamp may follow it (DANILOVICH 2005-05-06).
local lower = R"az"
local caps_name = (upper + S"-'") ^ 2 * (P" " * upper * (upper + S"-'.") ^ 0) ^ -2
local mixed_word = upper * (lower + S"-'") ^ 1 * (upper * lower ^ 1) ^ -1  -- Leach, LeBaron
local mixed_name = mixed_word * (P" " * (mixed_word + upper * P".")) ^ -2
local date_stamp = sps * digit * digit * digit * digit * P"-" * digit * digit * P"-" * digit * digit
local name_line = C(caps_name + mixed_name) * (sps * P".") ^ -1 * date_stamp ^ -1 * sps * -P(1)
-- Words that end a body alone on a line but are not names.
local NOT_NAMES = { End = true, Comment = true, Comments = true, Note = true, Summary = true,
  Thanks = true, Regards = true, Minimize = true, Sipdis = true, Unquote = true, Quote = true }

-- Bytes that end a sentence before a name run onto it.
local closing = { [("."):byte()] = true, [("?"):byte()] = true, [("!"):byte()] = true,
  [('"'):byte()] = true, [("'"):byte()] = true, [(")"):byte()] = true }

-- White space as Lua's %s (and trim) reads it, looked up in place: these
-- loops step a byte at a time.
local WHITE = trim.space_bytes

-- Position of the last byte of text up to j that is not white space (0 when
-- none).
local function last_non_space(text, j)
  while j > 0 and WHITE[byte(text, j)] do j = j - 1 end
  return j
end

-- Position of the last line end in text before position j, or 0. Lua has
-- no backward search: plain forward searches run from a point that steps
-- back twice as far each time, so a long last line costs a few searches, not
-- a loop over its bytes.
local function last_line_end(text, j)
  local back = 128
  while true do
    local from, found = math.max(j - back, 1), nil
    local at = find(text, "\n", from, true)
    while at and at < j do found, at = at, find(text, "\n", at + 1, true) end
    if found then return found end
    if from == 1 then return 0 end
    back = back * 2
  end
end

-- The last word of text[1..last] (last is not white space; a date stamp
-- after the word is dropped) when it is a name after a sentence end, in
-- capitals or capitalised (... BAD FAITH. SHALDDDEMAN, ... a single vacation.
-- Randt): the name and the text before it, or nil.
local WORD_NAME = (upper * (upper + S"-'") ^ 1 + mixed_word) * -P(1)
local function trailing_name(text, last)
  if last >= 11 and find(text, "^%s%d%d%d%d%-%d%d%-%d%d", last - 10) then
    last = last_non_space(text, last - 10)
  end
  local j = last
  while j > 0 and not WHITE[byte(text, j)] do j = j - 1 end
  local name = sub(text, j + 1, last)
  if j == 0 or #name < 3 or not lpeg.match(WORD_NAME, name) or NOT_NAMES[name] then return nil end
  j = last_non_space(text, j)
  if j == 0 or not closing[byte(text, j)] then return nil end
  return name, sub(text, 1, j)
end

-- The signature: the last line when it is a name in capitals alone on its line
-- (STEVENS, SHLAUDEMAN), or the capitalised word that ends the last sentence
-- (... BAD FAITH. SHALDDDEMAN). Returns the name and the text without it.
-- Only the last line and the last words are read.
function body.signature(text)
  local last = last_non_space(text, #text)
  if last == 0 then return nil, text end
  local line_end = last_line_end(text, last)
  local name = lpeg.match(name_line, sub(text, find(text, "%S", line_end + 1), last))
  if name and not name:find("^END") and not NOT_NAMES[name:match("^%S+")] then
    return name, sub(text, 1, last_non_space(text, line_end))
  end
  local head
  name, head = trailing_name(text, last)
  if name then return name, head end
  return nil, text
end

-- The summary. Openers, at a line start after an optional paragraph number
-- and marking: a heading line ("SUMMARY", "Summary and Key Themes", "(U)
-- Summary", "BEGIN SUMMARY", between dash lines or not), or a lead-in run
-- into the text ("Summary:", "SUMMARY AND COMMENT.", "Summary/Introduction.",
-- "SUMMARY During ..." in mixed-case text). The summary runs to END SUMMARY
-- (END OF SUMMARY, End Summary and Comment), else to the end of the first
-- paragraph after the opener (a blank line or the next paragraph number).
-- Paragraph numbers, markings and heading dashes are dropped; lines are
-- unwrapped. Without an opener, the same from the first numbered paragraph:
-- to END SUMMARY when there is one (the heading may have gone into the
-- header), else that paragraph's first block of lines.
local LEAD_NUMBER = "^[ \t\194\182\239\191\189]*%d+[%.%)]%s*"

-- Position after a paragraph number and a marking at the start of s (1 when
-- there is neither).
local function after_lead(s, at)
  at = select(2, s:find(LEAD_NUMBER, at)) or select(2, s:find("^%s*", at))
  return (select(2, s:find("^%s*%(%a[%w/ ,%-]*%)%s*", at + 1)) or at) + 1
end

-- Nothing but white space and ":", ".", "-" to the end. LPeg, whose
-- repetitions never give back what they took: as "^%s*[:%.%-]*%s*$" the two
-- runs of white space would share a run of blanks in every way before
-- failing (quadratic).
local ONLY_PUNCTUATION = space ^ 0 * S":.-" ^ 0 * space ^ 0 * -P(1)

-- "heading" or "inline" and the position where the summary text starts,
-- given a line and the line in capitals.
local function opener(line, u)
  local at = after_lead(u, 1)
  local word_end = select(2, u:find("^BEGIN%s+SUMMARY", at)) or select(2, u:find("^SUMMARY", at))
    or select(2, u:find("^%u+%s+AND%s+SUMMARY", at))
  if not word_end then return nil end
  local joined = select(2, u:find("^%s+AND%s+%u+", word_end + 1)) or select(2, u:find("^%s*/%s*%u+", word_end + 1))
  if joined then
    word_end = joined
    for _ = 1, 2 do word_end = select(2, u:find("^%s+%u+", word_end + 1)) or word_end end
  end
  if lpeg.match(ONLY_PUNCTUATION, u, word_end + 1) then return "heading" end
  local after = select(2, u:find("^%s*[:%.%-]+%s*", word_end + 1))
  if after then return "inline", after + 1 end
  -- "SUMMARY During their trip": capitals, then mixed-case prose
  if line:sub(at, word_end):find("^[%u%s]+$") and line:find("^%s+%u%l", word_end + 1) then
    return "inline", select(2, line:find("^%s+", word_end + 1)) + 1
  end
  return nil
end

-- The end of the paragraph that holds position first: a blank line or the
-- next numbered paragraph. Matched from its first byte that is neither
-- white nor a dash; the position of the line end before the stop, or the
-- end of the text plus one.
local stop_line = S" \t\r" ^ 0 * (P"\n" + -P(1)) + numbered
local PARAGRAPH_END = (line_rest * P"\n" * -stop_line) ^ 0 * line_rest * Cp()
local function paragraph_end(text, first)
  return lpeg.match(PARAGRAPH_END, text, find(text, "[^%s%-]", first) or #text + 1) - 1
end

-- The lines of a summary unwrapped, without the numbers and markings of
-- the paragraphs they hold: at a line that starts with a paragraph number
-- (and where the match starts), what after_lead would skip in that line
-- alone (a number as LEAD_NUMBER reads it, else the blanks, then a marking)
-- is dropped. One substitution.
local line_space = S" \t\r\v\f" ^ 0   -- %s within a line
local lead_number = S" \t\194\182\239\191\189" ^ 0 * digit ^ 1 * S".)" * line_space + line_space
local lead_marking = line_space * P"(" * R("az", "AZ") * (R("az", "AZ", "09") + S"/ ,-") ^ 0 * P")" * line_space
local line_lead = #numbered * lead_number * lead_marking ^ -1 / ""
local SUMMARY_LINES = Cs(line_lead ^ -1 * running_text(line_lead ^ -1))

-- END SUMMARY, END OF SUMMARY, END <WORD> AND SUMMARY, in capitals.
local ws = S" \t\n\v\f\r" ^ 1
local END_SUMMARY = P"END" * ws * (P"SUMMARY" + P"OF" * ws * P"SUMMARY" + upper ^ 1 * ws * P"AND" * ws * P"SUMMARY")

-- Position of the first END SUMMARY (or its variants) in up from first: the
-- plain word END is found fast, then the forms are tried where it stands
-- when white space follows it (it mostly ends a word: RECOMMEND, WEEKEND).
local function end_of_summary(up, first)
  local at = find(up, "END", first, true)
  while at and not (WHITE[byte(up, at + 3)] and lpeg.match(END_SUMMARY, up, at)) do
    at = find(up, "END", at + 3, true)
  end
  return at
end

-- Bytes dropped from the end of a summary: white space, "(" and "-".
local SUMMARY_TAIL = { [32] = true, [9] = true, [10] = true, [11] = true, [12] = true, [13] = true,
  [40] = true, [45] = true }

-- The summary from position first of text (up is text in capitals), or nil
-- when it holds no word. White space and dashes before it are skipped.
local function summary_text(text, up, first)
  local stop = end_of_summary(up, first)
  local skipped = select(2, find(text, "^[%s%-]*", first)) or first   -- none past the end
  local out = sub(text, skipped + 1, stop and stop - 1 or paragraph_end(text, first))
  out = trim.right_of(lpeg.match(SUMMARY_LINES, out, after_lead(out, 1)), SUMMARY_TAIL)
  if out:find("%w") then return out end
  return nil
end

-- Position of the first line of a text that starts with a paragraph number.
local FIRST_NUMBERED = (-numbered * line_rest * P"\n") ^ 0 * #numbered * Cp()

-- Only the lines that hold the word SUMMARY can open a summary: they are
-- found by a plain search, each read once.
function body.summary(text)
  local up = text:upper()
  local at = find(up, "SUMMARY", 1, true)
  while at do
    local line_start = last_line_end(text, at) + 1
    local line_end = find(text, "\n", at, true) or #text + 1
    local kind, first = opener(sub(text, line_start, line_end - 1), sub(up, line_start, line_end - 1))
    if kind then
      local found = summary_text(text, up, kind == "heading" and line_end + 1 or line_start + first - 1)
      if found then return found end
    end
    at = find(up, "SUMMARY", line_end, true)
  end
  local first_numbered = lpeg.match(FIRST_NUMBERED, text)
  return first_numbered and summary_text(text, up, first_numbered)
end

-- Fills rec.body and what is read from it: signature, paragraphs, summary.
-- The record builder calls it; a grammar that cuts the body calls it again.
function body.fill(rec, text)
  rec.body = text
  local signature, unsigned = body.signature(text)
  rec.signature = signature
  rec.paragraphs = body.paragraphs(unsigned)
  rec.summary = body.summary(unsigned)
end

return body
