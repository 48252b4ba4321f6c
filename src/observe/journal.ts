import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { TeaEvent } from './events.js';
import { stringifyJsonKeepingFloats } from '../util/python-floats.js';

/** The first line of a journal: what a later `--resume` must find unchanged. */
export interface JournalHeader {
  run_id: string;
  workflow: string;
  workflow_sha256: string;
  input: Record<string, unknown>;
  tea_version: string;
  started_at: string;
}

/**
 * An append-only JSONL record of a run's fan-outs: one line per branch event, with each
 * finished branch's result. The file is created on the first fan-out, so runs without
 * parallel nodes leave nothing behind. Writes are synchronous: a crash loses no line.
 */
export class Journal {
  #fd: number | undefined;
  readonly #occurrences = new Map<string, number>();
  #closed = false;

  constructor(
    readonly file: string,
    private readonly header: JournalHeader,
  ) {}

  /** Whether anything was written (the file exists). */
  get written(): boolean {
    return this.#fd !== undefined;
  }

  record(event: TeaEvent): void {
    const line = this.#lineFor(event);
    if (line === undefined || this.#closed) return;
    if (this.#fd === undefined) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.#fd = openSync(this.file, 'a');
      this.#write({ type: 'run', ...this.header });
    }
    this.#write(line);
  }

  close(status: string): void {
    if (this.#fd === undefined || this.#closed) return;
    this.#write({ type: 'run_end', status, at: new Date().toISOString() });
    closeSync(this.#fd);
    this.#closed = true;
  }

  #lineFor(event: TeaEvent): Record<string, unknown> | undefined {
    const at = new Date().toISOString();
    switch (event.type) {
      case 'fanout': {
        const occurrence = this.#occurrences.get(event.node) ?? 0;
        this.#occurrences.set(event.node, occurrence + 1);
        return { type: 'fanout', at, node: event.node, occurrence, branches: event.branches, strategy: event.strategy, items_sha256: event.itemsHash };
      }
      case 'branch_queued':
      case 'branch_started':
      case 'branch_retried':
      case 'branch_killed':
      case 'branch_finished': {
        const { type, branch, ...rest } = event;
        const occurrence = (this.#occurrences.get(branch.node) ?? 1) - 1;
        return { type, at, node: branch.node, occurrence, index: branch.index, branch: branch.name, ...rest };
      }
      default:
        return undefined;
    }
  }

  #write(entry: Record<string, unknown>): void {
    let buffer = Buffer.from(`${stringifyJsonKeepingFloats(entry)}\n`);
    while (buffer.length > 0) buffer = buffer.subarray(writeSync(this.#fd!, buffer));
  }
}
