/* tests/dp/test_dp.c — the DP and enumeration frontiers against brute force.
 *
 * Seeded random models (tests/support/random_model.h) with interactions,
 * products, forbids, linear constraints, reservations and budgets, under
 * several options; both lib/dp.c and the public ww_frontier forced onto the
 * enumeration path (lib/scan.c) must give the brute-force frontier
 * (tests/support/brute.h) point for point. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brute.h"
#include "dp.h"
#include "random_model.h"
#include "solver_internal.h"
#include "test_util.h"

#define TOL WW_TOLERANCE

/* ww_frontier with options.path = WW_PATH_ENUM (o may be NULL), copied
 * into a ww__pareto (complete = 0 when the outcome is time_limit). */
static ww_status enum_frontier(ww_model *m, const ww_options *o,
                               double time_limit, ww__pareto *out)
{
    memset(out, 0, sizeof *out);
    out->nterms = ww_model_term_count(m);
    ww_options opt;
    if (o)
        opt = *o;
    else
        ww_options_init(&opt);
    opt.path = WW_PATH_ENUM;
    opt.time_limit = time_limit;
    ww_solver *s = NULL;
    ww_status st = ww_solver_new(m, &s);
    if (st != WW_OK)
        return st;
    ww_result *r = NULL;
    st = ww_frontier(s, &opt, &r);
    if (st == WW_OK) {
        assert_int_equal(ww_test_path(r), WW_PATH_ENUM);
        int n = ww_result_count(r), nt = out->nterms;
        out->n = n;
        out->complete = ww_result_outcome(r) != WW_OUTCOME_TIME_LIMIT;
        size_t nz = (size_t)(n ? n : 1); /* one block, as dp.h says */
        out->buyer = malloc(nz * (2 * sizeof(double) +
                                  (size_t)(nt ? nt : 1) * sizeof(int)));
        assert_non_null(out->buyer);
        out->seller = out->buyer + nz;
        out->packages = (int *)(void *)(out->seller + nz);
        for (int i = 0; i < n; i++) {
            out->buyer[i] = ww_result_buyer(r, i);
            out->seller[i] = ww_result_seller(r, i);
            memcpy(out->packages + (size_t)i * nt, ww_result_package(r, i),
                   (size_t)nt * sizeof(int));
        }
    }
    ww_result_free(r);
    ww_solver_free(s);
    return st;
}

/* Compares a ww__pareto with the brute frontier; on mismatch prints both
 * and fails with the seed in the message. */
static void check_against_brute(const ww_brute *br, const ww_options *o,
                                const ww__pareto *got, const char *what,
                                unsigned long seed)
{
    ww_brute_point *pts = NULL;
    int n = ww_brute_frontier(br, o, &pts);
    int nt = ww_brute_terms(br);
    int ok = got->complete && got->n == n && got->nterms == nt;
    for (int i = 0; ok && i < n; i++) {
        if (fabs(got->buyer[i] - pts[i].buyer) > TOL ||
            fabs(got->seller[i] - pts[i].seller) > TOL)
            ok = 0;
        const int *pkg = got->packages + (size_t)i * nt;
        long idx = ww_brute_index(br, pkg);
        if (idx < 0 || !ww_brute_admissible(br, o, idx) ||
            fabs(ww_brute_buyer(br, idx) - got->buyer[i]) > 1e-9 ||
            fabs(ww_brute_seller(br, idx) - got->seller[i]) > 1e-9)
            ok = 0;
    }
    if (!ok) {
        fprintf(stderr, "%s seed %lu: got %d points (complete %d), brute %d\n",
                what, seed, got->n, got->complete, n);
        for (int i = 0; i < got->n || i < n; i++)
            fprintf(stderr, "  %3d  got (%.9g, %.9g)  brute (%.9g, %.9g)\n", i,
                    i < got->n ? got->buyer[i] : NAN,
                    i < got->n ? got->seller[i] : NAN,
                    i < n ? pts[i].buyer : NAN, i < n ? pts[i].seller : NAN);
    }
    free(pts);
    assert_true(ok);
}

/* The frontier of n points, point i's package at pts + i * nterms and
 * its utilities at b[i * stride] and s[i * stride], is the brute force's
 * bit for bit (whole 0: its first n points): the DP's sums on exact models
 * are ww__utilities' own. */
static void check_bitwise_top(ww_model *m, const ww_brute *br,
                              const int *pts, const double *b,
                              const double *s, size_t stride, int n,
                              int whole, const char *what)
{
    ww_brute_point *want = NULL;
    int nw = ww_brute_frontier(br, NULL, &want);
    int ok = 1, bad = 0;
    for (int i = 0; ok && i < n && i < nw; i++) {
        long idx = ww_brute_index(br, pts + (size_t)i * ww_model_term_count(m));
        ok = b[i * stride] == want[i].buyer &&
             s[i * stride] == want[i].seller && idx >= 0 &&
             ww_brute_buyer(br, idx) == b[i * stride] &&
             ww_brute_seller(br, idx) == s[i * stride];
        bad = i;
    }
    if (ok && (whole ? n != nw : n > nw)) {
        ok = 0;
        bad = n < nw ? n : nw;
    }
    if (!ok) /* a few points around the first difference */
        for (int i = bad > 3 ? bad - 3 : 0; i < bad + 6 && (i < n || i < nw);
             i++)
            fprintf(stderr, "%s %d: got (%.12f, %.12f) brute (%.12f, %.12f)\n",
                    what, i, i < n ? b[i * stride] : NAN,
                    i < n ? s[i * stride] : NAN,
                    i < nw ? want[i].buyer : NAN,
                    i < nw ? want[i].seller : NAN);
    free(want);
    assert_true(ok);
}

static void check_bitwise(ww_model *m, const ww_brute *br, const int *pts,
                          const double *b, const double *s, size_t stride,
                          int n, const char *what)
{
    check_bitwise_top(m, br, pts, b, s, stride, n, 1, what);
}

/* check_bitwise on a result's points (whole 0: the frontier's first). */
static void check_result_top(ww_model *m, const ww_brute *br,
                             const ww_result *r, int whole, const char *what)
{
    const double *u = NULL;
    const int *pk = NULL;
    int n = ww_result_points(r, &u, &pk);
    check_bitwise_top(m, br, pk, u, u ? u + 1 : NULL, 3, n, whole, what);
}

