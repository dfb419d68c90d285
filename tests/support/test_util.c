/* Small helpers shared by the test suites (test_util.h). */
#include "test_util.h"

#include <stdio.h>
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

ww_model *ww_test_grid_model(int terms, int levels, ww_test_level_fn fn,
                             void *data)
{
    ww_model *m = NULL;
    if (ww_model_new(&m) != WW_OK)
        return NULL;
    for (int t = 0; t < terms; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        if (ww_model_add_term(m, name, NULL, NULL) != WW_OK)
            goto fail;
        for (int l = 0; l < levels; l++) {
            double b, s;
            fn(t, l, &b, &s, data);
            snprintf(name, sizeof name, "l%d", l);
            if (ww_model_add_level(m, t, name, b, s, NULL) != WW_OK ||
                ww_model_set_level_value(m, t, l, l) != WW_OK)
                goto fail;
        }
    }
    return m;
fail:
    ww_model_free(m);
    return NULL;
}

int ww_test_path(const ww_result *r)
{
    ww_stats st;
    return ww_result_stats(r, &st) == WW_OK ? (int)st.path : -1;
}
