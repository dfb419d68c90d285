/* tests/dp/test_mitm_half.c — a half's reduction for meeting in the middle
 * (lib/mitm_half.c).
 *
 * ww__half_reduce against a naive O(n^2) reading of its contract: a point
 * is kept when no point of its signature has a higher b and an s as high,
 * the same b and a higher s, or the same b and s and a lower code; groups
 * come in sig order, each b ascending.  Larger clouds are checked against
 * one qsort and scan instead.  The clouds are seeded and built to reach
 * every branch: uniform, zero-sum (almost every point kept), on a coarse
 * grid (ties on b, on b and s, duplicates), clustered below one outlier
 * (one bin holds nearly all points: deep merges), one b for all (a single
 * bin), ranges past double's, signatures of 0 to 20 bits (0 to 3 counting
 * passes), and every size from 0 to 40.  A late callback stops the
 * reduction at each of its calls in turn. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mitm_half.h"

static unsigned long long rng_state;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static unsigned pick(unsigned n)
{
    return n ? (unsigned)(uniform() * n) % n : 0;
}

enum { UNIFORM, ZERO_SUM, GRID, CLUSTER, ONE_B, HUGE_RANGE, KINDS };

/* n points of the given kind, codes 0..n-1 in order (as a half's
 * enumeration writes them), signatures of nsig bits among few values. */
static hpt *cloud(int kind, size_t n, int nsig)
{
    hpt *p = malloc(sizeof *p * (n ? n : 1));
    assert_non_null(p);
    uint32_t sigs[5];
    for (int i = 0; i < 5; i++)
        sigs[i] = nsig ? (uint32_t)(uniform() * 4294967296.0) &
                             (uint32_t)((1ULL << nsig) - 1)
                       : 0;
    for (size_t i = 0; i < n; i++) {
        double b = uniform(), s = uniform();
        switch (kind) {
        case ZERO_SUM:
            s = 1 - b + (uniform() < 0.3 ? 1e-3 * uniform() : 0);
            break;
        case GRID:
            b = pick(6);
            s = pick(6);
            break;
        case CLUSTER:
            s = 1 - b;
            if (i == n / 3) {
                b = 1e9;
                s = -1e9;
            }
            break;
        case ONE_B:
            b = 0.25;
            break;
        case HUGE_RANGE:
            b = (uniform() - 0.5) * DBL_MAX;
            s = -b;
            break;
        }
        p[i] = (hpt){b, s, i, sigs[pick(1 + pick(5))]};
    }
    return p;
}

static int kept_naive(const hpt *p, size_t n, size_t i)
{
    for (size_t j = 0; j < n; j++) {
        const hpt *q = &p[j];
        if (j == i || q->sig != p[i].sig)
            continue;
        if ((q->b > p[i].b && q->s >= p[i].s) ||
            (q->b == p[i].b && q->s > p[i].s) ||
            (q->b == p[i].b && q->s == p[i].s && q->code < p[i].code))
            return 0;
    }
    return 1;
}

/* sig ascending, then b ascending (the kept points of a group differ on
 * b: equal b would leave one of them dominated). */
static int cmp_out(const void *x, const void *y)
{
    const hpt *p = x, *q = y;
    if (p->sig != q->sig)
        return p->sig < q->sig ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->code < q->code ? -1 : p->code > q->code;
}

/* sig ascending, b descending, s descending, code ascending. */
static int cmp_scan(const void *x, const void *y)
{
    const hpt *p = x, *q = y;
    if (p->sig != q->sig)
        return p->sig < q->sig ? -1 : 1;
    if (p->b != q->b)
        return p->b > q->b ? -1 : 1;
    if (p->s != q->s)
        return p->s > q->s ? -1 : 1;
    return p->code < q->code ? -1 : p->code > q->code;
}

