/** The typed Workflow model: what `load()` builds from YAML and the engine runs. Types only. */

export type JsonObject = Record<string, unknown>;

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Finds where a value sits in the YAML file, by its path of keys and indexes. */
export type PositionLookup = (path: ReadonlyArray<string | number>) => Position | undefined;

export interface GotoRule {
  if?: string;
  to: string;
}

export type RunLanguage = 'python' | 'javascript' | 'lua' | 'prolog';

/** How a node does its work, chosen by TEA's "executor choice, first match wins" (core.md §1.4). */
export type NodeKind =
  | 'while_loop'
  | 'dynamic_parallel'
  | 'run'
  | 'expression'
  | 'uses'
  | 'steps'
  | 'none';

export interface OnErrorSpec {
  mode: 'raise' | 'graceful' | 'retry';
  maxRetries: number;
  retryDelay: number;
  backoffMultiplier: number;
  retryableErrors?: string[];
  captureTraceback: boolean;
  fallback?: string;
}

export interface NodeSpec {
  name: string;
  /** Index in the `nodes:` list (or in its parent's `steps:`/`body:`). */
  index: number;
  /** Path of this node's mapping inside the YAML document, for positions. */
  path: ReadonlyArray<string | number>;
  kind: NodeKind;
  /** The mapping as written, for keys the engine reads rarely. */
  raw: JsonObject;
  code?: string;
  language?: RunLanguage;
  /** `run: {type: expression, value, output_key}`. */
  expression?: { value: unknown; outputKey?: string };
  uses?: string;
  with?: JsonObject;
  output?: unknown;
  steps?: NodeSpec[];
  goto?: string | GotoRule[];
  interrupt?: 'before' | 'after';
  onError?: OnErrorSpec;
  /** Marked as a collector: `fan_in: true`, `is_fan_in: true` or `type: fan_in`. */
  isFanIn: boolean;
  loop?: WhileLoopSpec;
  dynamic?: DynamicParallelSpec;
}

export interface WhileLoopSpec {
  condition: unknown;
  maxIterations: number;
  body: NodeSpec[];
}

export interface DynamicParallelSpec {
  items: unknown;
  itemVar: string;
  indexVar: string;
  /** As written: a number, a template string, or undefined. Rendered at run time. */
  maxConcurrency?: unknown;
  failFast: unknown;
  fanIn: string;
  mode: 'steps' | 'action' | 'subgraph';
  steps?: NodeSpec[];
  action?: { uses: string; with?: JsonObject; output?: unknown };
  subgraph?: string;
  input?: JsonObject;
  output?: string;
  /** Per-node overrides of `settings.parallel` (ours). */
  parallel: JsonObject;
}

export interface EdgeSpec {
  /** Index in the `edges:` list. */
  index: number;
  from?: string;
  to: string | string[];
  type: 'normal' | 'entry' | 'finish' | 'parallel';
  condition?: unknown;
  when?: unknown;
  /** Set for static fan-out edges: `type: parallel` or `parallel: true` (D1). */
  parallel: boolean;
  fanIn?: string;
  raw: JsonObject;
}

export interface WorkflowConfig {
  raiseExceptions: boolean;
  checkpointDir?: string;
  interruptBefore: string[];
  interruptAfter: string[];
}

export interface Workflow {
  /** The path as the user typed it (TEA prints it so). */
  file: string;
  /** Absolute path, for subgraphs and children. */
  absoluteFile: string;
  name?: string;
  description?: string;
  stateSchema?: JsonObject;
  variables: JsonObject;
  settings: JsonObject;
  data?: unknown;
  initialState?: JsonObject;
  imports: unknown[];
  nodes: NodeSpec[];
  edges: EdgeSpec[];
  config: WorkflowConfig;
  /** Whether the document had an `edges:` key at all. */
  hasEdgesKey: boolean;
  /** The parsed YAML document, as plain JSON (handed to branch children so they skip YAML). */
  document: JsonObject;
  positionOf: PositionLookup;
}
