import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesSandbox } from '../helpers/examples.js';
import { repoRoot, runTea, tempDir } from '../helpers/run-cli.js';
import { block, workflowDir } from '../helpers/workflow-dir.js';

const counter = path.join(repoRoot, 'test/fixtures/programs/count-spawns.cjs');

/** Runs tea with every process start (its own and its children's) logged; returns the log lines. */
async function countingProcesses(args: string[], cwd: string) {
  const log = path.join(tempDir(), 'spawns.log');
  const result = await runTea(args, { cwd, env: { NODE_OPTIONS: `--require ${counter}`, TEA_SPAWN_LOG: log } });
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  return { result, processes: lines.filter((line) => line.startsWith('process ')), spawns: lines.filter((line) => !line.startsWith('process ')) };
}

const firstFanOut = `settings:
  parallel:
    timeout: 30
    termseq: TERM,500,KILL,1000
nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    item_var: file
    max_concurrency: 2
    on_failure: drain
    max_failures: 2
    retry_policy: {max_retries: 3, base_delay: 0.5, retry_on: [timeout, "exit:3"]}
    fan_in: collect
    steps:
      - name: work
        run: |
${block('print(state["file"])\nreturn {}', 10)}
  - name: collect
    run: |
      return {"n": len(parallel_results)}
`;

describe('tea run --dry-run', () => {
  it('starts no process at all: no branch child, no Python worker (counted); a real run of the same file does', async () => {
    const dir = workflowDir({ 'wf.yaml': firstFanOut });
    const args = ['run', 'wf.yaml', '--input', '{"items": ["a.txt", "b.txt", "c.txt"]}'];
    const dry = await countingProcesses([...args, '--dry-run'], dir);
    expect(dry.result.code).toBe(0);
    expect(dry.processes).toHaveLength(1); // tea itself
    expect(dry.spawns).toEqual([]);
    const real = await countingProcesses(args, dir);
    expect(real.result.code).toBe(0);
    expect(real.processes.length).toBeGreaterThanOrEqual(4); // tea and three branch children
    expect(real.spawns.length).toBeGreaterThanOrEqual(4); // three children and at least one Python worker
  });

  it('a fan-out that only sees the input: its items, concurrency, strategy, policy and the exact child command', async () => {
    const dir = workflowDir({ 'wf.yaml': firstFanOut });
    const result = await runTea(['run', 'wf.yaml', '--dry-run', '--input', '{"items": ["a.txt", "b.txt", "c.txt"]}'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      `Dry run of wf.yaml: the plan, nothing is executed.

 1. fan  dynamic_parallel
      fan-out:       dynamic: one branch per item, joined at collect
      items:         {{ state.items }}
                     3 items from the input state:
                       [0] a.txt
                       [1] b.txt
                       [2] c.txt
      item, index:   file, index
      body:          steps: work (run (python))
      strategy:      process
      concurrency:   2
      on failure:    drain after 2 failure(s)
      timeouts:      30.0s per attempt
      retries:       3, backoff 500ms × 2^n up to 1m 0s ±10%, on timeout, exit:3
      kill sequence: TERM 500ms → KILL 1.0s
      child:         ${process.execPath} ${repoRoot}/bin/tea.js run ${dir}/wf.yaml --branch fan --input - --output - --quiet --events-fd 3 --watch-fd 4
                     (one per item; branch state in on stdin, final state out on stdout)
      → collect (join: after every branch)
 2. collect  run (python)
      → __end__
`,
    );
  });

  it('items that depend on earlier nodes are shown as an expression evaluated at run time; --strategy inline has no child command', async () => {
    const cwd = examplesSandbox();
    const result = await runTea(['run', 'quick-dynamic-parallel.yaml', '--dry-run', '--strategy', 'inline'], { cwd });
    expect(result.stdout).toContain('      items:         {{ state.items }}\n                     evaluated at run time: earlier nodes may change the state\n');
    expect(result.stdout).toContain('      concurrency:   3\n');
    expect(result.stdout).toContain('      strategy:      inline\n');
    expect(result.stdout).toContain('      child:         none: branches run inside this process (inline)\n');
    expect(result.stdout).toMatch(/^ 1\. setup {2}run \(python\)\n {6}→ process_all\n 2\. process_all {2}dynamic_parallel\n/m);
  });

  it('static fan-outs: every branch with its own --entry-point, conditions decided at run time, where each branch ends', async () => {
    const cwd = examplesSandbox();
    const result = await runTea(['run', 'static-parallel-fan-in.yaml', '--dry-run'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('      fan-out:       static: 3 branches, joined at aggregate\n                       [0] analyze_sentiment … until aggregate\n');
    for (const start of ['analyze_sentiment', 'extract_entities', 'summarize']) expect(result.stdout).toContain(`--entry-point ${start} --exit-point aggregate --input - --output - --quiet`);
    expect(result.stdout).toContain('      on failure:    a failed branch fails the run (D2)\n');
    expect(result.stdout).toContain(' 2. analyze_sentiment  run (python)\n      → aggregate (branch ends before extract_entities)\n');
    const conditional = workflowDir({
      'wf.yaml': 'nodes:\n  - name: p\n    run: "// js\\nreturn {};"\n  - name: a\n    run: "// js\\nreturn {};"\n  - name: j\n    run: "// js\\nreturn {};"\nedges:\n  - {from: p, to: a, parallel: true, fan_in: j, when: "state.go"}\n  - {from: a, to: j}\n',
    });
    expect((await runTea(['run', 'wf.yaml', '--dry-run'], { cwd: conditional })).stdout).toContain('[0] a … until j  (when state.go, decided at run time)\n');
  });

  it('an items expression that cannot work is reported, not run', async () => {
    const dir = workflowDir({ 'wf.yaml': firstFanOut });
    const result = await runTea(['run', 'wf.yaml', '--dry-run', '--input', '{"items": "a string"}'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("      problem:       dynamic_parallel node 'fan': items expression must return an iterable, got str (the run would fail here)\n");
  });
});
