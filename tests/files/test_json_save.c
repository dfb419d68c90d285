/* test_json_save.c — save -> load -> save gives the same text and the same
 * model, on the fixtures and on models built through the API with awkward
 * numbers and strings. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winwin.h"

#define DATA WW_TEST_DATA "/"

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

static void same_conds(const ww_condition *a, int na, const ww_condition *b,
                       int nb)
{
    assert_int_equal(na, nb);
    for (int i = 0; i < na; i++) {
        assert_int_equal(a[i].term, b[i].term);
        assert_int_equal(a[i].nlevels, b[i].nlevels);
        for (int k = 0; k < a[i].nlevels; k++)
            assert_int_equal(a[i].levels[k], b[i].levels[k]);
    }
}

/* Every accessor gives the same answer, bit for bit. */
static void assert_same_model(ww_model *a, ww_model *b)
{
    same_str(ww_model_name(a), ww_model_name(b));
    same_str(ww_model_unit(a), ww_model_unit(b));
    for (int p = 0; p < 2; p++) {
        double ra = 0, rb = 0;
        same_str(ww_model_party_name(a, (ww_party)p),
                 ww_model_party_name(b, (ww_party)p));
        assert_int_equal(ww_model_reservation(a, (ww_party)p, &ra),
                         ww_model_reservation(b, (ww_party)p, &rb));
        assert_true(ra == rb);
        assert_true(ww_model_weight(a, (ww_party)p) ==
                    ww_model_weight(b, (ww_party)p));
    }
    int nt = ww_model_term_count(a);
    assert_int_equal(nt, ww_model_term_count(b));
    for (int t = 0; t < nt; t++) {
        same_str(ww_model_term_name(a, t), ww_model_term_name(b, t));
        same_str(ww_model_term_unit(a, t), ww_model_term_unit(b, t));
        double fa, ta, sa, fb, tb, sb;
        ww_curve ba, sca, bb, scb;
        int ra = ww_model_term_range(a, t, &fa, &ta, &sa, &ba, &sca);
        assert_int_equal(ra, ww_model_term_range(b, t, &fb, &tb, &sb, &bb,
                                                 &scb));
        if (ra) {
            assert_true(fa == fb && ta == tb && sa == sb);
            assert_int_equal(ba.npoints, bb.npoints);
            assert_int_equal(sca.npoints, scb.npoints);
            for (int i = 0; i < ba.npoints; i++)
                assert_true(ba.x[i] == bb.x[i] && ba.u[i] == bb.u[i]);
            for (int i = 0; i < sca.npoints; i++)
                assert_true(sca.x[i] == scb.x[i] && sca.u[i] == scb.u[i]);
        }
        int nl = ww_model_level_count(a, t);
        assert_int_equal(nl, ww_model_level_count(b, t));
        for (int l = 0; l < nl; l++) {
            same_str(ww_model_level_label(a, t, l),
                     ww_model_level_label(b, t, l));
            assert_true(ww_model_level_buyer(a, t, l) ==
                        ww_model_level_buyer(b, t, l));
            assert_true(ww_model_level_seller(a, t, l) ==
                        ww_model_level_seller(b, t, l));
            double va = 0, vb = 0;
            assert_int_equal(ww_model_level_value(a, t, l, &va),
                             ww_model_level_value(b, t, l, &vb));
            assert_true(va == vb);
        }
    }
    int ni = ww_model_interaction_count(a);
    assert_int_equal(ni, ww_model_interaction_count(b));
    for (int i = 0; i < ni; i++) {
        ww_interaction_kind ka, kb;
        double ba, sa, bb, sb;
        assert_int_equal(ww_model_interaction(a, i, &ka, &ba, &sa), WW_OK);
        assert_int_equal(ww_model_interaction(b, i, &kb, &bb, &sb), WW_OK);
        assert_int_equal(ka, kb);
        assert_true(ba == bb && sa == sb);
        if (ka == WW_INTERACTION_PRODUCT) {
            int a1, a2, b1, b2;
            assert_int_equal(ww_model_interaction_product(a, i, &a1, &a2),
                             WW_OK);
            assert_int_equal(ww_model_interaction_product(b, i, &b1, &b2),
                             WW_OK);
            assert_true(a1 == b1 && a2 == b2);
        } else {
            ww_condition ca[64], cb[64];
            int na = ww_model_interaction_when(a, i, ca, 64);
            int nb = ww_model_interaction_when(b, i, cb, 64);
            same_conds(ca, na, cb, nb);
        }
    }
    int nc = ww_model_constraint_count(a);
    assert_int_equal(nc, ww_model_constraint_count(b));
    for (int i = 0; i < nc; i++) {
        ww_constraint_kind ka, kb;
        assert_int_equal(ww_model_constraint_kind(a, i, &ka), WW_OK);
        assert_int_equal(ww_model_constraint_kind(b, i, &kb), WW_OK);
        assert_int_equal(ka, kb);
        if (ka == WW_CONSTRAINT_FORBID) {
            ww_condition ca[64], cb[64];
            int na = ww_model_constraint_forbid(a, i, ca, 64);
            int nb = ww_model_constraint_forbid(b, i, cb, 64);
            same_conds(ca, na, cb, nb);
        } else {
            const int *ta, *tb;
            const double *ca, *cb;
            double mina, maxa, minb, maxb;
            int na = ww_model_constraint_linear(a, i, &ta, &ca, &mina, &maxa);
            int nb = ww_model_constraint_linear(b, i, &tb, &cb, &minb, &maxb);
            assert_int_equal(na, nb);
            for (int k = 0; k < na; k++)
                assert_true(ta[k] == tb[k] && ca[k] == cb[k]);
            assert_true(mina == minb && maxa == maxb);
        }
    }
    const int *oa = ww_model_opening(a), *ob = ww_model_opening(b);
    assert_true(!oa == !ob);
    for (int t = 0; oa && t < nt; t++)
        assert_int_equal(oa[t], ob[t]);
    oa = ww_model_counter(a);
    ob = ww_model_counter(b);
    assert_true(!oa == !ob);
    for (int t = 0; oa && t < nt; t++)
        assert_int_equal(oa[t], ob[t]);
    double ga = 0, gb = 0;
    assert_int_equal(ww_model_budget(a, &ga), ww_model_budget(b, &gb));
    assert_true(ga == gb);
}

