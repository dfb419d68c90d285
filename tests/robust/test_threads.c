/* Concurrency: 8 threads at once give exactly the answers of a sequential
 * run.
 *
 *  - own models: each thread builds its own seeded random models and asks
 *    best, frontier, nash and trades (its own solvers, ww_thread_cleanup at
 *    the end);
 *  - shared model: one read-only model, each thread with its own solver on
 *    it (allowed by winwin.h "Threads"); and name lookups on a shared model
 *    with hashed names;
 *  - files: JSON loads and saves and Genius imports in every thread.
 *
 * Run under ThreadSanitizer by .ci/tsan.  WW_ROBUST_THREAD_MODELS changes the
 * number of models per thread (default 4). */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "random_model.h"
#include "winwin.h"

#define NTHREADS 8

/* What one model answers: best, nash and the frontier points. */
typedef struct answer {
    ww_status st[5]; /* frontier (MIP), best, nash, frontier (auto path),
                        trades (auto: a scan that sorts) */
    ww_outcome oc[5];
    int npoints;
    int nauto;       /* points of the auto-path frontier */
    int ntrades;
    double trade_j[5]; /* the trades' J, in order */
    double *ub, *us; /* frontier, then best at [npoints], nash at +1 */
    int *pkgs;       /* npoints + 2 packages of nterms levels       */
    int nterms;
} answer;

static int models_per_thread(void)
{
    const char *e = getenv("WW_ROBUST_THREAD_MODELS");
    int n = e ? atoi(e) : 4;
    return n > 0 ? n : 4;
}

static ww_model *make_model(unsigned long seed)
{
    ww_random_params p;
    ww_random_params_default(&p);
    p.min_terms = 4;
    p.max_terms = 8;
    p.min_levels = 2;
    p.max_levels = 6;
    p.products = 1;
    ww_model *m = NULL;
    if (ww_random_model(seed, &p, &m) != WW_OK)
        return NULL;
    return m;
}

static void keep(answer *a, int slot, const ww_result *r)
{
    a->ub[slot] = ww_result_buyer(r, 0);
    a->us[slot] = ww_result_seller(r, 0);
    memcpy(a->pkgs + (size_t)slot * (size_t)a->nterms, ww_result_package(r, 0),
           (size_t)a->nterms * sizeof(int));
}

/* Solves best, frontier and nash of m with a new solver.  0 on success. */
static int solve(ww_model *m, answer *a)
{
    memset(a, 0, sizeof *a);
    a->nterms = ww_model_term_count(m);
    ww_solver *s = NULL;
    if (ww_solver_new(m, &s) != WW_OK)
        return -1;
    ww_result *r[5] = {NULL, NULL, NULL, NULL, NULL};
    /* The GLPK path forced, so that GLPK runs in every thread at once
     * (small models are otherwise answered without it); then auto. */
    ww_options mip;
    ww_options_init(&mip);
    mip.path = WW_PATH_MIP;
    a->st[0] = ww_frontier(s, &mip, &r[0]);
    a->st[1] = ww_best(s, NULL, &r[1]);
    a->st[2] = ww_nash(s, NULL, &r[2]);
    a->st[3] = ww_frontier(s, NULL, &r[3]);
    a->nauto = a->st[3] == WW_OK ? ww_result_count(r[3]) : -1;
    int *zero = calloc((size_t)a->nterms + 1, sizeof(int));
    a->st[4] = zero ? ww_trades(s, NULL, zero, 2, 5, 0.0, &r[4]) : WW_NOMEM;
    free(zero);
    a->ntrades = a->st[4] == WW_OK ? ww_result_count(r[4]) : -1;
    for (int i = 0; i < a->ntrades && i < 5; i++)
        a->trade_j[i] = ww_result_joint(r[4], i);
    int n = a->st[0] == WW_OK ? ww_result_count(r[0]) : 0;
    a->npoints = n;
    a->ub = calloc((size_t)n + 2, sizeof(double));
    a->us = calloc((size_t)n + 2, sizeof(double));
    a->pkgs = calloc(((size_t)n + 2) * (size_t)a->nterms, sizeof(int));
    int bad = !a->ub || !a->us || !a->pkgs;
    for (int q = 0; q < 5; q++)
        if (a->st[q] == WW_OK)
            a->oc[q] = ww_result_outcome(r[q]);
    for (int i = 0; !bad && i < n; i++) {
        a->ub[i] = ww_result_buyer(r[0], i);
        a->us[i] = ww_result_seller(r[0], i);
        memcpy(a->pkgs + (size_t)i * (size_t)a->nterms,
               ww_result_package(r[0], i), (size_t)a->nterms * sizeof(int));
    }
    for (int q = 1; !bad && q < 3; q++)
        if (a->st[q] == WW_OK && ww_result_count(r[q]) == 1)
            keep(a, n + q - 1, r[q]);
    for (int q = 0; q < 5; q++)
        ww_result_free(r[q]);
    ww_solver_free(s);
    return bad ? -1 : 0;
}

