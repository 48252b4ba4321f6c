import { describe, expect, it } from 'vitest';
import { processTemplate } from '../../src/template/index.js';

// Expected values were checked against Jinja2 3.1 with TEA's DotDict context.
const state = { s: 'Hello World', n: 3, lst: [1, 2, 3], d: { a: 1 }, empty: [], edict: {}, words: ['b', 'a'] };
const render = (text: string): unknown => processTemplate(text, { state });

describe('core.md §3.4 table: nunjucks vs Jinja2 gaps', () => {
  it('row: True False None are globals', () => {
    expect(render('{{ [True, False, None] }}')).toEqual([true, false, null]);
    expect(render('{{ state.n == 3 and True }}')).toBe(true);
  });

  it("row: state.get('k', d), .keys() .values() .items()", () => {
    expect(render("{{ state.get('n', 0) }}")).toBe(3);
    expect(render("{{ state.get('k', 'dflt') }}")).toBe('dflt');
    expect(render('{{ state.d.keys() | list }}')).toEqual(['a']);
    expect(render('{{ state.d.values() | list }}')).toEqual([1]);
    expect(render('{{ state.d.items() | list }}')).toEqual([['a', 1]]);
  });

  it('row: {% for k, v in d.items() %}', () => {
    expect(processTemplate('{% for k, v in state.d.items() %}{{ k }}:{{ v }}{% endfor %}', { state: { d: { a: 1, b: 2 } } })).toBe('a:1b:2');
  });

  it('row: len(x) (defined by us) and | length', () => {
    expect(render('{{ len(state.lst) }}')).toBe(3);
    expect(render('{{ len(state.s) }}')).toBe(11);
    expect(render('{{ state.d | length }}')).toBe(1);
  });

  it('row: str methods with Python semantics', () => {
    expect(render("{{ state.s.startswith('He') }}")).toBe(true);
    expect(render("{{ state.s.endswith(('x', 'ld')) }}")).toBe(true);
    expect(render('{{ state.s.upper() }} {{ state.s.lower() }}')).toBe('HELLO WORLD hello world');
    expect(render("{{ '  x  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ ' a '.lstrip() }}|{{ ' a '.rstrip() }}")).toBe('x|hi|a | a');
    expect(render("{{ 'a b  c'.split() }}")).toEqual(['a', 'b', 'c']);
    expect(render("{{ 'a,b,,c'.split(',') }}")).toEqual(['a', 'b', '', 'c']);
    expect(render("{{ state.s.replace('l', 'L') }}")).toBe('HeLLo WorLd');
    expect(render("{{ state.s.find('W') }} {{ state.s.find('z') }} {{ state.s.count('l') }}")).toBe('6 -1 3');
    expect(render("{{ '42'.isdigit() }} {{ '4a'.isdigit() }}")).toBe('True False');
    expect(render("{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}")).toBe('Hello World|Hello');
    expect(render("{{ '{} and {name}'.format(1, name='b') }}")).toBe('1 and b');
    expect(render("{{ '{:>5}|{:<4}|{:^5}|{:.2f}|{:,}'.format('a', 'b', 'c', 3.14159, 1234567) }}")).toBe('    a|b   |  c  |3.14|1,234,567');
    expect(render("{{ ', '.join(state.words) }}")).toBe('b, a');
  });

  it("row: '%s-%d' % (a, b)", () => {
    expect(render("{{ '%s-%d' % ('a', 3) }}")).toBe('a-3');
    expect(render("{{ '%05.1f|%-4s|%x|%+d' % (3.14159, 'ab', 255, 5) }}")).toBe('003.1|ab  |ff|+5');
    expect(render("{{ '%s' % state.lst }}")).toBe('[1, 2, 3]');
    expect(render("{{ '%(a)s!' % {'a': 1} }}")).toBe('1!');
  });

  it('row: slices x[0:2], x[::-1] and negative indexes x[-1]', () => {
    expect(render('{{ state.lst[0:2] }}')).toEqual([1, 2]);
    expect(render('{{ state.lst[::-1] }}')).toEqual([3, 2, 1]);
    expect(render('{{ state.lst[-1] }}')).toBe(3);
    expect(render('{{ state.s[1:4] }}|{{ state.s[-3:] }}|{{ state.s[::2] }}')).toBe('ell|rld|HloWrd');
    expect(render('{{ state.lst[:] }}')).toEqual([1, 2, 3]);
  });

  it('row: | tojson, | json, | fromjson, | sha256, | map(attribute=…), | unique, | min, | max, | items, | selectattr (details in filters.test.ts)', () => {
    const people = { people: [{ n: 'b', a: 2 }, { n: 'A', a: 1 }] };
    const run = (text: string): unknown => processTemplate(text, { state: people });
    expect(run("{{ {'b': 1, 'a': '<'} | tojson }}")).toBe('{"a": "\\u003c", "b": 1}');
    expect(run("{{ {'b': 1, 'a': 'é'} | json }}")).toBe('{"b": 1, "a": "\\u00e9"}');
    expect(run("{{ '[1]' | fromjson }}")).toEqual([1]);
    expect(run("{{ 'x' | sha256 }}")).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    expect(run("{{ state.people | map(attribute='n') | list }}")).toEqual(['b', 'A']);
    expect(run("{{ ['a', 'A', 'b'] | unique | list }} {{ ['b', 'A'] | min }} {{ ['b', 'A'] | max }}")).toBe("['a', 'b'] A b");
    expect(run("{{ {'k': 1} | items | list }}")).toEqual([['k', 1]]);
    expect(run("{{ state.people | selectattr('a', 'equalto', 1) | map(attribute='n') | first }}")).toBe('A');
  });

  it('row: Python truthiness of [] and {} in if/not/and/or/inline if', () => {
    expect(render('{% if state.empty %}T{% else %}F{% endif %}{% if state.edict %}T{% else %}F{% endif %}')).toBe('FF');
    expect(render('{{ not state.empty }}')).toBe(true);
    expect(render("{{ 'y' if state.edict else 'n' }}")).toBe('n');
    // `or`/`and` return an operand, as in Python.
    expect(render("{{ state.empty or 'fb' }}")).toBe('fb');
    expect(render("{{ 'a' and 'b' }}")).toBe('b');
    expect(render('{{ 0 or None }}')).toBeNull();
  });

  it('row: == is Python equality (typed, deep)', () => {
    expect(render("{{ '1' == 1 }}")).toBe(false);
    expect(render('{{ state.lst == [1, 2, 3] }}')).toBe(true);
    expect(render("{{ state.d == {'a': 1} }}")).toBe(true);
    expect(render('{{ True == 1 }}')).toBe(true);
  });

  it('row: printing True, None, dicts and floats uses Python str()', () => {
    expect(render("{{ True }} {{ None }} {{ 1.5 }} {{ [1, 'a'] }} {{ {'a': 1} }}")).toBe("True None 1.5 [1, 'a'] {'a': 1}");
  });

  it('row: x is defined on a state key is true', () => {
    expect(render('{{ state.anything is defined }}')).toBe(true);
  });

  it("row: x | default('fb') on a missing state key is None", () => {
    expect(render("{{ state.nope | default('fb') }}")).toBeNull();
  });

  it('row: undefined handling — None for DotDict misses, errors only for undefined top-level names', () => {
    expect(render('{{ state.missing }}')).toBeNull();
    expect(render('{{ state.missing.deep }}')).toBeNull();
    // Printed inside a larger string the undefined `.deep` fails, as StrictUndefined does.
    expect(() => render('x={{ state.missing.deep }}')).toThrow("Template error: 'None' has no attribute 'deep'");
    expect(render('{{ state.lst[5] }}')).toBeNull();
    expect(() => render('{{ state.missing.deep.deeper }}')).toThrow("'None' has no attribute 'deep'");
    expect(() => render('x={{ nope }}')).toThrow("Template error: 'nope' is undefined");
  });

  it("row: runtime errors (1/0, 'a'+1) are Python errors; a single expression returns its text", () => {
    expect(render('{{ 1 / 0 }}')).toBe('{{ 1 / 0 }}');
    expect(render("{{ 'a' + 1 }}")).toBe("{{ 'a' + 1 }}");
    expect(() => render('x{{ 1 / 0 }}')).toThrow(/^division by zero$/);
    expect(() => render("x{{ 'a' + 1 }}")).toThrow('can only concatenate str (not "int") to str');
  });
});