static void check_result_bitwise(ww_model *m, const ww_brute *br,
                                 const ww_result *r, const char *what)
{
    check_result_top(m, br, r, 1, what);
}

/* ww__dp_extreme (the disagreement point of nash and kalai on the DP path,
 * and a diagnosis's reach) against the smallest and largest utilities of
 * the feasible packages. */
static void check_extremes(ww_model *m, const ww_brute *br,
                           unsigned long seed)
{
    double lo[2] = {HUGE_VAL, HUGE_VAL}, hi[2] = {-HUGE_VAL, -HUGE_VAL};
    for (long i = 0; i < ww_brute_count(br); i++)
        if (ww_brute_feasible(br, i)) {
            double u[2] = {ww_brute_buyer(br, i), ww_brute_seller(br, i)};
            for (int p = 0; p < 2; p++) {
                lo[p] = fmin(lo[p], u[p]);
                hi[p] = fmax(hi[p], u[p]);
            }
        }
    for (int p = 0; p < 2; p++)
        for (int sign = -1; sign <= 1; sign += 2) {
            double v = NAN, want = sign < 0 ? lo[p] : hi[p];
            int found = -1, complete = -1;
            assert_int_equal(ww__dp_extreme(m, p, sign, 0, &v, &found,
                                            &complete),
                             WW_OK);
            assert_int_equal(complete, 1);
            if (found != (lo[p] < HUGE_VAL) ||
                (found && fabs(v - want) > TOL)) {
                fprintf(stderr, "dp extreme seed %lu party %d sign %d: "
                        "found %d %.9g, brute %.9g\n", seed, p, sign, found,
                        v, want);
                fail();
            }
        }
}

/* ww__dp_frontier_above (the frontier's top part where the whole one is
 * too large): under a seller floor theta, its points with U_s >= theta +
 * 2 TOL are the brute frontier's points there.  theta on a frontier point
 * (an exact tie with the floor), just below one, and between two. */
static void check_above(ww_model *m, const ww_brute *br, const ww_options *o,
                        const ww__dp_prep *pr, unsigned long seed)
{
    ww_brute_point *pts = NULL;
    int n = ww_brute_frontier(br, o, &pts);
    for (int v = 0; v < 3 && n > 0; v++) {
        int at = (int)((seed + (unsigned long)v) % (unsigned long)n);
        double theta = pts[at].seller;
        if (v == 1)
            theta -= 1.5 * TOL;
        if (v == 2 && at + 1 < n)
            theta = 0.5 * (pts[at].seller + pts[at + 1].seller);
        ww__pareto got;
        assert_int_equal(ww__dp_frontier_above(m, o, pr, 0, theta, &got), WW_OK);
        int want = 0, have = 0;
        while (want < n && pts[want].seller >= theta + 2 * TOL)
            want++;
        while (have < got.n && got.seller[have] >= theta + 2 * TOL)
            have++;
        int ok = got.complete && want == have;
        for (int i = 0; ok && i < want; i++)
            ok = fabs(got.buyer[i] - pts[i].buyer) <= TOL &&
                 fabs(got.seller[i] - pts[i].seller) <= TOL;
        if (!ok)
            fprintf(stderr, "dp above seed %lu theta %.9g: %d points, brute "
                    "%d\n", seed, theta, have, want);
        ww__pareto_free(&got);
        assert_true(ok);
    }
    free(pts);
}

/* ww__dp_frontier_in (a solver's runs in its workspace) gives what
 * ww__dp_frontier gives, bit for bit: in a workspace the run fits in (the
 * output then borrowed from it), in one it outgrows at once (64 bytes: the
 * arena spills, the output is malloc'd), and in none; with packages = 0 the
 * same values and no packages.  The workspace is refilled with garbage
 * first: nothing may rely on it.  Returns how many outputs were borrowed. */
static int check_in_workspace(ww_model *m, const ww_options *o,
                              const ww__dp_prep *pr, unsigned long seed)
{
    ww__pareto want;
    assert_int_equal(ww__dp_frontier(m, o, pr, 0, &want), WW_OK);
    assert_int_equal(want.borrowed, 0);
    static _Alignas(16) char big[WW__DP_WORK];
    char *tiny = malloc(64);
    assert_non_null(tiny);
    struct { void *work; size_t len; } ws[3] = {
        {big, sizeof big}, {tiny, 64}, {NULL, 0}};
    int borrowed = 0, nt = ww_model_term_count(m);
    for (int w = 0; w < 3; w++)
        for (int packages = 1; packages >= 0; packages--) {
            if (ws[w].work)
                memset(ws[w].work, 0xa5, ws[w].len);
            ww__pareto got;
            assert_int_equal(ww__dp_frontier_in(m, o, pr, 0, -HUGE_VAL,
                                                ws[w].work, ws[w].len,
                                                packages, NULL, NULL, 0, NULL,
                                                &got),
                             WW_OK);
            int ok = got.complete == want.complete && got.n == want.n &&
                     (packages ? got.packages != NULL : got.packages == NULL) &&
                     (w == 0 || !got.borrowed);
            for (int i = 0; ok && i < got.n; i++)
                ok = got.buyer[i] == want.buyer[i] &&
                     got.seller[i] == want.seller[i] &&
                     (!packages ||
                      memcmp(got.packages + (size_t)i * (size_t)nt,
                             want.packages + (size_t)i * (size_t)nt,
                             sizeof(int) * (size_t)nt) == 0);
            if (!ok)
                fprintf(stderr, "dp in workspace %d seed %lu packages %d: "
                        "%d points, want %d\n", w, seed, packages, got.n,
                        want.n);
            borrowed += got.borrowed;
            ww__pareto_free(&got); /* a borrowed block stays the caller's */
            assert_true(ok);
        }
    free(tiny);
    ww__pareto_free(&want);
    return borrowed;
}

/* Options variant v of a model: defaults, ignore_limits, or an overridden
 * budget (when the model has an opening). */
static void variant(ww_model *m, int v, ww_options *o)
{
    ww_options_init(o);
    if (v == 1)
        o->ignore_limits = 1;
    if (v == 2 && ww_model_opening(m)) {
        o->override_budget = 1;
        o->budget = 1.5;
    }
}

/* Checks seeds first..first+count-1 of family p; at least min_dp of them
 * must be models the DP serves. */
