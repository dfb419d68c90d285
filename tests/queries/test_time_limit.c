/* Time limits and progress callbacks: a large model with a tiny time limit
 * answers every query without error (time_limit, or optimal when fast) and
 * every package it does return is real and admissible; a progress callback
 * that returns 1 stops a frontier with outcome time_limit; nash and kalai
 * stopped inside a hard MIP answer with a real, admissible package. */
#include "qsupport.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static ww_model *large_model(unsigned long seed)
{
    ww_random_params p;
    ww_random_params_default(&p);
    p.min_terms = p.max_terms = 30;
    p.min_levels = 6;
    p.max_levels = 10;
    p.grid = 0;
    p.interaction_density = 1.0;
    p.products = 1;
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
    return m;
}

/* Every package of r evaluates to its reported utilities and is admissible
 * under the model's own limits. */
static void check_packages(ww_model *m, const ww_result *r)
{
    for (int i = 0; i < ww_result_count(r); i++) {
        ww_evaluation ev;
        const int *pkg = ww_result_package(r, i);
        assert_non_null(pkg);
        assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
        assert_true(ev.admissible);
        assert_true(fabs(ev.buyer - ww_result_buyer(r, i)) <= QTOL);
        assert_true(fabs(ev.seller - ww_result_seller(r, i)) <= QTOL);
    }
}

static void check_outcome(const char *what, ww_outcome oc, double secs)
{
    if (oc != WW_OUTCOME_TIME_LIMIT && oc != WW_OUTCOME_OPTIMAL &&
        oc != WW_OUTCOME_INFEASIBLE)
        fail_msg("%s: outcome %d", what, (int)oc);
    /* a 1 ms limit must stop within seconds (generous under valgrind) */
    double bound = wwq_under_valgrind() ? 120 : 10;
    if (secs > bound)
        fail_msg("%s took %.2f s with a 1 ms time limit", what, secs);
}

static void test_tiny_time_limit(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 2; seed++) {
        ww_model *m = large_model(seed);
        ww_solver *s = NULL;
        ww_result *r = NULL;
        ww_options o;
        ww_options_init(&o);
        o.time_limit = 1e-3;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        int pkg[64];
        for (int t = 0; t < ww_model_term_count(m); t++)
            pkg[t] = (int)((seed + (unsigned long)t) % (unsigned long)ww_model_level_count(m, t));
        for (int q = 0; q < 7; q++) {
            static const char *names[] = {"best", "frontier", "nash", "kalai",
                                          "trades", "meso", "evaluate"};
            ww_evaluation ev;
            double t0 = ww_test_now();
            ww_status st;
            switch (q) {
            case 0: st = ww_best(s, &o, &r); break;
            case 1: st = ww_frontier(s, &o, &r); break;
            case 2: st = ww_nash(s, &o, &r); break;
            case 3: st = ww_kalai(s, &o, &r); break;
            case 4: st = ww_trades(s, &o, pkg, 3, 5, 2, &r); break;
            case 5: st = ww_meso(s, &o, 3, NAN, NAN, &r); break;
            default: st = ww_evaluate(s, &o, pkg, &ev, &r); break;
            }
            if (st != WW_OK)
                fail_msg("seed %lu %s with a 1 ms limit: %s: %s", seed, names[q],
                         ww_status_str(st), ww_errmsg(m));
            check_outcome(names[q], ww_result_outcome(r), ww_test_now() - t0);
            if (q != 4 && q != 6)  /* trades / evaluate: other packages */
                check_packages(m, r);
            print_message("seed %lu %s: %s, %d packages, %.3f s\n", seed,
                          names[q], ww_outcome_str(ww_result_outcome(r)),
                          ww_result_count(r), ww_test_now() - t0);
            ww_result_free(r);
            r = NULL;
        }
        ww_solver_free(s);
        ww_model_free(m);
    }
}

/* Nash and kalai on the MIP path stopped inside a hard MIP: the answer
 * (GLPK's best package so far, when it has one) is real and admissible. */
static void test_bargain_stopped_in_a_mip(void **state)
{
    (void)state;
    ww_model *m = NULL; /* 16.7 million packages, each MIP a subset sum */
    assert_int_equal(ww_zero_sum_model(8, 8, &m), WW_OK);
    ww_solver *s = NULL;
    ww_result *r = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_MIP;
    o.time_limit = 0.3;
    for (int kalai = 0; kalai < 2; kalai++) {
        double t0 = ww_test_now();
        assert_int_equal(kalai ? ww_kalai(s, &o, &r) : ww_nash(s, &o, &r),
                         WW_OK);
        check_outcome(kalai ? "kalai" : "nash", ww_result_outcome(r),
                      ww_test_now() - t0);
        assert_true(ww_result_count(r) <= 1);
        check_packages(m, r);
        ww_result_free(r);
        r = NULL;
    }
    ww_solver_free(s);
    ww_model_free(m);
}

