import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isTeaError } from '../../errors.js';
import { buildWorkflow } from '../../spec/build/workflow.js';
import { formatFinding, type Finding } from '../../spec/findings.js';
import type { JsonObject } from '../../spec/model.js';
import { validateDocument } from '../../spec/validate/index.js';
import { conditionSyntaxError } from '../../template/index.js';
import { parseYaml, YamlSyntaxError } from '../../spec/yaml-document.js';
import { ExitCode } from '../exit-codes.js';
import { Printer } from '../printer.js';

export interface ValidateCommandOptions {
  detailed: boolean;
  strict: boolean;
}

/**
 * `tea validate`: TEA's findings and output (core.md §4.5), plus the load-time checks TEA
 * only makes in `tea run` (so OK here means `tea run` will load the file). Our warnings are
 * shown; they fail only with `--strict`, like TEA's.
 */
export function validateCommand(file: string, options: ValidateCommandOptions): number {
  const printer = new Printer();
  if (!existsSync(file)) {
    printer.error(`Error: File not found: ${file}\n`);
    return ExitCode.failed;
  }
  const { findings, root } = collectFindings(file, readFileSync(file, 'utf8'), options.strict);
  if (options.detailed && root) printer.data(describe(root));
  const failing = options.strict ? findings : findings.filter((finding) => finding.severity === 'error');
  for (const finding of findings) printer.error(`${formatFinding(finding, file)}\n\n`);
  if (failing.length > 0) {
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    const warnings = findings.length - errors;
    const parts = [errors && `${errors} error(s)`, warnings && `${warnings} warning(s)`].filter(Boolean);
    printer.error(`FAIL: ${file} (${parts.join(', ')})\n`);
    return ExitCode.failed;
  }
  const nodes = Array.isArray(root?.nodes) ? root.nodes.length : 0;
  const edges = Array.isArray(root?.edges) ? root.edges.length : 0;
  printer.data(`OK: ${file} (${nodes} nodes, ${edges} edges) [structural checks only — run blocks not executed]\n`);
  return ExitCode.ok;
}

function collectFindings(file: string, text: string, strict: boolean): { findings: Finding[]; root?: JsonObject } {
  let parsed;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const { message, line, column } = error.problem;
    return { findings: [{ code: 'YAML_PARSE', message: `Invalid YAML syntax: ${message}`, severity: 'error', line, column }] };
  }
  const findings = validateDocument(parsed.value, parsed.positionOf, { strict, conditionSyntax: conditionSyntaxError });
  const root = typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as JsonObject) : undefined;
  if (root && !findings.some((finding) => finding.severity === 'error')) {
    try {
      buildWorkflow(root, parsed.positionOf, file, path.resolve(file));
    } catch (error) {
      if (!isTeaError(error)) throw error;
      findings.push({ code: 'NODE_DEFINITION', message: error.message, severity: 'error', node: error.node, line: error.line, column: error.column });
    }
  }
  return { findings, root };
}

/** `--detailed`: name, description, nodes and edges as TEA lists them. */
function describe(root: JsonObject): string {
  const lines = [`Workflow: ${typeof root.name === 'string' ? root.name : 'unnamed'}`];
  if (root.description) lines.push(`Description: ${String(root.description)}`);
  const nodes = (Array.isArray(root.nodes) ? root.nodes : []).filter((node): node is JsonObject => typeof node === 'object' && node !== null);
  lines.push('', `Nodes: ${nodes.length}`);
  for (const node of nodes) {
    const action = node.uses ?? node.action;
    lines.push(`  - ${String(node.name ?? 'unnamed')}${action ? ` (uses: ${typeof action === 'string' ? action : JSON.stringify(action)})` : ''}`);
  }
  const edges = (Array.isArray(root.edges) ? root.edges : []).filter((edge): edge is JsonObject => typeof edge === 'object' && edge !== null);
  lines.push('', `Edges: ${edges.length}`);
  for (const edge of edges) if (edge.to) lines.push(`  - ${String(edge.from ?? '?')} -> ${Array.isArray(edge.to) ? `[${edge.to.map((t) => `'${String(t)}'`).join(', ')}]` : String(edge.to)}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}
