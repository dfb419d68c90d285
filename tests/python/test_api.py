"""Model building, accessors, files and exceptions through the binding."""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import pickle
import tempfile
import unittest

from support import DEALS, GENIUS, SOURCE, close

import winwin

ACME = """{
  "format": "winwin/1",
  "name": "Acme renewal",
  "unit": "points",
  "buyer":  {"name": "Acme Corp", "reservation": 20, "weight": 1},
  "seller": {"name": "Vendor",    "reservation": 10, "weight": 1},
  "terms": [
    {"name": "price", "unit": "USD/yr", "levels": [
      {"label": "100k", "value": 100000, "buyer": 40, "seller": 0},
      {"label": "110k", "value": 110000, "buyer": 20, "seller": 25},
      {"label": "120k", "value": 120000, "buyer": 0,  "seller": 45}]},
    {"name": "payment", "unit": "days", "levels": [
      {"label": "net 30", "value": 30, "buyer": 0,  "seller": 12},
      {"label": "net 60", "value": 60, "buyer": 10, "seller": 6},
      {"label": "net 90", "value": 90, "buyer": 18, "seller": 0}]}
  ],
  "interactions": [
    {"when": {"price": "120k", "payment": ["net 60", "net 90"]}, "buyer": 0, "seller": -4}
  ],
  "constraints": [
    {"forbid": {"price": "100k", "payment": "net 90"}}
  ],
  "opening": {"price": "120k", "payment": "net 30"},
  "counter": {"price": "110k", "payment": "net 30"},
  "concession_budget": 30
}
"""


def acme_built() -> winwin.Model:
    """The spec's example model, built through the API."""
    m = winwin.Model("Acme renewal", unit="points")
    m.buyer.set(name="Acme Corp", reservation=20, weight=1)
    m.seller.set(name="Vendor", reservation=10, weight=1)
    m.add_term("price", [("100k", 40, 0, 100000), ("110k", 20, 25, 110000),
                         ("120k", 0, 45, 120000)], unit="USD/yr")
    m.add_term("payment", [("net 30", 0, 12, 30), ("net 60", 10, 6, 60),
                           ("net 90", 18, 0, 90)], unit="days")
    m.interaction({"price": "120k", "payment": ["net 60", "net 90"]},
                  buyer=0, seller=-4)
    m.forbid({"price": "100k", "payment": "net 90"})
    m.opening = {"price": "120k", "payment": "net 30"}
    m.counter = {"price": "110k", "payment": "net 30"}
    m.budget = 30
    return m


