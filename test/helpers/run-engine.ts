import { runWorkflow, type RunResult } from '../../src/engine/run.js';
import type { RunOptions } from '../../src/engine/run-context.js';
import type { TeaEvent } from '../../src/observe/events.js';
import { loadWorkflowFromText } from '../../src/spec/load-text.js';
import { fanOutRunner } from '../../src/parallel/fan-out-runner.js';

export interface EngineRun {
  result: RunResult;
  events: TeaEvent[];
  /** Names of the nodes that finished, in order. */
  visited: string[];
  /** Everything printed to stdout by blocks, joined. */
  stdout: string;
}

/** Loads YAML text and runs it in-process through the engine, collecting every event. */
export async function runYaml(yaml: string, input: Record<string, unknown> = {}, options: RunOptions = {}): Promise<EngineRun> {
  const workflow = loadWorkflowFromText(yaml, 'wf.yaml');
  const handle = runWorkflow(workflow, input, { fanOut: fanOutRunner, ...options });
  const events: TeaEvent[] = [];
  for await (const event of handle) events.push(event);
  const result = await handle.result;
  return {
    result,
    events,
    visited: events.flatMap((event) => (event.type === 'node_end' ? [event.node] : [])),
    stdout: events.flatMap((event) => (event.type === 'output' && event.stream === 'stdout' ? [event.text] : [])).join(''),
  };
}

/** A JavaScript `run:` block in YAML block-scalar form, indented for a node at 4 spaces. */
export function js(code: string): string {
  return `|\n      // js\n${code.trim().split('\n').map((line) => `      ${line.trim()}`).join('\n')}\n`;
}
