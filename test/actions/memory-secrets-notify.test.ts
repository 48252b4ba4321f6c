import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBackend, memoryBackend } from '../../src/actions/builtin/memory-backend.js';
import { memoryRetrieve } from '../../src/actions/builtin/memory-retrieve.js';
import { memoryStore } from '../../src/actions/builtin/memory-store.js';
import { notify } from '../../src/actions/builtin/notify.js';
import { secretsGet } from '../../src/actions/builtin/secrets-get.js';
import { makeContext } from './context.js';

afterEach(() => memoryBackend.clear());

describe('memory.store / memory.retrieve', () => {
  const context = makeContext();

  it("stores and retrieves by namespace with TEA's shapes", () => {
    expect(memoryStore({ key: 'k', value: { a: [1] } }, context)).toEqual({ stored: true, key: 'k', namespace: 'default' });
    expect(memoryStore({ key: 'k', value: 'other', namespace: 'ns' }, context)).toEqual({ stored: true, key: 'k', namespace: 'ns' });
    expect(memoryRetrieve({ key: 'k' }, context)).toEqual({ value: { a: [1] }, found: true, key: 'k' });
    expect(memoryRetrieve({ key: 'k', namespace: 'ns' }, context)).toEqual({ value: 'other', found: true, key: 'k' });
    expect(memoryRetrieve({ key: 'nope', default: 7 }, context)).toEqual({ value: 7, found: false, key: 'nope' });
  });

  it('keeps a copy, not the live value', () => {
    const value = { n: 1 };
    memoryStore({ key: 'k', value }, context);
    value.n = 2;
    expect(memoryRetrieve({ key: 'k' }, context)).toMatchObject({ value: { n: 1 } });
  });

  it('a value expires after its ttl (on a fake clock)', () => {
    let now = 100;
    const backend = new MemoryBackend(() => now);
    backend.store('k', 1, 5, 'default');
    now = 105;
    expect(backend.retrieve('k', 'default')).toBe(1);
    now = 105.001;
    expect(backend.retrieve('k', 'default')).toBeUndefined();
  });

  it('failure shapes', () => {
    expect(memoryStore({ key: null, value: 1 }, context)).toEqual({ stored: false, key: null, error: 'Key is required' });
    expect(memoryStore({ key: 'k', value: 1, ttl: '60' }, context)).toEqual({ stored: false, key: 'k', error: "unsupported operand type(s) for +: 'float' and 'str'" });
    expect(memoryRetrieve({ key: null }, context)).toEqual({ value: null, found: false, key: null, error: 'Key is required' });
    expect(() => memoryStore({ key: 'k' }, context)).toThrow("memory_store() missing 1 required positional argument: 'value'");
  });
});

describe('secrets.get', () => {
  it('reads the run secrets, else the default', () => {
    const context = makeContext({ secrets: { api_key: 's3cret' } });
    expect(secretsGet({ key: 'api_key' }, context)).toEqual({ value: 's3cret' });
    expect(secretsGet({ key: 'other', default: 'd' }, context)).toEqual({ value: 'd' });
    expect(secretsGet({ key: 'other' }, makeContext())).toEqual({ value: null });
  });
});

describe('notify', () => {
  it('prints [CHANNEL] message with Python str()', () => {
    const context = makeContext();
    expect(notify({ channel: 'slack', message: { a: true } }, context)).toEqual({ sent: true });
    expect(context.printed).toEqual(["[SLACK] {'a': True}\n"]);
  });

  it("both parameters are required, as in TEA's signature", () => {
    expect(() => notify({}, makeContext())).toThrow("notify() missing 2 required positional arguments: 'channel' and 'message'");
    expect(() => notify({ channel: 1, message: 'x' }, makeContext())).toThrow("'int' object has no attribute 'upper'");
  });
});

describe('code.execute / code.sandbox', () => {
  it("return TEA's disabled result, as under TEA's CLI, and still want their parameters", async () => {
    const { codeExecute, codeSandbox } = await import('../../src/actions/builtin/code-disabled.js');
    const context = makeContext();
    const disabled = 'Code execution is disabled. Enable with YAMLEngine(enable_code_execution=True)';
    expect(await codeExecute({ code: 'result = 1' }, context)).toEqual({ success: false, stdout: '', stderr: '', return_value: null, error: disabled, execution_time_ms: 0 });
    expect(await codeSandbox({ action: 'create' }, context)).toEqual({ success: false, error: disabled });
    expect(() => codeExecute({}, context)).toThrow("code_execute() missing 1 required positional argument: 'code'");
  });
});
