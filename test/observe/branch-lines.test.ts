import { describe, expect, it } from 'vitest';
import type { TeaEvent } from '../../src/observe/events.js';
import { LineAssembler } from '../../src/observe/line-assembler.js';
import { branchTag, prefixFor } from '../../src/observe/prefix.js';
import { selectRenderer, type RenderSelection } from '../../src/cli/render/select-renderer.js';
import { CapturePrinter, fakeFacts } from '../helpers/capture-printer.js';
import { fanOutScript } from './fan-out-events.js';

const selection: RenderSelection = { file: 'wf.yaml', quiet: false, verbose: false, heartbeat: false, scoped: false, autoTrace: false, locate: () => undefined, stream: false };

/** Renders `events` through the real composition root, as `tea run` does. */
function render(events: TeaEvent[], options: { selection?: Partial<RenderSelection>; env?: NodeJS.ProcessEnv; stdoutIsTTY?: boolean } = {}) {
  const printer = new CapturePrinter(options.selection?.output === '-');
  const renderer = selectRenderer(printer, { ...selection, ...options.selection }, fakeFacts(printer, { env: options.env ?? {}, stdoutIsTTY: options.stdoutIsTTY ?? false }));
  for (const event of events) renderer.emit(event);
  renderer.finish();
  return printer;
}

/** Three branches whose chunks interleave and split lines anywhere. */
function interleaved() {
  const s = fanOutScript(['alpha', 'beta', 'gamma']);
  const events = [
    ...s.start(),
    s.started(0),
    s.started(1),
    s.out(0, 'a1 he'),
    s.out(1, 'b1\nb2 par'),
    s.out(0, 'llo\na2\n'),
    s.out(1, 'tial\n'),
    s.out(1, 'oops\n', 'stderr'),
    s.started(2),
    s.out(2, 'c1\n'),
    s.out(0, 'a3 no newline'),
    s.finished(1, 'failed', 'broken'),
    s.out(2, 'c2\n'),
    s.finished(0),
    s.finished(2),
    ...s.end(1),
  ];
  return { s, events };
}

