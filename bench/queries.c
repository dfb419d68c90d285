/* Times every query on one model, runs both baselines on it and checks that
 * all answers agree (winwin vs enumeration, winwin vs rebuild baseline). */
#include "bench.h"
#include "baseline_rebuild.h"
#include "brute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const bench_query_names[Q_COUNT] = {
    "best", "frontier", "nash", "kalai", "trades", "meso", "evaluate", "enum",
    "rebuild", "mip_loop", "trades_mip", "meso_enum", "evaluate_enum"};

/* meso's offers per query (the CLI's default). */
#define MESO_COUNT 3
/* Answers are compared with twice the tolerance: each side may round. */
#define AGREE_TOL (2 * WW_TOLERANCE)
/* Enumeration only below this many packages (memory and time). */
#define ENUM_MAX_FULL 10000000L
#define ENUM_MAX_QUICK 300000L
/* A fast query is repeated until this much time is spent (stable median). */
#define MIN_TOTAL_S 0.05
#define MAX_FAST_RUNS 201
/* A slow query stops repeating after this much time. */
#define MAX_TOTAL_S 20.0
#define BATCH_S 1e-4        /* a sample lasts at least this long           */
#define MAX_BATCH 1000

typedef struct query_ctx {
    ww_solver *solver;
    ww_options opt;
    const int *ref;          /* trades reference, evaluate's package */
    int k;                   /* trades' max changes */
    ww_evaluation ev;        /* evaluate's last answer */
} query_ctx;

static ww_status run_query(query_ctx *q, int which, ww_result **out)
{
    switch (which) {
    case Q_BEST:
        return ww_best(q->solver, &q->opt, out);
    case Q_FRONTIER:
        return ww_frontier(q->solver, &q->opt, out);
    case Q_NASH:
        return ww_nash(q->solver, &q->opt, out);
    case Q_KALAI:
        return ww_kalai(q->solver, &q->opt, out);
    case Q_TRADES:
        return ww_trades(q->solver, &q->opt, q->ref, q->k, 5, 0.0, out);
    case Q_MESO: /* the CLI's defaults: 3 offers near best's U_s, a 5% band */
        return ww_meso(q->solver, &q->opt, MESO_COUNT, NAN, NAN, out);
    default: /* the value left on the table and an improvement, if any */
        return ww_evaluate(q->solver, &q->opt, q->ref, &q->ev, out);
    }
}

static void fail(bench_case *c, ww_model *m, const char *what, ww_status s)
{
    if (c->error)
        return;
    c->error = 1;
    snprintf(c->errmsg, sizeof c->errmsg, "%s: %s: %s", what,
             ww_status_str(s), ww_errmsg(m));
}

/* Runs per sample for a query whose first run took `first` seconds: a
 * sample of a microsecond query is a batch (its time divided by the batch
 * size), since reading the CPU clock is itself a system call of about half
 * a microsecond.  Both winwin and the baselines are timed this way. */
static int batch_for(double first)
{
    if (first >= BATCH_S)
        return 1;
    double k = ceil(BATCH_S / (first > 1e-9 ? first : 1e-9));
    return k > MAX_BATCH ? MAX_BATCH : (int)k;
}

static int repeats_for(const bench_opts *o, int i, double spent, double first)
{
    if (i < 1)
        return 1;
    if (spent >= MAX_TOTAL_S)
        return 0;
    if (i < o->repeats)
        return 1;
    return first < MIN_TOTAL_S / 10 && spent < MIN_TOTAL_S &&
           i < MAX_FAST_RUNS && !o->quick;
}

