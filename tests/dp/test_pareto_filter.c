/* tests/dp/test_pareto_filter.c — the TOL Pareto filter of lib/pareto_tol.c.
 *
 * ww__dp_pareto_tol, and ww__dp_front (ww__dp_prefilter first), against a naive
 * O(n^2) reading of its contract: drop every point TOL-dominated by any
 * other (dominated or not), then keep the first point of each cluster
 * within TOL on both sides in the order (s desc, b desc, key asc).  The
 * clouds are seeded and built to be hard: values on a grid of TOL/2 steps
 * (ties, chains a > b > c where a does not dominate c, clusters), wide
 * random spreads, and staircases, at sizes around the filter's own
 * switches (insertion sort at 16, prefilter from 24, stack buffers to 64),
 * and staircases already in order with gaps at and around TOL (the
 * shortcut for spread staircases). */
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

enum { GRID, SPREAD, STAIR, SORTED, SORTED_WIDE, REVERSED, REVERSED_WIDE,
       SHAPES };

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
}

static void check(int n, int shape, int prefilter)
{
    ww__dp_pt *in = malloc(sizeof *in * (size_t)(n + 1));
    ww__dp_pt *work = malloc(sizeof *work * (size_t)(n + 1));
    ww__dp_pt *want = malloc(sizeof *want * (size_t)(n + 1));
    assert_true(in && work && want);
    cloud(in, n, shape);
    memcpy(work, in, sizeof *in * (size_t)n);
    int got = prefilter ? ww__dp_front(work, n) : ww__dp_pareto_tol(work, n);
    int exp = naive(in, n, want);
    assert_int_equal(got, exp);
    if (shape == SORTED_WIDE || shape == REVERSED_WIDE)
        assert_int_equal(got, n); /* nothing to drop */
    for (int i = 0; i < got; i++) {
        assert_true(work[i].b == want[i].b);
        assert_true(work[i].s == want[i].s);
        assert_true(work[i].key == want[i].key);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_prefilter_then_filter),
        cmocka_unit_test(test_prefilter_drops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
