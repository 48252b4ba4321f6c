import { describe, expect, it } from 'vitest';
import { isTeaError } from '../../src/errors.js';
import { evaluateCondition, type TemplateContext } from '../../src/template/index.js';

const kinds = ['edge', 'when', 'loop', 'goto'] as const;
const ctx = (state: Record<string, unknown>, extra: Partial<TemplateContext> = {}): TemplateContext => ({ state, ...extra });
const allKinds = (expr: unknown, state: Record<string, unknown>): boolean[] => kinds.map((kind) => evaluateCondition(expr, ctx(state), kind));

// core.md §3.5: one evaluator for every kind, with goto semantics for failures (except loops,
// C24) and (a)'s shortcuts. Each row of the table states TEA's (a) and (b) answers and ours.
describe('§3.5 table', () => {
  it('row `state.x > 5` on {}: (a) True, (b) False — ours False (a runtime error is false, §9 item 9), but True in a loop (C24)', () => {
    expect(allKinds('state.x > 5', {})).toEqual([false, false, true, false]);
  });

  it('row `state.flag`, flag="false": (a) True, (b) False — ours True (Python truthiness of the native value)', () => {
    expect(allKinds('state.flag', { flag: 'false' })).toEqual([true, true, true, true]);
  });

  it('row `state.flag`, flag=[] / {} / 0.0: (a) False, (b) True — ours False (Python truthiness)', () => {
    for (const flag of [[], {}, 0.0]) expect(allKinds('state.flag', { flag })).toEqual([false, false, false, false]);
  });

  it('row `true` on {}: (a) False (state lookup), (b) True — ours a lookup, except edge `when:` where it is a constant', () => {
    expect(allKinds('true', {})).toEqual([false, true, false, false]);
    expect(allKinds('true', { true: 1 })).toEqual([true, true, true, true]);
  });

  it('row `len(state.l) > 0`, l=[1]: (a) raises, (b) False — ours True (we define len)', () => {
    expect(allKinds('len(state.l) > 0', { l: [1] })).toEqual([true, true, true, true]);
  });

  it("row `result.status == 'ok'` on {}: (a) raises, (b) False — ours a TEMPLATE error for edges/loops, False for goto", () => {
    for (const kind of ['edge', 'when', 'loop'] as const) {
      expect(() => evaluateCondition("result.status == 'ok'", ctx({}), kind)).toThrow(
        "Template error in expression '{{ result.status == 'ok' }}': 'result' is undefined",
      );
    }
    expect(evaluateCondition("result.status == 'ok'", ctx({}), 'goto')).toBe(false);
  });

  it('row `1/0`: (a) True, (b) False — ours False, but True in a loop (C24)', () => {
    expect(allKinds('1/0', {})).toEqual([false, false, true, false]);
    expect(allKinds('{{ 1/0 }} and more', {})).toEqual([false, false, true, false]);
  });

  it("row `not state.get('has_data')` on {}: True for both — ours True", () => {
    expect(allKinds("not state.get('has_data')", {})).toEqual([true, true, true, true]);
  });
});

describe('evaluator (a) shortcuts kept for every kind', () => {
  it('non-strings use Python bool()', () => {
    expect([true, false, 0, 1, [], [0], null].map((v) => evaluateCondition(v, ctx({}), 'edge'))).toEqual([true, false, false, true, false, true, false]);
  });

  it('the literals True and False', () => {
    expect(allKinds(' True ', { True: false })).toEqual([true, true, true, true]);
    expect(allKinds('False', {})).toEqual([false, false, false, false]);
  });

  it('`!name` is not state.get(name)', () => {
    expect(allKinds('!skip', { skip: true })).toEqual([false, false, false, false]);
    expect(allKinds('!skip', {})).toEqual([true, true, true, true]);
  });

  it('a bare identifier is bool(state.get(name)), so `yes` is a lookup', () => {
    expect(allKinds('has_results', { has_results: [1] })).toEqual([true, true, true, true]);
    expect(allKinds('yes', {})).toEqual([false, false, false, false]);
  });

  it('edge `when:` treats true/false in any case as constants first', () => {
    expect(evaluateCondition('FALSE', ctx({ FALSE: 1 }), 'when')).toBe(false);
    expect(evaluateCondition('TRUE', ctx({}), 'when')).toBe(true);
    // C25: a loop `condition: "true"` is a state lookup, so the loop runs 0 times.
    expect(evaluateCondition('true', ctx({}), 'loop')).toBe(false);
  });

  it('text with {{ or {% is rendered as is; a rendered string is judged by truthiness', () => {
    expect(evaluateCondition('{{ state.skip }}', ctx({ skip: true }), 'edge')).toBe(true);
    expect(evaluateCondition('{% if state.a %}yes{% endif %}', ctx({}), 'edge')).toBe(false);
    expect(evaluateCondition('{{ state.a }} and more', ctx({}), 'edge')).toBe(true);
  });
});

describe('failures', () => {
  it('C15: `when: "result.ok"` is a TEMPLATE TeaError the engine can report, not a crash', () => {
    try {
      evaluateCondition('result.ok', ctx({}), 'when');
      throw new Error('expected an error');
    } catch (error) {
      expect(isTeaError(error) && error.code).toBe('TEMPLATE');
      expect((error as Error).message).toBe("Template error in expression '{{ result.ok }}': 'result' is undefined");
    }
  });

  it('C15: `state.value > 10` / `<= 10` with no value are both false (TEA took the first edge, §9 item 9)', () => {
    expect(evaluateCondition('state.value > 10', ctx({}), 'when')).toBe(false);
    expect(evaluateCondition('state.value <= 10', ctx({}), 'when')).toBe(false);
  });

  it('an undefined name in a rendered string fails edges and is false for goto', () => {
    expect(() => evaluateCondition('x {{ nope }}', ctx({}), 'edge')).toThrow("Template error: 'nope' is undefined");
    expect(evaluateCondition('x {{ nope }}', ctx({}), 'goto')).toBe(false);
  });

  it('a syntax error fails edges and is false for goto', () => {
    expect(() => evaluateCondition('state.a ==', ctx({}), 'edge')).toThrow(/^Template error in expression/);
    expect(evaluateCondition('state.a ==', ctx({}), 'goto')).toBe(false);
  });
});

describe('goto context', () => {
  it('sees an empty result when the caller gives none (as in TEA)', () => {
    expect(evaluateCondition('result.status is none', ctx({}), 'goto')).toBe(true);
  });

  it("uses the caller's result when given", () => {
    expect(evaluateCondition("result.status == 'ok'", ctx({}, { result: { status: 'ok' } }), 'goto')).toBe(true);
  });

  it('C4-style score routing', () => {
    const route = (score: number): string =>
      evaluateCondition('state.score > 80', ctx({ score }), 'goto') ? 'excellent' : evaluateCondition('state.score > 50', ctx({ score }), 'goto') ? 'good' : 'needs_work';
    expect([60, 90, 30].map(route)).toEqual(['good', 'excellent', 'needs_work']);
  });
});
