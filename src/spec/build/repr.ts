import { quote } from '../findings.js';

/** Python's repr of a YAML value, for TEA's load-error texts (`{'if': 'x'}`, `True`, `None`). */
export function pyReprLite(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyReprLite).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${quote(key)}: ${pyReprLite(item)}`).join(', ')}}`;
}
