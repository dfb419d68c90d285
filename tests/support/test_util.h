/* Small helpers shared by the test suites: a monotonic clock and a seeded
 * xorshift generator (the same numbers on every machine). */
#ifndef WW_TEST_UTIL_H
#define WW_TEST_UTIL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds on a monotonic clock. */
double ww_test_now(void);
/* Advances the xorshift64 state *state (non-zero) and returns it. */
unsigned long ww_test_xorshift(unsigned long *state);
/* The next number in [0, 1) from *state. */
double ww_test_uniform(unsigned long *state);

#ifdef __cplusplus
}
#endif

#endif
