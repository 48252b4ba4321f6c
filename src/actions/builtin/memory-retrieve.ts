import { pyStr } from '../../template/index.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { memoryBackend } from './memory-backend.js';

/**
 * `memory.retrieve` (`key`, `default`, `namespace` = "default"): `{value, found: true, key}`,
 * or `{value: default, found: false, key}` when missing or expired. A stored None counts as
 * missing, as in TEA.
 */
export const memoryRetrieve: Action = (params, context) => {
  throwOnMissingParams(params, 'memory_retrieve', ['key'], context.node);
  const fallback = params.default ?? null;
  if (params.key === null || params.key === undefined) return { value: fallback, found: false, key: null, error: 'Key is required' };
  const key = pyStr(params.key);
  const value = memoryBackend.retrieve(key, pyStr(params.namespace ?? 'default'));
  if (value === undefined || value === null) return { value: fallback, found: false, key };
  return { value, found: true, key };
};
