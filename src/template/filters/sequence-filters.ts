/**
 * Jinja2's sequence filters. Where Jinja2 compares strings it ignores case unless asked
 * (`unique`, `min`, `max`, `sort`, `dictsort`), and empty sequences give an Undefined for
 * `first`, `last`, `min` and `max`.
 */
import { JinjaError, typeError } from '../errors.js';
import { pyEq, pyOrder } from '../python/compare.js';
import { pyAdd } from '../python/arithmetic.js';
import { pyStr } from '../python/repr.js';
import { Undef, codePoints, isDict, pyIter, pyLen, tuple } from '../python/values.js';
import type { FilterFn } from '../runtime.js';
import { attrGetter, bind, ignoreCase, strict } from './signature.js';

/** The key function of Jinja2's `unique/min/max/sort`: optional attribute, optional case folding. */
function keyFunction(p: Record<string, unknown>): (item: unknown) => unknown {
  const get = p.attribute === undefined || p.attribute === null ? (item: unknown) => item : attrGetter(p.attribute);
  return p.case_sensitive ? get : (item) => ignoreCase(get(item));
}

function extreme(name: 'min' | 'max'): FilterFn {
  return strict((value, raw) => {
    const items = pyIter(value);
    if (items.length === 0) return new Undef('No aggregated item, sequence was empty.');
    const key = keyFunction(bind(name, ['case_sensitive', 'attribute'], raw, { case_sensitive: false }));
    const better = (a: unknown, b: unknown): boolean => (name === 'min' ? pyOrder(key(a), key(b)) < 0 : pyOrder(key(a), key(b)) > 0);
    return items.reduce((best, item) => (better(item, best) ? item : best));
  });
}

/** Python's sorted(): stable in both directions, so `reverse` flips the comparison, not the result. */
function sortBy<T>(items: T[], key: (item: T) => unknown, reverse: unknown): T[] {
  const sign = reverse ? -1 : 1;
  return [...items].sort((a, b) => sign * pyOrder(key(a), key(b)));
}

export const sequenceFilters: Record<string, FilterFn> = {
  length: strict((value) => pyLen(value)),
  count: strict((value) => pyLen(value)),
  list: strict((value) => [...pyIter(value)]),
  join: strict((value, raw) => {
    const p = bind('join', ['d', 'attribute'], raw, { d: '' });
    const get = p.attribute === undefined || p.attribute === null ? (x: unknown) => x : attrGetter(p.attribute);
    return pyIter(value).map((item) => pyStr(get(item))).join(pyStr(p.d));
  }),
  first: strict((value) => {
    const items = pyIter(value);
    return items.length > 0 ? items[0] : new Undef('No first item, sequence was empty.');
  }),
  last: strict((value) => {
    const items = pyIter(value);
    return items.length > 0 ? items[items.length - 1] : new Undef('No last item, sequence was empty.');
  }),
  unique: strict((value, raw) => {
    const key = keyFunction(bind('unique', ['case_sensitive', 'attribute'], raw, { case_sensitive: false }));
    const seen: unknown[] = [];
    return pyIter(value).filter((item) => {
      const k = key(item);
      if (seen.some((s) => pyEq(s, k))) return false;
      seen.push(k);
      return true;
    });
  }),
  min: extreme('min'),
  max: extreme('max'),
  sort: strict((value, raw) => {
    const p = bind('sort', ['reverse', 'case_sensitive', 'attribute'], raw, { reverse: false, case_sensitive: false });
    return sortBy(pyIter(value), keyFunction(p), p.reverse);
  }),
  reverse: strict((value) => (typeof value === 'string' ? codePoints(value).reverse().join('') : [...pyIter(value)].reverse())),
  sum: strict((value, raw) => {
    const p = bind('sum', ['attribute', 'start'], raw, { start: 0 });
    const get = p.attribute === undefined || p.attribute === null ? (x: unknown) => x : attrGetter(p.attribute);
    return pyIter(value).reduce((acc, item) => pyAdd(acc, get(item)), p.start);
  }),
  items: (value) => {
    if (value instanceof Undef) return [];
    if (!isDict(value)) throw typeError('Can only get item pairs from a mapping.');
    return Object.entries(value).map((pair) => tuple(pair));
  },
  dictsort: strict((value, raw) => {
    const p = bind('dictsort', ['case_sensitive', 'by', 'reverse'], raw, { case_sensitive: false, by: 'key', reverse: false });
    if (p.by !== 'key' && p.by !== 'value') throw new JinjaError('You can only sort by either "key" or "value"');
    if (!isDict(value)) throw new JinjaError('Can only get item pairs from a mapping.');
    const pos = p.by === 'key' ? 0 : 1;
    const pairs = Object.entries(value).map((pair) => tuple(pair));
    return sortBy(pairs, (pair) => (p.case_sensitive ? pair[pos] : ignoreCase(pair[pos])), p.reverse);
  }),
  batch: strict((value, raw) => {
    const p = bind('batch', ['linecount', 'fill_with'], raw);
    const size = Number(p.linecount);
    const items = pyIter(value);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    const last = out[out.length - 1];
    if (last && p.fill_with !== undefined && p.fill_with !== null) while (last.length < size) last.push(p.fill_with);
    return out;
  }),
  /** Jinja2's `slice`: n columns, the first `length % n` one item longer. */
  slice: strict((value, raw) => {
    const p = bind('slice', ['slices', 'fill_with'], raw);
    const items = pyIter(value);
    const slices = Number(p.slices);
    const [per, extra] = [Math.floor(items.length / slices), items.length % slices];
    const out: unknown[][] = [];
    let offset = 0;
    for (let n = 0; n < slices; n += 1) {
      const start = offset + n * per;
      if (n < extra) offset += 1;
      const column = items.slice(start, offset + (n + 1) * per);
      if (p.fill_with !== undefined && p.fill_with !== null && n >= extra) column.push(p.fill_with);
      out.push(column);
    }
    return out;
  }),
};