static void run_family(const char *name, const ww_random_params *p,
                       unsigned long first, int count, int min_dp)
{
    int dp_models = 0, enum_models = 0, borrowed = 0;
    for (unsigned long seed = first; seed < first + (unsigned long)count;
         seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, p, &m), WW_OK);
        ww_brute *br = NULL;
        ww_status st = ww_brute_new(m, 2000000, &br);
        if (st == WW_TOO_LARGE) {
            ww_model_free(m);
            continue;
        }
        assert_int_equal(st, WW_OK);
        int dp_ok = ww__dp_supported(m, NULL, NULL, NULL);
        int enum_ok = ww_model_package_count(m) <= WW__SCAN_MAX;
        /* the plan and units prepared once serve every variant's runs */
        ww__dp_prep *prep = NULL;
        if (dp_ok) {
            assert_int_equal(ww__dp_prepare(m, 0, &prep), WW_OK);
            assert_non_null(prep);
        }
        for (int v = 0; v < 3; v++) {
            ww_options o;
            variant(m, v, &o);
            ww__pareto got;
            if (dp_ok) {
                assert_int_equal(ww__dp_frontier(m, &o, NULL, 0, &got), WW_OK);
                check_against_brute(br, &o, &got, "dp", seed);
                ww__pareto_free(&got);
                assert_int_equal(ww__dp_frontier(m, &o, prep, 0, &got), WW_OK);
                check_against_brute(br, &o, &got, "dp prepared", seed);
                ww__pareto_free(&got);
                check_above(m, br, &o, v == 1 ? NULL : prep, seed);
                borrowed += check_in_workspace(m, &o, v == 2 ? NULL : prep,
                                               seed);
            }
            /* the enumeration path serves up to WW__SCAN_MAX packages */
            if (!enum_ok) {
                assert_int_equal(enum_frontier(m, &o, 0, &got), WW_TOO_LARGE);
                ww__pareto_free(&got);
                continue;
            }
            assert_int_equal(enum_frontier(m, &o, 0, &got), WW_OK);
            check_against_brute(br, &o, &got, "enum", seed);
            ww__pareto_free(&got);
        }
        ww__dp_prep_free(prep);
        if (dp_ok)
            check_extremes(m, br, seed);
        dp_models += dp_ok;
        enum_models += enum_ok;
        ww_brute_free(br);
        ww_model_free(m);
    }
    printf("%s family: dp %d models, enum %d models, %d outputs in a "
           "workspace\n", name, dp_models, enum_models, borrowed);
    assert_true(dp_models >= min_dp);
    assert_true(dp_models == 0 || borrowed > 0);
}

static void test_random_default(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    run_family("default", &p, 1, 200, 150);
}

static void test_random_real_products(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    p.grid = 0; /* real-valued utilities */
    p.products = 1;
    p.interaction_density = 1.0;
    run_family("real/products", &p, 1001, 150, 100);
}

/* n terms t0.. with levels "a" (buyer 1, seller 0) and "b" (0, 1). */
static ww_model *two_level_model(int n)
{
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    for (int t = 0; t < n; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, t, "a", 1, 0, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, t, "b", 0, 1, NULL), WW_OK);
    }
    return m;
}

/* A family of default-featured models of the given shape. */
typedef struct shape {
    int terms[2], levels[2];
    double density;
    int kmax;
    double correlation;
} shape;

static void shaped_family(const char *name, const shape *sh,
                          unsigned long first, int count, int min_dp)
{
    ww_random_params p;
    ww_random_params_default(&p);
    p.min_terms = sh->terms[0];
    p.max_terms = sh->terms[1];
    p.min_levels = sh->levels[0];
    p.max_levels = sh->levels[1];
    p.interaction_density = sh->density;
    p.max_interaction_terms = sh->kmax;
    p.correlation = sh->correlation;
    run_family(name, &p, first, count, min_dp);
}

static void test_random_dense(void **state)
{
    (void)state;
    static const shape dense = {{4, 9}, {2, 4}, 1.5, 2, 0.2};
    shaped_family("dense", &dense, 5001, 100, 50);
}

/* Interactions chaining every term into one coupled structure far beyond
 * the old group cap (4^9 joint levels): the DP carries the open
 * conditions as state instead of enumerating the group. */
static void test_random_coupled_wide(void **state)
{
    (void)state;
    static const shape wide = {{8, 9}, {3, 4}, 2.5, 3, -0.5};
    shaped_family("coupled-wide", &wide, 7001, 40, 30);
}

/* Every pair of 15 two-level terms interacts: more conditions stay open
 * at once than the DP's state cap in any order, so it declines and says
 * why. */
static void test_dense_declined(void **state)
{
    (void)state;
    ww_model *m = two_level_model(15);
    int one = 1;
    for (int a = 0; a < 15; a++)
        for (int b = a + 1; b < 15; b++) {
            ww_condition c[2] = {{a, &one, 1}, {b, &one, 1}};
            assert_int_equal(ww_model_add_interaction(m, c, 2, 0.5, -0.25,
                                                      NULL),
                             WW_OK);
        }
    const char *why = NULL;
    assert_int_equal(ww__dp_supported(m, NULL, &why, NULL), 0);
    assert_non_null(why);
    assert_non_null(strstr(why, "densely"));
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_UNSUPPORTED);
    assert_int_equal(got.n, 0);
    ww__pareto_free(&got);
    ww_model_free(m);
}

/* A budget of candidate sums (ww__dp_frontier_in's max_pairs) makes the
 * DP give up where it would finish: zero-sum 5 x 6, 7,776 frontier
 * points. */
static void test_pair_budget(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(5, 6, &m), WW_OK);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier_in(m, NULL, NULL, 0, -HUGE_VAL, NULL, 0,
                                        1, NULL, NULL, 0, NULL, &got), WW_OK);
    int n = got.n;
    ww__pareto_free(&got);
    assert_true(n > 1000);
    assert_int_equal(ww__dp_frontier_in(m, NULL, NULL, 0, -HUGE_VAL, NULL, 0,
                                        1, NULL, NULL, 1000, NULL, &got),
                     WW_TOO_LARGE);
    assert_non_null(strstr(ww_errmsg(m), "over 1000 candidate"));
    ww__pareto_free(&got);
    assert_int_equal(ww__dp_frontier_in(m, NULL, NULL, 0, -HUGE_VAL, NULL, 0,
                                        1, NULL, NULL, 1e9, NULL, &got),
                     WW_OK);
    assert_int_equal(got.n, n);
    ww__pareto_free(&got);
    ww_model_free(m);
}

