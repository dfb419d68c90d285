/* nash and kalai on the DP with its fold pruned by their key (lib/dp.c,
 * ww__dp_bound), forced from the first stage on through lib/'s internal
 * entry point (ww__bargain_dp), against brute force, and so best's and
 * evaluate's maxima pruned by J (ww__dp_maxima): on seeded random
 * models with interactions between units (the open conditions' states),
 * forbids, products and linear constraints inside units, grid and
 * real-valued utilities, under reservations and budgets (the run finds
 * the ideal) and with the limits ignored (the ideal known before); on a
 * zero-sum model (every package a frontier point) and on ties of the best
 * key; and on the Genius corpus, where the pruned answer must equal the
 * one picked from the whole frontier.  Every run must also prune: the
 * suites count the sums dropped.  Failures print the seed. */
#include "qsupport.h"
#include "dp.h"   /* ww__pareto */
#include "mitm.h" /* ww__bargain_dp, ww__dp_maxima */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_SEED 123000UL
#define MAX_PACKAGES (wwq_under_valgrind() ? 5000.0 : 400000.0)

/* The sums dropped by the runs of pruned() so far. */
static double dropped;

/* nash (kalai 0) or kalai, pruned from the first list on. */
static ww_status pruned(ww_solver *s, const ww_options *o, int kalai,
                        ww_result **out)
{
    ww__pruning pr = {1, 0};
    ww_status st = ww__bargain_dp(s, o, kalai, &pr, out);
    dropped += pr.pruned;
    return st;
}

/* ... and from the whole frontier (no pruning). */
static ww_status whole(ww_solver *s, const ww_options *o, int kalai,
                       ww_result **out)
{
    ww__pruning pr = {-1, 0};
    return ww__bargain_dp(s, o, kalai, &pr, out);
}

static void params(unsigned long seed, ww_random_params *p)
{
    ww_random_params_default(p);
    static const double corr[] = {-1, -0.6, -0.3, 0, 0.4, 0.8};
    p->correlation = corr[seed % 6];
    p->min_terms = 3;
    p->max_terms = 7; /* 7^7 packages at most: brute force's 2*10^6 */
    p->min_levels = 2;
    p->max_levels = 7;
    p->grid = seed % 5 == 4 ? 0 : seed % 7 == 3 ? 1 : 0.25;
    p->interaction_density = seed % 4 == 0 ? 0 : seed % 4 == 1 ? 0.6 : 1.5;
    p->max_interaction_terms = 2 + (int)(seed % 3);
    p->products = seed % 3 == 1;
    p->constraints = seed % 2;
    p->reservations = seed % 3 != 2;
    p->budget = seed % 4 == 1;
}

/* Both keys under o, pruned, against brute force; the answer on the DP. */
static int check_pruned(wwq_case *c, const ww_options *o, int *answered)
{
    ww_options dp = *o;
    dp.path = WW_PATH_DP;
    for (int k = 0; k < 2; k++) {
        if (wwq_check_bargain_by(c, &dp, k, pruned))
            return 1;
        if (!c->r)
            continue; /* the DP declined the model */
        ww_stats st;
        if (ww_result_stats(c->r, &st) != WW_OK || st.path != WW_PATH_DP) {
            print_error("%s %s: not on the dp path\n", wwq_id(c), c->query);
            return 1;
        }
        (*answered)++;
    }
    return 0;
}

static void test_random_pruned(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, answered = 0;
    dropped = 0;
    wwq_seeds(BASE_SEED, wwq_model_count(400), &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        params(seed, &p);
        int bad = wwq_open(&c, seed, &p);
        if (!bad) /* the model's floors: the ideal found by the run */
            bad = check_pruned(&c, &c.o, &answered);
        if (!bad) { /* none: the ideal known before */
            ww_options free = c.o;
            free.ignore_limits = 1;
            bad = check_pruned(&c, &free, &answered);
        }
        failures += bad;
        wwq_close(&c);
    }
    print_message("pruned nash/kalai: %d models, %d answers, %.0f sums "
                  "pruned, %d failed\n", n, answered, dropped, failures);
    assert_int_equal(failures, 0);
    assert_true(answered >= 2 * n);
    assert_true(dropped > 0);
}