class Building(unittest.TestCase):
    def test_accessors(self) -> None:
        with acme_built() as m:
            self.assertEqual(m.name, "Acme renewal")
            self.assertEqual(m.unit, "points")
            self.assertEqual(m.buyer.name, "Acme Corp")
            self.assertEqual(m.buyer.reservation, 20)
            self.assertEqual(m.seller.reservation, 10)
            self.assertEqual(m.seller.weight, 1)
            self.assertEqual(m.term_names, ["price", "payment"])
            price = m.term("price")
            self.assertEqual(price.unit, "USD/yr")
            self.assertEqual(price.labels, ["100k", "110k", "120k"])
            self.assertEqual(price.levels[1],
                             winwin.Level("110k", 20, 25, 110000))
            self.assertEqual(m.package_count, 9)
            self.assertEqual(m.opening, {"price": "120k", "payment": "net 30"})
            self.assertEqual(m.counter, {"price": "110k", "payment": "net 30"})
            self.assertEqual(m.budget, 30)
            inter = m.interactions
            self.assertEqual(len(inter), 1)
            self.assertEqual(inter[0].when, {"price": ("120k",),
                                             "payment": ("net 60", "net 90")})
            self.assertEqual(inter[0].seller, -4)
            cons = m.constraints
            self.assertEqual(cons[0].kind, "forbid")
            self.assertEqual(cons[0].when, {"price": ("100k",),
                                            "payment": ("net 90",)})

    def test_clear_and_setters(self) -> None:
        with acme_built() as m:
            m.buyer.reservation = None
            self.assertIsNone(m.buyer.reservation)
            m.seller.weight = 2.5
            self.assertEqual(m.seller.weight, 2.5)
            m.budget = None
            self.assertIsNone(m.budget)
            m.counter = None
            self.assertIsNone(m.counter)
            m.opening = ["110k", "net 60"]  # labels in term order
            self.assertEqual(m.opening, {"price": "110k", "payment": "net 60"})

    def test_level_forms(self) -> None:
        with winwin.Model() as m:
            m.add_term("a", [winwin.Level("x", 1, 2), {"label": "y",
                                                       "buyer": 3,
                                                       "seller": 4,
                                                       "value": 7}])
            m.add_term(winwin.Term("b", (winwin.Level("p", 0, 0),), "u"))
            self.assertEqual(m.term("a").levels[1].value, 7)
            self.assertIsNone(m.term("a").levels[0].value)
            self.assertEqual(m.term("b").unit, "u")

    def test_range_term(self) -> None:
        with winwin.Model() as m:
            t = m.add_range_term("payment", 30, 90, 15,
                                 buyer=[(30, 0), (90, 18)],
                                 seller=[(30, 12), (90, 0)], unit="days")
            self.assertEqual(t.labels, ["30 days", "45 days", "60 days",
                                        "75 days", "90 days"])
            self.assertTrue(close(t.levels[2].buyer, 9))
            self.assertTrue(close(t.levels[2].seller, 6))
            self.assertEqual(t.levels[4].value, 90)
            self.assertIsNotNone(t.range)
            self.assertEqual(t.range.buyer, ((30, 0), (90, 18)))
            # A Term with a range is re-added as a range term.
            with winwin.Model() as m2:
                m2.add_term(t)
                self.assertEqual(m2.term("payment").labels, t.labels)

    def test_linear_and_product(self) -> None:
        with acme_built() as m:
            i = m.linear({"price": 1, "payment": 1000}, max=200000)
            self.assertEqual(i, 1)
            c = m.constraints[1]
            self.assertEqual(c.kind, "linear")
            self.assertEqual(c.coefs, {"price": 1, "payment": 1000})
            self.assertIsNone(c.min)
            self.assertEqual(c.max, 200000)
            j = m.product("price", "payment", seller=-0.0002)
            self.assertEqual(m.interactions[j].product, ("price", "payment"))
            ev = m.evaluate({"price": "120k", "payment": "net 90"},
                            search=False)
            self.assertTrue(close(ev.seller, 45 - 4 - 0.0002 * 120000 * 90))
            self.assertFalse(ev.feasible)  # 120000 + 90000 > 200000
            self.assertEqual(ev.violation, "linear")
            self.assertEqual(ev.constraint, 1)

    def test_copy_and_pickle(self) -> None:
        with acme_built() as m:
            c = m.copy()
            c.buyer.reservation = None
            self.assertEqual(m.buyer.reservation, 20)
            d = copy.deepcopy(m)
            self.assertEqual(d.term_names, m.term_names)
            p = pickle.loads(pickle.dumps(m))
            self.assertEqual(p.dumps(), m.dumps())

    def test_points_are_ordinary(self) -> None:
        """Frontier points are built without Point.__init__ (results.py's
        _point): they must still be plain, frozen Points, equal to the
        same fields passed to the constructor."""
        with acme_built() as m:
            front = m.frontier()
            self.assertGreater(len(front), 0)
            for p in front:
                self.assertIs(type(p), winwin.Point)
                q = winwin.Point(p.buyer, p.seller, p.joint, dict(p.package))
                self.assertEqual(p, q)
                self.assertEqual(repr(p), repr(q))
                self.assertEqual(dataclasses.asdict(p), dataclasses.asdict(q))
                with self.assertRaises(dataclasses.FrozenInstanceError):
                    p.buyer = 0.0  # type: ignore[misc]
            self.assertNotEqual(front[0], winwin.Point(
                front[0].buyer + 1, front[0].seller, front[0].joint,
                dict(front[0].package)))


