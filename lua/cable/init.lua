-- cable: diplomatic cables as data. The public API (docs/api in README.md):
--   cable.parse(text [, opts]) -> record | nil, message, position
--   cable.parse_file(path [, opts]), cable.detect(text), cable.formats(),
--   cable.register(grammar), cable.extend(name, fn), cable.canonical_id(s [, opts])
-- Bad data gives nil, message, position; only misuse of the API raises.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local backend = require "cable.backend"
local grammars = require "cable.grammars"
local record = require "cable.record"
local fs = require "cable.fs"

local cable = {
  _VERSION = "cable 0.1.0",
  backend = backend.default,
  null = require "cable.null",
  -- Extra grammar files or directories (a list, or a string separated by ':').
  grammar_path = nil,
}

local function ensure_loaded()
  grammars.load(cable.grammar_path)
end

local function check_text(text, fname)
  if type(text) ~= "string" then
    error("bad argument #1 to '" .. fname .. "' (string expected, got " .. type(text) .. ")", 3)
  end
end

local function check_opts(opts, fname)
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to '" .. fname .. "' (table expected, got " .. type(opts) .. ")", 3)
  end
  return opts or {}
end

-- Latin-1 to UTF-8, for texts that are not valid UTF-8.
local function latin1_to_utf8(s)
  return (s:gsub("[\128-\255]", function(ch) return utf8.char(ch:byte()) end))
end

-- Is text valid UTF-8, as utf8.len says? One LPeg pass (ASCII runs in a
-- span) at half the cost of utf8.len, which decodes every byte. Surrogates
-- (ED A0..BF) are valid where utf8.len takes them (Lua 5.3), not in 5.4.
local R, P = lpeg.R, lpeg.P
local cont = R"\128\191"
local UTF8 = (R"\0\127" ^ 1
  + R"\194\223" * cont
  + P"\224" * R"\160\191" * cont
  + (R"\225\236" + R"\238\239") * cont * cont
  + P"\237" * (utf8.len("\237\160\128") and cont or R"\128\159") * cont
  + P"\240" * R"\144\191" * cont * cont
  + R"\241\243" * cont * cont * cont
  + P"\244" * R"\128\143" * cont * cont) ^ 0 * lpeg.Cp()

local function valid_utf8(text)
  return lpeg.match(UTF8, text) > #text
end

-- Normalises line ends and the character encoding; returns the text and the
-- warnings about what was changed.
local function prepare(text)
  local notes = {}
  if text:find("\r", 1, true) then
    local crlf
    text, crlf = text:gsub("\r\n", "\n")
    if crlf > 0 then notes[#notes + 1] = "CRLF line ends read as LF" end
    local cr
    text, cr = text:gsub("\r", "\n")
    if cr > 0 then notes[#notes + 1] = cr .. " lone CR line end(s) read as LF" end
  end
  if not valid_utf8(text) then
    local _, bad = utf8.len(text)
    text = latin1_to_utf8(text)
    notes[#notes + 1] = "text is not valid UTF-8 (first bad byte at " .. bad .. "); read as Latin-1"
  end
  if text:find("\0", 1, true) then
    local nuls = select(2, text:gsub("%z", ""))
    notes[#notes + 1] = "text holds " .. nuls .. " NUL byte(s), kept as they are"
  end
  return text, notes
end

local function grammar_for(text, opts)
  if opts.format ~= nil then
    local g = grammars.get(opts.format)
    if not g then error("cable.parse: unknown format '" .. tostring(opts.format) .. "'", 4) end
    return g
  end
  local name = grammars.detect(text)
  return name and grammars.get(name)
end

-- opts.file: the path the text came from (parse_file sets it); grammars may
-- read it (ctx.file) where the text alone cannot name the document.
function cable.parse(text, opts)
  check_text(text, "parse")
  opts = check_opts(opts, "parse")
  local scanner = backend.get(opts.backend)
  ensure_loaded()
  if not text:find("%S") then return nil, "empty input: no cable text", 1 end
  local notes
  text, notes = prepare(text)
  local g = grammar_for(text, opts)
  if not g then return nil, "not a cable: no known format matches this text", 1 end
  local inner, meta = text, nil
  if g.unwrap then
    local unwrapped, err, pos = g.unwrap(text)
    if not unwrapped then return nil, err, pos or 1 end
    inner, meta = unwrapped, err
  end
  local rec = record.build(inner, g, scanner, meta, opts.file)
  for i, note in ipairs(notes) do table.insert(rec.warnings, i, { message = note }) end
  return rec
end

function cable.parse_file(path, opts)
  if type(path) ~= "string" then
    error("bad argument #1 to 'parse_file' (string expected, got " .. type(path) .. ")", 2)
  end
  check_opts(opts, "parse_file")
  local text, err = fs.read(path)
  if not text then return nil, err end
  local with_file = { file = path }
  for k, v in pairs(opts or {}) do with_file[k] = v end
  local rec, msg, pos = cable.parse(text, with_file)
  if not rec then return nil, path .. ": " .. msg, pos end
  rec.file = path
  return rec
end

-- Name of the most likely format and how sure (0..1), or nil.
function cable.detect(text)
  check_text(text, "detect")
  ensure_loaded()
  return grammars.detect(text)
end

-- The known formats: list of {name =, description =, where =}.
function cable.formats()
  ensure_loaded()
  local out = {}
  for _, name in ipairs(grammars.names()) do
    local g = grammars.get(name)
    out[#out + 1] = { name = name, description = g.description, where = g.where }
  end
  return out
end

function cable.register(grammar)
  ensure_loaded()
  return grammars.register(grammar)
end

function cable.extend(name, fn)
  ensure_loaded()
  grammars.extend(name, fn)
end

-- The grammar table of a format (to read its rules or build on them).
function cable.grammar(name)
  ensure_loaded()
  return grammars.get(name)
end

function cable.canonical_id(s, opts)
  if type(s) ~= "string" then
    error("bad argument #1 to 'canonical_id' (string expected, got " .. type(s) .. ")", 2)
  end
  local id, parts = require("cable.fields.canonical_id").canonical(s, opts)
  return id, parts  -- not a tail call: a misuse error then names the caller's line
end

return cable
