/* Evaluation of single packages: spec section 2 example, products, linear
 * constraints, the order of violations, the internal floors. */
#include "ww_test.h"

#include <stdio.h>
#include <stdlib.h>

#include "model_internal.h"

static ww_evaluation eval(ww_model *m, int a, int b)
{
    int pkg[] = {a, b};
    ww_evaluation e;
    memset(&e, 0x5a, sizeof e);
    assert_ok(m, ww_model_evaluate(m, pkg, &e));
    assert_int_equal(e.has_value_left, 0);
    assert_int_equal(e.has_improvement, 0);
    return e;
}

static void test_acme_opening_counter(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    ww_evaluation e = eval(m, P120, N30); /* the opening */
    assert_near(e.buyer, 0);
    assert_near(e.seller, 57);
    assert_near(e.joint, 57);
    assert_true(e.feasible);
    assert_false(e.admissible);
    assert_int_equal(e.violation, WW_VIOLATES_BUYER_RESERVATION);
    assert_int_equal(e.constraint, -1);
    assert_true(e.has_concession);
    assert_near(e.concession, 0);

    e = eval(m, P110, N30); /* the counter */
    assert_near(e.buyer, 20);
    assert_near(e.seller, 37);
    assert_near(e.joint, 57);
    assert_true(e.feasible);
    assert_true(e.admissible);
    assert_int_equal(e.violation, WW_VIOLATES_NOTHING);
    assert_near(e.concession, 20);
    ww_model_free(m);
}

static void test_acme_packages(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    ww_evaluation e = eval(m, P110, N60);
    assert_near(e.buyer, 30);
    assert_near(e.seller, 31);
    assert_near(e.joint, 61);
    assert_true(e.admissible);
    assert_near(e.concession, 26);

    e = eval(m, P100, N90); /* forbidden */
    assert_near(e.buyer, 58);
    assert_near(e.seller, 0);
    assert_false(e.feasible);
    assert_false(e.admissible);
    assert_int_equal(e.violation, WW_VIOLATES_FORBID);
    assert_int_equal(e.constraint, 0);

    e = eval(m, P120, N60); /* the -4 interaction */
    assert_near(e.buyer, 10);
    assert_near(e.seller, 47);
    assert_true(e.feasible);
    assert_int_equal(e.violation, WW_VIOLATES_BUYER_RESERVATION);

    e = eval(m, P120, N90);
    assert_near(e.buyer, 18);
    assert_near(e.seller, 41);

    e = eval(m, P100, N60); /* U_s 6 < r_s 10 (before the budget) */
    assert_near(e.buyer, 50);
    assert_near(e.seller, 6);
    assert_true(e.feasible);
    assert_int_equal(e.violation, WW_VIOLATES_SELLER_RESERVATION);

    e = eval(m, P100, N30); /* U_s 12 >= 10 but < 57 - 30 */
    assert_near(e.seller, 12);
    assert_int_equal(e.violation, WW_VIOLATES_BUDGET);
    assert_false(e.admissible);
    assert_near(e.concession, 45);

    assert_ok(m, ww_model_clear_budget(m));
    e = eval(m, P100, N30);
    assert_true(e.admissible);
    ww_model_free(m);
}

/* Every package by brute force against hand-computed utilities. */
static void test_acme_all(void **state)
{
    (void)state;
    static const double ub[3][3] = {{40, 50, 58}, {20, 30, 38}, {0, 10, 18}};
    static const double us[3][3] = {{12, 6, 0}, {37, 31, 25}, {57, 47, 41}};
    ww_model *m = ww_test_acme();
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            ww_evaluation e = eval(m, a, b);
            assert_near(e.buyer, ub[a][b]);
            assert_near(e.seller, us[a][b]);
            assert_near(e.joint, ub[a][b] + us[a][b]);
            int feas = !(a == P100 && b == N90);
            assert_int_equal(e.feasible, feas);
            int adm = feas && ub[a][b] >= 20 && us[a][b] >= 10 &&
                      us[a][b] >= 27;
            assert_int_equal(e.admissible, adm);
        }
    ww_model_free(m);
}