/* best's and evaluate's maxima by one DP run pruned by J from its first
 * list on (ww__dp_maxima), under o, against brute force: the best J (ties
 * within TOL: the U_s), and with the evaluated package pk the best J
 * among the packages better for both.  1 on a failure (printed). */
static int check_maxima(wwq_case *c, const ww_options *o, const int *pk,
                        int *answered)
{
    ww_options dp = *o;
    dp.path = WW_PATH_DP;
    ww_query q;
    if (ww__query_begin(&q, c->s, &dp) != WW_OK)
        QFAIL(c, "query: %s", ww_errmsg(c->m));
    double pu[3] = {0, 0, 0};
    if (pk) {
        ww_brute_utilities(c->b, pk, &pu[WW_UB], &pu[WW_US]);
        pu[WW_J] = ww__joint(c->m, pu[WW_UB], pu[WW_US]);
    }
    ww__pruning pr = {1, 0};
    ww__pareto p;
    int at[2];
    ww_status st = ww__dp_maxima(&q, pk ? pu : NULL, 0, &pr, &p, at);
    ww__query_end(&q);
    dropped += pr.pruned;
    if (st == WW_UNSUPPORTED) { /* the DP does not serve the model */
        ww__pareto_free(&p);
        return 0;
    }
    int bad = st != WW_OK || !p.complete;
    long best = ww_brute_best(c->b, &dp);
    if (!bad && (best >= 0) != (at[0] >= 0))
        bad = 1;
    if (!bad && best >= 0)
        bad = !QCLOSE(ww__joint(c->m, p.buyer[at[0]], p.seller[at[0]]),
                      ww_brute_joint(c->b, best)) ||
              !QCLOSE(p.seller[at[0]], ww_brute_seller(c->b, best));
    if (!bad && pk) {
        int hv, hi;
        double vl, ij;
        ww_brute_evaluate(c->b, &dp, pk, &hv, &vl, &hi, &ij);
        bad = hi != (at[1] >= 0) ||
              (hi && !QCLOSE(ww__joint(c->m, p.buyer[at[1]],
                                       p.seller[at[1]]),
                             ij));
    }
    if (bad)
        print_error("%s maxima%s: status %s, dp (%d, %d), brute best %ld\n",
                    wwq_id(c), pk ? " (evaluate)" : "", ww_status_str(st),
                    at[0], at[1], best);
    else
        (*answered)++;
    ww__pareto_free(&p);
    return bad;
}

static void test_random_maxima(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0, answered = 0;
    dropped = 0;
    wwq_seeds(BASE_SEED + 5000, wwq_model_count(400), &first, &n);
    for (int i = 0; i < n; i++) {
        wwq_case c;
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        params(seed, &p);
        int bad = wwq_open(&c, seed, &p);
        /* evaluated: the lowest levels, the highest, and a party's best
         * feasible package (its improvements lie far from the best J: the
         * box above it decides what stays) */
        int nt = bad ? 0 : ww_model_term_count(c.m), pk[3][16];
        long top = -1;
        for (long x = 0; !bad && x < ww_brute_count(c.b); x++)
            if (ww_brute_feasible(c.b, x) &&
                (top < 0 || (seed % 2 ? ww_brute_seller(c.b, x) >
                                            ww_brute_seller(c.b, top)
                                      : ww_brute_buyer(c.b, x) >
                                            ww_brute_buyer(c.b, top))))
                top = x;
        for (int e = 0; e < 2 && !bad; e++)
            for (int t = 0; t < nt; t++)
                pk[e][t] = e ? ww_model_level_count(c.m, t) - 1 : 0;
        if (top >= 0)
            ww_brute_package(c.b, top, pk[2]);
        for (int k = 0; k < 8 && !bad; k++) {
            ww_options o = c.o;
            o.ignore_limits = k >= 4;
            int e = k % 4 == 3 ? (top >= 0 ? 2 : 0) : k % 4 == 2 ? 1 : 0;
            bad = check_maxima(&c, &o, k % 4 ? pk[e] : NULL, &answered);
        }
        failures += bad;
        wwq_close(&c);
    }
    print_message("pruned best/evaluate maxima: %d models, %d answers, %.0f "
                  "sums pruned, %d failed\n", n, answered, dropped, failures);
    assert_int_equal(failures, 0);
    assert_true(answered >= 6 * n);
    assert_true(dropped > 0);
}

