import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTag, processesWithTag, waitFor, waitForNoTagged } from '../helpers/leftovers.js';
import { repoRoot, runTea } from '../helpers/run-cli.js';
import { inTemp } from '../helpers/workflow-dir.js';
import { startTea } from '../helpers/spawn-tea.js';

const rule = '='.repeat(80);


const sleeper = 'nodes:\n  - name: wait\n    run: |\n      import time\n      print("ready", flush=True)\n      time.sleep(60)\n      return {}\n';

describe('Python blocks through the CLI (core.md §4.2, C20, C30)', () => {
  it('C20: header, ✓ a, ✗ Error at b: boom; stderr ERROR line and location; exit 1', async () => {
    const yaml = 'nodes:\n  - name: a\n    run: |\n      return {"ok": True}\n  - name: b\n    run: |\n      x = 1\n      raise ValueError("boom")\n';
    const result = await runTea(['run', 'wf.yaml'], { cwd: inTemp(yaml) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${rule}\nRunning agent from: wf.yaml\n${rule}\n✓ a\n✗ Error at b: boom\n`);
    expect(result.stderr).toBe("ERROR: Error in node 'b': boom\n  in wf.yaml:8, node 'b' (line 2 of its run: block)\n");
  });

  it('--verbose adds the Python traceback', async () => {
    const yaml = 'nodes:\n  - name: b\n    run: |\n      raise ValueError("boom")\n';
    const result = await runTea(['run', 'wf.yaml', '--verbose'], { cwd: inTemp(yaml) });
    expect(result.stderr).toContain('Traceback (most recent call last):');
    expect(result.stderr).toContain('ValueError: boom');
  });

  it('C30: prints come before their ✓ line; -q keeps only the prints', async () => {
    const yaml = 'nodes:\n  - name: a\n    run: |\n      print("from a")\n      return {"x": 1}\n  - name: b\n    run: |\n      print("from b")\n';
    const cwd = inTemp(yaml);
    const plain = await runTea(['run', 'wf.yaml'], { cwd });
    expect(plain.stdout).toContain('\nfrom a\n✓ a\nfrom b\n✓ b\n');
    const quiet = await runTea(['run', 'wf.yaml', '-q'], { cwd });
    expect(quiet.stdout).toBe('from a\nfrom b\n');
  });

  it('with --output -, prints go to stderr and stdout holds only the JSON', async () => {
    const yaml = 'nodes:\n  - name: a\n    run: |\n      import subprocess\n      print("printed")\n      subprocess.run("echo from-a-shell", shell=True)\n      return {"x": 1}\n';
    const result = await runTea(['run', 'wf.yaml', '-q', '--output', '-'], { cwd: inTemp(yaml) });
    expect(JSON.parse(result.stdout)).toEqual({ x: 1 });
    expect(result.stderr).toBe('printed\nfrom-a-shell\n');
  });
});

describe('bytecode under PYTHONDONTWRITEBYTECODE', () => {
  it("tea's worker modules keep theirs (every branch loads them); the user's modules get none", async () => {
    const cwd = inTemp('nodes:\n  - name: a\n    run: |\n      import helper\n      return {"v": helper.VALUE}\n');
    writeFileSync(path.join(cwd, 'helper.py'), 'VALUE = 7\n');
    const result = await runTea(['run', 'wf.yaml', '-q', '--output', '-'], { cwd, env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: cwd } });
    expect(JSON.parse(result.stdout)).toEqual({ v: 7 });
    expect(existsSync(path.join(cwd, '__pycache__'))).toBe(false);
    const ours = readdirSync(path.join(repoRoot, 'src/runtimes/python/__pycache__'));
    expect(ours.some((name) => name.startsWith('tea_worker_channel.'))).toBe(true);
  });
});

describe('the Python worker dies with its tea (issue: worker lifetime)', () => {
  it('ends with a normal exit', async () => {
    const tag = makeTag();
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp('nodes:\n  - name: a\n    run: |\n      return {"x": 1}\n'), env: tag.env });
    expect(result.code).toBe(0);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('ends when the workflow fails', async () => {
    const tag = makeTag();
    const result = await runTea(['run', 'wf.yaml', '-q'], { cwd: inTemp('nodes:\n  - name: a\n    run: raise ValueError("x")\n'), env: tag.env });
    expect(result.code).toBe(1);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('ends when tea gets %s mid-block (exit %i)', async (signal, code) => {
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '-q'], { cwd: inTemp(sleeper), env: tag.env });
    await waitFor(() => tea.stdout().includes('ready'), 10_000, 'the block to start');
    tea.child.kill(signal);
    expect((await tea.exited).code).toBe(code);
    if (signal === 'SIGINT') expect(tea.stderr()).toContain('\n\nExecution interrupted by user (Ctrl+C)\n');
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('ends when tea is killed with SIGKILL (it sees its request pipe close)', async () => {
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '-q'], { cwd: inTemp(sleeper), env: tag.env });
    await waitFor(() => tea.stdout().includes('ready'), 10_000, 'the block to start');
    expect(processesWithTag(tag.value).length).toBeGreaterThanOrEqual(2);
    tea.child.kill('SIGKILL');
    await tea.exited;
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});
