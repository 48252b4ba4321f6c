import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';

// bin/start-bundle.js on a small CommonJS file, each load in a fresh Node as tea's start is.
const dir = mkdtempSync(path.join(os.tmpdir(), 'tea-code-cache-'));
const script = path.join(dir, 'bundle.cjs');
const cache = `${script}.${process.version}-${process.arch}.cache`;
const loader = path.join(repoRoot, 'bin/start-bundle.js');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Started as a file, not with -e: the flags Node was given (-e included) pick the cache.
const runner = path.join(mkdtempSync(path.join(os.tmpdir(), 'tea-code-cache-runner-')), 'load.mjs');
writeFileSync(runner, `import { requireWithCodeCache } from ${JSON.stringify(loader)};
console.log(JSON.stringify({ answer: requireWithCodeCache(${JSON.stringify(script)}).answer() }));
`);
afterAll(() => rmSync(path.dirname(runner), { recursive: true, force: true }));

function load(nodeFlags: string[] = []): number {
  return (JSON.parse(execFileSync(process.execPath, [...nodeFlags, runner], { encoding: 'utf8' })) as { answer: number }).answer;
}

describe('the bundle loader', () => {
  it('writes the code cache beside the script on the first start, then reuses it untouched', () => {
    writeFileSync(script, 'const path = require("node:path");\nexports.answer = () => path.sep.length * 42;\n');
    expect(existsSync(cache)).toBe(false);
    expect(load()).toBe(42);
    expect(existsSync(cache)).toBe(true);
    const written = readFileSync(cache);
    const writtenAt = statSync(cache).mtimeMs;
    expect(load()).toBe(42);
    expect(statSync(cache).mtimeMs).toBe(writtenAt);
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('replaces a cache that no longer matches the script', () => {
    writeFileSync(script, 'exports.answer = () => 7;\n'); // another length: V8 rejects the old cache
    const before = readFileSync(cache);
    expect(load()).toBe(7);
    expect(readFileSync(cache).equals(before)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([path.basename(script), path.basename(cache)].sort()); // no partial file left
  });

  it('keeps a separate cache for runs under other Node flags, so neither replaces the other', () => {
    const flagless = readFileSync(cache);
    expect(load(['--stack-size=2000'])).toBe(7);
    const others = readdirSync(dir).filter((name) => name.endsWith('.cache') && name !== path.basename(cache));
    expect(others).toHaveLength(1);
    expect(readFileSync(cache).equals(flagless)).toBe(true);
  });
});