/* A zero-sum model (U_b + U_s constant on every term): nearly every one
 * of its 8^9 packages is a frontier point, past the sums the DP keeps
 * (over 2.5e7 could form, so the limit is 2e6).  The DP gives up with
 * WW_TOO_LARGE and a message; ww_frontier on auto returns the frontier's
 * top part (the DP under a seller floor, then the MIP loop) until the time
 * limit or max_points, and those points are the MIP loop's first ones. */
static void test_too_many_points(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(9, 8, &m), WW_OK);
    assert_int_equal(ww__dp_supported(m, NULL, NULL, NULL), 1);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_TOO_LARGE);
    assert_int_equal(got.n, 0);
    assert_non_null(strstr(ww_errmsg(m), "too large for the DP"));
    ww__pareto_free(&got);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.time_limit = 0.2; /* under a sanitizer the DP may not get that far */
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    ww_result_free(r);
    o.time_limit = 120;
    o.max_points = 3000;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_int_equal(ww_test_path(r), WW_PATH_DP);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    int n = ww_result_count(r);
    assert_int_equal(n, 3000);
    /* its first points (the DP's top part) are the MIP loop's first ones */
    int k = n < 25 ? n : 25;
    ww_options mo;
    ww_options_init(&mo);
    mo.path = WW_PATH_MIP;
    mo.max_points = k;
    ww_result *mr = NULL;
    assert_int_equal(ww_frontier(s, &mo, &mr), WW_OK);
    assert_int_equal(ww_result_count(mr), k);
    for (int i = 0; i < k; i++) {
        assert_true(fabs(ww_result_buyer(r, i) - ww_result_buyer(mr, i)) <= TOL);
        assert_true(fabs(ww_result_seller(r, i) - ww_result_seller(mr, i)) <=
                    TOL);
    }
    printf("too many points: the first %d of %d points as the MIP loop's\n",
           k, n);
    ww_result_free(mr);
    ww_result_free(r);
    o.path = WW_PATH_DP;
    assert_int_equal(ww_frontier(s, &o, &r), WW_TOO_LARGE);
    assert_null(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The MIP path's final filter (ww__frontier_filter, the shared TOL filter
 * over a result's points from `from` on): a dominated point and a
 * duplicate within TOL go, the rest is sorted U_s descending with each
 * package kept with its utilities, and the points before `from` stay. */
static void test_frontier_filter(void **state)
{
    (void)state;
    ww_model *m = two_level_model(2);
    ww_result *r = NULL;
    assert_int_equal(ww__result_new(m, &r), WW_OK);
    static const double in[6][2] = {
        {0.3, 0.3},              /* before `from`: left alone */
        {0.5, 0.5},              /* A */
        {0.9, 0.1},              /* D */
        {0.5 - 0.5 * TOL, 0.5 - 0.5 * TOL}, /* within TOL of A: once */
        {0.4, 0.4},              /* dominated by A */
        {0.1, 0.9}};             /* E */
    for (int i = 0; i < 6; i++) {
        int pkg[2] = {i % 2, i / 2};
        double u[3] = {in[i][0], in[i][1], in[i][0] + in[i][1]};
        assert_int_equal(ww__result_add(r, pkg, u), WW_OK);
    }
    assert_int_equal(ww__frontier_filter(r, 1), WW_OK);
    static const int keep[4] = {0, 5, 1, 2}; /* P, then E, A, D */
    assert_int_equal(ww_result_count(r), 4);
    for (int i = 0; i < 4; i++) {
        int j = keep[i];
        assert_true(ww_result_buyer(r, i) == in[j][0]);
        assert_true(ww_result_seller(r, i) == in[j][1]);
        assert_true(ww_result_joint(r, i) == in[j][0] + in[j][1]);
        const int *pkg = ww_result_package(r, i);
        assert_int_equal(pkg[0], j % 2);
        assert_int_equal(pkg[1], j / 2);
    }
    ww_result_free(r);
    ww_model_free(m);
}

static int stop_at_points(const ww_progress *pr, void *data)
{
    (void)data;
    return pr->points > 0;
}

/* Zero-sum 8^7: 2.1 million frontier points and 2.4 million partial sums
 * over the stages, past the 2e6 the DP keeps when nothing bounds them; but
 * the plan bounds them (8 + 8^2 + ... + 8^7 sums at most), so the DP keeps
 * them all and answers, point for point the brute force's (bit for bit:
 * the sums are exact), on its own and through ww_frontier on auto. */
static void test_bounded_nodes(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(7, 8, &m), WW_OK);
    ww_brute *br = NULL;
    assert_int_equal(ww_brute_new(m, 3000000, &br), WW_OK);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_OK);
    printf("8^7: %d points, %.0f partial sums\n", got.n, got.nodes);
    assert_true(got.nodes > 2000000 && got.n > 1800000);
    check_bitwise(m, br, got.packages, got.buyer, got.seller, 1, got.n,
                  "8^7");
    ww__pareto_free(&got);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    assert_int_equal(ww_test_path(r), WW_PATH_DP);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
    check_result_bitwise(m, br, r, "8^7 on auto");
    ww_result_free(r);
    /* a stop heard while the points are copied into the result (where the
     * callback first hears of points): the frontier's first 2^20 points,
     * the copy's first block, and outcome time_limit */
    ww_options o;
    ww_options_init(&o);
    o.progress = stop_at_points;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_int_equal(ww_test_path(r), WW_PATH_DP);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_TIME_LIMIT);
    assert_int_equal(ww_result_count(r), 1 << 20);
    check_result_top(m, br, r, 0, "8^7 stopped in the copy");
    ww_result_free(r);
    ww_solver_free(s);
    ww_brute_free(br);
    ww_model_free(m);
}

static int keep_going(const ww_progress *pr, void *data)
{
    (void)pr;
    ++*(int *)data;
    return 0;
}

/* Merges of lists longer than the DP's blocks of 65,536 sums (a look at
 * the clock between two blocks): zero-sum 8^6 and a last term of two
 * levels, 10^4 apart in U_s (the last merge takes the 262,144 sums of
 * one level, block by block, then those of the other: the merge's loop
 * and the shifted sums' rest), or 0.5 apart (the two interleave).  Point
 * for point the brute force's, with and without a progress callback
 * (which has the clock read). */
