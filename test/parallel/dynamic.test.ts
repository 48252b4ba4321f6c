import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStream } from '../helpers/examples.js';
import { makeTag, waitForNoTagged } from '../helpers/leftovers.js';
import { runTea } from '../helpers/run-cli.js';
import { startTea } from '../helpers/spawn-tea.js';
import { fanOutYaml, slowAndBadBranch } from '../helpers/fan-out-yaml.js';
import { peakChildren } from '../helpers/peak-children.js';
import { workflowDir } from '../helpers/workflow-dir.js';

const fanOut = fanOutYaml;

async function runJson(dir: string, args: string[], env: Record<string, string> = {}) {
  const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', ...args], { cwd: dir, env });
  return { ...result, state: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, any>) : undefined };
}

describe('dynamic_parallel with the process strategy', () => {
  it('never has more than max_concurrency branch processes alive at once', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('import time\ntime.sleep(0.3)\nreturn {"i": state["index"]}', { extra: '    max_concurrency: 3\n' }) });
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [1, 2, 3, 4, 5, 6, 7, 8] })], { cwd: dir, env: tag.env });
    const peak = await peakChildren(tea, tag.value, '--branch');
    expect((await tea.exited).code).toBe(0);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThanOrEqual(2);
  });

  it('keeps records in input order when branches finish in reverse', async () => {
    // Branch i waits until branch i+1's process is gone, so they finish in reverse order.
    const code = `import os, time, json
marker_dir = state["markers"]
i = state["index"]
if i < 3:
    path = os.path.join(marker_dir, str(i + 1))
    while not os.path.exists(path):
        time.sleep(0.01)
    pid = int(open(path).read())
    while os.path.exists("/proc/%d/stat" % pid) and open("/proc/%d/stat" % pid).read().split(") ")[1][0] != "Z":
        time.sleep(0.01)
with open(os.path.join(marker_dir, "finish-order"), "a") as f:
    f.write("%d\\n" % i)
with open(os.path.join(marker_dir, str(i)), "w") as f:
    f.write(str(os.getppid()))
return {"i": i}`;
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const result = await runTea(['run', 'wf.yaml', '--stream', '--input', JSON.stringify({ items: ['a', 'b', 'c', 'd'], markers: dir })], { cwd: dir });
    const events = parseStream(result.stdout);
    expect(readFileSync(`${dir}/finish-order`, 'utf8')).toBe('3\n2\n1\n0\n');
    expect(events.filter((event) => event.type === 'branch_finished')).toHaveLength(4);
    const complete = events.find((event) => event.type === 'complete') as { state: { results: { branch: string; state: { i: number } }[] } };
    expect(complete.state.results.map((record) => record.state.i)).toEqual([0, 1, 2, 3]);
  });

  it('fail_fast kills running branches, starts no new ones, and keeps finished results (D8)', async () => {
    const code = slowAndBadBranch;
    const dir = workflowDir({ 'wf.yaml': fanOut(code, { extra: '    max_concurrency: 2\n    fail_fast: true\n' }) });
    const tag = makeTag();
    const { code: exit, state } = await runJson(dir, ['--input', JSON.stringify({ items: ['quick', 'slow', 'bad', 'later'], markers: dir })], tag.env);
    expect(exit).toBe(0);
    const records = state!.results;
    expect(records.map((record: { success: boolean }) => record.success)).toEqual([true, false, false, false]);
    expect(records[0].state).toMatchObject({ ok: 'quick' });
    expect(records[1]).toMatchObject({ error: 'Cancelled due to fail_fast', state: { item: 'slow', index: 1 } });
    expect(records[2]).toMatchObject({ error: 'bad item', state: { item: 'bad', index: 2 } });
    expect(records[3]).toMatchObject({ error: 'Cancelled due to fail_fast', state: {}, timing_ms: 0 });
    expect(state!.collected).toBe(4);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('without fail_fast every item runs and failures become records; the node succeeds', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('if state["item"] == "bad":\n    raise KeyError("nope")\nreturn {"ok": True}') });
    const { code, state } = await runJson(dir, ['--input', JSON.stringify({ items: ['a', 'bad', 'c'] })]);
    expect(code).toBe(0);
    expect(state!.results.map((record: { success: boolean }) => record.success)).toEqual([true, false, true]);
    expect(state!.results[1]).toMatchObject({ error: "'nope'", state: { item: 'bad', index: 1 } });
  });

  it('gives every branch a deep copy: in-place edits reach neither siblings nor the parent', async () => {
    const code = 'state["shared"]["list"].append(state["index"])\nreturn {"seen": list(state["shared"]["list"])}';
    for (const strategy of ['process', 'inline']) {
      const dir = workflowDir({ 'wf.yaml': fanOut(code) });
      const { state } = await runJson(dir, ['--input', JSON.stringify({ items: ['a', 'b', 'c'], shared: { list: [0] } })], { TEA_PARALLEL_STRATEGY: strategy });
      expect(state!.results.map((record: { state: { seen: number[] } }) => record.state.seen)).toEqual([[0, 0], [0, 1], [0, 2]]);
      expect(state!.shared).toEqual({ list: [0] });
    }
  });

  it('runs the fan-in exactly once, after every branch', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('return {"done": True}', { collect: 'return {"fanin_runs": state.get("fanin_runs", 0) + 1, "all_done": all(r.state["done"] for r in parallel_results)}' }) });
    const result = await runTea(['run', 'wf.yaml', '--stream', '--input', JSON.stringify({ items: [1, 2, 3, 4] })], { cwd: dir });
    const events = parseStream(result.stdout);
    expect(events.filter((event) => event.type === 'node_complete' && event.node === 'collect')).toHaveLength(1);
    const collectAt = events.findIndex((event) => event.type === 'node_complete' && event.node === 'collect');
    const lastBranch = events.map((event) => event.type).lastIndexOf('branch_finished');
    expect(lastBranch).toBeLessThan(collectAt);
    expect(events.at(-1)).toMatchObject({ type: 'complete', state: { fanin_runs: 1, all_done: true } });
  });

  it('an empty items list goes straight to the fan-in with []', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('return {}') });
    const { state } = await runJson(dir, ['--input', '{"items": []}']);
    expect(state).toMatchObject({ parallel_results: [], results: [], collected: 0 });
  });

  it('D9: a branch over its timeout is killed and recorded as TEA records a timed-out flow', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('import time\nif state["item"] == "slow":\n    time.sleep(60)\nreturn {"ok": True}', { extra: '    timeout: 3\n' }) });
    const tag = makeTag();
    const { state } = await runJson(dir, ['--input', JSON.stringify({ items: ['fast', 'slow'] })], tag.env);
    expect(state!.results[0]).toMatchObject({ success: true, timeout: false });
    expect(state!.results[1]).toMatchObject({ success: false, timeout: true, error_type: 'TimeoutError', error: 'Flow timed out after 3s' });
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});

