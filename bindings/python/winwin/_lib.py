"""Finding libwinwin and declaring its C functions for ctypes.

Lookup order (the first that exists wins):

1. the ``WINWIN_LIBRARY`` environment variable: a path to the shared library
   (e.g. ``build/lib/libwinwin.so``);
2. a copy next to this package: ``winwin/libwinwin.so*`` (``.dylib``/``.dll``);
3. ``ctypes.util.find_library("winwin")``: an installed library found the
   way the system linker finds it (``ldconfig`` cache, ``LD_LIBRARY_PATH``...).

Otherwise importing :mod:`winwin` raises :class:`ImportError` saying how to
fix it.  Every function used by the binding gets ``argtypes`` and ``restype``
here, so a wrong call fails in Python instead of corrupting memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_double,
    c_int,
    c_size_t,
    c_void_p,
)
from typing import Any, List, Optional

# ww_status / ww_outcome / ww_party / ww_path / ... are C enums: int-sized.
c_enum = c_int

INT_P = POINTER(c_int)
DOUBLE_P = POINTER(c_double)


class Curve(Structure):
    _fields_ = [("x", DOUBLE_P), ("u", DOUBLE_P), ("npoints", c_int)]


class Condition(Structure):
    _fields_ = [("term", c_int), ("levels", INT_P), ("nlevels", c_int)]


class Evaluation(Structure):
    _fields_ = [
        ("buyer", c_double),
        ("seller", c_double),
        ("joint", c_double),
        ("feasible", c_int),
        ("admissible", c_int),
        ("violation", c_enum),
        ("constraint", c_int),
        ("has_concession", c_int),
        ("concession", c_double),
        ("has_value_left", c_int),
        ("value_left", c_double),
        ("has_improvement", c_int),
    ]


class Progress(Structure):
    _fields_ = [("points", c_int), ("solves", c_int), ("elapsed", c_double)]


PROGRESS_FN = CFUNCTYPE(c_int, POINTER(Progress), c_void_p)


class Options(Structure):
    _fields_ = [
        ("time_limit", c_double),
        ("ignore_limits", c_int),
        ("override_budget", c_int),
        ("budget", c_double),
        ("progress", PROGRESS_FN),
        ("progress_data", c_void_p),
        ("max_points", c_int),
        ("path", c_enum),
    ]


class Diagnosis(Structure):
    _fields_ = [
        ("cause", c_enum),
        ("reachable", c_double),
        ("required", c_double),
        ("gap", c_double),
    ]


class Stats(Structure):
    _fields_ = [("solves", c_int), ("elapsed", c_double), ("path", c_enum)]


class ErrorInfo(Structure):
    """struct ww_error: where and why a file was rejected."""

    _fields_ = [
        ("status", c_enum),
        ("file", c_char * 256),
        ("line", c_int),
        ("column", c_int),
        ("path", c_char * 256),
        ("message", c_char * 512),
        ("text", c_char * 1280),
    ]


# Opaque handles: plain void pointers keep them from being dereferenced.
MODEL_P = c_void_p
SOLVER_P = c_void_p
RESULT_P = c_void_p

_OUT = POINTER(c_void_p)

# name: (restype, argtypes)
_PROTOTYPES = {
    "ww_version": (c_char_p, []),
    "ww_version_number": (c_int, []),
    "ww_status_str": (c_char_p, [c_enum]),
    "ww_outcome_str": (c_char_p, [c_enum]),
    "ww_path_str": (c_char_p, [c_enum]),
    # models
    "ww_model_new": (c_enum, [_OUT]),
    "ww_model_free": (None, [MODEL_P]),
    "ww_model_clone": (c_enum, [MODEL_P, _OUT]),
    "ww_errmsg": (c_char_p, [MODEL_P]),
    "ww_model_set_name": (c_enum, [MODEL_P, c_char_p]),
    "ww_model_set_unit": (c_enum, [MODEL_P, c_char_p]),
    "ww_model_name": (c_char_p, [MODEL_P]),
    "ww_model_unit": (c_char_p, [MODEL_P]),
    "ww_model_set_party_name": (c_enum, [MODEL_P, c_enum, c_char_p]),
    "ww_model_set_reservation": (c_enum, [MODEL_P, c_enum, c_double]),
    "ww_model_clear_reservation": (c_enum, [MODEL_P, c_enum]),
    "ww_model_set_weight": (c_enum, [MODEL_P, c_enum, c_double]),
    "ww_model_party_name": (c_char_p, [MODEL_P, c_enum]),
    "ww_model_reservation": (c_int, [MODEL_P, c_enum, DOUBLE_P]),
    "ww_model_weight": (c_double, [MODEL_P, c_enum]),
    "ww_model_add_term": (c_enum, [MODEL_P, c_char_p, c_char_p, INT_P]),
    "ww_model_add_level": (
        c_enum,
        [MODEL_P, c_int, c_char_p, c_double, c_double, INT_P],
    ),
    "ww_model_set_level_value": (c_enum, [MODEL_P, c_int, c_int, c_double]),
    "ww_model_add_range_term": (
        c_enum,
        [
            MODEL_P,
            c_char_p,
            c_char_p,
            c_double,
            c_double,
            c_double,
            POINTER(Curve),
            POINTER(Curve),
            INT_P,
        ],
    ),
    "ww_model_term_range": (
        c_int,
        [
            MODEL_P,
            c_int,
            DOUBLE_P,
            DOUBLE_P,
            DOUBLE_P,
            POINTER(Curve),
            POINTER(Curve),
        ],
    ),
    "ww_model_term_count": (c_int, [MODEL_P]),
    "ww_model_term_name": (c_char_p, [MODEL_P, c_int]),
    "ww_model_term_unit": (c_char_p, [MODEL_P, c_int]),
    "ww_model_level_count": (c_int, [MODEL_P, c_int]),
    "ww_model_level_label": (c_char_p, [MODEL_P, c_int, c_int]),
    "ww_model_level_buyer": (c_double, [MODEL_P, c_int, c_int]),
    "ww_model_level_seller": (c_double, [MODEL_P, c_int, c_int]),
    "ww_model_level_value": (c_int, [MODEL_P, c_int, c_int, DOUBLE_P]),
    "ww_model_find_term": (c_enum, [MODEL_P, c_char_p, INT_P]),
    "ww_model_find_level": (c_enum, [MODEL_P, c_int, c_char_p, INT_P]),
    "ww_model_package_count": (c_double, [MODEL_P]),
    "ww_model_add_interaction": (
        c_enum,
        [MODEL_P, POINTER(Condition), c_int, c_double, c_double, INT_P],
    ),
    "ww_model_add_product": (
        c_enum,
        [MODEL_P, c_int, c_int, c_double, c_double, INT_P],
    ),
    "ww_model_interaction_count": (c_int, [MODEL_P]),
    "ww_model_interaction": (
        c_enum,
        [MODEL_P, c_int, POINTER(c_enum), DOUBLE_P, DOUBLE_P],
    ),
    "ww_model_interaction_when": (
        c_int,
        [MODEL_P, c_int, POINTER(Condition), c_int],
    ),
    "ww_model_interaction_product": (c_enum, [MODEL_P, c_int, INT_P, INT_P]),
    "ww_model_add_forbid": (c_enum, [MODEL_P, POINTER(Condition), c_int, INT_P]),
    "ww_model_add_linear": (
        c_enum,
        [MODEL_P, INT_P, DOUBLE_P, c_int, c_double, c_double, INT_P],
    ),
    "ww_model_constraint_count": (c_int, [MODEL_P]),
    "ww_model_constraint_kind": (c_enum, [MODEL_P, c_int, POINTER(c_enum)]),
    "ww_model_constraint_forbid": (
        c_int,
        [MODEL_P, c_int, POINTER(Condition), c_int],
    ),
    "ww_model_constraint_linear": (
        c_int,
        [
            MODEL_P,
            c_int,
            POINTER(INT_P),
            POINTER(DOUBLE_P),
            DOUBLE_P,
            DOUBLE_P,
        ],
    ),
    "ww_model_set_opening": (c_enum, [MODEL_P, INT_P]),
    "ww_model_set_counter": (c_enum, [MODEL_P, INT_P]),
    "ww_model_opening": (INT_P, [MODEL_P]),
    "ww_model_counter": (INT_P, [MODEL_P]),
    "ww_model_set_budget": (c_enum, [MODEL_P, c_double]),
    "ww_model_clear_budget": (c_enum, [MODEL_P]),
    "ww_model_budget": (c_int, [MODEL_P, DOUBLE_P]),
    "ww_model_validate": (c_enum, [MODEL_P]),
    "ww_model_warning_count": (c_int, [MODEL_P]),
    "ww_model_warning": (c_char_p, [MODEL_P, c_int]),
    "ww_model_evaluate": (c_enum, [MODEL_P, INT_P, POINTER(Evaluation)]),
    # solving
    "ww_options_init": (None, [POINTER(Options)]),
    "ww_solver_new": (c_enum, [MODEL_P, _OUT]),
    "ww_solver_free": (None, [SOLVER_P]),
    "ww_thread_cleanup": (None, []),
    "ww_best": (c_enum, [SOLVER_P, POINTER(Options), _OUT]),
    "ww_frontier": (c_enum, [SOLVER_P, POINTER(Options), _OUT]),
    "ww_nash": (c_enum, [SOLVER_P, POINTER(Options), _OUT]),
    "ww_kalai": (c_enum, [SOLVER_P, POINTER(Options), _OUT]),
    "ww_trades": (
        c_enum,
        [SOLVER_P, POINTER(Options), INT_P, c_int, c_int, c_double, _OUT],
    ),
    "ww_meso": (
        c_enum,
        [SOLVER_P, POINTER(Options), c_int, c_double, c_double, _OUT],
    ),
    "ww_evaluate": (
        c_enum,
        [SOLVER_P, POINTER(Options), INT_P, POINTER(Evaluation), _OUT],
    ),
    # results
    "ww_result_free": (None, [RESULT_P]),
    "ww_result_outcome": (c_enum, [RESULT_P]),
    "ww_result_count": (c_int, [RESULT_P]),
    "ww_result_package": (INT_P, [RESULT_P, c_int]),
    "ww_result_buyer": (c_double, [RESULT_P, c_int]),
    "ww_result_seller": (c_double, [RESULT_P, c_int]),
    "ww_result_joint": (c_double, [RESULT_P, c_int]),
    "ww_result_points": (c_int, [RESULT_P, POINTER(DOUBLE_P), POINTER(INT_P)]),
    "ww_result_reference": (INT_P, [RESULT_P, POINTER(Evaluation)]),
    "ww_result_anchors": (c_int, [RESULT_P, DOUBLE_P, DOUBLE_P]),
    "ww_result_diversity": (c_int, [RESULT_P]),
    "ww_result_band": (c_int, [RESULT_P, DOUBLE_P, DOUBLE_P]),
    "ww_result_diagnosis": (c_enum, [RESULT_P, POINTER(Diagnosis)]),
    "ww_result_reason": (c_char_p, [RESULT_P]),
    "ww_result_stats": (c_enum, [RESULT_P, POINTER(Stats)]),
    # files
    "ww_model_load_file": (c_enum, [c_char_p, _OUT, POINTER(ErrorInfo)]),
    "ww_model_load_string": (
        c_enum,
        [c_char_p, c_size_t, c_char_p, _OUT, POINTER(ErrorInfo)],
    ),
    "ww_model_save_file": (c_enum, [MODEL_P, c_char_p]),
    "ww_model_save_string": (c_enum, [MODEL_P, POINTER(c_void_p)]),
    "ww_package_load_file": (
        c_enum,
        [MODEL_P, c_char_p, INT_P, POINTER(ErrorInfo)],
    ),
    "ww_free": (None, [c_void_p]),
    "ww_genius_import": (
        c_enum,
        [c_char_p, c_char_p, c_char_p, _OUT, POINTER(ErrorInfo)],
    ),
}

_HOW_TO_FIX = (
    "winwin: cannot find the C library (libwinwin). Do one of:\n"
    "  * build it (meson setup build && ninja -C build) and point the "
    "WINWIN_LIBRARY environment variable at it, e.g.\n"
    "      export WINWIN_LIBRARY=$PWD/build/lib/libwinwin.so\n"
    "  * copy the shared library next to the package "
    "(winwin/libwinwin.so, .dylib or .dll);\n"
    "  * install it system-wide (ninja -C build install && ldconfig) so that "
    "ctypes.util.find_library('winwin') finds it."
)


def _candidates() -> List[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    found: List[str] = []
    for pattern in ("libwinwin.so*", "libwinwin*.dylib", "winwin.dll",
                    "libwinwin.dll"):
        found.extend(sorted(glob.glob(os.path.join(here, pattern))))
    return found


def _load() -> ctypes.CDLL:
    explicit = os.environ.get("WINWIN_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit)
        except OSError as exc:
            raise ImportError(
                f"winwin: WINWIN_LIBRARY={explicit!r} cannot be loaded "
                f"({exc}). Set it to the path of the built shared library, "
                "e.g. build/lib/libwinwin.so, or unset it to search "
                "elsewhere.") from exc
    errors: List[str] = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(f"{path}: {exc}")
    name = ctypes.util.find_library("winwin")
    if name:
        try:
            return ctypes.CDLL(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
    detail = ("\nTried and failed:\n  " + "\n  ".join(errors)) if errors else ""
    raise ImportError(_HOW_TO_FIX + detail)


class _Missing:
    """Stands in for a function the loaded library lacks (an older or
    partial build): calling it raises winwin.Unsupported."""

    def __init__(self, name: str, where: str) -> None:
        self.name = name
        self.where = where

    def __call__(self, *args: Any) -> Any:
        from .errors import Status, Unsupported
        raise Unsupported(Status.UNSUPPORTED,
                          f"the winwin library {self.where} lacks "
                          f"{self.name}(): it is older than this binding; "
                          "rebuild it or point WINWIN_LIBRARY at a current "
                          "build")


# Needed to do anything at all; the others degrade to _Missing.
_ESSENTIAL = ("ww_version", "ww_status_str", "ww_model_new", "ww_model_free",
              "ww_errmsg", "ww_model_term_count")

missing: List[str] = []
"""Functions of winwin.h that the loaded library does not export."""


def _declare(lib: ctypes.CDLL) -> None:
    where = getattr(lib, "_name", "?")
    for name, (restype, argtypes) in _PROTOTYPES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            if name in _ESSENTIAL:
                raise ImportError(
                    f"winwin: {where} is not a winwin library (it lacks "
                    f"{name}). Point WINWIN_LIBRARY at build/lib/"
                    "libwinwin.so.") from None
            missing.append(name)
            setattr(lib, name, _Missing(name, where))
            continue
        fn.restype = restype
        fn.argtypes = argtypes


lib: Any = _load()
_declare(lib)
path: Optional[str] = getattr(lib, "_name", None)


def text(raw: Optional[bytes]) -> Optional[str]:
    """A C string from the library as str (None stays None)."""
    if raw is None:
        return None
    return raw.decode("utf-8", errors="replace")


def encode(value: Optional[str], what: str = "string") -> Optional[bytes]:
    """A Python str as a NUL-terminated UTF-8 C string."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    raw = value.encode("utf-8")
    if b"\0" in raw:
        # a ValueError, as every value refused (errors.InvalidModel)
        from .errors import InvalidModel, Status
        raise InvalidModel(Status.INVALID,
                           f"{what} must not contain NUL characters")
    return raw

