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
local P, R, S, C, Cc, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp
local upper, lower, digit = R"AZ", R"az", R"09"
local number = digit * digit ^ -1
local function form(open, value, close, style)
  return C(P(open) * C(value) * P(close)) * Cc(style)
end
local LABEL = S" \t" ^ 0 * (form("(", upper, ")", "(A)") + form("", upper, ".", "A.")
  + form("", upper, ")", "A)") + form("(", lower, ")", "(a)") + form("", lower, ")", "a)")
  + form("(", number, ")", "(1)") + form("", number, ")", "1)")) * #S" \t(" * Cp()

-- The label at position pos of raw: label as written, style, rank in its
-- sequence (A and 1 are 1), position of the character after the label; or nil.
local function label_at(raw, pos)
  local label, value, style, stop = lpeg.match(LABEL, raw, pos)
  if not label then return nil end
  local rank = tonumber(value) or (value:upper():byte() - 64)
  return label, style, rank, stop, value:upper()
end

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
  local pos = 1
  while pos <= #raw do
    local label, style, rank, after, value = label_at(raw, pos)
    if label then
      local item = { label = label, value = value, at = pos, first = raw:find("[^ \t]", after) or after,
                     clean = after_break(raw, pos) }
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
    local nl = raw:find("\n", pos, true)
    if not nl then break end
    pos = nl + 1
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
  for i, it in ipairs(order) do
    if it.kept then
      it.last = #raw
      for j = i + 1, #order do
        if order[j].kept and order[j].depth <= it.depth then it.last = order[j].at - 1; break end
      end
    end
  end
  return tree
end

return subparagraphs
