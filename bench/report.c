/* Output: the text table, the summary against the issue's targets, JSON
 * for comparing runs across commits, and the SVG figures. */
#include "bench.h"
#include "bench_version.h"
#include "svg.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* "12.3us", "4.56ms", "1.23s" in a 7-character field. */
static const char *fmt_time(char *buf, size_t len, double s)
{
    if (s < 1e-3)
        snprintf(buf, len, "%.1fus", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, len, "%.2fms", s * 1e3);
    else
        snprintf(buf, len, "%.2fs", s);
    return buf;
}

static int table_cpu;

void bench_report_cpu(int on)
{
    table_cpu = on;
}

static const char *short_outcome(const bench_measure *m)
{
    if (!m->ran)
        return "";
    switch (m->outcome) {
    case WW_OUTCOME_OPTIMAL: return "";
    case WW_OUTCOME_INFEASIBLE: return " inf";
    default: return " TL";
    }
}

static const char *agree_str(int v)
{
    return v < 0 ? "-" : v ? "yes" : "NO";
}

void bench_print_header(FILE *f)
{
    fprintf(f, "%-40s %3s %3s %4s %8s %8s | %9s | %9s %5s %9s | %9s | "
               "%9s | %9s | %9s | %9s | %9s %7s | %9s %7s | %-7s\n",
            "case", "n", "m", "int", "packages", "build", "best", "frontier",
            "pts", "MIPs/path", "nash", "kalai", "trades", "meso", "evaluate",
            "enum(a)", "a/ww",
            "rebuild(b)", "b/ww", "agree");
}

static void cell_time(char *buf, size_t len, const bench_measure *m)
{
    char t[24];
    if (!m->ran)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%s%s",
                 fmt_time(t, sizeof t,
                          table_cpu ? m->t.cpu_median : m->t.median),
                 short_outcome(m));
}

static void cell_ratio(char *buf, size_t len, const bench_measure *m)
{
    if (!m->ran || m->ratio <= 0)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.2gx%s", m->ratio, m->per_point ? "/pt" : "");
}

void bench_print_case(FILE *f, const bench_case *c)
{
    char b[Q_COUNT][32], build[24], r1[24], r2[24], agree[16];
    if (!c->terms && c->errmsg[0]) {
        fprintf(f, "%-40s %s\n", c->name, c->errmsg);
        return;
    }
    for (int q = 0; q < Q_COUNT; q++)
        cell_time(b[q], sizeof b[q], &c->q[q]);
    cell_ratio(r1, sizeof r1, &c->q[Q_ENUM]);
    cell_ratio(r2, sizeof r2, &c->q[Q_REBUILD]);
    snprintf(agree, sizeof agree, "%s/%s", agree_str(c->agree_enum),
             agree_str(c->agree_rebuild));
    char mips[32];
    snprintf(mips, sizeof mips, "%d %s", c->q[Q_FRONTIER].solves,
             c->q[Q_FRONTIER].ran ? ww_path_str(c->q[Q_FRONTIER].path) : "");
    fprintf(f, "%-40s %3d %3d %4d %8.2g %8s | %9s | %9s %5d %9s | %9s | "
               "%9s | %9s | %9s | %9s | %9s %7s | %9s %7s | %-7s\n",
            c->name, c->terms, c->max_levels, c->interactions, c->packages,
            fmt_time(build, sizeof build, c->build_s), b[Q_BEST],
            b[Q_FRONTIER], c->q[Q_FRONTIER].points, mips,
            b[Q_NASH], b[Q_KALAI], b[Q_TRADES], b[Q_MESO], b[Q_EVALUATE],
            b[Q_ENUM], r1,
            b[Q_REBUILD], r2,
            agree);
    if (c->error || bench_case_disagrees(c))
        fprintf(f, "    !! %s\n", c->errmsg);
    if (c->q[Q_MIPLOOP].ran) {
        char r3[24];
        cell_ratio(r3, sizeof r3, &c->q[Q_MIPLOOP]);
        fprintf(f, "    GLPK loop (c): %s, %d points / %d MIPs (c/ww %s), "
                   "agree %s\n", b[Q_MIPLOOP], c->q[Q_MIPLOOP].points,
                c->q[Q_MIPLOOP].solves, r3, agree_str(c->agree_mip));
    }
    if (c->q[Q_TRADESMIP].ran) {
        char r4[24];
        cell_ratio(r4, sizeof r4, &c->q[Q_TRADESMIP]);
        fprintf(f, "    trades on the GLPK loop (d): %s, %d MIPs (d/ww %s), "
                   "agree %s\n", b[Q_TRADESMIP], c->q[Q_TRADESMIP].solves, r4,
                agree_str(c->agree_trades_mip));
    }
    if (c->q[Q_MESOENUM].ran) {
        char r5[24];
        cell_ratio(r5, sizeof r5, &c->q[Q_MESOENUM]);
        fprintf(f, "    meso by enumeration (e): %s, %d offers (e/ww %s)\n",
                b[Q_MESOENUM], c->q[Q_MESOENUM].points, r5);
    }
    if (c->q[Q_EVALENUM].ran) {
        char r6[24];
        cell_ratio(r6, sizeof r6, &c->q[Q_EVALENUM]);
        fprintf(f, "    evaluate by enumeration (f): %s (f/ww %s)\n",
                b[Q_EVALENUM], r6);
    }
    for (int q = Q_BEST; q < Q_TIMED; q++)
        if (c->q[q].note[0])
            fprintf(f, "    %s: %s\n", bench_query_names[q], c->q[q].note);
}