describe('more Python operators', () => {
  it('//, /, **, ~ and %', () => {
    expect(render("{{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 3 }} {{ 'a' ~ 1 }}")).toBe('3 3.5 8 a1');
    expect(render('{{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }}')).toBe('-4 2 -2');
    expect(() => render('x{{ 7 // 0 }}')).toThrow('integer division or modulo by zero');
  });

  it('uses Jinja2 precedence: * / // % share a level, ~ binds tighter than + -', () => {
    expect(render('{{ 3 * 5 // 2 }} {{ 2 * 7 % 4 }} {{ 2 + 3 * 4 ** 2 }}')).toBe('7 2 50');
    expect(() => render("x{{ 'a' ~ 1 + 2 }}")).toThrow('can only concatenate str');
  });

  it('concatenates and repeats lists and strings', () => {
    expect(render('{{ [1] + [2] }}')).toEqual([1, 2]);
    expect(render("{{ 'ab' * 2 }}")).toBe('abab');
    expect(render('{{ [0] * 3 }}')).toEqual([0, 0, 0]);
  });

  it('in works on lists, strings and DotDicts', () => {
    expect(render("{{ 2 in state.lst }} {{ 'ell' in state.s }} {{ 'n' in state }} {{ 'zz' not in state }}")).toBe('True True True True');
    expect(render('{{ 1 in "abc" }}')).toBe('{{ 1 in "abc" }}');
  });

  it('compares like Python, including chains and type errors', () => {
    expect(render('{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}')).toBe('True False');
    expect(render('{{ [1, 2] < [1, 3] }}')).toBe(true);
    expect(() => render('x{{ None > 5 }}')).toThrow("'>' not supported between instances of 'NoneType' and 'int'");
  });

  it('list methods index and count; attribute digits as indexes', () => {
    expect(render('{{ state.lst.index(2) }} {{ state.lst.count(2) }} {{ state.lst.0 }}')).toBe('1 1 1');
  });

  it('parses Python number literals and dicts with }} inside brackets', () => {
    expect(render('{{ 1e-7 }}')).toBe(1e-7);
    expect(render('{{ 1_000 }}')).toBe(1000);
    expect(render("x={{ {'a': {'b': 1}} }}")).toBe("x={'a': {'b': 1}}");
  });

  it("an inline if without else prints '' but fails when used, as in Jinja2", () => {
    expect(render("x{{ 'a' if state.empty }}")).toBe('x');
    expect(() => render("x{{ ('a' if state.empty).b }}")).toThrow('no else section was defined');
  });

  it('namespace() attributes can be assigned in loops', () => {
    expect(render('{% set ns = namespace(c=0) %}{% for i in state.lst %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}')).toBe('6');
  });

  it('iterates dicts by key and strings by character', () => {
    expect(render('{% for k in state.d %}{{ k }}{% endfor %}|{% for c in "ab" %}{{ c }}.{% endfor %}')).toBe('a|a.b.');
  });
});

