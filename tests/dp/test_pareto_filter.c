/* tests/dp/test_pareto_filter.c — the TOL Pareto filter of lib/pareto_tol.c.
 *
 * ww__dp_pareto_tol, and ww__dp_front_until (ww__dp_prefilter first),
 * against a naive O(n^2) reading of its contract: drop every point
 * TOL-dominated by any other (dominated or not), then keep the first
 * point of each cluster
 * within TOL on both sides in the order (s desc, b desc, key asc).  The
 * clouds are seeded and built to be hard: values on a grid of TOL/2 steps
 * (ties, chains a > b > c where a does not dominate c, clusters), wide
 * random spreads, and staircases, at sizes around the filter's own
 * switches (insertion sort at 16, prefilter from 24, stack buffers to 64),
 * and staircases already in order with gaps at and around TOL (the
 * shortcut for spread staircases).  Clouds of hundreds of thousands of
 * points, past the filter's blocks of 65,536 (between two looks at the
 * caller's stop test), go against a second, O(n log n) reading of the
 * contract (binary searches over sorted copies), itself checked against
 * the naive one on the small clouds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

#define TOL WW_TOLERANCE

static unsigned long long rng_state;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static int dominated(const ww__dp_pt *q, const ww__dp_pt *p)
{
    return (q->s > p->s + TOL && q->b >= p->b - TOL) ||
           (q->b > p->b + TOL && q->s >= p->s - TOL);
}

static int before(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *q = y;
    if (p->s != q->s)
        return p->s > q->s ? -1 : 1;
    if (p->b != q->b)
        return p->b > q->b ? -1 : 1;
    return (p->key > q->key) - (p->key < q->key);
}

/* The contract, literally. */
static int naive(const ww__dp_pt *in, int n, ww__dp_pt *out)
{
    ww__dp_pt *alive = malloc(sizeof *alive * (size_t)(n + 1));
    assert_non_null(alive);
    int na = 0;
    for (int i = 0; i < n; i++) {
        int dom = 0;
        for (int j = 0; j < n && !dom; j++)
            dom = j != i && dominated(&in[j], &in[i]);
        if (!dom)
            alive[na++] = in[i];
    }
    qsort(alive, (size_t)na, sizeof *alive, before);
    int k = 0;
    for (int i = 0; i < na; i++) {
        int dup = 0;
        for (int j = 0; j < k && !dup; j++) /* within TOL: neither more
                                               than TOL above the other,
                                               as `dominated` tests it */
            dup = out[j].s <= alive[i].s + TOL &&
                  alive[i].s <= out[j].s + TOL &&
                  out[j].b <= alive[i].b + TOL && alive[i].b <= out[j].b + TOL;
        if (!dup)
            out[k++] = alive[i];
    }
    free(alive);
    return k;
}

static int by_b(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *q = y;
    return (p->b < q->b) - (p->b > q->b); /* b descending */
}

/* The first i of a[0..n) (sorted descending by field off) whose value is
 * <= v, i.e. how many are > v. */
