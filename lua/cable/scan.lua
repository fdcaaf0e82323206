-- The pure Lua + LPeg line scanner: the same cut and the same classes as the
-- C core (src/scan.c), returned in the same flat table (docs/scanner.md):
-- t[3i-2] = first byte of line i, t[3i-1] = one past its last content byte,
-- t[3i] = its class; t.n, t.text_first, t.text_last, t.attr_first, t.attr_last.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S, Cb, Cc, Cp, Cg, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.Cb, lpeg.Cc, lpeg.Cp, lpeg.Cg, lpeg.Ct

local scan = {}

local classes = {
  text = 1, blank = 2, page = 3, banner = 4, para = 5,
  ["end"] = 6, mark = 7, attr = 8, attr_cont = 9,
}
scan.classes = classes

local blank = S" \t"
local blanks = blank ^ 0
local newline = P"\r\n" + P"\n"
local term = newline + -P(1)                  -- where a line's content ends
-- The rest of the line's content (a CR before LF is not): one span, and one
-- more per lone CR.
local lone_cr = P"\r" * -P"\n"
local plain = (1 - S"\r\n") ^ 0
local content = plain * (lone_cr * plain) ^ 0
local trimmed_end = blanks * #term            -- trailing blanks, then the line end
local digit, upper = R"09", R"AZ"

-- The trimmed content is exactly one of the words (longest tried first, since
-- an ordered choice never comes back to try a longer word); the leading blanks
-- are already behind.
local function only(...)
  local words = { ... }
  table.sort(words, function(a, b) return #a > #b end)
  local alt = P(false)
  for _, word in ipairs(words) do alt = alt + P(word) end
  return alt * trimmed_end
end

-- Where a line's content ends, then its class.
local function ends(name) return Cp() * Cc(classes[name]) end

local message_text = only("Message Text")
local message_attributes = only("Message Attributes")
local page = P"PAGE" * blank ^ 1 * digit * digit ^ -2 * (#blank + #term) * content * ends("page")
local banner = only("UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
                    "SECRET", "TOP SECRET") * ends("banner")
local end_marker = only("NNN", "NNNN") * ends("end")
local close = S".)"
local level = (upper + digit) * (upper + digit) ^ -1 * close
local para_sign = P"\194\182" + P"\239\191\189" + P"\182"
local para = para_sign ^ -1 * blanks * digit * digit ^ -1 * (close + upper * close)
             * level ^ 0 * (#blank + #P"(" + #term) * content * ends("para")
local text = content * ends("text")

-- The classes other than text and blank, grouped by the bytes they can start
-- with after the leading blanks. A line starting with one of these bytes is
-- tried for that group's class only, then is text; a line starting with any
-- other byte is text at once. As no byte starts two groups (nor a blank line),
-- the order of the rules in docs/scanner.md cannot matter between them, and
-- LPeg tells them apart by a one-byte test each, with no backtracking.
local marks_first = P"M"
local by_first_byte = {
  { P"P", page },
  { S"ULCST", banner },
  { P"N", end_marker },
  { digit + S"\194\239\182", para },
}
local special, furniture = marks_first, P(false)
for _, group in ipairs(by_first_byte) do
  local first, class = group[1], group[2]
  special = special + first
  furniture = furniture + #first * (class + text)
end
local plain_first = 1 - S"\r\n" - special

-- A line of the message text: its start, its leading blanks, then its class.
-- A line starting "M" is `mark` if it fits `marks`, and fails if it fits
-- `stop`, the mark that ends the region, so that the loop over lines ends in
-- front of it. A line of blanks ends at a line end (not a lone CR) or at the
-- end of the text.
local function text_line(marks, stop)
  return Cp() * blanks * (plain_first * text
                          + #P"\n" * ends("blank")
                          + #P"\r" * (#P"\r\n" * ends("blank") + text)
                          + furniture
                          + #marks_first * (marks + -stop * text)
                          + -P(1) * ends("blank"))
end

-- A line of the attribute block: a key starts with a letter, right at the
-- line's start; a blank line starts with a blank or ends at once.
local letter = R("AZ", "az")
local attr_key = letter * (letter + R"09" + S" ./_()-") ^ -39 * P":" * (#blank + #term)
local attr_cont = content * ends("attr_cont")
local attr_line = Cp() * (#letter * (#attr_key * content * ends("attr") + attr_cont)
                          + blanks * (#term * ends("blank") + attr_cont))

-- Each line in turn; the line end is consumed here, outside `line`, so that
-- LPeg can see each loop step makes progress.
local function lines(line)
  return (line * newline) ^ 0 * (#P(1) * line * -P(1)) ^ -1
end

-- A region mark line, whose start is also kept in the group `key`, given back
-- after the last line (a back capture takes the group's latest value).
local function mark_line(words, key)
  return Cg(Cp(), key) * Cp() * blanks * words * ends("mark") * term
end

-- The triples of the lines before the first `Message Text` mark (which may be
-- missing), of the rest of the message text, then of the attribute block from
-- the first `Message Attributes` mark; then the two marks' byte offsets, or
-- false (the named groups give no values of their own).
local whole = Cg(Cc(false), "text_first") * Cg(Cc(false), "attr_first")
              * lines(text_line(P(false), message_text + message_attributes))
              * (mark_line(message_text, "text_first")
                 * lines(text_line(message_text * ends("mark"), message_attributes))) ^ -1
              * (mark_line(message_attributes, "attr_first") * lines(attr_line)) ^ -1
              * Cb("text_first") * Cb("attr_first")
local whole_table = Ct(whole)

-- lpeg.match returns the values on the Lua stack, which holds at most a
-- million (LUAI_MAXSTACK); a text of this many bytes gives at most 600,002.
-- A table built from them in one go is cheaper than a table capture, which
-- grows by doubling, so longer texts only take the table capture.
local values_limit = 200000

-- The number of the line that starts at byte `at`: a binary search, since
-- line starts increase.
local function line_at(t, at, n)
  local low, high = 1, n
  while true do
    local mid = (low + high) // 2
    local start = t[3 * mid - 2]
    if start == at then return mid end
    if start < at then low = mid + 1 else high = mid - 1 end
  end
end

-- The scan table from the values of `whole`: the marks' byte offsets at its
-- end become the regions' line numbers.
local function regions(t)
  local n = (#t - 2) // 3
  local text_mark, attr_mark = t[3 * n + 1], t[3 * n + 2]
  t[3 * n + 1], t[3 * n + 2] = nil, nil
  t.n = n
  t.text_first = text_mark and line_at(t, text_mark, n) + 1 or 1
  if attr_mark then
    attr_mark = line_at(t, attr_mark, n)
    t.text_last, t.attr_first, t.attr_last = attr_mark - 1, attr_mark + 1, n
  else
    t.text_last, t.attr_first, t.attr_last = n, nil, nil
  end
  return t
end

function scan.scan(text)
  if type(text) ~= "string" then
    error("bad argument #1 to 'scan' (string expected, got " .. type(text) .. ")", 2)
  end
  if #text > values_limit then return regions(lpeg.match(whole_table, text)) end
  -- The keys come first so that the table is made with room for them: each
  -- key added later would make Lua rehash the table, counting every slot.
  return regions({ n = false, text_first = false, text_last = false, attr_first = false,
                   attr_last = false, lpeg.match(whole, text) })
end

scan.backend = "lua"

return scan
