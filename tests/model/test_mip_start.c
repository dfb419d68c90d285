/* The MIP layer's starting incumbent (lib/solver.c, white box): a solve
 * may hand GLPK the query's last MIP solution as its first incumbent, and
 * GLPK takes it unchecked, so it must meet the solve exactly and be valued
 * at no more than its package is worth. */
#include "ww_test.h"

#include "solver_internal.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undervalued_incumbent),
        cmocka_unit_test(test_lex_second_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