describe('Python builtins as globals', () => {
  it('range, dict, str, int, float, bool, list', () => {
    expect(render('{{ range(3) | list }}')).toEqual([0, 1, 2]);
    expect(render('{{ range(5, 0, -2) | list }}')).toEqual([5, 3, 1]);
    expect(render('{{ dict(a=1) }}')).toEqual({ a: 1 });
    expect(render("{{ str(1) ~ (int('5') + 1) }}")).toBe('16');
    expect(render("{{ float('1.5') }} {{ bool([]) }} {{ list('ab') }}")).toBe("1.5 False ['a', 'b']");
    expect(render("{{ int('x') }}")).toBe("{{ int('x') }}");
  });

  it('abs, min, max, sum, sorted, round (half to even), enumerate, zip', () => {
    expect(render('{{ abs(-2) }} {{ min(3, 1, 2) }} {{ max(state.lst) }} {{ sum(state.lst) }}')).toBe('2 1 3 6');
    expect(render('{{ sorted(state.words) }}')).toEqual(['a', 'b']);
    expect(render('{{ [round(2.5), round(3.5), round(2.675, 2), round(0.125, 2)] }}')).toEqual([2, 4, 2.67, 0.12]);
    expect(render('{{ enumerate(state.words) | list }}')).toEqual([[0, 'b'], [1, 'a']]);
    expect(render('{{ zip(state.lst, state.words) | list }}')).toEqual([[1, 'b'], [2, 'a']]);
  });
});
