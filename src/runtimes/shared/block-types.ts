/** The request the engine makes for one Lua or Prolog block. */
export interface BlockRequest {
  code: string;
  node: string;
  state: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** Wall-clock limit for the block; the engine passes TEA's 30 s unless told otherwise. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Lua: globals persist from one such block to the next, as in TEA's single runtime for
   * the blocks a run executes one after another. Parallel branches' blocks start fresh. */
  sharedGlobals?: boolean;
}

export interface BlockHooks {
  /** Called per whole line the block prints (`print`, `format`, `writeln`...). */
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
}
