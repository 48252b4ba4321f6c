import { detectLanguage, languageFromName } from '../../spec/build/run-language.js';
import type { JsonObject } from '../../spec/model.js';
import { pyStr } from '../../template/index.js';
import { isPlainMapping } from '../../util/json-value.js';
import { quoteDot } from './graph/dot.js';

const mappings = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isPlainMapping) : []);
const text = (value: unknown) => pyStr(value);

/**
 * What a raw node runs, for `tea inspect`. TEA labels every `run` node "(lua)" (core.md
 * §9 item 10); this names the language the node really runs in.
 */
function runLabel(node: JsonObject): string | undefined {
  const run = node.run ?? node.script;
  if (typeof run === 'string') return detectLanguage(run, node.language);
  if (isPlainMapping(run)) return run.type === 'expression' ? 'expression' : (languageFromName(run.type) ?? String(run.type ?? 'run'));
  return undefined;
}

function kindLabel(node: JsonObject): string | undefined {
  if (node.type === 'dynamic_parallel') return `dynamic_parallel, fan_in: ${text(node.fan_in)}`;
  if (node.type === 'while_loop') return 'while_loop';
  if (Array.isArray(node.steps)) return 'steps';
  return undefined;
}

/** A raw edge's parallel targets: TEA's intended `parallel: [a, b]` list, or the edge's `to` for `parallel: true` / `type: parallel`. */
function parallelOf(edge: JsonObject): { list?: string[]; flag: boolean } {
  if (Array.isArray(edge.parallel)) return { list: edge.parallel.map(text), flag: false };
  return { flag: edge.parallel === true || edge.type === 'parallel' };
}

/** `tea inspect -f text`: TEA's layout, without its "(lua)" label and its crash on `parallel: true` (D23). */
export function inspectText(config: JsonObject): string {
  const lines = [`Workflow: ${text(config.name ?? 'unnamed')}`];
  if (config.description) lines.push(`Description: ${text(config.description)}`);
  lines.push('');
  const nodes = mappings(config.nodes);
  lines.push(`Nodes (${Array.isArray(config.nodes) ? config.nodes.length : 0}):`);
  for (const node of nodes) {
    const parts = [`  ${text(node.name ?? 'unnamed')}`];
    const action = node.uses ?? node.action;
    if (action) parts.push(`[${text(action)}]`);
    const language = runLabel(node);
    if (language) parts.push(`(${language})`);
    const kind = kindLabel(node);
    if (kind) parts.push(`(${kind})`);
    if (node.retry) parts.push('(retry)');
    if (node.fallback) parts.push(`(fallback: ${text(node.fallback)})`);
    lines.push(parts.join(' '));
  }
  lines.push('');
  const edges = mappings(config.edges);
  lines.push(`Edges (${Array.isArray(config.edges) ? config.edges.length : 0}):`);
  for (const edge of edges) {
    const from = text(edge.from ?? (edge.type === 'entry' ? '__start__' : '?'));
    const condition = edge.condition ?? edge.when;
    const parallel = parallelOf(edge);
    if (edge.to !== undefined && edge.to !== null) {
      const marks = [condition !== undefined && condition !== null && `when: ${text(condition)}`, parallel.flag && `parallel, fan_in: ${text(edge.fan_in ?? '?')}`].filter(Boolean);
      lines.push(`  ${from} -> ${text(edge.to)}${marks.map((mark) => ` [${mark}]`).join('')}`);
    }
    if (isPlainMapping(edge.targets)) for (const [result, target] of Object.entries(edge.targets)) lines.push(`  ${from} --[${result}]--> ${text(target)}`);
    if (parallel.list) lines.push(`  ${from} => [${parallel.list.join(', ')}]`);
  }
  if (isPlainMapping(config.variables) && Object.keys(config.variables).length > 0) {
    lines.push('', 'Variables:');
    for (const [key, value] of Object.entries(config.variables)) lines.push(`  ${key}: ${text(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `tea inspect -f dot`: TEA's digraph of the raw `edges:`, with real languages and parallel edges dashed. */
export function inspectDot(config: JsonObject): string {
  const name = text(config.name ?? 'workflow').replace(/-/g, '_');
  const lines = [`digraph ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoteDot(name)} {`, '  rankdir=TB;', '  node [shape=box];', ''];
  lines.push('  "__start__" [label="START", shape=ellipse];', '  "__end__" [label="END", shape=ellipse];', '');
  for (const node of mappings(config.nodes)) {
    const nodeName = text(node.name ?? 'unnamed');
    const action = node.uses ?? node.action;
    const language = runLabel(node);
    const kind = kindLabel(node);
    const label = language ? `${nodeName}\n(${language})` : action ? `${nodeName}\n[${text(action)}]` : kind ? `${nodeName}\n(${kind})` : nodeName;
    lines.push(`  ${quoteDot(nodeName)} [label=${quoteDot(label)}];`);
  }
  lines.push('');
  for (const edge of mappings(config.edges)) {
    const from = quoteDot(text(edge.from ?? '__start__'));
    const condition = edge.condition ?? edge.when;
    const parallel = parallelOf(edge);
    const targets = Array.isArray(edge.to) ? edge.to : edge.to === undefined || edge.to === null ? [] : [edge.to];
    for (const to of targets) {
      const attributes = [
        parallel.flag && 'style=dashed',
        (condition !== undefined && condition !== null) || parallel.flag
          ? `label=${quoteDot([condition !== undefined && condition !== null && `when: ${text(condition)}`, parallel.flag && `fan_in: ${text(edge.fan_in ?? '?')}`].filter(Boolean).join(', '))}`
          : '',
      ].filter(Boolean);
      lines.push(`  ${from} -> ${quoteDot(text(to))}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
    }
    if (isPlainMapping(edge.targets)) for (const [result, target] of Object.entries(edge.targets)) lines.push(`  ${from} -> ${quoteDot(text(target))} [label=${quoteDot(result)}];`);
    for (const branch of parallel.list ?? []) lines.push(`  ${from} -> ${quoteDot(branch)} [style=dashed];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
