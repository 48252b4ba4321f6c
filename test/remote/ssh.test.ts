import { fanOutYaml, slowAndBadBranch } from '../helpers/fan-out-yaml.js';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRemoteConfig } from '../../src/parallel/strategies/remote/config.js';
import { makeSshRunner } from '../../src/parallel/strategies/remote/ssh-runner.js';
import { makeTag, processesWithTag, waitFor } from '../helpers/leftovers.js';
import { runTea, teaBin } from '../helpers/run-cli.js';
import { startTea } from '../helpers/spawn-tea.js';
import { workflowDir } from '../helpers/workflow-dir.js';
import { runBranchSuite } from './branch-suite.js';
import { startSshd, stopSshd } from './services.js';

// TEA's `remote` strategy over SSH with GNU parallel, end to end on one machine: one real
// sshd (scripts/services/sshd.sh) answering as two hosts, tea-a (127.0.0.1) and tea-b (127.0.0.2).
let ssh: { config: string; hosts: string[]; startedHere: boolean };
const workdir = `/tmp/tea-jobs-test-${process.pid}`;

beforeAll(() => {
  ssh = startSshd();
}, 300_000);

afterAll(() => {
  if (ssh?.startedHere) stopSshd();
});

function remoteSettings(): string {
  return `settings:
  parallel:
    strategy: remote
    remote:
      hosts: [${ssh.hosts.join(', ')}]
      ssh_config: ${ssh.config}
      workdir: ${workdir}
      tea_command: ${process.execPath} ${teaBin}
      env_vars:
        include: [TEA_TEST_TAG]
        mode: export_file
`;
}

function fanOut(code: string, extra = ''): string {
  return fanOutYaml(code, { settings: remoteSettings(), extra });
}

runBranchSuite('remote (SSH, GNU parallel)', () => ({
  createRunner: (context) => makeSshRunner(context, resolveRemoteConfig({ parallel: { remote: { hosts: ssh.hosts, ssh_config: ssh.config, workdir, tea_command: `${process.execPath} ${teaBin}` } } }).ssh),
  ownsProcesses: true,
}));

describe('strategy: remote over SSH (TEA settings)', () => {
  const tag = makeTag();
  const leftovers = async () => {
    await waitFor(() => processesWithTag(tag.value).length === 0, 15_000, 'remote processes to end').catch(() => undefined);
    return processesWithTag(tag.value).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  };

  it('runs branches on both hosts and returns them in input order; the job folders are removed', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('import os\nprint("on", os.environ["SSH_CONNECTION"].split()[2])\nreturn {"v": state["item"] * 2, "host": os.environ["SSH_CONNECTION"].split()[2]}') });
    const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', '{"items": [1, 2, 3, 4]}'], { cwd: dir, env: tag.env });
    expect(result.code, result.stderr).toBe(0);
    const state = JSON.parse(result.stdout) as { results: { state: { v: number; host: string } }[] };
    expect(state.results.map((record) => record.state.v)).toEqual([2, 4, 6, 8]);
    expect(new Set(state.results.map((record) => record.state.host))).toEqual(new Set(['127.0.0.1', '127.0.0.2']));
    expect(result.stderr).toMatch(/on 127\.0\.0\.[12]/);
    expect(readdirSync(workdir)).toEqual([]);
  });

  it('fail_fast kills the running remote branch; nothing is left on either host', async () => {
    const code = slowAndBadBranch;
    const dir = workflowDir({ 'wf.yaml': fanOut(code, '    max_concurrency: 2\n    fail_fast: true\n') });
    const started = Date.now();
    const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', JSON.stringify({ items: ['bad', 'slow', 'later'], markers: dir })], { cwd: dir, env: tag.env });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(25_000);
    const state = JSON.parse(result.stdout) as { results: { error: string | null }[] };
    expect(state.results.map((record) => record.error)).toEqual(['bad item', 'Cancelled due to fail_fast', 'Cancelled due to fail_fast']);
    expect(await leftovers()).toEqual([]);
    expect(readdirSync(workdir)).toEqual([]);
  });

  it('SIGTERM on the supervisor: the remote jobs die; nothing is left on either host', async () => {
    const code = 'import os, time\nopen(os.path.join(state["markers"], "%d.running" % state["index"]), "w").close()\ntime.sleep(60)\nreturn {}';
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [0, 1], markers: dir })], { cwd: dir, env: tag.env });
    await waitFor(() => readdirSync(dir).filter((name) => name.endsWith('.running')).length === 2, 30_000, 'two remote branches to run');
    tea.child.kill('SIGTERM');
    expect((await tea.exited).code).toBe(143);
    expect(await leftovers()).toEqual([]);
  });
});
