/* meso's first offer and its searches at distance n (every term apart
 * from every earlier offer) by one DP run over the levels no offer takes
 * (lib/trades.c's apart_dp), forced through lib's internal entry point
 * ww__meso_apart (the other searches on the MIP loop), against brute
 * force offer by offer: on
 * seeded random models (interactions, forbids, linear constraints,
 * products, reservations, budgets, grid and real-valued utilities) with
 * the default target and band and with given ones, and on zero-sum
 * models, where every package is a frontier point.  Failures print the
 * seed. */
#include "qsupport.h"
#include "solver_internal.h" /* ww__meso_apart */

#define BASE_SEED 97000UL

static int settled; /* distance-n searches the DP settled, over a test */

static ww_status meso_apart(ww_solver *s, const ww_options *o, int count,
                            double target, double band, ww_result **out)
{
    int k = 0;
    ww_status st = ww__meso_apart(s, o, count, target, band, &k, out);
    settled += k;
    return st;
}

static void test_random_apart(void **state)
{
    (void)state;
    int n, offers = 0;
    settled = 0;
    int failures = wwq_random_meso_mip(BASE_SEED, wwq_model_count(300), &n,
                                       &offers, meso_apart);
    print_message("meso apart, random: %d models, %d offers, %d searches "
                  "settled by the DP, %d failed\n",
                  n, offers, settled, failures);
    assert_int_equal(failures, 0);
    if (n >= 100) /* not vacuous: most second offers lie apart */
        assert_true(settled >= n);
}

/* Zero-sum models (the band a subset-sum problem to GLPK), real-valued and
 * on a grid. */
static void test_zero_sum_apart(void **state)
{
    (void)state;
    int offers = 0;
    settled = 0;
    wwq_zero_sum_meso_mip(&offers, meso_apart);
    print_message("meso apart, zero-sum: %d offers, %d searches settled by "
                  "the DP\n", offers, settled);
    assert_true(settled >= 6);
}

/* The tie rule at distance n, in the band [0.5, 1.5] with target 1.5 and
 * band 1.  A second term of two equal levels makes distance n mean both
 * terms.  The first offer is (3, 1.4); apart from it:
 * 0. a = (2, 1) has the largest U_b and b = (2 - 5e-7, 1.5), within TOL
 *    of it, the larger U_s: b is the second offer, where a rule without
 *    TOL stops at a;
 * 1. b = (2 - 5e-7, 1.6) lies above the band: a is, and the DP leaves the
 *    search to the MIP (its pick would be b);
 * 2. as 0, with c = (5, 0.5 - 1.5e-6) just below the band's floor, which
 *    the run's TOL form of the floor keeps in its list: b again.
 * Every path meso takes agrees. */
static void test_apart_tie_rule(void **state)
{
    (void)state;
    static const double lv[3][5][2] = {
        {{0, 0}, {2, 1}, {2 - 5e-7, 1.5}, {3, 1.4}},
        {{0, 0}, {2, 1}, {2 - 5e-7, 1.6}, {3, 1.4}},
        {{0, 0}, {2, 1}, {2 - 5e-7, 1.5}, {3, 1.4}, {5, 0.5 - 1.5e-6}}};
    static const int nlv[3] = {4, 4, 5};
    static const double want[3] = {1.5, 1, 1.5};
    static const int want_settled[3] = {2, 1, 2}; /* the first offer too */
    for (int v = 0; v < 3; v++) {
        wwq_case c;
        wwq_open_staircase(&c, "meso apart, tie rule", lv[v], nlv[v]);
        settled = 0;
        wwq_meso_every_path(&c, 2, 1.5, 1, meso_apart, want[v]);
        assert_int_equal(settled, want_settled[v]);
        wwq_close(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_apart),
        cmocka_unit_test(test_zero_sum_apart),
        cmocka_unit_test(test_apart_tie_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
