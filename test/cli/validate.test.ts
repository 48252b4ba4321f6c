import { describe, expect, it } from 'vitest';
import { runTea, tempDir } from '../helpers/run-cli.js';
import { inTemp } from '../helpers/workflow-dir.js';


describe('tea validate (core.md §4.5, C34)', () => {
  it('prints OK on stdout with node and edge counts', async () => {
    const result = await runTea(['validate', 'wf.yaml'], { cwd: inTemp('name: x\nnodes:\n  - name: a\n  - name: b\nedges:\n  - {from: a, to: b}\n') });
    expect(result).toMatchObject({
      code: 0,
      stdout: 'OK: wf.yaml (2 nodes, 1 edges) [structural checks only — run blocks not executed]\n',
      stderr: '',
    });
  });

  it('prints each finding with its position and node, then FAIL with the count', async () => {
    const yaml = 'nodes:\n  - name: a\n    goto: x\n  - name: a\n  - name: b\nedges:\n  - {from: b, to: nowhere}\n';
    const result = await runTea(['validate', 'wf.yaml'], { cwd: inTemp(yaml) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "wf.yaml:4:5: error [DUPLICATE_NODE]: Duplicate node name: 'a'\n    node: a\n\n" +
        "wf.yaml:7:5: error [EDGE_TO_UNDEFINED]: Edge 'to' references undefined node 'nowhere'\n\n" +
        "wf.yaml:2:5: error [GOTO_UNDEFINED]: Node 'a' has goto to non-existent node 'x'\n    node: a\n\n" +
        'FAIL: wf.yaml (3 error(s))\n',
    );
  });

  it('an edge condition that does not compile is INVALID_CONDITION; tea run still loads the file, as TEA does', async () => {
    const yaml = [
      'nodes:',
      '  - name: a',
      '    run: "// js\\nreturn {go: false};"',
      '  - name: b',
      'edges:',
      '  - {from: a, to: b, condition: "{{ this is not valid jinja %} %}"}',
      '  - {from: a, to: b, when: "state.go and"}',
      '  - {from: a, to: b, condition: {type: expression, value: "state.go | no_such_filter"}}',
      '  - {from: a, to: b, condition: "state.go == True", when: false}',
      '  - {from: a, to: __end__}',
    ].join('\n');
    const dir = inTemp(yaml);
    const result = await runTea(['validate', 'wf.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.match(/^wf\.yaml:\d+:\d+: error \[INVALID_CONDITION\]: Invalid condition expression: .+$/gm)).toEqual([
      expect.stringMatching(/^wf\.yaml:6:5: .*: unexpected '\}'$/),
      expect.stringMatching(/^wf\.yaml:7:5: /),
      expect.stringMatching(/^wf\.yaml:8:5: .*no_such_filter/),
    ]);
    expect(result.stderr).toContain('FAIL: wf.yaml (3 error(s))\n');
    // The run meets a broken condition only when it tries that edge.
    const broken = 'nodes:\n  - name: a\n  - name: b\nedges:\n  - {from: a, to: b, condition: "{{ this is not valid jinja %} %}"}\n';
    const run = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp(broken) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Template error: unexpected '}'");
    expect(run.stderr).not.toContain('Error loading workflow');
  });

  it('reports invalid YAML as TEA does', async () => {
    const result = await runTea(['validate', 'wf.yaml'], { cwd: inTemp('invalid: yaml: [') });
    expect(result.stderr).toBe('wf.yaml:1:14: error [YAML_PARSE]: Invalid YAML syntax: mapping values are not allowed here\n\nFAIL: wf.yaml (1 error(s))\n');
  });

  it('reports an empty file as INVALID_ROOT', async () => {
    const result = await runTea(['validate', 'wf.yaml'], { cwd: inTemp('') });
    expect(result.stderr).toBe('wf.yaml: error [INVALID_ROOT]: Workflow file is empty\n\nFAIL: wf.yaml (1 error(s))\n');
  });

  it('also catches what only `tea run` catches in TEA (while_loop limits)', async () => {
    const yaml = 'nodes:\n  - name: loop\n    type: while_loop\n    condition: "True"\n    max_iterations: 5000\n    body: [{name: b}]\n';
    const result = await runTea(['validate', 'wf.yaml'], { cwd: inTemp(yaml) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "wf.yaml:2:5: error [NODE_DEFINITION]: while_loop node 'loop': max_iterations must be integer between 1-1000, got 5000\n    node: loop\n",
    );
  });

  it('--strict turns warnings into failures', async () => {
    const yaml = 'name: s\nnodes:\n  - name: p\n  - name: a\n  - name: j\nedges:\n  - {from: p, to: a, type: parallel, fan_in: j}\n  - {from: a, to: __end__}\n';
    const cwd = inTemp(yaml);
    expect((await runTea(['validate', 'wf.yaml'], { cwd })).code).toBe(0);
    const strict = await runTea(['validate', 'wf.yaml', '--strict'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("warning [UNREFERENCED_NODE]: Node 'j' is not referenced by any edge or goto");
    expect(strict.stderr).toMatch(/FAIL: wf\.yaml \(\d+ warning\(s\)\)\n$/);
  });

  it('--detailed lists nodes and edges first', async () => {
    const result = await runTea(['validate', 'wf.yaml', '--detailed'], {
      cwd: inTemp('name: demo\ndescription: d\nnodes:\n  - name: a\n    uses: json.parse\n  - name: b\nedges:\n  - {from: a, to: b}\n'),
    });
    expect(result.stdout).toBe(
      'Workflow: demo\nDescription: d\n\nNodes: 2\n  - a (uses: json.parse)\n  - b\n\nEdges: 1\n  - a -> b\n\n' +
        'OK: wf.yaml (2 nodes, 1 edges) [structural checks only — run blocks not executed]\n',
    );
  });

  it('a missing file', async () => {
    expect(await runTea(['validate', 'nope.yaml'], { cwd: tempDir() })).toMatchObject({ code: 1, stderr: 'Error: File not found: nope.yaml\n' });
  });
});
