import { TeaError, errorText, isTeaError } from '../errors.js';
import type { State, TeaEvent } from '../observe/events.js';
import type { Workflow } from '../spec/model.js';
import { makeTemporaryCheckpointDir, saveCheckpoint } from './checkpoint.js';
import { EventChannel } from './event-channel.js';
import { executeNode } from './execute-node.js';
import { buildGraph, END, START, type Graph } from './graph.js';
import { nextEdge, siblingStops } from './navigation.js';
import type { RunContext, RunOptions } from './run-context.js';
import { asUpdate, deepCopy, mergeUpdate } from './state.js';
import { makeTemplateContext } from './template-context.js';
import { stampEvent } from '../observe/event-time.js';

export interface RunResult {
  status: 'completed' | 'failed' | 'interrupted' | 'cancelled';
  state: State;
  /** The failing node, or the node of the interrupt. */
  node?: string;
  error?: TeaError;
  checkpoint?: string;
  /** The interrupt came after its node ran, so continuing skips that node. */
  interruptedAfter?: boolean;
}

/** The events of one run, plus its outcome once the events are done. */
export interface RunHandle extends AsyncIterable<TeaEvent> {
  result: Promise<RunResult>;
}

/**
 * Runs a workflow as a stream of events: `for await (const event of runWorkflow(...))`.
 * Nothing here prints; renderers consume the events.
 */
export function runWorkflow(workflow: Workflow, input: State, options: RunOptions = {}, graph = buildGraph(workflow)): RunHandle {
  const channel = new EventChannel<TeaEvent>();
  const context = createRunContext(workflow, options, (event) => channel.push(stampEvent(event)), graph);
  const result = drive(context, input).finally(() => channel.close());
  return { [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](), result };
}

/** The context nodes run in; also what a branch child builds to run one branch body. */
export function createRunContext(workflow: Workflow, options: RunOptions, emit: (event: TeaEvent) => void, graph = buildGraph(workflow)): RunContext {
  return {
    graph,
    workflow,
    options,
    secrets: options.secrets ?? {},
    signal: options.signal ?? new AbortController().signal,
    emit,
  };
}

async function drive(context: RunContext, input: State): Promise<RunResult> {
  const { graph, options } = context;
  const state = deepCopy(options.resume?.state ?? input);
  const scoped = options.entryPoint !== undefined || options.exitPoint !== undefined;
  const exit = options.exitPoint ?? END;
  const interrupts = scoped ? { before: new Set<string>(), after: new Set<string>() } : collectInterrupts(context);
  context.emit({ type: 'run_start', workflow: context.workflow.file, entryPoint: options.entryPoint, exitPoint: options.exitPoint, state: deepCopy(state) });

  let current: string;
  let skipNode = options.resume?.skipNode ?? false;
  let resumedAt = options.resume?.node;
  let joining: string | undefined;
  const stops = siblingStops(graph, options.entryPoint, options.exitPoint);
  try {
    current = options.resume?.node ?? (options.entryPoint && options.entryPoint !== START ? options.entryPoint : await firstNode(context, state));
  } catch (error) {
    if (context.signal.aborted) return { status: 'cancelled', state };
    return fail(context, isTeaError(error) && error.node ? error.node : START, error, state);
  }

  while (current !== END && current !== exit) {
    if (stopped(context)) return { status: 'cancelled', state };
    const node = graph.nodes.get(current)!;
    if (interrupts.before.has(current) && resumedAt !== current) return interrupt(context, current, state, 'before');
    if (!skipNode && node.kind !== 'none') {
      const started = performance.now();
      context.emit({ type: 'node_start', node: current });
      try {
        const value = await executeNode(node, state, context);
        // After a Ctrl-C drain the fan-out's records are partial: stop, as TEA skips the fan-in.
        if (stopped(context)) return { status: 'cancelled', state };
        const update = value === undefined ? {} : asUpdate(value);
        mergeUpdate(state, update);
        context.emit({ type: 'node_end', node: current, update, state: deepCopy(state), durationMs: performance.now() - started });
      } catch (error) {
        if (stopped(context)) return { status: 'cancelled', state };
        return fail(context, current, error, state, joining === current);
      }
    }
    skipNode = false;
    if (interrupts.after.has(current) && resumedAt !== current) return interrupt(context, current, state, 'after');
    resumedAt = undefined;
    try {
      const fanOut = graph.fanOuts.get(current);
      if (fanOut) {
        const results = await runStaticFanOut(context, current, state);
        if (stopped(context)) return { status: 'cancelled', state };
        mergeUpdate(state, { parallel_results: results });
        joining = fanOut.fanIn;
        current = fanOut.fanIn;
        continue;
      }
      joining = undefined;
      const dynamicTarget = graph.dynamicRoutes.get(current);
      if (dynamicTarget !== undefined) {
        current = dynamicTarget;
        continue;
      }
      const edge = next(context, current, state);
      if (edge.implicit && stops.has(edge.to)) break;
      current = edge.to;
    } catch (error) {
      if (stopped(context)) return { status: 'cancelled', state };
      return fail(context, isTeaError(error) && error.node ? error.node : current, error, state);
    }
  }
  context.emit({ type: 'final', state: deepCopy(state), scoped });
  return { status: 'completed', state };
}