describe('dynamic_parallel: TEA behaviours and where we go beyond (parallel.md §3, §9)', () => {
  it('D3: a dynamic node with no route of its own goes to its fan_in, skipping list order', async () => {
    const yaml = fanOut('return {}').replace('  - name: collect', '  - name: between\n    run: |\n      return {"between_ran": True}\n  - name: collect');
    const { state } = await runJson(workflowDir({ 'wf.yaml': yaml }), ['--input', '{"items": [1]}']);
    expect(state).not.toHaveProperty('between_ran');
    expect(state!.collected).toBe(1);
  });

  it('D5: records are JSON in user code: json.dumps and | tojson work', async () => {
    const collect = 'import json\ntext = json.dumps(parallel_results)\nrendered = json.loads(\'{{ state.parallel_results | tojson }}\')\nreturn {"n": len(json.loads(text)), "m": len(rendered), "access": [r.state["item"] for r in parallel_results] + [r["state"]["item"] for r in parallel_results] + [r.get("item") for r in parallel_results]}';
    const { state } = await runJson(workflowDir({ 'wf.yaml': fanOut('return {}', { collect }) }), ['--input', '{"items": ["x", "y"]}']);
    expect(state).toMatchObject({ n: 2, m: 2, access: ['x', 'y', 'x', 'y', 'x', 'y'] });
  });

  it('D6: output: stores the records too, and parallel_results stays', async () => {
    const { state } = await runJson(workflowDir({ 'wf.yaml': fanOut('return {"v": state["item"] * 2}') }), ['--input', '{"items": [1, 2]}']);
    expect(state!.results).toEqual(state!.parallel_results);
    expect(state!.results.map((record: { state: { v: number } }) => record.state.v)).toEqual([2, 4]);
  });

  it('D7: a rendered 0 means no limit and does not hang; a negative one is a node error', async () => {
    const zero = await runJson(workflowDir({ 'wf.yaml': fanOut('return {}', { extra: '    max_concurrency: "{{ state.mc }}"\n' }) }), ['--input', '{"items": [1, 2, 3], "mc": 0}']);
    expect(zero.state!.collected).toBe(3);
    const negative = await runTea(['run', 'wf.yaml', '--input', '{"items": [1], "mc": -1}'], { cwd: workflowDir({ 'wf.yaml': fanOut('return {}', { extra: '    max_concurrency: "{{ state.mc }}"\n' }) }) });
    expect(negative.code).toBe(1);
    expect(negative.stdout).toContain("✗ Error at fan: dynamic_parallel node 'fan': max_concurrency must be positive integer, got -1\n");
  });

  it('D7: a negative literal fails the load with the node and line', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: workflowDir({ 'wf.yaml': fanOut('return {}', { extra: '    max_concurrency: -2\n' }) }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("dynamic_parallel node 'fan': max_concurrency must be positive integer, got -2");
    expect(result.stderr).toContain("at wf.yaml:2:5 [PARALLEL_SETTING] node 'fan'");
  });

  it('D8: a fail_fast template is rendered to a boolean (TEA: any string is true)', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('if state["item"] == "bad":\n    raise ValueError("x")\nreturn {"ok": True}', { extra: '    max_concurrency: 1\n    fail_fast: "{{ state.ff }}"\n' }) });
    const off = await runJson(dir, ['--input', JSON.stringify({ items: ['bad', 'b', 'c'], ff: false })]);
    expect(off.state!.results.map((record: { success: boolean }) => record.success)).toEqual([false, true, true]);
    const on = await runJson(dir, ['--input', JSON.stringify({ items: ['bad', 'b', 'c'], ff: true })]);
    expect(on.state!.results.map((record: { error: string | null }) => record.error)).toEqual(['x', 'Cancelled due to fail_fast', 'Cancelled due to fail_fast']);
  });

  it('items: a mapping iterates its keys; a string is TEA\'s error; a missing key means no branches', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('return {"k": state["item"]}') });
    const keys = await runJson(dir, ['--input', '{"items": {"p": 1, "q": 2}}']);
    expect(keys.state!.results.map((record: { state: { k: string } }) => record.state.k)).toEqual(['p', 'q']);
    const text = await runTea(['run', 'wf.yaml', '--input', '{"items": "abc"}'], { cwd: dir });
    expect(text.stdout).toContain("✗ Error at fan: dynamic_parallel node 'fan': items expression must return an iterable, got str\n");
    expect((await runJson(dir, ['--input', '{}'])).state!.parallel_results).toEqual([]);
  });

  it('max_items guards against fanning out over a list far larger than meant', async () => {
    const result = await runTea(['run', 'wf.yaml', '--input', '{"items": [1, 2, 3, 4, 5]}'], { cwd: workflowDir({ 'wf.yaml': fanOut('return {}', { extra: '    max_items: 3\n' }) }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ Error at fan: dynamic_parallel node 'fan': items has 5 elements, more than max_items (3); raise max_items on the node or in settings.parallel if this is intended\n");
  });

  it('action mode: the record state is the action result plus item and index only', async () => {
    const yaml = `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: collect
    action:
      uses: json.parse
      with: {text: "{{ state.item }}"}
      output: parsed
  - name: collect
    run: |
      return {}
`;
    const { state } = await runJson(workflowDir({ 'wf.yaml': yaml }), ['--input', JSON.stringify({ items: ['[1]', '{"a": 2}'], other: true })]);
    expect(state!.parallel_results.map((record: { state: unknown }) => record.state)).toEqual([
      { parsed: { data: [1], success: true }, item: '[1]', index: 0 },
      { parsed: { data: { a: 2 }, success: true }, item: '{"a": 2}', index: 1 },
    ]);
  });
});

describe('branch output (D12, D13)', () => {
  it('D12: lines from concurrent branches are never split or merged', async () => {
    const code = 'import sys\nfor n in range(300):\n    sys.stdout.write("branch %d line %d\\n" % (state["index"], n))\nreturn {}';
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const result = await runTea(['run', 'wf.yaml', '-q', '--input', '{"items": [0, 1, 2, 3]}'], { cwd: dir });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1200);
    for (const line of lines) expect(line).toMatch(/^\[fan#(\d) \1\] branch \1 line \d+$/);
  });

  it('D13: --stream carries branch events; a failed branch gets a ✗ line; --heartbeat lines per branch', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('if state["item"] == "bad":\n    raise ValueError("broken")\nreturn {}') });
    const streamed = await runTea(['run', 'wf.yaml', '--stream', '--input', '{"items": ["ok", "bad"]}'], { cwd: dir });
    const branchEvents = parseStream(streamed.stdout).filter((event) => String(event.type).startsWith('branch_'));
    expect(branchEvents.filter((event) => event.type === 'branch_finished')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ branch: 'fan[0]', index: 0, item: 'ok', status: 'ok' }),
        expect.objectContaining({ branch: 'fan[1]', index: 1, item: 'bad', status: 'failed', error: 'broken' }),
      ]),
    );
    const human = await runTea(['run', 'wf.yaml', '--heartbeat', '--input', '{"items": ["ok", "bad"]}'], { cwd: dir });
    expect(human.stdout).toContain('✗ Branch fan[1] failed: broken\n');
    expect(human.stderr).toMatch(/\[parallel:fan\[0\] done in \d+(\.\d)?m?s\]/);
    expect(human.stderr).toMatch(/\[parallel:fan\[1\] FAILED in \d+(\.\d)?m?s\]/);
  });
});

describe('leftovers', () => {
  it('leaves no process after a run whose branch started a background process', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('import subprocess\nsubprocess.Popen(["sleep", "60"])\nreturn {}') });
    const tag = makeTag();
    const { code } = await runJson(dir, ['--input', '{"items": [1, 2]}'], tag.env);
    expect(code).toBe(0);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
    expect(readdirSync(dir)).toContain('wf.yaml');
  });
});
