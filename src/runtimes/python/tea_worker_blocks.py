"""Compiling a block the way TEA does (return mode by substring) and running it."""
import _ast  # the C parser's node types; the `ast` module itself costs ~10 ms of start-up
import threading

from tea_worker_base import BLOCK_FN, FILENAME
from tea_worker_values import ParallelFlowResult, make_globals, wrap_records

CodeType = type(compile('', '<string>', 'exec'))


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