static void answer_free(answer *a)
{
    free(a->ub);
    free(a->us);
    free(a->pkgs);
}

/* The same model solved twice must give the same answer, bit for bit
 * (GLPK is deterministic; a difference means shared state). */
static int same_answer(const answer *a, const answer *b, char *why,
                       size_t cap)
{
    for (int q = 0; q < 5; q++)
        if (a->st[q] != b->st[q] || a->oc[q] != b->oc[q]) {
            snprintf(why, cap, "query %d: status %d/%d outcome %d/%d", q,
                     (int)a->st[q], (int)b->st[q], (int)a->oc[q],
                     (int)b->oc[q]);
            return 0;
        }
    for (int i = 0; i < a->ntrades && i < 5; i++)
        if (a->trade_j[i] != b->trade_j[i]) {
            snprintf(why, cap, "trade %d: J %.17g vs %.17g", i, a->trade_j[i],
                     b->trade_j[i]);
            return 0;
        }
    if (a->npoints != b->npoints || a->nterms != b->nterms ||
        a->nauto != b->nauto || a->ntrades != b->ntrades) {
        snprintf(why, cap, "frontier: %d vs %d points", a->npoints,
                 b->npoints);
        return 0;
    }
    int n = a->npoints + 2;
    for (int i = 0; i < n; i++)
        if (a->ub[i] != b->ub[i] || a->us[i] != b->us[i] ||
            memcmp(a->pkgs + (size_t)i * (size_t)a->nterms,
                   b->pkgs + (size_t)i * (size_t)b->nterms,
                   (size_t)a->nterms * sizeof(int)) != 0) {
            snprintf(why, cap, "answer %d: (%.17g, %.17g) vs (%.17g, %.17g)",
                     i, a->ub[i], a->us[i], b->ub[i], b->us[i]);
            return 0;
        }
    return 1;
}

/* ---- own models --------------------------------------------------------- */

/* Joins thread t, then reports its failures (read only after the join)
 * and returns how many. */
static int joined(pthread_t th, int t, const int *failures, const char *why)
{
    assert_int_equal(pthread_join(th, NULL), 0);
    if (*failures)
        print_error("thread %d: %d failures, last: %s\n", t, *failures, why);
    return *failures;
}

typedef struct own_job {
    int id, count;
    const answer *expected; /* indexed by seed - 1 */
    int failures;
    char why[256];
} own_job;

static void *own_thread(void *arg)
{
    own_job *j = arg;
    for (int k = 0; k < j->count; k++) {
        unsigned long seed = (unsigned long)(k * NTHREADS + j->id + 1);
        ww_model *m = make_model(seed);
        answer a;
        if (!m || solve(m, &a) != 0) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "seed %lu: cannot solve", seed);
            ww_model_free(m);
            continue;
        }
        char why[200];
        if (!same_answer(&j->expected[seed - 1], &a, why, sizeof why)) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "seed %lu: %s", seed, why);
        }
        answer_free(&a);
        ww_model_free(m);
    }
    ww_thread_cleanup();
    return NULL;
}

