/* Small helpers shared by the test suites: a monotonic clock, a seeded
 * xorshift generator (the same numbers on every machine), and grid models
 * built through the public API. */
#ifndef WW_TEST_UTIL_H
#define WW_TEST_UTIL_H

#include "winwin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds on a monotonic clock. */
double ww_test_now(void);
/* Advances the xorshift64 state *state (non-zero) and returns it. */
unsigned long ww_test_xorshift(unsigned long *state);
/* The next number in [0, 1) from *state. */
double ww_test_uniform(unsigned long *state);

/* Fills level l of term t's utilities. */
typedef void (*ww_test_level_fn)(int t, int l, double *buyer, double *seller,
                                 void *data);
/* A model of `terms` terms "t0", "t1", ... of `levels` levels "l0", "l1",
 * ... each (level values l), utilities from fn; NULL on any failure. */
ww_model *ww_test_grid_model(int terms, int levels, ww_test_level_fn fn,
                             void *data);

/* The method that answered r (its stats' path), or -1 when r has none:
 * assert_int_equal(ww_test_path(r), WW_PATH_DP) checks both. */
int ww_test_path(const ww_result *r);

#ifdef __cplusplus
}
#endif

#endif
