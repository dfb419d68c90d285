/* Issue 7: the three exact methods (WW_PATH_MIP, WW_PATH_ENUM, WW_PATH_DP)
 * agree exactly.
 *
 * Random models (seeded, with interactions, constraints, reservations and
 * budgets): best, frontier, nash and kalai on every path that serves the
 * model (a forced DP may decline a model whose coupled group is too large:
 * it must then say why), the answering path being the forced one; the
 * frontier point sets within 1e-6, best/nash/kalai J and U_s within 1e-6,
 * the same outcome.  evaluate on all three paths; trades and meso on MIP
 * vs ENUM, and a forced DP must refuse them.  Every returned package is
 * also checked against brute force (admissible, evaluating to the
 * reported point).  A few seeds make one coupled group too large for the
 * DP, which must then decline.
 *
 * The Genius corpus (WW_GENIUS_DIR): every supported domain of at most
 * MAX_PACKAGES packages, frontier, nash and kalai on ENUM, DP and MIP (the
 * MIP with a time limit per query, compared only when it finished), and
 * evaluate of two packages; at least 90% of the domains must be compared
 * on all three paths.
 * Failures print the seed (WW_TEST_SEED=...) or the domain. */
#include "qsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#ifndef WW_GENIUS_DIR
#error "WW_GENIUS_DIR must be defined by the build"
#endif

#define BASE_SEED 7000UL
#define MAX_PACKAGES (wwq_under_valgrind() ? 5000.0 : 400000.0)
#define MIP_TIME_LIMIT 20.0
#define MIP_MAX_LEVELS 500

#define NPATHS 3
static const ww_path all_paths[NPATHS] = {WW_PATH_MIP, WW_PATH_ENUM,
                                          WW_PATH_DP};

typedef enum qkind { Q_BEST, Q_FRONTIER, Q_NASH, Q_KALAI } qkind;
static const char *const qnames[] = {"best", "frontier", "nash", "kalai"};

typedef struct counts {
    int models, compared[4], dp_declined[4], dp_refused, points;
    int trades, offers, evaluations, dp_evaluations, dp_eval_declined;
    /* Genius */
    int domains, unsupported, too_large, eligible, all_three, mip_timeouts;
    int mip_skipped;
} counts;

static ww_status run_query(ww_solver *s, qkind k, const ww_options *o,
                           ww_result **out)
{
    switch (k) {
    case Q_BEST: return ww_best(s, o, out);
    case Q_FRONTIER: return ww_frontier(s, o, out);
    case Q_NASH: return ww_nash(s, o, out);
    default: return ww_kalai(s, o, out);
    }
}

/* A forced method must be the one that answered. */
static int check_stats(wwq_case *c, const ww_result *r, ww_path want)
{
    ww_stats stats;
    QCALL(c, ww_result_stats(r, &stats));
    QCHECK(c, stats.path == want, "forced path %s, answered by %s",
           ww_path_str(want), ww_path_str(stats.path));
    return 0;
}

/* r (path pb) answers the same as ref (path pa): outcome, number of
 * packages, and each package's U_b and U_s within 1e-6 (J too). */