/* Zero-sum: every package is a frontier point on one line, so the polygon
 * bounds every sum alike and the key's peak decides what goes. */
static void test_zero_sum_pruned(void **state)
{
    (void)state;
    wwq_case c;
    int answered = 0;
    dropped = 0;
    wwq_open_dense(&c, "zero-sum 6 x 5", 6, 5, 1.0);
    assert_int_equal(wwq_attach(&c), 0);
    assert_int_equal(check_pruned(&c, &c.o, &answered), 0);
    assert_int_equal(answered, 2);
    print_message("zero-sum: %.0f sums pruned\n", dropped);
    assert_true(dropped > 0);
    wwq_close(&c);
}

/* Ties of the best key (wwq_open_ties, as test_random_bargain's
 * test_many_ties): J then U_s decide, (1, 16) and (2, 8) with both weights
 * 1, (16, 1) and (8, 2) with the buyer's weight 2.  Pruning must keep
 * every tie. */
static void test_ties_pruned(void **state)
{
    (void)state;
    static const double want_us[2][2] = {{16, 8}, {1, 2}};
    wwq_case c;
    wwq_open_ties(&c);
    for (int w = 0; w < 2; w++) {
        if (w)
            wwq_reweigh(&c, WW_BUYER, 2);
        ww_options o;
        ww_options_init(&o);
        o.path = WW_PATH_DP;
        for (int k = 0; k < 2; k++) {
            assert_int_equal(wwq_check_bargain_by(&c, &o, k, pruned), 0);
            assert_true(ww_result_seller(c.r, 0) == want_us[w][k]);
        }
    }
    wwq_close(&c);
}

/* A package whose key is within TOL below the best one's and whose J and
 * U_s are higher: the tie rule picks it, so kmin must lie TOL below the
 * incumbent's key.  With the seller's weight 2 and d = (0, 0) (the level
 * (0, 0)): P = (0.5, 0.5), key 0.25; Q = (0.5 - 1.6e-6, 0.5 + 1e-6), key
 * 3e-7 lower, J 4e-7 higher (within TOL), U_s higher: Q, with each of
 * three more terms at (0, 0) (their other levels cost the key more than
 * TOL; three of them make 54 combinations, a fold, not a product). */
static void test_near_tie_pruned(void **state)
{
    (void)state;
    static const double lv[][2] = {
        {0, 0}, {0.5, 0.5}, {0.5 - 1.6e-6, 0.5 + 1e-6}, {0.1, 0.2}};
    static const double more[][2] = {{0, 0}, {0.001, -0.002}, {-0.002, 0.001}};
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.name = "a tie within TOL";
    assert_int_equal(ww_model_new(&c.m), WW_OK);
    wwq_add_term(c.m, "deal", lv, 4);
    for (int k = 0; k < 3; k++) {
        char term[8];
        snprintf(term, sizeof term, "more%d", k);
        wwq_add_term(c.m, term, more, 3);
    }
    assert_int_equal(ww_model_set_weight(c.m, WW_SELLER, 2), WW_OK);
    assert_int_equal(wwq_attach(&c), 0);
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_DP;
    dropped = 0;
    assert_int_equal(wwq_check_bargain_by(&c, &o, 0, pruned), 0);
    assert_true(ww_result_seller(c.r, 0) == 0.5 + 1e-6);
    assert_true(dropped > 0);
    wwq_close(&c);
}

