/* nash and kalai by meet in the middle (lib/mitm.c), forced through its
 * internal entry point, against brute force: on seeded random models with
 * interactions that span the two halves (the signatures), forbids,
 * products and linear constraints inside units, reservations, budgets, grid
 * and real-valued utilities; on zero-sum models, where every package is a
 * frontier point; and on the Genius corpus.  Then on auto: a zero-sum
 * model too dense for the DP's fold is answered by meeting in the middle,
 * where it used to walk the space.  Failures print the seed. */
#include "qsupport.h"
#include "mitm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_SEED 91000UL
#define MAX_PACKAGES (wwq_under_valgrind() ? 5000.0 : 400000.0)

typedef struct counts {
    int models, answered, declined, domains, eligible;
    int evaluations, improvable;
    int meso, offers, meso_declined; /* ww__meso_mitm's */
    int meso_default_declined;       /* of them with the default target,
                                        on a model nash splits */
} counts;

/* Both keys under o by meeting in the middle, its ties kept and (as past
 * the candidates' room) settled by the two steps; *answered counts the
 * answers (a model whose units do not split, or whose halves make too many
 * pairs, is declined). */
static int check_mitm(wwq_case *c, const ww_options *o, counts *n)
{
    ww_options dp = *o;
    dp.path = WW_PATH_DP;
    for (int k = 0; k < 4; k++) {
        wwq_bargain_fn fn = k < 2 ? ww__bargain_mitm : ww__bargain_mitm_steps;
        ww_result *r = NULL;
        ww_status rc = fn(c->s, &dp, k % 2, &r);
        ww_result_free(r);
        if (rc == WW_UNSUPPORTED || rc == WW_TOO_LARGE) {
            n->declined++;
            return 0;
        }
        if (wwq_check_bargain_by(c, &dp, k % 2, fn))
            return 1;
        ww_stats st;
        if (ww_result_stats(c->r, &st) != WW_OK || st.path != WW_PATH_DP) {
            print_error("%s %s: not on the dp path\n", wwq_id(c), c->query);
            return 1;
        }
        n->answered++;
    }
    return 0;
}

/* 1 when an evaluation's result holds an improving package. */
static int ev_has(const ww_result *r)
{
    return r && ww_result_count(r) > 0;
}

/* evaluate under o by meeting in the middle at each of the packages given
 * (NULL ones skipped), against brute force; declined models count once. */
static int check_mitm_evaluate(wwq_case *c, const ww_options *o,
                               const int *const *pkgs, int n, counts *k)
{
    ww_options dp = *o;
    dp.path = WW_PATH_DP;
    for (int i = 0; i < n; i++) {
        if (!pkgs[i])
            continue;
        ww_evaluation ev;
        ww_result *r = NULL;
        ww_status rc = ww__evaluate_mitm(c->s, &dp, pkgs[i], &ev, &r);
        ww_result_free(r);
        if (rc == WW_UNSUPPORTED || rc == WW_TOO_LARGE) {
            k->declined++;
            return 0;
        }
        if (wwq_check_evaluate_by(c, &dp, pkgs[i], &k->improvable,
                                  ww__evaluate_mitm))
            return 1;
        /* the improving package's tie rule (U_s among J within TOL of the
         * best) as the walk of the enum path applies it */
        ww_options en = *o;
        en.path = WW_PATH_ENUM;
        ww_evaluation we;
        ww_result *w = NULL;
        if (ww_evaluate(c->s, &en, pkgs[i], &we, &w) != WW_OK ||
            we.has_improvement != ev_has(c->r) ||
            (we.has_improvement &&
             !(QCLOSE(ww_result_joint(w, 0), ww_result_joint(c->r, 0)) &&
               QCLOSE(ww_result_seller(w, 0), ww_result_seller(c->r, 0))))) {
            print_error("%s evaluate %s: the enum path's improvement (%.9g, "
                        "%.9g) differs\n", wwq_id(c),
                        wwq_pkg_str(c, pkgs[i]),
                        w && ww_result_count(w) ? ww_result_buyer(w, 0) : NAN,
                        w && ww_result_count(w) ? ww_result_seller(w, 0) : NAN);
            ww_result_free(w);
            return 1;
        }
        ww_result_free(w);
        k->evaluations++;
    }
    return 0;
}

