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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bargain),
        cmocka_unit_test(test_zero_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
