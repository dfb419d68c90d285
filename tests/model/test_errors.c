/* Every rejected input: the status, the message naming the term/level,
 * and the model left unchanged. */
#include "ww_test.h"

#include <stdlib.h>

#include "model_internal.h"

static void test_term_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int out = -7;
    assert_fails(m, ww_model_add_term(m, "price", NULL, &out), WW_DUPLICATE,
                 "duplicate term name \"price\"");
    assert_int_equal(out, -7);
    assert_fails(m, ww_model_add_term(m, "", NULL, NULL), WW_INVALID,
                 "empty");
    assert_fails(m, ww_model_add_term(m, NULL, NULL, NULL), WW_MISUSE);
    /* Terms cannot be added once the opening/counter fix the term count. */
    assert_fails(m, ww_model_add_term(m, "delivery", NULL, NULL), WW_MISUSE,
                 "term \"delivery\"", "opening");
    assert_int_equal(ww_model_term_count(m), 2);
    ww_model_free(m);
}

static void test_level_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int out = -7;
    assert_fails(m, ww_model_add_level(m, 0, "110k", 1, 2, &out),
                 WW_DUPLICATE, "term \"price\": duplicate level label \"110k\"");
    assert_fails(m, ww_model_add_level(m, 0, "130k", NAN, 2, &out),
                 WW_INVALID,
                 "term \"price\": level \"130k\": buyer utility is not a "
                 "finite number");
    assert_fails(m, ww_model_add_level(m, 0, "130k", 1, HUGE_VAL, &out),
                 WW_INVALID,
                 "term \"price\": level \"130k\": seller utility is not a "
                 "finite number");
    assert_fails(m, ww_model_add_level(m, 0, "130k", -HUGE_VAL, 0, &out),
                 WW_INVALID, "buyer utility");
    assert_fails(m, ww_model_add_level(m, 2, "x", 1, 1, &out),
                 WW_OUT_OF_RANGE, "term index 2");
    assert_fails(m, ww_model_add_level(m, -1, "x", 1, 1, &out),
                 WW_OUT_OF_RANGE, "term index -1");
    assert_fails(m, ww_model_add_level(m, 1, NULL, 1, 1, &out), WW_MISUSE,
                 "term \"payment\"");
    assert_int_equal(out, -7);
    assert_int_equal(ww_model_level_count(m, 0), 3);
    /* Same label in another term is fine; empty labels are allowed. */
    assert_ok(m, ww_model_add_level(m, 1, "110k", 0, 0, NULL));
    assert_ok(m, ww_model_add_level(m, 1, "", 0, 0, NULL));

    assert_fails(m, ww_model_set_level_value(m, 0, 1, NAN), WW_INVALID,
                 "term \"price\": level \"110k\"", "value");
    assert_fails(m, ww_model_set_level_value(m, 0, 1, -HUGE_VAL), WW_INVALID,
                 "term \"price\": level \"110k\"");
    assert_fails(m, ww_model_set_level_value(m, 0, 3, 1), WW_OUT_OF_RANGE,
                 "term \"price\"", "level index 3");
    assert_fails(m, ww_model_set_level_value(m, 5, 0, 1), WW_OUT_OF_RANGE);
    double v;
    assert_int_equal(ww_model_level_value(m, 0, 1, &v), 1);
    assert_near(v, 110000);
    ww_model_free(m);
}

static void test_party_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    assert_fails(m, ww_model_set_weight(m, WW_BUYER, 0), WW_INVALID,
                 "buyer weight");
    assert_fails(m, ww_model_set_weight(m, WW_SELLER, -1), WW_INVALID,
                 "seller weight");
    assert_fails(m, ww_model_set_weight(m, WW_SELLER, NAN), WW_INVALID,
                 "seller weight");
    assert_fails(m, ww_model_set_weight(m, WW_SELLER, HUGE_VAL), WW_INVALID,
                 "seller weight");
    assert_near(ww_model_weight(m, WW_SELLER), 1);
    assert_fails(m, ww_model_set_reservation(m, WW_BUYER, NAN), WW_INVALID,
                 "buyer reservation");
    assert_fails(m, ww_model_set_reservation(m, WW_SELLER, -HUGE_VAL),
                 WW_INVALID, "seller reservation");
    double r;
    assert_int_equal(ww_model_reservation(m, WW_SELLER, &r), 1);
    assert_near(r, 10);
    assert_fails(m, ww_model_set_reservation(m, (ww_party)2, 1), WW_INVALID,
                 "party");
    assert_fails(m, ww_model_set_weight(m, (ww_party)-1, 1), WW_INVALID,
                 "party");
    assert_fails(m, ww_model_set_party_name(m, (ww_party)3, "x"), WW_INVALID,
                 "party");
    assert_fails(m, ww_model_clear_reservation(m, (ww_party)3), WW_INVALID,
                 "party");
    ww_model_free(m);
}