/** Killed, or drained after a Ctrl-C. */
function stopped(context: RunContext): boolean {
  return context.signal.aborted || context.options.drain?.aborted === true;
}

/** Where a run starts: after a fan-out from `__start__` (D19), else the first edge from it. */
async function firstNode(context: RunContext, state: State): Promise<string> {
  const fanOut = context.graph.fanOuts.get(START);
  if (!fanOut) return next(context, START, state).to;
  mergeUpdate(state, { parallel_results: await runStaticFanOut(context, START, state) });
  return fanOut.fanIn;
}

function next(context: RunContext, from: string, state: State) {
  return nextEdge(context.graph, from, makeTemplateContext(context.workflow, state, context.secrets));
}

async function runStaticFanOut(context: RunContext, from: string, state: State): Promise<State[]> {
  if (!context.options.fanOut) throw new TeaError('INTERNAL', 'static parallel edges need a fan-out runner', { node: from });
  return context.options.fanOut.runStatic(from, state, context);
}

function fail(context: RunContext, node: string, error: unknown, state: State, fanIn = false): RunResult {
  const teaError = isTeaError(error)
    ? error
    : new TeaError('INTERNAL', errorText(error), { node, cause: error, detail: (error as Error)?.stack });
  context.emit({ type: 'error', node, message: teaError.message, error: teaError, fanIn });
  return { status: 'failed', state, node, error: teaError };
}

async function interrupt(context: RunContext, node: string, state: State, when: 'before' | 'after'): Promise<RunResult> {
  const dir = context.options.checkpointDir ?? context.workflow.config.checkpointDir ?? (await makeTemporaryCheckpointDir());
  const checkpoint = await saveCheckpoint(dir, node, state, when);
  context.emit({ type: 'interrupt', node, state: deepCopy(state), when, checkpoint });
  return { status: 'interrupted', state, node, checkpoint, interruptedAfter: when === 'after' };
}

/** Interrupts from node keys, `config:` and the command line; unknown CLI names are ignored. */
function collectInterrupts(context: RunContext): { before: Set<string>; after: Set<string> } {
  const { workflow, options, graph } = context;
  const known = (name: string) => graph.nodes.has(name);
  const before = new Set([...workflow.config.interruptBefore, ...(options.interruptBefore ?? []).filter(known)]);
  const after = new Set([...workflow.config.interruptAfter, ...(options.interruptAfter ?? []).filter(known)]);
  for (const node of workflow.nodes) {
    if (node.interrupt === 'before') before.add(node.name);
    if (node.interrupt === 'after') after.add(node.name);
  }
  return { before, after };
}

export type { Graph };
