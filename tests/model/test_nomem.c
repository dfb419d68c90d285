/* Out of memory: every allocation of every mutator is made to fail in
 * turn; the call must return WW_NOMEM and leave the model unchanged and
 * usable.  malloc/calloc/realloc are wrapped at link time (nomem.h). */
#include "ww_test.h"

#include <stdlib.h>

#include "model_internal.h"
#include "nomem.h"

static int nomem_count; /* failures injected and reported, all tests */

typedef ww_status (*op_fn)(ww_model *m);
typedef void (*prep_fn)(ww_model *m);

/* A summary that changes whenever the model's content changes. */
static char *fingerprint(ww_model *m)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    fprintf(f, "%s|%s|%lu|", m->name ? m->name : "-", m->unit ? m->unit : "-",
            m->revision);
    for (int p = 0; p < 2; p++)
        fprintf(f, "%s %d %g %g|", m->party[p].name ? m->party[p].name : "-",
                m->party[p].has_reservation, m->party[p].reservation,
                m->party[p].weight);
    for (int t = 0; t < m->nterms; t++) {
        fprintf(f, "T%s:", m->terms[t].name);
        for (int l = 0; l < m->terms[t].nlevels; l++)
            fprintf(f, "%s,", m->terms[t].levels[l].label);
    }
    fprintf(f, "I%d C%d W%d O%d K%d", m->ninter, m->ncons, m->nwarnings,
            m->opening ? m->opening[0] : -1, m->counter ? m->counter[0] : -1);
    fclose(f);
    return s;
}

static ww_status op_name(ww_model *m) { return ww_model_set_name(m, "new name"); }
static ww_status op_unit(ww_model *m) { return ww_model_set_unit(m, "EUR"); }
static ww_status op_party(ww_model *m)
{
    return ww_model_set_party_name(m, WW_SELLER, "Vendor 2");
}
static void prep_term(ww_model *m)
{
    assert_ok(m, ww_model_clear_budget(m));
    assert_ok(m, ww_model_set_opening(m, NULL));
    assert_ok(m, ww_model_set_counter(m, NULL));
}
static ww_status op_term(ww_model *m)
{
    return ww_model_add_term(m, "delivery", "weeks", NULL);
}
static ww_status op_level(ww_model *m)
{
    return ww_model_add_level(m, 1, "net 120", 25, -5, NULL);
}
static ww_status op_range(ww_model *m)
{
    double x[] = {0, 10}, u[] = {0, 1};
    ww_curve c = {x, u, 2};
    return ww_model_add_range_term(m, "days", "d", 0, 10, 1, &c, &c, NULL);
}
static ww_status op_inter(ww_model *m)
{
    int a[] = {0, 1}, b[] = {2};
    ww_condition c[] = {{0, a, 2}, {1, b, 1}};
    return ww_model_add_interaction(m, c, 2, 1, 2, NULL);
}
static ww_status op_product(ww_model *m)
{
    return ww_model_add_product(m, 0, 1, 0, -0.0002, NULL);
}
static ww_status op_forbid(ww_model *m)
{
    int a[] = {0}, b[] = {0, 1};
    ww_condition c[] = {{0, a, 1}, {1, b, 2}};
    return ww_model_add_forbid(m, c, 2, NULL);
}
static ww_status op_linear(ww_model *m)
{
    int t[] = {0, 1};
    double k[] = {0.001, 1};
    return ww_model_add_linear(m, t, k, 2, 0, 200, NULL);
}
static ww_status op_opening(ww_model *m)
{
    int p[] = {1, 1};
    return ww_model_set_opening(m, p);
}
static ww_status op_counter(ww_model *m)
{
    int p[] = {2, 2};
    return ww_model_set_counter(m, p);
}
static ww_status op_warn(ww_model *m) { return ww__warn(m, "careful %d", 1); }
static void prep_clone(ww_model *m)
{
    double x[] = {0, 10}, u[] = {0, 1};
    ww_curve c = {x, u, 2};
    assert_ok(m, ww_model_clear_budget(m));
    assert_ok(m, ww_model_set_opening(m, NULL));
    assert_ok(m, ww_model_set_counter(m, NULL));
    assert_ok(m, ww_model_add_range_term(m, "days", "d", 0, 10, 5, &c, &c,
                                         NULL));
    assert_ok(m, ww_model_add_product(m, 0, 2, 0, -0.0002, NULL));
    int t[] = {0, 2};
    double k[] = {0.001, 1};
    assert_ok(m, ww_model_add_linear(m, t, k, 2, 0, 200, NULL));
    int p[] = {1, 1, 1};
    assert_ok(m, ww_model_set_opening(m, p));
    assert_ok(m, ww_model_set_counter(m, p));
    assert_ok(m, ww_model_set_budget(m, 3));
    assert_int_equal(ww__warn(m, "a warning to copy"), WW_OK);
}
static ww_status op_clone(ww_model *m)
{
    ww_model *c = NULL;
    ww_status st = ww_model_clone(m, &c);
    assert_true(st == WW_OK ? c != NULL : c == NULL);
    ww_model_free(c);
    return st;
}

