// state/2 in, return/2 out: TEA's prolog_runtime.py conventions (core.md §2.1), and the
// examples of TEA's Prolog guide (docs/python/prolog-guide.md).
import { describe, expect, it } from 'vitest';
import { isFloatAt, parseJsonKeepingFloats } from '../../../src/util/python-floats.js';
import { failProlog, runProlog } from './helpers.js';

describe('state/2', () => {
  it('reads each JSON type; strings arrive as atoms, as in TEA', async () => {
    const state = { name: 'alice', n: 41, f: 1.5, yes: true, no: false, nothing: null, list: [1, 2, 3], obj: { city: 'Paris', tags: ['a'] } };
    const code = [
      'state(name, Name), Name = alice, atom(Name),',
      'state(n, N), N1 is N + 1,',
      'state(f, F), F2 is F * 2,',
      'state(yes, true), state(no, false), state(nothing, null),',
      'state(list, L), sum_list(L, Sum),',
      'state(obj, O), get_dict(city, O, City), Tags = O.tags,',
      'return(n1, N1), return(f2, F2), return(sum, Sum), return(city, City), return(tags, Tags).',
    ].join('\n');
    expect((await runProlog(code, state)).value).toEqual({ n1: 42, f2: 3, sum: 6, city: 'Paris', tags: ['a'] });
  });

  it('round-trips nested state unchanged', async () => {
    const data = { text: 'héllo ✓ \'quoted\' "double" \\ back\nline', list: [1, 'two', null, true, { deep: [[]] }], empty: {}, n: -7, big: 12345678901 };
    expect((await runProlog('state(data, D), return(copy, D).', { data })).value).toEqual({ copy: data });
  });

  it('a missing key fails the query: no update and no error (TEA)', async () => {
    expect((await runProlog('state(missing, X), return(x, X).')).value).toBeUndefined();
  });
});

describe('return/2', () => {
  it('sets one key per call, the last call for a key winning', async () => {
    expect((await runProlog('return(a, 1), return(b, 2), return(a, 3).')).value).toEqual({ a: 3, b: 2 });
  });

  it('converts values as janus does: atoms to text, true/false/null, strings, lists, dicts, pairs, terms', async () => {
    const code = [
      'return(atom, hello), return(string, "text"), return(t, true), return(f, false), return(nil, null),',
      'return(list, [1, 2.5, x]), return(dict, _{name: "Ada", age: 36}), return(pair, key-1),',
      'return(term, point(1, \'A b\')), return(codes, `ab`), return(empty, []).',
    ].join('\n');
    expect((await runProlog(code)).value).toEqual({
      atom: 'hello', string: 'text', t: true, f: false, nil: null, list: [1, 2.5, 'x'],
      dict: { name: 'Ada', age: 36 }, pair: ['key', 1], term: "point(1,'A b')", codes: [97, 98], empty: [],
    });
  });

  it('no return/2 means no update', async () => {
    expect((await runProlog('X = 1, X > 0.')).value).toBeUndefined();
  });

  it('a block without a final period gets one, as TEA adds it (parity/basic_arithmetic.yaml)', async () => {
    expect((await runProlog('X is 10 + 20, Y is X * 2, return(y, Y)  \n')).value).toEqual({ y: 60 });
    expect((await runProlog('X = 5, Y = 10, X < Y')).value).toBeUndefined();
    expect((await runProlog('  \n')).value).toBeUndefined();
  });

  it('a failing query stops the block quietly, keeping what was returned before it (TEA)', async () => {
    const { value } = await runProlog('return(before, 1), state(n, N), N > 10, return(after, 2).\nreturn(next_term, 3).', { n: 3 });
    expect(value).toEqual({ before: 1 });
  });
});

