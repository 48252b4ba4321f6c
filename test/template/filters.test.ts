import { describe, expect, it } from 'vitest';
import { processTemplate } from '../../src/template/index.js';

// Expected texts come from Jinja2 3.1 / Python 3.11 on the same inputs.
const state = {
  d: { b: 1, a: "<x> & 'y' é", c: [1.5, null, true] },
  people: [
    { name: 'Bob', age: 30 },
    { name: 'alice', age: 25 },
  ],
  words: ['b', 'A', 'a', 'C'],
  lst: [1, 2, 3],
  text: 'Hello World',
};
const render = (text: string): unknown => processTemplate(text, { state });

describe('TEA filters (core.md §3.1)', () => {
  it('tojson: sorted keys, <>&\' escaped, Python separators, non-ASCII escaped', () => {
    expect(render('{{ state.d | tojson }}')).toBe('{"a": "\\u003cx\\u003e \\u0026 \\u0027y\\u0027 \\u00e9", "b": 1, "c": [1.5, null, true]}');
    expect(render('{{ {"b": 1, "a": [1, {}]} | tojson(indent=2) }}')).toBe('{\n  "a": [\n    1,\n    {}\n  ],\n  "b": 1\n}');
  });

  it('json: insertion order, ", "/": " separators, non-ASCII escaped', () => {
    expect(render("{{ {'b': 1, 'a': 'é ✓', 'c': [1.5, None, True]} | json }}")).toBe('{"b": 1, "a": "\\u00e9 \\u2713", "c": [1.5, null, true]}');
  });

  it('fromjson parses, and returns its input unchanged when it does not parse', () => {
    expect(render('{{ \'{"a": [1, 2]}\' | fromjson }}')).toEqual({ a: [1, 2] });
    expect(render("{{ 'not json' | fromjson }}")).toBe('not json');
    expect(render('{{ state.lst | fromjson }}')).toEqual([1, 2, 3]);
  });

  it('sha256 hashes the Python str() of the value', () => {
    expect(render("{{ {'a': 1, 'b': [True, None]} | sha256 }}")).toBe('59be26c789d1e36242f8b87ac35262986ed1c611ecf47b93ff05c111053df945');
    expect(render('{{ 42 | sha256 }}')).toBe('73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049');
    expect(render("{{ 'héllo' | sha256 }}")).toBe('3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179');
  });
});

