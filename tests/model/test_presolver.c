/* GLPK's MIP presolver (lib/solver.c, lib/formulation.c; white box).
 * A level's coefficient is its own utility plus the one-term interactions
 * folded into it: 2.3000000000000003 - 3.95 + 1.6500000000000001 leaves
 * 2.2e-16 where the model means 0.  The presolver divided by such an
 * entry and returned packages with a column at -1: wrong optima, a MIP
 * frontier of 64 points instead of 117 (tests/robust/RELIABILITY.md,
 * found 10).  The formulation now keeps that noise out of the matrix
 * (COEF_NOISE); and a presolver's "no feasible solution" is confirmed on
 * the full problem. */
#include "ww_test.h"

#include "brute.h"
#include "random_model.h"
#include "solver_internal.h"

#include <math.h>
#include <stdlib.h>

/* One term whose level 2 folds to noise for the buyer, and whose level 1
 * has a joint coefficient that cancels to noise (weights 1 and 1); and a
 * term V whose level 1 (value 1, no utility of its own) meets products
 * with the one-level terms K1 and K2 (value 1; seller 0.1 + 0.2 and -0.3
 * per unit): folded into V's levels, 0.30000000000000004 - 0.3; and a
 * term W whose level 1 has no utility of its own and two one-term
 * interactions of buyer 0.1 + 0.2 and -0.3. */
static ww_model *noisy_model(void)
{
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t, u;
    assert_int_equal(ww_model_add_term(m, "T", NULL, &t), WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "L0", 1.85, 1.55, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "L1", 0.1 + 0.2, -0.3, NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "L2", 2.3000000000000003, 1.15,
                                        NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "L3", 0.15, 3.3, NULL), WW_OK);
    assert_int_equal(ww_model_add_term(m, "U", NULL, &u), WW_OK);
    assert_int_equal(ww_model_add_level(m, u, "a", 0, 1, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, u, "b", 1, 0, NULL), WW_OK);
    int v, k[2];
    assert_int_equal(ww_model_add_term(m, "V", NULL, &v), WW_OK);
    assert_int_equal(ww_model_add_level(m, v, "v0", 0, 0, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, v, "v1", 0, 0, NULL), WW_OK);
    assert_int_equal(ww_model_set_level_value(m, v, 0, 0), WW_OK);
    assert_int_equal(ww_model_set_level_value(m, v, 1, 1), WW_OK);
    const char *kn[2] = {"K1", "K2"};
    double ks[2] = {0.1 + 0.2, -0.3};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ww_model_add_term(m, kn[i], NULL, &k[i]), WW_OK);
        assert_int_equal(ww_model_add_level(m, k[i], "k", 0, 0, NULL), WW_OK);
        assert_int_equal(ww_model_set_level_value(m, k[i], 0, 1), WW_OK);
        assert_int_equal(ww_model_add_product(m, v, k[i], 0, ks[i], NULL),
                         WW_OK);
    }
    int w, one = 1;
    assert_int_equal(ww_model_add_term(m, "W", NULL, &w), WW_OK);
    assert_int_equal(ww_model_add_level(m, w, "w0", 0, 0, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, w, "w1", 0, 0, NULL), WW_OK);
    ww_condition cw = {w, &one, 1};
    assert_int_equal(ww_model_add_interaction(m, &cw, 1, 0.1 + 0.2, 0, NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_interaction(m, &cw, 1, -0.3, 0, NULL),
                     WW_OK);
    int l023[3] = {0, 2, 3}, l23[2] = {2, 3};
    ww_condition c1 = {t, l023, 3}, c2 = {t, l23, 2};
    assert_int_equal(ww_model_add_interaction(m, &c1, 1, -3.95, 0, NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_interaction(m, &c2, 1, 1.6500000000000001,
                                              0, NULL),
                     WW_OK);
    return m;
}

/* The entry of column col in row row of the problem, 0 when absent. */
static double entry(glp_prob *lp, int row, int col, int *ind, double *val)
{
    int k = glp_get_mat_row(lp, row, ind, val);
    for (int i = 1; i <= k; i++)
        if (ind[i] == col)
            return val[i];
    return 0;
}

static void test_folded_noise(void **state)
{
    (void)state;
    /* the premise: the folded sums are noise, not zero */
    volatile double b2 = 2.3000000000000003, j1 = 0.1 + 0.2;
    assert_true(b2 - 3.95 + 1.6500000000000001 != 0);
    assert_true(fabs(b2 - 3.95 + 1.6500000000000001) < 1e-15);
    assert_true(j1 + -0.3 != 0);
    ww_model *m = noisy_model();
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    assert_int_equal(ww__solver_lp(s), WW_OK);
    int *ind = malloc(sizeof *ind * ((size_t)s->ncols + 1));
    double *val = malloc(sizeof *val * ((size_t)s->ncols + 1));
    assert_non_null(ind);
    assert_non_null(val);
    int l1 = s->col0[0] + 1, l2 = s->col0[0] + 2;
    assert_true(s->coef[WW_UB][l2] == 0);
    assert_true(entry(s->lp, s->row[WW_UB], l2, ind, val) == 0);
    assert_true(s->coef[WW_J][l1] == 0);
    assert_true(entry(s->lp, s->row[WW_J], l1, ind, val) == 0);
    int v1 = s->col0[2] + 1;
    assert_true(s->coef[WW_US][v1] == 0);
    assert_true(entry(s->lp, s->row[WW_US], v1, ind, val) == 0);
    int w1 = s->col0[5] + 1;
    assert_true(s->coef[WW_UB][w1] == 0);
    assert_true(entry(s->lp, s->row[WW_UB], w1, ind, val) == 0);
    /* real coefficients stay as they are */
    assert_true(s->coef[WW_US][l2] == 1.15);
    assert_true(entry(s->lp, s->row[WW_US], l2, ind, val) == 1.15);
    assert_true(s->coef[WW_UB][s->col0[0]] == 1.85 - 3.95);
    free(ind);
    free(val);
    ww_solver_free(s);
    ww_model_free(m);
}

/* The model of the sweep that found the bug (test_random_bargain's seed
 * 14601). */
static ww_model *sweep_model(void)
{
    ww_random_params p;
    ww_random_params_default(&p);
    p.correlation = -1;
    p.min_terms = 4;
    p.max_terms = 6;
    p.min_levels = 4;
    p.max_levels = 8;
    p.grid = 0.05;
    p.interaction_density = 0.8;
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(14601, &p, &m), WW_OK);
    return m;
}

