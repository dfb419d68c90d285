/* tests/dp/test_dp_mip.c — the DP frontier against the MIP frontier
 * (ww_frontier forced onto the GLPK path) where brute force is impossible:
 * random additive 10x10 and 30x10 models, and random models with
 * interactions and constraints that the DP supports. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "solver_internal.h" /* ww__now */
#include "random_model.h"
#include "test_util.h"

#ifdef WW_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#define SLOW_RUN (RUNNING_ON_VALGRIND != 0)
#else
#define SLOW_RUN 0
#endif

#define TOL WW_TOLERANCE

static double total_dp, total_mip;

static void compare(ww_model *m, const ww_options *o, unsigned long seed,
                    const char *what)
{
    ww__pareto dp;
    double t0 = ww__now();
    assert_int_equal(ww__dp_frontier(m, o, NULL, 0, &dp), WW_OK);
    double t1 = ww__now();
    assert_true(dp.complete);

    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options mo = *o;
    mo.path = WW_PATH_MIP;
    ww_result *r = NULL;
    double t2 = ww__now();
    assert_int_equal(ww_frontier(s, &mo, &r), WW_OK);
    double t3 = ww__now();
    total_dp += t1 - t0;
    total_mip += t3 - t2;

    int n = ww_result_count(r);
    int ok = ww_result_outcome(r) ==
                 (dp.n ? WW_OUTCOME_OPTIMAL : WW_OUTCOME_INFEASIBLE) &&
             n == dp.n;
    for (int i = 0; ok && i < n; i++)
        if (fabs(ww_result_buyer(r, i) - dp.buyer[i]) > TOL ||
            fabs(ww_result_seller(r, i) - dp.seller[i]) > TOL)
            ok = 0;
    if (!ok) {
        fprintf(stderr, "%s seed %lu: dp %d points, mip %d (outcome %s)\n",
                what, seed, dp.n, n, ww_outcome_str(ww_result_outcome(r)));
        for (int i = 0; i < n || i < dp.n; i++)
            fprintf(stderr, "  %3d dp (%.9g, %.9g)  mip (%.9g, %.9g)\n", i,
                    i < dp.n ? dp.buyer[i] : NAN,
                    i < dp.n ? dp.seller[i] : NAN,
                    i < n ? ww_result_buyer(r, i) : NAN,
                    i < n ? ww_result_seller(r, i) : NAN);
    }
    ww_result_free(r);
    ww_solver_free(s);
    ww__pareto_free(&dp);
    assert_true(ok);
}

static void additive(int terms, int levels, double grid, int models)
{
    ww_random_params p;
    ww_random_params_additive(&p, terms, levels, grid);
    ww_options o;
    ww_options_init(&o);
    total_dp = total_mip = 0;
    for (unsigned long seed = 1; seed <= (unsigned long)models; seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        compare(m, &o, seed, "additive");
        ww_model_free(m);
    }
    printf("%dx%d grid %g: %d models, dp %.2f ms, mip %.1f ms (total)\n",
           terms, levels, grid, models, total_dp * 1e3, total_mip * 1e3);
}

static void test_additive_10x10(void **state)
{
    (void)state;
    additive(10, 10, 0.25, 5);
    additive(10, 10, 0, 5);
}

static void test_additive_30x10(void **state)
{
    (void)state;
    /* the MIP loop takes 3-20 s per 30x10 model (minutes under valgrind,
     * where the real-valued one is skipped) */
    additive(30, 10, 0.25, 1);
    if (!SLOW_RUN)
        additive(30, 10, 0, 1);
}

