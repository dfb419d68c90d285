/* nash and kalai by the MIP path's search (bargain.c) against brute force,
 * on seeded random models built to have large, non-convex frontiers:
 * distributive (correlation -1 to -0.5), interactions, constraints,
 * reservations, budgets, grid and real-valued utilities, up to 262,144
 * packages.  The anchors, the objective, J and U_s must match; the search
 * must also stay a search: over the models whose frontier has at least
 * LARGE points, its MIP solves stay under half their frontier points (the
 * MIP loop it replaced paid one per point).  Failures print the seed.
 * Also a zero-sum model, every package a frontier point on one hull facet,
 * where the search must step to the facet's peak. */
#include "qsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_SEED 7000UL
#define LARGE 40

static void params(unsigned long seed, ww_random_params *p)
{
    ww_random_params_default(p);
    static const double corr[] = {-1, -0.8, -0.5};
    p->correlation = corr[seed % 3];
    p->min_terms = 4;
    p->max_terms = 6;
    p->min_levels = 4;
    p->max_levels = 8;
    p->grid = seed % 3 == 2 ? 0 : seed % 4 == 1 ? 0.05 : 0.25;
    p->interaction_density = seed % 5 == 0 ? 1.5 : 0.8;
    p->products = seed % 4 == 3;
}

static void test_random_bargain(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0;
    long large_points = 0, large_solves = 0;
    int large = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(120), &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        params(seed, &p);
        int bad = wwq_open(&c, seed, &p);
        int points = 0;
        if (!bad) {
            ww_options all; /* the frontier the search must agree with */
            all = c.o;
            all.path = WW_PATH_MIP;
            bad = wwq_check_frontier(&c, &all, &points);
        }
        c.o.path = WW_PATH_MIP;
        int solves = 0;
        for (int k = 0; k < 2 && !bad; k++) {
            bad = wwq_check_bargain(&c, &c.o, k);
            ww_stats st;
            if (!bad && ww_result_stats(c.r, &st) == WW_OK)
                solves += st.solves;
        }
        if (!bad && points >= LARGE) {
            large++;
            large_points += 2L * points; /* nash and kalai */
            large_solves += solves;
        }
        failures += bad;
        wwq_close(&c);
    }
    print_message("nash/kalai search: %d models, %d with >= %d frontier "
                  "points: %ld solves for %ld points, %d failed\n",
                  n, large, LARGE, large_solves, large_points, failures);
    assert_int_equal(failures, 0);
    if (large > 0)
        assert_true(2 * large_solves < large_points);
}

/* Zero-sum: U_b + U_s = t + 2 on every level of term t, so the 7,776
 * packages are 7,776 frontier points on one line.  Every weighted maximum
 * lies on it, so the incumbent must come from the step at the product's
 * peak on that line; without it the sweep crossed most of the frontier
 * (nash stopped at a 20 s limit after 1,564 MIPs).  Exact against brute
 * force, in under 200 MIPs each. */
static void test_zero_sum(void **state)
{
    (void)state;
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.name = "zero-sum 5 x 6";
    assert_int_equal(ww_zero_sum_model(5, 6, &c.m), WW_OK);
    assert_int_equal(wwq_attach(&c), 0);
    c.o.path = WW_PATH_MIP;
    c.o.time_limit = 120; /* a regression shows as a time limit, not a hang */
    for (int k = 0; k < 2; k++) {
        assert_int_equal(wwq_check_bargain(&c, &c.o, k), 0);
        ww_stats st;
        assert_int_equal(ww_result_stats(c.r, &st), WW_OK);
        print_message("zero-sum %s: %d MIPs\n", k ? "kalai" : "nash",
                      st.solves);
        assert_true(st.solves < 200);
    }
    wwq_close(&c);
}

/* Zero-sum 6 x 8 on the DP: every one of the 262,144 packages is a
 * frontier point and none can be pruned by the key, so the run hands them
 * all to the tie rule, past the 65,536 sums whose keys it holds in an
 * array (beyond, it computes each key again).  Real-valued and on a grid
 * (ties), nash and kalai, against brute force. */
