/* pareto_tol.c — the TOL Pareto filter: rule A by a prefix maximum over
 * the s order, rule B by s-windows or a prefix maximum over the b order,
 * then one point per cluster; shortcuts for lists that are already a
 * spread staircase, and a witness prefilter for large dominated sets. */
#include "pareto_tol.h"
#include "merge_sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* s descending, then b descending, then key ascending (deterministic). */
static inline int before_s(const ww__dp_pt *p, const ww__dp_pt *q)
{
    if (p->s != q->s)
        return p->s > q->s;
    if (p->b != q->b)
        return p->b > q->b;
    return p->key < q->key;
}

/* b descending, then s descending, then key ascending. */
static inline int before_b(const ww__dp_pt *p, const ww__dp_pt *q)
{
    if (p->b != q->b)
        return p->b > q->b;
    if (p->s != q->s)
        return p->s > q->s;
    return p->key < q->key;
}

/* First index in [0, n) of a b-descending array with b <= v. */
static int first_b_le(const ww__dp_pt *a, int n, double v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid].b <= v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

DEFINE_SORT(sort_by_s, ww__dp_pt, before_s)
DEFINE_SORT(sort_by_b, ww__dp_pt, before_b)

#define SMALL_PTS 64
#define WINDOW_WORK 8 /* rule B by s-windows while they hold this few */

/* The caller's stop test (ww__dp_pareto_tol_until); late NULL: none. */
typedef struct until {
    ww__late_fn late;
    void *ctx;
} until;

static int stop_after(const until *u, long work)
{
    return u->late && u->late(u->ctx, (double)work);
}

/* Points handled between two looks at the stop test: a few ms of a sort
 * or a pass here. */
#define SORT_CHUNK 65536
#define PASS_BLOCK 65536

/* The filter's passes come in two instances (blocked a constant): in
 * blocks of PASS_BLOCK points with a look at the stop test between them,
 * for lists longer than a block, and in one go, whose loops carry no
 * block bounds (most lists are short: 50 instructions more a query on a
 * frontier of a few points when every list went by blocks). */
#define PT_INLINE static inline __attribute__((always_inline))

/* The end of the block of a pass from i0 to n. */
PT_INLINE int block_end(int i0, int n, int blocked)
{
    return blocked && n - i0 > PASS_BLOCK ? i0 + PASS_BLOCK : n;
}

typedef void (*pt_sort)(ww__dp_pt *a, size_t n, ww__dp_pt *tmp);
typedef void (*pt_merge)(ww__dp_pt *a, size_t h, size_t n, ww__dp_pt *tmp);

/* sort(a, n, tmp), halving as it does (so the same merges, the same
 * order), with a look at the stop test after each SORT_CHUNK or so
 * points: 1 when it said stop. */
static int sort_until(ww__dp_pt *a, size_t n, ww__dp_pt *tmp, pt_sort sort,
                      pt_merge merge, const until *u)
{
    if (!u->late || n <= SORT_CHUNK) {
        sort(a, n, tmp);
        return n > SORT_CHUNK / 2 && stop_after(u, (long)n);
    }
    size_t h = n / 2;
    if (sort_until(a, h, tmp, sort, merge, u) ||
        sort_until(a + h, n - h, tmp, sort, merge, u))
        return 1;
    merge(a, h, n, tmp);
    return stop_after(u, (long)n);
}

/* Rule B (q.b > p.b + TOL and q.s >= p.s - TOL) for the points rule A left
 * alive, p sorted by s descending: a q more than TOL above p in s would
 * have beaten p on rule A already, so only the window |q.s - p.s| <= TOL
 * is searched; on most data it holds a point or two.  Returns 0, leaving
 * the rule to the b-sorted way, once the windows hold more than
 * WINDOW_WORK points on average (grid-like data); -1 when u said stop. */
