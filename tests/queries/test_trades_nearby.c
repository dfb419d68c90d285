/* trades on models too large for the whole-space brute force (10 to 40
 * terms, up to 10^30 packages) and on the Genius corpus: the enumeration
 * path (which scans only the packages within K changes of the reference),
 * auto and, on part of the seeds and the corpus, the MIP loop, each against
 * an independent enumeration of that neighbourhood through the public API
 * (ww_model_evaluate), with interactions, constraints, reservations and
 * budgets. */
#include "qsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WW_GENIUS_DIR
#error "WW_GENIUS_DIR must be defined by the build"
#endif

#define TOL 1e-6

/* The oracle's candidates: every trade from the reference. */
typedef struct cands {
    int n, cap, nterms;
    double *j, *us;
    int *pkgs;
} cands;

typedef struct walk {
    ww_model *m;
    int ignore_limits;
    const int *ref;
    double rb, rs, concede;
    int *pkg;
    cands *c;
    long visited;
} walk;

static void push(cands *c, const ww_evaluation *ev, const int *pkg)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->j = realloc(c->j, sizeof *c->j * (size_t)c->cap);
        c->us = realloc(c->us, sizeof *c->us * (size_t)c->cap);
        c->pkgs = realloc(c->pkgs,
                          sizeof *c->pkgs * (size_t)c->cap * (size_t)c->nterms);
        if (!c->j || !c->us || !c->pkgs)
            abort();
    }
    c->j[c->n] = ev->joint;
    c->us[c->n] = ev->seller;
    memcpy(c->pkgs + (size_t)c->n * (size_t)c->nterms, pkg,
           sizeof *pkg * (size_t)c->nterms);
    c->n++;
}

/* Every package from term t on with at most `left` more changes. */
static void visit(walk *w, int t, int left, int changed)
{
    int n = ww_model_term_count(w->m);
    if (t == n) {
        if (!changed)
            return;
        ww_evaluation ev;
        if (ww_model_evaluate(w->m, w->pkg, &ev) != WW_OK)
            abort();
        w->visited++;
        int adm = w->ignore_limits ? ev.feasible : ev.admissible;
        if (adm && ev.buyer >= w->rb - TOL &&
            ev.seller >= w->rs - w->concede - TOL)
            push(w->c, &ev, w->pkg);
        return;
    }
    visit(w, t + 1, left, changed);
    if (left == 0)
        return;
    for (int v = 0; v < ww_model_level_count(w->m, t); v++) {
        if (v == w->ref[t])
            continue;
        w->pkg[t] = v;
        visit(w, t + 1, left - 1, 1);
    }
    w->pkg[t] = w->ref[t];
}

/* 1 when package a comes before b in the documented order of the
 * neighbourhood of ref (the last tie-break of the enum path): fewer
 * changes, then the changed terms, then their levels, lexicographically. */
static int canon_before(const int *a, const int *b, const int *ref, int n)
{
    int ha = 0, hb = 0;
    for (int t = 0; t < n; t++) {
        ha += a[t] != ref[t];
        hb += b[t] != ref[t];
    }
    if (ha != hb)
        return ha < hb;
    for (int t = 0; t < n; t++) { /* the first term changed in one only */
        int ca = a[t] != ref[t], cb = b[t] != ref[t];
        if (ca != cb)
            return ca;
    }
    for (int t = 0; t < n; t++)
        if (a[t] != b[t])
            return a[t] < b[t];
    return 0;
}

/* The oracle's top trades: repeatedly the highest J left, J within TOL a
 * tie broken by higher U_s (the spec's rule, as tests/support/brute.c),
 * then by canon_before. */
static int select_top(cands *c, const int *ref, int top, int *out)
{
    unsigned char *taken = calloc((size_t)c->n + 1, 1);
    int k = 0;
    for (; k < top; k++) {
        double best = -HUGE_VAL;
        for (int i = 0; i < c->n; i++)
            if (!taken[i] && c->j[i] > best)
                best = c->j[i];
        if (best == -HUGE_VAL)
            break;
        int arg = -1;
        for (int i = 0; i < c->n; i++)
            if (!taken[i] && c->j[i] >= best - TOL &&
                (arg < 0 || c->us[i] > c->us[arg] ||
                 (c->us[i] == c->us[arg] &&
                  canon_before(c->pkgs + (size_t)i * (size_t)c->nterms,
                               c->pkgs + (size_t)arg * (size_t)c->nterms,
                               ref, c->nterms))))
                arg = i;
        taken[arg] = 1;
        out[k] = arg;
    }
    free(taken);
    return k;
}

