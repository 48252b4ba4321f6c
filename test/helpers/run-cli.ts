import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ciVariables } from '../../src/observe/ci.js';

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

/**
 * The environment a test's `tea` gets: ours without what changes how tea renders (CI
 * detection, forced colour, log settings), so a suite run in CI sees what it sees locally;
 * a test that wants them passes them in `env`.
 */
export function testEnvironment(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of renderingVariables) delete base[name];
  return { ...base, ...env };
}

const renderingVariables = [...ciVariables, 'FORCE_COLOR', 'NO_COLOR', 'TEA_LOG_LEVEL', 'TEA_LOG_FILE'];

/** The same, for a shell command line: `env -u CI -u ... <command>`. */
export const shellEnvUnset = `env ${renderingVariables.map((name) => `-u ${name}`).join(' ')}`;

/** Runs the built `tea` (dist/) as a user would, and collects everything it printed. */
export function runTea(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [teaBin, ...args], {
      cwd: options.cwd,
      env: testEnvironment(options.env),
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

/** Every folder tempDir() made in this test file; test/helpers/temp-cleanup.ts removes them. */
export const createdTempDirs: string[] = [];

/** A fresh folder under the system temp dir, removed after the test file's last test. */
export function tempDir(prefix = 'tea-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  createdTempDirs.push(dir);
  return dir;
}

/** Writes a workflow into a fresh temp folder and returns its path. */
export function writeWorkflow(yaml: string, name = 'wf.yaml', dir = tempDir()): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}
