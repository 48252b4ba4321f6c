"""tea's Python worker: runs the `run:` blocks of one tea process (core.md §2.2, §2.3).

Protocol: one JSON object per line. Requests arrive on the fd that was stdin, replies leave
on the fd that was stdout. At start-up both move to private non-inheritable fds; fd 0
becomes /dev/null and fd 1 a pipe this worker relays, so neither user code nor the
subprocesses it starts can touch the protocol. Standard library only.
"""
import _ast  # the C parser's node types; the `ast` module itself costs ~10 ms of start-up
import codecs
import io
import json
import os
import select
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

CodeType = type(compile('', '<string>', 'exec'))

RECORD_FIELDS = ('branch', 'success', 'state', 'error', 'error_type', 'traceback', 'timeout',
                 'timing_ms', 'retry_count', 'circuit_state', 'attempt_errors', 'exit_code')
BLOCK_FN = '__tea_block__'
FILENAME = '<string>'  # TEA exec()s source text, so Python's messages say "<string>"


# --- fds and the output channel -------------------------------------------------------

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
        self.partial = {}  # request id -> printed text after its last newline
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

    def emit(self, rid, text):
        if text:
            self.send(compact({'type': 'stdout', 'id': rid, 'text': text}))

    def flush_partial(self, rid):
        self.emit(rid, self.partial.pop(rid, ''))

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

    def write(self, text, flush=False):
        with self.lock:
            self.drain_raw()  # raw output already in the pipe happened before this print
            rid = self.current()
            buf = self.partial.get(rid, '') + text
            cut = len(buf) if flush else buf.rfind('\n') + 1  # whole lines when possible
            self.emit(rid, buf[:cut])
            self.partial[rid] = buf[cut:]

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


class RoutedStdout(io.TextIOBase):
    """sys.stdout: print() becomes protocol messages tagged with the block's request id."""
    encoding, errors = 'utf-8', 'strict'

    def __init__(self, chan):
        self._chan = chan
        self.buffer = BytesStdout(self)

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not %s' % type(text).__name__)
        self._chan.write(text)
        return len(text)

    def flush(self):
        self._chan.write('', flush=True)

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return 1  # the relayed pipe: `subprocess.run(..., stdout=sys.stdout)` still works


class BytesStdout:
    """sys.stdout.buffer, for code that writes bytes."""

    def __init__(self, text):
        self._text = text

    def write(self, data):
        self._text.write(bytes(data).decode('utf-8', 'replace'))
        return len(data)

    def flush(self):
        self._text.flush()


# --- values a block sees ----------------------------------------------------------------

class ParallelFlowResult(dict):
    """A branch record with TEA's access rules (parallel.md §4.2); a dict so json.dumps works (D5)."""
    __slots__ = ()

    def __getattr__(self, name):
        if name in RECORD_FIELDS:
            return dict.__getitem__(self, name)
        raise AttributeError("'ParallelFlowResult' object has no attribute '%s'" % name)

    def __setattr__(self, name, value):
        if name not in RECORD_FIELDS:
            raise AttributeError("'ParallelFlowResult' object has no attribute '%s'" % name)
        dict.__setitem__(self, name, value)

    def _branch_state(self):
        state = dict.get(self, 'state')
        return state if isinstance(state, dict) else {}

    def __getitem__(self, key):
        if key in RECORD_FIELDS:  # a field wins over a branch-state key of the same name
            return dict.__getitem__(self, key)
        state = self._branch_state()
        if key in state:
            return state[key]
        raise KeyError(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key):
        return key in RECORD_FIELDS or key in self._branch_state()

    def keys(self):
        return list(RECORD_FIELDS) + list(self._branch_state().keys())

    def to_dict(self):
        return dict.copy(self)

    def __repr__(self):
        fields = ', '.join('%s=%r' % (f, dict.get(self, f)) for f in RECORD_FIELDS)
        return 'ParallelFlowResult(%s)' % fields


def is_record(value):
    return type(value) is dict and tuple(value) == RECORD_FIELDS


def wrap_records(state):
    """Turns record-shaped dicts (top-level values and items of top-level lists) into records."""
    for key, value in state.items():
        if is_record(value):
            state[key] = ParallelFlowResult(value)
        elif type(value) is list:
            for i, item in enumerate(value):
                if is_record(item):
                    value[i] = ParallelFlowResult(item)