/* Times one query; *keep receives the result of the last run. */
static void time_query(const bench_opts *o, query_ctx *q, ww_model *m,
                       int which, bench_case *c, ww_result **keep)
{
    bench_measure *me = &c->q[which];
    int cap = MAX_FAST_RUNS + o->repeats + 1;
    double *samples = malloc((size_t)cap * sizeof *samples);
    double *cpu = malloc((size_t)cap * sizeof *cpu);
    double spent = 0.0, first = 0.0;
    int n = 0;
    *keep = NULL;
    if (!samples || !cpu) {
        fail(c, m, bench_query_names[which], WW_NOMEM);
        free(samples);
        free(cpu);
        return;
    }
    int batch = 1, sized = 0;
    while (n < cap && repeats_for(o, n, spent, first)) {
        ww_result *r = NULL;
        double c0 = bench_cpu_now(), t0 = bench_now();
        ww_status s = run_query(q, which, &r);
        for (int j = 1; j < batch && s == WW_OK; j++) {
            ww_result_free(r);
            r = NULL;
            s = run_query(q, which, &r);
        }
        double dt = (bench_now() - t0) / batch;
        cpu[n] = (bench_cpu_now() - c0) / batch;
        if (s != WW_OK && q->opt.path != WW_PATH_AUTO &&
            (s == WW_UNSUPPORTED || s == WW_TOO_LARGE)) {
            /* A forced --path that does not apply: a note, not an error. */
            snprintf(me->note, sizeof me->note, "path %s: %.70s",
                     ww_path_str(q->opt.path), ww_errmsg(m));
            break;
        }
        if (s != WW_OK) {
            fail(c, m, bench_query_names[which], s);
            break;
        }
        samples[n++] = dt;
        if (!sized) {
            sized = 1;
            first = dt;
            batch = batch_for(dt);
            if (batch > 1)
                n = 0; /* the first run only sized the batches */
        }
        spent += dt * batch;
        ww_result_free(*keep);
        *keep = r;
        /* Another run would only hit the limit again. */
        if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT)
            break;
    }
    if (*keep) {
        ww_stats st;
        me->ran = 1;
        bench_time_from(&me->t, samples, n);
        bench_time cput;
        bench_time_from(&cput, cpu, n);
        me->t.cpu_median = cput.median;
        me->points = ww_result_count(*keep);
        me->outcome = ww_result_outcome(*keep);
        if (ww_result_stats(*keep, &st) == WW_OK) {
            me->solves = st.solves;
            me->path = st.path;
        }
    }
    free(samples);
    free(cpu);
}

static void brute_frontier_points(const ww_brute_point *pts, int n,
                                  bench_points *out)
{
    for (int i = 0; i < n; i++)
        bench_points_push(out, pts[i].buyer, pts[i].seller);
}

/* Baseline (a): enumeration and Pareto filter, timed as one.  Leaves the
 * enumeration of the last run in *keep for the agreement checks. */
static void time_enum(const bench_opts *o, const ww_options *opt,
                      ww_model *m, bench_case *c, ww_brute **keep,
                      bench_points *front)
{
    bench_measure *me = &c->q[Q_ENUM];
    long limit = o->quick ? ENUM_MAX_QUICK : ENUM_MAX_FULL;
    *keep = NULL;
    if (c->packages > (double)limit) {
        snprintf(me->note, sizeof me->note, "skipped: %.3g packages > %ld",
                 c->packages, limit);
        return;
    }
    int runs = o->repeats < 3 ? o->repeats : 3;
    double samples[3], cpu[3];
    int n = 0;
    int batch = 1;
    for (int i = 0; n < runs && i < runs + 1; i++) {
        ww_brute *b = NULL;
        ww_brute_point *pts = NULL;
        double c0 = bench_cpu_now(), t0 = bench_now();
        ww_status s = ww_brute_new(m, limit, &b);
        int np = s == WW_OK ? ww_brute_frontier(b, opt, &pts) : 0;
        for (int j = 1; j < batch && s == WW_OK; j++) {
            free(pts);
            ww_brute_free(b);
            pts = NULL;
            b = NULL;
            s = ww_brute_new(m, limit, &b);
            np = s == WW_OK ? ww_brute_frontier(b, opt, &pts) : 0;
        }
        double dt = (bench_now() - t0) / batch;
        cpu[n] = (bench_cpu_now() - c0) / batch;
        if (s != WW_OK) {
            snprintf(me->note, sizeof me->note, "enumerator: %s",
                     ww_status_str(s));
            return;
        }
        samples[n++] = dt;
        if (i == 0 && (batch = batch_for(dt)) > 1)
            n = 0; /* the first run only sized the batches, as for winwin */
        bench_points_free(front);
        brute_frontier_points(pts, np, front);
        free(pts);
        me->points = np;
        ww_brute_free(*keep);
        *keep = b;
        if (dt > 2.0)
            break;
    }
    me->ran = 1;
    me->outcome = front->n ? WW_OUTCOME_OPTIMAL : WW_OUTCOME_INFEASIBLE;
    bench_time_from(&me->t, samples, n);
    bench_time cput;
    bench_time_from(&cput, cpu, n);
    me->t.cpu_median = cput.median;
}

