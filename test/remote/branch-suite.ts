import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunContext } from '../../src/engine/run.js';
import type { RunContext } from '../../src/engine/run-context.js';
import type { TeaEvent } from '../../src/observe/events.js';
import { fanOutRunner } from '../../src/parallel/fan-out-runner.js';
import type { BranchSpec } from '../../src/parallel/branch.js';
import { BranchStop, type BranchRunner } from '../../src/parallel/strategies/runner.js';
import { loadWorkflow } from '../../src/spec/load.js';
import { isFloatAt, parseJsonKeepingFloats } from '../../src/util/python-floats.js';
import { waitFor } from '../helpers/leftovers.js';
import { block, workflowDir } from '../helpers/workflow-dir.js';

/** A strategy under test: how to make its runner, and whether a stop ends its processes. */
export interface SuiteTarget {
  createRunner(context: RunContext): BranchRunner;
  /** Processes started by a branch are gone when its result settles (not so for inline). */
  ownsProcesses: boolean;
}

const code = `import os, time
item = state["item"]
if item == "bad":
    raise ValueError("bad item")
if item == "slow":
    with open(os.path.join(state["markers"], "slow.pid"), "w") as f:
        f.write("%d %d" % (os.getpid(), os.getppid()))
    for _ in range(600):
        time.sleep(0.1)
return {"v": item if isinstance(item, str) else item * 2, "size": len(state.get("big", ""))}`;

const yaml = `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: done
    steps:
      - name: work
        run: |
${block(code, 10)}
  - name: done
    run: |
      return {}
`;

/**
 * One contract, every strategy (STYLE 13): a runner turns a branch spec into an outcome,
 * and a stop is an outcome too, reported only once the branch has really ended.
 */
export function runBranchSuite(name: string, makeTarget: () => SuiteTarget | Promise<SuiteTarget>): void {
  describe(`BranchRunner contract: ${name}`, () => {
    let target: SuiteTarget;
    let runner: BranchRunner;
    let dir: string;
    const events: TeaEvent[] = [];

    beforeAll(async () => {
      target = await makeTarget();
      dir = workflowDir({ 'wf.yaml': yaml });
      const workflow = await loadWorkflow(path.join(dir, 'wf.yaml'));
      const context = createRunContext(workflow, { fanOut: fanOutRunner }, (event) => events.push(event));
      runner = target.createRunner(context);
    });
    afterAll(async () => {
      await runner?.close?.();
    });

    const spec = (item: unknown, index: number, extra: Record<string, unknown> = {}): BranchSpec => ({
      ref: { node: 'fan', index, name: `fan[${index}]` },
      body: { kind: 'node', node: 'fan' },
      state: { item, index, markers: dir, ...extra },
      item: { value: item, itemVar: 'item', indexVar: 'index' },
    });

    it('ok: the branch\'s final state comes back', async () => {
      const outcome = await runner.start(spec(21, 0), new AbortController().signal).result;
      expect(outcome).toMatchObject({ status: 'ok', state: { item: 21, index: 0, v: 42 } });
      expect(outcome.attempts).toBeGreaterThanOrEqual(1);
    });

    it('failed: the error of the node that failed', async () => {
      const outcome = await runner.start(spec('bad', 1), new AbortController().signal).result;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toContain('bad item');
    });

    it('a large state (over 256 KiB) goes and comes back whole', async () => {
      const big = 'x'.repeat(300_000);
      const outcome = await runner.start(spec('large', 2, { big }), new AbortController().signal).result;
      expect(outcome).toMatchObject({ status: 'ok', state: { v: 'large', size: 300_000 } });
      expect((outcome.state!.big as string).length).toBe(300_000);
    });

    it('a Python float (3.0) goes and comes back a float, not an int', async () => {
      const state = parseJsonKeepingFloats(`{"item": 3.0, "index": 4, "markers": ${JSON.stringify(dir)}}`) as BranchSpec['state'];
      const outcome = await runner.start({ ...spec(3, 4), state, item: { value: 3, itemVar: 'item', indexVar: 'index', float: true } }, new AbortController().signal).result;
      expect(outcome).toMatchObject({ status: 'ok', state: { item: 3, v: 6 } });
      expect([isFloatAt(outcome.state!, 'item'), isFloatAt(outcome.state!, 'v'), isFloatAt(outcome.state!, 'index')]).toEqual([true, true, false]);
    });

    it('stop: the outcome says why, and comes only once the branch has ended', async () => {
      const controller = new AbortController();
      const running = runner.start(spec('slow', 3), controller.signal);
      const pidFile = path.join(dir, 'slow.pid');
      await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' '), 30_000, 'the slow branch to start');
      controller.abort(new BranchStop('timeout', 'Flow timed out after 1s'));
      const outcome = await running.result;
      expect(outcome).toMatchObject({ status: 'timeout', timedOut: true, error: 'Flow timed out after 1s' });
      if (target.ownsProcesses) {
        const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
        expect(pids.filter(isAlive)).toEqual([]);
      }
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}
