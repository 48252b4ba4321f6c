import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { stampEvent } from '../../src/observe/event-time.js';
import { StreamRecords } from '../../src/observe/stream-records.js';
import { repoRoot, runTea } from '../helpers/run-cli.js';
import { block, workflowDir } from '../helpers/workflow-dir.js';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'docs/events.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);

/** Every line parses and matches docs/events.schema.json; returns the records. */
function checkLines(text: string): Record<string, unknown>[] {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    if (!validate(record)) throw new Error(`${line}\n${JSON.stringify(validate.errors, null, 2)}`);
    return record;
  });
}

const retrying = `nodes:
  - name: prep
    run: |
${block('import sys\nprint("prep says hi")\nsys.stdout.write("no newline")\nreturn {}', 6)}
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: collect
    retry_policy: {max_retries: 1, base_delay: 0.01, retry_on: [RuntimeError]}
    steps:
      - name: work
        run: |
${block(`import os, sys
print("working on", state["item"])
print("to stderr", file=sys.stderr)
marker = os.path.join(state["dir"], "flaky-once")
if state["item"] == "flaky" and not os.path.exists(marker):
    open(marker, "w").close()
    raise RuntimeError("first attempt fails")
if state["item"] == "bad":
    raise ValueError("broken")
return {}`, 10)}
  - name: collect
    run: |
      return {"n": len(parallel_results)}
`;

const killing = `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fail_fast: true
    fan_in: collect
    steps:
      - name: work
        run: |
${block('import time\nif state["item"] == "bad":\n    raise ValueError("broken")\ntime.sleep(60)\nreturn {}', 10)}
  - name: collect
    run: |
      return {}
`;

const staticFan = `nodes:
  - name: prepare
    run: |
      return {"x": 1}
  - name: a
    run: |
      print("in a")
      return {"a": 1}
  - name: b
    run: |
      return {"b": 1}
  - name: join
    run: |
      return {"n": len(parallel_results)}
  - name: boom
    run: |
      raise ValueError("after the join")
edges:
  - {from: prepare, to: a, parallel: true, fan_in: join}
  - {from: prepare, to: b, parallel: true, fan_in: join}
  - {from: join, to: boom}
`;

describe('--stream NDJSON: the documented schema (docs/events.md)', () => {
  it('every stdout line is a record of the schema, through retries, failures, kills, static fan-outs and errors; the trace file too', async () => {
    const dir = workflowDir({ 'retrying.yaml': retrying, 'killing.yaml': killing, 'static.yaml': staticFan });
    const runs = await Promise.all([
      runTea(['run', 'retrying.yaml', '--stream', '--trace-file', 'trace.jsonl', '--input', JSON.stringify({ items: ['ok', 'flaky', 'bad'], dir })], { cwd: dir }),
      runTea(['run', 'killing.yaml', '--stream', '--input', '{"items": ["bad", "slow"]}'], { cwd: dir }),
      runTea(['run', 'static.yaml', '--stream'], { cwd: dir }),
    ]);
    const records = runs.flatMap((run) => checkLines(run.stdout));
    const trace = checkLines(readFileSync(path.join(dir, 'trace.jsonl'), 'utf8'));
    const types = new Set([...records, ...trace].map((record) => record.type));
    for (const type of ['start', 'node_complete', 'complete', 'error', 'output', 'fanout', 'fanin', 'branch_queued', 'branch_started', 'branch_retried', 'branch_killed', 'branch_finished', 'node_start']) {
      expect(types, type).toContain(type);
    }
    // What blocks print is in output records, never raw on stdout; stderr stays stderr.
    const [retried] = runs;
    expect(records).toContainEqual(expect.objectContaining({ type: 'output', node: 'prep', stream: 'stdout', text: 'prep says hi\n' }));
    expect(records).toContainEqual(expect.objectContaining({ type: 'output', stream: 'stderr', text: 'to stderr\n', branch: 'fan[0]', item: 'ok' }));
    expect(retried!.stderr).not.toContain('working on');
    const flaky = checkLines(retried!.stdout).filter((record) => record.branch === 'fan[1]' && String(record.type).startsWith('branch_'));
    expect(flaky.map((record) => record.type)).toEqual(['branch_queued', 'branch_started', 'branch_retried', 'branch_started', 'branch_finished']);
    expect(flaky.at(-1)).toMatchObject({ status: 'ok', attempts: 2, fanout_id: 1, branch_id: '1.1', index: 1, item: 'flaky' });
    expect(records).toContainEqual(expect.objectContaining({ type: 'branch_finished', item: 'bad', status: 'failed', error: 'broken', attempts: 1, exit_code: 1 }));
    expect(records).toContainEqual(expect.objectContaining({ type: 'branch_killed', item: 'slow', signal: 'SIGTERM' }));
    // The trace file holds the same run plus node_start records.
    expect(trace.filter((record) => record.type !== 'node_start').map((record) => record.type)).toEqual(
      checkLines(retried!.stdout).map((record) => record.type),
    );
  });

  it("tea resume's first record (resume, instead of start) matches the schema", () => {
    const record = new StreamRecords({ file: 'wf.yaml', resumedFrom: 'cps/a_1.json' }).toRecord({ type: 'run_start', workflow: 'wf.yaml', state: {} });
    expect(record).toMatchObject({ type: 'resume', workflow: 'wf.yaml', checkpoint: 'cps/a_1.json' });
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
  });

  it('records carry the time their event was emitted, not the time they were written', () => {
    const records = new StreamRecords({ file: 'wf.yaml', clock: () => new Date('2030-01-01T00:00:00Z'), now: () => 0 });
    const emitted = Date.parse('2026-12-01T10:00:00.250Z');
    const fanout = stampEvent({ type: 'fanout', node: 'fan', branches: 1, strategy: 'process', maxConcurrency: 4 } as const, emitted);
    const queued = stampEvent({ type: 'branch_queued', branch: { node: 'fan', index: 0, name: 'fan[0]' } } as const, emitted + 40);
    records.toRecord(fanout);
    expect(records.toRecord(queued)).toMatchObject({ timestamp: '2026-12-01T10:00:00.290000+00:00', elapsed_ms: 40 });
    expect(records.toRecord({ type: 'node_start', node: 'x' })).toBeUndefined();
    // An event nobody stamped (made outside a run) gets the writer's clock.
    expect(records.toRecord({ type: 'output', node: 'x', stream: 'stdout', text: 'hi\n' })?.timestamp).toMatch(/^2030-01-01T00:00:00/);
  });

  it('log records (trace files) match the schema too', () => {
    const records = new StreamRecords({ file: 'wf.yaml', trace: true });
    const branch = { node: 'fan', index: 0, name: 'fan[0]', label: 'x' };
    for (const event of [
      { type: 'fanout', node: 'fan', branches: 1, strategy: 'process', maxConcurrency: Infinity },
      { type: 'log', level: 'warning', message: 'careful', branch },
      { type: 'log', level: 'info', message: 'plain' },
    ] as const) {
      const record = records.toRecord(event);
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
