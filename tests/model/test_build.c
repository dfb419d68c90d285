/* Building a model through the API and reading it back; clone; revision. */
#include "ww_test.h"

#include <stdlib.h>

#include "model_internal.h"

static void test_acme_accessors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    assert_string_equal(ww_model_name(m), "Acme renewal");
    assert_string_equal(ww_model_unit(m), "points");
    assert_string_equal(ww_model_party_name(m, WW_BUYER), "Acme Corp");
    assert_string_equal(ww_model_party_name(m, WW_SELLER), "Vendor");
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_near(r, 20);
    assert_int_equal(ww_model_reservation(m, WW_SELLER, &r), 1);
    assert_near(r, 10);
    assert_int_equal(ww_model_reservation(m, WW_SELLER, NULL), 1);
    assert_int_equal(ww_model_term_count(m), 2);
    assert_string_equal(ww_model_term_name(m, 0), "price");
    assert_string_equal(ww_model_term_unit(m, 0), "USD/yr");
    assert_string_equal(ww_model_term_name(m, 1), "payment");
    assert_int_equal(ww_model_level_count(m, 0), 3);
    assert_string_equal(ww_model_level_label(m, 0, 1), "110k");
    assert_near(ww_model_level_buyer(m, 0, 1), 20);
    assert_near(ww_model_level_seller(m, 0, 1), 25);
    double v;
    assert_int_equal(ww_model_level_value(m, 0, 2, &v), 1);
    assert_near(v, 120000);
    assert_int_equal(ww_model_level_value(m, 1, 0, NULL), 1);
    assert_string_equal(ww_model_level_label(m, 1, 2), "net 90");
    assert_near(ww_model_package_count(m), 9);
    assert_int_equal(ww_model_term_range(m, 0, NULL, NULL, NULL, NULL, NULL),
                     0);

    int i;
    assert_ok(m, ww_model_find_term(m, "payment", &i));
    assert_int_equal(i, 1);
    assert_ok(m, ww_model_find_level(m, 1, "net 60", &i));
    assert_int_equal(i, 1);
    assert_fails(m, ww_model_find_term(m, "Price", &i), WW_NOT_FOUND,
                 "\"Price\"");
    assert_fails(m, ww_model_find_level(m, 0, "net 60", &i), WW_NOT_FOUND,
                 "term \"price\"", "\"net 60\"");
    assert_fails(m, ww_model_find_level(m, 2, "x", &i), WW_OUT_OF_RANGE);
    assert_fails(m, ww_model_find_term(m, NULL, &i), WW_MISUSE);
    assert_fails(m, ww_model_find_term(m, "price", NULL), WW_MISUSE);
    assert_fails(m, ww_model_find_level(m, 0, NULL, &i), WW_MISUSE);

    /* Interaction 0. */
    assert_int_equal(ww_model_interaction_count(m), 1);
    ww_interaction_kind k;
    double b, s;
    assert_ok(m, ww_model_interaction(m, 0, &k, &b, &s));
    assert_int_equal(k, WW_INTERACTION_WHEN);
    assert_near(b, 0);
    assert_near(s, -4);
    assert_ok(m, ww_model_interaction(m, 0, NULL, NULL, NULL));
    assert_fails(m, ww_model_interaction(m, 1, &k, &b, &s), WW_OUT_OF_RANGE);
    assert_int_equal(ww_model_interaction_when(m, 0, NULL, 0), 2);
    ww_condition c[2];
    assert_int_equal(ww_model_interaction_when(m, 0, c, 1), 2);
    assert_int_equal(c[0].term, 0);
    assert_int_equal(c[0].nlevels, 1);
    assert_int_equal(c[0].levels[0], P120);
    assert_int_equal(ww_model_interaction_when(m, 0, c, 2), 2);
    assert_int_equal(c[1].term, 1);
    assert_int_equal(c[1].nlevels, 2);
    assert_int_equal(c[1].levels[0], N60);
    assert_int_equal(c[1].levels[1], N90);
    int ta, tb;
    assert_fails(m, ww_model_interaction_product(m, 0, &ta, &tb), WW_INVALID,
                 "interaction 0");

    /* Constraint 0. */
    assert_int_equal(ww_model_constraint_count(m), 1);
    ww_constraint_kind ck;
    assert_ok(m, ww_model_constraint_kind(m, 0, &ck));
    assert_int_equal(ck, WW_CONSTRAINT_FORBID);
    assert_fails(m, ww_model_constraint_kind(m, 1, &ck), WW_OUT_OF_RANGE);
    assert_fails(m, ww_model_constraint_kind(m, -1, &ck), WW_OUT_OF_RANGE);
    assert_int_equal(ww_model_constraint_forbid(m, 0, c, 2), 2);
    assert_int_equal(c[0].levels[0], P100);
    assert_int_equal(c[1].levels[0], N90);

    const int *o = ww_model_opening(m), *cn = ww_model_counter(m);
    assert_non_null(o);
    assert_int_equal(o[0], P120);
    assert_int_equal(o[1], N30);
    assert_int_equal(cn[0], P110);
    assert_int_equal(cn[1], N30);
    assert_int_equal(ww_model_budget(m, &b), 1);
    assert_near(b, 30);
    ww_model_free(m);
}

