import { pyTypeName } from '../../spec/findings.js';
import { pyStr } from '../../template/index.js';
import { isPlainMapping } from '../../util/json-value.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

const strategies = ['shallow', 'deep', 'replace'];

/**
 * `data.merge` (`sources`, `strategy` = deep | shallow | replace): `{result, source_count, success: true}`
 * or `{success: false, error, error_type: "merge"}`. `None` sources are skipped but counted, as in TEA.
 */
export const dataMerge: Action = (params, context) => {
  throwOnMissingParams(params, 'data_merge', ['sources'], context.node);
  const { sources } = params;
  const strategy = params.strategy ?? 'deep';
  if (sources === null || sources === undefined) return mergeFailure('Sources is required');
  if (!Array.isArray(sources)) return mergeFailure('Sources must be a list');
  if (sources.length === 0) return { result: {}, source_count: 0, success: true };
  if (typeof strategy !== 'string' || !strategies.includes(strategy)) {
    return mergeFailure(`Unknown strategy: ${pyStr(strategy)}. Use 'shallow', 'deep', or 'replace'`);
  }
  let result: Record<string, unknown> = {};
  for (const source of sources) {
    if (source === null || source === undefined) continue;
    if (!isPlainMapping(source)) return mergeFailure(`All sources must be dictionaries, got ${pyTypeName(source)}`);
    if (strategy === 'replace') result = structuredClone(source);
    else if (strategy === 'shallow') Object.assign(result, source);
    else result = mergeDeep(result, source);
  }
  return { result, source_count: sources.length, success: true };
};

/** Recursive merge of nested mappings; everything else from `override` is copied over. */
function mergeDeep(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isPlainMapping(current) && isPlainMapping(value) ? mergeDeep(current, value) : structuredClone(value);
  }
  return result;
}

/** TEA's failure shape for data.merge. */
function mergeFailure(error: string) {
  return { success: false, error, error_type: 'merge' };
}
