/**
 * TEA's InMemoryBackend: values by namespace and key, each with an optional expiry on a
 * monotonic clock. One store per tea process (TEA: one per engine); a parallel branch
 * that runs as a child process has its own.
 */
export class MemoryBackend {
  readonly #namespaces = new Map<string, Map<string, { value: unknown; expiresAt?: number }>>();

  constructor(private readonly now: () => number = () => performance.now() / 1000) {}

  /** Stores a copy, so later changes to the state do not reach the stored value. */
  store(key: string, value: unknown, ttlSeconds: number | undefined, namespace: string): true {
    let entries = this.#namespaces.get(namespace);
    if (!entries) this.#namespaces.set(namespace, (entries = new Map()));
    entries.set(key, { value: structuredClone(value), expiresAt: ttlSeconds === undefined ? undefined : this.now() + ttlSeconds });
    return true;
  }

  /** The value, or undefined when missing or expired (an expired entry is dropped). */
  retrieve(key: string, namespace: string): unknown {
    const entries = this.#namespaces.get(namespace);
    const entry = entries?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && this.now() > entry.expiresAt) {
      entries!.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  clear(): void {
    this.#namespaces.clear();
  }
}

/** The process-wide store that `memory.store` and `memory.retrieve` share. */
export const memoryBackend = new MemoryBackend();