static void test_products_linear_accessors(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    int idx;
    assert_ok(m, ww_model_add_product(m, 1, 0, 0.25, -0.0002, &idx));
    assert_int_equal(idx, 1);
    ww_interaction_kind k;
    double b, s;
    assert_ok(m, ww_model_interaction(m, 1, &k, &b, &s));
    assert_int_equal(k, WW_INTERACTION_PRODUCT);
    assert_near(b, 0.25);
    assert_near(s, -0.0002);
    int ta = -1, tb = -1;
    assert_ok(m, ww_model_interaction_product(m, 1, &ta, &tb));
    assert_int_equal(ta, 1);
    assert_int_equal(tb, 0);
    assert_ok(m, ww_model_interaction_product(m, 1, NULL, NULL));
    assert_int_equal(ww_model_interaction_when(m, 1, NULL, 0), -1);

    int terms[] = {1, 0};
    double coefs[] = {2, -0.5};
    assert_ok(m, ww_model_add_linear(m, terms, coefs, 2, -HUGE_VAL, 7, &idx));
    assert_int_equal(idx, 1);
    ww_constraint_kind ck;
    assert_ok(m, ww_model_constraint_kind(m, 1, &ck));
    assert_int_equal(ck, WW_CONSTRAINT_LINEAR);
    const int *t;
    const double *c;
    double lo, hi;
    assert_int_equal(ww_model_constraint_linear(m, 1, &t, &c, &lo, &hi), 2);
    assert_int_equal(t[0], 1);
    assert_int_equal(t[1], 0);
    assert_near(c[0], 2);
    assert_near(c[1], -0.5);
    assert_true(lo == -HUGE_VAL);
    assert_near(hi, 7);
    assert_int_equal(ww_model_constraint_linear(m, 1, NULL, NULL, NULL, NULL),
                     2);
    assert_int_equal(ww_model_constraint_forbid(m, 1, NULL, 0), -1);
    ww_model_free(m);
}

static void test_names_and_parties(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_ok(m, ww_model_set_name(m, "a"));
    assert_ok(m, ww_model_set_name(m, "b"));
    assert_string_equal(ww_model_name(m), "b");
    assert_ok(m, ww_model_set_name(m, NULL));
    assert_null(ww_model_name(m));
    assert_ok(m, ww_model_set_unit(m, "USD"));
    assert_ok(m, ww_model_set_unit(m, NULL));
    assert_null(ww_model_unit(m));
    assert_ok(m, ww_model_set_party_name(m, WW_SELLER, "S"));
    assert_ok(m, ww_model_set_party_name(m, WW_SELLER, NULL));
    assert_null(ww_model_party_name(m, WW_SELLER));
    assert_ok(m, ww_model_set_reservation(m, WW_BUYER, -3.5));
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_near(r, -3.5);
    assert_ok(m, ww_model_clear_reservation(m, WW_BUYER));
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 0);
    assert_ok(m, ww_model_set_weight(m, WW_SELLER, 0.001));
    assert_near(ww_model_weight(m, WW_SELLER), 0.001);
    ww_model_free(m);
}

