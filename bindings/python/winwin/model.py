"""winwin.Model: build, load, save and query a negotiation model.

Memory: a Model owns one C ww_model.  It is freed by ``close()``, by leaving
a ``with`` block, or by the garbage collector (weakref.finalize), whichever
comes first -- exactly once.  Results are plain Python objects copied out of
the C result, which is freed before the query returns.

Threads: every method takes the model's own lock, so one Model used from
several threads at once is safe (the calls run one after another).  Queries
create their GLPK solver in the calling thread and free it before returning
(see winwin._solver), so distinct models can be queried in parallel: ctypes
releases the GIL during the C call.
"""

from __future__ import annotations

import builtins
import ctypes
import gc
import math
import os
import threading
import weakref
from ctypes import byref, c_double, c_int, c_void_p
from dataclasses import dataclass
from types import TracebackType
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
)

from . import _lib
from ._lib import lib
from ._interrupt import SigintGuard
from ._solver import SolverScope
from .errors import Error, InvalidModel, Misuse, Status, make_error
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
    _point,
)

PathLike = Union[str, "os.PathLike[str]"]
LevelSpec = Union[Level, Tuple[Any, ...], Mapping[str, Any]]
LabelOrLabels = Union[str, Sequence[str]]
Condition = Mapping[str, LabelOrLabels]
PackageSpec = Union[str, Mapping[str, str], Sequence[str]]
_T = TypeVar("_T")
ProgressCallback = Callable[[int, int, float], Any]
"""progress(points, solves, elapsed_seconds) -> truthy to stop the query."""

BUYER, SELLER = 0, 1
_PARTIES = {"buyer": BUYER, "seller": SELLER}
_PATHS = {"auto": 0, "mip": 1, "enum": 2, "dp": 3}
_VIOLATIONS = {0: None, 1: "forbid", 2: "linear", 3: "buyer_reservation",
               4: "seller_reservation", 5: "budget"}
_CAUSES = {1: "constraints", 2: "seller_reservation", 3: "budget",
           4: "buyer_reservation", 5: "query"}
_UNSET: Any = object()


_FIXED_TEXTS: Dict[Tuple[int, int], str] = {}


def _fixed_text(fn: Any, code: int) -> str:
    """The library's fixed name of an enum value (ww_outcome_str,
    ww_path_str), decoded once."""
    # by identity: ctypes functions are unhashable, a _Missing has no name,
    # and both live as long as the module
    key = (id(fn), int(code))
    text = _FIXED_TEXTS.get(key)
    if text is None:
        text = _FIXED_TEXTS[key] = _lib.text(fn(code)) or ""
    return text


class _Table:
    """Term names and each term's level labels and utilities, read from the
    C model once: results come back as level indices, and every query turns
    them into dicts and trade changes.  Terms and levels are only ever
    appended, by add_term (through Model._transaction) and add_range_term:
    both drop the table."""

    __slots__ = ("names", "labels", "buyer", "seller")

    def __init__(self, h: int) -> None:
        n = int(lib.ww_model_term_count(h))
        counts = [int(lib.ww_model_level_count(h, t)) for t in range(n)]
        self.names = tuple(_lib.text(lib.ww_model_term_name(h, t)) or ""
                           for t in range(n))
        self.labels = tuple(
            tuple(_lib.text(lib.ww_model_level_label(h, t, k)) or ""
                  for k in range(counts[t])) for t in range(n))
        self.buyer = tuple(
            tuple(float(lib.ww_model_level_buyer(h, t, k))
                  for k in range(counts[t])) for t in range(n))
        self.seller = tuple(
            tuple(float(lib.ww_model_level_seller(h, t, k))
                  for k in range(counts[t])) for t in range(n))

    def package(self, levels: Sequence[int]) -> Dict[str, str]:
        return dict(zip(self.names, map(tuple.__getitem__, self.labels,
                                        levels)))


class _gc_paused:
    """Pauses Python's cyclic garbage collector while a large result (past
    GC_PAUSE_MIN points) becomes Python objects.  They hold no cycles, and
    the collections their allocations set off took more than half the
    time: 927,961 frontier points 2.45 s, 1.1 s paused.  It is turned back
    on only by the one that turned it off (another thread's pause, or the
    program's own gc.disable(), stays as it was)."""

    GC_PAUSE_MIN = 10000

    def __init__(self, n: int) -> None:
        self.paused = n > self.GC_PAUSE_MIN and gc.isenabled()

    def __enter__(self) -> None:
        if self.paused:
            gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self.paused:
            gc.enable()


def _free_model(box: List[Optional[int]], lock: Any) -> None:
    # The lock waits for a call still running on another thread (close()).
    with lock:
        handle, box[0] = box[0], None
        if handle:
            lib.ww_model_free(handle)


def _fspath(path: PathLike) -> bytes:
    raw = os.fsencode(os.fspath(path))
    if b"\0" in raw:  # C would read the path up to it, as open() refuses
        raise _invalid("a path must not contain NUL characters")
    return raw


def _invalid(message: str) -> InvalidModel:
    """A value refused before the C call (a ValueError, as the C library's
    INVALID is)."""
    return InvalidModel(Status.INVALID, message)


_INT_MAX = 2**31 - 1


def _count(x: Any, what: str, least: int) -> int:
    """x as a C int >= least: an integer (not bool, float or str: 2.9 must
    not pass as 2), in range (2**32 must not wrap around to 0)."""
    if isinstance(x, bool) or not hasattr(type(x), "__index__"):
        raise TypeError(f"{what} must be an int, not {type(x).__name__}")
    v = x.__index__()
    if not least <= v <= _INT_MAX:
        raise _invalid(f"{what} must be from {least} to {_INT_MAX}, not {v}")
    return v


