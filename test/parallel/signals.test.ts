import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { makeTag, processesWithTag, waitFor, waitForNoTagged } from '../helpers/leftovers.js';
import { teaBin } from '../helpers/run-cli.js';
import { startTea } from '../helpers/spawn-tea.js';
import { workflowDir } from '../helpers/workflow-dir.js';

/** Three branches that say they started, then sleep; the fan-in would write a file. */
const sleepers = fanOutYaml('import time\nprint("started", flush=True)\ntime.sleep(60)\nreturn {}', {
  collect: 'open(state["dir"] + "/fanin-ran", "w").close()\nreturn {}',
});

async function startSleepers(extraEnv: Record<string, string> = {}) {
  const dir = workflowDir({ 'wf.yaml': sleepers });
  const tag = makeTag();
  const tea = startTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: [1, 2, 3], dir })], { cwd: dir, env: { ...tag.env, ...extraEnv } });
  await waitFor(() => (tea.stdout().match(/started/g) ?? []).length === 3, 20_000, 'three branches to start');
  return { dir, tag, tea };
}

describe('signals with branches running (D21, issue: own every process)', () => {
  it('first Ctrl-C: forwarded to every branch, nothing new, no fan-in; says what it waits for; exit 130', async () => {
    const { dir, tag, tea } = await startSleepers();
    tea.child.kill('SIGINT');
    const { code } = await tea.exited;
    expect(code).toBe(130);
    expect(tea.stderr()).toContain('Interrupted: waiting for 3 running branches to finish (fan[0], fan[1], fan[2]); press Ctrl-C again to stop them now.');
    expect(tea.stderr()).toContain('Execution interrupted by user (Ctrl+C)');
    expect(existsSync(path.join(dir, 'fanin-ran'))).toBe(false);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('a second Ctrl-C kills what is left; exit 130', async () => {
    const { tag, tea } = await startSleepers();
    tea.child.kill('SIGINT');
    tea.child.kill('SIGINT');
    expect((await tea.exited).code).toBe(130);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s stops every branch group; exit %i', async (signal, code) => {
    const { tag, tea } = await startSleepers();
    tea.child.kill(signal);
    expect((await tea.exited).code).toBe(code);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('SIGKILL of the top tea: the branches see their watch fd close and tear down', async () => {
    const { tag, tea } = await startSleepers();
    expect(processesWithTag(tag.value).length).toBeGreaterThan(3);
    tea.child.kill('SIGKILL');
    await tea.exited;
    expect(await waitForNoTagged(tag.value, 15_000)).toEqual([]);
  });
});

describe('three levels of nesting: tea → branch → bash `tea run` → branches', () => {
  const inner = fanOutYaml('import time\nprint("inner started", flush=True)\ntime.sleep(60)\nreturn {}');
  const outer = fanOutYaml(
    `import subprocess
subprocess.run("${process.execPath} ${teaBin} run inner.yaml --input '{\\"items\\": [1, 2]}'", shell=True, executable="/bin/bash", cwd=state["dir"])
return {}`,
  );

  async function startNested() {
    const dir = workflowDir({ 'wf.yaml': outer, 'inner.yaml': inner });
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '--input', JSON.stringify({ items: ['a', 'b'], dir })], { cwd: dir, env: tag.env });
    // 2 outer branches × 2 inner branches print "inner started" (relayed up through every level).
    await waitFor(() => (tea.stdout().match(/inner started/g) ?? []).length === 4, 30_000, 'the inner branches to start');
    return { tag, tea };
  }

  it('SIGTERM on the top tea leaves nothing at any level', async () => {
    const { tag, tea } = await startNested();
    tea.child.kill('SIGTERM');
    expect((await tea.exited).code).toBe(143);
    expect(await waitForNoTagged(tag.value, 15_000)).toEqual([]);
  });

  it('SIGKILL on the top tea leaves nothing at any level', async () => {
    const { tag, tea } = await startNested();
    tea.child.kill('SIGKILL');
    await tea.exited;
    expect(await waitForNoTagged(tag.value, 15_000)).toEqual([]);
  });
});

describe('no leftovers after a normal end', () => {
  it('a branch that leaves a background process running: its group is ended with it', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('import subprocess\nsubprocess.Popen(["sleep", "60"])\nreturn {}') });
    const tag = makeTag();
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [1, 2], dir })], { cwd: dir, env: tag.env });
    expect((await tea.exited).code).toBe(0);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
    expect(readFileSync(path.join(dir, 'wf.yaml'), 'utf8')).toContain('Popen');
  });
});
