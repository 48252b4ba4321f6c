import { stringRepr } from '../template/python/repr.js';
import type { PositionLookup } from './model.js';

/** TEA's validator codes, then ours (marked). */
export type FindingCode =
  | 'FILE_NOT_FOUND'
  | 'YAML_PARSE'
  | 'INVALID_ROOT'
  | 'MISSING_FIELD'
  | 'INVALID_NODES'
  | 'INVALID_NODE'
  | 'MISSING_NODE_NAME'
  | 'DUPLICATE_NODE'
  | 'INVALID_EDGES'
  | 'INVALID_EDGE'
  | 'EDGE_FROM_UNDEFINED'
  | 'EDGE_TO_UNDEFINED'
  | 'EDGE_MISSING_FROM'
  | 'EDGE_MISSING_TO'
  | 'GOTO_UNDEFINED'
  | 'DYN_PARALLEL_MODE'
  | 'DYN_PARALLEL_MISSING_FAN_IN'
  | 'DYN_PARALLEL_FAN_IN_UNDEFINED'
  | 'DYN_PARALLEL_MISSING_ITEMS'
  | 'PARALLEL_FAN_IN_UNDEFINED'
  | 'INVALID_CONDITION'
  | 'UNREFERENCED_NODE'
  | 'DEAD_STATE_KEY'
  // ours: checks TEA does at load time without a code, or not at all
  | 'NODE_DEFINITION'
  | 'NODE_UNKNOWN_TYPE'
  | 'NODE_MULTIPLE_EXECUTORS'
  | 'PARALLEL_MIXED_EDGES'
  | 'PARALLEL_STRATEGY'
  | 'PARALLEL_SETTING'
  | 'BRANCH_CHAINS_INTO_BRANCH'
  | 'FAN_IN_ORDER'
  | 'NODE_CONDITION_IGNORED'
  | 'PARALLEL_EDGE_CONDITION';

/** Ours: checks TEA makes while building nodes (printed there without a code), or not at all. */
const ourCodes: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'NODE_DEFINITION',
  'NODE_UNKNOWN_TYPE',
  'NODE_MULTIPLE_EXECUTORS',
  'PARALLEL_MIXED_EDGES',
  'PARALLEL_STRATEGY',
  'PARALLEL_SETTING',
  'BRANCH_CHAINS_INTO_BRANCH',
  'FAN_IN_ORDER',
  'NODE_CONDITION_IGNORED',
  'PARALLEL_EDGE_CONDITION',
]);

export function isTeaValidatorCode(code: FindingCode): boolean {
  return !ourCodes.has(code);
}

export interface Finding {
  code: FindingCode;
  message: string;
  severity: 'error' | 'warning';
  node?: string;
  line?: number;
  column?: number;
}

/** Builds findings that carry the YAML position of the mapping they are about. */
export function makeFindingFactory(positionOf: PositionLookup) {
  return (
    code: FindingCode,
    message: string,
    where: { path?: ReadonlyArray<string | number>; node?: string; severity?: 'error' | 'warning' } = {},
  ): Finding => {
    const position = where.path === undefined ? undefined : positionOf(where.path);
    return {
      code,
      message,
      severity: where.severity ?? 'error',
      node: where.node,
      line: position?.line,
      column: position?.column,
    };
  };
}

export type MakeFinding = ReturnType<typeof makeFindingFactory>;

/** `<file>:<line>:<col>: error [CODE]: message` and `    node: <name>`, as `tea validate` prints. */
export function formatFinding(finding: Finding, file: string): string {
  let location = file;
  if (finding.line !== undefined) {
    location += `:${finding.line}`;
    if (finding.column !== undefined) location += `:${finding.column}`;
  }
  const lines = [`${location}: ${finding.severity} [${finding.code}]: ${finding.message}`];
  if (finding.node) lines.push(`    node: ${finding.node}`);
  return lines.join('\n');
}

/** Python's repr of a string, as TEA's messages quote names (`'fan'`). */
export function quote(value: unknown): string {
  return typeof value === 'string' ? stringRepr(value) : String(value);
}

/** Python's `type(x).__name__` for a YAML value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}