def _error_from_info(status: int, info: _lib.ErrorInfo) -> Error:
    message = _lib.text(info.text) or _lib.text(info.message) or ""
    if not message:
        message = _lib.text(lib.ww_status_str(status)) or "error"
    return make_error(status, message, file=_lib.text(info.file) or "",
                      line=info.line, column=info.column,
                      path=_lib.text(info.path) or "",
                      reason=_lib.text(info.message) or message)


def _number(x: Any, what: str) -> float:
    """x as a C double: ints, floats, numpy scalars, Decimal, Fraction...;
    not str or bool (a typo must not pass as a number)."""
    if not isinstance(x, (str, bytes, bool)):
        try:
            return float(x)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{what} must be a number, not {type(x).__name__}")


@dataclass(frozen=True)
class Interaction:
    """An interaction of the model.  A 'when' interaction has when (term ->
    labels); a 'product' one has product = (term_a, term_b) and adds
    buyer/seller * value(a) * value(b)."""

    kind: str
    buyer: float
    seller: float
    when: Optional[Dict[str, Tuple[str, ...]]] = None
    product: Optional[Tuple[str, str]] = None


@dataclass(frozen=True)
class Constraint:
    """A constraint: kind 'forbid' (when) or 'linear' (coefs, min, max;
    None for an absent bound)."""

    kind: str
    when: Optional[Dict[str, Tuple[str, ...]]] = None
    coefs: Optional[Dict[str, float]] = None
    min: Optional[float] = None
    max: Optional[float] = None


class Party:
    """The buyer or the seller of a model: name, reservation (None = no
    bound) and weight (> 0).  Read and assign the attributes, or call
    set(...)."""

    def __init__(self, model: "Model", party: int) -> None:
        self._model = model
        self._party = party

    def __repr__(self) -> str:
        who = "buyer" if self._party == BUYER else "seller"
        return (f"Party({who}, name={self.name!r}, reservation="
                f"{self.reservation!r}, weight={self.weight!r})")

    @property
    def name(self) -> Optional[str]:
        m = self._model
        with m._lock:
            return _lib.text(lib.ww_model_party_name(m._h(), self._party))

    @name.setter
    def name(self, value: Optional[str]) -> None:
        m = self._model
        with m._lock:
            m._check(lib.ww_model_set_party_name(
                m._h(), self._party, _lib.encode(value, "name")))

    @property
    def reservation(self) -> Optional[float]:
        m = self._model
        with m._lock:
            r = c_double()
            if lib.ww_model_reservation(m._h(), self._party, byref(r)):
                return r.value
            return None

    @reservation.setter
    def reservation(self, value: Optional[float]) -> None:
        m = self._model
        with m._lock:
            if value is None:
                m._check(lib.ww_model_clear_reservation(m._h(), self._party))
            else:
                m._check(lib.ww_model_set_reservation(
                    m._h(), self._party, _number(value, "reservation")))

    @property
    def weight(self) -> float:
        m = self._model
        with m._lock:
            return float(lib.ww_model_weight(m._h(), self._party))

    @weight.setter
    def weight(self, value: float) -> None:
        m = self._model
        with m._lock:
            m._check(lib.ww_model_set_weight(m._h(), self._party,
                                             _number(value, "weight")))

    def set(self, *, name: Optional[str] = _UNSET,
            reservation: Optional[float] = _UNSET,
            weight: float = _UNSET) -> "Party":
        """Sets the given attributes (reservation=None clears it)."""
        if name is not _UNSET:
            self.name = name
        if reservation is not _UNSET:
            self.reservation = reservation
        if weight is not _UNSET:
            self.weight = weight
        return self