static void test_opening_counter_budget(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    /* Clearing the opening while a budget is set is an error. */
    assert_fails(m, ww_model_set_opening(m, NULL), WW_MISUSE, "budget");
    assert_non_null(ww_model_opening(m));
    assert_ok(m, ww_model_clear_budget(m));
    assert_int_equal(ww_model_budget(m, NULL), 0);
    assert_ok(m, ww_model_set_opening(m, NULL));
    assert_null(ww_model_opening(m));
    assert_fails(m, ww_model_set_budget(m, 5), WW_MISUSE,
                 "concession budget needs an opening");
    assert_ok(m, ww_model_set_counter(m, NULL));
    assert_null(ww_model_counter(m));
    int pkg[] = {P100, N60};
    assert_ok(m, ww_model_set_opening(m, pkg));
    pkg[0] = P120; /* the model keeps its own copy */
    assert_int_equal(ww_model_opening(m)[0], P100);
    assert_ok(m, ww_model_set_budget(m, 0));
    double b = -1;
    assert_int_equal(ww_model_budget(m, &b), 1);
    assert_near(b, 0);
    ww_model_free(m);
}

/* Deep comparison through the public accessors. */
static void assert_same_model(const ww_model *a, const ww_model *b)
{
    assert_ptr_not_equal(a, b);
    const char *sa = ww_model_name(a), *sb = ww_model_name(b);
    assert_true((sa == NULL) == (sb == NULL));
    if (sa)
        assert_string_equal(sa, sb);
    for (int p = 0; p < 2; p++) {
        double ra = 0, rb = 0;
        assert_int_equal(ww_model_reservation(a, (ww_party)p, &ra),
                         ww_model_reservation(b, (ww_party)p, &rb));
        assert_near(ra, rb);
        assert_near(ww_model_weight(a, (ww_party)p),
                    ww_model_weight(b, (ww_party)p));
        const char *na = ww_model_party_name(a, (ww_party)p);
        const char *nb = ww_model_party_name(b, (ww_party)p);
        assert_true((na == NULL) == (nb == NULL));
        if (na)
            assert_string_equal(na, nb);
    }
    int nt = ww_model_term_count(a);
    assert_int_equal(nt, ww_model_term_count(b));
    for (int t = 0; t < nt; t++) {
        assert_string_equal(ww_model_term_name(a, t),
                            ww_model_term_name(b, t));
        assert_ptr_not_equal(ww_model_term_name(a, t),
                             ww_model_term_name(b, t));
        int nl = ww_model_level_count(a, t);
        assert_int_equal(nl, ww_model_level_count(b, t));
        for (int l = 0; l < nl; l++) {
            assert_string_equal(ww_model_level_label(a, t, l),
                                ww_model_level_label(b, t, l));
            assert_near(ww_model_level_buyer(a, t, l),
                        ww_model_level_buyer(b, t, l));
            assert_near(ww_model_level_seller(a, t, l),
                        ww_model_level_seller(b, t, l));
            double va = 0, vb = 0;
            assert_int_equal(ww_model_level_value(a, t, l, &va),
                             ww_model_level_value(b, t, l, &vb));
            assert_near(va, vb);
        }
        double fa = 0, fb = 0;
        ww_curve ca[2], cb[2];
        int ra = ww_model_term_range(a, t, &fa, NULL, NULL, &ca[0], &ca[1]);
        assert_int_equal(ra, ww_model_term_range(b, t, &fb, NULL, NULL,
                                                 &cb[0], &cb[1]));
        if (ra) {
            assert_near(fa, fb);
            for (int p = 0; p < 2; p++) {
                assert_int_equal(ca[p].npoints, cb[p].npoints);
                assert_ptr_not_equal(ca[p].x, cb[p].x);
                for (int i = 0; i < ca[p].npoints; i++) {
                    assert_near(ca[p].x[i], cb[p].x[i]);
                    assert_near(ca[p].u[i], cb[p].u[i]);
                }
            }
        }
    }
    int ni = ww_model_interaction_count(a);
    assert_int_equal(ni, ww_model_interaction_count(b));
    for (int i = 0; i < ni; i++) {
        ww_condition x[8], y[8];
        int n = ww_model_interaction_when(a, i, x, 8);
        assert_int_equal(n, ww_model_interaction_when(b, i, y, 8));
        for (int k = 0; k < n; k++) {
            assert_int_equal(x[k].term, y[k].term);
            assert_int_equal(x[k].nlevels, y[k].nlevels);
            assert_ptr_not_equal(x[k].levels, y[k].levels);
            assert_memory_equal(x[k].levels, y[k].levels,
                                sizeof(int) * (size_t)x[k].nlevels);
        }
    }
    int nc = ww_model_constraint_count(a);
    assert_int_equal(nc, ww_model_constraint_count(b));
    for (int i = 0; i < nc; i++) {
        const int *ta, *tb;
        const double *ka, *kb;
        double la, lb, ha, hb;
        int n = ww_model_constraint_linear(a, i, &ta, &ka, &la, &ha);
        assert_int_equal(n, ww_model_constraint_linear(b, i, &tb, &kb, &lb,
                                                       &hb));
        if (n > 0) {
            assert_memory_equal(ta, tb, sizeof(int) * (size_t)n);
            assert_memory_equal(ka, kb, sizeof(double) * (size_t)n);
            assert_true(la == lb && ha == hb);
        }
        ww_condition x[8], y[8];
        n = ww_model_constraint_forbid(a, i, x, 8);
        assert_int_equal(n, ww_model_constraint_forbid(b, i, y, 8));
        for (int k = 0; k < n; k++)
            assert_memory_equal(x[k].levels, y[k].levels,
                                sizeof(int) * (size_t)x[k].nlevels);
    }
    const int *oa = ww_model_opening(a), *ob = ww_model_opening(b);
    assert_true((oa == NULL) == (ob == NULL));
    if (oa)
        assert_memory_equal(oa, ob, sizeof(int) * (size_t)nt);
    oa = ww_model_counter(a);
    ob = ww_model_counter(b);
    assert_true((oa == NULL) == (ob == NULL));
    if (oa)
        assert_memory_equal(oa, ob, sizeof(int) * (size_t)nt);
    double ba = 0, bb = 0;
    assert_int_equal(ww_model_budget(a, &ba), ww_model_budget(b, &bb));
    assert_near(ba, bb);
}

