"""Shared helpers for the Python binding tests.

Environment (set by tests/python/meson.build; defaults for running by hand
from the source tree):
  WINWIN_LIBRARY  the built libwinwin.so (read by the binding itself)
  WINWIN_CLI      the built `winwin` command line program (optional)
  WINWIN_SOURCE   the source root (for examples/deals and the binding)

Also: a brute-force enumerator written from the spec alone (it shares no
code with the C library) and a seeded random model generator.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import shutil
import subprocess
import sys
import unittest
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("WINWIN_SOURCE") or os.path.dirname(os.path.dirname(HERE))
BINDING = os.path.join(SOURCE, "bindings", "python")
DEALS = os.path.join(SOURCE, "examples", "deals")
GENIUS = os.path.join(os.path.dirname(SOURCE), "shared", "genius")
if BINDING not in sys.path:
    sys.path.insert(0, BINDING)

import winwin  # noqa: E402  (after the path set-up)

TOL = 1e-6


def cli_path() -> Optional[str]:
    path = os.environ.get("WINWIN_CLI")
    if path and os.path.exists(path):
        return path
    return None


def deals() -> List[str]:
    if not os.path.isdir(DEALS):
        return []
    return sorted(os.path.join(DEALS, f) for f in os.listdir(DEALS)
                  if f.endswith(".json"))


def run_cli(*args: str) -> Tuple[int, Any, str]:
    """Runs the CLI; returns (exit code, parsed stdout JSON or None, stderr)."""
    exe = cli_path()
    if exe is None:
        raise unittest.SkipTest("WINWIN_CLI is not set (no CLI built)")
    proc = subprocess.run([exe, *args], capture_output=True, text=True,
                          timeout=300)
    doc = None
    if proc.stdout.strip():
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            doc = None
    return proc.returncode, doc, proc.stderr


def close(a: Optional[float], b: Optional[float], tol: float = TOL) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


# ---------------------------------------------------------------- spec model


@dataclass
class Spec:
    """A model as plain data, the brute force's input."""

    terms: List[Tuple[str, List[Tuple[str, float, float, Optional[float]]]]]
    interactions: List[Tuple[Dict[str, List[str]], float, float]] = field(
        default_factory=list)
    products: List[Tuple[str, str, float, float]] = field(default_factory=list)
    forbids: List[Dict[str, List[str]]] = field(default_factory=list)
    linears: List[Tuple[Dict[str, float], Optional[float], Optional[float]]] = \
        field(default_factory=list)
    reservation: Dict[str, Optional[float]] = field(
        default_factory=lambda: {"buyer": None, "seller": None})
    weight: Dict[str, float] = field(
        default_factory=lambda: {"buyer": 1.0, "seller": 1.0})
    opening: Optional[Dict[str, str]] = None
    counter: Optional[Dict[str, str]] = None
    budget: Optional[float] = None

    def build(self) -> "winwin.Model":
        """The same model through the Python API."""
        m = winwin.Model("random")
        for name, levels in self.terms:
            m.add_term(name, levels)
        for when, b, s in self.interactions:
            m.interaction(when, buyer=b, seller=s)
        for a, bb, cb, cs in self.products:
            m.product(a, bb, buyer=cb, seller=cs)
        for when in self.forbids:
            m.forbid(when)
        for coefs, lo, hi in self.linears:
            m.linear(coefs, min=lo, max=hi)
        for party in ("buyer", "seller"):
            p = m.party(party)
            p.reservation = self.reservation[party]
            p.weight = self.weight[party]
        if self.opening is not None:
            m.opening = self.opening
        if self.counter is not None:
            m.counter = self.counter
        if self.budget is not None:
            m.budget = self.budget
        return m


@dataclass
class Pkg:
    labels: Tuple[str, ...]
    index: Tuple[int, ...]
    buyer: float
    seller: float
    joint: float
    feasible: bool
    admissible: bool

    def as_dict(self, names: Sequence[str]) -> Dict[str, str]:
        return dict(zip(names, self.labels))


