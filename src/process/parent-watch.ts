import net from 'node:net';

/**
 * Calls `onGone` once when our parent `tea` is gone, even if it died by SIGKILL: the watch
 * fd (a pipe only the parent holds open) reaches end-of-file, or, for a `tea` started by a
 * user's script inside a branch, our parent pid changes (we were re-parented).
 * Nothing here keeps the process alive.
 */
export function watchParent(options: { fd?: number; pollPpid: boolean }, onGone: () => void): () => void {
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    onGone();
  };
  const disposers: (() => void)[] = [];
  if (options.fd !== undefined) {
    try {
      const socket = new net.Socket({ fd: options.fd, readable: true, writable: false });
      socket.on('end', fire).on('close', fire).on('error', fire);
      socket.resume();
      socket.unref();
      disposers.push(() => socket.destroy());
    } catch {
      // No such fd: the parent did not give us one.
    }
  }
  if (options.pollPpid) {
    const original = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== original) fire();
    }, 500);
    timer.unref();
    disposers.push(() => clearInterval(timer));
  }
  return () => {
    fired = true;
    for (const dispose of disposers) dispose();
  };
}