/* meso under o with its first offer by meeting in the middle (the later
 * ones on the MIP loop), against brute force offer by offer.  A model
 * whose units do not split, or whose first offer the search leaves to
 * the MIP (its package above the band), is declined; n->meso counts the
 * answers with an offer. */
static int check_mitm_meso(wwq_case *c, const ww_options *o, int count,
                           double target, double band, int split, counts *n)
{
    ww_options mo = *o;
    mo.path = WW_PATH_MIP;
    ww_result *r = NULL;
    ww_status rc = ww__meso_mitm(c->s, &mo, count, target, band, &r);
    ww_result_free(r);
    if (rc == WW_UNSUPPORTED) {
        n->meso_declined++;
        n->meso_default_declined += isnan(target) && split;
        return 0;
    }
    if (wwq_check_meso_by(c, &mo, count, target, band, &n->offers,
                          ww__meso_mitm))
        return 1;
    n->meso += ww_result_count(c->r) > 0;
    return 0;
}

/* check_mitm_meso with the default target and band, best's U_s with a
 * band of its own, and (declined more often) a package's U_s; split: the
 * model's units split in two (nash met in the middle). */
static int check_mitm_mesos(wwq_case *c, const ww_options *o,
                            unsigned long seed, const int *pkg, int split,
                            counts *n)
{
    int bad = check_mitm_meso(c, o, 1 + (int)(seed % 3), NAN, NAN, split, n);
    long bi = ww_brute_best(c->b, o);
    if (!bad && bi >= 0)
        bad = check_mitm_meso(c, o, 2, ww_brute_seller(c->b, bi),
                              seed % 2 ? 0.5 : 2, split, n);
    long pi = pkg ? ww_brute_index(c->b, pkg) : -1;
    if (!bad && pi >= 0)
        bad = check_mitm_meso(c, o, 1, ww_brute_seller(c->b, pi), 0.25,
                              split, n);
    return bad;
}

/* The counter, the opening and a random package of c's model. */
static void some_packages(wwq_case *c, unsigned long seed, int rnd[64],
                          const int *pkgs[3])
{
    unsigned long long st = seed * 104729ULL;
    wwq_random_package(c, &st, rnd);
    pkgs[0] = ww_model_counter(c->m);
    pkgs[1] = ww_model_opening(c->m);
    pkgs[2] = rnd;
}

/* Half the seeds distributive with dense interactions (large, non-convex
 * frontiers, signatures of several bits), the others the suites' general
 * models (constraints, products, reservations, budgets). */
static void params(unsigned long seed, ww_random_params *p)
{
    wwq_params(seed, p);
    if (seed % 2 == 0)
        return;
    static const double corr[] = {-1, -0.8, -0.5};
    p->correlation = corr[seed % 3];
    p->min_terms = 3;
    p->max_terms = 7;
    p->min_levels = 2;
    p->max_levels = 7;
    p->grid = seed % 5 == 2 ? 0 : seed % 4 == 1 ? 0.05 : 0.25;
    p->interaction_density = seed % 3 == 0 ? 2.0 : 0.8;
    p->products = seed % 4 == 3;
}

