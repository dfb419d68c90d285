/* The reference checks itself: on small random models the brute-force
 * frontier sweep equals a naive quadratic dominance test, best equals a
 * plain max, and the brute-force utilities equal ww_model_evaluate's. */
#include "qsupport.h"

#include <stdlib.h>

#define BASE_SEED 5000UL

static int self_check(wwq_case *c)
{
    long n = ww_brute_count(c->b);
    c->query = "brute self-check";
    /* naive frontier: admissible, undominated, first of its point */
    ww_brute_point *pts = NULL;
    int np = ww_brute_frontier(c->b, &c->o, &pts);
    int naive = 0;
    for (long i = 0; i < n; i++) {
        if (!ww_brute_admissible(c->b, &c->o, i))
            continue;
        double ib = ww_brute_buyer(c->b, i), is = ww_brute_seller(c->b, i);
        int dom = 0, found = 0;
        for (long j = 0; j < n && !dom; j++)
            dom = ww_brute_admissible(c->b, &c->o, j) &&
                  ww_brute_dominates(ww_brute_buyer(c->b, j),
                                     ww_brute_seller(c->b, j), ib, is);
        if (dom)
            continue;
        for (int k = 0; k < np; k++)
            found |= QCLOSE(pts[k].buyer, ib) && QCLOSE(pts[k].seller, is);
        if (!found) {
            free(pts);
            QFAIL(c, "undominated point (%.9g, %.9g) missing from the sweep",
                  ib, is);
        }
        naive++;
    }
    for (int k = 0; k < np; k++) {
        int adm = ww_brute_admissible(c->b, &c->o, pts[k].index);
        int ok = adm && QCLOSE(ww_brute_buyer(c->b, pts[k].index), pts[k].buyer) &&
                 QCLOSE(ww_brute_seller(c->b, pts[k].index), pts[k].seller) &&
                 (k == 0 || (pts[k].seller < pts[k - 1].seller &&
                             pts[k].buyer > pts[k - 1].buyer));
        if (!ok) {
            free(pts);
            QFAIL(c, "sweep point %d is wrong or out of order", k);
        }
    }
    free(pts);
    /* best: plain max of J, then U_s */
    long best = ww_brute_best(c->b, &c->o);
    double bj = -HUGE_VAL;
    for (long i = 0; i < n; i++)
        if (ww_brute_admissible(c->b, &c->o, i) && ww_brute_joint(c->b, i) > bj)
            bj = ww_brute_joint(c->b, i);
    QCHECK(c, (best < 0) == (bj == -HUGE_VAL), "best exists %d", best >= 0);
    if (best >= 0)
        QCHECK(c, QCLOSE(ww_brute_joint(c->b, best), bj), "best J %.9g != %.9g",
               ww_brute_joint(c->b, best), bj);
    /* utilities and feasibility of every package against the library */
    int pkg[64];
    for (long i = 0; i < n; i++) {
        ww_evaluation ev;
        ww_brute_package(c->b, i, pkg);
        QCHECK(c, ww_brute_index(c->b, pkg) == i, "index round trip at %ld", i);
        QCALL(c, ww_model_evaluate(c->m, pkg, &ev));
        QCHECK(c, QCLOSE(ev.buyer, ww_brute_buyer(c->b, i)) &&
                      QCLOSE(ev.seller, ww_brute_seller(c->b, i)) &&
                      ev.feasible == ww_brute_feasible(c->b, i) &&
                      ev.admissible == ww_brute_admissible(c->b, NULL, i),
               "package %s: evaluate (%.9g, %.9g, f%d a%d), brute (%.9g, "
               "%.9g, f%d a%d)", wwq_pkg_str(c, pkg), ev.buyer, ev.seller,
               ev.feasible, ev.admissible, ww_brute_buyer(c->b, i),
               ww_brute_seller(c->b, i), ww_brute_feasible(c->b, i),
               ww_brute_admissible(c->b, NULL, i));
    }
    (void)naive;
    return 0;
}

static void test_brute_self(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, checked = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(300), &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        wwq_params(seed, &p);
        p.max_terms = 5;
        p.max_levels = 5;
        int bad = wwq_open(&c, seed, &p);
        if (!bad && ww_brute_count(c.b) <= 1500) {
            bad = self_check(&c);
            checked++;
        }
        failures += bad;
        wwq_close(&c);
    }
    print_message("brute self-check: %d models, %d checked, %d failed\n", n,
                  checked, failures);
    assert_int_equal(failures, 0);
    assert_true(checked > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_self),
    };
    int rc = cmocka_run_group_tests_name("brute_self", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