static void test_clone(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    double x[] = {0, 10}, u[] = {1, 2}, us[] = {5};
    ww_curve cb = {x, u, 2}, cs = {x, us, 1};
    assert_ok(m, ww_model_add_product(m, 0, 1, 0, -0.0002, NULL));
    int terms[] = {1};
    double coefs[] = {1};
    assert_ok(m, ww_model_add_linear(m, terms, coefs, 1, 0, 60, NULL));

    ww_model *c = NULL;
    assert_ok(m, ww_model_clone(m, &c));
    assert_same_model(m, c);
    assert_string_equal(ww_errmsg(c), "");

    /* Changing the clone leaves the original alone. */
    assert_ok(c, ww_model_add_level(c, 0, "130k", -5, 60, NULL));
    assert_int_equal(ww_model_level_count(m, 0), 3);
    assert_ok(c, ww_model_set_name(c, "copy"));
    assert_string_equal(ww_model_name(m), "Acme renewal");
    ww_model_free(c);

    /* A model with a range term and no opening. */
    ww_model *r;
    assert_int_equal(ww_model_new(&r), WW_OK);
    assert_ok(r, ww_model_add_range_term(r, "days", "d", 0, 30, 10, &cb, &cs,
                                         NULL));
    assert_ok(r, ww_model_add_term(r, "empty", NULL, NULL));
    assert_ok(r, ww_model_clone(r, &c));
    assert_same_model(r, c);
    assert_null(ww_model_term_unit(c, 1));
    ww_model_free(c);
    ww_model_free(r);

    /* An empty model. */
    assert_int_equal(ww_model_new(&r), WW_OK);
    assert_ok(r, ww_model_clone(r, &c));
    assert_same_model(r, c);
    ww_model_free(c);
    assert_fails(r, ww_model_clone(r, NULL), WW_MISUSE);
    ww_model_free(r);
    ww_model_free(m);
}

