"""Tests of the winwin command-line tool (spec section 4).

Run:  WINWIN=build/examples/winwin /usr/bin/python3 tests/cli/test_cli.py
(or pass the binary as the first argument).  The answers on the example deals
are checked against an independent brute force (reference.py).
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference  # noqa: E402

if len(sys.argv) > 1 and os.path.isfile(sys.argv[1]) and os.access(sys.argv[1], os.X_OK):
    WINWIN = os.path.abspath(sys.argv.pop(1))
else:
    WINWIN = os.environ.get("WINWIN", "winwin")
DEALS = os.environ.get("WINWIN_DEALS",
                       os.path.join(HERE, "..", "..", "examples", "deals"))
GENIUS = os.environ.get("WINWIN_GENIUS", "/work/shared/genius")
SPEC = os.path.join(DEALS, "acme-renewal.json")
EXAMPLES = sorted(os.path.join(DEALS, f) for f in os.listdir(DEALS)
                  if f.endswith(".json"))
TOL = 1e-6


def run(*args, stdin=None, env=None):
    e = dict(os.environ)
    e.pop("WINWIN_PROGRESS", None)
    if env:
        e.update(env)
    p = subprocess.run([WINWIN] + [str(a) for a in args], input=stdin,
                       capture_output=True, text=True, env=e, timeout=300)
    return p.returncode, p.stdout, p.stderr


def run_json(testcase, *args):
    rc, out, err = run(*args, "--json")
    testcase.assertEqual(rc, 0, err)
    return json.loads(out)  # exactly one document, or this raises


def load_ref(path):
    with open(path) as f:
        return reference.Model(json.load(f))


def pkg_tuple(model, mapping):
    return tuple(model.label_index(name, mapping[name]) for name, _, _ in model.terms)


def zero_sum_doc(seed, nterms, nlevels, term="t%d", label="l%d",
                 draw=(10 ** 6, 1e5)):
    """A model whose levels' utilities sum to the same on each term, so
    that nearly every package is a frontier point (seeded: U_b is
    randint(0, draw[0]) / draw[1])."""
    rnd = random.Random(seed)
    terms = []
    for t in range(nterms):
        levels = []
        for k in range(nlevels):
            b = rnd.randint(0, draw[0]) / draw[1]
            levels.append({"label": label % k, "buyer": b,
                           "seller": t + 20 - b})
        terms.append({"name": term % t, "levels": levels})
    return {"format": "winwin/1", "name": "zero-sum", "terms": terms}


class Temp:
    """A temporary directory with helpers to write files, removed when the
    test that made it ends."""

    def __init__(self, testcase):
        self.dir = tempfile.TemporaryDirectory()
        testcase.addCleanup(self.dir.cleanup)

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path


class SpecExample(unittest.TestCase):
    """The three true answers of spec section 4 on the section-2 model."""

    def test_best(self):
        d = run_json(self, "best", SPEC)
        self.assertEqual(d["status"], "optimal")
        self.assertEqual(d["package"], {"price": "110k", "payment": "net 60"})
        self.assertEqual(d["buyer"], 30)
        self.assertEqual(d["seller"], 31)
        self.assertEqual(d["joint"], 61)

    def test_frontier(self):
        d = run_json(self, "frontier", SPEC)
        self.assertEqual(d["status"], "optimal")
        pts = [(p["buyer"], p["seller"], (p["package"]["price"], p["package"]["payment"]))
               for p in d["points"]]
        self.assertEqual(pts, [(20, 37, ("110k", "net 30")), (30, 31, ("110k", "net 60"))])

    def test_trades_from_counter_concede_6(self):
        d = run_json(self, "trades", SPEC, "--from", "counter", "--concede", "6")
        self.assertEqual(d["status"], "optimal")
        self.assertEqual(d["reference"]["buyer"], 20)
        self.assertEqual(d["reference"]["seller"], 37)
        self.assertEqual(d["reference"]["joint"], 57)
        self.assertEqual(len(d["trades"]), 1)
        t = d["trades"][0]
        self.assertEqual(t["package"], {"price": "110k", "payment": "net 60"})
        self.assertEqual((t["buyer"], t["seller"], t["joint"]), (30, 31, 61))
        self.assertEqual(t["changes"], [{"term": "payment", "from": "net 30", "to": "net 60",
                                         "buyer": 10, "seller": -6}])

    def test_trades_without_concession_finds_none(self):
        d = run_json(self, "trades", SPEC, "--from", "counter")
        self.assertEqual(d["trades"], [])
        rc, out, err = run("trades", SPEC)
        self.assertEqual(rc, 0, err)
        self.assertIn("no trade", out)

    def test_text_outputs(self):
        rc, out, err = run("best", SPEC)
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        self.assertTrue(any(l.split() == ["price", "110k", "20", "25"] for l in lines), out)
        self.assertTrue(any(l.split() == ["payment", "net", "60", "10", "6"] for l in lines), out)
        self.assertTrue(any(l.split() == ["total", "30", "31"] for l in lines), out)
        self.assertIn("joint value: 61", out)
        rc, out, err = run("trades", SPEC, "--concede", "6")
        self.assertEqual(rc, 0, err)
        self.assertIn("seller gives", out)
        self.assertRegex(out, r"payment\s+net 30\s+net 60\s+\+10\s+-6")
        rc, out, err = run("frontier", SPEC)
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"1\s+20\s+37\s+57\s+110k\s+net 30")
        self.assertRegex(out, r"2\s+30\s+31\s+61\s+110k\s+net 60")

    def test_nash_kalai(self):
        for cmd in ("nash", "kalai"):
            d = run_json(self, cmd, SPEC)
            self.assertEqual(d["package"], {"price": "110k", "payment": "net 60"}, cmd)
            self.assertEqual(d["disagreement"], {"buyer": 20, "seller": 10})
            self.assertEqual(d["ideal"], {"buyer": 30, "seller": 37})

    def test_no_limits(self):
        m = load_ref(SPEC)
        d = run_json(self, "best", SPEC, "--no-limits")
        self.assertEqual(pkg_tuple(m, d["package"]), m.best(no_limits=True))
        self.assertEqual(d["package"], {"price": "110k", "payment": "net 90"})
        self.assertEqual(d["joint"], 63)

    def test_budget_override(self):
        # A larger budget admits (110k, net 90): U_s 25 >= 57 - 100.
        m = load_ref(SPEC)
        d = run_json(self, "best", SPEC, "--budget", "100")
        self.assertEqual(pkg_tuple(m, d["package"]), m.best(budget=100))
        self.assertEqual(d["joint"], 63)
        # Budget 0 keeps only the opening, which the buyer's reservation rules out.
        d = run_json(self, "best", SPEC, "--budget", "0")
        self.assertEqual(d["status"], "infeasible")
        self.assertIsNone(d["package"])
        self.assertTrue(d.get("reason"))
        rc, out, err = run("best", SPEC, "--budget", "0")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("no agreement zone: "), out)
        d = run_json(self, "frontier", SPEC, "--budget", "0")
        self.assertEqual((d["status"], d["points"]), ("infeasible", []))

    def test_evaluate(self):
        d = run_json(self, "evaluate", SPEC, "--offer", "opening")
        self.assertEqual((d["buyer"], d["seller"], d["joint"]), (0, 57, 57))
        self.assertTrue(d["feasible"])
        self.assertFalse(d["admissible"])
        self.assertEqual(d["violation"]["kind"], "buyer_reservation")
        self.assertEqual(d["concession"], 0)
        self.assertEqual(d["value_left"], 4)
        d = run_json(self, "evaluate", SPEC, "--offer", "counter")
        self.assertTrue(d["admissible"])
        self.assertIsNone(d["violation"])
        self.assertEqual(d["concession"], 20)
        self.assertEqual(d["value_left"], 4)
        self.assertFalse(d["has_improvement"])  # (20, 37) is on the frontier
        t = Temp(self)
        pkg = t.write("p.json", '{"price": "100k", "payment": "net 90"}')
        d = run_json(self, "evaluate", SPEC, "--offer", pkg)
        self.assertFalse(d["feasible"])
        self.assertEqual(d["violation"]["kind"], "forbid")
        rc, out, err = run("evaluate", SPEC, "--offer", pkg)
        self.assertEqual(rc, 0, err)
        self.assertIn("admissible:  no: constraint 1 forbids price=100k, payment=net 90", out)

    def test_check(self):
        d = run_json(self, "check", SPEC)
        self.assertEqual((d["terms"], d["levels"], d["packages"]), (2, 6, 9))
        self.assertEqual(d["warnings"], [])
        self.assertEqual(d["opening"]["seller"], 57)
        rc, out, err = run("check", SPEC)
        self.assertEqual(rc, 0, err)
        self.assertIn("2 terms, 6 levels, 9 packages", out)

    def test_stdin_model(self):
        with open(SPEC) as f:
            text = f.read()
        rc, out, err = run("best", "-", "--json", stdin=text)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["joint"], 61)


class Examples(unittest.TestCase):
    """Every query on every example deal, against brute force."""

    def test_examples_present(self):
        names = {os.path.basename(p) for p in EXAMPLES}
        self.assertIn("acme-renewal.json", names)
        self.assertGreaterEqual(len(names), 4)

    def check_single(self, path, d, m):
        p = pkg_tuple(m, d["package"])
        self.assertTrue(m.admissible(p), path)
        ub, us = m.utilities(p)
        self.assertAlmostEqual(d["buyer"], ub, delta=TOL)
        self.assertAlmostEqual(d["seller"], us, delta=TOL)
        self.assertAlmostEqual(d["joint"], m.joint(p), delta=TOL)
        return p

    def test_check_all(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                d = run_json(self, "check", path)
                m = load_ref(path)
                self.assertEqual(d["terms"], len(m.terms))
                self.assertEqual(d["packages"],
                                 math.prod(len(lv) for _, _, lv in m.terms))
                rc, out, err = run("check", path)
                self.assertEqual(rc, 0, err)

    def test_best(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                m = load_ref(path)
                d = run_json(self, "best", path)
                self.assertEqual(d["status"], "optimal")
                self.check_single(path, d, m)
                bj, bs = m.best_value()
                self.assertAlmostEqual(d["joint"], bj, delta=TOL)
                self.assertAlmostEqual(d["seller"], bs, delta=TOL)

    def test_frontier(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                m = load_ref(path)
                d = run_json(self, "frontier", path)
                front = m.frontier()
                self.assertGreater(len(front), 0)
                self.assertEqual(len(d["points"]), len(front))
                for pt, (fb, fs) in zip(d["points"], front):
                    self.assertAlmostEqual(pt["buyer"], fb, delta=TOL)
                    self.assertAlmostEqual(pt["seller"], fs, delta=TOL)
                    p = pkg_tuple(m, pt["package"])
                    self.assertTrue(m.admissible(p))
                    self.assertAlmostEqual(m.utilities(p)[0], fb, delta=TOL)
                sellers = [pt["seller"] for pt in d["points"]]
                self.assertEqual(sellers, sorted(sellers, reverse=True))

    def test_trades_from_counter(self):
        for path in EXAMPLES:
            for concede in (0, 6):
                with self.subTest(path=path, concede=concede):
                    m = load_ref(path)
                    d = run_json(self, "trades", path, "--from", "counter",
                                 "--concede", concede)
                    want = m.trades(m.counter, concede=concede)
                    if path != SPEC or concede:
                        self.assertGreater(len(d["trades"]), 0)
                    self.assertEqual(len(d["trades"]), len(want))
                    rb, rs = m.utilities(m.counter)
                    self.assertAlmostEqual(d["reference"]["buyer"], rb, delta=TOL)
                    self.assertAlmostEqual(d["reference"]["seller"], rs, delta=TOL)
                    for t, w in zip(d["trades"], want):
                        p = pkg_tuple(m, t["package"])
                        self.assertAlmostEqual(t["joint"], m.joint(w), delta=TOL)
                        self.assertTrue(m.admissible(p))
                        self.assertGreaterEqual(t["buyer"], rb - TOL)
                        self.assertGreaterEqual(t["seller"], rs - concede - TOL)
                        changed = [n for (n, _, lv), a, b in zip(m.terms, p, m.counter) if a != b]
                        self.assertEqual([c["term"] for c in t["changes"]], changed)
                        self.assertLessEqual(len(changed), 2)
                        for c in t["changes"]:
                            lv = m.terms[m.index[c["term"]]][2]
                            fr = m.label_index(c["term"], c["from"])
                            to = m.label_index(c["term"], c["to"])
                            self.assertAlmostEqual(c["buyer"], lv[to][2] - lv[fr][2], delta=TOL)
                            self.assertAlmostEqual(c["seller"], lv[to][3] - lv[fr][3], delta=TOL)
                    joints = [t["joint"] for t in d["trades"]]
                    self.assertEqual(joints, sorted(joints, reverse=True))

    def test_trades_options(self):
        path = os.path.join(DEALS, "saas-renewal.json")
        m = load_ref(path)
        d = run_json(self, "trades", path, "--from", "opening", "--max-changes", "3",
                     "--top", "2", "--concede", "10")
        want = m.trades(m.opening, k=3, n=2, concede=10)
        self.assertEqual([round(t["joint"], 6) for t in d["trades"]],
                         [round(m.joint(p), 6) for p in want])
        t = Temp(self)
        pkg = t.write("ref.json", json.dumps(m.labels(m.counter)))
        d2 = run_json(self, "trades", path, "--from", pkg)
        d3 = run_json(self, "trades", path, "--from", "counter")
        self.assertEqual([x["joint"] for x in d2["trades"]], [x["joint"] for x in d3["trades"]])
        rc, out, err = run("trades", path)
        self.assertEqual(rc, 0, err)
        self.assertIn("trade 1:", out)

    def test_nash_kalai(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                m = load_ref(path)
                d = run_json(self, "nash", path)
                p = self.check_single(path, d, m)
                self.assertAlmostEqual(m.nash_value(p), m.nash_value(m.nash()),
                                       delta=1e-6 * (1 + abs(m.nash_value(p))))
                d = run_json(self, "kalai", path)
                p = self.check_single(path, d, m)
                k = m.kalai()
                self.assertAlmostEqual(m.joint(p), m.joint(k), delta=TOL)

    def test_evaluate(self):
        for path in EXAMPLES:
            for offer in ("opening", "counter"):
                with self.subTest(path=path, offer=offer):
                    m = load_ref(path)
                    p = m.opening if offer == "opening" else m.counter
                    d = run_json(self, "evaluate", path, "--offer", offer)
                    ub, us = m.utilities(p)
                    self.assertAlmostEqual(d["buyer"], ub, delta=TOL)
                    self.assertAlmostEqual(d["seller"], us, delta=TOL)
                    self.assertEqual(d["feasible"], m.feasible(p))
                    self.assertEqual(d["admissible"], m.admissible(p))
                    self.assertAlmostEqual(d["concession"],
                                           m.utilities(m.opening)[1] - us, delta=TOL)
                    self.assertAlmostEqual(d["value_left"], m.value_left(p), delta=TOL)
                    self.assertEqual(d["has_improvement"], m.has_improvement(p))
                    if d["has_improvement"]:
                        q = pkg_tuple(m, d["improvement"]["package"])
                        self.assertTrue(m.admissible(q))
                        self.assertGreaterEqual(m.utilities(q)[0], ub - TOL)
                        self.assertGreaterEqual(m.utilities(q)[1], us - TOL)
                    rc, out, err = run("evaluate", path, "--offer", offer)
                    self.assertEqual(rc, 0, err)
                    self.assertIn("value left:", out)

    def test_meso(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                m = load_ref(path)
                d = run_json(self, "meso", path)
                self.assertIn(d["status"], ("optimal", "infeasible"))
                offers = [pkg_tuple(m, o["package"]) for o in d["offers"]]
                self.assertLessEqual(len(offers), 3)
                self.assertGreaterEqual(len(offers), 1)
                self.assertEqual(len(set(offers)), len(offers))
                _, bs = m.best_value()
                for p in offers:
                    self.assertTrue(m.admissible(p))
                    self.assertLessEqual(m.utilities(p)[1], bs + TOL)
                self.assertIn("diversity", d)
                self.assertAlmostEqual(d["target"], bs, delta=TOL)
                # the default band as used: 5% of the seller's utility
                # range over the feasible packages
                fs = [m.utilities(p)[1] for p in m.packages() if m.feasible(p)]
                self.assertAlmostEqual(d["band"], 0.05 * (max(fs) - min(fs)),
                                       delta=TOL)
        path = os.path.join(DEALS, "saas-renewal.json")
        m = load_ref(path)
        d = run_json(self, "meso", path, "--count", "4", "--target", "70", "--band", "6")
        self.assertEqual((d["target"], d["band"]), (70, 6))
        for o in d["offers"]:
            self.assertTrue(64 - TOL <= o["seller"] <= 70 + TOL, o)
        self.assertLessEqual(len(d["offers"]), 4)
        rc, out, err = run("meso", path, "--count", "2")
        self.assertEqual(rc, 0, err)

    def test_text_every_command(self):
        for path in EXAMPLES:
            for cmd in ("best", "frontier", "nash", "kalai", "trades", "evaluate", "meso"):
                with self.subTest(path=path, cmd=cmd):
                    rc, out, err = run(cmd, path)
                    self.assertEqual(rc, 0, err)
                    self.assertTrue(out.strip())

    def test_time_limit_option(self):
        for cmd in ("best", "frontier", "nash", "kalai", "trades", "evaluate", "meso", "proposal"):
            with self.subTest(cmd=cmd):
                d = run_json(self, cmd, os.path.join(DEALS, "supply-contract.json"),
                             "--time-limit", "30")
                self.assertIn(d["status"], ("optimal", "time_limit"))

    def test_no_limits_everywhere(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                m = load_ref(path)
                d = run_json(self, "frontier", path, "--no-limits")
                self.assertEqual(len(d["points"]), len(m.frontier(no_limits=True)))
                d = run_json(self, "best", path, "--no-limits")
                bj, bs = m.best_value(no_limits=True)
                self.assertAlmostEqual(d["joint"], bj, delta=TOL)
                d = run_json(self, "trades", path, "--no-limits", "--concede", "3")
                want = m.trades(m.counter, concede=3, no_limits=True)
                self.assertEqual(len(d["trades"]), len(want))

    def test_time_limit_on_a_large_model(self):
        rnd = random.Random(7)
        doc = {"format": "winwin/1", "name": "large", "terms": [
            {"name": "t%d" % i, "levels": [
                {"label": "l%d" % k, "buyer": rnd.randint(0, 1000) / 7.0,
                 "seller": rnd.randint(0, 1000) / 3.0} for k in range(10)]}
            for i in range(14)]}
        t = Temp(self)
        path = t.write("large.json", json.dumps(doc))
        rc, out, err = run("frontier", path, "--json", "--time-limit", "0.05")
        self.assertEqual(rc, 0, err)
        d = json.loads(out)
        self.assertIn(d["status"], ("time_limit", "optimal"))
        self.assertEqual(d["proven"], d["status"] != "time_limit")
        for p in d["points"]:
            self.assertEqual(len(p["package"]), 14)
        rc, out, err = run("frontier", path, "--time-limit", "0.05")
        self.assertEqual(rc, 0, err)
        if d["status"] == "time_limit":
            self.assertIn("time limit", out)

    def test_frontier_json_layout(self):
        # the points are written one by one into the document (not built
        # as one tree: 1.7 GB for 927,961 points): the same text as one
        # JSON document of indent 2, numbers aside (jansson's, not
        # Python's), with many points and with none
        doc = zero_sum_doc(11, 3, 13)
        t = Temp(self)
        many = t.write("many.json", json.dumps(doc))
        doc["buyer"] = {"reservation": 1e6}
        none = t.write("none.json", json.dumps(doc))
        number = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
        for path, least in ((many, 1000), (none, 0)):
            with self.subTest(path=path):
                rc, out, err = run("frontier", path, "--json")
                self.assertEqual(rc, 0, err)
                d = json.loads(out)
                self.assertEqual(d["count"], len(d["points"]))
                self.assertGreaterEqual(len(d["points"]), least)
                again = json.dumps(d, indent=2, ensure_ascii=False) + "\n"
                self.assertEqual(number.sub("N", out), number.sub("N", again))

    def test_frontier_text_table_aligned(self):
        # the table's rows are measured in one pass and printed in a
        # second: every row right-aligns its numbers under the header's
        t = Temp(self)
        path = t.write("zs.json", json.dumps(zero_sum_doc(
            3, 3, 12, "term%d", "level-%d", (10 ** 7, 1e3))))
        rc, out, err = run("frontier", path)
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        head = next(i for i, l in enumerate(lines) if l.split()[:2] == ["#", "buyer"])
        rows = lines[head + 1:]
        self.assertGreater(len(rows), 1000)
        token = re.compile(r"\S+")
        ends = [[m.end() for m in token.finditer(lines[head])][:4]]
        for r in rows:
            cells = list(token.finditer(r))
            self.assertEqual(len(cells), 7, r)
            # "#", buyer, seller and joint end where the header's do
            ends.append([m.end() for m in cells[:4]])
        self.assertEqual(len(set(map(tuple, ends))), 1)

    def test_path_option(self):
        # every query, every method forced: the one that answered is the
        # one asked for, and the answer is auto's (the utilities; among
        # tied packages a method may pick another)
        def values(d):
            if "points" in d:
                return [(p["buyer"], p["seller"]) for p in d["points"]]
            if "offers" in d:
                return [(o["buyer"], o["seller"]) for o in d["offers"]]
            if "trades" in d:
                return [(t["buyer"], t["seller"]) for t in d["trades"]]
            return [(d.get("buyer"), d.get("seller"), d.get("value_left"))]
        for path in EXAMPLES:
            for cmd in ("best", "frontier", "nash", "kalai", "trades",
                        "evaluate", "meso"):
                want = run_json(self, cmd, path)
                for method in ("auto", "dp", "mip", "enum"):
                    with self.subTest(path=path, cmd=cmd, method=method):
                        rc, out, err = run(cmd, path, "--json", "--path",
                                           method)
                        if rc == 1:  # a method that does not serve it
                            self.assertNotEqual(method, "auto")
                            self.assertIn('path "%s"' % method, err)
                            self.assertEqual(out, "")
                            continue
                        self.assertEqual(rc, 0, err)
                        d = json.loads(out)
                        if method != "auto":
                            self.assertEqual(d["stats"]["path"], method)
                        self.assertEqual(d["status"], want["status"])
                        got, exp = values(d), values(want)
                        self.assertEqual(len(got), len(exp))
                        for g, e in zip(got, exp):
                            for a, b in zip(g, e):
                                if b is None:
                                    self.assertIsNone(a)
                                else:
                                    self.assertAlmostEqual(a, b, delta=TOL)
        # each forced method answers at least one of these
        seen = set()
        for path in EXAMPLES:
            for method in ("dp", "mip", "enum"):
                if run("frontier", path, "--path", method)[0] == 0:
                    seen.add(method)
        self.assertEqual(seen, {"dp", "mip", "enum"})

    def test_path_not_serving(self):
        # 40 terms of 10 levels: too many packages to enumerate
        doc = {"format": "winwin/1", "name": "wide", "terms": [
            {"name": "t%d" % i, "levels": [
                {"label": "l%d" % k, "buyer": k, "seller": 9 - k}
                for k in range(10)]} for i in range(40)]}
        t = Temp(self)
        path = t.write("wide.json", json.dumps(doc))
        rc, out, err = run("best", path, "--path", "enum")
        self.assertEqual((rc, out), (1, ""))
        self.assertIn('path "enum": 1e+40 packages is more than 1000000', err)

    def test_max_points(self):
        for path in EXAMPLES:
            whole = run_json(self, "frontier", path)["points"]
            for n in (1, 2, len(whole), len(whole) + 1):
                with self.subTest(path=path, n=n):
                    d = run_json(self, "frontier", path, "--max-points", n)
                    # the first n points of the whole frontier
                    self.assertEqual(d["points"], whole[:n])
                    if n < len(whole):
                        self.assertEqual((d["status"], d["proven"],
                                          d["stopped"]),
                                         ("time_limit", False, "max_points"))
                        rc, out, err = run("frontier", path, "--max-points",
                                           n)
                        self.assertEqual(rc, 0, err)
                        self.assertIn("stopped at --max-points %d" % n, out)
                    elif d["status"] == "optimal":
                        self.assertNotIn("stopped", d)

    def test_progress_is_cleared(self):
        rc, out, err = run("frontier", os.path.join(DEALS, "supply-contract.json"), "--json",
                           env={"WINWIN_PROGRESS": "1", "WINWIN_PROGRESS_DELAY": "0"})
        self.assertEqual(rc, 0, err)
        json.loads(out)
        if "MIP solves" in err:  # only when the library reports progress
            # (text mode turns the carriage return into a newline)
            self.assertTrue(err.endswith("\033[K"), repr(err[-40:]))


HARD_MIP = os.path.join(HERE, "..", "files", "data", "hard-mip.json")


class StoppedAnswers(unittest.TestCase):
    """hard-mip.json: best's tie rule and trades' diagnosis are MIPs GLPK
    does not finish in minutes; a time limit's answer says so."""

    def test_proposal_of_a_stopped_best(self):
        d = run_json(self, "proposal", HARD_MIP, "--time-limit", "0.05")
        self.assertEqual((d["status"], d["proven"]), ("time_limit", False))
        self.assertIn("found within the time limit (not proven best)",
                      d["markdown"])
        b = run_json(self, "best", HARD_MIP, "--time-limit", "0.05")
        self.assertEqual(b["status"], "time_limit")
        rc, out, err = run("proposal", HARD_MIP, "--time-limit", "0.05")
        self.assertEqual(rc, 0, err)
        self.assertIn("(not proven best)", out)
        # proven: said as before
        d = run_json(self, "proposal", SPEC)
        self.assertEqual((d["status"], d["proven"]), ("optimal", True))
        self.assertIn("**Basis:** the best joint-value package\n",
                      d["markdown"])

    def test_trades_whose_diagnosis_stopped(self):
        # no trade within 2 changes of the counter (the walk proves it at
        # once); why none is the MIP that does not finish: not "no
        # agreement zone", best's package is admissible
        d = run_json(self, "trades", HARD_MIP, "--time-limit", "0.3")
        self.assertEqual((d["status"], d["proven"]), ("time_limit", False))
        self.assertEqual(d["trades"], [])
        self.assertNotIn("diagnosis", d)
        rc, out, err = run("trades", HARD_MIP, "--time-limit", "0.3")
        self.assertEqual(rc, 0, err)
        self.assertNotIn("agreement zone", out)
        self.assertIn("time limit", out)