typedef struct progress_log {
    int calls;
    int stop_after;     /* return 1 once points >= this */
    int last_points;
    int monotone;
} progress_log;

static int on_progress(const ww_progress *p, void *data)
{
    progress_log *log = data;
    log->calls++;
    if (p->points < log->last_points || p->elapsed < 0 || p->solves < 0)
        log->monotone = 0;
    log->last_points = p->points;
    return p->points >= log->stop_after;
}

static ww_model *medium_model(void)
{
    ww_random_params p;
    ww_random_params_default(&p);
    p.min_terms = p.max_terms = 12;
    p.min_levels = p.max_levels = 5;
    p.correlation = -0.9;       /* distributive: a long frontier */
    p.reservations = 0;
    p.budget = 0;
    p.constraints = 0;
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(77, &p, &m), WW_OK);
    return m;
}

static void test_progress_stops_frontier(void **state)
{
    (void)state;
    ww_model *m = medium_model();
    ww_solver *s = NULL;
    ww_result *r = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    /* the whole frontier first: it is long enough to be stopped */
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
    int full = ww_result_count(r);
    assert_true(full >= 5);
    ww_result_free(r);
    r = NULL;

    /* a callback that stops at once */
    ww_options o;
    progress_log log = {0, 0, 0, 1};
    ww_options_init(&o);
    o.progress = on_progress;
    o.progress_data = &log;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_true(log.calls >= 1);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    assert_true(ww_result_count(r) < full);
    check_packages(m, r);
    ww_result_free(r);
    r = NULL;

    /* a callback that never stops: optimal, the same frontier */
    progress_log log2 = {0, 1 << 30, 0, 1};
    o.progress_data = &log2;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(r), full);
    assert_true(log2.monotone);
    ww_result_free(r);
    r = NULL;

    /* max_points cuts the frontier short */
    ww_options_init(&o);
    o.max_points = 3;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_true(ww_result_count(r) <= 3);
    check_packages(m, r);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The bench's zero-sum 10 x 10 model with interactions (10^10 packages,
 * hundreds of millions of frontier points), where nash, kalai and
 * evaluate meet in the middle (lib/mitm.c): with a 1 ms limit they stop
 * in time with a real package or none, without one they are optimal (the
 * MIP searches stopped at a 10 s limit before), each in well under a
 * second. */
static void test_dense_interactions(void **state)
{
    (void)state;
    ww_random_params p; /* real-valued, no limits; pairwise interactions */
    ww_random_params_additive(&p, 10, 10, 0);
    p.interaction_density = 1;
    p.max_interaction_terms = 2;
    p.correlation = -1;
    p.weights = p.products = 0;
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(7, &p, &m), WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    int pkg[10] = {0};
    for (int limit = 0; limit < 2; limit++) {
        ww_options o;
        ww_options_init(&o);
        o.time_limit = limit ? 1e-3 : 0;
        for (int q = 0; q < 3; q++) {
            static const char *names[] = {"nash", "kalai", "evaluate"};
            ww_result *r = NULL;
            ww_evaluation ev;
            double t0 = ww_test_now();
            ww_status st = q == 0 ? ww_nash(s, &o, &r)
                         : q == 1 ? ww_kalai(s, &o, &r)
                                  : ww_evaluate(s, &o, pkg, &ev, &r);
            double dt = ww_test_now() - t0;
            assert_int_equal(st, WW_OK);
            check_outcome(names[q], ww_result_outcome(r), dt);
            if (q < 2)
                check_packages(m, r);
            print_message("zero-sum 10 x 10 with interactions, %s, limit "
                          "%g s: %s, %.3f s\n", names[q], o.time_limit,
                          ww_outcome_str(ww_result_outcome(r)), dt);
            if (!limit) {
                assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
                assert_int_equal(ww_result_count(r),
                                 q < 2 || ev.has_improvement);
                assert_true(dt < (wwq_under_valgrind() ? 600 : 5));
            }
            ww_result_free(r);
        }
        ww_solver_free(s);
        assert_int_equal(ww_solver_new(m, &s), WW_OK); /* cold again */
    }
    ww_solver_free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_time_limit),
        cmocka_unit_test(test_progress_stops_frontier),
        cmocka_unit_test(test_bargain_stopped_in_a_mip),
        cmocka_unit_test(test_dense_interactions),
    };
    int rc = cmocka_run_group_tests_name("time_limit", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