PT_INLINE int rule_b_windows(const ww__dp_pt *p, int n, unsigned char *alive,
                             const until *u, int blocked)
{
    long budget = (long)WINDOW_WORK * n + 64;
    int lo = 0; /* first point with s <= p[i].s + TOL */
    for (int i0 = 0, i1; i0 < n; i0 = i1) {
        i1 = block_end(i0, n, blocked);
        for (int i = i0; i < i1; i++) {
            if (!alive[i])
                continue;
            while (p[lo].s > p[i].s + TOL)
                lo++;
            for (int j = lo; j < n && p[j].s >= p[i].s - TOL; j++) {
                if (--budget < 0)
                    return 0;
                if (p[j].b > p[i].b + TOL) {
                    alive[i] = 0;
                    break;
                }
            }
        }
        if (blocked && i1 < n && stop_after(u, i1 - i0))
            return -1;
    }
    return 1;
}

/* Rule B the robust way: the q that beat p on b form a prefix of the
 * b-sorted order, so a prefix maximum of s answers each p in O(log n).
 * 1 when u said stop (in the sort: the rest is a few passes). */
static int rule_b_sorted(const ww__dp_pt *p, int n, unsigned char *alive,
                         ww__dp_pt *byb, ww__dp_pt *tmp, double *maxs,
                         const until *u)
{
    /* a staircase (b rising as s falls) is its own b order reversed */
    for (int i = 0; i < n; i++)
        byb[i] = p[n - 1 - i];
    if (sort_until(byb, (size_t)n, tmp, sort_by_b, sort_by_b_merge, u))
        return 1;
    for (int i = 0; i < n; i++)
        maxs[i] = i && maxs[i - 1] > byb[i].s ? maxs[i - 1] : byb[i].s;
    int stair = 1; /* b strictly rising along p: thresholds move one way */
    for (int i = 1; i < n && stair; i++)
        stair = p[i].b > p[i - 1].b;
    int c = n;
    for (int i = 0; i < n; i++) {
        if (!alive[i])
            continue;
        if (stair)
            while (c > 0 && byb[c - 1].b <= p[i].b + TOL)
                c--;
        else
            c = first_b_le(byb, n, p[i].b + TOL);
        if (c > 0 && maxs[c - 1] >= p[i].s - TOL)
            alive[i] = 0;
    }
    return 0;
}

/* 1 when q, r may be neighbours in a list the filter passes through as
 * it is: r below q by more than TOL on s, above it by more than TOL on b.
 * Each test is the negation of an expression the rules below evaluate
 * (for neighbours; farther points are farther apart, and rounding is
 * monotone). */
static inline int spread_pair(const ww__dp_pt *q, const ww__dp_pt *r)
{
    return q->s > r->s + TOL && /* rule A's window, the clusters' */
           r->s < q->s - TOL && /* rule B's window */
           q->b < r->b - TOL;   /* rule A's prefix maximum of b */
}

/* 1 when p (read backwards when rev) is in s order with neighbours more
 * than TOL apart on both sides, b rising (most final lists of the DP and
 * the scan): then no rule below drops a point and the sort keeps the
 * order. */
static int spread_staircase(const ww__dp_pt *p, int n, int rev)
{
    if (rev) {
        for (int i = n - 1; i > 0; i--)
            if (!spread_pair(&p[i], &p[i - 1]))
                return 0;
        return 1;
    }
    for (int i = 1; i < n; i++)
        if (!spread_pair(&p[i - 1], &p[i]))
            return 0;
    return 1;
}

int ww__dp_spread(const double *b, const double *s, int n)
{
    for (int i = 1; i < n; i++) {
        ww__dp_pt q = {b[i - 1], s[i - 1], 0}, r = {b[i], s[i], 0};
        if (!spread_pair(&q, &r))
            return 0;
    }
    return 1;
}

/* 1 when p is a spread staircase in order, or read backwards (e.g. a
 * term's levels, s rising: then reversed into order): the filter's answer
 * is p as it is. */
