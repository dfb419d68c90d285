"""Every query through the binding against the C CLI's --json output, on
every example deal (examples/deals/*.json, including the spec's example
acme-renewal.json), plus the spec's worked answers for acme-renewal."""

from __future__ import annotations

import json
import os
import tempfile
import unittest
from typing import Any, Dict, Optional

from support import DEALS, cli_path, deals, run_cli

import winwin


def num_close(a: Optional[float], b: Optional[float]) -> bool:
    # The CLI rounds away float noise below 1e-9 relative.
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


class CliCompare(unittest.TestCase):
    def setUp(self) -> None:
        if cli_path() is None:
            self.fail("WINWIN_CLI is not set (no CLI built)")
        if not deals():
            self.fail("no examples/deals/*.json")

    def cli(self, *args: str) -> Dict[str, Any]:
        code, doc, err = run_cli(*args, "--json")
        self.assertEqual(code, 0, f"winwin {' '.join(args)}: {err}")
        self.assertIsInstance(doc, dict, err)
        return doc  # type: ignore[return-value]

    def assert_point(self, mine: Any, theirs: Dict[str, Any]) -> None:
        self.assertEqual(mine.package, theirs["package"])
        self.assertTrue(num_close(mine.buyer, theirs["buyer"]),
                        (mine, theirs))
        self.assertTrue(num_close(mine.seller, theirs["seller"]),
                        (mine, theirs))
        if "joint" in theirs:
            self.assertTrue(num_close(mine.joint, theirs["joint"]),
                            (mine, theirs))

    def assert_solution(self, mine: winwin.Solution,
                        theirs: Dict[str, Any]) -> None:
        self.assertEqual(mine.status, theirs["status"])
        if theirs.get("package") is None:
            self.assertIsNone(mine.package)
            if theirs.get("reason"):
                self.assertEqual(mine.reason, theirs["reason"])
            return
        self.assert_point(mine, theirs)
        for key, got in (("disagreement", mine.disagreement),
                         ("ideal", mine.ideal)):
            if theirs.get(key) is not None and got is not None:
                self.assertTrue(num_close(got[0], theirs[key]["buyer"]))
                self.assertTrue(num_close(got[1], theirs[key]["seller"]))

    def each_deal(self):  # type: ignore[no-untyped-def]
        for path in deals():
            with self.subTest(deal=os.path.basename(path)):
                with winwin.Model.load(path) as m:
                    yield path, m

    def test_best_nash_kalai(self) -> None:
        for path, m in self.each_deal():
            for query in ("best", "nash", "kalai"):
                for extra in ([], ["--no-limits"]):
                    theirs = self.cli(query, path, *extra)
                    mine = getattr(m, query)(no_limits=bool(extra))
                    self.assert_solution(mine, theirs)

    def test_budget_override(self) -> None:
        for path, m in self.each_deal():
            if m.opening is None:
                continue
            for budget in ("0", "5", "1000"):
                theirs = self.cli("best", path, "--budget", budget)
                self.assert_solution(m.best(budget=float(budget)), theirs)

    def test_frontier(self) -> None:
        for path, m in self.each_deal():
            for extra in ([], ["--no-limits"]):
                theirs = self.cli("frontier", path, *extra)
                mine = m.frontier(no_limits=bool(extra))
                self.assertEqual(mine.status, theirs["status"])
                self.assertEqual(len(mine), len(theirs["points"]))
                for p, q in zip(mine, theirs["points"]):
                    self.assert_point(p, q)
                sellers = [p.seller for p in mine]
                self.assertEqual(sellers, sorted(sellers, reverse=True))

    def test_trades(self) -> None:
        for path, m in self.each_deal():
            refs = [r for r in ("counter", "opening")
                    if getattr(m, r) is not None]
            for ref in refs:
                for k, top, concede in (("2", "5", "0"), ("1", "3", "6"),
                                        ("3", "10", "15")):
                    theirs = self.cli("trades", path, "--from", ref,
                                      "--max-changes", k, "--top", top,
                                      "--concede", concede)
                    mine = m.trades(ref, max_changes=int(k), top=int(top),
                                    concede=float(concede))
                    self.assertEqual(mine.status, theirs["status"])
                    r = theirs["reference"]
                    self.assertEqual(mine.reference.package, r["package"])
                    self.assertTrue(num_close(mine.reference.buyer,
                                              r["buyer"]))
                    self.assertTrue(num_close(mine.reference.seller,
                                              r["seller"]))
                    self.assertEqual(len(mine), len(theirs["trades"]))
                    for t, u in zip(mine, theirs["trades"]):
                        self.assert_point(t, u)
                        self.assertEqual(len(t.changes), len(u["changes"]))
                        for c, d in zip(t.changes, u["changes"]):
                            self.assertEqual((c.term, c.from_, c.to),
                                             (d["term"], d["from"], d["to"]))
                            self.assertTrue(num_close(c.buyer, d["buyer"]))
                            self.assertTrue(num_close(c.seller, d["seller"]))

    def test_trades_from_package_file(self) -> None:
        for path, m in self.each_deal():
            best = m.best(no_limits=True)
            with tempfile.TemporaryDirectory() as tmp:
                pkg = os.path.join(tmp, "offer.json")
                with open(pkg, "w") as f:
                    json.dump(best.package, f)
                theirs = self.cli("trades", path, "--from", pkg,
                                  "--concede", "3")
                mine = m.trades(best.package, concede=3)
                self.assertEqual(len(mine), len(theirs["trades"]))
                for t, u in zip(mine, theirs["trades"]):
                    self.assert_point(t, u)

    def test_evaluate(self) -> None:
        for path, m in self.each_deal():
            offers = [r for r in ("counter", "opening")
                      if getattr(m, r) is not None]
            for offer in offers:
                theirs = self.cli("evaluate", path, "--offer", offer)
                mine = m.evaluate(offer)
                self.assert_point(mine, theirs)
                self.assertEqual(mine.feasible, theirs["feasible"])
                self.assertEqual(mine.admissible, theirs["admissible"])
                v = theirs.get("violation")
                self.assertEqual(mine.violation,
                                 None if v is None else v["kind"])
                self.assertTrue(num_close(mine.concession,
                                          theirs["concession"]))
                self.assertTrue(num_close(mine.value_left,
                                          theirs["value_left"]))
                self.assertEqual(mine.has_improvement,
                                 theirs["has_improvement"])
                if theirs.get("improvement") is not None:
                    self.assert_point(mine.improvement,
                                      theirs["improvement"])
                else:
                    self.assertIsNone(mine.improvement)

    def test_meso(self) -> None:
        for path, m in self.each_deal():
            for args, kw in (([], {}), (["--count", "5"], {"count": 5})):
                theirs = self.cli("meso", path, *args)
                mine = m.meso(**kw)
                self.assertEqual(mine.status, theirs["status"])
                self.assertEqual(len(mine), len(theirs["offers"]))
                self.assertEqual(mine.diversity, theirs["diversity"])
                for p, q in zip(mine, theirs["offers"]):
                    self.assert_point(p, q)
            best = m.best()
            if best.package is None:
                continue
            t = best.seller - 1
            theirs = self.cli("meso", path, "--target", repr(t), "--band",
                              "4", "--count", "2")
            mine = m.meso(count=2, target=t, band=4)
            self.assertEqual(len(mine), len(theirs["offers"]))
            for p, q in zip(mine, theirs["offers"]):
                self.assert_point(p, q)

    def test_bad_model_messages(self) -> None:
        """The binding's exception message is the CLI's error text."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.json")
            with open(os.path.join(DEALS, "acme-renewal.json")) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text.replace('"seller": 45', '"seller": "lots"'))
            code, _doc, err = run_cli("best", path, "--json")
            self.assertEqual(code, 1)
            with self.assertRaises(winwin.Error) as cm:
                winwin.Model.load(path)
            e = cm.exception
            self.assertIn(e.message, err)
            self.assertEqual(e.file, path)
            self.assertGreater(e.line, 0)
            self.assertIn("seller", e.path)


class RandomModelsViaCli(unittest.TestCase):
    """Random models built in Python, saved, and solved by the CLI."""

    def test_best_frontier_trades(self) -> None:
        if cli_path() is None:
            self.fail("WINWIN_CLI is not set (no CLI built)")
        from support import random_spec
        with tempfile.TemporaryDirectory() as tmp:
            for seed in range(100, 115):
                with self.subTest(seed=seed), random_spec(seed).build() as m:
                    path = os.path.join(tmp, f"r{seed}.json")
                    m.save(path)
                    code, doc, err = run_cli("best", path, "--json")
                    self.assertEqual(code, 0, err)
                    best = m.best()
                    self.assertEqual(best.status, doc["status"])
                    self.assertEqual(best.package, doc["package"])
                    code, doc, err = run_cli("frontier", path, "--json")
                    self.assertEqual(code, 0, err)
                    front = m.frontier()
                    self.assertEqual([p.package for p in front],
                                     [p["package"] for p in doc["points"]])
                    ref = "counter" if m.counter is not None else None
                    if ref is None:
                        continue
                    code, doc, err = run_cli("trades", path, "--json",
                                             "--concede", "5")
                    self.assertEqual(code, 0, err)
                    self.assertEqual(
                        [t.package for t in m.trades(ref, concede=5)],
                        [t["package"] for t in doc["trades"]])


class SpecAnswers(unittest.TestCase):
    """The true answers of spec section 4 for the example model."""

    def setUp(self) -> None:
        path = os.path.join(DEALS, "acme-renewal.json")
        if not os.path.exists(path):
            self.fail("no examples/deals/acme-renewal.json")
        self.m = winwin.Model.load(path)

    def tearDown(self) -> None:
        self.m.close()

    def test_best(self) -> None:
        best = self.m.best()
        self.assertEqual(best.status, "optimal")
        self.assertEqual(best.package, {"price": "110k", "payment": "net 60"})
        self.assertEqual((best.buyer, best.seller, best.joint), (30, 31, 61))

    def test_frontier(self) -> None:
        f = self.m.frontier()
        self.assertEqual(f.status, "optimal")
        self.assertEqual([(p.buyer, p.seller) for p in f], [(20, 37), (30, 31)])
        self.assertEqual(f[0].package, {"price": "110k", "payment": "net 30"})

    def test_trades(self) -> None:
        t = self.m.trades("counter", concede=6)
        self.assertEqual(t.status, "optimal")
        self.assertEqual((t.reference.buyer, t.reference.seller,
                          t.reference.joint), (20, 37, 57))
        self.assertEqual(len(t), 1)
        self.assertEqual(t[0].package, {"price": "110k", "payment": "net 60"})
        self.assertEqual(t[0].changes, (winwin.Change(
            "payment", "net 30", "net 60", 10.0, -6.0),))

    def test_infeasible_reason(self) -> None:
        self.m.buyer.reservation = 100
        best = self.m.best()
        self.assertEqual(best.status, "infeasible")
        self.assertIsNone(best.package)
        self.assertTrue(best.reason)
        self.assertIsNotNone(best.diagnosis)
        f = self.m.frontier()
        self.assertEqual(f.status, "infeasible")
        self.assertEqual(len(f), 0)


if __name__ == "__main__":
    unittest.main()
