/**
 * One `swipl` running one block, in its own process group. The payload goes in on stdin,
 * which stays open: the driver halts at end-of-file, so the block dies with tea even when
 * tea is SIGKILLed. Printed lines go to the hooks as they come. The reply is the stdout
 * line that starts with the block's random marker (a third pipe would be a socket on
 * Linux, which swipl cannot open as /dev/fd/3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { registerCleanup } from '../../process/cleanup.js';
import { killGroup, type TermStep } from '../../process/kill-sequence.js';
import { LineSplitter } from '../../process/line-splitter.js';

export interface PrologExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The driver's JSON reply (the marker line without its marker), or '' if it died first. */
  reply: string;
  stderrTail: string;
  spawnError?: Error;
}

/** SIGTERM first (swipl halts cleanly), SIGKILL soon after: a stuck block gets no long grace. */
export const prologTermSequence: TermStep[] = [
  { signal: 'SIGTERM', waitMs: 500 },
  { signal: 'SIGKILL', waitMs: 5000 },
];

const tailLines = 20;

export class PrologProcess {
  readonly exited: Promise<PrologExit>;
  readonly #child: ChildProcess;

  constructor(
    swipl: string,
    args: string[],
    payload: string,
    marker: string,
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
  ) {
    this.#child = spawn(swipl, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const child = this.#child;
    const stderrLines: string[] = [];
    let reply = '';
    const stdout = new LineSplitter((line) => {
      if (line.startsWith(marker)) reply = line.slice(marker.length);
      else onOutput('stdout', line);
    });
    const stderr = new LineSplitter((line) => {
      stderrLines.push(line);
      if (stderrLines.length > tailLines) stderrLines.shift();
      onOutput('stderr', line);
    });
    child.stdout!.setEncoding('utf8').on('data', (text: string) => stdout.push(text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    child.stdin!.on('error', () => {}); // EPIPE when swipl is gone before reading: the exit says why
    child.stdin!.write(`${payload}\n`);
    const unregister = this.pid === undefined ? () => {} : registerCleanup(() => this.kill());
    this.exited = new Promise<PrologExit>((resolve) => {
      let spawnError: Error | undefined;
      child.once('error', (error) => {
        spawnError = error;
        if (child.pid === undefined) finish(null, null);
      });
      child.once('exit', () => child.stdin!.destroy());
      child.once('close', (code, signal) => finish(code, signal));
      function finish(code: number | null, signal: NodeJS.Signals | null): void {
        unregister();
        stdout.flush();
        stderr.flush();
        resolve({ code, signal, reply, stderrTail: stderrLines.join(''), spawnError });
      }
    });
  }

  /** The swipl pid, which is also its process group id (it is spawned detached). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Kills the whole group (TERM, then KILL) and waits until the process has exited. */
  async kill(): Promise<void> {
    if (this.pid !== undefined) await killGroup(this.pid, prologTermSequence);
    await this.exited;
  }
}
