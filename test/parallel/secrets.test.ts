import { describe, expect, it } from 'vitest';
import { fanOutYaml } from '../helpers/fan-out-yaml.js';
import { runTea } from '../helpers/run-cli.js';
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
