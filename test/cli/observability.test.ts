import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTea, teaBin, testEnvironment } from '../helpers/run-cli.js';
import { screenRows } from '../helpers/virtual-terminal.js';
import { block, workflowDir } from '../helpers/workflow-dir.js';

/** Branches that print interleaved lines (handshakes through files, no sleeps) and one that fails. */
const fanOut = `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    max_concurrency: 3
    fan_in: collect
    steps:
      - name: work
        run: |
${block(`import sys
for n in range(3):
    print("%s line %d" % (state["item"], n), flush=True)
print("%s on stderr" % state["item"], file=sys.stderr, flush=True)
if state["item"] == "bad":
    raise ValueError("broken")
return {"done": state["item"]}`, 10)}
  - name: collect
    run: |
      print("collected", len(parallel_results))
      return {}
`;
const input = ['--input', '{"items": ["a", "bad", "c"]}'];

describe('CI logs: grouped per branch (detected, or --log-order grouped)', () => {
  it('GitHub Actions: one ::group:: per branch holding all its lines; failures repeated at the end with ::error', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const result = await runTea(['run', 'wf.yaml', ...input], { cwd: dir, env: { CI: 'true', GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(0);
    for (const item of ['a', 'bad', 'c']) {
      const status = item === 'bad' ? 'failed · 1 attempt · \\S+ · exit code 1' : 'ok · 1 attempt · \\S+';
      const section = new RegExp(`::group::\\[fan#\\d ${item}\\] ${status}\\n([^:]*)::endgroup::\\n`).exec(result.stdout);
      expect(section, item).not.toBeNull();
      // The child's stdout and stderr come on two pipes: their relative order is not fixed, each one's is.
      const lines = section![1]!.trimEnd().split('\n').map((line) => line.replace(/^\[fan#\d \w+\] /, ''));
      expect(lines.filter((line) => line.includes(' line '))).toEqual([0, 1, 2].map((n) => `${item} line ${n}`));
      expect(lines.filter((line) => !line.includes(' line '))).toEqual([`${item} on stderr`]);
    }
    expect(result.stdout).toContain('✗ Branch fan[1] failed: broken\n');
    expect(result.stderr).toMatch(/----- Failed branches: 1 of 3 -----\n::error title=Branch fan\[1\] failed::broken\n✗ \[fan#1 bad\] failed · 1 attempt · \S+ · exit code 1: broken\n(\[fan#1 bad\] .*\n){4}$/);
    expect(result.stderr).toContain('fan: 3 branches, 2 ok, 1 failed');
  });

  it('any CI=true: plain section headers; --log-order stream turns grouping off', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const generic = await runTea(['run', 'wf.yaml', ...input], { cwd: dir, env: { CI: 'true' } });
    expect(generic.stdout).toMatch(/----- \[fan#0 a\] ok · 1 attempt · \S+ -----\n(\[fan#0 a\] .*\n){4}/);
    const streamed = await runTea(['run', 'wf.yaml', ...input, '--log-order', 'stream'], { cwd: dir, env: { CI: 'true' } });
    expect(streamed.stdout).not.toContain('-----');
    expect(streamed.stderr).toContain('[fan#1 bad] bad on stderr\n');
  });

  it('the test helpers keep CI out unless a test asks (CI=true in the suite\'s own environment changes nothing)', () => {
    expect(testEnvironment().CI).toBeUndefined();
    expect(testEnvironment().GITHUB_ACTIONS).toBeUndefined();
    expect(testEnvironment({ CI: 'true' }).CI).toBe('true');
  });
});

describe('plain runs (not a TTY, not CI)', () => {
  it("a fan-out's time in its summary covers its longest branch: both are timed when they happened, not when shown", async () => {
    // Eight children spawned at once: the fan-out's first event is shown only after the spawns.
    const dir = workflowDir({ 'wf.yaml': fanOut.replace('max_concurrency: 3', 'max_concurrency: 8') });
    const result = await runTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] })], { cwd: dir });
    const ms = (text: string) => (text.endsWith('ms') ? Number(text.slice(0, -2)) : Number(text.slice(0, -1)) * 1000);
    const total = ms(/fan: 8 branches, 8 ok, 0 failed in (\S+)\n/.exec(result.stderr)![1]!);
    const branches = [...result.stderr.matchAll(/^ {2}\[fan#\d \w\] +ok +1 +(\S+)$/gm)].map((match) => ms(match[1]!));
    expect(branches).toHaveLength(8);
    expect(total).toBeGreaterThanOrEqual(Math.max(...branches) - 1); // each is rounded to the ms
  });

  it('branch lines are prefixed and streamed; the summary is on stderr; -q drops every addition', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const result = await runTea(['run', 'wf.yaml', ...input], { cwd: dir });
    const lines = result.stdout.split('\n');
    for (const item of ['a', 'bad', 'c']) expect(lines.filter((line) => new RegExp(`^\\[fan#\\d ${item}\\] ${item} line \\d$`).test(line))).toHaveLength(3);
    expect(result.stdout).not.toMatch(/branches|::group::|-----/);
    expect(result.stderr).toMatch(/fan: 3 branches, 2 ok, 1 failed in \S+\n {2}branch +status +attempts +duration +error\n {2}\[fan#0 a\] +ok +1 +\S+\n {2}\[fan#1 bad\] +failed +1 +\S+ +broken\n/);
    expect(result.stderr).not.toContain('\u001b[');
    const quiet = await runTea(['run', 'wf.yaml', ...input, '-q'], { cwd: dir });
    // Only what the branches wrote to stderr: no summary, no recap, no logs.
    expect(quiet.stderr.split('\n').filter(Boolean).sort()).toEqual(['[fan#0 a] a on stderr', '[fan#1 bad] bad on stderr', '[fan#2 c] c on stderr']);
  });

  it('--results DIR keeps each branch\'s stdout, stderr and result.json (with TEA\'s record)', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const result = await runTea(['run', 'wf.yaml', ...input, '-q', '--results', 'out'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(dir, 'out/fan')).sort()).toEqual(['0', '1', '2']);
    expect(readFileSync(path.join(dir, 'out/fan/1/stdout'), 'utf8')).toBe('bad line 0\nbad line 1\nbad line 2\n');
    expect(readFileSync(path.join(dir, 'out/fan/1/stderr'), 'utf8')).toContain('bad on stderr\n');
    const bad = JSON.parse(readFileSync(path.join(dir, 'out/fan/1/result.json'), 'utf8'));
    expect(bad).toMatchObject({ node: 'fan', branch: 'fan[1]', index: 1, item: 'bad', status: 'failed', attempts: 1, exit_code: 1, error: 'broken' });
    expect(bad.record).toMatchObject({ branch: 'fan[1]', success: false, error: 'broken' });
    const ok = JSON.parse(readFileSync(path.join(dir, 'out/fan/0/result.json'), 'utf8'));
    expect(ok.record.state).toMatchObject({ item: 'a', done: 'a' });
  });

  it('logs: quiet by default; --log-level and TEA_LOG_LEVEL on stderr; --log-file JSON lines; never on stdout', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const plain = await runTea(['run', 'wf.yaml', ...input, '-q'], { cwd: dir });
    expect(plain.stderr).not.toMatch(/^(DEBUG|INFO):/m);
    const debug = await runTea(['run', 'wf.yaml', ...input, '-q', '-o', '-', '--log-level', 'debug'], { cwd: dir });
    expect(JSON.parse(debug.stdout)).toHaveProperty('parallel_results');
    expect(debug.stderr).toMatch(/^INFO: fan-out started \{"node":"fan","branches":3,"strategy":"process","max_concurrency":3\}$/m);
    expect(debug.stderr).toMatch(/^DEBUG: branch started \{"branch":"fan\[0\]","attempt":1,"pid":\d+\}$/m);
    // Children inherit the level: their own debug lines come back prefixed.
    expect(debug.stderr).toMatch(/^\[fan#1 bad\] DEBUG: run failed \{"node":"work","code":"NODE_FAILED","error":"broken"\}$/m);
    const fromEnv = await runTea(['run', 'wf.yaml', ...input, '-q'], { cwd: dir, env: { TEA_LOG_LEVEL: 'info' } });
    expect(fromEnv.stderr).toMatch(/^INFO: run completed$/m);
    expect(fromEnv.stderr).not.toMatch(/^DEBUG:/m);
    await runTea(['run', 'wf.yaml', ...input, '-q', '--log-level', 'info', '--log-file', 'tea.log'], { cwd: dir });
    const records = readFileSync(path.join(dir, 'tea.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toContainEqual(expect.objectContaining({ level: 30, msg: 'fan-in', node: 'fan', failed: 1 }));
    const bad = await runTea(['run', 'wf.yaml', '--log-level', 'loud'], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('a --trace-file or --results path that cannot be written: a clear error, exit 1, nothing run', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut, 'a-file': 'not a folder' });
    for (const [flag, target, text] of [
      ['--trace-file', 'a-file/nested/trace.jsonl', 'Cannot write the --trace-file a-file/nested/trace.jsonl: a part of its path is not a folder'],
      ['--trace-file', 'no-such-folder/trace.jsonl', 'Cannot write the --trace-file no-such-folder/trace.jsonl: its folder does not exist'],
      ['--results', 'a-file/results', 'Cannot create the --results folder a-file/results: a part of its path is not a folder'],
    ]) {
      const result = await runTea(['run', 'wf.yaml', ...input, '--no-journal', flag!, target!], { cwd: dir });
      expect([result.code, result.stderr, result.stdout]).toEqual([1, `Error: ${text}\n`, '']);
    }
  });

  it('--stream and --output - both want stdout: refused', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const result = await runTea(['run', 'wf.yaml', '--stream', '--output', '-'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error: --stream and --output - are mutually exclusive (both write to stdout)\n' });
  });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs tea on a pseudo-terminal (util-linux script(1)): stdout and stderr are one TTY, as in tmux. */
function onTerminal(args: string[], cwd: string): string {
  const command = [process.execPath, teaBin, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('script', ['-qfec', command, '/dev/null'], { cwd, env: testEnvironment({ COLUMNS: '120' }), encoding: 'utf8' });
}

describe.skipIf(!hasScript)('on a terminal (pseudo-TTY)', () => {
  it('coloured prefixes, whole lines, a progress line that leaves nothing behind, and the summary', () => {
    const dir = workflowDir({ 'wf.yaml': fanOut });
    const bytes = onTerminal(['run', 'wf.yaml', ...input], dir);
    expect(bytes).toMatch(/\u001b\[\d+m\[fan#\d a\]\u001b\[39m a line 0/);
    const rows = screenRows(bytes);
    expect(rows.filter((row) => / running · .* queued · /.test(row))).toEqual([]);
    for (const item of ['a', 'bad', 'c']) expect(rows.filter((row) => new RegExp(`^\\[fan#\\d ${item}\\] ${item} line \\d$`).test(row))).toHaveLength(3);
    expect(rows).toContain('✓ fan');
    expect(rows.some((row) => row.startsWith('fan: 3 branches, 2 ok, 1 failed'))).toBe(true);
  });

  it('inline branches writing to sys.stderr get whole, prefixed rows, never the progress line\'s row', () => {
    // The pause lets the progress line be drawn before the branches write.
    const inline = fanOut.replace('    max_concurrency: 3\n', '    max_concurrency: 3\n    strategy: thread\n').replace(/( *)import sys\n/, '$1import sys, time\n$1time.sleep(0.5)\n');
    const dir = workflowDir({ 'wf.yaml': inline });
    const rows = screenRows(onTerminal(['run', 'wf.yaml', ...input], dir));
    for (const item of ['a', 'bad', 'c']) expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^\\[fan#\\d ${item}\\] ${item} on stderr$`)));
    expect(rows.filter((row) => row.includes('on stderr') && !row.startsWith('[fan#'))).toEqual([]);
    expect(rows.filter((row) => / running · .* queued · /.test(row))).toEqual([]);
  });

  it('a workflow without parallel nodes looks the same on a terminal as in a pipe', async () => {
    const dir = workflowDir({ 'wf.yaml': 'nodes:\n  - name: a\n    run: |\n      print("hello")\n      return {"x": 1}\n' });
    const piped = await runTea(['run', 'wf.yaml'], { cwd: dir });
    expect(screenRows(onTerminal(['run', 'wf.yaml'], dir))).toEqual(piped.stdout.trimEnd().split('\n'));
  });
});

describe('tea run --dry-run, tea graph, tea inspect exist', () => {
  it('are listed in the help', async () => {
    const help = await runTea(['--help']);
    expect(help.stdout).toMatch(/graph .*\n/);
    expect(help.stdout).toMatch(/inspect .*\n/);
    expect((await runTea(['run', '--help'])).stdout).toContain('--dry-run');
    expect(existsSync(teaBin)).toBe(true);
  });
});