static void test_random_mitm(void **state)
{
    (void)state;
    unsigned long first;
    int count, failures = 0;
    counts n;
    memset(&n, 0, sizeof n);
    wwq_seeds(BASE_SEED, wwq_model_count(400), &first, &count);
    for (int i = 0; i < count; i++) {
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        params(seed, &p);
        wwq_case c;
        int bad = wwq_open(&c, seed, &p), declined = n.declined;
        if (!bad)
            bad = check_mitm(&c, &c.o, &n);
        if (!bad) {
            int rnd[64];
            const int *pkgs[3];
            some_packages(&c, seed, rnd, pkgs);
            bad = check_mitm_evaluate(&c, &c.o, pkgs, 3, &n);
            if (!bad)
                bad = check_mitm_mesos(&c, &c.o, seed, rnd,
                                       n.declined == declined, &n);
        }
        if (!bad && seed % 3 == 0) { /* d from the lowest utilities */
            ww_options nl;
            wwq_default_options(&nl, 1);
            bad = check_mitm(&c, &nl, &n);
        }
        failures += bad;
        n.models++;
        wwq_close(&c);
    }
    print_message("mitm, random: %d models, %d nash/kalai answers, %d "
                  "evaluations (%d improvable), %d declined; meso: %d "
                  "answers (%d offers), %d declined; %d failed\n",
                  n.models, n.answered, n.evaluations, n.improvable,
                  n.declined, n.meso, n.offers, n.meso_declined, failures);
    assert_int_equal(failures, 0);
    if (count >= 100) /* not vacuous: most models split */
        assert_true(n.answered >= count && n.evaluations >= count &&
                    n.improvable >= count / 4 && n.meso >= count);
    /* the default target's band is settled wherever the model splits:
     * the search's package (the largest U_b above the band's floor) lies
     * in it, or a package above it with as much U_b would beat best on J
     * (short of ties within TOL, which these seeds do not meet) */
    assert_int_equal(n.meso_default_declined, 0);
}

/* Zero-sum models, every package a frontier point (the case meeting in
 * the middle is for), real-valued and on a grid. */
static void test_zero_sum_mitm(void **state)
{
    (void)state;
    counts n;
    memset(&n, 0, sizeof n);
    static const int dims[][2] = {{2, 9}, {3, 7}, {5, 6}, {6, 5}};
    for (int i = 0; i < 4; i++)
        for (int grid = 0; grid < 2; grid++) {
            wwq_case c;
            char name[64];
            wwq_open_zero_sum(&c, name, dims[i][0], dims[i][1], grid);
            assert_int_equal(check_mitm(&c, &c.o, &n), 0);
            int pk[3][8];
            for (int t = 0; t < dims[i][0]; t++) {
                pk[0][t] = 0;
                pk[1][t] = dims[i][1] - 1;
                pk[2][t] = (t * 3) % dims[i][1];
            }
            const int *pkgs[3] = {pk[0], pk[1], pk[2]};
            assert_int_equal(check_mitm_evaluate(&c, &c.o, pkgs, 3, &n), 0);
            wwq_close(&c);
        }
    assert_int_equal(n.declined, 0);
    assert_int_equal(n.answered, 32);
    assert_int_equal(n.evaluations, 24);
}

/* Nash, kalai and evaluate (from the first levels) on a one-term model of
 * the given levels (plus a second term of two equal levels, so that meeting
 * in the middle has two halves), on every path and by meeting in the
 * middle: against brute force, with the answer's U_s want_us. */
static void tie_model(const char *name, const double (*lv)[2], int n,
                      double want_us)
{
    wwq_case c;
    wwq_open_staircase(&c, name, lv, n);
    ww_options o;
    ww_options_init(&o);
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM, WW_PATH_DP,
                                    WW_PATH_MIP};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 4; i++) {
            o.path = paths[i];
            assert_int_equal(wwq_check_bargain(&c, &o, k), 0);
            assert_true(ww_result_seller(c.r, 0) == want_us);
        }
        o.path = WW_PATH_DP;
        for (int steps = 0; steps < 2; steps++) {
            wwq_bargain_fn fn = steps ? ww__bargain_mitm_steps
                                      : ww__bargain_mitm;
            assert_int_equal(wwq_check_bargain_by(&c, &o, k, fn), 0);
            assert_non_null(c.r);
            assert_true(ww_result_seller(c.r, 0) == want_us);
        }
    }
    /* evaluate from (0, 0): its best package better for both follows the
     * same rule with J for key (both packages improve on it) */
    static const int origin[2] = {0, 0};
    int improvable = 0;
    for (int i = 0; i < 5; i++) {
        o.path = i < 4 ? paths[i] : WW_PATH_DP;
        assert_int_equal(wwq_check_evaluate_by(&c, &o, origin, &improvable,
                                               i < 4 ? NULL
                                                     : ww__evaluate_mitm),
                         0);
        assert_true(ww_result_seller(c.r, 0) == want_us);
    }
    assert_int_equal(improvable, 5);
    wwq_close(&c);
}

