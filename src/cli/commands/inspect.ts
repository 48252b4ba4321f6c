import { existsSync, readFileSync } from 'node:fs';
import { parseYaml, YamlSyntaxError } from '../../spec/yaml-document.js';
import { isPlainMapping } from '../../util/json-value.js';
import { pyJsonDumps } from '../../template/python/json.js';
import { ExitCode } from '../exit-codes.js';
import { Printer } from '../printer.js';
import { inspectDot, inspectText } from '../render/inspect-format.js';

export interface InspectCommandOptions {
  format: 'text' | 'json' | 'dot';
}

/**
 * `tea inspect FILE [-f text|json|dot]` (core.md §4.7): the raw YAML, not the navigation
 * (that is `tea graph`): `json` is the document as JSON, `text` and `dot` list its nodes
 * and its `edges:` list. Unlike TEA, every spelling of a parallel edge works (D23).
 */
export function inspectCommand(file: string, options: InspectCommandOptions): number {
  const printer = new Printer();
  if (!existsSync(file)) {
    printer.error(`Error: File not found: ${file}\n`);
    return ExitCode.failed;
  }
  let config: unknown;
  try {
    config = parseYaml(readFileSync(file, 'utf8')).value;
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    printer.error(`Error: Invalid YAML syntax: ${error.message}\n`);
    return ExitCode.failed;
  }
  if (options.format === 'json') {
    printer.data(`${pyJsonDumps(config ?? null, { indent: 2 })}\n`);
    return ExitCode.ok;
  }
  if (!isPlainMapping(config)) {
    printer.error(config === null || config === undefined ? 'Error: Workflow file is empty\n' : 'Error: A workflow must be a mapping at the top level\n');
    return ExitCode.failed;
  }
  printer.data(options.format === 'dot' ? inspectDot(config) : inspectText(config));
  return ExitCode.ok;
}
