import { pyJsonDumps } from '../template/python/json.js';
import type { TeaEvent } from './events.js';
import { FileWriter } from './file-writer.js';
import type { EventSink } from './sink.js';
import { StreamRecords } from './stream-records.js';

/**
 * `--trace-file FILE`: every event as one JSON line, in the `--stream` schema plus
 * `node_start` and `log` records (docs/events.md). Written whatever else is shown.
 */
export function makeTraceFileSink(path: string, workflowFile: string): EventSink {
  const writer = new FileWriter(path);
  const records = new StreamRecords({ file: workflowFile, trace: true });
  return {
    handle(event: TeaEvent) {
      const record = records.toRecord(event);
      if (record) writer.write(`${pyJsonDumps(record)}\n`);
    },
    finish() {
      writer.close();
    },
  };
}
