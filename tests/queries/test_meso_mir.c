/* meso's band MIPs started again with GLPK's MIR cuts (lib/solver.c,
 * run_mip): on the bench's domains only a band MIP past 300 nodes is, so
 * here every band MIP that branches at all is (the solver's mir_after
 * lowered to 1, through lib's internals).  On path "mip", against brute
 * force offer by offer, on seeded random models (interactions, forbids,
 * linear constraints, products, reservations, budgets, grid and
 * real-valued utilities) and zero-sum ones (the band a subset-sum problem
 * to GLPK), with the default target and band and with given ones.
 * Failures print the seed. */
#include "qsupport.h"
#include "solver_internal.h" /* ww_solver's mir_after, mir_restarts */

#define BASE_SEED 98000UL

static int restarts; /* band MIPs started again, over a test */

static ww_status meso_mir(ww_solver *s, const ww_options *o, int count,
                          double target, double band, ww_result **out)
{
    s->mir_after = 1;
    int before = s->mir_restarts;
    ww_status st = ww_meso(s, o, count, target, band, out);
    restarts += s->mir_restarts - before;
    return st;
}

static void test_random_mir(void **state)
{
    (void)state;
    int n, offers = 0;
    restarts = 0;
    int failures = wwq_random_meso_mip(BASE_SEED, wwq_model_count(200), &n,
                                       &offers, meso_mir);
    print_message("meso with MIR restarts, random: %d models, %d offers, "
                  "%d MIPs started again, %d failed\n",
                  n, offers, restarts, failures);
    assert_int_equal(failures, 0);
    if (n >= 100) /* not vacuous: the restarted MIPs' answers were checked */
        assert_true(restarts >= n / 4);
}

static void test_zero_sum_mir(void **state)
{
    (void)state;
    int offers = 0;
    restarts = 0;
    wwq_zero_sum_meso_mip(&offers, meso_mir);
    print_message("meso with MIR restarts, zero-sum: %d offers, %d MIPs "
                  "started again\n", offers, restarts);
    assert_true(restarts >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_mir),
        cmocka_unit_test(test_zero_sum_mir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
