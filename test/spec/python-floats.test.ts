import { describe, expect, it } from 'vitest';
import { deepCopy, mergeUpdate } from '../../src/engine/state.js';
import { processTemplate, renderParams, renderString } from '../../src/template/index.js';
import { pyJsonDumps } from '../../src/template/python/json.js';
import {
  assignKeepingFloats,
  isFloatAt,
  parseJsonKeepingFloats,
  spreadKeepingFloats,
  stringifyJsonKeepingFloats,
} from '../../src/util/python-floats.js';

type Json = Record<string, any>;

describe('integral Python floats in JSON (core.md §4.2: floats keep .0)', () => {
  it('a parse remembers which integral numbers were floats, at any depth; numbers stay numbers', () => {
    const value = parseJsonKeepingFloats('{"a": 2.0, "b": 2, "c": [1.0, 3, 1e3, 2.5], "d": {"e": -0.0e1}, "s": "x 2.0"}') as Json;
    expect(value).toEqual({ a: 2, b: 2, c: [1, 3, 1000, 2.5], d: { e: -0 }, s: 'x 2.0' });
    expect(typeof value.a).toBe('number');
    expect([isFloatAt(value, 'a'), isFloatAt(value, 'b')]).toEqual([true, false]);
    expect([0, 1, 2, 3].map((index) => isFloatAt(value.c, index))).toEqual([true, false, true, false]);
    expect(isFloatAt(value.d, 'e')).toBe(true);
  });

  it('text that only looks like a float inside a string is left alone', () => {
    const value = parseJsonKeepingFloats('{"k": "2.0", "2.0": 1, "q": "say \\"3.0\\""}') as Json;
    expect(value).toEqual({ k: '2.0', '2.0': 1, q: 'say "3.0"' });
    expect(stringifyJsonKeepingFloats(value)).toBe('{"k":"2.0","2.0":1,"q":"say \\"3.0\\""}');
  });

  it('JSON and Python-style dumps write them back as Python does', () => {
    const value = parseJsonKeepingFloats('{"a": 2.0, "b": 2, "c": [1.0, 1e16, 2.5]}');
    expect(stringifyJsonKeepingFloats(value)).toBe('{"a":2.0,"b":2,"c":[1.0,1e+16,2.5]}');
    expect(pyJsonDumps(value)).toBe('{"a": 2.0, "b": 2, "c": [1.0, 1e+16, 2.5]}');
    expect(stringifyJsonKeepingFloats(value, 2)).toContain('"a": 2.0');
  });

  it('a mark ends when its value changes or a merge overwrites the key with an int', () => {
    const state = parseJsonKeepingFloats('{"a": 2.0, "b": 4.0}') as Json;
    state.a = 3; // a JavaScript block's new number: an int
    expect(isFloatAt(state, 'a')).toBe(false);
    mergeUpdate(state, { b: 4 }); // Python returned the int 4 for the same key
    expect(isFloatAt(state, 'b')).toBe(false);
    mergeUpdate(state, parseJsonKeepingFloats('{"c": 5.0}') as Json);
    expect(isFloatAt(state, 'c')).toBe(true);
  });

  it('merges, spreads and deep copies carry the marks', () => {
    const source = parseJsonKeepingFloats('{"x": 1.0, "nested": {"y": [0.0]}}') as Json;
    const copy = deepCopy(source);
    expect(copy).not.toBe(source);
    expect([isFloatAt(copy, 'x'), isFloatAt(copy.nested.y, 0)]).toEqual([true, true]);
    const spread = spreadKeepingFloats<Json>(source, { item: 1 });
    expect([isFloatAt(spread, 'x'), isFloatAt(spread, 'item')]).toEqual([true, false]);
    expect(stringifyJsonKeepingFloats(assignKeepingFloats({ z: 0 }, source))).toBe('{"z":0,"x":1.0,"nested":{"y":[0.0]}}');
  });

  it('templates print them as Python does: looked up, inside containers, through tojson', () => {
    const state = parseJsonKeepingFloats('{"avg": 2.0, "n": 2, "d": {"f": 10.0, "g": 1}, "xs": [1.0, 2]}') as Json;
    const render = (text: string) => renderString(text, { state });
    expect(render('{{ state.avg }} {{ state["avg"] }} {{ state.n }} {{ state.d.f }} {{ state.xs[0] }} {{ state.xs[-2] }}')).toBe('2.0 2.0 2 10.0 1.0 1.0');
    expect(render('d = {{ state.d }}; xs = {{ state.xs }}')).toBe("d = {'f': 10.0, 'g': 1}; xs = [1.0, 2]");
    expect(render('{{ state.d | tojson }}')).toBe('{"f": 10.0, "g": 1}');
    expect(render('{{ state.avg + 1 }}')).toBe('3'); // arithmetic gives plain JavaScript numbers
    // What Python makes a float whatever the operands (Jinja2 prints the same):
    expect(render('{{ state.n / 1 }} {{ 7 / 2 }} {{ state.n | float }} {{ state.n // 1 }} {{ state.n | round }}')).toBe('2.0 3.5 2.0 2 2');
  });

  it('a template that is one lookup of a float gives a float where it is stored (with:, output:)', () => {
    const state = parseJsonKeepingFloats('{"avg": 2.0, "xs": [1.0, 3]}') as Json;
    const params = renderParams({ a: '{{ state.avg }}', b: ['{{ state.xs[0] }}', '{{ state.xs[1] }}'], c: '{{ state.avg | int }}' }, { state }) as Json;
    expect(params).toEqual({ a: 2, b: [1, 3], c: 2 });
    expect(stringifyJsonKeepingFloats(params)).toBe('{"a":2.0,"b":[1.0,3],"c":2}');
    expect(processTemplate('{{ state.avg }}', { state })).toBe(2); // a bare value is a plain number
    const divided = renderParams({ half: '{{ state.xs[1] / 3 }}' }, { state }) as Json;
    expect(stringifyJsonKeepingFloats(divided)).toBe('{"half":1.0}');
  });
});

