// print() and subprocess output reach onOutput in order, never the protocol (core.md §2.2 step 5).
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { runBlock } from './helpers.js';

const orphans: string[] = [];
const worker = new PythonWorker({ onOrphanOutput: (_stream, text) => orphans.push(text) });
afterAll(() => worker.close());

describe('print capture', () => {
  it('sends whole lines, in order, before the result resolves', async () => {
    const { chunks, update } = await runBlock(worker, 'print("a")\nprint("b", "c")\nprint("d", end="")\nx = 1');
    expect(chunks).toEqual(['a\n', 'b c\n', 'd']);
    expect(update).toEqual({ x: 1 });
  });

  it('interleaves exactly with the output of subprocesses on fd 1', async () => {
    const code = [
      'import subprocess, os, sys',
      'for i in range(5):',
      '    print("py", i)',
      '    subprocess.run("echo sh " + str(i), shell=True)',
      '    print("partial-", end="")',
      '    os.write(1, b"raw\\n")',
      'sys.stdout.write("tail")',
      'return 1',
    ].join('\n');
    const { stdout } = await runBlock(worker, code);
    const expected = [0, 1, 2, 3, 4].map((i) => `py ${i}\nsh ${i}\npartial-raw\n`).join('') + 'tail';
    expect(stdout).toBe(expected);
  });

  it('flush() sends a partial line at once', async () => {
    const { chunks } = await runBlock(worker, 'import sys\nsys.stdout.write("p")\nsys.stdout.flush()\nprint("q")\nreturn 1');
    expect(chunks).toEqual(['p', 'q\n']);
  });

  it('subprocess.run(stdout=sys.stdout) and sys.stdout.buffer work', async () => {
    const code = 'import subprocess, sys\nsubprocess.run(["echo", "via fileno"], stdout=sys.stdout)\nsys.stdout.buffer.write("bytes ✓\\n".encode())\nreturn 1';
    expect((await runBlock(worker, code)).stdout).toBe('via fileno\nbytes ✓\n');
  });

  it('prints from threads the block starts go to the block', async () => {
    const code = 'import threading\nt = threading.Thread(target=lambda: print("from thread"))\nt.start()\nt.join()\nreturn 1';
    expect((await runBlock(worker, code)).stdout).toBe('from thread\n');
  });

  it('sys.stderr, warnings and logging come back as stderr output, in order with stdout', async () => {
    const code = [
      'import sys, warnings, logging',
      'print("out 1")',
      'print("err 1", file=sys.stderr)',
      'warnings.warn("careful")',
      'logging.getLogger("blk").warning("logged")',
      'sys.stderr.write("no newline")',
      'print("out 2")',
      'return 1',
    ].join('\n');
    const { output } = await runBlock(worker, code);
    expect(output).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stderr', '<string>:4: UserWarning: careful\n'],
      ['stderr', 'logged\n'],
      ['stdout', 'out 2\n'],
      ['stderr', 'no newline'],
    ]);
  });

  it('stdin is /dev/null for the block and its subprocesses', async () => {
    const code = [
      'import subprocess',
      'try:',
      '    input()',
      '    got = "line"',
      'except EOFError as e:',
      '    got = str(e)',
      'cat = subprocess.run(["cat"], capture_output=True, timeout=5).stdout.decode()',
      'return {"input": got, "cat": cat}',
    ].join('\n');
    expect((await runBlock(worker, code)).update).toEqual({ input: 'EOF when reading a line', cat: '' });
  });

  it('output written after a block ended goes to the orphan handler', async () => {
    await runBlock(worker, 'import subprocess\nsubprocess.Popen("sleep 0.2; echo late", shell=True)\nreturn 1');
    const deadline = Date.now() + 5000;
    while (!orphans.join('').includes('late\n') && Date.now() < deadline) await delay(20);
    expect(orphans.join('')).toBe('late\n');
  });

  it('non-ASCII text survives', async () => {
    expect((await runBlock(worker, 'print("héllo ✓ 日本")\nreturn 1')).stdout).toBe('héllo ✓ 日本\n');
  });
});