static const bench_case *find(const bench_cases *cs, const char *name)
{
    for (int i = 0; i < cs->n; i++)
        if (strcmp(cs->v[i].name, name) == 0)
            return &cs->v[i];
    return NULL;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A baseline's ratios over winwin's frontier (which: Q_REBUILD or Q_ENUM)
 * on the generated (genius 0) or Genius cases (genius 1; 2: the linear
 * ones only): min, median, max and how many fall below target, and of
 * those how many have under 100 packages (where a whole enumeration takes
 * 0.3-3.6 us: bench/README.md, "Latest results"). */
static void ratio_line(FILE *f, const bench_cases *cs, int which, int genius,
                       double target, const char *baseline, const char *what)
{
    double *r = malloc((size_t)(cs->n ? cs->n : 1) * sizeof *r);
    int n = 0, small = 0;
    if (!r)
        return;
    for (int i = 0; i < cs->n; i++) {
        const bench_case *c = &cs->v[i];
        const bench_measure *m = &c->q[which];
        int isg = strncmp(c->family, "genius", 6) == 0;
        /* (b) has no answer to rebuild on an empty frontier */
        if (m->ran && m->ratio > 0 && isg == (genius > 0) &&
            (genius < 2 || c->interactions == 0) &&
            (which != Q_REBUILD ||
             c->q[Q_FRONTIER].outcome != WW_OUTCOME_INFEASIBLE)) {
            r[n++] = m->ratio;
            small += m->ratio < target && c->packages < 100;
        }
    }
    if (n) {
        qsort(r, (size_t)n, sizeof *r, cmp_dbl);
        int below = 0;
        while (below < n && r[below] < target)
            below++;
        fprintf(f, "  frontier >= %gx faster than %s, %s: min %.2gx, "
                   "median %.2gx, max %.2gx over %d cases; %d below %gx",
                target, baseline, what, r[0], r[n / 2], r[n - 1], n, below,
                target);
        if (below)
            fprintf(f, " (%d of them under 100 packages)", small);
        fprintf(f, "%s\n", below ? " (MISSED)" : "");
    }
    free(r);
}

/* Baseline (c) / winwin frontier ratios: issue 7's 30 x 10 additive
 * target (the cases that ran the GLPK loop are that family). */
static void mip_loop_line(FILE *f, const bench_cases *cs)
{
    double lo = HUGE_VAL, hi = 0;
    int n = 0, below = 0;
    for (int i = 0; i < cs->n; i++) {
        const bench_measure *m = &cs->v[i].q[Q_MIPLOOP];
        if (!m->ran || m->ratio <= 0)
            continue;
        n++;
        below += m->ratio < 50;
        lo = m->ratio < lo ? m->ratio : lo;
        hi = m->ratio > hi ? m->ratio : hi;
    }
    if (n)
        fprintf(f, "  frontier >= 50x faster than the GLPK loop (c), 30x10 "
                   "additive: min %.2gx, max %.2gx over %d cases; %d below "
                   "50x\n", lo, hi, n, below);
}

/* A baseline's ratios over winwin's query: min, geometric mean, max. */
static void geomean_line(FILE *f, const bench_cases *cs, int which,
                       const char *what)
{
    double lo = HUGE_VAL, hi = 0, logsum = 0;
    int n = 0;
    for (int i = 0; i < cs->n; i++) {
        const bench_measure *m = &cs->v[i].q[which];
        if (!m->ran || m->ratio <= 0)
            continue;
        n++;
        logsum += log(m->ratio);
        lo = m->ratio < lo ? m->ratio : lo;
        hi = m->ratio > hi ? m->ratio : hi;
    }
    if (n)
        fprintf(f, "  %s: min %.2gx, geometric mean %.2gx, max %.2gx over "
                   "%d cases\n", what, lo, exp(logsum / n), hi, n);
}

void bench_print_summary(FILE *f, const bench_opts *o, const bench_cases *cs)
{
    int errors = 0, disagree = 0, skipped = 0;
    for (int i = 0; i < cs->n; i++) {
        const bench_case *c = &cs->v[i];
        errors += c->error;
        disagree += bench_case_disagrees(c);
        skipped += !c->terms;
    }
    fprintf(f, "\n%d cases: %d errors, %d disagreements, %d skipped\n",
            cs->n, errors, disagree, skipped);
    if (o->quick)
        return;
    fprintf(f, "targets (benchmarked, not asserted; CPU time):\n");
    const bench_case *c = find(cs, "n10-m10-d1-c0-k2");
    char t[24], t2[24];
    if (c && c->q[Q_BEST].ran)
        fprintf(f, "  best 10x10 with interactions < 100us median: %s CPU, "
                   "%s wall (%s)\n",
                fmt_time(t, sizeof t, c->q[Q_BEST].t.cpu_median),
                fmt_time(t2, sizeof t2, c->q[Q_BEST].t.median),
                c->q[Q_BEST].t.cpu_median < 100e-6 ? "met" : "MISSED");
    ratio_line(f, cs, Q_REBUILD, 0, 5, "rebuild baseline (b)", "generated");
    ratio_line(f, cs, Q_REBUILD, 1, 5, "rebuild baseline (b)", "Genius");
    ratio_line(f, cs, Q_ENUM, 2, 10, "enumeration (a)", "Genius linear");
    mip_loop_line(f, cs);
    geomean_line(f, cs, Q_TRADESMIP, "trades (neighbourhood) vs the GLPK "
                                     "loop (d), over 50,000 packages");
    geomean_line(f, cs, Q_MESOENUM, "meso vs enumeration (e)");
    geomean_line(f, cs, Q_EVALENUM, "evaluate vs enumeration (f)");
    for (int i = 0; i < cs->n; i++) {
        c = &cs->v[i];
        if (strncmp(c->name, "genius/anac/y2014/", 18) || !c->terms)
            continue;
        const bench_measure *m = &c->q[Q_FRONTIER];
        if (!m->ran)
            continue;
        int met = m->outcome == WW_OUTCOME_OPTIMAL && m->t.cpu_median < 1.0;
        fprintf(f, "  exact frontier %s < 1s: %s CPU, %d points, %s (%s)\n",
                c->name + 18, fmt_time(t, sizeof t, m->t.cpu_median),
                m->points, ww_outcome_str(m->outcome),
                met ? "met" : "MISSED");
    }
}

/* ------------------------------------------------------------------ */
/* JSON */

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *measure_json(const bench_measure *m)
{
    json_t *j = json_object();
    json_object_set_new(j, "ran", json_boolean(m->ran));
    if (m->ran) {
        json_object_set_new(j, "median_s", jnum(m->t.median));
        json_object_set_new(j, "min_s", jnum(m->t.min));
        json_object_set_new(j, "max_s", jnum(m->t.max));
        json_object_set_new(j, "cpu_median_s", jnum(m->t.cpu_median));
        json_object_set_new(j, "runs", json_integer(m->t.runs));
        json_object_set_new(j, "solves", json_integer(m->solves));
        json_object_set_new(j, "path", json_string(ww_path_str(m->path)));
        json_object_set_new(j, "points", json_integer(m->points));
        json_object_set_new(j, "outcome",
                            json_string(ww_outcome_str(m->outcome)));
        if (m->ratio > 0) {
            json_object_set_new(j, "ratio", jnum(m->ratio));
            json_object_set_new(j, "ratio_per_point",
                                json_boolean(m->per_point));
            if (m->pairs > 0)
                json_object_set_new(j, "ratio_pairs", json_integer(m->pairs));
        }
    }
    if (m->note[0])
        json_object_set_new(j, "note", json_string(m->note));
    return j;
}

static json_t *agree_json(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static void machine_json(json_t *root)
{
    json_t *mach = json_object();
    char cpu[256] = "unknown", host[256] = "";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            char *colon = strchr(line, ':');
            if (strncmp(line, "model name", 10) == 0 && colon) {
                snprintf(cpu, sizeof cpu, "%s", colon + 2);
                cpu[strcspn(cpu, "\n")] = '\0';
                break;
            }
        }
        fclose(f);
    }
    gethostname(host, sizeof host - 1);
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    json_object_set_new(mach, "nproc",
                        json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
    json_object_set_new(mach, "cpu", json_string(cpu));
    json_object_set_new(mach, "date", json_string(date));
    double load[3];
    if (getloadavg(load, 3) == 3)
        json_object_set_new(mach, "loadavg_1min", jnum(load[0]));
    json_object_set_new(root, "machine", mach);
}

int bench_write_json(const char *path, const bench_opts *o,
                     const bench_cases *cs)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string("winwin-bench/1"));
    json_object_set_new(root, "winwin_version", json_string(ww_version()));
    json_object_set_new(root, "commit", json_string(BENCH_VCS_TAG));
    machine_json(root);
    json_t *opts = json_object();
    json_object_set_new(opts, "quick", json_boolean(o->quick));
    json_object_set_new(opts, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(opts, "repeats", json_integer(o->repeats));
    json_object_set_new(opts, "time_limit_s", jnum(o->time_limit));
    json_object_set_new(opts, "trades_k", json_integer(o->trades_k));
    json_object_set_new(opts, "only",
                        o->only ? json_string(o->only) : json_null());
    json_object_set_new(opts, "query",
                        o->query >= 0 ? json_string(bench_query_names[o->query])
                                      : json_null());
    json_object_set_new(opts, "max_points", json_integer(o->max_points));
    json_object_set_new(opts, "path", json_string(ww_path_str(o->path)));
    json_object_set_new(opts, "baselines", json_boolean(!o->no_baselines));
    json_object_set_new(root, "options", opts);
    json_t *arr = json_array();
    for (int i = 0; i < cs->n; i++) {
        const bench_case *c = &cs->v[i];
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(c->name));
        json_object_set_new(j, "family", json_string(c->family));
        json_object_set_new(j, "terms", json_integer(c->terms));
        json_object_set_new(j, "max_levels", json_integer(c->max_levels));
        json_object_set_new(j, "interactions", json_integer(c->interactions));
        json_object_set_new(j, "packages", jnum(c->packages));
        if (strncmp(c->family, "genius", 6)) {
            json_object_set_new(j, "seed", json_integer((json_int_t)c->seed));
            json_object_set_new(j, "density", jnum(c->density));
            json_object_set_new(j, "correlation", jnum(c->correlation));
        }
        json_object_set_new(j, "build_s", jnum(c->build_s));
        json_t *q = json_object();
        for (int k = 0; k < Q_COUNT; k++)
            json_object_set_new(q, bench_query_names[k],
                                measure_json(&c->q[k]));
        json_object_set_new(j, "queries", q);
        json_object_set_new(j, "agree_enum", agree_json(c->agree_enum));
        json_object_set_new(j, "agree_rebuild", agree_json(c->agree_rebuild));
        json_object_set_new(j, "agree_mip", agree_json(c->agree_mip));
        json_object_set_new(j, "agree_trades_mip",
                            agree_json(c->agree_trades_mip));
        json_object_set_new(j, "error", json_boolean(c->error));
        if (c->errmsg[0])
            json_object_set_new(j, "message", json_string(c->errmsg));
        json_array_append_new(arr, j);
    }
    json_object_set_new(root, "cases", arr);
    int rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_REAL_PRECISION(6));
    json_decref(root);
    return rc;
}

