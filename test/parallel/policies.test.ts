import { describe, expect, it } from 'vitest';
import { parseStream } from '../helpers/examples.js';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { makeTag, waitForNoTagged } from '../helpers/leftovers.js';
import { runTea } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

type Record_ = { success: boolean; error: string | null; state: Record<string, unknown>; timeout: boolean; retry_count: number; attempt_errors: unknown[] };

async function run(yaml: string, input: Record<string, unknown>, env: Record<string, string> = {}) {
  const dir = workflowDir({ 'wf.yaml': yaml });
  const result = await runTea(['run', 'wf.yaml', '--stream', '--input', JSON.stringify({ ...input, dir })], { cwd: dir, env });
  const events = parseStream(result.stdout);
  const complete = events.find((event) => event.type === 'complete') as { state: { results: Record_[] } } | undefined;
  return { result, events, records: complete?.state.results ?? [], dir };
}

/** Python that fails until it has run `times` times for this item (counted in a file). */
const failTimes = (times: number) => `import os
path = os.path.join(state["dir"], "attempts-%s" % state["item"])
n = int(open(path).read()) + 1 if os.path.exists(path) else 1
open(path, "w").write(str(n))
if n <= ${times}:
    raise ValueError("attempt %d failed" % n)
return {"attempts": n}`;

