import { errorText } from '../../errors.js';
import { pyContains, pyEq, pyOrder } from '../../template/python/compare.js';
import { pyTruthy } from '../../template/index.js';
import { pyTypeName } from '../../spec/findings.js';
import { isPlainMapping } from '../../util/json-value.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/**
 * `data.filter` (`data`, `predicate`: one `{field, op, value}` or a list, all must match):
 * `{result, original_count, filtered_count, success: true}` or `{success: false, error, error_type: "filter"}`.
 * Comparisons follow Python: a comparison Python would raise on counts as no match.
 */
export const dataFilter: Action = (params, context) => {
  throwOnMissingParams(params, 'data_filter', ['data', 'predicate'], context.node);
  const { data, predicate } = params;
  if (data === null || data === undefined) return filterFailure('Data is required');
  if (!Array.isArray(data)) return filterFailure('Data must be a list');
  if (predicate === null || predicate === undefined) return filterFailure('Predicate is required');
  const predicates = Array.isArray(predicate) ? predicate : [predicate];
  try {
    const result = data.filter((item) => predicates.every((rule) => matches(item, rule)));
    return { result, original_count: data.length, filtered_count: result.length, success: true };
  } catch (error) {
    return filterFailure(`Filter error: ${errorText(error)}`);
  }
};

/** One predicate against one item; a non-mapping predicate is Python's AttributeError (reported as `Filter error`). */
function matches(item: unknown, rule: unknown): boolean {
  if (!isPlainMapping(rule)) throw new Error(`'${pyTypeName(rule)}' object has no attribute 'get'`);
  const field = rule.field;
  if (field === null || field === undefined) return true;
  const actual = isPlainMapping(item) ? fieldValue(item, String(field)) : null;
  try {
    return compare(actual, typeof rule.op === 'string' ? rule.op : rule.op === undefined ? 'eq' : '', rule.value ?? null);
  } catch {
    return false; // Python's TypeError / AttributeError
  }
}

/** Dotted lookup through nested mappings; anything else on the way gives None. */
function fieldValue(item: Record<string, unknown>, field: string): unknown {
  let value: unknown = item;
  for (const key of field.split('.')) {
    if (!isPlainMapping(value)) return null;
    value = value[key] ?? null;
  }
  return value;
}

/** TEA's operators; an unknown one never matches. */
function compare(actual: unknown, op: string, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      return pyEq(actual, expected);
    case 'ne':
      return !pyEq(actual, expected);
    case 'gt':
      return actual !== null && pyOrder(actual, expected, '>') > 0;
    case 'gte':
      return actual !== null && pyOrder(actual, expected, '>=') >= 0;
    case 'lt':
      return actual !== null && pyOrder(actual, expected, '<') < 0;
    case 'lte':
      return actual !== null && pyOrder(actual, expected, '<=') <= 0;
    case 'in':
      return pyTruthy(expected) ? pyContains(expected, actual) : false;
    case 'not_in':
      return pyTruthy(expected) ? !pyContains(expected, actual) : true;
    case 'contains':
      return pyTruthy(actual) ? pyContains(actual, expected) : false;
    case 'startswith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'endswith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.endsWith(expected);
    default:
      return false;
  }
}

/** TEA's failure shape for data.filter. */
function filterFailure(error: string) {
  return { success: false, error, error_type: 'filter' };
}
