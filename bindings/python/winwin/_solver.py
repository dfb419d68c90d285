"""Per-thread solver handling.

GLPK keeps its state in thread-local storage, so a ww_solver must be
created, used and freed on one thread, and a thread that used solvers must
call ww_thread_cleanup() (after freeing them) before it exits.  The binding
therefore never keeps a solver across calls: every query creates a solver in
the calling thread, runs, copies the result into Python objects, frees the
solver, and -- when that thread holds no other solver -- releases the
thread's GLPK environment.  No C solver ever outlives the call that made it,
so nothing has to be freed later from a garbage-collector thread.

Caveat: ww_thread_cleanup() frees the thread's whole GLPK environment, so
GLPK objects that other code keeps on the same thread do not survive a
winwin query.
"""

from __future__ import annotations

import ctypes
import threading
from types import TracebackType
from typing import Optional, Type

from . import _lib

_tls = threading.local()


class SolverScope:
    """``with SolverScope(model_handle, raise_error) as solver:`` -- a
    ww_solver for the duration of the block, in the calling thread."""

    def __init__(self, model: int, check) -> None:  # type: ignore[no-untyped-def]
        self._model = model
        self._check = check
        self.handle: Optional[int] = None

    def __enter__(self) -> int:
        out = ctypes.c_void_p()
        _tls.live = getattr(_tls, "live", 0) + 1
        try:
            self._check(_lib.lib.ww_solver_new(self._model, ctypes.byref(out)))
        except BaseException:
            self._release()
            raise
        self.handle = out.value
        return self.handle  # type: ignore[return-value]

    def _release(self) -> None:
        _tls.live -= 1
        if _tls.live == 0:
            # The thread holds no solver now: free its GLPK environment so a
            # thread that exits leaks nothing.
            _lib.lib.ww_thread_cleanup()

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        handle, self.handle = self.handle, None
        if handle:
            _lib.lib.ww_solver_free(handle)
        self._release()