static int same_answer(wwq_case *c, const ww_result *ref, ww_path pa,
                       const ww_result *r, ww_path pb)
{
    const char *a = ww_path_str(pa), *b = ww_path_str(pb);
    QCHECK(c, ww_result_outcome(ref) == ww_result_outcome(r),
           "outcome %s on %s, %s on %s", ww_outcome_str(ww_result_outcome(ref)),
           a, ww_outcome_str(ww_result_outcome(r)), b);
    int n = ww_result_count(ref);
    if (n != ww_result_count(r)) {
        print_error("%s %s: %d packages on %s, %d on %s:\n", wwq_id(c),
                    c->query, n, a, ww_result_count(r), b);
        for (int i = 0; i < n || i < ww_result_count(r); i++)
            print_error("  %3d  %s (%.9g, %.9g)   %s (%.9g, %.9g)\n", i, a,
                        i < n ? ww_result_buyer(ref, i) : NAN,
                        i < n ? ww_result_seller(ref, i) : NAN, b,
                        i < ww_result_count(r) ? ww_result_buyer(r, i) : NAN,
                        i < ww_result_count(r) ? ww_result_seller(r, i) : NAN);
        return 1;
    }
    for (int i = 0; i < n; i++)
        QCHECK(c, QCLOSE(ww_result_buyer(ref, i), ww_result_buyer(r, i)) &&
                      QCLOSE(ww_result_seller(ref, i), ww_result_seller(r, i)) &&
                      QCLOSE(ww_result_joint(ref, i), ww_result_joint(r, i)),
               "package %d: %s (U_b %.9g, U_s %.9g, J %.9g), %s (%.9g, %.9g, "
               "%.9g)", i, a, ww_result_buyer(ref, i), ww_result_seller(ref, i),
               ww_result_joint(ref, i), b, ww_result_buyer(r, i),
               ww_result_seller(r, i), ww_result_joint(r, i));
    return 0;
}

/* Nash / kalai anchors d and I must agree too. */
static int same_anchors(wwq_case *c, const ww_result *ref, ww_path pa,
                        const ww_result *r, ww_path pb)
{
    double d0[2] = {NAN, NAN}, i0[2] = {NAN, NAN};
    double d1[2] = {NAN, NAN}, i1[2] = {NAN, NAN};
    int h0 = ww_result_anchors(ref, d0, i0), h1 = ww_result_anchors(r, d1, i1);
    if (!h0 || !h1)
        return 0;   /* infeasible: nothing computed, the outcome decides */
    QCHECK(c, QCLOSE(d0[0], d1[0]) && QCLOSE(d0[1], d1[1]),
           "d = (%.9g, %.9g) on %s, (%.9g, %.9g) on %s", d0[0], d0[1],
           ww_path_str(pa), d1[0], d1[1], ww_path_str(pb));
    return 0;
}

/* One query on every path (the MIP only when with_mip).  res[p] gets each
 * path's result (NULL when a forced DP declined or the MIP was not run); the
 * caller frees them.  The MIP's answer is compared only when it finished
 * (*mip_finished: it ran and did not stop at its time limit). */
static int query_all(wwq_case *c, qkind k, const ww_options *base,
                     int with_mip, ww_result *res[NPATHS], int *mip_finished,
                     counts *n)
{
    c->query = qnames[k];
    *mip_finished = 0;
    for (int p = 0; p < NPATHS; p++) {
        ww_options o = *base;
        if (all_paths[p] == WW_PATH_MIP && !with_mip)
            continue;
        o.path = all_paths[p];
        if (all_paths[p] != WW_PATH_MIP)
            o.time_limit = 0;
        res[p] = NULL;
        ww_status st = run_query(c->s, k, &o, &res[p]);
        if (st == WW_UNSUPPORTED && all_paths[p] == WW_PATH_DP) {
            const char *why = ww_errmsg(c->m);
            QCHECK(c, why && *why, "path dp declined without a message");
            QCHECK(c, res[p] == NULL, "a result with WW_UNSUPPORTED");
            n->dp_declined[k]++;
            continue;
        }
        QCHECK(c, st == WW_OK, "path %s: %s: %s", ww_path_str(all_paths[p]),
               ww_status_str(st), ww_errmsg(c->m));
        if (check_stats(c, res[p], all_paths[p]))
            return 1;
    }
    *mip_finished = res[0] && ww_result_outcome(res[0]) != WW_OUTCOME_TIME_LIMIT;
    /* ENUM is the reference: it never stops early without a time limit */
    ww_result *ref = res[1];
    QCHECK(c, ww_result_outcome(ref) != WW_OUTCOME_TIME_LIMIT,
           "enum stopped early");
    for (int p = 0; p < NPATHS; p++) {
        if (p == 1 || !res[p] || (all_paths[p] == WW_PATH_MIP && !*mip_finished))
            continue;
        if (same_answer(c, ref, WW_PATH_ENUM, res[p], all_paths[p]))
            return 1;
        if ((k == Q_NASH || k == Q_KALAI) &&
            same_anchors(c, ref, WW_PATH_ENUM, res[p], all_paths[p]))
            return 1;
    }
    if (k == Q_FRONTIER)
        n->points += ww_result_count(ref);
    /* against brute force: every returned package admissible and at its
     * reported point */
    if (c->b)
        for (int p = 0; p < NPATHS; p++)
            for (int i = 0; res[p] && i < ww_result_count(res[p]); i++)
                if (wwq_check_package(c, res[p], i, base))
                    return 1;
    return 0;
}

