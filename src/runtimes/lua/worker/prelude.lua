-- Runs once in every fresh lua_State before the user's block (worker/run-block.mjs).
-- Arguments: the host's line writer (a C function) and the chunk name of the block.
-- Returns the runner that compiles and calls the block, and the marker metatable that
-- tells JSON arrays from tables (so an empty array goes back as [] and not {}).
local write, chunkname = ...
local tostring, select, type, getmetatable, pcall = tostring, select, type, getmetatable, pcall
local concat = table.concat
local getinfo, traceback = debug.getinfo, debug.traceback
local rawload = load
local source = '=' .. chunkname
local arraymt = { __name = 'tea.array' }

-- print as Lua's own (tostring, tabs, newline), but one whole line to the host per call.
function print(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  write(concat(parts, '\t') .. '\n')
end

-- load stays (TEA keeps it) but text only: a crafted binary chunk can break the VM.
function load(chunk, name, mode, ...)
  if select('#', ...) > 0 then return rawload(chunk, name, 't', ...) end
  return rawload(chunk, name, 't')
end

-- TEA's sandbox (lua_runtime.py): no OS, no files, no debug library.
os, io, debug, loadfile, dofile = nil, nil, nil, nil, nil

-- The text of any error value, as lua.c shows it.
local function textof(err)
  local kind = type(err)
  if kind == 'string' or kind == 'number' then return tostring(err) end
  local mt = getmetatable(err)
  if type(mt) == 'table' and mt.__tostring ~= nil then
    local ok, text = pcall(tostring, err)
    if ok and type(text) == 'string' then return text end
  end
  return '(error object is a ' .. kind .. ' value)'
end

-- The innermost line of the block on the stack: errors raised in C functions or in
-- loaded strings still point at the user's line.
local function handler(err)
  local message = textof(err)
  local line
  for level = 2, 250 do
    local info = getinfo(level, 'Sl')
    if info == nil then break end
    if info.source == source and info.currentline > 0 then line = info.currentline break end
  end
  return { message = message, line = line, traceback = traceback(message, 2) }
end

-- TEA's wrapper (`local state = ...` then the code) kept on line 1, so lines match the block.
local function run(code, state, variables)
  local fn, err = rawload('local state, variables = ...; ' .. code, source, 't')
  if fn == nil then return false, { message = err, syntax = true } end
  return xpcall(fn, handler, state, variables)
end

return run, arraymt