static int hamming(const int *a, const int *b, int n)
{
    int d = 0;
    for (int i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

typedef struct totals {
    int queries, trades, mip_compared, empty;
    long visited;
    int limited; /* answers cut by the time limit (GLPK-hard models) */
} totals;

/* Seconds per query: a few random models are hard for GLPK (the MIP loop,
 * or the MIPs diagnosing "no trade"); their answers, cut by this limit,
 * are checked for validity only, and counted. */
#define LIMIT_S 20.0

/* trades from ref on one path against the oracle's top list. */
static int check_path(wwq_case *c, const ww_options *o, const int *ref,
                      int k, int top, double concede, const cands *cd,
                      const int *want, int nwant, totals *tot)
{
    int n = ww_model_term_count(c->m);
    wwq_next(c, "trades");
    QCALL(c, ww_trades(c->s, o, ref, k, top, concede, &c->r));
    const ww_result *r = c->r;
    ww_stats stats;
    QCALL(c, ww_result_stats(r, &stats));
    if (o->path != WW_PATH_AUTO)
        QCHECK(c, stats.path == o->path, "forced path %s, answered by %s",
               ww_path_str(o->path), ww_path_str(stats.path));
    if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT ||
        stats.elapsed >= 0.9 * LIMIT_S) {
        for (int i = 0; i < ww_result_count(r); i++) {
            int h = hamming(ww_result_package(r, i), ref, n);
            QCHECK(c, h >= 1 && h <= k, "cut: trade %d changes %d terms", i,
                   h);
        }
        tot->limited++;
        return 0;
    }
    QCHECK(c, ww_result_count(r) == nwant,
           "path %s K=%d N=%d C=%g: %d trades, the neighbourhood %d (of %d)",
           ww_path_str(o->path), k, top, concede, ww_result_count(r), nwant,
           cd->n);
    if (nwant == 0) {
        QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_INFEASIBLE || top == 0,
               "no trade: outcome %s", ww_outcome_str(ww_result_outcome(r)));
        ww_diagnosis dg;
        QCALL(c, ww_result_diagnosis(r, &dg));
        QCHECK(c, top == 0 || dg.cause != WW_CAUSE_NONE,
               "no trade and no cause");
        tot->empty++;
        return 0;
    }
    QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_OPTIMAL, "outcome %s",
           ww_outcome_str(ww_result_outcome(r)));
    for (int i = 0; i < nwant; i++) {
        const int *p = ww_result_package(r, i);
        ww_evaluation ev;
        QCALL(c, ww_model_evaluate(c->m, p, &ev));
        int h = hamming(p, ref, n);
        QCHECK(c, h >= 1 && h <= k, "trade %d changes %d terms (K=%d)", i, h,
               k);
        QCHECK(c, QCLOSE(ev.joint, ww_result_joint(r, i)) &&
                      QCLOSE(ev.seller, ww_result_seller(r, i)) &&
                      QCLOSE(ev.buyer, ww_result_buyer(r, i)),
               "trade %d: reported (%.9g, %.9g) != evaluated (%.9g, %.9g)",
               i, ww_result_buyer(r, i), ww_result_seller(r, i), ev.buyer,
               ev.seller);
        QCHECK(c, QCLOSE(ww_result_joint(r, i), cd->j[want[i]]) &&
                      QCLOSE(ww_result_seller(r, i), cd->us[want[i]]),
               "path %s K=%d N=%d C=%g: trade %d has (J %.9g, U_s %.9g), the "
               "neighbourhood (J %.9g, U_s %.9g)", ww_path_str(o->path), k,
               top, concede, i, ww_result_joint(r, i), ww_result_seller(r, i),
               cd->j[want[i]], cd->us[want[i]]);
        /* the walk settles ties after J and U_s by the documented order:
         * the oracle's package itself (GLPK may return any of them) */
        if (stats.path == WW_PATH_ENUM)
            QCHECK(c, memcmp(p, cd->pkgs + (size_t)want[i] * (size_t)n,
                             sizeof *p * (size_t)n) == 0,
                   "path %s K=%d N=%d C=%g: trade %d is another package of "
                   "the same J and U_s as the neighbourhood order's first",
                   ww_path_str(o->path), k, top, concede, i);
        for (int j = 0; j < i; j++)
            QCHECK(c, memcmp(p, ww_result_package(r, j),
                             sizeof *p * (size_t)n) != 0,
                   "trades %d and %d are the same package", j, i);
    }
    tot->trades += nwant;
    return 0;
}

