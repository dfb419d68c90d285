/* Out of memory in the loaders, the savers and every query (issue 8): each
 * allocation of the call is made to fail in turn (k = 0, 1, ... until the
 * call succeeds without an injected failure).  Each failing call must
 * report WW_NOMEM (loaders: also err.status), never crash and never another
 * status, and leave the model and solver usable: the same call, repeated
 * without failures, gives the reference answer.  Queries run on the spec
 * example (examples/deals/acme-renewal.json) with the path chosen
 * automatically (enum for every query: the space is tiny) and forced to
 * dp, mip and enum; each cold (the failing call builds
 * the solver's formulation) and warm (the solver has answered once).  WW_SOLVER_ERROR is
 * accepted too (a GLPK allocation failure surfaces as its error hook), but
 * GLPK, jansson and expat are shared libraries whose allocations are not
 * wrapped, so in practice only the library's own allocations fail.  Run
 * under valgrind (meson test --setup valgrind) to check for leaks. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nomem.h"
#include "winwin.h"

#ifndef WW_EXAMPLES_DIR
#error "WW_EXAMPLES_DIR must name examples/deals"
#endif
#ifndef WW_GENIUS_DIR
#error "WW_GENIUS_DIR must name a Genius domain directory"
#endif

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        print_error("cannot open %s\n", path);
        fail();
    }
    char *s = NULL;
    size_t n = 0, cap = 0, got;
    char buf[4096];
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        if (n + got + 1 > cap) {
            cap = 2 * (n + got + 1);
            s = realloc(s, cap);
            assert_non_null(s);
        }
        memcpy(s + n, buf, got);
        n += got;
    }
    fclose(f);
    assert_non_null(s);
    s[n] = '\0';
    *len = n;
    return s;
}

static char *acme_text;
static size_t acme_len;

static ww_model *load_acme(void)
{
    ww_model *m = NULL;
    ww_error err;
    assert_int_equal(ww_model_load_string(acme_text, acme_len, "acme", &m,
                                          &err), WW_OK);
    return m;
}

/* A summary of an answer: equal summaries mean the same answer. */
static char *summary(ww_result *r, const ww_evaluation *ev)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    if (ev)
        fprintf(f, "E %.9g %.9g %.9g %d %d|", ev->buyer, ev->seller,
                ev->joint, ev->feasible, ev->admissible);
    if (r) {
        ww_stats st;
        assert_int_equal(ww_result_stats(r, &st), WW_OK);
        fprintf(f, "%s %s %d|", ww_outcome_str(ww_result_outcome(r)),
                ww_path_str(st.path), ww_result_count(r));
        for (int i = 0; i < ww_result_count(r); i++)
            fprintf(f, "%.9g %.9g %.9g|", ww_result_buyer(r, i),
                    ww_result_seller(r, i), ww_result_joint(r, i));
    }
    fclose(f);
    return s;
}

/* One query; fills *ev only for evaluate (and leaves it alone otherwise). */
typedef ww_status (*query_fn)(ww_solver *s, const ww_options *o,
                              ww_result **out, ww_evaluation *ev);

static ww_status q_best(ww_solver *s, const ww_options *o, ww_result **out,
                        ww_evaluation *ev)
{
    (void)ev;
    return ww_best(s, o, out);
}
static ww_status q_frontier(ww_solver *s, const ww_options *o,
                            ww_result **out, ww_evaluation *ev)
{
    (void)ev;
    return ww_frontier(s, o, out);
}
static ww_status q_nash(ww_solver *s, const ww_options *o, ww_result **out,
                        ww_evaluation *ev)
{
    (void)ev;
    return ww_nash(s, o, out);
}
static ww_status q_kalai(ww_solver *s, const ww_options *o, ww_result **out,
                         ww_evaluation *ev)
{
    (void)ev;
    return ww_kalai(s, o, out);
}
static ww_status q_trades(ww_solver *s, const ww_options *o, ww_result **out,
                          ww_evaluation *ev)
{
    (void)ev;
    int ref[2] = {1, 0}; /* the counter: 110k, net 30 */
    return ww_trades(s, o, ref, 2, 4, 10, out);
}
static ww_status q_meso(ww_solver *s, const ww_options *o, ww_result **out,
                        ww_evaluation *ev)
{
    (void)ev;
    return ww_meso(s, o, 3, NAN, NAN, out);
}
static ww_status q_evaluate(ww_solver *s, const ww_options *o,
                            ww_result **out, ww_evaluation *ev)
{
    int pkg[2] = {1, 1}; /* 110k, net 60 */
    return ww_evaluate(s, o, pkg, ev, out);
}

static const struct {
    const char *name;
    query_fn fn;
    int dp; /* the DP path serves it */
} queries[] = {
    {"best", q_best, 1},         {"frontier", q_frontier, 1},
    {"nash", q_nash, 1},         {"kalai", q_kalai, 1},
    {"trades", q_trades, 0},     {"meso", q_meso, 0},
    {"evaluate", q_evaluate, 0},
};
enum { NQUERIES = sizeof queries / sizeof *queries };

