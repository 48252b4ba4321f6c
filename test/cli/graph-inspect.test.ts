import { describe, expect, it } from 'vitest';
import { examplesSandbox } from '../helpers/examples.js';
import { runTea } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

describe('tea graph', () => {
  const cwd = examplesSandbox();

  it('mermaid (the default): a dynamic fan-out, its per-item branches and the fan-in they join', async () => {
    const result = await runTea(['graph', 'quick-dynamic-parallel.yaml'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`flowchart TD
  n0(["START"])
  n1["setup<br/><small>run (python)</small>"]
  n2{{"process_all<br/><small>dynamic_parallel, max 3</small>"}}
  n3[["each task_id<br/><small>steps: process_item (run (python))</small>"]]
  n4[/"collect_results<br/><small>run (python), fan-in</small>"\\]
  n5(["END"])
  n0 --> n1
  n1 --> n2
  n2 -.->|"items: {{ state.items }}"| n3
  n3 ==>|"parallel_results"| n4
  n4 --> n5
`);
  });

  it('dot: static branches dashed from the fan-out, the join bold; both spellings of a parallel edge (D23)', async () => {
    for (const file of ['static-parallel-type-parallel.yaml', 'static-parallel-fan-in.yaml']) {
      const result = await runTea(['graph', file, '--format', 'dot'], { cwd });
      expect(result.code).toBe(0);
      for (const branch of ['analyze_sentiment', 'extract_entities', 'summarize']) expect(result.stdout).toContain(`  "prepare" -> "${branch}" [style=dashed];\n`);
      expect(result.stdout).toContain('  "prepare" -> "aggregate" [style=bold, label="join"];\n');
      expect(result.stdout).toContain('  "aggregate" [label="aggregate\\nrun (python), fan-in", shape=invhouse];\n');
    }
  });

  it('ascii: where each node goes, conditions included; a parallel: true branch ends before its sibling', async () => {
    const result = await runTea(['graph', 'static-parallel-fan-in.yaml', '-f', 'ascii'], { cwd });
    expect(result.stdout).toContain('prepare  [run (python)]\n  ..> analyze_sentiment  (parallel branch)\n  ..> extract_entities  (parallel branch)\n  ..> summarize  (parallel branch)\n  ==> aggregate  [join]\n');
    expect(result.stdout).toContain('analyze_sentiment  [run (python)]\n  ==> aggregate  [branch ends before extract_entities]\n');
    const dir = workflowDir({
      'wf.yaml': 'nodes:\n  - name: a\n    run: "// js\\nreturn {};"\n    goto:\n      - {if: "state.x > 1", to: b}\n      - {to: __end__}\n  - name: b\n    uses: json.parse\n',
    });
    const goto = await runTea(['graph', 'wf.yaml', '-f', 'ascii'], { cwd: dir });
    expect(goto.stdout).toContain('a  [run (javascript)]\n  --> b  [if state.x > 1]\n  --> (END)\nb  [uses json.parse]\n  --> (END)\n');
  });

  it('an invalid workflow is reported as tea run reports it', async () => {
    const dir = workflowDir({ 'wf.yaml': 'nodes:\n  - name: a\n    goto: nowhere\n' });
    const result = await runTea(['graph', 'wf.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error loading workflow: Workflow validation failed: [GOTO_UNDEFINED]');
  });
});

const mixed = `name: mixed-flow
description: One of each
variables: {limit: 3}
nodes:
  - name: py
    run: |
      return {}
  - name: js
    run: |
      // js
      return {};
  - name: lua
    run:
      type: lua
      code: return {}
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: join
    steps:
      - run: |
          return {}
  - name: act
    uses: json.parse
    retry: 2
  - name: join
    run: |
      return {}
edges:
  - {from: py, to: js, when: "state.go"}
  - {from: js, to: lua, parallel: true, fan_in: join}
  - {from: lua, to: fan, type: parallel, fan_in: join}
`;

describe('tea inspect (core.md §4.7, without TEA\'s bugs)', () => {
  it('text: every node with the language it really runs (not "(lua)"), and parallel: true edges do not crash it', async () => {
    const dir = workflowDir({ 'wf.yaml': mixed });
    const result = await runTea(['inspect', 'wf.yaml'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`Workflow: mixed-flow
Description: One of each

Nodes (6):
  py (python)
  js (javascript)
  lua (lua)
  fan (dynamic_parallel, fan_in: join)
  act [json.parse] (retry)
  join (python)

Edges (3):
  py -> js [when: state.go]
  js -> lua [parallel, fan_in: join]
  lua -> fan [parallel, fan_in: join]

Variables:
  limit: 3
`);
  });

  it('json: the YAML as Python\'s json.dumps(indent=2) prints it', async () => {
    const dir = workflowDir({ 'wf.yaml': 'name: x\nnodes:\n  - name: a\n    run: "print(\'h\u00e9\')"\n    flag: yes\n' });
    const result = await runTea(['inspect', 'wf.yaml', '-f', 'json'], { cwd: dir });
    expect(result.stdout).toBe('{\n  "name": "x",\n  "nodes": [\n    {\n      "name": "a",\n      "run": "print(\'h\\u00e9\')",\n      "flag": true\n    }\n  ]\n}\n');
  });

  it('dot: TEA\'s digraph of the raw edges, parallel ones dashed with their fan-in', async () => {
    const dir = workflowDir({ 'wf.yaml': mixed });
    const result = await runTea(['inspect', 'wf.yaml', '--format', 'dot'], { cwd: dir });
    expect(result.stdout).toContain('digraph mixed_flow {\n  rankdir=TB;\n  node [shape=box];\n\n  "__start__" [label="START", shape=ellipse];\n  "__end__" [label="END", shape=ellipse];\n\n');
    expect(result.stdout).toContain('  "js" [label="js\\n(javascript)"];\n');
    expect(result.stdout).toContain('  "act" [label="act\\n[json.parse]"];\n');
    expect(result.stdout).toContain('  "py" -> "js" [label="when: state.go"];\n');
    expect(result.stdout).toContain('  "js" -> "lua" [style=dashed, label="fan_in: join"];\n');
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('a missing file and invalid YAML', async () => {
    const dir = workflowDir({ 'bad.yaml': 'a: b: c\n' });
    expect(await runTea(['inspect', 'nope.yaml'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'Error: File not found: nope.yaml\n' });
    const invalid = await runTea(['inspect', 'bad.yaml'], { cwd: dir });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^Error: Invalid YAML syntax: mapping values are not allowed here/);
  });
});