static void free_all(ww_result *res[NPATHS])
{
    for (int p = 0; p < NPATHS; p++) {
        ww_result_free(res[p]);
        res[p] = NULL;
    }
}

/* best, frontier, nash, kalai on every path under o. */
static int bargain_paths(wwq_case *c, const ww_options *o, counts *n,
                         int *mip_all)
{
    *mip_all = 1;
    for (int k = Q_BEST; k <= Q_KALAI; k++) {
        ww_result *res[NPATHS] = {NULL, NULL, NULL};
        int fin = 1;
        int bad = query_all(c, (qkind)k, o, 1, res, &fin, n);
        int all = res[0] && res[1] && res[2] && fin;
        free_all(res);
        if (bad)
            return 1;
        *mip_all &= fin;
        n->compared[k] += all;
    }
    return 0;
}

/* A forced DP refuses trades and meso with a message. */
static int dp_refuses(wwq_case *c, ww_status st, ww_result *r, counts *n)
{
    ww_result_free(r);
    QCHECK(c, st == WW_UNSUPPORTED, "path dp: %s instead of unsupported",
           ww_status_str(st));
    QCHECK(c, *ww_errmsg(c->m), "path dp refused without a message");
    n->dp_refused++;
    return 0;
}

/* trades from ref on MIP and ENUM: the same J / U_s sequence. */
static int trades_paths(wwq_case *c, const ww_options *base, const int *ref,
                        int k, int top, double concede, counts *n)
{
    ww_result *r[2] = {NULL, NULL};
    ww_options o = *base;
    int bad = 0;
    c->query = "trades";
    for (int p = 0; p < 2 && !bad; p++) {
        o.path = all_paths[p];
        ww_status st = ww_trades(c->s, &o, ref, k, top, concede, &r[p]);
        if (st != WW_OK) {
            print_error("%s trades: path %s: %s: %s\n", wwq_id(c),
                        ww_path_str(o.path), ww_status_str(st), ww_errmsg(c->m));
            bad = 1;
        } else {
            bad = check_stats(c, r[p], o.path);
        }
    }
    if (!bad)
        bad = same_answer(c, r[0], WW_PATH_MIP, r[1], WW_PATH_ENUM);
    for (int p = 0; p < 2 && !bad; p++)
        for (int i = 0; i < ww_result_count(r[p]) && !bad; i++) {
            bad = wwq_check_package(c, r[p], i, &o);
            if (!bad && !ww_brute_is_trade(c->b, base, ref, k, concede,
                                           ww_result_package(r[p], i))) {
                print_error("%s trades: %s: %s is no trade\n", wwq_id(c),
                            ww_path_str(all_paths[p]),
                            wwq_pkg_str(c, ww_result_package(r[p], i)));
                bad = 1;
            }
        }
    if (!bad)
        n->trades += ww_result_count(r[0]);
    ww_result_free(r[0]);
    ww_result_free(r[1]);
    if (bad)
        return 1;
    ww_result *d = NULL;
    o.path = WW_PATH_DP;
    ww_status st = ww_trades(c->s, &o, ref, k, top, concede, &d);
    return dp_refuses(c, st, d, n);
}

/* meso on MIP and ENUM: the same number of offers; while the two offer
 * sequences hold the same packages, the next offers have the same key
 * (distance to the earlier offers, U_b, U_s) — after an exact tie the
 * sequences may legitimately part. */
