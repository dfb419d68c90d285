/* Out of memory in the loaders, the savers and every query (issue 8): each
 * allocation of the call is made to fail in turn (k = 0, 1, ... until the
 * call succeeds without an injected failure).  Each failing call must
 * report WW_NOMEM (loaders: also err.status), never crash and never another
 * status, and leave the model and solver usable: the same call, repeated
 * without failures, gives the reference answer.  Queries run on the spec
 * example (examples/deals/acme-renewal.json) with the path chosen
 * automatically (enum for every query: the space is tiny) and forced to
 * dp, mip and enum; each cold (the failing call builds
 * the solver's formulation) and warm (the solver has answered once).  Then
 * the same on the other example deals and on seeded random models
 * (interactions, constraints, reservations, budgets, products, wide terms),
 * where each path makes its own allocations (the DP's plan, arena and
 * caches, band.c's walks, the MIP's cuts).  A failure a query absorbs
 * must leave the same doubles.  WW_SOLVER_ERROR is
 * accepted too (a GLPK allocation failure surfaces as its error hook), but
 * GLPK is a shared library whose allocations are not wrapped; jansson's
 * and expat's are (setup, lib/xml_tree.c).  Run under valgrind (meson
 * test --setup valgrind) to check for leaks.
 *
 * GLPK's internal errors, the same way (test_glpk_errors): GLPK calls
 * abort() on an error unless its error hook jumps out, and every GLPK call
 * of the library sits in a guard whose hook does (lib/glpk_env.c).  Seven
 * of the GLPK functions the library calls are wrapped at link time (the
 * problem's creation, rows added and deleted, row bounds, the simplex, the
 * MIP and its heuristic callback's glp_ios_heur_sol); armed, the k-th such
 * call makes GLPK raise a real error first (a row out of range).  The query
 * must report WW_SOLVER_ERROR, and the solver, reset with GLPK's
 * environment, must give the reference answer to the same query next. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <glpk.h>
#include <jansson.h>

#include "mitm.h" /* ww__bargain_mitm, ww__evaluate_mitm, ww__bargain_dp */
#include "nomem.h"
#include "random_model.h"
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

/* Where a test's model comes from: acme's text, another file, or a seed. */
typedef struct source {
    const char *what;
    const char *file;    /* NULL: acme, unless seed */
    unsigned long seed;  /* > 0: ww_random_model */
    int additive;        /* with seed: 7 x 6 additive, anti-correlated */
} source;

static const source acme = {"acme", NULL, 0, 0};

static ww_model *load(const source *src)
{
    ww_model *m = NULL;
    if (src->seed) {
        ww_random_params p;
        ww_random_params_default(&p);
        p.products = src->seed % 3 == 0;
        if (src->seed % 4 == 0)
            ww_random_params_size(&p, 1, 2, 65, 90); /* wide terms */
        if (src->additive) {
            ww_random_params_additive(&p, 7, 6, 0.01);
            p.correlation = -0.97;
        }
        assert_int_equal(ww_random_model(src->seed, &p, &m), WW_OK);
    } else if (src->file) {
        assert_int_equal(ww_model_load_file(src->file, &m, NULL), WW_OK);
    } else {
        m = load_acme();
    }
    return m;
}

/* The packages trades start from and evaluate evaluates. */
#define MAX_TERMS 64
static int trades_ref[MAX_TERMS], eval_ref[MAX_TERMS];

static void set_refs(const source *src, const ww_model *m)
{
    int n = ww_model_term_count(m);
    assert_true(n <= MAX_TERMS);
    memset(trades_ref, 0, sizeof trades_ref);
    memset(eval_ref, 0, sizeof eval_ref);
    if (src == &acme) {
        trades_ref[0] = 1; /* the counter: 110k, net 30 */
        eval_ref[0] = eval_ref[1] = 1; /* 110k, net 60 */
    } else if (n > 0 && ww_model_level_count(m, n - 1) > 1) {
        trades_ref[n - 1] = 1; /* not always the best package */
    }
}

/* A summary of an answer: equal summaries mean the same answer. */
static char *summary(ww_result *r, const ww_evaluation *ev)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    if (ev)
        fprintf(f, "E %a %a %a %d %d %d %a %d|", ev->buyer, ev->seller,
                ev->joint, ev->feasible, ev->admissible, ev->has_value_left,
                ev->has_value_left ? ev->value_left : 0.0,
                ev->has_improvement);
    if (r) {
        ww_stats st;
        assert_int_equal(ww_result_stats(r, &st), WW_OK);
        fprintf(f, "%s %s %d|", ww_outcome_str(ww_result_outcome(r)),
                ww_path_str(st.path), ww_result_count(r));
        /* the exact utilities; not the packages: among packages tied on
         * all three, the MIP's pick may follow the solver's history */
        const double *u;
        int n = ww_result_points(r, &u, NULL);
        for (int i = 0; i < n; i++)
            fprintf(f, "%a %a %a|", u[3 * i], u[3 * i + 1], u[3 * i + 2]);
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
    return ww_trades(s, o, trades_ref, 2, 4, 10, out);
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
    return ww_evaluate(s, o, eval_ref, ev, out);
}

