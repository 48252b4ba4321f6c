// Cost of a trivial Python block: the warm worker vs a fresh `python3 -c` per block.
// Runs against the build: `npx tsc -p tsconfig.build.json && node scripts/bench-python.mjs`
import { spawnSync } from 'node:child_process';
import { resolvePythonInterpreter } from '../dist/runtimes/python/interpreter.js';
import { PythonWorker } from '../dist/runtimes/python/worker-client.js';

const warmBlocks = Number(process.env.WARM_BLOCKS ?? 1000);
const freshRuns = Number(process.env.FRESH_RUNS ?? 20);
const block = (n) => ({ kind: 'exec', code: 'return {"n": state["n"] + 1}', node: 'bench', state: { n }, variables: {} });

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const resolveMs = await time(resolvePythonInterpreter);
const python = await resolvePythonInterpreter();
const worker = new PythonWorker({ python });
const coldMs = await time(() => worker.run(block(0)));
for (let i = 0; i < 50; i++) await worker.run(block(i)); // let caches settle
const warmMs = await time(async () => {
  for (let i = 0; i < warmBlocks; i++) await worker.run(block(i));
});
const parallelMs = await time(async () => {
  for (let i = 0; i < warmBlocks; i += 16) await Promise.all(Array.from({ length: 16 }, (_, k) => worker.run(block(i + k))));
});
await worker.close();

function fresh(command) {
  const script = 'import json, sys; state = json.loads(sys.argv[1]); print(json.dumps({"n": state["n"] + 1}))';
  const started = performance.now();
  for (let i = 0; i < freshRuns; i++) {
    const run = spawnSync(command, ['-c', script, JSON.stringify({ n: i })], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  }
  return (performance.now() - started) / freshRuns;
}
const freshMs = fresh(python);
const shimMs = python === 'python3' ? undefined : fresh('python3');

const rows = [
  ['interpreter lookup (first call)', resolveMs, python],
  ['cold start: spawn + first block', coldMs, ''],
  [`warm block, sequential (${warmBlocks})`, warmMs / warmBlocks, 'ms/block'],
  [`warm block, 16 at a time (${warmBlocks})`, parallelMs / warmBlocks, 'ms/block'],
  [`fresh \`<resolved> -c\` (${freshRuns})`, freshMs, 'ms/block'],
  ...(shimMs === undefined ? [] : [[`fresh \`python3 -c\` via PATH (${freshRuns})`, shimMs, 'ms/block']]),
];
const width = Math.max(...rows.map(([name]) => name.length)) + 2;
console.log(`${'measure'.padEnd(width)}${'ms'.padStart(10)}  note`);
for (const [name, ms, note] of rows) console.log(`${name.padEnd(width)}${ms.toFixed(3).padStart(10)}  ${note}`);
console.log(`\nwarm worker is ${(freshMs / (warmMs / warmBlocks)).toFixed(0)}x cheaper per block than a fresh interpreter`);
