/* The MIP layer's starting incumbent (lib/solver.c, white box): a solve
 * may hand GLPK a package (the query's last MIP solution, or meso's dive)
 * as its first incumbent, and GLPK takes it unchecked, so it must meet the
 * solve exactly and be valued at no more than its package is worth; its
 * columns (ww__form_columns) must be a point of the formulation. */
#include "ww_test.h"

#include "brute.h"
#include "random_model.h"
#include "solver_internal.h"

#include <math.h>
#include <stdlib.h>

/* A and B: level 1 pays the buyer 5 and costs the seller 2, and both at
 * level 1 give the seller a bonus of 10 (nothing to the buyer).  C and D:
 * level 1 pays the buyer 1 and costs the seller 4, and value(C) +
 * value(D) >= 1.5 needs both (the LP takes C = 1, D = 0.5: a fractional
 * root).  Maximizing U_b picks 1111 (U_s 18) and drops the bonus's lower
 * link (its utilities are >= 0: a larger indicator never hurts), so GLPK
 * may leave the indicator at 0 in that solution: valued at U_s 8.  Offered
 * as the incumbent of "min U_s" (true minimum 10: 1011 or 0111), it would
 * prune everything at the root. */
static ww_model *seller_bonus(void)
{
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t[4];
    const char *names[4] = {"A", "B", "C", "D"};
    for (int i = 0; i < 4; i++) {
        double b1 = i < 2 ? 5 : 1, s0 = i < 2 ? 2 : 0, s1 = i < 2 ? 0 : 4;
        assert_int_equal(ww_model_add_term(m, names[i], NULL, &t[i]), WW_OK);
        assert_int_equal(ww_model_add_level(m, t[i], "0", 0, s0, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, t[i], "1", b1, s1, NULL),
                         WW_OK);
        assert_int_equal(ww_model_set_level_value(m, t[i], 0, 0), WW_OK);
        assert_int_equal(ww_model_set_level_value(m, t[i], 1, 1), WW_OK);
    }
    int one = 1;
    ww_condition when[2] = {{t[0], &one, 1}, {t[1], &one, 1}};
    assert_int_equal(ww_model_add_interaction(m, when, 2, 0, 10, NULL), WW_OK);
    double coefs[2] = {1, 1};
    assert_int_equal(ww_model_add_linear(m, t + 2, coefs, 2, 1.5, HUGE_VAL,
                                         NULL),
                     WW_OK);
    return m;
}

/* A solver for m and a query on it, default options. */
static ww_solver *open_query(ww_model *m, ww_query *q)
{
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    assert_int_equal(ww__query_begin(q, s, NULL), WW_OK);
    return s;
}

static void close_query(ww_model *m, ww_solver *s, ww_query *q)
{
    ww__query_end(q);
    ww_solver_free(s);
    ww_model_free(m);
}

static void test_undervalued_incumbent(void **state)
{
    (void)state;
    ww_model *m = seller_bonus();
    ww_query q;
    ww_solver *s = open_query(m, &q);
    ww_mip res;
    int found, pkg[4];
    double u[3];
    assert_int_equal(ww__solve(&q, WW_UB, 1, &res, &found, pkg, u), WW_OK);
    assert_int_equal(res, WW_MIP_OPTIMAL);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pkg[i], 1);
    assert_near(u[WW_US], 18);
    assert_int_equal(ww__solve(&q, WW_US, -1, &res, &found, pkg, u), WW_OK);
    assert_int_equal(res, WW_MIP_OPTIMAL);
    assert_near(u[WW_US], 10);
    assert_int_equal(pkg[0] + pkg[1], 1);
    close_query(m, s, &q);
}

/* The second stage of a lexicographic solve starts from the first's
 * optimum; ties on U_b (within TOL) go to the higher U_s all the same. */