static int meso_paths(wwq_case *c, const ww_options *base, int count,
                      double target, double band, counts *n)
{
    ww_result *r[2] = {NULL, NULL};
    ww_options o = *base;
    int bad = 0, nt = ww_model_term_count(c->m);
    c->query = "meso";
    for (int p = 0; p < 2 && !bad; p++) {
        o.path = all_paths[p];
        ww_status st = ww_meso(c->s, &o, count, target, band, &r[p]);
        if (st != WW_OK) {
            print_error("%s meso: path %s: %s: %s\n", wwq_id(c),
                        ww_path_str(o.path), ww_status_str(st), ww_errmsg(c->m));
            bad = 1;
        } else {
            bad = check_stats(c, r[p], o.path);
        }
    }
    if (!bad) {
        int m0 = ww_result_count(r[0]), m1 = ww_result_count(r[1]);
        if (ww_result_outcome(r[0]) != ww_result_outcome(r[1]) || m0 != m1) {
            print_error("%s meso count %d target %g band %g: mip %s %d "
                        "offers, enum %s %d\n", wwq_id(c), count, target, band,
                        ww_outcome_str(ww_result_outcome(r[0])), m0,
                        ww_outcome_str(ww_result_outcome(r[1])), m1);
            bad = 1;
        }
        for (int i = 0; i < m0 && !bad; i++) {
            const int *a = ww_result_package(r[0], i);
            const int *b = ww_result_package(r[1], i);
            int da = nt + 1, db = nt + 1;
            for (int j = 0; j < i; j++) {
                int ha = ww_brute_hamming(c->b, a, ww_result_package(r[0], j));
                int hb = ww_brute_hamming(c->b, b, ww_result_package(r[1], j));
                da = ha < da ? ha : da;
                db = hb < db ? hb : db;
            }
            if (da != db ||
                !QCLOSE(ww_result_buyer(r[0], i), ww_result_buyer(r[1], i)) ||
                !QCLOSE(ww_result_seller(r[0], i), ww_result_seller(r[1], i))) {
                print_error("%s meso count %d target %g band %g: offer %d: "
                            "mip (distance %d, %.9g, %.9g), enum (%d, %.9g, "
                            "%.9g)\n", wwq_id(c), count, target, band, i, da,
                            ww_result_buyer(r[0], i), ww_result_seller(r[0], i),
                            db, ww_result_buyer(r[1], i),
                            ww_result_seller(r[1], i));
                bad = 1;
            }
            if (!bad)
                bad = wwq_check_package(c, r[0], i, &o) ||
                      wwq_check_package(c, r[1], i, &o);
            if (memcmp(a, b, sizeof(int) * (size_t)nt) != 0)
                break;   /* a tie: from here on the offers may differ */
        }
    }
    if (!bad)
        n->offers += ww_result_count(r[0]);
    ww_result_free(r[0]);
    ww_result_free(r[1]);
    if (bad)
        return 1;
    ww_result *d = NULL;
    o.path = WW_PATH_DP;
    ww_status st = ww_meso(c->s, &o, count, target, band, &d);
    return dp_refuses(c, st, d, n);
}

/* ev, r (path pb) evaluate pkg as ref, rref (path pa) do: the same
 * evaluation and the same improving point (J within 1e-6), a Pareto
 * improvement by brute force. */