static void test_blocked_merges(void **state)
{
    (void)state;
    static const double apart[] = {1e4, 0.5};
    for (int v = 0; v < 2; v++) {
        ww_model *m = NULL;
        assert_int_equal(ww_zero_sum_model(6, 8, &m), WW_OK);
        int t = 0;
        assert_int_equal(ww_model_add_term(m, "last", NULL, &t), WW_OK);
        assert_int_equal(ww_model_add_level(m, t, "a", 0, 0, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, t, "b", -apart[v], apart[v],
                                            NULL),
                         WW_OK);
        ww_brute *br = NULL;
        assert_int_equal(ww_brute_new(m, 1000000, &br), WW_OK);
        ww_options o;
        ww_options_init(&o);
        int calls = 0;
        o.progress = keep_going;
        o.progress_data = &calls;
        for (int clocked = 0; clocked < 2; clocked++) {
            ww__pareto got;
            assert_int_equal(ww__dp_frontier(m, clocked ? &o : NULL, NULL, 0,
                                             &got),
                             WW_OK);
            assert_int_equal(got.complete, 1);
            assert_true(got.n > 2 * 65536);
            check_bitwise(m, br, got.packages, got.buyer, got.seller, 1,
                          got.n, v ? "interleaved" : "apart");
            ww__pareto_free(&got);
        }
        assert_true(calls > 0);
        ww_brute_free(br);
        ww_model_free(m);
    }
}

/* The same model where growing past 2e6 sums would not pay.  With
 * max_points the DP gives way at 2e6 (the top part's runs answer a few
 * points for less), and ww_frontier answers them from its fallback.
 * Under a deadline that the rest of the run, at the pace of its first
 * stages, would not meet, the DP gives way too, so that the fallback
 * (the top part, then the MIP loop) has the time left instead of a run
 * the deadline stops with no points: here a deadline 10 s away after a
 * "time limit" of 10^4 s, i.e. a query that has already run for hours. */
static void test_bounded_nodes_declined(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_zero_sum_model(7, 8, &m), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.max_points = 100;
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, &o, NULL, 0, &got), WW_TOO_LARGE);
    ww__pareto_free(&got);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 100);
    ww_result_free(r);
    ww_solver_free(s);
    ww_options_init(&o);
    o.time_limit = 1e4;
    assert_int_equal(ww__dp_frontier(m, &o, NULL, ww__now() + 10, &got),
                     WW_TOO_LARGE);
    ww__pareto_free(&got);
    ww_model_free(m);
}

/* A linear constraint over six 10-level terms is a 10^6 group. */
static void test_unsupported_group(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int terms[6];
    double coefs[6];
    for (int t = 0; t < 6; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, &terms[t]), WW_OK);
        for (int l = 0; l < 10; l++) {
            char label[16];
            snprintf(label, sizeof label, "l%d", l);
            assert_int_equal(ww_model_add_level(m, t, label, l, 9 - l, NULL),
                             WW_OK);
            assert_int_equal(ww_model_set_level_value(m, t, l, l), WW_OK);
        }
        coefs[t] = 1.0;
    }
    const char *why = NULL;
    assert_int_equal(ww__dp_supported(m, NULL, &why, NULL), 1);
    assert_int_equal(ww_model_add_linear(m, terms, coefs, 6, -HUGE_VAL, 20.0,
                                         NULL),
                     WW_OK);
    assert_int_equal(ww__dp_supported(m, NULL, &why, NULL), 0);
    assert_non_null(why);
    assert_true(strlen(why) > 0);
    assert_int_equal(ww__dp_supported(m, NULL, NULL, NULL), 0);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_UNSUPPORTED);
    assert_int_equal(got.n, 0);
    assert_true(strlen(ww_errmsg(m)) > 0);
    ww__pareto_free(&got);
    ww_model_free(m);
}

/* The DP and the enumeration path both find no point, and are complete. */
static void assert_both_empty(ww_model *m)
{
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_OK);
    assert_int_equal(got.n, 0);
    assert_true(got.complete);
    ww__pareto_free(&got);
    assert_int_equal(enum_frontier(m, NULL, 0, &got), WW_OK);
    assert_int_equal(got.n, 0);
    assert_true(got.complete);
    ww__pareto_free(&got);
}

/* Everything forbidden: empty, complete; a buyer reservation above every
 * package: empty too. */
static void test_empty(void **state)
{
    (void)state;
    ww_model *m = two_level_model(3);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &got), WW_OK);
    assert_int_equal(got.n, 4); /* U_b + U_s = 3: (0,3) (1,2) (2,1) (3,0) */
    assert_true(got.complete);
    for (int i = 0; i < 4; i++) {
        assert_true(fabs(got.seller[i] - (3 - i)) < 1e-12);
        assert_true(fabs(got.buyer[i] - i) < 1e-12);
    }
    ww__pareto_free(&got);
    assert_int_equal(ww_model_set_reservation(m, WW_BUYER, 3.5), WW_OK);
    assert_both_empty(m);
    ww_options o;
    ww_options_init(&o);
    o.ignore_limits = 1;
    assert_int_equal(ww__dp_frontier(m, &o, NULL, 0, &got), WW_OK);
    assert_int_equal(got.n, 4);
    ww__pareto_free(&got);
    assert_int_equal(ww_model_clear_reservation(m, WW_BUYER), WW_OK);
    int lv[1] = {0}, lv1[1] = {1};
    ww_condition c0[1] = {{0, lv, 1}}, c1[1] = {{0, lv1, 1}};
    assert_int_equal(ww_model_add_forbid(m, c0, 1, NULL), WW_OK);
    assert_int_equal(ww_model_add_forbid(m, c1, 1, NULL), WW_OK);
    assert_both_empty(m);
    ww_model_free(m);
}

static int stop_now(const ww_progress *pr, void *data)
{
    (void)pr;
    ++*(int *)data;
    return 1;
}

