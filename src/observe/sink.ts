import type { TeaEvent } from './events.js';

/**
 * One view of a run (convention 12): `handle` sees every event in order; `finish` runs once
 * when the run is over, however it ended (completed, failed, interrupted, Ctrl-C), to flush
 * buffers, erase a live line or close files.
 */
export interface EventSink {
  handle(event: TeaEvent): void;
  finish?(): void;
}

/** A sink that hands each event to `sinks` in the order given; the caller's order is the contract. */
export function composeSinks(sinks: EventSink[]): Required<EventSink> {
  return {
    handle(event) {
      for (const sink of sinks) sink.handle(event);
    },
    finish() {
      for (const sink of sinks) sink.finish?.();
    },
  };
}
