/* Time limits are honoured: on a pathological instance (40 terms x 10
 * levels with conflicting real-valued utilities and interactions: a huge
 * frontier, a hard MIP) every query given a 0.5 s limit returns within
 * 10% of it plus a small slack, with outcome time_limit (or a proven
 * answer), and whatever it returns is real: each package evaluates to the
 * reported utilities and is admissible.  The command line is timed too.
 *
 * WW_ROBUST_SLACK (seconds, default 0.25) is added to every bound, for slow
 * or loaded machines; .ci/sanitize raises it for instrumented builds.  This
 * suite runs alone (is_parallel: false) so that timings mean something. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "random_model.h"
#include "test_util.h"
#include "winwin.h"

#define LIMIT 0.5

static double slack(void)
{
    const char *e = getenv("WW_ROBUST_SLACK");
    double s = e ? atof(e) : 0.25;
    return s > 0 ? s : 0.25;
}

static unsigned long rng;
static double uniform(void) { return ww_test_uniform(&rng); }

/* 40 terms x 10 levels: buyer and seller pull apart on every term, with
 * noise, so nearly every package is on some trade-off; 60 interactions.
 * flat: instead every package has J = 0 (the seller loses what the buyer
 * gains), with no interaction: the trades' walk cannot prune it. */
static ww_model *forty_by_ten(unsigned long seed, int flat)
{
    rng = seed * 2654435761UL + 1;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    char name[32];
    for (int t = 0; t < 40; t++) {
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        double wb = 1 + 9 * uniform(), ws = 1 + 9 * uniform();
        for (int l = 0; l < 10; l++) {
            snprintf(name, sizeof name, "l%d", l);
            double x = l / 9.0;
            double b = flat ? 0.25 * l + (t % 7) * 0.5 * l
                            : wb * x + 0.3 * uniform();
            double sv = flat ? -b : ws * (1 - x * x) + 0.3 * uniform();
            assert_int_equal(ww_model_add_level(m, t, name, b, sv, NULL),
                             WW_OK);
        }
    }
    if (flat)
        return m;
    for (int i = 0; i < 60; i++) {
        int a = (int)(uniform() * 40), b = (a + 1 + (int)(uniform() * 39)) % 40;
        int la[3] = {(int)(uniform() * 8), 0, 0}, lb[2] = {(int)(uniform() * 9), 0};
        la[1] = la[0] + 1;
        la[2] = la[0] + 2;
        lb[1] = lb[0] + 1;
        ww_condition c[2] = {{a, la, 3}, {b, lb, 2}};
        assert_int_equal(ww_model_add_interaction(m, c, 2, 2 * uniform() - 1,
                                                  2 * uniform() - 1, NULL),
                         WW_OK);
    }
    int open[40] = {0};
    assert_int_equal(ww_model_set_opening(m, open), WW_OK);
    return m;
}

static void check_real(ww_model *m, const ww_result *r, const char *what)
{
    for (int i = 0; i < ww_result_count(r); i++) {
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, ww_result_package(r, i), &ev),
                         WW_OK);
        if (!ev.admissible ||
            fabs(ev.buyer - ww_result_buyer(r, i)) > 1e-6 ||
            fabs(ev.seller - ww_result_seller(r, i)) > 1e-6)
            fail_msg("%s: package %d reported (%g, %g), is (%g, %g)%s", what,
                     i, ww_result_buyer(r, i), ww_result_seller(r, i),
                     ev.buyer, ev.seller,
                     ev.admissible ? "" : ", not admissible");
    }
}

/* Runs one query kind with the limit and checks time and answer. */
static double timed(ww_model *m, int kind, const char *what)
{
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.time_limit = LIMIT;
    ww_result *r = NULL;
    ww_evaluation ev;
    int ref[40] = {0};
    int pkg[40];
    for (int t = 0; t < 40; t++)
        pkg[t] = t % 10;
    double t0 = ww_test_now();
    ww_status st = WW_OK;
    switch (kind) {
    case 0: st = ww_frontier(s, &o, &r); break;
    case 1: st = ww_best(s, &o, &r); break;
    case 2: st = ww_nash(s, &o, &r); break;
    case 3: st = ww_kalai(s, &o, &r); break;
    case 4: st = ww_trades(s, &o, ref, 4, 5, 5, &r); break;
    case 5: st = ww_meso(s, &o, 3, NAN, NAN, &r); break;
    default: st = ww_evaluate(s, &o, pkg, &ev, &r); break;
    }
    double dt = ww_test_now() - t0;
    assert_int_equal(st, WW_OK);
    ww_outcome oc = ww_result_outcome(r);
    print_message("%-9s %.3f s, %s, %d packages\n", what, dt,
                  ww_outcome_str(oc), ww_result_count(r));
    check_real(m, r, what);
    double bound = LIMIT * 1.1 + slack();
    if (dt > bound)
        fail_msg("%s: %.3f s with a %.1f s time limit (bound %.3f s)", what,
                 dt, LIMIT, bound);
    ww_result_free(r);
    ww_solver_free(s);
    return dt;
}

