/* frontier, nash and kalai against brute force on seeded random models:
 * the exact point set (within 1e-6), its order, the packages; the
 * bargaining objectives, J and U_s, and the anchors d and I.  Failures
 * print the seed (rerun with WW_TEST_SEED=...). */
#include "qsupport.h"

#include <stdlib.h>

#define BASE_SEED 2000UL

static int run_options(wwq_case *c, const ww_options *o, long *points)
{
    int n = 0;
    int bad = wwq_check_frontier_family(c, o, &n);
    *points += n;
    return bad;
}

static void test_random_frontier(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0;
    long points = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(320), &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        unsigned long seed = first + (unsigned long)i;
        int bad = wwq_open(&c, seed, NULL);
        /* force each exact method on some seeds */
        static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_MIP, WW_PATH_ENUM,
                                        WW_PATH_AUTO, WW_PATH_DP};
        if (!bad)
            c.o.path = paths[seed % 5];
        if (!bad)
            bad = run_options(&c, &c.o, &points);
        if (!bad && c.o.path == WW_PATH_DP) {   /* DP may decline: also auto */
            c.o.path = WW_PATH_AUTO;
            bad = run_options(&c, &c.o, &points);
        }
        if (!bad && seed % 5 == 0 && !c.o.ignore_limits) {
            ww_options nl;
            wwq_default_options(&nl, 1);
            bad = run_options(&c, &nl, &points);
        }
        failures += bad;
        wwq_close(&c);
    }
    print_message("frontier/nash/kalai: %d models, %ld frontier points, %d "
                  "forced-DP frontiers declined, %d failed\n", n, points,
                  wwq_dp_declined, failures);
    assert_int_equal(failures, 0);
}

/* One solver kept while its model changes: every answer must be the
 * changed model's (the solver keeps the MIP and the DP's plan and units of
 * a model revision).  A level is added to a term, then an interaction
 * between the first and the last term, each change followed by frontier,
 * nash and kalai on the DP and on auto. */
static int change_model(wwq_case *c, int step, long *points)
{
    if (wwq_change_model(c, step))
        return 1;
    ww_options o = c->o;
    o.path = WW_PATH_DP;
    if (run_options(c, &o, points))
        return 1;
    o.path = WW_PATH_AUTO;
    return run_options(c, &o, points);
}

static void test_solver_follows_model(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0;
    long points = 0;
    wwq_seeds(BASE_SEED + 5000, wwq_model_count(320) / 4, &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        int bad = wwq_open(&c, first + (unsigned long)i, NULL);
        if (!bad) {
            c.o.path = WW_PATH_DP;
            bad = run_options(&c, &c.o, &points);
        }
        for (int step = 0; step < 2 && !bad; step++)
            bad = change_model(&c, step, &points);
        failures += bad;
        wwq_close(&c);
    }
    print_message("changed models: %d, %ld frontier points, %d failed\n", n,
                  points, failures);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_frontier),
        cmocka_unit_test(test_solver_follows_model),
    };
    int rc = cmocka_run_group_tests_name("random_frontier", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
