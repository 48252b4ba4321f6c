import { pyTruthy } from '../../template/index.js';
import { pyJsonDumps } from '../../template/python/json.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/** `json.stringify` (`data`, `indent`, `sort_keys`): `{text, success: true}` in Python's `json.dumps` format (ASCII-escaped). */
export const jsonStringify: Action = (params, context) => {
  throwOnMissingParams(params, 'json_stringify', ['data'], context.node);
  const indent = typeof params.indent === 'number' ? Math.max(0, Math.trunc(params.indent)) : undefined;
  const text = pyJsonDumps(params.data, { indent, sortKeys: pyTruthy(params.sort_keys ?? false) });
  return { text, success: true };
};
