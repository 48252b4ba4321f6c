import { createRequire } from 'node:module';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import type { BullmqConfig } from './config.js';

export type Bullmq = typeof import('bullmq');
export type { RedisClient };

// Required, not imported: the CLI bundle runs as a cached script (bin/start-bundle.js),
// where `import()` has no module loader to call.
const require = createRequire(import.meta.url);

/**
 * bullmq and ioredis are loaded only when a remote fan-out or `tea worker` needs them, so a
 * branch child (which never talks to Redis) starts as fast as before.
 */
export async function loadBullmq(): Promise<Bullmq> {
  return require('bullmq') as Bullmq;
}

/**
 * A new ioredis connection. `maxRetriesPerRequest: null` is what BullMQ's workers and
 * QueueEvents need; with it a command waits through a Redis restart instead of failing.
 */
export async function connectRedis(config: Pick<BullmqConfig, 'url' | 'password'>, name: string): Promise<RedisClient> {
  const { Redis } = require('ioredis') as typeof import('ioredis');
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    connectionName: name,
    // Reconnect quickly at first, then every second: a restart on loopback takes ~100 ms.
    retryStrategy: (times) => Math.min(50 * times, 1000),
    lazyConnect: false,
  };
  if (config.password) options.password = config.password;
  const client = new Redis(config.url, options);
  // Errors while reconnecting are expected during a restart; the caller's commands wait.
  client.on('error', () => undefined);
  return client;
}

/** Closes a connection, giving up politely after `ms` (Redis may be gone). */
export async function closeRedis(client: RedisClient, ms = 1000): Promise<void> {
  const timer = setTimeout(() => client.disconnect(), ms);
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