static int count_above(const ww__dp_pt *a, int n, size_t off, double v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        double x = *(const double *)(const void *)((const char *)&a[mid] +
                                                   off);
        if (x > v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The contract in O(n log n): q beats p on rule A when it is among those
 * with s > p.s + TOL (a prefix of the s-descending order) and the largest
 * b there is >= p.b - TOL; rule B the same way over the b order; then the
 * clusters, each point against the kept ones within TOL above it in s. */
static int sorted_reading(const ww__dp_pt *in, int n, ww__dp_pt *out)
{
    size_t sz = sizeof *in * (size_t)(n + 1);
    ww__dp_pt *bys = malloc(sz), *byb = malloc(sz), *alive = malloc(sz);
    double *maxb = malloc(sizeof(double) * (size_t)(n + 1));
    double *maxs = malloc(sizeof(double) * (size_t)(n + 1));
    assert_true(bys && byb && alive && maxb && maxs);
    memcpy(bys, in, sizeof *in * (size_t)n);
    memcpy(byb, in, sizeof *in * (size_t)n);
    qsort(bys, (size_t)n, sizeof *bys, before);
    qsort(byb, (size_t)n, sizeof *byb, by_b);
    for (int i = 0; i < n; i++) {
        maxb[i] = i ? fmax(maxb[i - 1], bys[i].b) : bys[i].b;
        maxs[i] = i ? fmax(maxs[i - 1], byb[i].s) : byb[i].s;
    }
    int na = 0;
    for (int i = 0; i < n; i++) {
        const ww__dp_pt *p = &bys[i];
        int a = count_above(bys, n, offsetof(ww__dp_pt, s), p->s + TOL);
        int b = count_above(byb, n, offsetof(ww__dp_pt, b), p->b + TOL);
        if (!(a > 0 && maxb[a - 1] >= p->b - TOL) &&
            !(b > 0 && maxs[b - 1] >= p->s - TOL))
            alive[na++] = *p; /* in the order of bys */
    }
    int k = 0;
    for (int i = 0; i < na; i++) {
        int dup = 0;
        for (int j = k - 1; j >= 0 && out[j].s <= alive[i].s + TOL && !dup;
             j--)
            dup = out[j].b <= alive[i].b + TOL && alive[i].b <= out[j].b + TOL;
        if (!dup)
            out[k++] = alive[i];
    }
    free(bys);
    free(byb);
    free(alive);
    free(maxb);
    free(maxs);
    return k;
}

enum { GRID, SPREAD, STAIR, SORTED, SORTED_WIDE, REVERSED, REVERSED_WIDE,
       DENSE, SHAPES };

/* A gap between neighbours of an ordered staircase: mostly wide, else at
 * TOL's edge (the filter's shortcut for spread staircases must decline
 * exactly where a rule could act). */
static double gap(int wide)
{
    static const double edge[] = {0.5, 0.999999, 1.0, 1.000001, 1.5};
    if (wide || uniform() < 0.8)
        return TOL * (1.5 + 1000 * uniform());
    return TOL * edge[(int)(uniform() * 5)];
}

static void cloud(ww__dp_pt *p, int n, int shape)
{
    for (int i = 0; i < n; i++) {
        double b, s;
        switch (shape) {
        case GRID: /* steps of TOL/2: ties, clusters, non-transitive chains */
            b = 100 + 0.5 * TOL * (int)(uniform() * 12);
            s = 50 + 0.5 * TOL * (int)(uniform() * 12);
            break;
        case SPREAD:
            b = 1000 * uniform();
            s = 1000 * uniform() - 500;
            break;
        case SORTED: /* already in s order, b rising: what the DP hands over */
        case SORTED_WIDE:
        case REVERSED: /* and backwards (a term's levels, s rising) */
        case REVERSED_WIDE: {
            int wide = shape == SORTED_WIDE || shape == REVERSED_WIDE;
            b = i ? p[i - 1].b + gap(wide) : 10 * uniform();
            s = i ? p[i - 1].s - gap(wide) : 10 * uniform();
            break;
        }
        case DENSE: /* a staircase TOL/2 apart in s, b within TOL of
                       its line: every point has neighbours within TOL on
                       both sides, so every rule acts everywhere (at
                       every block's edge too), in random order */
            s = 10 - 0.5 * TOL * i;
            b = 0.5 * TOL * i + 2 * TOL * (uniform() - 0.5);
            if (i % 65536 == 0 && i > 0) {
                /* the first point of one of the filter's blocks of 65,536
                 * (in s order), above all but the last point of the block
                 * before, q, 0.5 TOL above it in s.  Odd blocks: q drops
                 * it by rule B.  Even blocks: q is within TOL below it in
                 * b, and drops out by rule A (from 2 TOL above), so it
                 * stays */
                b = 0.5 * TOL * i + 5 * TOL;
                if ((i / 65536) % 2) {
                    p[i - 1].b = b + 1.5 * TOL;
                } else {
                    p[i - 1].b = b - 0.5 * TOL;
                    p[i - 4].b = b - 1.4 * TOL;
                }
            }
            break;
        default: /* a noisy staircase: many points near the frontier */
            b = uniform();
            s = 1 - b + 3 * TOL * (uniform() - 0.5);
            if (uniform() < 0.3)
                s -= uniform(); /* and some far below it */
        }
        p[i] = (ww__dp_pt){b, s, (long long)(n - i)};
    }
    if (shape == REVERSED || shape == REVERSED_WIDE)
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            ww__dp_pt t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    if (shape == DENSE)
        for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
            int j = (int)(uniform() * (i + 1));
            ww__dp_pt t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
}

static void same_points(const ww__dp_pt *got, int ngot,
                        const ww__dp_pt *want, int nwant)
{
    assert_int_equal(ngot, nwant);
    for (int i = 0; i < ngot; i++) {
        assert_true(got[i].b == want[i].b);
        assert_true(got[i].s == want[i].s);
        assert_true(got[i].key == want[i].key);
    }
}

static void check(int n, int shape, int prefilter)
{
    ww__dp_pt *in = malloc(sizeof *in * (size_t)(n + 1));
    ww__dp_pt *work = malloc(sizeof *work * (size_t)(n + 1));
    ww__dp_pt *want = malloc(sizeof *want * (size_t)(n + 1));
    assert_true(in && work && want);
    cloud(in, n, shape);
    memcpy(work, in, sizeof *in * (size_t)n);
    int got = prefilter ? ww__dp_front_until(work, n, NULL, NULL)
                        : ww__dp_pareto_tol(work, n);
    int exp = naive(in, n, want);
    same_points(work, got, want, exp);
    if (shape == SORTED_WIDE || shape == REVERSED_WIDE)
        assert_int_equal(got, n); /* nothing to drop */
    /* the second reading agrees with the first */
    same_points(want, exp, work, sorted_reading(in, n, work));
    free(in);
    free(work);
    free(want);
}

static void run(int prefilter)
{
    static const int sizes[] = {0,  1,  2,  3,  15, 16, 17,  23,  24,
                                25, 63, 64, 65, 97, 200, 600, 2000};
    rng_state = 20261126;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
        for (int shape = 0; shape < SHAPES; shape++)
            for (int rep = 0; rep < (sizes[z] > 600 ? 3 : 20); rep++)
                check(sizes[z], shape, prefilter);
}

static void test_filter(void **state)
{
    (void)state;
    run(0);
}

static void test_prefilter_then_filter(void **state)
{
    (void)state;
    run(1);
}

/* The prefilter drops most of a spread-out cloud (its point). */
static void test_prefilter_drops(void **state)
{
    (void)state;
    enum { N = 2000 };
    ww__dp_pt *p = malloc(sizeof *p * N);
    assert_non_null(p);
    rng_state = 7;
    cloud(p, N, SPREAD);
    int m = ww__dp_prefilter(p, N);
    assert_true(m < N / 4);
    free(p);
}

/* A caller's stop test: counts its calls and the work it is told of;
 * says stop at call number stop_at (0: never). */
typedef struct asked {
    int calls, stop_at;
    double work;
} asked;

static int late(void *ctx, double work)
{
    asked *a = ctx;
    a->calls++;
    a->work += work;
    return a->stop_at && a->calls >= a->stop_at;
}

/* Large clouds, through the blocks: ww__dp_pareto_tol and the stoppable
 * variant (never stopped) give the contract's answer; the stop test is
 * asked every block or so; when it says stop, the filter returns -2. */
static void test_large(void **state)
{
    (void)state;
    static const int sizes[] = {65537, 200000, 300001};
    rng_state = 20261129;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
        for (int shape = 0; shape < SHAPES; shape++) {
            int n = sizes[z];
            size_t sz = sizeof(ww__dp_pt) * (size_t)(n + 1);
            ww__dp_pt *in = malloc(sz), *work = malloc(sz), *want = malloc(sz);
            assert_true(in && work && want);
            cloud(in, n, shape);
            int exp = sorted_reading(in, n, want);
            memcpy(work, in, sz);
            same_points(work, ww__dp_pareto_tol(work, n), want, exp);
            memcpy(work, in, sz);
            asked a = {0, 0, 0};
            same_points(work, ww__dp_pareto_tol_until(work, n, late, &a),
                        want, exp);
            /* a spread staircase passes through unfiltered, unasked */
            if (shape == SORTED_WIDE || shape == REVERSED_WIDE) {
                assert_int_equal(exp, n);
                assert_int_equal(a.calls, 0);
            } else {
                assert_true(a.calls >= n / 65536);
                memcpy(work, in, sz);
                asked b = {0, a.calls, 0}; /* stop at the last look */
                assert_int_equal(ww__dp_pareto_tol_until(work, n, late, &b),
                                 -2);
                memcpy(work, in, sz);
                asked c = {0, 1, 0}; /* and at the first */
                assert_int_equal(ww__dp_pareto_tol_until(work, n, late, &c),
                                 -2);
                assert_int_equal(c.calls, 1);
            }
            free(in);
            free(work);
            free(want);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_prefilter_then_filter),
        cmocka_unit_test(test_prefilter_drops),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