/* Every successful change bumps the revision; failures and reads do not. */
static void test_revision(void **state)
{
    (void)state;
    ww_model *m = ww_test_acme();
    unsigned long r = m->revision;
    assert_true(r > 0);
#define BUMPS(call)                                                          \
    do {                                                                     \
        assert_ok(m, call);                                                  \
        assert_true(m->revision > r);                                        \
        r = m->revision;                                                     \
    } while (0)
#define KEEPS(call)                                                          \
    do {                                                                     \
        (void)(call);                                                        \
        assert_true(m->revision == r);                                       \
    } while (0)
    int lv[] = {0};
    ww_condition c = {0, lv, 1};
    int terms[] = {0};
    double coefs[] = {1}, d;
    int pkg[] = {0, 0}, i;
    ww_evaluation e;
    BUMPS(ww_model_set_name(m, "x"));
    BUMPS(ww_model_set_unit(m, "x"));
    BUMPS(ww_model_set_party_name(m, WW_BUYER, "x"));
    BUMPS(ww_model_set_reservation(m, WW_BUYER, 1));
    BUMPS(ww_model_clear_reservation(m, WW_BUYER));
    BUMPS(ww_model_set_weight(m, WW_BUYER, 2));
    BUMPS(ww_model_add_level(m, 0, "new", 1, 1, NULL));
    BUMPS(ww_model_set_level_value(m, 0, 3, 5));
    BUMPS(ww_model_add_interaction(m, &c, 1, 1, 1, NULL));
    BUMPS(ww_model_add_product(m, 0, 1, 1, 1, NULL));
    BUMPS(ww_model_add_forbid(m, &c, 1, NULL));
    BUMPS(ww_model_add_linear(m, terms, coefs, 1, 0, 1, NULL));
    BUMPS(ww_model_set_counter(m, pkg));
    BUMPS(ww_model_set_budget(m, 3));
    BUMPS(ww_model_clear_budget(m));
    BUMPS(ww_model_set_opening(m, pkg));
    BUMPS(ww_model_set_opening(m, NULL));
    BUMPS(ww_model_set_counter(m, NULL));
    BUMPS(ww_model_add_term(m, "t", NULL, NULL));
    KEEPS(ww_model_add_term(m, "t", NULL, NULL));
    KEEPS(ww_model_add_level(m, 0, "new", 1, 1, NULL));
    KEEPS(ww_model_set_weight(m, WW_BUYER, 0));
    KEEPS(ww_model_validate(m));
    KEEPS(ww_model_find_term(m, "price", &i));
    KEEPS(ww_model_level_value(m, 0, 0, &d));
    KEEPS(ww_model_evaluate(m, pkg, &e));
    double x[] = {0}, u[] = {0};
    ww_curve cv = {x, u, 1};
    BUMPS(ww_model_add_range_term(m, "r", NULL, 0, 1, 1, &cv, &cv, NULL));
#undef BUMPS
#undef KEEPS
    ww_model_free(m);
}

