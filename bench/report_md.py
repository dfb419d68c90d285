#!/usr/bin/env python3
"""Markdown summary of one winwin-bench JSON file (for bench/README.md).

usage: bench/report_md.py RESULTS.json

Prints the machine, a table of the generated cases and of the nonlinear
Genius domains, a summary of the linear Genius domains (the full list is in
the JSON) and the domains the importer rejected.  Times are CPU-time
medians.
"""
import json
import statistics
import sys


def fmt(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.0f} us"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def cell(q):
    if not q or not q.get("ran"):
        return "-"
    t = fmt(q.get("cpu_median_s"))
    if q["outcome"] == "time_limit":
        t += " TL"
    elif q["outcome"] == "infeasible":
        t += " inf"
    return t


def ratio(q):
    if not q or not q.get("ratio"):
        return "-"
    return f"{q['ratio']:.2g}x" + ("/pt" if q.get("ratio_per_point") else "")


def agree(v):
    return "-" if v is None else ("yes" if v else "**NO**")


def row(c):
    q = c["queries"]
    f = q["frontier"]
    pts = f"{f.get('points', 0)} / {f.get('solves', 0)}" if f.get("ran") else "-"
    return (f"| {c['name']} | {c['terms']}x{c['max_levels']} | "
            f"{c['packages']:.2g} | {cell(q['best'])} | {cell(f)} | {pts} | "
            f"{cell(q['nash'])} | {cell(q.get('kalai'))} | "
            f"{cell(q['trades'])} | "
            f"{cell(q.get('meso'))} | {cell(q.get('evaluate'))} | "
            f"{cell(q['enum'])} ({ratio(q['enum'])}) | "
            f"{cell(q['rebuild'])} ({ratio(q['rebuild'])}) | "
            f"{agree(c['agree_enum'])} / {agree(c['agree_rebuild'])} |")


def baseline_table(cases, ours, base, agree_key, letter, column, title,
                   base_name="GLPK loop", count=("MIPs", "solves")):
    """winwin's query `ours` against baseline `base` where that ran."""
    rows = [c for c in cases if c["queries"].get(base, {}).get("ran")]
    if not rows:
        return
    print(f"\n{title}\n")
    print(f"| case | {column[0]} | {ours} (path) | {base_name} ({letter}) | "
          f"{count[0]} | {letter}/ww | agree |\n|---|---|---|---|---|---|---|")
    for c in rows:
        w, g = c["queries"][ours], c["queries"][base]
        print(f"| {c['name']} | {column[1](c)} | {cell(w)} "
              f"({w.get('path', '-')}) | {cell(g)} | {g.get(count[1], 0)} "
              f"| {ratio(g)} | {agree(c.get(agree_key))} |")


HEADER = ("| case | n x m | packages | best | frontier | points / MIPs | "
          "nash | kalai | trades | meso | evaluate | enum (a) (a/ww) | "
          "rebuild (b) (b/ww) | agree |\n|---|---|---|---|---|---|---|---|---|"
          "---|---|---|---|---|")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    m, o = d["machine"], d["options"]
    print(f"Commit `{d['commit']}`, {m['date']}, {m['nproc']} CPUs "
          f"({m['cpu']}), load average {m.get('loadavg_1min', 0):.1f} when "
          f"it ended; seed {o['seed']}, {o['repeats']} repeats, time limit "
          f"{o['time_limit_s']:g} s (wall clock). Times are CPU-time medians; "
          f"TL = stopped by the time limit (the winwin result is then not "
          f"proven), inf = infeasible.\n")
    cases = d["cases"]
    gen = [c for c in cases if not c["family"].startswith("genius")]
    nonlin = [c for c in cases if c["family"] == "genius-nonlinear"]
    lin = [c for c in cases if c["family"] == "genius-linear"]
    print("Generated models:\n")
    print(HEADER)
    for c in gen:
        if c["terms"]:
            print(row(c))
        else:
            print(f"| {c['name']} | {c.get('message', 'skipped')} |||||||||||")
    baseline_table(
        gen, "frontier", "mip_loop", "agree_mip", "c", ("points",
        lambda c: c["queries"]["frontier"].get("points", 0)),
        "Against winwin's own GLPK loop (c), the frontier forced onto "
        "`--path mip` (issue 7's 30 x 10 additive target):")
    baseline_table(
        cases, "trades", "trades_mip", "agree_trades_mip", "d", ("packages",
        lambda c: f"{c['packages']:.2g}"),
        "Trades against winwin's own GLPK loop (d), `--path mip`, where "
        "winwin walked the reference's neighbourhood in a space of over "
        f"50,000 packages (K = {o.get('trades_k', 2)}, N = 5, C = 0):")
    baseline_table(
        cases, "meso", "meso_enum", "agree_enum", "e", ("packages",
        lambda c: f"{c['packages']:.2g}"),
        "Meso (3 offers, the default target and band) against meso by "
        "enumeration (e), where (a) enumerates; agree = every winwin answer "
        "against the enumeration, meso offer by offer:",
        base_name="enumeration", count=("offers", "points"))
    baseline_table(
        cases, "evaluate", "evaluate_enum", "agree_enum", "f", ("packages",
        lambda c: f"{c['packages']:.2g}"),
        "Evaluate (the value left on the table and the best package better "
        "for both, from the counter, the opening or the first levels) "
        "against evaluate by enumeration (f), where (a) enumerates:",
        base_name="enumeration", count=("improvements", "points"))
    print("\nNonlinear Genius domains (hyper-rectangles):\n")
    print(HEADER)
    for c in nonlin:
        print(row(c))
    ok = [c for c in lin if c["terms"]]
    skipped = [c for c in lin if not c["terms"]]
    fr = [c["queries"]["frontier"] for c in ok]
    feas = [q for q in fr if q.get("ran") and q["outcome"] != "infeasible"]
    proven = sum(1 for q in fr if q.get("ran") and q["outcome"] != "time_limit")
    times = [q["cpu_median_s"] for q in feas]
    agree_e = sum(1 for c in ok if c["agree_enum"])
    agree_b = sum(1 for c in ok if c["agree_rebuild"])
    checked_e = sum(1 for c in ok if c["agree_enum"] is not None)
    print(f"\nLinear Genius domains: {len(lin)} found, {len(ok)} imported, "
          f"{len(fr) - len(feas)} infeasible, frontier proven "
          f"exact on {proven} of {len(ok)}; frontier CPU time median "
          f"{fmt(statistics.median(times)) if times else '-'}, max "
          f"{fmt(max(times)) if times else '-'}; points "
          f"{min(q['points'] for q in feas) if feas else 0}.."
          f"{max(q['points'] for q in feas) if feas else 0}; agree with "
          f"enumeration on {agree_e} of {checked_e} checked and with "
          f"baseline (b) on {agree_b} of {len(ok)}. Slowest five:\n")
    print(HEADER)
    slow = sorted((c for c in ok if c["queries"]["frontier"].get("ran")),
                  key=lambda c: -c["queries"]["frontier"]["cpu_median_s"])
    for c in slow[:5]:
        print(row(c))
    if skipped:
        print("\nNot imported (the importer's message, shortened):\n")
        for c in skipped:
            msg = c.get("message", "").replace("import skipped: ", "")
            print(f"- {c['name'][7:]}: {msg}")


if __name__ == "__main__":
    main()
