/** The names a template sees (core.md §3.2). Mappings are wrapped in DotDicts when read. */
export interface TemplateContext {
  state: Record<string, unknown>;
  variables?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  data?: unknown;
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default {dir: '', last: ''} */
  checkpoint?: Record<string, unknown>;
  /** Extra names, e.g. `result` for output mappings or `item` for dynamic parallel. */
  [extra: string]: unknown;
}

/** Which evaluator a condition uses (core.md §3.5). */
export type ConditionKind = 'edge' | 'when' | 'goto' | 'loop';