/* save -> load -> save: same text, same model.  Returns the text. */
static char *round_trip(ww_model *m)
{
    char *t1, *t2;
    assert_int_equal(ww_model_save_string(m, &t1), WW_OK);
    ww_model *back;
    ww_error err;
    if (ww_model_load_string(t1, strlen(t1), "saved.json", &back, &err))
        fail_msg("%s\n--\n%s", err.text, t1);
    assert_same_model(m, back);
    assert_int_equal(ww_model_save_string(back, &t2), WW_OK);
    assert_string_equal(t1, t2);
    ww_model_free(back);
    free(t2);
    return t1;
}

static void test_fixtures(void **state)
{
    (void)state;
    const char *files[] = {DATA "acme.json", DATA "range_product.json"};
    for (size_t i = 0; i < 2; i++) {
        ww_model *m;
        ww_error err;
        if (ww_model_load_file(files[i], &m, &err))
            fail_msg("%s", err.text);
        free(round_trip(m));
        ww_model_free(m);
    }
}

/* The spec's example reads back in the spec's key order and layout. */
static void test_layout(void **state)
{
    (void)state;
    ww_model *m;
    ww_error err;
    assert_int_equal(ww_model_load_file(DATA "acme.json", &m, &err), WW_OK);
    char *t = round_trip(m);
    const char *order[] = {"\"format\": \"winwin/1\"", "\"name\"", "\"unit\"",
                           "\"buyer\"", "\"seller\"", "\"terms\"",
                           "\"interactions\"", "\"constraints\"",
                           "\"opening\"", "\"counter\"",
                           "\"concession_budget\": 30"};
    const char *at = t;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(at, order[i]);
        if (!p)
            fail_msg("%s not found in order in\n%s", order[i], t);
        at = p;
    }
    assert_non_null(strstr(t, "\n  \"terms\": [\n    {\n      \"name\": "
                              "\"price\",\n"));
    assert_non_null(strstr(t, "{\"label\": \"110k\", \"value\": 110000, "
                              "\"buyer\": 20, \"seller\": 25}"));
    assert_non_null(strstr(t, "\"payment\": [\"net 60\", \"net 90\"]"));
    assert_null(strstr(t, "weight")); /* default weights are left out */
    assert_true(t[strlen(t) - 1] == '\n');
    free(t);
    ww_model_free(m);
}