class Model:
    """A negotiation model (spec winwin/1).

    Build one term by term::

        m = winwin.Model("Acme renewal", unit="points")
        m.add_term("price", [("100k", 40, 0, 100000), ("110k", 20, 25, 110000)],
                   unit="USD/yr")
        m.add_term("payment", [("net 30", 0, 12, 30), ("net 60", 10, 6, 60)])
        m.buyer.reservation = 20
        m.opening = {"price": "110k", "payment": "net 30"}
        print(m.best())

    or load one: ``with winwin.Model.load("deal.json") as m: ...``.

    Every query (best, frontier, nash, kalai, trades, evaluate, meso) takes
    ``time_limit`` (seconds, None = none), ``no_limits`` (ignore reservations
    and budget), ``budget`` (overrides the model's concession budget),
    ``progress`` (callback(points, solves, elapsed) returning True to stop)
    and ``method`` ('auto', 'mip', 'enum', 'dp': force an exact method).

    Thread safety: a Model may be shared between threads; its methods are
    serialized by a per-model lock.  Each query builds its GLPK solver in the
    calling thread and frees it before returning.  To run queries truly in
    parallel, give each thread its own model (``model.copy()``).
    """

    # ------------------------------------------------------------ lifetime

    def __init__(self, name: Optional[str] = None, unit: Optional[str] = None,
                 *, _handle: Optional[int] = None) -> None:
        self._lock = threading.RLock()
        # the thread whose query is inside the C call (its progress
        # callback may run): that thread must not use the model meanwhile
        self._busy: Optional[int] = None
        self._table: Optional[_Table] = None
        if _handle is None:
            out = c_void_p()
            status = lib.ww_model_new(byref(out))
            if status != Status.OK:
                raise make_error(status, _lib.text(lib.ww_status_str(status))
                                 or "cannot create a model")
            _handle = out.value
        self._box: List[Optional[int]] = [_handle]
        self._finalizer = weakref.finalize(self, _free_model, self._box,
                                           self._lock)
        # Not at interpreter exit: a daemon thread may still be inside a
        # call then, and the process's memory goes back to the system anyway.
        self._finalizer.atexit = False
        if name is not None:
            self.name = name
        if unit is not None:
            self.unit = unit

    def close(self) -> None:
        """Frees the C model now (idempotent).  Any later use raises
        winwin.Misuse."""
        with self._lock:
            self._not_busy()
            self._finalizer()

    @property
    def closed(self) -> bool:
        return self._box[0] is None

    def __enter__(self) -> "Model":
        self._h()
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()

    def _not_busy(self) -> None:
        if self._busy is not None and self._busy == threading.get_ident():
            raise Misuse(Status.MISUSE,
                         "the model is in use by the query whose progress "
                         "callback is running: a callback must not use, "
                         "change, query or close it")

    def _h(self) -> int:
        self._not_busy()
        handle = self._box[0]
        if handle is None:
            raise Misuse(Status.MISUSE, "the model is closed")
        return handle

    def _check(self, status: int, **where: Any) -> None:
        """Raises the exception for a failing status with ww_errmsg."""
        if status == Status.OK:
            return
        message = _lib.text(lib.ww_errmsg(self._box[0])) if self._box[0] else ""
        if not message:
            message = _lib.text(lib.ww_status_str(status)) or "error"
        raise make_error(status, message, **where)

    # ------------------------------------------------------------ files

    @classmethod
    def load(cls, path: PathLike) -> "Model":
        """Loads a winwin/1 JSON file.  Raises ParseError (with file, line,
        column and JSON path), FileError or InvalidModel."""
        out = c_void_p()
        info = _lib.ErrorInfo()
        status = lib.ww_model_load_file(_fspath(path), byref(out), byref(info))
        if status != Status.OK:
            if out.value:
                lib.ww_model_free(out.value)
            raise _error_from_info(status, info)
        return cls(_handle=out.value)

    @classmethod
    def loads(cls, text: Union[str, bytes], name: str = "<string>") -> "Model":
        """Loads a model from winwin/1 JSON text; name is used in
        messages."""
        if isinstance(text, str):
            raw = text.encode("utf-8")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            raw = bytes(text)
        else:  # bytes(5) is five NUL bytes, not a model
            raise TypeError("text must be a str or bytes, not "
                            f"{type(text).__name__}")
        out = c_void_p()
        info = _lib.ErrorInfo()
        status = lib.ww_model_load_string(raw, len(raw),
                                          _lib.encode(name, "name"),
                                          byref(out), byref(info))
        if status != Status.OK:
            if out.value:
                lib.ww_model_free(out.value)
            raise _error_from_info(status, info)
        return cls(_handle=out.value)

    @classmethod
    def import_genius(cls, domain: PathLike, buyer: PathLike,
                      seller: PathLike) -> "Model":
        """Imports a Genius domain and the buyer's and seller's utility
        spaces (spec section 5); see .warnings afterwards."""
        out = c_void_p()
        info = _lib.ErrorInfo()
        status = lib.ww_genius_import(_fspath(domain), _fspath(buyer),
                                      _fspath(seller), byref(out), byref(info))
        if status != Status.OK:
            if out.value:
                lib.ww_model_free(out.value)
            raise _error_from_info(status, info)
        return cls(_handle=out.value)

    def save(self, path: PathLike) -> None:
        """Writes the model as winwin/1 JSON."""
        with self._lock:
            self._check(lib.ww_model_save_file(self._h(), _fspath(path)),
                        file=os.fspath(path))

    def dumps(self) -> str:
        """The model as winwin/1 JSON text."""
        with self._lock:
            out = c_void_p()
            self._check(lib.ww_model_save_string(self._h(), byref(out)))
            if not out.value:
                raise make_error(Status.NOMEM, "no JSON text was returned")
            try:
                return ctypes.string_at(out.value).decode("utf-8")
            finally:
                lib.ww_free(out.value)

    def load_package(self, path: PathLike) -> Dict[str, str]:
        """Reads a package file (JSON object: term -> label)."""
        with self._lock:
            arr = (c_int * max(1, self._nterms()))()
            info = _lib.ErrorInfo()
            status = lib.ww_package_load_file(self._h(), _fspath(path), arr,
                                              byref(info))
            if status != Status.OK:
                raise _error_from_info(status, info)
            return self._package_dict(arr) or {}

    def copy(self) -> "Model":
        """A deep copy (a separate C model)."""
        with self._lock:
            out = c_void_p()
            self._check(lib.ww_model_clone(self._h(), byref(out)))
            return Model(_handle=out.value)

    __copy__ = copy

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Model":
        return self.copy()

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Model.loads, (self.dumps(),))

    def __repr__(self) -> str:
        if self.closed:
            return "<winwin.Model closed>"
        with self._lock:
            return (f"<winwin.Model {self.name!r}: {self._nterms()} terms, "
                    f"{self.package_count:g} packages>")

    # ------------------------------------------------------------ simple attributes

    @property
    def name(self) -> Optional[str]:
        with self._lock:
            return _lib.text(lib.ww_model_name(self._h()))

    @name.setter
    def name(self, value: Optional[str]) -> None:
        with self._lock:
            self._check(lib.ww_model_set_name(self._h(),
                                              _lib.encode(value, "name")))

    @property
    def unit(self) -> Optional[str]:
        with self._lock:
            return _lib.text(lib.ww_model_unit(self._h()))

    @unit.setter
    def unit(self, value: Optional[str]) -> None:
        with self._lock:
            self._check(lib.ww_model_set_unit(self._h(),
                                              _lib.encode(value, "unit")))

    # Made on each access: a Party refers to its model, and a model that
    # referred back to it would only be freed by the cycle collector.
    @property
    def buyer(self) -> Party:
        """The buyer: name, reservation, weight."""
        return Party(self, BUYER)

    @property
    def seller(self) -> Party:
        """The seller: name, reservation, weight."""
        return Party(self, SELLER)

    def party(self, which: str) -> Party:
        """model.party('buyer') is the same as model.buyer."""
        if which not in _PARTIES:
            raise _invalid("party must be 'buyer' or 'seller'")
        return Party(self, _PARTIES[which])

    @property
    def budget(self) -> Optional[float]:
        """The seller's concession budget (None: none).  Needs an opening."""
        with self._lock:
            b = c_double()
            return b.value if lib.ww_model_budget(self._h(), byref(b)) else None

    @budget.setter
    def budget(self, value: Optional[float]) -> None:
        with self._lock:
            if value is None:
                self._check(lib.ww_model_clear_budget(self._h()))
            else:
                self._check(lib.ww_model_set_budget(
                    self._h(), _number(value, "budget")))

    @property
    def opening(self) -> Optional[Dict[str, str]]:
        """The seller's proposal as {term: label} (None: none)."""
        with self._lock:
            return self._package_dict(lib.ww_model_opening(self._h()))

    @opening.setter
    def opening(self, package: Optional[PackageSpec]) -> None:
        with self._lock:
            arr = None if package is None else self._package_array(package)
            self._check(lib.ww_model_set_opening(self._h(), arr))

    @property
    def counter(self) -> Optional[Dict[str, str]]:
        """The buyer's counter-proposal as {term: label} (None: none)."""
        with self._lock:
            return self._package_dict(lib.ww_model_counter(self._h()))

    @counter.setter
    def counter(self, package: Optional[PackageSpec]) -> None:
        with self._lock:
            arr = None if package is None else self._package_array(package)
            self._check(lib.ww_model_set_counter(self._h(), arr))

    @property
    def package_count(self) -> float:
        """Number of packages (a float: it may exceed 2**53)."""
        with self._lock:
            return float(lib.ww_model_package_count(self._h()))

    @property
    def warnings(self) -> List[str]:
        """Warnings left by the loader or the Genius importer."""
        with self._lock:
            h = self._h()
            return [_lib.text(lib.ww_model_warning(h, i)) or ""
                    for i in range(lib.ww_model_warning_count(h))]

    def validate(self) -> None:
        """Runs the whole-model check; raises InvalidModel on a problem."""
        with self._lock:
            self._check(lib.ww_model_validate(self._h()))

    # ------------------------------------------------------------ terms

    def _nterms(self) -> int:
        return int(lib.ww_model_term_count(self._h()))

    @property
    def term_names(self) -> List[str]:
        with self._lock:
            h = self._h()
            return [_lib.text(lib.ww_model_term_name(h, t)) or ""
                    for t in range(self._nterms())]

    def _term(self, t: int) -> Term:
        h = self._h()
        levels = []
        v = c_double()
        for k in range(lib.ww_model_level_count(h, t)):
            has = lib.ww_model_level_value(h, t, k, byref(v))
            levels.append(Level(_lib.text(lib.ww_model_level_label(h, t, k))
                                or "",
                                float(lib.ww_model_level_buyer(h, t, k)),
                                float(lib.ww_model_level_seller(h, t, k)),
                                v.value if has else None))
        frm, to, step = c_double(), c_double(), c_double()
        cb, cs = _lib.Curve(), _lib.Curve()
        rng = None
        if lib.ww_model_term_range(h, t, byref(frm), byref(to), byref(step),
                                   byref(cb), byref(cs)):
            def pts(c: _lib.Curve) -> Tuple[Tuple[float, float], ...]:
                return tuple((c.x[i], c.u[i]) for i in range(c.npoints))
            rng = Range(frm.value, to.value, step.value, pts(cb), pts(cs))
        return Term(_lib.text(lib.ww_model_term_name(h, t)) or "",
                    tuple(levels), _lib.text(lib.ww_model_term_unit(h, t)),
                    rng)

    @property
    def terms(self) -> List[Term]:
        """Snapshots of every term with its levels."""
        with self._lock:
            return [self._term(t) for t in range(self._nterms())]

    def term(self, name: str) -> Term:
        """The term called name (InvalidModel if there is none)."""
        with self._lock:
            return self._term(self._term_index(name))

    def _term_index(self, name: Union[str, Term]) -> int:
        if isinstance(name, Term):
            name = name.name
        out = c_int()
        self._check(lib.ww_model_find_term(self._h(),
                                           _lib.encode(name, "term name"),
                                           byref(out)))
        return out.value

    def _level_index(self, t: int, label: str) -> int:
        out = c_int()
        if isinstance(label, Level):
            label = label.label
        self._check(lib.ww_model_find_level(self._h(), t,
                                            _lib.encode(label, "level label"),
                                            byref(out)))
        return out.value

    @staticmethod
    def _level_tuple(spec: LevelSpec) -> Tuple[str, float, float,
                                                Optional[float]]:
        if isinstance(spec, Level):
            return spec.label, spec.buyer, spec.seller, spec.value
        if isinstance(spec, Mapping):
            unknown = set(spec) - {"label", "buyer", "seller", "value"}
            if unknown:
                raise TypeError(f"unknown level keys: {sorted(unknown)}")
            return (spec["label"], spec["buyer"], spec["seller"],
                    spec.get("value"))
        items = tuple(spec)
        if len(items) == 3:
            return items[0], items[1], items[2], None
        if len(items) == 4:
            return items[0], items[1], items[2], items[3]
        raise TypeError("a level is (label, buyer, seller[, value]), a dict "
                        "or a winwin.Level")

    def _transaction(self, apply: Callable[[int], None]) -> None:
        """Runs apply(handle) on the model, all or nothing: on failure the
        model is restored from a snapshot taken before."""
        h = self._h()
        snap = c_void_p()
        self._check(lib.ww_model_clone(h, byref(snap)))
        self._table = None
        try:
            apply(h)
        except BaseException:
            self._box[0] = snap.value
            lib.ww_model_free(h)
            raise
        lib.ww_model_free(snap.value)

    def add_term(self, name: Union[str, Term],
                 levels: Optional[Iterable[LevelSpec]] = None,
                 unit: Optional[str] = None) -> Term:
        """Adds a term with its levels, each (label, buyer, seller[, value]),
        a dict with those keys, or a winwin.Level.  A winwin.Term may be given
        instead of name/levels/unit (a Term with a range is added as a range
        term).  All or nothing: on error the model is unchanged.  Returns the
        term as stored."""
        if isinstance(name, Term):
            term = name
            if levels is not None or unit is not None:
                raise TypeError("give either a Term or name/levels/unit")
            if term.range is not None:
                r = term.range
                return self.add_range_term(term.name, r.from_, r.to, r.step,
                                           buyer=r.buyer, seller=r.seller,
                                           unit=term.unit)
            name, levels, unit = term.name, term.levels, term.unit
        if levels is None:
            raise TypeError("add_term needs levels")
        specs = [self._level_tuple(s) for s in levels]
        if not specs:
            raise make_error(Status.INVALID,
                             f'term "{name}": needs at least one level')
        # Convert before touching the model: a TypeError leaves it unchanged.
        conv = [(_lib.encode(lab, "level label"), _number(b, "buyer utility"),
                 _number(s, "seller utility"),
                 None if v is None else _number(v, "value"))
                for lab, b, s, v in specs]
        cname = _lib.encode(name, "term name")
        cunit = _lib.encode(unit, "unit")
        with self._lock:
            index = c_int()

            def apply(h: int) -> None:
                self._check(lib.ww_model_add_term(h, cname, cunit,
                                                  byref(index)))
                t = index.value
                for lab, b, s, v in conv:
                    k = c_int()
                    self._check(lib.ww_model_add_level(h, t, lab, b, s,
                                                       byref(k)))
                    if v is not None:
                        self._check(lib.ww_model_set_level_value(h, t,
                                                                 k.value, v))
            self._transaction(apply)
            return self._term(index.value)

    @staticmethod
    def _curve(points: Sequence[Tuple[float, float]], what: str
               ) -> Tuple[_lib.Curve, Any]:
        pts = [(_number(x, f"{what} x"), _number(u, f"{what} u"))
               for x, u in points]
        n = len(pts)
        xs = (c_double * max(1, n))(*[p[0] for p in pts])
        us = (c_double * max(1, n))(*[p[1] for p in pts])
        return _lib.Curve(xs, us, n), (xs, us)

    def add_range_term(self, name: str, from_: float, to: float, step: float,
                       buyer: Sequence[Tuple[float, float]],
                       seller: Sequence[Tuple[float, float]],
                       unit: Optional[str] = None) -> Term:
        """Adds a numeric term with levels from_, from_+step, ... <= to whose
        utilities follow piecewise-linear curves given as [(x, u), ...]
        (x ascending, flat outside).  Labels are "%.15g" of the value plus
        " unit"."""
        cb, keep_b = self._curve(buyer, "buyer curve")
        cs, keep_s = self._curve(seller, "seller curve")
        with self._lock:
            index = c_int()
            self._table = None
            self._check(lib.ww_model_add_range_term(
                self._h(), _lib.encode(name, "term name"),
                _lib.encode(unit, "unit"), _number(from_, "from"),
                _number(to, "to"), _number(step, "step"), byref(cb),
                byref(cs), byref(index)))
            del keep_b, keep_s
            return self._term(index.value)

    # ------------------------------------------------------------ interactions and constraints

    def _conditions(self, when: Condition) -> Tuple[Any, List[Any]]:
        if not isinstance(when, Mapping):
            raise TypeError("a condition is a dict {term: label or [labels]}")
        conds = (_lib.Condition * max(1, len(when)))()
        keep: List[Any] = []
        for i, (term, labels) in enumerate(when.items()):
            t = self._term_index(term)
            if isinstance(labels, (str, Level)):
                labels = [labels]
            idx = [self._level_index(t, lab) for lab in labels]
            arr = (c_int * max(1, len(idx)))(*idx)
            keep.append(arr)
            conds[i] = _lib.Condition(t, ctypes.cast(arr, _lib.INT_P),
                                      len(idx))
        return conds, keep

    def interaction(self, when: Condition, buyer: float = 0.0,
                    seller: float = 0.0) -> int:
        """Adds buyer/seller utility when every term in `when` sits at its
        label (or one of its labels).  Returns the interaction's index."""
        b, s = _number(buyer, "buyer"), _number(seller, "seller")
        with self._lock:
            conds, keep = self._conditions(when)
            out = c_int()
            self._check(lib.ww_model_add_interaction(
                self._h(), conds, len(when), b, s, byref(out)))
            del keep
            return out.value

    def product(self, a: str, b: str, buyer: float = 0.0,
                seller: float = 0.0) -> int:
        """Adds c * value(a) * value(b) for each party (c = buyer, seller).
        Every level of both terms needs a value."""
        cb, cs = _number(buyer, "buyer"), _number(seller, "seller")
        with self._lock:
            out = c_int()
            self._check(lib.ww_model_add_product(
                self._h(), self._term_index(a), self._term_index(b), cb, cs,
                byref(out)))
            return out.value

    def forbid(self, when: Condition) -> int:
        """Forbids every package meeting all conditions.  Returns the
        constraint's index."""
        with self._lock:
            conds, keep = self._conditions(when)
            out = c_int()
            self._check(lib.ww_model_add_forbid(self._h(), conds, len(when),
                                                byref(out)))
            del keep
            return out.value

    def linear(self, coefs: Mapping[str, float], min: Optional[float] = None,
               max: Optional[float] = None) -> int:
        """Adds min <= sum(coef * value(term)) <= max (min and/or max).
        Returns the constraint's index."""
        lo = -math.inf if min is None else _number(min, "min")
        hi = math.inf if max is None else _number(max, "max")
        vals = [_number(c, "coefficient") for c in coefs.values()]
        with self._lock:
            idx = [self._term_index(t) for t in coefs]
            n = len(idx)
            terms = (c_int * builtins.max(1, n))(*idx)
            cs = (c_double * builtins.max(1, n))(*vals)
            out = c_int()
            self._check(lib.ww_model_add_linear(self._h(), terms, cs, n, lo,
                                                hi, byref(out)))
            return out.value

    def _cond_dict(self, conds: Any, n: int) -> Dict[str, Tuple[str, ...]]:
        h = self._h()
        result: Dict[str, Tuple[str, ...]] = {}
        for i in range(n):
            c = conds[i]
            result[_lib.text(lib.ww_model_term_name(h, c.term)) or ""] = tuple(
                _lib.text(lib.ww_model_level_label(h, c.term, c.levels[j]))
                or "" for j in range(c.nlevels))
        return result

    @property
    def interactions(self) -> List[Interaction]:
        """Snapshots of the interactions, in order."""
        with self._lock:
            h = self._h()
            out: List[Interaction] = []
            for i in range(lib.ww_model_interaction_count(h)):
                kind, b, s = c_int(), c_double(), c_double()
                self._check(lib.ww_model_interaction(h, i, byref(kind),
                                                     byref(b), byref(s)))
                if kind.value == 1:
                    ta, tb = c_int(), c_int()
                    self._check(lib.ww_model_interaction_product(
                        h, i, byref(ta), byref(tb)))
                    names = (_lib.text(lib.ww_model_term_name(h, ta.value))
                             or "",
                             _lib.text(lib.ww_model_term_name(h, tb.value))
                             or "")
                    out.append(Interaction("product", b.value, s.value,
                                           product=names))
                else:
                    n = lib.ww_model_interaction_when(h, i, None, 0)
                    conds = (_lib.Condition * builtins.max(1, n))()
                    lib.ww_model_interaction_when(h, i, conds, n)
                    out.append(Interaction("when", b.value, s.value,
                                           when=self._cond_dict(conds, n)))
            return out

    @property
    def constraints(self) -> List[Constraint]:
        """Snapshots of the constraints, in order."""
        with self._lock:
            h = self._h()
            out: List[Constraint] = []
            for i in range(lib.ww_model_constraint_count(h)):
                kind = c_int()
                self._check(lib.ww_model_constraint_kind(h, i, byref(kind)))
                if kind.value == 1:
                    terms, coefs = _lib.INT_P(), _lib.DOUBLE_P()
                    lo, hi = c_double(), c_double()
                    n = lib.ww_model_constraint_linear(
                        h, i, byref(terms), byref(coefs), byref(lo),
                        byref(hi))
                    cd = {(_lib.text(lib.ww_model_term_name(h, terms[j]))
                           or ""): coefs[j] for j in range(builtins.max(0, n))}
                    out.append(Constraint(
                        "linear", coefs=cd,
                        min=None if math.isinf(lo.value) else lo.value,
                        max=None if math.isinf(hi.value) else hi.value))
                else:
                    n = lib.ww_model_constraint_forbid(h, i, None, 0)
                    conds = (_lib.Condition * builtins.max(1, n))()
                    lib.ww_model_constraint_forbid(h, i, conds, n)
                    out.append(Constraint("forbid",
                                          when=self._cond_dict(conds, n)))
            return out

    # ------------------------------------------------------------ packages

    def _package_array(self, package: PackageSpec) -> Any:
        """{term: label} (every term), [label, ...] in term order, or
        'opening' / 'counter' -> a C int array."""
        h = self._h()
        n = self._nterms()
        if isinstance(package, str):
            if package == "opening":
                ptr = lib.ww_model_opening(h)
            elif package == "counter":
                ptr = lib.ww_model_counter(h)
            else:
                raise _invalid("a package is a dict {term: label}, a list "
                               "of labels, 'opening' or 'counter'")
            if not ptr:
                raise make_error(Status.INVALID, f"the model has no {package}")
            return (c_int * max(1, n))(*[ptr[i] for i in range(n)])
        arr = (c_int * max(1, n))()
        if isinstance(package, Mapping):
            seen = set()
            for term, label in package.items():
                t = self._term_index(term)
                arr[t] = self._level_index(t, label)
                seen.add(t)
            if len(seen) != n:
                missing = [_lib.text(lib.ww_model_term_name(h, t))
                           for t in range(n) if t not in seen]
                raise make_error(Status.INVALID, "package: no level for "
                                 + ", ".join(f'term "{m}"' for m in missing))
            return arr
        labels = list(package)
        if len(labels) != n:
            raise make_error(Status.INVALID, f"package: {len(labels)} labels "
                             f"for {n} terms")
        for t, label in enumerate(labels):
            arr[t] = self._level_index(t, label)
        return arr

    def _labels(self) -> _Table:
        table = self._table
        if table is None:
            table = self._table = _Table(self._h())
        return table

    def _package_dict(self, ptr: Any) -> Optional[Dict[str, str]]:
        if not ptr:
            return None
        table = self._labels()
        return table.package(ptr[:len(table.names)])

    def package(self, package: PackageSpec) -> Dict[str, str]:
        """Checks a package spec and returns it as {term: label}."""
        with self._lock:
            return self._package_dict(self._package_array(package)) or {}

    # ------------------------------------------------------------ queries

    def _options(self, time_limit: Optional[float], no_limits: bool,
                 budget: Optional[float], progress: Optional[ProgressCallback],
                 method: str, max_points: Optional[int] = None,
                 guard: Optional[SigintGuard] = None
                 ) -> Tuple[_lib.Options, List[Any]]:
        opts = _lib.Options()
        lib.ww_options_init(byref(opts))
        if time_limit is not None:
            opts.time_limit = _number(time_limit, "time_limit")
            if not opts.time_limit > 0:
                raise _invalid("time_limit must be > 0 (None: no limit)")
        opts.ignore_limits = 1 if no_limits else 0
        if budget is not None:
            opts.override_budget = 1
            opts.budget = _number(budget, "budget")
        if not isinstance(method, str) or method not in _PATHS:
            raise _invalid(f"method must be one of {sorted(_PATHS)}")
        opts.path = _PATHS[method]
        if max_points is not None:
            opts.max_points = _count(max_points, "max_points", 1)
        state: List[Any] = []
        if progress is not None or (guard is not None and guard.active):
            user = progress

            def trampoline(p: Any, data: Any) -> int:
                try:
                    if guard is not None and guard.hit:
                        return 1  # Ctrl-C: KeyboardInterrupt after the call
                    if user is None:
                        return 0
                    return 1 if user(p.contents.points, p.contents.solves,
                                     p.contents.elapsed) else 0
                except BaseException as exc:  # stop, re-raise after the call
                    state.append(exc)
                    return 1
            cb = _lib.PROGRESS_FN(trampoline)
            opts.progress = cb
            state.append(cb)
        return opts, state

    def _run(self, call: Callable[[int, Any, Any], Any],
             convert: Callable[[Any], _T], time_limit: Optional[float],
             no_limits: bool, budget: Optional[float],
             progress: Optional[ProgressCallback], method: str,
             max_points: Optional[int] = None) -> _T:
        with SigintGuard() as guard:
            opts, state = self._options(time_limit, no_limits, budget,
                                        progress, method, max_points, guard)
            return self._run_locked(call, convert, opts, state)

    def _run_locked(self, call: Callable[[int, Any, Any], Any],
                    convert: Callable[[Any], _T], opts: _lib.Options,
                    state: List[Any]) -> _T:
        with self._lock:
            h = self._h()
            with SolverScope(h, self._check) as solver:
                res = c_void_p()
                try:
                    self._busy = threading.get_ident()
                    try:
                        status = int(call(solver, byref(opts), byref(res)))
                    finally:
                        self._busy = None
                    raised = [x for x in state
                              if isinstance(x, BaseException)]
                    # the callback's exception holds its frame, whose
                    # closure holds state: emptied, no cycle through the
                    # ctypes objects (which the collector cannot see) keeps
                    # them all alive (4.5 kB a raising callback)
                    state.clear()
                    if raised:
                        raise raised[0]
                    self._check(status)
                    return convert(res.value)
                finally:
                    lib.ww_result_free(res.value)

    def _common(self, res: int) -> Dict[str, Any]:
        d = _lib.Diagnosis()
        diag, reason = None, ""
        if lib.ww_result_diagnosis(res, byref(d)) == Status.OK and d.cause:
            diag = Diagnosis(_CAUSES.get(d.cause, str(d.cause)), d.reachable,
                             d.required, d.gap)
            # only a diagnosis has a reason (ww_result_reason: "" otherwise)
            reason = _lib.text(lib.ww_result_reason(res)) or ""
        st = _lib.Stats()
        stats = None
        if lib.ww_result_stats(res, byref(st)) == Status.OK:
            stats = Stats(st.solves, st.elapsed,
                          _fixed_text(lib.ww_path_str, st.path))
        status = _fixed_text(lib.ww_outcome_str,
                             lib.ww_result_outcome(res)) or "optimal"
        return {"status": status, "reason": reason, "diagnosis": diag,
                "stats": stats}

    def _rows(self, res: int) -> Tuple[_Table, List[float],
                                       List[Tuple[int, ...]]]:
        """The label table, the result's U_b, U_s, J triples back to back
        and its packages as tuples of level indices: two slices of the C
        arrays, grouped by zip, no call per point."""
        table = self._labels()
        u, p = _lib.DOUBLE_P(), _lib.INT_P()
        n = int(lib.ww_result_points(res, byref(u), byref(p)))
        if n <= 0:
            return table, [], []
        nt = len(table.names)
        if nt == 0:
            return table, u[:3 * n], [()] * n
        levels = iter(p[:n * nt])
        return table, u[:3 * n], list(zip(*[levels] * nt))

    def _points(self, res: int) -> List[Point]:
        table, u, pkgs = self._rows(res)
        package = table.package
        with _gc_paused(len(pkgs)):
            return [_point(u[3 * i], u[3 * i + 1], u[3 * i + 2], package(lv))
                    for i, lv in enumerate(pkgs)]

    def _solution(self, res: int, anchors: bool) -> Solution:
        common = self._common(res)
        pts = self._points(res)
        d = (c_double * 2)()
        ideal = (c_double * 2)()
        dis = idl = None
        if anchors and lib.ww_result_anchors(res, d, ideal):
            dis, idl = (d[0], d[1]), (ideal[0], ideal[1])
        if pts:
            p = pts[0]
            return Solution(package=p.package, buyer=p.buyer, seller=p.seller,
                            joint=p.joint, disagreement=dis, ideal=idl,
                            **common)
        return Solution(package=None, buyer=None, seller=None, joint=None,
                        disagreement=dis, ideal=idl, **common)

    def best(self, *, time_limit: Optional[float] = None,
             no_limits: bool = False, budget: Optional[float] = None,
             progress: Optional[ProgressCallback] = None,
             method: str = "auto") -> Solution:
        """The admissible package of maximum joint value (ties: higher
        seller utility)."""
        return self._run(lambda s, o, r: lib.ww_best(s, o, r),
                         lambda res: self._solution(res, False), time_limit,
                         no_limits, budget, progress, method)

    def nash(self, *, time_limit: Optional[float] = None,
             no_limits: bool = False, budget: Optional[float] = None,
             progress: Optional[ProgressCallback] = None,
             method: str = "auto") -> Solution:
        """The Nash bargaining package (spec section 3)."""
        return self._run(lambda s, o, r: lib.ww_nash(s, o, r),
                         lambda res: self._solution(res, True), time_limit,
                         no_limits, budget, progress, method)

    def kalai(self, *, time_limit: Optional[float] = None,
              no_limits: bool = False, budget: Optional[float] = None,
              progress: Optional[ProgressCallback] = None,
              method: str = "auto") -> Solution:
        """The Kalai-Smorodinsky package (spec section 3)."""
        return self._run(lambda s, o, r: lib.ww_kalai(s, o, r),
                         lambda res: self._solution(res, True), time_limit,
                         no_limits, budget, progress, method)

    def frontier(self, *, time_limit: Optional[float] = None,
                 no_limits: bool = False, budget: Optional[float] = None,
                 progress: Optional[ProgressCallback] = None,
                 method: str = "auto",
                 max_points: Optional[int] = None) -> Frontier:
        """The exact Pareto frontier of the admissible packages, one package
        per point, seller utility descending.  max_points stops early."""
        def convert(res: int) -> Frontier:
            return Frontier(points=self._points(res), **self._common(res))
        return self._run(lambda s, o, r: lib.ww_frontier(s, o, r), convert,
                         time_limit, no_limits, budget, progress, method,
                         max_points)

    def trades(self, frm: PackageSpec = "counter", max_changes: int = 2,
               top: int = 5, concede: float = 0.0, *,
               time_limit: Optional[float] = None, no_limits: bool = False,
               budget: Optional[float] = None,
               progress: Optional[ProgressCallback] = None,
               method: str = "auto") -> Trades:
        """The `top` best admissible packages that change at most
        `max_changes` terms of the reference `frm` ('counter', 'opening' or a
        package), leave the buyer no worse and cost the seller at most
        `concede`.  Sorted by joint value."""
        mc, tp = _count(max_changes, "max_changes", 0), _count(top, "top", 0)
        cc = _number(concede, "concede")
        with self._lock:
            ref = self._package_array(frm)
            ref_pkg = self._package_dict(ref) or {}

            def convert(res: int) -> Trades:
                h = self._h()
                ev = _lib.Evaluation()
                rptr = lib.ww_result_reference(res, byref(ev))
                if not rptr:  # fall back to the model's own evaluation
                    self._check(lib.ww_model_evaluate(h, ref, byref(ev)))
                reference = Reference(ref_pkg, ev.buyer, ev.seller, ev.joint)
                tb, u, pkgs = self._rows(res)
                r = ref[:len(tb.names)]
                trades = []
                for i, lv in enumerate(pkgs):
                    changes = tuple(
                        Change(tb.names[t], tb.labels[t][r[t]],
                               tb.labels[t][k],
                               tb.buyer[t][k] - tb.buyer[t][r[t]],
                               tb.seller[t][k] - tb.seller[t][r[t]])
                        for t, k in enumerate(lv) if k != r[t])
                    trades.append(Trade(tb.package(lv), u[3 * i],
                                        u[3 * i + 1], u[3 * i + 2], changes))
                return Trades(trades=trades, reference=reference,
                              **self._common(res))

            return self._run(
                lambda s, o, r: lib.ww_trades(s, o, ref, mc, tp, cc, r),
                convert, time_limit, no_limits, budget, progress, method)

    def meso(self, count: int = 3, target: Optional[float] = None,
             band: Optional[float] = None, *,
             time_limit: Optional[float] = None, no_limits: bool = False,
             budget: Optional[float] = None,
             progress: Optional[ProgressCallback] = None,
             method: str = "auto") -> Offers:
        """Multiple equivalent simultaneous offers: up to `count` admissible
        packages with seller utility in [target - band, target] (defaults:
        target = seller utility of best, band = 5% of the seller's utility
        range over the feasible packages, reservations and budget aside),
        as different from each other as possible, then best for the
        buyer."""
        n = _count(count, "count", 0)
        t = math.nan if target is None else _number(target, "target")
        w = math.nan if band is None else _number(band, "band")

        def convert(res: int) -> Offers:
            tv, bv = c_double(), c_double()
            has = lib.ww_result_band(res, byref(tv), byref(bv))
            return Offers(points=self._points(res),
                          diversity=int(lib.ww_result_diversity(res)),
                          target=tv.value if has else None,
                          band=bv.value if has else None,
                          **self._common(res))
        return self._run(lambda s, o, r: lib.ww_meso(s, o, n, t, w, r),
                         convert, time_limit, no_limits, budget, progress,
                         method)

    def evaluate(self, package: PackageSpec, *, search: bool = True,
                 time_limit: Optional[float] = None, no_limits: bool = False,
                 budget: Optional[float] = None,
                 progress: Optional[ProgressCallback] = None,
                 method: str = "auto") -> Evaluation:
        """Judges a package ('opening', 'counter', {term: label} or labels):
        utilities, feasibility, admissibility, the first violation, the
        seller's concession versus the opening and -- with search=True --
        the value left on the table and a Pareto-improving package.  Without
        search only the model is read (no_limits/budget do not apply)."""
        with self._lock:
            arr = self._package_array(package)
            pkg = self._package_dict(arr) or {}

            def build(ev: _lib.Evaluation, improvement: Optional[Point],
                      status: Optional[str], searched: bool) -> Evaluation:
                return Evaluation(
                    package=pkg, buyer=ev.buyer, seller=ev.seller,
                    joint=ev.joint, feasible=bool(ev.feasible),
                    admissible=bool(ev.admissible),
                    violation=_VIOLATIONS.get(ev.violation,
                                              str(ev.violation)),
                    constraint=ev.constraint if ev.constraint >= 0 else None,
                    concession=ev.concession if ev.has_concession else None,
                    value_left=(ev.value_left if searched
                                and ev.has_value_left else None),
                    improvement=improvement,
                    has_improvement=(bool(ev.has_improvement) if searched
                                     else None),
                    status=status)

            if not search:
                ev = _lib.Evaluation()
                self._check(lib.ww_model_evaluate(self._h(), arr, byref(ev)))
                return build(ev, None, None, False)

            ev = _lib.Evaluation()

            def convert(res: int) -> Evaluation:
                pts = self._points(res) if res else []
                status = self._common(res)["status"] if res else None
                imp = pts[0] if (ev.has_improvement and pts) else None
                return build(ev, imp, status, True)
            return self._run(
                lambda s, o, r: lib.ww_evaluate(s, o, arr, byref(ev), r),
                convert, time_limit, no_limits, budget, progress, method)