/* Baseline (a) against winwin's frontier when both take under PAIR_MAX_S:
 * PAIRS pairs of samples taken one right after the other (alternating
 * which goes first), the ratio being the median of the pairs' ratios.  A
 * shared VM drifts between fast and slow spells lasting seconds, which
 * moved ratios of two medians timed apart by up to 1.5x either way on
 * sub-microsecond queries; a pair sees the same spell. */
#define PAIRS 21
#define PAIR_MAX_S 1e-3

/* CPU seconds per run of one batch of the frontier (which 0) or of the
 * enumeration (which 1); < 0 when a call failed. */
static double pair_sample(query_ctx *q, ww_model *m, long limit, int which,
                          int batch)
{
    double c0 = bench_cpu_now();
    for (int j = 0; j < batch; j++) {
        if (which == 0) {
            ww_result *r = NULL;
            ww_status s = ww_frontier(q->solver, &q->opt, &r);
            ww_result_free(r);
            if (s != WW_OK)
                return -1;
        } else {
            ww_brute *b = NULL;
            ww_brute_point *pts = NULL;
            if (ww_brute_new(m, limit, &b) != WW_OK)
                return -1;
            ww_brute_frontier(b, &q->opt, &pts);
            free(pts);
            ww_brute_free(b);
        }
    }
    return (bench_cpu_now() - c0) / batch;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void pair_enum(const bench_opts *o, query_ctx *q, ww_model *m,
                      bench_case *c)
{
    bench_measure *e = &c->q[Q_ENUM], *w = &c->q[Q_FRONTIER];
    if (!e->ran || !w->ran || e->per_point || e->ratio <= 0 ||
        w->outcome == WW_OUTCOME_TIME_LIMIT ||
        !(e->t.cpu_median < PAIR_MAX_S && w->t.cpu_median < PAIR_MAX_S))
        return;
    long limit = o->quick ? ENUM_MAX_QUICK : ENUM_MAX_FULL;
    int bw = batch_for(w->t.cpu_median), be = batch_for(e->t.cpu_median);
    double r[PAIRS];
    for (int k = 0; k < PAIRS; k++) {
        double tw, te;
        if (k % 2 == 0) {
            tw = pair_sample(q, m, limit, 0, bw);
            te = pair_sample(q, m, limit, 1, be);
        } else {
            te = pair_sample(q, m, limit, 1, be);
            tw = pair_sample(q, m, limit, 0, bw);
        }
        if (!(tw > 0 && te > 0))
            return; /* a failed call (reported elsewhere) or no clock */
        r[k] = te / tw;
    }
    qsort(r, PAIRS, sizeof *r, cmp_double);
    e->ratio = r[PAIRS / 2];
    e->pairs = PAIRS;
}

/* A slow baseline, timed in at most three runs (fewer once a run takes a
 * second or hits the time limit): run() does one, keep() then records its
 * answer in me and front (untimed); each returns 0, or non-zero after
 * recording an error. */
typedef struct baseline {
    int (*run)(struct baseline *b);
    int (*keep)(struct baseline *b, bench_measure *me, bench_points *front);
    const bench_opts *o;
    ww_model *m;
    bench_case *c;
    baseline_result rebuilt;   /* (b) */
    ww_solver *solver;         /* (c), (d) */
    ww_result *res;            /* (c), (d) */
    const int *ref;            /* (d): the trades' reference; (f): the
                                  evaluated package */
    const ww_options *opt;     /* (e), (f): winwin's options */
    int offers;                /* (e), (f): its answer's size */
    ww_outcome outcome;        /* (e), (f): and outcome */
} baseline;

static void time_baseline(baseline *bl, bench_measure *me,
                          bench_points *front)
{
    int runs = bl->o->repeats < 3 ? bl->o->repeats : 3;
    double samples[3], cpu[3];
    int n = 0;
    for (int i = 0; i < runs; i++) {
        double c0 = bench_cpu_now(), t0 = bench_now();
        int rc = bl->run(bl);
        double dt = bench_now() - t0;
        cpu[n] = bench_cpu_now() - c0;
        if (rc || bl->keep(bl, me, front))
            return;
        samples[n++] = dt;
        if (dt > 1.0 || me->outcome == WW_OUTCOME_TIME_LIMIT)
            break;
    }
    me->ran = 1;
    bench_time_from(&me->t, samples, n);
    bench_time cput;
    bench_time_from(&cput, cpu, n);
    me->t.cpu_median = cput.median;
}

/* Baseline (b): rebuild per point. */
static int rebuild_run(baseline *bl)
{
    baseline_result *r = &bl->rebuilt;
    memset(r, 0, sizeof *r);
    if (!baseline_rebuild_frontier(bl->m, 0, bl->o->time_limit, r))
        return 0;
    bench_case *c = bl->c;
    snprintf(c->q[Q_REBUILD].note, sizeof c->q[Q_REBUILD].note,
             "baseline error: %.70s", r->error);
    c->error = 1;
    snprintf(c->errmsg, sizeof c->errmsg, "rebuild baseline: %.200s",
             r->error);
    baseline_result_free(r);
    return -1;
}

static int rebuild_keep(baseline *bl, bench_measure *me, bench_points *front)
{
    baseline_result *r = &bl->rebuilt;
    me->points = r->points.n;
    me->solves = r->solves;
    me->outcome = r->outcome;
    bench_points_free(front);
    *front = r->points;       /* takes ownership */
    return 0;
}

/* Baseline (c): winwin's own GLPK loop, the frontier forced onto
 * WW_PATH_MIP on one warm solver (built before the timing). */
static int mip_loop_run(baseline *bl)
{
    ww_options opt;
    ww_options_init(&opt);
    opt.time_limit = bl->o->time_limit;
    opt.path = WW_PATH_MIP;
    ww_status st = ww_frontier(bl->solver, &opt, &bl->res);
    if (st != WW_OK)
        fail(bl->c, bl->m, "GLPK loop (c)", st);
    return st != WW_OK;
}

/* A baseline's answer's counts, path and outcome into me. */
static void keep_stats(const ww_result *res, bench_measure *me)
{
    ww_stats stats;
    ww_result_stats(res, &stats);
    me->points = ww_result_count(res);
    me->solves = stats.solves;
    me->path = stats.path;
    me->outcome = ww_result_outcome(res);
}

static int mip_loop_keep(baseline *bl, bench_measure *me, bench_points *front)
{
    keep_stats(bl->res, me);
    bench_points_free(front);
    bench_points_from_result(front, bl->res);
    ww_result_free(bl->res);
    bl->res = NULL;
    return 0;
}

/* Baseline (d): trades on the GLPK loop (WW_PATH_MIP), same arguments as
 * winwin's (run_query), on one warm solver; the answer is kept in bl->res
 * for the agreement check. */
static int trades_mip_run(baseline *bl)
{
    ww_options opt;
    ww_options_init(&opt);
    opt.time_limit = bl->o->time_limit;
    opt.path = WW_PATH_MIP;
    ww_result_free(bl->res);
    bl->res = NULL;
    ww_status st = ww_trades(bl->solver, &opt, bl->ref, bl->o->trades_k, 5,
                             0.0, &bl->res);
    if (st != WW_OK)
        fail(bl->c, bl->m, "GLPK loop trades (d)", st);
    return st != WW_OK;
}

static int trades_mip_keep(baseline *bl, bench_measure *me,
                           bench_points *front)
{
    (void)front;
    keep_stats(bl->res, me);
    return 0;
}

/* The enumeration baselines' brute force, built inside the timed run (it
 * is their cost); NULL when it cannot be (recorded as the case's error). */
static ww_brute *enum_brute(baseline *bl, const char *what)
{
    long limit = bl->o->quick ? ENUM_MAX_QUICK : ENUM_MAX_FULL;
    ww_brute *b = NULL;
    ww_status st = ww_brute_new(bl->m, limit, &b);
    if (st != WW_OK)
        fail(bl->c, bl->m, what, st);
    return b;
}

/* Baseline (e): meso by enumeration, the brute force built and run as
 * one, with winwin's arguments (MESO_COUNT, the default target and band). */
static int meso_enum_run(baseline *bl)
{
    ww_brute *b = enum_brute(bl, "meso by enumeration (e)");
    if (!b)
        return -1;
    bl->offers = ww_brute_meso(b, bl->opt, MESO_COUNT, NAN, NAN, NULL);
    bl->outcome = bl->offers ? WW_OUTCOME_OPTIMAL : WW_OUTCOME_INFEASIBLE;
    ww_brute_free(b);
    return 0;
}

/* Baseline (f): evaluate by enumeration, the brute force built and run as
 * one on winwin's package (the value left and the best improvement). */
static int eval_enum_run(baseline *bl)
{
    ww_brute *b = enum_brute(bl, "evaluate by enumeration (f)");
    if (!b)
        return -1;
    int has_left, has_better;
    double left, better;
    ww_brute_evaluate(b, bl->opt, bl->ref, &has_left, &left, &has_better,
                      &better);
    bl->offers = has_better; /* the improving package, if any */
    bl->outcome = WW_OUTCOME_OPTIMAL;
    ww_brute_free(b);
    return 0;
}

/* (e) and (f): the answer's size and outcome. */
static int enum_keep(baseline *bl, bench_measure *me, bench_points *front)
{
    (void)front;
    me->points = bl->offers;
    me->outcome = bl->outcome;
    return 0;
}

static int near(double a, double b)
{
    return fabs(a - b) <= AGREE_TOL;
}

/* Appends a disagreement to the case's message. */
static void disagree(bench_case *c, const char *fmt, const char *what,
                     const char *detail)
{
    size_t len = strlen(c->errmsg);
    if (len + 2 < sizeof c->errmsg)
        snprintf(c->errmsg + len, sizeof c->errmsg - len, fmt, what, detail);
}

/* 1 when a winwin answer is proven (a time-limited one is not compared). */
static int proven(const ww_result *r)
{
    return r && ww_result_outcome(r) != WW_OUTCOME_TIME_LIMIT;
}

/* nash's product or kalai's min ratio against the enumeration's. */
static int bargain_agrees(const ww_brute *b, const ww_options *opt,
                          const ww_result *r, int kalai, bench_case *c)
{
    const char *name = kalai ? "kalai" : "nash";
    ww_brute_bargain e;
    int has = kalai ? ww_brute_kalai(b, opt, &e) : ww_brute_nash(b, opt, &e);
    if (has != (ww_result_count(r) > 0)) {
        disagree(c, "%s vs enum%s: existence; ", name, "");
        return 0;
    }
    if (!has)
        return 1;
    double ub = ww_result_buyer(r, 0), us = ww_result_seller(r, 0);
    double got = kalai ? ww_brute_kalai_objective(e.d, e.ideal, ub, us)
                       : ww_brute_nash_objective(e.d, ub, us);
    if (fabs(got - e.objective) <= 1e-6 * (1 + fabs(e.objective)))
        return 1;
    char why[96];
    snprintf(why, sizeof why, "%s %.9g vs %.9g",
             kalai ? "min ratio" : "product", got, e.objective);
    disagree(c, "%s vs enum: %s; ", name, why);
    return 0;
}

/* Every winwin answer against the enumeration. */
static void check_enum(const ww_options *opt, const ww_brute *b,
                       const bench_points *bfront,
                       ww_result *const res[Q_TIMED],
                       bench_case *c, const int *ref, int k,
                       const ww_evaluation *ev)
{
    char why[160] = "";
    int ok = 1;
    if (proven(res[Q_BEST])) {
        long i = ww_brute_best(b, opt);
        int n = ww_result_count(res[Q_BEST]);
        if ((i < 0) != (n == 0) ||
            (n && (!near(ww_result_joint(res[Q_BEST], 0), ww_brute_joint(b, i)) ||
                   !near(ww_result_seller(res[Q_BEST], 0),
                         ww_brute_seller(b, i))))) {
            ok = 0;
            disagree(c, "%s vs enum%s; ", "best", "");
        }
    }
    if (proven(res[Q_FRONTIER])) {
        bench_points w = {0};
        bench_points_from_result(&w, res[Q_FRONTIER]);
        if (!bench_points_equal(&w, bfront, AGREE_TOL, why, sizeof why)) {
            ok = 0;
            disagree(c, "%s vs enum: %s; ", "frontier", why);
        }
        bench_points_free(&w);
    }
    if (proven(res[Q_NASH]) && !bargain_agrees(b, opt, res[Q_NASH], 0, c))
        ok = 0;
    if (proven(res[Q_KALAI]) && !bargain_agrees(b, opt, res[Q_KALAI], 1, c))
        ok = 0;
    if (proven(res[Q_TRADES])) {
        long idx[5];
        int nb = ww_brute_trades(b, opt, ref, k, 5, 0.0, idx, NULL);
        int n = ww_result_count(res[Q_TRADES]);
        int same = nb == n;
        for (int k = 0; same && k < n; k++)
            same = near(ww_result_joint(res[Q_TRADES], k),
                        ww_brute_joint(b, idx[k]));
        if (!same) {
            ok = 0;
            snprintf(why, sizeof why, "%d trades vs %d (or J differs)", n,
                     nb);
            disagree(c, "%s vs enum: %s; ", "trades", why);
        }
    }
    if (proven(res[Q_MESO]) &&
        !ww_brute_meso_agrees(b, opt, MESO_COUNT, NAN, NAN, res[Q_MESO],
                              AGREE_TOL, why, sizeof why)) {
        ok = 0;
        disagree(c, "%s vs enum: %s; ", "meso", why);
    }
    if (proven(res[Q_EVALUATE])) {
        int has_left, has_better;
        double left, better;
        ww_brute_evaluate(b, opt, ref, &has_left, &left, &has_better,
                          &better);
        const ww_result *r = res[Q_EVALUATE];
        if (has_left != ev->has_value_left ||
            (has_left && !near(left, ev->value_left)) ||
            has_better != ev->has_improvement ||
            (has_better && !(ww_result_count(r) == 1 &&
                             near(better, ww_result_joint(r, 0))))) {
            ok = 0;
            snprintf(why, sizeof why, "value left %d %.9g vs %d %.9g, "
                     "improvement %d vs %d", ev->has_value_left,
                     ev->value_left, has_left, left, ev->has_improvement,
                     has_better);
            disagree(c, "%s vs enum: %s; ", "evaluate", why);
        }
    }
    c->agree_enum = ok;
}

/* A baseline's frontier points against winwin's (*agree, "vs what" in
 * the message); when one side was cut by the time limit, only the common
 * prefix (both sweep from the highest U_s down). */
static void check_points(const bench_points *base, ww_outcome bout,
                         const ww_result *wres, bench_case *c, int *agree,
                         const char *what)
{
    bench_points w = {0};
    char why[160] = "";
    bench_points_from_result(&w, wres);
    ww_outcome wout = ww_result_outcome(wres);
    bench_points a = w, b = *base;
    if (wout == WW_OUTCOME_TIME_LIMIT || bout == WW_OUTCOME_TIME_LIMIT) {
        int k = a.n < b.n ? a.n : b.n;
        /* The last point found before a time limit may be unproven. */
        if (k > 0)
            k--;
        a.n = b.n = k;
    }
    *agree = bench_points_equal(&a, &b, AGREE_TOL, why, sizeof why);
    if (!*agree)
        disagree(c, "frontier vs %s: %s; ", what, why);
    bench_points_free(&w);
}

/* Baseline `which` over winwin's query `of` (CPU time). */
static void ratio_of(bench_case *c, int which, int of)
{
    bench_measure *b = &c->q[which], *w = &c->q[of];
    if (!b->ran || !w->ran || w->t.median <= 0)
        return;
    /* CPU time: both sides are single-threaded and CPU-bound, and CPU
     * time does not count the waits of a loaded machine. */
    double tb = b->t.cpu_median, tw = w->t.cpu_median;
    if (tw <= 0)
        return;
    if (b->outcome == WW_OUTCOME_TIME_LIMIT ||
        w->outcome == WW_OUTCOME_TIME_LIMIT) {
        if (b->points > 0 && w->points > 0) {
            b->per_point = 1;
            b->ratio = (tb / b->points) / (tw / w->points);
        }
    } else {
        b->ratio = tb / tw;
    }
}

static void ratio(bench_case *c, int which)
{
    ratio_of(c, which, Q_FRONTIER);
}

/* Baseline (d) where winwin's trades walked a neighbourhood in a space
 * over 50,000 packages (below, trades scanned the whole space before the
 * neighbourhood path existed, and the comparison says nothing new). */
static void time_trades_mip(const bench_opts *o, ww_model *m, bench_case *c,
                            const int *ref, const ww_result *mine)
{
    const bench_measure *w = &c->q[Q_TRADES];
    if (!mine || !w->ran || w->path != WW_PATH_ENUM || c->packages <= 5e4)
        return;
    baseline bl = {.run = trades_mip_run, .keep = trades_mip_keep, .o = o,
                   .m = m, .c = c, .ref = ref};
    ww_status st = ww_solver_new(m, &bl.solver);
    if (st != WW_OK) {
        fail(c, m, "GLPK loop trades (d): ww_solver_new", st);
        return;
    }
    bench_points none = {0};
    time_baseline(&bl, &c->q[Q_TRADESMIP], &none);
    if (c->q[Q_TRADESMIP].ran && bl.res && proven(mine) && proven(bl.res)) {
        int n = ww_result_count(mine), same = n == ww_result_count(bl.res);
        for (int k = 0; k < n && same; k++)
            same = near(ww_result_joint(mine, k), ww_result_joint(bl.res, k)) &&
                   near(ww_result_seller(mine, k), ww_result_seller(bl.res, k));
        c->agree_trades_mip = same;
        if (!same)
            disagree(c, "%s vs GLPK loop (d)%s; ", "trades", "");
    }
    ww_result_free(bl.res);
    ww_solver_free(bl.solver);
    ratio_of(c, Q_TRADESMIP, Q_TRADES);
}

/* Baseline (e) where (a) enumerated and winwin's meso ran; the answers
 * were compared offer by offer in check_enum. */
static void time_meso_enum(const bench_opts *o, const ww_options *opt,
                           ww_model *m, bench_case *c)
{
    if (!c->q[Q_ENUM].ran || !c->q[Q_MESO].ran)
        return;
    baseline bl = {.run = meso_enum_run, .keep = enum_keep, .o = o,
                   .m = m, .c = c, .opt = opt};
    bench_points none = {0};
    time_baseline(&bl, &c->q[Q_MESOENUM], &none);
    ratio_of(c, Q_MESOENUM, Q_MESO);
}

/* Baseline (f) where (a) enumerated and winwin's evaluate ran; the answers
 * were compared in check_enum. */
static void time_eval_enum(const bench_opts *o, const ww_options *opt,
                           ww_model *m, bench_case *c, const int *ref)
{
    if (!c->q[Q_ENUM].ran || !c->q[Q_EVALUATE].ran)
        return;
    baseline bl = {.run = eval_enum_run, .keep = enum_keep, .o = o,
                   .m = m, .c = c, .opt = opt, .ref = ref};
    bench_points none = {0};
    time_baseline(&bl, &c->q[Q_EVALENUM], &none);
    ratio_of(c, Q_EVALENUM, Q_EVALUATE);
}

void bench_run_model(const bench_opts *o, ww_model *m, bench_case *c)
{
    c->terms = ww_model_term_count(m);
    for (int i = 0; i < c->terms; i++)
        if (ww_model_level_count(m, i) > c->max_levels)
            c->max_levels = ww_model_level_count(m, i);
    c->interactions = ww_model_interaction_count(m);
    c->packages = ww_model_package_count(m);

    query_ctx q;
    memset(&q, 0, sizeof q);
    ww_options_init(&q.opt);
    q.opt.time_limit = o->time_limit;
    q.opt.max_points = o->max_points;
    q.k = o->trades_k;
    q.opt.path = o->path;
    int *zero = calloc((size_t)c->terms + 1, sizeof *zero);
    q.ref = ww_model_counter(m) ? ww_model_counter(m)
          : ww_model_opening(m) ? ww_model_opening(m) : zero;

    /* Cold: building the solver and its first answer. */
    double t0 = bench_now();
    ww_status s = ww_solver_new(m, &q.solver);
    if (s != WW_OK) {
        fail(c, m, "ww_solver_new", s);
        free(zero);
        return;
    }
    ww_result *r = NULL;
    ww_options cold = q.opt;
    cold.path = WW_PATH_AUTO;   /* --path is for the timed queries */
    s = ww_best(q.solver, &cold, &r);
    c->build_s = bench_now() - t0;
    ww_result_free(r);
    if (s != WW_OK)
        fail(c, m, "best (cold)", s);

    ww_result *res[Q_TIMED] = {NULL};
    for (int k = Q_BEST; k < Q_TIMED && !c->error; k++)
        if (o->query < 0 || o->query == k)
            time_query(o, &q, m, k, c, &res[k]);

    bench_points efront = {0}, bfront = {0};
    ww_brute *b = NULL;
    if (!c->error && !o->no_baselines) {
        time_enum(o, &q.opt, m, c, &b, &efront);
        if (b)
            check_enum(&q.opt, b, &efront, res, c, q.ref, o->trades_k,
                       &q.ev);
        ratio(c, Q_ENUM);
        pair_enum(o, &q, m, c);
        time_meso_enum(o, &q.opt, m, c);
        time_eval_enum(o, &q.opt, m, c, q.ref);
        baseline bl = {.run = rebuild_run, .keep = rebuild_keep, .o = o,
                       .m = m, .c = c};
        time_baseline(&bl, &c->q[Q_REBUILD], &bfront);
        if (c->q[Q_REBUILD].ran && res[Q_FRONTIER])
            check_points(&bfront, c->q[Q_REBUILD].outcome, res[Q_FRONTIER],
                         c, &c->agree_rebuild, "rebuild");
        ratio(c, Q_REBUILD);
        if (c->mip_loop) {
            bench_points mfront = {0};
            baseline ml = {.run = mip_loop_run, .keep = mip_loop_keep,
                           .o = o, .m = m, .c = c};
            ww_status st = ww_solver_new(m, &ml.solver);
            if (st == WW_OK)
                time_baseline(&ml, &c->q[Q_MIPLOOP], &mfront);
            else
                fail(c, m, "GLPK loop (c): ww_solver_new", st);
            ww_result_free(ml.res);
            ww_solver_free(ml.solver);
            if (c->q[Q_MIPLOOP].ran && res[Q_FRONTIER])
                check_points(&mfront, c->q[Q_MIPLOOP].outcome,
                             res[Q_FRONTIER], c, &c->agree_mip, "GLPK loop");
            ratio(c, Q_MIPLOOP);
            bench_points_free(&mfront);
        }
        time_trades_mip(o, m, c, q.ref, res[Q_TRADES]);
    }
    ww_solver_free(q.solver);
    ww_brute_free(b);
    bench_points_free(&efront);
    bench_points_free(&bfront);
    for (int k = 0; k < Q_TIMED; k++)
        ww_result_free(res[k]);
    free(zero);
}
