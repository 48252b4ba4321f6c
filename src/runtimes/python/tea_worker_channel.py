"""The worker's output: protocol replies, print() routed per block, relayed subprocess output."""
import codecs
import io
import os
import select
import threading

from tea_worker_base import compact, end_group

STREAMS = ('stdout', 'stderr')


def claim_fds():
    """Moves the protocol off fds 0/1 so user code and its children never see it."""
    req_fd, resp_fd = os.dup(0), os.dup(1)  # os.dup makes non-inheritable fds
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    raw_r, raw_w = os.pipe()
    os.dup2(raw_w, 1)  # inheritable: subprocesses write here, the relay forwards it
    os.close(raw_w)
    os.set_blocking(raw_r, False)
    return req_fd, resp_fd, raw_r


class Channel:
    """Every byte tea sees leaves through here under one lock, so output order is exact."""

    def __init__(self, resp_fd, raw_fd):
        self.lock = threading.RLock()
        self.resp_fd, self.raw_fd = resp_fd, raw_fd
        self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
        self.active = []   # running request ids, oldest first; raw fd 1 output goes to [0]
        self.partial = {}  # (request id, stream) -> printed text after its last newline
        self.local = threading.local()

    def send(self, line):
        data = (line + '\n').encode()
        try:
            while data:
                data = data[os.write(self.resp_fd, data):]
        except OSError:
            end_group()  # tea is gone; nobody is left to read us

    def current(self):
        rid = getattr(self.local, 'rid', None)
        return rid if rid is not None else (self.active[0] if self.active else None)

    def emit(self, rid, text, stream='stdout'):
        if text:
            self.send(compact({'type': stream, 'id': rid, 'text': text}))

    def flush_partial(self, rid):
        for stream in STREAMS:
            self.emit(rid, self.partial.pop((rid, stream), ''), stream)

    def drain_raw(self):
        """Forwards what subprocesses wrote to fd 1; False once that pipe is closed."""
        chunks, alive = [], True
        while True:
            try:
                chunk = os.read(self.raw_fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                alive = False
                break
            chunks.append(chunk)
        if chunks:
            rid = self.active[0] if self.active else None
            self.flush_partial(rid)
            self.emit(rid, self.decoder.decode(b''.join(chunks)))
        return alive

    def write(self, text, flush=False, stream='stdout'):
        with self.lock:
            self.drain_raw()  # raw output already in the pipe happened before this print
            key = (self.current(), stream)
            buf = self.partial.get(key, '') + text
            cut = len(buf) if flush else buf.rfind('\n') + 1  # whole lines when possible
            self.emit(key[0], buf[:cut], stream)
            self.partial[key] = buf[cut:]

    def begin(self, rid):
        with self.lock:
            self.active.append(rid)

    def finish(self, rid, line):
        with self.lock:
            self.drain_raw()
            self.flush_partial(rid)
            self.send(line)
            self.active.remove(rid)


def relay_raw(chan):
    """Forwards subprocess output as it comes, so long-running children stream."""
    alive = True
    while alive:
        select.select([chan.raw_fd], [], [])
        with chan.lock:
            alive = chan.drain_raw()


class RoutedStream(io.TextIOBase):
    """sys.stdout / sys.stderr: print(), warnings and logging become protocol messages tagged
    with the block's request id, so tea shows them in order with its own lines."""
    encoding = 'utf-8'

    def __init__(self, chan, stream):
        self._chan, self._stream = chan, stream
        self.buffer = BytesStream(self)

    @property
    def errors(self):
        return 'backslashreplace' if self._stream == 'stderr' else 'strict'

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not %s' % type(text).__name__)
        self._chan.write(text, stream=self._stream)
        return len(text)

    def flush(self):
        self._chan.write('', flush=True, stream=self._stream)

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        # fd 1 is the relayed pipe, fd 2 tea's own stderr: `subprocess.run(...,
        # stdout=sys.stdout, stderr=sys.stderr)` still works.
        return 1 if self._stream == 'stdout' else 2


class BytesStream:
    """sys.stdout.buffer / sys.stderr.buffer, for code that writes bytes."""

    def __init__(self, text):
        self._text = text

    def write(self, data):
        self._text.write(bytes(data).decode('utf-8', 'replace'))
        return len(data)

    def flush(self):
        self._text.flush()
