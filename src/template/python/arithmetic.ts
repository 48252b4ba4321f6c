/**
 * Python arithmetic for template operators. nunjucks compiles `+ / %` to JS, so `'a' + 1`
 * is "a1", `1/0` is Infinity and `'%s' % x` is NaN; TEA raises TypeError/ZeroDivisionError
 * (which §3.3 turns into "return the text" for single expressions).
 */
import { typeError, zeroDivision } from '../errors.js';
import { percentFormat } from './percent-format.js';
import { pyStr } from './repr.js';
import { Undef, arrayKind, tagArray, typeName } from './values.js';

type Num = number | boolean;
const isNum = (v: unknown): v is Num => typeof v === 'number' || typeof v === 'boolean';
// JS cannot tell 1.0 from 1, so integral operands get the int messages.
const bothInts = (a: Num, b: Num): boolean => Number.isInteger(Number(a)) && Number.isInteger(Number(b));

function checkDefined(a: unknown, b?: unknown): void {
  if (a instanceof Undef) a.fail();
  if (b instanceof Undef) b.fail();
}

const unsupported = (op: string, a: unknown, b: unknown): Error =>
  typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);

export function pyAdd(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return Number(a) + Number(b);
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a) && Array.isArray(b) && arrayKind(a) === arrayKind(b)) {
    const joined = [...a, ...b];
    return arrayKind(a) === 'tuple' ? tagArray(joined, 'tuple') : joined;
  }
  if (Array.isArray(a) && arrayKind(a) === 'list') {
    throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
  }
  throw unsupported('+', a, b);
}

export function pySub(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  throw unsupported('-', a, b);
}

function repeat(seq: unknown, times: Num): unknown {
  const n = Math.max(0, Number(times));
  if (!Number.isInteger(n)) throw typeError(`can't multiply sequence by non-int of type 'float'`);
  if (typeof seq === 'string') return seq.repeat(n);
  const items = seq as unknown[];
  const out = Array.from({ length: n }, () => items).flat();
  return arrayKind(items) === 'tuple' ? tagArray(out, 'tuple') : out;
}

export function pyMul(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return Number(a) * Number(b);
  if ((typeof a === 'string' || Array.isArray(a)) && isNum(b)) return repeat(a, b);
  if ((typeof b === 'string' || Array.isArray(b)) && isNum(a)) return repeat(b, a);
  throw unsupported('*', a, b);
}

export function pyDiv(a: unknown, b: unknown): number {
  checkDefined(a, b);
  if (!isNum(a) || !isNum(b)) throw unsupported('/', a, b);
  if (Number(b) === 0) throw zeroDivision(bothInts(a, b) ? 'division by zero' : 'float division by zero');
  return Number(a) / Number(b);
}

export function pyFloorDiv(a: unknown, b: unknown): number {
  checkDefined(a, b);
  if (!isNum(a) || !isNum(b)) throw unsupported('//', a, b);
  if (Number(b) === 0) {
    throw zeroDivision(bothInts(a, b) ? 'integer division or modulo by zero' : 'float floor division by zero');
  }
  return Math.floor(Number(a) / Number(b));
}

export function pyMod(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (typeof a === 'string') return percentFormat(a, b);
  if (!isNum(a) || !isNum(b)) throw unsupported('%', a, b);
  const divisor = Number(b);
  if (divisor === 0) throw zeroDivision(bothInts(a, b) ? 'integer modulo by zero' : 'float modulo');
  const r = Number(a) % divisor;
  // Python's remainder takes the sign of the divisor.
  return r !== 0 && r < 0 !== divisor < 0 ? r + divisor : r;
}

export function pyPow(a: unknown, b: unknown): number {
  checkDefined(a, b);
  if (!isNum(a) || !isNum(b)) throw unsupported('** or pow()', a, b);
  if (Number(a) === 0 && Number(b) < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
  return Number(a) ** Number(b);
}

export function pyNeg(a: unknown): number {
  checkDefined(a);
  if (!isNum(a)) throw typeError(`bad operand type for unary -: '${typeName(a)}'`);
  return -Number(a);
}

export function pyPos(a: unknown): number {
  checkDefined(a);
  if (!isNum(a)) throw typeError(`bad operand type for unary +: '${typeName(a)}'`);
  return Number(a);
}

/** Jinja's `~`: both sides through str(). */
export function pyConcat(a: unknown, b: unknown): string {
  return pyStr(a) + pyStr(b);
}
