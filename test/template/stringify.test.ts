import { describe, expect, it } from 'vitest';
import { processTemplate, pyRepr, pyStr, pyTruthy } from '../../src/template/index.js';

// Expected texts are Python 3.11's own str()/repr() output for the same values.
describe('pyStr / pyRepr', () => {
  it('prints scalars as Python does', () => {
    expect([null, true, false, 1, 1.5, 'text'].map(pyStr)).toEqual(['None', 'True', 'False', '1', '1.5', 'text']);
    expect(pyRepr('text')).toBe("'text'");
  });

  it('prints containers with repr inside and Python spacing', () => {
    expect(pyStr({ a: 1, b: [1, 'x', null] })).toBe("{'a': 1, 'b': [1, 'x', None]}");
    expect(pyStr({ t: true, z: null })).toBe("{'t': True, 'z': None}");
    expect(pyStr([])).toBe('[]');
    expect(pyStr({})).toBe('{}');
    expect(pyStr([{ k: ['v'] }, [[]]])).toBe("[{'k': ['v']}, [[]]]");
  });

  it("chooses double quotes only when the text has ' and no \"", () => {
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr('say "hi"')).toBe(`'say "hi"'`);
    expect(pyRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
  });

  it('escapes control and non-printable characters, keeps printable Unicode', () => {
    expect(pyRepr('a\nb\t\\')).toBe("'a\\nb\\t\\\\'");
    expect(pyRepr('\x00\xa0\u200b é ✓ 😀')).toBe("'\\x00\\xa0\\u200b é ✓ 😀'");
  });

  it('prints floats with Python repr rules (shortest digits, exponent below 1e-4)', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'],
      [1e-7, '1e-07'],
      [1.5e-5, '1.5e-05'],
      [0.0001, '0.0001'],
      [123.456, '123.456'],
      [-0.5, '-0.5'],
      [1 / 3, '0.3333333333333333'],
      [2.5e-300, '2.5e-300'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [value, text] of cases) expect(pyStr(value)).toBe(text);
  });

  it('prints integral numbers as ints (JS cannot tell 1.0 from 1)', () => {
    expect(pyStr(1.0)).toBe('1');
    expect(pyStr(-0)).toBe('0');
    expect(pyStr(1e20)).toBe('100000000000000000000');
  });

  it('prints non-finite floats as Python does', () => {
    expect([NaN, Infinity, -Infinity].map(pyStr)).toEqual(['nan', 'inf', '-inf']);
  });

  it('prints tuples and dict views produced by templates', () => {
    expect(processTemplate("x={{ (1, 'a') }} {{ (1,) }} {{ () }}", { state: {} })).toBe("x=(1, 'a') (1,) ()");
    expect(processTemplate('x={{ state.d.items() }}', { state: { d: { a: 1 } } })).toBe("x=dict_items([('a', 1)])");
    expect(processTemplate('x={{ state.d.keys() }}', { state: { d: { a: 1 } } })).toBe("x=dict_keys(['a'])");
  });
});

describe('pyTruthy', () => {
  it('is false for [], {}, "", 0, 0.0, None and False', () => {
    expect([[], {}, '', 0, 0.0, null, undefined, false].map(pyTruthy)).toEqual(Array(8).fill(false));
  });

  it('is true for non-empty containers, non-zero numbers and any non-empty string', () => {
    expect([[0], { a: 0 }, 'false', '0', 0.1, -1, true].map(pyTruthy)).toEqual(Array(7).fill(true));
  });
});