/* Trades from ref (K, N, C) on each of paths[0..npaths) against the
 * oracle's enumeration of the neighbourhood. */
static int check_ref(wwq_case *c, const int *ref, int k, int top, double cc,
                     int ignore_limits, const ww_path *paths, int npaths,
                     totals *tot)
{
    int n = ww_model_term_count(c->m);
    int *pkg = malloc(sizeof *pkg * (size_t)n);
    ww_options o;
    ww_options_init(&o);
    o.ignore_limits = ignore_limits;
    o.time_limit = LIMIT_S;
    cands cd = {0, 0, n, NULL, NULL, NULL};
    ww_evaluation rev;
    if (!pkg || ww_model_evaluate(c->m, ref, &rev) != WW_OK)
        abort();
    memcpy(pkg, ref, sizeof *pkg * (size_t)n);
    walk w = {c->m, ignore_limits, ref, rev.buyer, rev.seller, cc, pkg, &cd,
              0};
    visit(&w, 0, k, 0);
    tot->visited += w.visited;
    int want[16];
    int nwant = select_top(&cd, ref, top, want);
    int bad = 0;
    for (int p = 0; p < npaths && !bad; p++) {
        o.path = paths[p];
        bad = check_path(c, &o, ref, k, top, cc, &cd, want, nwant, tot);
        tot->queries++;
        tot->mip_compared += !bad && paths[p] == WW_PATH_MIP;
    }
    free(cd.j);
    free(cd.us);
    free(cd.pkgs);
    free(pkg);
    return bad;
}

static int run_seed(unsigned long seed, totals *tot)
{
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.seed = seed;
    c.query = "setup";
    wwq_params(seed, &c.params);
    c.params.min_terms = 10;
    c.params.max_terms = seed % 4 == 0 ? 40 : 24;
    c.params.min_levels = 2;
    c.params.max_levels = seed % 3 == 0 ? 10 : 6;
    if (ww_random_model(seed, &c.params, &c.m) != WW_OK) {
        print_error("seed %lu: ww_random_model failed\n", seed);
        return 1;
    }
    int bad = 0;
    ww_status st = ww_solver_new(c.m, &c.s);
    if (st != WW_OK) {
        print_error("seed %lu: ww_solver_new: %s\n", seed, ww_status_str(st));
        wwq_close(&c);
        return 1;
    }
    int n = ww_model_term_count(c.m);
    int *rnd = malloc(sizeof *rnd * (size_t)n);
    unsigned long long s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (int t = 0; t < n; t++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        rnd[t] = (int)((s >> 33) % (unsigned long long)ww_model_level_count(c.m, t));
    }
    const int *refs[3] = {ww_model_counter(c.m), ww_model_opening(c.m), rnd};
    static const int tops[] = {1, 5, 10, 3};
    static const double concede[] = {0, 0, 1.5, 6};
    for (int i = 0; i < 3 && !bad; i++) {
        if (!refs[i])
            continue;
        int k = 1 + (int)((seed + (unsigned long)i) % 2);
        if (n <= 14 && (seed + (unsigned long)i) % 3 == 0)
            k = 3;
        int top = tops[(seed / 2 + (unsigned long)i) % 4];
        double cc = concede[(seed / 8 + (unsigned long)i) % 4];
        /* enum always; auto; the MIP loop on every third seed (it takes
         * up to a second on 40 terms, and CI runs this under valgrind) */
        static const ww_path paths[] = {WW_PATH_ENUM, WW_PATH_AUTO,
                                        WW_PATH_MIP};
        bad = check_ref(&c, refs[i], k, top, cc, seed % 5 == 2, paths,
                        seed % 3 == 1 ? 3 : 2, tot);
    }
    free(rnd);
    wwq_close(&c);
    return bad;
}