static int same_evaluation(wwq_case *c, const ww_options *base, const int *pkg,
                           const ww_evaluation *a, const ww_result *ra,
                           ww_path pa, const ww_evaluation *b,
                           const ww_result *rb, ww_path pb)
{
    const char *na = ww_path_str(pa), *nb = ww_path_str(pb);
    if (!QCLOSE(a->buyer, b->buyer) || !QCLOSE(a->seller, b->seller) ||
        a->feasible != b->feasible || a->admissible != b->admissible ||
        a->has_value_left != b->has_value_left ||
        (a->has_value_left && !QCLOSE(a->value_left, b->value_left)) ||
        a->has_improvement != b->has_improvement) {
        print_error("%s evaluate %s: %s (%.9g, %.9g, feasible %d, "
                    "admissible %d, value left %d %.9g, improvement %d), "
                    "%s (%.9g, %.9g, %d, %d, %d %.9g, %d)\n", wwq_id(c),
                    wwq_pkg_str(c, pkg), na, a->buyer, a->seller, a->feasible,
                    a->admissible, a->has_value_left, a->value_left,
                    a->has_improvement, nb, b->buyer, b->seller, b->feasible,
                    b->admissible, b->has_value_left, b->value_left,
                    b->has_improvement);
        return 1;
    }
    int m0 = ww_result_count(ra), m1 = ww_result_count(rb);
    if (m0 != m1 ||
        (m0 > 0 && !QCLOSE(ww_result_joint(ra, 0), ww_result_joint(rb, 0)))) {
        print_error("%s evaluate %s: improving package: %s %d (J %.9g), "
                    "%s %d (J %.9g)\n", wwq_id(c), wwq_pkg_str(c, pkg), na, m0,
                    m0 ? ww_result_joint(ra, 0) : NAN, nb, m1,
                    m1 ? ww_result_joint(rb, 0) : NAN);
        return 1;
    }
    if (m1 > 0 && wwq_check_package(c, rb, 0, base))
        return 1;
    if (m1 > 0 &&
        !ww_brute_improves(c->b, base, ww_result_package(rb, 0), pkg)) {
        print_error("%s evaluate %s: %s: no Pareto improvement\n", wwq_id(c),
                    wwq_pkg_str(c, pkg), nb);
        return 1;
    }
    return 0;
}

/* evaluate (with search) on every path (the MIP only when with_mip), each
 * against ENUM (a forced DP may decline a model it does not serve, and
 * must say why). */
static int evaluate_paths(wwq_case *c, const ww_options *base, const int *pkg,
                          int with_mip, counts *n)
{
    ww_result *r[NPATHS] = {NULL, NULL, NULL};
    ww_evaluation ev[NPATHS];
    ww_options o = *base;
    int bad = 0;
    c->query = "evaluate";
    for (int p = with_mip ? 0 : 1; p < NPATHS && !bad; p++) {
        o.path = all_paths[p];
        memset(&ev[p], 0, sizeof ev[p]);
        ww_status st = ww_evaluate(c->s, &o, pkg, &ev[p], &r[p]);
        if (st == WW_UNSUPPORTED && all_paths[p] == WW_PATH_DP) {
            QCHECK(c, *ww_errmsg(c->m), "path dp declined without a message");
            n->dp_eval_declined++;
            r[p] = NULL;
        } else if (st != WW_OK) {
            print_error("%s evaluate: path %s: %s: %s\n", wwq_id(c),
                        ww_path_str(o.path), ww_status_str(st), ww_errmsg(c->m));
            bad = 1;
        } else {
            bad = check_stats(c, r[p], o.path);
        }
        if (!bad && p == 1 && with_mip) /* both packages checked */
            bad = same_evaluation(c, base, pkg, &ev[1], r[1], WW_PATH_ENUM,
                                  &ev[0], r[0], WW_PATH_MIP) ||
                  same_evaluation(c, base, pkg, &ev[0], r[0], WW_PATH_MIP,
                                  &ev[1], r[1], WW_PATH_ENUM);
        if (!bad && p == 2 && r[2])
            bad = same_evaluation(c, base, pkg, &ev[1], r[1], WW_PATH_ENUM,
                                  &ev[2], r[2], WW_PATH_DP);
    }
    if (!bad) {
        n->evaluations += with_mip;
        n->dp_evaluations += r[2] != NULL;
    }
    free_all(r);
    return bad;
}

/* Every COUPLED_EVERY-th seed: 15 two-level terms under about 90
 * interactions of up to 6 terms, coupled too densely for the DP (more
 * conditions open at once than its state cap), so that a forced DP
 * declines (and must say why) while MIP and ENUM still answer. */
