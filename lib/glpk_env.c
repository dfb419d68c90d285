/* glpk_env.c — keep GLPK quiet, catch its errors, track its lifetime. */
#include "glpk_env.h"
#include "model_internal.h"

#include <glpk.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* GLPK state is thread-local (Debian builds it with TLS), so is ours. */
static _Thread_local unsigned long generation = 1;
static _Thread_local int hooks_on;
static _Thread_local ww_guard *current;
static atomic_int live; /* threads whose environment ww__glp_init made */

static int quiet_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1; /* 1: GLPK prints nothing */
}

static void error_hook(void *info)
{
    (void)info;
    if (current)
        longjmp(current->jb, 1);
    /* No guard: returning lets GLPK abort.  Every GLPK call of the library
     * is guarded, so this is not reached. */
}

/* A thread that used GLPK frees its environment when it exits, as if it had
 * called ww_thread_cleanup(): a key whose destructor runs at thread exit
 * (while the thread's TLS, GLPK's included, still exists).  Deleted when
 * the library is unloaded, so no exiting thread calls into unmapped code.
 * (The main thread runs no key destructors: its environment lasts until the
 * process ends, as reachable memory.) */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static int key_made;

static void at_thread_exit(void *unused)
{
    (void)unused;
    ww_thread_cleanup();
}

static void make_key(void)
{
    key_made = pthread_key_create(&exit_key, at_thread_exit) == 0;
}

__attribute__((destructor)) static void unload(void)
{
    if (key_made) {
        pthread_key_delete(exit_key);
        key_made = 0;
    }
}

void ww__glp_init(void)
{
    if (hooks_on)
        return;
    atomic_fetch_add(&live, 1);
    pthread_once(&key_once, make_key);
    if (key_made) /* any non-NULL value: the destructor runs */
        pthread_setspecific(exit_key, &key_made);
    glp_term_out(GLP_OFF);
    glp_term_hook(quiet_hook, NULL);
    glp_error_hook(error_hook, NULL);
    hooks_on = 1;
}

unsigned long ww__glp_generation(void) { return generation; }

int ww__glp_live(void) { return atomic_load(&live); }

/* This thread's environment is gone (freed next): no longer live. */
static void forget(void)
{
    if (hooks_on)
        atomic_fetch_sub(&live, 1);
    hooks_on = 0;
}

void ww__glp_guard(ww_guard *g)
{
    g->prev = current;
    current = g;
    ww__glp_init();
}

void ww__glp_unguard(ww_guard *g) { current = g->prev; }

void ww__glp_recover(ww_guard *g)
{
    current = g->prev;
    /* GLPK's state is inconsistent after an error: drop all of it. */
    forget();
    glp_free_env();
    generation++;
    ww__glp_init();
}

void ww_thread_cleanup(void)
{
    if (current)
        return; /* never from inside a guarded section */
    forget();
    glp_free_env();
    generation++;
}