static int injected;  /* failures injected and reported, all tests */
static int recovered; /* failures injected but the call still succeeded */

static char *run_plain(ww_solver *s, const ww_options *o, query_fn fn,
                       int with_eval)
{
    ww_result *r = NULL;
    ww_evaluation ev;
    memset(&ev, 0, sizeof ev);
    ww_status st = fn(s, o, &r, &ev);
    if (st != WW_OK) {
        print_error("plain call: status %s\n", ww_status_str(st));
        fail();
    }
    char *sum = summary(r, with_eval ? &ev : NULL);
    ww_result_free(r);
    return sum;
}

/* Fails each allocation of one query in turn; warm: the solver has already
 * answered once (its formulation is built) before the failing call.
 * Returns the number of allocations the call makes. */
static int exercise(const char *name, query_fn fn, ww_path path, int warm)
{
    int with_eval = fn == q_evaluate;
    ww_options o;
    ww_options_init(&o);
    o.path = path;

    ww_model *m = load_acme();
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    char *want = run_plain(s, &o, fn, with_eval);
    ww_solver_free(s);
    ww_model_free(m);

    for (int k = 0;; k++) {
        m = load_acme();
        s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        if (warm)
            free(run_plain(s, &o, fn, with_eval));
        ww_result *r = NULL;
        ww_evaluation ev;
        memset(&ev, 0, sizeof ev);
        ww_nomem_arm(k);
        ww_status st = fn(s, &o, &r, &ev);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st == WW_OK) {
            /* A failure the call recovered from must not change the answer. */
            recovered += fired;
            char *got = summary(r, with_eval ? &ev : NULL);
            assert_string_equal(got, want);
            free(got);
            ww_result_free(r);
        } else {
            if (st != WW_NOMEM && st != WW_SOLVER_ERROR) {
                print_error("%s (%s%s) k=%d: status %s: %s\n", name,
                            ww_path_str(path), warm ? ", warm" : "", k,
                            ww_status_str(st), ww_errmsg(m));
                fail();
            }
            assert_true(fired);
            assert_null(r);
            assert_true(strlen(ww_errmsg(m)) > 0);
            injected++;
            /* Still usable: the same call now gives the reference answer. */
            char *got = run_plain(s, &o, fn, with_eval);
            assert_string_equal(got, want);
            free(got);
        }
        ww_solver_free(s);
        ww_model_free(m);
        if (st == WW_OK && !fired) {
            free(want);
            return k;
        }
    }
}

static void run_queries(ww_path path)
{
    for (int q = 0; q < NQUERIES; q++) {
        if (path == WW_PATH_DP && !queries[q].dp)
            continue;
        for (int warm = 0; warm < 2; warm++) {
            int n = exercise(queries[q].name, queries[q].fn, path, warm);
            print_message("%-8s %-4s %-4s: %d allocations failed in turn\n",
                          queries[q].name, ww_path_str(path),
                          warm ? "warm" : "cold", n);
            assert_true(n > 0);
        }
    }
}

static void test_queries_auto(void **state)
{
    (void)state;
    run_queries(WW_PATH_AUTO);
}

static void test_queries_dp(void **state)
{
    (void)state;
    run_queries(WW_PATH_DP);
}

static void test_queries_mip(void **state)
{
    (void)state;
    run_queries(WW_PATH_MIP);
}

static void test_queries_enum(void **state)
{
    (void)state;
    run_queries(WW_PATH_ENUM);
}

static void test_solver_new(void **state)
{
    (void)state;
    ww_options o;
    ww_options_init(&o);
    ww_model *m = load_acme();
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    char *want = run_plain(s, &o, q_best, 0);
    ww_solver_free(s);
    for (int k = 0;; k++) {
        s = (ww_solver *)&s;
        ww_nomem_arm(k);
        ww_status st = ww_solver_new(m, &s);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st != WW_OK) {
            assert_int_equal(st, WW_NOMEM);
            assert_null(s);
            injected++;
            assert_int_equal(ww_solver_new(m, &s), WW_OK);
        }
        char *got = run_plain(s, &o, q_best, 0);
        assert_string_equal(got, want);
        free(got);
        ww_solver_free(s);
        if (st == WW_OK && !fired) {
            print_message("solver_new: %d allocations failed in turn\n", k);
            assert_true(k > 0);
            break;
        }
    }
    free(want);
    ww_model_free(m);
}

static char *saved(ww_model *m)
{
    char *out = NULL;
    assert_int_equal(ww_model_save_string(m, &out), WW_OK);
    char *copy = malloc(strlen(out) + 1);
    assert_non_null(copy);
    strcpy(copy, out);
    ww_free(out);
    return copy;
}