/* evaluate's "better for both" beside the evaluated package p = (1, 2) on
 * one staircase: a = (1 - 5e-7, s_a), within TOL below p on U_b and
 * beyond it on U_s, and b = (4, 2 - 5e-7), the reverse; both improve on p.
 * With s_a = 6, a has the higher J (7 against 6), with s_a = 4 b (5
 * against 6): the region's two sides of p each hold the answer once.
 * Every path and meeting in the middle, against brute force. */
static void test_evaluate_beside(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        const double lv[3][2] = {{1 - 5e-7, v ? 4 : 6}, {1, 2}, {4, 2 - 5e-7}};
        wwq_case c;
        wwq_open_staircase(&c, v ? "evaluate beside, b" : "evaluate beside, a",
                        lv, 3);
        static const int p[2] = {1, 0};
        static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM,
                                        WW_PATH_DP, WW_PATH_MIP};
        int improvable = 0;
        for (int i = 0; i < 5; i++) {
            ww_options o;
            ww_options_init(&o);
            o.path = i < 4 ? paths[i] : WW_PATH_DP;
            assert_int_equal(wwq_check_evaluate_by(&c, &o, p, &improvable,
                                                   i < 4 ? NULL
                                                         : ww__evaluate_mitm),
                             0);
            assert_true(ww_result_buyer(c.r, 0) == lv[v ? 2 : 0][0]);
        }
        assert_int_equal(improvable, 5);
        wwq_close(&c);
    }
}

/* The tie rule: keys within TOL of the best, then J within TOL of the
 * best among them, then the higher U_s; d = (0, 0) (the lowest utilities).
 * 1. a = (1.25, 0.75 + 5e-7) and b = (0.75, 1.25): nash's keys 0.9375 +
 *    6.25e-7 and 0.9375, kalai's (ideal (1.25, 1.25)) 0.6 + 4e-7 and 0.6,
 *    within TOL; J 2 + 5e-7 and 2, within TOL: b's higher U_s wins, where
 *    a rule without either TOL stops at a.
 * 2. a = (2, 0.5) and b = (1, 1): keys 1 and 1 (kalai, ideal (2, 1): 0.5
 *    and 0.5); J 2.5 and 2: a wins on J, where U_s alone picks b. */
static void test_tie_rule(void **state)
{
    (void)state;
    static const double near[][2] = {{0, 0}, {1.25, 0.75 + 5e-7},
                                     {0.75, 1.25}};
    static const double far[][2] = {{0, 0}, {2, 0.5}, {1, 1}};
    tie_model("tie rule, J within TOL", near, 3, 1.25);
    tie_model("tie rule, J apart", far, 3, 0.5);
}

/* The zero-sum 6 x 8 model (every package a frontier point) with an
 * interaction on each pair of terms listed: on pair k, when each term lies
 * in a half of its levels (drawn from a fixed LCG), +0.01 (k + 1) for the
 * buyer, -0.005 for the seller. */
static void dense_pairs(wwq_case *c, const char *name, const int (*pairs)[2],
                        int n)
{
    wwq_open_dense(c, name, 6, 8, 1);
    unsigned long long x = 2024;
    for (int k = 0; k < n; k++) {
        int set[2][4];
        for (int side = 0; side < 2; side++) { /* 4 of the 8, from an LCG */
            int order[8] = {0, 1, 2, 3, 4, 5, 6, 7};
            for (int l = 7; l > 0; l--) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                int j = (int)((x >> 33) % (unsigned long long)(l + 1));
                int t = order[l];
                order[l] = order[j];
                order[j] = t;
            }
            memcpy(set[side], order, sizeof set[side]);
        }
        ww_condition when[2] = {{pairs[k][0], set[0], 4},
                                {pairs[k][1], set[1], 4}};
        assert_int_equal(ww_model_add_interaction(c->m, when, 2,
                                                  0.01 * (k + 1), -0.005,
                                                  NULL), WW_OK);
    }
    assert_int_equal(wwq_attach(c), 0);
}

