// Fan-out cost per strategy on this machine, against GNU parallel (installed when missing)
// and, when TEA_REFERENCE names a command (e.g. "tea" from TEA's Python package), TEA itself.
// Figures: medians of BENCH_RUNS runs (default 3) of whole `tea run` processes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fixed, median, medianRun, printTable, teaBin, timeRun, writeWorkflow, timeCommand } from './lib-bench.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const reference = process.env.TEA_REFERENCE;

const fanOut = (count, code, { concurrency = 16, language = 'python' } = {}) => `nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ range(${count}) | list }}"
    max_concurrency: ${concurrency}
    fan_in: done
    steps:
      - run: |
${language === 'javascript' ? '          // js\n' : ''}          ${code}
  - name: done
    run: |
      return {"n": len(parallel_results)}
`;
const files = {
  trivial100: writeWorkflow('trivial-100.yaml', fanOut(100, 'return {"v": state["item"]}')),
  trivial1000: writeWorkflow('trivial-1000.yaml', fanOut(1000, 'return {"v": state["item"]}')),
  sleep64: writeWorkflow('sleep-64.yaml', fanOut(64, 'import time\n          time.sleep(0.1)\n          return {}')),
  js10000: writeWorkflow('js-10000.yaml', fanOut(10000, 'return { v: state.item };', { language: 'javascript' })),
  empty: writeWorkflow('empty.yaml', fanOut(0, 'return {}')),
  oneJsItem: writeWorkflow('one-js-item.yaml', fanOut(1, 'return { v: state.item };', { language: 'javascript' })),
  onePythonItem: writeWorkflow('one-py-item.yaml', fanOut(1, 'return {"v": state["item"]}')),
  clockItem: writeWorkflow('clock-item.yaml', fanOut(1, 'return { startedAt: Date.now() };', { language: 'javascript' })),
  onePython: writeWorkflow('one-py.yaml', 'nodes:\n  - name: a\n    run: |\n      return {"ok": True}\n'),
  oneJs: writeWorkflow('one-js.yaml', 'nodes:\n  - name: a\n    run: "// js\\nreturn { ok: true };"\n'),
  static4: writeWorkflow('static-4.yaml', `nodes:
  - name: prep
    run: |
      return {}
${['a', 'b', 'c', 'd'].map((name) => `  - name: ${name}\n    run: |\n      return {"${name}": True}\n`).join('')}  - name: join
    run: |
      return {"n": len(parallel_results)}
edges:
${['a', 'b', 'c', 'd'].map((name) => `  - {from: prep, to: ${name}, parallel: true, fan_in: join}\n  - {from: ${name}, to: join}\n`).join('')}  - {from: join, to: __end__}
`),
};

// Exactly what a fan-out spawns per branch: the parent hands over its parsed workflow.
const branchArgs = (file) => {
  const parsed = writeWorkflow(`${file.split('/').pop()}.parsed.json`, JSON.stringify({ file, document: parse(readFileSync(file, 'utf8')) }));
  return [file, '--branch', 'fan', '--input', '-', '--output', '-', '--quiet', '--return-delta', '--parsed-workflow', parsed];
};
const branchChild = (file) => medianRun(branchArgs(file), { input: '{"item": 1, "index": 0}' }, 10);

// From spawning the branch child to its step's first instruction (the step reports Date.now()).
const toFirstInstruction = (file) => {
  const args = [teaBin, 'run', ...branchArgs(file)];
  const once = () => {
    const spawnedAt = Date.now();
    const { stdout } = spawnSync(process.execPath, args, { input: '{"item": 1, "index": 0}', encoding: 'utf8' });
    return JSON.parse(stdout).$tea_delta.set.startedAt - spawnedAt;
  };
  once();
  return median(Array.from({ length: 15 }, once));
};

const strategyRun = (file, strategy, count = runs) => medianRun([file, '-q', '--no-journal', '--strategy', strategy], {}, count);