static void test_load_string(void **state)
{
    (void)state;
    ww_model *m = load_acme();
    char *want = saved(m);
    ww_model_free(m);
    for (int k = 0;; k++) {
        ww_error err;
        memset(&err, 0, sizeof err);
        m = (ww_model *)&m;
        ww_nomem_arm(k);
        ww_status st = ww_model_load_string(acme_text, acme_len, "acme", &m,
                                            &err);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st != WW_OK) {
            if (st != WW_NOMEM || err.status != WW_NOMEM) {
                print_error("load k=%d: status %s, err %s: %s\n", k,
                            ww_status_str(st), ww_status_str(err.status),
                            err.text);
                fail();
            }
            assert_null(m);
            injected++;
            continue;
        }
        char *got = saved(m);
        assert_string_equal(got, want);
        free(got);
        ww_model_free(m);
        if (!fired) {
            print_message("load_string: %d allocations failed in turn\n", k);
            assert_true(k > 0);
            break;
        }
    }
    free(want);
}

static void test_save_string(void **state)
{
    (void)state;
    ww_model *m = load_acme();
    char *want = saved(m);
    for (int k = 0;; k++) {
        char *out = (char *)&out;
        ww_nomem_arm(k);
        ww_status st = ww_model_save_string(m, &out);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st != WW_OK) {
            if (st != WW_NOMEM) {
                print_error("save k=%d: status %s: %s\n", k,
                            ww_status_str(st), ww_errmsg(m));
                fail();
            }
            assert_true(strlen(ww_errmsg(m)) > 0);
            injected++;
        } else {
            assert_string_equal(out, want);
            ww_free(out);
        }
        /* Still usable. */
        char *got = saved(m);
        assert_string_equal(got, want);
        free(got);
        if (st == WW_OK && !fired) {
            print_message("save_string: %d allocations failed in turn\n", k);
            assert_true(k > 0);
            break;
        }
    }
    free(want);
    ww_model_free(m);
}

static void test_genius_import(void **state)
{
    (void)state;
    const char *d = WW_GENIUS_DIR "/ItexvsCypress_domain.xml";
    const char *b = WW_GENIUS_DIR "/ItexvsCypress_Itex.xml";
    const char *s = WW_GENIUS_DIR "/ItexvsCypress_Cypress.xml";
    ww_model *m = NULL;
    ww_error err;
    assert_int_equal(ww_genius_import(d, b, s, &m, &err), WW_OK);
    char *want = saved(m);
    ww_model_free(m);
    for (int k = 0;; k++) {
        memset(&err, 0, sizeof err);
        m = (ww_model *)&m;
        ww_nomem_arm(k);
        ww_status st = ww_genius_import(d, b, s, &m, &err);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st != WW_OK) {
            if (st != WW_NOMEM || err.status != WW_NOMEM) {
                print_error("genius k=%d: status %s, err %s: %s\n", k,
                            ww_status_str(st), ww_status_str(err.status),
                            err.text);
                fail();
            }
            assert_null(m);
            injected++;
            continue;
        }
        char *got = saved(m);
        assert_string_equal(got, want);
        free(got);
        ww_model_free(m);
        if (!fired) {
            print_message("genius_import: %d allocations failed in turn\n",
                          k);
            assert_true(k > 0);
            break;
        }
    }
    free(want);
}

/* The reason text is allocated when first asked for: out of memory there,
 * the result still explains itself, without the numbers; asked again with
 * memory, it gets them. */
static void test_reason(void **state)
{
    (void)state;
    ww_model *m = load_acme();
    ww_solver *s = NULL;
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 1e6), WW_OK);
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    assert_int_equal(ww_result_outcome(r), WW_OUTCOME_INFEASIBLE);
    ww_nomem_arm(0);
    const char *lean = ww_result_reason(r);
    int fired = ww_nomem_fired();
    ww_nomem_disarm();
    assert_true(fired);
    recovered++;
    assert_string_equal(lean, "no agreement zone");
    const char *full = ww_result_reason(r);
    assert_non_null(strstr(full, "no agreement zone: the seller can get at "
                                 "most "));
    assert_non_null(strstr(full, "needs 1000000"));
    assert_string_equal(ww_result_reason(r), full); /* written once */
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* Runs last: the wrapping really injected failures. */
static void test_injected(void **state)
{
    (void)state;
    print_message("%d failures reported, %d absorbed by a query\n", injected,
                  recovered);
    assert_true(injected > 100);
}

static int setup(void **state)
{
    (void)state;
    acme_text = slurp(WW_EXAMPLES_DIR "/acme-renewal.json", &acme_len);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(acme_text);
    ww_thread_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_string),
        cmocka_unit_test(test_save_string),
        cmocka_unit_test(test_genius_import),
        cmocka_unit_test(test_solver_new),
        cmocka_unit_test(test_queries_auto),
        cmocka_unit_test(test_queries_dp),
        cmocka_unit_test(test_queries_mip),
        cmocka_unit_test(test_queries_enum),
        cmocka_unit_test(test_reason),
        cmocka_unit_test(test_injected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