/* A deadline already past, or a progress callback saying stop: complete 0. */
static void test_stopped(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_additive(&p, 30, 10, 0); /* random_model caps at 32 */
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(7, &p, &m), WW_OK);
    ww__pareto got;
    assert_int_equal(ww__dp_frontier(m, NULL, NULL, 1e-9, &got), WW_OK);
    assert_int_equal(got.complete, 0);
    assert_int_equal(got.n, 0);
    ww__pareto_free(&got);
    /* 10^30 packages: enumeration refuses */
    assert_int_equal(enum_frontier(m, NULL, 0, &got), WW_TOO_LARGE);
    assert_int_equal(got.n, 0);
    ww__pareto_free(&got);
    ww_model *small = NULL;
    p.min_terms = p.max_terms = 6; /* 10^6 = WW__SCAN_MAX packages */
    assert_int_equal(ww_random_model(7, &p, &small), WW_OK);
    assert_int_equal(enum_frontier(small, NULL, 1e-9, &got), WW_OK);
    assert_int_equal(got.complete, 0);
    ww__pareto_free(&got);
    ww_model_free(small);
    ww_options o;
    ww_options_init(&o);
    int calls = 0;
    o.progress = stop_now;
    o.progress_data = &calls;
    assert_int_equal(ww__dp_frontier(m, &o, NULL, 0, &got), WW_OK);
    assert_int_equal(got.complete, 0);
    assert_int_equal(calls, 1);
    ww__pareto_free(&got);
    ww_model_free(m);
}

/* ---- large additive models: no brute force; checked by properties ---- */

static unsigned long long lcg(unsigned long long *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

/* frontier point dominating (b, s) up to TOL exists (frontier s-descending,
 * so the candidates form a prefix whose largest b is its last point). */
static int covered(const ww__pareto *f, double b, double s)
{
    int lo = 0, hi = f->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (f->seller[mid] >= s - TOL)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo - 1; i >= 0 && i >= lo - 3; i--)
        if (f->buyer[i] >= b - TOL)
            return 1;
    return 0;
}

static void check_additive(ww_model *m, const ww__pareto *f,
                           unsigned long seed)
{
    int nt = ww_model_term_count(m);
    assert_true(f->complete);
    assert_true(f->n > 0);
    /* exact utilities, order, mutual non-domination */
    for (int i = 0; i < f->n; i++) {
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, f->packages + (size_t)i * nt,
                                           &ev), WW_OK);
        assert_true(ev.admissible);
        assert_true(fabs(ev.buyer - f->buyer[i]) <= 1e-9);
        assert_true(fabs(ev.seller - f->seller[i]) <= 1e-9);
        if (i > 0) {
            assert_true(f->seller[i] < f->seller[i - 1]);
            assert_true(f->buyer[i] > f->buyer[i - 1]);
        }
    }
    for (int i = 0; i < f->n; i++)
        for (int j = 0; j < f->n; j++)
            assert_false(ww_brute_dominates(f->buyer[j], f->seller[j],
                                            f->buyer[i], f->seller[i]));
    /* supported points: max of b + lambda*s over the frontier equals the
     * term-by-term maximum (additive model) */
    const double lambdas[] = {0, 0.05, 0.3, 0.7, 1, 1.5, 3, 20, 1e4};
    for (size_t k = 0; k < sizeof lambdas / sizeof *lambdas; k++) {
        double lam = lambdas[k], want = 0, got = -HUGE_VAL;
        for (int t = 0; t < nt; t++) {
            double best = -HUGE_VAL;
            for (int l = 0; l < ww_model_level_count(m, t); l++)
                best = fmax(best, ww_model_level_buyer(m, t, l) +
                                      lam * ww_model_level_seller(m, t, l));
            want += best;
        }
        for (int i = 0; i < f->n; i++)
            got = fmax(got, f->buyer[i] + lam * f->seller[i]);
        if (fabs(got - want) > 1e-6 * (1 + lam))
            fprintf(stderr, "seed %lu lambda %g: frontier %.12g, max %.12g\n",
                    seed, lam, got, want);
        assert_true(fabs(got - want) <= 1e-6 * (1 + lam));
    }
    /* random packages, and frontier packages with 1-3 terms changed, are
     * all covered by the frontier */
    int *pkg = malloc((size_t)nt * sizeof *pkg);
    unsigned long long x = seed * 7919 + 1;
    for (int r = 0; r < 20000; r++) {
        if (r % 2 == 0) {
            for (int t = 0; t < nt; t++)
                pkg[t] = (int)(lcg(&x) % (unsigned)ww_model_level_count(m, t));
        } else {
            int i = (int)(lcg(&x) % (unsigned)f->n);
            memcpy(pkg, f->packages + (size_t)i * nt, (size_t)nt * sizeof *pkg);
            int changes = 1 + (int)(lcg(&x) % 3);
            for (int c = 0; c < changes; c++) {
                int t = (int)(lcg(&x) % (unsigned)nt);
                pkg[t] = (int)(lcg(&x) % (unsigned)ww_model_level_count(m, t));
            }
        }
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
        if (!covered(f, ev.buyer, ev.seller))
            fprintf(stderr, "seed %lu: (%.12g, %.12g) not covered\n", seed,
                    ev.buyer, ev.seller);
        assert_true(covered(f, ev.buyer, ev.seller));
    }
    free(pkg);
}

static void additive_family(int terms, int levels, double grid,
                            double correlation, int models)
{
    ww_random_params p;
    ww_random_params_additive(&p, terms, levels, grid);
    p.correlation = correlation;
    for (unsigned long seed = 1; seed <= (unsigned long)models; seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        assert_int_equal(ww__dp_supported(m, NULL, NULL, NULL), 1);
        ww__pareto f;
        assert_int_equal(ww__dp_frontier(m, NULL, NULL, 0, &f), WW_OK);
        check_additive(m, &f, seed);
        ww__pareto_free(&f);
        ww_model_free(m);
    }
}

static void test_additive_10x10(void **state)
{
    (void)state;
    additive_family(10, 10, 0, -0.3, 10);
    additive_family(10, 10, 0.25, -0.3, 10);
}

static void test_additive_30x10(void **state)
{
    (void)state;
    additive_family(30, 10, 0, -0.3, 5);
    additive_family(30, 10, 0.25, -0.3, 5);
    additive_family(30, 10, 0, -0.9, 2);
}

/* A staircase step for test_one_term: far (0.05-1), or near TOL (0,
 * 0.4, 1.3 or 1.7 of it) when `near`.  No sum of near steps is TOL
 * itself: there "by more than TOL" rounds either way (a - b > TOL but not
 * a > b + TOL), and a level weakly dominated from exactly that distance is
 * dropped by the units' exact reduction and kept by the filter's rule. */
static double one_term_step(unsigned long long *x, int near)
{
    static const double small[4] = {0.0, 0.4 * TOL, 1.3 * TOL, 1.7 * TOL};
    if (near && lcg(x) % 2)
        return small[lcg(x) % 4];
    return 0.05 + (double)(lcg(x) % 1000) / 1000.0;
}

