/* Version, status texts, options, NULL handles, accessors out of range. */
#include "ww_test.h"

#include <stdlib.h>

#include "model_internal.h"

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(ww_version(), WW_VERSION_STRING);
    assert_int_equal(ww_version_number(), WW_VERSION_NUMBER);
    assert_int_equal(WW_VERSION_NUMBER, WW_VERSION_MAJOR * 10000 +
                                            WW_VERSION_MINOR * 100 +
                                            WW_VERSION_PATCH);
    char buf[32];
    snprintf(buf, sizeof buf, "%d.%d.%d", WW_VERSION_MAJOR, WW_VERSION_MINOR,
             WW_VERSION_PATCH);
    assert_string_equal(ww_version(), buf);
}

static void test_status_texts(void **state)
{
    (void)state;
    assert_string_equal(ww_status_str(WW_OK), "ok");
    assert_string_equal(ww_status_str(WW_INVALID), "invalid argument");
    assert_string_equal(ww_status_str(WW_NOMEM), "out of memory");
    /* Every status has its own non-empty text. */
    for (int s = WW_OK; s <= WW_MISUSE; s++) {
        const char *t = ww_status_str((ww_status)s);
        assert_non_null(t);
        assert_true(strlen(t) > 0);
        assert_string_not_equal(t, "unknown status");
        for (int r = WW_OK; r < s; r++)
            assert_string_not_equal(t, ww_status_str((ww_status)r));
    }
    assert_string_equal(ww_status_str((ww_status)99), "unknown status");
    assert_string_equal(ww_status_str((ww_status)-1), "unknown status");

    assert_string_equal(ww_outcome_str(WW_OUTCOME_OPTIMAL), "optimal");
    assert_string_equal(ww_outcome_str(WW_OUTCOME_INFEASIBLE), "infeasible");
    assert_string_equal(ww_outcome_str(WW_OUTCOME_TIME_LIMIT), "time_limit");
    assert_non_null(ww_outcome_str((ww_outcome)7));

    assert_string_equal(ww_path_str(WW_PATH_AUTO), "auto");
    assert_string_equal(ww_path_str(WW_PATH_MIP), "mip");
    assert_string_equal(ww_path_str(WW_PATH_ENUM), "enum");
    assert_string_equal(ww_path_str(WW_PATH_DP), "dp");
    assert_non_null(ww_path_str((ww_path)42));
}

static void test_options_init(void **state)
{
    (void)state;
    ww_options o;
    memset(&o, 0x7f, sizeof o);
    ww_options_init(&o);
    assert_true(o.time_limit == 0);
    assert_int_equal(o.ignore_limits, 0);
    assert_int_equal(o.override_budget, 0);
    assert_true(o.budget == 0);
    assert_null(o.progress);
    assert_null(o.progress_data);
    assert_int_equal(o.max_points, 0);
    assert_int_equal(o.path, WW_PATH_AUTO);
    ww_options_init(NULL); /* no crash */
}

static void test_free_null(void **state)
{
    (void)state;
    ww_model_free(NULL);
    ww_free(NULL);
    ww_free(ww__strdup("x"));
    assert_null(ww__strdup(NULL));
    ww_result_free(NULL);
    /* a NULL result reads as empty: no crash, no stale pointers */
    const double *u = (const double *)&u;
    const int *p = (const int *)&p;
    assert_int_equal(ww_result_points(NULL, &u, &p), 0);
    assert_null(u);
    assert_null(p);
    assert_int_equal(ww_result_points(NULL, NULL, NULL), 0);
    assert_int_equal(ww_result_count(NULL), 0);
    assert_null(ww_result_package(NULL, 0));
}

