import { spawn, type ChildProcess } from 'node:child_process';
import { teaBin, testEnvironment } from './run-cli.js';

export interface LiveTea {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `tea` and keeps it running, for tests that signal or kill it mid-run. */
export function startTea(args: string[], options: { cwd?: string; env?: Record<string, string>; detached?: boolean } = {}): LiveTea {
  const child = spawn(process.execPath, [teaBin, ...args], {
    cwd: options.cwd,
    env: testEnvironment(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