/* Runs op with the k-th allocation failing, for k = 0, 1, ... until the op
 * succeeds; every failure must be WW_NOMEM with the model unchanged and
 * still usable.  prep (may be NULL) runs first, without failures. */
static void exercise(prep_fn prep, op_fn op)
{
    for (int k = 0;; k++) {
        ww_model *m = ww_test_acme();
        if (prep)
            prep(m);
        char *before = fingerprint(m);
        ww_nomem_arm(k);
        ww_status st = op(m);
        ww_nomem_disarm();
        if (st == WW_OK) {
            free(before);
            ww_model_free(m);
            return;
        }
        if (st != WW_NOMEM) {
            print_error("k=%d: status %d: %s\n", k, (int)st, ww_errmsg(m));
            fail();
        }
        assert_true(strlen(ww_errmsg(m)) > 0);
        nomem_count++;
        char *after = fingerprint(m);
        assert_string_equal(before, after);
        free(after);
        free(before);
        /* Still usable: a successful change and an evaluation. */
        int pkg[3] = {1, 1, 1};
        ww_evaluation e;
        assert_ok(m, ww_model_set_name(m, "still ok"));
        if (ww_model_validate(m) == WW_OK)
            assert_ok(m, ww_model_evaluate(m, pkg, &e));
        ww_model_free(m);
    }
}

static void test_setters(void **state)
{
    (void)state;
    exercise(NULL, op_name);
    exercise(NULL, op_unit);
    exercise(NULL, op_party);
}

static void test_terms(void **state)
{
    (void)state;
    exercise(prep_term, op_term);
    exercise(NULL, op_level);
    exercise(prep_term, op_range);
}

static void test_interactions_constraints(void **state)
{
    (void)state;
    exercise(NULL, op_inter);
    exercise(NULL, op_product);
    exercise(NULL, op_forbid);
    exercise(NULL, op_linear);
}

static void test_packages(void **state)
{
    (void)state;
    exercise(NULL, op_opening);
    exercise(NULL, op_counter);
}

static void test_warn(void **state)
{
    (void)state;
    exercise(NULL, op_warn);
}

static void test_clone(void **state)
{
    (void)state;
    exercise(prep_clone, op_clone);
}

static void test_new(void **state)
{
    (void)state;
    ww_model *m = (ww_model *)&m;
    ww_nomem_arm(0);
    assert_int_equal(ww_model_new(&m), WW_NOMEM);
    ww_nomem_disarm();
    assert_null(m);
}

/* Runs last: the wrapping really injected failures. */
static void test_injected(void **state)
{
    (void)state;
    assert_true(nomem_count > 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setters),
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_interactions_constraints),
        cmocka_unit_test(test_packages),
        cmocka_unit_test(test_warn),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_new),
        cmocka_unit_test(test_injected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
