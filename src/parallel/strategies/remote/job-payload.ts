import path from 'node:path';
import { version } from '../../../cli/version.js';
import type { BranchBody, BranchSpec } from '../../branch.js';
import type { Workflow } from '../../../spec/model.js';
import type { Bundle } from './bundle.js';
import { inlineLimitBytes, keyTtlSeconds, protocolVersion, remoteKeys, type BranchJobData, type WorkflowRef } from './protocol.js';
import type { RedisClient } from './connection.js';
import { stringifyJsonKeepingFloats } from '../../../util/python-floats.js';

/**
 * Stores each bundle file once under its content hash (a no-op for files already there
 * but for the TTL) and returns the reference jobs carry.
 */
export async function uploadBundle(client: RedisClient, queue: string, bundle: Bundle, main: string): Promise<WorkflowRef> {
  const keys = remoteKeys(queue);
  const pipeline = client.pipeline();
  for (const file of bundle.files) pipeline.set(keys.file(file.sha256), file.text, 'EX', keyTtlSeconds);
  await pipeline.exec();
  return {
    transfer: 'ship',
    bundle: bundle.hash,
    files: bundle.files.map(({ path: file, sha256 }) => ({ path: file, sha256 })),
    main: path.relative(bundle.root, main),
  };
}

export function sharedWorkflow(workflow: Workflow): WorkflowRef {
  return { transfer: 'shared', file: workflow.absoluteFile, cwd: process.cwd() };
}

/**
 * One job's data. Large states go in their own key (job hashes stay small, and the state
 * never travels in argv or the environment); subgraph paths become bundle-relative.
 */
export async function makeJobData(
  spec: BranchSpec,
  options: { client: RedisClient; queue: string; runId: string; jobId: string; workflow: WorkflowRef; bundleRoot?: string; maxStarts: number },
): Promise<BranchJobData> {
  const { workflow } = options;
  const data: BranchJobData = {
    v: protocolVersion,
    teaVersion: version,
    runId: options.runId,
    ref: spec.ref,
    body: relativeBody(spec.body, workflow, options.bundleRoot),
    workflow,
    maxStarts: options.maxStarts,
  };
  const text = stringifyJsonKeepingFloats(spec.state);
  if (Buffer.byteLength(text) <= inlineLimitBytes) {
    data.stateJson = text;
  } else {
    data.stateKey = remoteKeys(options.queue).blob(`${options.jobId}-state`);
    await options.client.set(data.stateKey, text, 'EX', keyTtlSeconds);
  }
  return data;
}

function relativeBody(body: BranchBody, workflow: WorkflowRef, root: string | undefined): BranchBody {
  if (body.kind !== 'subgraph' || workflow.transfer !== 'ship' || root === undefined) return body;
  return { kind: 'subgraph', file: path.relative(root, body.file) };
}