static int passes_through(ww__dp_pt *p, int n)
{
    if (n <= 1 || spread_staircase(p, n, 0))
        return 1;
    if (!(p[n - 1].s > p[0].s && spread_staircase(p, n, 1)))
        return 0;
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        ww__dp_pt t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    return 1;
}

/* ww__dp_pareto_tol past the shortcut; -2 when u said stop (between
 * its passes' blocks, each a few ms). */
PT_INLINE int filter_in(ww__dp_pt *p, int n, const until *u, int blocked)
{
    if (n <= 1)
        return n;
    ww__dp_pt sbyb[SMALL_PTS + SMALL_PTS / 2 + 1];
    double smaxb[SMALL_PTS], smaxs[SMALL_PTS];
    unsigned char salive[SMALL_PTS];
    int small = n <= SMALL_PTS;
    ww__dp_pt *byb = small ? sbyb : malloc((size_t)(n + n / 2 + 1) * sizeof *byb);
    double *maxb = small ? smaxb : malloc((size_t)n * sizeof *maxb);
    double *maxs = small ? smaxs : malloc((size_t)n * sizeof *maxs);
    unsigned char *alive = small ? salive : malloc((size_t)n);
    if (!byb || !maxb || !maxs || !alive) {
        if (!small) {
            free(byb);
            free(maxb);
            free(maxs);
            free(alive);
        }
        return -1;
    }
    ww__dp_pt *tmp = byb + n; /* the sorts' scratch */
    int k = -2;
    if (sort_until(p, (size_t)n, tmp, sort_by_s, sort_by_s_merge, u))
        goto done;
    if (spread_staircase(p, n, 0)) { /* the scan's lists come unsorted */
        k = n;
        goto done;
    }
    /* p survives unless some q has (rule A) q.s > p.s + TOL and q.b >=
     * p.b - TOL, or (rule B) q.b > p.b + TOL and q.s >= p.s - TOL.  Rule A's
     * q form a prefix of the s order: a prefix maximum of b answers it. */
    for (int i0 = 0, i1, a = 0; i0 < n; i0 = i1) {
        i1 = block_end(i0, n, blocked);
        for (int i = i0; i < i1; i++) {
            /* (utilities are never NaN: ternaries, not libm's fmax) */
            maxb[i] = i && maxb[i - 1] > p[i].b ? maxb[i - 1] : p[i].b;
            while (p[a].s > p[i].s + TOL) /* s falls along p; stops at i */
                a++;
            alive[i] = !(a > 0 && maxb[a - 1] >= p[i].b - TOL);
        }
        if (blocked && i1 < n && stop_after(u, i1 - i0))
            goto done;
    }
    int windows = rule_b_windows(p, n, alive, u, blocked);
    if (windows < 0 ||
        (!windows && rule_b_sorted(p, n, alive, byb, tmp, maxs, u)))
        goto done;
    k = 0;
    /* one point per cluster within TOL on both sides: the first kept in s
     * order (the kept points are compacted to the front as they come).
     * "Within TOL" is the negation of the rules' "more than TOL" (x <= y +
     * TOL, not x - y <= TOL: the two round apart when x - y is TOL to the
     * last bits, and a pair must be one or the other), as in the brute
     * force and the MIP path's filter */
    for (int i0 = 0, i1; i0 < n; i0 = i1) {
        i1 = block_end(i0, n, blocked);
        for (int i = i0; i < i1; i++) {
            if (!alive[i])
                continue;
            int dup = 0;
            for (int j = k - 1; j >= 0 && p[j].s <= p[i].s + TOL && !dup;
                 j--)
                dup = ww__tol_near(p[j].b, p[i].b);
            if (!dup)
                p[k++] = p[i];
        }
        if (blocked && i1 < n && stop_after(u, i1 - i0)) {
            k = -2;
            goto done;
        }
    }
done:
    if (!small) {
        free(byb);
        free(maxb);
        free(maxs);
        free(alive);
    }
    return k;
}

