import { branchColor } from '../../observe/color.js';
import type { BranchRef, TeaEvent } from '../../observe/events.js';
import { branchKey } from '../../observe/branch-key.js';
import { LineAssembler } from '../../observe/line-assembler.js';
import { prefixFor } from '../../observe/prefix.js';
import type { EventSink } from '../../observe/sink.js';
import type { Printer } from '../printer.js';

export interface BranchOutputOptions {
  printer: Printer;
  /** Colour the prefix of lines going to the human stream / to stderr. */
  colorHuman: boolean;
  colorError: boolean;
}

/** `[node#index item] ` before a line, in the branch's colour when asked. */
export function prefixLine(ref: BranchRef, line: string, color: boolean): string {
  const prefix = prefixFor(ref);
  return `${color ? branchColor(ref.index)(prefix.trimEnd()) + ' ' : prefix}${line}`;
}

/**
 * Log order `stream`: each line a branch prints is written as soon as it is whole, with its
 * prefix; its stdout goes where TEA users expect prints (the human stream), its stderr to
 * stderr. Lines from different branches never split or merge (D12): a partial line waits
 * for its end, or for the branch to finish.
 */
export function makeStreamedBranchOutput(options: BranchOutputOptions): EventSink {
  const assemblers = new Map<string, LineAssembler>();
  const write = (ref: BranchRef, stream: 'stdout' | 'stderr', lines: string[]) => {
    if (lines.length === 0) return;
    const color = stream === 'stdout' ? options.colorHuman : options.colorError;
    const text = lines.map((line) => prefixLine(ref, line, color)).join('');
    if (stream === 'stdout') options.printer.human(text);
    else options.printer.error(text);
  };
  const flush = (ref: BranchRef) => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${branchKey(ref)}:${stream}`;
      write(ref, stream, assemblers.get(key)?.flush() ?? []);
      assemblers.delete(key);
    }
  };
  const refs = new Map<string, BranchRef>();
  return {
    handle(event: TeaEvent) {
      if (event.type === 'output' && event.branch) {
        const key = `${branchKey(event.branch)}:${event.stream}`;
        let assembler = assemblers.get(key);
        if (!assembler) assemblers.set(key, (assembler = new LineAssembler()));
        refs.set(branchKey(event.branch), event.branch);
        write(event.branch, event.stream, assembler.push(event.text));
      } else if (event.type === 'branch_finished') {
        flush(event.branch);
        refs.delete(branchKey(event.branch));
      }
    },
    finish() {
      for (const ref of refs.values()) flush(ref);
      refs.clear();
    },
  };
}
