// JSON values in and out of a lua_State through the C API of wasmoon's Lua 5.4 module.
// Plain JavaScript: this file runs in a worker thread, which cannot load TypeScript.
// Conversions follow TEA's lua_runtime.py: null -> nil, arrays -> 1-based tables,
// objects -> tables; back: a table whose keys are 1..n is a list, any other a dict.

const LUA_TNIL = 0;
const LUA_TBOOLEAN = 1;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;
const LUA_TTABLE = 5;
const typeNames = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];
// A float with a whole value travels as this string plus its digits, both ways: JavaScript
// numbers cannot tell 2.0 from 2 (src/util/python-floats.ts on the main thread).
const floatTag = '\u0000tea-float:';

/** A Lua value that has no JSON form (a function, a cyclic table), with where it was. */
export class NotSerializable extends Error {
  constructor(luaType, path) {
    super(`Lua value of type ${luaType} is not JSON serializable`);
    this.luaType = luaType;
    this.path = path;
  }
}

/** Pushes a string as its exact UTF-8 bytes (NUL bytes and all). */
export function pushString(lua, L, text) {
  const bytes = Buffer.from(text, 'utf8');
  const pointer = lua.module._malloc(bytes.length + 1);
  try {
    lua.module.HEAPU8.set(bytes, pointer);
    lua.module.ccall('lua_pushlstring', 'number', ['number', 'number', 'number'], [L, pointer, bytes.length]);
  } finally {
    lua.module._free(pointer);
  }
}

/** Reads the string at `index` as UTF-8 (lua_tolstring with the length, not up to a NUL). */
export function readString(lua, L, index) {
  const lengthPointer = lua.module._malloc(4);
  try {
    const pointer = lua.module.ccall('lua_tolstring', 'number', ['number', 'number', 'number'], [L, index, lengthPointer]);
    const length = lua.module.HEAPU32[lengthPointer >> 2];
    return Buffer.from(lua.module.HEAPU8.subarray(pointer, pointer + length)).toString('utf8');
  } finally {
    lua.module._free(lengthPointer);
  }
}

/** Pushes a JSON value; arrays get the marker metatable found at `arrayMtIndex`. */
export function pushJson(lua, L, value, arrayMtIndex) {
  if (!lua.lua_checkstack(L, 8)) throw new Error('the state is nested too deeply for the Lua stack');
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value ? 1 : 0);
  else if (typeof value === 'number') pushNumber(lua, L, value);
  else if (typeof value === 'string' && value.startsWith(floatTag)) lua.lua_pushnumber(L, Number(value.slice(floatTag.length)));
  else if (typeof value === 'string') pushString(lua, L, value);
  else if (Array.isArray(value)) pushArray(lua, L, value, arrayMtIndex);
  else if (typeof value === 'object') pushObject(lua, L, value, arrayMtIndex);
  else pushString(lua, L, String(value));
}

// Whole numbers become Lua integers, so `tostring(state.n)` is "5" and not "5.0".
function pushNumber(lua, L, value) {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) lua.lua_pushinteger(L, BigInt(value));
  else lua.lua_pushnumber(L, value);
}

function pushArray(lua, L, items, arrayMtIndex) {
  lua.lua_createtable(L, items.length, 0);
  items.forEach((item, index) => {
    pushJson(lua, L, item, arrayMtIndex);
    lua.lua_rawseti(L, -2, BigInt(index + 1));
  });
  lua.lua_pushvalue(L, arrayMtIndex);
  lua.lua_setmetatable(L, -2);
}

function pushObject(lua, L, object, arrayMtIndex) {
  const entries = Object.entries(object);
  lua.lua_createtable(L, 0, entries.length);
  for (const [key, item] of entries) {
    pushString(lua, L, key);
    pushJson(lua, L, item, arrayMtIndex);
    lua.lua_rawset(L, -3);
  }
}

/** The JSON value of the Lua value at absolute `index`; `path` names it in errors. */
export function readJson(lua, L, index, arrayMtIndex, path = [], seen = new Set()) {
  const type = lua.lua_type(L, index);
  switch (type) {
    case LUA_TNIL:
      return null;
    case LUA_TBOOLEAN:
      return lua.lua_toboolean(L, index) !== 0;
    case LUA_TNUMBER:
      return readNumber(lua, L, index);
    case LUA_TSTRING:
      return readString(lua, L, index);
    case LUA_TTABLE:
      return readTable(lua, L, index, arrayMtIndex, path, seen);
    default:
      throw new NotSerializable(typeNames[type] ?? 'unknown', path);
  }
}

function readNumber(lua, L, index) {
  if (lua.lua_isinteger(L, index)) return Number(lua.lua_tointegerx(L, index, null));
  const value = lua.lua_tonumberx(L, index, null);
  return Number.isInteger(value) ? `${floatTag}${value}` : value;
}

// TEA's rule: keys 1..n (holes allowed) make a list, anything else a dict with text keys.
// We add two guards: a very sparse table stays a dict (no million-null lists), and a
// table that came in as a JSON array stays an array even when it is empty.
function readTable(lua, L, index, arrayMtIndex, path, seen) {
  const pointer = lua.lua_topointer(L, index);
  if (seen.has(pointer)) throw new NotSerializable('table (a cycle)', path);
  seen.add(pointer);
  if (!lua.lua_checkstack(L, 8)) throw new NotSerializable('table (nested too deeply)', path);
  const entries = [];
  let allIndexes = true;
  let maxIndex = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, index) !== 0) {
    const key = readKey(lua, L, lua.lua_gettop(L) - 1, path);
    if (typeof key === 'number' && Number.isInteger(key) && key > 0) maxIndex = Math.max(maxIndex, key);
    else allIndexes = false;
    entries.push([key, readJson(lua, L, lua.lua_gettop(L), arrayMtIndex, [...path, String(key)], seen)]);
    lua.lua_pop(L, 1);
  }
  seen.delete(pointer);
  const markedArray = hasArrayMarker(lua, L, index, arrayMtIndex);
  const dense = maxIndex <= 2 * entries.length;
  if (allIndexes && dense && (entries.length > 0 || markedArray)) {
    const list = new Array(maxIndex).fill(null);
    for (const [key, item] of entries) list[key - 1] = item;
    return list;
  }
  const object = {};
  for (const [key, item] of entries) object[String(key)] = item;
  return object;
}

// Reading a number key with lua_tolstring would turn it into a string and break lua_next.
function readKey(lua, L, index, path) {
  const type = lua.lua_type(L, index);
  if (type === LUA_TSTRING) return readString(lua, L, index);
  if (type === LUA_TNUMBER) return lua.lua_isinteger(L, index) ? Number(lua.lua_tointegerx(L, index, null)) : lua.lua_tonumberx(L, index, null);
  if (type === LUA_TBOOLEAN) return String(lua.lua_toboolean(L, index) !== 0);
  throw new NotSerializable(`${typeNames[type] ?? 'unknown'} (as a table key)`, path);
}

function hasArrayMarker(lua, L, index, arrayMtIndex) {
  if (!lua.lua_getmetatable(L, index)) return false;
  const marked = lua.lua_rawequal(L, -1, arrayMtIndex) !== 0;
  lua.lua_pop(L, 1);
  return marked;
}