static void test_interaction_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int a[] = {P110}, b[] = {N30, N60}, bad[] = {N30, 3}, neg[] = {-1};
    ww_condition twice[] = {{0, a, 1}, {1, b, 2}, {1, b, 1}};
    int out = -7;
    /* Interaction index 1 (the acme has interaction 0). */
    assert_fails(m, ww_model_add_interaction(m, twice, 3, 1, 1, &out),
                 WW_DUPLICATE, "interaction 1: term \"payment\" appears twice");
    ww_condition badlev[] = {{0, a, 1}, {1, bad, 2}};
    assert_fails(m, ww_model_add_interaction(m, badlev, 2, 1, 1, &out),
                 WW_OUT_OF_RANGE, "interaction 1", "term \"payment\"",
                 "level index 3");
    ww_condition neglev[] = {{0, neg, 1}};
    assert_fails(m, ww_model_add_interaction(m, neglev, 1, 1, 1, &out),
                 WW_OUT_OF_RANGE, "term \"price\"", "level index -1");
    ww_condition badterm[] = {{2, a, 1}};
    assert_fails(m, ww_model_add_interaction(m, badterm, 1, 1, 1, &out),
                 WW_OUT_OF_RANGE, "interaction 1", "term index 2");
    ww_condition nolev[] = {{0, a, 0}};
    assert_fails(m, ww_model_add_interaction(m, nolev, 1, 1, 1, &out),
                 WW_INVALID, "interaction 1: term \"price\"");
    ww_condition nullev[] = {{0, NULL, 1}};
    assert_fails(m, ww_model_add_interaction(m, nullev, 1, 1, 1, &out),
                 WW_MISUSE, "term \"price\"");
    assert_fails(m, ww_model_add_interaction(m, twice, 0, 1, 1, &out),
                 WW_INVALID, "interaction 1");
    assert_fails(m, ww_model_add_interaction(m, NULL, 1, 1, 1, &out),
                 WW_MISUSE, "interaction 1");
    assert_fails(m, ww_model_add_interaction(m, twice, 1, NAN, 1, &out),
                 WW_INVALID, "interaction 1", "buyer");
    assert_fails(m, ww_model_add_interaction(m, twice, 1, 1, HUGE_VAL, &out),
                 WW_INVALID, "interaction 1", "seller");
    assert_int_equal(out, -7);
    assert_int_equal(ww_model_interaction_count(m), 1);
    assert_fails(m, ww_model_interaction(m, -1, NULL, NULL, NULL),
                 WW_OUT_OF_RANGE, "interaction index -1");
    assert_fails(m, ww_model_interaction_product(m, 3, NULL, NULL),
                 WW_OUT_OF_RANGE);
    ww_model_free(m);
}

static void test_product_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int out = -7;
    assert_fails(m, ww_model_add_product(m, 0, 0, 1, 1, &out), WW_DUPLICATE,
                 "interaction 1", "term \"price\"");
    assert_fails(m, ww_model_add_product(m, 0, 2, 1, 1, &out),
                 WW_OUT_OF_RANGE, "term index 2");
    assert_fails(m, ww_model_add_product(m, -1, 0, 1, 1, &out),
                 WW_OUT_OF_RANGE, "term index -1");
    assert_fails(m, ww_model_add_product(m, 0, 1, NAN, 1, &out), WW_INVALID,
                 "interaction 1", "buyer");
    assert_fails(m, ww_model_add_product(m, 0, 1, 0, -HUGE_VAL, &out),
                 WW_INVALID, "interaction 1", "seller");
    /* A level without a value. */
    assert_ok(m, ww_model_add_level(m, 1, "net 120", 25, -5, NULL));
    assert_fails(m, ww_model_add_product(m, 0, 1, 0, 1, &out), WW_INVALID,
                 "interaction 1: term \"payment\": level \"net 120\" has no "
                 "value");
    assert_int_equal(out, -7);
    assert_ok(m, ww_model_set_level_value(m, 1, 3, 120));
    assert_ok(m, ww_model_add_product(m, 0, 1, 0, 1, &out));
    assert_int_equal(out, 1);
    /* A level added afterwards without a value: validate catches it. */
    assert_ok(m, ww_model_add_level(m, 0, "90k", 50, -10, NULL));
    assert_fails(m, ww_model_validate(m), WW_INVALID,
                 "interaction 1: term \"price\": level \"90k\" has no value");
    ww_evaluation e;
    int pkg[] = {0, 0};
    assert_fails(m, ww_model_evaluate(m, pkg, &e), WW_INVALID, "\"90k\"");
    assert_ok(m, ww_model_set_level_value(m, 0, 3, 90000));
    assert_ok(m, ww_model_validate(m));
    ww_model_free(m);
}

