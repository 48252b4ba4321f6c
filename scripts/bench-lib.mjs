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

/** Wall time of one `tea run`, in ms; throws when the run fails. */
export function timeRun(args, { env = {}, input } = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [teaBin, 'run', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`tea run ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return ms;
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
