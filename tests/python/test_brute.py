"""Every query on seeded random models, built through the Python API,
against the independent brute force in support.py."""

from __future__ import annotations

import gc
import random
import unittest

from support import TOL, Brute, Spec, close, random_spec

SEEDS = range(1, 51)


class BruteForce(unittest.TestCase):
    def check_point(self, brute: Brute, package, buyer, seller, joint) -> None:
        p = brute.pkg(package)
        self.assertTrue(p.admissible, package)
        self.assertTrue(close(p.buyer, buyer), (p.buyer, buyer))
        self.assertTrue(close(p.seller, seller), (p.seller, seller))
        self.assertTrue(close(p.joint, joint), (p.joint, joint))

    def each_limits_case(self, check) -> None:
        """check(m, brute, no_limits) on every seed, with and without the
        reservations and budget."""
        for seed in SEEDS:
            with self.subTest(seed=seed):
                spec = random_spec(seed)
                with spec.build() as m:
                    for no_limits in (False, True):
                        check(m, Brute(spec, no_limits=no_limits), no_limits)

    def test_best(self) -> None:
        def check(m, brute: Brute, no_limits: bool) -> None:
            got = m.best(no_limits=no_limits)
            want = brute.best()
            if want is None:
                self.assertEqual(got.status, "infeasible")
                self.assertIsNone(got.package)
                self.assertTrue(got.reason)
                return
            self.assertEqual(got.status, "optimal")
            self.check_point(brute, got.package, got.buyer, got.seller,
                             got.joint)
            self.assertTrue(close(got.joint, want.joint))
            self.assertTrue(close(got.seller, want.seller))
        self.each_limits_case(check)

    def test_frontier(self) -> None:
        def check(m, brute: Brute, no_limits: bool) -> None:
            got = m.frontier(no_limits=no_limits)
            want = brute.frontier()
            if not want:
                self.assertEqual(got.status, "infeasible")
                self.assertEqual(len(got), 0)
                return
            self.assertEqual(got.status, "optimal")
            self.assertEqual(len(got), len(want),
                             ([(p.buyer, p.seller) for p in got], want))
            for p, (b, s) in zip(got, want):
                self.assertTrue(close(p.buyer, b), (p, b, s))
                self.assertTrue(close(p.seller, s), (p, b, s))
                self.check_point(brute, p.package, p.buyer, p.seller,
                                 p.joint)
        self.each_limits_case(check)

    def test_large_frontier(self) -> None:
        # past 10,000 points the binding pauses the garbage collector while
        # it builds the points (none of them holds a cycle): the same
        # points, and the collector as it was, on or off
        rnd = random.Random(9)
        terms = []
        for t in range(5):
            levels = []
            for k in range(7):
                b = rnd.randint(0, 10 ** 6) / 1e4
                levels.append(("l%d" % k, b, t + 200 - b, None))
            terms.append(("t%d" % t, levels))
        spec = Spec(terms)
        brute = Brute(spec)
        want = brute.frontier()
        self.assertGreater(len(want), 10000)
        with spec.build() as m:
            for enabled in (True, False):
                (gc.enable if enabled else gc.disable)()
                try:
                    got = m.frontier()
                    self.assertEqual(gc.isenabled(), enabled)
                finally:
                    gc.enable()
                self.assertEqual(len(got), len(want))
                for p, (b, s) in zip(got, want):
                    self.assertTrue(close(p.buyer, b), (p, b, s))
                    self.assertTrue(close(p.seller, s), (p, b, s))
                    self.check_point(brute, p.package, p.buyer, p.seller,
                                     p.joint)

    def test_budget_override(self) -> None:
        for seed in SEEDS:
            spec = random_spec(seed)
            if spec.opening is None:
                continue
            with self.subTest(seed=seed), spec.build() as m:
                brute = Brute(spec, budget=2.5)
                got = m.best(budget=2.5)
                want = brute.best()
                if want is None:
                    self.assertEqual(got.status, "infeasible")
                else:
                    self.assertTrue(close(got.joint, want.joint))
                    self.assertTrue(close(got.seller, want.seller))

    def _check_bargaining(self, query: str) -> None:
        for seed in SEEDS:
            with self.subTest(seed=seed):
                spec = random_spec(seed)
                brute = Brute(spec)
                with spec.build() as m:
                    got = getattr(m, query)()
                if not brute.admissible:
                    self.assertEqual(got.status, "infeasible")
                    continue
                self.assertEqual(got.status, "optimal")
                value = getattr(brute, query + "_value")
                top = max(value(p) for p in brute.admissible)
                p = brute.pkg(got.package)
                self.assertTrue(p.admissible)
                self.assertLessEqual(abs(value(p) - top), 1e-6 *
                                     max(1.0, abs(top)))
                ties = [q for q in brute.admissible
                        if value(q) >= top - 1e-9 * max(1.0, abs(top))]
                want = max(ties, key=lambda q: (q.joint, q.seller))
                self.assertTrue(close(p.joint, want.joint), (p, want))
                self.assertTrue(close(p.seller, want.seller), (p, want))
                (db, ds), (ib, is_) = brute.anchors()
                if got.disagreement is not None:
                    self.assertTrue(close(got.disagreement[0], db))
                    self.assertTrue(close(got.disagreement[1], ds))

    def test_nash(self) -> None:
        self._check_bargaining("nash")

    def test_kalai(self) -> None:
        self._check_bargaining("kalai")

    def test_trades(self) -> None:
        for seed in SEEDS:
            spec = random_spec(seed)
            with self.subTest(seed=seed), spec.build() as m:
                brute = Brute(spec)
                ref = spec.counter or {n: lv[0][0] for n, lv in spec.terms}
                for k, top, concede in ((1, 5, 0.0), (2, 3, 2.5), (3, 10, 50)):
                    got = m.trades(ref, max_changes=k, top=top,
                                   concede=concede)
                    labels = tuple(ref[n] for n in brute.names)
                    want = brute.trades(labels, k, top, concede)
                    rb, rs = brute.utilities(labels)
                    self.assertTrue(close(got.reference.buyer, rb))
                    self.assertTrue(close(got.reference.seller, rs))
                    self.assertEqual(len(got), len(want),
                                     (k, top, concede, list(got), want))
                    for t, w in zip(got, want):
                        self.check_point(brute, t.package, t.buyer, t.seller,
                                         t.joint)
                        self.assertTrue(close(t.joint, w.joint))
                        self.assertTrue(close(t.seller, w.seller))
                        changed = [n for n in brute.names
                                   if t.package[n] != ref[n]]
                        self.assertEqual([c.term for c in t.changes], changed)
                        self.assertLessEqual(len(changed), k)
                        for c in t.changes:
                            self.assertEqual(c.from_, ref[c.term])
                            self.assertEqual(c.to, t.package[c.term])
                            lv = brute.levels[c.term]
                            self.assertTrue(close(
                                c.buyer, lv[c.to][1] - lv[c.from_][1]))
                            self.assertTrue(close(
                                c.seller, lv[c.to][2] - lv[c.from_][2]))
                    if not want:
                        self.assertIn(got.status, ("optimal", "infeasible"))

    def test_evaluate(self) -> None:
        for seed in SEEDS:
            spec = random_spec(seed)
            with self.subTest(seed=seed), spec.build() as m:
                brute = Brute(spec)
                best = brute.best()
                for p in brute.packages[:: max(1, len(brute.packages) // 7)]:
                    pkg = p.as_dict(brute.names)
                    ev = m.evaluate(pkg)
                    self.assertTrue(close(ev.buyer, p.buyer))
                    self.assertTrue(close(ev.seller, p.seller))
                    self.assertTrue(close(ev.joint, p.joint))
                    self.assertEqual(ev.feasible, p.feasible)
                    self.assertEqual(ev.admissible, p.admissible)
                    self.assertEqual(ev.violation is None, p.admissible)
                    if best is None:
                        self.assertIsNone(ev.value_left)
                    else:
                        self.assertTrue(close(ev.value_left,
                                              best.joint - p.joint))
                    better = [q for q in brute.admissible
                              if q.buyer >= p.buyer - TOL
                              and q.seller >= p.seller - TOL
                              and (q.buyer > p.buyer + TOL
                                   or q.seller > p.seller + TOL)]
                    self.assertEqual(ev.has_improvement, bool(better))
                    if better:
                        self.assertIsNotNone(ev.improvement)
                        q = brute.pkg(ev.improvement.package)
                        self.assertIn(q, better)
                        self.assertTrue(close(
                            q.joint, max(x.joint for x in better)))
                    quick = m.evaluate(pkg, search=False)
                    self.assertEqual(quick.admissible, p.admissible)
                    self.assertIsNone(quick.value_left)

    def test_meso(self) -> None:
        for seed in SEEDS:
            spec = random_spec(seed)
            with self.subTest(seed=seed), spec.build() as m:
                brute = Brute(spec)
                best = brute.best()
                got = m.meso(count=3)
                if best is None:
                    self.assertEqual(got.status, "infeasible")
                    continue
                t = best.seller
                # the seller's utility range over the feasible packages
                w = 0.05 * (max(p.seller for p in brute.feasible_pkgs)
                            - min(p.seller for p in brute.feasible_pkgs))
                self.assertAlmostEqual(got.target, t, delta=TOL)
                self.assertAlmostEqual(got.band, w, delta=TOL)
                cands = [p for p in brute.admissible
                         if t - w - TOL <= p.seller <= t + TOL]
                self.assertEqual(len(got), min(3, len(cands)))
                chosen = []
                for offer in got:
                    p = brute.pkg(offer.package)
                    self.assertIn(p, cands)
                    self.assertNotIn(p, chosen)

                    def key(q):  # the greedy rule, value by value
                        ham = min((sum(a != b for a, b in
                                       zip(q.labels, c.labels))
                                   for c in chosen), default=0)
                        return (ham, q.buyer, q.seller)
                    rest = [q for q in cands if q not in chosen]
                    top = max(key(q) for q in rest)
                    mine = key(p)
                    self.assertEqual(mine[0], top[0])
                    self.assertTrue(close(mine[1], top[1]))
                    self.assertTrue(close(mine[2], top[2]))
                    chosen.append(p)


if __name__ == "__main__":
    unittest.main()
