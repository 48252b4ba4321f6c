#!/usr/bin/env node
// The esbuild bundle with its code cache starts several times faster than the tsc output
// (one precompiled file instead of ~200 modules); the tsc output is the fallback when only
// `tsc` has run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/bundle/tea.cjs', import.meta.url));
const { main } = existsSync(bundle)
  ? (await import('./start-bundle.js')).requireWithCodeCache(bundle)
  : await import(new URL('../dist/cli/main.js', import.meta.url).href);
main(process.argv.slice(2));