static void test_own_models(void **state)
{
    (void)state;
    int per = models_per_thread(), total = per * NTHREADS;
    answer *expected = calloc((size_t)total, sizeof *expected);
    assert_non_null(expected);
    for (int i = 0; i < total; i++) {
        ww_model *m = make_model((unsigned long)i + 1);
        assert_non_null(m);
        assert_int_equal(solve(m, &expected[i]), 0);
        ww_model_free(m);
    }
    pthread_t th[NTHREADS];
    own_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (own_job){.id = t, .count = per, .expected = expected};
        assert_int_equal(pthread_create(&th[t], NULL, own_thread, &jobs[t]),
                         0);
    }
    int failures = 0;
    for (int t = 0; t < NTHREADS; t++)
        failures += joined(th[t], t, &jobs[t].failures, jobs[t].why);
    for (int i = 0; i < total; i++)
        answer_free(&expected[i]);
    free(expected);
    assert_int_equal(failures, 0);
}

/* ---- one shared read-only model ----------------------------------------- */

typedef struct shared_job {
    ww_model *model;
    const answer *expected;
    int rounds, failures;
    char why[256];
} shared_job;

static void *shared_thread(void *arg)
{
    shared_job *j = arg;
    for (int k = 0; k < j->rounds; k++) {
        answer a;
        if (solve(j->model, &a) != 0) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "cannot solve");
            continue;
        }
        char why[200];
        if (!same_answer(j->expected, &a, why, sizeof why)) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "%s", why);
        }
        answer_free(&a);
        /* Plain reads and evaluations alongside. */
        int n = ww_model_term_count(j->model);
        int pkg[64] = {0};
        ww_evaluation ev;
        if (n <= 64 && ww_model_evaluate(j->model, pkg, &ev) != WW_OK)
            j->failures++;
    }
    ww_thread_cleanup();
    return NULL;
}

static void test_shared_model(void **state)
{
    (void)state;
    ww_model *m = make_model(12345);
    assert_non_null(m);
    answer expected;
    assert_int_equal(solve(m, &expected), 0);
    pthread_t th[NTHREADS];
    shared_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (shared_job){.model = m, .expected = &expected,
                               .rounds = models_per_thread()};
        assert_int_equal(
            pthread_create(&th[t], NULL, shared_thread, &jobs[t]), 0);
    }
    int failures = 0;
    for (int t = 0; t < NTHREADS; t++)
        failures += joined(th[t], t, &jobs[t].failures, jobs[t].why);
    answer_free(&expected);
    ww_model_free(m);
    assert_int_equal(failures, 0);
}

/* ---- failures on one shared model ---------------------------------------- */

/* Threads reading one model fail on it at once, each with its own bad
 * level index: each reads back its own message, whole.  (One buffer in
 * the model was written by all: ThreadSanitizer saw the race, and a
 * message read could mix two, "... out of range (3s)".) */
typedef struct fail_job {
    ww_model *model;
    int term, level, rounds, failures;
    char why[256];
} fail_job;

static void *fail_thread(void *arg)
{
    fail_job *j = arg;
    int n = ww_model_term_count(j->model);
    int pkg[64] = {0};
    char want[300] = "";
    for (int k = 0; k < j->rounds && n <= 64; k++) {
        pkg[j->term] = j->level;
        ww_evaluation ev;
        if (ww_model_evaluate(j->model, pkg, &ev) != WW_OUT_OF_RANGE) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "not refused");
            break;
        }
        const char *msg = ww_errmsg(j->model);
        if (k == 0)
            snprintf(want, sizeof want, "%s", msg);
        char level[32];
        snprintf(level, sizeof level, "level index %d ", j->level);
        if (strcmp(msg, want) != 0 || !strstr(msg, level)) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "read \"%.200s\"", msg);
            break;
        }
        pkg[j->term] = 0; /* a success clears this thread's message only */
        if (ww_model_evaluate(j->model, pkg, &ev) != WW_OK ||
            ww_errmsg(j->model)[0] != '\0') {
            j->failures++;
            snprintf(j->why, sizeof j->why, "message after a success");
            break;
        }
    }
    ww_thread_cleanup();
    return NULL;
}

