/* Range terms (spec section 2): levels, labels, values, curves, limits. */
#include "ww_test.h"

#include <stdlib.h>

static ww_model *new_model(void)
{
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    return m;
}

/* The spec's payment example. */
static void test_spec_example(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double bx[] = {30, 90}, bu[] = {0, 18}, sx[] = {30, 90}, su[] = {12, 0};
    ww_curve b = {bx, bu, 2}, s = {sx, su, 2};
    int t = -1;
    assert_ok(m, ww_model_add_range_term(m, "payment", "days", 30, 90, 15, &b,
                                         &s, &t));
    assert_int_equal(t, 0);
    assert_int_equal(ww_model_level_count(m, 0), 5);
    static const char *labels[] = {"30 days", "45 days", "60 days",
                                   "75 days", "90 days"};
    for (int l = 0; l < 5; l++) {
        assert_string_equal(ww_model_level_label(m, 0, l), labels[l]);
        double v;
        assert_int_equal(ww_model_level_value(m, 0, l, &v), 1);
        assert_near(v, 30 + 15 * l);
        assert_near(ww_model_level_buyer(m, 0, l), 18.0 * (v - 30) / 60);
        assert_near(ww_model_level_seller(m, 0, l), 12 - 12.0 * (v - 30) / 60);
    }
    assert_string_equal(ww_model_term_unit(m, 0), "days");
    double from, to, step;
    ww_curve cb, cs;
    assert_int_equal(ww_model_term_range(m, 0, &from, &to, &step, &cb, &cs),
                     1);
    assert_near(from, 30);
    assert_near(to, 90);
    assert_near(step, 15);
    assert_int_equal(cb.npoints, 2);
    assert_int_equal(cs.npoints, 2);
    assert_ptr_not_equal(cb.x, bx); /* the model keeps copies */
    assert_near(cb.u[1], 18);
    assert_near(cs.u[0], 12);
    assert_int_equal(ww_model_term_range(m, 0, NULL, NULL, NULL, NULL, NULL),
                     1);
    int li;
    assert_ok(m, ww_model_find_level(m, 0, "60 days", &li));
    assert_int_equal(li, 2);
    ww_model_free(m);
}

/* Multi-point curves: interpolation inside, flat outside. */
static void test_curves(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double bx[] = {10, 20, 40}, bu[] = {0, 10, -10};
    double sx[] = {25}, su[] = {7};
    ww_curve b = {bx, bu, 3}, s = {sx, su, 1};
    assert_ok(m, ww_model_add_range_term(m, "x", NULL, 0, 50, 5, &b, &s,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 0), 11);
    static const double want[] = {0, 0, 0, 5, 10, 5, 0, -5, -10, -10, -10};
    for (int l = 0; l < 11; l++) {
        assert_near(ww_model_level_buyer(m, 0, l), want[l]);
        assert_near(ww_model_level_seller(m, 0, l), 7);
    }
    /* No unit: the bare number. */
    assert_string_equal(ww_model_level_label(m, 0, 0), "0");
    assert_string_equal(ww_model_level_label(m, 0, 10), "50");
    assert_null(ww_model_term_unit(m, 0));
    /* An empty unit is kept but adds nothing to the labels. */
    assert_ok(m, ww_model_add_range_term(m, "y", "", 1, 2, 1, &b, &s, NULL));
    assert_string_equal(ww_model_term_unit(m, 1), "");
    assert_string_equal(ww_model_level_label(m, 1, 1), "2");
    ww_model_free(m);
}

/* Curves through points near the largest doubles: their differences
 * overflow.  (0, -1e308)-(10, 1e308) gave inf at 5 (a model accepted
 * with an infinite utility); (-1e308, 0)-(1e308, 10) gave 0 everywhere. */
static void test_huge_curves(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double ax[] = {0, 10}, au[] = {-1e308, 1e308};
    double bx[] = {-1e308, 1e308}, bu[] = {0, 10};
    ww_curve a = {ax, au, 2}, b = {bx, bu, 2};
    assert_ok(m, ww_model_add_range_term(m, "x", NULL, 0, 10, 5, &a, &b,
                                         NULL));
    assert_true(ww_model_level_buyer(m, 0, 0) == -1e308);
    assert_true(ww_model_level_buyer(m, 0, 1) == 0);
    assert_true(ww_model_level_buyer(m, 0, 2) == 1e308);
    for (int l = 0; l < 3; l++)
        assert_near(ww_model_level_seller(m, 0, l), 5);
    /* ordinary curves keep their bits: the formula changes only past the
     * doubles */
    double cx[] = {0, 3}, cu[] = {0.1, 0.7};
    ww_curve c = {cx, cu, 2};
    assert_ok(m, ww_model_add_range_term(m, "y", NULL, 0, 3, 1, &c, &c,
                                         NULL));
    assert_true(ww_model_level_buyer(m, 1, 1) == 0.1 + (1.0 / 3) * (0.7 - 0.1));
    ww_model_free(m);
}