static void test_frontier_limit(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 3; seed++) {
        ww_model *m = forty_by_ten(seed, 0);
        ww_solver *s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        ww_options o;
        ww_options_init(&o);
        o.time_limit = LIMIT;
        ww_result *r = NULL;
        double t0 = ww_test_now();
        assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
        double dt = ww_test_now() - t0;
        int n = ww_result_count(r);
        print_message("seed %lu: frontier %.3f s, %s, %d points\n", seed, dt,
                      ww_outcome_str(ww_result_outcome(r)), n);
        /* Not provable in 0.5 s. */
        assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
        check_real(m, r, "frontier");
        /* What it found so far: sorted by U_s, mutually non-dominated. */
        for (int i = 1; i < n; i++) {
            assert_true(ww_result_seller(r, i - 1) >=
                        ww_result_seller(r, i) - 1e-6);
            assert_true(ww_result_buyer(r, i - 1) <=
                        ww_result_buyer(r, i) + 1e-6);
        }
        if (dt > LIMIT * 1.1 + slack())
            fail_msg("frontier: %.3f s with a %.1f s limit", dt, LIMIT);
        ww_result_free(r);
        ww_solver_free(s);
        ww_model_free(m);
    }
}

static void test_every_query_limit(void **state)
{
    (void)state;
    static const char *const names[] = {"frontier", "best",  "nash",
                                        "kalai",    "trades", "meso",
                                        "evaluate"};
    ww_model *m = forty_by_ten(7, 0);
    for (int k = 0; k < 7; k++)
        timed(m, k, names[k]);
    ww_model_free(m);
}

/* meso stopped by limits from 5 to 80 ms on the pathological model (about
 * 0.2 s to prove here; the limits scaled as the slack is, for
 * instrumented builds): each answer within its bound, optimal or
 * time_limit, and what it keeps real: admissible packages of the band it
 * reports, distinct.  Limits that fall between the first offer and the
 * last (the distance searches and their tie-breaks) must keep the offers
 * found: at least one such answer.  On a machine too slow for any of
 * those limits to reach the first offer (a coverage build: none did at
 * 80 ms), the limit then grows by half until one does or meso finishes. */
static void test_meso_limits(void **state)
{
    (void)state;
    ww_model *m = forty_by_ten(7, 0);
    int n = ww_model_term_count(m), partial = 0;
    double limit = 0.005;
    for (int k = 0; k < 5 || (!partial && limit < 10); k++) {
        if (k > 0)
            limit *= k < 5 ? 2 : 1.5;
        ww_solver *s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        ww_options o;
        ww_options_init(&o);
        o.time_limit = limit * slack() / 0.25;
        ww_result *r = NULL;
        double t0 = ww_test_now();
        assert_int_equal(ww_meso(s, &o, 3, NAN, NAN, &r), WW_OK);
        double dt = ww_test_now() - t0;
        ww_outcome oc = ww_result_outcome(r);
        int c = ww_result_count(r);
        print_message("meso, limit %.3f s: %.3f s, %s, %d offers\n",
                      o.time_limit, dt, ww_outcome_str(oc), c);
        assert_true(oc == WW_OUTCOME_OPTIMAL || oc == WW_OUTCOME_TIME_LIMIT);
        assert_true(oc == WW_OUTCOME_TIME_LIMIT || c == 3);
        check_real(m, r, "meso");
        double target, band;
        if (c > 0)
            assert_true(ww_result_band(r, &target, &band));
        for (int i = 0; i < c; i++) {
            double us = ww_result_seller(r, i);
            assert_true(us >= target - band - 2e-6 && us <= target + 2e-6);
            for (int j = 0; j < i; j++) {
                const int *a = ww_result_package(r, i),
                          *b = ww_result_package(r, j);
                int same = 1;
                for (int t = 0; t < n && same; t++)
                    same = a[t] == b[t];
                assert_false(same);
            }
        }
        partial += oc == WW_OUTCOME_TIME_LIMIT && c > 0;
        double bound = o.time_limit * 1.1 + slack();
        if (dt > bound)
            fail_msg("meso: %.3f s with a %.3f s limit (bound %.3f s)", dt,
                     o.time_limit, bound);
        ww_result_free(r);
        ww_solver_free(s);
        if (k >= 5 && oc == WW_OUTCOME_OPTIMAL)
            break; /* finished: no limit left between its offers */
    }
    assert_true(partial > 0);
    ww_model_free(m);
}

