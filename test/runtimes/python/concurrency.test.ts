// Several blocks at once on one worker (inline parallel branches), each in its own thread.
import { afterAll, describe, expect, it } from 'vitest';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { runBlock } from './helpers.js';

const worker = new PythonWorker();
afterAll(() => worker.close());

const indices = Array.from({ length: 16 }, (_, index) => index);

describe('concurrent blocks', () => {
  it('run at the same time: 16 blocks meet at one barrier', async () => {
    // Run one after the other, the first block would wait out the barrier's timeout and fail.
    const code = [
      'import sys, threading',
      'barrier = sys.__dict__.setdefault("tea_test_barrier", threading.Barrier(16, timeout=10))',
      'barrier.wait()',
      'return {"i": state["i"]}',
    ].join('\n');
    const outcomes = await Promise.all(indices.map((i) => runBlock(worker, code, { state: { i } })));
    expect(outcomes.map((outcome) => outcome.update.i)).toEqual(indices);
  });

  it('16 blocks sleeping 0.1 s take far less than 1.6 s', async () => {
    const started = performance.now();
    await Promise.all(indices.map(() => runBlock(worker, 'import time\ntime.sleep(0.1)\nreturn 1')));
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('each block gets only its own prints, its own state and its own node name', async () => {
    const code = [
      'import time',
      'for k in range(3):',
      '    print(node, k)',
      '    time.sleep(0.01)',
      'state["mine"] = node',
      'return {"node": node}',
    ].join('\n');
    const outcomes = await Promise.all(indices.map((i) => runBlock(worker, code, { node: `b${i}`, state: { i } })));
    outcomes.forEach((outcome, i) => {
      expect(outcome.stdout).toBe(`b${i} 0\nb${i} 1\nb${i} 2\n`);
      expect(outcome.update).toEqual({ node: `b${i}` });
      expect(outcome.state).toEqual({ i, mine: `b${i}` });
    });
  });

  it('one failing block does not disturb its siblings', async () => {
    const codes = ['import time\ntime.sleep(0.05)\nreturn 1', 'raise ValueError("only me")', 'return 3'];
    const settled = await Promise.allSettled(codes.map((code) => runBlock(worker, code)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('only me');
  });
});