static void test_labels(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double x[] = {0}, u[] = {0};
    ww_curve c = {x, u, 1};
    /* Fractional steps print with %.15g: 0.1 + 2*0.1 -> "0.3". */
    assert_ok(m, ww_model_add_range_term(m, "disc", "%", 0, 0.5, 0.1, &c, &c,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 0), 6);
    assert_string_equal(ww_model_level_label(m, 0, 0), "0 %");
    assert_string_equal(ww_model_level_label(m, 0, 3), "0.3 %");
    assert_string_equal(ww_model_level_label(m, 0, 5), "0.5 %");
    double v;
    ww_model_level_value(m, 0, 3, &v);
    assert_true(v == 0 + 3 * 0.1); /* the exact value, not the label */
    /* Negative and large values; no "-0". */
    assert_ok(m, ww_model_add_range_term(m, "neg", NULL, -1, 1, 0.5, &c, &c,
                                         NULL));
    assert_string_equal(ww_model_level_label(m, 1, 0), "-1");
    assert_string_equal(ww_model_level_label(m, 1, 1), "-0.5");
    assert_string_equal(ww_model_level_label(m, 1, 2), "0");
    assert_ok(m, ww_model_add_range_term(m, "big", "USD", 1e6, 3e6, 1e6, &c,
                                         &c, NULL));
    assert_string_equal(ww_model_level_label(m, 2, 0), "1000000 USD");
    assert_ok(m, ww_model_add_range_term(m, "huge", NULL, 1e20, 1e20, 1e6, &c,
                                         &c, NULL));
    assert_int_equal(ww_model_level_count(m, 3), 1);
    assert_string_equal(ww_model_level_label(m, 3, 0), "1e+20");
    /* A step below the value's precision repeats the value (and label). */
    assert_fails(m, ww_model_add_range_term(m, "same", NULL, 1e20, 1e20, 1,
                                            &c, &c, NULL),
                 WW_DUPLICATE, "term \"same\"", "\"1e+20\"");
    ww_model_free(m);
}

/* "while from + k*step <= to + 1e-9*|step|" */
static void test_endpoints(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double x[] = {0}, u[] = {0};
    ww_curve c = {x, u, 1};
    /* to not on the grid: stop below it. */
    assert_ok(m, ww_model_add_range_term(m, "a", NULL, 0, 10, 3, &c, &c,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 0), 4); /* 0 3 6 9 */
    /* to slightly below the last grid point, within 1e-9*step: included */
    assert_ok(m, ww_model_add_range_term(m, "b", NULL, 0, 9 - 1e-10, 3, &c,
                                         &c, NULL));
    assert_int_equal(ww_model_level_count(m, 1), 4);
    /* ... beyond the tolerance: excluded */
    assert_ok(m, ww_model_add_range_term(m, "c", NULL, 0, 9 - 1e-8, 3, &c,
                                         &c, NULL));
    assert_int_equal(ww_model_level_count(m, 2), 3);
    /* from == to: one level */
    assert_ok(m, ww_model_add_range_term(m, "d", NULL, 5, 5, 1, &c, &c,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 3), 1);
    /* 0.1 steps accumulate rounding: 0..1 has 11 levels */
    assert_ok(m, ww_model_add_range_term(m, "e", NULL, 0, 1, 0.1, &c, &c,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 4), 11);
    assert_near(ww_model_package_count(m), 4 * 4 * 3 * 1 * 11);
    ww_model_free(m);
}