static void test_new_defaults(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_non_null(m);
    assert_string_equal(ww_errmsg(m), "");
    assert_null(ww_model_name(m));
    assert_null(ww_model_unit(m));
    for (int p = 0; p < 2; p++) {
        assert_null(ww_model_party_name(m, (ww_party)p));
        double r = 5;
        assert_int_equal(ww_model_reservation(m, (ww_party)p, &r), 0);
        assert_near(r, 5);
        assert_near(ww_model_weight(m, (ww_party)p), 1);
    }
    assert_int_equal(ww_model_term_count(m), 0);
    assert_int_equal(ww_model_interaction_count(m), 0);
    assert_int_equal(ww_model_constraint_count(m), 0);
    assert_int_equal(ww_model_warning_count(m), 0);
    assert_null(ww_model_opening(m));
    assert_null(ww_model_counter(m));
    assert_int_equal(ww_model_budget(m, NULL), 0);
    assert_near(ww_model_package_count(m), 0);
    assert_int_equal(ww_model_new(NULL), WW_MISUSE);
    ww_model_free(m);
}

/* Every entry point with a NULL model: a status or a neutral value. */
static void test_null_model(void **state)
{
    (void)state;
    ww_model *n = NULL;
    int i = 0, pkg[1] = {0};
    double d = 0;
    ww_curve c = {&d, &d, 1};
    ww_condition cond = {0, pkg, 1};
    ww_evaluation e;
    ww_model *out = (ww_model *)&i;
    assert_string_equal(ww_errmsg(NULL), "");
    assert_int_equal(ww_model_clone(NULL, &out), WW_MISUSE);
    assert_null(out);
    assert_int_equal(ww_model_set_name(n, "x"), WW_MISUSE);
    assert_int_equal(ww_model_set_unit(n, "x"), WW_MISUSE);
    assert_int_equal(ww_model_set_party_name(n, WW_BUYER, "x"), WW_MISUSE);
    assert_int_equal(ww_model_set_reservation(n, WW_BUYER, 1), WW_MISUSE);
    assert_int_equal(ww_model_clear_reservation(n, WW_BUYER), WW_MISUSE);
    assert_int_equal(ww_model_set_weight(n, WW_BUYER, 1), WW_MISUSE);
    assert_int_equal(ww_model_add_term(n, "x", NULL, &i), WW_MISUSE);
    assert_int_equal(ww_model_add_level(n, 0, "x", 1, 1, &i), WW_MISUSE);
    assert_int_equal(ww_model_set_level_value(n, 0, 0, 1), WW_MISUSE);
    assert_int_equal(ww_model_add_range_term(n, "x", NULL, 0, 1, 1, &c, &c,
                                             NULL),
                     WW_MISUSE);
    assert_int_equal(ww_model_find_term(n, "x", &i), WW_MISUSE);
    assert_int_equal(ww_model_find_level(n, 0, "x", &i), WW_MISUSE);
    assert_int_equal(ww_model_add_interaction(n, &cond, 1, 1, 1, NULL),
                     WW_MISUSE);
    assert_int_equal(ww_model_add_product(n, 0, 1, 1, 1, NULL), WW_MISUSE);
    assert_int_equal(ww_model_interaction(n, 0, NULL, NULL, NULL), WW_MISUSE);
    assert_int_equal(ww_model_interaction_product(n, 0, &i, &i), WW_MISUSE);
    assert_int_equal(ww_model_add_forbid(n, &cond, 1, NULL), WW_MISUSE);
    assert_int_equal(ww_model_add_linear(n, pkg, &d, 1, 0, 1, NULL),
                     WW_MISUSE);
    assert_int_equal(ww_model_constraint_kind(n, 0, NULL), WW_MISUSE);
    assert_int_equal(ww_model_set_opening(n, pkg), WW_MISUSE);
    assert_int_equal(ww_model_set_counter(n, pkg), WW_MISUSE);
    assert_int_equal(ww_model_set_budget(n, 1), WW_MISUSE);
    assert_int_equal(ww_model_clear_budget(n), WW_MISUSE);
    assert_int_equal(ww_model_validate(n), WW_MISUSE);
    assert_int_equal(ww_model_evaluate(n, pkg, &e), WW_MISUSE);

    assert_null(ww_model_name(n));
    assert_null(ww_model_unit(n));
    assert_null(ww_model_party_name(n, WW_SELLER));
    assert_int_equal(ww_model_reservation(n, WW_SELLER, &d), 0);
    assert_true(isnan(ww_model_weight(n, WW_SELLER)));
    assert_int_equal(ww_model_term_range(n, 0, &d, &d, &d, &c, &c), 0);
    assert_int_equal(ww_model_term_count(n), 0);
    assert_null(ww_model_term_name(n, 0));
    assert_null(ww_model_term_unit(n, 0));
    assert_int_equal(ww_model_level_count(n, 0), 0);
    assert_null(ww_model_level_label(n, 0, 0));
    assert_true(isnan(ww_model_level_buyer(n, 0, 0)));
    assert_true(isnan(ww_model_level_seller(n, 0, 0)));
    assert_int_equal(ww_model_level_value(n, 0, 0, &d), 0);
    assert_near(ww_model_package_count(n), 0);
    assert_int_equal(ww_model_interaction_count(n), 0);
    assert_int_equal(ww_model_interaction_when(n, 0, &cond, 1), -1);
    assert_int_equal(ww_model_constraint_count(n), 0);
    assert_int_equal(ww_model_constraint_forbid(n, 0, &cond, 1), -1);
    assert_int_equal(ww_model_constraint_linear(n, 0, NULL, NULL, NULL, NULL),
                     -1);
    assert_null(ww_model_opening(n));
    assert_null(ww_model_counter(n));
    assert_int_equal(ww_model_budget(n, &d), 0);
    assert_int_equal(ww_model_warning_count(n), 0);
    assert_null(ww_model_warning(n, 0));
}

