// One Lua block, in a fresh lua_State or in the run's shared one. TEA gives the blocks a run
// executes one after another a single Lua runtime (globals a block sets are there for the
// next), and every parallel branch's block a fresh one: the host says which with `shared`.
// Plain JavaScript: this file runs in a worker thread, which cannot load TypeScript.
import { readFileSync } from 'node:fs';
import { NotSerializable, pushJson, pushString, readJson, readString } from './values.mjs';

const LUA_OK = 0;
const LUA_MULTRET = -1;
const chunkName = 'block';
const prelude = readFileSync(new URL('./prelude.lua', import.meta.url), 'utf8');

/**
 * Makes the runner for one wasmoon module. The print writer is one C function for the
 * module's lifetime (function-table slots are scarce); it sends to the current block.
 */
export function makeBlockRunner(lua) {
  let emit = () => {};
  const writer = lua.module.addFunction((L) => {
    emit(readString(lua, L, 1));
    return 0;
  }, 'ii');
  let shared; // the lua_State of the run's one-after-another blocks, kept open
  return (request, onOutput) => {
    emit = onOutput;
    try {
      if (!request.shared) {
        const L = openState(lua, writer);
        if (typeof L !== 'number') return L;
        try {
          return runBlock(lua, L, request);
        } finally {
          lua.lua_close(L);
        }
      }
      if (shared === undefined) {
        const L = openState(lua, writer);
        if (typeof L !== 'number') return L;
        shared = L;
      }
      return runBlock(lua, shared, request);
    } finally {
      emit = () => {};
    }
  };
}

/** A new lua_State with the libraries and the prelude's `run` and array marker at stack
 * slots 1 and 2; or the failure. */
function openState(lua, writer) {
  const L = lua.luaL_newstate();
  if (!L) return failure('internal', 'Lua could not create a state (out of memory)');
  lua.luaL_openlibs(L);
  const preludeStatus = loadAndCall(lua, L, prelude, '=tea-prelude', () => {
    lua.lua_pushcclosure(L, writer, 0);
    pushString(lua, L, chunkName);
    return 2;
  }, 2);
  if (preludeStatus !== LUA_OK) {
    const problem = failure('internal', `Lua prelude failed: ${readString(lua, L, -1)}`);
    lua.lua_close(L);
    return problem;
  }
  return L;
}

const runIndex = 1;
const arrayMtIndex = 2;

/** `{ok: true, values}` or `{ok: false, error}`; the stack is back to the prelude's two
 * values afterwards, so a shared state can run the next block. */
function runBlock(lua, L, request) {
  try {
    lua.lua_pushvalue(L, runIndex);
    pushString(lua, L, request.code);
    pushJson(lua, L, request.state, arrayMtIndex);
    pushJson(lua, L, request.variables ?? {}, arrayMtIndex);
    const base = lua.lua_gettop(L) - 4;
    if (lua.lua_pcallk(L, 3, LUA_MULTRET, 0, 0, null) !== LUA_OK) {
      return failure('internal', `Lua runner failed: ${readString(lua, L, -1)}`);
    }
    return readOutcome(lua, L, base + 1, arrayMtIndex);
  } catch (error) {
    if (error instanceof NotSerializable) return { ok: false, error: { kind: 'not_serializable', message: error.message, luaType: error.luaType, path: error.path } };
    return failure('internal', error instanceof Error ? error.message : String(error));
  } finally {
    lua.lua_settop(L, arrayMtIndex);
  }
}

// The runner returns `true, results...` or `false, {message, line, traceback, syntax}`.
function readOutcome(lua, L, first, arrayMtIndex) {
  const top = lua.lua_gettop(L);
  const succeeded = lua.lua_toboolean(L, first) !== 0;
  if (!succeeded) {
    const error = readJson(lua, L, first + 1, arrayMtIndex);
    // Lua skips the message handler for memory errors: the value is the bare message.
    if (typeof error !== 'object' || error === null) return failure('lua', String(error));
    return { ok: false, error: { kind: error.syntax ? 'syntax' : 'lua', message: String(error.message), line: error.line ?? undefined, traceback: error.traceback ?? undefined } };
  }
  const values = [];
  for (let index = first + 1; index <= top; index += 1) {
    values.push(readJson(lua, L, index, arrayMtIndex, top - first > 1 ? [String(index - first - 1)] : []));
  }
  return { ok: true, values };
}

function loadAndCall(lua, L, source, name, pushArgs, results) {
  const status = lua.luaL_loadbufferx(L, source, Buffer.byteLength(source), name, 't');
  if (status !== LUA_OK) return status;
  return lua.lua_pcallk(L, pushArgs(), results, 0, 0, null);
}

function failure(kind, message) {
  return { ok: false, error: { kind, message } };
}