class NotAvailableInTea(RuntimeError):
    pass


class Unavailable:
    """Stands in for TEA engine objects a separate worker cannot offer; any use says why."""

    def __init__(self, name, hint):
        object.__setattr__(self, '_what', (name, hint))

    def _fail(self, what):
        raise NotAvailableInTea('%s is not available in tea Python blocks; %s' % (what, self._what[1]))

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)  # keep copy/pickle/repr probing working
        self._fail('%s.%s' % (self._what[0], attr))

    def __getitem__(self, key):
        self._fail('%s[%r]' % (self._what[0], key))

    def __call__(self, *args, **kwargs):
        self._fail(self._what[0])

    def __repr__(self):
        return '<%s: not available in tea>' % self._what[0]


ACTIONS = Unavailable('actions', "use a 'uses:' node")
GRAPH = Unavailable('graph', 'tea runs Python blocks outside the graph engine')
OPTIONAL_GLOBALS = (('requests', 'requests', None), ('datetime', 'datetime', None),
                    ('OpenAI', 'openai', 'OpenAI'))


def optional_global(code, word, module, attr):
    """TEA binds these only when the source mentions them, and to None when missing."""
    if word not in code:
        return None
    try:
        __import__(module)
        loaded = sys.modules[module]
    except Exception:
        return None
    return getattr(loaded, attr, None) if attr else loaded


def make_globals(req, state):
    if req['kind'] == 'expression':
        return {'state': state, 'config': req.get('config') or {}, 'node': req['node'], 'graph': GRAPH}
    code = req['code']
    scope = {'state': state, 'variables': req.get('variables') or {}, 'config': req.get('config') or {},
             'node': req['node'], 'graph': GRAPH, 'json': json, 'actions': ACTIONS}
    for name, module, attr in OPTIONAL_GLOBALS:
        scope[name] = optional_global(code, name, module, attr)
    if 'parallel_results' in state:
        scope['parallel_results'] = state['parallel_results']  # the same (wrapped) list
    return scope


# --- compiling and running a block ------------------------------------------------------

class Block:
    """A compiled block: its code, how to run it, and its code objects (to find user frames)."""

    def __init__(self, kind, src):
        self.lines = src.splitlines()
        if kind == 'expression':
            self.mode = 'eval'
            # eval() of a string strips leading blanks; compile() does not
            self.code = compile(src.lstrip(' \t'), FILENAME, 'eval', dont_inherit=True)
        elif 'return' in src:  # TEA's rule: the substring anywhere selects function mode
            self.mode = 'function'
            self.code = compile(wrap_in_function(src), FILENAME, 'exec', dont_inherit=True)
        else:
            self.mode = 'exec'
            self.code = compile(src, FILENAME, 'exec', dont_inherit=True)
        self.codes = collect_codes(self.code)

    def run(self, scope):
        if self.mode == 'eval':
            return eval(self.code, scope)
        if self.mode == 'function':
            exec(self.code, scope)
            return scope.pop(BLOCK_FN)()
        local_vars = {}
        exec(self.code, scope, local_vars)
        return {k: v for k, v in local_vars.items() if not k.startswith('_')}


def wrap_in_function(src):
    """The block as the body of a zero-argument function, built on the AST rather than by
    re-indenting text: line numbers stay the user's and multi-line strings stay intact
    (core.md §9.12). An empty body (only comments) becomes `pass`."""
    body = parse(src).body
    module = parse('def %s():\n    pass\n' % BLOCK_FN)
    if body:
        module.body[0].body = body
    return module


def parse(src):
    return compile(src, FILENAME, 'exec', _ast.PyCF_ONLY_AST, dont_inherit=True)


def collect_codes(code):
    found = {code}
    for const in code.co_consts:
        if isinstance(const, CodeType):
            found |= collect_codes(const)
    return found


_blocks, _blocks_lock = {}, threading.Lock()


def compile_block(kind, src):
    """Blocks in loops run the same source again; compile each once (bounded cache)."""
    key = (kind, src)
    block = _blocks.get(key)
    if block is None:
        block = Block(kind, src)
        with _blocks_lock:
            if len(_blocks) >= 256:
                _blocks.clear()
            _blocks[key] = block
    return block