/* One-term models (a wide price term): the DP hands over the term's
 * options as they are when they form a spread staircase (dp.c,
 * finish_one) and filters them otherwise.  A staircase with far steps, or
 * with steps near TOL on either side (clusters the filter must merge),
 * dominated levels among it, shuffled, under floors inside its range,
 * against brute force: the DP prepared and not, and the public query on
 * the DP path and on auto. */
static void test_one_term(void **state)
{
    (void)state;
    unsigned long long x = 12345;
    int clustered = 0, floored = 0;
    for (unsigned long seed = 0; seed < 400; seed++) {
        int near = seed % 2, n = 1 + (int)(lcg(&x) % 40);
        int extra = (int)(lcg(&x) % 8), total = n + extra;
        double *ub = malloc(sizeof(double) * (size_t)total);
        double *us = malloc(sizeof(double) * (size_t)total);
        assert_true(ub && us);
        double b = (double)(lcg(&x) % 100) / 10.0, s = 5.0;
        for (int j = 0; j < n; j++) {
            ub[j] = b;
            us[j] = s;
            b += one_term_step(&x, near);
            s -= one_term_step(&x, near);
        }
        for (int j = n; j < total; j++) { /* dominated by a stair level */
            int on = (int)(lcg(&x) % (unsigned long long)n);
            ub[j] = ub[on] - (double)(lcg(&x) % 3) * 0.4 * TOL;
            us[j] = us[on] - (double)(lcg(&x) % 3) * 0.25;
        }
        for (int j = total - 1; j > 0; j--) { /* shuffled */
            int k = (int)(lcg(&x) % (unsigned long long)(j + 1));
            double tb = ub[j], ts = us[j];
            ub[j] = ub[k];
            us[j] = us[k];
            ub[k] = tb;
            us[k] = ts;
        }
        ww_model *m = NULL;
        assert_int_equal(ww_model_new(&m), WW_OK);
        assert_int_equal(ww_model_add_term(m, "price", NULL, NULL), WW_OK);
        for (int j = 0; j < total; j++) {
            char name[16];
            snprintf(name, sizeof name, "l%d", j);
            assert_int_equal(ww_model_add_level(m, 0, name, ub[j], us[j], NULL),
                             WW_OK);
        }
        /* floors at a level's utility, just above or below it */
        static const double off[3] = {0.0, 0.4 * TOL, -0.4 * TOL};
        for (int p = 0; p < 2; p++)
            if (lcg(&x) % 3 == 0) {
                int at = (int)(lcg(&x) % (unsigned long long)total);
                double v = (p == WW_BUYER ? ub[at] : us[at]) + off[lcg(&x) % 3];
                assert_int_equal(ww_model_set_reservation(m, (ww_party)p, v),
                                 WW_OK);
                floored++;
            }
        free(ub);
        free(us);
        ww_brute *br = NULL;
        assert_int_equal(ww_brute_new(m, 1000, &br), WW_OK);
        ww_options o;
        ww__dp_prep *prep = NULL;
        assert_int_equal(ww__dp_prepare(m, 0, &prep), WW_OK);
        for (int v = 0; v < 2; v++) {
            ww_options_init(&o);
            o.ignore_limits = v;
            ww__pareto got;
            assert_int_equal(ww__dp_frontier(m, &o, prep, 0, &got), WW_OK);
            check_against_brute(br, &o, &got, "one term, prepared", seed);
            if (v == 1) /* fewer points than the staircase's levels */
                clustered += got.n < n;
            ww__pareto_free(&got);
            assert_int_equal(ww__dp_frontier(m, &o, NULL, 0, &got), WW_OK);
            check_against_brute(br, &o, &got, "one term", seed);
            ww__pareto_free(&got);
            for (int path = 0; path < 2; path++) {
                o.path = path ? WW_PATH_DP : WW_PATH_AUTO;
                ww_solver *sv = NULL;
                assert_int_equal(ww_solver_new(m, &sv), WW_OK);
                ww_result *r = NULL;
                assert_int_equal(ww_frontier(sv, &o, &r), WW_OK);
                ww_brute_point *want = NULL;
                int nw = ww_brute_frontier(br, &o, &want);
                assert_int_equal(ww_result_count(r), nw);
                for (int i = 0; i < nw; i++) {
                    assert_true(fabs(ww_result_buyer(r, i) - want[i].buyer) <= TOL);
                    assert_true(fabs(ww_result_seller(r, i) - want[i].seller) <= TOL);
                    long idx = ww_brute_index(br, ww_result_package(r, i));
                    assert_true(idx >= 0);
                    assert_true(ww_brute_buyer(br, idx) == ww_result_buyer(r, i));
                    assert_true(ww_brute_seller(br, idx) == ww_result_seller(r, i));
                }
                free(want);
                ww_result_free(r);
                ww_solver_free(sv);
            }
        }
        ww__dp_prep_free(prep);
        ww_brute_free(br);
        ww_model_free(m);
    }
    printf("one term: %d models with clusters, %d floors\n", clustered,
           floored);
    assert_true(clustered >= 100);
    assert_true(floored >= 100);
}

/* The DP on exact sums (one-term units, no interactions) gives the brute
 * force's points bit for bit, also where the TOL filter's clusters chain:
 * A, then C within TOL of A (a duplicate of it), then D just beyond TOL
 * of A but 7e-10 from C.  The filter keeps A and D; merging D into C
 * (1e-9 apart on both sides) left A alone.  One term (the options' own
 * filter) and two terms (C and D from the merge of two stages; E = C + D
 * - A is within TOL of D there, so only a bitwise comparison sees it),
 * each with a far level after them, on every way into the DP. */
static int check_chain_model(ww_model *m, int points)
{
    ww_brute *br = NULL;
    assert_int_equal(ww_brute_new(m, 100000, &br), WW_OK);
    ww_brute_point *want = NULL;
    int n = ww_brute_frontier(br, NULL, &want);
    if (points >= 0)
        assert_int_equal(n, points);
    free(want);
    ww__dp_prep *prep = NULL;
    assert_int_equal(ww__dp_prepare(m, 0, &prep), WW_OK);
    for (int v = 0; v < 2; v++) { /* the direct product, then the fold */
        ww__pareto got;
        assert_int_equal(ww__dp_frontier(m, NULL, v ? NULL : prep, 0, &got),
                         WW_OK);
        check_bitwise(m, br, got.packages, got.buyer, got.seller, 1, got.n,
                      v ? "fold" : "prepared");
        ww__pareto_free(&got);
    }
    ww__dp_prep_free(prep);
    for (int path = 0; path < 2; path++) {
        ww_options o;
        ww_options_init(&o);
        o.path = path ? WW_PATH_DP : WW_PATH_AUTO;
        ww_solver *sv = NULL;
        assert_int_equal(ww_solver_new(m, &sv), WW_OK);
        ww_result *r = NULL;
        assert_int_equal(ww_frontier(sv, &o, &r), WW_OK);
        check_result_bitwise(m, br, r, path ? "dp path" : "auto");
        ww_result_free(r);
        ww_solver_free(sv);
    }
    ww_brute_free(br);
    return n;
}

