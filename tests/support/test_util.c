/* Small helpers shared by the test suites (test_util.h). */
#include "test_util.h"

#include <time.h>

double ww_test_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

unsigned long ww_test_xorshift(unsigned long *state)
{
    unsigned long x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

double ww_test_uniform(unsigned long *state)
{
    return (double)(ww_test_xorshift(state) >> 11) / 9007199254740992.0;
}
