"""Brute-force reference answers for small winwin/1 models (spec section 3).

Independent of the library: it reads the JSON itself, enumerates every
package and applies the spec's definitions literally.  Used by test_cli.py to
check the CLI's answers on the example deals, and handy to design new deals:

    python3 reference.py examples/deals/acme-renewal.json
"""
import itertools
import json
import math
import sys

TOL = 1e-6


def _curve(points, x):
    xs = [p[0] for p in points]
    if x <= xs[0]:
        return points[0][1]
    if x >= xs[-1]:
        return points[-1][1]
    for (x1, u1), (x2, u2) in zip(points, points[1:]):
        if x1 <= x <= x2:
            return u1 + (u2 - u1) * (x - x1) / (x2 - x1)
    raise AssertionError("unreachable")


class Model:
    def __init__(self, doc):
        self.doc = doc
        self.terms = []  # (name, unit, [(label, value, buyer, seller)])
        for t in doc["terms"]:
            unit = t.get("unit")
            if "range" in t:
                r = t["range"]
                levels = []
                k = 0
                while r["from"] + k * r["step"] <= r["to"] + 1e-9 * abs(r["step"]):
                    v = r["from"] + k * r["step"]
                    label = "%.15g" % v + (" " + unit if unit else "")
                    levels.append((label, v, _curve(t["buyer"]["points"], v),
                                   _curve(t["seller"]["points"], v)))
                    k += 1
            else:
                levels = [(lv["label"], lv.get("value"), lv["buyer"], lv["seller"])
                          for lv in t["levels"]]
            self.terms.append((t["name"], unit, levels))
        self.index = {name: i for i, (name, _, _) in enumerate(self.terms)}
        self.w = (doc.get("buyer", {}).get("weight", 1),
                  doc.get("seller", {}).get("weight", 1))
        self.res = (doc.get("buyer", {}).get("reservation"),
                    doc.get("seller", {}).get("reservation"))
        self.opening = self._pkg(doc.get("opening"))
        self.counter = self._pkg(doc.get("counter"))
        self.budget = doc.get("concession_budget")

    def _pkg(self, mapping):
        if mapping is None:
            return None
        return tuple(self.label_index(name, mapping[name]) for name, _, _ in self.terms)

    def label_index(self, term, label):
        levels = self.terms[self.index[term]][2]
        return [lv[0] for lv in levels].index(label)

    def labels(self, p):
        return {name: levels[k][0] for (name, _, levels), k in zip(self.terms, p)}

    def _match(self, cond, p):
        for name, want in cond.items():
            want = [want] if isinstance(want, str) else want
            levels = self.terms[self.index[name]][2]
            if levels[p[self.index[name]]][0] not in want:
                return False
        return True

    def value(self, name, p):
        return self.terms[self.index[name]][2][p[self.index[name]]][1]

    def utilities(self, p):
        ub = sum(levels[k][2] for (_, _, levels), k in zip(self.terms, p))
        us = sum(levels[k][3] for (_, _, levels), k in zip(self.terms, p))
        for it in self.doc.get("interactions", []):
            if "product" in it:
                a, b = it["product"]
                prod = self.value(a, p) * self.value(b, p)
                ub += it.get("buyer", 0) * prod
                us += it.get("seller", 0) * prod
            elif self._match(it["when"], p):
                ub += it.get("buyer", 0)
                us += it.get("seller", 0)
        return ub, us

    def joint(self, p):
        ub, us = self.utilities(p)
        return self.w[0] * ub + self.w[1] * us

    def feasible(self, p):
        for c in self.doc.get("constraints", []):
            if "forbid" in c:
                if self._match(c["forbid"], p):
                    return False
            else:
                act = sum(coef * self.value(name, p) for name, coef in c["linear"].items())
                if "min" in c and act < c["min"] - TOL:
                    return False
                if "max" in c and act > c["max"] + TOL:
                    return False
        return True

    def admissible(self, p, no_limits=False, budget=None):
        if not self.feasible(p):
            return False
        if no_limits:
            return True
        ub, us = self.utilities(p)
        if self.res[0] is not None and ub < self.res[0] - TOL:
            return False
        if self.res[1] is not None and us < self.res[1] - TOL:
            return False
        budget = self.budget if budget is None else budget
        if budget is not None and self.opening is not None:
            if us < self.utilities(self.opening)[1] - budget - TOL:
                return False
        return True

    def packages(self):
        return itertools.product(*[range(len(levels)) for _, _, levels in self.terms])

    def admissible_packages(self, **kw):
        return [p for p in self.packages() if self.admissible(p, **kw)]

    # ---- queries -------------------------------------------------------
    def best(self, **kw):
        adm = self.admissible_packages(**kw)
        if not adm:
            return None
        return max(adm, key=lambda p: (self.joint(p), self.utilities(p)[1]))

    def best_value(self, **kw):
        p = self.best(**kw)
        return None if p is None else (self.joint(p), self.utilities(p)[1])

    def frontier(self, **kw):
        pts = sorted({self.utilities(p) for p in self.admissible_packages(**kw)},
                     key=lambda u: (-u[1], -u[0]))
        front = []
        for ub, us in pts:
            if any(fb >= ub - TOL and fs >= us - TOL for fb, fs in front):
                continue
            front.append((ub, us))
        return front

    def trades(self, ref, k=2, n=5, concede=0.0, **kw):
        rb, rs = self.utilities(ref)
        cands = []
        for p in self.admissible_packages(**kw):
            if p == ref or sum(a != b for a, b in zip(p, ref)) > k:
                continue
            ub, us = self.utilities(p)
            if ub >= rb - TOL and us >= rs - concede - TOL:
                cands.append(p)
        cands.sort(key=lambda p: (-self.joint(p), -self.utilities(p)[1]))
        return cands[:n]

    def disagreement(self, no_limits=False):
        feas = [self.utilities(p) for p in self.packages() if self.feasible(p)]
        d = []
        for x in (0, 1):
            if self.res[x] is not None and not no_limits:
                d.append(self.res[x])
            else:
                d.append(min(u[x] for u in feas))
        return d

    def nash(self, **kw):
        d = self.disagreement(kw.get("no_limits", False))
        cands = [p for p in self.admissible_packages(**kw)
                 if self.utilities(p)[0] >= d[0] - TOL and self.utilities(p)[1] >= d[1] - TOL]
        if not cands:
            return None

        def key(p):
            ub, us = self.utilities(p)
            return ((ub - d[0]) * (us - d[1]), self.joint(p), us)
        return max(cands, key=key)

    def nash_value(self, p, **kw):
        d = self.disagreement(kw.get("no_limits", False))
        ub, us = self.utilities(p)
        return (ub - d[0]) * (us - d[1])

    def kalai(self, **kw):
        d = self.disagreement(kw.get("no_limits", False))
        adm = self.admissible_packages(**kw)
        if not adm:
            return None
        ideal = [max(self.utilities(p)[x] for p in adm) for x in (0, 1)]

        def ratio(p):
            u = self.utilities(p)
            rs = []
            for x in (0, 1):
                den = ideal[x] - d[x]
                rs.append(1.0 if abs(den) <= TOL else (u[x] - d[x]) / den)
            return min(rs)
        return max(adm, key=lambda p: (ratio(p), self.joint(p), self.utilities(p)[1]))

    def value_left(self, p, **kw):
        b = self.best(**kw)
        return None if b is None else self.joint(b) - self.joint(p)

    def has_improvement(self, p, **kw):
        ub, us = self.utilities(p)
        for q in self.admissible_packages(**kw):
            qb, qs = self.utilities(q)
            if qb >= ub - TOL and qs >= us - TOL and (qb > ub + TOL or qs > us + TOL):
                return True
        return False


def main():
    m = Model(json.load(open(sys.argv[1])))
    n = math.prod(len(levels) for _, _, levels in m.terms)
    adm = m.admissible_packages()
    print("packages", n, "admissible", len(adm))
    for name, ref in (("opening", m.opening), ("counter", m.counter)):
        if ref is not None:
            print(name, m.labels(ref), m.utilities(ref), "admissible", m.admissible(ref))
    b = m.best()
    if b is None:
        print("infeasible")
        return
    print("best", m.labels(b), m.utilities(b), m.joint(b))
    print("frontier", len(m.frontier()), m.frontier())
    if m.counter is not None:
        for c in (0, 5, 10):
            tr = m.trades(m.counter, concede=c)
            print("trades from counter concede", c, len(tr))
            for p in tr:
                print("   ", m.labels(p), m.utilities(p), m.joint(p))
    nb = m.nash()
    print("nash", nb and (m.labels(nb), m.utilities(nb)))


if __name__ == "__main__":
    main()
