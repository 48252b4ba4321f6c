import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding tea's package.json. Files that ship beside the code (the Python worker,
 * the Lua worker, the Prolog driver, bin/tea.js) are found from here, whether this module
 * runs from src/ (tests), dist/ (tsc) or dist/bundle/ (esbuild).
 */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tea-runner') return dir;
    if (path.dirname(dir) === dir) throw new Error(`tea: cannot find its package folder above ${start}`);
  }
}

/** A path inside the package. */
export function packagePath(...parts: string[]): string {
  return path.join(packageRoot, ...parts);
}
