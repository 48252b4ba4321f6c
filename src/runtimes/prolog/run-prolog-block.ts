/**
 * Prolog `run:` blocks: real SWI-Prolog (Debian's swi-prolog-nox, 9.0.4 here), one `swipl`
 * process per block, running src/runtimes/prolog/driver/tea-driver.pl.
 *
 * Why this engine, measured on the 2-core dev machine:
 * - `swipl` subprocess (chosen): 10 ms to start bare. Loading clpfd, sandbox and json (TEA
 *   preloads clpfd, lists, apply, aggregate) makes it 160 ms per block, so we start from a
 *   saved state of the driver: 20 ms per block, built once in 0.45 s (saved-state.ts);
 *   35 ms per block end to end through runPrologBlock (spawn, run, reply, exit).
 *   A timeout or abort kills the process group (TERM, then KILL 0.5 s later), which
 *   stops anything, even a C-level loop. Each block gets a fresh Prolog, so parallel
 *   branches share no facts. TEA serialises every block behind one global lock instead.
 * - npm `swipl-wasm` 8.0.5 (SWI-Prolog 10.1.10 in WebAssembly): 178 ms to start an instance
 *   in-process, 80 ms more for clpfd and sandbox, then 0.05 ms per query. It has no
 *   call_with_time_limit/2 (no library(time) without threads) and no library(http/json).
 *   Its WASM blocks the event loop, so the only way to stop `repeat, fail` is to terminate
 *   a worker thread. A fresh database per block would cost a new 260 ms instance, and
 *   reusing one leaks facts and rules between blocks. A process start is 20 ms, can be
 *   killed, and isolates blocks for free.
 * Sandbox: every query and directive passes library(sandbox)'s safe_goal/1 before it runs
 * (driver/tea-sandbox.pl). TEA's docs promise this; TEA loads the library but never calls it.
 * `variables` is not given to Prolog: TEA has no predicate for it.
 */
import { randomUUID } from 'node:crypto';
import { TeaError } from '../../errors.js';
import type { BlockHooks, BlockRequest } from '../shared/block-types.js';
import { BlockTimedOut, throwOnAbort, throwOnTimeout } from '../shared/block-racers.js';
import { makePrologBlockError, makePrologExitError, makePrologTimeoutError, type DriverError } from './prolog-block-errors.js';
import { PrologProcess, type PrologExit } from './prolog-process.js';
import { driverFile, ensureSavedState } from './saved-state.js';
import { resolveSwipl } from './swipl-binary.js';
import { isFloatAt, markFloat, parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';

/**
 * Runs one Prolog block. The state is readable with `state(Key, Value)`; `return(Key, Value)`
 * sets keys of the update, the last call for a key winning. No return means no update.
 */
export async function runPrologBlock(request: BlockRequest, hooks: BlockHooks): Promise<unknown> {
  request.signal?.throwIfAborted();
  const swipl = await resolveSwipl();
  const savedState = await ensureSavedState(swipl);
  request.signal?.throwIfAborted();
  const marker = `\u0000tea-reply-${randomUUID()}:`;
  const state = Object.entries(request.state).map((entry) => {
    if (isFloatAt(request.state, entry[0])) markFloat(entry, 1, entry[1] as number); // 2.0 reaches Prolog as a float
    return entry;
  });
  const payload = stringifyJsonKeepingFloats({ code: withFinalPeriod(request.code), state, sandbox: true, marker });
  const child = new PrologProcess(swipl, swiplArguments(savedState), payload, marker, (stream, text) => hooks.onOutput(stream, text));
  let exit: PrologExit;
  try {
    exit = await waitForPrologBlock(child, request);
  } catch (error) {
    await child.kill(); // the block is over only once its process group is gone
    throw error instanceof BlockTimedOut ? makePrologTimeoutError(request.node, error.timeoutMs) : error;
  }
  return updateOf(exit, swipl, request.node);
}

/** TEA ends a block with `.` when it lacks one, so `X is 1 + 2` alone is a query. Only the
 * end is trimmed: lines in error messages stay the block's own. */
export function withFinalPeriod(code: string): string {
  const trimmed = code.trimEnd();
  return trimmed.trim() === '' || trimmed.endsWith('.') ? code : `${trimmed}.`;
}

// -f none: no user init file may change what a block sees; without a state, load the source.
function swiplArguments(savedState: string | undefined): string[] {
  const common = ['-q', '-f', 'none', '--no-packs', '-g', 'tea_main', '-t', 'halt'];
  return savedState === undefined ? [...common, driverFile] : ['-x', savedState, ...common];
}

/** The process's own end, raced against the block's deadline and the engine's abort. */
async function waitForPrologBlock(child: PrologProcess, request: BlockRequest): Promise<PrologExit> {
  const teardown = new AbortController();
  try {
    return await Promise.race([
      child.exited,
      throwOnTimeout(request.timeoutMs, teardown.signal),
      throwOnAbort(request.signal, teardown.signal),
    ]);
  } finally {
    teardown.abort();
  }
}

type DriverReply = { returns: [string, unknown][] } | { error: DriverError };

// TEA's _get_returns(): a dict of the return/2 facts, later calls for a key winning.
function updateOf(exit: PrologExit, swipl: string, node: string): Record<string, unknown> | undefined {
  const reply = parseReply(exit.reply);
  if (reply === undefined) throw makePrologExitError(exit, swipl, node);
  if ('error' in reply) throw makePrologBlockError(reply.error, node);
  if (reply.returns.length === 0) return undefined;
  const update: Record<string, unknown> = {};
  for (const pair of reply.returns) {
    update[pair[0]] = pair[1];
    if (isFloatAt(pair, 1)) markFloat(update, pair[0], pair[1] as number);
  }
  return update;
}

// No reply at all means swipl died first; a reply that is not JSON is our bug.
function parseReply(text: string): DriverReply | undefined {
  if (text.trim() === '') return undefined;
  try {
    return parseJsonKeepingFloats(text) as DriverReply;
  } catch (error) {
    throw new TeaError('CHILD_PROTOCOL', `The Prolog driver sent a reply that is not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}