#define COUPLED_EVERY 50
static void coupled_params(unsigned long seed, ww_random_params *p)
{
    wwq_params(seed, p);
    p->min_terms = p->max_terms = 15;
    p->min_levels = p->max_levels = 2;
    p->interaction_density = 6;
    p->max_interaction_terms = 6;
}

static int run_seed(unsigned long seed, counts *n)
{
    wwq_case c;
    ww_random_params cp;
    coupled_params(seed, &cp);
    int bad = wwq_open(&c, seed, seed % COUPLED_EVERY == 17 ? &cp : NULL);
    int mip_all;
    if (!bad)
        bad = bargain_paths(&c, &c.o, n, &mip_all);
    if (!bad && seed % 4 == 0 && !c.o.ignore_limits) {
        ww_options nl;
        wwq_default_options(&nl, 1);
        bad = bargain_paths(&c, &nl, n, &mip_all);
    }
    if (!bad && seed % 5 == 1) { /* max_points bounds the frontier only */
        ww_options mp = c.o;
        mp.max_points = 1 + (int)(seed % 3);
        for (int k = Q_BEST; k <= Q_KALAI && !bad; k++) {
            ww_result *res[NPATHS] = {NULL, NULL, NULL};
            int fin;
            if (k != Q_FRONTIER)
                bad = query_all(&c, (qkind)k, &mp, 1, res, &fin, n);
            free_all(res);
        }
    }
    unsigned long long st = seed * 104729ULL;
    int rnd[64];
    if (!bad)
        wwq_random_package(&c, &st, rnd);
    const int *refs[3] = {ww_model_counter(c.m), ww_model_opening(c.m), rnd};
    static const int ks[] = {1, 2, 3}, tops[] = {1, 4, 10};
    static const double concede[] = {0, 1.5, 6};
    for (int i = 0; i < 3 && !bad; i++)
        if (refs[i])
            bad = trades_paths(&c, &c.o, refs[i], ks[(seed + (unsigned)i) % 3],
                               tops[(seed / 3 + (unsigned)i) % 3],
                               concede[(seed / 9 + (unsigned)i) % 3], n);
    for (int i = 0; i < 3 && !bad; i++)
        if (refs[i])
            bad = evaluate_paths(&c, &c.o, refs[i], 1, n);
    if (!bad)
        bad = meso_paths(&c, &c.o, 1 + (int)(seed % 5), NAN, NAN, n);
    if (!bad)
        bad = meso_paths(&c, &c.o, 3, 2.0 * (double)(seed % 7),
                         seed % 2 ? 2.5 : 1, n);
    n->models++;
    wwq_close(&c);
    return bad;
}

static void test_random_paths(void **state)
{
    (void)state;
    unsigned long first;
    int count, failures = 0;
    counts n;
    memset(&n, 0, sizeof n);
    double t0 = ww_test_now();
    wwq_seeds(BASE_SEED, wwq_model_count(300), &first, &count);
    for (int i = 0; i < count; i++)
        failures += run_seed(first + (unsigned long)i, &n);
    print_message("paths, random: %d models in %.1f s; compared on all three "
                  "paths: best %d, frontier %d (%d points on enum), nash %d, "
                  "kalai %d; dp declined best %d, frontier %d, nash %d, kalai "
                  "%d; mip vs enum: %d trades, %d offers, %d evaluations; dp "
                  "vs enum: %d evaluations (dp declined %d); dp refused %d "
                  "trades/meso; %d failed\n", n.models,
                  ww_test_now() - t0, n.compared[Q_BEST], n.compared[Q_FRONTIER],
                  n.points, n.compared[Q_NASH], n.compared[Q_KALAI],
                  n.dp_declined[Q_BEST], n.dp_declined[Q_FRONTIER],
                  n.dp_declined[Q_NASH], n.dp_declined[Q_KALAI], n.trades,
                  n.offers, n.evaluations, n.dp_evaluations,
                  n.dp_eval_declined, n.dp_refused, failures);
    assert_int_equal(failures, 0);
    if (count >= 100)   /* the comparison must not be vacuous */
        assert_true(n.compared[Q_FRONTIER] >= count / 2 && n.trades > 0 &&
                    n.offers > 0 && n.dp_declined[Q_FRONTIER] > 0 &&
                    n.dp_evaluations >= n.evaluations / 2 &&
                    n.dp_eval_declined > 0);
}

