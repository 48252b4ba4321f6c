import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';

describe('the README', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const [install, tests] = readme.split("\n").slice(3, 5);

  it('starts with the install-and-run command and the test command', () => {
    expect(install).toMatch(/^npm ci && npm run build && node bin\/tea\.js run examples\/\S+\.yaml$/);
    expect(tests).toBe('npm ci && npm test');
  });

  it('.ci/run runs exactly the README test command', () => {
    const ci = readFileSync(path.join(repoRoot, '.ci/run'), 'utf8');
    expect(ci.split('\n')).toContain(tests);
  });

  it('the main job is a parallel example that exists', () => {
    const example = /run (examples\/\S+\.yaml)$/.exec(install!)![1]!;
    const text = readFileSync(path.join(repoRoot, example), 'utf8');
    expect(text).toMatch(/type: dynamic_parallel|parallel: true|type: parallel/);
  });

  it('package.json and the CLI agree on the version', async () => {
    const { version } = await import('../../src/cli/version.js');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
  });
});