typedef struct counts {
    int domains, eligible, answers;
} counts;

/* One Genius domain, under its reservations and without: the pruned
 * answer is the one picked from the whole frontier (anchors, U_b, U_s). */
static int genius_domain(const char *domain, const char *buyer,
                         const char *seller, void *data)
{
    counts *n = data;
    ww_model *m;
    n->domains++;
    int rc = wwq_genius_model(domain, buyer, seller, MAX_PACKAGES, &m);
    if (rc)
        return rc < 0;
    n->eligible++;
    ww_solver *s = NULL;
    int bad = ww_solver_new(m, &s) != WW_OK;
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_DP;
    for (int k = 0; k < 4 && !bad; k++) {
        o.ignore_limits = k >= 2; /* the reservations, then none */
        ww_result *a = NULL, *b = NULL;
        ww_status sa = pruned(s, &o, k % 2, &a), sb = whole(s, &o, k % 2, &b);
        double da[2], ia[2], db[2], ib[2];
        if (sa == WW_UNSUPPORTED && sb == WW_UNSUPPORTED) {
            /* the DP does not serve the domain */
        } else if (sa != WW_OK || sb != WW_OK ||
                   ww_result_count(a) != ww_result_count(b) ||
                   ww_result_anchors(a, da, ia) != ww_result_anchors(b, db, ib) ||
                   (ww_result_count(a) == 1 &&
                    (da[0] != db[0] || da[1] != db[1] || ia[0] != ib[0] ||
                     ia[1] != ib[1] ||
                     ww_result_buyer(a, 0) != ww_result_buyer(b, 0) ||
                     ww_result_seller(a, 0) != ww_result_seller(b, 0)))) {
            print_error("%s %s%s: pruned %s (%d, %.17g, %.17g), whole %s "
                        "(%d, %.17g, %.17g)\n", domain, k % 2 ? "kalai" : "nash",
                        o.ignore_limits ? ", no limits" : "",
                        ww_status_str(sa), ww_result_count(a),
                        ww_result_count(a) ? ww_result_buyer(a, 0) : NAN,
                        ww_result_count(a) ? ww_result_seller(a, 0) : NAN,
                        ww_status_str(sb), ww_result_count(b),
                        ww_result_count(b) ? ww_result_buyer(b, 0) : NAN,
                        ww_result_count(b) ? ww_result_seller(b, 0) : NAN);
            bad = 1;
        } else {
            n->answers++;
        }
        ww_result_free(a);
        ww_result_free(b);
    }
    ww_solver_free(s);
    ww_model_free(m);
    return bad;
}

static void test_genius_pruned(void **state)
{
    (void)state;
    counts n;
    memset(&n, 0, sizeof n);
    dropped = 0;
    int failed = wwq_genius_walk(WW_GENIUS_DIR, genius_domain, &n);
    print_message("pruned, genius: %d domains, %d eligible, %d nash/kalai "
                  "answers, %.0f sums pruned, %d failed\n", n.domains,
                  n.eligible, n.answers, dropped, failed);
    assert_int_equal(failed, 0);
    assert_true(n.answers > 2 * n.eligible);
    assert_true(dropped > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_pruned),
        cmocka_unit_test(test_random_maxima),
        cmocka_unit_test(test_zero_sum_pruned),
        cmocka_unit_test(test_ties_pruned),
        cmocka_unit_test(test_near_tie_pruned),
        cmocka_unit_test(test_genius_pruned),
    };
    int rc = cmocka_run_group_tests_name("prune", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