/* A solver for m and default options in *o. */
static ww_solver *solver_for(ww_model *m, ww_options *o)
{
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options_init(o);
    return s;
}

static int stop_at_once(const ww_progress *p, void *data)
{
    (void)p;
    (*(int *)data)++;
    return 1;
}

/* Trades on the enumeration path over the 7.3 million packages within 3
 * changes of a 40-term package, every one a trade of the same J (a few
 * seconds), with a 20 ms limit or, when `calls` is given, no limit but a
 * progress callback that says stop (Ctrl-C in the CLI): stopped, with the
 * best trades found so far (the walk had met thousands): 5 valid ones.
 * Returns the seconds it took. */
static double trades_enum_stopped(int *calls)
{
    ww_model *m = forty_by_ten(0, 1);
    ww_options o;
    ww_solver *s = solver_for(m, &o);
    o.path = WW_PATH_ENUM;
    if (calls) {
        o.progress = stop_at_once;
        o.progress_data = calls;
    } else {
        o.time_limit = 0.02;
    }
    int ref[40] = {0};
    ww_result *r = NULL;
    double t0 = ww_test_now();
    assert_int_equal(ww_trades(s, &o, ref, 3, 5, 1e6, &r), WW_OK);
    double dt = ww_test_now() - t0;
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    assert_int_equal(ww_result_count(r), 5);
    for (int i = 0; i < 5; i++) {
        const int *p = ww_result_package(r, i);
        int changed = 0;
        for (int t = 0; t < 40; t++)
            changed += p[t] != ref[t];
        assert_true(changed >= 1 && changed <= 3);
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, p, &ev), WW_OK);
        assert_true(ev.joint == 0 && ww_result_joint(r, i) == 0);
        assert_true(ev.seller == ww_result_seller(r, i));
        for (int j = 0; j < i; j++) /* distinct, U_s descending */
            assert_true(memcmp(p, ww_result_package(r, j), sizeof ref) != 0 &&
                        ww_result_seller(r, j) >= ww_result_seller(r, i));
    }
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
    return dt;
}

/* Both stops, in time: the limit's within its bound, the callback's at its
 * first call. */
static void test_trades_enum_stops(void **state)
{
    (void)state;
    double dt = trades_enum_stopped(NULL);
    print_message("trades enum: %.3f s with a 0.02 s limit\n", dt);
    if (dt > 0.02 * 1.1 + slack())
        fail_msg("trades enum: %.3f s with a 0.02 s limit", dt);
    int calls = 0;
    trades_enum_stopped(&calls);
    print_message("trades enum stopped by progress after %d call(s)\n",
                  calls);
    assert_int_equal(calls, 1);
}

/* m's frontier on path, with a progress callback that says stop at its
 * first call: obeyed there (m is freed). */
static void frontier_stops_at_once(ww_model *m, ww_path path,
                                   const char *what)
{
    ww_options o;
    ww_solver *s = solver_for(m, &o);
    int calls = 0;
    o.path = path;
    o.progress = stop_at_once;
    o.progress_data = &calls;
    ww_result *r = NULL;
    double t0 = ww_test_now();
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    double dt = ww_test_now() - t0;
    print_message("%s stopped by progress after %d call(s), %.3f s, %d "
                  "points\n", what, calls, dt, ww_result_count(r));
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    assert_int_equal(calls, 1);
    check_real(m, r, what);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* A progress callback that says stop is obeyed at its first call: on the
 * MIP loop, and on the enumeration path's frontier of 10^6 packages
 * (zero-sum 6 x 10, 927,961 points), where the TOL filter calls it (the
 * table's walk calls it every 2^20 packages: the query ran to its end,
 * optimal, without a call). */
static void test_progress_stop(void **state)
{
    (void)state;
    frontier_stops_at_once(forty_by_ten(3, 0), WW_PATH_AUTO, "frontier");
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(6, 10, &m), WW_OK);
    frontier_stops_at_once(m, WW_PATH_ENUM, "enum frontier");
}

