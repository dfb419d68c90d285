/* Float noise kept out of GLPK's matrix (lib/formulation.c, COEF_NOISE;
 * white box).  A level's coefficient is its own utility plus the one-term
 * interactions folded into it: 2.3000000000000003 - 3.95 +
 * 1.6500000000000001 leaves 2.2e-16 where the model means 0.  GLPK's MIP
 * presolver divided by such an entry and returned packages with a column
 * at -1: wrong optima, a MIP frontier of 64 points instead of 117
 * (tests/robust/RELIABILITY.md, found 10). */
#include "ww_test.h"

#include "brute.h"
#include "random_model.h"
#include "solver_internal.h"

#include <math.h>
#include <stdlib.h>

/* One term whose level 2 folds to noise for the buyer, and whose level 1
 * has a joint coefficient that cancels to noise (weights 1 and 1). */
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
 * 14601), its MIP frontier with GLPK's presolver on from the first solve
 * (a query turns it on after a slow solve), against brute force. */
static void test_presolved_frontier(void **state)
{
    (void)state;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folded_noise),
        cmocka_unit_test(test_presolved_frontier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