console.log('### Start-up (whole process, median of 10)\n');
const startRows = [
  ['node -e 0 (the floor of any child)', fixed(median(Array.from({ length: 10 }, () => timeCommand(process.execPath, ['-e', '0'])))), '-'],
  ['1 Python node', fixed(medianRun([files.onePython, '-q', '--no-journal'], {}, 10)), reference ? fixed(median(Array.from({ length: 5 }, () => timeCommand(reference, ['run', files.onePython, '-q'])))) : '-'],
  ['1 JavaScript node', fixed(medianRun([files.oneJs, '-q', '--no-journal'], {}, 10)), '-'],
  ['branch child to its first instruction (JS step)', fixed(toFirstInstruction(files.clockItem)), '-'],
  ['branch child, whole process (JS step)', fixed(branchChild(files.oneJsItem)), '-'],
  ['branch child, whole process (Python step)', fixed(branchChild(files.onePythonItem)), '-'],
  ['empty fan-out (the floor below)', fixed(medianRun([files.empty, '-q', '--no-journal'], {}, 5)), '-'],
];
printTable(['workload', 'tea ms', 'TEA ms'], startRows);
const floor = Number(startRows.find(([name]) => name.startsWith('empty'))[1]);

console.log('\n### dynamic_parallel, max_concurrency 16\n');
const rows = [];
const perItem = (ms, items) => fixed((ms - floor) / items, 2);
for (const strategy of ['process', 'pool', 'inline']) {
  const t100 = strategyRun(files.trivial100, strategy);
  const t1000 = strategy === 'process' ? undefined : strategyRun(files.trivial1000, strategy);
  const sleep = strategyRun(files.sleep64, strategy);
  rows.push([
    strategy,
    fixed(t100),
    perItem(t100, 100),
    t1000 === undefined ? 'skipped' : fixed(t1000),
    t1000 === undefined ? '-' : perItem(t1000, 1000),
    fixed(sleep),
    fixed((sleep - floor) / 400, 2),
  ]);
}
printTable(['strategy', '100 Python: ms', 'ms/item', '1000 Python: ms', 'ms/item', '64×100 ms: ms', '÷ 0.4 s ideal'], rows);

console.log('\n### 10 000 trivial JavaScript items, max_concurrency 16\n');
const bigRows = [];
for (const strategy of ['inline', 'pool']) {
  const { ms, peakKb } = timeRun([files.js10000, '-q', '--no-journal', '--strategy', strategy], { measureRss: true });
  bigRows.push([strategy, fixed(ms), perItem(ms, 10000), fixed(peakKb / 1024, 0)]);
}
printTable(['strategy', 'ms', 'ms/item', 'peak RSS of tea (MB)'], bigRows);

console.log('\n### 4-branch static fan-out (whole run)\n');
printTable(
  ['strategy', 'ms'],
  ['process', 'pool', 'inline'].map((strategy) => [strategy, fixed(strategyRun(files.static4, strategy))]),
);

console.log('\n### GNU parallel, the same shape of work (-j16)\n');
const parallelBin = ensureGnuParallel();
if (parallelBin) {
  const gnu = (args) => median(Array.from({ length: runs }, () => timeCommand(parallelBin, args)));
  const g100 = gnu(['-j16', '-N0', 'true', ':::', ...Array.from({ length: 100 }, (_, i) => String(i))]);
  const g1000 = gnu(['-j16', '-N0', 'true', ':::', ...Array.from({ length: 1000 }, (_, i) => String(i))]);
  const gSleep = gnu(['-j16', '-N0', 'sleep', '0.1', ':::', ...Array.from({ length: 64 }, (_, i) => String(i))]);
  const ours = Object.fromEntries(rows.map((row) => [row[0], row]));
  printTable(
    ['workload', 'GNU parallel ms', 'ms/job', 'tea pool ms/item', 'tea process ms/item', 'pool ÷ parallel'],
    [
      ['100 trivial jobs', fixed(g100), fixed(g100 / 100, 2), ours.pool[2], ours.process[2], fixed(Number(ours.pool[2]) / (g100 / 100), 2)],
      ['1000 trivial jobs', fixed(g1000), fixed(g1000 / 1000, 2), ours.pool[4], '-', fixed(Number(ours.pool[4]) / (g1000 / 1000), 2)],
      ['64 × sleep 0.1', fixed(gSleep), '-', ours.pool[5], ours.process[5], '-'],
    ],
  );
} else {
  console.log('GNU parallel is not installed and could not be installed: column skipped.');
}

function ensureGnuParallel() {
  const found = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const install = spawnSync('sh', ['-c', `${sudo.join(' ')} apt-get install -y -qq parallel >/dev/null 2>&1 || (${sudo.join(' ')} apt-get update -qq && ${sudo.join(' ')} apt-get install -y -qq parallel) >/dev/null 2>&1`]);
  return install.status === 0 ? spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).stdout.trim() || undefined : undefined;
}