/* Accessors with bad indices on a real model never crash. */
static void test_bad_indices(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int bad_terms[] = {-1, 2, 1000, -1000};
    double d = 123;
    ww_curve c;
    ww_condition cond;
    for (size_t k = 0; k < sizeof bad_terms / sizeof *bad_terms; k++) {
        int t = bad_terms[k];
        assert_null(ww_model_term_name(m, t));
        assert_null(ww_model_term_unit(m, t));
        assert_int_equal(ww_model_level_count(m, t), 0);
        assert_null(ww_model_level_label(m, t, 0));
        assert_true(isnan(ww_model_level_buyer(m, t, 0)));
        assert_true(isnan(ww_model_level_seller(m, t, 0)));
        assert_int_equal(ww_model_level_value(m, t, 0, &d), 0);
        assert_int_equal(ww_model_term_range(m, t, &d, &d, &d, &c, &c), 0);
        assert_int_equal(ww_model_interaction_when(m, t, &cond, 1), -1);
        assert_int_equal(ww_model_constraint_forbid(m, t, &cond, 1), -1);
        assert_int_equal(
            ww_model_constraint_linear(m, t, NULL, NULL, NULL, NULL), -1);
        assert_null(ww_model_warning(m, t));
    }
    assert_near(d, 123);
    int bad_levels[] = {-1, 3, 99};
    for (size_t k = 0; k < 3; k++) {
        int l = bad_levels[k];
        assert_null(ww_model_level_label(m, 0, l));
        assert_true(isnan(ww_model_level_buyer(m, 1, l)));
        assert_true(isnan(ww_model_level_seller(m, 1, l)));
        assert_int_equal(ww_model_level_value(m, 0, l, &d), 0);
    }
    assert_true(isnan(ww_model_weight(m, (ww_party)2)));
    assert_null(ww_model_party_name(m, (ww_party)-1));
    assert_int_equal(ww_model_reservation(m, (ww_party)5, &d), 0);
    /* A linear accessor on a forbid and vice versa. */
    assert_int_equal(ww_model_constraint_linear(m, 0, NULL, NULL, NULL, NULL),
                     -1);
    ww_model_free(m);
}

static void test_warnings(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_int_equal(ww__warn(m, "level %d: %s", 3, "maxutility too low"),
                     WW_OK);
    assert_int_equal(ww__warn(m, "second"), WW_OK);
    assert_int_equal(ww_model_warning_count(m), 2);
    assert_string_equal(ww_model_warning(m, 0), "level 3: maxutility too low");
    assert_string_equal(ww_model_warning(m, 1), "second");
    assert_null(ww_model_warning(m, 2));
    assert_null(ww_model_warning(m, -1));
    assert_int_equal(ww__warn(NULL, "x"), WW_MISUSE);
    ww_model *c;
    assert_int_equal(ww_model_clone(m, &c), WW_OK);
    assert_int_equal(ww_model_warning_count(c), 2);
    assert_string_equal(ww_model_warning(c, 1), "second");
    assert_ptr_not_equal(ww_model_warning(c, 1), ww_model_warning(m, 1));
    ww_model_free(c);
    ww_model_free(m);
}