/* One Genius domain: frontier, nash and kalai on every path. */
static int genius_domain(const char *domain, const char *buyer,
                         const char *seller, void *data)
{
    counts *n = data;
    ww_model *m = NULL;
    ww_error err;
    ww_status st = ww_genius_import(domain, buyer, seller, &m, &err);
    n->domains++;
    if (st == WW_UNSUPPORTED) {
        n->unsupported++;
        return 0;
    }
    if (st != WW_OK) {
        print_error("%s: import failed: %s: %s\n", domain, ww_status_str(st),
                    err.text);
        return 1;
    }
    double packages = ww_model_package_count(m);
    if (packages > MAX_PACKAGES) {
        n->too_large++;
        ww_model_free(m);
        return 0;
    }
    n->eligible++;
    double t0 = ww_test_now();
    wwq_case c;
    wwq_named(&c, m, domain);
    ww_status sst = ww_solver_new(m, &c.s);
    int bad = 0, all = 1;
    if (sst != WW_OK) {
        print_error("%s: ww_solver_new: %s: %s\n", domain, ww_status_str(sst),
                    ww_errmsg(m));
        bad = 1;
    }
    ww_options o;
    ww_options_init(&o);
    o.time_limit = MIP_TIME_LIMIT;
    int mip_timeouts = 0, width = 0;
    for (int t = 0; t < ww_model_term_count(m); t++)
        if (ww_model_level_count(m, t) > width)
            width = ww_model_level_count(m, t);
    /* GLPK branches slowly on one wide one-hot term (other/pie: one term of
     * 1001 levels takes over 20 s per query): ENUM vs DP only there */
    int with_mip = width <= MIP_MAX_LEVELS;
    n->mip_skipped += !with_mip;
    for (int k = Q_FRONTIER; k <= Q_KALAI && !bad; k++) {
        ww_result *res[NPATHS] = {NULL, NULL, NULL};
        int fin = 1;
        bad = query_all(&c, (qkind)k, &o, with_mip, res, &fin, n);
        all &= !bad && res[0] && res[1] && res[2] && fin;
        mip_timeouts += with_mip && !fin;
        free_all(res);
    }
    /* evaluate of the first and the last levels, against brute force */
    if (!bad && (bad = ww_brute_new(m, (long)MAX_PACKAGES, &c.b) != WW_OK))
        print_error("%s: ww_brute_new failed\n", domain);
    int nt = ww_model_term_count(m), pkg[2][64];
    for (int e = 0; e < 2 && !bad && nt <= 64; e++) {
        for (int t = 0; t < nt; t++)
            pkg[e][t] = e ? ww_model_level_count(m, t) - 1 : 0;
        bad = evaluate_paths(&c, &o, pkg[e], with_mip, n);
        all &= !bad && with_mip;
    }
    n->all_three += all && !bad;
    n->mip_timeouts += mip_timeouts;
    double dt = ww_test_now() - t0;
    if (!all || dt > 2)
        print_message("%s: %.0f packages, widest term %d levels, %s on all "
                      "three paths, %.2f s%s\n", domain, packages, width,
                      all ? "compared" : "NOT compared", dt,
                      !with_mip ? " (mip not run: term too wide)"
                      : mip_timeouts ? " (mip time limit)" : "");
    wwq_close(&c);
    return bad;
}

