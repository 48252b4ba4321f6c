"""What a block sees: TEA's globals, records with TEA's access rules, stand-ins for engine objects."""
import json
import sys

from tea_worker_base import RECORD_FIELDS


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
