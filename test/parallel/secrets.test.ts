import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { runTea, tempDir } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

describe('secrets reach every branch, never through the environment or argv', () => {
  const code = `import os
token = "{{ secrets.token }}"
exposed = any("s3cr3t" in v for v in os.environ.values()) or any("s3cr3t" in open("/proc/%d/cmdline" % os.getppid()).read() for _ in [0])
return {"token": token, "exposed": exposed}`;

  it.each(['process', 'pool', 'inline'])('%s', async (strategy) => {
    const dir = workflowDir({ 'wf.yaml': fanOutYaml(code), 'secrets.json': '{"token": "s3cr3t"}' });
    const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--strategy', strategy, '--secrets', '@secrets.json', '--input', '{"items": [1, 2]}'], { cwd: dir });
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout).results;
    expect(records.map((record: { state: { token: string; exposed: boolean } }) => [record.state.token, record.state.exposed])).toEqual([
      ['s3cr3t', false],
      ['s3cr3t', false],
    ]);
  });
});

describe('the files a run hands its branches (secrets, parsed workflow)', () => {
  it('are gone after the run, and a run removes those a killed tea left behind', async () => {
    const tmp = tempDir('tea-tmpdir-');
    // A pid that has surely ended: a process we started and waited for.
    const deadPid = Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }));
    const orphans = [`tea-secrets-${deadPid}-a1b2c3`, `tea-workflow-${deadPid}-d4e5f6`];
    const alive = `tea-workflow-${process.pid}-g7h8i9`; // its owner still runs: kept
    for (const name of [...orphans, alive]) mkdirSync(path.join(tmp, name));
    const dir = workflowDir({ 'wf.yaml': fanOutYaml('return {"token": "{{ secrets.token }}"}'), 'secrets.json': '{"token": "t"}' });
    const result = await runTea(['run', 'wf.yaml', '-q', '--secrets', '@secrets.json', '--input', '{"items": [1]}'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(result.code).toBe(0);
    expect(readdirSync(tmp).filter((name) => /^tea-(secrets|workflow)-/.test(name))).toEqual([alive]);
  });
});
