/**
 * Lua `run:` blocks: real Lua 5.4 (wasmoon, Lua compiled to WebAssembly) in worker threads.
 *
 * Why this engine, measured on the 2-core dev machine (Node 20.20):
 * - wasmoon on the main thread: 42 ms to load once, then 0.9 ms per block with a fresh
 *   state. But WebAssembly blocks the event loop while Lua runs. A count hook with a
 *   deadline stopped `while true do end` at 203 ms for a 200 ms limit, yet one C call
 *   (`string.rep('ab', 2e8)`) ran 3.2 s past a 50 ms limit. For that whole time inline
 *   parallel branches, Ctrl-C and the engine's abort signal all wait.
 * - wasmoon in a worker thread (chosen): a cold worker is ready in 65–75 ms, and a warm one
 *   runs a block in 1.7 ms (round trip with a fresh lua_State). `worker.terminate()` stops
 *   `while true do end` in 2.5 ms and a running `string.rep` in 10.5 ms. The main thread
 *   stays free, so the timeout and the abort signal are ordinary timers and listeners.
 *   End to end through runLuaBlock: 82 ms for the first block, 1.1 ms per block after.
 * - Debian's `lua5.4` as a subprocess: 2.4 ms per block. It needs an apt package on every
 *   machine, plus a JSON codec written in Lua and process plumbing. wasmoon is one npm
 *   dependency, and its in-memory file system is a second wall around the sandbox.
 * TEA (lupa, LuaJIT) uses a count hook every 1000 instructions. It has the same blind spot
 * for long C calls, which its docs admit; terminating the thread has none.
 */
import type { BlockHooks, BlockRequest } from '../shared/block-types.js';
import { BlockTimedOut, throwOnAbort, throwOnTimeout } from '../shared/block-racers.js';
import { makeLuaBlockError, makeLuaTimeoutError } from './lua-block-errors.js';
import type { LuaWorker, WorkerReply } from './lua-worker.js';
import { getLuaWorkerPool } from './lua-worker-pool.js';
import type { BlockOutcome } from './protocol.js';
import { withFloatTags, withoutFloatTags } from '../../util/python-floats.js';

/**
 * Runs one Lua block. `state` and `variables` arrive as locals (TEA's `local state = ...`).
 * The block's return value comes back as JSON: `undefined` for nil/no value, a list for
 * several values. Lua errors, timeouts and aborts reject.
 */
export async function runLuaBlock(request: BlockRequest, hooks: BlockHooks): Promise<unknown> {
  request.signal?.throwIfAborted();
  const pool = getLuaWorkerPool();
  const worker = await pool.acquire(request.sharedGlobals === true);
  const shared = request.sharedGlobals === true && pool.holdsSharedGlobals(worker);
  let reply: WorkerReply;
  try {
    reply = await waitForLuaBlock(worker, request, shared, hooks);
  } catch (error) {
    await pool.discard(worker); // the slot frees only once the thread has really stopped
    throw error instanceof BlockTimedOut ? makeLuaTimeoutError(request.node, error.timeoutMs) : error;
  }
  pool.release(worker, reply.heapBytes);
  return valueOf(reply.outcome, request.node);
}

/** The block's own end, raced against its deadline and the engine's abort signal. */
async function waitForLuaBlock(worker: LuaWorker, request: BlockRequest, shared: boolean, hooks: BlockHooks): Promise<WorkerReply> {
  const teardown = new AbortController();
  try {
    return await Promise.race([
      worker.run(
        // Python floats cross to the thread as tag strings, and Lua floats come back as them.
        { code: request.code, state: withFloatTags(request.state) as Record<string, unknown>, variables: withFloatTags(request.variables) as Record<string, unknown>, shared },
        (text) => hooks.onOutput('stdout', text),
      ),
      throwOnTimeout(request.timeoutMs, teardown.signal),
      throwOnAbort(request.signal, teardown.signal),
    ]);
  } finally {
    teardown.abort();
  }
}

// TEA: nil -> no update; one value -> itself; `return a, b` (lupa's tuple) -> a list.
function valueOf(outcome: BlockOutcome, node: string): unknown {
  if (!outcome.ok) throw makeLuaBlockError(outcome.error, node);
  const values = withoutFloatTags(outcome.values);
  if (values.length === 0 || (values.length === 1 && values[0] === null)) return undefined;
  if (values.length === 1) return values[0];
  return values;
}
