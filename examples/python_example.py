#!/usr/bin/env python3
"""A software renewal negotiated with winwin's Python binding.

The seller opened at list price with annual payment; the buyer countered at
a lower price.  We build the model in code, look for the best deal, the
Pareto frontier and the trades that move both parties up from the counter,
then save the model for the `winwin` command line.

Run from the source tree after building the library:
    WINWIN_LIBRARY=build/lib/libwinwin.so PYTHONPATH=bindings/python \\
        python3 examples/python_example.py [OUTPUT.json]
"""

import sys

import winwin


def build() -> winwin.Model:
    m = winwin.Model("Northwind renewal", unit="points")
    m.buyer.set(name="Northwind", reservation=25)
    m.seller.set(name="TaskCloud", reservation=20)
    m.add_term("price", [("$600", 0, 40, 600), ("$540", 12, 28, 540),
                         ("$480", 24, 14, 480)], unit="USD/seat")
    m.add_term("term", [("1 year", 10, 0, 1), ("2 years", 6, 10, 2),
                        ("3 years", 0, 16, 3)], unit="years")
    m.add_range_term("payment", 30, 90, 30, unit="days",
                     buyer=[(30, 0), (90, 12)], seller=[(30, 10), (90, 0)])
    m.add_term("support", [("standard", 0, 6), ("premium", 14, 0)])
    # Premium support over three years costs the seller more than the sum.
    m.interaction({"support": "premium", "term": "3 years"}, seller=-4)
    # Finance will not sign the lowest price with the longest payment.
    m.forbid({"price": "$480", "payment": "90 days"})
    m.opening = {"price": "$600", "term": "1 year", "payment": "30 days",
                 "support": "standard"}
    m.counter = {"price": "$480", "term": "1 year", "payment": "30 days",
                 "support": "standard"}
    m.budget = 30  # the seller gives up at most 30 points from its opening
    return m


def show(pkg: dict) -> str:
    return ", ".join(f"{t}={lv}" for t, lv in pkg.items())


def main() -> int:
    with build() as m:
        best = m.best()
        if best.status == "infeasible":
            print("no agreement zone:", best.reason)
            return 0
        print(f"best deal: {show(best.package)}")
        print(f"  buyer {best.buyer:g}, seller {best.seller:g}, "
              f"joint {best.joint:g}")

        print("Pareto frontier (seller utility descending):")
        for p in m.frontier():
            print(f"  buyer {p.buyer:6g}  seller {p.seller:6g}  {show(p.package)}")

        counter = m.evaluate("counter")
        print(f"the counter leaves {counter.value_left:g} points on the table"
              f" (admissible: {counter.admissible})")

        print("trades from the counter (seller may concede 4):")
        for t in m.trades("counter", max_changes=2, top=3, concede=4):
            moves = "; ".join(f"{c.term}: {c.from_} -> {c.to} "
                              f"(buyer {c.buyer:+g}, seller {c.seller:+g})"
                              for c in t.changes)
            print(f"  joint {t.joint:g}: {moves}")

        offers = m.meso(count=3)
        print(f"{len(offers)} equivalent offers (diversity {offers.diversity}):")
        for o in offers:
            print(f"  {show(o.package)}")

        if len(sys.argv) > 1:
            m.save(sys.argv[1])
            print("saved", sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