class Brute:
    """Every package of a Spec with utilities, feasibility, admissibility,
    straight from the spec's definitions."""

    def __init__(self, spec: Spec, no_limits: bool = False,
                 budget: Optional[float] = None) -> None:
        self.spec = spec
        self.names = [t[0] for t in spec.terms]
        self.levels = {name: {lv[0]: lv for lv in levels}
                       for name, levels in spec.terms}
        self.packages: List[Pkg] = []
        self.by_labels: Dict[Tuple[str, ...], Pkg] = {}
        wb, ws = spec.weight["buyer"], spec.weight["seller"]
        opening_s = None
        if spec.opening is not None:
            opening_s = self.utilities(
                tuple(spec.opening[n] for n in self.names))[1]
        eff_budget = spec.budget if budget is None else budget
        ranges = [range(len(levels)) for _, levels in spec.terms]
        for idx in itertools.product(*ranges):
            labels = tuple(spec.terms[t][1][k][0] for t, k in enumerate(idx))
            b, s = self.utilities(labels)
            feas = self.feasible(labels)
            adm = feas
            if not no_limits:
                rb, rs = spec.reservation["buyer"], spec.reservation["seller"]
                if rb is not None and b < rb - TOL:
                    adm = False
                if rs is not None and s < rs - TOL:
                    adm = False
                if eff_budget is not None and opening_s is not None and \
                        s < opening_s - eff_budget - TOL:
                    adm = False
            p = Pkg(labels, idx, b, s, wb * b + ws * s, feas, adm)
            self.packages.append(p)
            self.by_labels[labels] = p
        self.admissible = [p for p in self.packages if p.admissible]
        self.feasible_pkgs = [p for p in self.packages if p.feasible]
        self.no_limits = no_limits

    def pkg(self, package: Dict[str, str]) -> Pkg:
        return self.by_labels[tuple(package[n] for n in self.names)]

    def holds(self, when: Dict[str, List[str]], labels: Sequence[str]) -> bool:
        return all(labels[self.names.index(t)] in ls for t, ls in when.items())

    def utilities(self, labels: Sequence[str]) -> Tuple[float, float]:
        b = s = 0.0
        for name, label in zip(self.names, labels):
            lv = self.levels[name][label]
            b += lv[1]
            s += lv[2]
        for when, ib, is_ in self.spec.interactions:
            if self.holds(when, labels):
                b += ib
                s += is_
        for ta, tb, cb, cs in self.spec.products:
            va = self.levels[ta][labels[self.names.index(ta)]][3]
            vb = self.levels[tb][labels[self.names.index(tb)]][3]
            b += cb * va * vb
            s += cs * va * vb
        return b, s

    def feasible(self, labels: Sequence[str]) -> bool:
        for when in self.spec.forbids:
            if self.holds(when, labels):
                return False
        for coefs, lo, hi in self.spec.linears:
            act = sum(c * self.levels[t][labels[self.names.index(t)]][3]
                      for t, c in coefs.items())
            if lo is not None and act < lo - TOL:
                return False
            if hi is not None and act > hi + TOL:
                return False
        return True

    # ------------------------------------------------------------ queries

    def best(self) -> Optional[Pkg]:
        if not self.admissible:
            return None
        return max(self.admissible, key=lambda p: (p.joint, p.seller))

    def frontier(self) -> List[Tuple[float, float]]:
        pts = sorted({(p.buyer, p.seller) for p in self.admissible},
                     key=lambda x: (-x[1], -x[0]))
        out: List[Tuple[float, float]] = []
        best_b = -math.inf
        for b, s in pts:  # seller descending: keep strictly better buyers
            if b > best_b + TOL:
                if out and abs(out[-1][1] - s) <= TOL:
                    out[-1] = (b, s)
                else:
                    out.append((b, s))
                best_b = b
        return out

    def anchors(self) -> Tuple[Tuple[float, float], Tuple[float, float]]:
        d = []
        for i, party in enumerate(("buyer", "seller")):
            r = self.spec.reservation[party]
            if r is not None and not self.no_limits:
                d.append(r)
            else:
                d.append(min((p.buyer, p.seller)[i] for p in self.feasible_pkgs))
        ideal = (max(p.buyer for p in self.admissible),
                 max(p.seller for p in self.admissible))
        return (d[0], d[1]), ideal

    def nash_value(self, p: Pkg) -> float:
        (db, ds), _ = self.anchors()
        return (p.buyer - db) * (p.seller - ds)

    def kalai_value(self, p: Pkg) -> float:
        (db, ds), (ib, is_) = self.anchors()
        rb = (p.buyer - db) / (ib - db) if ib - db != 0 else 1.0
        rs = (p.seller - ds) / (is_ - ds) if is_ - ds != 0 else 1.0
        return min(rb, rs)

    def trades(self, ref: Sequence[str], k: int, n: int,
               concede: float) -> List[Pkg]:
        rb, rs = self.utilities(ref)
        cands = [p for p in self.admissible
                 if p.labels != tuple(ref)
                 and sum(a != b for a, b in zip(p.labels, ref)) <= k
                 and p.buyer >= rb - TOL and p.seller >= rs - concede - TOL]
        cands.sort(key=lambda p: (-p.joint, -p.seller))
        return cands[:n]


