import { describe, expect, it } from 'vitest';
import { jsonParse } from '../../src/actions/builtin/json-parse.js';
import { jsonStringify } from '../../src/actions/builtin/json-stringify.js';
import { jsonTransform } from '../../src/actions/builtin/json-transform.js';
import { isFloatAt } from '../../src/util/python-floats.js';
import { makeContext } from './context.js';

const context = makeContext();

describe('json.parse', () => {
  it('parses, and reports failures with e.msg and {line, column}', () => {
    expect(jsonParse({ text: '{"a": [1, 2]}' }, context)).toEqual({ data: { a: [1, 2] }, success: true });
    expect(jsonParse({ text: '{\n  "a": 1,\n}' }, context)).toEqual({
      success: false,
      error: 'JSON parse error: Expecting property name enclosed in double quotes',
      error_type: 'parse',
      position: { line: 3, column: 1 },
    });
    expect(jsonParse({ text: null }, context)).toEqual({ success: false, error: 'Input text is None', error_type: 'parse' });
  });

  it('keeps a float with a whole value a float, as json.loads does', () => {
    const { data } = jsonParse({ text: '{"score": 1.0, "n": 2}' }, context) as { data: Record<string, unknown> };
    expect(data).toEqual({ score: 1, n: 2 });
    expect([isFloatAt(data, 'score'), isFloatAt(data, 'n')]).toEqual([true, false]);
  });

  it('strict: false uses a non-None default, else strips comments and trailing commas', () => {
    expect(jsonParse({ text: 'nope', strict: false, default: { d: 1 } }, context)).toEqual({ data: { d: 1 }, success: true });
    expect(jsonParse({ text: 'nope', default: { d: 1 } }, context)).toMatchObject({ success: false });
    expect(jsonParse({ text: '{"a": 1, // one\n /* two */ "b": [2,],}', strict: false }, context)).toEqual({ data: { a: 1, b: [2] }, success: true });
  });

  it("a non-string text is Python's TypeError, raised", () => {
    expect(() => jsonParse({ text: { a: 1 } }, context)).toThrow('the JSON object must be str, bytes or bytearray, not dict');
  });
});

describe('json.stringify', () => {
  it("is Python's json.dumps: separators, ASCII escapes, indent, sort_keys", () => {
    expect(jsonStringify({ data: { b: 'é', a: [1, 2.5] } }, context)).toEqual({ text: '{"b": "\\u00e9", "a": [1, 2.5]}', success: true });
    expect(jsonStringify({ data: { b: 1, a: 2 }, indent: 2, sort_keys: true }, context)).toEqual({ text: '{\n  "a": 2,\n  "b": 1\n}', success: true });
  });
});

describe('json.transform', () => {
  const data = { users: [{ name: 'Ann', active: true }, { name: 'Bo', active: false }] };

  it('runs JMESPath', () => {
    expect(jsonTransform({ data, expression: 'users[?active].name' }, context)).toEqual({ result: ['Ann'], expression: 'users[?active].name', success: true });
    expect(jsonTransform({ data, expression: 'missing' }, context)).toMatchObject({ result: null, success: true });
  });

  it('runs JSONPath, unwrapping a single match', () => {
    expect(jsonTransform({ data, expression: '$.users[*].name', engine: 'jsonpath' }, context)).toMatchObject({ result: ['Ann', 'Bo'], success: true });
    expect(jsonTransform({ data, expression: '$.users[0].name', engine: 'jsonpath' }, context)).toMatchObject({ result: 'Ann', success: true });
  });

  it("returns TEA's failure shapes", () => {
    expect(jsonTransform({ data: null, expression: 'a' }, context)).toEqual({ success: false, error: 'Input data is None', error_type: 'transform' });
    expect(jsonTransform({ data, expression: '' }, context)).toEqual({ success: false, error: 'Expression is required', error_type: 'transform' });
    expect(jsonTransform({ data, expression: 'a', engine: 'xpath' }, context)).toEqual({
      success: false,
      error: "Unknown engine: xpath. Use 'jmespath' or 'jsonpath'",
      error_type: 'transform',
    });
    const bad = jsonTransform({ data, expression: 'users[' }, context) as Record<string, unknown>;
    expect(bad).toMatchObject({ success: false, error_type: 'transform', expression: 'users[' });
    expect(bad.error).toMatch(/^JMESPath error: /);
  });
});
