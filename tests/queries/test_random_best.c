/* best against brute force on seeded random models: J and U_s, the
 * returned package, infeasibility and its diagnosis; with default options,
 * ignore_limits and override_budget.  Also ww_model_evaluate on random
 * packages.  Failures print the seed (rerun with WW_TEST_SEED=...). */
#include "qsupport.h"
#include "test_util.h"

#include <math.h>
#include <stdio.h>

#define BASE_SEED 1000UL

static int run_seed(unsigned long seed, int *infeasible)
{
    wwq_case c;
    int bad = wwq_open(&c, seed, NULL);
    if (!bad) {
        /* ww_model_evaluate against the brute-force utilities */
        unsigned long long st = seed;
        int pkg[64];
        c.query = "ww_model_evaluate";
        for (int k = 0; k < 8 && !bad; k++) {
            wwq_random_package(&c, &st, pkg);
            bad = wwq_check_model_evaluate(&c, pkg);
        }
        if (!bad && ww_model_opening(c.m))
            bad = wwq_check_model_evaluate(&c, ww_model_opening(c.m));
        if (!bad && ww_model_counter(c.m))
            bad = wwq_check_model_evaluate(&c, ww_model_counter(c.m));
    }
    if (!bad) {
        ww_options def;
        wwq_default_options(&def, 0);
        bad = wwq_check_best(&c, &def, "best");
        *infeasible += ww_brute_best(c.b, &def) < 0;
    }
    if (!bad && (c.o.ignore_limits || c.o.override_budget))
        bad = wwq_check_best(&c, &c.o, c.o.ignore_limits ? "best --no-limits"
                                                       : "best --budget");
    /* each exact method forced, with the seed's options */
    static const ww_path paths[] = {WW_PATH_MIP, WW_PATH_ENUM};
    for (int k = 0; k < 2 && !bad; k++) {
        ww_options forced = c.o;
        forced.path = paths[k];
        bad = wwq_check_best(&c, &forced, k ? "best (enum)" : "best (mip)");
    }
    if (!bad && seed % 4 == 0) {
        ww_options nl;
        wwq_default_options(&nl, 1);
        bad = wwq_check_best(&c, &nl, "best --no-limits");
    }
    wwq_close(&c);
    return bad;
}

static void test_random_best(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, infeasible = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(320), &first, &n);
    for (int i = 0; i < n; i++)
        failures += run_seed(first + (unsigned long)i, &infeasible);
    print_message("best: %d models, %d infeasible, %d failed\n", n, infeasible,
                  failures);
    assert_int_equal(failures, 0);
    if (n >= 100)   /* the generator must exercise both outcomes */
        assert_true(infeasible > 0 && infeasible < n);
}

/* best's planner line on auto up to 10^6 packages: the enumeration path's
 * branch and bound on J when it finishes within its budget (6 terms of 4
 * levels, two of each dominated), else the DP when its candidate sums
 * stay within WW__BEST_DP_PAIRS (the same, zero-sum: every package ties
 * on J, so the walk gives up, and no level is dominated), else one MIP
 * (zero-sum on 8 terms: 4^8 sums at the last stage); the answer is the
 * other paths'. */
static void planner_levels(int t, int l, double *b, double *s, void *data)
{
    if (*(const int *)data) { /* zero-sum */
        *b = (l + 1) * (1 + 0.37 * t);
        *s = -*b;
    } else {
        *b = l < 2 ? l + 0.1 * t : -1;
        *s = l < 2 ? 1 - l + 0.2 * t : -1;
    }
}

static void best_planner_case(int terms, int zero_sum, ww_path want)
{
    ww_model *m = ww_test_grid_model(terms, 4, planner_levels, &zero_sum);
    assert_non_null(m);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_MIP, WW_PATH_ENUM,
                                    WW_PATH_DP};
    ww_result *r[4] = {NULL, NULL, NULL, NULL};
    for (int k = 0; k < 4; k++) {
        ww_options o;
        ww_options_init(&o);
        o.path = paths[k];
        assert_int_equal(ww_best(s, &o, &r[k]), WW_OK);
        assert_int_equal(ww_result_outcome(r[k]), WW_OUTCOME_OPTIMAL);
        assert_int_equal(ww_result_count(r[k]), 1);
    }
    assert_int_equal(ww_test_path(r[0]), want);
    for (int k = 1; k < 4; k++) {
        assert_true(fabs(ww_result_joint(r[0], 0) - ww_result_joint(r[k], 0)) <= 1e-9);
        assert_true(fabs(ww_result_seller(r[0], 0) - ww_result_seller(r[k], 0)) <= 1e-9);
    }
    for (int k = 0; k < 4; k++)
        ww_result_free(r[k]);
    ww_solver_free(s);
    ww_model_free(m);
}

static ww_path best_path(ww_solver *s, double *j)
{
    ww_result *r = NULL;
    ww_stats st;
    assert_int_equal(ww_best(s, NULL, &r), WW_OK);
    assert_int_equal(ww_result_stats(r, &st), WW_OK);
    *j = ww_result_joint(r, 0);
    ww_result_free(r);
    return st.path;
}

/* ... and past the walks' 10^6 packages the DP's units are built for best
 * only while cheap: two terms of 50 levels joined by a linear constraint
 * form one unit of 2,500 joint levels (two options kept; with three more
 * terms, 3.1 * 10^8 packages), so a fresh solver's best takes the MIP, and
 * the DP once a frontier has built the units. */
static void units_levels(int t, int l, double *b, double *s, void *data)
{
    (void)t;
    (void)data;
    *b = l < 2 ? l : -1;
    *s = l < 2 ? 2 - l : -1;
}

static void test_best_planner_units(void **state)
{
    (void)state;
    ww_model *m = ww_test_grid_model(5, 50, units_levels, NULL);
    assert_non_null(m);
    const int terms[2] = {0, 1};
    const double coefs[2] = {1, 1};
    assert_int_equal(ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, 60,
                                         NULL), WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    double j0, j1;
    assert_int_equal(best_path(s, &j0), WW_PATH_MIP);
    ww_result *f = NULL;
    assert_int_equal(ww_frontier(s, NULL, &f), WW_OK);
    assert_int_equal(ww_test_path(f), WW_PATH_DP);
    ww_result_free(f);
    assert_int_equal(best_path(s, &j1), WW_PATH_DP);
    assert_true(fabs(j0 - j1) <= 1e-9);
    ww_solver_free(s);
    ww_model_free(m);
}

static void test_best_planner(void **state)
{
    (void)state;
    best_planner_case(6, 0, WW_PATH_ENUM);
    best_planner_case(6, 1, WW_PATH_DP);
    best_planner_case(8, 1, WW_PATH_MIP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_best),
        cmocka_unit_test(test_best_planner),
        cmocka_unit_test(test_best_planner_units),
    };
    int rc = cmocka_run_group_tests_name("random_best", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