static void test_shared_failures(void **state)
{
    (void)state;
    ww_model *m = make_model(777);
    assert_non_null(m);
    pthread_t th[NTHREADS];
    fail_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (fail_job){.model = m,
                             .term = t % ww_model_term_count(m),
                             .level = 100 + t * 1111,
                             .rounds = 2000};
        assert_int_equal(pthread_create(&th[t], NULL, fail_thread, &jobs[t]),
                         0);
    }
    int failures = 0;
    for (int t = 0; t < NTHREADS; t++)
        failures += joined(th[t], t, &jobs[t].failures, jobs[t].why);
    ww_model_free(m);
    assert_int_equal(failures, 0);
}

/* ---- name lookups on one shared model ------------------------------------ */

/* Past 16 names lookups go through a hash (lib/name_index.c): it is built by
 * the mutators, so lookups from many threads only read. */
enum { NAMED_TERMS = 200, NAMED_LEVELS = 50 };

static void *lookup_thread(void *arg)
{
    shared_job *j = arg;
    char name[32];
    for (int k = 0; k < j->rounds; k++)
        for (int t = 0; t < NAMED_TERMS; t++) {
            int ti = -1, li = -1;
            snprintf(name, sizeof name, "term %d", t);
            if (ww_model_find_term(j->model, name, &ti) != WW_OK || ti != t)
                j->failures++;
            snprintf(name, sizeof name, "level %d", (t * 7 + k) % NAMED_LEVELS);
            if (ww_model_find_level(j->model, t, name, &li) != WW_OK ||
                li != (t * 7 + k) % NAMED_LEVELS)
                j->failures++;
        }
    if (j->failures)
        snprintf(j->why, sizeof j->why, "wrong lookups");
    return NULL;
}

static void test_shared_lookups(void **state)
{
    (void)state;
    ww_model *m = NULL;
    assert_int_equal(ww_model_new(&m), WW_OK);
    char name[32];
    for (int t = 0; t < NAMED_TERMS; t++) {
        snprintf(name, sizeof name, "term %d", t);
        assert_int_equal(ww_model_add_term(m, name, NULL, NULL), WW_OK);
        for (int l = 0; l < NAMED_LEVELS; l++) {
            snprintf(name, sizeof name, "level %d", l);
            assert_int_equal(ww_model_add_level(m, t, name, l, -l, NULL),
                             WW_OK);
        }
    }
    pthread_t th[NTHREADS];
    shared_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (shared_job){.model = m, .rounds = 20};
        assert_int_equal(pthread_create(&th[t], NULL, lookup_thread, &jobs[t]),
                         0);
    }
    int failures = 0;
    for (int t = 0; t < NTHREADS; t++)
        failures += joined(th[t], t, &jobs[t].failures, jobs[t].why);
    ww_model_free(m);
    assert_int_equal(failures, 0);
}

/* ---- files in every thread ---------------------------------------------- */

static const char *genius_domain =
    "<negotiation_template><utility_space><objective index=\"0\" "
    "name=\"root\" type=\"objective\" etype=\"objective\">"
    "<issue index=\"1\" name=\"Price\" etype=\"discrete\" type=\"discrete\" "
    "vtype=\"discrete\"><item index=\"1\" value=\"Low\"/><item index=\"2\" "
    "value=\"High\"/></issue>"
    "<issue index=\"2\" name=\"Days\" etype=\"discrete\" type=\"discrete\" "
    "vtype=\"discrete\"><item index=\"1\" value=\"0\"/><item index=\"2\" "
    "value=\"30\"/><item index=\"3\" value=\"60\"/><item index=\"4\" "
    "value=\"90\"/></issue>"
    "</objective></utility_space></negotiation_template>";
static const char *genius_profile =
    "<utility_space><objective index=\"0\" name=\"root\" type=\"objective\" "
    "etype=\"objective\"><issue index=\"1\" name=\"Price\" "
    "etype=\"discrete\" type=\"discrete\" vtype=\"discrete\"><item "
    "index=\"1\" value=\"Low\" evaluation=\"3\"/><item index=\"2\" "
    "value=\"High\" evaluation=\"1\"/></issue><issue index=\"2\" "
    "name=\"Days\"><item index=\"1\" value=\"0\" evaluation=\"0\"/><item "
    "index=\"2\" value=\"30\" evaluation=\"1\"/><item index=\"3\" "
    "value=\"60\" evaluation=\"2\"/><item index=\"4\" value=\"90\" "
    "evaluation=\"3\"/></issue><weight index=\"1\" value=\"0.5\"/>"
    "<weight index=\"2\" value=\"0.5\"/></objective></utility_space>";

