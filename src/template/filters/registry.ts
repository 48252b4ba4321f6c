/** The filter and test tables of our one environment. */
import type { FilterFn, TestFn } from '../runtime.js';
import { isTests } from './is-tests.js';
import { jsonFilters } from './json-filters.js';
import { numberFilters } from './number-filters.js';
import { selectFilters } from './select-filters.js';
import { sequenceFilters } from './sequence-filters.js';
import { stringFilters } from './string-filters.js';

export interface Registry {
  filters: Map<string, FilterFn>;
  tests: Map<string, TestFn>;
}

export function makeRegistry(): Registry {
  const filters = new Map<string, FilterFn>();
  const tests = new Map<string, TestFn>(Object.entries(isTests));
  const groups = [
    jsonFilters,
    stringFilters,
    sequenceFilters,
    numberFilters,
    selectFilters((name) => filters.get(name), (name) => tests.get(name)),
  ];
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) filters.set(name, fn);
  }
  return { filters, tests };
}