static void test_zero_sum_dp(void **state)
{
    (void)state;
    for (int grid = 0; grid < 2; grid++) {
        wwq_case c;
        char name[64];
        wwq_open_zero_sum(&c, name, 6, 8, grid);
        ww_options o;
        ww_options_init(&o);
        o.path = WW_PATH_DP;
        for (int k = 0; k < 2; k++) {
            assert_int_equal(wwq_check_bargain(&c, &o, k), 0);
            assert_int_equal(ww_test_path(c.r), WW_PATH_DP);
        }
        wwq_close(&c);
    }
}

/* The walk of the enumeration path (scan.c) keeps the packages within TOL
 * of the best key; past 256 it settles the ties in two more passes.  Here
 * every package of the best key has 400 copies (two terms of identical
 * levels).  Nash's best product, 16, is reached at (2, 8), (8, 2), (16, 1)
 * and (1, 16); kalai's, 1/8, at (2, 8) and (8, 2).  With both weights 1
 * the highest J ties (17 at (16, 1) and (1, 16); 10) and U_s decides:
 * (1, 16) and (2, 8).  With the buyer's weight 2 J decides: (16, 1) and
 * (8, 2), the lower U_s.  Every path, against brute force. */
static void test_many_ties(void **state)
{
    (void)state;
    wwq_case c;
    wwq_open_ties(&c);
    static const ww_path paths[] = {WW_PATH_ENUM, WW_PATH_AUTO, WW_PATH_DP,
                                    WW_PATH_MIP};
    static const double want_us[2][2] = {{16, 8}, {1, 2}};
    for (int w = 0; w < 2; w++) {
        if (w)
            wwq_reweigh(&c, WW_BUYER, 2);
        for (int i = 0; i < 4; i++) {
            ww_options o;
            ww_options_init(&o);
            o.path = paths[i];
            for (int k = 0; k < 2; k++) {
                assert_int_equal(wwq_check_bargain(&c, &o, k), 0);
                assert_true(ww_result_seller(c.r, 0) == want_us[w][k]);
            }
        }
    }
    wwq_close(&c);
}

static int stop_on_third(const ww_progress *p, void *data)
{
    (void)p;
    return ++*(int *)data == 3;
}

/* Nash and kalai against brute force, optimal, answered by `path`. */
static void check_both(wwq_case *c, const ww_options *o, ww_path path)
{
    for (int k = 0; k < 2; k++) {
        assert_int_equal(wwq_check_bargain(c, o, k), 0);
        ww_stats st;
        assert_int_equal(ww_result_stats(c->r, &st), WW_OK);
        assert_int_equal(ww_result_outcome(c->r), WW_OUTCOME_OPTIMAL);
        assert_int_equal(st.path, path);
    }
}

/* Below the DP's cap but dense: 8^6 = 262,144 packages, every one a
 * frontier point.  On auto the DP's fold gets a budget of candidate sums
 * (a few times what meeting in the middle enumerates) and gives up for
 * meeting in the middle (mitm.c; the DP path), which takes about a
 * millisecond where the walk takes ten; a forced DP and a forced ENUM (the
 * walk) still answer.  Auto again on the same solver, which remembers that
 * the fold went over (bargain.c), and under a seller floor, which it does
 * not remember.  All against brute force. */
static void test_dense_budget(void **state)
{
    (void)state;
    wwq_case c;
    wwq_open_dense(&c, "zero-sum 6 x 8, real", 6, 8, 1);
    assert_int_equal(wwq_attach(&c), 0);
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_DP, WW_PATH_ENUM,
                                    WW_PATH_AUTO};
    for (int f = 0; f < 4; f++) {
        ww_options o;
        ww_options_init(&o);
        o.path = paths[f];
        check_both(&c, &o, f == 2 ? WW_PATH_ENUM : WW_PATH_DP);
    }
    assert_int_equal(ww_model_set_reservation(c.m, WW_SELLER, 20), WW_OK);
    ww_brute_free(c.b); /* the brute force copies the model; the solver not */
    assert_int_equal(ww_brute_new(c.m, 2000000, &c.b), WW_OK);
    ww_options o;
    ww_options_init(&o);
    for (int f = 0; f < 2; f++) /* the new revision's fold, then the memo */
        check_both(&c, &o, WW_PATH_DP);
    wwq_close(&c);
}