static void test_tol_chains(void **state)
{
    (void)state;
    const double c = 0.9998 * TOL, d = 1.0005 * TOL; /* d - c = 7e-10 */
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_int_equal(ww_model_add_term(m, "x", NULL, NULL), WW_OK);
    const double lv[4][2] = {{0.5, 0.5}, {0.5 + c, 0.5 - c},
                             {0.5 + d, 0.5 - d}, {0.8, 0.2}};
    for (int j = 0; j < 4; j++) {
        char name[8];
        snprintf(name, sizeof name, "l%d", j);
        assert_int_equal(ww_model_add_level(m, 0, name, lv[j][0], lv[j][1],
                                            NULL), WW_OK);
    }
    check_chain_model(m, 3); /* A, D and the far level */
    ww_model_free(m);

    assert_int_equal(ww_model_new(&m), WW_OK);
    const double two[3][2][2] = {{{0.25, 0.25}, {0.25 + c, 0.25 - c}},
                                 {{0.25, 0.25}, {0.25 + d, 0.25 - d}},
                                 {{0.0, 0.0}, {0.3, -0.3}}};
    for (int t = 0; t < 3; t++) {
        char name[8];
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        for (int j = 0; j < 2; j++) {
            snprintf(name, sizeof name, "l%d", j);
            assert_int_equal(ww_model_add_level(m, t, name, two[t][j][0],
                                                two[t][j][1], NULL), WW_OK);
        }
    }
    check_chain_model(m, 4); /* A and D, each also shifted far */
    ww_model_free(m);
}

/* The admissible packages' exact Pareto front (no tolerance): its size. */
static int exact_front(ww_model *m)
{
    ww_brute *br = NULL;
    assert_int_equal(ww_brute_new(m, 100000, &br), WW_OK);
    long cnt = ww_brute_count(br);
    ww__dp_pt *p = malloc(sizeof *p * (size_t)(cnt + 1));
    assert_non_null(p);
    int k = 0;
    for (long i = 0; i < cnt; i++)
        if (ww_brute_admissible(br, NULL, i))
            p[k++] = (ww__dp_pt){ww_brute_buyer(br, i), ww_brute_seller(br, i),
                                 i};
    ww_brute_free(br);
    int n = 0;
    for (int i = 0; i < k; i++) { /* no other >= on both, > on one */
        int dominated = 0;
        for (int j = 0; j < k && !dominated; j++)
            dominated = p[j].b >= p[i].b && p[j].s >= p[i].s &&
                        (p[j].b > p[i].b || p[j].s > p[i].s);
        for (int j = 0; j < i && !dominated; j++) /* one per point */
            dominated = p[j].b == p[i].b && p[j].s == p[i].s;
        n += !dominated;
    }
    free(p);
    return n;
}

/* test_tol_chains drawn at random: 400 seeded exact models (2-4 terms of
 * 2-6 levels) whose levels step along an anti-diagonal by 0.3, 0.5,
 * 0.9998, 1.0005, 1.3 or 2.1 TOL on each side independently, so that the
 * candidates' differences (sums and differences of such steps) land near
 * TOL and within 1e-9 of each other, the frontier a chain of clusters;
 * a third under a reservation inside the range.  The DP on every way in
 * gives the brute force's points bit for bit. */
static void test_random_chains(void **state)
{
    (void)state;
    static const double step[6] = {0.3, 0.5, 0.9998, 1.0005, 1.3, 2.1};
    unsigned long long x = 777;
    long points = 0;
    int clustered = 0;
    for (int seed = 0; seed < 400; seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_model_new(&m), WW_OK);
        int terms = 2 + (int)(lcg(&x) % 3);
        double lo = 0, hi = 0;
        for (int t = 0; t < terms; t++) {
            char name[8];
            snprintf(name, sizeof name, "t%d", t);
            assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
            int levels = 2 + (int)(lcg(&x) % 5);
            double b = (double)(lcg(&x) % 1000) / 1000.0, s = 1.0 - b;
            lo += b;
            for (int l = 0; l < levels; l++) {
                snprintf(name, sizeof name, "l%d", l);
                assert_int_equal(ww_model_add_level(m, t, name, b, s, NULL),
                                 WW_OK);
                b += step[lcg(&x) % 6] * TOL;
                s -= step[lcg(&x) % 6] * TOL;
            }
            hi += b;
        }
        if (seed % 3 == 0) /* a buyer floor inside the chain */
            assert_int_equal(ww_model_set_reservation(m, WW_BUYER,
                                                      (lo + hi) / 2),
                             WW_OK);
        int n = check_chain_model(m, -1);
        points += n;
        clustered += n < exact_front(m); /* the filter merged some */
        ww_model_free(m);
    }
    printf("random chains: %ld frontier points over 400 models, %d with "
           "clusters\n", points, clustered);
    assert_true(points > 1000 && clustered >= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_unsupported_group),
        cmocka_unit_test(test_stopped),
        cmocka_unit_test(test_random_default),
        cmocka_unit_test(test_random_real_products),
        cmocka_unit_test(test_random_dense),
        cmocka_unit_test(test_random_coupled_wide),
        cmocka_unit_test(test_dense_declined),
        cmocka_unit_test(test_too_many_points),
        cmocka_unit_test(test_frontier_filter),
        cmocka_unit_test(test_bounded_nodes),
        cmocka_unit_test(test_blocked_merges),
        cmocka_unit_test(test_bounded_nodes_declined),
        cmocka_unit_test(test_pair_budget),
        cmocka_unit_test(test_additive_10x10),
        cmocka_unit_test(test_additive_30x10),
        cmocka_unit_test(test_one_term),
        cmocka_unit_test(test_tol_chains),
        cmocka_unit_test(test_random_chains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
