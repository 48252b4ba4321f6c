// `npm run bench`: every benchmark script in this folder, one after another (they share two cores).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => /^bench-.+\.mjs$/.test(name))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .sort();
for (const script of scripts) {
  console.log(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, [path.join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
