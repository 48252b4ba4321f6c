import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeaEvent } from '../../src/observe/events.js';
import { applyFailurePolicy } from '../../src/parallel/policy/failure-policy.js';
import { makeRecord } from '../../src/parallel/record.js';
import { Supervisor } from '../../src/parallel/supervisor.js';
import { FakeRunner, makeSpecs, settleQueue } from '../helpers/fake-runner.js';

function setup(concurrency: number, timeoutMs?: number) {
  const runner = new FakeRunner();
  const events: TeaEvent[] = [];
  const supervisor = new Supervisor({ runner, concurrency, timeoutMs, emit: (event) => events.push(event) });
  return { runner, events, supervisor };
}

afterEach(() => vi.useRealTimers());

describe('Supervisor', () => {
  it('never has more than `concurrency` branches alive, and frees a slot only when a branch has ended', async () => {
    const { runner, supervisor } = setup(2);
    const done = supervisor.run(makeSpecs(5));
    await settleQueue();
    expect(runner.started.map((branch) => branch.spec.ref.index)).toEqual([0, 1]);
    runner.started[1]!.succeed();
    await settleQueue();
    expect(runner.started.map((branch) => branch.spec.ref.index)).toEqual([0, 1, 2]);
    for (let next = 0; next < runner.started.length; next++) {
      runner.started[next]!.succeed({ done: next });
      await settleQueue();
    }
    await done;
    expect(runner.maxAlive).toBe(2);
    expect(runner.started).toHaveLength(5);
  });

  it('returns outcomes in spec order although they finish in reverse', async () => {
    const { runner, events, supervisor } = setup(Infinity);
    const done = supervisor.run(makeSpecs(4));
    await settleQueue();
    for (const branch of [...runner.started].reverse()) {
      branch.succeed({ who: branch.spec.ref.index });
      await settleQueue();
    }
    const outcomes = await done;
    expect(outcomes.map((outcome) => outcome.state?.who)).toEqual([0, 1, 2, 3]);
    const finishedOrder = events.flatMap((event) => (event.type === 'branch_finished' ? [event.branch.index] : []));
    expect(finishedOrder).toEqual([3, 2, 1, 0]);
  });

  it('emits queued for every branch before it starts, then started and finished', async () => {
    const { runner, events, supervisor } = setup(1);
    const done = supervisor.run(makeSpecs(2));
    await settleQueue();
    runner.started[0]!.succeed();
    await settleQueue();
    runner.started[1]!.succeed();
    await done;
    expect(events.map((event) => `${event.type}:${'branch' in event ? event.branch?.index : ''}`)).toEqual([
      'branch_queued:0',
      'branch_queued:1',
      'branch_started:0',
      'branch_finished:0',
      'branch_started:1',
      'branch_finished:1',
    ]);
  });

  it('fail_fast: stops the running branches, starts nothing new, keeps what finished', async () => {
    const { runner, supervisor } = setup(2);
    const specs = makeSpecs(5);
    applyFailurePolicy(supervisor, { onFailure: 'fail_fast', maxFailures: { count: 1 } }, specs);
    const done = supervisor.run(specs);
    await settleQueue();
    runner.started[0]!.succeed({ ok: true });
    await settleQueue();
    expect(runner.started).toHaveLength(3);
    runner.started[2]!.fail('boom');
    const outcomes = await done;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'cancelled', 'failed', 'skipped', 'skipped']);
    expect(runner.started).toHaveLength(3);
    const records = outcomes.map((outcome, index) => makeRecord(specs[index]!, outcome));
    expect(records[0]).toMatchObject({ success: true, state: { ok: true } });
    expect(records[1]).toMatchObject({ success: false, error: 'Cancelled due to fail_fast', state: { item: 1, index: 1 } });
    expect(records[3]).toMatchObject({ success: false, error: 'Cancelled due to fail_fast', state: {}, timing_ms: 0 });
  });

  it('without fail_fast every branch runs and failures are recorded', async () => {
    const { runner, supervisor } = setup(Infinity);
    const done = supervisor.run(makeSpecs(3));
    await settleQueue();
    runner.started[0]!.fail('bad');
    runner.started[1]!.succeed();
    runner.started[2]!.succeed();
    expect((await done).map((outcome) => outcome.status)).toEqual(['failed', 'ok', 'ok']);
  });

  it('a timeout stops the branch and records TEA\'s timeout fields', async () => {
    vi.useFakeTimers();
    const { runner, supervisor } = setup(1, 1500);
    const specs = makeSpecs(1);
    const done = supervisor.run(specs);
    await vi.advanceTimersByTimeAsync(0);
    expect(runner.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1500);
    const [outcome] = await done;
    expect(runner.started[0]!.signal.aborted).toBe(true);
    expect(makeRecord(specs[0]!, outcome!)).toMatchObject({ success: false, timeout: true, error_type: 'TimeoutError', error: 'Flow timed out after 1.5s' });
  });

  it('aborting the run cancels running and queued branches', async () => {
    const { runner, supervisor } = setup(1);
    const controller = new AbortController();
    const done = supervisor.run(makeSpecs(3), controller.signal);
    await settleQueue();
    controller.abort();
    expect((await done).map((outcome) => outcome.status)).toEqual(['cancelled', 'skipped', 'skipped']);
    expect(runner.started).toHaveLength(1);
  });

  it('removes its abort listener when done (no listener leak)', async () => {
    const { runner, supervisor } = setup(2);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const done = supervisor.run(makeSpecs(2), controller.signal);
    await settleQueue();
    for (const branch of runner.started) branch.succeed();
    await done;
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
  });
});
