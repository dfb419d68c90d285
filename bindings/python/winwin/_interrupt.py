"""Ctrl-C during a long query.

A C call cannot be interrupted, and a SIGINT that Python notices while it
enters a ctypes callback is swallowed ("Exception ignored").  So, in the
main thread and while the default SIGINT handler is in place, a query
installs a handler that only records the signal; the query's progress
callback sees the record and asks the library to stop, and KeyboardInterrupt
is raised once the C call has returned and everything is freed.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any, Optional, Type

try:
    # signal's own getsignal/signal wrap handlers in enums, by exceptions
    # for a Python handler: 18 us of every query, against 0.6 us here.
    import _signal as _sig
except ImportError:  # pragma: no cover - another Python implementation
    _sig = signal  # type: ignore[misc]


class SigintGuard:
    def __init__(self) -> None:
        self.hit = False
        self._prev: Any = None
        self._active = False

    def _handler(self, signum: int, frame: Optional[FrameType]) -> None:
        self.hit = True

    def __enter__(self) -> "SigintGuard":
        if threading.current_thread() is threading.main_thread():
            try:
                prev = _sig.getsignal(signal.SIGINT)
                if prev is signal.default_int_handler:
                    _sig.signal(signal.SIGINT, self._handler)
                    self._prev, self._active = prev, True
            except (ValueError, TypeError, OSError):
                pass
        return self

    @property
    def active(self) -> bool:
        return self._active

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if self._active:
            _sig.signal(signal.SIGINT, self._prev)
            self._active = False
        if self.hit and exc is None:
            raise KeyboardInterrupt