typedef struct file_job {
    const char *json;
    const char *expected_save;
    const char *dir;
    int id, rounds, failures;
    char why[1600];
} file_job;

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static void *file_thread(void *arg)
{
    file_job *j = arg;
    char dom[512], prof[512];
    snprintf(dom, sizeof dom, "%s/robust-thread-%d-domain.xml", j->dir, j->id);
    snprintf(prof, sizeof prof, "%s/robust-thread-%d-profile.xml", j->dir,
             j->id);
    if (write_file(dom, genius_domain) || write_file(prof, genius_profile)) {
        j->failures++;
        snprintf(j->why, sizeof j->why, "cannot write %s", dom);
        return NULL;
    }
    for (int k = 0; k < j->rounds; k++) {
        ww_model *m = NULL;
        ww_error err;
        if (ww_model_load_string(j->json, strlen(j->json), "t", &m, &err)) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "load: %s", err.text);
            continue;
        }
        char *s = NULL;
        if (ww_model_save_string(m, &s) || strcmp(s, j->expected_save)) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "save differs");
        }
        ww_free(s);
        ww_model_free(m);
        m = NULL;
        ww_status st = ww_genius_import(dom, prof, prof, &m, &err);
        if (st != WW_OK || ww_model_term_count(m) != 2 ||
            ww_model_level_count(m, 1) != 4) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "genius: %s", err.text);
        }
        ww_model_free(m);
        /* A rejection's message is per call, not shared. */
        st = ww_model_load_string("{\"format\": 1}", 13, "bad", &m, &err);
        if (st == WW_OK || !strstr(err.text, "bad")) {
            j->failures++;
            snprintf(j->why, sizeof j->why, "bad input: %s", err.text);
        }
    }
    remove(dom);
    remove(prof);
    ww_thread_cleanup();
    return NULL;
}

static void test_files(void **state)
{
    (void)state;
    ww_model *m = make_model(777);
    assert_non_null(m);
    char *json = NULL;
    assert_int_equal(ww_model_save_string(m, &json), WW_OK);
    ww_model_free(m);
    pthread_t th[NTHREADS];
    file_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (file_job){.json = json, .expected_save = json,
                             .dir = WW_ROBUST_TMP, .id = t,
                             .rounds = 5 * models_per_thread()};
        assert_int_equal(pthread_create(&th[t], NULL, file_thread, &jobs[t]),
                         0);
    }
    int failures = 0;
    for (int t = 0; t < NTHREADS; t++)
        failures += joined(th[t], t, &jobs[t].failures, jobs[t].why);
    ww_free(json);
    assert_int_equal(failures, 0);
}

