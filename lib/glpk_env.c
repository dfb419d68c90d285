/* glpk_env.c — keep GLPK quiet, catch its errors, track its lifetime. */
#include "glpk_env.h"
#include "model_internal.h"

#include <glpk.h>
#include <stddef.h>

/* GLPK state is thread-local (Debian builds it with TLS), so is ours. */
static _Thread_local unsigned long generation = 1;
static _Thread_local int hooks_on;
static _Thread_local ww_guard *current;

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

void ww__glp_init(void)
{
    if (hooks_on)
        return;
    glp_term_out(GLP_OFF);
    glp_term_hook(quiet_hook, NULL);
    glp_error_hook(error_hook, NULL);
    hooks_on = 1;
}

unsigned long ww__glp_generation(void) { return generation; }

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
    glp_free_env();
    generation++;
    hooks_on = 0;
    ww__glp_init();
}

void ww_thread_cleanup(void)
{
    if (current)
        return; /* never from inside a guarded section */
    glp_free_env();
    generation++;
    hooks_on = 0;
}
