// Parallel fan-out cost per strategy: trivial items, sleeping items, and a child's start-up.
// Runs the built CLI (`npm run bench` builds first). Figures are medians of 3 runs.
import { fixed, medianRun, printTable, writeWorkflow } from './bench-lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const fanOut = (count, code, concurrency = 16) => `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ range(${count}) | list }}"
    max_concurrency: ${concurrency}
    fan_in: done
    steps:
      - run: |
          ${code}
  - name: done
    run: |
      return {"n": len(parallel_results)}
`;
const trivial = writeWorkflow('trivial-100.yaml', fanOut(100, 'return {"v": state["item"]}'));
const sleeping = writeWorkflow('sleep-64.yaml', fanOut(64, 'import time\n          time.sleep(0.1)\n          return {}'));
const baseline = writeWorkflow('baseline.yaml', fanOut(0, 'return {}'));
const oneJs = writeWorkflow('one-js.yaml', 'nodes:\n  - name: a\n    run: "// js\\nreturn { ok: true };"\n');
const onePy = writeWorkflow('one-py.yaml', 'nodes:\n  - name: a\n    run: |\n      return {"ok": True}\n');

const base = medianRun([baseline, '-q'], {}, runs);
const rows = [];
for (const strategy of ['process', 'inline']) {
  const env = { TEA_PARALLEL_STRATEGY: strategy };
  const trivialMs = medianRun([trivial, '-q'], { env }, runs);
  const sleepMs = medianRun([sleeping, '-q'], { env }, runs);
  rows.push([
    strategy,
    fixed(trivialMs),
    fixed((trivialMs - base) / 100, 2),
    fixed(sleepMs),
    fixed((sleepMs - base) / 1000, 2),
    fixed((sleepMs - base) / 400, 2),
  ]);
}
console.log(`Whole run of an empty fan-out (start-up floor): ${fixed(base)} ms\n`);
printTable(['strategy', '100 trivial: ms', 'ms/item', '64×100ms @16: ms', 'fan-out s', 'vs 0.4 s ideal'], rows);

const childJs = medianRun([oneJs, '--input', '-', '--output', '-', '-q'], { input: '{}' }, 10);
const childPy = medianRun([onePy, '--input', '-', '--output', '-', '-q'], { input: '{}' }, 10);
console.log('\nChild tea start-up (`tea run WF --input - --output -`, whole process, median of 10):');
printTable(['workflow', 'ms'], [
  ['1 JavaScript node', fixed(childJs)],
  ['1 Python node', fixed(childPy)],
]);