/* Where meeting in the middle declines, the fold's budget still leads to
 * the walk or to the fold.  Two dense models whose halves meet many
 * signatures of the other half, so that their pairs would cost more than
 * the walk of 262,144 packages (forced, meeting in the middle answers
 * both, against brute force):
 * 1. every pair of terms once and seven pairs twice (22 interactions):
 *    every cut into three and three terms has 13 to 16 of them across,
 *    as many as the fold keeps open; auto's fold runs out of its budget,
 *    so the walk answers;
 * 2. every pair once (15): auto folds again with the budget it had
 *    before meeting in the middle cut it, and answers (662 points).
 * A forced DP folds.  Against brute force.  (The fold pruned by the key
 * answers the first within the budget: the walk is reached with the
 * pruning off, ww__bargain_dp.) */
static ww_status unpruned(ww_solver *s, const ww_options *o, int kalai,
                          ww_result **out)
{
    ww__pruning pr = {-1, 0};
    return ww__bargain_dp(s, o, kalai, &pr, out);
}

static void test_declined(void **state)
{
    (void)state;
    static const int twice[] = {1, 4, 5, 8, 9, 11, 13}; /* of the 15 pairs */
    int pairs[22][2], once[15][2], n = 0, k = 0;
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++, k++) {
            once[k][0] = i;
            once[k][1] = j;
            int copies = 1;
            for (int t = 0; t < 7; t++)
                copies += twice[t] == k;
            for (int r = 0; r < copies; r++, n++) {
                pairs[n][0] = i;
                pairs[n][1] = j;
            }
        }
    assert_int_equal(n, 22);
    for (int v = 0; v < 2; v++) {
        wwq_case c;
        dense_pairs(&c, v ? "zero-sum 6 x 8, 15 interactions"
                          : "zero-sum 6 x 8, 22 interactions",
                    v ? (const int(*)[2])once : (const int(*)[2])pairs,
                    v ? 15 : 22);
        ww_options o;
        ww_options_init(&o);
        o.path = WW_PATH_DP;
        counts n;
        memset(&n, 0, sizeof n);
        assert_int_equal(check_mitm(&c, &o, &n), 0); /* forced: answers */
        assert_int_equal(n.answered, 4);
        for (int f = 0; f < 3; f++) {
            o.path = f == 1 ? WW_PATH_DP : WW_PATH_AUTO;
            for (int q = 0; q < 2; q++) {
                assert_int_equal(wwq_check_bargain_by(&c, &o, q,
                                                      f == 2 ? unpruned
                                                             : NULL),
                                 0);
                ww_stats st;
                assert_int_equal(ww_result_stats(c.r, &st), WW_OK);
                assert_int_equal(st.path, f < 2 || v ? WW_PATH_DP
                                                     : WW_PATH_ENUM);
            }
        }
        wwq_close(&c);
    }
}

/* The set-up of a test on one model: c's brute force and solver, o on
 * the DP path, n zeroed. */
static void attach_dp(wwq_case *c, ww_options *o, counts *n)
{
    assert_int_equal(wwq_attach(c), 0);
    ww_options_init(o);
    o->path = WW_PATH_DP;
    memset(n, 0, sizeof *n);
}

/* More conditions inside a half than one 64-bit word holds: a zero-sum
 * chain of 11 terms of 3 levels, 16 interactions between each term and
 * the next (as many as the fold keeps open), so that the halves of 5 and
 * 6 terms hold 64 and 80 of them and 16 cross the cut.  nash, kalai and
 * evaluate against brute force. */
