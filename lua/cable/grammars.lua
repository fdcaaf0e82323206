-- The registry of cable formats: loads grammar files (the built-in ones, then
-- cable.grammar_path, then CABLE_GRAMMAR_PATH), checks and compiles them, lets
-- users register new grammars or alter a grammar's rules before it compiles,
-- and detects the format of a text.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local fs = require "cable.fs"

local grammars = {}

local registry = {}   -- name -> grammar table
local order = {}      -- names in registration order
local loaded = false

local function here()
  return debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
end

-- Installed: <luadir>/cable/grammar/; in the source tree: <root>/grammar/.
local function builtin_dirs()
  local dir = here()
  return { dir .. "grammar/", dir .. "../../grammar/" }
end

local function split_path(s)
  local out = {}
  if type(s) == "table" then
    for _, v in ipairs(s) do out[#out + 1] = v end
  elseif type(s) == "string" then
    for part in s:gmatch("[^:;]+") do out[#out + 1] = part end
  end
  return out
end

local function fail(where, msg)
  error("cable: grammar " .. where .. ": " .. msg, 0)
end

-- marker_guard is nil or a table of strings under the keys first, last and
-- holds, one at least. A misspelt key would let no line through, and its
-- markers would be lost without a word: hence no other key.
local GUARD_KEYS = { first = true, last = true, holds = true }
local function check_marker_guard(guard, where)
  if guard == nil then return end
  if type(guard) ~= "table" then
    fail(where, "'marker_guard' must be a table { first =, last =, holds = } (got " .. type(guard) .. ")")
  end
  if next(guard) == nil then fail(where, "'marker_guard' needs first, last or holds") end
  for key, value in pairs(guard) do
    if not GUARD_KEYS[key] then
      fail(where, "'marker_guard' has a key " .. tostring(key) .. " (its keys are first, last and holds)")
    end
    if type(value) ~= "string" then
      fail(where, "'marker_guard." .. key .. "' must be a string (got " .. type(value) .. ")")
    end
  end
end

-- Checks a grammar table's shape; `where` names it in messages (file or name).
local function check(g, where)
  if type(g) ~= "table" then fail(where, "must return a table, got " .. type(g)) end
  if type(g.name) ~= "string" or not g.name:match("^[%w_%-]+$") then
    fail(where, "needs a name made of letters, digits, '_' or '-'")
  end
  if type(g.rules) ~= "table" then fail(where, "needs a 'rules' table of LPeg patterns") end
  for rule, patt in pairs(g.rules) do
    if type(rule) == "string" and lpeg.type(patt) ~= "pattern" then
      fail(where, "rule '" .. rule .. "' is not an LPeg pattern (got " .. type(patt) .. ")")
    end
  end
  local start = g.start or "header"
  if g.rules[start] == nil then fail(where, "has no start rule '" .. start .. "'") end
  local d = g.detect
  if d ~= nil and type(d) ~= "function" and lpeg.type(d) ~= "pattern" then
    fail(where, "'detect' must be a function or an LPeg pattern")
  end
  if g.fields ~= nil and type(g.fields) ~= "table" then fail(where, "'fields' must be a table") end
  for field, fn in pairs(g.fields or {}) do
    if type(fn) ~= "function" then
      fail(where, "field normaliser '" .. tostring(field) .. "' is not a function (got " .. type(fn) .. ")")
    end
  end
  if g.repeatable ~= nil and type(g.repeatable) ~= "table" then
    fail(where, "'repeatable' must be a table of field names")
  end
  for _, hook in ipairs({ "unwrap", "finish" }) do
    if g[hook] ~= nil and type(g[hook]) ~= "function" then
      fail(where, "'" .. hook .. "' must be a function")
    end
  end
  check_marker_guard(g.marker_guard, where)
  g.where = g.where or where
  return g
end

-- The compiled start pattern of grammar g (cached until its rules change).
function grammars.compile(g)
  if g.compiled then return g.compiled end
  local rules = {}
  for k, v in pairs(g.rules) do rules[k] = v end
  rules[1] = g.start or "header"
  local ok, patt = pcall(lpeg.P, rules)
  if not ok then fail(g.where, (tostring(patt):gsub("^[^:]*:%d+: ", ""))) end
  g.compiled = lpeg.Ct(patt)
  return g.compiled
end

-- Compiled when added, so that a rule error shows where the grammar is given.
local function add(g)
  g.compiled = nil
  grammars.compile(g)
  if not registry[g.name] then order[#order + 1] = g.name end
  registry[g.name] = g
end

local function load_file(path)
  local chunk, err = loadfile(path)
  if not chunk then fail(path, err) end
  local ok, g = pcall(chunk)
  if not ok then fail(path, tostring(g)) end
  add(check(g, path))
end

local function load_dir_or_file(entry)
  if entry:sub(-4) == ".lua" then
    load_file(entry)
    return
  end
  local dir = entry:sub(-1) == "/" and entry or entry .. "/"
  for _, name in ipairs(fs.list(dir, ".lua")) do load_file(dir .. name) end
end

-- user_path: the value of cable.grammar_path (string or list), may be nil.
function grammars.load(user_path)
  if loaded then return end
  loaded = true
  for _, dir in ipairs(builtin_dirs()) do
    if #fs.list(dir, ".lua") > 0 then
      load_dir_or_file(dir)
      break
    end
  end
  for _, entry in ipairs(split_path(user_path)) do load_dir_or_file(entry) end
  for _, entry in ipairs(split_path(os.getenv("CABLE_GRAMMAR_PATH"))) do load_dir_or_file(entry) end
end

function grammars.reset()
  registry, order, loaded = {}, {}, false
end

function grammars.register(g)
  local where = type(g) == "table" and type(g.name) == "string" and ("'" .. g.name .. "'") or "(registered)"
  add(check(g, where))
  return g.name
end

function grammars.get(name)
  return registry[name]
end

local function shallow_copy(t)
  local out = {}
  for k, v in pairs(t) do out[k] = v end
  return out
end

-- Lets fn(rules, grammar) alter a copy of a grammar's rules in place (or
-- return a new rules table), and its other fields (fields, finish ...) through
-- the copy of the grammar table, which then replaces the grammar.
function grammars.extend(name, fn)
  local g = registry[name]
  if not g then error("cable.extend: no format named '" .. tostring(name) .. "'", 3) end
  if type(fn) ~= "function" then error("cable.extend: second argument must be a function", 3) end
  local new = shallow_copy(g)
  new.rules = shallow_copy(g.rules)
  new.fields = shallow_copy(g.fields or {})
  local guard = g.marker_guard and shallow_copy(g.marker_guard)
  new.marker_guard = guard
  new.compiled = nil
  local result = fn(new.rules, new)
  if result ~= nil then new.rules = result end
  -- A guard is written for one marker_line pattern: a new pattern without a
  -- guard of its own is tried on every line.
  if type(new.rules) == "table" and new.rules.marker_line ~= g.rules.marker_line
    and guard and new.marker_guard == guard then
    new.marker_guard = nil
  end
  local where = g.where:gsub(" %(extended%)$", "") .. " (extended)"
  new.where = nil
  add(check(new, where))
end

function grammars.names()
  local out = {}
  for i, name in ipairs(order) do out[i] = name end
  return out
end

-- The detect functions seen: detection runs every grammar's detect on most
-- texts, and a call of type() costs more than a look-up here.
local is_function = setmetatable({}, { __mode = "k" })

local function confidence(g, text)
  local d = g.detect
  if d == nil then return 0 end
  local fn = is_function[d]
  if not fn and type(d) == "function" then
    fn = true
    is_function[d] = true
  end
  local ok, value
  if fn then
    ok, value = pcall(d, text)
    if not ok then fail(g.where, "detect failed: " .. tostring(value)) end
  else
    value = lpeg.match(d, text) and 1 or 0
  end
  -- 0, the usual answer, needs no type test (no other type equals it)
  if value ~= 0 and type(value) ~= "number" then value = value and 1 or 0 end
  return value
end

-- The most likely format of text: name and confidence (0..1), or nil.
-- (The names are walked as ipairs would, without its call a step.)
function grammars.detect(text)
  local best, best_score = nil, 0
  local names, i = order, 1
  local name = names[1]
  while name ~= nil do
    local score = confidence(registry[name], text)
    if score > best_score then best, best_score = name, score end
    if best_score >= 1 then break end  -- a grammar that is sure ends the search
    i = i + 1
    name = names[i]
  end
  return best, best_score
end

return grammars
