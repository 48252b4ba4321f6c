"""Replies to tea: results as JSON (with TEA's serialisation errors), errors with the block's line."""
import json
import sys

from tea_worker_base import FILENAME, compact
from tea_worker_blocks import run_block


class NotSerializable(Exception):
    pass


def json_default(value):
    to_dict = getattr(type(value), 'to_dict', None)  # on the type: stubs raise on any attribute
    if callable(to_dict):
        return value.to_dict()  # TEA's CLI encoder does the same
    raise TypeError('Object of type %s is not JSON serializable' % type(value).__name__)


def to_json(value):
    # NaN and Infinity as json.dumps writes them (TEA prints them so); tea reads them back.
    return json.dumps(value, default=json_default)


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
