"""Exceptions: every failing ww_status becomes one of these.

All derive from :class:`winwin.Error` and also from the closest built-in
exception, so ``except ValueError`` / ``except OSError`` work as expected.
"""

from __future__ import annotations

import enum
from typing import Dict, Type


class Status(enum.IntEnum):
    """ww_status: whether a C call worked (values fixed by winwin.h)."""

    OK = 0
    INVALID = 1
    NOMEM = 2
    NOT_FOUND = 3
    DUPLICATE = 4
    OUT_OF_RANGE = 5
    PARSE_ERROR = 6
    IO_ERROR = 7
    SOLVER_ERROR = 8
    UNSUPPORTED = 9
    TOO_LARGE = 10
    MISUSE = 11


class Error(Exception):
    """A winwin call failed.

    ``status`` is the :class:`Status`; ``message`` the library's detailed
    text (``ww_errmsg``, or ``ww_error.text`` for files), naming the term,
    level, file position or JSON path involved.  Errors from loading a file
    also carry ``file``, ``line``, ``column`` (1-based, 0 when unknown),
    ``path`` (JSON path such as ``terms[1].levels[2].seller``, "" when
    unknown) and ``reason`` (the message without the position); for other
    errors these are "", 0, 0, "" and ``message``.
    """

    status: Status
    message: str
    file: str
    line: int
    column: int
    path: str
    reason: str

    def __init__(self, status: int, message: str, file: str = "",
                 line: int = 0, column: int = 0, path: str = "",
                 reason: str = "") -> None:
        try:
            self.status = Status(status)
        except ValueError:  # a status newer than this binding
            self.status = status  # type: ignore[assignment]
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.reason = reason or message
        Exception.__init__(self, message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (int(self.status), self.message, self.file,
                                 self.line, self.column, self.path,
                                 self.reason))


class InvalidModel(Error, ValueError):
    """An argument or model value is invalid, unknown, duplicated or out of
    range (INVALID, NOT_FOUND, DUPLICATE, OUT_OF_RANGE)."""


class ParseError(Error, ValueError):
    """A JSON or XML file is malformed or breaks the winwin/1 format
    (PARSE_ERROR); ``file``/``line``/``column``/``path`` say where."""


class FileError(Error, OSError):
    """A file cannot be read or written (IO_ERROR)."""

    def __init__(self, status: int, message: str, file: str = "",
                 line: int = 0, column: int = 0, path: str = "",
                 reason: str = "") -> None:
        Error.__init__(self, status, message, file, line, column, path,
                       reason)
        self.filename = file or None

    def __str__(self) -> str:
        return self.message


class SolverError(Error, RuntimeError):
    """GLPK failed internally (SOLVER_ERROR)."""


class Unsupported(Error):
    """Valid input that winwin cannot handle (UNSUPPORTED)."""


class TooLarge(Error):
    """Beyond a documented size limit (TOO_LARGE)."""


class OutOfMemory(Error, MemoryError):
    """The library ran out of memory (NOMEM)."""


class Misuse(Error):
    """A call out of order, e.g. on a closed model (MISUSE)."""


_CLASSES: Dict[int, Type[Error]] = {
    Status.INVALID: InvalidModel,
    Status.NOT_FOUND: InvalidModel,
    Status.DUPLICATE: InvalidModel,
    Status.OUT_OF_RANGE: InvalidModel,
    Status.PARSE_ERROR: ParseError,
    Status.IO_ERROR: FileError,
    Status.SOLVER_ERROR: SolverError,
    Status.UNSUPPORTED: Unsupported,
    Status.TOO_LARGE: TooLarge,
    Status.NOMEM: OutOfMemory,
    Status.MISUSE: Misuse,
}


def error_class(status: int) -> Type[Error]:
    """The exception class for a ww_status."""
    return _CLASSES.get(status, Error)


def make_error(status: int, message: str, **where: object) -> Error:
    """An exception of the class that fits status; where holds file, line,
    column, path and reason for errors about a file."""
    return error_class(status)(status, message, **where)  # type: ignore
