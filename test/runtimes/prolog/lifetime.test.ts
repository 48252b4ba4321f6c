// Each block is its own swipl process group: a timeout or an abort kills it and leaves
// nothing behind, the block dies with tea, and blocks never share facts.
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isGroupAlive } from '../../../src/process/process-group.js';
import { driverFile, ensureSavedState } from '../../../src/runtimes/prolog/saved-state.js';
import { resolveSwipl } from '../../../src/runtimes/prolog/index.js';
import { failProlog, runProlog } from './helpers.js';

const printPid = 'current_prolog_flag(pid, Pid), format("~w~n", [Pid]).\n';

/** Polls until `predicate` holds; fails after 10 s (the wait is a bound, not the assertion). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 s`);
    await delay(10);
  }
}

function pidsOf(lines: string[]): number[] {
  return lines.map((line) => Number(line.trim())).filter((pid) => Number.isInteger(pid) && pid > 0);
}

describe('timeout', () => {
  it('kills an endless block, fails the node and leaves no process', async () => {
    const printed: string[] = [];
    const error = await failProlog(`${printPid}repeat, fail.`, {}, { timeoutMs: 300, node: 'spin', onStdout: (text) => printed.push(text) });
    expect(error).toMatchObject({ code: 'NODE_FAILED', node: 'spin', message: 'Prolog execution timeout: the block ran longer than 300 ms' });
    const [pid] = pidsOf(printed);
    expect(pid).toBeDefined();
    await until(() => !isGroupAlive(pid!), `process group ${pid} gone`);
  });

  it('kills a deep recursion that eats memory, too', async () => {
    const printed: string[] = [];
    const code = `${printPid}grow(L) :- grow([x|L]).\ngrow([]), true.`;
    const error = await failProlog(code, {}, { timeoutMs: 300, onStdout: (text) => printed.push(text) });
    expect(error.message).toBe('Prolog execution timeout: the block ran longer than 300 ms');
    await until(() => !isGroupAlive(pidsOf(printed)[0]!), 'process group gone');
  });
});

describe('abort', () => {
  it('rejects with the engine’s reason once the process is gone', async () => {
    const controller = new AbortController();
    const printed: string[] = [];
    const running = failProlog(`${printPid}repeat, fail.`, {}, { signal: controller.signal, onStdout: (text) => printed.push(text) });
    await until(() => printed.length > 0, 'block started');
    const reason = new Error('cancelled by test');
    controller.abort(reason);
    expect(await running).toBe(reason);
    expect(isGroupAlive(pidsOf(printed)[0]!)).toBe(false); // rejected only after the group exited
  });
});

describe('tea going away', () => {
  it('the driver halts when its stdin closes, as when tea is SIGKILLed', async () => {
    const swipl = await resolveSwipl();
    const savedState = await ensureSavedState(swipl);
    const args = ['-q', '-f', 'none', '--no-packs', '-g', 'tea_main', '-t', 'halt'];
    const child = spawn(swipl, savedState ? ['-x', savedState, ...args] : [...args, driverFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stdin.write(`${JSON.stringify({ code: 'writeln(ready), repeat, fail.', state: [], sandbox: true, marker: '@@' })}\n`);
    await until(() => out.includes('ready'), 'block started');
    child.stdin.end();
    expect(await exited).toBe(3);
  });
});

describe('isolation', () => {
  it('two blocks running at once do not see each other’s facts', async () => {
    // Each asserts its own fact, then waits for the other's. Had they shared a database,
    // both would find it and return; apart, both spin until the test aborts them.
    const controller = new AbortController();
    const printed: string[] = [];
    const block = (mine: string, theirs: string) =>
      failProlog(`assertz(mark(${mine})), ${printPid.slice(0, -2)},\nrepeat, mark(${theirs}), !, return(saw, ${theirs}).`, {}, {
        signal: controller.signal,
        onStdout: (text) => printed.push(text),
      });
    const runs = [block('a', 'b'), block('b', 'a')];
    await until(() => printed.length === 2, 'both blocks started');
    const [first, second] = pidsOf(printed);
    expect(first).not.toBe(second);
    const reason = new Error('enough');
    controller.abort(reason);
    expect(await Promise.all(runs)).toEqual([reason, reason]);
  });

  it('facts and rules of one block are gone in the next', async () => {
    await runProlog('leaked(yes).\nhelper(X) :- X = 1.');
    const { value } = await runProlog(':- dynamic(leaked/1).\n(leaked(_) -> return(leaked, true) ; return(leaked, false)).');
    expect(value).toEqual({ leaked: false });
  });
});
