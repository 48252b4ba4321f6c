import { TeaError } from '../errors.js';
import { copyFloatMarks } from './python-floats.js';

/**
 * A deep copy that is guaranteed to be plain JSON, or TEA's error naming what is not:
 * `Object of type function is not JSON serializable (key 'f' in the result of node 'a')`.
 */
export function toJsonValue(value: unknown, where: { node: string; what: string }): unknown {
  const json = copy(value, [], where);
  copyFloatMarks(value, json);
  return json;
}

function copy(value: unknown, path: string[], where: { node: string; what: string }): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((item, index) => copy(item, [...path, String(index)], where));
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(value), path, where);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = copy(item, [...path, key], where);
    }
    return out;
  }
  const key = path.length === 0 ? '' : ` (key '${path.join('.')}' in ${where.what} of node '${where.node}')`;
  throw new TeaError('NOT_SERIALIZABLE', `Object of type ${typeof value} is not JSON serializable${key}`, {
    node: where.node,
  });
}

export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