describe('Jinja2 filters with Python-equal output', () => {
  it('default, length, join', () => {
    expect(render("{{ nope | default('fb') }} {{ '' | default('fb', true) }}")).toBe('fb fb');
    expect(render('{{ state.lst | length }} {{ state.text | count }}')).toBe('3 11');
    expect(render("{{ [1, None] | join('-') }} {{ state.people | join(', ', attribute='name') }}")).toBe('1-None Bob, alice');
  });

  it('map, selectattr, rejectattr, select, reject, attr', () => {
    expect(render("{{ state.people | map(attribute='name') | list }}")).toEqual(['Bob', 'alice']);
    expect(render("{{ state.people | map(attribute='nope', default='?') | list }}")).toEqual(['?', '?']);
    expect(render("{{ state.words | map('lower') | list }}")).toEqual(['b', 'a', 'a', 'c']);
    expect(render("{{ state.people | selectattr('age', 'gt', 26) | map(attribute='name') | list }}")).toEqual(['Bob']);
    expect(render("{{ state.people | rejectattr('age', 'gt', 26) | map(attribute='name') | first }}")).toBe('alice');
    expect(render("{{ state.lst | select('odd') | list }} {{ state.lst | reject('odd') | list }}")).toBe('[1, 3] [2]');
    expect(render("{{ state.people[0] | attr('name') }}")).toBe('Bob');
  });

  it('unique, min, max and sort ignore case unless asked', () => {
    expect(render('{{ state.words | unique | list }}')).toEqual(['b', 'A', 'C']);
    expect(render('{{ state.words | min }} {{ state.words | max }}')).toBe('A C');
    expect(render('{{ state.words | sort }}')).toEqual(['A', 'a', 'b', 'C']);
    expect(render('{{ state.words | sort(reverse=true) }}')).toEqual(['C', 'b', 'A', 'a']);
    expect(render('{{ state.words | sort(case_sensitive=true) }}')).toEqual(['A', 'C', 'a', 'b']);
    expect(render("{{ state.people | sort(attribute='age') | map(attribute='name') | list }}")).toEqual(['alice', 'Bob']);
    expect(render("{{ state.people | max(attribute='age') }}")).toEqual({ name: 'Bob', age: 30 });
  });

  it('items, dictsort, first, last, list, reverse, batch, slice', () => {
    expect(render('{{ state.d | items | list }}')).toEqual(Object.entries(state.d));
    expect(render("{{ {'b': 1, 'a': 2} | dictsort }}")).toEqual([['a', 2], ['b', 1]]);
    expect(render('{{ state.lst | first }} {{ state.lst | last }} {{ "ab" | last }}')).toBe('1 3 b');
    expect(render('{{ [] | first }}')).toBeNull();
    expect(render("{{ 'ab' | list }} {{ state.lst | reverse | list }} {{ 'abc' | reverse }}")).toBe("['a', 'b'] [3, 2, 1] cba");
    expect(render('{{ state.lst | batch(2, 0) | list }}')).toEqual([[1, 2], [3, 0]]);
    expect(render('{{ [1, 2, 3, 4, 5] | slice(2) | list }}')).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('upper, lower, title, capitalize, trim, replace, string, format', () => {
    expect(render("{{ 'hello world' | upper }} {{ 'HeLLo' | lower }}")).toBe('HELLO WORLD hello');
    // Jinja2's title splits on whitespace and -({[< only: "it's" stays "It's".
    expect(render("{{ \"it's a-b c(d\" | title }}")).toBe("It's A-B C(D");
    expect(render("{{ 'hELLO' | capitalize }}|{{ '  x ' | trim }}|{{ 'aaa' | replace('a', 'b', 2) }}")).toBe('Hello|x|bba');
    expect(render('{{ 3 | string }}')).toBe('3');
    expect(render("{{ '%s-%s' | format('a', 'b') }}")).toBe('a-b');
  });

  it('int, float, round, abs, sum', () => {
    expect(render("{{ '42' | int }} {{ '3.7' | int }} {{ 'abc' | int }} {{ 'abc' | int(7) }} {{ '0x1A' | int(0, 16) }}")).toBe('42 3 0 7 26');
    // Jinja2 prints `5.0 0.0`: a float filter's own value keeps its .0, arithmetic on it does not.
    expect(render("{{ '2.5' | float * 2 }} {{ 'x' | float }}")).toBe('5 0.0');
    expect(render("{{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ 2.7 | round(0, 'floor') }} {{ 1.2 | round(0, 'ceil') }}")).toBe('2 3.14 2 2');
    expect(render('{{ -3 | abs }} {{ state.lst | sum }} {{ state.people | sum(attribute="age") }}')).toBe('3 6 55');
  });

  it('truncate, wordcount, center, indent', () => {
    expect(render("{{ 'one two three four five six' | truncate(12) }}")).toBe('one two...');
    // Within length + leeway (5) the text is kept whole.
    expect(render("{{ 'one two three four' | truncate(16) }}")).toBe('one two three four');
    expect(render("{{ 'one two three four' | truncate(16, leeway=0) }}")).toBe('one two...');
    expect(render("{{ 'a b c' | wordcount }}|{{ 'abc' | center(7) }}|{{ 'x\ny' | indent(2) }}")).toBe('3|  abc  |x\n  y');
  });

  it('an unknown filter is a template error at compile time', () => {
    expect(() => render('{{ state.lst | nofilter }}')).toThrow("Template error in expression '{{ state.lst | nofilter }}': No filter named 'nofilter'.");
  });
});