describe('branch lines: prefixes and whole lines (D12)', () => {
  it('the prefix is [node#index item]; static branches show their start node; control characters never split it', () => {
    expect(prefixFor({ node: 'fan', index: 3, name: 'fan[3]', label: 'task-3' })).toBe('[fan#3 task-3] ');
    expect(branchTag({ node: 'prepare', index: 1, name: 'extract_entities' })).toBe('[prepare#1 extract_entities]');
    expect(branchTag({ node: 'fan', index: 0, name: 'fan[0]' })).toBe('[fan#0]');
    expect(branchTag({ node: 'fan', index: 0, name: 'fan[0]', label: 'two\nlines' })).toBe('[fan#0 two lines]');
  });

  it('a line assembler returns whole lines only, and the rest when flushed', () => {
    const lines = new LineAssembler();
    expect(lines.push('ab')).toEqual([]);
    expect(lines.push('c\nde\n\nf')).toEqual(['abc\n', 'de\n', '\n']);
    expect(lines.flush()).toEqual(['f\n']);
    expect(lines.flush()).toEqual([]);
  });

  it('stream order: interleaved chunks come out as whole prefixed lines, stdout and stderr apart, no colour off a TTY', () => {
    const printer = render(interleaved().events);
    const branchLines = printer.stdout.split('\n').filter((line) => line.startsWith('[fan#'));
    expect(branchLines).toEqual(['[fan#1 beta] b1', '[fan#0 alpha] a1 hello', '[fan#0 alpha] a2', '[fan#1 beta] b2 partial', '[fan#2 gamma] c1', '[fan#2 gamma] c2', '[fan#0 alpha] a3 no newline']);
    expect(printer.stderr).toContain('[fan#1 beta] oops\n');
    expect(printer.terminal).not.toContain('\u001b[');
    // TEA's D13 line for the failure comes after the branch's last lines.
    expect(printer.stdout.indexOf('✗ Branch fan[1] failed: broken')).toBeGreaterThan(printer.stdout.indexOf('[fan#1 beta] b2 partial'));
  });

  it('colour: on for a TTY, off with NO_COLOR, forced by FORCE_COLOR; the text is unchanged', () => {
    const { events } = interleaved();
    const tty = render(events, { stdoutIsTTY: true });
    expect(tty.stdout).toContain('\u001b[36m[fan#0 alpha]\u001b[39m a2\n');
    expect(tty.stdout).toContain('\u001b[35m[fan#1 beta]\u001b[39m b1\n');
    expect(render(events, { stdoutIsTTY: true, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(render(events, { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[33m[fan#2 gamma]\u001b[39m c1\n');
  });

  it('a run without fan-outs renders exactly as before: no summary, nothing on stderr', () => {
    const events: TeaEvent[] = [
      { type: 'run_start', workflow: 'wf.yaml', state: {} },
      { type: 'node_start', node: 'a' },
      { type: 'output', node: 'a', stream: 'stdout', text: 'partial' },
      { type: 'output', node: 'a', stream: 'stdout', text: ' line\n' },
      { type: 'node_end', node: 'a', update: {}, state: {}, durationMs: 1 },
      { type: 'final', state: {}, scoped: false },
    ];
    const rule = '='.repeat(80);
    for (const env of [{}, { CI: 'true' }, { GITHUB_ACTIONS: 'true' }]) {
      const printer = render(events, { env });
      expect(printer.stdout).toBe(`${rule}\nRunning agent from: wf.yaml\n${rule}\npartial line\n✓ a\n`);
      expect(printer.stderr).toBe('');
    }
  });
});

describe('grouped order (CI)', () => {
  it('GitHub: each branch is one ::group:: titled with its outcome, written when it finishes; failures are repeated at the end', () => {
    const printer = render(interleaved().events, { env: { GITHUB_ACTIONS: 'true', CI: 'true' } });
    const out = printer.stdout;
    expect(out).toContain('::group::[fan#1 beta] failed · 1 attempt · 1.2s · exit code 1\n[fan#1 beta] b1\n[fan#1 beta] b2 partial\n[fan#1 beta] oops\n::endgroup::\n');
    expect(out).toContain('::group::[fan#0 alpha] ok · 1 attempt · 1.2s\n[fan#0 alpha] a1 hello\n[fan#0 alpha] a2\n[fan#0 alpha] a3 no newline\n::endgroup::\n');
    expect(out).toContain('::group::[fan#2 gamma] ok · 1 attempt · 1.2s\n[fan#2 gamma] c1\n[fan#2 gamma] c2\n::endgroup::\n');
    // Sections in finishing order: beta, alpha, gamma.
    expect(out.indexOf('[fan#1 beta] failed')).toBeLessThan(out.indexOf('[fan#0 alpha] ok'));
    expect(out.indexOf('[fan#0 alpha] ok')).toBeLessThan(out.indexOf('[fan#2 gamma] ok'));
    const recap = printer.stderr.slice(printer.stderr.indexOf('----- Failed branches'));
    expect(recap).toBe(
      '----- Failed branches: 1 of 3 -----\n' +
        '::error title=Branch fan[1] failed::broken\n' +
        '✗ [fan#1 beta] failed · 1 attempt · 1.2s · exit code 1: broken\n' +
        '[fan#1 beta] b1\n[fan#1 beta] b2 partial\n[fan#1 beta] oops\n',
    );
  });

  it('GitLab: collapsed section_start / section_end markers', () => {
    const out = render(interleaved().events, { env: { GITLAB_CI: 'true' } }).stdout;
    expect(out).toMatch(/\u001b\[0Ksection_start:\d+:tea_branch_1\[collapsed=true\]\r\u001b\[0K\[fan#1 beta\] failed · 1 attempt · 1\.2s · exit code 1\n\[fan#1 beta\] b1\n/);
    expect(out).toMatch(/\[fan#1 beta\] oops\n\u001b\[0Ksection_end:\d+:tea_branch_1\r\u001b\[0K\n/);
  });

  it('--log-order overrides the detection both ways; -q keeps the grouping but drops markers, summary and recap', () => {
    const { events } = interleaved();
    expect(render(events, { env: { CI: 'true' }, selection: { logOrder: 'stream' } }).stdout).toContain('[fan#1 beta] b1\n[fan#0 alpha] a1 hello\n');
    const grouped = render(events, { selection: { logOrder: 'grouped' } });
    expect(grouped.stdout).toContain('----- [fan#1 beta] failed · 1 attempt · 1.2s · exit code 1 -----\n[fan#1 beta] b1\n');
    const quiet = render(events, { env: { GITHUB_ACTIONS: 'true' }, selection: { quiet: true } });
    expect(quiet.stdout).toBe('[fan#1 beta] b1\n[fan#1 beta] b2 partial\n[fan#1 beta] oops\n[fan#0 alpha] a1 hello\n[fan#0 alpha] a2\n[fan#0 alpha] a3 no newline\n[fan#2 gamma] c1\n[fan#2 gamma] c2\n');
    expect(quiet.stderr).toBe('');
  });

  it('under --output - the sections go to stderr with the rest of the human output', () => {
    const printer = render(interleaved().events, { env: { GITHUB_ACTIONS: 'true' }, selection: { output: '-' } });
    expect(printer.stdout).toBe('');
    expect(printer.stderr).toContain('::group::[fan#0 alpha] ok');
  });
});

describe('summary table', () => {
  it('at the fan-in, on stderr: one row per branch with status, attempts and duration', () => {
    const printer = render(interleaved().events);
    const table = printer.stderr.slice(printer.stderr.indexOf('fan: 3 branches'));
    expect(table).toBe(
      'fan: 3 branches, 2 ok, 1 failed in ' + table.split(' in ')[1]!.split('\n')[0] + '\n' +
        '  branch         status  attempts  duration  error\n' +
        '  [fan#0 alpha]  ok             1      1.2s\n' +
        '  [fan#1 beta]   failed         1      1.2s  broken\n' +
        '  [fan#2 gamma]  ok             1      1.2s\n',
    );
    expect(printer.stdout).not.toContain('fan: 3 branches');
  });

  it('a later fan-out of the same node with no branches prints no table (and reuses nothing)', () => {
    const { events } = interleaved();
    const printer = render([...events, { type: 'node_start', node: 'fan' }, { type: 'fanin', node: 'fan', fanIn: 'collect', results: 0, failed: 0 }]);
    expect(printer.stderr.split('fan: 3 branches')).toHaveLength(2);
  });

  it('past 20 rows it keeps every failure and says how many ok rows it left out', () => {
    const items = Array.from({ length: 30 }, (_, index) => `i${index}`);
    const s = fanOutScript(items);
    const events = [...s.start(), ...items.flatMap((_, index) => [s.started(index), s.finished(index, index === 25 ? 'timeout' : 'ok', index === 25 ? 'Flow timed out after 1s' : undefined)]), ...s.end(1)];
    const stderr = render(events).stderr;
    expect(stderr).toContain('[fan#25 i25]  timed out');
    expect(stderr).toContain('… 10 more ok branches not shown');
    expect(stderr.split('\n').filter((line) => line.startsWith('  [fan#'))).toHaveLength(20);
  });
});
