import type { DynamicParallelSpec, GotoRule, JsonObject, NodeKind, NodeSpec, PositionLookup, WhileLoopSpec } from '../model.js';
import { quote } from '../findings.js';
import { pyRepr, pyStr } from '../../template/python/repr.js';
import { pyTruthy } from '../../template/python/values.js';
import { definitionError } from './definition-error.js';
import { buildOnError } from './on-error.js';
import { detectLanguage, languageFromName } from './run-language.js';

export interface BuildContext {
  file: string;
  positionOf: PositionLookup;
  settings: JsonObject;
}

type Path = ReadonlyArray<string | number>;

/** Builds one node (or step, or loop body node) the way TEA's node factory does. */
export function buildNode(raw: JsonObject, index: number, path: Path, context: BuildContext, fallbackName?: string): NodeSpec {
  const name = typeof raw.name === 'string' ? raw.name : (fallbackName ?? `node_${index}`);
  const fail = (message: string) => definitionError(message, { ...context, path, node: name });
  const node: NodeSpec = {
    name,
    index,
    path,
    kind: 'none',
    raw,
    isFanIn: raw.fan_in === true || raw.is_fan_in === true || raw.type === 'fan_in',
    goto: buildGoto(raw.goto, name, fail),
    interrupt: raw.interrupt === 'before' || raw.interrupt === 'after' ? raw.interrupt : undefined,
    onError: buildOnError(raw.on_error, context.settings.error_handling),
  };
  node.kind = chooseExecutor(raw, node, path, context, fail);
  return node;
}

/** TEA's executor choice, first match wins (core.md §1.4). */
function chooseExecutor(raw: JsonObject, node: NodeSpec, path: Path, context: BuildContext, fail: (m: string) => Error): NodeKind {
  if (raw.type === 'while_loop') {
    node.loop = buildWhileLoop(raw, node.name, path, context, fail);
    return 'while_loop';
  }
  if (raw.type === 'dynamic_parallel') {
    node.dynamic = buildDynamicParallel(raw, node.name, path, context, fail);
    return 'dynamic_parallel';
  }
  if (typeof raw.run === 'object' && raw.run !== null && !Array.isArray(raw.run)) {
    const run = raw.run as JsonObject;
    if (run.type === 'expression') {
      // TEA reads run["value"] while building: a KeyError, printed as Python shows it.
      if (!('value' in run)) throw fail("'value'");
      node.expression = { value: run.value, outputKey: typeof run.output_key === 'string' ? run.output_key : undefined };
      return 'expression';
    }
    const language = languageFromName(run.type);
    if (language && typeof run.code === 'string') {
      node.code = run.code;
      node.language = language;
      return 'run';
    }
  }
  const code = typeof raw.run === 'string' ? raw.run : typeof raw.script === 'string' ? raw.script : undefined;
  if (code !== undefined) {
    node.code = code;
    node.language = detectLanguage(code, raw.language);
    return 'run';
  }
  if (typeof raw.uses === 'string') {
    node.uses = raw.uses;
    node.with = isMapping(raw.with) ? raw.with : undefined;
    node.output = raw.output ?? raw.output_key;
    return 'uses';
  }
  if (Array.isArray(raw.steps)) {
    node.steps = buildSteps(raw.steps, [...path, 'steps'], context);
    return 'steps';
  }
  return 'none';
}

export function buildSteps(steps: unknown[], path: Path, context: BuildContext): NodeSpec[] {
  return steps.map((step, index) => {
    const raw = isMapping(step) ? step : {};
    return buildNode(raw, index, [...path, index], context, `step_${index}`);
  });
}

function buildGoto(goto: unknown, name: string, fail: (m: string) => Error): NodeSpec['goto'] {
  if (goto === undefined || goto === null) return undefined;
  if (typeof goto === 'string') return goto;
  if (!Array.isArray(goto)) throw fail(`Node ${quote(name)} has invalid goto type`);
  return goto.map((rule): GotoRule => {
    if (!isMapping(rule) || rule.to === undefined) {
      throw fail(`Node ${quote(name)} has goto rule without 'to' field: ${pyRepr(rule)}`);
    }
    return { to: String(rule.to), if: rule.if === undefined ? undefined : String(rule.if) };
  });
}

function buildWhileLoop(raw: JsonObject, name: string, path: Path, context: BuildContext, fail: (m: string) => Error): WhileLoopSpec {
  // TEA's checks: `if not condition`, then an int (a bool is one in Python) in 1..1000.
  if (!pyTruthy(raw.condition ?? null)) throw fail(`while_loop node ${quote(name)} requires 'condition'`);
  if (raw.max_iterations === undefined || raw.max_iterations === null) throw fail(`while_loop node ${quote(name)} requires 'max_iterations'`);
  const max = typeof raw.max_iterations === 'boolean' ? Number(raw.max_iterations) : raw.max_iterations;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw fail(`while_loop node ${quote(name)}: max_iterations must be integer between 1-1000, got ${pyStr(raw.max_iterations)}`);
  }
  if (!Array.isArray(raw.body) || raw.body.length === 0) {
    throw fail(`while_loop node ${quote(name)} requires 'body' with at least one node`);
  }
  const body = raw.body.map((entry, index) => {
    const bodyNode = isMapping(entry) ? entry : {};
    if (bodyNode.type === 'while_loop') {
      throw fail(`Nested while-loops not supported: '${name}' contains nested while_loop '${pyStr(bodyNode.name ?? 'unnamed')}'`);
    }
    return buildNode(bodyNode, index, [...path, 'body', index], context, `body_${index}`);
  });
  return { condition: raw.condition, maxIterations: max, body };
}

/** Keys of a dynamic_parallel node that tune how its branches run (ours, per node). */
const parallelOverrideKeys = [
  'strategy', 'timeout', 'timeout_total', 'deadline', 'retry', 'retry_policy', 'on_failure', 'max_failures',
  'allow_failure', 'max_items', 'remote',
];

function buildDynamicParallel(raw: JsonObject, name: string, path: Path, context: BuildContext, fail: (m: string) => Error): DynamicParallelSpec {
  const config = isMapping(raw.parallel_config) ? raw.parallel_config : {};
  const mode = raw.action !== undefined ? 'action' : raw.steps !== undefined ? 'steps' : 'subgraph';
  const spec: DynamicParallelSpec = {
    items: raw.items,
    itemVar: typeof raw.item_var === 'string' ? raw.item_var : 'item',
    indexVar: typeof raw.index_var === 'string' ? raw.index_var : 'index',
    maxConcurrency: raw.max_concurrency ?? config.max_concurrency,
    failFast: raw.fail_fast ?? config.fail_fast ?? false,
    fanIn: String(raw.fan_in),
    mode,
    input: isMapping(raw.input) ? raw.input : undefined,
    output: typeof raw.output === 'string' ? raw.output : undefined,
    parallel: Object.fromEntries(parallelOverrideKeys.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]])),
  };
  if (mode === 'action') {
    const action = isMapping(raw.action) ? raw.action : {};
    if (typeof action.uses !== 'string') throw fail(`dynamic_parallel node ${quote(name)} action requires 'uses' field`);
    spec.action = { uses: action.uses, with: isMapping(action.with) ? action.with : undefined, output: action.output };
  } else if (mode === 'steps') {
    spec.steps = buildSteps(Array.isArray(raw.steps) ? raw.steps : [], [...path, 'steps'], context);
  } else {
    spec.subgraph = String(raw.subgraph);
  }
  return spec;
}

export function isMapping(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
