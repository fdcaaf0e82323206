-- Specs for a grammar's marker_guard: which lines document:message_text tries
-- marker_line on, the shapes cable.register accepts, what cable.extend does
-- with the guard when it replaces marker_line, and the built-in guards
-- letting through every marker of the fixtures.
local lpeg = rawget(_G, "lpeg") or require "lpeg"
local cable = require "cable"
local grammars = require "cable.grammars"
local document = require "cable.document"
local backend = require "cable.backend"
local B = require "cable.blocks"
local support = require "tests.support"

local P, S, V, C = lpeg.P, lpeg.S, lpeg.V, lpeg.C
local blanks = S" \t" ^ 0

-- The message text of text, with the lines marker_line was tried on.
local function message(text, marker_line, guard)
  local tried = {}
  local spy = P(function(line, pos) tried[#tried + 1] = line; return pos end)
  local doc = document.new(text, backend.get().scan(text))
  return doc:message_text(nil, spy * marker_line, guard), tried
end

-- Markers of a routing slip: a page mark "-- 2 --", a turn-over mark ending
-- in ">>", and a RECEIVED stamp anywhere on its line.
local page_mark = blanks * C(P"--" * blanks * lpeg.R"09" ^ 1 * blanks * P"--") * blanks * -P(1)
local over_mark = blanks * C((1 - P">>") ^ 1 * P">>") * blanks * -P(1)
local stamp = C((1 - P"RECEIVED") ^ 0 * P"RECEIVED" * P(1) ^ 0)
local SLIP_MARKER = page_mark + over_mark + stamp
local SLIP_GUARD = { first = "-", last = ">", holds = "RECEIVED" }

describe("document:message_text with a marker_guard", function()
  local text = table.concat({
    "PLEASE FILE",
    "  -- 2 --\t",            -- first byte after blanks: "-"
    "\tSEE OVER >>  ",        -- last byte before blanks: ">"
    "COPY RECEIVED 12 MAY",   -- holds the string
    "RECEIVED",               -- the string alone
    "RECEIVE D",              -- not quite
    "THE ENCLOSED.",
    "",
    "RECEIVED AGAIN",         -- a second hit, after a blank line
  }, "\n") .. "\n"

  it("tries marker_line only on the lines the guard lets through", function()
    local out, tried = message(text, SLIP_MARKER, SLIP_GUARD)
    assert.are.same({ "  -- 2 --\t", "\tSEE OVER >>  ", "COPY RECEIVED 12 MAY", "RECEIVED",
      "RECEIVED AGAIN" }, tried)
    assert.are.same({ 2, 3, 4, 5, 9 }, (function()
      local lines = {}
      for k, m in ipairs(out.markers) do lines[k] = m.line end
      return lines
    end)())
    assert.are.equal("PLEASE FILE\nRECEIVE D\nTHE ENCLOSED.\n", out.text)
  end)

  it("gives the message text that no guard gives, when the guard lets every marker through", function()
    local guarded = message(text, SLIP_MARKER, SLIP_GUARD)
    local plain, tried = message(text, SLIP_MARKER)
    assert.are.equal(8, #tried)                   -- every line that is not blank
    assert.are.same(plain, guarded)
  end)

  it("tries no line a guard leaves out, even one marker_line would match", function()
    local out, tried = message(text, SLIP_MARKER, { first = "-" })
    assert.are.same({ "  -- 2 --\t" }, tried)
    assert.are.equal(1, #out.markers)
  end)

  it("reads one-byte lines and lines of blanks around one byte", function()
    local t = "x\n>\n  >\n> \n \t>\t \n-\n"
    local _, tried = message(t, P(false), { first = "-", last = ">" })
    assert.are.same({ ">", "  >", "> ", " \t>\t ", "-" }, tried)
  end)

  it("finds the held string only inside a line, not across two", function()
    local _, tried = message("RECEI\nVED\nXRECEIVEDX\n", P(false), { holds = "RECEIVED" })
    assert.are.same({ "XRECEIVEDX" }, tried)
  end)
end)

describe("a grammar with a marker_guard", function()
  after_each(function() grammars.reset() end)

  local function slip_grammar(guard)
    return {
      name = "slip",
      description = "routing slip (test)",
      detect = P"ROUTING SLIP",
      rules = {
        header = B.header,
        field = V"title" + V"attn",
        para_start = B.para_start,
        unclaimed = B.unclaimed,
        unclaimed_run = B.unclaimed_run,
        title = B.single("title", P"ROUTING SLIP"),
        attn = B.single("attn", P"ATTN:"),
        marker_line = SLIP_MARKER,
      },
      marker_guard = guard,
    }
  end

  local slip = "ROUTING SLIP\nATTN: REGISTRY\n\nPLEASE FILE\n  -- 2 --\nTHE ENCLOSED. SEE OVER >>\n"
    .. "COPY RECEIVED 12 MAY\n"

  it("has its marker lines taken out of the text and listed", function()
    cable.register(slip_grammar(SLIP_GUARD))
    local rec = cable.parse(slip)
    assert.are.equal("slip", rec.format)
    local values = {}
    for k, m in ipairs(rec.markers) do values[k] = m.value end
    assert.are.same({ "-- 2 --", "THE ENCLOSED. SEE OVER >>", "COPY RECEIVED 12 MAY" }, values)
    assert.are.equal("PLEASE FILE", rec.body)
  end)

  it("is refused unless the guard is a table of strings under first, last and holds", function()
    local function refused(guard, message)
      assert.has_error(function() cable.register(slip_grammar(guard)) end,
        "cable: grammar 'slip': " .. message)
    end
    refused("-", "'marker_guard' must be a table { first =, last =, holds = } (got string)")
    refused({ first = 4 }, "'marker_guard.first' must be a string (got number)")
    refused({ holds = { "RECEIVED" } }, "'marker_guard.holds' must be a string (got table)")
    refused({ frist = "-" }, "'marker_guard' has a key frist (its keys are first, last and holds)")
    refused({}, "'marker_guard' needs first, last or holds")
  end)
end)

describe("cable.extend and marker_guard", function()
  after_each(function() grammars.reset() end)

  local guard = { last = "0123456789T" }

  it("keeps the guard when marker_line stays", function()
    cable.extend("cablegate", function(rules) rules.extra = P"X" end)
    assert.are.same(guard, cable.grammar("cablegate").marker_guard)
  end)

  it("drops the guard when marker_line is replaced and no new guard is given", function()
    cable.extend("cablegate", function(rules) rules.marker_line = rules.marker_line + C(P"ENDS HERE") end)
    assert.is_nil(cable.grammar("cablegate").marker_guard)
    -- so the new pattern is tried on every line: a line ending in "E" is a marker
    local text = support.read("tests/fixtures/cablegate/04AMMAN1288.txt")
    local rec = cable.parse((text:gsub("\nSUMMARY\n", "\nENDS HERE\nSUMMARY\n", 1)))
    local found = false
    for _, m in ipairs(rec.markers) do found = found or m.value == "ENDS HERE" end
    assert.is_true(found)
  end)

  it("keeps a new guard given with the new marker_line", function()
    cable.extend("cablegate", function(rules, g)
      rules.marker_line = rules.marker_line + C(P"ENDS HERE")
      g.marker_guard = { last = "0123456789TE" }
    end)
    assert.are.same({ last = "0123456789TE" }, cable.grammar("cablegate").marker_guard)
  end)

  it("leaves the original grammar's guard as it was", function()
    local before = cable.grammar("cablegate")
    cable.extend("cablegate", function(_, g) g.marker_guard.last = "T" end)
    assert.are.same(guard, before.marker_guard)
    assert.are.same({ last = "T" }, cable.grammar("cablegate").marker_guard)
  end)
end)

describe("the built-in grammars' marker guards", function()
  -- The guard's test, written with Lua patterns.
  local function lets_through(guard, line)
    local first, last = line:match("^[ \t]*(.)"), line:match("(.)[ \t]*$")
    return (guard.first ~= nil and first ~= nil and guard.first:find(first, 1, true) ~= nil)
      or (guard.last ~= nil and last ~= nil and guard.last:find(last, 1, true) ~= nil)
      or (guard.holds ~= nil and line:find(guard.holds, 1, true) ~= nil)
  end

  it("let through every marker line of the fixtures", function()
    local seen = {}
    for _, path in ipairs(support.fixture_paths()) do
      local rec = cable.parse_file(path)
      local guard = rec and cable.grammar(rec.format).marker_guard
      for _, m in ipairs(rec and rec.markers or {}) do
        assert.is_true(guard == nil or lets_through(guard, m.text), path .. ": " .. m.text)
        seen[rec.format] = true
      end
    end
    for _, format in ipairs({ "cablegate", "navadmin", "cia" }) do
      assert.is_true(seen[format], "no " .. format .. " fixture has markers")
    end
  end)
end)