class Errors(unittest.TestCase):
    def test_duplicate_term(self) -> None:
        with acme_built() as m:
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.add_term("price", [("x", 0, 0)])
            e = cm.exception
            self.assertEqual(e.status, winwin.Status.DUPLICATE)
            self.assertIn("price", e.message)
            self.assertIsInstance(e, ValueError)
            self.assertIsInstance(e, winwin.Error)
            # all or nothing: the model is unchanged
            self.assertEqual(m.term_names, ["price", "payment"])

    def test_bad_level_rolls_back(self) -> None:
        with acme_built() as m:
            m.budget = None
            m.opening = None
            m.counter = None
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.add_term("scope", [("full", 1, 2), ("full", 3, 4)])
            self.assertEqual(cm.exception.status, winwin.Status.DUPLICATE)
            self.assertIn("full", cm.exception.message)
            self.assertEqual(m.term_names, ["price", "payment"])
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.add_term("scope", [("full", math.nan, 2)])
            self.assertIn("scope", cm.exception.message)
            self.assertEqual(m.term_names, ["price", "payment"])
            self.assertEqual(m.best().status, "optimal")

    def test_answers_follow_new_terms(self) -> None:
        """A model keeps its labels for the queries' answers: a term added
        after a query, or a failed add rolled back, shows in the next one."""
        with acme_built() as m:
            m.budget = None
            m.opening = None
            m.counter = None
            self.assertEqual(list(m.best().package), ["price", "payment"])
            with self.assertRaises(winwin.InvalidModel):
                m.add_term("scope", [("full", 1, 2), ("full", 3, 4)])
            self.assertEqual(list(m.best().package), ["price", "payment"])
            m.add_term("scope", [("lite", 0, 0), ("full", 5, 1)])
            got = m.best()
            self.assertEqual(got.package, {"price": "110k",
                                           "payment": "net 90",
                                           "scope": "full"})
            self.assertEqual(got.joint, (20 + 18 + 5) + (25 + 0 + 1))
            m.add_range_term("seats", 10, 20, 10, buyer=[(10, 0), (20, 4)],
                             seller=[(10, 3), (20, 0)])
            front = m.frontier()
            self.assertTrue(front)
            for p in front:
                self.assertEqual(list(p.package),
                                 ["price", "payment", "scope", "seats"])
                self.assertIn(p.package["seats"], ("10", "20"))
            ref = {"price": "100k", "payment": "net 30", "scope": "lite",
                   "seats": "10"}
            t = m.trades(ref, max_changes=1, top=10, concede=100)
            changed = {(c.term, c.from_, c.to, c.buyer, c.seller)
                       for tr in t for c in tr.changes}
            self.assertIn(("seats", "10", "20", 4, -3), changed)
            self.assertIn(("scope", "lite", "full", 5, 1), changed)

    def test_empty_and_bad_levels(self) -> None:
        with winwin.Model() as m:
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.add_term("scope", [])
            self.assertIn("scope", cm.exception.message)
            with self.assertRaises(TypeError):
                m.add_term("scope", [("full", "1", 2)])
            with self.assertRaises(TypeError):
                m.add_term("scope", [("full", 1)])
            with self.assertRaises(TypeError):
                m.add_term("scope", [{"label": "x", "buyer": 1, "sellr": 2}])
            self.assertEqual(m.term_names, [])

    def test_terms_after_opening(self) -> None:
        with acme_built() as m:
            with self.assertRaises(winwin.Misuse) as cm:
                m.add_term("scope", [("full", 1, 2)])
            self.assertIn("scope", cm.exception.message)

    def test_not_found(self) -> None:
        with acme_built() as m:
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.forbid({"colour": "red"})
            self.assertEqual(cm.exception.status, winwin.Status.NOT_FOUND)
            self.assertIn("colour", cm.exception.message)
            with self.assertRaises(winwin.InvalidModel) as cm:
                m.opening = {"price": "999k", "payment": "net 30"}
            self.assertEqual(cm.exception.status, winwin.Status.NOT_FOUND)
            self.assertIn("999k", cm.exception.message)
            with self.assertRaises(winwin.InvalidModel):
                m.evaluate({"price": "110k"})  # a term is missing
            with self.assertRaises(winwin.InvalidModel):
                m.evaluate(["110k"])

    def test_invalid_values(self) -> None:
        with acme_built() as m:
            with self.assertRaises(winwin.InvalidModel):
                m.buyer.weight = 0
            with self.assertRaises(winwin.InvalidModel):
                m.budget = -1
            with self.assertRaises(winwin.InvalidModel):
                m.buyer.reservation = math.inf
            with self.assertRaises(TypeError):
                m.buyer.reservation = "high"  # type: ignore[assignment]
            with self.assertRaises(ValueError):
                m.best(method="magic")
            with self.assertRaises(ValueError):
                m.trades("sideways")

    def test_budget_needs_opening(self) -> None:
        with winwin.Model() as m:
            m.add_term("a", [("x", 0, 0)])
            with self.assertRaises(winwin.Error) as cm:
                m.budget = 5
            self.assertIn("opening", cm.exception.message)
            self.assertIsNone(m.budget)

    def test_closed(self) -> None:
        m = acme_built()
        m.close()
        m.close()  # idempotent
        self.assertTrue(m.closed)
        with self.assertRaises(winwin.Misuse):
            m.best()
        with self.assertRaises(winwin.Misuse):
            _ = m.name
        self.assertIn("closed", repr(m))

    def test_glpk_out_of_memory(self) -> None:
        # GLPK out of memory for real (its environment's limit, 1 MB, under
        # what a 150 x 10 model's MIP takes): SolverError, and the same
        # model answers next (the limit went with GLPK's environment)
        import ctypes
        import ctypes.util
        import json
        import random
        rnd = random.Random(3)
        doc = {"format": "winwin/1", "name": "big", "terms": [
            {"name": "t%d" % i, "levels": [
                {"label": "l%d" % k, "buyer": rnd.randint(0, 100),
                 "seller": rnd.randint(0, 100)} for k in range(10)]}
            for i in range(150)]}
        glpk = ctypes.CDLL(ctypes.util.find_library("glpk") or "libglpk.so.40")
        with winwin.loads(json.dumps(doc)) as m:
            want = m.best(method="mip")
            glpk.glp_mem_limit(1)
            try:
                with self.assertRaises(winwin.SolverError) as cm:
                    m.best(method="mip")
                self.assertIn("GLPK", cm.exception.message)
                self.assertIsInstance(cm.exception, RuntimeError)
            finally:  # never leave the limit to later tests
                winwin._lib.lib.ww_thread_cleanup()
            got = m.best(method="mip")
            self.assertEqual((got.buyer, got.seller, got.package),
                             (want.buyer, want.seller, want.package))

    def test_status_classes(self) -> None:
        S = winwin.Status
        self.assertIs(winwin.errors.error_class(S.INVALID), winwin.InvalidModel)
        self.assertIs(winwin.errors.error_class(S.OUT_OF_RANGE),
                      winwin.InvalidModel)
        self.assertIs(winwin.errors.error_class(S.PARSE_ERROR),
                      winwin.ParseError)
        self.assertTrue(issubclass(winwin.FileError, OSError))
        self.assertTrue(issubclass(winwin.OutOfMemory, MemoryError))
        self.assertTrue(issubclass(winwin.SolverError, winwin.Error))
        self.assertTrue(issubclass(winwin.TooLarge, winwin.Error))
        self.assertTrue(issubclass(winwin.Unsupported, winwin.Error))
        e = winwin.errors.make_error(S.TOO_LARGE, "too big")
        self.assertIsInstance(e, winwin.TooLarge)
        self.assertEqual(str(e), "too big")
        self.assertEqual(pickle.loads(pickle.dumps(e)).message, "too big")


