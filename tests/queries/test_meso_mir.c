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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* meso of c on path "mip": the default target and band, then best's U_s
 * less 0-2 with a band of 1 or 2.5. */
static int check_mir(wwq_case *c, unsigned long seed, int *offers)
{
    ww_options o = c->o;
    o.path = WW_PATH_MIP;
    int bad = wwq_check_meso_by(c, &o, 2 + (int)(seed % 3), NAN, NAN,
                                offers, meso_mir);
    long bi = ww_brute_best(c->b, &o);
    if (!bad && bi >= 0)
        bad = wwq_check_meso_by(c, &o, 3,
                                ww_brute_seller(c->b, bi) - (double)(seed % 3),
                                seed % 2 ? 2.5 : 1, offers, meso_mir);
    return bad;
}

static void test_random_mir(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, offers = 0;
    restarts = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(200), &first, &n);
    for (int i = 0; i < n; i++) {
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        wwq_params(seed, &p);
        wwq_case c;
        int bad = wwq_open(&c, seed, &p);
        if (!bad)
            bad = check_mir(&c, seed, &offers);
        wwq_close(&c);
        failures += bad;
    }
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
    static const int dims[][2] = {{3, 7}, {5, 6}, {6, 5}};
    int offers = 0;
    restarts = 0;
    for (int i = 0; i < 3; i++)
        for (int grid = 0; grid < 2; grid++) {
            wwq_case c;
            char name[64];
            wwq_open_zero_sum(&c, name, dims[i][0], dims[i][1], grid);
            assert_int_equal(check_mir(&c, (unsigned long)i, &offers), 0);
            wwq_close(&c);
        }
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
