// Shared by the benchmark scripts: temp workflows, timing whole `tea` runs, printing tables.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const teaBin = path.join(root, 'bin/tea.js');
export const scratch = mkdtempSync(path.join(os.tmpdir(), 'tea-bench-'));

export function writeWorkflow(name, yaml) {
  const file = path.join(scratch, name);
  writeFileSync(file, yaml);
  return file;
}

/**
 * Wall time of one `tea run`, in ms; throws when the run fails. With `measureRss`, also the
 * peak resident memory of the tea process (VmHWM, sampled every 20 ms): `{ms, peakKb}`.
 */
export function timeRun(args, { env = {}, input, measureRss = false } = {}) {
  if (measureRss) return timeRunWithRss(args, env);
  const started = performance.now();
  const result = spawnSync(process.execPath, [teaBin, 'run', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`tea run ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return ms;
}

/** Wall time of any command, in ms (it may fail: GNU parallel's exit code counts failed jobs). */
export function timeCommand(command, args) {
  const started = performance.now();
  spawnSync(command, args, { stdio: 'ignore', shell: false });
  return performance.now() - started;
}

function timeRunWithRss(args, env) {
  // A tiny watcher process polls /proc while spawnSync blocks this one.
  const watcher = `
    const { spawn } = require('node:child_process'); const fs = require('node:fs');
    const started = performance.now(); let peak = 0;
    const child = spawn(process.execPath, ${JSON.stringify([teaBin, 'run', ...args])}, { stdio: 'ignore', env: { ...process.env, ...${JSON.stringify(env)} } });
    const poll = setInterval(() => { try { const m = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + child.pid + '/status', 'utf8')); if (m) peak = Math.max(peak, Number(m[1])); } catch {} }, 20);
    child.on('exit', (code) => { clearInterval(poll); console.log(JSON.stringify({ ms: performance.now() - started, peakKb: peak, code })); });`;
  const result = spawnSync(process.execPath, ['-e', watcher], { encoding: 'utf8' });
  const measured = JSON.parse(result.stdout);
  if (measured.code !== 0) throw new Error(`tea run ${args.join(' ')} failed (${measured.code})`);
  return measured;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median wall time of `runs` runs (after one warm-up run that fills OS caches). */
export function medianRun(args, options = {}, runs = 3) {
  timeRun(args, options);
  return median(Array.from({ length: runs }, () => timeRun(args, options)));
}

export function printTable(headers, rows) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export const fixed = (value, digits = 1) => Number(value).toFixed(digits);
