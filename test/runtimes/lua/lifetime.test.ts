// Timeouts and aborts really stop Lua (the worker thread is terminated), and blocks that run
// at the same time, or one after another, never share globals.
import { setImmediate as tick } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { getLuaWorkerPool } from '../../../src/runtimes/lua/index.js';
import { failLua, runLua } from './helpers.js';

afterAll(() => getLuaWorkerPool().close());

/** Resolves once `predicate` holds, polling each turn of the event loop, or fails after 10 s. */
async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await tick();
  }
}

describe('timeout', () => {
  it('stops an endless loop, fails the node and leaves no busy worker', async () => {
    const pool = getLuaWorkerPool();
    let turns = 0;
    let spinning = true;
    const counter = (async () => {
      while (spinning) {
        turns += 1;
        await tick();
      }
    })();
    const error = await failLua('while true do end', {}, { timeoutMs: 200, node: 'spin' });
    spinning = false;
    await counter;
    expect(error).toMatchObject({ code: 'NODE_FAILED', node: 'spin', message: 'Lua execution timeout: the block ran longer than 200 ms' });
    expect(pool.stats().busy).toBe(0);
    expect(turns).toBeGreaterThan(10); // the event loop kept turning while Lua spun
  });

  it('stops a long C call that a count hook could not interrupt', async () => {
    const code = 'return (("a"):rep(30000)):find(".-.-.-b")';
    const error = await failLua(code, {}, { timeoutMs: 200 });
    expect(error).toMatchObject({ code: 'NODE_FAILED', message: 'Lua execution timeout: the block ran longer than 200 ms' });
    expect(getLuaWorkerPool().stats().busy).toBe(0);
  });

  it('the next block runs normally after a timeout', async () => {
    await failLua('while true do end', {}, { timeoutMs: 100 });
    expect((await runLua('return 1 + 1')).value).toBe(2);
  });
});

describe('abort', () => {
  it('rejects with the engine’s reason and stops the thread', async () => {
    const controller = new AbortController();
    const printed: string[] = [];
    const running = failLua('print("started")\nwhile true do end', {}, { signal: controller.signal, onChunk: (text) => printed.push(text) });
    await until(() => printed.length > 0);
    const reason = new Error('stop now');
    controller.abort(reason);
    expect(await running).toBe(reason);
    expect(getLuaWorkerPool().stats().busy).toBe(0);
  });

  it('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(runLua('print("no")', {}, { signal: controller.signal })).rejects.toThrow('too late');
  });
});

describe('isolation', () => {
  it('two blocks running at once do not see each other’s globals', async () => {
    // Each sets `shared` and spins while it still holds its own value. Had they shared
    // globals, the second assignment would end the first block with "clobbered".
    const controller = new AbortController();
    const ready: string[] = [];
    const block = (name: string) =>
      failLua(`shared = "${name}"\nprint("${name}")\nwhile shared == "${name}" do end\nreturn "clobbered"`, {}, {
        signal: controller.signal,
        onChunk: (text) => ready.push(text),
      });
    const runs = [block('A'), block('B')];
    await until(() => ready.length === 2);
    expect(getLuaWorkerPool().stats().busy).toBe(2);
    const reason = new Error('enough');
    controller.abort(reason);
    expect(await Promise.all(runs)).toEqual([reason, reason]);
  });

  it('a global set by one block is gone in the next, even on the same warm worker', async () => {
    await runLua('leaked = "yes"; string.leaked = true');
    expect((await runLua('return {leaked == nil, string.leaked == nil}')).value).toEqual([true, true]);
  });
});

describe('shared globals (TEA: one Lua runtime for a run\'s one-after-another blocks)', () => {
  const shared = { sharedGlobals: true };

  it('a global or function one block defines is there for the next shared block, never for a fresh one', async () => {
    await runLua('counter = 5\nfunction double(x) return x * 2 end', {}, shared);
    expect((await runLua('counter = counter + 1\nreturn {counter = counter, twice = double(counter)}', {}, shared)).value).toEqual({ counter: 6, twice: 12 });
    expect((await runLua('return {counter == nil, double == nil}')).value).toEqual([true, true]);
    // `state` is the block's own each time, not the previous block's.
    expect((await runLua('return state.n', { n: 3 }, shared)).value).toBe(3);
    expect((await runLua('return state.n', {}, shared)).value).toBeUndefined();
  });

  it('the sandbox holds in the shared state, and an error leaves it usable', async () => {
    await runLua('flag = true', {}, shared);
    expect((await failLua('error("boom")', {}, shared)).message).toMatch(/boom/);
    expect((await runLua('return {os == nil, io == nil, flag}', {}, shared)).value).toEqual([true, true, true]);
  });

  it('a shared block that times out takes the shared globals with its worker', async () => {
    await runLua('kept = 1', {}, shared);
    await failLua('while true do end', {}, { ...shared, timeoutMs: 100 });
    expect((await runLua('return kept == nil', {}, shared)).value).toBe(true);
  });

  it('while the shared worker is busy, another shared block runs fresh instead of waiting', async () => {
    const controller = new AbortController();
    const printed: string[] = [];
    await runLua('mark = "set"', {}, shared);
    const holding = failLua('print("holding")\nwhile true do end', {}, { ...shared, signal: controller.signal, onChunk: (text) => printed.push(text) });
    await until(() => printed.length > 0);
    expect((await runLua('return mark == nil', {}, shared)).value).toBe(true);
    controller.abort(new Error('done'));
    await holding;
  });
});
