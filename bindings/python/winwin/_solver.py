"""Per-thread solver handling.

GLPK keeps its state in thread-local storage, so a ww_solver must be
created, used and freed on one thread.  The binding therefore never keeps a
solver across calls: every query creates a solver in the calling thread,
runs, copies the result into Python objects and frees the solver.  No C
solver ever outlives the call that made it, so nothing has to be freed later
from a garbage-collector thread.  The thread's GLPK environment stays for
its next query; the library frees it when the thread exits.
"""

from __future__ import annotations

import ctypes
from types import TracebackType
from typing import Optional, Type

from . import _lib


class SolverScope:
    """``with SolverScope(model_handle, raise_error) as solver:`` -- a
    ww_solver for the duration of the block, in the calling thread."""

    def __init__(self, model: int, check) -> None:  # type: ignore[no-untyped-def]
        self._model = model
        self._check = check
        self.handle: Optional[int] = None

    def __enter__(self) -> int:
        out = ctypes.c_void_p()
        self._check(_lib.lib.ww_solver_new(self._model, ctypes.byref(out)))
        self.handle = out.value
        return self.handle  # type: ignore[return-value]

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        handle, self.handle = self.handle, None
        if handle:
            _lib.lib.ww_solver_free(handle)