/* Stops when asked past `at` seconds, or at its call number at_call (0:
 * none); counts its calls and the longest silence between two of them. */
typedef struct stop_later {
    double t0, at, last, gap;
    int calls, at_call;
} stop_later;

static int stop_after(const ww_progress *p, void *data)
{
    (void)p;
    stop_later *d = data;
    double t = ww_test_now() - d->t0;
    if (t - d->last > d->gap)
        d->gap = t - d->last;
    d->last = t;
    d->calls++;
    return t >= d->at || (d->at_call && d->calls >= d->at_call);
}

/* o's progress callback: stop_after, with d set to stop at `at` seconds
 * from now or at call number at_call. */
static void watch(ww_options *o, stop_later *d, double at, int at_call)
{
    *d = (stop_later){ww_test_now(), at, 0, 0, 0, at_call};
    o->progress = stop_after;
    o->progress_data = d;
}

/* tests/files/data/hard-mip.json (below), loaded. */
static ww_model *hard_mip(void)
{
    ww_model *m = NULL;
    ww_error err;
    if (ww_model_load_file(WW_HARD_MIP, &m, &err) != WW_OK)
        fail_msg("%s: %s", WW_HARD_MIP, err.text);
    return m;
}

/* One MIP GLPK does not finish in minutes: best on
 * tests/files/data/hard-mip.json (test_trades_nearby's random model of
 * seed 7494: 16 terms, interactions, forbids, a linear constraint, both
 * reservations and a concession budget; RELIABILITY.md, found 24).  With
 * no time limit of its own (a 30 s backstop), a progress callback that
 * says stop after 0.3 s (Ctrl-C in the CLI, a host's cancel button) is
 * heard inside the MIP: the query returns within a fraction of a second
 * of it, with the best package found and outcome time_limit.  (The
 * callback was called only between MIPs: this one ran to the backstop,
 * and with no limit for as long as GLPK took.) */
