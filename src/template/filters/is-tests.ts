/**
 * Jinja2's tests (`x is defined`, `x is none`, `x is divisibleby(3)` …). Type tests see an
 * undefined value without failing, as in Jinja2; arithmetic ones fail through the operators.
 */
import { pyMod } from '../python/arithmetic.js';
import { compareOp, pyContains } from '../python/compare.js';
import { pyStr } from '../python/repr.js';
import { STR_METHODS } from '../python/str-methods.js';
import { Undef, isDict } from '../python/values.js';
import type { TestFn } from '../runtime.js';

const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const compare = (op: string): TestFn => (value, [other]) => compareOp(value, op, other);

export const isTests: Record<string, TestFn> = {
  defined: (v) => !(v instanceof Undef),
  undefined: (v) => v instanceof Undef,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  integer: isInt,
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  // Python's bool is a Number.
  number: (v) => typeof v === 'number' || typeof v === 'boolean',
  string: isStr,
  mapping: (v) => isDict(v),
  sequence: (v) => isStr(v) || Array.isArray(v) || isDict(v),
  iterable: (v) => isStr(v) || Array.isArray(v) || isDict(v),
  callable: (v) => typeof v === 'function',
  sameas: (v, [other]) => v === other || (v === null && other === undefined),
  escaped: () => false,
  lower: (v) => STR_METHODS.islower!(pyStr(v), [], {}) === true,
  upper: (v) => STR_METHODS.isupper!(pyStr(v), [], {}) === true,
  odd: (v) => pyMod(v, 2) === 1,
  even: (v) => pyMod(v, 2) === 0,
  divisibleby: (v, [n]) => pyMod(v, n) === 0,
  in: (v, [seq]) => pyContains(seq, v),
  eq: compare('=='),
  equalto: compare('=='),
  '==': compare('=='),
  ne: compare('!='),
  '!=': compare('!='),
  lt: compare('<'),
  lessthan: compare('<'),
  '<': compare('<'),
  le: compare('<='),
  '<=': compare('<='),
  gt: compare('>'),
  greaterthan: compare('>'),
  '>': compare('>'),
  ge: compare('>='),
  '>=': compare('>='),
};