static void test_many_conditions(void **state)
{
    (void)state;
    wwq_case c;
    wwq_open_dense(&c, "zero-sum chain 11 x 3, 160 interactions", 11, 3, 1);
    unsigned long long x = 77;
    for (int t = 0; t + 1 < 11; t++)
        for (int k = 0; k < 16; k++) {
            int lv[2][2];
            for (int side = 0; side < 2; side++) { /* one or two levels */
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                lv[side][0] = (int)(x >> 33) % 3;
                lv[side][1] = (lv[side][0] + 1) % 3;
            }
            ww_condition when[2] = {{t, lv[0], 1 + k % 2},
                                    {t + 1, lv[1], 1 + k / 2 % 2}};
            assert_int_equal(ww_model_add_interaction(c.m, when, 2,
                                                      0.01 * (k + 1),
                                                      -0.004 * (t + 1), NULL),
                             WW_OK);
        }
    ww_options o;
    counts n;
    attach_dp(&c, &o, &n);
    assert_int_equal(check_mitm(&c, &o, &n), 0);
    assert_int_equal(n.answered, 4);
    int pk[3][11]; /* the lowest levels, the highest, a random package */
    unsigned long long st = 75;
    wwq_random_package(&c, &st, pk[2]);
    for (int t = 0; t < 11; t++) {
        pk[0][t] = 0;
        pk[1][t] = 2;
    }
    const int *pkgs[3] = {pk[0], pk[1], pk[2]};
    assert_int_equal(check_mitm_evaluate(&c, &o, pkgs, 3, &n), 0);
    assert_int_equal(n.evaluations, 3);
    assert_true(n.improvable >= 1);
    wwq_close(&c);
}

/* One party indifferent: its utility the same on every package (each of
 * its levels worth its term's number, its interactions worth 0), so that
 * the ideal meets d on its side and kalai's ratio for it counts as 1 (the
 * key is the other party's ratio).  Terms 3 to 6 of 2 to 6 levels, the
 * other party's levels and interactions between neighbouring terms
 * seeded.  nash and kalai against brute force, with d from the
 * reservations and from the lowest utilities. */
static void test_indifferent_party(void **state)
{
    (void)state;
    counts n;
    memset(&n, 0, sizeof n);
    unsigned long long x = 4242;
#define NEXT() (x = x * 6364136223846793005ULL + 1442695040888963407ULL, \
                (int)(x >> 33))
    for (int i = 0; i < 40; i++) {
        int party = i % 2, nt = 3 + i % 4, nl = 2 + i % 5;
        wwq_case c;
        memset(&c, 0, sizeof c);
        char name[64];
        snprintf(name, sizeof name, "indifferent %s %d: %d x %d",
                 party == WW_BUYER ? "buyer" : "seller", i, nt, nl);
        c.name = name;
        assert_int_equal(ww_model_new(&c.m), WW_OK);
        for (int t = 0; t < nt; t++) {
            char label[16];
            snprintf(label, sizeof label, "T%d", t);
            assert_int_equal(ww_model_add_term(c.m, label, NULL, NULL), WW_OK);
            for (int l = 0; l < nl; l++) {
                double u[2];
                u[party] = t;
                u[!party] = NEXT() % 1000 / 100.0;
                snprintf(label, sizeof label, "L%d", l);
                assert_int_equal(ww_model_add_level(c.m, t, label, u[0], u[1],
                                                    NULL), WW_OK);
            }
        }
        for (int t = 0; t + 1 < nt; t++) {
            int la = NEXT() % nl, lb = NEXT() % nl;
            ww_condition when[2] = {{t, &la, 1}, {t + 1, &lb, 1}};
            double u[2];
            u[party] = 0;
            u[!party] = NEXT() % 600 / 100.0 - 3;
            assert_int_equal(ww_model_add_interaction(c.m, when, 2, u[0],
                                                      u[1], NULL), WW_OK);
        }
        if (i % 4 >= 2) /* a floor on the other party */
            assert_int_equal(ww_model_set_reservation(c.m, !party,
                                                      nt * 2.0), WW_OK);
        assert_int_equal(wwq_attach(&c), 0);
        ww_options o;
        ww_options_init(&o);
        o.ignore_limits = i % 8 == 7;
        assert_int_equal(check_mitm(&c, &o, &n), 0);
        wwq_close(&c);
    }
#undef NEXT
    assert_int_equal(n.declined, 0);
    assert_int_equal(n.answered, 160);
}

/* The halves a solver keeps between queries (mitm.c's keep): nash, kalai
 * and evaluate by meeting in the middle on one solver, in turn and again,
 * then after each change of the model (a level added, an interaction
 * added, a weight changed), which must build them again: every answer
 * against brute force of the model as it is. */
