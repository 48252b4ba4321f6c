import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A watchdog for the process groups we start: one `sh` per tea, started on first use,
 * holding the read end of a pipe only we write to. When we die in any way, SIGKILL
 * included, it reads end-of-file and ends every group still registered (TERM, then KILL).
 * It lives in its own group so that killing ours does not take it down first.
 */
const script = `
groups=" "
while read -r cmd pgid; do
  case "$cmd" in
    add) groups="$groups$pgid " ;;
    del) groups=$(printf '%s' "$groups" | sed "s/ $pgid / /") ;;
  esac
done
[ -n "$(printf '%s' "$groups" | tr -d ' ')" ] || exit 0
for g in $groups; do kill -TERM -- "-$g" 2>/dev/null; done
sleep 2
for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
`;

let guard: ChildProcess | undefined;

function start(): ChildProcess | undefined {
  try {
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => {
      guard = undefined;
    });
    child.stdin!.on('error', () => {});
    child.unref();
    (child.stdin as unknown as { unref?(): void }).unref?.();
    return child;
  } catch {
    return undefined; // no /bin/sh: our other guards (watch fds, EOF) still apply
  }
}

/** Puts a process group under the watchdog; the returned function takes it off again. */
export function guardProcessGroup(pgid: number | undefined): () => void {
  if (pgid === undefined) return () => {};
  guard ??= start();
  guard?.stdin?.write(`add ${pgid}\n`);
  return () => {
    guard?.stdin?.write(`del ${pgid}\n`);
  };
}

/** Closes the watchdog's pipe at a normal exit: with no groups left it exits at once. */
export function releaseOrphanGuard(): void {
  guard?.stdin?.end();
  guard = undefined;
}
