/**
 * Process-level tests need the client in a plain Node process, and Node 20 cannot run .ts:
 * they use the compiled package in dist/ (`npm test` builds it first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const client = fileURLToPath(new URL('../../../dist/runtimes/python/worker-client.js', import.meta.url));

export interface BuiltClient {
  clientUrl: string;
  dispose(): Promise<void>;
}

export async function buildClient(): Promise<BuiltClient> {
  if (!existsSync(client)) throw new Error(`${client} is missing: run \`npm run build\` first (npm test does)`);
  return { clientUrl: pathToFileURL(client).href, dispose: async () => {} };
}