static void test_lex_second_stage(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    for (int t = 0; t < 3; t++) {
        int i;
        char name[8];
        snprintf(name, sizeof name, "t%d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, &i), WW_OK);
        /* U_b ties between levels 0 and 1 (within 1e-7), U_s rises */
        assert_int_equal(ww_model_add_level(m, i, "x", 2, 1, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, i, "y", 2 - 1e-7, 3, NULL),
                         WW_OK);
        assert_int_equal(ww_model_add_level(m, i, "z", 0, 9, NULL), WW_OK);
    }
    ww_query q;
    ww_solver *s = open_query(m, &q);
    ww_mip res;
    int found, pkg[3];
    double u[3];
    assert_int_equal(ww__lex(&q, WW_UB, 1, WW_US, &res, &found, pkg, u),
                     WW_OK);
    assert_int_equal(res, WW_MIP_OPTIMAL);
    assert_near(u[WW_UB], 6 - 3e-7);
    assert_near(u[WW_US], 9);
    for (int t = 0; t < 3; t++)
        assert_int_equal(pkg[t], 1);
    close_query(m, s, &q);
}

/* Every base row of the formulation (one-hot, interaction links, forbids,
 * linear constraints) holds at the package's columns, and the utility rows
 * give its exact U_b, U_s and J; 1 when all do. */
static int columns_fit(ww_solver *s, const int *pkg, double *x, int *ind,
                       double *val)
{
    ww__form_columns(s, pkg, x);
    double u[3];
    ww__util3(s->model, pkg, u);
    for (int r = 0; r < 3; r++) {
        double v = s->cst[r];
        for (int c = 1; c <= s->ncols; c++)
            v += s->coef[r][c] * x[c];
        if (fabs(v - u[r]) > 1e-9 * (1 + fabs(u[r])))
            return 0;
    }
    for (int i = 1; i <= s->nbase; i++) {
        if (i == s->row[0] || i == s->row[1] || i == s->row[2])
            continue;
        int k = glp_get_mat_row(s->lp, i, ind, val);
        double a = 0;
        for (int j = 1; j <= k; j++)
            a += val[j] * x[ind[j]];
        int type = glp_get_row_type(s->lp, i);
        double lb = glp_get_row_lb(s->lp, i), ub = glp_get_row_ub(s->lp, i);
        if ((type == GLP_LO || type == GLP_DB || type == GLP_FX) &&
            a < lb - 1e-9)
            return 0;
        if ((type == GLP_UP || type == GLP_DB || type == GLP_FX) &&
            a > ub + 1e-9)
            return 0;
    }
    for (int c = 1; c <= s->ncols; c++) /* bounds (dominance aside) */
        if (x[c] < glp_get_col_lb(s->lp, c) - 1e-9 &&
            glp_get_col_type(s->lp, c) != GLP_FR)
            return 0;
    return 1;
}

/* The columns of every feasible package of a model (its first `most`). */
static void check_columns(ww_model *m, long most, long *checked)
{
    ww_query q;
    ww_solver *s = open_query(m, &q);
    assert_int_equal(ww__solver_lp(s), WW_OK); /* built on a first MIP */
    int n = ww_model_term_count(m);
    int *pkg = calloc((size_t)n + 1, sizeof *pkg);
    double *x = malloc(sizeof *x * ((size_t)s->ncols + 1));
    int *ind = malloc(sizeof *ind * ((size_t)s->ncols + 1));
    double *val = malloc(sizeof *val * ((size_t)s->ncols + 1));
    assert_non_null(pkg);
    assert_non_null(x);
    assert_non_null(ind);
    assert_non_null(val);
    for (long i = 0; i < most; i++) {
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
        if (ev.feasible) {
            if (!columns_fit(s, pkg, x, ind, val))
                fail_msg("package %ld: its columns miss a row", i);
            ++*checked;
        }
        int t = n - 1; /* odometer */
        while (t >= 0 && ++pkg[t] == ww_model_level_count(m, t))
            pkg[t--] = 0;
        if (t < 0)
            break;
    }
    free(pkg);
    free(x);
    free(ind);
    free(val);
    close_query(m, s, &q);
}

static void test_columns_random(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    p.products = 1;
    long checked = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        check_columns(m, 2000, &checked);
    }
    assert_true(checked > 10000);
}

/* Products of both formulations: pair columns y[k, l] (up to 4,096 pairs)
 * and McCormick columns s_k past them, the wider term as A. */
static void test_columns_products(void **state)
{
    (void)state;
    static const int sizes[][2] = {{3, 4}, {70, 65}, {65, 70}};
    for (int c = 0; c < 3; c++) {
        ww_model *m = NULL;
        assert_int_equal(ww_model_new(&m), WW_OK);
        int t[3];
        for (int i = 0; i < 3; i++) {
            char name[4] = {(char)('A' + i), 0};
            assert_int_equal(ww_model_add_term(m, name, NULL, &t[i]), WW_OK);
            int nl = i < 2 ? sizes[c][i] : 3;
            for (int l = 0; l < nl; l++) {
                char lv[16];
                snprintf(lv, sizeof lv, "%d", l);
                assert_int_equal(ww_model_add_level(m, t[i], lv, (l * 7) % 5,
                                                    (l * 3) % 4, NULL),
                                 WW_OK);
                assert_int_equal(ww_model_set_level_value(m, t[i], l,
                                                          l * 0.5 - 3),
                                 WW_OK);
            }
        }
        assert_int_equal(ww_model_add_product(m, t[0], t[1], 0.25, -0.5,
                                              NULL),
                         WW_OK);
        assert_int_equal(ww_model_add_product(m, t[1], t[2], -1, 2, NULL),
                         WW_OK);
        long checked = 0;
        check_columns(m, 100000, &checked);
        assert_true(checked == 3L * sizes[c][0] * sizes[c][1]);
    }
}

