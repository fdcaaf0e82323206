-- Line-level building blocks for telegram grammars: the header lines that
-- several formats share (date-time group, FM/TO/INFO, message-number line,
-- E.O., TAGS, SUBJECT, REF, office distribution ...) as LPeg pattern values.
--
-- Conventions (docs/grammars.md): a grammar matches the message text with its
-- page furniture removed, lines joined by "\n". Every block captures a named
-- table { field = <name>, at = <position>, text = <the lines as written> }; the record
-- builder turns those into typed fields. Blocks refer to two rules that each
-- grammar defines: V"field" (any header line start the grammar knows, so that
-- a block's continuation lines stop there) and V"para_start".
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local dtg = require "cable.fields.dtg"
local classification = require "cable.fields.classification"

local P, S, V, C, Cc, Cg, Cp = lpeg.P, lpeg.S, lpeg.V, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Cp
local sp, sps, sp1, digit, upper = pt.sp, pt.sps, pt.sp1, pt.digit, pt.upper

local B = {}

local nl = P"\n"
B.nl = nl
B.rest = (1 - nl) ^ 0                             -- the rest of the line
B.line = (1 - nl) ^ 1 * nl ^ -1 + nl              -- one whole line (never empty)
B.blank = sp ^ 1 * (nl + -P(1)) + nl              -- an empty line
B.nonblank = #(sps * (1 - S" \t\n"))              -- the line holds something
B.eol = sps * (nl + -P(1))

-- One header field: its first line (head must match from the line start; the
-- rest of that line is taken too), then the lines that continue it.
local function continued(head, more)
  return head * B.rest * (nl * more) ^ 0 * nl ^ -1
end

-- A line that continues a block: not blank, not another field, not a paragraph.
B.continuation = B.nonblank * -V"field" * -V"para_start" * B.rest

-- Captures patt's text with its position as field `name`: a table
-- {field = name, at = position, text = the lines as written}. When a field
-- comes twice, the record keeps the first and lists the others as unclaimed.
-- (The table is made when the match is done, not opened before patt is
-- tried: a header line is tried against every field, and most tries fail.)
function B.capture(name, patt)
  return Cp() * C(patt) / function(at, text)
    return { field = name, at = at, text = text }
  end
end

-- A field that starts with keyword and may continue over following lines.
function B.field(name, keyword)
  return B.capture(name, continued(sps * keyword, B.continuation))
end

-- A field that is one line only.
function B.single(name, head)
  return B.capture(name, sps * head * B.rest) * nl ^ -1
end

-- Office distribution: ACTION/ORIGIN PM-05, then INFO and continuation lines of
-- CODE-nn tokens, ending with the total (/093 W).
local office_token = upper * (upper + digit + S"/&") ^ 0 * P"-" * digit * digit
local office_line = sps * (P"INFO" * sp1) ^ -1 * (office_token + P"/" * digit) * B.rest
B.office_token = office_token
B.offices = B.capture("offices", sps * (P"ACTION" + P"ORIGIN") * sp1 * office_token * B.rest
  * (nl * B.blank ^ 0 * office_line) ^ 0) * nl ^ -1

-- The dash line under the distribution block: -----108233 010713Z /10 L
B.dash_line = B.single("dash_line", P"-" * P"-" * P"-")

-- Precedence prosign(s) and date-time group: R 312244Z JAN 78 (O O for dual).
local prosign = S"ZOPRY"
B.dtg_line = sps * B.capture("precedence", prosign * (sp1 * prosign * #sp) ^ -1) * sp1
  * B.capture("dtg", dtg.pattern) * B.capture("dtg_rest", B.rest) * nl ^ -1

-- Addressee blocks: FM line, TO and INFO lists (one addressee a line).
local function addressee_block(name, keyword)
  return B.capture(name, continued(sps * keyword * sp1, B.continuation))
end
B.from = B.capture("from", sps * P"FM" * sp1 * B.rest) * nl ^ -1
B.to = addressee_block("to", P"TO")
B.info = addressee_block("info", P"INFO" * -(sp1 * office_token))
B.xmt = addressee_block("xmt", P"XMT")

-- Message-number line: C O N F I D E N T I A L SECTION 01 OF 03 LIMA 0921
local station_word = upper * (upper + S"-.'") ^ 0
local section = P"SECTION" * sp1 * digit ^ 1 * sp1 * P"OF" * sp1 * digit ^ 1 * sp1
B.serial = B.capture("serial", sps * classification.pattern * sp1 * section ^ -1
  * station_word * (sp1 * station_word) ^ 0 * sp1 * digit ^ 1 * sps * #(nl + -P(1))) * nl ^ -1

-- Keyword lines.
-- Keywords in any case: some bodies were lower-cased (Tags: parm, E.o. 12958: decl).
-- The E.O. line stops before a TAGS keyword on the same line ("E.O. 12958:
-- N/A TAGS: AMGT", "DECL: 08/22/2017 AGS: PGOV"); the header then reads the
-- TAGS field from there.
local tags_keyword = (pt.ci"TAGS" + pt.ci"TAGE" + pt.ci"TGS" + pt.ci"TAS" + pt.ci"AGS") * (sps * P":" + sp1)
-- (one blank, then the keyword: the test costs the same at every position,
-- so a long run of blanks stays linear)
local inline_tags = sp * (pt.ci"TAGS" + pt.ci"TAGE" + pt.ci"TGS") * (sps * P":" + sp1)
  + sp * (pt.ci"TAS" + pt.ci"AGS") * sps * P":"
B.eo_head = S"Ee" * sps * P"." ^ -1 * sps * S"Oo" * sps * P"." ^ -1 * sps * (digit ^ 4 + P":")
B.eo = B.capture("eo", sps * (B.eo_head + digit ^ 5 * sp1 * upper ^ 2) * (1 - nl - inline_tags) ^ 0) * nl ^ -1
B.tags = B.field("tags", tags_keyword)
B.references = B.field("references", P"REF" * upper ^ 0 * sps * (P":" + #sp1))
B.classified_by = B.field("classified_by", pt.ci("classified by") * sps * P":" ^ -1)
-- A subject runs on over its wrapped lines until a blank line, a paragraph or
-- one of the header lines that follow a subject (REF, Classified By, E.O.,
-- TAGS, a dash line): not at any field start, since wrapped subject lines
-- often begin with words such as TO or look like "X FOR Y".
B.subject_stop = sps * (P"REF" * upper ^ 0 * sps * (P":" + sp1) + pt.ci"classified by" + B.eo_head
  + tags_keyword + pt.ci"SUBJ" + P"---")
function B.subject_block(keyword)
  return B.capture("subject", continued(sps * keyword,
    B.nonblank * -B.subject_stop * -V"para_start" * B.rest))
end
B.subject = B.subject_block((P"SUBJECT" + P"SUBJ") * sps * P":")
-- Department telegrams: DRAFTED BY EB/ORF/FSE:LRRAICHT:JLM, APPROVED BY ...,
-- then clearance lines (office:name), the desired distribution block.
local office_symbol = upper * (upper + digit + S"/-&") ^ 0
B.drafted_by = B.single("drafted_by", P"DRAFTED BY" * sps * P":" ^ -1)
local clearance = sps * (P"CLEARED" * sps * P":" ^ -1 * sps) ^ -1 * office_symbol * sps * P":" * sps * upper * B.rest
-- Clearance lines only count right under APPROVED BY (elsewhere "WORD: NAME"
-- is ordinary text, as in "SUMMARY: ...").
B.cleared = B.capture("cleared", clearance * (nl * clearance) ^ 0) * nl ^ -1
B.approved_by = B.single("approved_by", P"APPROVED BY" * sps * P":" ^ -1) * B.cleared ^ -1
B.desired_distribution = B.field("desired_distribution", P"DESIRED DISTRIBUTION")

-- A caption line (NODIS, SIPDIS, EXDIS (DISTRIBUTE AS NODIS) ...): kept whole.
B.caption = sps * classification.caption_line
-- Blank lines may stand between caption lines (SIPDIS, blank, NOFORN).
B.captions = B.capture("captions", B.caption * (nl * B.blank ^ 0 * B.caption) ^ 0) * nl ^ -1

-- A page header: PAGE 02 LIMA 00921 312337Z (also 01 OF 03 before the time).
-- Matched on its own line; captures a table with the position after it.
-- (The parts are plain captures made into the table by one function: a
-- table capture of named groups costs twice as much.)
local page_time = digit * digit * digit * digit * digit * digit * P"Z"
local function page_table(number, station, serial, section, time, rest_at)
  return { number = tonumber(number), station = station or nil, serial = serial or nil,
    section = section or nil, time = time or nil, rest_at = rest_at }
end
B.page_header = (sps * P"PAGE" * sp1 * C(digit ^ 1)
  * (sp1 * C(station_word * (sp1 * station_word) ^ 0) * sp1 * C(digit ^ 1) + Cc(false) * Cc(false))
  * (sp1 * C(digit ^ 1 * sp1 * P"OF" * sp1 * digit ^ 1) + Cc(false))
  * (sp1 * C(page_time) + Cc(false)) * sps * Cp()) / page_table

-- A numbered paragraph start, as the scanner's PARA class.
local close = S".)"
local level = (upper + digit) * (upper + digit) ^ -1 * close
B.para_start = sps * (P"\194\182" + P"\239\191\189" + P"\182") ^ -1 * sps * digit * digit ^ -1
  * (close + upper * close) * level ^ 0 * (#sp + #P"(" + B.eol)

-- A header line no rule claims: kept, with its position, in the array part of
-- the header's table (the record lists it in `unclaimed` and in warnings).
-- The cheap test comes first: B.header tries this at the line the body
-- starts with, often a numbered paragraph, right after V"field" failed there.
local function unclaimed_table(at, text) return { at = at, text = text } end
B.unclaimed = B.nonblank * -V"para_start" * -V"field"
  * ((Cp() * C((1 - nl) ^ 1)) / unclaimed_table) * nl ^ -1

-- Up to twelve unclaimed or blank lines (attention blocks run that long), allowed
-- only when a field follows them.
B.unclaimed_run = V"unclaimed" * (V"unclaimed" + B.blank) ^ -11 * #V"field"

-- The header: fields, blank lines and short unclaimed runs; the body starts
-- where none of them matches.
B.header = (V"field" + B.blank + V"unclaimed_run") ^ 0 * Cg(Cp(), "body_start")

return B
