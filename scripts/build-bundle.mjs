// Bundles the CLI into dist/bundle/ with esbuild: one file to load instead of ~200 modules,
// which is most of a child `tea`'s start-up. Lazy `import()`s stay separate chunks, so a
// branch that never renders a template or calls an action never loads them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// esbuild leaves chunks from earlier builds behind; start clean.
rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded from their own package folders at run time: wasm files, optional remote clients.
  external: ['wasmoon', 'bullmq', 'ioredis', 'pino', 'pino-pretty', 'thread-stream'],
  // CommonJS dependencies inside an ES module bundle still call `require` for Node's builtins.
  banner: { js: "import { createRequire as __teaCreateRequire } from 'node:module'; const require = __teaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
