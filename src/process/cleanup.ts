/**
 * Things to stop before this process exits (the Python worker, child process groups).
 * Runtimes register here so the CLI can end everything without importing each of them.
 */
type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();

export function registerCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once, in parallel; errors are ignored (we are leaving). */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(pending.map(async (cleanup) => cleanup()));
}