/* Interactions, constraints, reservations and budgets on 10-14 terms. */
static void test_structured(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    p.min_terms = 10;
    p.max_terms = 14;
    p.min_levels = 3;
    p.max_levels = 6;
    p.interaction_density = 0.5;
    p.max_interaction_terms = 2;
    int tested = 0;
    unsigned long seeds = SLOW_RUN ? 12 : 40;
    for (unsigned long seed = 1; seed <= seeds; seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        if (ww__dp_supported(m, NULL, NULL, NULL)) {
            ww_options o;
            ww_options_init(&o);
            compare(m, &o, seed, "structured");
            o.ignore_limits = 1;
            compare(m, &o, seed, "structured/ignore_limits");
            tested++;
        }
        ww_model_free(m);
    }
    printf("structured: %d models\n", tested);
    assert_true(tested >= (int)seeds / 2);
}

/* evaluate on auto where the DP runs over its budget of candidate sums
 * and the space is too large to walk (25 terms of 10 levels, interactions,
 * anti-correlated so that the bound by J thins its lists little: some
 * 10^4-10^5 sums): the MIPs answer, as the unbudgeted DP does, and
 * the solver does not ask the DP again for that model revision, but does
 * once the model changes. */
static void test_evaluate_over_budget(void **state)
{
    (void)state;
    ww_random_params p; /* real-valued, no limits; pairwise interactions */
    ww_random_params_additive(&p, 25, 10, 0);
    p.interaction_density = 1;
    p.max_interaction_terms = 2;
    p.correlation = -0.5;
    p.weights = p.products = 0;
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(3, &p, &m), WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    int pkg[25] = {0};
    ww_evaluation want, got;
    ww_result *rw = NULL, *rg = NULL;
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_DP;
    assert_int_equal(ww_evaluate(s, &o, pkg, &want, &rw), WW_OK);
    assert_true(want.has_value_left && want.has_improvement);
    o.path = WW_PATH_AUTO;
    for (int k = 0; k < 3; k++) {
        if (k == 2) { /* a new revision: the DP is asked again */
            assert_int_equal(ww_model_set_reservation(m, WW_BUYER, -1e3),
                             WW_OK);
            assert_true(s->over[WW__OVER_EVALUATE_DP].revision != m->revision);
        }
        assert_int_equal(ww_evaluate(s, &o, pkg, &got, &rg), WW_OK);
        assert_int_equal(ww_test_path(rg), WW_PATH_MIP);
        const ww__over_memo *memo = &s->over[WW__OVER_EVALUATE_DP];
        assert_true(memo->over && memo->revision == m->revision);
        assert_true(got.has_value_left && got.has_improvement);
        assert_true(fabs(got.value_left - want.value_left) <= TOL);
        assert_int_equal(ww_result_count(rg), 1);
        assert_true(fabs(ww_result_joint(rg, 0) - ww_result_joint(rw, 0)) <=
                    TOL);
        ww_result_free(rg);
        rg = NULL;
    }
    ww_result_free(rw);
    ww_solver_free(s);
    ww_model_free(m);
    /* the flag is what keeps the DP's fold away: on 10 terms (its sums fit
     * the budget) the fold answers; with the flag set for the revision and
     * the query's floors (a seller reservation) it is skipped, and meeting
     * in the middle answers (the DP path too; the MIPs before mitm.c); the
     * fold answers under other floors (ignore_limits) and after a change of
     * the model.  Every answer agrees with the forced DP's. */
    p.min_terms = p.max_terms = 10;
    assert_int_equal(ww_random_model(3, &p, &m), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 1), WW_OK);
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    static const ww_path want_path[5] = {WW_PATH_DP, WW_PATH_DP, WW_PATH_DP,
                                         WW_PATH_DP, WW_PATH_DP};
    o.path = WW_PATH_DP;
    ww_evaluation fold[2];
    for (int k = 0; k < 2; k++) { /* under the floors, and without */
        o.ignore_limits = k;
        assert_int_equal(ww_evaluate(s, &o, pkg, &fold[k], &rg), WW_OK);
        ww_result_free(rg);
        rg = NULL;
    }
    o.path = WW_PATH_AUTO;
    for (int k = 0; k < 5; k++) {
        o.ignore_limits = k == 2;
        if (k == 1 || k == 4) { /* as a run over the budget leaves it */
            s->over[WW__OVER_EVALUATE_DP].over = 1;
            s->over[WW__OVER_EVALUATE_DP].revision = m->revision;
            s->over[WW__OVER_EVALUATE_DP].has[WW_BUYER] = 0;
            s->over[WW__OVER_EVALUATE_DP].has[WW_SELLER] = 1;
            s->over[WW__OVER_EVALUATE_DP].floor[WW_SELLER] = 1;
        }
        if (k == 3)
            assert_int_equal(ww_model_set_reservation(m, WW_BUYER, -1e3),
                             WW_OK);
        assert_int_equal(ww_evaluate(s, &o, pkg, &got, &rg), WW_OK);
        assert_int_equal(ww_test_path(rg), want_path[k]);
        const ww_evaluation *w = &fold[k == 2];
        assert_true(got.has_value_left == w->has_value_left &&
                    got.has_improvement == w->has_improvement);
        assert_true(fabs(got.value_left - w->value_left) <= TOL);
        ww_result_free(rg);
        rg = NULL;
    }
    ww_solver_free(s);
    ww_model_free(m);
}

