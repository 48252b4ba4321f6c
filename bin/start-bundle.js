// Loads dist/bundle/tea.cjs through V8's code cache, which skips compiling the bundle at every
// start (the largest share of a child `tea`'s start-up after Node's own). The cache sits
// beside the bundle, one per Node version and set of Node flags: V8 rejects a cache made under
// other flags, and two kinds of runs must not keep replacing each other's. The build writes
// the flagless one; a run that finds its cache missing or rejected writes it when the folder
// lets it. `import()` does not work in such a script: the bundle `require`s what it loads late.
import { accessSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export function requireWithCodeCache(file) {
  const cacheFile = `${file}.${process.version}-${process.arch}${flagsSuffix()}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: compiled as usual, and written at exit
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
  });
  const stale = cachedData === undefined || script.cachedDataRejected;
  if (stale && canWrite(path.dirname(cacheFile))) process.once('exit', () => writeCache(script, cacheFile));
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function flagsSuffix() {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (flags === '') return '';
  let hash = 0x811c9dc5; // FNV-1a: a short stable name without loading node:crypto
  for (let i = 0; i < flags.length; i++) hash = Math.imul(hash ^ flags.charCodeAt(i), 0x01000193);
  return `-${(hash >>> 0).toString(16)}`;
}

// A read-only install runs without a cache, and without making one at every exit.
function canWrite(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// After the run, so the cache also holds the functions compiled lazily while it ran.
function writeCache(script, cacheFile) {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile); // atomic: concurrent children never read half a cache
  } catch {
    // the folder went away or filled up: the next start compiles as usual
  }
}