static void test_trades_nearby(void **state)
{
    (void)state;
    unsigned long first;
    int count;
    wwq_seeds(7000, wwq_model_count(60), &first, &count);
    totals tot = {0};
    int failures = 0;
    for (int i = 0; i < count; i++)
        failures += run_seed(first + (unsigned long)i, &tot);
    print_message("trades nearby: %d models, %d queries (%d on the MIP loop, "
                  "%d cut by the time limit), %d trades, %d without a trade, "
                  "%ld packages evaluated by the oracle, %d failed\n", count,
                  tot.queries, tot.mip_compared, tot.limited, tot.trades,
                  tot.empty, tot.visited, failures);
    assert_int_equal(failures, 0);
    if (count >= 20) { /* a few hard models may be cut, not more */
        assert_true(tot.limited * 10 <= tot.queries);
        assert_true(tot.trades > 0 && tot.empty > 0 && tot.mip_compared > 0);
    }
}

/* J rising along the enumeration (the later the term and the higher the
 * level, the more the buyer gains): every package beats the ones before,
 * so the kept records are dropped again and again as the best J climbs;
 * then a flat J (every package ties) where nothing can be dropped. */
static void test_trades_rising(void **state)
{
    (void)state;
    for (int flat = 0; flat < 2; flat++) {
        wwq_case c;
        memset(&c, 0, sizeof c);
        c.seed = (unsigned long)flat;
        c.name = flat ? "flat J" : "rising J";
        c.query = "setup";
        assert_int_equal(ww_model_new(&c.m), WW_OK);
        int levels = flat ? 300 : 3000, n = 3;
        for (int t = 0; t < n; t++) {
            char name[16];
            snprintf(name, sizeof name, "t%d", t);
            assert_int_equal(ww_model_add_term(c.m, name, NULL, NULL), WW_OK);
            for (int l = 0; l < levels; l++) {
                char label[16];
                snprintf(label, sizeof label, "l%d", l);
                double b = flat ? (l % 7) * 0.25 : t * 10000.0 + l;
                assert_int_equal(ww_model_add_level(c.m, t, label, b,
                                                    flat ? -b : 0, NULL),
                                 WW_OK);
            }
        }
        assert_int_equal(ww_solver_new(c.m, &c.s), WW_OK);
        int ref[3] = {0, 0, 0};
        int k = flat ? 2 : 1, top = 10;
        totals tot = {0};
        static const ww_path paths[] = {WW_PATH_ENUM, WW_PATH_AUTO};
        /* flat: any concession, so that no bound prunes the walk */
        double cc = flat ? 1e6 : 0;
        int bad = check_ref(&c, ref, k, top, cc, 0, paths, 2, &tot);
        /* auto: the rising J's 8,997 packages are under its line, walked
         * whole; the flat J's 269,100 are over it (90,000 at 3 terms),
         * and its walk cannot prune (every J ties, every U_s is allowed):
         * over its budget, the MIP loop answers */
        ww_result *r = NULL;
        assert_int_equal(ww_trades(c.s, NULL, ref, k, top, cc, &r), WW_OK);
        assert_int_equal(ww_test_path(r), flat ? WW_PATH_MIP : WW_PATH_ENUM);
        ww_result_free(r);
        print_message("%s: %ld packages, %d trades, %s\n", c.name,
                      tot.visited, tot.trades, bad ? "failed" : "ok");
        wwq_close(&c);
        assert_int_equal(bad, 0);
        assert_int_equal(tot.trades, 2 * top);
    }
}

/* Neighbourhoods over auto's line for the whole enumeration (12 terms of
 * 10 levels, K = 4: 3.2 million packages, the line 1.44 million): auto
 * walks them with that line as its budget, and the walk's bounds prune
 * most of them, so the answer comes from the walk (path enum), against
 * the oracle's full enumeration.  Fewer models under valgrind. */