static void test_fail_ok(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    const ww_model *cm = m;
    assert_int_equal(ww__fail(cm, WW_INVALID, "term \"%s\": %d", "x", 7),
                     WW_INVALID);
    assert_string_equal(ww_errmsg(m), "term \"x\": 7");
    assert_int_equal(ww__ok(cm), WW_OK);
    assert_string_equal(ww_errmsg(m), "");
    assert_int_equal(ww__fail(NULL, WW_NOMEM, "x"), WW_NOMEM);
    assert_int_equal(ww__ok(NULL), WW_OK);
    /* Long messages are truncated, not overflowed. */
    char big[3000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ww__fail(cm, WW_INVALID, "%s", big);
    assert_int_equal(strlen(ww_errmsg(m)), 1023);
    /* A successful call clears the message. */
    assert_int_equal(ww_model_set_name(m, "n"), WW_OK);
    assert_string_equal(ww_errmsg(m), "");
    /* Each model keeps its own message: the thread keeps the last 8 */
    ww_model *more[8];
    for (int i = 0; i < 8; i++) {
        assert_int_equal(ww_model_new(&more[i]), WW_OK);
        ww__fail(more[i], WW_INVALID, "model %d", i);
    }
    for (int i = 0; i < 8; i++) {
        char want[16];
        snprintf(want, sizeof want, "model %d", i);
        assert_string_equal(ww_errmsg(more[i]), want);
    }
    /* A freed model's message never answers for a new one */
    ww_model_free(more[3]);
    assert_int_equal(ww_model_new(&more[3]), WW_OK);
    assert_string_equal(ww_errmsg(more[3]), "");
    for (int i = 0; i < 8; i++)
        ww_model_free(more[i]);
    ww_model_free(m);
}

/* Strings reach the model only as valid UTF-8: a model built through
 * the API with "bad \xff" as its name saved as "out of memory" (jansson
 * refuses the string), and could not be saved at all. */
static void test_utf8_only(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xff", "a\x80", "\xc0\xaf" /* overlong '/' */,
        "\xed\xa0\x80" /* a surrogate */, "\xf4\x90\x80\x80" /* > U+10FFFF */,
        "\xe2\x82" /* cut short */, "\xc2"};
    static const char *const good[] = {
        "", "plain", "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac",
        "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
        "\xef\xbf\xbf"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(ww__utf8_valid(bad[i]));
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(ww__utf8_valid(good[i]));
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t;
    assert_int_equal(ww_model_add_term(m, "t", "\xe2\x82\xac", &t), WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "\xc3\xa9", 1, 2, NULL), WW_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(ww_model_set_name(m, bad[i]), WW_INVALID);
        assert_non_null(strstr(ww_errmsg(m), "not valid UTF-8"));
        assert_int_equal(ww_model_set_unit(m, bad[i]), WW_INVALID);
        assert_int_equal(ww_model_set_party_name(m, WW_SELLER, bad[i]),
                         WW_INVALID);
        assert_int_equal(ww_model_add_term(m, bad[i], NULL, NULL),
                         WW_INVALID);
        assert_int_equal(ww_model_add_term(m, "u", bad[i], NULL), WW_INVALID);
        assert_int_equal(ww_model_add_level(m, t, bad[i], 0, 0, NULL),
                         WW_INVALID);
    }
    assert_int_equal(ww_model_term_count(m), 1);
    assert_int_equal(ww_model_level_count(m, t), 1);
    assert_null(ww_model_name(m));
    char *text = NULL;
    assert_int_equal(ww_model_save_string(m, &text), WW_OK);
    assert_non_null(strstr(text, "\xc3\xa9"));
    free(text);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_status_texts),
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_new_defaults),
        cmocka_unit_test(test_null_model),
        cmocka_unit_test(test_bad_indices),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_fail_ok),
        cmocka_unit_test(test_utf8_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
