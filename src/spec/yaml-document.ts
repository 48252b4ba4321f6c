import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Position, PositionLookup } from './model.js';
import { markYamlFloats, pyYamlCustomTags } from './pyyaml-scalars.js';

export interface ParsedYaml {
  value: unknown;
  positionOf: PositionLookup;
}

export interface YamlSyntaxProblem {
  message: string;
  line?: number;
  column?: number;
}

/**
 * PyYAML's wording for the problems users meet most, so messages read like TEA's
 * (`mapping values are not allowed here`). Others keep the yaml package's first line.
 */
const pyYamlWording: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed here',
  MULTILINE_IMPLICIT_KEY: 'could not find expected \':\'',
  DUPLICATE_KEY: 'found duplicate key',
  BAD_INDENT: 'bad indentation of a mapping entry',
  TAB_AS_INDENT: 'found character \'\\t\' that cannot start any token',
  MULTIPLE_DOCS: 'expected a single document in the stream, but found another document',
};

export class YamlSyntaxError extends Error {
  constructor(readonly problem: YamlSyntaxProblem) {
    super(problem.message);
  }
}
YamlSyntaxError.prototype.name = 'YamlSyntaxError';

/**
 * Parses TEA YAML the way PyYAML's safe_load reads it (YAML 1.1: `yes` is true, `0777` is
 * octal, `1:30` is 90; see pyyaml-scalars.ts), except that dates stay strings.
 */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    lineCounter,
    uniqueKeys: false,
    customTags: pyYamlCustomTags,
  });
  const [first] = document.errors;
  if (first !== undefined) throw new YamlSyntaxError(describeProblem(first, text, lineCounter));
  const value: unknown = document.toJS({ maxAliasCount: 10_000 });
  markYamlFloats(document.contents, value, { isMap, isScalar, isSeq });
  return { value, positionOf: makePositionLookup(document, lineCounter) };
}

function describeProblem(
  error: Document['errors'][number],
  text: string,
  lineCounter: LineCounter,
): YamlSyntaxProblem {
  let offset = error.pos[0];
  const wording = pyYamlWording[error.code];
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    // PyYAML points at the offending `:`, the yaml package at the start of the key.
    const colon = text.indexOf(':', offset);
    const lineEnd = text.indexOf('\n', offset);
    if (colon !== -1 && (lineEnd === -1 || colon < lineEnd)) offset = colon;
  }
  const { line, col } = lineCounter.linePos(offset);
  const message = wording ?? error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { message, line, column: col };
}

/** Line and column where the value at a path starts (PyYAML's start mark: a block mapping's first key, a flow mapping's `{`). */
function makePositionLookup(document: Document, lineCounter: LineCounter): PositionLookup {
  return (path) => {
    const node = (path.length === 0 ? document.contents : document.getIn(path, true)) as YamlNode | null | undefined;
    if (node === null || node === undefined || typeof node !== 'object' || !('range' in node) || !node.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { line, column: col } satisfies Position;
  };
}