static void test_progress_stops_a_mip(void **state)
{
    (void)state;
    ww_model *m = hard_mip();
    assert_int_equal(ww_model_term_count(m), 16);
    ww_options o;
    ww_solver *s = solver_for(m, &o);
    o.time_limit = 30;
    stop_later d;
    watch(&o, &d, 0.3, 0);
    ww_result *r = NULL;
    assert_int_equal(ww_best(s, &o, &r), WW_OK);
    double dt = ww_test_now() - d.t0;
    print_message("best stopped by progress: %.3f s, %d calls, longest "
                  "silence %.3f s\n", dt, d.calls, d.gap);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    assert_int_equal(ww_result_count(r), 1);
    check_real(m, r, "best (stopped)");
    if (dt > 0.3 + slack())
        fail_msg("best: %.3f s with a stop asked at 0.3 s", dt);
    assert_true(d.calls >= 3);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* A progress callback that tries to change the model its query runs on:
 * every change is refused (WW_MISUSE, the model untouched) until the query
 * returns, then allowed.  (The Python binding's callback could close the
 * model under its query: a crash.) */
typedef struct changer {
    ww_model *m;
    int calls;
    ww_status got[8];
} changer;

static int change_model(const ww_progress *p, void *data)
{
    (void)p;
    changer *c = data;
    if (c->calls++ > 0)
        return 1;
    ww_model *m = c->m;
    int t = -1, pkg[64] = {0};
    c->got[0] = ww_model_set_name(m, "changed");
    c->got[1] = ww_model_add_term(m, "extra", NULL, &t);
    c->got[2] = ww_model_add_level(m, 0, "extra", 1, 1, NULL);
    c->got[3] = ww_model_set_reservation(m, WW_BUYER, 0);
    c->got[4] = ww_model_clear_budget(m);
    c->got[5] = ww_model_set_weight(m, WW_SELLER, 2);
    c->got[6] = ww_model_set_counter(m, pkg);
    c->got[7] = ww_model_add_forbid(m, NULL, 0, NULL);
    return 1;
}

static void test_progress_cannot_change_model(void **state)
{
    (void)state;
    ww_model *m = hard_mip();
    int nt = ww_model_term_count(m), nl = ww_model_level_count(m, 0);
    const char *name = ww_model_name(m);
    char *before = name ? strdup(name) : NULL;
    ww_options o;
    ww_solver *s = solver_for(m, &o);
    o.time_limit = 30;
    changer c = {m, 0, {0}};
    o.progress = change_model;
    o.progress_data = &c;
    ww_result *r = NULL;
    assert_int_equal(ww_best(s, &o, &r), WW_OK);
    assert_true(c.calls >= 1);
    for (int i = 0; i < 8; i++)
        if (c.got[i] != WW_MISUSE)
            fail_msg("change %d inside the callback: status %d", i, c.got[i]);
    assert_int_equal(ww_model_term_count(m), nt);
    assert_int_equal(ww_model_level_count(m, 0), nl);
    if (before)
        assert_string_equal(ww_model_name(m), before);
    ww_result_free(r);
    /* after the query: changes work again, and the solver follows */
    assert_int_equal(ww_model_set_name(m, "changed"), WW_OK);
    assert_int_equal(ww_model_clear_reservation(m, WW_BUYER), WW_OK);
    o.progress = NULL;
    o.time_limit = 0.2;
    assert_int_equal(ww_best(s, &o, &r), WW_OK);
    ww_result_free(r);
    assert_int_equal(ww_model_set_name(m, "again"), WW_OK);
    free(before);
    ww_solver_free(s);
    ww_model_free(m);
}

/* trades from hard-mip.json's counter with a time limit: the walk proves
 * at once that no trade exists, and the diagnosis of why (is any package
 * admissible?) is the MIP GLPK does not finish.  Stopped there, the answer
 * is time_limit with no trade.  It was infeasible, proven, with no cause,
 * which the CLI printed as "no agreement zone: no admissible package
 * exists" on a model whose best package is admissible.  With a stop by
 * the progress callback the same. */
static void test_trades_diagnosis_stopped(void **state)
{
    (void)state;
    ww_model *m = hard_mip();
    const int *counter = ww_model_counter(m);
    assert_non_null(counter);
    for (int by_callback = 0; by_callback < 2; by_callback++) {
        ww_options o;
        ww_solver *s = solver_for(m, &o);
        stop_later d;
        if (by_callback) {
            o.time_limit = 30;
            watch(&o, &d, 0.3, 0);
        } else {
            o.time_limit = 0.3;
        }
        ww_result *r = NULL;
        double t0 = ww_test_now();
        assert_int_equal(ww_trades(s, &o, counter, 2, 5, 0, &r), WW_OK);
        double dt = ww_test_now() - t0;
        ww_diagnosis diag;
        assert_int_equal(ww_result_diagnosis(r, &diag), WW_OK);
        print_message("trades, diagnosis stopped (%s): %.3f s, outcome %s\n",
                      by_callback ? "callback" : "time limit", dt,
                      ww_outcome_str(ww_result_outcome(r)));
        assert_int_equal(ww_result_count(r), 0);
        assert_int_equal(diag.cause, WW_CAUSE_NONE);
        assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
        if (dt > 0.3 + slack())
            fail_msg("trades: %.3f s with a stop at 0.3 s", dt);
        ww_result_free(r);
        ww_solver_free(s);
    }
    /* the model has an admissible package: best's, stopped or not */
    ww_options o;
    ww_solver *s = solver_for(m, &o);
    o.time_limit = 0.3;
    ww_result *r = NULL;
    assert_int_equal(ww_best(s, &o, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 1);
    ww_evaluation ev;
    assert_int_equal(ww_model_evaluate(m, ww_result_package(r, 0), &ev),
                     WW_OK);
    assert_true(ev.admissible);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The DP's frontier of a zero-sum 7 x 10 model (10^7 packages, 6.2
 * million points, 0.8-2.5 s), watched by d (stopping at its call number
 * at_call, 0: none); *m and *s are the caller's to free with the result. */
static ww_result *zero_sum_dp_frontier(ww_model **m, ww_solver **s,
                                       stop_later *d, int at_call)
{
    assert_int_equal(ww_zero_sum_model(7, 10, m), WW_OK);
    ww_options o;
    *s = solver_for(*m, &o);
    o.path = WW_PATH_DP;
    watch(&o, d, HUGE_VAL, at_call);
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(*s, &o, &r), WW_OK);
    return r;
}

/* The callback is called within the DP's stages, every 0.05 s; a stop at
 * its 10th call is heard.  (It was called once a stage, 7 times in all,
 * the last stage's up to 1.2 s after the one before: the run went on to
 * the end, optimal.) */
static void test_progress_stops_the_dp(void **state)
{
    (void)state;
    ww_model *m = NULL;
    ww_solver *s = NULL;
    stop_later d;
    ww_result *r = zero_sum_dp_frontier(&m, &s, &d, 10);
    double dt = ww_test_now() - d.t0;
    print_message("dp frontier stopped by progress: %.3f s, %d calls, "
                  "longest silence %.3f s, %d points\n", dt, d.calls, d.gap,
                  ww_result_count(r));
    assert_int_equal(d.calls, 10);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    check_real(m, r, "dp frontier (stopped)");
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The same frontier run to its end: the callback is never silent for
 * long, up to the answer, so that a stop is heard wherever it is asked.
 * (The end of the run was silent: the TOL filter of the 6.2 million
 * points, their decoding and their copy into the result took 0.4-0.6 s
 * after the last call, and a merge of the last stage's lists 0.25 s.) */
static void test_progress_cadence_dp(void **state)
{
    (void)state;
    ww_model *m = NULL;
    ww_solver *s = NULL;
    stop_later d;
    ww_result *r = zero_sum_dp_frontier(&m, &s, &d, 0);
    double dt = ww_test_now() - d.t0, tail = dt - d.last;
    print_message("dp frontier: %.3f s, %d calls, longest silence %.3f s, "
                  "%.3f s from the last call to the answer, %d points\n",
                  dt, d.calls, d.gap, tail, ww_result_count(r));
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(r), 6177677);
    double bound = 0.05 + slack();
    if (d.gap > bound || tail > bound)
        fail_msg("the callback was silent for %.3f s (%.3f s at the end)",
                 fmax(d.gap, tail), tail);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The CLI: `winwin frontier MODEL --time-limit 0.5` (exit 0), timed from
 * process start to exit. */
static void test_cli_limit(void **state)
{
    (void)state;
    const char *cli = getenv("WINWIN_CLI");
    assert_true(cli && *cli); /* meson passes the built winwin */
    ww_model *m = forty_by_ten(11, 0);
    char path[512], out[512];
    snprintf(path, sizeof path, "%s/time-limit-model.json", WW_ROBUST_TMP);
    snprintf(out, sizeof out, "%s/time-limit-out.json", WW_ROBUST_TMP);
    assert_int_equal(ww_model_save_file(m, path), WW_OK);
    ww_model_free(m);
    double t0 = ww_test_now();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(out, "w", stdout))
            _exit(127);
        execl(cli, cli, "frontier", path, "--time-limit", "0.5", "--json",
              (char *)NULL);
        _exit(127);
    }
    int wst = 0;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    double dt = ww_test_now() - t0;
    print_message("winwin frontier --time-limit 0.5: %.3f s, exit %d\n", dt,
                  WIFEXITED(wst) ? WEXITSTATUS(wst) : -1);
    assert_true(WIFEXITED(wst));
    assert_int_equal(WEXITSTATUS(wst), 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char head[4096] = {0};
    size_t got = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    assert_true(got > 0);
    assert_non_null(strstr(head, "\"time_limit\""));
    /* Process start and loading the model come on top of the limit. */
    if (dt > LIMIT * 1.1 + slack() + 0.25)
        fail_msg("CLI: %.3f s with --time-limit 0.5", dt);
    remove(path);
    remove(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frontier_limit),
        cmocka_unit_test(test_every_query_limit),
        cmocka_unit_test(test_meso_limits),
        cmocka_unit_test(test_trades_enum_stops),
        cmocka_unit_test(test_progress_stop),
        cmocka_unit_test(test_progress_stops_a_mip),
        cmocka_unit_test(test_trades_diagnosis_stopped),
        cmocka_unit_test(test_progress_cannot_change_model),
        cmocka_unit_test(test_progress_stops_the_dp),
        cmocka_unit_test(test_progress_cadence_dp),
        cmocka_unit_test(test_cli_limit),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