static void test_weights(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    assert_ok(m, ww_model_set_weight(m, WW_BUYER, 2));
    assert_ok(m, ww_model_set_weight(m, WW_SELLER, 0.5));
    ww_evaluation e = eval(m, P110, N60);
    assert_near(e.joint, 2 * 30 + 0.5 * 31);
    ww_model_free(m);
}

/* Tolerance: a package exactly at (or within 1e-6 below) the bounds. */
static void test_tolerance(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    assert_ok(m, ww_model_set_reservation(m, WW_BUYER, 30 + 0.9e-6));
    ww_evaluation e = eval(m, P110, N60);
    assert_true(e.admissible);
    assert_ok(m, ww_model_set_reservation(m, WW_BUYER, 30 + 2e-6));
    e = eval(m, P110, N60);
    assert_false(e.admissible);
    assert_int_equal(e.violation, WW_VIOLATES_BUYER_RESERVATION);

    assert_ok(m, ww_model_clear_reservation(m, WW_BUYER));
    assert_ok(m, ww_model_set_budget(m, 57 - 31 - 0.9e-6));
    e = eval(m, P110, N60);
    assert_true(e.admissible);
    assert_ok(m, ww_model_set_budget(m, 57 - 31 - 2e-6));
    e = eval(m, P110, N60);
    assert_int_equal(e.violation, WW_VIOLATES_BUDGET);
    ww_model_free(m);
}

static void test_linear(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    /* price/1000 + payment <= 180 (110k+net 60 = 170 ok, 120k+net 90 no) */
    int terms[] = {0, 1};
    double coefs[] = {0.001, 1};
    int idx;
    assert_ok(m, ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, 180,
                                     &idx));
    assert_int_equal(idx, 1);
    ww_evaluation e = eval(m, P110, N60);
    assert_true(e.feasible);
    e = eval(m, P120, N90);
    assert_false(e.feasible);
    assert_int_equal(e.violation, WW_VIOLATES_LINEAR);
    assert_int_equal(e.constraint, 1);
    e = eval(m, P100, N90); /* the forbid (index 0) is reported first */
    assert_int_equal(e.violation, WW_VIOLATES_FORBID);
    assert_int_equal(e.constraint, 0);
    /* Bounds are inclusive with tolerance: 120k + net 60 = 180. */
    e = eval(m, P120, N60);
    assert_true(e.feasible);

    /* min only: payment >= 60 */
    int t1[] = {1};
    double c1[] = {1};
    assert_ok(m, ww_model_add_linear(m, t1, c1, 1, 60 + 0.5e-6, HUGE_VAL,
                                     NULL));
    e = eval(m, P110, N60);
    assert_true(e.feasible);
    e = eval(m, P110, N30);
    assert_int_equal(e.violation, WW_VIOLATES_LINEAR);
    assert_int_equal(e.constraint, 2);
    ww_model_free(m);
}

static void test_product(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int idx;
    assert_ok(m, ww_model_add_product(m, 0, 1, 0, -0.0002, &idx));
    assert_int_equal(idx, 1);
    ww_evaluation e = eval(m, P110, N60);
    assert_near(e.buyer, 30);
    assert_near(e.seller, 31 - 0.0002 * 110000 * 60);
    e = eval(m, P120, N90);
    assert_near(e.seller, 41 - 0.0002 * 120000 * 90);
    /* The opening's U_s (budget reference) includes the product too. */
    assert_near(e.concession, (57 - 0.0002 * 120000 * 30) - e.seller);
    assert_ok(m, ww_model_add_product(m, 1, 0, 0.5, 0, NULL));
    e = eval(m, P100, N30);
    assert_near(e.buyer, 40 + 0.5 * 100000 * 30);
    ww_model_free(m);
}

