/**
 * The ways a block can end other than by itself: its time runs out, or the engine aborts it.
 * Each racer rejects; `teardown` (aborted when the race settles) clears its timer/listener.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Marks a race lost to the clock; the caller turns it into the runtime's own message. */
export class BlockTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}
BlockTimedOut.prototype.name = 'BlockTimedOut';

export async function throwOnTimeout(timeoutMs: number, teardown: AbortSignal): Promise<never> {
  await sleep(timeoutMs, undefined, { signal: teardown, ref: false }).catch(() => undefined);
  if (teardown.aborted) return new Promise<never>(() => {}); // the race is over; stay silent
  throw new BlockTimedOut(timeoutMs);
}

/** Rejects with the engine's own abort reason, as the Python runtime does. */
export function throwOnAbort(signal: AbortSignal | undefined, teardown: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    teardown.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
}
