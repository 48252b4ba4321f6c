/**
 * Job slots per SSH host (GNU parallel's `N/host`): a branch takes the least busy host with
 * a free slot, and waits for one when every host is full. Hosts without a count are never full.
 */
export class HostSlots {
  readonly #hosts: { login: string; slots: number; busy: number }[];
  readonly #waiting: (() => void)[] = [];

  constructor(hosts: { login: string; slots?: number }[]) {
    this.#hosts = hosts.map((host) => ({ login: host.login, slots: host.slots ?? Infinity, busy: 0 }));
  }

  async take(signal: AbortSignal): Promise<string | undefined> {
    for (;;) {
      if (signal.aborted) return undefined;
      const free = this.#hosts.filter((host) => host.busy < host.slots);
      if (free.length > 0) {
        const host = free.reduce((best, candidate) => (candidate.busy / candidate.slots < best.busy / best.slots || (best.slots === Infinity && candidate.busy < best.busy) ? candidate : best));
        host.busy++;
        return host.login;
      }
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  release(login: string): void {
    const host = this.#hosts.find((candidate) => candidate.login === login);
    if (host) host.busy--;
    this.#waiting.shift()?.();
  }
}