static void test_one_term_interaction(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int lv[] = {N90, N60, N90}; /* unsorted, repeated */
    ww_condition c = {1, lv, 3};
    assert_ok(m, ww_model_add_interaction(m, &c, 1, 1.5, 2.5, NULL));
    /* Stored sorted and unique. */
    ww_condition got;
    assert_int_equal(ww_model_interaction_when(m, 1, &got, 1), 1);
    assert_int_equal(got.term, 1);
    assert_int_equal(got.nlevels, 2);
    assert_int_equal(got.levels[0], N60);
    assert_int_equal(got.levels[1], N90);
    ww_evaluation e = eval(m, P110, N60);
    assert_near(e.buyer, 31.5);
    assert_near(e.seller, 33.5);
    e = eval(m, P110, N30);
    assert_near(e.buyer, 20);
    ww_model_free(m);
}

/* Conditions on a term of 70 levels: one within the first 64 levels (a
 * bit mask), one reaching past them (a search), a forbid of each kind; and
 * levels added after the conditions are members of none.  Each checked on
 * every level against a direct reading. */
static void test_wide_conditions(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_ok(m, ww_model_add_term(m, "t", NULL, NULL));
    assert_ok(m, ww_model_add_term(m, "u", NULL, NULL));
    char name[16];
    for (int l = 0; l < 70; l++) {
        snprintf(name, sizeof name, "l%d", l);
        assert_ok(m, ww_model_add_level(m, 0, name, 0, 0, NULL));
    }
    assert_ok(m, ww_model_add_level(m, 1, "a", 0, 0, NULL));
    assert_ok(m, ww_model_add_level(m, 1, "b", 0, 0, NULL));
    int low[] = {63, 0, 5}, high[] = {64, 2, 69};
    ww_condition cl = {0, low, 3}, ch = {0, high, 3};
    assert_ok(m, ww_model_add_interaction(m, &cl, 1, 1, 0, NULL));
    assert_ok(m, ww_model_add_interaction(m, &ch, 1, 0, 1, NULL));
    int fl[] = {7}, fh[] = {66}, ub[] = {1};
    ww_condition f1[] = {{0, fl, 1}, {1, ub, 1}}, f2[] = {{0, fh, 1}, {1, ub, 1}};
    assert_ok(m, ww_model_add_forbid(m, f1, 2, NULL));
    assert_ok(m, ww_model_add_forbid(m, f2, 2, NULL));
    for (int l = 70; l < 72; l++) { /* after the conditions */
        snprintf(name, sizeof name, "l%d", l);
        assert_ok(m, ww_model_add_level(m, 0, name, 0, 0, NULL));
    }
    for (int l = 0; l < 72; l++)
        for (int v = 0; v < 2; v++) {
            int pkg[2] = {l, v};
            ww_evaluation e;
            assert_ok(m, ww_model_evaluate(m, pkg, &e));
            int in_low = l == 0 || l == 5 || l == 63;
            int in_high = l == 2 || l == 64 || l == 69;
            assert_near(e.buyer, in_low ? 1 : 0);
            assert_near(e.seller, in_high ? 1 : 0);
            assert_int_equal(e.feasible, !(v == 1 && (l == 7 || l == 66)));
        }
    ww_model_free(m);
}

static void test_evaluate_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    ww_evaluation e;
    int bad[] = {P110, 3};
    assert_fails(m, ww_model_evaluate(m, bad, &e), WW_OUT_OF_RANGE,
                 "term \"payment\"", "3");
    int neg[] = {-1, 0};
    assert_fails(m, ww_model_evaluate(m, neg, &e), WW_OUT_OF_RANGE,
                 "term \"price\"");
    int ok[] = {0, 0};
    assert_fails(m, ww_model_evaluate(m, NULL, &e), WW_MISUSE);
    assert_fails(m, ww_model_evaluate(m, ok, NULL), WW_MISUSE);
    assert_int_equal(ww_model_evaluate(NULL, ok, &e), WW_MISUSE);
    /* An invalid model is refused. */
    assert_ok(m, ww_model_evaluate(m, ok, &e));
    ww_model *empty;
    assert_int_equal(ww_model_new(&empty), WW_OK);
    assert_fails(empty, ww_model_evaluate(empty, ok, &e), WW_INVALID,
                 "no terms");
    ww_model_free(empty);
    ww_model_free(m);
}

