import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerCleanup } from '../../process/cleanup.js';

const files = new WeakMap<object, string>();

/**
 * The run's secrets for branch children: a file only we can read (mode 0600 in a 0700
 * folder), never the environment or argv, where `ps` and child processes would see them.
 * Written once per run, removed when tea exits. Undefined when there are no secrets.
 */
export function secretsArguments(secrets: Record<string, unknown>): string[] {
  if (Object.keys(secrets).length === 0) return [];
  let file = files.get(secrets);
  if (!file) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tea-secrets-'));
    file = path.join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    files.set(secrets, file);
    registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
  }
  return ['--secrets', `@${file}`];
}
