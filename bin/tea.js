#!/usr/bin/env node
// The esbuild bundle starts several times faster than the tsc output (one file instead of
// ~200 modules); the tsc output is the fallback when only `tsc` has run.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : new URL('../dist/cli/main.js', import.meta.url).href);
main(process.argv.slice(2));
