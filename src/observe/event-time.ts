/**
 * When each event was emitted, in epoch milliseconds. Renderers run later than the code that
 * emits (the run loop hands events over asynchronously, and a fan-out may spawn a dozen
 * children before its first event is rendered), so timings and `timestamp`s come from here,
 * not from the renderer's clock. Kept beside the events, so their shapes stay as they are.
 */
const times = new WeakMap<object, number>();

/** Epoch milliseconds with sub-millisecond precision; the same clock in every process. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Records when `event` happened (now, or `at` when it happened elsewhere); a second stamp is ignored. */
export function stampEvent<T extends object>(event: T, at: number = epochNow()): T {
  if (!times.has(event)) times.set(event, at);
  return event;
}

export function emittedAt(event: object): number | undefined {
  return times.get(event);
}

/** When `event` happened: its stamp, or now for an event nobody stamped. */
export function eventTime(event: object): number {
  return times.get(event) ?? epochNow();
}
