/* best against brute force on seeded random models: J and U_s, the
 * returned package, infeasibility and its diagnosis; with default options,
 * ignore_limits and override_budget.  Also ww_model_evaluate on random
 * packages.  Failures print the seed (rerun with WW_TEST_SEED=...). */
#include "qsupport.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_best),
    };
    int rc = cmocka_run_group_tests_name("random_best", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
