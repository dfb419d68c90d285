/* glpk_env.h — GLPK silencing, error safety net and per-thread generation.
 *
 * GLPK aborts the process on an internal error unless an error hook jumps
 * out; after such a jump glp_free_env() must be called, which frees every
 * GLPK object of the thread.  ww__glp_generation() changes then, so a
 * solver whose problem belongs to an older generation rebuilds it instead of
 * touching freed memory. */
#ifndef WW_GLPK_ENV_H
#define WW_GLPK_ENV_H

#include <setjmp.h>

/* Silences GLPK on this thread (idempotent; cheap after the first call). */
void ww__glp_init(void);
/* The current generation of this thread's GLPK environment. */
unsigned long ww__glp_generation(void);
/* The number of threads whose GLPK environment is set up and not yet freed
 * (by ww_thread_cleanup, explicit or at thread exit); for the tests. */
int ww__glp_live(void);

/* Guarded section:
 *     ww_guard g;
 *     if (setjmp(g.jb)) { ww__glp_recover(&g); ...every glp object is gone... }
 *     ww__glp_guard(&g);
 *     ... GLPK calls ...
 *     ww__glp_unguard(&g);
 * ww__glp_recover frees the environment, bumps the generation and restores
 * the enclosing guard. */
typedef struct ww_guard {
    jmp_buf jb;
    struct ww_guard *prev;
} ww_guard;
void ww__glp_guard(ww_guard *g);
void ww__glp_unguard(ww_guard *g);
void ww__glp_recover(ww_guard *g);

#endif
