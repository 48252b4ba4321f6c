import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examplesSandbox } from '../helpers/examples.js';
import { makeTag, waitFor, waitForNoTagged } from '../helpers/leftovers.js';
import { shellEnvUnset, teaBin } from '../helpers/run-cli.js';

// One tmux server per test: a server whose last session ended exits on its own, and a
// new session started on its socket while it is still shutting down fails with
// "server exited unexpectedly".
const sockets: string[] = [];
function tmuxServer(name: string) {
  const socket = `tea-test-${process.pid}-${name}`;
  sockets.push(socket);
  return (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

afterAll(() => {
  for (const socket of sockets) {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});

describe('inside tmux', () => {
  it('the phased pipeline started with tmux new-session -d finishes and leaves no process', async () => {
    const tmux = tmuxServer('pipeline');
    const cwd = examplesSandbox();
    const tag = makeTag();
    const command = `${shellEnvUnset} TEA_TEST_TAG=${tag.value} ${process.execPath} ${teaBin} run phased-pipeline.yaml > out.txt 2>&1; echo $? > code.txt`;
    tmux('new-session', '-d', '-s', 'pipeline', '-c', cwd, command);
    const codeFile = path.join(cwd, 'code.txt');
    await waitFor(() => existsSync(codeFile) && readFileSync(codeFile, 'utf8').endsWith('\n'), 30_000, 'the run in tmux to finish');
    expect(readFileSync(codeFile, 'utf8').trim()).toBe('0');
    expect(readFileSync(path.join(cwd, 'out.txt'), 'utf8')).toContain('Total: 5 tasks\n');
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('killing the tmux session (SIGHUP) mid-run stops the run and every branch', async () => {
    const tmux = tmuxServer('slow');
    const cwd = examplesSandbox();
    const tag = makeTag();
    const slow = path.join(cwd, 'slow.yaml');
    writeFileSync(
      slow,
      'nodes:\n  - name: fan\n    type: dynamic_parallel\n    items: [1, 2, 3]\n    fan_in: done\n    steps:\n      - run: |\n          import time\n          print("started", flush=True)\n          time.sleep(60)\n  - name: done\n    run: |\n      return {}\n',
    );
    const command = `${shellEnvUnset} TEA_TEST_TAG=${tag.value} ${process.execPath} ${teaBin} run slow.yaml > out.txt 2>&1`;
    tmux('new-session', '-d', '-s', 'slow', '-c', cwd, command);
    await waitFor(() => existsSync(path.join(cwd, 'out.txt')) && (readFileSync(path.join(cwd, 'out.txt'), 'utf8').match(/started/g) ?? []).length === 3, 30_000, 'three branches to start');
    tmux('kill-session', '-t', 'slow');
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });
});
