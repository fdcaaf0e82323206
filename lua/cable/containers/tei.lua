-- The Office of the Historian's TEI XML for a FRUS document (a <div
-- type="document"> with <head>, <dateline>, <p>, <list>, <closer>, footnote
-- <note>s, <pb> page breaks): a small reader for that subset of XML, and the
-- plain text of the document for a grammar, with the markup's metadata apart.
-- No text is lost: footnotes go to meta.notes, text in elements this reader
-- does not know is kept, with a warning.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local trim = require "cable.trim"

local byte, find, sub = string.byte, string.find, string.sub

local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'" }

local function char(n)
  if n and n >= 0 and n <= 0x10FFFF and not (n >= 0xD800 and n <= 0xDFFF) then return utf8.char(n) end
end

-- Entity and character references (the reader calls it only for text
-- with "&"); one that is not XML is kept as written and reported in
-- warnings.
local function decode(s, warnings)
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

-- The reader: one LPeg pass cuts the text into a flat list of tokens; scan
-- checks their nesting, and unwrap reads the document from that list (a
-- match per tag, a find per text, a tree of tables and a pass over each
-- text to tidy its white space cost ~1.5x more). Tokens:
--   text                   a string
--   text with "&", CDATA   {raw text, true if CDATA}: decoded by scan, so
--                          that warnings come in the order of the text
--   start tag              its position, name, then key, value ... (a value
--                          with "&" as {raw value}), then true if it closes
--                          itself, else false
--   end tag                false, its position, name
-- Comments, processing instructions and a DOCTYPE give none. The pass stops
-- at the first "<" that begins none of them well formed; scan reports it
-- after the errors of the tokens before it.
local P, R, S, C, Cc, Cp, Cs, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Cs, lpeg.Ct
local xml_white = S" \t\n\v\f\r"
local line_white = S"\t\n\v\f\r"  -- the white space that is not a blank
local xml_name = (R("az", "AZ") + P"_") * (R("az", "AZ", "09") + S"_:.-") ^ 0

-- Up to and including the first lit (runs without its first byte in spans).
local function through(lit)
  return ((1 - P(lit:sub(1, 1))) ^ 1 + (1 - P(lit))) ^ 0 * P(lit)
end

local function quoted(q)
  return P(q) * (C((1 - S(q .. "&")) ^ 0) * P(q) + Ct(C((1 - P(q)) ^ 0)) * P(q))
end
local key_value = xml_white ^ 1 * C(xml_name) * xml_white ^ 0 * P"=" * xml_white ^ 0
  * (quoted'"' + quoted"'")
local start_tag = Cp() * P"<" * C(xml_name) * key_value ^ 0 * xml_white ^ 0
  * (P"/" * Cc(true) + Cc(false)) * P">"
local end_tag = Cc(false) * Cp() * P"</" * C(xml_name) * xml_white ^ 0 * P">"
-- (tags first: they are most of the markup, and each alternative tried
-- before the one that matches costs)
local markup = start_tag + end_tag
  + P"<!--" * through"-->"
  + P"<![CDATA[" * Ct(C(((1 - P"]") ^ 1 + (1 - P"]]>")) ^ 0) * Cc(true)) * P"]]>"
  + P"<?" * through"?>"
  + P"<!" * -P"--" * -P"[CDATA[" * (1 - P">") ^ 0 * P">"
local text_end = #P"<" + -P(1)
local text_with_references = Ct(C((1 - P"<") ^ 1))

