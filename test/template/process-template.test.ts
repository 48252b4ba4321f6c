import { describe, expect, it } from 'vitest';
import { isTeaError } from '../../src/errors.js';
import { processTemplate, renderParams, renderString, type TemplateContext } from '../../src/template/index.js';

const ctx = (state: Record<string, unknown> = {}, extra: Partial<TemplateContext> = {}): TemplateContext => ({ state, ...extra });

function templateError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isTeaError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a TeaError');
}

describe('processTemplate (core.md §3.3)', () => {
  it('step 1: non-strings are returned unchanged', () => {
    const items = ['{{ state.x }}'];
    expect(processTemplate(items, ctx())).toBe(items);
    expect(processTemplate(42, ctx())).toBe(42);
    expect(processTemplate(null, ctx())).toBeNull();
  });

  it('step 2: exactly one {{ expr }} gives the native value, whitespace around dropped', () => {
    expect(processTemplate('  {{ state.n }}\n', ctx({ n: 3 }))).toBe(3);
    expect(processTemplate('{{ state.flag }}', ctx({ flag: true }))).toBe(true);
    expect(processTemplate('{{ state.l }}', ctx({ l: [1, { a: 2 }] }))).toEqual([1, { a: 2 }]);
    expect(processTemplate("{{ {'a': 1} }}", ctx())).toEqual({ a: 1 });
  });

  it('step 2: two expressions, or one with {%, render to a string', () => {
    expect(processTemplate('{{ state.n }}{{ state.n }}', ctx({ n: 3 }))).toBe('33');
    expect(processTemplate('{{ state.n }}{% if true %}{% endif %}', ctx({ n: 3 }))).toBe('3');
  });

  it('step 2: a Jinja error raises "Template error in expression"', () => {
    expect(templateError(() => processTemplate('{{ result.ok }}', ctx()))).toEqual({
      code: 'TEMPLATE',
      message: "Template error in expression '{{ result.ok }}': 'result' is undefined",
    });
    expect(templateError(() => processTemplate('{{ a ? b }}', ctx())).message).toBe("Template error in expression '{{ a ? b }}': unexpected char '?' at 2");
  });

  it('step 2: any other exception returns the original text', () => {
    expect(processTemplate(' {{ state.n / 0 }} ', ctx({ n: 1 }))).toBe(' {{ state.n / 0 }} ');
    expect(processTemplate('{{ state.x > 5 }}', ctx())).toBe('{{ state.x > 5 }}');
  });

  it('step 2: no ${} substitution in the single-expression path', () => {
    expect(processTemplate("{{ '${who}' }}", ctx({}, { variables: { who: 'world' } }))).toBe('${who}');
  });

  it('step 3: text without {{, {% or ${ is unchanged (a lone {# too)', () => {
    expect(processTemplate('plain {x} text', ctx())).toBe('plain {x} text');
    expect(processTemplate('d = {#', ctx())).toBe('d = {#');
  });

  it('step 4: string render with Python str(); Jinja errors get "Template error:"', () => {
    expect(processTemplate('x={{ state.missing }}', ctx())).toBe('x=None');
    expect(templateError(() => processTemplate('x={{ undefined_top }}', ctx()))).toEqual({
      code: 'TEMPLATE',
      message: "Template error: 'undefined_top' is undefined",
    });
  });

  it('step 4: other exceptions propagate with Python str(e)', () => {
    expect(templateError(() => processTemplate('x={{ 1 // 0 }}', ctx()))).toEqual({ code: 'TEMPLATE', message: 'integer division or modulo by zero' });
  });

  it('step 5: ${NAME} takes variables[NAME] (not the environment); unknown ones stay', () => {
    const context = ctx({ k: 1 }, { variables: { who: 'world', flag: true }, env: { HOME_NOPE: '/x' } });
    expect(processTemplate('hello ${who} ${HOME_NOPE} {{ state.k }} ${flag}', context)).toBe('hello world ${HOME_NOPE} 1 True');
  });

  it('probes: {{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 3 }} {{ "a" ~ 1 }}', () => {
    expect(processTemplate("{{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 3 }} {{ 'a' ~ 1 }}", ctx())).toBe('3 3.5 8 a1');
  });

  it('probes: None for DotDict misses, out-of-range items and undefined names as the whole value', () => {
    const state = { lst: [1] };
    for (const text of ['{{ state.missing }}', '{{ state.missing.deep }}', '{{ state.lst[5] }}', '{{ undefined_top }}']) {
      expect(processTemplate(text, ctx(state))).toBeNull();
    }
    expect(templateError(() => processTemplate('{{ state.missing.deep.deeper }}', ctx())).message).toBe(
      "Template error in expression '{{ state.missing.deep.deeper }}': 'None' has no attribute 'deep'",
    );
  });

  it('probes: Python str methods and % formatting work', () => {
    expect(processTemplate("{{ 'abc'.upper() ~ ('%s-%d' % ('a', 3)) }}", ctx())).toBe('ABCa-3');
  });

  it("syntax errors are one line; Jinja2's unexpected char message is kept", () => {
    const code = 'x = "{{ state.get(\\"k\\") }}"';
    expect(templateError(() => processTemplate(code, ctx())).message).toBe("Template error: unexpected char '\\\\' at 18");
    expect(templateError(() => processTemplate('{% if true %}x', ctx())).message).toBe(
      "Template error: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    );
    expect(templateError(() => processTemplate('{{ x }', ctx())).message).toBe("Template error: unexpected '}'");
  });
});

describe('renderString (Python run: pre-render, §2.2 step 2)', () => {
  it('C17: data = {{ state.data }} inserts the Python repr', () => {
    expect(renderString('data = {{ state.data }}', ctx({ data: { t: true, z: null } }))).toBe("data = {'t': True, 'z': None}");
  });

  it('C21: an f-string with doubled braces is a template error', () => {
    expect(templateError(() => renderString('return f"{{x}}"', ctx())).message).toBe("Template error: 'x' is undefined");
  });

  it('C22: "hello ${who} ${HOME_NOPE} {{ state.k }}"', () => {
    expect(renderString('"hello ${who} ${HOME_NOPE} {{ state.k }}"', ctx({ k: 1 }, { variables: { who: 'world' } }))).toBe('"hello world ${HOME_NOPE} 1"');
  });

  it('always renders to text, even a lone {{ expr }}', () => {
    expect(renderString('{{ state.n }}', ctx({ n: 3 }))).toBe('3');
  });

  it('skips rendering when there is no template syntax', () => {
    const code = 'x = {"a": 1}  # {not a template}';
    expect(renderString(code, ctx())).toBe(code);
  });

  it('keeps the trailing newline', () => {
    expect(renderString('x = {{ state.n }}\n', ctx({ n: 1 }))).toBe('x = 1\n');
  });
});

describe('renderParams (§2.5 step 2)', () => {
  const context = ctx({ n: 3, name: 'x' });

  it('templates strings with the single-expression rule and passes non-strings through', () => {
    expect(renderParams({ a: '{{ state.n }}', b: 'n={{ state.n }}', c: 5, d: true, e: null }, context)).toEqual({ a: 3, b: 'n=3', c: 5, d: true, e: null });
  });

  it('recurses into mappings and processes lists one level deep', () => {
    const params = { m: { deep: { v: '{{ state.name }}' } }, l: ['{{ state.n }}', { k: '{{ state.n }}' }, ['{{ state.n }}']] };
    expect(renderParams(params, context)).toEqual({ m: { deep: { v: 'x' } }, l: [3, { k: 3 }, ['{{ state.n }}']] });
    expect(params.m.deep.v).toBe('{{ state.name }}');
  });

  it('C27: output mappings render with an extra result variable', () => {
    const result = { data: ['x', 'y'], success: true };
    const output = { first: '{{ result.data[0] }}', count: '{{ result.data | length }}', missing: '{{ result.nope }}' };
    expect(renderParams(output, ctx({}, { result }))).toEqual({ first: 'x', count: 2, missing: null });
  });

  it('C23: expression text without template syntax is left for the runtime', () => {
    expect(renderParams('len(state.get("items", [])) > 0', context)).toBe('len(state.get("items", [])) > 0');
  });
});
