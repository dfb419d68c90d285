/* MIPs started again with GLPK's MIR cuts (lib/solver.c, run_mip): meso's
 * band MIPs and trades' MIP loop.  On the bench's domains only a MIP past
 * 300 nodes is, so here every such MIP that branches at all is (the
 * solver's mir_after lowered to 1, through lib's internals).  And meso's
 * band MIPs whose Gomory cuts stop after their first node (gmi_after
 * lowered to 1 from 50).  On path
 * "mip", against brute force, on seeded random models (interactions,
 * forbids, linear constraints, products, reservations, budgets, grid and
 * real-valued utilities) and, for meso, zero-sum ones (the band a
 * subset-sum problem to GLPK): meso with the default target and band and
 * with given ones, offer by offer; trades of 2-5 changes from the opening,
 * a random package and the best one.  Failures print the seed. */
#include "qsupport.h"
#include <limits.h>
#include "solver_internal.h" /* ww_solver's mir_after, gmi_after and
                                counters */

#define BASE_SEED 98000UL

static unsigned long restarts; /* MIPs started again (or whose Gomory cuts
                                 stopped), over a test */

static ww_status meso_mir(ww_solver *s, const ww_options *o, int count,
                          double target, double band, ww_result **out)
{
    s->mir_after = 1;
    unsigned long before = s->mir_restarts;
    ww_status st = ww_meso(s, o, count, target, band, out);
    restarts += s->mir_restarts - before;
    return st;
}

/* A random-model test's counts, printed ("meso with MIR restarts,
 * random: 200 models, 735 offers, 608 MIPs started again"), and its
 * failures and counted MIPs asserted. */
static void random_done(const char *query, const char *how,
                        const char *items, const char *what, int n,
                        int count, int failures)
{
    print_message("%s %s, random: %d models, %d %s, %lu %s, %d failed\n",
                  query, how, n, count, items, restarts, what, failures);
    assert_int_equal(failures, 0);
    if (n >= 100) /* not vacuous: the counted MIPs' answers were checked */
        assert_true(restarts >= (unsigned long)n / 4);
}

static void test_random_mir(void **state)
{
    (void)state;
    int n, offers = 0;
    restarts = 0;
    int failures = wwq_random_meso_mip(BASE_SEED, wwq_model_count(200), &n,
                                       &offers, meso_mir);
    random_done("meso", "with MIR restarts", "offers", "MIPs started again",
                n, offers, failures);
}

/* meso whose band MIPs stop making Gomory cuts past their first node,
 * with no restart: GLPK's parameters changed under a running search */
static ww_status meso_gmi_stop(ww_solver *s, const ww_options *o, int count,
                               double target, double band, ww_result **out)
{
    s->gmi_after = 1;
    s->mir_after = INT_MAX;
    unsigned long before = s->gmi_stops;
    ww_status st = ww_meso(s, o, count, target, band, out);
    restarts += s->gmi_stops - before;
    return st;
}

static void test_random_gmi_stop(void **state)
{
    (void)state;
    int n, offers = 0;
    restarts = 0;
    int failures = wwq_random_meso_mip(BASE_SEED + 1000, wwq_model_count(200),
                                       &n, &offers, meso_gmi_stop);
    random_done("meso", "with Gomory cuts stopped after a node", "offers",
                "MIPs stopped so", n, offers, failures);
}

static void test_zero_sum_mir(void **state)
{
    (void)state;
    int offers = 0;
    restarts = 0;
    wwq_zero_sum_meso_mip(&offers, meso_mir);
    print_message("meso with MIR restarts, zero-sum: %d offers, %lu MIPs "
                  "started again\n", offers, restarts);
    assert_true(restarts >= 1);
}

/* trades on path "mip" from the opening, a random package and the best
 * one, 2-5 changes, 5 trades, conceding 0-3 */
static int check_trades_mir(unsigned long seed, int *found)
{
    wwq_case c;
    ww_random_params p;
    wwq_params(seed, &p);
    int bad = wwq_open(&c, seed, &p);
    if (!bad) {
        c.o.path = WW_PATH_MIP;
        c.s->mir_after = 1;
        unsigned long long st = seed * 7919ULL;
        int rnd[64], best[64];
        wwq_random_package(&c, &st, rnd);
        long bi = ww_brute_best(c.b, &c.o);
        if (bi >= 0)
            ww_brute_package(c.b, bi, best);
        const int *refs[3] = {ww_model_opening(c.m), rnd,
                              bi >= 0 ? best : NULL};
        unsigned long before = c.s->mir_restarts;
        for (int i = 0; i < 3 && !bad; i++)
            if (refs[i])
                bad = wwq_check_trades(&c, &c.o, refs[i],
                                       2 + (int)((seed + (unsigned)i) % 4), 5,
                                       (double)((seed / 4 + i) % 4), found);
        restarts += c.s->mir_restarts - before;
    }
    wwq_close(&c);
    return bad;
}

static void test_random_trades_mir(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, found = 0;
    restarts = 0;
    wwq_seeds(BASE_SEED + 500, wwq_model_count(200), &first, &n);
    for (int i = 0; i < n; i++)
        failures += check_trades_mir(first + (unsigned long)i, &found);
    random_done("trades", "with MIR restarts", "trades", "MIPs started again",
                n, found, failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_mir),
        cmocka_unit_test(test_zero_sum_mir),
        cmocka_unit_test(test_random_trades_mir),
        cmocka_unit_test(test_random_gmi_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
