import type { BranchRef, TeaEvent } from '../../observe/events.js';
import { branchKey } from '../../observe/branch-key.js';
import { isFailedStatus } from '../../observe/fan-out-tracker.js';
import { LineAssembler } from '../../observe/line-assembler.js';
import { branchTag } from '../../observe/prefix.js';
import type { EventSink } from '../../observe/sink.js';
import type { Printer } from '../printer.js';
import { prefixLine } from './branch-output.js';
import { outcomeText } from './branch-words.js';
import type { GroupMarkers } from './group-markers.js';

type Finished = Extract<TeaEvent, { type: 'branch_finished' }>;

interface Buffered {
  ref: BranchRef;
  /** Whole lines, stdout and stderr in the order they came. */
  lines: string[];
  stdout: LineAssembler;
  stderr: LineAssembler;
}

export interface GroupedOutputOptions {
  printer: Printer;
  colorHuman: boolean;
  colorError: boolean;
  /** Undefined under `-q`: the lines stay together, without headers, markers or the recap. */
  markers?: GroupMarkers;
}

/**
 * Log order `grouped` (CI): a branch's lines are held until it finishes, then written
 * together in one folded section titled with its outcome, so a CI log reads branch by
 * branch. The section goes to the human stream (stdout, or stderr under `--output -`),
 * stderr lines included, so markers and lines cannot drift apart across two pipes. At the
 * end, failed branches are repeated on stderr with their outcome and output.
 */
export function makeGroupedOutput(options: GroupedOutputOptions): EventSink {
  const buffers = new Map<string, Buffered>();
  const failed: { event: Finished; lines: string[] }[] = [];
  let finished = 0;
  let sections = 0;

  const bufferOf = (ref: BranchRef) => {
    let buffered = buffers.get(branchKey(ref));
    if (!buffered) buffers.set(branchKey(ref), (buffered = { ref, lines: [], stdout: new LineAssembler(), stderr: new LineAssembler() }));
    return buffered;
  };
  const drain = (buffered: Buffered) => {
    buffered.lines.push(...buffered.stdout.flush(), ...buffered.stderr.flush());
    buffers.delete(branchKey(buffered.ref));
    return buffered.lines;
  };
  const writeSection = (ref: BranchRef, title: string, lines: string[]) => {
    if (lines.length === 0) return;
    const id = `tea_branch_${++sections}`;
    const body = lines.map((line) => prefixLine(ref, line, options.colorHuman)).join('');
    const { markers } = options;
    options.printer.human(markers ? `${markers.start(title, id)}${body}${markers.end(id)}` : body);
  };

  return {
    handle(event: TeaEvent) {
      if (event.type === 'output' && event.branch) {
        const buffered = bufferOf(event.branch);
        buffered.lines.push(...buffered[event.stream].push(event.text));
      } else if (event.type === 'branch_finished') {
        finished++;
        const lines = buffers.has(branchKey(event.branch)) ? drain(bufferOf(event.branch)) : [];
        writeSection(event.branch, `${branchTag(event.branch)} ${outcomeText(event)}`, lines);
        if (isFailedStatus(event.status)) failed.push({ event, lines });
      }
    },
    finish() {
      for (const buffered of [...buffers.values()]) writeSection(buffered.ref, `${branchTag(buffered.ref)} unfinished`, drain(buffered));
      if (!options.markers || failed.length === 0) return;
      const { printer, markers } = options;
      let text = `----- Failed branches: ${failed.length} of ${finished} -----\n`;
      for (const { event, lines } of failed) {
        const title = `${branchTag(event.branch)} ${outcomeText(event)}`;
        if (markers.error) text += markers.error(`Branch ${event.branch.name} ${event.status}`, event.error ?? event.status);
        text += `✗ ${title}${event.error ? `: ${event.error.split('\n')[0]}` : ''}\n`;
        text += lines.map((line) => prefixLine(event.branch, line, options.colorError)).join('');
      }
      printer.error(text);
    },
  };
}