-- Text as written, for parse.
local TOKENS = Ct((#P"<" * markup + C((1 - S"<&") ^ 1) * text_end + text_with_references) ^ 0) * Cp()

-- Text for unwrap, its white space tidied as it is read: a run of white
-- space that holds a line end or a tab becomes one blank, all but its
-- leading blanks, which are copied (so that the words and the single blanks
-- between them are read as one span); append makes the rest of a run of
-- blanks one blank. White space alone between tags, the most common text,
-- is one blank at once. Text with references and CDATA are tidied whole.
local tidy_text = xml_white ^ 1 * text_end * Cc" "
  + Cs(((1 - line_white - S"<&") ^ 1 + line_white * xml_white ^ 0 / " ") ^ 1) * text_end
local TIDY_TOKENS = Ct((#P"<" * markup + tidy_text + text_with_references) ^ 0) * Cp()

-- As gsub("%s+", " ") in one pass; a single blank between words is copied
-- with the words, not replaced (far fewer captures).
local words = (1 - xml_white) ^ 1 * (P" " * (1 - xml_white) ^ 1) ^ 0
local ONE_BLANK = Cs((words + xml_white ^ 1 / " ") ^ 0)
local function one_blank(s) return lpeg.match(ONE_BLANK, s) end

-- The error at position lt, where the pass stopped: what the markup that
-- starts there lacks.
local function markup_error(text, lt)
  local second = byte(text, lt + 1)  -- "!", "?", "/" or a name
  if second == 33 and text:find("^<!%-%-", lt) then return "XML comment not closed" end
  if second == 33 and text:find("^<!%[CDATA%[", lt) then return "CDATA section not closed" end
  if second == 63 or second == 33 then return "XML declaration not closed" end
  if second == 47 then return "malformed end tag" end
  return "malformed start tag"
end

local type = type

-- The value of attribute key of the element whose start tag is at index i
-- of list (of a key written twice, the later, as it is read last).
local function attribute(list, i, key)
  local value
  i = i + 2
  local name = list[i]
  while type(name) == "string" do
    if name == key then value = list[i + 1] end
    i = i + 2
    name = list[i]
  end
  return value
end

-- Checks the nesting of the tokens of text (tokens: TOKENS or TIDY_TOKENS)
-- and decodes, in the order of the text, the texts and values with
-- references (tidy: what makes the white space of such a text as
-- TIDY_TOKENS does, or nil). Returns the token list and what the walk
-- needs: for the start tag at index i of the list, inner[i] (where its
-- children start) and after[i] (the index after the element, its end tag
-- included); also, noted as it goes, the first <div type="document">
-- (doc: an index), whether a document div opens inside it (nested), the
-- first <TEI> element (tei) and whether that holds the document div
-- (tei_holds_doc). Or nil, message, position.
local function scan(text, tokens, warnings, tidy)
  local list, stop = lpeg.match(tokens, text)
  local tree = { list = list, inner = {}, after = {} }
  local inner, after = tree.inner, tree.after
  local stack = {}  -- indices of the open elements' start tags
  local doc_open, tei_open = false, false  -- are tree.doc, tree.tei on the stack?
  local i = 1
  local token = list[1]
  while token ~= nil do
    local kind = type(token)
    if kind == "string" then
      i = i + 1
    elseif kind == "number" then
      local start, name = i, list[i + 1]
      i = i + 2
      local key = list[i]
      while type(key) == "string" do
        local value = list[i + 1]
        if type(value) == "table" then list[i + 1] = decode(value[1], warnings) end
        i = i + 2
        key = list[i]
      end
      i = i + 1
      inner[start] = i
      local open = not key
      if name == "div" and attribute(list, start, "type") == "document" then
        if not tree.doc then
          tree.doc, tree.tei_holds_doc, doc_open = start, tei_open, open
        elseif doc_open then
          tree.nested = true
        end
      elseif name == "TEI" and not tree.tei then
        tree.tei, tei_open = start, open
      end
      if open then stack[#stack + 1] = start else after[start] = i end
    elseif kind == "table" then
      local s = token[2] and token[1] or decode(token[1], warnings)
      list[i] = tidy and tidy(s) or s
      i = i + 1
    else
      local lt, name = list[i + 1], list[i + 2]
      i = i + 3
      local open = stack[#stack]
      if not open or list[open + 1] ~= name then
        return nil, "end tag </" .. name .. "> does not close <" .. (open and list[open + 1] or "#document") .. ">", lt
      end
      if open == tree.doc then doc_open = false elseif open == tree.tei then tei_open = false end
      stack[#stack] = nil
      after[open] = i
    end
    token = list[i]
  end
  if stop <= #text then return nil, markup_error(text, stop), stop end
  local open = stack[#stack]
  if open then return nil, "element <" .. list[open + 1] .. "> not closed", list[open] end
  return tree
end

-- Where the children of the element at i start and stop (the index of its
-- end tag, or where they start if it closes itself).
local function children(tree, i)
  local first, after = tree.inner[i], tree.after[i]
  return first, after == first and first or after - 3
end

-- parse(text) -> root element {name, attrs, children = {strings, elements},
-- at = position} | nil, message, position. Comments, processing
-- instructions and a DOCTYPE are skipped; CDATA is text.
function M.parse(text, warnings)
  local tree, err, pos = scan(text, TOKENS, warnings)
  if not tree then return nil, err, pos end
  local list, inner = tree.list, tree.inner
  local root = { name = "#document", attrs = {}, children = {} }
  local stack = { root }
  local kids = root.children
  local i, token = 1, list[1]
  while token ~= nil do
    local kind = type(token)
    if kind == "string" then
      kids[#kids + 1] = token
      i = i + 1
    elseif kind == "number" then
      local attrs = {}
      for k = i + 2, inner[i] - 2, 2 do attrs[list[k]] = list[k + 1] end
      local el = { name = list[i + 1], attrs = attrs, children = {}, at = token }
      kids[#kids + 1] = el
      if not list[inner[i] - 1] then
        stack[#stack + 1] = el
        kids = el.children
      end
      i = inner[i]
    else
      stack[#stack] = nil
      kids = stack[#stack].children
      i = i + 3
    end
    token = list[i]
  end
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

-- Adds s, a text of the tokens unwrap reads (its line ends and tabs
-- already blanks), with each run of blanks made one blank and, after a
-- blank, without its leading one: the buffer holds what gsub("%s+", " ")
-- and then gsub("^ ", "") make of the text as written.
local function append(buf, s)
  if find(s, "  ", 1, true) then s = one_blank(s) end
  if buf.space and byte(s, 1) == 32 then s = sub(s, 2) end
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

-- The reader's state: tree (what scan gives), meta (what the markup says),
-- where (the block being read, for the anchors of notes and page breaks)
-- and warnings. The readers below take elements as the index of their
-- start tag in tree.list, and runs of siblings as the index of the first
-- and the index after the last.
local inline

local function read_note(st, i, buf)
  local nb = new_buffer()
  inline(st, nb, children(st.tree, i))
  local list = st.tree.list
  st.meta.notes[#st.meta.notes + 1] = { n = attribute(list, i, "n"), id = attribute(list, i, "xml:id"),
    type = attribute(list, i, "type"), text = text_of(nb), block = st.where, at = offset(buf) }
end

local function warn_once(st, what)
  if not st.seen[what] then
    st.seen[what] = true
    st.warnings[#st.warnings + 1] = what
  end
end

-- Reads the siblings from i to stop as running text into buf.
function inline(st, buf, i, stop)
  local tree = st.tree
  local list, after = tree.list, tree.after
  while i < stop do
    local token = list[i]
    if type(token) == "string" then
      append(buf, token)
      i = i + 1
    else
      local name = list[i + 1]
      if name == "note" then
        read_note(st, i, buf)
      elseif name == "pb" then
        st.meta.pages[#st.meta.pages + 1] = { n = attribute(list, i, "n"), id = attribute(list, i, "xml:id"),
          facs = attribute(list, i, "facs"), block = st.where, at = offset(buf) }
      elseif name == "lb" then
        append(buf, " ")
      else
        if not INLINE[name] then
          warn_once(st, "TEI element <" .. name .. "> not understood; its text is kept")
        end
        local start = #buf.parts
        inline(st, buf, children(tree, i))
        if name == "gloss" then
          local kind = attribute(list, i, "type")
          if kind == "from" or kind == "to" then
            st.meta[kind] = trim.both(table.concat(buf.parts, "", start + 1))
          end
        elseif name == "placeName" and st.where == "dateline" then
          st.meta.place = st.meta.place or trim.both(table.concat(buf.parts, "", start + 1))
        elseif name == "date" and st.where == "dateline" then
          st.meta.when, st.meta.calendar = attribute(list, i, "when"), attribute(list, i, "calendar")
        elseif name == "signed" then
          st.meta.signed = trim.both(table.concat(buf.parts, "", start + 1))
        end
      end
      i = after[i]
    end
  end
end

-- A paragraph that holds nothing but a name (in bold or not): the signature
-- as FRUS often writes it, <p><hi rend="strong"><persName>..</persName></hi></p>.
local function only_name(tree, i)
  local list = tree.list
  local found
  local k, stop = children(tree, i)
  while k < stop do
    local token = list[k]
    if type(token) == "string" then
      if find(token, "%S") then return false end
      k = k + 1
    else
      local name = list[k + 1]
      if name == "persName" or name == "hi" and only_name(tree, k) then
        if found then return false end
        found = true
      else
        return false
      end
      k = tree.after[k]
    end
  end
  return found == true
end

-- One body block, of the siblings from i to stop: its text and its layout
-- entry (none for an empty block, whose notes and page breaks then stand at
-- the start of the next).
local function block(st, kind, label, i, stop)
  st.where = #st.blocks + 1
  local buf = new_buffer()
  inline(st, buf, i, stop)
  local text = text_of(buf)
  if text == "" and not label then return end
  st.blocks[#st.blocks + 1] = label and (label .. " " .. text) or text
  st.meta.layout[#st.meta.layout + 1] = { kind = kind, label = label }
end

-- A page break or note between blocks: anchored at the start of the next.
local function between(st, i)
  st.where = #st.blocks + 1
  inline(st, new_buffer(), i, st.tree.after[i])
end

local function read_list(st, i)
  local tree = st.tree
  local list = tree.list
  local label
  local k, stop = children(tree, i)
  while k < stop do
    local token = list[k]
    if type(token) ~= "string" then
      local name = list[k + 1]
      if name == "label" then
        local buf = new_buffer()
        inline(st, buf, children(tree, k))
        label = text_of(buf)
      elseif name == "item" then
        block(st, "item", label, children(tree, k))
        label = nil
      elseif name == "pb" or name == "note" then
        between(st, k)
      else
        warn_once(st, "TEI element <" .. name .. "> in a list read as a paragraph")
        block(st, "p", nil, children(tree, k))
      end
      k = tree.after[k]
    else
      if find(token, "%S") then
        warn_once(st, "text between list items read as a paragraph")
        block(st, "p", nil, k, k + 1)
      end
      k = k + 1
    end
  end
  if label then block(st, "item", label, 1, 1) end
end

local BLOCK = { p = "p", closer = "closer", ab = "p" }

-- The children of the document div (and of an <opener>), in order.
local function read_blocks(st, i)
  local tree = st.tree
  local list = tree.list
  local k, stop = children(tree, i)
  while k < stop do
    local token = list[k]
    if type(token) == "string" then
      if find(token, "%S") then
        warn_once(st, "text outside any paragraph read as a paragraph")
        block(st, "p", nil, k, k + 1)
      end
      k = k + 1
    else
      local name = list[k + 1]
      if name == "head" or name == "dateline" then
        local saved = st.where
        st.where = name
        local buf = new_buffer()
        inline(st, buf, children(tree, k))
        st[name] = text_of(buf)
        st.where = saved
      elseif name == "opener" then
        read_blocks(st, k)
      elseif name == "list" then
        read_list(st, k)
      elseif name == "p" and only_name(tree, k) then
        block(st, "signature", nil, children(tree, k))
      elseif BLOCK[name] then
        block(st, BLOCK[name], nil, children(tree, k))
      elseif name == "pb" or name == "note" then
        between(st, k)
      else
        warn_once(st, "TEI element <" .. name .. "> read as a paragraph")
        block(st, "p", nil, children(tree, k))
      end
      k = tree.after[k]
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

-- The head's text as gsub("<note[%s>].-</note>", ""), then gsub("<[^>]*>",
-- "") and gsub("%s+", " ") make it, in LPeg passes (gsub tries its pattern
-- at every byte).
local NO_NOTES = Cs(((1 - P"<") ^ 1 + P"<note" * (xml_white + P">") * through"</note>" / "" + 1) ^ 0)
local NO_TAGS = Cs(((1 - P"<") ^ 1 + P"<" * (1 - P">") ^ 0 * P">" / "" + 1) ^ 0)

-- The plain text of the head of a TEI document near the start of text
-- (cheap, for detection), or nil. The head runs from the first "<head"
-- after the div to its "</head>", or to the end of the start of text.
function M.document_head(text)
  local first = find(text, "<div", 1, true)  -- most texts hold none: no copy
  if not first or first > 3997 then return nil end
  local start = sub(text, 1, 4000)
  local div = document_div(start)
  if not div then return nil end
  local at = find(start, "<head", div, true)
  while at and not find(start, "^[%s>]", at + 5) do at = find(start, "<head", at + 1, true) end
  if not at then return nil end
  local close = find(start, "</head>", at + 6, true)
  local head = sub(start, at, close and close + 6 or #start)
  return one_blank(lpeg.match(NO_TAGS, lpeg.match(NO_NOTES, head)))
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
  local tree, err, pos = scan(text, TIDY_TOKENS, warnings, one_blank)
  if not tree then return nil, "TEI XML not read: " .. err, pos end
  local div = tree.doc
  if not div then return nil, 'TEI XML without a <div type="document">', 1 end
  local list = tree.list
  local meta = { source = "tei", id = attribute(list, div, "xml:id"), n = attribute(list, div, "n"),
    type = attribute(list, div, "type"), subtype = attribute(list, div, "subtype"),
    date_min = attribute(list, div, "frus:doc-dateTime-min"),
    date_max = attribute(list, div, "frus:doc-dateTime-max"),
    notes = {}, pages = {}, layout = {}, warnings = warnings }
  if tree.tei_holds_doc then meta.volume = attribute(list, tree.tei, "xml:id") end
  local st = { tree = tree, meta = meta, blocks = {}, warnings = warnings, seen = {} }
  read_blocks(st, div)
  if tree.nested then
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
