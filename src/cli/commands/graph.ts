import { buildGraph } from '../../engine/graph.js';
import { ExitCode } from '../exit-codes.js';
import { loadForCli } from '../load-for-cli.js';
import { Printer } from '../printer.js';
import { toAscii } from '../render/graph/ascii.js';
import { toDot } from '../render/graph/dot.js';
import { toMermaid } from '../render/graph/mermaid.js';
import { buildGraphView } from '../render/graph/model.js';

export type GraphFormat = 'mermaid' | 'dot' | 'ascii';

export interface GraphCommandOptions {
  format: GraphFormat;
}

const writers = { mermaid: toMermaid, dot: toDot, ascii: toAscii };

/**
 * `tea graph FILE [--format mermaid|dot|ascii]`: the workflow as the engine navigates it,
 * with its fan-outs, their branches and fan-ins. The file is loaded and validated as
 * `tea run` would; nothing runs.
 */
export async function graphCommand(file: string, options: GraphCommandOptions): Promise<number> {
  const printer = new Printer();
  const workflow = await loadForCli(file, printer, false);
  printer.data(writers[options.format](buildGraphView(buildGraph(workflow))));
  return ExitCode.ok;
}