static void test_trades_beyond_line(void **state)
{
    (void)state;
    int models = wwq_under_valgrind() ? 1 : 6, walked = 0;
    totals tot = {0};
    for (int i = 0; i < models; i++) {
        wwq_case c;
        memset(&c, 0, sizeof c);
        c.seed = 7100 + (unsigned long)i;
        c.query = "setup";
        wwq_params(c.seed, &c.params);
        ww_random_params_size(&c.params, 12, 12, 10, 10);
        assert_int_equal(ww_random_model(c.seed, &c.params, &c.m), WW_OK);
        assert_int_equal(ww_solver_new(c.m, &c.s), WW_OK);
        const int *ref = ww_model_counter(c.m);
        int zero[12] = {0};
        static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM};
        int bad = check_ref(&c, ref ? ref : zero, 4, 1 + i % 5, i % 3 ? 0 : 2,
                            i % 4 == 3, paths, 2, &tot);
        ww_options o;
        ww_options_init(&o);
        o.ignore_limits = i % 4 == 3;
        ww_result *r = NULL;
        assert_int_equal(ww_trades(c.s, &o, ref ? ref : zero, 4, 1 + i % 5,
                                   i % 3 ? 0 : 2, &r), WW_OK);
        walked += ww_test_path(r) == WW_PATH_ENUM;
        ww_result_free(r);
        wwq_close(&c);
        assert_int_equal(bad, 0);
    }
    print_message("beyond the line: %d models, %d answered by the walk on "
                  "auto, %d trades, %ld packages evaluated by the oracle\n",
                  models, walked, tot.trades, tot.visited);
    assert_true(walked * 2 > models && tot.trades > 0);
}

/* More changes allowed than there are terms (K = 100 on 10 terms of 10
 * levels: the whole space, 10^10 packages, over auto's line): auto walks
 * it (at most 10 changes deep), the same trades as the MIP loop. */
static void test_trades_any_change(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_additive(&p, 10, 10, 0.25);
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(7300, &p, &m), WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    int ref[10] = {0};
    ww_options o;
    ww_options_init(&o);
    ww_result *r = NULL, *mip = NULL;
    assert_int_equal(ww_trades(s, &o, ref, 100, 3, 0, &r), WW_OK);
    assert_int_equal(ww_test_path(r), WW_PATH_ENUM);
    o.path = WW_PATH_MIP;
    assert_int_equal(ww_trades(s, &o, ref, 100, 3, 0, &mip), WW_OK);
    assert_int_equal(ww_result_count(r), 3);
    assert_int_equal(ww_result_count(mip), 3);
    for (int i = 0; i < 3; i++) {
        assert_true(fabs(ww_result_joint(r, i) - ww_result_joint(mip, i)) <=
                    1e-6);
        assert_true(fabs(ww_result_seller(r, i) - ww_result_seller(mip, i)) <=
                    1e-6);
    }
    ww_result_free(r);
    ww_result_free(mip);
    ww_solver_free(s);
    ww_model_free(m);
}

/* A product interaction whose values change sign: moving one of its terms
 * from -3 to 3 swings it from -9 to +9 on each side (J +36), more than
 * its largest magnitude.  The walk visits terms by their bound on the
 * gain, so with that bound too low (9 per side) it would try term c (J
 * +24) first and then skip a and b; the best trade changes a. */
