#!/usr/bin/python3
"""What the Python binding adds to a query: every query of the example deals
(and the 1,001-point frontier of Genius' other/pie) through winwin.Model,
against the same C calls made directly through ctypes in the same run (a
new solver, the query, the result and solver freed: what the binding does
in C per query).

Speed is reported, never asserted: the exit status is non-zero only when a
call fails or the two disagree on the number of packages.

    WINWIN_LIBRARY=build/lib/libwinwin.so PYTHONPATH=bindings/python \\
        bench/python_overhead.py [--quick] [--genius DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import sys
import timeit
from ctypes import byref, c_void_p
from typing import Any, Callable, List, Optional, Tuple

import winwin
from winwin import _lib
from winwin._lib import lib

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)


def raw_call(m: winwin.Model, query: str) -> Callable[[], int]:
    """The query's C work without the binding: returns the result's count."""
    h = m._h()
    opts = _lib.Options()
    lib.ww_options_init(byref(opts))
    opts_ref = byref(opts)
    ref = None  # the reference package of trades and evaluate
    if query in ("trades", "evaluate"):
        ref = m._package_array("counter" if query == "trades" else "opening")
    ev = _lib.Evaluation()
    calls = {
        "best": lambda s, r: lib.ww_best(s, opts_ref, r),
        "frontier": lambda s, r: lib.ww_frontier(s, opts_ref, r),
        "nash": lambda s, r: lib.ww_nash(s, opts_ref, r),
        "trades": lambda s, r: lib.ww_trades(s, opts_ref, ref, 2, 5, 0.0, r),
        "evaluate": lambda s, r: lib.ww_evaluate(s, opts_ref, ref, byref(ev),
                                                 r),
        "meso": lambda s, r: lib.ww_meso(s, opts_ref, 3, math.nan, math.nan,
                                         r),
    }
    call = calls[query]

    def run() -> int:
        s, r = c_void_p(), c_void_p()
        if lib.ww_solver_new(h, byref(s)) != 0:
            raise RuntimeError(_lib.text(lib.ww_errmsg(h)))
        try:
            if call(s, byref(r)) != 0:
                raise RuntimeError(_lib.text(lib.ww_errmsg(h)))
            return int(lib.ww_result_count(r))
        finally:
            lib.ww_result_free(r)
            lib.ww_solver_free(s)
    return run


def api_call(m: winwin.Model, query: str) -> Callable[[], int]:
    """The same query through winwin.Model: returns its number of packages."""
    if query == "best":
        return lambda: int(m.best().package is not None)
    if query == "nash":
        return lambda: int(m.nash().package is not None)
    if query == "frontier":
        return lambda: len(m.frontier())
    if query == "trades":
        return lambda: len(m.trades("counter"))
    if query == "evaluate":
        return lambda: int(m.evaluate("opening").improvement is not None)
    return lambda: len(m.meso())


def seconds(fn: Callable[[], Any], budget: float, rounds: int) -> float:
    """The fastest of `rounds` batches, each sized to about budget / rounds
    seconds: the minimum is the number a noisy machine moves least."""
    t = timeit.timeit(fn, number=1)
    per = max(1, int(budget / rounds / max(t, 1e-7)))
    return min(timeit.repeat(fn, number=per, repeat=rounds)) / per


def models(genius: Optional[str]) -> List[Tuple[str, winwin.Model, List[str]]]:
    out = []
    queries = ["best", "frontier", "nash", "trades", "evaluate", "meso"]
    for path in sorted(glob.glob(os.path.join(SOURCE, "examples", "deals",
                                              "*.json"))):
        m = winwin.Model.load(path)
        qs = [q for q in queries
              if not (q == "trades" and m.counter is None)
              and not (q == "evaluate" and m.opening is None)]
        out.append((os.path.basename(path)[:-5], m, qs))
    if genius:
        pie = os.path.join(genius, "other", "pie")
        if os.path.isdir(pie):
            m = winwin.import_genius(*(os.path.join(pie, f) for f in
                                       ("pie_domain.xml", "pie_A.xml",
                                        "pie_B.xml")))
            out.append(("genius/other/pie", m, ["frontier"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="one deal, a short budget (the bench-python test)")
    ap.add_argument("--genius", default=os.path.join(SOURCE, "..", "shared",
                                                     "genius"))
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()
    budget, rounds = (0.02, 3) if a.quick else (0.3, 15)
    cases = models(None if a.quick else a.genius)
    if a.quick:
        cases = cases[:1]
    rows, bad = [], 0
    print(f"{'case':<28} {'query':<9} {'points':>6} {'C (us)':>9} "
          f"{'Python (us)':>11} {'added (us)':>10} {'ratio':>6}")
    for name, m, queries in cases:
        for q in queries:
            raw, api = raw_call(m, q), api_call(m, q)
            n_raw, n_api = raw(), api()
            if q in ("frontier", "trades", "meso") and n_raw != n_api:
                print(f"{name} {q}: C gives {n_raw} packages, Python {n_api}",
                      file=sys.stderr)
                bad = 1
            # alternate, so that both see the machine's same spells
            tc, tp = [], []
            for _ in range(2):
                tc.append(seconds(raw, budget / 2, rounds))
                tp.append(seconds(api, budget / 2, rounds))
            c, p = min(tc), min(tp)
            rows.append({"case": name, "query": q, "points": n_api,
                         "c_s": c, "python_s": p})
            print(f"{name:<28} {q:<9} {n_api:>6} {c * 1e6:>9.1f} "
                  f"{p * 1e6:>11.1f} {(p - c) * 1e6:>10.1f} {p / c:>6.2f}")
        m.close()
    if rows:
        gm = math.exp(sum(math.log(r["python_s"] / r["c_s"]) for r in rows)
                      / len(rows))
        print(f"geometric mean of Python / C over {len(rows)} queries: "
              f"{gm:.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"format": "winwin-python-bench/1",
                       "library": winwin.library_path,
                       "version": winwin.library_version(),
                       "cases": rows}, f, indent=1)
    return bad


if __name__ == "__main__":
    sys.exit(main())