static void test_forbid_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int a[] = {P110}, bad[] = {7};
    ww_condition twice[] = {{0, a, 1}, {0, a, 1}};
    int out = -7;
    assert_fails(m, ww_model_add_forbid(m, twice, 2, &out), WW_DUPLICATE,
                 "constraint 1: term \"price\" appears twice");
    ww_condition badlev[] = {{1, bad, 1}};
    assert_fails(m, ww_model_add_forbid(m, badlev, 1, &out), WW_OUT_OF_RANGE,
                 "constraint 1", "term \"payment\"", "level index 7");
    ww_condition badterm[] = {{9, a, 1}};
    assert_fails(m, ww_model_add_forbid(m, badterm, 1, &out),
                 WW_OUT_OF_RANGE, "constraint 1", "term index 9");
    assert_fails(m, ww_model_add_forbid(m, twice, 0, &out), WW_INVALID,
                 "constraint 1");
    assert_fails(m, ww_model_add_forbid(m, twice, -3, &out), WW_INVALID,
                 "constraint 1");
    assert_fails(m, ww_model_add_forbid(m, NULL, 2, &out), WW_MISUSE);
    assert_int_equal(out, -7);
    assert_int_equal(ww_model_constraint_count(m), 1);
    ww_model_free(m);
}

static void test_linear_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int terms[] = {0, 1}, dup[] = {1, 1}, badt[] = {0, 2};
    double coefs[] = {1, 1}, badc[] = {1, NAN};
    int out = -7;
    assert_fails(m, ww_model_add_linear(m, dup, coefs, 2, 0, 1, &out),
                 WW_DUPLICATE, "linear constraint 1: term \"payment\"",
                 "twice");
    assert_fails(m, ww_model_add_linear(m, badt, coefs, 2, 0, 1, &out),
                 WW_OUT_OF_RANGE, "linear constraint 1", "term index 2");
    assert_fails(m, ww_model_add_linear(m, terms, badc, 2, 0, 1, &out),
                 WW_INVALID, "linear constraint 1: term \"payment\"",
                 "coefficient");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, 2, 1, &out),
                 WW_INVALID, "linear constraint 1", "min");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL,
                                        HUGE_VAL, &out),
                 WW_INVALID, "linear constraint 1", "finite");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, NAN, 1, &out),
                 WW_INVALID, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, 0, NAN, &out),
                 WW_INVALID, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, HUGE_VAL,
                                        HUGE_VAL, &out),
                 WW_INVALID, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 2, 0, -HUGE_VAL,
                                        &out),
                 WW_INVALID, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, terms, coefs, 0, 0, 1, &out),
                 WW_INVALID, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, NULL, coefs, 1, 0, 1, &out),
                 WW_MISUSE, "linear constraint 1");
    assert_fails(m, ww_model_add_linear(m, terms, NULL, 1, 0, 1, &out),
                 WW_MISUSE, "linear constraint 1");
    /* min == max is fine (an equality). */
    assert_ok(m, ww_model_add_linear(m, terms, coefs, 2, 110060, 110060,
                                     &out));
    assert_int_equal(out, 1);

    /* Levels without values. */
    ww_model *s;
    assert_int_equal(ww_model_new(&s), WW_OK);
    assert_ok(s, ww_model_add_term(s, "scope", NULL, NULL));
    assert_ok(s, ww_model_add_level(s, 0, "full", 1, 1, NULL));
    assert_ok(s, ww_model_add_level(s, 0, "basic", 1, 1, NULL));
    assert_ok(s, ww_model_set_level_value(s, 0, 0, 2));
    int t0[] = {0};
    double c0[] = {1};
    assert_fails(s, ww_model_add_linear(s, t0, c0, 1, 0, 1, &out), WW_INVALID,
                 "linear constraint 0: term \"scope\": level \"basic\" has "
                 "no value");
    assert_int_equal(ww_model_constraint_count(s), 0);
    assert_ok(s, ww_model_set_level_value(s, 0, 1, 1));
    assert_ok(s, ww_model_add_linear(s, t0, c0, 1, 0, 1, &out));
    /* A level added after the constraint: caught by validate. */
    assert_ok(s, ww_model_validate(s));
    assert_ok(s, ww_model_add_level(s, 0, "none", 0, 0, NULL));
    assert_fails(s, ww_model_validate(s), WW_INVALID,
                 "linear constraint 0: term \"scope\": level \"none\" has "
                 "no value");
    ww_model_free(s);
    ww_model_free(m);
}

