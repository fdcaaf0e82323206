-- Helpers shared by the specs: reading a fixture and listing the fixtures.
local support = {}

function support.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Every fixture file (cables and containers; not the provenance notes or the
-- user-grammar code), sorted.
function support.fixture_paths()
  local out = {}
  local p = assert(io.popen("find tests/fixtures -type f ! -name PROVENANCE.md ! -name README.md ! -name '*.lua' | sort"))
  for path in p:lines() do out[#out + 1] = path end
  p:close()
  return out
end

-- The messages of a record's warnings, in order.
function support.messages(rec)
  local out = {}
  for i, w in ipairs(rec.warnings) do out[i] = w.message end
  return out
end

return support
