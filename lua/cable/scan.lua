-- The pure Lua + LPeg line scanner: the same cut and the same classes as the
-- C core (src/scan.c), returned in the same flat table (docs/scanner.md):
-- t[3i-2] = first byte of line i, t[3i-1] = one past its last content byte,
-- t[3i] = its class; t.n, t.text_first, t.text_last, t.attr_first, t.attr_last.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S, C, Cc, Cp, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct

local scan = {}

local classes = {
  text = 1, blank = 2, page = 3, banner = 4, para = 5,
  ["end"] = 6, mark = 7, attr = 8, attr_cont = 9,
}
scan.classes = classes

local blank = S" \t"
local blanks = blank ^ 0
local term = P"\r\n" + P"\n" + -P(1)          -- where a line's content ends
local content = ((1 - S"\r\n") ^ 1 + P"\r" * -P"\n") ^ 0  -- the rest of the line's content (a CR before LF is not)
local trimmed_end = blanks * #term            -- trailing blanks, then the line end
local digit, upper = R"09", R"AZ"

-- A line whose trimmed content is exactly one of the words (longest tried
-- first, since an ordered choice never comes back to try a longer word).
local function only(...)
  local words = { ... }
  table.sort(words, function(a, b) return #a > #b end)
  local alt = P(false)
  for _, word in ipairs(words) do alt = alt + P(word) end
  return blanks * alt * trimmed_end
end

local page = blanks * P"PAGE" * blank ^ 1 * digit * digit ^ -2 * (#blank + trimmed_end)
local banner = only("UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
                    "SECRET", "TOP SECRET")
local close = S".)"
local level = (upper + digit) * (upper + digit) ^ -1 * close
local para_sign = P"\194\182" + P"\239\191\189" + P"\182"
local para = blanks * para_sign ^ -1 * blanks * digit * digit ^ -1 * (close + upper * close)
             * level ^ 0 * (#blank + #P"(" + trimmed_end)
local attr_key = R("AZ", "az") * (R("AZ", "az", "09") + S" ./_()-") ^ -39 * P":" * (#blank + #term)

-- One line's content, then the position after it and its class; the line end
-- is consumed by `lines` so that LPeg can see each loop step makes progress.
local function kind(patt, name) return #patt * content * Cp() * Cc(classes[name]) end
local text_body = Cp() * (
    kind(blanks * #term, "blank")
  + kind(only("Message Text"), "mark")
  + kind(page, "page")
  + kind(banner, "banner")
  + kind(only("NNN", "NNNN"), "end")
  + kind(para, "para")
  + content * Cp() * Cc(classes.text))
local attr_body = Cp() * (
    kind(blanks * #term, "blank")
  + kind(attr_key, "attr")
  + content * Cp() * Cc(classes.attr_cont))
local attributes_mark = Cp() * #only("Message Attributes") * content * Cp() * Cc(classes.mark)

local newline = P"\r\n" + P"\n"
local function lines(body)
  return (body * newline) ^ 0 * (#P(1) * body * -P(1)) ^ -1
end
local whole = Ct(lines(-attributes_mark * text_body)
                 * (C(attributes_mark * (newline + -P(1))) * lines(attr_body)) ^ -1)

-- The attribute marker is captured as a string in front of its own triple;
-- find it and drop it, so the table is flat triples only.
local function regions(t)
  local n, text_mark, attr_mark = 0, nil, nil
  local i = 1
  while t[i] ~= nil do
    if type(t[i]) == "string" then
      table.remove(t, i)
      attr_mark = n + 1
    else
      n = n + 1
      if t[i + 2] == classes.mark and not text_mark and not attr_mark then text_mark = n end
      i = i + 3
    end
  end
  t.n = n
  t.text_first = text_mark and text_mark + 1 or 1
  t.text_last = attr_mark and attr_mark - 1 or n
  if attr_mark then
    t.attr_first, t.attr_last = attr_mark + 1, n
  end
  return t
end

function scan.scan(text)
  if type(text) ~= "string" then
    error("bad argument #1 to 'scan' (string expected, got " .. type(text) .. ")", 2)
  end
  return regions(lpeg.match(whole, text))
end

scan.backend = "lua"

return scan
