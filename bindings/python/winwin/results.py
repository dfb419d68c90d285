"""Plain Python results: copied out of the C result, which is freed at once."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union, overload

Package = Dict[str, str]
"""A package: term name -> level label, in term order."""


@dataclass(frozen=True)
class Level:
    """One level of a term: its label, both utilities and optional value."""

    label: str
    buyer: float
    seller: float
    value: Optional[float] = None


@dataclass(frozen=True)
class Range:
    """How a range term was made: levels from, from+step, ... <= to; the
    utilities are piecewise-linear curves through (x, u) points."""

    from_: float
    to: float
    step: float
    buyer: Tuple[Tuple[float, float], ...]
    seller: Tuple[Tuple[float, float], ...]


@dataclass(frozen=True)
class Term:
    """A negotiable term.  Pass one to Model.add_term, or read Model.terms."""

    name: str
    levels: Tuple[Level, ...] = ()
    unit: Optional[str] = None
    range: Optional[Range] = None

    @property
    def labels(self) -> List[str]:
        return [lv.label for lv in self.levels]


@dataclass(frozen=True)
class Diagnosis:
    """Why no admissible package exists.

    cause: 'constraints', 'seller_reservation', 'budget',
    'buyer_reservation' or 'query'; reachable: the best utility reachable for
    the party concerned; required: what its reservation or the budget needs;
    gap = required - reachable.
    """

    cause: str
    reachable: float
    required: float
    gap: float


@dataclass(frozen=True)
class Stats:
    """How a query was answered: MIP solves, seconds, method
    ('auto', 'mip', 'enum' or 'dp' -- the library's ww_path_str)."""

    solves: int
    elapsed: float
    path: str


@dataclass(frozen=True)
class Point:
    """A package with its utilities (a frontier point, a MESO offer...)."""

    buyer: float
    seller: float
    joint: float
    package: Package


def _point(buyer: float, seller: float, joint: float, package: Package,
           _new=object.__new__, _cls=Point) -> Point:
    """A Point from values the library produced, without the frozen
    dataclass's __init__ (one object.__setattr__ per field: 1.0 against
    0.33 us a point, most of a large frontier's cost in Python).  The
    result is an ordinary Point: the same fields, equality and repr."""
    p = _new(_cls)
    d = p.__dict__
    d["buyer"] = buyer
    d["seller"] = seller
    d["joint"] = joint
    d["package"] = package
    return p


@dataclass(frozen=True)
class Solution:
    """The answer of best(), nash() or kalai().

    status is 'optimal', 'infeasible' or 'time_limit'.  When infeasible,
    package/buyer/seller/joint are None and reason (and diagnosis) say why.
    With 'time_limit' the package, if any, is the best found, not proven.
    For nash/kalai, disagreement and ideal are the (buyer, seller) anchor
    points used (None for best or when not computed).
    """

    status: str
    package: Optional[Package]
    buyer: Optional[float]
    seller: Optional[float]
    joint: Optional[float]
    reason: str = ""
    diagnosis: Optional[Diagnosis] = None
    disagreement: Optional[Tuple[float, float]] = None
    ideal: Optional[Tuple[float, float]] = None
    stats: Optional[Stats] = field(default=None, compare=False)

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"

    @property
    def feasible(self) -> bool:
        """True when a package was found."""
        return self.package is not None


class _ReadOnly:
    """Attributes set once, in __init__, as a frozen dataclass's are."""

    def _init(self, **fields: object) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class _PointList(_ReadOnly, Sequence[Point]):
    """A read-only list of points with the query's status."""

    status: str
    points: Tuple[Point, ...]
    reason: str
    diagnosis: Optional[Diagnosis]
    stats: Optional[Stats]

    def __init__(self, status: str, points: Sequence[Point], reason: str = "",
                 diagnosis: Optional[Diagnosis] = None,
                 stats: Optional[Stats] = None) -> None:
        self._init(status=status, points=tuple(points), reason=reason,
                   diagnosis=diagnosis, stats=stats)

    @overload
    def __getitem__(self, i: int) -> Point: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Point]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Point, Sequence[Point]]:
        return self.points[i]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _PointList):
            return (self.status, self.points) == (other.status, other.points)
        if isinstance(other, (list, tuple)):
            return list(self.points) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status!r}, "
                f"points={list(self.points)!r})")