/* best on auto where the walk gives up and the DP runs over its budget
 * (a zero-sum 8 x 4 model: 4^8 sums at the last stage): the MIP answers,
 * as the unbudgeted DP does, and the solver remembers the run; under
 * other floors (ignore_limits: none) the DP is asked again. */
static void test_best_over_budget(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(8, 4, &m), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 1), WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_DP;
    ww_result *want = NULL, *got = NULL;
    assert_int_equal(ww_best(s, &o, &want), WW_OK);
    o.path = WW_PATH_AUTO;
    const ww__over_memo *d = &s->over[WW__OVER_BEST_DP];
    for (int k = 0; k < 3; k++) {
        o.ignore_limits = k == 2;
        assert_int_equal(ww_best(s, &o, &got), WW_OK);
        assert_int_equal(ww_test_path(got), WW_PATH_MIP);
        assert_true(d->over && d->revision == m->revision &&
                    d->has[WW_SELLER] == (k < 2));
        const ww__over_memo *w = &s->over[WW__OVER_BEST_WALK];
        assert_true(w->over && w->revision == m->revision &&
                    w->has[WW_SELLER] == (k < 2));
        if (k < 2)
            assert_true(fabs(ww_result_joint(got, 0) -
                             ww_result_joint(want, 0)) <= TOL &&
                        fabs(ww_result_seller(got, 0) -
                             ww_result_seller(want, 0)) <= TOL);
        ww_result_free(got);
        got = NULL;
    }
    ww_result_free(want);
    ww_solver_free(s);
    ww_model_free(m);
    /* the walk's memo is what skips it: an additive 6 x 4 model, which the
     * walk answers, goes to the DP with the memo set */
    ww_random_params p;
    ww_random_params_additive(&p, 6, 4, 0.25);
    assert_int_equal(ww_random_model(1, &p, &m), WW_OK);
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    o.ignore_limits = 0;
    for (int k = 0; k < 2; k++) {
        if (k) {
            ww__over_memo *w = &s->over[WW__OVER_BEST_WALK];
            memset(w, 0, sizeof *w);
            w->over = 1;
            w->revision = m->revision;
        }
        assert_int_equal(ww_best(s, &o, &got), WW_OK);
        assert_int_equal(ww_test_path(got), k ? WW_PATH_DP : WW_PATH_ENUM);
        ww_result_free(got);
        got = NULL;
    }
    ww_solver_free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_additive_10x10),
        cmocka_unit_test(test_additive_30x10),
        cmocka_unit_test(test_structured),
        cmocka_unit_test(test_evaluate_over_budget),
        cmocka_unit_test(test_best_over_budget),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