static void test_many_levels(void **state)
{
    (void)state;
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    for (int t = 0; t < 40; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        int ti;
        assert_ok(m, ww_model_add_term(m, name, NULL, &ti));
        assert_int_equal(ti, t);
        for (int l = 0; l < 10; l++) {
            char lab[16];
            snprintf(lab, sizeof lab, "l%d", l);
            int li;
            assert_ok(m, ww_model_add_level(m, ti, lab, l, -l, &li));
            assert_int_equal(li, l);
        }
    }
    assert_true(fabs(ww_model_package_count(m) / 1e40 - 1) < 1e-12);
    assert_ok(m, ww_model_validate(m));
    int pkg[40];
    for (int t = 0; t < 40; t++)
        pkg[t] = t % 10;
    ww_evaluation e;
    assert_ok(m, ww_model_evaluate(m, pkg, &e));
    double sum = 0;
    for (int t = 0; t < 40; t++)
        sum += t % 10;
    assert_near(e.buyer, sum);
    assert_near(e.seller, -sum);
    ww_model_free(m);

    /* The package count overflows to inf. */
    assert_int_equal(ww_model_new(&m), WW_OK);
    for (int t = 0; t < 400; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        assert_ok(m, ww_model_add_term(m, name, NULL, NULL));
        for (int l = 0; l < 10; l++) {
            char lab[16];
            snprintf(lab, sizeof lab, "%d", l);
            assert_ok(m, ww_model_add_level(m, t, lab, 0, 0, NULL));
        }
    }
    assert_true(isinf(ww_model_package_count(m)));
    ww_model_free(m);
}

/* Names are found through a hash once a list is long (lib/name_index.c):
 * every name back to its index, lookups interleaved with additions (the
 * index catches up), duplicates refused at every position, clones and
 * colliding-looking names ("t1" / "t10" / "t100") kept apart. */
static void test_find_many_names(void **state)
{
    (void)state;
    enum { NT = 3000, NL = 5000 };
    ww_model *m;
    assert_int_equal(ww_model_new(&m), WW_OK);
    char name[32];
    for (int t = 0; t < NT; t++) {
        snprintf(name, sizeof name, "t%d", t);
        assert_ok(m, ww_model_add_term(m, name, NULL, NULL));
        assert_ok(m, ww_model_add_level(m, t, "only", 0, 0, NULL));
        if (t % 97 == 0) { /* lookups between additions */
            int k = -1;
            snprintf(name, sizeof name, "t%d", t / 2);
            assert_ok(m, ww_model_find_term(m, name, &k));
            assert_int_equal(k, t / 2);
        }
    }
    for (int l = 0; l < NL; l++) {
        snprintf(name, sizeof name, "level %d", l);
        assert_ok(m, ww_model_add_level(m, 7, name, l, -l, NULL));
    }
    ww_model *c;
    assert_int_equal(ww_model_clone(m, &c), WW_OK);
    ww_model *both[2] = {m, c};
    for (int w = 0; w < 2; w++) {
        ww_model *x = both[w];
        for (int t = 0; t < NT; t++) {
            int k = -1;
            snprintf(name, sizeof name, "t%d", t);
            assert_ok(x, ww_model_find_term(x, name, &k));
            assert_int_equal(k, t);
        }
        for (int l = 0; l < NL; l++) {
            int k = -1;
            snprintf(name, sizeof name, "level %d", l);
            assert_ok(x, ww_model_find_level(x, 7, name, &k));
            assert_int_equal(k, l + 1);
        }
        int k = 12345;
        assert_int_equal(ww_model_find_term(x, "t3000", &k), WW_NOT_FOUND);
        assert_int_equal(ww_model_find_level(x, 7, "level 5000", &k),
                         WW_NOT_FOUND);
        for (int t = 0; t < NT; t += 331) {
            snprintf(name, sizeof name, "t%d", t);
            assert_int_equal(ww_model_add_term(x, name, NULL, NULL),
                             WW_DUPLICATE);
        }
        for (int l = 0; l < NL; l += 499) {
            snprintf(name, sizeof name, "level %d", l);
            assert_int_equal(ww_model_add_level(x, 7, name, 0, 0, NULL),
                             WW_DUPLICATE);
        }
    }
    /* the clone's caches are its own: it grows on while the original is
     * freed */
    ww_model_free(m);
    assert_ok(c, ww_model_add_term(c, "t3000", NULL, NULL));
    int k = -1;
    assert_ok(c, ww_model_find_term(c, "t3000", &k));
    assert_int_equal(k, NT);
    ww_model_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acme_accessors),
        cmocka_unit_test(test_products_linear_accessors),
        cmocka_unit_test(test_names_and_parties),
        cmocka_unit_test(test_opening_counter_budget),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_revision),
        cmocka_unit_test(test_many_levels),
        cmocka_unit_test(test_find_many_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
