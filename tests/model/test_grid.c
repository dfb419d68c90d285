/* The grid units a solver finds in the data (lib/formulation.c): the
 * smallest 1/D of a fixed list with every utility atom a multiple of it,
 * D bounded by the utilities' magnitude (GLPK's tolerances).  The MIP
 * rounds its bounds to these grids, and ww__mip_exact trusts them. */
#include "ww_test.h"

#include "solver_internal.h"

/* One term with the given buyer utilities (seller 0 on every level but
 * the first, 1), weights wb and ws; the solver's units. */
static void units_of(const double *buyer, int n, double wb, double ws,
                     double unit[3])
{
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t;
    assert_ok(m, ww_model_add_term(m, "t", NULL, &t));
    for (int i = 0; i < n; i++) {
        char label[16];
        snprintf(label, sizeof label, "l%d", i);
        assert_ok(m, ww_model_add_level(m, t, label, buyer[i], i ? 0 : 1,
                                        NULL));
    }
    assert_ok(m, ww_model_set_weight(m, WW_BUYER, wb));
    assert_ok(m, ww_model_set_weight(m, WW_SELLER, ws));
    ww_solver *s;
    assert_ok(m, ww_solver_new(m, &s));
    for (int k = 0; k < 3; k++)
        unit[k] = s->unit[k];
    ww_solver_free(s);
    ww_model_free(m);
}

static void expect(const double *buyer, int n, double want_b, double want_j)
{
    double u[3];
    units_of(buyer, n, 1, 1, u);
    assert_near(u[WW_UB], want_b);
    assert_near(u[WW_US], 1);
    assert_near(u[WW_J], want_j);
}

static void test_units(void **state)
{
    (void)state;
    const double whole[] = {0, 3, -7, 12};
    expect(whole, 4, 1, 1);
    const double halves[] = {0, 0.5, 1.5, -2};
    expect(halves, 4, 0.5, 0.5);
    const double twentieths[] = {0.1, 0.25};
    expect(twentieths, 2, 1.0 / 20, 1.0 / 20);
    /* candidates ruled out by different atoms in turn (the search tries
     * the last one to rule a candidate out first) */
    const double fortieths[] = {1, 0.5, 0.125, 0.3};
    expect(fortieths, 4, 1.0 / 40, 1.0 / 40);
    /* 0.29 * 100 is 28.999999999999996: rounded, not truncated */
    const double hundredths[] = {0.29, -0.29, 0.5};
    expect(hundredths, 3, 1.0 / 100, 1.0 / 100);
    const double real[] = {0, 0.1234567};
    expect(real, 2, 0, 0);
    /* the magnitude bounds D: (mag + 1) * D <= 1e6 */
    const double big_half[] = {0, 100000.5};
    expect(big_half, 2, 0.5, 0.5);
    const double big_fifth[] = {0, 300000.2};
    expect(big_fifth, 2, 0, 0);
    /* negative atoms round like positive ones */
    const double neg[] = {-0.75, -2.25};
    expect(neg, 2, 0.25, 0.25);
}

static void test_joint_unit(void **state)
{
    (void)state;
    /* J = 2 U_b + 0.5 U_s: atoms 2 * 0.25 and 0.5 * 1 */
    const double quarters[] = {0, 0.25};
    double u[3];
    units_of(quarters, 2, 2, 0.5, u);
    assert_near(u[WW_UB], 0.25);
    assert_near(u[WW_US], 1);
    assert_near(u[WW_J], 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_joint_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
