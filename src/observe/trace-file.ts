import { TeaError } from '../errors.js';
import { pyJsonDumps } from '../template/python/json.js';
import type { TeaEvent } from './events.js';
import { FileWriter, fileProblem } from './file-writer.js';
import type { EventSink } from './sink.js';
import { StreamRecords } from './stream-records.js';

/**
 * `--trace-file FILE`: every event as one JSON line, in the `--stream` schema plus
 * `node_start` and `log` records (docs/events.md). Written whatever else is shown.
 */
export function makeTraceFileSink(path: string, workflowFile: string): EventSink {
  let writer: FileWriter;
  try {
    writer = new FileWriter(path);
  } catch (error) {
    throw new TeaError('BAD_INPUT', `Cannot write the --trace-file ${path}: ${fileProblem(error)}`);
  }
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