describe('programs from TEA’s Prolog guide', () => {
  it('facts, rules and a query in one block', async () => {
    const code = [
      'parent(alice, bob).',
      'parent(bob, carol).',
      'grandparent(X, Z) :- parent(X, Y), parent(Y, Z).',
      'findall(X-Z, grandparent(X, Z), Pairs), return(pairs, Pairs).',
    ].join('\n');
    expect((await runProlog(code)).value).toEqual({ pairs: [['alice', 'carol']] });
  });

  it('tea_load_code/1 loads facts and rules from a text, as TEA\'s safety examples call it', async () => {
    const code = [
      'tea_load_code("',
      '  priority(safety_critical, 1).',
      '  priority(normal_operation, 4).',
      '  higher(A, B) :- priority(A, PA), priority(B, PB), PA < PB.',
      '"),',
      'findall(A-B, higher(A, B), Pairs), return(pairs, Pairs).',
    ].join('\n');
    expect((await runProlog(code)).value).toEqual({ pairs: [['safety_critical', 'normal_operation']] });
  });

  it('an error inside tea_load_code/1 names the line of the block that called it', async () => {
    const error = await failProlog('writeln(first).\ntea_load_code("ok(1).\\nbroken(.").');
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 2 });
    expect(error.message).toMatch(/^Prolog syntax error: /);
  });

  it('CLP(FD) without a use_module directive', async () => {
    const code = 'X in 1..10, Y in 1..10, X + Y #= 15, X #< Y, label([X, Y]), return(x, X), return(y, Y).';
    expect((await runProlog(code)).value).toEqual({ x: 5, y: 10 });
  });

  it('list processing with if-then-else', async () => {
    const code = [
      'state(numbers, Numbers),',
      'sum_list(Numbers, Total), length(Numbers, Count),',
      '(member(X, Numbers), 0 is X mod 2 -> HasEven = true ; HasEven = false),',
      'return(total, Total), return(count, Count), return(has_even, HasEven).',
    ].join('\n');
    expect((await runProlog(code, { numbers: [1, 3, 4] })).value).toEqual({ total: 8, count: 3, has_even: true });
  });

  it('a scheduling constraint problem building a list of dicts', async () => {
    const code = [
      'state(max_time, MaxTime),',
      '[T1, T2] ins 0..MaxTime, T1 + 2 #=< T2, T2 + 3 #=< MaxTime, label([T1, T2]),',
      "Schedule = [_{task: 'A', start: T1}, _{task: 'B', start: T2}],",
      'return(schedule, Schedule).',
    ].join('\n');
    expect((await runProlog(code, { max_time: 6 })).value).toEqual({ schedule: [{ task: 'A', start: 0 }, { task: 'B', start: 2 }] });
  });

  it('directives, DCG rules and a library predicate written as a bare term', async () => {
    const code = [
      ':- dynamic(seen/1).',
      'greeting --> [hello], name.',
      'name --> [world].',
      'assertz(seen(x)), seen(S), return(seen, S).',
      '(phrase(greeting, [hello, world]) -> return(parsed, true) ; return(parsed, false)).',
      'length(L, 2).',
      'return(done, yes).',
    ].join('\n');
    expect((await runProlog(code)).value).toEqual({ seen: 'x', parsed: true, done: 'yes' });
  });
});

describe('floats with whole values (Python 2.0, Prolog 2.0)', () => {
  it('a Python float arrives as a Prolog float, and a Prolog float comes back as a float', async () => {
    const state = parseJsonKeepingFloats('{"f": 2.0, "i": 3}') as Record<string, unknown>;
    const code = 'state(f, F), state(i, I), ( float(F) -> T = float ; T = integer ), G is F * 2, H is I + 1, return(ftype, T), return(g, G), return(h, H).';
    const value = (await runProlog(code, state)).value as Record<string, unknown>;
    expect(value).toEqual({ ftype: 'float', g: 4, h: 4 });
    expect([isFloatAt(value, 'g'), isFloatAt(value, 'h')]).toEqual([true, false]);
  });
});