static void test_cap(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double x[] = {0, 9999}, u[] = {0, 1};
    ww_curve c = {x, u, 2};
    /* Exactly 10,000 levels is fine. */
    assert_ok(m, ww_model_add_range_term(m, "ok", NULL, 0, 9999, 1, &c, &c,
                                         NULL));
    assert_int_equal(ww_model_level_count(m, 0), 10000);
    assert_string_equal(ww_model_level_label(m, 0, 9999), "9999");
    assert_near(ww_model_level_buyer(m, 0, 5000), 5000.0 / 9999);
    /* 10,001 is too many. */
    int out = -7;
    assert_fails(m, ww_model_add_range_term(m, "big", NULL, 0, 10000, 1, &c,
                                            &c, &out),
                 WW_TOO_LARGE, "term \"big\"", "10000");
    assert_fails(m, ww_model_add_range_term(m, "huge", NULL, 0, 1e300, 1e-3,
                                            &c, &c, &out),
                 WW_TOO_LARGE, "term \"huge\"");
    assert_int_equal(out, -7);
    assert_int_equal(ww_model_term_count(m), 1);
    ww_model_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double x[] = {0, 1}, u[] = {0, 1}, desc[] = {1, 0}, nanx[] = {0, NAN};
    double infu[] = {0, HUGE_VAL};
    ww_curve c = {x, u, 2};
    ww_curve d = {desc, u, 2}, same = {x, u, 0}, n = {nanx, u, 2};
    ww_curve iu = {x, infu, 2}, nul = {NULL, u, 1};
    double eqx[] = {1, 1};
    ww_curve eq = {eqx, u, 2};
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 0, &c, &c,
                                            NULL),
                 WW_INVALID, "term \"t\"", "step");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, -1, &c, &c,
                                            NULL),
                 WW_INVALID, "term \"t\"", "step");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, NAN, 1, 1, &c, &c,
                                            NULL),
                 WW_INVALID, "term \"t\"");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, HUGE_VAL, 1, &c,
                                            &c, NULL),
                 WW_INVALID, "term \"t\"");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, HUGE_VAL, &c,
                                            &c, NULL),
                 WW_INVALID, "term \"t\"");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 5, 1, 1, &c, &c,
                                            NULL),
                 WW_INVALID, "term \"t\"", "no levels");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &d, &c,
                                            NULL),
                 WW_INVALID, "term \"t\": buyer curve", "ascending");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, &eq,
                                            NULL),
                 WW_INVALID, "term \"t\": seller curve", "ascending");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, &same,
                                            NULL),
                 WW_INVALID, "term \"t\": seller curve");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &n, &c,
                                            NULL),
                 WW_INVALID, "term \"t\": buyer curve", "finite");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, &iu,
                                            NULL),
                 WW_INVALID, "term \"t\": seller curve", "finite");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &nul, &c,
                                            NULL),
                 WW_MISUSE, "term \"t\": buyer curve");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, NULL, &c,
                                            NULL),
                 WW_MISUSE, "term \"t\": buyer curve");
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, NULL,
                                            NULL),
                 WW_MISUSE, "term \"t\": seller curve");
    assert_fails(m, ww_model_add_range_term(m, NULL, NULL, 0, 1, 1, &c, &c,
                                            NULL),
                 WW_MISUSE);
    assert_fails(m, ww_model_add_range_term(m, "", NULL, 0, 1, 1, &c, &c,
                                            NULL),
                 WW_INVALID);
    /* A step too small for the values' precision prints duplicate labels. */
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 1e15, 1e15 + 0.5,
                                            0.1, &c, &c, NULL),
                 WW_DUPLICATE, "term \"t\": duplicate level label");
    assert_int_equal(ww_model_term_count(m), 0);

    assert_ok(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, &c,
                                         NULL));
    assert_fails(m, ww_model_add_range_term(m, "t", NULL, 0, 1, 1, &c, &c,
                                            NULL),
                 WW_DUPLICATE, "duplicate term name \"t\"");
    /* A range term's levels are fixed. */
    assert_fails(m, ww_model_add_level(m, 0, "2", 0, 0, NULL), WW_INVALID,
                 "term \"t\": level \"2\"");
    assert_fails(m, ww_model_set_level_value(m, 0, 1, 5), WW_INVALID,
                 "term \"t\": level \"1\"");
    assert_int_equal(ww_model_level_count(m, 0), 2);
    /* A plain term is not a range. */
    assert_ok(m, ww_model_add_term(m, "plain", NULL, NULL));
    assert_int_equal(ww_model_term_range(m, 1, NULL, NULL, NULL, NULL, NULL),
                     0);
    ww_model_free(m);
}

/* Range terms feed linear constraints and products (values are set). */
static void test_in_constraints(void **state)
{
    (void)state;
    ww_model *m = new_model();
    double px[] = {100, 120}, pb[] = {40, 0}, ps[] = {0, 45};
    double dx[] = {30, 90}, db[] = {0, 18}, ds[] = {12, 0};
    ww_curve pbc = {px, pb, 2}, psc = {px, ps, 2};
    ww_curve dbc = {dx, db, 2}, dsc = {dx, ds, 2};
    assert_ok(m, ww_model_add_range_term(m, "price", "k", 100, 120, 10, &pbc,
                                         &psc, NULL));
    assert_ok(m, ww_model_add_range_term(m, "payment", "days", 30, 90, 30,
                                         &dbc, &dsc, NULL));
    int terms[] = {0, 1};
    double coefs[] = {1, 1};
    assert_ok(m, ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, 180,
                                     NULL));
    assert_ok(m, ww_model_add_product(m, 0, 1, 0, -0.01, NULL));
    int pkg[] = {1, 1};
    ww_evaluation e;
    assert_ok(m, ww_model_evaluate(m, pkg, &e));
    assert_near(e.buyer, 20 + 9);
    assert_near(e.seller, 22.5 + 6 - 0.01 * 110 * 60);
    assert_true(e.feasible);
    pkg[0] = 2;
    pkg[1] = 2;
    assert_ok(m, ww_model_evaluate(m, pkg, &e));
    assert_false(e.feasible);
    assert_int_equal(e.violation, WW_VIOLATES_LINEAR);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_example),
        cmocka_unit_test(test_curves),
        cmocka_unit_test(test_huge_curves),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_endpoints),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_in_constraints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