/* splitmix64, for the offers and bands below */
static unsigned long long mix(unsigned long long *x)
{
    unsigned long long z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A random model with its enumeration and a query on it. */
typedef struct rcase {
    ww_model *m;
    ww_brute *b;
    ww_solver *s;
    ww_query q;
    int n;      /* terms */
    long count; /* packages */
} rcase;

static void rcase_open(rcase *c, unsigned long seed, const ww_random_params *p)
{
    c->m = NULL;
    c->b = NULL;
    assert_int_equal(ww_random_model(seed, p, &c->m), WW_OK);
    assert_int_equal(ww_brute_new(c->m, 100000, &c->b), WW_OK);
    c->s = open_query(c->m, &c->q);
    c->n = ww_brute_terms(c->b);
    c->count = ww_brute_count(c->b);
}

static void rcase_close(rcase *c)
{
    ww_brute_free(c->b);
    close_query(c->m, c->s, &c->q);
}

/* The smallest and largest U_b (y = WW_UB) or U_s over every package. */
static void span(const ww_brute *b, int y, double *lo, double *hi)
{
    *lo = HUGE_VAL;
    *hi = -HUGE_VAL;
    for (long i = 0; i < ww_brute_count(b); i++) {
        double v = y == WW_UB ? ww_brute_buyer(b, i) : ww_brute_seller(b, i);
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* meso's branch and bound (ww__band_dive) without a budget: on random
 * models, ranges, offers and allowed agreements, maximizing U_b or U_s,
 * it finds a package exactly when the enumeration does, inside the
 * bounds, feasible, close to no offer, and of the largest objective. */
static void test_dive_exact(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    p.products = 1;
    int founds = 0, nones = 0;
    for (unsigned long seed = 1; seed <= 400; seed++) {
        rcase c;
        rcase_open(&c, seed, &p);
        ww_brute *b = c.b;
        int n = c.n;
        unsigned long long rng = seed;
        int noffers = (int)(mix(&rng) % 4);
        int *offers = malloc(sizeof(int) * (size_t)(n * noffers + 1));
        int *pkg = malloc(sizeof(int) * (size_t)(2 * n + 2));
        assert_non_null(offers);
        assert_non_null(pkg);
        for (int j = 0; j < noffers; j++)
            ww_brute_package(b, (long)(mix(&rng) % (unsigned long long)c.count),
                             offers + j * n);
        int maxagree = (int)(mix(&rng) % (unsigned long long)(n + 1));
        /* maximize x (U_b on even seeds, U_s on odd ones) with the other
         * utility y in a range around a random package's, 10-40 % of its
         * span; one side open on one seed in four (meso's tie-break: a
         * floor on U_b) */
        int x = seed % 2 ? WW_US : WW_UB, y = WW_UB + WW_US - x;
        double ymin, ymax;
        span(b, y, &ymin, &ymax);
        long at0 = (long)(mix(&rng) % (unsigned long long)c.count);
        double mid = y == WW_UB ? ww_brute_buyer(b, at0) : ww_brute_seller(b, at0);
        double w = (ymax - ymin) * (0.1 + 0.3 * (double)(mix(&rng) % 1000) / 1000);
        c.q.lo[y] = fmax(c.q.lo[y], mid - w / 2); /* the query's floors kept */
        c.q.hi[y] = seed % 4 == 1 ? HUGE_VAL : mid + w / 2;
        long arg = -1;
        double best = -HUGE_VAL;
        for (long i = 0; i < c.count; i++) {
            double u[3] = {ww_brute_buyer(b, i), ww_brute_seller(b, i),
                           ww_brute_joint(b, i)};
            int in = ww_brute_feasible(b, i);
            for (int r = 0; r < 3; r++) /* the range, and the query's floors */
                in &= u[r] >= c.q.lo[r] && u[r] <= c.q.hi[r];
            if (!in)
                continue;
            ww_brute_package(b, i, pkg);
            int close = 0;
            for (int j = 0; j < noffers; j++)
                close |= n - ww_brute_hamming(b, pkg, offers + j * n) > maxagree;
            if (!close && (arg < 0 || u[x] > best)) {
                arg = i;
                best = u[x];
            }
        }
        int complete;
        int got = ww__band_dive(&c.q, x, offers, noffers, maxagree, 0, pkg,
                                &complete);
        assert_true(complete);
        assert_int_equal(got, arg >= 0);
        if (got) {
            double u[3];
            ww__util3(c.m, pkg, u);
            long at = ww_brute_index(b, pkg);
            assert_true(at >= 0 && ww_brute_feasible(b, at));
            for (int r = 0; r < 3; r++)
                assert_true(u[r] >= c.q.lo[r] && u[r] <= c.q.hi[r]);
            for (int j = 0; j < noffers; j++)
                assert_true(n - ww_brute_hamming(b, pkg, offers + j * n) <=
                            maxagree);
            assert_true(u[x] >= best - 1e-9);
            founds++;
        } else {
            nones++;
        }
        free(offers);
        free(pkg);
        rcase_close(&c);
    }
    assert_true(founds > 100 && nones > 10);
}

/* 1 when package pkg (index i of b) is feasible, inside q's box and
 * meets s's cut rows; its utilities into v. */
static int in_region(const ww_brute *b, const ww_query *q,
                     const ww_solver *s, const int *pkg, long i, double v[3])
{
    int n = ww_brute_terms(b);
    v[0] = ww_brute_buyer(b, i);
    v[1] = ww_brute_seller(b, i);
    v[2] = ww_brute_joint(b, i);
    int in = ww_brute_feasible(b, i);
    for (int r = 0; r < 3; r++)
        in &= v[r] >= q->lo[r] && v[r] <= q->hi[r];
    for (int c = 0; c < s->ncuts && in; c++) {
        int same = n - ww_brute_hamming(b, pkg, s->cuts[c].ref);
        in = same >= s->cuts[c].lo && same <= s->cuts[c].hi;
    }
    return in;
}

/* The root LP's rounding and repair (repair.c) on random models, boxes,
 * cut rows (meso's distance rows and others) and level values: a package
 * it returns is feasible, inside the box and the rows, of the objective
 * it reports, and no single-level change inside does better; when the
 * enumeration has no package inside, it returns none. */
static void test_lp_round(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    int inside = 0, none = 0, missed = 0;
    for (unsigned long seed = 1; seed <= 400; seed++) {
        rcase c;
        rcase_open(&c, seed, &p);
        ww_brute *b = c.b;
        int n = c.n;
        unsigned long long rng = seed * 7919;
        int levels = 0;
        for (int t = 0; t < n; t++)
            levels += ww_model_level_count(c.m, t);
        double *lp = malloc(sizeof(double) * (size_t)(levels + 1));
        int *pkg = malloc(sizeof(int) * (size_t)(2 * n + 2));
        int *ref = pkg + n + 1;
        assert_non_null(lp);
        assert_non_null(pkg);
        /* level values: a random package's levels at 1 and noise (an LP
         * vertex near a package), or noise alone */
        ww_brute_package(b, (long)(mix(&rng) % (unsigned long long)c.count), ref);
        for (int t = 0, i = 0; t < n; t++)
            for (int l = 0; l < ww_model_level_count(c.m, t); l++, i++)
                lp[i] = (seed % 3 && ref[t] == l ? 1.0 : 0.0) +
                        (double)(mix(&rng) % 1000) / 2000.0;
        /* cut rows: at most a random number of levels shared with a few
         * random packages, sometimes at least some */
        int ncuts = (int)(mix(&rng) % 4);
        for (int k = 0; k < ncuts; k++) {
            ww_brute_package(b, (long)(mix(&rng) % (unsigned long long)c.count),
                             ref);
            int hi = (int)(mix(&rng) % (unsigned long long)(n + 1));
            int lo = seed % 5 == 0 ? (int)(mix(&rng) % (unsigned long long)(hi + 1)) : 0;
            assert_int_equal(ww__add_cut(&c.q, ref, lo, hi, NULL), WW_OK);
        }
        /* a box on U_s around a random package's, 10-40 % of the span,
         * the query's floors kept */
        double smin, smax;
        span(b, WW_US, &smin, &smax);
        double mid = ww_brute_seller(b, (long)(mix(&rng) % (unsigned long long)c.count));
        double w = (smax - smin) * (0.1 + 0.3 * (double)(mix(&rng) % 1000) / 1000);
        c.q.lo[WW_US] = fmax(c.q.lo[WW_US], mid - w / 2);
        c.q.hi[WW_US] = mid + w / 2;
        static const double weights[][2] = {{1, 0}, {0, 1}, {1, 2}, {0, -1}};
        const double *wt = weights[seed % 4];
        /* the enumeration: is any package inside? */
        int any = 0;
        for (long i = 0; i < c.count && !any; i++) {
            double v[3];
            ww_brute_package(b, i, pkg);
            any = in_region(b, &c.q, c.s, pkg, i, v);
        }
        double z;
        int rc = ww__lp_round(&c.q, lp, wt[0], wt[1], pkg, &z);
        assert_true(rc == 0 || rc == 1);
        if (rc == 1) {
            assert_true(any);
            long at = ww_brute_index(b, pkg);
            double u[3], v[3];
            assert_true(at >= 0 && in_region(b, &c.q, c.s, pkg, at, v));
            ww__util3(c.m, pkg, u);
            assert_true(z == wt[0] * u[WW_UB] + wt[1] * u[WW_US]);
            /* a local optimum: no single change inside does better */
            for (int t = 0; t < n; t++) {
                int was = pkg[t];
                for (int l = 0; l < ww_model_level_count(c.m, t); l++) {
                    pkg[t] = l;
                    int in = in_region(b, &c.q, c.s, pkg, ww_brute_index(b, pkg), v);
                    assert_false(in && wt[0] * v[0] + wt[1] * v[1] > z + 1e-9);
                }
                pkg[t] = was;
            }
            inside++;
        } else if (any) {
            missed++; /* a local search: it may end outside */
        } else {
            none++;
        }
        free(lp);
        free(pkg);
        rcase_close(&c);
    }
    print_message("lp rounding: %d inside, %d missed, %d with none inside\n",
                  inside, missed, none);
    assert_true(inside > 100);
}

/* best's J on the forced MIP path against brute force (same options). */
static void check_mip_best(ww_solver *s, const ww_brute *b, int *mips)
{
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_MIP;
    ww_result *r = NULL;
    assert_int_equal(ww_best(s, &o, &r), WW_OK);
    long want = ww_brute_best(b, &o);
    if (want < 0) {
        assert_int_equal(ww_result_outcome(r), WW_OUTCOME_INFEASIBLE);
    } else {
        assert_int_equal(ww_result_outcome(r), WW_OUTCOME_OPTIMAL);
        assert_true(fabs(ww_result_joint(r, 0) - ww_brute_joint(b, want)) <=
                    1e-6);
    }
    ww_stats st;
    assert_int_equal(ww_result_stats(r, &st), WW_OK);
    *mips += st.solves > 0;
    ww_result_free(r);
}

/* The GLPK problem is built on a query's first MIP, not with the solver:
 * queries the scan or the DP answer leave it unbuilt; a MIP builds it; a
 * change of the model drops it with the columns; after ww_thread_cleanup
 * freed GLPK's environment a MIP builds it again and still answers
 * exactly (a new problem's objective is 0, and so must be s->obj, which
 * mirrors it). */
static void test_lp_on_demand(void **state)
{
    (void)state;
    int mips = 0;
    for (unsigned long seed = 1; seed <= 60; seed++) {
        ww_random_params p;
        ww_random_params_default(&p);
        ww_model *m = NULL;
        assert_int_equal(ww_random_model(seed, &p, &m), WW_OK);
        ww_solver *s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        assert_null(s->lp);
        ww_options o;
        ww_options_init(&o);
        ww_result *r = NULL;
        assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
        ww_stats st;
        assert_int_equal(ww_result_stats(r, &st), WW_OK);
        if (st.path != WW_PATH_MIP)
            assert_null(s->lp);
        ww_result_free(r);
        for (int round = 0; round < 3; round++) {
            if (round == 1)
                ww_thread_cleanup(); /* the problem dies with GLPK's env */
            if (round == 2) { /* a new revision: columns and problem go */
                assert_int_equal(ww_model_set_weight(m, WW_SELLER, 2.0),
                                 WW_OK);
                assert_int_equal(ww_frontier(s, &o, &r), WW_OK);
                assert_int_equal(ww_result_stats(r, &st), WW_OK);
                if (st.path != WW_PATH_MIP)
                    assert_null(s->lp);
                ww_result_free(r);
            }
            ww_brute *b = NULL;
            assert_int_equal(ww_brute_new(m, 1000000, &b), WW_OK);
            check_mip_best(s, b, &mips);
            assert_non_null(s->lp);
            ww_brute_free(b);
        }
        ww_solver_free(s);
        ww_model_free(m);
    }
    assert_true(mips >= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dive_exact),
        cmocka_unit_test(test_lp_round),
        cmocka_unit_test(test_columns_random),
        cmocka_unit_test(test_columns_products),
        cmocka_unit_test(test_undervalued_incumbent),
        cmocka_unit_test(test_lex_second_stage),
        cmocka_unit_test(test_lp_on_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