/* Its MIP frontier with GLPK's presolver on from the first solve (a query
 * turns it on after a slow solve), against brute force. */
static void test_presolved_frontier(void **state)
{
    (void)state;
    ww_model *m = sweep_model();
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_MIP;
    ww_brute *b = NULL;
    ww_brute_point *want = NULL;
    assert_int_equal(ww_brute_new(m, 1000000, &b), WW_OK);
    int nwant = ww_brute_frontier(b, &o, &want);
    assert_true(nwant > 100);

    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_query q;
    ww_result *r = NULL, *out = NULL;
    assert_int_equal(ww__answer_begin(s, &o, &out, &q, &r, "test", 0), WW_OK);
    q.presolve = 1;
    int complete = 0;
    assert_int_equal(ww__frontier_points(&q, r, &complete), WW_OK);
    assert_int_equal(complete, 1);
    assert_int_equal(r->n, nwant);
    for (int i = 0; i < r->n; i++) { /* both by U_s descending */
        assert_true(fabs(r->u[3 * (size_t)i + WW_UB] - want[i].buyer) <=
                    WW_TOLERANCE);
        assert_true(fabs(r->u[3 * (size_t)i + WW_US] - want[i].seller) <=
                    WW_TOLERANCE);
    }
    assert_int_equal(ww__answer_end(&q, r, &out, WW_OK, WW_OUTCOME_OPTIMAL),
                     WW_OK);
    ww_result_free(out);
    free(want);
    ww_brute_free(b);
    ww_solver_free(s);
    ww_model_free(m);
}

/* Lexicographic solves with the presolver on (each second stage has the
 * first stage's package to offer as its incumbent, and so runs without
 * it: the callback's tree would hold the presolved problem, whose columns
 * differ): max U_b, then max U_s, under eight U_s floors across the
 * model's range, against brute force. */
