import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { outcomeOfChild, superviseChild } from '../../src/parallel/strategies/branch-process.js';
import { defaultTermSequence } from '../../src/process/kill-sequence.js';
import type { TeaEvent } from '../../src/observe/events.js';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { runTea } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

/** A stand-in child speaking (or breaking) the branch protocol. */
async function fakeChild(script: string) {
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
  const events: TeaEvent[] = [];
  const signal = new AbortController().signal;
  const end = await superviseChild(child, { ref: { node: 'fan', index: 0, name: 'fan[0]' }, state: { x: 1 }, emit: (event) => events.push(event), signal, termSequence: defaultTermSequence });
  return outcomeOfChild(end, signal);
}

describe('a branch child that breaks the protocol (issue: bad input)', () => {
  it('exits 0 with nothing on stdout', async () => {
    expect(await fakeChild('process.stdin.resume(); process.stdin.on("end", () => process.exit(0))')).toMatchObject({
      status: 'failed',
      error: 'Branch process exited 0 without printing its final state on stdout',
    });
  });

  it('prints something other than a JSON object on stdout', async () => {
    expect(await fakeChild('process.stdout.write("hello\\n")')).toMatchObject({
      status: 'failed',
      error: 'Branch process printed something other than a JSON state on stdout: hello',
    });
  });

  it('dies by a signal', async () => {
    expect(await fakeChild('process.kill(process.pid, "SIGKILL")')).toMatchObject({ status: 'failed', error: 'Branch process killed by SIGKILL', signal: 'SIGKILL' });
  });

  it('reads its state from stdin, however large', async () => {
    const outcome = await fakeChild('let t = ""; process.stdin.on("data", (c) => (t += c)); process.stdin.on("end", () => process.stdout.write(JSON.stringify({ got: JSON.parse(t).x })));');
    expect(outcome).toMatchObject({ status: 'ok', state: { got: 1 } });
  });
});

describe('bad workflows and inputs fail before anything runs', () => {
  const parent = (subgraph: string) =>
    `nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1]\n    fan_in: done\n    subgraph: ${subgraph}\n  - name: done\n    run: |\n      return {}\n`;

  it('a subgraph that does not exist: the node and its line', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: workflowDir({ 'wf.yaml': parent('sub/missing.yaml') }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Error loading workflow: Subgraph not found: sub\/missing\.yaml \(looked for \S+sub\/missing\.yaml\)\n {2}at wf\.yaml:2:5 node 'fan'\n$/);
  });

  it('a subgraph that does not parse: its own error inside ours', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: workflowDir({ 'wf.yaml': parent('child.yaml'), 'child.yaml': 'nodes:\n  - name: a\n    goto: nowhere\n' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error loading workflow: Failed to load subgraph 'child.yaml': Workflow validation failed: [GOTO_UNDEFINED] Node 'a' has goto to non-existent node 'nowhere'");
  });

  it('a state far over 128 KiB travels on stdin to every branch, never in the environment', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('import os\nreturn {"size": len(state["big"]), "in_env": any(len(v) > 100000 for v in os.environ.values())}') });
    const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', '-'], { cwd: dir, input: JSON.stringify({ items: [1, 2], big }) });
    const state = JSON.parse(result.stdout);
    expect(state.results.map((record: { state: { size: number; in_env: boolean } }) => [record.state.size, record.state.in_env])).toEqual([
      [big.length, false],
      [big.length, false],
    ]);
  });
});