class SpecReadings(unittest.TestCase):
    """The readings of the spec that README.md, "What it answers", states,
    on every method: a change to one of them must be deliberate."""

    METHODS = ("auto", "dp", "mip", "enum")

    def answers(self, cmd, doc, *args):
        t = Temp(self)
        path = t.write("m.json", json.dumps(doc))
        out = {}
        for method in self.METHODS:
            rc, text, err = run(cmd, path, "--json", "--path", method, *args)
            if rc == 1 and method == "mip" and "too large for GLPK" in err:
                continue  # refused, by name: no answer to compare
            self.assertEqual(rc, 0, (method, err))
            out[method] = json.loads(text)
        self.assertIn("auto", out)
        return out

    @staticmethod
    def one_term(levels, **extra):
        doc = {"format": "winwin/1", "terms": [{"name": "t", "levels": [
            dict(label=lab, buyer=b, seller=s) for lab, b, s in levels]}]}
        doc.update(extra)
        return doc

    def test_nash_product_ties_within_1e6(self):
        # products 1e-6 (A) and 3.8e-7 (B) tie: the higher J, B, wins
        doc = self.one_term([("A", 0.001, 0.001), ("B", 0.0019, 0.0002),
                             ("C", 0, 0)])
        for method, d in self.answers("nash", doc).items():
            self.assertEqual(d["package"], {"t": "B"}, method)
        # scaled by 1000 the products are 1 and 0.38: A
        doc = self.one_term([("A", 1, 1), ("B", 1.9, 0.2), ("C", 0, 0)])
        for method, d in self.answers("nash", doc).items():
            self.assertEqual(d["package"], {"t": "A"}, method)

    def test_kalai_ratio_ties_within_1e6(self):
        # min ratios 0.5 (A) and 0.4999995 (B) tie: the higher J, B
        doc = self.one_term([("A", 5e6, 5e6 + 5), ("B", 4999995, 1e7),
                             ("C", 1e7, 0), ("D", 0, 0)])
        for method, d in self.answers("kalai", doc).items():
            self.assertEqual(d["package"], {"t": "B"}, method)
        # 50 units apart instead of 5: 5e-6, no tie, A
        doc = self.one_term([("A", 5e6, 5e6 + 5), ("B", 4999950, 1e7),
                             ("C", 1e7, 0), ("D", 0, 0)])
        for method, d in self.answers("kalai", doc).items():
            self.assertEqual(d["package"], {"t": "A"}, method)

    def test_kalai_denominator_within_1e6_is_zero(self):
        # I_b - d_b = 5e-7: every buyer ratio is 1, so A's seller ratio 1
        # wins (read literally: ratios 0, 0, 0.5, and C)
        doc = self.one_term([("A", 0, 10), ("B", 5e-7, 0), ("C", 5e-7, 5)])
        for method, d in self.answers("kalai", doc).items():
            self.assertEqual(d["package"], {"t": "A"}, method)
            # the MIP loop's extreme is the tie rule's package (U_b 0,
            # U_s 10), within 1e-6 of the largest U_b
            self.assertAlmostEqual(d["ideal"]["buyer"], 5e-7, delta=TOL)

    def test_linear_constraint_slack_1e6(self):
        levels = [dict(label="lo", value=1, buyer=0, seller=0),
                  dict(label="hi", value=1.0000005, buyer=10, seller=10)]
        for hi, want in ((1.0000005, "hi"), (1.000002, "lo")):
            levels[1]["value"] = hi
            doc = {"format": "winwin/1",
                   "terms": [{"name": "q", "levels": levels}],
                   "constraints": [{"linear": {"q": 1}, "max": 1}]}
            for method, d in self.answers("best", doc).items():
                self.assertEqual(d["package"], {"q": want}, (hi, method))

    def test_better_for_both_is_a_pareto_improvement(self):
        # Q is no worse for the buyer and 3 better for the seller
        doc = self.one_term([("P", 5, 5), ("Q", 5, 8)], opening={"t": "P"})
        for method, d in self.answers("evaluate", doc, "--offer",
                                      "opening").items():
            self.assertTrue(d["has_improvement"], method)
            self.assertEqual(d["improvement"]["package"], {"t": "Q"})
        # 1e-6 better for the seller is not better
        doc = self.one_term([("P", 5, 5), ("Q", 5, 5 + 1e-6)],
                            opening={"t": "P"})
        for method, d in self.answers("evaluate", doc, "--offer",
                                      "opening").items():
            self.assertFalse(d["has_improvement"], method)


