/* mitm_half.c — the exact Pareto set of each signature of a half's
 * points (meeting in the middle, mitm.c).
 *
 * A sort of all points by (sig, b descending, s descending, code) and a
 * scan keeping each point whose s beats the best before it would do, but
 * on a zero-sum model that sort was half the query, and it could not be
 * stopped.  Signatures are bucketed by stable counting passes instead,
 * and a group's points by b into bins: a point whose s does not beat the
 * best s of the bins above its own is dominated by a point of higher b
 * and dropped unsorted (most of them: 2,776 of 43,200 points are kept on
 * one half of such a model).  The rest are sorted bin by bin from the
 * top, with the clock read between merges, then scanned.  What is kept,
 * and its order, are those of the one sort and scan. */
#include "mitm_half.h"
#include "merge_sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bins of a group: about 4 points each, at most BINS_MAX. */
#define BINS_MAX 65536

/* sig ascending, then b descending, s descending, code ascending. */
static inline int before_pt(const hpt *p, const hpt *q)
{
    if (p->sig != q->sig)
        return p->sig < q->sig;
    if (p->b != q->b)
        return p->b > q->b;
    if (p->s != q->s)
        return p->s > q->s;
    return p->code < q->code;
}
DEFINE_MERGE(merge_pts, hpt, before_pt)

/* Sorts a[0..n) by before_pt, bottom up (runs of 1, 2, 4 ... merged),
 * calling late between merges so that even a group whose points share
 * one bin can be stopped.  tmp holds n records.  0, or 1 when stopped. */
static int sort_late(hpt *a, size_t n, hpt *tmp,
                     int (*late)(void *, size_t), void *ctx)
{
    for (size_t w = 1; w < n; w *= 2)
        for (size_t i = 0; i + w < n; i += 2 * w) {
            size_t m = n - i < 2 * w ? n - i : 2 * w;
            merge_pts(a + i, w, m, tmp);
            if (late(ctx, m))
                return 1;
        }
    return 0;
}

/* Bin of b in [lo, lo + nb / scale]: never lower for a higher b. */
static inline size_t bin_of(double b, double lo, double scale, size_t nb)
{
    double t = (b - lo) * scale;
    return t < (double)nb ? (size_t)t : nb - 1;
}

int ww__half_reduce(hpt **pts, size_t n, int nsig, size_t *kept,
                    int *groups, int (*late)(void *ctx, size_t work),
                    void *ctx)
{
    size_t nbmax = n / 4 < BINS_MAX ? n / 4 + 1 : BINS_MAX;
    hpt *d = *pts, *f = malloc(sizeof *f * (n ? n : 1));
    double *top = malloc(sizeof *top * 2 * nbmax);
    size_t *end = malloc(sizeof *end * nbmax);
    int rc = -1;
    if (!f || !top || !end)
        goto out;
    rc = 1;
    for (int shift = 0; shift < nsig; shift += 8) {
        size_t at[257] = {0};
        for (size_t i = 0; i < n; i++)
            at[(d[i].sig >> shift & 255) + 1]++;
        for (int k = 0; k < 256; k++)
            at[k + 1] += at[k];
        for (size_t i = 0; i < n; i++)
            f[at[d[i].sig >> shift & 255]++] = d[i];
        hpt *t = d;
        d = f;
        f = t;
        if (late(ctx, n))
            goto out;
    }
    double *above = top + nbmax;
    size_t nk = 0;
    int ng = 0;
    for (size_t g0 = 0, g1; g0 < n; g0 = g1, ng++) {
        double lo = d[g0].b, hi = d[g0].b;
        for (g1 = g0 + 1; g1 < n && d[g1].sig == d[g0].sig; g1++) {
            lo = d[g1].b < lo ? d[g1].b : lo;
            hi = d[g1].b > hi ? d[g1].b : hi;
        }
        hpt *a = d + g0, *sv = f + g0;
        size_t m = g1 - g0, nb = m / 4 < nbmax ? m / 4 + 1 : nbmax;
        double scale = (double)nb / (hi - lo);
        if (!(scale > 0 && scale < HUGE_VAL)) /* one b, or past double's */
            nb = 1, scale = 0;
        for (size_t k = 0; k < nb; k++) {
            top[k] = -HUGE_VAL;
            end[k] = 0;
        }
        for (size_t i = 0; i < m; i++) {
            size_t k = bin_of(a[i].b, lo, scale, nb);
            top[k] = a[i].s > top[k] ? a[i].s : top[k];
        }
        double best = -HUGE_VAL;
        for (size_t k = nb; k-- > 0;) {
            above[k] = best;
            best = top[k] > best ? top[k] : best;
        }
        for (size_t i = 0; i < m; i++) {
            size_t k = bin_of(a[i].b, lo, scale, nb);
            end[k] += a[i].s > above[k];
        }
        size_t ns = 0; /* bins from the top; end[k]: bin k's start, then end */
        for (size_t k = nb; k-- > 0;) {
            size_t c = end[k];
            end[k] = ns;
            ns += c;
        }
        for (size_t i = 0; i < m; i++) {
            size_t k = bin_of(a[i].b, lo, scale, nb);
            if (a[i].s > above[k])
                sv[end[k]++] = a[i];
        }
        /* the group's own block is free now: scratch for the sorts */
        for (size_t k = nb, start = 0; k-- > 0; start = end[k])
            if (sort_late(sv + start, end[k] - start, a, late, ctx))
                goto out;
        size_t first = nk; /* written below g1, what was read is in sv */
        double smax = -HUGE_VAL;
        for (size_t i = 0; i < ns; i++)
            if (sv[i].s > smax) {
                smax = sv[i].s;
                d[nk++] = sv[i];
            }
        for (size_t i = first, z = nk; z - i > 1; i++, z--) {
            hpt t = d[i];
            d[i] = d[z - 1];
            d[z - 1] = t;
        }
        if (late(ctx, m))
            goto out;
    }
    *kept = nk;
    *groups = ng;
    rc = 0;
out:
    *pts = d;
    free(f);
    free(top);
    free(end);
    return rc;
}
