import { describe, expect, it } from 'vitest';
import { loadWorkflowFromText } from '../../src/spec/load-text.js';
import { WorkflowInvalidError } from '../../src/spec/workflow-invalid-error.js';
import { validateDocument } from '../../src/spec/validate/index.js';
import { parseYaml } from '../../src/spec/yaml-document.js';
import { isTeaError } from '../../src/errors.js';

function findings(yaml: string, strict = false) {
  const parsed = parseYaml(yaml);
  return validateDocument(parsed.value, parsed.positionOf, { strict });
}

function loadError(yaml: string): WorkflowInvalidError | Error {
  try {
    loadWorkflowFromText(yaml, 'wf.yaml');
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the load to fail');
}

describe('validation findings name the code, node and position', () => {
  it('reports a missing nodes key as MISSING_FIELD', () => {
    expect(findings('name: x\n')).toMatchObject([{ code: 'MISSING_FIELD', message: "Top-level field 'nodes' is required" }]);
  });

  it('reports a node without a name at its first key', () => {
    const [finding] = findings('nodes:\n  - run: x = 1\n');
    expect(finding).toMatchObject({ code: 'MISSING_NODE_NAME', message: "Node at index 0 is missing a 'name' field", line: 2, column: 5 });
  });

  it('reports duplicate node names with the node', () => {
    const [finding] = findings('nodes:\n  - name: a\n  - name: a\n');
    expect(finding).toMatchObject({ code: 'DUPLICATE_NODE', message: "Duplicate node name: 'a'", node: 'a', line: 3, column: 5 });
  });

  it('reports an edge to an unknown node', () => {
    const [finding] = findings('nodes:\n  - name: a\nedges:\n  - from: a\n    to: b\n');
    expect(finding).toMatchObject({ code: 'EDGE_TO_UNDEFINED', message: "Edge 'to' references undefined node 'b'", line: 4, column: 5 });
  });

  it('C6: reports a goto to an undeclared node at the node (column 5)', () => {
    const [finding] = findings('nodes:\n  - name: a\n    goto: nowhere\n');
    expect(finding).toMatchObject({
      code: 'GOTO_UNDEFINED',
      message: "Node 'a' has goto to non-existent node 'nowhere'",
      node: 'a',
      line: 2,
      column: 5,
    });
  });

  it('reports an unknown node type with the valid ones', () => {
    const [finding] = findings('nodes:\n  - name: a\n    type: parralel\n');
    expect(finding?.code).toBe('NODE_UNKNOWN_TYPE');
    expect(finding?.message).toContain("Node 'a' has unknown type 'parralel'. Valid types: while_loop, dynamic_parallel, fan_in");
  });

  it('reports a node with two of run/uses/steps', () => {
    const [finding] = findings('nodes:\n  - name: a\n    run: x = 1\n    uses: json.parse\n');
    expect(finding).toMatchObject({ code: 'NODE_MULTIPLE_EXECUTORS', node: 'a' });
    expect(finding?.message).toContain('more than one of run/uses/steps (run, uses)');
  });

  it("keeps TEA's dynamic_parallel fan_in text and adds the seed guide's phrase", () => {
    const [finding] = findings('nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: "{{ state.x }}"\n    steps: []\n');
    expect(finding?.code).toBe('DYN_PARALLEL_MISSING_FAN_IN');
    expect(finding?.message).toBe(
      "dynamic_parallel node 'fan': missing required key 'fan_in'.\n" +
        "  Add a sibling 'fan_in' (NOT nested under 'branch:')\n" +
        '  naming the node that should collect parallel results, e.g.:\n' +
        '      fan_in: collect_results\n' +
        '  See docs/shared/YAML_REFERENCE.md#dynamic-parallel\n' +
        "  (dynamic_parallel node 'fan' requires 'fan_in' target node)",
    );
  });

  it('lists the declared nodes, sorted, for an undefined dynamic fan_in', () => {
    const yaml = 'nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1]\n    steps: []\n    fan_in: nowhere\n  - name: collect\n';
    const finding = findings(yaml).find((f) => f.code === 'DYN_PARALLEL_FAN_IN_UNDEFINED');
    expect(finding?.message).toBe(
      "dynamic_parallel node 'fan': fan_in target 'nowhere'\n" +
        '  is not a defined node.\n' +
        "  Declared nodes: ['collect', 'fan']\n" +
        '  Pick one of the declared nodes, e.g.:\n' +
        '      fan_in: collect\n' +
        '  See docs/shared/YAML_REFERENCE.md#dynamic-parallel',
    );
  });

  it('reports missing items, missing and conflicting branch bodies', () => {
    const none = findings('nodes:\n  - name: fan\n    type: dynamic_parallel\n    fan_in: fan\n');
    expect(none.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['DYN_PARALLEL_MISSING_ITEMS', 'DYN_PARALLEL_MODE']);
    const both = findings('nodes:\n  - name: fan2\n    type: dynamic_parallel\n    items: [1]\n    fan_in: fan2\n    steps: []\n    action: {uses: x}\n    subgraph: s.yaml\n');
    expect(both[0]?.message).toContain("Conflicting keys: 'action', 'steps', 'subgraph'.");
  });

  it('requires fan_in on parallel edges and checks it names a node', () => {
    const yaml = 'nodes:\n  - name: a\n  - name: b\nedges:\n  - {from: a, to: b, type: parallel}\n  - {from: a, to: b, parallel: true, fan_in: nope}\n';
    expect(findings(yaml).filter((f) => f.code === 'PARALLEL_FAN_IN_UNDEFINED').map((f) => f.message)).toEqual([
      "Parallel edge at index 0 requires 'fan_in'",
      "Parallel edge fan_in references undefined node 'nope'",
    ]);
  });

  it('D7: refuses a negative or fractional literal max_concurrency', () => {
    const yaml = 'nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1]\n    steps: []\n    fan_in: fan\n    max_concurrency: -1\n';
    expect(findings(yaml).map((f) => f.message)).toContain("dynamic_parallel node 'fan': max_concurrency must be positive integer, got -1");
  });

  it('D15: a node with parallel and normal outgoing edges is an error', () => {
    const yaml = 'nodes:\n  - name: a\n  - name: b\n  - name: j\nedges:\n  - {from: a, to: b, parallel: true, fan_in: j}\n  - {from: a, to: j}\n';
    expect(findings(yaml).map((f) => f.code)).toContain('PARALLEL_MIXED_EDGES');
  });

  it('D16: an unknown strategy is an error listing the valid values', () => {
    const [finding] = findings('settings:\n  parallel:\n    strategy: threads\nnodes:\n  - name: a\n');
    expect(finding?.code).toBe('PARALLEL_STRATEGY');
    expect(finding?.message).toContain("Invalid parallel strategy 'threads'. Valid values:");
  });

  it('D17: warns when a static branch chains into another branch by list order', () => {
    const yaml = 'nodes:\n  - name: p\n  - name: a\n  - name: b\n  - name: j\nedges:\n  - {from: p, to: a, type: parallel, fan_in: j}\n  - {from: p, to: b, type: parallel, fan_in: j}\n';
    const warning = findings(yaml).find((f) => f.code === 'BRANCH_CHAINS_INTO_BRANCH');
    expect(warning).toMatchObject({ severity: 'warning', node: 'a' });
  });

  it('--strict adds UNREFERENCED_NODE for a node named only by fan_in', () => {
    const yaml = 'name: x\nnodes:\n  - name: p\n  - name: a\n  - name: j\nedges:\n  - {from: p, to: a, type: parallel, fan_in: j}\n  - {from: a, to: __end__}\n';
    expect(findings(yaml, true).filter((f) => f.code === 'UNREFERENCED_NODE').map((f) => f.node)).toEqual(['j']);
  });
});

describe('load errors', () => {
  it('joins hard findings the way TEA prints them', () => {
    const error = loadError('nodes:\n  - name: a\n    goto: x\n  - name: a\n');
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    expect(error.message).toBe(
      "Workflow validation failed: [DUPLICATE_NODE] Duplicate node name: 'a'; [GOTO_UNDEFINED] Node 'a' has goto to non-existent node 'x'",
    );
  });

  it('reads YAML 1.1 like PyYAML: yes/no, octal, sexagesimal; dates stay text', () => {
    const workflow = loadWorkflowFromText('variables:\n  a: yes\n  b: 0777\n  c: 1:20\n  d: 2024-01-01\nnodes:\n  - name: a\n', 'wf.yaml');
    expect(workflow.variables).toEqual({ a: true, b: 511, c: 80, d: '2024-01-01' });
  });

  it('resolves plain scalars as PyYAML does: y/n are text, a float needs a dot and a signed exponent, 09 is text', () => {
    const yaml = 'variables:\n  v: [y, n, Y, N, on, OFF, 1e3, 1.5e3, 1.5e+3, 2., .5, 09, 010, 1_000, 0x1F, 1:30.5, -.inf, .]\nnodes:\n  - name: n\n  - name: y\n';
    const workflow = loadWorkflowFromText(yaml, 'wf.yaml');
    expect(workflow.variables.v).toEqual(['y', 'n', 'Y', 'N', true, false, '1e3', '1.5e3', 1500, 2, 0.5, '09', 8, 1000, 31, 90.5, -Infinity, '.']);
    expect(workflow.nodes.map((node) => node.name)).toEqual(['n', 'y']);
  });

  it('our own load checks read as TEA\'s node builder words them, without a validator code', () => {
    const error = loadError('nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1]\n    max_concurrency: -1\n    fan_in: c\n    steps: [{run: "return {}"}]\n  - name: c\n');
    expect(error.message).toBe("dynamic_parallel node 'fan': max_concurrency must be positive integer, got -1");
    const both = loadError('nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1]\n    max_concurrency: -1\n    fan_in: c\n    steps: [{run: "return {}"}]\n  - name: c\n    goto: x\n');
    expect(both.message).toBe("Workflow validation failed: [GOTO_UNDEFINED] Node 'c' has goto to non-existent node 'x'");
  });

  it("words a YAML syntax error as PyYAML does, with TEA's position (C34)", () => {
    const error = loadError('invalid: yaml: [');
    expect(isTeaError(error) && error.code).toBe('YAML_PARSE');
    expect(error.message).toBe('mapping values are not allowed here\n  in "wf.yaml", line 1, column 14');
  });

  it('fails while_loop definitions with TEA texts and the node position', () => {
    const error = loadError('nodes:\n  - name: loop\n    type: while_loop\n    condition: "True"\n    max_iterations: 0\n    body: [{name: b}]\n');
    expect(error.message).toBe("while_loop node 'loop': max_iterations must be integer between 1-1000, got 0");
    expect(isTeaError(error) && [error.line, error.column, error.node]).toEqual([2, 5, 'loop']);
  });

  it("while_loop checks as TEA's node builder makes them: falsy conditions, str() of the bad value, an unnamed nested loop", () => {
    const loop = (fields: string) => `nodes:\n  - name: loop\n    type: while_loop\n${fields}`;
    const body = '    body: [{name: b, run: "// js\\nreturn {};"}]\n';
    for (const condition of ['""', 'false', '0']) {
      expect(loadError(loop(`    condition: ${condition}\n    max_iterations: 3\n${body}`)).message).toBe("while_loop node 'loop' requires 'condition'");
    }
    expect(loadError(loop(`    condition: "True"\n    max_iterations: "5"\n${body}`)).message).toBe("while_loop node 'loop': max_iterations must be integer between 1-1000, got 5");
    expect(loadError(loop(`    condition: "True"\n    max_iterations: false\n${body}`)).message).toBe("while_loop node 'loop': max_iterations must be integer between 1-1000, got False");
    expect(loadWorkflowFromText(loop(`    condition: "True"\n    max_iterations: true\n${body}`), 'wf.yaml').nodes[0]!.loop?.maxIterations).toBe(1);
    const nested = loop('    condition: "True"\n    max_iterations: 2\n    body:\n      - type: while_loop\n        condition: "True"\n        max_iterations: 1\n        body: [{name: c}]\n');
    expect(loadError(nested).message).toBe("Nested while-loops not supported: 'loop' contains nested while_loop 'unnamed'");
  });

  it("an expression run without its value fails to load with Python's KeyError text", () => {
    expect(loadError('nodes:\n  - name: e\n    run: {type: expression}\n').message).toBe("'value'");
  });

  it('rejects a goto rule without to, showing the rule as Python would', () => {
    const error = loadError("nodes:\n  - name: a\n    goto:\n      - if: state.x\n");
    expect(error.message).toBe("Node 'a' has goto rule without 'to' field: {'if': 'state.x'}");
  });

  it('rejects an unknown edge condition type', () => {
    const error = loadError('nodes:\n  - name: a\n  - name: b\nedges:\n  - from: a\n    to: b\n    condition: {type: lua, value: x}\n');
    expect(error.message).toBe('Unknown condition type: lua');
  });
});