describe('retries (TEA retry_policy names, parallel.md §6)', () => {
  it('retries with backoff until the branch succeeds; one record, attempts counted', async () => {
    const { records, events } = await run(fanOutYaml(failTimes(2), { extra: '    retry_policy: {max_retries: 3, base_delay: 0.01}\n' }), { items: ['x'] });
    expect(records[0]).toMatchObject({ success: true, state: { attempts: 3 }, retry_count: 2 });
    expect(records[0]!.attempt_errors).toEqual([
      { attempt: 1, error: 'attempt 1 failed', error_type: 'ValueError' },
      { attempt: 2, error: 'attempt 2 failed', error_type: 'ValueError' },
    ]);
    expect(events.filter((event) => event.type === 'branch_retried').map((event) => event.attempt)).toEqual([2, 3]);
    expect(events.filter((event) => event.type === 'branch_finished')).toHaveLength(1);
  });

  it("exhausted retries end with TEA's text and every attempt's error", async () => {
    const { records } = await run(fanOutYaml(failTimes(10), { extra: '    retry_policy: {max_retries: 2, base_delay: 0.01}\n' }), { items: ['x'] });
    expect(records[0]).toMatchObject({ success: false, error: "All 3 attempts exhausted for branch 'fan[0]'", retry_count: 2 });
    expect(records[0]!.attempt_errors).toHaveLength(3);
  });

  it('retry_on limits what is retried (a ValueError is not a timeout)', async () => {
    const { records } = await run(fanOutYaml(failTimes(1), { extra: '    retry_policy: {max_retries: 3, base_delay: 0.01, retry_on: [timeout]}\n' }), { items: ['x'] });
    expect(records[0]).toMatchObject({ success: false, error: 'attempt 1 failed', retry_count: 0 });
  });

  it('timeout_total ends a branch across its retries, with the kill sequence', async () => {
    const tag = makeTag();
    const { records } = await run(
      fanOutYaml('import time\ntime.sleep(60)', { extra: '    timeout: 1.5\n    timeout_total: 2.5\n    retry_policy: {max_retries: 5, base_delay: 0.01, retry_on: [timeout]}\n' }),
      { items: ['x'] },
      tag.env,
    );
    expect(records[0]).toMatchObject({ success: false, timeout: true, error: 'Flow timed out after 2.5s', retry_count: 1 });
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});

describe('failure policies (docs/parallel.md, "What a failure does")', () => {
  // `slow` finishes only once the parent has recorded `bad`'s failure in its journal, so the
  // policy has acted by then: with drain it finishes, with fail_fast it is killed first.
  const policyCode = `import glob, os, time
item = state["item"]
if item == "slow":
    open(os.path.join(state["dir"], "slow-started"), "w").close()
    while not any('"status":"failed"' in open(f).read() for f in glob.glob(os.path.join(state["dir"], ".tea/runs/*/journal.jsonl"))):
        time.sleep(0.01)
if item == "bad":
    while not os.path.exists(os.path.join(state["dir"], "slow-started")):
        time.sleep(0.01)
    raise ValueError("bad item")
return {"ok": item}`;
  const items = ['slow', 'bad', 'later1', 'later2'];

  it('continue (default): every branch runs; failures are records', async () => {
    const { records } = await run(fanOutYaml(policyCode, { extra: '    max_concurrency: 2\n' }), { items });
    expect(records.map((record) => record.success)).toEqual([true, false, true, true]);
  });

  it('drain: the running branch finishes, nothing new starts, finished results stay', async () => {
    const { records } = await run(fanOutYaml(policyCode, { extra: '    max_concurrency: 2\n    on_failure: drain\n' }), { items });
    expect(records.map((record) => record.success)).toEqual([true, false, false, false]);
    expect(records[0]!.state).toMatchObject({ ok: 'slow' });
    expect(records[2]).toMatchObject({ error: 'Not started: on_failure drain stopped new branches', state: {} });
  });

  it('fail_fast: the running branch is killed, nothing new starts', async () => {
    const code = policyCode;
    const { records } = await run(fanOutYaml(code, { extra: '    max_concurrency: 2\n    on_failure: fail_fast\n' }), { items });
    expect(records.map((record) => record.error)).toEqual(['Cancelled due to fail_fast', 'bad item', 'Cancelled due to fail_fast', 'Cancelled due to fail_fast']);
    expect(records[0]!.state).toEqual({ item: 'slow', index: 0 });
  });

  it('max_failures: N tolerates N-1 failures before the policy acts', async () => {
    const code = 'if state["item"].startswith("bad"):\n    raise ValueError(state["item"])\nreturn {}';
    const { records } = await run(fanOutYaml(code, { extra: '    max_concurrency: 1\n    on_failure: fail_fast\n    max_failures: 2\n' }), { items: ['bad1', 'ok1', 'bad2', 'ok2'] });
    expect(records.map((record) => record.error)).toEqual(['bad1', null, 'bad2', 'Cancelled due to fail_fast']);
  });

  it('max_failures: "50%" counts against the number of items', async () => {
    const code = 'if state["item"].startswith("bad"):\n    raise ValueError(state["item"])\nreturn {}';
    const { records } = await run(fanOutYaml(code, { extra: '    max_concurrency: 1\n    on_failure: drain\n    max_failures: "50%"\n' }), { items: ['bad1', 'ok1', 'bad2', 'ok2'] });
    expect(records.map((record) => record.success)).toEqual([false, true, false, false]);
    expect(records[3]!.error).toBe('Not started: on_failure drain stopped new branches');
  });

  it('allow_failure: an allowed item failing does not trigger the policy', async () => {
    const code = 'if state["item"] == "optional":\n    raise ValueError("optional failed")\nreturn {}';
    const { records } = await run(
      fanOutYaml(code, { extra: '    max_concurrency: 1\n    fail_fast: true\n    allow_failure: "{{ state.item == \'optional\' }}"\n' }),
      { items: ['optional', 'a', 'b'] },
    );
    expect(records.map((record) => record.success)).toEqual([false, true, true]);
  });

  it('deadline: the whole node stops when it passes; running and queued records say timeout', async () => {
    const tag = makeTag();
    const { records } = await run(fanOutYaml('import time\ntime.sleep(60)', { extra: '    max_concurrency: 1\n    deadline: 2\n' }), { items: ['a', 'b'] }, tag.env);
    expect(records.map((record) => [record.timeout, record.error])).toEqual([
      [true, 'Flow timed out after 2s'],
      [true, 'Flow timed out after 2s'],
    ]);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});

describe('bad policy values', () => {
  it('names the node, the key and the value', async () => {
    const { result } = await run(fanOutYaml('return {}', { extra: '    on_failure: explode\n' }), { items: [1] });
    expect(result.code).toBe(1);
    expect(parseStream(result.stdout).at(-1)).toMatchObject({
      type: 'error',
      node: 'fan',
      error: "Node 'fan': expected `on_failure` to be one of fail_fast, drain, continue, got `\"explode\"` (string)",
    });
  });
});

describe('--termseq (GNU parallel\'s form)', () => {
  it('chooses the signals that stop a branch', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('import time\ntime.sleep(60)', { extra: '    timeout: 1\n' }) });
    const result = await runTea(['run', 'wf.yaml', '--stream', '--termseq', 'INT,500,KILL,25', '--input', '{"items": [1]}'], { cwd: dir });
    const killed = parseStream(result.stdout).find((event) => event.type === 'branch_killed');
    expect(killed).toMatchObject({ signal: 'SIGINT', reason: 'Flow timed out after 1s' });
  });

  it('refuses a malformed sequence', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('return {}') });
    const result = await runTea(['run', 'wf.yaml', '--termseq', 'TERM,soon'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stderr: "Error: Invalid --termseq: Invalid wait 'soon' in termseq 'TERM,soon'\n" });
  });
});
