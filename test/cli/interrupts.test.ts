import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTea, tempDir, writeWorkflow } from '../helpers/run-cli.js';

const counter = (name: string) => `  - name: ${name}\n    run: "// js\\nreturn { runs: [...(state.runs ?? []), '${name}'] };"\n`;

describe('interrupts and checkpoints (core.md §6, C36)', () => {
  it('an inline interrupt: before on a non-TTY auto-continues and runs the node once', async () => {
    const cwd = tempDir();
    writeWorkflow(`nodes:\n${counter('a')}${counter('review')}    interrupt: before\n`, 'wf.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('⏸  Interrupt at: review\n   State: {\n  "runs": [\n    "a"\n  ]\n}\n');
    expect(result.stderr).toBe('   (non-TTY detected, auto-continuing...)\n');
    expect(result.stdout).toMatch(/Final state: \{\n {2}"runs": \[\n {4}"a",\n {4}"review"\n {2}\]\n\}\n$/);
  });

  it('core.md §9 item 1: a CLI interrupt without checkpoint_dir continues instead of restarting forever', async () => {
    const cwd = tempDir();
    writeWorkflow(`nodes:\n${counter('a')}${counter('b')}`, 'wf.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml', '--interrupt-after', 'a', '--auto-continue', '-o', '-', '-q'], { cwd });
    expect(JSON.parse(result.stdout).runs).toEqual(['a', 'b']);
  });

  it('interrupt_after + checkpoint_dir saves <node>_<ms>.json; tea resume continues after it (core.md §9 item 2)', async () => {
    const cwd = tempDir();
    writeWorkflow(`config:\n  interrupt_after: [a]\n  checkpoint_dir: cps\nnodes:\n${counter('a')}${counter('b')}`, 'wf.yaml', cwd);
    await runTea(['run', 'wf.yaml', '-q'], { cwd });
    const [file] = readdirSync(path.join(cwd, 'cps'));
    expect(file).toMatch(/^a_\d+\.json$/);
    const checkpoint = JSON.parse(readFileSync(path.join(cwd, 'cps', file!), 'utf8'));
    expect(checkpoint).toMatchObject({ node: 'a', state: { runs: ['a'] }, version: '1.0' });
    const resumed = await runTea(['resume', path.join('cps', file!), '--workflow', 'wf.yaml', '--auto-continue'], { cwd });
    expect(resumed.code).toBe(0);
    // TEA's resume output: no start banner, no initial state, no journal lines.
    expect(resumed.stdout).toBe(
      `Resuming from checkpoint: cps/${file}\nInterrupted node: a\n✓ b\n\n${'='.repeat(80)}\n✓ Completed\n${'='.repeat(80)}\nFinal state: {\n  "runs": [\n    "a",\n    "b"\n  ]\n}\n`,
    );
    const streamed = await runTea(['resume', path.join('cps', file!), '--workflow', 'wf.yaml', '--stream'], { cwd });
    const records = streamed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => record.type)).toEqual(['resume', 'node_complete', 'complete']);
    expect(records[0]).toMatchObject({ workflow: 'wf.yaml', checkpoint: `cps/${file}` });
    expect(streamed.stderr).toBe(`Resuming from checkpoint: cps/${file}\nInterrupted node: a\n`);
  });

  it('a checkpoint without its state or node: TEA\'s "Error loading checkpoint" line, exit 1', async () => {
    const cwd = tempDir();
    writeWorkflow(`nodes:\n${counter('a')}`, 'wf.yaml', cwd);
    writeWorkflow('{"node": "a"}', 'no-state.json', cwd);
    writeWorkflow('{"state": {}}', 'no-node.json', cwd);
    writeWorkflow('not json', 'garbage.json', cwd);
    const noState = await runTea(['resume', 'no-state.json', '-w', 'wf.yaml'], { cwd });
    expect([noState.code, noState.stderr]).toEqual([1, "Error loading checkpoint: Invalid checkpoint format - missing 'state' key\n"]);
    expect((await runTea(['resume', 'no-node.json', '-w', 'wf.yaml'], { cwd })).stderr).toBe("Error loading checkpoint: Invalid checkpoint format - missing 'node' key\n");
    expect((await runTea(['resume', 'garbage.json', '-w', 'wf.yaml'], { cwd })).stderr).toMatch(/^Error loading checkpoint: .+\n$/);
  });

  it('--stream with an interrupt does not loop (core.md §9 item 1)', async () => {
    const cwd = tempDir();
    writeWorkflow(`nodes:\n${counter('a')}    interrupt: after\n${counter('b')}`, 'wf.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml', '--stream'], { cwd });
    const types = result.stdout.trim().split('\n').map((line) => JSON.parse(line).type);
    expect(types).toEqual(['start', 'node_complete', 'interrupt', 'node_complete', 'complete']);
  });

  it('C37: auto_trace prints a [TRACE] line per node, even with -q', async () => {
    const cwd = tempDir();
    writeWorkflow(`settings:\n  auto_trace: true\nnodes:\n${counter('a')}`, 'wf.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd });
    expect(result.stdout).toMatch(/^\[TRACE\] ✓ a \(\d+\.\d\dms\) - ok\n$/);
  });

  it("auto_trace with trace_exporter: file writes settings.trace_file instead; --trace-file overrides it (TEA's precedence)", async () => {
    const cwd = tempDir();
    writeWorkflow(`settings:\n  auto_trace: true\n  trace_exporter: file\n  trace_file: \${TRACE_DIR:-.}/yaml.jsonl\nnodes:\n${counter('a')}`, 'wf.yaml', cwd);
    const result = await runTea(['run', 'wf.yaml', '-q', '--no-journal'], { cwd });
    expect([result.code, result.stdout]).toEqual([0, '']);
    const types = readFileSync(path.join(cwd, 'yaml.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).type);
    expect(types).toEqual(['start', 'node_start', 'node_complete', 'complete']);
    rmSync(path.join(cwd, 'yaml.jsonl'));
    const overridden = await runTea(['run', 'wf.yaml', '-q', '--no-journal', '--trace-file', 'cli.jsonl'], { cwd });
    expect(overridden.code).toBe(0);
    expect(readdirSync(cwd).filter((name) => name.endsWith('.jsonl'))).toEqual(['cli.jsonl']);
    // A console exporter given --trace-file writes the file and prints no [TRACE] lines.
    writeWorkflow(`settings:\n  auto_trace: true\nnodes:\n${counter('a')}`, 'console.yaml', cwd);
    const promoted = await runTea(['run', 'console.yaml', '-q', '--no-journal', '--trace-file', 'promoted.jsonl'], { cwd });
    expect([promoted.code, promoted.stdout, readFileSync(path.join(cwd, 'promoted.jsonl'), 'utf8').length > 0]).toEqual([0, '', true]);
  });
});