class Frontier(_PointList):
    """The Pareto frontier: points sorted by seller utility descending."""


class Offers(_PointList):
    """MESO offers; diversity is their smallest pairwise Hamming distance;
    target and band the seller-utility band [target - band, target] they
    were chosen in, defaults resolved (None when no band was set: nothing
    admissible, or stopped before)."""

    diversity: int
    target: Optional[float]
    band: Optional[float]

    def __init__(self, status: str, points: Sequence[Point], reason: str = "",
                 diagnosis: Optional[Diagnosis] = None,
                 stats: Optional[Stats] = None, diversity: int = 0,
                 target: Optional[float] = None,
                 band: Optional[float] = None) -> None:
        super().__init__(status, points, reason, diagnosis, stats)
        self._init(diversity=diversity, target=target, band=band)


@dataclass(frozen=True)
class Change:
    """One term changed by a trade; buyer/seller are the change of that
    term's own level utilities (interaction effects are in the totals)."""

    term: str
    from_: str
    to: str
    buyer: float
    seller: float


@dataclass(frozen=True)
class Trade:
    """A trade: the new package, its totals and the changes from the
    reference."""

    package: Package
    buyer: float
    seller: float
    joint: float
    changes: Tuple[Change, ...]


@dataclass(frozen=True)
class Reference:
    """The package trades start from, with its utilities."""

    package: Package
    buyer: float
    seller: float
    joint: float


class Trades(_ReadOnly, Sequence[Trade]):
    """Trades sorted by joint value descending, with status and reference."""

    status: str
    trades: Tuple[Trade, ...]
    reference: Optional[Reference]
    reason: str
    diagnosis: Optional[Diagnosis]
    stats: Optional[Stats]

    def __init__(self, status: str, trades: Sequence[Trade],
                 reference: Optional[Reference], reason: str = "",
                 diagnosis: Optional[Diagnosis] = None,
                 stats: Optional[Stats] = None) -> None:
        self._init(status=status, trades=tuple(trades), reference=reference,
                   reason=reason, diagnosis=diagnosis, stats=stats)

    @overload
    def __getitem__(self, i: int) -> Trade: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Trade]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Trade, Sequence[Trade]]:
        return self.trades[i]

    def __len__(self) -> int:
        return len(self.trades)

    def __iter__(self) -> Iterator[Trade]:
        return iter(self.trades)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Trades):
            return ((self.status, self.reference, self.trades)
                    == (other.status, other.reference, other.trades))
        if isinstance(other, (list, tuple)):
            return list(self.trades) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Trades(status={self.status!r}, reference="
                f"{self.reference!r}, trades={list(self.trades)!r})")


@dataclass(frozen=True)
class Evaluation:
    """One package judged against the model.

    violation names the first thing it breaks: None, 'forbid', 'linear',
    'buyer_reservation', 'seller_reservation' or 'budget'; constraint is the
    index of the broken constraint (else None).  concession is
    U_s(opening) - U_s(package) (None without an opening).  With a search
    (the default): value_left = J(best) - J(package) (None when nothing is
    admissible), improvement = an admissible package better for both parties
    of maximum J (None when there is none).
    """

    package: Package
    buyer: float
    seller: float
    joint: float
    feasible: bool
    admissible: bool
    violation: Optional[str]
    constraint: Optional[int]
    concession: Optional[float]
    value_left: Optional[float] = None
    improvement: Optional[Point] = None
    has_improvement: Optional[bool] = None
    status: Optional[str] = None
