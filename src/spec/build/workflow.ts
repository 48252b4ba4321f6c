import type { JsonObject, PositionLookup, Workflow, WorkflowConfig } from '../model.js';
import { quote } from '../findings.js';
import { definitionError } from './definition-error.js';
import { buildEdges } from './edges.js';
import { buildNode, isMapping, type BuildContext } from './node.js';

/** Builds the typed model from a document that passed validation. */
export function buildWorkflow(root: JsonObject, positionOf: PositionLookup, file: string, absoluteFile: string): Workflow {
  const settings = isMapping(root.settings) ? root.settings : {};
  const context: BuildContext = { file, positionOf, settings };
  const nodes = (root.nodes as JsonObject[]).map((node, index) => buildNode(node, index, ['nodes', index], context));
  const names = new Set(nodes.map((node) => node.name));
  return {
    file,
    absoluteFile,
    name: typeof root.name === 'string' ? root.name : undefined,
    description: typeof root.description === 'string' ? root.description : undefined,
    stateSchema: isMapping(root.state_schema) ? root.state_schema : undefined,
    variables: isMapping(root.variables) ? root.variables : {},
    settings,
    data: root.data,
    initialState: isMapping(root.initial_state) ? root.initial_state : undefined,
    imports: Array.isArray(root.imports) ? root.imports : [],
    nodes,
    edges: buildEdges(root.edges, context),
    config: buildConfig(root.config, names, context),
    hasEdgesKey: root.edges !== undefined,
    document: root,
    positionOf,
  };
}

function buildConfig(raw: unknown, names: ReadonlySet<string>, context: BuildContext): WorkflowConfig {
  const config = isMapping(raw) ? raw : {};
  const list = (key: 'interrupt_before' | 'interrupt_after'): string[] => {
    const value = config[key];
    const entries = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
    for (const name of entries) {
      if (!names.has(name)) {
        throw definitionError(`Interrupt node ${quote(name)} does not exist in the graph.`, { ...context, path: ['config', key] });
      }
    }
    return entries;
  };
  return {
    raiseExceptions: config.raise_exceptions === true,
    checkpointDir: typeof config.checkpoint_dir === 'string' ? config.checkpoint_dir : undefined,
    interruptBefore: list('interrupt_before'),
    interruptAfter: list('interrupt_after'),
  };
}
