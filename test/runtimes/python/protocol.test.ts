// The wire: worker.py spoken to directly, one JSON object per line (see protocol.ts).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { resolvePythonInterpreter } from '../../../src/runtimes/python/interpreter.js';
import { encodeRunMessage, parseWorkerMessage, type WorkerMessage } from '../../../src/runtimes/python/protocol.js';
import { workerScript } from '../../../src/runtimes/python/worker-process.js';

async function converse(lines: string[], replies: number): Promise<WorkerMessage[]> {
  const child = spawn(await resolvePythonInterpreter(), [workerScript], { stdio: ['pipe', 'pipe', 'inherit'] });
  const received: WorkerMessage[] = [];
  const reader = createInterface({ input: child.stdout });
  for (const line of lines) child.stdin.write(line);
  for await (const line of reader) {
    received.push(parseWorkerMessage(line));
    if (received.filter((m) => m.type === 'result' || m.type === 'error').length === replies) break;
  }
  child.stdin.end();
  return received;
}

describe('worker protocol', () => {
  it('says ready, then replies to each request id with its output first', async () => {
    const messages = await converse(
      [
        encodeRunMessage(7, { kind: 'exec', code: 'print("hi")\nreturn {"n": node}', node: 'a', state: {}, variables: {} }),
        encodeRunMessage(8, { kind: 'expression', code: '1 + 1', node: 'b', state: {}, variables: {} }),
      ],
      2,
    );
    expect(messages[0]).toMatchObject({ type: 'ready', pid: expect.any(Number), python: expect.stringMatching(/^3\./) });
    // the two blocks run concurrently, so only the order within one id is fixed
    const of = (id: number) => messages.filter((m) => 'id' in m && m.id === id);
    expect(of(7)).toEqual([
      { type: 'stdout', id: 7, text: 'hi\n' },
      { type: 'result', id: 7, update: { n: 'a' }, state: {}, mapping: true },
    ]);
    expect(of(8)).toEqual([{ type: 'result', id: 8, update: { result: 2 }, state: {}, mapping: false }]);
  });

  it('answers an unreadable request with an internal error and keeps going', async () => {
    const messages = await converse(['not json\n', encodeRunMessage(1, { kind: 'expression', code: '3', node: 'c', state: {}, variables: {} })], 2);
    expect(messages[1]).toMatchObject({ type: 'error', id: null, error: { kind: 'internal' } });
    expect(messages[2]).toEqual({ type: 'result', id: 1, update: { result: 3 }, state: {}, mapping: false });
  });

  it('encodes requests with config defaulting to {}', () => {
    const line = encodeRunMessage(1, { kind: 'exec', code: 'x', node: 'n', state: { a: 1 }, variables: {} });
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ id: 1, kind: 'exec', code: 'x', node: 'n', state: { a: 1 }, variables: {}, config: {} });
  });

  it('rejects lines that are not worker messages', () => {
    expect(() => parseWorkerMessage('hello')).toThrow(expect.objectContaining({ code: 'CHILD_PROTOCOL' }));
    expect(() => parseWorkerMessage('{"type": "other"}')).toThrow(expect.objectContaining({ code: 'CHILD_PROTOCOL' }));
  });
});
