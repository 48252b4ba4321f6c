import { pyTypeName } from '../../spec/findings.js';
import { pyStr } from '../../template/index.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { memoryBackend } from './memory-backend.js';

/**
 * `memory.store` (`key`, `value`, `ttl` seconds, `namespace` = "default"):
 * `{stored: true, key, namespace}`; `{stored: false, key, error}` on failure.
 */
export const memoryStore: Action = (params, context) => {
  throwOnMissingParams(params, 'memory_store', ['key', 'value'], context.node);
  if (params.key === null || params.key === undefined) return { stored: false, key: null, error: 'Key is required' };
  const key = pyStr(params.key);
  const namespace = pyStr(params.namespace ?? 'default');
  const ttl = typeof params.ttl === 'boolean' ? Number(params.ttl) : params.ttl;
  // Python computes `monotonic() + ttl`: anything but a number (bool counts) is its TypeError.
  if (ttl !== null && ttl !== undefined && typeof ttl !== 'number') {
    return { stored: false, key, error: `unsupported operand type(s) for +: 'float' and '${pyTypeName(ttl)}'` };
  }
  const stored = memoryBackend.store(key, params.value ?? null, (ttl as number | null) ?? undefined, namespace);
  return { stored, key, namespace };
};
