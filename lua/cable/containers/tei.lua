-- The Office of the Historian's TEI XML for a FRUS document (a <div
-- type="document"> with <head>, <dateline>, <p>, <list>, <closer>, footnote
-- <note>s, <pb> page breaks): a small reader for that subset of XML, and the
-- plain text of the document for a grammar, with the markup's metadata apart.
-- No text is lost: footnotes go to meta.notes, text in elements this reader
-- does not know is kept, with a warning.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local trim = require "cable.trim"

local byte = string.byte

local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'" }

local function char(n)
  if n and n >= 0 and n <= 0x10FFFF and not (n >= 0xD800 and n <= 0xDFFF) then return utf8.char(n) end
end

-- Entity and character references; one that is not XML is kept as written
-- and reported in warnings.
local function decode(s, warnings)
  if not s:find("&", 1, true) then return s end  -- most text holds none: no gsub pass
  return (s:gsub("&(#?)([xX]?)(%w+);", function(hash, x, body)
    local out
    if hash == "" then
      out = x == "" and NAMED[body] or nil
    else
      out = char(tonumber(body, x == "" and 10 or 16))
    end
    if not out then warnings[#warnings + 1] = "reference not understood, kept as written: &" .. hash .. x .. body .. ";" end
    return out
  end))
end

-- Tag and attribute patterns (an XML name is "[%a_][%w_:%.%-]*").
local ATTRIBUTE = "^%s+([%a_][%w_:%.%-]*)%s*=%s*([\"'])"
local END_TAG = "^</([%a_][%w_:%.%-]*)%s*>"
local START_TAG = "^<([%a_][%w_:%.%-]*)"

-- Reads the attributes of a start tag from pos: the table and the position
-- of the tag's end (">" or "/>"), whether it closes itself; nil on error.
local function attributes(text, pos, warnings)
  local attrs = {}
  while true do
    local s, e, key, quote = text:find(ATTRIBUTE, pos)
    if not s then break end
    local close = text:find(quote, e + 1, true)
    if not close then return nil end
    attrs[key] = decode(text:sub(e + 1, close - 1), warnings)
    pos = close + 1
  end
  local _, e, slash = text:find("^%s*(/?)>", pos)
  if not e then return nil end
  return attrs, e, slash == "/"
end

-- parse(text) -> root element {name, attrs, children = {strings, elements}}
-- | nil, message, position. Comments, processing instructions and a DOCTYPE
-- are skipped; CDATA is text.
function M.parse(text, warnings)
  local root = { name = "#document", attrs = {}, children = {} }
  local stack = { root }
  local function add(child)
    local kids = stack[#stack].children
    kids[#kids + 1] = child
  end
  local pos, len = 1, #text
  while pos <= len do
    local lt = text:find("<", pos, true)
    if not lt then add(decode(text:sub(pos), warnings)) break end
    if lt > pos then add(decode(text:sub(pos, lt - 1), warnings)) end
    local second = byte(text, lt + 1)  -- "!", "?", "/" or a name
    if second == 33 and text:find("^<!%-%-", lt) then
      local e = text:find("-->", lt + 4, true)
      if not e then return nil, "XML comment not closed", lt end
      pos = e + 3
    elseif second == 33 and text:find("^<!%[CDATA%[", lt) then
      local e = text:find("]]>", lt + 9, true)
      if not e then return nil, "CDATA section not closed", lt end
      add(text:sub(lt + 9, e - 1))
      pos = e + 3
    elseif second == 63 or second == 33 then
      local close = second == 63 and "?>" or ">"
      local e = text:find(close, lt + 2, true)
      if not e then return nil, "XML declaration not closed", lt end
      pos = e + #close
    elseif second == 47 then
      local _, e, name = text:find(END_TAG, lt)
      if not e then return nil, "malformed end tag", lt end
      local open = stack[#stack]
      if #stack == 1 or open.name ~= name then
        return nil, "end tag </" .. name .. "> does not close <" .. open.name .. ">", lt
      end
      stack[#stack] = nil
      pos = e + 1
    else
      local _, e, name = text:find(START_TAG, lt)
      local attrs, close, empty
      if e then attrs, close, empty = attributes(text, e + 1, warnings) end
      if not attrs then return nil, "malformed start tag", lt end
      local el = { name = name, attrs = attrs, children = {}, at = lt }
      add(el)
      if not empty then stack[#stack + 1] = el end
      pos = close + 1
    end
  end
  if #stack > 1 then return nil, "element <" .. stack[#stack].name .. "> not closed", stack[#stack].at end
  return root
end

-- The first element named name with attribute key = value, depth first.
local function find(el, name, key, value)
  for _, kid in ipairs(el.children) do
    if type(kid) == "table" then
      if kid.name == name and (not key or kid.attrs[key] == value) then return kid end
      local deeper = find(kid, name, key, value)
      if deeper then return deeper end
    end
  end
end

-- Elements whose text is read as running text without remark.
local INLINE = {
  hi = true, persName = true, gloss = true, placeName = true, date = true, orgName = true,
  ref = true, foreign = true, q = true, quote = true, term = true, rs = true, seg = true,
  name = true, title = true, emph = true, abbr = true, signed = true, salute = true,
  label = true, item = true, idno = true, time = true,
}

-- A block of running text being built: white space runs become one blank,
-- so that offsets into it are offsets into the final text.
local function new_buffer()
  return { parts = {}, len = 0, space = true }
end

local white = lpeg.S" \t\n\v\f\r"
local ONE_BLANK = lpeg.Cs((white ^ 1 / " " + (1 - white) ^ 1) ^ 0)  -- as gsub("%s+", " "), in one pass

local function append(buf, s)
  s = lpeg.match(ONE_BLANK, s)
  if buf.space then s = s:gsub("^ ", "") end
  if s == "" then return end
  buf.parts[#buf.parts + 1] = s
  buf.len = buf.len + #s
  buf.space = s:sub(-1) == " "
end

-- Length of the text so far without a trailing blank.
local function offset(buf)
  return buf.space and buf.len > 0 and buf.len - 1 or buf.len
end

local function text_of(buf)
  return trim.both(table.concat(buf.parts))
end

-- The reader's state: meta (what the markup says), where (the block being
-- read, for the anchors of notes and page breaks) and warnings.
local inline

local function read_note(st, el, buf)
  local nb = new_buffer()
  inline(st, el, nb)
  local a = el.attrs
  st.meta.notes[#st.meta.notes + 1] = { n = a.n, id = a["xml:id"], type = a.type,
    text = text_of(nb), block = st.where, at = offset(buf) }
end

local function warn_once(st, what)
  if not st.seen[what] then
    st.seen[what] = true
    st.warnings[#st.warnings + 1] = what
  end
end

-- Reads the children of el as running text into buf.
function inline(st, el, buf)
  for _, kid in ipairs(el.children) do
    if type(kid) == "string" then
      append(buf, kid)
    elseif kid.name == "note" then
      read_note(st, kid, buf)
    elseif kid.name == "pb" then
      local a = kid.attrs
      st.meta.pages[#st.meta.pages + 1] = { n = a.n, id = a["xml:id"], facs = a.facs,
        block = st.where, at = offset(buf) }
    elseif kid.name == "lb" then
      append(buf, " ")
    else
      if not INLINE[kid.name] then
        warn_once(st, "TEI element <" .. kid.name .. "> not understood; its text is kept")
      end
      local start = #buf.parts
      inline(st, kid, buf)
      if kid.name == "gloss" and (kid.attrs.type == "from" or kid.attrs.type == "to") then
        st.meta[kid.attrs.type] = trim.both(table.concat(buf.parts, "", start + 1))
      elseif kid.name == "placeName" and st.where == "dateline" then
        st.meta.place = st.meta.place or trim.both(table.concat(buf.parts, "", start + 1))
      elseif kid.name == "date" and st.where == "dateline" then
        st.meta.when, st.meta.calendar = kid.attrs.when, kid.attrs.calendar
      elseif kid.name == "signed" then
        st.meta.signed = trim.both(table.concat(buf.parts, "", start + 1))
      end
    end
  end
end

-- A paragraph that holds nothing but a name (in bold or not): the signature
-- as FRUS often writes it, <p><hi rend="strong"><persName>..</persName></hi></p>.
local function only_name(el)
  local found
  for _, kid in ipairs(el.children) do
    if type(kid) == "string" then
      if kid:find("%S") then return false end
    elseif kid.name == "persName" then
      if found then return false end
      found = true
    elseif kid.name == "hi" and only_name(kid) then
      if found then return false end
      found = true
    else
      return false
    end
  end
  return found == true
end

-- One body block: its text and its layout entry (none for an empty block,
-- whose notes and page breaks then stand at the start of the next).
local function block(st, el, kind, label)
  st.where = #st.blocks + 1
  local buf = new_buffer()
  inline(st, el, buf)
  local text = text_of(buf)
  if text == "" and not label then return end
  st.blocks[#st.blocks + 1] = label and (label .. " " .. text) or text
  st.meta.layout[#st.meta.layout + 1] = { kind = kind, label = label }
end

-- A page break or note between blocks: anchored at the start of the next.
local function between(st, el)
  st.where = #st.blocks + 1
  inline(st, { children = { el } }, new_buffer())
end

local function read_list(st, list)
  local label
  for _, kid in ipairs(list.children) do
    if type(kid) == "table" then
      if kid.name == "label" then
        local buf = new_buffer()
        inline(st, kid, buf)
        label = text_of(buf)
      elseif kid.name == "item" then
        block(st, kid, "item", label)
        label = nil
      elseif kid.name == "pb" or kid.name == "note" then
        between(st, kid)
      else
        warn_once(st, "TEI element <" .. kid.name .. "> in a list read as a paragraph")
        block(st, kid, "p")
      end
    elseif kid:find("%S") then
      warn_once(st, "text between list items read as a paragraph")
      block(st, { children = { kid } }, "p")
    end
  end
  if label then block(st, { children = {} }, "item", label) end
end

local BLOCK = { p = "p", closer = "closer", ab = "p" }

-- The children of the document div (and of an <opener>), in order.
local function read_blocks(st, el)
  for _, kid in ipairs(el.children) do
    if type(kid) == "string" then
      if kid:find("%S") then
        warn_once(st, "text outside any paragraph read as a paragraph")
        block(st, { children = { kid } }, "p")
      end
    elseif kid.name == "head" or kid.name == "dateline" then
      local saved = st.where
      st.where = kid.name
      local buf = new_buffer()
      inline(st, kid, buf)
      st[kid.name] = text_of(buf)
      st.where = saved
    elseif kid.name == "opener" then
      read_blocks(st, kid)
    elseif kid.name == "list" then
      read_list(st, kid)
    elseif kid.name == "p" and only_name(kid) then
      block(st, kid, "signature")
    elseif BLOCK[kid.name] then
      block(st, kid, BLOCK[kid.name])
    elseif kid.name == "pb" or kid.name == "note" then
      between(st, kid)
    else
      warn_once(st, "TEI element <" .. kid.name .. "> read as a paragraph")
      block(st, kid, "p")
    end
  end
end

-- Where the first <div type="document"> of s starts: plain finds of "<div",
-- then its attributes read there (a pattern tried at every byte cost more
-- than all the rest of detection).
local function document_div(s)
  local at = s:find("<div", 1, true)
  while at do
    if s:find("^%s[^>]*type%s*=%s*[\"']document[\"']", at + 4) then return at end
    at = s:find("<div", at + 1, true)
  end
end

-- The plain text of the head of a TEI document near the start of text
-- (cheap, for detection), or nil.
function M.document_head(text)
  local start = text:sub(1, 4000)
  local div = document_div(start)
  if not div then return nil end
  local head = start:match("<head[%s>].-</head>", div) or start:match("<head[%s>].*", div)
  if not head then return nil end
  head = head:gsub("<note[%s>].-</note>", ""):gsub("<[^>]*>", "")
  return (head:gsub("%s+", " "))
end

-- unwrap(text) -> plain text, meta | nil, message, position. The text is the
-- head line, the dateline, a blank line, then each block (paragraph, list
-- item with its label, closer) as one line, blocks separated by blank lines.
-- meta: source = "tei", id (xml:id), n, type, subtype, date_min, date_max,
-- volume (only when an enclosing TEI element names it), from, to, place,
-- when, calendar, signed, notes, pages, layout (one {kind, label} a block:
-- p, item, signature, closer) and warnings.
function M.unwrap(text)
  local warnings = {}
  local root, err, pos = M.parse(text, warnings)
  if not root then return nil, "TEI XML not read: " .. err, pos end
  local div = find(root, "div", "type", "document")
  if not div then return nil, 'TEI XML without a <div type="document">', 1 end
  local a = div.attrs
  local meta = { source = "tei", id = a["xml:id"], n = a.n, type = a.type, subtype = a.subtype,
    date_min = a["frus:doc-dateTime-min"], date_max = a["frus:doc-dateTime-max"],
    notes = {}, pages = {}, layout = {}, warnings = warnings }
  local tei = find(root, "TEI")
  if tei and tei.attrs["xml:id"] and find(tei, "div", "type", "document") == div then
    meta.volume = tei.attrs["xml:id"]
  end
  local st = { meta = meta, blocks = {}, warnings = warnings, seen = {} }
  read_blocks(st, div)
  if find(div, "div", "type", "document") then
    warnings[#warnings + 1] = "a document inside the document: read as part of it"
  end
  local lines = {}
  if st.head and st.head ~= "" then lines[#lines + 1] = st.head end
  if st.dateline and st.dateline ~= "" then lines[#lines + 1] = st.dateline end
  local out = table.concat(lines, "\n")
  if #st.blocks > 0 then out = out .. "\n\n" .. table.concat(st.blocks, "\n\n") end
  return out .. "\n", meta
end

return M
