import { describe, expect, it } from 'vitest';
import { dataFilter } from '../../src/actions/builtin/data-filter.js';
import { dataMerge } from '../../src/actions/builtin/data-merge.js';
import { dataValidate } from '../../src/actions/builtin/data-validate.js';
import { makeContext } from './context.js';

const context = makeContext();
const validate = (data: unknown, schema: unknown) => dataValidate({ data, schema }, context) as { valid: boolean; errors: { path: string; message: string }[] };

describe('data.validate', () => {
  it('valid data', () => {
    expect(dataValidate({ data: { age: 3 }, schema: { type: 'object', properties: { age: { type: 'integer' } } } }, context)).toEqual({ valid: true, errors: [], success: true });
  });

  it("reports jsonschema's messages and dotted paths in the schema's order", () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: ['string', 'null'] }, x: { properties: { y: { type: 'string' } } } },
      required: ['c', 'd'],
      additionalProperties: false,
    };
    expect(validate({ a: 'x', b: 1, x: { y: 1 }, e: 1, f: 2 }, schema).errors).toEqual([
      { path: 'a', message: "'x' is not of type 'integer'" },
      { path: 'b', message: "1 is not of type 'string', 'null'" },
      { path: 'x.y', message: "1 is not of type 'string'" },
      { path: '', message: "'c' is a required property" },
      { path: '', message: "'d' is a required property" },
      { path: '', message: "Additional properties are not allowed ('e', 'f' were unexpected)" },
    ]);
  });

  it.each([
    [{ minLength: 2 }, 'a', "'a' is too short"],
    [{ minLength: 1 }, '', "'' should be non-empty"],
    [{ maxItems: 1 }, [1, 2], '[1, 2] is too long'],
    [{ minimum: 5 }, 1, '1 is less than the minimum of 5'],
    [{ exclusiveMaximum: 5 }, 5, '5 is greater than or equal to the maximum of 5'],
    [{ pattern: '^a' }, 'b', "'b' does not match '^a'"],
    [{ enum: [1, 'x'] }, 2, "2 is not one of [1, 'x']"],
    [{ const: 'x' }, 'y', "'x' was expected"],
    [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 1.5, '1.5 is not valid under any of the given schemas'],
    [{ not: { type: 'string' } }, 'x', "'x' should not be valid under {'type': 'string'}"],
    [{ contains: { type: 'string' } }, [1], 'None of [1] are valid under the given schema'],
    [{ if: { type: 'string' }, then: { minLength: 3 } }, 'ab', "'ab' is too short"],
    [{ dependencies: { a: ['b'] } }, { a: 1 }, "'b' is a dependency of 'a'"],
    [{ propertyNames: { maxLength: 1 } }, { ab: 1 }, "'ab' is too long"],
    [{ type: 'integer' }, true, "True is not of type 'integer'"],
    [{ items: [{ type: 'string' }], additionalItems: false }, ['a', 1, 2], 'Additional items are not allowed (1, 2 were unexpected)'],
  ])('%j on %j: %s', (schema, data, message) => {
    expect(validate(data, schema).errors.map((error) => error.message)).toEqual([message]);
  });

  it('formats are not asserted and $schema is not followed, as with Draft7Validator', () => {
    expect(validate('nope', { $schema: 'https://json-schema.org/draft/2020-12/schema', format: 'email' })).toMatchObject({ valid: true });
  });

  it("TEA's other shapes", () => {
    expect(dataValidate({ data: null, schema: {} }, context)).toEqual({ valid: false, errors: [{ path: '', message: 'Data is None' }], success: true });
    expect(dataValidate({ data: 1, schema: null }, context)).toEqual({ success: false, error: 'Schema is required', error_type: 'validate' });
    expect(dataValidate({ data: 1, schema: { type: 'nope' } }, context)).toMatchObject({ success: false, error_type: 'validate', error: expect.stringMatching(/^Invalid schema: /) });
  });
});

describe('data.merge', () => {
  const sources = [{ a: { x: 1, y: 1 }, k: 1 }, null, { a: { y: 2 } }];

  it('deep (default), shallow and replace; None sources are skipped but counted', () => {
    expect(dataMerge({ sources }, context)).toEqual({ result: { a: { x: 1, y: 2 }, k: 1 }, source_count: 3, success: true });
    expect(dataMerge({ sources, strategy: 'shallow' }, context)).toMatchObject({ result: { a: { y: 2 }, k: 1 } });
    expect(dataMerge({ sources, strategy: 'replace' }, context)).toMatchObject({ result: { a: { y: 2 } } });
    expect(dataMerge({ sources: [] }, context)).toEqual({ result: {}, source_count: 0, success: true });
  });

  it("TEA's failure texts", () => {
    expect(dataMerge({ sources: null }, context)).toEqual({ success: false, error: 'Sources is required', error_type: 'merge' });
    expect(dataMerge({ sources: {} }, context)).toMatchObject({ error: 'Sources must be a list' });
    expect(dataMerge({ sources: [{}], strategy: 'zip' }, context)).toMatchObject({ error: "Unknown strategy: zip. Use 'shallow', 'deep', or 'replace'" });
    expect(dataMerge({ sources: [{}, [1]] }, context)).toMatchObject({ error: 'All sources must be dictionaries, got list' });
  });
});

describe('data.filter', () => {
  const data = [
    { name: 'ann', age: 30, tags: ['a'], meta: { team: 'x' } },
    { name: 'bob', age: '40', tags: [], meta: { team: 'y' } },
    { name: 'cy', age: 20, tags: ['a', 'b'] },
    'not a dict',
  ];
  const names = (predicate: unknown) => ((dataFilter({ data, predicate }, context) as { result: { name: string }[] }).result).map((item) => item.name);

  it('applies every predicate with Python comparisons (a TypeError is no match)', () => {
    expect(names({ field: 'age', op: 'gte', value: 25 })).toEqual(['ann']);
    expect(names([{ field: 'age', op: 'lt', value: 35 }, { field: 'tags', op: 'contains', value: 'b' }])).toEqual(['cy']);
    expect(names({ field: 'meta.team', value: 'y' })).toEqual(['bob']);
    expect(names({ field: 'name', op: 'in', value: ['ann', 'cy'] })).toEqual(['ann', 'cy']);
    expect(names({ field: 'name', op: 'startswith', value: 'b' })).toEqual(['bob']);
    expect(names({ field: 'age', op: 'unknown', value: 1 })).toEqual([]);
  });

  it('counts and failure shapes', () => {
    expect(dataFilter({ data, predicate: { field: 'name', op: 'endswith', value: 'n' } }, context)).toEqual({
      result: [data[0]],
      original_count: 4,
      filtered_count: 1,
      success: true,
    });
    expect(dataFilter({ data: 'x', predicate: {} }, context)).toEqual({ success: false, error: 'Data must be a list', error_type: 'filter' });
    expect(dataFilter({ data: [], predicate: null }, context)).toMatchObject({ error: 'Predicate is required' });
    expect(dataFilter({ data: [1], predicate: 'x' }, context)).toMatchObject({ error: "Filter error: 'str' object has no attribute 'get'" });
  });
});