/* The expected output of p[0..n): naive below 3,000 points. */
static hpt *expected(const hpt *p, size_t n, size_t *kept, int *groups)
{
    hpt *e = malloc(sizeof *e * (n ? n : 1));
    assert_non_null(e);
    size_t k = 0;
    if (n <= 3000) {
        for (size_t i = 0; i < n; i++)
            if (kept_naive(p, n, i))
                e[k++] = p[i];
    } else { /* a scan in (sig, b desc, s desc, code) order */
        hpt *o = malloc(sizeof *o * n);
        assert_non_null(o);
        memcpy(o, p, sizeof *o * n);
        qsort(o, n, sizeof *o, cmp_scan);
        double smax = 0;
        for (size_t i = 0; i < n; i++) {
            if (i == 0 || o[i].sig != o[i - 1].sig)
                smax = -HUGE_VAL;
            if (o[i].s > smax) {
                smax = o[i].s;
                e[k++] = o[i];
            }
        }
        free(o);
    }
    qsort(e, k, sizeof *e, cmp_out);
    int g = 0;
    for (size_t i = 0; i < k; i++)
        g += i == 0 || e[i].sig != e[i - 1].sig;
    *kept = k;
    *groups = g;
    return e;
}

static int never_late(void *ctx, size_t work)
{
    *(size_t *)ctx += work;
    return 0;
}

static void check_cloud(int kind, size_t n, int nsig)
{
    hpt *p = cloud(kind, n, nsig);
    size_t ek;
    int eg;
    hpt *e = expected(p, n, &ek, &eg);
    size_t kept = 0, work = 0;
    int groups = -1;
    assert_int_equal(ww__half_reduce(&p, n, nsig, &kept, &groups,
                                     never_late, &work), 0);
    if (kept != ek || groups != eg)
        fail_msg("kind %d, %zu points, %d bits: kept %zu in %d groups, "
                 "expected %zu in %d", kind, n, nsig, kept, groups, ek, eg);
    for (size_t i = 0; i < kept; i++)
        if (p[i].sig != e[i].sig || p[i].code != e[i].code ||
            memcmp(&p[i].b, &e[i].b, sizeof p[i].b) ||
            memcmp(&p[i].s, &e[i].s, sizeof p[i].s))
            fail_msg("kind %d, %zu points, %d bits: point %zu is code %lu, "
                     "expected %lu", kind, n, nsig, i,
                     (unsigned long)p[i].code, (unsigned long)e[i].code);
    assert_true(work >= n); /* late heard of every point at least once */
    free(p);
    free(e);
}

static void test_small(void **state)
{
    (void)state;
    rng_state = 1;
    for (int kind = 0; kind < KINDS; kind++)
        for (size_t n = 0; n <= 40; n++)
            for (int rep = 0; rep < 20; rep++)
                check_cloud(kind, n, rep % 3 == 0 ? 0 : rep % 3 == 1 ? 3 : 9);
}

static void test_clouds(void **state)
{
    (void)state;
    static const int bits[] = {0, 1, 8, 9, 16, 20};
    static const size_t sizes[] = {100, 1000, 2999, 20000};
    rng_state = 2;
    for (int kind = 0; kind < KINDS; kind++)
        for (int b = 0; b < 6; b++)
            for (int z = 0; z < 4; z++)
                check_cloud(kind, sizes[z], bits[b]);
}

typedef struct stopper {
    int calls, stop_at;
} stopper;

static int stop_late(void *ctx, size_t work)
{
    (void)work;
    stopper *s = ctx;
    return ++s->calls >= s->stop_at;
}

/* Stopped at each call of late in turn: 1, and a block of n points left
 * to free (ASan and valgrind see no leak). */
static void test_stopped(void **state)
{
    (void)state;
    rng_state = 3;
    for (int kind = 0; kind < KINDS; kind++) {
        stopper all = {0, 1 << 30};
        unsigned long long seed = rng_state;
        hpt *p = cloud(kind, 300, 9);
        size_t kept;
        int groups;
        assert_int_equal(ww__half_reduce(&p, 300, 9, &kept, &groups,
                                         stop_late, &all), 0);
        free(p);
        assert_true(all.calls > 2);
        for (int at = 1; at <= all.calls; at++) {
            stopper st = {0, at};
            rng_state = seed; /* the same cloud */
            p = cloud(kind, 300, 9);
            assert_int_equal(ww__half_reduce(&p, 300, 9, &kept, &groups,
                                             stop_late, &st), 1);
            assert_int_equal(st.calls, at);
            free(p);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_clouds),
        cmocka_unit_test(test_stopped),
    };
    return cmocka_run_group_tests_name("mitm_half", tests, NULL, NULL);
}
