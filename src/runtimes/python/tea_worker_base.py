"""Shared by the worker's modules: the names TEA's procedure fixes, JSON lines, and exit."""
import json
import os
import signal

RECORD_FIELDS = ('branch', 'success', 'state', 'error', 'error_type', 'traceback', 'timeout',
                 'timing_ms', 'retry_count', 'circuit_state', 'attempt_errors', 'exit_code')
BLOCK_FN = '__tea_block__'
FILENAME = '<string>'  # TEA exec()s source text, so Python's messages say "<string>"


def compact(message):
    return json.dumps(message, separators=(',', ':'))


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
