// Loads dist/bundle/tea.cjs through V8's code cache, which skips compiling the 1.3 MB bundle
// at every start (the largest share of a child `tea`'s start-up after Node's own). The cache
// sits beside the bundle, one per Node version: the build writes it, and a run that finds it
// missing or rejected writes it again when the folder lets it. `import()` does not work in
// such a script: the bundle uses `require` for what it loads at run time.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export function requireWithCodeCache(file) {
  const cacheFile = `${file}.${process.version}-${process.arch}.cache`;
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
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile));
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

// After the run, so the cache also holds the functions compiled lazily while it ran.
function writeCache(script, cacheFile) {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile); // atomic: concurrent children never read half a cache
  } catch {
    // a read-only install starts without a cache; nothing to report
  }
}
