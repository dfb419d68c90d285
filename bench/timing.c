/* Clock and order statistics of repeated runs. */
#include "bench.h"

#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void bench_time_from(bench_time *t, double *samples, int n)
{
    t->runs = n;
    if (n <= 0) {
        t->median = t->min = t->max = 0.0;
        return;
    }
    qsort(samples, (size_t)n, sizeof *samples, cmp_double);
    t->min = samples[0];
    t->max = samples[n - 1];
    t->median = n % 2 ? samples[n / 2]
                      : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
}
