import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { runTea } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

/** Each item counts its runs in a file; `flaky` fails until the file `fixed` exists. */
const counting = `import os
path = os.path.join(state["dir"], "runs-%s" % state["item"])
n = int(open(path).read()) + 1 if os.path.exists(path) else 1
open(path, "w").write(str(n))
if state["item"] == "flaky" and not os.path.exists(os.path.join(state["dir"], "fixed")):
    raise ValueError("flaky failed")
return {"runs": n}`;

const runs = (dir: string, item: string) => Number(readFileSync(path.join(dir, `runs-${item}`), 'utf8'));

function journalLines(dir: string): Record<string, any>[] {
  const [runId] = readdirSync(path.join(dir, '.tea/runs'));
  return readFileSync(path.join(dir, '.tea/runs', runId!, 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

describe('journal and --resume (issue: own every process, fail well)', () => {
  it('writes one line per branch event with each result under .tea/runs/<run-id>/, and says how to resume', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting) });
    const result = await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['a', 'flaky', 'b'], dir })], { cwd: dir });
    expect(result.code).toBe(0);
    const [runId] = readdirSync(path.join(dir, '.tea/runs'));
    expect(result.stderr).toContain(`To rerun only the branches that did not succeed: tea run wf.yaml --resume ${runId}\n`);
    const lines = journalLines(dir);
    expect(lines[0]).toMatchObject({ type: 'run', run_id: runId, workflow_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), input: { items: ['a', 'flaky', 'b'] } });
    expect(lines.filter((line) => line.type === 'fanout')).toEqual([expect.objectContaining({ node: 'fan', occurrence: 0, branches: 3 })]);
    const finished = lines.filter((line) => line.type === 'branch_finished');
    expect(finished.map((line) => [line.index, line.status]).sort()).toEqual([
      [0, 'ok'],
      [1, 'failed'],
      [2, 'ok'],
    ]);
    expect(finished.find((line) => line.index === 0)!.state).toMatchObject({ item: 'a', runs: 1 });
    expect(lines.at(-1)).toMatchObject({ type: 'run_end', status: 'completed' });
  });

  it('--resume reruns only the branches that did not succeed and reuses the others', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting, { collect: 'return {"runs": [r.state.get("runs") for r in parallel_results]}' }) });
    await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['a', 'flaky', 'b'], dir })], { cwd: dir });
    writeFileSync(path.join(dir, 'fixed'), '');
    const [runId] = readdirSync(path.join(dir, '.tea/runs'));
    const resumed = await runTea(['run', 'wf.yaml', '--resume', runId!, '-q', '-o', '-'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).runs).toEqual([1, 2, 1]);
    expect([runs(dir, 'a'), runs(dir, 'flaky'), runs(dir, 'b')]).toEqual([1, 2, 1]);
  });

  it('--resume last finds the newest run', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting) });
    await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['flaky'], dir })], { cwd: dir });
    writeFileSync(path.join(dir, 'fixed'), '');
    const resumed = await runTea(['run', 'wf.yaml', '--resume', 'last', '-q', '-o', '-'], { cwd: dir });
    expect(JSON.parse(resumed.stdout).results[0].success).toBe(true);
  });

  it('refuses when the workflow changed since the run', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting) });
    await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['flaky'], dir })], { cwd: dir });
    writeFileSync(path.join(dir, 'wf.yaml'), `${readFileSync(path.join(dir, 'wf.yaml'), 'utf8')}# edited\n`);
    const resumed = await runTea(['run', 'wf.yaml', '--resume', 'last'], { cwd: dir });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/^Error: Cannot resume run \S+: wf\.yaml changed since that run \(it was [0-9a-f]{12}, now [0-9a-f]{12}\); start a new run instead\n$/);
  });

  it('refuses when the items changed since the run', async () => {
    const prepare = '  - name: prepare\n    run: |\n      import json\n      return {"items": json.load(open(state["dir"] + "/items.json"))}\n';
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting, { before: prepare }), 'items.json': '["flaky", "a"]' });
    await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ dir })], { cwd: dir });
    writeFileSync(path.join(dir, 'items.json'), '["flaky", "c"]');
    const resumed = await runTea(['run', 'wf.yaml', '--resume', 'last'], { cwd: dir });
    expect(resumed.code).toBe(1);
    expect(resumed.stdout).toContain("✗ Error at fan: Cannot resume run");
    expect(resumed.stdout).toContain("the items of 'fan' are not the ones that run had");
  });

  it('--no-journal writes nothing; a run without fan-outs writes nothing', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(counting), 'plain.yaml': 'nodes:\n  - name: a\n    run: |\n      return {}\n' });
    await runTea(['run', 'wf.yaml', '--no-journal', '--input', JSON.stringify({ items: ['a'], dir })], { cwd: dir });
    await runTea(['run', 'plain.yaml'], { cwd: dir });
    expect(readdirSync(dir)).not.toContain('.tea');
  });
});
