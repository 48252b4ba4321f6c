/**
 * Colour is for terminals: on when the destination is a TTY, off with `NO_COLOR` (any
 * non-empty value, no-color.org), forced by `FORCE_COLOR` (except `0`/`false`), as chalk and
 * picocolors read them.
 */
export function shouldColor(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;

export const ansi = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
  gray: sgr(90, 39),
};

/** Branch prefixes cycle through these, by index, so neighbours differ (concurrently's palette). */
const branchPalette: Paint[] = [ansi.cyan, ansi.magenta, ansi.yellow, ansi.blue, ansi.green, (text) => `\u001b[96m${text}\u001b[39m`];

export function branchColor(index: number): Paint {
  return branchPalette[index % branchPalette.length]!;
}

const identity: Paint = (text) => text;

/** `ansi` when colour is on, identity functions otherwise: renderers call them unconditionally. */
export function palette(enabled: boolean): typeof ansi {
  if (enabled) return ansi;
  return Object.fromEntries(Object.keys(ansi).map((key) => [key, identity])) as typeof ansi;
}

/** Text without SGR sequences, to measure what a terminal shows. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