static void test_no_limits(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    assert_ok(m, ww_model_clear_budget(m));
    assert_ok(m, ww_model_set_opening(m, NULL));
    assert_ok(m, ww_model_clear_reservation(m, WW_BUYER));
    assert_ok(m, ww_model_clear_reservation(m, WW_SELLER));
    ww_evaluation e = eval(m, P120, N30);
    assert_true(e.admissible);
    assert_false(e.has_concession);
    assert_near(e.concession, 0);
    ww_model_free(m);
}

static void test_floors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    double f = -1;
    ww_options o;
    ww_options_init(&o);
    /* reservation 10, budget floor 57 - 30 = 27 */
    assert_int_equal(ww__seller_floor(m, NULL, &f), 1);
    assert_near(f, 27);
    assert_int_equal(ww__seller_floor(m, &o, &f), 1);
    assert_near(f, 27);
    assert_int_equal(ww__buyer_floor(m, &o, &f), 1);
    assert_near(f, 20);
    o.override_budget = 1;
    o.budget = 50; /* 57 - 50 = 7 < reservation 10 */
    assert_int_equal(ww__seller_floor(m, &o, &f), 1);
    assert_near(f, 10);
    o.budget = 0;
    assert_int_equal(ww__seller_floor(m, &o, &f), 1);
    assert_near(f, 57);
    o.ignore_limits = 1;
    assert_int_equal(ww__seller_floor(m, &o, &f), 0);
    assert_int_equal(ww__buyer_floor(m, &o, &f), 0);
    assert_ok(m, ww_model_clear_reservation(m, WW_SELLER));
    assert_ok(m, ww_model_clear_reservation(m, WW_BUYER));
    ww_options_init(&o);
    assert_int_equal(ww__buyer_floor(m, &o, &f), 0);
    assert_int_equal(ww__seller_floor(m, &o, &f), 1);
    assert_near(f, 27);
    assert_ok(m, ww_model_clear_budget(m));
    assert_int_equal(ww__seller_floor(m, &o, NULL), 0);
    /* override without a model budget still needs the opening */
    o.override_budget = 1;
    o.budget = 7;
    assert_int_equal(ww__seller_floor(m, &o, &f), 1);
    assert_near(f, 50);
    assert_ok(m, ww_model_set_opening(m, NULL));
    assert_int_equal(ww__seller_floor(m, &o, &f), 0);
    ww_model_free(m);
}

static void test_internal_utilities(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int pkg[] = {P120, N90};
    double b = -1, s = -1;
    ww__utilities(m, pkg, &b, &s);
    assert_near(b, 18);
    assert_near(s, 41);
    ww__utilities(m, pkg, NULL, NULL);
    const ww_cond *c = m->inter[0].conds;
    assert_int_equal(ww__conds_hold(c, 2, pkg), 1);
    pkg[1] = N30;
    assert_int_equal(ww__conds_hold(c, 2, pkg), 0);
    assert_int_equal(ww__conds_hold(c, 0, pkg), 1);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acme_opening_counter),
        cmocka_unit_test(test_acme_packages),
        cmocka_unit_test(test_acme_all),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_tolerance),
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_product),
        cmocka_unit_test(test_one_term_interaction),
        cmocka_unit_test(test_wide_conditions),
        cmocka_unit_test(test_evaluate_errors),
        cmocka_unit_test(test_no_limits),
        cmocka_unit_test(test_floors),
        cmocka_unit_test(test_internal_utilities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