__attribute__((noinline)) static int filter_blocked(ww__dp_pt *p, int n,
                                                   const until *u)
{
    return filter_in(p, n, u, 1);
}

static int filter(ww__dp_pt *p, int n, const until *u)
{
    return n > PASS_BLOCK ? filter_blocked(p, n, u) : filter_in(p, n, u, 0);
}

int ww__dp_pareto_tol_until(ww__dp_pt *p, int n, ww__late_fn late,
                            void *ctx)
{
    until u = {late, ctx};
    return passes_through(p, n) ? n : filter(p, n, &u);
}

int ww__dp_pareto_tol(ww__dp_pt *p, int n)
{
    return ww__dp_pareto_tol_until(p, n, NULL, NULL);
}

int ww__dp_front_until(ww__dp_pt *p, int n, ww__late_fn late, void *ctx)
{
    until u = {late, ctx};
    return passes_through(p, n) ? n : filter(p, ww__dp_prefilter(p, n), &u);
}

#define PREFILTER_MIN 64 /* below this the filter's sorts are cheap */
#define ANCHORS 5        /* weighted-sum maximizers used as witnesses  */
#define STRONG (3 * TOL) /* "beats on both sides" margin, with slack    */
#define BAIL_SAMPLE 64   /* points looked at before judging the gain    */

int ww__dp_prefilter(ww__dp_pt *p, int n)
{
    if (n < PREFILTER_MIN)
        return n;
    double lo[2] = {p[0].b, p[0].s}, hi[2] = {p[0].b, p[0].s};
    for (int i = 1; i < n; i++) {
        lo[0] = p[i].b < lo[0] ? p[i].b : lo[0];
        hi[0] = p[i].b > hi[0] ? p[i].b : hi[0];
        lo[1] = p[i].s < lo[1] ? p[i].s : lo[1];
        hi[1] = p[i].s > hi[1] ? p[i].s : hi[1];
    }
    if (!(hi[0] - lo[0] > 0 && hi[1] - lo[1] > 0))
        return n;
    /* maximizers of b / range_b * cos(t) + s / range_s * sin(t), i.e. of
     * b + w_k s with w_k = tan(t) range_b / range_s, for t = pi/4 (the
     * witness that beats most points of a cloud, tried first), then
     * (2k + 1) pi / 16, k = 0..3, spread over the quarter */
    static const double tan_t[ANCHORS] = {
        1.0, 0.19891236737965801, 0.66817863791929888,
        1.4966057626654889, 5.0273394921258463};
    double w[ANCHORS], best[ANCHORS], ab[ANCHORS], as[ANCHORS];
    int arg[ANCHORS];
    for (int k = 0; k < ANCHORS; k++) {
        w[k] = tan_t[k] * (hi[0] - lo[0]) / (hi[1] - lo[1]);
        best[k] = -HUGE_VAL;
        arg[k] = 0;
    }
    for (int i = 0; i < n; i++) { /* one pass, independent maxima */
        double b = p[i].b, sv = p[i].s;
        for (int k = 0; k < ANCHORS; k++) {
            double v = b + w[k] * sv;
            int better = v > best[k];
            best[k] = better ? v : best[k];
            arg[k] = better ? i : arg[k];
        }
    }
    for (int k = 0; k < ANCHORS; k++) {
        ab[k] = p[arg[k]].b - STRONG;
        as[k] = p[arg[k]].s - STRONG;
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (i == BAIL_SAMPLE && kept > BAIL_SAMPLE * 3 / 4) {
            /* few beaten (a frontier-like set): not worth going on */
            memmove(p + kept, p + i, sizeof *p * (size_t)(n - i));
            return kept + (n - i);
        }
        int k = 0;
        while (k < ANCHORS && !(ab[k] >= p[i].b && as[k] >= p[i].s))
            k++;
        if (k == ANCHORS)
            p[kept++] = p[i];
    }
    return kept;
}