/* ------------------------------------------------------------------ */
/* SVG */

typedef struct xy {
    double *x, *y;
    int n;
} xy;

static void xy_add(xy *s, double x, double y)
{
    s->x[s->n] = x;
    s->y[s->n] = y;
    s->n++;
}

int bench_write_svg(const char *prefix, const bench_cases *cs)
{
    int n = cs->n ? cs->n : 1, rc = 0;
    enum { S_BEST, S_FRONT, S_NASH, S_TRADES, S_REB, S_GEN, S_N };
    xy s[S_N];
    for (int k = 0; k < S_N; k++) {
        s[k].x = calloc((size_t)n, sizeof(double));
        s[k].y = calloc((size_t)n, sizeof(double));
        s[k].n = 0;
        if (!s[k].x || !s[k].y)
            rc = -1;
    }
    char path[1024];
    if (rc == 0) {
        /* time vs n: the size-n family (m = 10) */
        for (int i = 0; i < cs->n; i++) {
            const bench_case *c = &cs->v[i];
            if (strcmp(c->family, "size-n"))
                continue;
            const int qs[] = {Q_BEST, Q_FRONTIER, Q_NASH, Q_TRADES, Q_REBUILD};
            for (int k = 0; k < 5; k++)
                if (c->q[qs[k]].ran &&   /* a cut run is no time */
                    c->q[qs[k]].outcome != WW_OUTCOME_TIME_LIMIT)
                    xy_add(&s[k], c->terms, c->q[qs[k]].t.cpu_median);
        }
        svg_series ser[] = {
            {"best", "#1f77b4", 1, s[S_BEST].n, s[S_BEST].x, s[S_BEST].y},
            {"frontier", "#d62728", 1, s[S_FRONT].n, s[S_FRONT].x,
             s[S_FRONT].y},
            {"nash", "#2ca02c", 1, s[S_NASH].n, s[S_NASH].x, s[S_NASH].y},
            {"trades", "#9467bd", 1, s[S_TRADES].n, s[S_TRADES].x,
             s[S_TRADES].y},
            {"frontier, rebuild (b)", "#ff7f0e", 1, s[S_REB].n, s[S_REB].x,
             s[S_REB].y},
        };
        svg_plot p = {"median CPU time vs terms (10 levels, 1 interaction/term)",
                      "terms n", "CPU seconds (log)", 0, 1, ser, 5};
        snprintf(path, sizeof path, "%s-time-vs-n.svg", prefix);
        if (svg_write(path, &p))
            rc = -1;

        /* time vs frontier size: every case */
        for (int k = 0; k < S_N; k++)
            s[k].n = 0;
        for (int i = 0; i < cs->n; i++) {
            const bench_case *c = &cs->v[i];
            const bench_measure *w = &c->q[Q_FRONTIER], *b = &c->q[Q_REBUILD];
            int gen = strncmp(c->family, "genius", 6) == 0;
            if (w->ran && w->outcome == WW_OUTCOME_OPTIMAL)
                xy_add(&s[gen ? S_GEN : S_FRONT], w->points, w->t.cpu_median);
            if (b->ran && b->outcome == WW_OUTCOME_OPTIMAL && !gen)
                xy_add(&s[S_REB], b->points, b->t.cpu_median);
        }
        svg_series ser2[] = {
            {"winwin, generated", "#d62728", 0, s[S_FRONT].n, s[S_FRONT].x,
             s[S_FRONT].y},
            {"winwin, Genius", "#1f77b4", 0, s[S_GEN].n, s[S_GEN].x,
             s[S_GEN].y},
            {"rebuild (b), generated", "#ff7f0e", 0, s[S_REB].n, s[S_REB].x,
             s[S_REB].y},
        };
        svg_plot p2 = {"exact frontier: median CPU time vs points",
                       "frontier points (log)", "CPU seconds (log)", 1, 1,
                       ser2, 3};
        snprintf(path, sizeof path, "%s-time-vs-frontier.svg", prefix);
        if (svg_write(path, &p2))
            rc = -1;
    }
    for (int k = 0; k < S_N; k++) {
        free(s[k].x);
        free(s[k].y);
    }
    return rc;
}
