import { TeaError, errorText } from '../errors.js';
import { pyTypeName } from '../spec/findings.js';
import { processTemplate, type TemplateContext } from '../template/index.js';
import { isPlainMapping } from '../util/json-value.js';

/** Renders `items` and turns it into the list of branch items, with TEA's rules and texts (parallel.md §3.4). */
export function evaluateItems(node: string, expression: unknown, context: TemplateContext): unknown[] {
  let value: unknown;
  try {
    value = typeof expression === 'string' ? processTemplate(expression.trim(), context) : expression;
  } catch (error) {
    throw new TeaError(
      'NODE_FAILED',
      `dynamic_parallel node '${node}': failed to evaluate items expression '${String(expression)}': ${errorText(error)}`,
      { node, cause: error },
    );
  }
  // A function is a DotDict method standing in for a missing key (`state.items`): no items.
  if (value === null || value === undefined || typeof value === 'function') return [];
  if (Array.isArray(value)) return value;
  if (isPlainMapping(value)) return Object.keys(value);
  throw new TeaError('NODE_FAILED', `dynamic_parallel node '${node}': items expression must return an iterable, got ${pyTypeName(value)}`, {
    node,
  });
}