class QueryOptions(unittest.TestCase):
    def model(self) -> winwin.Model:
        path = os.path.join(DEALS, "supply-contract.json")
        if not os.path.exists(path):
            self.fail("no examples/deals/supply-contract.json")
        return winwin.Model.load(path)

    def test_progress_stops(self) -> None:
        with self.model() as m:
            full = m.frontier()
            calls: list = []
            f = m.frontier(method="mip",
                           progress=lambda *a: calls.append(a) or True)
            self.assertEqual(f.status, "time_limit")
            self.assertLess(len(f), len(full))
            self.assertGreaterEqual(len(calls), 1)
            points, solves, elapsed = calls[0]
            self.assertIsInstance(points, int)
            self.assertIsInstance(solves, int)
            self.assertGreaterEqual(elapsed, 0.0)

    def test_progress_exception_propagates(self) -> None:
        def boom(*_a: object) -> bool:
            raise KeyError("boom")
        with self.model() as m:
            with self.assertRaises(KeyError):
                m.frontier(method="mip", progress=boom)
            self.assertEqual(m.best().status, "optimal")  # still usable

    def test_raising_progress_leaves_nothing_alive(self) -> None:
        # the exception was kept in a list its callback also held, a
        # cycle through ctypes objects the collector cannot see: 4.5 kB a
        # query, for good
        import gc

        class Boom(Exception):
            pass

        def boom(*_a: object) -> bool:
            raise Boom()
        raised = 0
        with self.model() as m:
            for _ in range(50):
                try:  # not assertRaises: it clears the traceback's frames
                    m.frontier(method="dp", progress=boom)
                except Boom:
                    raised += 1
        self.assertEqual(raised, 50)
        gc.collect()
        self.assertEqual(sum(isinstance(o, Boom) for o in gc.get_objects()),
                         0)

    def test_progress_must_not_use_its_model(self) -> None:
        # closing or changing the model from the callback freed the C model
        # under the running query (a crash); each use is now Misuse, and
        # the model stays usable
        path = os.path.join(SOURCE, "tests", "files", "data", "hard-mip.json")
        m = winwin.Model.load(path)
        tries = [lambda: m.close(),
                 lambda: m.add_term("z", [("a", 1, 1)]),
                 lambda: setattr(m, "name", "x"),
                 lambda: m.best(),
                 lambda: m.frontier(),
                 lambda: m.name]
        seen: list = []

        def cb(*_a: object) -> bool:
            for f in tries:
                try:
                    f()
                    seen.append("ran")
                except winwin.Misuse as e:
                    seen.append("misuse")
                    self.assertIn("progress callback", str(e))
            return True
        r = m.best(progress=cb, time_limit=20)
        self.assertEqual(r.status, "time_limit")
        self.assertEqual(seen[:len(tries)], ["misuse"] * len(tries))
        self.assertFalse(m.closed)
        self.assertEqual(m.name, m.name)
        self.assertIsNotNone(m.best(time_limit=0.2).package)
        m.close()

    def test_results_are_read_only(self) -> None:
        # Frontier, Offers and Trades were plain attributes (the README
        # says frozen, as the dataclasses are)
        with self.model() as m:
            answers = [m.frontier(), m.meso(), m.trades("opening", top=3)]
        for a in answers:
            for name in ("status", "stats", "reason"):
                with self.assertRaises(AttributeError):
                    setattr(a, name, None)
                with self.assertRaises(AttributeError):
                    delattr(a, name)
            self.assertEqual(pickle.loads(pickle.dumps(a)), a)
            self.assertEqual(copy.deepcopy(a), a)
        with self.assertRaises(AttributeError):
            answers[1].band = 0.0  # type: ignore[misc]

    def test_counts_are_c_ints(self) -> None:
        with self.model() as m:
            for bad in (2**32, 2**70, -1):
                with self.assertRaises(winwin.InvalidModel):
                    m.trades(top=bad)
                with self.assertRaises(winwin.InvalidModel):
                    m.meso(count=bad)
                with self.assertRaises(winwin.InvalidModel):
                    m.trades(max_changes=bad)
                with self.assertRaises(winwin.InvalidModel):
                    m.frontier(max_points=bad)
            with self.assertRaises(winwin.InvalidModel):
                m.frontier(max_points=0)
            for bad in (2.9, "3", True, None):
                with self.assertRaises(TypeError):
                    m.meso(count=bad)  # type: ignore[arg-type]
                with self.assertRaises(TypeError):
                    m.trades(top=bad)  # type: ignore[arg-type]
            self.assertEqual(len(m.frontier(max_points=2)), 2)
            self.assertEqual(len(m.trades(top=0)), 0)

    def test_max_points_and_time_limit(self) -> None:
        with self.model() as m:
            full = m.frontier()
            self.assertGreater(len(full), 3)
            part = m.frontier(max_points=3)
            self.assertEqual(part.status, "time_limit")
            self.assertEqual(len(part), 3)
            for p in part:  # frontier points, whichever were found first
                self.assertIn((p.buyer, p.seller),
                              [(q.buyer, q.seller) for q in full])
            quick = m.frontier(time_limit=30)
            self.assertEqual(quick, full)
            self.assertIsNotNone(quick.stats)
            for bad in (0, -1, math.nan):
                with self.assertRaises(winwin.InvalidModel):  # ValueError
                    m.best(time_limit=bad)


