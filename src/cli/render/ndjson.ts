import type { TeaEvent } from '../../observe/events.js';
import type { EventSink } from '../../observe/sink.js';
import { StreamRecords } from '../../observe/stream-records.js';
import { pyJsonDumps } from '../../template/python/json.js';
import type { Printer } from '../printer.js';

/**
 * `--stream`: one JSON line per event in Python's `json.dumps` style (core.md §4.3). TEA's
 * five types keep their shape; prints and branch output become `output` records, so every
 * stdout line parses. The schema: docs/events.md, docs/events.schema.json.
 */
export function makeNdjsonRenderer(printer: Printer, file: string, resumedFrom?: string): EventSink {
  const records = new StreamRecords({ file, resumedFrom });
  return {
    handle(event: TeaEvent) {
      const record = records.toRecord(event);
      if (record) printer.data(`${pyJsonDumps(record)}\n`);
    },
  };
}
