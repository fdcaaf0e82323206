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
local END_TAG = "^</([%a_][%w_:%.%-]*)%s*>"

-- A start tag read by one LPeg match from its "<": the name, the attribute
-- table, "/" if it closes itself, the position after its ">"; nil when it
-- is malformed (an attribute without "=" or a closing quote, no ">"). A
-- value is decoded only when it holds "&" (Carg(1): the warnings list).
local P, R, S, C, Cp, Carg = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cp, lpeg.Carg
local xml_white = S" \t\n\v\f\r"
local xml_name = (R("az", "AZ") + P"_") * (R("az", "AZ", "09") + S"_:.-") ^ 0
local function quoted(q)
  return P(q) * (C((1 - S(q .. "&")) ^ 0) * P(q) + C((1 - P(q)) ^ 0) * Carg(1) / decode * P(q))
end
local attribute = xml_white ^ 1 * C(xml_name) * xml_white ^ 0 * P"=" * xml_white ^ 0
  * (quoted'"' + quoted"'")
-- key, value, key, value ... as a table (a later key wins, as it is read last)
local function attribute_table(...)
  local attrs = {}
  for i = 1, select("#", ...), 2 do
    local key, value = select(i, ...)
    attrs[key] = value
  end
  return attrs
end
local START_TAG = P"<" * C(xml_name) * (attribute ^ 0 / attribute_table)
  * xml_white ^ 0 * C(P"/" ^ -1) * P">" * Cp()

-- Reads text into a tree of elements; also notes, as it goes, what unwrap
-- would otherwise look for by walking the tree: the first <div
-- type="document"> (found.doc), whether a document div opens inside it
-- (found.nested), the first <TEI> element (found.tei) and whether that holds
-- the document div (found.tei_holds_doc). Returns root, found | nil,
-- message, position.
local function read_tree(text, warnings)
  local root = { name = "#document", attrs = {}, children = {} }
  local stack = { root }
  local kids = root.children  -- the children of the open element
  local found = {}
  local doc_open, tei_open = false, false  -- are found.doc, found.tei on the stack?
  local pos, len = 1, #text
  local amp = text:find("&", 1, true)  -- the first "&" from pos on (decode is needed only up to it)
  while pos <= len do
    if amp and amp < pos then amp = text:find("&", pos, true) end
    local lt = text:find("<", pos, true)
    if not lt then
      local rest = text:sub(pos)
      kids[#kids + 1] = amp and decode(rest, warnings) or rest
      break
    end
    if lt > pos then
      local s = text:sub(pos, lt - 1)
      kids[#kids + 1] = amp and amp < lt and decode(s, warnings) or s
    end
    local second = byte(text, lt + 1)  -- "!", "?", "/" or a name
    if second == 33 and text:find("^<!%-%-", lt) then
      local e = text:find("-->", lt + 4, true)
      if not e then return nil, "XML comment not closed", lt end
      pos = e + 3
    elseif second == 33 and text:find("^<!%[CDATA%[", lt) then
      local e = text:find("]]>", lt + 9, true)
      if not e then return nil, "CDATA section not closed", lt end
      kids[#kids + 1] = text:sub(lt + 9, e - 1)
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
      if open == found.doc then doc_open = false elseif open == found.tei then tei_open = false end
      stack[#stack] = nil
      kids = stack[#stack].children
      pos = e + 1
    else
      local name, attrs, slash, after = lpeg.match(START_TAG, text, lt, warnings)
      if not name then return nil, "malformed start tag", lt end
      local el = { name = name, attrs = attrs, children = {}, at = lt }
      kids[#kids + 1] = el
      local open = slash == ""
      if name == "div" and attrs.type == "document" then
        if not found.doc then
          found.doc, found.tei_holds_doc, doc_open = el, tei_open, open
        elseif doc_open then
          found.nested = true
        end
      elseif name == "TEI" and not found.tei then
        found.tei, tei_open = el, open
      end
      if open then
        stack[#stack + 1] = el
        kids = el.children
      end
      pos = after
    end
  end
  if #stack > 1 then return nil, "element <" .. stack[#stack].name .. "> not closed", stack[#stack].at end
  return root, found
end

-- parse(text) -> root element {name, attrs, children = {strings, elements}}
-- | nil, message, position. Comments, processing instructions and a DOCTYPE
-- are skipped; CDATA is text.
function M.parse(text, warnings)
  local root, err, pos = read_tree(text, warnings)
  if not root then return nil, err, pos end
  return root
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

-- As gsub("%s+", " ") in one pass; a single blank between words is copied
-- with the words, not replaced (far fewer captures). After a blank the
-- text's leading white space goes altogether (as gsub("^ ", "") would).
local words = (1 - xml_white) ^ 1 * (P" " * (1 - xml_white) ^ 1) ^ 0
local ONE_BLANK = lpeg.Cs((words + xml_white ^ 1 / " ") ^ 0)
local NO_LEADING_BLANK = lpeg.Cs(xml_white ^ 0 / "" * (words + xml_white ^ 1 / " ") ^ 0)

local function append(buf, s)
  s = lpeg.match(buf.space and NO_LEADING_BLANK or ONE_BLANK, s)
  if s == "" then return end
  buf.parts[#buf.parts + 1] = s
  buf.len = buf.len + #s
  buf.space = byte(s, -1) == 32
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
  local root, found, pos = read_tree(text, warnings)
  if not root then return nil, "TEI XML not read: " .. found, pos end
  local div = found.doc
  if not div then return nil, 'TEI XML without a <div type="document">', 1 end
  local a = div.attrs
  local meta = { source = "tei", id = a["xml:id"], n = a.n, type = a.type, subtype = a.subtype,
    date_min = a["frus:doc-dateTime-min"], date_max = a["frus:doc-dateTime-max"],
    notes = {}, pages = {}, layout = {}, warnings = warnings }
  if found.tei_holds_doc and found.tei.attrs["xml:id"] then
    meta.volume = found.tei.attrs["xml:id"]
  end
  local st = { meta = meta, blocks = {}, warnings = warnings, seen = {} }
  read_blocks(st, div)
  if found.nested then
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
