/* The Genius corpus under other limits: every importable domain of up to
 * 400,000 packages is queried again with seeded variations the ANAC files
 * do not have — reservations anywhere in a party's range (often both, so
 * that the zone is narrow or empty), weights other than 1, an opening
 * with a concession budget, and a counter — and every query (best,
 * frontier, nash, kalai, evaluate, trades from the counter and meso)
 * must equal brute force.  test_genius_corpus runs the files as they are.
 * WW_TEST_VARIATIONS=N sets the variations per domain (default 16; each
 * runs on one path in turn: auto, enum, dp, mip), WW_TEST_SEED=S their
 * base seed.  (Not WW_TEST_MODELS: the sanitizer run sets that to 100.) */
#include "qsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WW_GENIUS_DIR
#error "WW_GENIUS_DIR must be defined by the build"
#endif

/* fewer under valgrind, as in test_genius_corpus */
#define MAX_PACKAGES (wwq_under_valgrind() ? 5000.0 : 400000.0)
#define MAX_TERMS 64
#define MIP_TIME_LIMIT 60.0
#define MIP_MAX_LEVELS 500

typedef struct tally {
    int domains, checked, variants, infeasible, points, trades, offers;
    int improvable, variations;
    unsigned long long seed;
} tally;

static unsigned long long next_u64(unsigned long long *x)
{
    /* splitmix64: a small PRNG with a good spread from any seed */
    unsigned long long z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(unsigned long long *x)
{
    return (double)(next_u64(x) >> 11) * 0x1.0p-53;
}

/* Lowest and highest utility of a party over every package (the levels'
 * extremes summed; the imported domains here are additive). */
static void party_range(const ww_model *m, int seller, double *lo,
                        double *hi)
{
    *lo = *hi = 0;
    for (int t = 0; t < ww_model_term_count(m); t++) {
        double a = HUGE_VAL, b = -HUGE_VAL;
        for (int l = 0; l < ww_model_level_count(m, t); l++) {
            double u = seller ? ww_model_level_seller(m, t, l)
                              : ww_model_level_buyer(m, t, l);
            a = fmin(a, u);
            b = fmax(b, u);
        }
        *lo += a;
        *hi += b;
    }
}

/* A variation of base (a clone, NULL if a change was refused), drawn
 * from *x; its counter goes to ref too. */
static ww_model *vary(const ww_model *base, unsigned long long *x, int *ref)
{
    ww_model *m = NULL;
    if (ww_model_clone(base, &m) != WW_OK)
        return NULL;
    int nt = ww_model_term_count(m), open[MAX_TERMS], ok = 1;
    for (int p = 0; p < 2; p++) {
        ww_party party = p ? WW_SELLER : WW_BUYER;
        double lo, hi;
        party_range(m, p, &lo, &hi);
        /* 0: none, 1: the file's, 2-3: anywhere up to the range's top */
        int r = (int)(next_u64(x) % 4);
        if (r == 0)
            ok &= ww_model_clear_reservation(m, party) == WW_OK;
        else if (r >= 2)
            ok &= ww_model_set_reservation(m, party,
                                           lo + uniform(x) * (hi - lo)) ==
                  WW_OK;
        static const double weights[] = {1.0, 0.5, 2.0, 1.3};
        ok &= ww_model_set_weight(m, party, weights[next_u64(x) % 4]) ==
              WW_OK;
    }
    for (int t = 0; t < nt; t++) {
        open[t] = (int)(next_u64(x) % (unsigned)ww_model_level_count(m, t));
        ref[t] = (int)(next_u64(x) % (unsigned)ww_model_level_count(m, t));
    }
    ok &= ww_model_set_counter(m, ref) == WW_OK;
    if (next_u64(x) % 3) { /* two in three: an opening, half with a budget */
        double lo, hi;
        party_range(m, 1, &lo, &hi);
        ok &= ww_model_set_opening(m, open) == WW_OK;
        if (next_u64(x) % 2)
            ok &= ww_model_set_budget(m, uniform(x) * 0.6 * (hi - lo)) ==
                  WW_OK;
    }
    if (!ok) {
        print_error("a variation was refused: %s\n", ww_errmsg(m));
        ww_model_free(m);
        return NULL;
    }
    return m;
}

static int check_variant(ww_model *m, const char *domain, int v,
                         const int *ref, unsigned long long *x, tally *t)
{
    char name[512];
    snprintf(name, sizeof name, "%s (variation %d)", domain, v);
    wwq_case c;
    wwq_named(&c, m, name);
    int bad = wwq_attach(&c);
    ww_options o;
    ww_options_init(&o);
    /* each variation on one path: auto, enum, dp or mip (GLPK's loop
     * only where its one-hot rows stay narrow) */
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM, WW_PATH_DP,
                                    WW_PATH_MIP};
    o.path = paths[v % 4];
    o.time_limit = MIP_TIME_LIMIT;
    for (int i = 0; i < ww_model_term_count(m) && o.path == WW_PATH_MIP; i++)
        if (ww_model_level_count(m, i) > MIP_MAX_LEVELS)
            o.path = WW_PATH_AUTO;
    int n = 0, found = 0;
    if (!bad)
        bad = wwq_check_frontier_family(&c, &o, &n);
    if (!bad)
        bad = wwq_check_best(&c, &o, "best");
    if (!bad)
        bad = wwq_check_evaluate(&c, &o, ref, &t->improvable);
    ww_options tm = o; /* trades and meso: the DP does not serve them */
    if (tm.path == WW_PATH_DP)
        tm.path = WW_PATH_AUTO;
    int k = 1 + (int)(next_u64(x) % 3);
    double concede = next_u64(x) % 2 ? 0.0 : 0.1 * uniform(x);
    if (!bad)
        bad = wwq_check_trades(&c, &tm, ref, k, 5, concede, &found);
    if (!bad)
        bad = wwq_check_meso(&c, &tm, 3, NAN, NAN, &t->offers);
    t->variants++;
    t->infeasible += n == 0;
    t->points += n;
    t->trades += found;
    wwq_close(&c);
    return bad;
}

