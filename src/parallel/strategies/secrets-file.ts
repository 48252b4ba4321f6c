import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateTempDir } from '../../process/private-temp-dir.js';

const files = new WeakMap<object, string>();

/**
 * The run's secrets for branch children: a file only we can read (mode 0600 in a 0700
 * folder), never the environment or argv, where `ps` and child processes would see them.
 * Written once per run, removed when tea exits (or by the next tea, if this one is killed). Undefined when there are no secrets.
 */
export function secretsArguments(secrets: Record<string, unknown>): string[] {
  if (Object.keys(secrets).length === 0) return [];
  let file = files.get(secrets);
  if (!file) {
    file = path.join(makePrivateTempDir('secrets'), 'secrets.json');
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    files.set(secrets, file);
  }
  return ['--secrets', `@${file}`];
}
