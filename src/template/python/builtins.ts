/**
 * Template globals. Jinja2 gives `range`, `dict`, `namespace`; TEA workflows also call
 * Python builtins (`len(x)`, `int(x)`, `sorted(x)`), which TEA reports as undefined — we
 * define them, which only turns that error into the value users expect (core.md §3.4).
 */
import { typeError, valueError } from '../errors.js';
import { pyOrder } from './compare.js';
import { dictKey } from './container-methods.js';
import { pyAdd } from './arithmetic.js';
import { fixedExact } from './number-format.js';
import { pyStr, stringRepr } from './repr.js';
import { Namespace, hasOwn, isDict, pyIter, pyLen, pyTruthy, splitArgs, tuple, typeName } from './values.js';

type Builtin = (args: unknown[], kwargs: Record<string, unknown>) => unknown;

export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw valueError(`cannot convert float ${value > 0 ? 'infinity' : 'NaN'} to integer`);
    return Math.trunc(value);
  }
  if (typeof value === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, '').trim());
  if (typeof value === 'string') throw valueError(`invalid literal for int() with base 10: ${stringRepr(value)}`);
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`);
}

export function pyFloat(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (/^[-+]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(text)) return NaN;
    if (/^[-+]?(\d[\d_]*\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text)) return Number(text.replace(/_/g, ''));
    throw valueError(`could not convert string to float: ${stringRepr(value)}`);
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}

/** Python's round(): half to even, an int without ndigits. */
export function pyRound(value: unknown, ndigits?: unknown): number {
  const x = Number(value);
  if (ndigits === undefined || ndigits === null) {
    const floor = Math.floor(x);
    const diff = x - floor;
    return diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  }
  const digits = Number(ndigits);
  if (!Number.isFinite(x)) return x;
  if (digits < 0) return pyRound(x / 10 ** -digits) * 10 ** -digits;
  const magnitude = Number(fixedExact(x, digits));
  return x < 0 ? -magnitude : magnitude;
}

function extreme(pick: (order: number) => boolean, name: string): Builtin {
  return (args, kwargs) => {
    const items = args.length === 1 ? pyIter(args[0]) : args;
    if (items.length === 0) {
      if (hasOwn(kwargs, 'default')) return kwargs.default;
      throw valueError(`${name}() arg is an empty sequence`);
    }
    return items.reduce((best, item) => (pick(pyOrder(item, best)) ? item : best));
  };
}

function toDict(args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const [source] = args;
  if (isDict(source)) Object.assign(out, source);
  else if (source !== undefined) {
    for (const pair of pyIter(source)) {
      const [k, v] = pyIter(pair);
      const key = dictKey(k);
      if (key !== undefined) out[key] = v;
    }
  }
  return Object.assign(out, kwargs);
}

function range([a, b, c]: unknown[]): number[] {
  const [start, stop] = b === undefined ? [0, Number(a)] : [Number(a), Number(b)];
  const step = c === undefined ? 1 : Number(c);
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

const BUILTINS: Record<string, Builtin> = {
  len: ([x]) => pyLen(x),
  range,
  dict: toDict,
  namespace: (args, kwargs) => new Namespace(toDict(args, kwargs)),
  str: ([x = '']) => pyStr(x),
  int: ([x = 0]) => pyInt(x),
  float: ([x = 0]) => pyFloat(x),
  bool: ([x = false]) => pyTruthy(x),
  list: ([x]) => (x === undefined ? [] : [...pyIter(x)]),
  tuple: ([x]) => tuple(x === undefined ? [] : [...pyIter(x)]),
  abs: ([x]) => {
    if (typeof x !== 'number' && typeof x !== 'boolean') throw typeError(`bad operand type for abs(): '${typeName(x)}'`);
    return Math.abs(Number(x));
  },
  min: extreme((order) => order < 0, 'min'),
  max: extreme((order) => order > 0, 'max'),
  sum: ([items, start = 0]) => pyIter(items).reduce((acc, v) => pyAdd(acc, v), start),
  sorted: ([items], kwargs) => {
    const sign = pyTruthy(kwargs.reverse) ? -1 : 1;
    return [...pyIter(items)].sort((a, b) => sign * pyOrder(a, b));
  },
  round: ([x, n]) => pyRound(x, n),
  enumerate: ([items, start = 0]) => pyIter(items).map((v, i) => tuple([i + Number(start), v])),
  zip: (args) => {
    const lists = args.map(pyIter);
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: lists.length ? n : 0 }, (_, i) => tuple(lists.map((l) => l[i])));
  },
};

/** The globals table compiled templates look names up in, after the render context. */
export function makeGlobals(): Record<string, unknown> {
  const globals: Record<string, unknown> = { True: true, False: false, None: null };
  for (const [name, fn] of Object.entries(BUILTINS)) {
    const callable = (...raw: unknown[]): unknown => {
      const { args, kwargs } = splitArgs(raw);
      return fn(args, kwargs);
    };
    Object.defineProperty(callable, 'name', { value: name });
    globals[name] = callable;
  }
  return globals;
}