class Interrupt(unittest.TestCase):
    def test_ctrl_c_inside_a_mip(self):
        """best on a model whose one MIP GLPK does not finish in minutes,
        with no time limit: Ctrl-C is heard inside the MIP, and the best
        package found is printed as time_limit (it was heard only between
        MIPs, so the command ran on)."""
        import signal
        import time
        e = dict(os.environ)
        e.pop("WINWIN_PROGRESS", None)
        proc = subprocess.Popen([WINWIN, "best", HARD_MIP, "--json"], env=e,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        t0 = time.time()
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            self.fail("winwin best ran on 60 s after Ctrl-C")
        dt = time.time() - t0
        self.assertEqual(proc.returncode, 0, err)
        d = json.loads(out)
        self.assertEqual(d["status"], "time_limit")
        self.assertFalse(d["proven"])
        self.assertEqual(len(d["package"]), 16)
        self.assertLess(dt, 5.0, "exited %.2f s after Ctrl-C" % dt)


class Svg(unittest.TestCase):
    def test_svg_well_formed(self):
        t = Temp(self)
        for path in EXAMPLES:
            with self.subTest(path=path):
                svg = os.path.join(t.dir.name, os.path.basename(path) + ".svg")
                rc, out, err = run("frontier", path, "--svg", svg)
                self.assertEqual(rc, 0, err)
                root = ET.parse(svg).getroot()
                self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
                text = " ".join(e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}text"))
                for word in ("opening", "counter", "best", "buyer utility",
                             "seller utility", "Legend", "buyer reservation"):
                    self.assertIn(word, text)
                d = run_json(self, "frontier", path, "--svg", svg)
                self.assertEqual(d["svg"], svg)

    def test_svg_infeasible_and_no_limits(self):
        t = Temp(self)
        svg = os.path.join(t.dir.name, "x.svg")
        d = run_json(self, "frontier", SPEC, "--budget", "0", "--svg", svg)
        self.assertEqual(d["status"], "infeasible")
        ET.parse(svg)
        d = run_json(self, "frontier", SPEC, "--no-limits", "--svg", svg)
        root = ET.parse(svg).getroot()
        text = " ".join(e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}text"))
        self.assertNotIn("buyer reservation", text)

    def test_svg_large_frontier(self):
        # past 2,000 points one marker a 2 px and the step line's vertices
        # without repeats or straight runs' inner ones: a small file (a
        # million points made 212 MB)
        t = Temp(self)
        path = t.write("zero-sum.json", json.dumps(zero_sum_doc(5, 4, 10)))
        svg = os.path.join(t.dir.name, "z.svg")
        d = run_json(self, "frontier", path, "--svg", svg)
        n = len(d["points"])
        self.assertGreater(n, 2000)
        self.assertLess(os.path.getsize(svg), 300000)
        root = ET.parse(svg).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        markers = [e for e in root.iter(ns + "g")
                   if e.find(ns + "title") is not None]
        self.assertGreater(len(markers), 50)
        self.assertLess(len(markers), n // 4)
        line = next(root.iter(ns + "polyline")).get("points").split()
        self.assertLess(len(line), n)
        xy = [tuple(map(float, v.split(","))) for v in line]
        for a, b in zip(xy, xy[1:]):  # a staircase: one coordinate moves
            self.assertTrue(a != b and (a[0] == b[0] or a[1] == b[1]), (a, b))
        text = " ".join(e.text or "" for e in root.iter(ns + "text"))
        self.assertIn("frontier point (%d: one marker a 2 px)" % n, text)

    def test_svg_unwritable(self):
        rc, out, err = run("frontier", SPEC, "--svg", "/nonexistent-dir/x.svg")
        self.assertEqual(rc, 1)
        self.assertIn("/nonexistent-dir/x.svg", err)


class Proposal(unittest.TestCase):
    def test_sections(self):
        rc, out, err = run("proposal", SPEC)
        self.assertEqual(rc, 0, err)
        for s in ("# Proposal: Acme renewal", "**From:** Vendor", "**To:** Acme Corp",
                  "## Cost", "## Payment schedule", "## Terms",
                  "## Advantages to Acme Corp", "## Concessions and exchange",
                  "**Vendor conceded:**", "**In exchange, Vendor gets:**"):
            self.assertIn(s, out)
        self.assertIn("- **price**: 110k", out)
        self.assertIn("| payment | net 60 | net 30 |", out)
        # (110k, net 60) vs opening (120k, net 30): the buyer gains on both terms.
        self.assertIn("- **payment**: net 60 instead of net 30 (worth +10 to you)", out)
        self.assertIn("- price: 110k instead of 120k (-20 for Vendor, +20 for Acme Corp)", out)

    def test_examples_sections(self):
        want = {"saas-renewal.json": ("## Product and scope", "## Delivery schedule",
                                      "## Cost", "## Payment schedule"),
                "supply-contract.json": ("## Product and scope", "## Delivery schedule",
                                         "## Cost", "## Payment schedule"),
                "consulting-engagement.json": ("## Product and scope", "## Delivery schedule",
                                               "## Cost", "## Payment schedule")}
        for name, sections in want.items():
            with self.subTest(name=name):
                rc, out, err = run("proposal", os.path.join(DEALS, name), "--offer", "counter")
                self.assertEqual(rc, 0, err)
                for s in sections:
                    self.assertIn(s, out)
                d = run_json(self, "proposal", os.path.join(DEALS, name))
                self.assertIn("## Terms", d["markdown"])

    def test_terms_table_only(self):
        t = Temp(self)
        path = t.write("plain.json", json.dumps({
            "format": "winwin/1",
            "terms": [{"name": "colour", "levels": [
                {"label": "red", "buyer": 1, "seller": 0},
                {"label": "blue", "buyer": 0, "seller": 2}]}]}))
        rc, out, err = run("proposal", path)
        self.assertEqual(rc, 0, err)
        self.assertIn("## Terms", out)
        self.assertNotIn("## Cost", out)
        self.assertIn("| colour | blue |", out)


class Errors(unittest.TestCase):
    """Exit codes and messages: 1 invalid model/option value, 2 usage."""

    def setUp(self):
        self.t = Temp(self)

    def model(self, text):
        return self.t.write("deal.json", text)

    def assert_invalid(self, args, *fragments):
        rc, out, err = run(*args)
        self.assertEqual(rc, 1, (args, out, err))
        self.assertEqual(out, "")
        for f in fragments:
            self.assertIn(f, err)
        return err

    def assert_usage(self, args, *fragments):
        rc, out, err = run(*args)
        self.assertEqual(rc, 2, (args, out, err))
        self.assertEqual(out, "")
        for f in fragments:
            self.assertIn(f, err)

    def spec_text(self):
        with open(SPEC) as f:
            return f.read()

    def test_malformed_json(self):
        text = self.spec_text().replace('"unit": "points",', '"unit": "points"', 1)
        path = self.model(text)
        err = self.assert_invalid(["best", path], path + ":")
        self.assertRegex(err, r"deal\.json:\d+:\d+:")

    def test_wrong_type(self):
        text = self.spec_text().replace('{"label": "net 90", "value": 90, "buyer": 18, "seller": 0}',
                                        '{"label": "net 90", "value": 90, "buyer": 18, "seller": "x"}')
        path = self.model(text)
        err = self.assert_invalid(["check", path], "terms[1].levels[2].seller")
        line = [i for i, l in enumerate(text.splitlines(), 1) if '"seller": "x"' in l][0]
        self.assertIn("deal.json:%d:" % line, err)

    def test_unknown_key(self):
        text = self.spec_text().replace('"weight": 1}', '"wieght": 1}', 1)
        path = self.model(text)
        err = self.assert_invalid(["best", path], "buyer.wieght")
        self.assertRegex(err, r"deal\.json:5:\d+: ")

    def test_unknown_label(self):
        text = self.spec_text().replace('"counter": {"price": "110k", "payment": "net 30"}',
                                        '"counter": {"price": "110k", "payment": "net 45"}')
        path = self.model(text)
        err = self.assert_invalid(["best", path], "counter.payment", "net 45")
        self.assertRegex(err, r"deal\.json:\d+:\d+: ")

    def test_budget_without_opening(self):
        text = self.spec_text().replace('"opening": {"price": "120k", "payment": "net 30"},\n', "")
        self.assertNotIn('"opening"', text)
        path = self.model(text)
        err = self.assert_invalid(["check", path], "concession_budget")
        self.assertRegex(err, r"deal\.json:\d+:\d+: ")

    def test_nan(self):
        text = self.spec_text().replace('"buyer": 40, "seller": 0}', '"buyer": NaN, "seller": 0}')
        path = self.model(text)
        err = self.assert_invalid(["best", path])
        line = [i for i, l in enumerate(text.splitlines(), 1) if "NaN" in l][0]
        self.assertRegex(err, r"deal\.json:%d:\d+: terms\[0\]\.levels\[0\]\.buyer: " % line)

    def test_missing_file(self):
        err = self.assert_invalid(["best", "/nonexistent/deal.json"], "/nonexistent/deal.json")

    def test_bad_package_file(self):
        pkg = self.t.write("pkg.json", '{\n  "price": "110k",\n  "payment": "net 45"\n}\n')
        err = self.assert_invalid(["trades", SPEC, "--from", pkg], "pkg.json:3:", "payment")
        self.assert_invalid(["evaluate", SPEC, "--offer", "/nonexistent/p.json"], "p.json")

    def test_no_counter(self):
        text = self.spec_text().replace('"counter": {"price": "110k", "payment": "net 30"},\n', "")
        path = self.model(text)
        self.assert_invalid(["trades", path], "counter")

    def test_budget_option_needs_opening(self):
        path = self.model(json.dumps({"format": "winwin/1", "terms": [
            {"name": "a", "levels": [{"label": "x", "buyer": 1, "seller": 1}]}]}))
        self.assert_invalid(["best", path, "--budget", "5"], "opening")

    def test_full_disk(self):
        # stdout on a full disk: no answer passes for written (exit 1 and
        # a message), in text, JSON, help and import-genius's model
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        base = os.path.join(GENIUS, "other", "Domain2")
        genius = [os.path.join(base, n) for n in
                  ("Domain2.xml", "Domain2_util1.xml", "Domain2_util2.xml")]
        for args in (["frontier", SPEC], ["frontier", SPEC, "--json"],
                     ["best", SPEC], ["--help"], ["help", "meso"],
                     ["import-genius"] + genius):
            with self.subTest(args=args), open("/dev/full", "w") as full:
                p = subprocess.run([WINWIN] + args, stdout=full,
                                   stderr=subprocess.PIPE, text=True,
                                   timeout=60)
                self.assertEqual(p.returncode, 1, p.stderr)
                self.assertIn("cannot write", p.stderr)

    def test_stdin_that_is_no_model(self):
        # MODEL "-" on a stream that never ends, and on a directory: a
        # message and exit 1, not a read until memory runs out, nor an
        # "empty" model
        cases = [("/dev/zero", "larger than 256 MB")]
        cases.append((tempfile.gettempdir(), "cannot read"))
        for src, want in cases:
            if not os.path.exists(src):
                continue
            with self.subTest(src=src):
                fd = os.open(src, os.O_RDONLY)
                try:
                    p = subprocess.run([WINWIN, "check", "-"], stdin=fd,
                                       capture_output=True, text=True,
                                       timeout=60)
                finally:
                    os.close(fd)
                self.assertEqual((p.returncode, p.stdout), (1, ""), p.stderr)
                self.assertIn("<stdin>: " + want, p.stderr)

    def test_bad_option_values(self):
        for args in (["best", SPEC, "--time-limit", "abc"],
                     ["best", SPEC, "--time-limit", "-1"],
                     ["best", SPEC, "--budget", "nan"],
                     ["best", SPEC, "--budget", "-3"],
                     ["trades", SPEC, "--top", "0"],
                     ["trades", SPEC, "--max-changes", "two"],
                     ["trades", SPEC, "--concede", "x"],
                     ["meso", SPEC, "--count", "0"],
                     ["meso", SPEC, "--band", "-1"],
                     ["meso", SPEC, "--target", "inf"],
                     ["best", SPEC, "--path", "fast"],
                     ["frontier", SPEC, "--path", ""],
                     ["frontier", SPEC, "--max-points", "0"],
                     ["frontier", SPEC, "--max-points", "two"],
                     # what strtod alone takes: hexadecimal, spaces
                     ["best", SPEC, "--budget", "0x10"],
                     ["best", SPEC, "--time-limit", " 3"],
                     ["trades", SPEC, "--top", " 3"],
                     ["trades", SPEC, "--concede", "1e"],
                     ["trades", SPEC, "--top", "2147483648"]):
            with self.subTest(args=args):
                self.assert_invalid(args, args[2])
        rc, _, err = run("trades", SPEC, "--top", "2147483648")
        self.assertIn("from 1 to 2147483647", err)
        # decimal forms are numbers
        for args in (["best", SPEC, "--budget", "+3"],
                     ["best", SPEC, "--budget", ".5"],
                     ["best", SPEC, "--budget", "5."],
                     ["best", SPEC, "--time-limit", "1e2"],
                     ["trades", SPEC, "--top", "+3"]):
            with self.subTest(args=args):
                self.assertEqual(run(*args)[0], 0)

    def test_usage_errors(self):
        self.assert_usage([], "missing command")
        self.assert_usage(["frobnicate", SPEC], "unknown command 'frobnicate'")
        self.assert_usage(["best", SPEC, "--frobnicate"], "unknown option '--frobnicate'")
        self.assert_usage(["best", SPEC, "--svg", "x.svg"], "unknown option '--svg'")
        self.assert_usage(["best", SPEC, "--max-points", "3"],
                          "unknown option '--max-points'")
        self.assert_usage(["check", SPEC, "--path", "dp"],
                          "unknown option '--path'")
        self.assert_usage(["best"], "missing argument MODEL")
        self.assert_usage(["best", SPEC, "--time-limit"], "--time-limit needs a value")
        self.assert_usage(["trades", SPEC, "--from"], "--from needs a value")
        self.assert_usage(["best", SPEC, SPEC], "unexpected argument")
        self.assert_usage(["import-genius", "a.xml", "b.xml"], "missing argument SELLER.xml")
        self.assert_usage(["help", "frobnicate"], "unknown command")


class Help(unittest.TestCase):
    COMMANDS = ("check", "best", "frontier", "nash", "kalai", "trades",
                "evaluate", "meso", "proposal", "import-genius")

    def test_program_help(self):
        for args in (["--help"], ["help"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 0)
            self.assertIn("Usage: winwin COMMAND MODEL [options]", out)
            for c in self.COMMANDS:
                self.assertIn(c, out)

    def test_command_help(self):
        for c in self.COMMANDS:
            with self.subTest(command=c):
                rc1, out1, _ = run("help", c)
                rc2, out2, _ = run(c, "--help")
                self.assertEqual((rc1, rc2), (0, 0))
                self.assertEqual(out1, out2)
                self.assertIn("Usage: winwin " + c, out1)
        rc, out, _ = run("trades", "--help")
        for opt in ("--from", "--max-changes", "--top", "--concede", "--json",
                    "--time-limit", "--budget", "--no-limits"):
            self.assertIn(opt, out)
        rc, out, _ = run("frontier", "--help")
        for opt in ("--svg", "--max-points", "--path"):
            self.assertIn(opt, out)

    def test_version(self):
        rc, out, err = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^winwin \d+\.\d+\.\d+")


class ImportGenius(unittest.TestCase):
    def files(self):
        base = os.path.join(GENIUS, "other", "Domain2")
        return [os.path.join(base, n) for n in
                ("Domain2.xml", "Domain2_util1.xml", "Domain2_util2.xml")]

    @unittest.skipUnless(os.path.isdir(GENIUS), "no Genius corpus")
    def test_import_roundtrip(self):
        rc, out, err = run("import-genius", *self.files())
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        self.assertEqual(doc["format"], "winwin/1")
        self.assertIn("discount factor", err)  # a warning, on stderr
        rc, out2, err2 = run("best", "-", "--json", stdin=out)
        self.assertEqual(rc, 0, err2)
        self.assertEqual(json.loads(out2)["status"], "optimal")

    def test_import_missing_file(self):
        rc, out, err = run("import-genius", "/nonexistent/d.xml", "/nonexistent/b.xml",
                           "/nonexistent/s.xml")
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertIn("/nonexistent/", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
