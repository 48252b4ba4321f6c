// Bundles the CLI into one CommonJS file, dist/bundle/tea.cjs, and warms V8's code cache for
// it. A child `tea` is mostly start-up: loading ~200 modules took 250 ms, one ES module
// bundle 130 ms (30 ms of it compiling), the CommonJS bundle through the code cache ~100 ms.
// Node 20 caches compiled code only for scripts (module.enableCompileCache is Node 22), hence
// CommonJS; bin/start-bundle.js loads it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/bundle/tea.cjs');

// Earlier builds may have left chunks or a cache for other code behind: start clean.
rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Loaded from their own package folders at run time: wasm files, optional remote clients.
  external: ['wasmoon', 'bullmq', 'ioredis', 'pino', 'pino-pretty', 'thread-stream'],
  // Our modules find their package folder (the Python worker, ...) from their own URL.
  define: { 'import.meta.url': '__teaModuleUrl' },
  banner: { js: "const __teaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
});

// A cached script has no module loader behind `import()`: it would fail only when reached.
const dynamicImport = /[^\w$.]import\(\s*["'`]/.exec(readFileSync(bundle, 'utf8'));
if (dynamicImport) throw new Error(`build-bundle: the bundle keeps a dynamic import (${dynamicImport[0].trim()}...); load it with createRequire instead`);

// The cache holds what one run compiled, so warm it with the run that repeats most: a branch
// child running a Python and a JavaScript step. The warm-up writes the cache as it exits.
const warmUp = spawnSync(
  process.execPath,
  [path.join(root, 'bin/tea.js'), 'run', path.join(root, 'scripts/warm-up.yaml'), '--branch', 'fan', '--input', '-', '--output', '-', '--quiet', '--return-delta'],
  { input: '{"item": 1, "index": 0}', encoding: 'utf8' },
);
if (warmUp.status !== 0) console.warn(`build-bundle: the code cache warm-up failed (tea starts slower):\n${warmUp.stderr}`);
