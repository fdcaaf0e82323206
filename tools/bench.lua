-- make bench: the speed and memory of cable.parse on each backend. Builds in
-- memory a corpus of at least CABLE_BENCH_MB megabytes (default 100) by
-- repeating the test fixtures, then, in a fresh interpreter per backend (so
-- that each peak memory figure is its own), times cable.parse and the line
-- scanner alone over it, each format alone, the building of the records alone
-- (with the scanner, a bound on any parser that returns them), parse with
-- JSON output, and the bad inputs that must stay linear.
--   lua tools/bench.lua                 all backends
--   lua tools/bench.lua --backend c     one backend (what the parent runs)
package.path = (arg and arg[0] and arg[0]:match("^(.*[/\\])") or "tools/") .. "?.lua;" .. package.path
local cable = require "cable"
local record_floor = require "record_floor"

local MB = 1e6
local target_mb = tonumber(os.getenv("CABLE_BENCH_MB")) or 100

local function fixture_paths()
  local paths = {}
  local p = assert(io.popen("find tests/fixtures -type f ! -name '*.md' ! -name '*.lua' | sort"))
  for path in p:lines() do paths[#paths + 1] = path end
  p:close()
  return paths
end

-- The fixtures that cable.parse reads as cables (others are bad-input samples).
local function load_fixtures()
  local texts = {}
  for _, path in ipairs(fixture_paths()) do
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    if cable.parse(text) then texts[#texts + 1] = text end
  end
  assert(#texts > 0, "bench: no parsable fixture under tests/fixtures")
  return texts
end

-- A list of distinct strings (each its own copy in memory), fixtures repeated
-- in turn until the total reaches target_mb.
local function build_corpus(texts)
  local parts, bytes = {}, 0
  while bytes < target_mb * MB do
    for _, t in ipairs(texts) do
      parts[#parts + 1] = t
      bytes = bytes + #t
    end
  end
  local joined = table.concat(parts)
  local corpus, at = {}, 1
  for i, t in ipairs(parts) do
    corpus[i] = joined:sub(at, at + #t - 1)
    at = at + #t
  end
  return corpus, bytes
end

local function vm_hwm_kb()
  local f = io.open("/proc/self/status", "r")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return tonumber(s:match("VmHWM:%s*(%d+)"))
end

-- Runs fn over every cable; returns CPU seconds and the Lua heap high-water
-- mark above the heap at the start, in kB.
local function over_corpus(corpus, fn)
  collectgarbage()
  collectgarbage()
  local base = collectgarbage("count")
  local peak = base
  local t0 = os.clock()
  for i = 1, #corpus do
    fn(corpus[i])
    local kb = collectgarbage("count")
    if kb > peak then peak = kb end
  end
  return os.clock() - t0, peak - base
end

local function timed(fn)
  local t0 = os.clock()
  local a, b, c = fn()
  return os.clock() - t0, a, b, c
end

local function outcome(rec, msg)
  if rec then return "record, " .. #rec.warnings .. " warning(s)" end
  return "nil, " .. tostring(msg)
end

local function run_backend(name)
  local opts = { backend = name }
  local scanner = require("cable.backend").get(name)
  local texts = load_fixtures()
  local corpus, bytes = build_corpus(texts)
  for _, t in ipairs(texts) do assert(cable.parse(t, opts)) end
  local parsed = 0
  local secs, heap = over_corpus(corpus, function(text)
    if cable.parse(text, opts) then parsed = parsed + 1 end
  end)
  local scan_secs = over_corpus(corpus, scanner.scan)
  print(string.format("backend %-3s  cable.parse: %8.2f MB/s %9.1f cables/s   (%d of %d cables parsed, %.1f MB, %.1f s CPU)",
    name, bytes / MB / secs, #corpus / secs, parsed, #corpus, bytes / MB, secs))
  print(string.format("             scanner:     %8.2f MB/s %9.1f cables/s", bytes / MB / scan_secs, #corpus / scan_secs))
  print(string.format("             peak Lua heap during parse: %.1f MB above the %.1f MB corpus; process VmHWM: %s",
    heap / 1024, bytes / MB, vm_hwm_kb() and string.format("%.1f MB", vm_hwm_kb() / 1024) or "n/a"))
  corpus = nil  -- luacheck: ignore
  collectgarbage()

  -- Each format alone: its fixtures repeated to about a tenth of the corpus.
  local by_format, names = {}, {}
  for _, t in ipairs(texts) do
    local name = cable.detect(t)
    if not by_format[name] then by_format[name] = {}; names[#names + 1] = name end
    table.insert(by_format[name], t)
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local group, group_bytes = {}, 0
    while group_bytes < target_mb * MB / 10 do
      for _, t in ipairs(by_format[name]) do
        group[#group + 1] = t
        group_bytes = group_bytes + #t
      end
    end
    local group_secs = over_corpus(group, function(text) cable.parse(text, opts) end)
    print(string.format("             %-10s   %8.2f MB/s %9.1f cables/s   (%d fixture(s), %.1f kB each on average)",
      name, group_bytes / MB / group_secs, #group / group_secs, #by_format[name],
      group_bytes / #group / 1000))
  end

  -- A bound on any Lua parser that returns these records: building each of
  -- them again by table constructors (tools/record_floor.lua); with the
  -- scanner's time a byte added, the most cable.parse could reach.
  local records, fixture_bytes = {}, 0
  for i, t in ipairs(texts) do records[i], fixture_bytes = cable.parse(t, opts), fixture_bytes + #t end
  local builders = record_floor.builders(records)
  local build_rounds = math.max(1, math.floor(target_mb * MB / 4 / fixture_bytes))
  local build_secs = timed(function()
    for _ = 1, build_rounds do
      for i = 1, #builders do builders[i]() end
    end
  end)
  local build_rate = build_rounds * fixture_bytes / MB / build_secs
  local ceiling = 1 / (1 / build_rate + scan_secs / (bytes / MB))
  print(string.format("             the records alone, built by table constructors: %6.2f MB/s; with the scanner: %6.2f MB/s",
    build_rate, ceiling))

  -- What `cable parse --to json` does per file: parse, then encode the
  -- record (one round of the fixtures: the JSON library is the slow part).
  local json = require "cable.writers.json"
  local rounds = math.max(1, math.floor(target_mb * MB / 20 / fixture_bytes))
  local json_secs = timed(function()
    for _ = 1, rounds do
      for _, t in ipairs(texts) do assert(json.encode(cable.parse(t, opts))) end
    end
  end)
  print(string.format("             parse + JSON (%s): %6.2f MB/s %9.1f cables/s",
    json.library, rounds * fixture_bytes / MB / json_secs, rounds * #texts / json_secs))

  -- Bad inputs that must take time linear in their size.
  local line = ("A"):rep(9) .. "\n"
  local function long_blank_serial(n)  -- a message-number line with n blanks inside
    return "VZCZCXRO1359\nDE RUEHNE #5238 2070843\nZNY CCCCC ZZH\nO 260843Z JUL 06\n"
      .. "FM AMEMBASSY NEW DELHI\nTO RUEHC/SECSTATE WASHDC 6997\nBT\nCONFIDENTIAL NEW DELHI"
      .. (" "):rep(n) .. "X 005238\n\nTAGS: PGOV\nSUBJECT: TEST\n\n1. (C) Text.\n"
  end
  for _, case in ipairs({
    { "no newline, 12.5 MB", "Message Text " .. ("NO NEWLINE "):rep(12.5 * MB // 11) },
    { "no newline, 25 MB", "Message Text " .. ("NO NEWLINE "):rep(25 * MB // 11) },
    { "no newline, 50 MB", "Message Text " .. ("NO NEWLINE "):rep(50 * MB // 11) },
    { "1e6 short lines", "Message Text\n" .. line:rep(1000000) },
    { "2e6 short lines", "Message Text\n" .. line:rep(2000000) },
    { "1e6 blanks in a line", long_blank_serial(1000000) },
    { "2e6 blanks in a line", long_blank_serial(2000000) },
  }) do
    local dt, rec, msg = timed(function() return cable.parse(case[2], opts) end)
    print(string.format("             %-20s %6.1f MB in %6.2f s  -> %s", case[1], #case[2] / MB, dt, outcome(rec, msg)))
  end
end

local function main()
  local only = arg[1] == "--backend" and arg[2]
  if only then
    run_backend(only)
    return
  end
  local lua = arg[-1] or "lua"
  print(string.format("cable bench: %s, corpus >= %d MB of repeated fixtures, CPU time (os.clock)", _VERSION, target_mb))
  local backends = { "c", "lua" }
  if not pcall(require, "cable.core") then
    print("backend c: C core not built (run make); skipped")
    backends = { "lua" }
  end
  local status = true
  for _, name in ipairs(backends) do
    local ok = os.execute(lua .. " tools/bench.lua --backend " .. name)
    status = status and ok
  end
  if not status then os.exit(1) end
end

main()
