import { search as jmespathSearch } from 'jmespath';
import { JSONPath } from 'jsonpath-plus';
import { errorText } from '../../errors.js';
import { pyStr } from '../../template/index.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/**
 * `json.transform` (`data`, `expression`, `engine`: jmespath | jsonpath):
 * `{result, expression, success: true}` or `{success: false, error, error_type: "transform"}`.
 * JSONPath returns the list of matches, unwrapped when there is exactly one (as TEA does).
 */
export const jsonTransform: Action = (params, context) => {
  throwOnMissingParams(params, 'json_transform', ['data', 'expression'], context.node);
  const { data, expression } = params;
  if (data === null || data === undefined) return transformFailure('Input data is None');
  if (!expression) return transformFailure('Expression is required');
  const engine = params.engine ?? params.engine_type ?? 'jmespath';
  const text = typeof expression === 'string' ? expression : pyStr(expression);
  if (engine === 'jmespath') {
    try {
      return { result: (jmespathSearch(data, text) as unknown) ?? null, expression, success: true };
    } catch (error) {
      return { ...transformFailure(`JMESPath error: ${errorText(error)}`), expression };
    }
  }
  if (engine === 'jsonpath') {
    try {
      const matches = JSONPath({ path: text, json: data as object, wrap: true }) as unknown[];
      return { result: matches.length === 1 ? matches[0] : matches, expression, success: true };
    } catch (error) {
      return { ...transformFailure(`JSONPath error: ${errorText(error)}`), expression };
    }
  }
  return transformFailure(`Unknown engine: ${pyStr(engine)}. Use 'jmespath' or 'jsonpath'`);
};

/** TEA's failure shape for json.transform. */
function transformFailure(error: string) {
  return { success: false, error, error_type: 'transform' };
}
