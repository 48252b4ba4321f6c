import type { BranchRunner } from '../runner.js';

/** A runner holding connections (Redis) or hosts: `close` releases them after the fan-out. */
export interface ClosableRunner extends BranchRunner {
  close(): Promise<void>;
}