static void test_presolved_lex(void **state)
{
    (void)state;
    ww_model *m = sweep_model();
    ww_options o;
    ww_options_init(&o);
    o.ignore_limits = 1;
    ww_brute *b = NULL;
    assert_int_equal(ww_brute_new(m, 1000000, &b), WW_OK);
    int n = ww_model_term_count(m);
    int *pkg = calloc((size_t)n + 1, sizeof *pkg);
    assert_non_null(pkg);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    long count = ww_brute_count(b);
    int optimal = 0;
    for (int step = 0; step < 8; step++) {
        ww_query q;
        assert_int_equal(ww__query_begin(&q, s, &o), WW_OK);
        q.presolve = 1;
        double floor_s = 20.0 + 2.0 * step; /* U_s >= floor_s */
        ww__bound_ge(&q, WW_US, floor_s);
        ww_mip res;
        int found;
        double u[3];
        assert_int_equal(ww__lex(&q, WW_UB, 1, WW_US, &res, &found, pkg, u),
                         WW_OK);
        /* brute force, as ww__lex reads it: the largest U_b over U_s >=
         * floor_s - TOL, then the largest U_s within TOL of it */
        double bb = -HUGE_VAL, bs = -HUGE_VAL;
        for (int stage = 0; stage < 2; stage++)
            for (long i = 0; i < count; i++) {
                double ub = ww_brute_buyer(b, i), us = ww_brute_seller(b, i);
                if (!ww_brute_feasible(b, i) || us < floor_s - WW_TOLERANCE)
                    continue;
                if (stage == 0 && ub > bb)
                    bb = ub;
                else if (stage == 1 && ub >= bb - WW_TOLERANCE && us > bs)
                    bs = us;
            }
        if (bb == -HUGE_VAL) {
            assert_int_equal(res, WW_MIP_INFEASIBLE);
        } else {
            assert_int_equal(res, WW_MIP_OPTIMAL);
            optimal++;
            assert_true(fabs(u[WW_UB] - bb) <= WW_TOLERANCE);
            assert_true(fabs(u[WW_US] - bs) <= WW_TOLERANCE);
        }
        ww__query_end(&q);
    }
    assert_true(optimal >= 4);
    free(pkg);
    ww_brute_free(b);
    ww_solver_free(s);
    ww_model_free(m);
}

/* Three 0/1 terms whose values must sum to between 1.2 and 1.8: the LP
 * is feasible (0.5 each), no package is.  The presolver finds that out
 * itself and glp_intopt fails with GLP_ENOPFS; the solve confirms it on
 * the full problem instead of reporting a solver error. */
static void test_presolver_infeasible(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t[3];
    const char *names[3] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ww_model_add_term(m, names[i], NULL, &t[i]), WW_OK);
        assert_int_equal(ww_model_add_level(m, t[i], "0", 0, 1, NULL), WW_OK);
        assert_int_equal(ww_model_add_level(m, t[i], "1", 1, 0, NULL), WW_OK);
        assert_int_equal(ww_model_set_level_value(m, t[i], 0, 0), WW_OK);
        assert_int_equal(ww_model_set_level_value(m, t[i], 1, 1), WW_OK);
    }
    double coefs[3] = {1, 1, 1};
    assert_int_equal(ww_model_add_linear(m, t, coefs, 3, 1.2, 1.8, NULL),
                     WW_OK);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_query q;
    assert_int_equal(ww__query_begin(&q, s, NULL), WW_OK);
    q.presolve = 1;
    ww_mip res;
    int found, pkg[3];
    double u[3];
    assert_int_equal(ww__solve(&q, WW_UB, 1, &res, &found, pkg, u), WW_OK);
    assert_int_equal(res, WW_MIP_INFEASIBLE);
    assert_int_equal(found, 0);
    ww__query_end(&q);
    ww_solver_free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folded_noise),
        cmocka_unit_test(test_presolved_frontier),
        cmocka_unit_test(test_presolved_lex),
        cmocka_unit_test(test_presolver_infeasible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
