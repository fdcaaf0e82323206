-- Sub-paragraphs inside one numbered paragraph: labels at line starts
-- (A. / (A) / A) / (a) / a) / (1) / 1)) nested as the cable nests them.
-- A label counts only as the next in its sequence (A, B, C ... or 1, 2, 3 ...)
-- and a sequence needs two members, so a wrapped line starting "A. SMITH
-- SAID" or "U.S. ..." is text, not a sub-paragraph. Of two A.'s before any
-- B., the one after a sentence end, a colon or a blank line wins.
local subparagraphs = {}

-- Label forms, tried in this order at a line start after blanks: the label
-- as written, its value, its style; then a blank or "(" must follow.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S, C, Cc, Cp, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct
local upper, lower, digit = R"AZ", R"az", R"09"
local number = digit * digit ^ -1
local blanks = S" \t" ^ 0
local function form(open, value, close, style)
  return C(P(open) * C(value) * P(close)) * Cc(style)
end
local LABEL = blanks * (form("(", upper, ")", "(A)") + form("", upper, ".", "A.")
  + form("", upper, ")", "A)") + form("(", lower, ")", "(a)") + form("", lower, ")", "a)")
  + form("(", number, ")", "(1)") + form("", number, ")", "1)")) * #S" \t("

-- Every line of raw that starts with a label, in one pass: a list of
-- {line start, label, value, style, position of the text after the label's
-- blanks}.
local labelled = Ct(Cp() * LABEL * blanks * Cp()) + P(true)
local line_rest = (1 - P"\n") ^ 0
local LABELLED_LINES = Ct(labelled * line_rest * (P"\n" * labelled * line_rest) ^ 0)

-- Does the line at pos follow the paragraph start, a blank line or a line
-- ending a sentence or a clause (. : ; ) - or a quote)?
local ENDS = { [("."):byte()] = true, [(":"):byte()] = true, [(";"):byte()] = true,
  [(")"):byte()] = true, [("-"):byte()] = true, [('"'):byte()] = true, [("'"):byte()] = true }
local function after_break(raw, pos)
  local j, breaks = pos - 1, 0
  while j > 0 do
    local b = raw:byte(j)
    if b == 10 then breaks = breaks + 1 elseif b ~= 32 and b ~= 9 and b ~= 13 then break end
    j = j - 1
  end
  return j == 0 or breaks >= 2 or ENDS[raw:byte(j)] == true
end

-- subparagraphs.find(raw) -> tree: list of {label, value, first, last,
-- children}, first/last the positions in raw of the text after the label and
-- of the end of the sub-paragraph (its own sub-paragraphs included).
function subparagraphs.find(raw)
  local root = { children = {} }
  local stack = {}        -- open levels: {style, items, parent}
  local order = {}        -- accepted items in text order, with their level
  for _, line in ipairs(lpeg.match(LABELLED_LINES, raw)) do
    local at, label, value, style = line[1], line[2], line[3]:upper(), line[4]
    local rank = tonumber(value) or value:byte() - 64   -- A and 1 are 1
    local item = { label = label, value = value, at = at, first = line[5], clean = after_break(raw, at) }
    local k = #stack
    while k > 0 and stack[k].style ~= style do k = k - 1 end
    local level = stack[k]
    if level and #level.items + 1 == rank then
      for i = #stack, k + 1, -1 do stack[i] = nil end
    elseif rank == 1 and (not level or (#level.items == 1 and not level.items[1].clean)) then
      if level then            -- a lone "A." in mid-sentence before: it was text
        level.items[1].dropped = true
        for i = #stack, k, -1 do stack[i] = nil end
      end
      local owner = stack[#stack] and stack[#stack].items[#stack[#stack].items] or root
      level = { style = style, items = {}, owner = owner }
      owner.children = owner.children or {}
      owner.children[#owner.children + 1] = level
      stack[#stack + 1] = level
    else
      level = nil
    end
    if level then
      level.items[#level.items + 1] = item
      item.depth = #stack
      order[#order + 1] = item
    end
  end
  -- Keep sequences of two or more; an item ends where the next kept item of
  -- its depth or above starts.
  local function keep(levels)
    local out = {}
    for _, level in ipairs(levels or {}) do
      local items = {}
      for _, it in ipairs(level.items) do
        if not it.dropped then items[#items + 1] = it end
      end
      if #items >= 2 then
        for _, it in ipairs(items) do
          it.kept = true
          out[#out + 1] = it
        end
      end
    end
    return out
  end
  local function build(levels)
    local out = keep(levels)
    for _, it in ipairs(out) do it.children = build(it.children) end
    return out
  end
  local tree = build(root.children)
  -- From the last item back: bound[d] is where the nearest kept item of
  -- depth d or less after it starts. Each style opens one level at most, so
  -- depths stay small.
  local bound, deepest = {}, 0
  for _, it in ipairs(order) do deepest = math.max(deepest, it.depth) end
  for i = #order, 1, -1 do
    local it = order[i]
    if it.kept then
      it.last = (bound[it.depth] or #raw + 1) - 1
      for d = it.depth, deepest do bound[d] = it.at end
    end
  end
  return tree
end

return subparagraphs