def run_block(req):
    state = req['state']
    wrap_records(state)
    block = compile_block(req['kind'], req['code'])
    try:
        value = block.run(make_globals(req, state))
    except BaseException as exc:
        exc.tea_block = block  # lets describe_exception find the user's frames
        raise
    if req['kind'] == 'expression':
        return {'result': value}, state, False
    # TEA's records are not dicts, so returning one is a plain value, not a mapping
    is_mapping = isinstance(value, dict) and not isinstance(value, ParallelFlowResult)
    return (value if is_mapping else {'result': value}), state, is_mapping


# --- replies ------------------------------------------------------------------------------

class NotSerializable(Exception):
    pass


def json_default(value):
    to_dict = getattr(type(value), 'to_dict', None)  # on the type: stubs raise on any attribute
    if callable(to_dict):
        return value.to_dict()  # TEA's CLI encoder does the same
    raise TypeError('Object of type %s is not JSON serializable' % type(value).__name__)


def to_json(value):
    return json.dumps(value, default=json_default, allow_nan=False)  # NaN is not JSON


def compact(message):
    return json.dumps(message, separators=(',', ':'))


def encode_mapping(mapping, where, node):
    """JSON of one mapping; on failure TEA's sentence first, then the key and node."""
    try:
        return to_json(mapping)
    except (TypeError, ValueError, RecursionError) as exc:
        culprit = next((k for k, v in mapping.items() if not encodes({k: v})), None)
        key = '' if culprit is None else 'key %r in ' % (culprit,)
        raise NotSerializable("%s (%s%s node '%s')" % (exc, key, where, node))


def encodes(value):
    try:
        to_json(value)
        return True
    except (TypeError, ValueError, RecursionError):
        return False


def result_line(rid, node, update, state, is_mapping):
    # `mapping` tells `steps:` (which ignores non-mapping results) what the block returned
    return '{"type":"result","id":%d,"update":%s,"state":%s,"mapping":%s}' % (
        rid, encode_mapping(update, 'the result of', node), encode_mapping(state, 'the state after', node),
        'true' if is_mapping else 'false')


def describe_exception(exc):
    """The error as tea reports it: str(e), the line inside the user's block, a traceback."""
    import traceback  # only failing blocks pay for it
    block = getattr(exc, 'tea_block', None)
    line, frames = None, []
    if isinstance(exc, SyntaxError) and exc.filename == FILENAME:
        line = exc.lineno
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        mine = block is not None and frame.f_code in block.codes
        if mine:
            line = lineno
        if mine or frames:  # worker frames above the user's first frame are noise
            src = block.lines[lineno - 1].strip() if mine and 0 < lineno <= len(block.lines) else ''
            frames.append(traceback.FrameSummary(frame.f_code.co_filename, lineno, frame.f_code.co_name,
                                                 line=src or None, lookup_line=not mine))
    head = ''.join(traceback.format_list(frames))
    text = ('Traceback (most recent call last):\n' + head if head else '') + \
        ''.join(traceback.format_exception_only(type(exc), exc))
    return {'kind': 'exception', 'type': type(exc).__name__, 'message': safe_str(exc),
            'line': line, 'traceback': text}


def safe_str(exc):
    try:
        return str(exc)
    except Exception:
        return '<unprintable %s>' % type(exc).__name__


def error_line(rid, exc):
    if isinstance(exc, NotSerializable):
        error = {'kind': 'not_serializable', 'type': 'TypeError', 'message': str(exc), 'line': None,
                 'traceback': str(exc)}
    else:
        error = describe_exception(exc)
    return compact({'type': 'error', 'id': rid, 'error': error})


def handle_request(chan, req):
    rid = req['id']
    chan.local.rid = rid
    try:
        update, state, is_mapping = run_block(req)
        line = result_line(rid, req['node'], update, state, is_mapping)
    except BaseException as exc:  # SystemExit from user code is a node error too
        line = error_line(rid, exc)
    finally:
        chan.local.rid = None
    try:
        sys.__stdout__.flush()  # user code may have written to the real stdout object
    except Exception:
        pass
    chan.finish(rid, line)


# --- threads and the main loop ------------------------------------------------------------

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
    sys.stdout = RoutedStdout(chan)
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


def end_group():
    """Exit, taking every process our blocks started with us: tea starts us as the leader
    of our own process group, so what user code spawned (and left running) is in it."""
    if os.getpgrp() == os.getpid():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            os.killpg(os.getpgrp(), signal.SIGTERM)
        except OSError:
            pass
    os._exit(0)


if __name__ == '__main__':
    main()
