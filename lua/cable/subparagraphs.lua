-- Sub-paragraphs inside one numbered paragraph: labels at line starts
-- (A. / (A) / A) / (a) / a) / (1) / 1)) nested as the cable nests them.
-- A label counts only as the next in its sequence (A, B, C ... or 1, 2, 3 ...)
-- and a sequence needs two members, so a wrapped line starting "A. SMITH
-- SAID" or "U.S. ..." is text, not a sub-paragraph. Of two A.'s before any
-- B., the one after a sentence end, a colon or a blank line wins.
local subparagraphs = {}

-- Label forms, tried in this order at a line start after blanks: the label
-- as written and its style; then a blank or "(" must follow.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local P, R, S, C, Cc, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp
local upper, lower, digit = R"AZ", R"az", R"09"
local number = digit * digit ^ -1
local blanks = S" \t" ^ 0
local function form(open, value, close, style)
  return C(P(open) * value * P(close)) * Cc(style)
end
local LABEL = form("(", upper, ")", "(A)") + form("", upper, ".", "A.")
  + form("", upper, ")", "A)") + form("(", lower, ")", "(a)") + form("", lower, ")", "a)")
  + form("(", number, ")", "(1)") + form("", number, ")", "1)")

-- A line that starts with a label, matched at its start: four values, the
-- line start, the label ("(1)"), its style ("(1)") and the start of the text
-- after the label and its blanks (no table: the caller keeps them in a flat
-- list, four a line). The caller finds these lines in its own pass over the
-- text (lua/cable/body.lua, with the paragraph numbers).
subparagraphs.labelled_line = Cp() * blanks * LABEL * #S" \t(" * blanks * Cp()

-- Does the line at pos follow the start of the text (at first), a blank
-- line or a line ending a sentence or a clause (. : ; ) - or a quote)?
local byte = string.byte
local ENDS = { [("."):byte()] = true, [(":"):byte()] = true, [(";"):byte()] = true,
  [(")"):byte()] = true, [("-"):byte()] = true, [('"'):byte()] = true, [("'"):byte()] = true }
local function after_break(text, first, pos)
  local j, breaks, b = pos - 1, 0, nil
  while j >= first do
    b = byte(text, j)
    if b == 10 then breaks = breaks + 1 elseif b ~= 32 and b ~= 9 and b ~= 13 then break end
    j = j - 1
  end
  return j < first or breaks >= 2 or ENDS[b] == true
end

-- The value of a label as written ("(b)" -> "B") and its rank in its
-- sequence (A and 1 are 1), read once for each label: the same few recur.
-- LABEL's forms allow a few hundred labels at most, so these stay small.
local label_values, label_ranks = {}, {}
local function value_of(label)
  local value = label_values[label]
  if not value then
    value = label:match("%w+"):upper()
    label_values[label], label_ranks[label] = value, tonumber(value) or value:byte() - 64
  end
  return value, label_ranks[label]
end

-- Places each labelled line in its sequence: the levels opened under root
-- and the accepted items in text order, with their depth. Whether its
-- first label follows a break (clean) is kept with the level: no other
-- label's is asked.
local function place(text, first, lines)
  local root = { children = {} }
  local stack, open = {}, 0   -- open levels: {style, items, clean}; how many
  local order = {}
  for k = 1, #lines, 4 do
    local at, label, style = lines[k], lines[k + 1], lines[k + 2]
    local value, rank = value_of(label)
    local s = open
    while s > 0 and stack[s].style ~= style do s = s - 1 end
    local level = stack[s]
    if level and #level.items + 1 == rank then
      for i = open, s + 1, -1 do stack[i] = nil end
      open = s
    elseif rank == 1 and (not level or (#level.items == 1 and not level.clean)) then
      if level then            -- a lone "A." in mid-sentence before: it was text
        -- (its level, closed with one item, is no sequence: kept_items)
        for i = open, s, -1 do stack[i] = nil end
        open = s - 1
      end
      local top = stack[open]
      local owner = top and top.items[#top.items] or root
      level = { style = style, items = {}, clean = after_break(text, first, at) }
      owner.children = owner.children or {}
      owner.children[#owner.children + 1] = level
      open = open + 1
      stack[open] = level
    else
      level = nil
    end
    if level then
      -- built whole (the fields set later included): a table grown field by
      -- field is rehashed as it grows
      local item = { label = label, value = value, at = at, first = lines[k + 3], depth = open,
                     kept = nil, last = nil, children = nil }
      level.items[#level.items + 1] = item
      order[#order + 1] = item
    end
  end
  return root, order
end

-- The items of levels that form sequences of two or more, marked kept,
-- with their own kept children.
local function kept_items(levels)
  local out = {}
  for l = 1, levels and #levels or 0 do
    local items = levels[l].items
    if #items >= 2 then
      for i = 1, #items do
        local it = items[i]
        it.kept = true
        out[#out + 1] = it
      end
    end
  end
  for i = 1, #out do out[i].children = kept_items(out[i].children) end
  return out
end

-- Sets where each kept item ends: before the next kept item of its depth or
-- above, else at last. From the last item back: bound[d] is where the
-- nearest kept item of depth d or less after it starts. Each style opens one
-- level at most, so depths stay small.
local function set_ends(order, last)
  local bound, deepest = {}, 0
  for i = 1, #order do
    local depth = order[i].depth
    if depth > deepest then deepest = depth end
  end
  for i = #order, 1, -1 do
    local it = order[i]
    if it.kept then
      it.last = (bound[it.depth] or last + 1) - 1
      for d = it.depth, deepest do bound[d] = it.at end
    end
  end
end

-- subparagraphs.tree(text, first, last, lines) -> tree of the text from
-- first to last, given its labelled lines (the values of
-- subparagraphs.labelled_line, four a line, in text order, a label at first
-- included): list of {label, value, first, last, children}, first/last the
-- positions in text of the text after the label and of the end of the
-- sub-paragraph (its own sub-paragraphs included).
function subparagraphs.tree(text, first, last, lines)
  if #lines < 8 then return {} end   -- a sequence needs two labels
  local root, order = place(text, first, lines)
  local tree = kept_items(root.children)
  set_ends(order, last)
  return tree
end

return subparagraphs
