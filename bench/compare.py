#!/usr/bin/env python3
"""Compares two winwin-bench JSON files (e.g. two commits), case by case.

usage: bench/compare.py OLD.json NEW.json [--wall] [--query frontier]

Prints, for every case present in both, the median CPU time (or wall time
with --wall) of each query in OLD and NEW and the speed-up OLD/NEW, then the
geometric mean speed-up per query.  Cases where either run hit the time
limit compare time per returned point.
"""
import argparse
import json
import math
import sys

QUERIES = ["best", "frontier", "nash", "kalai", "trades", "meso", "evaluate"]


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != "winwin-bench/1":
        sys.exit(f"{path}: not a winwin-bench/1 file")
    return doc


def cost(q, key):
    """Seconds (per point when cut by the time limit), or None."""
    if not q or not q.get("ran") or q.get(key) is None:
        return None
    t = q[key]
    if q.get("outcome") == "time_limit":
        return t / q["points"] if q.get("points") else None
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--wall", action="store_true",
                    help="compare wall-clock medians instead of CPU time")
    ap.add_argument("--query", choices=QUERIES, action="append",
                    help="only these queries (repeatable)")
    args = ap.parse_args()
    key = "median_s" if args.wall else "cpu_median_s"
    queries = args.query or QUERIES
    old, new = load(args.old), load(args.new)
    print(f"old: {old.get('commit')} {old['machine'].get('date')}   "
          f"new: {new.get('commit')} {new['machine'].get('date')}   "
          f"({'wall' if args.wall else 'CPU'} time; x = old/new)")
    before = {c["name"]: c for c in old["cases"]}
    logs = {q: [] for q in queries}
    for c in new["cases"]:
        o = before.get(c["name"])
        if not o:
            continue
        cells = []
        for q in queries:
            a = cost(o["queries"].get(q), key)
            b = cost(c["queries"].get(q), key)
            if a and b:
                logs[q].append(math.log(a / b))
                cells.append(f"{q} {a * 1e3:9.3f} -> {b * 1e3:9.3f} ms "
                             f"{a / b:6.2f}x")
        if cells:
            print(f"{c['name']:40s} " + " | ".join(cells))
    for q in queries:
        if logs[q]:
            g = math.exp(sum(logs[q]) / len(logs[q]))
            print(f"geometric mean speed-up, {q}: {g:.2f}x over "
                  f"{len(logs[q])} cases")


if __name__ == "__main__":
    main()
