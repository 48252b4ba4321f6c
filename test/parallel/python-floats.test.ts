// TEA prints its final state with json.dumps, so a Python float keeps its `.0` (core.md §4.2),
// and a float stays a float from node to node and into and out of branches.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTea } from '../helpers/run-cli.js';
import { block, inTemp, workflowDir } from '../helpers/workflow-dir.js';

/** Nodes of a one-item dynamic fan-out whose step runs `step`, joined by `done` running `join`. */
const oneItemFanOut = (step: string, join: string) => `  - name: fan
    type: dynamic_parallel
    items: "{{ [1] }}"
    fan_in: done
    steps:
      - run: |
${block(step, 10)}
  - name: done
    run: |
${block(join, 6)}
`;

const workflow = `nodes:
  - name: a
    run: |
      return {"avg": 4 / 2, "n": 3, "xs": [1.0, 2, 2.5], "d": {"f": 10.0}}
  - name: b
    run: |
      print(state["avg"], type(state["avg"]).__name__, state["xs"], state["d"], state["given"])
      return {"third": state["n"] / 3}
  - name: fan
    type: dynamic_parallel
    items: "{{ state.xs }}"
    fan_in: done
    steps:
      - run: |
          return {"sq": state["item"] * state["item"], "was": state["avg"]}
  - name: done
    run: |
      return {"sqs": [r.state["sq"] for r in parallel_results], "items": [r["state"]["item"] for r in parallel_results]}
`;

describe('integral Python floats (2.0) through a run', () => {
  for (const strategy of ['process', 'pool', 'inline']) {
    it(`stay floats across nodes and branches, and print with .0 (${strategy})`, async () => {
      const cwd = inTemp(workflow);
      const result = await runTea(['run', 'wf.yaml', '--strategy', strategy, '--input', '{"given": 7.0}', '--output', 'final.json'], { cwd });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('2.0 float [1.0, 2, 2.5] {\'f\': 10.0} 7.0\n');
      const finalLine = result.stdout.slice(result.stdout.indexOf('Final state: '));
      for (const text of ['"avg": 2.0', '"given": 7.0', '"f": 10.0', '"third": 1.0', '"was": 2.0']) expect(finalLine).toContain(text);
      expect(finalLine.replace(/\s+/g, '')).toContain('"sqs":[1.0,4,6.25],"items":[1.0,2,2.5]');
      expect(finalLine).toContain('"n": 3,');
      expect(readFileSync(path.join(cwd, 'final.json'), 'utf8')).toBe(finalLine.slice('Final state: '.length).trimEnd());
    });
  }

  it('--fail-on-state compares with Python str() of the float', async () => {
    const cwd = inTemp('nodes:\n  - name: a\n    run: |\n      return {"score": 1.0}\n');
    expect((await runTea(['run', 'wf.yaml', '-q', '--fail-on-state', 'score=1.0'], { cwd })).code).toBe(1);
    expect((await runTea(['run', 'wf.yaml', '-q', '--fail-on-state', 'score=1'], { cwd })).code).toBe(0);
  });

  it('floats written in YAML (variables, initial_state, an --input file) are floats too', async () => {
    const cwd = workflowDir({
      'wf.yaml': `variables:
  rate: 1.0
initial_state:
  base: 3.0
  counts: [1.0, 2]
nodes:
${oneItemFanOut('return {"seen": [variables["rate"], state["base"], state["extra"], type(state["counts"][0]).__name__]}', 'return {"seen": parallel_results[0].state["seen"]}')}`,
      'in.yaml': 'extra: 5.0\n',
    });
    const result = await runTea(['run', 'wf.yaml', '--input', '@in.yaml', '-q', '--output', '-'], { cwd });
    const text = result.stdout.replace(/\s+/g, '');
    expect(text).toContain('"base":3.0,"counts":[1.0,2],"extra":5.0');
    expect(text).toContain('"seen":[1.0,3.0,5.0,"float"]}');
  });

  it('NaN and Infinity pass between nodes and through branches, and print as json.dumps writes them', async () => {
    const cwd = inTemp(`nodes:
  - name: a
    run: |
      return {"x": float("nan"), "y": float("inf")}
${oneItemFanOut('import math\nreturn {"checked": math.isnan(state["x"]) and state["y"] == math.inf}', 'return {"checked": parallel_results[0].state["checked"], "label": "{{ state.x }}"}')}`);
    const result = await runTea(['run', 'wf.yaml', '-q', '--output', '-'], { cwd });
    expect(result.code).toBe(0);
    const text = result.stdout.replace(/\s+/g, '');
    expect(text).toMatch(/^\{"x":NaN,"y":Infinity,/);
    expect(text).toContain('"checked":true,"label":"nan"}');
  });
});

