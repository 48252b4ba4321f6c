import { describe, expect, it } from 'vitest';
import { processTemplate, type TemplateContext } from '../../src/template/index.js';

// core.md §3.2: every context mapping is a DotDict.
const state = {
  n: 3,
  items: ['a', 'b'],
  keys: 5,
  nested: { k: { j: 2 } },
  people: [{ name: 'Bob' }],
};
const render = (text: string, extra: Partial<TemplateContext> = {}): unknown => processTemplate(text, { state, ...extra });

describe('DotDict lookups (§3.2)', () => {
  it('a present key gives its value, nested mappings re-wrapped', () => {
    expect(render('{{ state.n }}')).toBe(3);
    expect(render('{{ state.nested.k.j }}')).toBe(2);
    // The re-wrapped nested mapping is a DotDict too: its misses are None, not errors.
    expect(render('x={{ state.nested.k.nope }}')).toBe('x=None');
  });

  it('keys shadow dict methods (state.items is the list when the key exists)', () => {
    expect(render('{{ state.items }}')).toEqual(['a', 'b']);
    expect(render('{{ state.keys }}')).toBe(5);
  });

  it('a missing key named like a dict method is the method, with Python semantics', () => {
    expect(render("{{ state.get('n') }}")).toBe(3);
    expect(render("{{ state.get('nope', 0) }}")).toBe(0);
    expect(render('{{ state.get("nope") }}')).toBeNull();
    expect(render('{{ state.nested.keys() | list }}')).toEqual(['k']);
    expect(render('{{ state.nested.k.values() | list }}')).toEqual([2]);
    expect(render('{% for k, v in state.nested.k.items() %}{{ k }}={{ v }};{% endfor %}')).toBe('j=2;');
    expect(render("{{ state.nested.setdefault('z', 1) }}")).toBe(1);
  });

  it('any other missing key is None, by attribute or by item', () => {
    expect(render('{{ state.missing }}')).toBeNull();
    expect(render("{{ state['missing'] }}")).toBeNull();
    expect(render('x={{ state.missing }}')).toBe('x=None');
  });

  it('state.x is defined is always true', () => {
    expect(render('{{ state.nope is defined }}')).toBe(true);
    expect(render('{{ nope is defined }}')).toBe(false);
  });

  it("default('fb') keeps None on a miss; only default('fb', true) replaces it", () => {
    expect(render("{{ state.missing | default('fb') }}")).toBeNull();
    expect(render("{{ state.missing | default('fb', true) }}")).toBe('fb');
    expect(render("{{ undefined_name | default('fb') }}")).toBe('fb');
  });

  it('plain dicts inside lists are not DotDicts: a missing key there is Undefined', () => {
    // As the final value of an expression Undefined is None; used in a render it raises.
    expect(render('{{ state.people[0].nope }}')).toBeNull();
    expect(() => render('v={{ state.people[0].nope }}')).toThrow("Template error: 'dict object' has no attribute 'nope'");
  });

  it("item access returns the stored mapping unwrapped, as dict.__getitem__ does", () => {
    expect(() => render("v={{ state['nested'].nope }}")).toThrow("'dict object' has no attribute 'nope'");
    expect(render("{{ state['nested']['k'] }}")).toEqual({ j: 2 });
  });

  it('native results are plain JSON values, never wrappers', () => {
    expect(render('{{ state.items }}')).toBe(state.items);
    const nested = render('{{ state.nested }}') as object;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(nested))).toEqual(state.nested);
  });

  it("methods that mutate act on the template's copy, not on the caller's state", () => {
    expect(render("{% set _ = state.update({'zz': 1}) %}{{ state.zz }}")).toBe('1');
    expect(render("{{ state.pop('n') }}")).toBe(3);
    expect(state).not.toHaveProperty('zz');
    expect(state.n).toBe(3);
  });

  it('variables, secrets, settings, data, env, checkpoint and extras are DotDicts', () => {
    expect(render('x={{ variables.nope }}', { variables: { a: 1 } })).toBe('x=None');
    expect(render('{{ secrets.key }}', { secrets: { key: 's' } })).toBe('s');
    expect(render('{{ env.TEA_TEMPLATE_TEST }}', { env: { TEA_TEMPLATE_TEST: 'on' } })).toBe('on');
    expect(render('{{ env.TEA_TEMPLATE_NOPE }}', { env: {} })).toBeNull();
    expect(render('{{ checkpoint }}')).toEqual({ dir: '', last: '' });
    expect(render('{{ result.data.first }}', { result: { data: { first: 'x' } } })).toBe('x');
    expect(render('{{ settings.nope }}')).toBeNull();
  });

  it('env defaults to the process environment', () => {
    process.env.TEA_TEMPLATE_DEFAULT_ENV = 'yes';
    expect(processTemplate('{{ env.TEA_TEMPLATE_DEFAULT_ENV }}', { state: {} })).toBe('yes');
    delete process.env.TEA_TEMPLATE_DEFAULT_ENV;
  });
});
