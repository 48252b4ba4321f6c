// State in as Lua tables, results out as JSON: TEA's lua_runtime.py conversions (core.md §2.1).
import { describe, expect, it } from 'vitest';
import { isFloatAt, parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../../src/util/python-floats.js';
import { runLua } from './helpers.js';

describe('state into Lua', () => {
  it('gives `state` as a local table with every JSON type', async () => {
    const state = { s: 'héllo ✓', i: 5, f: 1.5, t: true, no: false, nothing: null, list: [10, 20, 30], obj: { deep: { x: 'y' } } };
    const code = [
      'return {',
      '  s = state.s .. "!", i = state.i + 1, f = state.f * 2, t = not state.t, no = state.no,',
      '  nothing_is_nil = state.nothing == nil, len = #state.list, second = state.list[2],',
      '  deep = state.obj.deep.x, itype = math.type(state.i), ftype = math.type(state.f),',
      '  concat = "n=" .. state.i,',
      '}',
    ].join('\n');
    expect((await runLua(code, state)).value).toEqual({
      s: 'héllo ✓!', i: 6, f: 3, t: false, no: false, nothing_is_nil: true, len: 3, second: 20,
      deep: 'y', itype: 'integer', ftype: 'float', concat: 'n=5',
    });
  });

  it('iterates arrays with ipairs and objects with pairs', async () => {
    const code = [
      'local sum = 0',
      'for _, v in ipairs(state.items) do sum = sum + v.n end',
      'local keys = {}',
      'for k in pairs(state.map) do keys[#keys + 1] = k end',
      'table.sort(keys)',
      'return {sum = sum, keys = keys}',
    ].join('\n');
    const state = { items: [{ n: 1 }, { n: 2 }, { n: 3 }], map: { b: 1, a: 2 } };
    expect((await runLua(code, state)).value).toEqual({ sum: 6, keys: ['a', 'b'] });
  });

  it('returns nested state unchanged, arrays staying arrays (empty ones too)', async () => {
    const state = { data: { list: [1, 'two', { three: 3 }, [4]], empty: [], none: {}, text: 'a\u0000b' } };
    expect((await runLua('return state', state)).value).toEqual(state);
  });

  it('keeps holes from nulls inside arrays', async () => {
    expect((await runLua('return state.list', { list: [1, null, 3] })).value).toEqual([1, null, 3]);
  });

  it('exposes `variables` beside `state`', async () => {
    expect((await runLua('return variables.greeting .. ", " .. state.name', { name: 'Ada' }, { variables: { greeting: 'hi' } })).value).toBe('hi, Ada');
  });

  it('does not change the caller’s state object', async () => {
    const state = { n: 1, list: [1] };
    await runLua('state.n = 99; state.list[1] = 5; return nil', state);
    expect(state).toEqual({ n: 1, list: [1] });
  });
});

describe('return conventions', () => {
  it('nil or no return means no update', async () => {
    expect((await runLua('return nil')).value).toBeUndefined();
    expect((await runLua('local x = 1')).value).toBeUndefined();
  });

  it('a table with string keys is a mapping', async () => {
    expect((await runLua('return {count = 2, status = "done"}')).value).toEqual({ count: 2, status: 'done' });
  });

  it('a sequence is a list; an empty table is a mapping, as in TEA', async () => {
    expect((await runLua('return {1, 2, 3}')).value).toEqual([1, 2, 3]);
    expect((await runLua('return {}')).value).toEqual({});
  });

  it('mixed or sparse keys make a mapping with text keys; small holes stay a list', async () => {
    expect((await runLua('return {1, 2, x = 3}')).value).toEqual({ 1: 1, 2: 2, x: 3 });
    expect((await runLua('return {[1] = "a", [3] = "c"}')).value).toEqual(['a', null, 'c']);
    expect((await runLua('return {[1000] = "far"}')).value).toEqual({ 1000: 'far' });
  });

  it('scalars come back as themselves', async () => {
    expect((await runLua('return 42')).value).toBe(42);
    expect((await runLua('return 7 / 2')).value).toBe(3.5);
    expect((await runLua('return 4 / 2')).value).toBe(2);
    expect((await runLua('return "text"')).value).toBe('text');
    expect((await runLua('return false')).value).toBe(false);
  });

  it('several return values become a list (lupa returns a tuple)', async () => {
    expect((await runLua('return 1, "two", nil')).value).toEqual([1, 'two', null]);
  });

  it('Lua 5.4 features work (integer division, bitwise operators, utf8)', async () => {
    expect((await runLua('return {17 // 5, 6 & 3, utf8.len("héllo")}')).value).toEqual([3, 2, 5]);
  });
});

describe('floats with whole values (Python 2.0, Lua 2.0)', () => {
  it('a Python float arrives as a Lua float, and a Lua float comes back as a float', async () => {
    const state = parseJsonKeepingFloats('{"f": 2.0, "i": 3, "list": [1.0, 2]}') as Record<string, unknown>;
    const code = 'return {ftype = math.type(state.f), itype = math.type(state.i), text = tostring(state.f), first = math.type(state.list[1]), three = 6 / 2, n = 4, nested = {x = 1.0}}';
    const value = (await runLua(code, state)).value as Record<string, any>;
    expect(value).toMatchObject({ ftype: 'float', itype: 'integer', text: '2.0', first: 'float', three: 3, n: 4, nested: { x: 1 } });
    expect([isFloatAt(value, 'three'), isFloatAt(value, 'n'), isFloatAt(value.nested, 'x')]).toEqual([true, false, true]);
    expect(stringifyJsonKeepingFloats(value)).toContain('"three":3.0');
  });
});

