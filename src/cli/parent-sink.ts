import { writeSync } from 'node:fs';
import type { TeaEvent } from '../observe/events.js';
import { serializeForParent } from '../parallel/strategies/child-events.js';

/** A branch child's report channel: the events its parent needs, one JSON line each, on `fd`. */
export function makeParentSink(fd: number): (event: TeaEvent) => void {
  return (event) => {
    const line = serializeForParent(event);
    if (line === undefined) return;
    let buffer = Buffer.from(`${line}\n`);
    while (buffer.length > 0) {
      try {
        buffer = buffer.subarray(writeSync(fd, buffer));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        return; // the parent is gone; the watch fd ends this run
      }
    }
  };
}
