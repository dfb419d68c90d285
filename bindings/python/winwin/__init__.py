"""winwin: find win-win trades in a sales negotiation (Python binding).

A pure-ctypes binding of the winwin C library.  The library is found through
the WINWIN_LIBRARY environment variable (a path to libwinwin.so), then next to
this package (winwin/libwinwin.so*), then ctypes.util.find_library('winwin');
see winwin._lib.

Quick start::

    import winwin
    with winwin.Model.load("examples/deals/acme-renewal.json") as m:
        best = m.best()
        print(best.status, best.package, best.buyer, best.seller)
        for t in m.trades("counter", concede=6):
            print(t.changes)

Threads: a Model may be shared between threads -- its calls are serialized
by a per-model lock -- and different models run queries in parallel.  Every
query creates and frees its GLPK solver in the calling thread (GLPK's state
is thread-local), so no solver crosses threads and nothing is left to clean
up when a thread exits.
"""

from __future__ import annotations

from . import _lib
from .errors import (
    Error,
    FileError,
    InvalidModel,
    Misuse,
    OutOfMemory,
    ParseError,
    SolverError,
    Status,
    TooLarge,
    Unsupported,
)
from .model import Constraint, Interaction, Model, Party
from .results import (
    Change,
    Diagnosis,
    Evaluation,
    Frontier,
    Level,
    Offers,
    Point,
    Range,
    Reference,
    Solution,
    Stats,
    Term,
    Trade,
    Trades,
)

TOLERANCE = 1e-6
"""Absolute tolerance with which utilities are compared (WW_TOLERANCE)."""

__version__ = "0.1.0"
"""Version of this binding."""

library_path = _lib.path
"""Path (or name) of the loaded C library."""


def library_version() -> str:
    """Version of the C library actually loaded, e.g. "0.1.0"."""
    return _lib.text(_lib.lib.ww_version()) or ""


load = Model.load
loads = Model.loads
import_genius = Model.import_genius

__all__ = [
    "Change", "Constraint", "Diagnosis", "Error", "Evaluation", "FileError",
    "Frontier", "Interaction", "InvalidModel", "Level", "Misuse", "Model",
    "Offers", "OutOfMemory", "ParseError", "Party", "Point", "Range",
    "Reference", "Solution", "SolverError", "Stats", "Status", "TOLERANCE",
    "Term", "TooLarge", "Trade", "Trades", "Unsupported", "import_genius",
    "library_path", "library_version", "load", "loads",
]