/* A thread with a small stack, as a server may give its workers: 64 KB
 * (1 MB under the sanitizers, whose frames are larger).  It loads and
 * saves, imports a Genius domain, refuses a document nested 1,000 levels
 * deep (jansson's parser recursing that deep overflowed such a stack:
 * the loader now refuses more than 64 levels first), and asks every query
 * on every path of seeded random models. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SMALL_STACK ((size_t)1 << 20)
#else
#define SMALL_STACK ((size_t)64 << 10)
#endif

typedef struct small_job {
    int failures;
    char why[256];
} small_job;

static void small_fail(small_job *j, const char *what, ww_status st)
{
    j->failures++;
    snprintf(j->why, sizeof j->why, "%s: %s", what, ww_status_str(st));
}

static void *small_thread(void *arg)
{
    small_job *j = arg;
    enum { DEEP = 1000 };
    static char deep[64 + 2 * DEEP + 8];
    size_t n = (size_t)snprintf(deep, sizeof deep,
                                "{\"format\": \"winwin/1\", \"x-deep\": ");
    memset(deep + n, '[', DEEP);
    memset(deep + n + DEEP, ']', DEEP);
    memcpy(deep + n + 2 * DEEP, "}", 2);
    ww_model *m = NULL;
    ww_error err;
    ww_status st = ww_model_load_string(deep, strlen(deep), "deep", &m, &err);
    if (st != WW_TOO_LARGE || !strstr(err.text, "nested deeper than 64"))
        small_fail(j, "deep JSON", st);
    char dom[512], prof[512];
    snprintf(dom, sizeof dom, "%s/robust-small-domain.xml", WW_ROBUST_TMP);
    snprintf(prof, sizeof prof, "%s/robust-small-profile.xml", WW_ROBUST_TMP);
    if (write_file(dom, genius_domain) || write_file(prof, genius_profile) ||
        (st = ww_genius_import(dom, prof, prof, &m, &err)) != WW_OK)
        small_fail(j, "genius import", st);
    ww_model_free(m);
    remove(dom);
    remove(prof);
    for (unsigned long seed = 1; seed <= 6; seed++) {
        ww_model *g = make_model(seed);
        char *text = NULL;
        if (!g || ww_model_save_string(g, &text) != WW_OK ||
            (st = ww_model_load_string(text, strlen(text), "t", &m, &err)) !=
                WW_OK) {
            small_fail(j, "save and load", st);
            ww_free(text);
            ww_model_free(g);
            continue;
        }
        ww_free(text);
        ww_model_free(g);
        ww_solver *s = NULL;
        if (ww_solver_new(m, &s) != WW_OK) {
            small_fail(j, "solver", WW_NOMEM);
            ww_model_free(m);
            continue;
        }
        int nt = ww_model_term_count(m), pkg[64] = {0};
        for (int path = WW_PATH_AUTO; path <= WW_PATH_DP; path++) {
            ww_options o;
            ww_options_init(&o);
            o.path = (ww_path)path;
            o.time_limit = 10;
            ww_result *r = NULL;
            ww_evaluation ev;
            ww_status q[7] = {
                ww_best(s, &o, &r), WW_OK, WW_OK, WW_OK, WW_OK, WW_OK, WW_OK};
            ww_result_free(r);
            r = NULL;
            q[1] = ww_frontier(s, &o, &r);
            ww_result_free(r);
            r = NULL;
            q[2] = ww_nash(s, &o, &r);
            ww_result_free(r);
            r = NULL;
            q[3] = ww_kalai(s, &o, &r);
            ww_result_free(r);
            r = NULL;
            q[4] = ww_meso(s, &o, 3, NAN, NAN, &r);
            ww_result_free(r);
            r = NULL;
            q[5] = nt <= 64 ? ww_evaluate(s, &o, pkg, &ev, &r) : WW_OK;
            ww_result_free(r);
            r = NULL;
            q[6] = nt <= 64 ? ww_trades(s, &o, pkg, 2, 5, 0, &r) : WW_OK;
            ww_result_free(r);
            for (int k = 0; k < 7; k++) /* a forced path may decline */
                if (q[k] != WW_OK &&
                    !(path != WW_PATH_AUTO && (q[k] == WW_UNSUPPORTED ||
                                               q[k] == WW_TOO_LARGE)))
                    small_fail(j, "query", q[k]);
        }
        ww_solver_free(s);
        ww_model_free(m);
    }
    ww_thread_cleanup();
    return NULL;
}

static void test_small_stack(void **state)
{
    (void)state;
    pthread_attr_t a;
    assert_int_equal(pthread_attr_init(&a), 0);
    assert_int_equal(pthread_attr_setstacksize(&a, SMALL_STACK), 0);
    pthread_t th;
    small_job j = {0, ""};
    assert_int_equal(pthread_create(&th, &a, small_thread, &j), 0);
    pthread_attr_destroy(&a);
    assert_int_equal(joined(th, 0, &j.failures, j.why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_models),
        cmocka_unit_test(test_shared_model),
        cmocka_unit_test(test_shared_failures),
        cmocka_unit_test(test_shared_lookups),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_small_stack),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
