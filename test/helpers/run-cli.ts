import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const teaBin = path.join(repoRoot, 'bin/tea.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  env?: Record<string, string | undefined>;
}

/** Runs the built `tea` (dist/) as a user would, and collects everything it printed. */
export function runTea(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [teaBin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh folder under the system temp dir. */
export function tempDir(prefix = 'tea-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a workflow into a fresh temp folder and returns its path. */
export function writeWorkflow(yaml: string, name = 'wf.yaml', dir = tempDir()): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}
