"""A time budget per document: extraction that runs over it is stopped and reported.

One watchdog thread per process raises `Overrun` in the thread extracting a document once
the document's deadline has passed, through CPython's `PyThreadState_SetAsyncExc`; that
works in any thread (this process's, a --jobs worker's main thread, a dask worker's
thread), where a signal would only reach the main thread. The exception is raised between
Python bytecodes: a single long call into C code (one regular-expression search) finishes
before it lands. `Overrun` is a BaseException, so that no rule's `except Exception` can
swallow it; the caller turns it into the document's status `timeout`.

The first document a process extracts also loads the lexicons and the gazetteer (about
half a second, more on a busy machine): until one has finished, a document may take
`warm_up` seconds more.
"""
from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache


class Overrun(BaseException):
    """Raised in a thread whose document ran over its time budget."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in the thread asynchronously (None: cancel one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc is not None else None)


class Watchdog:
    """Deadlines of the threads being watched, and the thread that enforces them."""

    def __init__(self):
        self._cond = threading.Condition()
        self._deadlines: dict[int, float] = {}   # thread id → monotonic deadline
        self._waiting_until: float | None = None  # None: idle, waiting for a first deadline
        self.warm = False                          # a document has finished in this process
        threading.Thread(target=self._run, name="analysis-budget", daemon=True).start()

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for tid, deadline in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[tid]
                        _raise_in(tid, Overrun)
                self._waiting_until = min(self._deadlines.values(), default=None)
                self._cond.wait(None if self._waiting_until is None else self._waiting_until - now)

    @contextmanager
    def watch(self, seconds: float, warm_up: float = 0.0) -> Iterator[None]:
        """Run the block with `seconds` to spare (`warm_up` more until a block has finished in
        this process); `Overrun` is raised in it when they run out."""
        tid = threading.get_ident()
        deadline = time.monotonic() + seconds + (0.0 if self.warm else warm_up)
        with self._cond:
            self._deadlines[tid] = deadline
            # a watchdog waiting for a later moment wakes up then and sees this one
            if self._waiting_until is None or deadline < self._waiting_until:
                self._cond.notify()
        try:
            yield
            self.warm = True
        finally:
            with self._cond:
                if self._deadlines.pop(tid, None) is None:
                    _raise_in(tid, None)   # fired as the block ended: cancel it if still pending


@lru_cache(maxsize=None)
def _watchdog(pid: int) -> Watchdog:
    """The watchdog of process `pid` (a forked worker starts its own)."""
    return Watchdog()


@contextmanager
def budget(seconds: float | None, warm_up: float = 0.0) -> Iterator[None]:
    """The block may take `seconds` (None or 0: no limit; `warm_up` more for the first one in
    a process) before `Overrun` is raised in it."""
    if not seconds:
        yield
        return
    with _watchdog(os.getpid()).watch(seconds, warm_up):
        yield