static void test_genius_paths(void **state)
{
    (void)state;
    counts n;
    memset(&n, 0, sizeof n);
    double t0 = ww_test_now();
    int failed = wwq_genius_walk(WW_GENIUS_DIR, genius_domain, &n);
    print_message("paths, genius: %d domains in %.1f s, %d unsupported, %d "
                  "over %.0f packages, %d eligible, %d compared on all three "
                  "paths (%d frontier points on enum; %d evaluations, %d on "
                  "the dp); dp declined frontier %d, nash %d, kalai %d, "
                  "evaluate %d; mip not run on %d (a term over %d levels); "
                  "%d mip time limits; %d failed\n",
                  n.domains, ww_test_now() - t0, n.unsupported, n.too_large,
                  MAX_PACKAGES, n.eligible, n.all_three, n.points,
                  n.evaluations, n.dp_evaluations, n.dp_declined[Q_FRONTIER],
                  n.dp_declined[Q_NASH], n.dp_declined[Q_KALAI],
                  n.dp_eval_declined, n.mip_skipped, MIP_MAX_LEVELS,
                  n.mip_timeouts, failed);
    assert_int_equal(failed, 0);
    assert_true(n.eligible > 0);
    assert_true(10 * n.all_three >= 9 * n.eligible);
    assert_true(n.dp_evaluations == 2 * n.eligible);
}

/* The planner's line between the scan and the DP on tiny spaces (auto):
 * on an additive model the frontier scans up to 8 packages and nash and
 * kalai up to 12; with an interaction or a constraint all three scan up
 * to 16.  Each
 * answer against brute force. */
static void tiny_levels(int t, int l, double *b, double *s, void *data)
{
    (void)data;
    *b = l + 0.25 * t;
    *s = 3.5 - 0.75 * l + 0.5 * t;
}

static void tiny_case(int terms, int levels, int coupled, qkind k,
                      ww_path want)
{
    char name[64];
    snprintf(name, sizeof name, "%s on %d x %d%s", qnames[k], terms, levels,
             coupled == 1 ? " with an interaction"
             : coupled == 2 ? " with a forbid" : "");
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.m = ww_test_grid_model(terms, levels, tiny_levels, NULL);
    assert_non_null(c.m);
    const int l0[1] = {0}, l1[1] = {1};
    const ww_condition when[2] = {{0, l0, 1}, {1, l1, 1}};
    if (coupled == 1)
        assert_int_equal(ww_model_add_interaction(c.m, when, 2, 1.5, -0.5,
                                                  NULL), WW_OK);
    if (coupled == 2)
        assert_int_equal(ww_model_add_forbid(c.m, when, 2, NULL), WW_OK);
    assert_int_equal(wwq_attach(&c), 0);
    ww_options o;
    ww_options_init(&o); /* auto */
    int np = 0;
    assert_int_equal(k == Q_FRONTIER ? wwq_check_frontier(&c, &o, &np)
                                     : wwq_check_bargain(&c, &o, k == Q_KALAI),
                     0);
    if (ww_test_path(c.r) != (int)want)
        fail_msg("%s: path %s, want %s", name,
                 ww_path_str((ww_path)ww_test_path(c.r)), ww_path_str(want));
    wwq_close(&c);
}

static void test_tiny_planner(void **state)
{
    (void)state;
    tiny_case(2, 2, 0, Q_FRONTIER, WW_PATH_ENUM);  /* 4 packages  */
    tiny_case(3, 2, 0, Q_FRONTIER, WW_PATH_ENUM);  /* 8           */
    tiny_case(2, 3, 0, Q_FRONTIER, WW_PATH_DP);    /* 9           */
    for (qkind k = Q_NASH; k <= Q_KALAI; k++) {
        tiny_case(2, 3, 0, k, WW_PATH_ENUM);       /* 9           */
        tiny_case(1, 12, 0, k, WW_PATH_ENUM);      /* 12          */
        tiny_case(1, 13, 0, k, WW_PATH_DP);        /* 13          */
    }
    for (qkind k = Q_FRONTIER; k <= Q_KALAI; k++) {
        for (int coupled = 1; coupled <= 2; coupled++) {
            tiny_case(2, 4, coupled, k, WW_PATH_ENUM); /* 16 packages */
            tiny_case(2, 5, coupled, k, WW_PATH_DP);   /* 25          */
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_paths),
        cmocka_unit_test(test_genius_paths),
        cmocka_unit_test(test_tiny_planner),
    };
    int rc = cmocka_run_group_tests_name("paths", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
