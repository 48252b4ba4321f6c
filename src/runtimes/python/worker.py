"""tea's Python worker: runs the `run:` blocks of one tea process (core.md §2.2, §2.3).

Protocol: one JSON object per line. Requests arrive on the fd that was stdin, replies leave
on the fd that was stdout. At start-up both move to private non-inheritable fds; fd 0
becomes /dev/null and fd 1 a pipe this worker relays, so neither user code nor the
subprocesses it starts can touch the protocol. Standard library only. The worker's other
modules (tea_worker_*.py) sit beside this file; their prefix keeps them apart from the
user's imports once this folder leaves sys.path.
"""
import io
import json
import os
import signal
import sys
import threading


class LazySite:
    """tea starts us with -S: `site` (site-packages, .pth files) costs 10-20 ms per process,
    which every branch child would pay. The first import the standard library cannot satisfy
    runs site.main() once and looks again, so installed packages still import as usual."""

    done = False

    def find_spec(self, name, path=None, target=None):
        if LazySite.done or path is not None or sys.flags.no_site == 0:
            return None
        LazySite.done = True
        import importlib.util
        import site
        site.main()
        return importlib.util.find_spec(name)


sys.meta_path.append(LazySite())

try:
    from _queue import SimpleQueue
except ImportError:  # pragma: no cover - other interpreters
    from queue import SimpleQueue

# Every branch child imports these: keep their bytecode even under PYTHONDONTWRITEBYTECODE,
# which stays in force for the user's own modules.
_dont_write_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, False
from tea_worker_base import compact, end_group  # noqa: E402 - after the import hook
from tea_worker_channel import Channel, RoutedStream, claim_fds, relay_raw  # noqa: E402
from tea_worker_replies import handle_request  # noqa: E402
sys.dont_write_bytecode = _dont_write_bytecode


class BlockThreads:
    """One thread per running block (TEA runs branches in threads too); idle ones are reused."""

    def __init__(self, chan):
        self.chan, self.jobs, self.idle, self.lock = chan, SimpleQueue(), 0, threading.Lock()

    def submit(self, req):
        with self.lock:
            spawn = self.idle == 0
            if not spawn:
                self.idle -= 1
        if spawn:
            threading.Thread(target=self._loop, daemon=True).start()
        self.jobs.put(req)

    def _loop(self):
        while True:
            handle_request(self.chan, self.jobs.get())
            with self.lock:
                self.idle += 1


def main():
    # Ctrl-C reaches the whole process group; tea decides, and closes us (EOF) when it exits.
    # A Python handler (not SIG_IGN) so user subprocesses still get the default action.
    signal.signal(signal.SIGINT, lambda *_: None)
    if sys.path and os.path.abspath(sys.path[0] or '.') == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]  # user imports must not find this folder's files
    req_fd, resp_fd, raw_fd = claim_fds()
    chan = Channel(resp_fd, raw_fd)
    sys.stdout = RoutedStream(chan, 'stdout')
    sys.stderr = RoutedStream(chan, 'stderr')
    threading.Thread(target=relay_raw, args=(chan,), daemon=True).start()
    threads = BlockThreads(chan)
    chan.send(compact({'type': 'ready', 'pid': os.getpid(), 'python': sys.version.split()[0]}))
    for line in io.open(req_fd, 'rb', buffering=1 << 16):
        try:
            req = json.loads(line)
            chan.begin(req['id'])
        except Exception as exc:
            chan.send(compact({'type': 'error', 'id': None, 'error': {
                'kind': 'internal', 'type': type(exc).__name__, 'message': 'bad request: %s' % exc}}))
            continue
        threads.submit(req)
    end_group()  # EOF: tea closed us or died; running blocks die with us


if __name__ == '__main__':
    main()
