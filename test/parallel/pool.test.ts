import { describe, expect, it } from 'vitest';
import { parseStream } from '../helpers/examples.js';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { makeTag, waitForNoTagged } from '../helpers/leftovers.js';
import { runTea } from '../helpers/run-cli.js';
import { startTea } from '../helpers/spawn-tea.js';
import { workflowDir } from '../helpers/workflow-dir.js';
import { peakChildren } from '../helpers/peak-children.js';

async function runPool(code: string, input: Record<string, unknown>, extra = '', env: Record<string, string> = {}) {
  const dir = workflowDir({ 'wf.yaml': fanOutYaml(code, { extra }) });
  const result = await runTea(['run', 'wf.yaml', '--strategy', 'pool', '-q', '-o', '-', '--input', JSON.stringify({ ...input, dir })], { cwd: dir, env });
  return { result, state: result.code === 0 ? JSON.parse(result.stdout) : undefined, dir };
}

describe('the pool strategy (warm workers, one branch after another)', () => {
  it('gives every branch a fresh copy of the state, even on a reused worker', async () => {
    const code = 'state["shared"]["list"].append(state["item"])\nreturn {"seen": list(state["shared"]["list"])}';
    const { state } = await runPool(code, { items: [1, 2, 3, 4, 5, 6], shared: { list: [0] } }, '    max_concurrency: 1\n');
    expect(state.results.map((record: { state: { seen: number[] } }) => record.state.seen)).toEqual([[0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6]]);
  });

  it('reuses its workers: many branches, few processes', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('import os\nreturn {"pid": os.getppid()}', { extra: '    max_concurrency: 4\n' }) });
    const result = await runTea(['run', 'wf.yaml', '--strategy', 'pool', '-q', '-o', '-', '--input', JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => i) })], { cwd: dir });
    const pids = new Set(JSON.parse(result.stdout).results.map((record: { state: { pid: number } }) => record.state.pid));
    expect(pids.size).toBeGreaterThanOrEqual(1);
    expect(pids.size).toBeLessThanOrEqual(4);
  });

  it('never has more workers than max_concurrency', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('import time\ntime.sleep(0.2)\nreturn {}', { extra: '    max_concurrency: 3\n' }) });
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '--strategy', 'pool', '-q', '--input', JSON.stringify({ items: Array.from({ length: 12 }, (_, i) => i) })], { cwd: dir, env: tag.env });
    const peak = await peakChildren(tea, tag.value, 'pool-worker');
    expect((await tea.exited).code).toBe(0);
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(3);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('a timeout kills the worker, the pool replaces it, and nothing is left', async () => {
    const tag = makeTag();
    const { state } = await runPool('import time\nif state["item"] == "slow":\n    time.sleep(60)\nreturn {"ok": state["item"]}', { items: ['slow', 'a', 'b'] }, '    max_concurrency: 1\n    timeout: 3\n', tag.env);
    expect(state.results.map((record: { success: boolean; timeout: boolean }) => [record.success, record.timeout])).toEqual([
      [false, true],
      [true, false],
      [true, false],
    ]);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('a worker that dies mid-branch fails that branch only; the next runs on a new worker', async () => {
    const code = 'import os, signal\nif state["item"] == "crash":\n    os.kill(os.getppid(), signal.SIGKILL)\nreturn {"ok": True}';
    const { state } = await runPool(code, { items: ['crash', 'after'] }, '    max_concurrency: 1\n');
    expect(state.results[0]).toMatchObject({ success: false });
    expect(state.results[0].error).toMatch(/^Pool worker exited \(SIGKILL\)/);
    expect(state.results[1]).toMatchObject({ success: true, state: { ok: true } });
  });

  it('fail_fast stops the running branch (its worker) and skips the rest', async () => {
    const tag = makeTag();
    const code = `import os, time
marker = os.path.join(state["dir"], "slow-running")
if state["item"] == "slow":
    open(marker, "w").close()
    time.sleep(60)
if state["item"] == "bad":
    while not os.path.exists(marker):
        time.sleep(0.01)
    raise ValueError("bad")
return {}`;
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(code, { extra: '    max_concurrency: 2\n    fail_fast: true\n' }) });
    const result = await runTea(['run', 'wf.yaml', '--strategy', 'pool', '--stream', '--input', JSON.stringify({ items: ['slow', 'bad', 'later'], dir })], { cwd: dir, env: tag.env });
    const complete = parseStream(result.stdout).find((event) => event.type === 'complete') as { state: { results: { error: string }[] } };
    expect(complete.state.results.map((record) => record.error)).toEqual(['Cancelled due to fail_fast', 'bad', 'Cancelled due to fail_fast']);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});
