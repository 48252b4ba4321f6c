import type { RunContext } from '../../../engine/run-context.js';
import { makeBullmqRunner } from './bullmq-runner.js';
import { resolveRemoteConfig } from './config.js';
import type { ClosableRunner } from './runner-close.js';
import { makeSshRunner } from './ssh-runner.js';

/**
 * The `remote` strategy for the fan-out at `node`: BullMQ workers or SSH hosts, from
 * `settings.parallel.remote`, the node's `remote:` and the command line. Loaded lazily by
 * the fan-out runner, so processes that never fan out remotely never load any of this.
 */
export function makeRemoteRunner(context: RunContext, node: string): ClosableRunner {
  const nodeRemote = findNode(context, node)?.dynamic?.parallel.remote;
  const config = resolveRemoteConfig(context.workflow.settings, nodeRemote);
  return config.backend === 'ssh' ? makeSshRunner(context, config.ssh) : makeBullmqRunner(context, config.bullmq);
}

function findNode(context: RunContext, name: string) {
  return context.graph.nodes.get(name);
}
