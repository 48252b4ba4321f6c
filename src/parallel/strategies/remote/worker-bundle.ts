import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from './bundle.js';
import type { RedisClient } from './connection.js';
import { remoteKeys, type WorkflowRef } from './protocol.js';

/** Where a worker keeps shipped workflows: one folder per bundle hash, reused by later jobs. */
export function defaultCacheDir(): string {
  return process.env.TEA_WORKER_CACHE ?? path.join(os.tmpdir(), `tea-worker-cache-${os.userInfo().uid}`);
}

/**
 * The local paths of a job's workflow: the shared paths as they are, or the shipped files
 * fetched once by content hash and written under `<cache>/<bundle>/` (checked, then renamed
 * into place, so a half-written bundle is never used).
 */
export async function materializeWorkflow(ref: WorkflowRef, client: RedisClient, queue: string, cacheDir: string): Promise<{ file: string; root: string; cwd: string }> {
  if (ref.transfer === 'shared') {
    return { file: ref.file, root: '/', cwd: existsSync(ref.cwd) ? ref.cwd : path.dirname(ref.file) };
  }
  const root = path.join(cacheDir, ref.bundle);
  const file = path.join(root, ref.main);
  if (!existsSync(path.join(root, '.complete'))) await fetchBundle(ref, client, queue, root);
  return { file, root, cwd: path.dirname(file) };
}

async function fetchBundle(ref: Extract<WorkflowRef, { transfer: 'ship' }>, client: RedisClient, queue: string, root: string): Promise<void> {
  const keys = remoteKeys(queue);
  const texts = await client.mget(ref.files.map((file) => keys.file(file.sha256)));
  const staging = `${root}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const [index, file] of ref.files.entries()) {
      const text = texts[index];
      if (text === null || text === undefined) throw new Error(`Shipped workflow file ${file.path} is no longer in Redis`);
      if (sha256(text) !== file.sha256) throw new Error(`Shipped workflow file ${file.path} does not match its hash`);
      if (file.path.split(/[\\/]/).includes('..') || path.isAbsolute(file.path)) throw new Error(`Refusing shipped path ${file.path}`);
      const target = path.join(staging, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    await writeFile(path.join(staging, '.complete'), '');
    await mkdir(path.dirname(root), { recursive: true });
    await rename(staging, root).catch(async (error: NodeJS.ErrnoException) => {
      // Another job of the same bundle won the race: theirs is as good as ours.
      if (!existsSync(path.join(root, '.complete'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