/* Meeting in the middle alone (lib/mitm.c, its tests' entry points). */
static ww_status q_nash_mitm(ww_solver *s, const ww_options *o,
                             ww_result **out, ww_evaluation *ev)
{
    (void)ev;
    return ww__bargain_mitm(s, o, 0, out);
}
static ww_status q_kalai_mitm(ww_solver *s, const ww_options *o,
                              ww_result **out, ww_evaluation *ev)
{
    (void)ev;
    return ww__bargain_mitm(s, o, 1, out);
}
/* nash and kalai picked from the DP's whole frontier (no pruning by the
 * key, which without floors hands bargain.c's pick the answer alone) */
static ww_status q_nash_whole(ww_solver *s, const ww_options *o,
                              ww_result **out, ww_evaluation *ev)
{
    (void)ev;
    ww__pruning pr = {-1, 0};
    return ww__bargain_dp(s, o, 0, &pr, out);
}
static ww_status q_kalai_whole(ww_solver *s, const ww_options *o,
                               ww_result **out, ww_evaluation *ev)
{
    (void)ev;
    ww__pruning pr = {-1, 0};
    return ww__bargain_dp(s, o, 1, &pr, out);
}
static ww_status q_evaluate_mitm(ww_solver *s, const ww_options *o,
                                 ww_result **out, ww_evaluation *ev)
{
    return ww__evaluate_mitm(s, o, eval_ref, ev, out);
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

/* What a test injects: the k-th allocation failing (nomem.h), or the k-th
 * call of a wrapped GLPK function raising a GLPK error (below). */
typedef struct injector {
    const char *what;
    void (*arm)(int k);
    void (*disarm)(void);
    int (*fired)(void);
    ww_status status, also; /* what a call it failed may report */
} injector;

static const injector nomem = {"allocations", ww_nomem_arm, ww_nomem_disarm,
                               ww_nomem_fired, WW_NOMEM, WW_SOLVER_ERROR};

/* GLPK's functions, wrapped (-Wl,--wrap in meson.build). */
int __real_glp_add_rows(glp_prob *P, int nrs);
int __wrap_glp_add_rows(glp_prob *P, int nrs);
glp_prob *__real_glp_create_prob(void);
glp_prob *__wrap_glp_create_prob(void);
void __real_glp_del_rows(glp_prob *P, int nrs, const int num[]);
void __wrap_glp_del_rows(glp_prob *P, int nrs, const int num[]);
int __real_glp_intopt(glp_prob *P, const glp_iocp *parm);
int __wrap_glp_intopt(glp_prob *P, const glp_iocp *parm);
int __real_glp_ios_heur_sol(glp_tree *T, const double x[]);
int __wrap_glp_ios_heur_sol(glp_tree *T, const double x[]);
void __real_glp_set_row_bnds(glp_prob *P, int i, int type, double lb,
                             double ub);
void __wrap_glp_set_row_bnds(glp_prob *P, int i, int type, double lb,
                             double ub);
int __real_glp_simplex(glp_prob *P, const glp_smcp *parm);
int __wrap_glp_simplex(glp_prob *P, const glp_smcp *parm);

static int glpk_fail_at = -1; /* the call that fails; -1 none */
static int glpk_seen;

static void glpk_arm(int k)
{
    glpk_seen = 0;
    glpk_fail_at = k;
}
static void glpk_disarm(void) { glpk_fail_at = -1; }
static int glpk_fired(void)
{
    return glpk_fail_at >= 0 && glpk_seen > glpk_fail_at;
}

/* The k-th wrapped call: GLPK's own error, as an invalid argument raises
 * it (GLPK reports it through the error hook, then would abort). */
static void glpk_maybe_fail(glp_prob *P)
{
    if (glpk_fail_at >= 0 && glpk_seen++ == glpk_fail_at)
        __real_glp_set_row_bnds(P, glp_get_num_rows(P) + 1, GLP_FX, 0.0, 0.0);
}

int __wrap_glp_add_rows(glp_prob *P, int nrs)
{
    glpk_maybe_fail(P);
    return __real_glp_add_rows(P, nrs);
}
glp_prob *__wrap_glp_create_prob(void)
{
    glp_prob *P = __real_glp_create_prob();
    glpk_maybe_fail(P);
    return P;
}
void __wrap_glp_del_rows(glp_prob *P, int nrs, const int num[])
{
    glpk_maybe_fail(P);
    __real_glp_del_rows(P, nrs, num);
}
int __wrap_glp_intopt(glp_prob *P, const glp_iocp *parm)
{
    glpk_maybe_fail(P);
    return __real_glp_intopt(P, parm);
}
int __wrap_glp_ios_heur_sol(glp_tree *T, const double x[])
{
    glpk_maybe_fail(glp_ios_get_prob(T)); /* from inside glp_intopt */
    return __real_glp_ios_heur_sol(T, x);
}
void __wrap_glp_set_row_bnds(glp_prob *P, int i, int type, double lb,
                             double ub)
{
    glpk_maybe_fail(P);
    __real_glp_set_row_bnds(P, i, type, lb, ub);
}
int __wrap_glp_simplex(glp_prob *P, const glp_smcp *parm)
{
    glpk_maybe_fail(P);
    return __real_glp_simplex(P, parm);
}

static const injector glpk = {"GLPK calls", glpk_arm, glpk_disarm,
                              glpk_fired, WW_SOLVER_ERROR, WW_SOLVER_ERROR};

static const injector *inj = &nomem; /* the tests' current one */

/* jansson allocates through functions a program may set (setup sets
 * these).  They fail jansson's k-th allocation when armed
 * (test_load_jansson), and go through the wrapped malloc while
 * jansson_wrapped is set (test_save_string); else through the real one.
 * jansson's lexer drops a character of a string when its buffer cannot
 * grow (lex_save ignores the failure) and parses on: a 17-character key
 * lost a letter.  The loader checks the strings' bytes against the text's
 * and parses again (lib/json_load.c); test_load_string fails every
 * allocation of the spec example's load in turn, jansson's included, and
 * test_load_jansson jansson's alone, one at a time and from the k-th on,
 * on a model whose tokens all fit the buffer's first 16 bytes.  expat's
 * allocations go through the wrapped malloc: the library hands it malloc,
 * realloc and free (lib/xml_tree.c). */
void *__real_malloc(size_t n);
static int jansson_fail_at = -1, jansson_seen, jansson_wrapped;
static int jansson_persist; /* 1: every allocation from the k-th fails */

static void *jansson_malloc(size_t n)
{
    if (jansson_fail_at >= 0 &&
        (jansson_persist ? jansson_seen++ >= jansson_fail_at
                         : jansson_seen++ == jansson_fail_at))
        return NULL;
    return jansson_wrapped ? malloc(n) : __real_malloc(n);
}
static void jansson_free(void *p) { free(p); }

/* The answer's summary; NULL (status in *status) when the call fails and
 * status is not NULL, else a failing call fails the test. */
static char *run_status(ww_solver *s, const ww_options *o, query_fn fn,
                        int with_eval, ww_status *status)
{
    ww_result *r = NULL;
    ww_evaluation ev;
    memset(&ev, 0, sizeof ev);
    ww_status st = fn(s, o, &r, &ev);
    if (status)
        *status = st;
    if (st != WW_OK && status)
        return NULL;
    if (st != WW_OK) {
        print_error("plain call: status %s\n", ww_status_str(st));
        fail();
    }
    char *sum = summary(r, with_eval ? &ev : NULL);
    ww_result_free(r);
    return sum;
}

static char *run_plain(ww_solver *s, const ww_options *o, query_fn fn,
                       int with_eval)
{
    return run_status(s, o, fn, with_eval, NULL);
}

/* Fails each allocation of one query in turn; warm: the solver has already
 * answered once (its formulation is built) before the failing call.
 * Returns the number of allocations the call makes, or -1 when the query
 * fails without an injected failure (a forced path that does not serve the
 * model: then nothing is checked). */
static int exercise(const source *src, const char *name, query_fn fn,
                    ww_path path, int warm)
{
    int with_eval = fn == q_evaluate || fn == q_evaluate_mitm;
    ww_options o;
    ww_options_init(&o);
    o.path = path;
    o.time_limit = 0; /* no clock: every try runs the same way */

    ww_model *m = load(src);
    set_refs(src, m);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_status st0;
    char *want = run_status(s, &o, fn, with_eval, src == &acme ? NULL : &st0);
    ww_solver_free(s);
    ww_model_free(m);
    if (!want)
        return -1;

    for (int k = 0;; k++) {
        m = load(src);
        s = NULL;
        assert_int_equal(ww_solver_new(m, &s), WW_OK);
        if (warm)
            free(run_plain(s, &o, fn, with_eval));
        ww_result *r = NULL;
        ww_evaluation ev;
        memset(&ev, 0, sizeof ev);
        inj->arm(k);
        ww_status st = fn(s, &o, &r, &ev);
        int fired = inj->fired();
        inj->disarm();
        if (st == WW_OK) {
            /* A failure the call recovered from must not change the answer. */
            recovered += fired;
            char *got = summary(r, with_eval ? &ev : NULL);
            if (strcmp(got, want) != 0)
                print_error("%s %s (%s%s) k=%d: absorbed, another answer\n",
                            src->what, name, ww_path_str(path),
                            warm ? ", warm" : "", k);
            assert_string_equal(got, want);
            free(got);
            ww_result_free(r);
        } else {
            if (st != inj->status && st != inj->also) {
                print_error("%s %s (%s%s) k=%d: status %s: %s\n", src->what,
                            name, ww_path_str(path), warm ? ", warm" : "", k,
                            ww_status_str(st), ww_errmsg(m));
                fail();
            }
            assert_true(fired);
            assert_null(r);
            assert_true(strlen(ww_errmsg(m)) > 0);
            injected++;
            /* Still usable: the same call now gives the reference answer. */
            char *got = run_plain(s, &o, fn, with_eval);
            if (strcmp(got, want) != 0)
                print_error("%s %s (%s%s) k=%d: after the failure, another "
                            "answer\n", src->what, name, ww_path_str(path),
                            warm ? ", warm" : "", k);
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

/* Every query on one source and path, cold and warm; returns the number
 * of allocations failed in all. */
static int run_source(const source *src, ww_path path, int verbose)
{
    int total = 0;
    for (int q = 0; q < NQUERIES; q++) {
        if (path == WW_PATH_DP && !queries[q].dp)
            continue;
        for (int warm = 0; warm < 2; warm++) {
            int n = exercise(src, queries[q].name, queries[q].fn, path, warm);
            if (verbose)
                print_message("%-8s %-4s %-4s: %d %s failed in turn\n",
                              queries[q].name, ww_path_str(path),
                              warm ? "warm" : "cold", n, inj->what);
            if (src == &acme)
                assert_true(n > 0);
            total += n > 0 ? n : 0;
        }
    }
    return total;
}

static void run_queries(ww_path path)
{
    run_source(&acme, path, 1);
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

/* The other example deals and the first nseeds seeded random models (up
 * to 8), each on the given paths: every query, cold and warm, failing in
 * turn where the current injector makes it fail. */
static void run_models(const ww_path *paths, int npaths, int nseeds)
{
    static const char *deals[] = {"supply-contract", "saas-renewal",
                                  "consulting-engagement"};
    static const char *seeds[] = {"seed 1", "seed 2", "seed 3", "seed 4",
                                  "seed 5", "seed 6", "seed 7", "seed 8"};
    char files[3][512];
    source srcs[3 + 8];
    int ns = 0;
    for (int i = 0; i < 3; i++) {
        snprintf(files[i], sizeof files[i], "%s/%s.json", WW_EXAMPLES_DIR,
                 deals[i]);
        srcs[ns++] = (source){deals[i], files[i], 0, 0};
    }
    for (unsigned long seed = 1; seed <= (unsigned long)nseeds; seed++)
        srcs[ns++] = (source){seeds[seed - 1], NULL, seed, 0};
    for (int i = 0; i < ns; i++) {
        int n = 0;
        for (int p = 0; p < npaths; p++)
            n += run_source(&srcs[i], paths[p], 0);
        print_message("%-22s %d %s failed in turn\n", srcs[i].what, n,
                      inj->what);
        assert_true(n > 0);
    }
}

/* The other example deals and seeded random models, on every path. */
static void test_queries_models(void **state)
{
    (void)state;
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_DP, WW_PATH_ENUM,
                                    WW_PATH_MIP};
    run_models(paths, 4, 8);
}

/* Nash and Kalai on the DP over a frontier of over 64 points, where the
 * bargaining keys take memory of their own (bargain.c's pick): a failure
 * there is absorbed, the keys recomputed.  (Without floors the DP prunes
 * by the key and hands pick the answer alone: the whole frontier is asked
 * for here.) */
static void test_bargain_large_frontier(void **state)
{
    (void)state;
    static const source big = {"7 x 6 anti-correlated", NULL, 7, 1};
    ww_model *m = load(&big);
    ww_solver *s = NULL;
    ww_result *r = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    print_message("%s: %d frontier points\n", big.what, ww_result_count(r));
    assert_true(ww_result_count(r) > 64);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
    int before = recovered;
    assert_true(exercise(&big, "nash", q_nash_whole, WW_PATH_DP, 1) > 0);
    assert_true(exercise(&big, "kalai", q_kalai_whole, WW_PATH_DP, 1) > 0);
    assert_true(recovered > before);
    assert_true(exercise(&big, "nash", q_nash, WW_PATH_DP, 1) > 0);
    assert_true(exercise(&big, "kalai", q_kalai, WW_PATH_DP, 1) > 0);
}

/* Meeting in the middle (nash, kalai, evaluate; forced through its entry
 * points) on the spec example and a 7 x 6 anti-correlated model with
 * interactions: each of its allocations fails in turn (the halves, their
 * groups, the cross conditions, the key's ties, whose growth a failure
 * only turns into two more passes, and evaluate's max tree), cold and
 * warm. */
static void test_mitm(void **state)
{
    (void)state;
    static const source big = {"7 x 6 anti-correlated", NULL, 7, 1};
    static const source *srcs[2] = {&acme, &big};
    static const struct {
        const char *name;
        query_fn fn;
    } q[] = {{"nash (mitm)", q_nash_mitm},
             {"kalai (mitm)", q_kalai_mitm},
             {"evaluate (mitm)", q_evaluate_mitm}};
    int before = injected;
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++)
            for (int warm = 0; warm < 2; warm++)
                assert_true(exercise(srcs[i], q[k].name, q[k].fn,
                                     WW_PATH_DP, warm) > 0);
    assert_true(injected > before);
}

/* GLPK's internal errors (the header): every query forced onto the MIP
 * path on the spec example, cold and warm, each wrapped GLPK call failing
 * in turn; then the other example deals and seeded random models on the
 * MIP path and on auto (where a query may not call GLPK at all). */
static void test_glpk_errors(void **state)
{
    (void)state;
    static const ww_path paths[] = {WW_PATH_MIP, WW_PATH_AUTO};
    int before = injected, absorbed = recovered;
    inj = &glpk;
    run_source(&acme, WW_PATH_MIP, 1);
    run_models(paths, 2, 4);
    inj = &nomem;
    print_message("%d GLPK errors reported, %d absorbed by a query\n",
                  injected - before, recovered - absorbed);
    assert_true(injected - before > 1000);
}

/* A GLPK error frees every GLPK object of the thread, other solvers'
 * problems too: a solver that had built its problem before another
 * solver's query failed must build it again (lib/glpk_env.c's
 * generation), not solve on the freed one (ASan's use after free), and
 * answer every query as a new solver does. */
/* The library never prints: stdout and stderr go to a file around a
 * block of calls (GLPK errors included, whose messages GLPK would print
 * unless silenced), which must stay empty. */
static int quiet_fd[2] = {-1, -1};
static FILE *quiet_file;

static void quiet_begin(void)
{
    fflush(stdout);
    fflush(stderr);
    quiet_file = tmpfile();
    assert_non_null(quiet_file);
    quiet_fd[0] = dup(1);
    quiet_fd[1] = dup(2);
    assert_true(quiet_fd[0] >= 0 && quiet_fd[1] >= 0);
    assert_true(dup2(fileno(quiet_file), 1) >= 0);
    assert_true(dup2(fileno(quiet_file), 2) >= 0);
}

static void quiet_end(const char *what)
{
    fflush(stdout);
    fflush(stderr);
    dup2(quiet_fd[0], 1);
    dup2(quiet_fd[1], 2);
    close(quiet_fd[0]);
    close(quiet_fd[1]);
    char buf[256] = "";
    rewind(quiet_file);
    size_t n = fread(buf, 1, sizeof buf - 1, quiet_file);
    fclose(quiet_file);
    if (n > 0)
        fail_msg("%s printed: %.200s", what, buf);
}

static void test_glpk_errors_other_solver(void **state)
{
    (void)state;
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_MIP;
    o.time_limit = 0;
    ww_model *ma = load(&acme), *mb = load(&acme);
    set_refs(&acme, ma);
    for (int q = 0; q < NQUERIES; q++) {
        int with_eval = queries[q].fn == q_evaluate;
        ww_solver *fresh = NULL, *a = NULL, *b = NULL;
        assert_int_equal(ww_solver_new(ma, &fresh), WW_OK);
        char *want = run_plain(fresh, &o, queries[q].fn, with_eval);
        ww_solver_free(fresh);
        assert_int_equal(ww_solver_new(ma, &a), WW_OK);
        assert_int_equal(ww_solver_new(mb, &b), WW_OK);
        quiet_begin();
        free(run_plain(a, &o, q_best, 0)); /* a's problem is built */
        ww_result *r = NULL;
        glpk_arm(0);
        ww_status st = ww_best(b, &o, &r);
        int fired = glpk_fired();
        glpk_disarm();
        char *got = run_plain(a, &o, queries[q].fn, with_eval);
        quiet_end(queries[q].name);
        assert_true(fired);
        assert_int_equal(st, WW_SOLVER_ERROR);
        assert_null(r);
        assert_string_equal(got, want);
        free(got);
        free(want);
        ww_solver_free(a);
        ww_solver_free(b);
    }
    ww_model_free(ma);
    ww_model_free(mb);
}

/* GLPK out of memory, for real: its environment's memory limit
 * (glp_mem_limit, 1 MB) below what a 150 x 10 model's MIP needs (about
 * 1.4 MB).  GLPK reports it through the error hook; the query returns
 * WW_SOLVER_ERROR, the environment is freed (the limit with it), and the
 * same query then answers as a new solver does. */
static void test_glpk_memory_limit(void **state)
{
    (void)state;
    ww_random_params p;
    ww_random_params_default(&p);
    ww_random_params_size(&p, 150, 150, 10, 10);
    ww_model *m = NULL;
    assert_int_equal(ww_random_model(5, &p, &m), WW_OK);
    ww_options o;
    ww_options_init(&o);
    o.path = WW_PATH_MIP;
    o.time_limit = 0;
    ww_solver *fresh = NULL, *s = NULL;
    assert_int_equal(ww_solver_new(m, &fresh), WW_OK);
    char *want = run_plain(fresh, &o, q_best, 0);
    ww_solver_free(fresh);
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    glp_mem_limit(1);
    ww_result *r = NULL;
    quiet_begin();
    ww_status st = ww_best(s, &o, &r);
    quiet_end("GLPK out of memory");
    assert_int_equal(st, WW_SOLVER_ERROR);
    assert_null(r);
    assert_non_null(strstr(ww_errmsg(m), "GLPK"));
    char *got = run_plain(s, &o, q_best, 0);
    assert_string_equal(got, want);
    free(got);
    free(want);
    ww_solver_free(s);
    ww_model_free(m);
}

/* A DP frontier past 2e6 partial sums (zero-sum 8^7: 2.4e6 sums, within
 * the 2.5e7 its plan allows) on a machine where no allocation may exceed
 * 64 MB: the run's output block (2 million points) cannot be had, and the
 * DP gives way as a run over its limit does (WW_TOO_LARGE, with the
 * reason), not with WW_NOMEM.  Forced onto the DP, that is the answer; on
 * auto the frontier's top part comes instead (the DP under seller floors),
 * here the first 50 points, bit for bit those of the whole frontier
 * without the cap (which test_bounded_nodes checks against brute force). */
/* A zero-sum model (tests/support), its solver, and options forcing path. */
static void zero_sum_setup(int terms, int levels, ww_path path,
                           ww_model **m, ww_solver **s, ww_options *o)
{
    *m = NULL;
    assert_int_equal(ww_zero_sum_model(terms, levels, m), WW_OK);
    *s = NULL;
    assert_int_equal(ww_solver_new(*m, s), WW_OK);
    ww_options_init(o);
    o->path = path;
}

static void test_dp_memory_cap(void **state)
{
    (void)state;
    ww_model *m;
    ww_solver *s;
    ww_options o;
    zero_sum_setup(7, 8, WW_PATH_DP, &m, &s, &o);
    ww_result *r = NULL;
    ww_nomem_cap((size_t)64 << 20);
    ww_status st = ww_frontier(s, &o, &r);
    ww_nomem_cap(0);
    assert_int_equal(st, WW_TOO_LARGE);
    assert_null(r);
    assert_non_null(strstr(ww_errmsg(m), "out of memory past"));
    o.path = WW_PATH_AUTO;
    o.max_points = 50;
    ww_nomem_cap((size_t)64 << 20);
    st = ww_frontier(s, &o, &r);
    ww_nomem_cap(0);
    assert_int_equal(st, WW_OK);
    assert_int_equal(ww_result_count(r), 50);
    ww_stats stats;
    assert_int_equal(ww_result_stats(r, &stats), WW_OK);
    assert_int_equal(stats.path, WW_PATH_DP);
    ww_options all;
    ww_options_init(&all);
    ww_result *whole = NULL; /* without the cap: the whole frontier */
    assert_int_equal(ww_frontier(s, &all, &whole), WW_OK);
    assert_true(ww_result_count(whole) > 1800000);
    for (int i = 0; i < 50; i++) {
        assert_true(ww_result_buyer(r, i) == ww_result_buyer(whole, i));
        assert_true(ww_result_seller(r, i) == ww_result_seller(whole, i));
    }
    print_message("memory cap: the DP gave way; %d points on auto\n",
                  ww_result_count(r));
    ww_result_free(whole);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
}

/* Trades on a deal where every package has the same J (zero-sum, 60
 * terms of 10 levels) with any concession allowed: the 64,610 packages
 * within 2 changes that leave the buyer no worse are all trades of the
 * same J, and the tie rule (the highest U_s, then the neighbourhood's
 * order) needs only the few that fewer than 5 others beat on both.  On a
 * machine where no allocation may exceed 1 MB the query still answers,
 * the same 5 trades as without the cap: kept them all, its records
 * needed 2.6 MB. */
static void test_trades_ties_memory(void **state)
{
    (void)state;
    ww_model *m;
    ww_solver *s;
    ww_options o;
    zero_sum_setup(60, 10, WW_PATH_ENUM, &m, &s, &o);
    int ref[60];
    for (int t = 0; t < 60; t++)
        ref[t] = t % 10;
    ww_result *r = NULL, *want = NULL;
    ww_nomem_cap((size_t)1 << 20);
    ww_status st = ww_trades(s, &o, ref, 2, 5, 1e6, &r);
    ww_nomem_cap(0);
    assert_int_equal(st, WW_OK);
    assert_int_equal(ww_result_count(r), 5);
    /* the uncapped answer, from another solver */
    ww_solver *s2 = NULL;
    assert_int_equal(ww_solver_new(m, &s2), WW_OK);
    assert_int_equal(ww_trades(s2, &o, ref, 2, 5, 1e6, &want), WW_OK);
    for (int i = 0; i < 5; i++) {
        assert_memory_equal(ww_result_package(r, i),
                            ww_result_package(want, i), sizeof ref);
        assert_true(ww_result_seller(r, i) == ww_result_seller(want, i));
        /* every J ties: the highest U_s come first */
        assert_true(fabs(ww_result_joint(r, i) - ww_result_joint(r, 0)) <=
                    1e-9);
        assert_true(i == 0 ||
                    ww_result_seller(r, i) <= ww_result_seller(r, i - 1));
    }
    print_message("trades ties under a 1 MB cap: 5 trades, U_s %g to %g\n",
                  ww_result_seller(r, 0), ww_result_seller(r, 4));
    ww_result_free(r);
    /* each allocation failing in turn, the compaction's among them:
     * WW_NOMEM, then the same answer */
    int k = 0;
    for (;; k++) {
        r = NULL;
        ww_nomem_arm(k);
        st = ww_trades(s, &o, ref, 2, 5, 1e6, &r);
        int fired = ww_nomem_fired();
        ww_nomem_disarm();
        if (st != WW_OK) {
            assert_int_equal(st, WW_NOMEM);
            assert_null(r);
            continue;
        }
        for (int i = 0; i < 5; i++)
            assert_memory_equal(ww_result_package(r, i),
                                ww_result_package(want, i), sizeof ref);
        ww_result_free(r);
        if (!fired)
            break;
    }
    print_message("trades ties: %d allocations failed in turn\n", k);
    assert_true(k > 10);
    ww_result_free(want);
    ww_solver_free(s2);
    ww_solver_free(s);
    ww_model_free(m);
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
    jansson_wrapped = 1; /* jansson's allocations too (see jansson_malloc) */
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
    jansson_wrapped = 0;
    free(want);
}

static void test_save_string(void **state)
{
    (void)state;
    ww_model *m = load_acme();
    char *want = saved(m);
    jansson_wrapped = 1; /* the document is jansson's: its allocations too */
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
    jansson_wrapped = 0;
    free(want);
    ww_model_free(m);
}

/* jansson's own allocations failing while a model loads, the k-th alone
 * (a transient failure) or every one from the k-th on: the load reports
 * WW_NOMEM ("out of memory", never "malformed JSON": jansson reports a
 * failure in its lexer as a syntax error, or with no message, and the
 * loader parses a second time before it blames the text), or succeeds
 * with the same model; a persistent failure always reports WW_NOMEM.
 * Every token of this model fits the first 16 bytes of jansson's lexer
 * buffer (see jansson_malloc). */
static void test_load_jansson(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": \"winwin/1\", \"name\": \"short\",\n"
        " \"buyer\": {\"name\": \"B\", \"reservation\": 2},\n"
        " \"seller\": {\"name\": \"S\", \"weight\": 1.5},\n"
        " \"terms\": [\n"
        "  {\"name\": \"price\", \"levels\": [\n"
        "    {\"label\": \"low\", \"buyer\": 9, \"seller\": 1},\n"
        "    {\"label\": \"mid\", \"buyer\": 5, \"seller\": 5},\n"
        "    {\"label\": \"high\", \"buyer\": 1, \"seller\": 9}]},\n"
        "  {\"name\": \"payment\", \"levels\": [\n"
        "    {\"label\": \"net 30\", \"buyer\": 0, \"seller\": 3},\n"
        "    {\"label\": \"net 60\", \"buyer\": 2.5, \"seller\": 1}]}],\n"
        " \"opening\": {\"price\": \"high\", \"payment\": \"net 30\"}}\n";
    ww_model *m = NULL;
    ww_error err;
    assert_int_equal(ww_model_load_string(text, sizeof text - 1, "short", &m,
                                          &err), WW_OK);
    char *want = saved(m);
    ww_model_free(m);
    for (jansson_persist = 0; jansson_persist < 2; jansson_persist++) {
        int nomem = 0, absorbed = 0;
        for (int k = 0;; k++) {
            memset(&err, 0, sizeof err);
            m = (ww_model *)&m;
            jansson_seen = 0;
            jansson_fail_at = k;
            ww_status st = ww_model_load_string(text, sizeof text - 1,
                                                "short", &m, &err);
            int fired = jansson_seen > k;
            jansson_fail_at = -1;
            if (st != WW_OK) {
                if (st != WW_NOMEM || err.status != WW_NOMEM) {
                    print_error("jansson %s k=%d: status %s: %s\n",
                                jansson_persist ? "from" : "at", k,
                                ww_status_str(st), err.text);
                    fail();
                }
                assert_null(m);
                nomem++;
                injected++;
                continue;
            }
            assert_false(jansson_persist && fired); /* it cannot succeed */
            char *got = saved(m);
            assert_string_equal(got, want);
            free(got);
            ww_model_free(m);
            if (!fired) {
                print_message("load, jansson's allocations failing %s: %d "
                              "failed in turn, %d reported, %d absorbed\n",
                              jansson_persist ? "from the k-th on"
                                              : "one at a time",
                              k, nomem, absorbed);
                assert_true(k > 10);
                assert_true(jansson_persist ? nomem == k : absorbed > 0);
                break;
            }
            absorbed++;
        }
    }
    jansson_persist = 0;
    free(want);
}

/* A host program may give jansson an allocator of its own (one that
 * keeps a header before each block, here): loading, saving and a query
 * still work and give the same text, and whatever jansson allocated
 * goes back to jansson's free, not the C library's. */
static void *offset_malloc(size_t n)
{
    char *p = __real_malloc(n + 16);
    return p ? p + 16 : NULL;
}
static void offset_free(void *p)
{
    if (p)
        free((char *)p - 16);
}

static void test_jansson_allocator(void **state)
{
    (void)state;
    ww_model *m = load_acme();
    char *want = saved(m);
    ww_model_free(m);
    json_set_alloc_funcs(offset_malloc, offset_free);
    m = load_acme();
    char *got = saved(m);
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    ww_result *r = NULL;
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 2);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
    json_set_alloc_funcs(jansson_malloc, jansson_free);
    assert_string_equal(got, want);
    free(got);
    free(want);
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
    json_set_alloc_funcs(jansson_malloc, jansson_free);
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
        cmocka_unit_test(test_load_jansson),
        cmocka_unit_test(test_jansson_allocator),
        cmocka_unit_test(test_genius_import),
        cmocka_unit_test(test_solver_new),
        cmocka_unit_test(test_trades_ties_memory),
        cmocka_unit_test(test_queries_auto),
        cmocka_unit_test(test_queries_dp),
        cmocka_unit_test(test_queries_mip),
        cmocka_unit_test(test_queries_enum),
        cmocka_unit_test(test_queries_models),
        cmocka_unit_test(test_bargain_large_frontier),
        cmocka_unit_test(test_mitm),
        cmocka_unit_test(test_glpk_errors),
        cmocka_unit_test(test_glpk_errors_other_solver),
        cmocka_unit_test(test_glpk_memory_limit),
        cmocka_unit_test(test_dp_memory_cap),
        cmocka_unit_test(test_reason),
        cmocka_unit_test(test_injected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
