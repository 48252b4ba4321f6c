/** TEA's exit codes (core.md §4.8), plus 129 for SIGHUP (128 + signal number, like 130 and 143). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown inside command handlers to end the process with a code after cleanup. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
ExitRequest.prototype.name = 'ExitRequest';