class Files(unittest.TestCase):
    def setUp(self) -> None:
        winwin.Model.loads(ACME).close()

    def test_loads_takes_text(self) -> None:
        for bad in (5, None, 2.5):
            with self.assertRaises(TypeError):
                winwin.Model.loads(bad)  # type: ignore[arg-type]
        winwin.Model.loads(bytearray(ACME.encode())).close()

    def test_nul_in_a_path(self) -> None:
        # C read the path up to the NUL: save wrote another file, load
        # read one (open() refuses such a path)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.json")
            with winwin.Model.loads(ACME) as m:
                with self.assertRaises(winwin.InvalidModel):
                    m.save(path + "\0.txt")
                self.assertFalse(os.path.exists(path))
                m.save(path)
            with self.assertRaises(ValueError):
                winwin.Model.load(path + "\0junk")
            winwin.Model.load(path).close()

    def test_strings_any_escape(self) -> None:
        # every kind of string, escaped or raw (\u escapes, surrogate pairs
        # for astral characters, quotes, control escapes): loads with the
        # same text, and saves and loads back the same.  The loader checks
        # the strings' bytes against the text's, so a miscount would refuse
        # a valid document as out of memory.
        import json
        import random
        rnd = random.Random(11)
        chars = ['a', '"', '\\', '/', '\b', '\f', '\n', '\r', '\t',
                 '\x7f', 'é', '€', '中', '\u07ff', '\u0800', '\uffff',
                 '😀', '\U0010ffff', ' ']

        def text() -> str:
            return ''.join(rnd.choice(chars)
                           for _ in range(rnd.randint(0, 30)))
        for i in range(300):
            names = [text() + "#%d" % t for t in range(2)]
            labels = [[text() + "%d" % k for k in range(3)] for _ in names]
            doc = {"format": "winwin/1", "name": text(),
                   "x-" + text(): [text(), {text(): text()}],
                   "terms": [{"name": n, "unit": text(), "levels": [
                       {"label": lab, "buyer": k, "seller": 2 - k}
                       for k, lab in enumerate(ls)]}
                       for n, ls in zip(names, labels)]}
            src = json.dumps(doc, ensure_ascii=i % 2 == 0)
            with self.subTest(i=i), winwin.Model.loads(src) as m:
                self.assertEqual(m.name, doc["name"])
                self.assertEqual(m.term_names, names)
                self.assertEqual([t.labels for t in m.terms],
                                 labels)
                with winwin.Model.loads(m.dumps()) as back:
                    self.assertEqual(back.terms, m.terms)

    def test_loads_matches_built(self) -> None:
        with winwin.Model.loads(ACME) as a, acme_built() as b:
            self.assertEqual(a.terms, b.terms)
            self.assertEqual(a.interactions, b.interactions)
            self.assertEqual(a.constraints, b.constraints)
            self.assertEqual(a.opening, b.opening)
            self.assertEqual(a.budget, b.budget)
            self.assertEqual(a.best(), b.best())

    def test_save_load_roundtrip(self) -> None:
        with acme_built() as m, tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "deal.json")
            m.save(path)
            with winwin.Model.load(path) as back:
                self.assertEqual(back.dumps(), m.dumps())
                self.assertEqual(back.terms, m.terms)
            text = m.dumps()
            self.assertIn('"winwin/1"', text)
            with winwin.loads(text) as back:
                self.assertEqual(back.dumps(), text)

    def test_parse_error_position(self) -> None:
        bad = ACME.replace('"seller": 45}', '"seller": "x"}')
        with self.assertRaises(winwin.Error) as cm:
            winwin.Model.loads(bad, name="deal.json")
        e = cm.exception
        self.assertIsInstance(e, (winwin.ParseError, winwin.InvalidModel))
        self.assertEqual(e.file, "deal.json")
        self.assertEqual(e.line, 11)
        self.assertGreater(e.column, 0)
        self.assertEqual(e.path, "terms[0].levels[2].seller")
        self.assertIn("deal.json:11:", e.message)
        self.assertIn("terms[0].levels[2].seller", e.message)
        self.assertIsInstance(e, ValueError)

    def test_bad_models(self) -> None:
        """Each rejected file names its position, JSON path and problem."""
        cases = [
            ("winwin/1", "winwin/2", winwin.Unsupported, "format", "winwin/2"),
            ('"opening": {"price": "120k"', '"opening": {"price": "130k"',
             winwin.InvalidModel, "opening.price", "130k"),
            ('"name": "payment"', '"name": "price"', winwin.InvalidModel,
             "terms[1].name", "price"),
            ('"weight": 1}', '"weight": 0}', winwin.InvalidModel,
             "buyer.weight", "weight"),
            ('"concession_budget": 30', '"concession_budget": -3',
             winwin.InvalidModel, "concession_budget", "-3"),
            ('"terms"', '"x-terms"', winwin.ParseError, "", "terms"),
        ]
        for old, new, cls, path, word in cases:
            with self.subTest(path=path, word=word):
                with self.assertRaises(cls) as cm:
                    winwin.Model.loads(ACME.replace(old, new, 1),
                                       name="d.json")
                e = cm.exception
                self.assertEqual(e.file, "d.json")
                self.assertGreater(e.line, 0)
                self.assertEqual(e.path, path)
                self.assertIn(word, e.message)
                self.assertTrue(e.message.startswith(f"d.json:{e.line}:"))
                self.assertIn(e.reason, e.message)

    def test_loads_bytes(self) -> None:
        with winwin.Model.loads(ACME.encode("utf-8")) as m:
            self.assertEqual(m.name, "Acme renewal")

    def test_syntax_error(self) -> None:
        with self.assertRaises(winwin.ParseError) as cm:
            winwin.Model.loads('{"format": "winwin/1",', name="cut.json")
        self.assertEqual(cm.exception.file, "cut.json")
        self.assertGreater(cm.exception.line, 0)

    def test_unknown_key(self) -> None:
        bad = ACME.replace('"unit": "points"', '"unti": "points"')
        with self.assertRaises(winwin.Error) as cm:
            winwin.Model.loads(bad)
        self.assertIn("unti", cm.exception.message)
        ok = ACME.replace('"unit": "points"', '"x-note": "kept"')
        winwin.Model.loads(ok).close()

    def test_missing_file(self) -> None:
        with self.assertRaises(winwin.FileError) as cm:
            winwin.Model.load("/nonexistent/deal.json")
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("/nonexistent/deal.json", cm.exception.message)

    def test_save_to_bad_path(self) -> None:
        with acme_built() as m:
            with self.assertRaises(winwin.FileError):
                m.save("/nonexistent/dir/deal.json")

    def test_package_file(self) -> None:
        with acme_built() as m, tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "offer.json")
            with open(path, "w") as f:
                f.write('{"price": "110k", "payment": "net 60"}')
            self.assertEqual(m.load_package(path),
                             {"price": "110k", "payment": "net 60"})

    def test_example_deals_load(self) -> None:
        if not os.path.isdir(DEALS):
            self.fail("no examples/deals")
        names = [f for f in os.listdir(DEALS) if f.endswith(".json")]
        for name in names:
            with self.subTest(deal=name):
                with winwin.Model.load(os.path.join(DEALS, name)) as m:
                    self.assertGreater(len(m.term_names), 0)

    def test_genius(self) -> None:
        base = os.path.join(GENIUS, "anac", "y2010", "ItexvsCypress")
        if not os.path.isdir(base):
            self.fail("no Genius corpus (../shared/genius)")
        files = [os.path.join(base, f"ItexvsCypress_{x}.xml")
                 for x in ("domain", "Itex", "Cypress")]
        with winwin.import_genius(*files) as m:
            self.assertGreater(len(m.term_names), 0)
            self.assertIsInstance(m.warnings, list)
            self.assertIn(m.best().status, ("optimal", "infeasible"))
        with self.assertRaises(winwin.Error) as cm:
            winwin.import_genius(files[0], files[1], "/nonexistent.xml")
        self.assertIn("nonexistent.xml", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
