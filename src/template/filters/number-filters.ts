/**
 * Jinja2's number filters. `int`/`float` never raise: unparsable input gives the default
 * (`'42.5'|int` is 42 via float); `round` uses Python's half-to-even `round()` for 'common'.
 */
import { JinjaError, typeError } from '../errors.js';
import { pyFloat, pyInt, pyRound } from '../python/builtins.js';
import { typeName } from '../python/values.js';
import type { FilterFn } from '../runtime.js';
import { bind, strict } from './signature.js';

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function parseIntBase(value: string, base: number): number {
  const text = value.trim().replace(/_/g, '').toLowerCase();
  const body = base === 16 ? text.replace(/^([-+]?)0x/, '$1') : base === 8 ? text.replace(/^([-+]?)0o/, '$1') : base === 2 ? text.replace(/^([-+]?)0b/, '$1') : text;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  if (!new RegExp(`^[-+]?[${digits}]+$`).test(body)) throw new Error('invalid literal');
  return parseInt(body, base);
}

export const numberFilters: Record<string, FilterFn> = {
  int: strict((value, raw) => {
    const p = bind('int', ['default', 'base'], raw, { default: 0, base: 10 });
    const base = Number(p.base);
    const direct = attempt(() => (typeof value === 'string' ? parseIntBase(value, base) : pyInt(value)));
    return direct ?? attempt(() => pyInt(pyFloat(value))) ?? p.default;
  }),
  float: strict((value, raw) => attempt(() => pyFloat(value)) ?? bind('float', ['default'], raw, { default: 0 }).default),
  round: strict((value, raw) => {
    const p = bind('round', ['precision', 'method'], raw, { precision: 0, method: 'common' });
    if (typeof value !== 'number' && typeof value !== 'boolean') throw typeError(`type ${typeName(value)} doesn't define __round__ method`);
    const scale = 10 ** Number(p.precision);
    switch (p.method) {
      case 'common':
        return pyRound(value, p.precision);
      case 'ceil':
        return Math.ceil(Number(value) * scale) / scale;
      case 'floor':
        return Math.floor(Number(value) * scale) / scale;
      default:
        throw new JinjaError('method must be common, ceil or floor');
    }
  }),
  abs: strict((value) => {
    if (typeof value !== 'number' && typeof value !== 'boolean') throw typeError(`bad operand type for abs(): '${typeName(value)}'`);
    return Math.abs(Number(value));
  }),
};