static void test_trades_product_swing(void **state)
{
    (void)state;
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.name = "product swing";
    c.query = "setup";
    assert_int_equal(ww_model_new(&c.m), WW_OK);
    const char *names[] = {"a", "b", "c"};
    for (int t = 0; t < 3; t++) {
        assert_int_equal(ww_model_add_term(c.m, names[t], NULL, NULL), WW_OK);
        int levels = t < 2 ? 7 : 2;
        for (int l = 0; l < levels; l++) {
            char label[16];
            snprintf(label, sizeof label, "l%d", l);
            double u = t == 2 ? 12.0 * l : 0;
            assert_int_equal(ww_model_add_level(c.m, t, label, u, u, NULL),
                             WW_OK);
            if (t < 2)
                assert_int_equal(ww_model_set_level_value(c.m, t, l, l - 3),
                                 WW_OK);
        }
    }
    assert_int_equal(ww_model_add_product(c.m, 0, 1, 1, 1, NULL), WW_OK);
    assert_int_equal(ww_solver_new(c.m, &c.s), WW_OK);
    int ref[3] = {0, 6, 0}; /* a = -3, b = 3: the product -9 on each side */
    totals tot = {0};
    static const ww_path all[] = {WW_PATH_ENUM, WW_PATH_AUTO, WW_PATH_MIP};
    int bad = check_ref(&c, ref, 1, 1, 0, 0, all, 3, &tot);
    ww_result *r = NULL;
    assert_int_equal(ww_trades(c.s, NULL, ref, 1, 1, 0, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 1);
    assert_true(fabs(ww_result_joint(r, 0) - 18) <= 1e-9);
    assert_int_equal(ww_result_package(r, 0)[0], 6);
    ww_result_free(r);
    wwq_close(&c);
    assert_int_equal(bad, 0);
}

/* No trade, on two models of test_trades_nearby's family (seeds 7164 and
 * 7194: 35 and 18 terms, interactions, forbids, a linear constraint,
 * both reservations) from run_seed's references, where admissible
 * packages exist but the model's diagnosis is MIPs GLPK does not finish
 * in minutes.  A climb toward the floors finds one at once (from the
 * reference, or for 7194's random reference, from the terms' best levels
 * for the seller): cause QUERY, with no MIP run. */
static void test_trades_no_trade_climb(void **state)
{
    (void)state;
    static const unsigned long seeds[] = {7164, 7194};
    int settled = 0;
    for (int i = 0; i < 2; i++) {
        unsigned long seed = seeds[i];
        ww_random_params p;
        wwq_params(seed, &p);
        ww_random_params_size(&p, 10, seed % 4 == 0 ? 40 : 24, 2,
                              seed % 3 == 0 ? 10 : 6);
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        ww_solver *s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        int n = ww_model_term_count(m);
        int *rnd = malloc(sizeof *rnd * (size_t)n); /* as run_seed's */
        unsigned long long x = seed * 0x9E3779B97F4A7C15ULL + 1;
        for (int t = 0; t < n; t++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            rnd[t] = (int)((x >> 33) %
                           (unsigned long long)ww_model_level_count(m, t));
        }
        const int *refs[3] = {ww_model_counter(m), ww_model_opening(m), rnd};
        ww_options o;
        ww_options_init(&o);
        o.time_limit = 10;
        o.ignore_limits = seed % 5 == 2;
        for (int r = 0; r < 3; r++) {
            if (!refs[r])
                continue;
            int k = 1 + (int)((seed + (unsigned long)r) % 2);
            ww_result *res = NULL;
            assert_int_equal(ww_trades(s, &o, refs[r], k, 3, 0, &res), WW_OK);
            if (ww_result_outcome(res) == WW_OUTCOME_INFEASIBLE) {
                ww_diagnosis dg;
                assert_int_equal(ww_result_diagnosis(res, &dg), WW_OK);
                assert_int_equal(dg.cause, WW_CAUSE_QUERY);
                ww_stats st;
                assert_int_equal(ww_result_stats(res, &st), WW_OK);
                assert_int_equal(st.solves, 0);
                assert_true(st.elapsed < 1);
                settled++;
            }
            ww_result_free(res);
        }
        free(rnd);
        ww_solver_free(s);
        ww_model_free(m);
    }
    print_message("no trade, the cause settled by the climb: %d queries\n",
                  settled);
    assert_true(settled >= 5);
}

/* The corpus: from level 0 of every term and from a pseudo-random
 * package, K = 2 (3 where that neighbourhood is small), on enum and auto,
 * and on the MIP loop where the space is small enough for it to be quick.
 * The oracle visits at most ORACLE_MAX packages a query (fewer under
 * valgrind). */
#define ORACLE_MAX (wwq_under_valgrind() ? 20000.0 : 400000.0)

typedef struct corpus {
    totals tot;
    int domains, checked, skipped;
} corpus;

/* Packages within k changes (the reference excluded), as the oracle
 * counts them. */
static double near_count(const ww_model *m, int k)
{
    double e[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    for (int t = 0; t < ww_model_term_count(m); t++)
        for (int h = k; h >= 1; h--)
            e[h] += e[h - 1] * (ww_model_level_count(m, t) - 1);
    double n = 0;
    for (int h = 1; h <= k; h++)
        n += e[h];
    return n;
}

static int genius_domain(const char *domain, const char *buyer,
                         const char *seller, void *data)
{
    corpus *cp = data;
    ww_model *m = NULL;
    ww_error err;
    cp->domains++;
    ww_status st = ww_genius_import(domain, buyer, seller, &m, &err);
    if (st == WW_UNSUPPORTED) {
        cp->skipped++;
        return 0;
    }
    if (st != WW_OK) {
        print_error("%s: import failed: %s\n", domain, err.text);
        return 1;
    }
    wwq_case c;
    wwq_named(&c, m, domain);
    if (ww_solver_new(m, &c.s) != WW_OK) {
        wwq_close(&c);
        return 1;
    }
    int n = ww_model_term_count(m), bad = 0;
    int *ref = calloc((size_t)n + 1, sizeof *ref);
    unsigned long long s = (unsigned long long)cp->domains * 2654435761ULL;
    static const ww_path all[] = {WW_PATH_ENUM, WW_PATH_AUTO, WW_PATH_MIP};
    int npaths = ww_model_package_count(m) <= 1e8 && !wwq_under_valgrind()
                     ? 3 : 2;
    for (int r = 0; r < 2 && !bad; r++) {
        if (r == 1)
            for (int t = 0; t < n; t++) {
                s = s * 6364136223846793005ULL + 1442695040888963407ULL;
                ref[t] = (int)((s >> 33) %
                               (unsigned long long)ww_model_level_count(m, t));
            }
        int k = near_count(m, 3) <= ORACLE_MAX ? 3 : 2;
        if (near_count(m, k) > ORACLE_MAX)
            continue;
        bad = check_ref(&c, ref, k, 5, r == 0 ? 0 : 0.05, 0, all, npaths,
                        &cp->tot);
    }
    cp->checked++;
    free(ref);
    wwq_close(&c);
    return bad;
}

static void test_trades_genius(void **state)
{
    (void)state;
    corpus cp;
    memset(&cp, 0, sizeof cp);
    int failed = wwq_genius_walk(WW_GENIUS_DIR, genius_domain, &cp);
    print_message("trades genius: %d domains, %d checked, %d unsupported, "
                  "%d queries (%d on the MIP loop, %d cut by the time "
                  "limit), %d trades, %d without a trade, %ld packages "
                  "evaluated by the oracle, %d failed\n",
                  cp.domains, cp.checked, cp.skipped, cp.tot.queries,
                  cp.tot.mip_compared, cp.tot.limited, cp.tot.trades,
                  cp.tot.empty, cp.tot.visited, failed);
    assert_int_equal(failed, 0);
    assert_true(cp.checked >= 130 && cp.tot.trades > 0);
}

/* Utilities too large for GLPK's tolerances (1.8e8 with steps of 0.5):
 * auto must not refuse trades whose neighbourhood (32.7 million packages
 * within 4 changes of 20 terms of 10 levels, over auto's own line) the
 * enum path can take, while the forced MIP does refuse.  Every term's
 * level l gives both sides 1e6 l, and the seller 0.5 t l more: the best
 * trade from level 0 everywhere moves the last four terms to level 9. */
static void test_trades_inexact(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    for (int t = 0; t < 20; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        for (int l = 0; l < 10; l++) {
            snprintf(name, sizeof name, "l%d", l);
            assert_int_equal(ww_model_add_level(m, t, name, 1e6 * l,
                                                1e6 * l + 0.5 * t * l, NULL),
                             WW_OK);
        }
    }
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_options o;
    ww_options_init(&o);
    int ref[20] = {0};
    ww_result *r = NULL;
    assert_int_equal(ww_trades(s, &o, ref, 4, 3, 0, &r), WW_OK);
    assert_int_equal(ww_test_path(r), WW_PATH_ENUM);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(r), 3);
    double want = 0;
    for (int t = 16; t < 20; t++)
        want += 2 * 9e6 + 0.5 * t * 9;
    assert_true(fabs(ww_result_joint(r, 0) - want) <= 1e-6);
    const int *p = ww_result_package(r, 0);
    for (int t = 0; t < 20; t++)
        assert_int_equal(p[t], t >= 16 ? 9 : 0);
    print_message("inexact MIP: trades on path enum, best J %.1f\n",
                  ww_result_joint(r, 0));
    ww_result_free(r);
    o.path = WW_PATH_MIP;
    r = NULL;
    assert_int_equal(ww_trades(s, &o, ref, 4, 3, 0, &r), WW_UNSUPPORTED);
    assert_null(r);
    ww_solver_free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trades_nearby),
        cmocka_unit_test(test_trades_rising),
        cmocka_unit_test(test_trades_genius),
        cmocka_unit_test(test_trades_inexact),
        cmocka_unit_test(test_trades_beyond_line),
        cmocka_unit_test(test_trades_product_swing),
        cmocka_unit_test(test_trades_no_trade_climb),
        cmocka_unit_test(test_trades_any_change),
    };
    return cmocka_run_group_tests_name("trades_nearby", tests, NULL, NULL);
}
