import { TeaError } from '../errors.js';
import type { DynamicParallelSpec, JsonObject } from '../spec/model.js';
import { processTemplate, pyTruthy, type TemplateContext } from '../template/index.js';
import { isPlainMapping } from '../util/json-value.js';

export type StrategyName = 'process' | 'inline' | 'remote' | 'pool';

/** `settings.parallel`, or `{}`. */
export function parallelSettings(settings: JsonObject): JsonObject {
  return isPlainMapping(settings.parallel) ? settings.parallel : {};
}

/**
 * The strategy for a fan-out: the command line, the node's `strategy:`, then
 * `settings.parallel.strategy`, then `process`, our default (each branch a child process we can time out and kill).
 * TEA's `thread` is our in-process `inline` strategy.
 */
export function resolveStrategy(settings: JsonObject, nodeStrategy?: unknown, commandLine?: string): StrategyName {
  // The command line (`--strategy`, TEA_PARALLEL_STRATEGY) wins: it is how a user says "run it all inline now".
  const name = commandLine ?? process.env.TEA_PARALLEL_STRATEGY ?? nodeStrategy ?? parallelSettings(settings).strategy ?? 'process';
  if (name === 'remote' || name === 'pool') return name;
  return name === 'thread' || name === 'inline' ? 'inline' : 'process';
}

/**
 * `max_concurrency` as TEA reads it, with D7: a literal or rendered 0 means no limit,
 * a negative or fractional number is an error, other text means no limit. Unset: TEA's
 * thread-pool size, min(32, branches).
 */
export function resolveMaxConcurrency(node: string, spec: DynamicParallelSpec, branches: number, context: TemplateContext): number {
  let value = spec.maxConcurrency;
  if (value === undefined || value === null) return Math.max(1, Math.min(32, branches));
  if (typeof value === 'string') value = processTemplate(value.trim(), context);
  if (typeof value === 'boolean') return value ? 1 : Infinity;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return Infinity;
    value = Number(text);
  }
  if (typeof value !== 'number') return Infinity;
  if (!Number.isInteger(value) || value < 0) {
    throw new TeaError('NODE_FAILED', `dynamic_parallel node '${node}': max_concurrency must be positive integer, got ${String(value)}`, {
      node,
    });
  }
  return value === 0 ? Infinity : value;
}

/** D8: `fail_fast` templates are rendered to a boolean (TEA treats any string as true). */
export function resolveFailFast(value: unknown, context: TemplateContext): boolean {
  if (typeof value !== 'string') return pyTruthy(value);
  const rendered = processTemplate(value.trim(), context);
  if (typeof rendered === 'string') return !['', 'false', '0', 'no', 'none', 'off'].includes(rendered.trim().toLowerCase());
  return pyTruthy(rendered);
}

/** Static fan-outs: `settings.parallel.max_workers`, else no limit (branches are few). */
export function staticMaxConcurrency(settings: JsonObject): number {
  const workers = parallelSettings(settings).max_workers;
  return typeof workers === 'number' && Number.isInteger(workers) && workers > 0 ? workers : Infinity;
}
