/* Large models: 10^5 levels in all and 10^4 interactions are built, saved
 * and loaded back, and every query either answers (optimal, or time_limit
 * with whatever it found) or refuses with a status and a message, within
 * its time limit (+10% and a slack).  Each
 * answer is checked against a direct evaluation of its package. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "test_util.h"
#include "winwin.h"

#define QUERY_LIMIT 2.0 /* seconds given to each query                    */

/* A query must end within 10% of its limit plus a slack: 4 x
 * WW_ROBUST_SLACK (default 0.25 s; .ci/sanitize sets 1 s). */
static double query_bound(void)
{
    const char *e = getenv("WW_ROBUST_SLACK");
    double s = e ? atof(e) : 0.25;
    return QUERY_LIMIT * 1.1 + 4 * (s > 0 ? s : 0.25);
}

static unsigned long rng = 0x2545F4914F6CDD1DUL;
static unsigned long next(void) { return ww_test_xorshift(&rng); }
static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (double)(next() >> 11) / 9007199254740992.0;
}

/* nterms terms of nlevels levels each, ninter two-term interactions on
 * random level sets, and a few constraints. */
static ww_model *big_model(int nterms, int nlevels, int ninter)
{
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    char name[64];
    for (int t = 0; t < nterms; t++) {
        snprintf(name, sizeof name, "term%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        for (int l = 0; l < nlevels; l++) {
            snprintf(name, sizeof name, "L%d", l);
            double x = (double)l / nlevels;
            assert_int_equal(ww_model_add_level(m, t, name,
                                                100 * x + uniform(0, 5),
                                                100 * (1 - x) + uniform(0, 5),
                                                NULL),
                             WW_OK);
            assert_int_equal(ww_model_set_level_value(m, t, l, l), WW_OK);
        }
    }
    int lv[2][4];
    for (int i = 0; i < ninter; i++) {
        int a = (int)(next() % (unsigned long)nterms);
        int b = (int)((a + 1 + next() % (unsigned long)(nterms - 1)) %
                      (unsigned long)nterms);
        ww_condition c[2] = {{a, lv[0], 0}, {b, lv[1], 0}};
        for (int k = 0; k < 2; k++) {
            int n = 1 + (int)(next() % 4);
            int first = (int)(next() % (unsigned long)(nlevels - 4));
            for (int j = 0; j < n; j++)
                lv[k][j] = first + j;
            c[k].nlevels = n;
        }
        assert_int_equal(ww_model_add_interaction(m, c, 2, uniform(-3, 3),
                                                  uniform(-3, 3), NULL),
                         WW_OK);
    }
    int terms[2] = {0, 1};
    double coefs[2] = {1, 1};
    assert_int_equal(
        ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, nlevels, NULL),
        WW_OK);
    int fl[1] = {nlevels - 1};
    ww_condition f[1] = {{nterms - 1, fl, 1}};
    assert_int_equal(ww_model_add_forbid(m, f, 1, NULL), WW_OK);
    return m;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-6 + 1e-9 * fmax(fabs(a), fabs(b));
}

/* Either a clear refusal, or packages that evaluate to what is reported. */
static void check(ww_model *m, const char *what, ww_status st, ww_result *r,
                  double secs)
{
    print_message("%s: %s, %s, %d packages, %.2f s%s%s\n", what,
                  ww_status_str(st),
                  st == WW_OK ? ww_outcome_str(ww_result_outcome(r)) : "-",
                  st == WW_OK ? ww_result_count(r) : 0, secs,
                  st ? ": " : "", st ? ww_errmsg(m) : "");
    if (secs > query_bound())
        fail_msg("%s: %.1f s with a %.1f s time limit", what, secs,
                 QUERY_LIMIT);
    if (st != WW_OK) {
        assert_null(r);
        assert_true(ww_errmsg(m)[0] != '\0');
        return;
    }
    for (int i = 0; i < ww_result_count(r); i++) {
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, ww_result_package(r, i), &ev),
                         WW_OK);
        assert_true(ev.admissible);
        if (!close_to(ev.buyer, ww_result_buyer(r, i)) ||
            !close_to(ev.seller, ww_result_seller(r, i)))
            fail_msg("%s: package %d reports (%.17g, %.17g), evaluates to "
                     "(%.17g, %.17g)",
                     what, i, ww_result_buyer(r, i), ww_result_seller(r, i),
                     ev.buyer, ev.seller);
    }
    if (ww_result_outcome(r) == WW_OUTCOME_OPTIMAL)
        assert_true(ww_result_count(r) >= 1);
}

static void run_queries(ww_model *m, const char *label)
{
    char what[128];
    double t0 = ww_test_now();
    ww_solver *s = NULL;
    ww_status st = ww_solver_new(m, &s);
    print_message("%s: solver_new: %s in %.2f s\n", label, ww_status_str(st),
                  ww_test_now() - t0);
    if (st != WW_OK) {
        assert_true(ww_errmsg(m)[0] != '\0');
        return;
    }
    ww_options o;
    ww_options_init(&o);
    o.time_limit = QUERY_LIMIT;
    ww_result *r = NULL;

    t0 = ww_test_now();
    st = ww_best(s, &o, &r);
    snprintf(what, sizeof what, "%s: best", label);
    check(m, what, st, r, ww_test_now() - t0);
    ww_result_free(r);

    r = NULL;
    o.max_points = 20;
    t0 = ww_test_now();
    st = ww_frontier(s, &o, &r);
    snprintf(what, sizeof what, "%s: frontier (20 points max)", label);
    check(m, what, st, r, ww_test_now() - t0);
    ww_result_free(r);
    o.max_points = 0;

    r = NULL;
    int n = ww_model_term_count(m);
    int *ref = calloc((size_t)n, sizeof *ref);
    assert_non_null(ref);
    t0 = ww_test_now();
    st = ww_trades(s, &o, ref, 2, 5, 10, &r);
    snprintf(what, sizeof what, "%s: trades", label);
    check(m, what, st, r, ww_test_now() - t0);
    ww_result_free(r);
    free(ref);
    ww_solver_free(s);
}

/* 10 terms x 10,000 levels = 10^5 levels, 10^4 interactions. */
static void test_1e5_levels_1e4_interactions(void **state)
{
    (void)state;
    double t0 = ww_test_now();
    ww_model *m = big_model(10, 10000, 10000);
    print_message("built 10 x 10000 levels, 10000 interactions in %.2f s\n",
                  ww_test_now() - t0);
    assert_int_equal(ww_model_validate(m), WW_OK);
    /* The model saves and loads back. */
    char *text = NULL;
    t0 = ww_test_now();
    assert_int_equal(ww_model_save_string(m, &text), WW_OK);
    ww_model *copy = NULL;
    ww_error err;
    assert_int_equal(
        ww_model_load_string(text, strlen(text), "big", &copy, &err), WW_OK);
    print_message("saved (%zu bytes) and loaded back in %.2f s\n",
                  strlen(text), ww_test_now() - t0);
    ww_free(text);
    assert_int_equal(ww_model_term_count(copy), 10);
    assert_int_equal(ww_model_interaction_count(copy), 10000);
    ww_model_free(copy);
    run_queries(m, "1e5 levels");
    ww_model_free(m);
}

/* 1,000 terms x 100 levels = 10^5 levels: wide rather than deep. */
static void test_1000_terms(void **state)
{
    (void)state;
    ww_model *m = big_model(1000, 100, 10000);
    run_queries(m, "1000 terms x 100 levels");
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_1e5_levels_1e4_interactions),
        cmocka_unit_test(test_1000_terms),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
