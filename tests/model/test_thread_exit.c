/* A thread that used solvers frees its GLPK environment when it exits,
 * with or without ww_thread_cleanup() (lib/glpk_env.c): the count of live
 * environments comes back to where it was.  Run under valgrind in CI (suite
 * model), which also sees whether anything of those threads leaked. */
#include "ww_test.h"

#include <pthread.h>
#include <stdlib.h>

#include "glpk_env.h"

#ifndef WW_EXAMPLES_DIR
#error "WW_EXAMPLES_DIR must name examples/deals"
#endif

enum { EXIT_PLAIN, EXIT_CLEANUP, EXIT_NO_GLPK };

/* One MIP query (GLPK's environment is made), then the thread exits. */
static void *worker(void *arg)
{
    int how = *(const int *)arg;
    ww_model *m = NULL;
    ww_solver *s = NULL;
    ww_result *r = NULL;
    ww_options o;
    ww_options_init(&o);
    o.path = how == EXIT_NO_GLPK ? WW_PATH_ENUM : WW_PATH_MIP;
    int ok = ww_model_load_file(WW_EXAMPLES_DIR "/supply-contract.json", &m,
                                NULL) == WW_OK &&
             ww_solver_new(m, &s) == WW_OK && ww_best(s, &o, &r) == WW_OK &&
             ww_result_count(r) == 1;
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
    if (how == EXIT_CLEANUP)
        ww_thread_cleanup();
    return ok ? arg : NULL;
}

static void run_threads(int how, int n)
{
    pthread_t t[8];
    int arg = how;
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &arg), 0);
    for (int i = 0; i < n; i++) {
        void *ret = NULL;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_non_null(ret); /* the query ran and answered */
    }
}

static void test_exit_frees(void **state)
{
    (void)state;
    int before = ww__glp_live();
    run_threads(EXIT_PLAIN, 8);
    assert_int_equal(ww__glp_live(), before);
    run_threads(EXIT_CLEANUP, 4); /* freed once, not twice */
    assert_int_equal(ww__glp_live(), before);
    run_threads(EXIT_NO_GLPK, 2);
    assert_int_equal(ww__glp_live(), before);
}

/* The count does follow environments: this thread's, made by a MIP and
 * kept, then freed by ww_thread_cleanup(). */
static void test_count_follows(void **state)
{
    (void)state;
    int before = ww__glp_live();
    int arg = EXIT_PLAIN;
    assert_non_null(worker(&arg)); /* on this thread: no exit */
    assert_int_equal(ww__glp_live(), before + 1);
    ww_thread_cleanup();
    assert_int_equal(ww__glp_live(), before);
    ww_thread_cleanup(); /* nothing left: no change */
    assert_int_equal(ww__glp_live(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_follows),
        cmocka_unit_test(test_exit_frees),
    };
    return cmocka_run_group_tests_name("thread_exit", tests, NULL, NULL);
}