# ---------------------------------------------------------------- random models


def random_spec(seed: int) -> Spec:
    """A small random model with utilities on a 0.25 grid."""
    rng = random.Random(seed)

    def util(lo: int = -20, hi: int = 60) -> float:
        return rng.randint(lo, hi) * 0.25

    nterms = rng.randint(2, 5)
    terms = []
    for t in range(nterms):
        nlev = rng.randint(1 if t else 2, 5)
        levels = []
        for k in range(nlev):
            levels.append((f"L{k}", util(), util(), float(rng.randint(0, 10))))
        terms.append((f"t{t}", levels))
    names = [t[0] for t in terms]
    labels = {name: [lv[0] for lv in levels] for name, levels in terms}

    def condition() -> Dict[str, List[str]]:
        chosen = rng.sample(names, rng.randint(1, min(2, nterms)))
        return {t: rng.sample(labels[t], rng.randint(1, max(1, len(labels[t]) - 1)))
                for t in chosen}

    spec = Spec(terms)
    for _ in range(rng.randint(0, 2)):
        spec.interactions.append((condition(), util(-20, 20), util(-20, 20)))
    for _ in range(rng.randint(0, 2)):
        spec.forbids.append(condition())
    if rng.random() < 0.3:
        coefs = {t: float(rng.randint(-2, 2) or 1)
                 for t in rng.sample(names, 2)}
        spec.linears.append((coefs, None, float(rng.randint(0, 15))))
    if rng.random() < 0.2:
        a, b = rng.sample(names, 2)
        spec.products.append((a, b, 0.0, -0.25))
    spec.weight = {"buyer": rng.choice([1.0, 1.0, 0.5, 2.0, 1.5]),
                   "seller": rng.choice([1.0, 1.0, 0.5, 2.0])}
    pick = lambda: {t: rng.choice(labels[t]) for t in names}  # noqa: E731
    if rng.random() < 0.6:
        spec.opening = pick()
    if rng.random() < 0.6:
        spec.counter = pick()
    # Reservations and budget from the actual utilities, so that some models
    # stay feasible and some do not.
    brute = Brute(spec)
    feas = brute.feasible_pkgs or brute.packages
    if rng.random() < 0.5:
        spec.reservation["buyer"] = rng.choice(feas).buyer
    if rng.random() < 0.5:
        spec.reservation["seller"] = rng.choice(feas).seller
    if spec.opening is not None and rng.random() < 0.4:
        spec.budget = rng.randint(0, 40) * 0.25
    return spec


def copy_binding_without_library(dest: str) -> str:
    """Copies the winwin package to dest (for the library lookup tests)."""
    target = os.path.join(dest, "winwin")
    shutil.copytree(os.path.join(BINDING, "winwin"), target,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
    return target