static void test_package_errors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int bad[] = {P110, 3}, neg[] = {-1, 0};
    assert_fails(m, ww_model_set_opening(m, bad), WW_OUT_OF_RANGE,
                 "opening", "term \"payment\"", "level index 3");
    assert_fails(m, ww_model_set_counter(m, neg), WW_OUT_OF_RANGE,
                 "counter", "term \"price\"", "level index -1");
    assert_int_equal(ww_model_opening(m)[0], P120);
    assert_int_equal(ww_model_counter(m)[0], P110);
    assert_fails(m, ww_model_set_budget(m, -1), WW_INVALID,
                 "concession budget");
    assert_fails(m, ww_model_set_budget(m, NAN), WW_INVALID,
                 "concession budget");
    assert_fails(m, ww_model_set_budget(m, HUGE_VAL), WW_INVALID,
                 "concession budget");
    double b;
    assert_int_equal(ww_model_budget(m, &b), 1);
    assert_near(b, 30);

    ww_model *e;
    assert_int_equal(ww_model_new(&e), WW_OK);
    int p[] = {0};
    assert_fails(e, ww_model_set_opening(e, p), WW_INVALID, "no terms");
    assert_fails(e, ww_model_set_budget(e, 1), WW_MISUSE,
                 "concession budget needs an opening");
    ww_model_free(e);
    ww_model_free(m);
}

static void test_validate(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_fails(m, ww_model_validate(m), WW_INVALID, "no terms");
    assert_ok(m, ww_model_add_term(m, "scope", NULL, NULL));
    assert_fails(m, ww_model_validate(m), WW_INVALID,
                 "term \"scope\" has no levels");
    assert_ok(m, ww_model_add_level(m, 0, "basic", 0, 0, NULL));
    assert_ok(m, ww_model_validate(m));
    assert_ok(m, ww_model_add_term(m, "delivery", NULL, NULL));
    assert_fails(m, ww_model_validate(m), WW_INVALID,
                 "term \"delivery\" has no levels");
    assert_ok(m, ww_model_add_level(m, 1, "rush", 0, 0, NULL));
    assert_ok(m, ww_model_validate(m));
    /* A budget without opening can only come from a broken internal
     * state (the API refuses it); validate still checks it. */
    m->has_budget = 1;
    m->budget = 3;
    assert_fails(m, ww_model_validate(m), WW_INVALID,
                 "concession budget needs an opening");
    m->has_budget = 0;
    m->party[WW_SELLER].weight = 0;
    assert_fails(m, ww_model_validate(m), WW_INVALID, "seller weight");
    m->party[WW_SELLER].weight = 1;
    assert_ok(m, ww_model_validate(m));
    ww_model_free(m);
}

/* A query validates the model when it changed since its solver last saw
 * it (solver.c keeps no validation for an unchanged revision): a term
 * added without levels after the solver was made fails the next query,
 * and the query after its level works again. */
static void test_query_validates(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_ok(m, ww_model_add_term(m, "scope", NULL, NULL));
    assert_ok(m, ww_model_add_level(m, 0, "basic", 1, 2, NULL));
    ww_solver *s = NULL;
    assert_ok(m, ww_solver_new(m, &s));
    ww_result *r = NULL;
    assert_ok(m, ww_frontier(s, NULL, &r));
    ww_result_free(r);
    assert_ok(m, ww_model_add_term(m, "delivery", NULL, NULL));
    r = NULL;
    assert_fails(m, ww_frontier(s, NULL, &r), WW_INVALID,
                 "term \"delivery\" has no levels");
    assert_null(r);
    assert_fails(m, ww_best(s, NULL, &r), WW_INVALID,
                 "term \"delivery\" has no levels");
    assert_ok(m, ww_model_add_level(m, 1, "rush", 3, 4, NULL));
    assert_ok(m, ww_frontier(s, NULL, &r));
    assert_int_equal(ww_result_count(r), 1);
    assert_true(ww_result_buyer(r, 0) == 4 && ww_result_seller(r, 0) == 6);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term_errors),
        cmocka_unit_test(test_level_errors),
        cmocka_unit_test(test_party_errors),
        cmocka_unit_test(test_interaction_errors),
        cmocka_unit_test(test_product_errors),
        cmocka_unit_test(test_forbid_errors),
        cmocka_unit_test(test_linear_errors),
        cmocka_unit_test(test_package_errors),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_query_validates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