static void test_awkward_values(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_int_equal(ww_model_set_name(m, "q\"uote\\ tab\t nl\n \xe2\x82\xac"),
                     WW_OK);
    assert_int_equal(ww_model_set_party_name(m, WW_SELLER, "S"), WW_OK);
    assert_int_equal(ww_model_set_weight(m, WW_SELLER, 1.0 / 3), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_BUYER, -1e-300), WW_OK);
    const double vals[] = {0.1,     1.0 / 3,  -2.5e17, 123456789.123456789,
                           1e-7,    5e-324,   1.7976931348623157e308,
                           -0.0,    0.30000000000000004, 1e15, 999999999999999};
    int nv = (int)(sizeof vals / sizeof vals[0]);
    int t, u;
    assert_int_equal(ww_model_add_term(m, "x", "u/\"1\"", &t), WW_OK);
    for (int i = 0; i < nv; i++) {
        char label[32];
        snprintf(label, sizeof label, "L%d \x01", i);
        assert_int_equal(ww_model_add_level(m, t, label, vals[i],
                                            -vals[nv - 1 - i], NULL),
                         WW_OK);
        assert_int_equal(ww_model_set_level_value(m, t, i, vals[i] / 7),
                         WW_OK);
    }
    assert_int_equal(ww_model_add_term(m, "y", NULL, &u), WW_OK);
    for (int i = 0; i < 4; i++) {
        char label[8];
        snprintf(label, sizeof label, "%d", i);
        assert_int_equal(ww_model_add_level(m, u, label, i * 0.7, 3 - i,
                                            NULL),
                         WW_OK);
        assert_int_equal(ww_model_set_level_value(m, u, i, i), WW_OK);
    }
    double x[] = {-1.5, 0.25, 8}, bu[] = {0.1, 0.2, 0.3},
           su[] = {1e-9, -4, 2.0 / 3};
    ww_curve cb = {x, bu, 3}, cs = {x, su, 3};
    assert_int_equal(ww_model_add_range_term(m, "r", NULL, -1.5, 8, 0.1, &cb,
                                             &cs, NULL),
                     WW_OK);
    int lv[] = {3, 1, 2};
    ww_condition c[2] = {{u, lv, 3}, {t, lv, 1}};
    assert_int_equal(ww_model_add_interaction(m, c, 2, 0.1, -0.7, NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_product(m, u, 2, 1e-3, -2e-4, NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_forbid(m, c, 1, NULL), WW_OK);
    int terms[] = {2, 0};
    double coefs[] = {0.1, -1.0 / 7};
    assert_int_equal(ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, 0.3,
                                         NULL),
                     WW_OK);
    assert_int_equal(ww_model_add_linear(m, terms, coefs, 1, -0.3, HUGE_VAL,
                                         NULL),
                     WW_OK);
    int pkg[3] = {1, 2, 40};
    assert_int_equal(ww_model_set_opening(m, pkg), WW_OK);
    assert_int_equal(ww_model_set_budget(m, 0.1 + 0.2), WW_OK);
    free(round_trip(m));

    /* save_file / load_file */
    const char *path = WW_TEST_TMP "/saved_awkward.json";
    assert_int_equal(ww_model_save_file(m, path), WW_OK);
    ww_model *back;
    ww_error err;
    assert_int_equal(ww_model_load_file(path, &back, &err), WW_OK);
    assert_same_model(m, back);
    ww_model_free(back);
    remove(path);

    assert_int_equal(ww_model_save_file(m, WW_TEST_TMP "/no/such/dir.json"),
                     WW_IO_ERROR);
    assert_non_null(strstr(ww_errmsg(m), "no/such/dir.json"));
    char *s;
    assert_int_equal(ww_model_save_string(NULL, &s), WW_MISUSE);
    assert_int_equal(ww_model_save_string(m, NULL), WW_MISUSE);
    ww_model_free(m);
}

/* Every level count of a range, and a model without optional parts. */
static void test_minimal(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    int t;
    assert_int_equal(ww_model_add_term(m, "only", NULL, &t), WW_OK);
    assert_int_equal(ww_model_add_level(m, t, "one", 0, 0, NULL), WW_OK);
    char *s = round_trip(m);
    assert_string_equal(s, "{\n"
                           "  \"format\": \"winwin/1\",\n"
                           "  \"terms\": [{\"name\": \"only\", \"levels\": "
                           "[{\"label\": \"one\", \"buyer\": 0, \"seller\": "
                           "0}]}]\n"
                           "}\n");
    free(s);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_awkward_values),
        cmocka_unit_test(test_minimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
