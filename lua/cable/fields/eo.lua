-- Executive Order (declassification) lines: "E.O. 11652: GDS",
-- "E.O. 12065: GDS 12/31/84 (SMITH, JOHN) OR-P", "EO 12958 DECL: 02/19/2014".
-- Order numbers and codes come from eo_codes.tsv.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local pt = require "cable.patterns"
local tables = require "cable.tables"
local dtg = require "cable.fields.dtg"

local P, S, C, Cc, Cg, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit, sps, letter, ci = pt.digit, pt.sps, pt.letter, pt.ci

local M = {}

-- Known order numbers, and codes split into plain codes (GDS, N/A, OADR) and
-- numbered families (XGDS-1..4, RDS-1..3, XDS-1..4), read from the table's
-- code column ("RDS-1|RDS-2|RDS-3", "XDS-1..XDS-4", "DECL: date").
local known_order, plain_codes, numbered = {}, {}, {}

local function add_code(code)
  local family = code:match("^(%u+)%-%d$") or code:match("^(%u+)%-%d%.%.")
  if family then
    numbered[family] = true
  elseif not code:find(":", 1, true) then
    plain_codes[code] = true
  end
end

for _, row in ipairs(tables.rows("eo_codes")) do
  local order = row.order:match("^E%.O%. (%d+)$")
  if order then
    known_order[order] = true
    for code in row.code:gmatch("[^|]+") do add_code(code) end
  end
end

local function keys(set)
  local out = {}
  for k in pairs(set) do out[#out + 1] = k end
  table.sort(out, function(a, b) return #a > #b or (#a == #b and a < b) end)
  return out
end

local function field(name, patt)
  return Cg(patt, name)
end

local function any_of(words, make)
  local out = P(false)
  for _, w in ipairs(words) do out = out + make(w) end
  return out
end

-- A code as written, captured in its normal form: "XGDS1", "XGDS 1" and
-- "XGDS-1" all give "XGDS-1"; plain codes must not be followed by a digit
-- suffix, so "GDS 12/31/84" stays GDS.
local suffix = (P"-" + sps) * C(digit) * -(digit + P"/")
local numbered_code = any_of(keys(numbered), function(family)
  return ci(family) * suffix / function(n) return family .. "-" .. n end
end)
local plain_code = any_of(keys(plain_codes), function(code)
  return ci(code) * Cc(code)
end)
local code = (numbered_code + plain_code) * -(letter + digit)

-- Recognises the prefix of an E.O. line: "E.O.", "E. O.", "EO", "E.O", "E.o.".
M.pattern = ci"E" * sps * P"." ^ -1 * sps * ci"O" * P"." ^ -1 * -letter

local date_token = digit ^ 1 * S"/-" * digit ^ 1 * S"/-" * digit ^ 1 * -(digit + P"/")
local exemption = digit ^ 1 * (P"." * digit ^ 1) ^ -1 * ci"X" * digit ^ 1
  * (P"-" * pt.alnum ^ 1) ^ -1 * -pt.alnum
local rest = field("rest", C(P(1) ^ 1))
local classifier = P"(" * sps * field("classifier", C((1 - S"()") ^ 1)) * P")"
local declas = ci"DECLAS" * -letter * sps * P":" ^ -1 * sps
  * field("declassify_text", C(date_token) + C((1 - P"(") ^ 1))

-- What may follow a code: ", DECLAS date|event", a date, "(CLASSIFIER)",
-- then anything else (kept as rest).
local tail = (sps * P"," ^ -1 * sps * declas) ^ -1
  * (sps * field("declassify_text", C(date_token))) ^ -1
  * (sps * classifier) ^ -1 * (sps * rest) ^ -1

local decl = ci"DECL" * -letter * sps * P":" ^ -1 * sps * field("code", Cc"DECL")
  * (field("code", code) * tail
    + field("exemption", C(exemption)) * tail
    + field("declassify_text", C(date_token)) * tail
    + field("declassify_text", C(P(1) ^ 1)))
local body = Ct(decl
  + field("code", code) * tail
  + field("declassify_text", C(date_token)) * tail
  + (field("unknown", Cc(true)) * rest) ^ -1) * -1

local order = C(digit * digit * digit * digit * digit) * -digit
local line = S" \t" ^ 0 * (M.pattern * sps) ^ -1 * order * sps * (P":" * sps) ^ -1
  * C(P(1) ^ 0)

local white = require "cable.trim"
local trim = white.both

-- Trims the string fields that may hold blanks at their ends (a free
-- declassification text, the classifier, the rest; the others are codes,
-- dates and numbers) and fills declassify from a date-like text. Returns
-- the warning for an impossible date, if any.
local function finish(value)
  local when, classifier, rest = value.declassify_text, value.classifier, value.rest
  if when then
    when = trim(when)
    value.declassify_text = when
  end
  if classifier then value.classifier = trim(classifier) end
  if rest then value.rest = trim(rest) end
  if when and date_token:match(when) then
    local iso, problem = dtg.date(when)
    value.declassify = iso
    return problem
  end
end

-- The text without the blanks, line-end backslash and blanks it ends with.
local function without_end_mark(s)
  s = white.right(s)
  if s:byte(-1) == 92 then s = white.right(s:sub(1, -2)) end  -- \
  return s
end

-- eo.parse(text) -> { text, order, order_text, code, declassify,
-- declassify_text, exemption, classifier, rest } (absent fields are nil)
-- for an E.O. line, with or without its prefix ("16652 GDS"). A second
-- value warns about an unknown order number, an unknown code or an
-- impossible date; nil, message when the text has no 5-digit order number.
function M.parse(text)
  if type(text) ~= "string" then pt.not_a_string(text, "eo.parse") end
  local number, after = line:match(text)
  if not number then return nil, "not an E.O. line: " .. pt.quote(text) end
  -- the fields the body gives, copied into a table made at its full size
  local found = body:match(without_end_mark(after))
  local value = { text = trim(text), order = known_order[number] and number or nil, order_text = number,
    code = found.code, declassify = nil, declassify_text = found.declassify_text,
    exemption = found.exemption, classifier = found.classifier, rest = found.rest }
  local warning = finish(value)
  if found.unknown then warning = "unknown E.O. code: " .. pt.quote(value.rest) end
  if not value.order then warning = "unknown executive order " .. number end
  return value, warning
end

return M
