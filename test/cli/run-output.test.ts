import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTea, tempDir, writeWorkflow } from '../helpers/run-cli.js';
import { inTemp } from '../helpers/workflow-dir.js';

const rule = '='.repeat(80);
const twoNodes = 'nodes:\n  - name: a\n    run: "// js\\nreturn { x: (state.x ?? 0) + 1 };"\n  - name: b\n    run: "// js\\nconsole.log(\'hello from b\'); return { y: 2 };"\n';


describe('tea run: human output (core.md §4.2, C30)', () => {
  it('prints the banner, ✓ lines, prints in order and the final state, byte for byte', async () => {
    const cwd = inTemp(twoNodes);
    const result = await runTea(['run', 'wf.yaml', '--input', '{"x": 2}'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${rule}\nRunning agent from: wf.yaml\n${rule}\n\nInitial state: {\n  "x": 2\n}\n\n` +
        `✓ a\nhello from b\n✓ b\n\n${rule}\n✓ Completed\n${rule}\nFinal state: {\n  "x": 3,\n  "y": 2\n}\n`,
    );
    expect(result.stderr).toBe('');
  });

  it('-q leaves only what the blocks print', async () => {
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp(twoNodes) });
    expect(result).toMatchObject({ code: 0, stdout: 'hello from b\n', stderr: '' });
  });

  it('--output FILE writes indented JSON without a trailing newline and says so', async () => {
    const cwd = inTemp(twoNodes);
    const result = await runTea(['run', 'wf.yaml', '--output', 'out.json'], { cwd });
    expect(result.stdout).toContain('\nOutput written to: out.json\n\n' + rule);
    expect(readFileSync(path.join(cwd, 'out.json'), 'utf8')).toBe('{\n  "x": 1,\n  "y": 2\n}');
  });

  it('--input - --output - : state in on stdin, only the final JSON on stdout, prints on stderr', async () => {
    const result = await runTea(['run', 'wf.yaml', '--input', '-', '--output', '-'], { cwd: inTemp(twoNodes), input: '{"x": 10}' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ x: 11, y: 2 });
    expect(result.stderr).toContain('hello from b\n');
    expect(result.stderr).toContain('✓ Completed');
  });

  it('C35: non-ASCII is escaped and key order kept', async () => {
    const yaml = 'nodes:\n  - name: a\n    run: "// js\\nreturn { z: 1, s: \'héllo ✓\', a: 2 };"\n';
    const result = await runTea(['run', 'wf.yaml', '-q', '--output', '-'], { cwd: inTemp(yaml) });
    expect(result.stdout).toBe('{\n  "z": 1,\n  "s": "h\\u00e9llo \\u2713",\n  "a": 2\n}\n');
  });

  it('C31: initial_state is merged under --input', async () => {
    const yaml = 'initial_state: {a: 1, b: 2}\nnodes:\n  - name: s\n    run: "// js\\nreturn { sum: state.a + state.b };"\n';
    const result = await runTea(['run', 'wf.yaml', '--input', '{"b": 10}', '--output', '-', '-q'], { cwd: inTemp(yaml) });
    expect(JSON.parse(result.stdout)).toEqual({ a: 1, b: 10, sum: 11 });
  });

  it('--input @file reads JSON, and YAML for .yaml files', async () => {
    const cwd = inTemp(twoNodes);
    writeWorkflow('x: 5\n', 'in.yaml', cwd);
    writeWorkflow('{"x": 7}', 'in.json', cwd);
    expect(JSON.parse((await runTea(['run', 'wf.yaml', '-i', '@in.yaml', '-o', '-', '-q'], { cwd })).stdout).x).toBe(6);
    expect(JSON.parse((await runTea(['run', 'wf.yaml', '-i', '@in.json', '-o', '-', '-q'], { cwd })).stdout).x).toBe(8);
  });

  it('a YAML input file is read as PyYAML reads it (y/n text, yes a boolean, dates text)', async () => {
    const cwd = inTemp('nodes:\n  - name: a\n    run: "// js\\nreturn {};"\n');
    writeWorkflow('answers: [y, n, yes, 1e3, 0777]\nwhen: 2024-01-01\n', 'in.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml', '-i', '@in.yaml', '-o', '-', '-q'], { cwd });
    expect(JSON.parse(result.stdout)).toEqual({ answers: ['y', 'n', true, '1e3', 511], when: '2024-01-01' });
  });
});

describe('tea run: errors and exit codes (core.md §4.8, C20, C32)', () => {
  const failing = 'nodes:\n  - name: a\n    run: "// js\\nreturn {};"\n  - name: b\n    run: |\n      // js\n      const ok = 1;\n      throw new Error("boom");\n';

  it('a node error: ✗ line on stdout, ERROR line and location on stderr, exit 1, no final state', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: inTemp(failing) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${rule}\nRunning agent from: wf.yaml\n${rule}\n✓ a\n✗ Error at b: boom\n`);
    expect(result.stderr).toBe("ERROR: Error in node 'b': boom\n  in wf.yaml:8, node 'b' (line 3 of its run: block)\n");
  });

  it('--verbose adds the stack', async () => {
    const result = await runTea(['run', 'wf.yaml', '--verbose'], { cwd: inTemp(failing) });
    expect(result.stderr).toMatch(/Error: boom\n\s+at /);
  });

  it('C32: --input errors use Python\'s JSON messages', async () => {
    const cwd = inTemp(twoNodes);
    const bad = await runTea(['run', 'wf.yaml', '--input', '{x: 1}'], { cwd });
    expect(bad).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Error: Invalid JSON in --input: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n',
    });
    const list = await runTea(['run', 'wf.yaml', '--input', '[1]'], { cwd });
    expect(list.stderr).toBe('Error: Input must be a JSON object, got list\n');
    const missing = await runTea(['run', 'wf.yaml', '--input', '@nope.json'], { cwd });
    expect(missing.stderr).toBe('Error: Input file not found: nope.json\n');
  });

  it('C32: --fail-on-state compares with Python str() of the value', async () => {
    const yaml = 'nodes:\n  - name: a\n    run: "// js\\nreturn { flag: true };"\n';
    const cwd = inTemp(yaml);
    const matched = await runTea(['run', 'wf.yaml', '-q', '--fail-on-state', 'flag=True'], { cwd });
    expect(matched).toMatchObject({ code: 1, stderr: 'Exit condition matched: flag=True\n' });
    const unmatched = await runTea(['run', 'wf.yaml', '-q', '--fail-on-state', 'flag=true'], { cwd });
    expect(unmatched.code).toBe(0);
    // TEA compares str(final.get(key)): a key the state lacks is None.
    expect(await runTea(['run', 'wf.yaml', '-q', '--fail-on-state', 'missing=None'], { cwd })).toMatchObject({ code: 1, stderr: 'Exit condition matched: missing=None\n' });
    const malformed = await runTea(['run', 'wf.yaml', '--fail-on-state', 'flag'], { cwd });
    expect(malformed).toMatchObject({ code: 1, stderr: "Error: Invalid --fail-on-state format 'flag'. Expected 'key=value'.\n" });
  });

  it('a missing workflow file, a missing FILE argument', async () => {
    const cwd = tempDir();
    expect(await runTea(['run', 'nope.yaml'], { cwd })).toMatchObject({ code: 1, stderr: 'Error: Workflow file not found: nope.yaml\n' });
    expect(await runTea(['run'], { cwd })).toMatchObject({ code: 1, stderr: 'Error: Workflow file required (or use --from-dot for DOT files)\n' });
  });

  it('a load error names the file, node and line', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: inTemp('nodes:\n  - name: a\n    goto: nowhere\n') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "Error loading workflow: Workflow validation failed: [GOTO_UNDEFINED] Node 'a' has goto to non-existent node 'nowhere'\n" +
        "  at wf.yaml:2:5 [GOTO_UNDEFINED] node 'a'\n",
    );
  });

  it('a template error names the node, its line and the template text', async () => {
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp('nodes:\n  - name: a\n    run: |\n      x = {{ state.a | nosuchfilter }}\n      return {}\n') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("ERROR: Error in node 'a': Template error: No filter named 'nosuchfilter'.\n  in wf.yaml:2:5, node 'a'\n  template: x = {{ state.a | nosuchfilter }}\n");
  });

  it('invalid YAML: PyYAML wording with the position', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: inTemp('invalid: yaml: [') });
    expect(result.stderr).toBe('Error loading workflow: mapping values are not allowed here\n  in "wf.yaml", line 1, column 14\n  at wf.yaml:1:14\n');
    expect(result.code).toBe(1);
  });

  it('a second YAML document (---) is refused at its line, as safe_load does', async () => {
    const result = await runTea(['run', 'wf.yaml'], { cwd: inTemp('nodes:\n  - name: a\n    run: "// js\\nreturn {};"\n---\n# an alternative\nnodes: []\n') });
    expect(result.stderr).toBe('Error loading workflow: expected a single document in the stream, but found another document\n  in "wf.yaml", line 4, column 1\n  at wf.yaml:4:1\n');
    expect(result.code).toBe(1);
  });

  it('usage errors exit 2: an unknown option, no subcommand', async () => {
    expect((await runTea(['run', 'wf.yaml', '--no-such-flag'])).code).toBe(2);
    const bare = await runTea([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: tea');
  });

  it('--version prints the version', async () => {
    const result = await runTea(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tea \d+\.\d+\.\d+\n$/);
  });

  it('--impl names the implementation and exits 0, as TEA\'s flag does (core.md §4)', async () => {
    expect(await runTea(['--impl'])).toMatchObject({ code: 0, stdout: 'typescript\n' });
  });

  it("TEA's deprecated --state and --state-file still work as --input, with TEA's warnings", async () => {
    const cwd = inTemp('nodes:\n  - name: a\n    run: "// js\\nreturn { seen: state.k };"\n');
    writeWorkflow('{"k": "from file"}', 'in.json', cwd);
    const inline = await runTea(['run', 'wf.yaml', '--state', '{"k": "inline"}', '-q', '-o', '-'], { cwd });
    expect([JSON.parse(inline.stdout).seen, inline.stderr]).toEqual(['inline', 'Warning: --state is deprecated, use --input\n']);
    const fromFile = await runTea(['run', 'wf.yaml', '--state-file', 'in.json', '-q', '-o', '-'], { cwd });
    expect([JSON.parse(fromFile.stdout).seen, fromFile.stderr]).toEqual(['from file', 'Warning: --state-file is deprecated, use --input @file.json\n']);
    const both = await runTea(['run', 'wf.yaml', '--input', '{"k": "input wins"}', '--state', '{"k": "no"}', '-q', '-o', '-'], { cwd });
    expect(JSON.parse(both.stdout).seen).toBe('input wins');
  });

  it('--debug-state DIR: a loud warning even with -q, and TEA\'s NN-after / NN-FAILED files (core.md §4.1)', async () => {
    const cwd = inTemp('nodes:\n  - name: a\n    run: "// js\\nreturn {x: 1};"\n  - name: "b/c"\n    run: "// js\\nthrow new Error(\'boom\');"\n');
    const result = await runTea(['run', 'wf.yaml', '--debug-state', 'dumps', '-q'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^WARNING: --debug-state is enabled \(dir: dumps\)\. Captured state may contain sensitive data; intended for development only\.\n/);
    expect(readdirSync(path.join(cwd, 'dumps')).sort()).toEqual(['01-after-a.json', '02-FAILED-b_c.json']);
    expect(readFileSync(path.join(cwd, 'dumps', '01-after-a.json'), 'utf8')).toBe('{\n  "step": 1,\n  "node": "a",\n  "state": {\n    "x": 1\n  }\n}');
    expect(JSON.parse(readFileSync(path.join(cwd, 'dumps', '02-FAILED-b_c.json'), 'utf8'))).toEqual({ step: 2, node: 'b/c', state: { x: 1 }, traceback: 'boom' });
    const scoped = await runTea(['run', 'wf.yaml', '--debug-state', 'scoped-dumps', '--entry-point', 'a', '--exit-point', 'b/c', '--input', '{}', '-q'], { cwd });
    expect([scoped.code, existsSync(path.join(cwd, 'scoped-dumps'))]).toEqual([0, false]);
  });

  it('no next node: ✗ line and a WARNING on stderr', async () => {
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp('nodes:\n  - name: a\n    goto:\n      - {if: "state.go", to: a}\n') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("WARNING: No valid next node found from node 'a'\n");
  });
});

describe('tea run --stream (core.md §4.3)', () => {
  it('prints one Python-style JSON line per event, prints as output events', async () => {
    const result = await runTea(['run', 'wf.yaml', '--stream'], { cwd: inTemp(twoNodes) });
    const lines = result.stdout.trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event.type)).toEqual(['start', 'node_complete', 'output', 'node_complete', 'complete']);
    expect(lines[0]).toMatch(/^\{"type": "start", "timestamp": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", "workflow": "wf.yaml"\}$/);
    expect(events[2]).toMatchObject({ node: 'b', stream: 'stdout', text: 'hello from b\n' });
    expect(events[4]).toMatchObject({ state: { x: 1, y: 2 } });
  });

  it('--heartbeat lines go to stderr alongside the stream (core.md §4.1)', async () => {
    const result = await runTea(['run', 'wf.yaml', '--stream', '--heartbeat'], { cwd: inTemp(twoNodes) });
    expect(result.stdout.trimEnd().split('\n').every((line) => JSON.parse(line))).toBe(true);
    expect(result.stderr).toMatch(/^\[a done in \d+ms\]\n\[b done in \d+ms\]\n$/);
  });
});

describe('scoped runs (core.md §4.4, C33)', () => {
  const visit = (name: string) => `  - name: ${name}\n    run: "// js\\nreturn { visited: [...(state.visited ?? []), '${name}'] };"\n`;
  const yaml = `nodes:\n${visit('a')}${visit('b')}${visit('c')}${visit('d')}`;

  it('runs from the entry and stops before the exit', async () => {
    const result = await runTea(['run', 'wf.yaml', '--entry-point', 'b', '--exit-point', 'd', '--input', '{"visited": ["pre"]}', '-o', '-', '-q'], {
      cwd: inTemp(yaml),
    });
    expect(JSON.parse(result.stdout).visited).toEqual(['pre', 'b', 'c']);
  });

  it('entry only runs to the end and warns about the empty state', async () => {
    const result = await runTea(['run', 'wf.yaml', '--entry-point', 'b', '-o', '-', '-q'], { cwd: inTemp(yaml) });
    expect(JSON.parse(result.stdout).visited).toEqual(['b', 'c', 'd']);
    expect(result.stderr).toBe('Warning: --entry-point without --input means starting with empty state\n');
  });

  it('a scoped run has no heartbeat lines (core.md §4.4)', async () => {
    const result = await runTea(['run', 'wf.yaml', '--entry-point', 'b', '--input', '{}', '-q', '--heartbeat'], { cwd: inTemp(yaml) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('prints the scoped banner and completion without ✓ lines', async () => {
    const result = await runTea(['run', 'wf.yaml', '--entry-point', 'c', '--input', '{}'], { cwd: inTemp(yaml) });
    expect(result.stdout).toBe(
      `${rule}\nRunning scoped execution: c → (stop before __end__)\nWorkflow: wf.yaml\n${rule}\n\n${rule}\n✓ Scoped execution completed\n${rule}\nFinal state: {\n  "visited": [\n    "c",\n    "d"\n  ]\n}\n`,
    );
  });

  it("core.md §9 item 4: a scoped node error prints TEA's two lines, not `Error: 1`", async () => {
    const failing = `${yaml}  - name: e\n    run: "// js\\nthrow new Error('boom');"\n`;
    const result = await runTea(['run', 'wf.yaml', '--entry-point', 'd', '--input', '{}', '-q'], { cwd: inTemp(failing) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("ERROR: [Scoped] Error in node 'e': boom\nError in node 'e': boom\n  in wf.yaml:12, node 'e' (line 2 of its run: block)\n");
  });

  it.each([
    [['--entry-point', 'zz'], "Error: Entry point 'zz' not found in graph\n"],
    [['--exit-point', 'zz'], "Error: Exit point 'zz' not found in graph\n"],
    [['--entry-point', 'b', '--exit-point', 'b'], "Error: Entry point and exit point cannot be the same: 'b'\n"],
    [['--entry-point', 'd', '--exit-point', 'a'], "Error: No execution path from 'd' to 'a'\n"],
  ])('checks %j after the scoped banner, as TEA does, and runs nothing', async (args, message) => {
    const result = await runTea(['run', 'wf.yaml', '--input', '{}', ...args], { cwd: inTemp(yaml) });
    expect(result).toMatchObject({ code: 1, stderr: message });
    expect(result.stdout).toMatch(new RegExp(`^${rule}\nRunning scoped execution: .+\nWorkflow: wf\.yaml\n${rule}\n$`));
    expect((await runTea(['run', 'wf.yaml', '--input', '{}', '-q', ...args], { cwd: inTemp(yaml) })).stdout).toBe('');
  });
});
