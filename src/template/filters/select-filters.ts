/**
 * Filters that apply other filters, tests or attribute lookups to each item (`map`,
 * `select`, `selectattr`, …), plus `attr` and `default` — the one filter that accepts an
 * undefined input. On a DotDict miss `default('fb')` keeps None; only `default('fb', true)`
 * replaces it (core.md §3.2).
 */
import { JinjaError } from '../errors.js';
import { getAttr } from '../python/lookup.js';
import { Undef, pyIter, pyTruthy, splitArgs } from '../python/values.js';
import type { FilterFn, TestFn } from '../runtime.js';
import { attrGetter, bind, strict } from './signature.js';

type Lookup<T> = (name: string) => T | undefined;

function testBy(tests: Lookup<TestFn>, name: unknown, args: unknown[]): (value: unknown) => boolean {
  if (name === undefined) return pyTruthy;
  const test = tests(String(name));
  if (!test) throw new JinjaError(`No test named '${String(name)}'.`);
  return (value) => test(value, args);
}

function selectFilter(tests: Lookup<TestFn>, keep: boolean, byAttribute: boolean): FilterFn {
  return strict((value, raw) => {
    const { args } = splitArgs(raw);
    const [first, ...rest] = args;
    const get = byAttribute ? attrGetter(first) : (item: unknown) => item;
    const [testName, ...testArgs] = byAttribute ? rest : args;
    if (byAttribute && first === undefined) throw new JinjaError('Missing parameter for attribute name');
    const check = testBy(tests, testName, testArgs);
    return pyIter(value).filter((item) => check(get(item)) === keep);
  });
}

export function selectFilters(filters: Lookup<FilterFn>, tests: Lookup<TestFn>): Record<string, FilterFn> {
  const defaultFilter: FilterFn = (value, raw) => {
    const p = bind('default', ['default_value', 'boolean'], raw, { default_value: '', boolean: false });
    return value instanceof Undef || (p.boolean && !pyTruthy(value)) ? p.default_value : value;
  };
  return {
    default: defaultFilter,
    d: defaultFilter,
    attr: strict((value, raw) => getAttr(value, String(bind('attr', ['name'], raw).name))),
    map: strict((value, raw) => {
      const { args, kwargs } = splitArgs(raw);
      const items = pyIter(value);
      if ('attribute' in kwargs) return items.map(attrGetter(kwargs.attribute, kwargs.default));
      const [name, ...filterArgs] = args;
      if (name === undefined) throw new JinjaError('map requires a filter argument');
      const filter = filters(String(name));
      if (!filter) throw new JinjaError(`No filter named '${String(name)}'.`);
      return items.map((item) => filter(item, filterArgs));
    }),
    select: selectFilter(tests, true, false),
    reject: selectFilter(tests, false, false),
    selectattr: selectFilter(tests, true, true),
    rejectattr: selectFilter(tests, false, true),
  };
}
