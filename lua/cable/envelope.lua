-- LPeg blocks for the ACP-127 transmission envelope of 2000s State telegrams
-- (Cablegate): the VZCZC line, the doubled precedence with the delivering
-- routing indicators, the DE line, the security warning, BT, the "#0220"
-- validation line, the SECTION marker and the in-text page marker
-- ("TRIPOLI 00000220  002 OF 003"). Each header block captures a named group
-- { at, text } as cable.blocks does; `parse` turns those texts into values.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local B = require "cable.blocks"

local P, S, C, Cg, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cg, lpeg.Ct
local sps, sp1, digit, upper = pt.sps, pt.sp1, pt.digit, pt.upper
local nl = P"\n"

local E = {}

-- A routing indicator: 4 to 8 capital letters (RUEHC, RUEHTRO, RHEHAAA).
E.ri = upper * pt.rep(upper, 3, 7) * -pt.alnum

-- FL1: VZCZCXRO4024 (start of transmission, channel and sequence number).
E.transmission = B.capture("transmission", sps * P"VZCZC" * upper ^ 0 * digit ^ 0) * B.eol

-- FL2: doubled precedence and the delivering stations' routing indicators,
-- which may run over further lines made of indicators only.
local prosigns = S"ZOPR" * S"ZOPR" ^ -1 * #sp1
local ri_line = sps * E.ri * (sp1 * E.ri) ^ 0 * sps * #(nl + -P(1))
E.routing = B.capture("routing", sps * prosigns * sp1 * E.ri * (sp1 * E.ri) ^ 0 * sps
  * (nl * ri_line) ^ 0) * B.eol

-- FL3: DE RUEHLM #0921/01 0311234 (originating RI, serial, section, Julian time).
E.de = B.capture("de", sps * P"DE" * sp1 * E.ri * sp1 * P"#" * digit ^ 1
  * (P"/" * digit ^ 1) ^ -1 * (sp1 * digit ^ 7) ^ -1 * sps) * B.eol

-- FL4: ZNY CCCCC ZZH, ZNR UUUUU ZZH (security warning).
E.security = B.capture("security", sps * P"ZN" * S"RY" * sp1 * upper ^ 5 * B.rest) * B.eol

-- FL11/FL13 separator and FL15 validation (# + station serial).
E.bt = sps * P"BT" * B.eol
E.validation = sps * P"#" * C(digit ^ 1) * B.eol

-- SECTION 01 OF 03 on the message-number line (any letter case).
E.section = pt.ci"SECTION" * sp1 * digit ^ 1 * sp1 * pt.ci"OF" * sp1 * digit ^ 1

-- The page marker inside the text: station, 8-digit serial, "002 OF 003"
-- (also "001.2 OF 003"). Captures { station, serial, page, pages }.
local station = upper * (upper + S"-.'") ^ 0 * (sp1 * upper * (upper + S"-.'") ^ 0) ^ 0
E.page_marker = Ct(sps * Cg(C(station), "station") * sp1 * Cg(C(digit ^ 5) / tonumber, "serial")
  * sp1 * Cg(C(digit * digit * digit) / tonumber, "page") * (P"." * digit ^ 1) ^ -1
  * sp1 * P"OF" * sp1 * Cg(C(digit * digit * digit) / tonumber, "pages") * sps * -P(1))

-- Any envelope line that the text of a cable repeats as furniture: a page
-- marker, BT or the validation line. Captures a table with its `kind`.
E.marker_line = E.page_marker / function(t) t.kind = "page"; return t end
  + (E.bt * -P(1)) / function() return { kind = "bt" } end
  + E.validation * -P(1) / function(serial) return { kind = "validation", serial = serial } end

-- Values of the captured envelope lines.
local trim = require("cable.trim").both
local join_lines = require("cable.trim").join_lines

function E.parse_transmission(text)
  text = trim(text)
  local channel, number = text:match("^VZCZC(%u*)(%d*)$")
  return { text = text, channel = channel ~= "" and channel or nil, number = number ~= "" and number or nil }
end

function E.parse_routing(text)
  local words = {}
  for w in text:gmatch("%S+") do words[#words + 1] = w end
  local out = { text = trim(join_lines(text)), precedence = words[1], ri = {} }
  for i = 2, #words do out.ri[#out.ri + 1] = words[i] end
  return out
end

-- DE line: { text, ri, serial, section, julian = "0311234", iso } (iso when
-- the year is known: the Julian group has none).
function E.parse_de(text, year)
  text = trim(text)
  local ri, serial, rest = text:match("^DE%s+(%u+)%s+#(%d+)(.*)$")
  local out = { text = text, ri = ri, serial = serial }
  if not ri then return out end
  local section, after = rest:match("^/(%d+)(.*)$")
  if section then out.section, rest = tonumber(section), after end
  out.julian = rest:match("^%s+(%d+)%s*$")
  if out.julian and year then
    local iso, err = require("cable.fields.dtg").julian(out.julian, year)
    out.iso = iso
    return out, err
  end
  return out
end

function E.parse_security(text)
  text = trim(text)
  local words = {}
  for w in text:gmatch("%S+") do words[#words + 1] = w end
  return { text = text, prosign = words[1], code = words[2] }
end

return E
