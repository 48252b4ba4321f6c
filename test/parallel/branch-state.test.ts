import { describe, expect, it } from 'vitest';
import { applyDelta, deltaKey, diffState, resolveChildState, stateJsonOf, withSharedBase } from '../../src/parallel/branch-state.js';
import { vi } from 'vitest';

describe('shared base state and deltas (D14: same data, less copying)', () => {
  const base = { items: [1, 2, 3], records: [{ big: 'x'.repeat(1000) }], keep: 1 };

  it('every branch reads the same snapshot plus its own keys; nothing is copied per branch', () => {
    const a = withSharedBase({ ref: { node: 'f', index: 0, name: 'f[0]' }, body: { kind: 'node', node: 'f' } }, base, { item: 1, index: 0 });
    const b = withSharedBase({ ref: { node: 'f', index: 1, name: 'f[1]' }, body: { kind: 'node', node: 'f' } }, base, { item: 2, index: 1 });
    expect(a.state).toEqual({ ...base, item: 1, index: 0 });
    expect(b.state.records).toBe(a.state.records);
    expect(JSON.parse(JSON.stringify(a)).state).toEqual(a.state);
  });

  it('a delta carries the keys set (changed or new) and unset, by JSON equality', () => {
    const after = { items: [1, 2, 3], records: [{ big: 'x'.repeat(1000) }], item: 1, done: true };
    expect(diffState({ ...base, item: 1 }, after)).toEqual({ set: { done: true }, unset: ['keep'] });
  });

  it('rebuilding from a delta gives the final state and shares unchanged values', () => {
    const start = { ...base, item: 1 };
    const rebuilt = applyDelta(start, { set: { done: true, keep: 2 }, unset: ['items'] });
    expect(rebuilt).toEqual({ records: base.records, keep: 2, item: 1, done: true });
    expect(rebuilt.records).toBe(base.records);
  });

  it('a child that sends a whole state (an older child, a subgraph) is taken as it is', () => {
    expect(resolveChildState(base, { whole: true })).toEqual({ whole: true });
    expect(resolveChildState(base, { [deltaKey]: { set: { x: 1 }, unset: [] } })).toEqual({ ...base, x: 1 });
  });

  it('serialises the shared snapshot once per fan-out; an item key may shadow a state key', () => {
    const shared = { item: 'from state', big: 'y'.repeat(10_000), n: 1 };
    const specs = [0, 1, 2].map((index) =>
      withSharedBase({ ref: { node: 'f', index, name: `f[${index}]` }, body: { kind: 'node', node: 'f' } }, shared, { item: index, index }),
    );
    const stringify = vi.spyOn(JSON, 'stringify');
    const texts = specs.map(stateJsonOf);
    const bigCalls = stringify.mock.calls.filter(([value]) => value === shared).length;
    stringify.mockRestore();
    expect(bigCalls).toBe(1);
    for (const [index, text] of texts.entries()) {
      const parsed = JSON.parse(text);
      expect(parsed).toEqual(specs[index]!.state);
      expect(Object.keys(parsed)).toEqual(Object.keys(specs[index]!.state));
    }
  });
});
