-- Shared by the corpus reports (tools/coverage.lua, tools/accuracy.lua): finds
-- the corpus directory (CABLE_CORPUS, else ../shared/corpus beside the
-- repository), walks it, reads files and CSV tables, parses a file with the
-- library, and pads columns of plain-text tables. Only the reports use it.
local fs = require "cable.fs"

local corpus = {}

-- Files that describe the corpus rather than hold a cable.
local NOT_CABLES = { ["PROVENANCE.md"] = true, ["metadata.csv"] = true, ["README.md"] = true }

local function repo_root()
  local dir = debug.getinfo(1, "S").source:match("^@(.*)[/\\]tools[/\\][^/\\]*$")
  return dir or "."
end

-- The corpus directory, without a trailing slash, and whether it exists.
function corpus.root()
  local dir = os.getenv("CABLE_CORPUS")
  if not dir or dir == "" then dir = repo_root() .. "/../shared/corpus" end
  dir = dir:gsub("/+$", "")
  return dir, corpus.is_dir(dir)
end

-- Names in a directory, sorted (ls: the reports run on POSIX systems).
local function list(dir)
  local names = {}
  local p = io.popen("ls -1A '" .. dir:gsub("'", "'\\''") .. "' 2>/dev/null")
  if not p then return names end
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  table.sort(names)
  return names
end

-- A path is a directory when "<path>/." opens (POSIX).
function corpus.is_dir(path)
  local f = io.open(path .. "/.", "rb")
  if f then f:close() return true end
  return false
end

corpus.read = fs.read

-- Every cable file under root, as {path =, rel =, dir =, name =, ext =},
-- sorted by relative path. dir is the first directory under root ("aad",
-- "cablegate" ...), "." for files at the top.
function corpus.files(root)
  local out = {}
  local function walk(dir, rel)
    for _, name in ipairs(list(dir)) do
      local path, r = dir .. "/" .. name, (rel and rel .. "/" or "") .. name
      if corpus.is_dir(path) then
        walk(path, r)
      elseif not NOT_CABLES[name] then
        out[#out + 1] = {
          path = path, rel = r, name = name,
          dir = r:match("^([^/]+)/") or ".",
          ext = name:match("%.([%w]+)$") or "",
        }
      end
    end
  end
  walk(root, nil)
  table.sort(out, function(a, b) return a.rel < b.rel end)
  return out
end

-- Parses CSV text into a list of rows (lists of strings). Quoted fields may
-- span lines; a quote inside a quoted field is written "" (RFC 4180) or \"
-- (the MySQL-style dump behind cables.csv).
function corpus.csv(text)
  local rows, row, field = {}, {}, {}
  local i, n, quoted = 1, #text, false
  local function end_field() row[#row + 1] = table.concat(field); field = {} end
  while i <= n do
    local ch = text:sub(i, i)
    if quoted then
      if ch == "\\" and text:sub(i + 1, i + 1) == '"' then
        field[#field + 1] = '"'; i = i + 1
      elseif ch == '"' and text:sub(i + 1, i + 1) == '"' then
        field[#field + 1] = '"'; i = i + 1
      elseif ch == '"' then
        quoted = false
      else
        field[#field + 1] = ch
      end
    elseif ch == '"' then
      quoted = true
    elseif ch == "," then
      end_field()
    elseif ch == "\n" or ch == "\r" then
      if ch == "\r" and text:sub(i + 1, i + 1) == "\n" then i = i + 1 end
      end_field(); rows[#rows + 1] = row; row = {}
    else
      field[#field + 1] = ch
    end
    i = i + 1
  end
  if #field > 0 or #row > 0 then end_field(); rows[#rows + 1] = row end
  return rows
end

-- A CSV file with a header line as a list of tables keyed by column name.
function corpus.csv_records(path)
  local text = fs.read(path)
  if not text then return nil end
  local rows = corpus.csv(text)
  local head, out = rows[1] or {}, {}
  for r = 2, #rows do
    local rec = {}
    for c, name in ipairs(head) do rec[name] = rows[r][c] end
    out[#out + 1] = rec
  end
  return out
end

-- Parses one file: record, or nil and why. A crash inside the library is
-- caught and reported as "crash: ...", so one bad file cannot stop a report.
function corpus.parse(cable, text, opts)
  local ok, rec, msg, pos = pcall(cable.parse, text, opts)
  if not ok then return nil, "crash: " .. tostring(rec) end
  if not rec then return nil, tostring(msg) .. (pos and " (at byte " .. pos .. ")" or "") end
  return rec
end

-- Formats rows (lists of cells) as aligned plain text; numbers and
-- percentages are right-aligned, text left-aligned.
function corpus.table(rows)
  local widths = {}
  for _, row in ipairs(rows) do
    for c, cell in ipairs(row) do
      local w = utf8.len(cell) or #cell
      if (widths[c] or 0) < w then widths[c] = w end
    end
  end
  local lines = {}
  for _, row in ipairs(rows) do
    local cells = {}
    for c, cell in ipairs(row) do
      local pad = string.rep(" ", widths[c] - (utf8.len(cell) or #cell))
      if c > 1 and cell:match("^[%d%.%%/ ()%-]+$") then
        cells[c] = pad .. cell
      else
        cells[c] = cell .. pad
      end
    end
    lines[#lines + 1] = "  " .. table.concat(cells, "  "):gsub("%s+$", "")
  end
  return table.concat(lines, "\n")
end

-- "n/N  pp.p%" for a count and a total ("-" when nothing was compared).
function corpus.share(n, total)
  if total == 0 then return "-" end
  return string.format("%d/%d %5.1f%%", n, total, 100 * n / total)
end

-- One line of text shortened for a listing.
function corpus.clip(s, width)
  s = tostring(s):gsub("%s+", " ")
  width = width or 70
  local chars = utf8.len(s)
  if (chars or #s) > width then
    local cut = chars and utf8.offset(s, width - 2) or (width - 2)
    s = s:sub(1, cut - 1) .. "..."
  end
  return s
end

return corpus