static int check_domain(const char *domain, const char *buyer,
                        const char *seller, void *data)
{
    tally *t = data;
    ww_model *base = NULL;
    t->domains++;
    int got = wwq_genius_model(domain, buyer, seller, MAX_PACKAGES, &base);
    if (got != 0)
        return got < 0;
    if (ww_model_term_count(base) > MAX_TERMS) {
        ww_model_free(base);
        return 0;
    }
    t->checked++;
    int bad = 0;
    for (int v = 0; v < t->variations && !bad; v++) {
        unsigned long long x = t->seed ^ ((unsigned long long)t->domains << 20)
                               ^ (unsigned long long)v;
        int ref[MAX_TERMS];
        ww_model *m = vary(base, &x, ref);
        if (!m) {
            print_error("%s: no variation %d\n", domain, v);
            bad = 1;
            break;
        }
        bad = check_variant(m, domain, v, ref, &x, t);
    }
    ww_model_free(base);
    return bad;
}

static void test_genius_varied(void **state)
{
    (void)state;
    tally t;
    memset(&t, 0, sizeof t);
    const char *nv = getenv("WW_TEST_VARIATIONS");
    t.variations = nv && atoi(nv) > 0 ? atoi(nv) : 16;
    const char *s = getenv("WW_TEST_SEED");
    t.seed = s ? strtoull(s, NULL, 10) : 20261129ULL;
    int failed = wwq_genius_walk(WW_GENIUS_DIR, check_domain, &t);
    print_message("genius varied: %d domains, %d checked, %d variations, %d "
                  "without an admissible package, %d frontier points, %d "
                  "trades, %d offers, %d evaluations improvable; %d "
                  "failures\n",
                  t.domains, t.checked, t.variants, t.infeasible, t.points,
                  t.trades, t.offers, t.improvable, failed);
    assert_int_equal(failed, 0);
    /* not vacuous: most domains checked, some zones empty, some not */
    assert_true(t.checked >= 100);
    assert_true(t.infeasible > 0 && t.infeasible < t.variants);
    assert_true(t.trades > 0 && t.offers > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genius_varied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