static void test_kept_halves(void **state)
{
    (void)state;
    wwq_case c;
    wwq_open_dense(&c, "zero-sum 5 x 6, kept halves", 5, 6, 1);
    ww_options o;
    counts n;
    attach_dp(&c, &o, &n);
    int pk[5] = {0, 5, 2, 3, 1};
    const int *pkgs[1] = {pk};
    for (int change = 0; change < 4; change++) {
        if (change == 1 || change == 2)
            assert_int_equal(wwq_change_model(&c, change - 1), 0);
        if (change == 3) { /* the weights change J, the trees' key */
            assert_int_equal(ww_model_set_weight(c.m, WW_SELLER, 2.5), WW_OK);
            ww_brute_free(c.b);
            assert_int_equal(ww_brute_new(c.m, 2000000, &c.b), WW_OK);
        }
        for (int again = 0; again < 2; again++) {
            assert_int_equal(check_mitm_evaluate(&c, &o, pkgs, 1, &n), 0);
            assert_int_equal(check_mitm(&c, &o, &n), 0);
        }
    }
    assert_int_equal(n.declined, 0);
    assert_int_equal(n.answered, 32);
    assert_int_equal(n.evaluations, 8);
    wwq_close(&c);
}

/* One Genius domain: both keys, against brute force. */
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
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.name = domain;
    int bad = wwq_attach(&c) != 0;
    if (!bad)
        bad = check_mitm(&c, &c.o, n);
    int nt = ww_model_term_count(m), pk[2][64];
    for (int e = 0; e < 2 && !bad && nt <= 64; e++) {
        for (int t = 0; t < nt; t++)
            pk[e][t] = e ? ww_model_level_count(m, t) - 1 : 0;
        const int *pkgs[1] = {pk[e]};
        bad = check_mitm_evaluate(&c, &c.o, pkgs, 1, n);
    }
    wwq_close(&c);
    return bad;
}

static void test_genius_mitm(void **state)
{
    (void)state;
    counts n;
    memset(&n, 0, sizeof n);
    int failed = wwq_genius_walk(WW_GENIUS_DIR, genius_domain, &n);
    print_message("mitm, genius: %d domains, %d eligible, %d nash/kalai "
                  "answers, %d evaluations (%d improvable), %d declined, %d "
                  "failed\n", n.domains, n.eligible, n.answered,
                  n.evaluations, n.improvable, n.declined, failed);
    assert_int_equal(failed, 0);
    assert_true(n.eligible > 0);
    /* most domains split */
    assert_true(n.answered >= n.eligible && n.evaluations >= n.eligible);
}

/* meso's tie rule by meeting in the middle, in the band [0.5, 1.5]:
 * a = (2, 1) has the largest U_b and b = (2 - 5e-7, s), within TOL of it,
 * the larger U_s: b is the offer (on every path meso takes too), where a
 * rule without TOL stops at a.  With s = 1.5, and with s = 1.0005 in
 * either level order (the second pass must keep any larger U_s, however
 * little larger, whichever it meets first). */
static void test_meso_tie_rule(void **state)
{
    (void)state;
    static const double lv[3][3][2] = {{{0, 0}, {2, 1}, {2 - 5e-7, 1.5}},
                                       {{0, 0}, {2, 1}, {2 - 5e-7, 1.0005}},
                                       {{0, 0}, {2 - 5e-7, 1.0005}, {2, 1}}};
    static const double want[3] = {1.5, 1.0005, 1.0005};
    for (int v = 0; v < 3; v++) {
        wwq_case c;
        wwq_open_staircase(&c, "meso tie rule", lv[v], 3);
        wwq_meso_every_path(&c, 1, 1.5, 1, ww__meso_mitm, want[v]);
        wwq_close(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_mitm),
        cmocka_unit_test(test_zero_sum_mitm),
        cmocka_unit_test(test_tie_rule),
        cmocka_unit_test(test_meso_tie_rule),
        cmocka_unit_test(test_evaluate_beside),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_many_conditions),
        cmocka_unit_test(test_indifferent_party),
        cmocka_unit_test(test_kept_halves),
        cmocka_unit_test(test_genius_mitm),
    };
    int rc = cmocka_run_group_tests_name("mitm", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