/* A zero-sum model whose frontier is its whole space, 8^7 = 2,097,152
 * real-valued points: past the enumeration table's 10^6 packages and the
 * DP's cap on partial sums, so nash and kalai on auto meet in the middle
 * (the MIP search found no answer in 20 s on 10^7); forced ENUM walks the
 * space.  Against brute force. */
static void test_dense_walk(void **state)
{
    (void)state;
    wwq_case c;
    wwq_open_dense(&c, "zero-sum 7 x 8, real", 7, 8, 1);
    assert_int_equal(ww_brute_new(c.m, 3000000, &c.b), WW_OK);
    assert_int_equal(wwq_attach(&c), 0);
    ww_options o;
    ww_options_init(&o);
    o.time_limit = 300; /* a regression shows as a time limit, not a hang */
    check_both(&c, &o, WW_PATH_DP);
    o.path = WW_PATH_ENUM;
    check_both(&c, &o, WW_PATH_ENUM);
    /* the walk reports progress every 2^20 packages and stops when told:
     * in its second pass, with the best key found so far */
    int calls = 0;
    o.path = WW_PATH_ENUM;
    o.progress = stop_on_third;
    o.progress_data = &calls;
    for (int k = 0; k < 2; k++) {
        calls = 0;
        wwq_next(&c, "stopped walk");
        assert_int_equal(k ? ww_kalai(c.s, &o, &c.r) : ww_nash(c.s, &o, &c.r),
                         WW_OK);
        assert_int_equal(ww_result_outcome(c.r), WW_OUTCOME_TIME_LIMIT);
        assert_int_equal(calls, 3);
        assert_int_equal(ww_result_count(c.r), 1);
    }
    /* nothing admissible past the table's 10^6 packages: the walk's first
     * pass says so, and the DP or the MIPs say why */
    o.progress = NULL;
    assert_int_equal(ww_model_set_reservation(c.m, WW_BUYER, 1000), WW_OK);
    ww_solver_free(c.s);
    c.s = NULL;
    assert_int_equal(ww_solver_new(c.m, &c.s), WW_OK);
    wwq_next(&c, "nothing admissible");
    assert_int_equal(ww_nash(c.s, &o, &c.r), WW_OK);
    assert_int_equal(ww_result_outcome(c.r), WW_OUTCOME_INFEASIBLE);
    ww_diagnosis dg;
    assert_int_equal(ww_result_diagnosis(c.r, &dg), WW_OK);
    assert_int_equal(dg.cause, WW_CAUSE_BUYER_RESERVATION);
    assert_true(fabs(dg.required - 1000) <= 1e-9);
    double most = 0; /* no seller limit: every term's best level */
    for (int t = 0; t < ww_model_term_count(c.m); t++) {
        double b = -HUGE_VAL;
        for (int l = 0; l < ww_model_level_count(c.m, t); l++)
            b = fmax(b, ww_model_level_buyer(c.m, t, l));
        most += b;
    }
    assert_true(fabs(dg.reachable - most) <= 1e-9);
    wwq_close(&c);
}

/* Utilities of about 10^6 on real data, too large for GLPK's tolerances
 * (ww__mip_exact): auto plans the DP or the enumeration instead of the
 * MIPs, and nash and kalai must still walk a dense space there.  6 x 8:
 * the DP the planner chose runs out of its budget and meeting in the
 * middle answers (it used to get no budget: a slow DP; then the walk
 * answered); 7 x 8 under a linear constraint
 * over every term (a group too large for the DP), 2,097,151 packages:
 * past the table's 10^6, the walk answers (it used to be refused), and so
 * does evaluate; with reservations no package meets together, the cause
 * comes from a walk too (not from GLPK).  Against brute force; a forced
 * MIP is refused. */
static void test_inexact_walk(void **state)
{
    (void)state;
    for (int n = 6; n <= 7; n++) {
        wwq_case c;
        wwq_open_dense(&c, n == 6 ? "zero-sum 6 x 8, 1e5" : "zero-sum 7 x 8, 1e5",
                   n, 8, 1e5);
        if (n == 7) { /* sum of levels <= 48: all but the last package */
            int terms[7];
            double coefs[7];
            for (int t = 0; t < n; t++) {
                terms[t] = t;
                coefs[t] = 1;
                for (int l = 0; l < 8; l++)
                    assert_int_equal(ww_model_set_level_value(c.m, t, l, l),
                                     WW_OK);
            }
            assert_int_equal(ww_model_add_linear(c.m, terms, coefs, n,
                                                 -HUGE_VAL, 7 * n - 1, NULL),
                             WW_OK);
        }
        assert_int_equal(ww_brute_new(c.m, 3000000, &c.b), WW_OK);
        assert_int_equal(wwq_attach(&c), 0);
        ww_options o;
        ww_options_init(&o);
        o.time_limit = 300;
        check_both(&c, &o, n == 6 ? WW_PATH_DP : WW_PATH_ENUM);
        o.path = WW_PATH_MIP;
        wwq_next(&c, "forced MIP");
        assert_int_equal(ww_nash(c.s, &o, &c.r), WW_UNSUPPORTED);
        if (n == 7) {
            int ref[7] = {1, 2, 3, 4, 5, 6, 7}, improvable = 0;
            o.path = WW_PATH_AUTO;
            for (int apart = 0; apart < 2; apart++) {
                if (apart) { /* U_b + U_s is 35e5 */
                    assert_int_equal(ww_model_set_reservation(c.m, WW_SELLER,
                                                              18e5), WW_OK);
                    assert_int_equal(ww_model_set_reservation(c.m, WW_BUYER,
                                                              17.5e5), WW_OK);
                    ww_brute_free(c.b); /* it copies the limits */
                    assert_int_equal(ww_brute_new(c.m, 3000000, &c.b), WW_OK);
                    wwq_next(&c, "nash, nothing admissible");
                    assert_int_equal(ww_nash(c.s, &o, &c.r), WW_OK);
                    assert_int_equal(wwq_check_infeasible(&c, c.r, &o), 0);
                    ww_stats st;
                    assert_int_equal(ww_result_stats(c.r, &st), WW_OK);
                    assert_int_equal(st.solves, 0); /* no GLPK */
                }
                assert_int_equal(wwq_check_evaluate(&c, &o, ref, &improvable),
                                 0);
                ww_stats st;
                assert_int_equal(ww_result_stats(c.r, &st), WW_OK);
                assert_int_equal(st.path, WW_PATH_ENUM);
                assert_int_equal(st.solves, 0);
                if (apart)
                    assert_int_equal(wwq_check_infeasible(&c, c.r, &o), 0);
            }
        }
        wwq_close(&c);
    }
}

/* Seed 14601 of the sweep above (50,176 packages, interactions, forbids, a
 * linear constraint): GLPK's MIP presolver, once on from a query's first
 * 2 ms solve, returned wrong optima here and the MIP frontier lost 44 to
 * 51 of its 138 points (tests/robust/RELIABILITY.md, found 10). */
static void test_presolver_regression(void **state)
{
    (void)state;
    wwq_case c;
    ww_random_params p;
    params(14601, &p);
    assert_int_equal(wwq_open(&c, 14601, &p), 0);
    ww_options o = c.o;
    o.path = WW_PATH_MIP;
    int points = 0;
    assert_int_equal(wwq_check_frontier(&c, &o, &points), 0);
    assert_int_equal(points, 138);
    wwq_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bargain),
        cmocka_unit_test(test_zero_sum),
        cmocka_unit_test(test_zero_sum_dp),
        cmocka_unit_test(test_many_ties),
        cmocka_unit_test(test_dense_budget),
        cmocka_unit_test(test_dense_walk),
        cmocka_unit_test(test_presolver_regression),
        cmocka_unit_test(test_inexact_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
