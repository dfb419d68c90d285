/* mitm.c — nash and kalai by meet in the middle over the DP's units, where
 * the frontier is too large to list: a zero-sum model of 10^10 packages
 * has a frontier point for almost every package, so the DP's fold runs out
 * of room and the MIP search pays one MIP per point of its lens.
 *
 * The plan's units, in stage order, are cut in two halves.  Each half's
 * combinations of options are enumerated with their sums and a signature:
 * for each cross condition spanning both halves, whether this half's part
 * of it holds.  Conditions inside a half are settled there (a forbid drops
 * the combination, an interaction adds its utilities).  Within a signature
 * only the exact Pareto set is kept: a package whose half is dominated
 * there is dominated by the package with the dominating half, and the rule
 * below never needs it (that package's key, J and U_s are at least as
 * high).  A package is then a pair (x, y) of the two halves' points, worth
 * x + y + the interactions both halves' parts hold; a pair where both parts
 * of a cross forbid hold is infeasible.
 *
 * The answer follows the walk's rule (scan.c) over admissible packages: the
 * ideal (the highest admissible utilities), the best key K, the best J
 * among keys >= K - TOL, then the best U_s among those with J within TOL of
 * that.  Each step is a branch and bound: for each x, over the range of y's
 * staircase (b rising, s falling) that meets the floors, whose sums all lie
 * below the corner (x + y[hi].b, x + y[lo].s); a range whose corner cannot
 * beat the incumbent or reach the step's thresholds is dropped, the others
 * are halved. */
#include "mitm.h"
#include "dp.h"
#include "dp_internal.h"
#include "merge_sort.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* Combinations enumerated in one half (32 bytes each). */
#define HALF_MAX 1048576.0
/* Cross conditions between the halves: signatures of 2^12 at most. */
#define MAX_CROSS 12
/* Points of the half searched from times signatures of the other: each
 * point meets every group of the other half at least once, with two
 * binary searches and a search (about 100 ns), so at most a few seconds;
 * and where the space can be walked at most what the walk costs (20-40 ns
 * a package: PAIR_PACKAGES packages a pair). */
#define PAIRS_MAX 5e7
#define PAIR_PACKAGES 4.0
/* Ranges this short are scanned instead of halved. */
#define LEAF 8

/* A combination of one half's options. */
typedef struct hpt {
    double b, s;
    uint64_t code; /* option of each of the half's units, mixed radix */
    uint32_t sig;  /* bit i: this half's part of cross condition i holds */
} hpt;

typedef struct half {
    int nu;
    int units[64];  /* the plan's units, in stage order (nu <= 64)       */
    double size;    /* combinations                                      */
    hpt *pts;       /* group by group (sig ascending), b ascending       */
    size_t n;
    int ng;
    size_t *goff;   /* group g: pts[goff[g], goff[g + 1])                 */
} half;

/* A condition as one half sees it: internal (all its units here) or
 * cross number `cross`; its units' option bits at pos/mask[first..+count). */
typedef struct hcond {
    int src, cross, first, count;
} hcond;

/* One branch and bound step's rule (see the file comment). */
enum { STEP_KEY = 1, STEP_JOINT = 2, STEP_SELLER = 3 };

/* A package within TOL of the best key so far. */
typedef struct cand {
    const hpt *x, *y;
    double ub, us, key;
} cand;
/* The key's step keeps such packages, so that J and U_s are settled on
 * them: room for CANDIDATES first, doubled while compacting leaves it more
 * than half full, up to CANDIDATES_MAX; past it (ties everywhere) two more
 * steps settle them.  A dense frontier has thousands within TOL of its
 * best key. */
#define CANDIDATES 1024
#define CANDIDATES_MAX 262144

typedef struct mitm {
    ww_query *q;
    const ww_model *m;
    const dp_plan *p;
    const dp_unit *u;
    int kalai;
    half h[2];
    int ncross;
    int *cross_of;          /* condition -> cross number, or -1           */
    uint32_t forbid;        /* cross conditions that are forbids          */
    double xb[MAX_CROSS], xs[MAX_CROSS]; /* cross interactions' utilities */
    double d[2], ideal[2];
    /* the current step */
    int step;
    double kmin, jmin;      /* thresholds: key >= kmin, J >= jmin         */
    double best, bj;        /* the incumbent's objective; its J           */
    const hpt *bx, *by;     /* the incumbent's halves (x from h[ix])      */
    const hpt *cx;          /* the x being searched                       */
    cand *c;                /* the key's step: packages within TOL of it  */
    int nc, cap, overflow;
    long visits;
    int stopped;
} mitm;

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
DEFINE_SORT(sort_pts_with, hpt, before_pt)
DEFINE_SORT_ALLOC(sort_pts, sort_pts_with, hpt)

/* 1 when the deadline has passed or progress said stop (every 2^16
 * visits, as the walk reads the clock). */
static int late(mitm *g)
{
    if (g->stopped)
        return 1;
    if ((++g->visits & 0xffff) != 0)
        return 0;
    if (((g->visits & 0xfffff) == 0 && ww__progress(g->q)) ||
        (g->q->deadline && ww__now() >= g->q->deadline)) {
        g->q->stopped = 1;
        g->stopped = 1;
    }
    return g->stopped;
}

/* The plan's cut: units [0, cut) of the stage order in half 0, the rest in
 * half 1, balancing the two halves' sizes; the cross conditions are those
 * the fold keeps open after stage cut - 1.  With build, their numbers and
 * utilities too.  0 ok, 1 does not apply, -1 out of memory. */
static int split(mitm *g, int build)
{
    const dp_plan *p = g->p;
    int U = p->U;
    if (U < 2 || U > 128)
        return 1;
    double total = 1;
    for (int i = 0; i < U; i++)
        total *= g->u[p->order[i]].k;
    int cut = 1;
    double left = 1, bestgap = HUGE_VAL;
    for (int c = 1; c < U; c++) {
        left *= g->u[p->order[c - 1]].k;
        double right = total / left, gap = fmax(left, right);
        if (gap < bestgap && c <= 64 && U - c <= 64) {
            bestgap = gap;
            cut = c;
        }
    }
    const int *open = p->open + p->ooff[cut - 1];
    g->ncross = p->ooff[cut] - p->ooff[cut - 1];
    if (!(bestgap <= HALF_MAX) || g->ncross > MAX_CROSS)
        return 1;
    g->h[0].nu = cut;
    g->h[1].nu = U - cut;
    for (int i = 0; i < U; i++)
        g->h[i >= cut].units[i >= cut ? i - cut : i] = p->order[i];
    for (int k = 0; k < 2; k++) {
        g->h[k].size = 1;
        for (int i = 0; i < g->h[k].nu; i++)
            g->h[k].size *= g->u[g->h[k].units[i]].k;
    }
    if (!build)
        return 0;
    g->cross_of = malloc(sizeof(int) * (size_t)(p->nx > 0 ? p->nx : 1));
    if (!g->cross_of)
        return -1;
    for (int c = 0; c < p->nx; c++)
        g->cross_of[c] = -1;
    g->forbid = 0;
    for (int i = 0; i < g->ncross; i++) {
        int c = open[i], src = p->xsrc[c];
        g->cross_of[c] = i;
        if (src < 0) {
            g->forbid |= (uint32_t)1 << i;
            g->xb[i] = g->xs[i] = 0;
        } else {
            g->xb[i] = g->m->inter[src].util[WW_BUYER];
            g->xs[i] = g->m->inter[src].util[WW_SELLER];
        }
    }
    return 0;
}

/* The bit of condition c in unit v's options' signatures. */
static uint64_t unit_bit(const dp_plan *p, int v, int c)
{
    for (int j = p->uxoff[v]; j < p->uxoff[v + 1]; j++)
        if (p->uxs[j] == c)
            return (uint64_t)1 << (j - p->uxoff[v]);
    return 0; /* not reached: c lists v */
}

/* Enumerates half h's combinations, keeps the exact Pareto set of each
 * signature.  0 ok, 1 stopped, -1 out of memory. */
static int half_build(mitm *g, half *h)
{
    const dp_plan *p = g->p;
    const dp_unit *u = g->u;
    int nu = h->nu, upos[128];
    for (int i = 0; i < p->U; i++)
        upos[i] = -1;
    for (int i = 0; i < nu; i++)
        upos[h->units[i]] = i;
    size_t npm = 0;
    for (int c = 0; c < p->nx; c++)
        npm += (size_t)(p->xoff[c + 1] - p->xoff[c]);
    hcond *cs = malloc(sizeof *cs * (size_t)(p->nx > 0 ? p->nx : 1));
    int *pos = malloc(sizeof *pos * (npm ? npm : 1));
    uint64_t *mask = malloc(sizeof *mask * (npm ? npm : 1));
    h->pts = malloc(sizeof *h->pts * (size_t)(h->size > 0 ? h->size : 1));
    int rc = -1;
    if (!cs || !pos || !mask || !h->pts)
        goto out;
    int nc = 0, k = 0;
    for (int c = 0; c < p->nx; c++) {
        int first = k;
        for (int j = p->xoff[c]; j < p->xoff[c + 1]; j++) {
            int v = p->xunits[j];
            if (upos[v] >= 0) {
                pos[k] = upos[v];
                mask[k++] = unit_bit(p, v, c);
            }
        }
        if (k > first)
            cs[nc++] = (hcond){p->xsrc[c], g->cross_of[c], first, k - first};
    }
    int opt[64] = {0};
    size_t n = 0;
    long total = (long)h->size;
    for (long code = 0; code < total; code++) {
        if (late(g)) {
            rc = 1;
            goto out;
        }
        double b = 0, s = 0;
        for (int i = 0; i < nu; i++) {
            const dp_unit *v = &u[h->units[i]];
            b += v->b[opt[i]];
            s += v->s[opt[i]];
        }
        uint32_t sig = 0;
        int ok = 1;
        for (int c = 0; c < nc && ok; c++) {
            int holds = 1;
            for (int j = cs[c].first; j < cs[c].first + cs[c].count; j++)
                holds &= (u[h->units[pos[j]]].sig[opt[pos[j]]] & mask[j]) != 0;
            if (!holds)
                continue;
            if (cs[c].cross >= 0)
                sig |= (uint32_t)1 << cs[c].cross;
            else if (cs[c].src < 0)
                ok = 0; /* a forbid inside the half */
            else {
                b += g->m->inter[cs[c].src].util[WW_BUYER];
                s += g->m->inter[cs[c].src].util[WW_SELLER];
            }
        }
        if (ok)
            h->pts[n++] = (hpt){b, s, (uint64_t)code, sig};
        for (int i = 0; i < nu; i++) { /* odometer, unit 0 fastest */
            if (++opt[i] < u[h->units[i]].k)
                break;
            opt[i] = 0;
        }
    }
    if (sort_pts(h->pts, n) < 0)
        goto out;
    /* the exact Pareto set of each signature, then b ascending */
    size_t kept = 0, g0 = 0;
    int ng = 0;
    double smax = 0;
    for (size_t i = 0; i < n; i++) {
        int fresh = i == 0 || h->pts[i].sig != h->pts[i - 1].sig;
        if (fresh) {
            g0 = kept;
            ng++;
            smax = -HUGE_VAL;
        }
        if (h->pts[i].s > smax) {
            smax = h->pts[i].s;
            h->pts[kept++] = h->pts[i];
        }
        if (i + 1 == n || h->pts[i + 1].sig != h->pts[i].sig)
            for (size_t a = g0, z = kept - 1; a < z; a++, z--) {
                hpt t = h->pts[a];
                h->pts[a] = h->pts[z];
                h->pts[z] = t;
            }
    }
    h->n = kept;
    h->ng = ng;
    if (!(h->goff = malloc(sizeof *h->goff * (size_t)(ng + 1))))
        goto out;
    ng = 0;
    for (size_t i = 0; i < kept; i++)
        if (i == 0 || h->pts[i].sig != h->pts[i - 1].sig)
            h->goff[ng++] = i;
    h->goff[ng] = kept;
    rc = 0;
out:
    free(cs);
    free(pos);
    free(mask);
    return rc;
}

/* The utilities the cross interactions add when both halves' parts hold
 * (sig: their common bits); 1 when a cross forbid holds instead. */
static int cross_bonus(const mitm *g, uint32_t sig, double *b, double *s)
{
    *b = *s = 0;
    if (sig & g->forbid)
        return 1;
    for (int i = 0; i < g->ncross; i++)
        if (sig >> i & 1) {
            *b += g->xb[i];
            *s += g->xs[i];
        }
    return 0;
}

/* 1 when utilities (ub, us) meet the floors, and in the key's steps the
 * disagreement point (the walk's and ww__bargain_key's tests). */
static inline int ok_b(const mitm *g, double ub)
{
    const ww_query *q = g->q;
    return (!q->has_floor[WW_BUYER] || ub >= q->floor[WW_BUYER] - TOL) &&
           (!g->step || ub >= g->d[0] - TOL);
}

static inline int ok_s(const mitm *g, double us)
{
    const ww_query *q = g->q;
    return (!q->has_floor[WW_SELLER] || us >= q->floor[WW_SELLER] - TOL) &&
           (!g->step || us >= g->d[1] - TOL);
}

/* The range [*lo, *hi] of y[0..n) (b rising, s falling) whose sums with
 * (xb, xs) pass ok_b and ok_s; 0 when empty. */
static int y_range(const mitm *g, const hpt *y, size_t n, double xb,
                   double xs, size_t *lo, size_t *hi)
{
    size_t a = 0, z = n; /* first i with ok_b */
    while (a < z) {
        size_t mid = a + (z - a) / 2;
        if (ok_b(g, xb + y[mid].b))
            z = mid;
        else
            a = mid + 1;
    }
    size_t b = a, e = n; /* first i >= a without ok_s */
    while (b < e) {
        size_t mid = b + (e - b) / 2;
        if (ok_s(g, xs + y[mid].s))
            b = mid + 1;
        else
            e = mid;
    }
    if (b == a)
        return 0;
    *lo = a;
    *hi = b - 1;
    return 1;
}

/* 1 when some sum at or below (ub, us) may improve on the incumbent of the
 * current step. */
static int promising(const mitm *g, double ub, double us)
{
    double kb = ww__bargain_bound(g->kalai, g->d, g->ideal, ub, us);
    switch (g->step) {
    case STEP_KEY: /* the key's ties too (keep_key) */
        return kb >= g->best - TOL;
    case STEP_JOINT:
        return kb >= g->kmin && ww__joint(g->m, ub, us) > g->best;
    default:
        return kb >= g->kmin && ww__joint(g->m, ub, us) >= g->jmin &&
               us > g->best;
    }
}

/* A package (xb + y.b, xs + y.s) that passed ok_b and ok_s. */
static void leaf(mitm *g, const hpt *y, double ub, double us)
{
    double key = ww__bargain_key(g->kalai, g->d, g->ideal, ub, us);
    double val;
    switch (g->step) {
    case STEP_KEY:
        val = key;
        break;
    case STEP_JOINT:
        if (key < g->kmin)
            return;
        val = ww__joint(g->m, ub, us);
        break;
    default:
        if (key < g->kmin || ww__joint(g->m, ub, us) < g->jmin)
            return;
        val = us;
        break;
    }
    if (val > g->best) {
        g->best = val;
        g->bx = g->cx;
        g->by = y;
    }
}

/* The branch and bound over y[lo..hi] for the current x, (xb, xs) its sums
 * with the cross bonus. */
static void search(mitm *g, const hpt *y, size_t lo, size_t hi, double xb,
                   double xs)
{
    if (late(g))
        return;
    if (hi - lo < LEAF) {
        for (size_t i = lo; i <= hi; i++)
            if (promising(g, xb + y[i].b, xs + y[i].s))
                leaf(g, &y[i], xb + y[i].b, xs + y[i].s);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    /* the half whose corner looks better first: its incumbent prunes more */
    double kl = ww__bargain_bound(g->kalai, g->d, g->ideal, xb + y[mid].b,
                                  xs + y[lo].s);
    double kr = ww__bargain_bound(g->kalai, g->d, g->ideal, xb + y[hi].b,
                                  xs + y[mid + 1].s);
    for (int side = 0; side < 2; side++) {
        int right = (side == 0) == (kr > kl);
        size_t a = right ? mid + 1 : lo, z = right ? hi : mid;
        if (promising(g, xb + y[z].b, xs + y[a].s))
            search(g, y, a, z, xb, xs);
    }
}

/* The key's step on one package: the incumbent, and the candidates within
 * TOL of it (compacted when full, as the walk's keep() does). */
static void keep_key(mitm *g, const hpt *y, double ub, double us, double key)
{
    if (key > g->best) {
        g->best = key;
        g->bx = g->cx;
        g->by = y;
    }
    if (key < g->best - TOL || g->overflow)
        return;
    if (g->nc == g->cap) {
        int k = 0;
        for (int i = 0; i < g->nc; i++)
            if (g->c[i].key >= g->best - TOL)
                g->c[k++] = g->c[i];
        g->nc = k;
        if (k > g->cap / 2) {
            cand *c = g->cap < CANDIDATES_MAX
                          ? realloc(g->c, sizeof *c * (size_t)g->cap * 2)
                          : NULL;
            if (!c) { /* the two steps instead (no error: they need none) */
                g->overflow = 1;
                return;
            }
            g->c = c;
            g->cap *= 2;
        }
    }
    g->c[g->nc++] = (cand){g->cx, y, ub, us, key};
}

/* search() for the key's step: a range is dropped when its corner's bound
 * is below the best key so far minus TOL (its packages can be neither the
 * answer nor its ties). */
static void search_key(mitm *g, const hpt *y, size_t lo, size_t hi,
                       double xb, double xs)
{
    if (late(g))
        return;
    if (hi - lo < LEAF) {
        for (size_t i = lo; i <= hi; i++) {
            double ub = xb + y[i].b, us = xs + y[i].s;
            keep_key(g, &y[i], ub, us,
                     ww__bargain_key(g->kalai, g->d, g->ideal, ub, us));
        }
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    double kl = ww__bargain_bound(g->kalai, g->d, g->ideal, xb + y[mid].b,
                                  xs + y[lo].s);
    double kr = ww__bargain_bound(g->kalai, g->d, g->ideal, xb + y[hi].b,
                                  xs + y[mid + 1].s);
    /* the half whose corner looks better first: its incumbent prunes more */
    if (kr > kl) {
        search_key(g, y, mid + 1, hi, xb, xs);
        if (kl >= g->best - TOL)
            search_key(g, y, lo, mid, xb, xs);
    } else {
        if (kl >= g->best - TOL)
            search_key(g, y, lo, mid, xb, xs);
        if (kr >= g->best - TOL)
            search_key(g, y, mid + 1, hi, xb, xs);
    }
}

/* How far (ub, us) leans to the buyer: the key's two factors (nash) or
 * ratios (kalai) apart; it rises along y's staircase. */
static double lean(const mitm *g, double ub, double us)
{
    if (!g->kalai)
        return (ub - g->d[0]) - (us - g->d[1]);
    double db = g->ideal[0] - g->d[0], ds = g->ideal[1] - g->d[1];
    double rb = fabs(db) <= TOL ? 1.0 : (ub - g->d[0]) / db;
    double rs = fabs(ds) <= TOL ? 1.0 : (us - g->d[1]) / ds;
    return rb - rs;
}
/* Every feasible pair of groups: f(g, x group, y group, bonus).  ix: the
 * half whose points are x. */
typedef void (*pair_fn)(mitm *g, int ix, int gx, int gy, double bb,
                        double bs);

static void each_pair(mitm *g, int ix, pair_fn f)
{
    const half *hx = &g->h[ix], *hy = &g->h[!ix];
    for (int gx = 0; gx < hx->ng && !g->stopped; gx++)
        for (int gy = 0; gy < hy->ng && !g->stopped; gy++) {
            double bb, bs;
            uint32_t both = hx->pts[hx->goff[gx]].sig &
                            hy->pts[hy->goff[gy]].sig;
            if (!cross_bonus(g, both, &bb, &bs))
                f(g, ix, gx, gy, bb, bs);
        }
}

/* The ideal: the highest admissible U_b and U_s of the group pair. */
static void ideal_pair(mitm *g, int ix, int gx, int gy, double bb, double bs)
{
    const half *hx = &g->h[ix], *hy = &g->h[!ix];
    const hpt *y = hy->pts + hy->goff[gy];
    size_t ny = hy->goff[gy + 1] - hy->goff[gy];
    for (size_t i = hx->goff[gx]; i < hx->goff[gx + 1] && !late(g); i++) {
        double xb = hx->pts[i].b + bb, xs = hx->pts[i].s + bs;
        size_t lo, hi;
        if (y_range(g, y, ny, xb, xs, &lo, &hi)) {
            g->ideal[0] = fmax(g->ideal[0], xb + y[hi].b);
            g->ideal[1] = fmax(g->ideal[1], xs + y[lo].s);
        }
    }
}

/* One step of the branch and bound on the group pair. */
static void step_pair(mitm *g, int ix, int gx, int gy, double bb, double bs)
{
    const half *hx = &g->h[ix], *hy = &g->h[!ix];
    const hpt *y = hy->pts + hy->goff[gy];
    size_t ny = hy->goff[gy + 1] - hy->goff[gy];
    const hpt *x0 = hx->pts + hx->goff[gx];
    size_t nx = hx->goff[gx + 1] - hx->goff[gx];
    /* the pair's corner: the groups' largest b and s */
    if (!promising(g, x0[nx - 1].b + bb + y[ny - 1].b, x0[0].s + bs + y[0].s))
        return;
    for (size_t i = 0; i < nx && !g->stopped; i++) {
        double xb = x0[i].b + bb, xs = x0[i].s + bs;
        size_t lo, hi;
        g->cx = &x0[i];
        if (y_range(g, y, ny, xb, xs, &lo, &hi) &&
            promising(g, xb + y[hi].b, xs + y[lo].s)) {
            if (g->step == STEP_KEY)
                search_key(g, y, lo, hi, xb, xs);
            else
                search(g, y, lo, hi, xb, xs);
        }
    }
}

/* A first incumbent for the key's step: for each x, the two packages of
 * the group pair on either side of where its sums stop leaning to the
 * seller (the peak of a zero-sum line; elsewhere a good start). */
static void seed_pair(mitm *g, int ix, int gx, int gy, double bb, double bs)
{
    const half *hx = &g->h[ix], *hy = &g->h[!ix];
    const hpt *y = hy->pts + hy->goff[gy];
    size_t ny = hy->goff[gy + 1] - hy->goff[gy];
    for (size_t i = hx->goff[gx]; i < hx->goff[gx + 1] && !late(g); i++) {
        double xb = hx->pts[i].b + bb, xs = hx->pts[i].s + bs;
        size_t lo, hi;
        if (!y_range(g, y, ny, xb, xs, &lo, &hi))
            continue;
        size_t a = lo, z = hi + 1; /* first index leaning to the buyer */
        while (a < z) {
            size_t mid = a + (z - a) / 2;
            if (lean(g, xb + y[mid].b, xs + y[mid].s) >= 0)
                z = mid;
            else
                a = mid + 1;
        }
        g->cx = &hx->pts[i];
        for (size_t j = a > lo ? a - 1 : a; j <= a && j <= hi; j++) {
            double ub = xb + y[j].b, us = xs + y[j].s;
            double key = ww__bargain_key(g->kalai, g->d, g->ideal, ub, us);
            if (key > g->best) {
                g->best = key;
                g->bx = g->cx;
                g->by = &y[j];
            }
        }
    }
}

/* Unit options of half h's combination code into pkg. */
static void half_decode(const mitm *g, const half *h, uint64_t code, int *pkg)
{
    const dp_plan *p = g->p;
    for (int i = 0; i < h->nu; i++) {
        int v = h->units[i], k = g->u[v].k;
        int opt = (int)(code % (uint64_t)k);
        code /= (uint64_t)k;
        int nt = p->uoff[v + 1] - p->uoff[v];
        const int *lv = g->u[v].lv + (size_t)opt * (size_t)nt;
        for (int j = 0; j < nt; j++)
            pkg[p->uterms[p->uoff[v] + j]] = lv[j];
    }
}

static void mitm_free(mitm *g)
{
    for (int k = 0; k < 2; k++) {
        free(g->h[k].pts);
        free(g->h[k].goff);
    }
    free(g->cross_of);
    free(g->c);
}

/* Plans the cut (split's build): 0 applies, 1 not, -1 out of memory. */
static int plan(mitm *g, ww_query *q, int build)
{
    memset(g, 0, sizeof *g);
    g->q = q;
    g->m = q->m;
    const ww__dp_prep *pr = ww__dp_prep_of(q);
    if (!pr)
        return 1;
    g->p = &pr->p;
    g->u = pr->u;
    return split(g, build);
}

double ww__mitm_size(ww_query *q)
{
    mitm g;
    return plan(&g, q, 0) == 0 ? g.h[0].size + g.h[1].size : 0;
}

/* The half searched from: the one whose points times the other's groups
 * is smaller. */
static int pick_x(const mitm *g, double *work)
{
    double w0 = (double)g->h[0].n * g->h[1].ng;
    double w1 = (double)g->h[1].n * g->h[0].ng;
    *work = fmin(w0, w1);
    return w0 <= w1 ? 0 : 1;
}

/* Runs one step from scratch on every group pair. */
static void run_step(mitm *g, int ix, int step)
{
    g->step = step;
    g->best = -HUGE_VAL;
    g->bx = g->by = NULL;
    if (step == STEP_KEY)
        each_pair(g, ix, seed_pair);
    each_pair(g, ix, step_pair);
}

/* J and U_s settled on the key's candidates (no overflow): the answer's
 * halves into g->bx, g->by. */
static void settle(mitm *g)
{
    double kmin = g->best - TOL, bj = -HUGE_VAL;
    for (int i = 0; i < g->nc; i++)
        if (g->c[i].key >= kmin)
            bj = fmax(bj, ww__joint(g->m, g->c[i].ub, g->c[i].us));
    const cand *arg = NULL;
    for (int i = 0; i < g->nc; i++) {
        const cand *c = &g->c[i];
        if (c->key >= kmin && ww__joint(g->m, c->ub, c->us) >= bj - TOL &&
            (!arg || c->us > arg->us))
            arg = c;
    }
    if (arg) { /* always: the incumbent is among them */
        g->bx = arg->x;
        g->by = arg->y;
    }
}

ww_status ww__mitm_bargain(ww_query *q, int kalai, const double d[2],
                           int forced, ww_result *r, ww_outcome *oc)
{
    ww_model *m = q->m;
    mitm g;
    int rc = plan(&g, q, 1);
    ww_status st = WW_OK;
    *oc = WW_OUTCOME_TIME_LIMIT;
    r->stats.path = WW_PATH_DP;
    if (rc != 0) {
        mitm_free(&g);
        return rc < 0 ? ww__fail(m, WW_NOMEM, "out of memory")
                      : ww__fail(m, WW_UNSUPPORTED,
                                 "meet in the middle: the DP's units do not "
                                 "split into two halves of at most %.0f "
                                 "combinations with at most %d conditions "
                                 "between them",
                                 HALF_MAX, MAX_CROSS);
    }
    g.kalai = kalai;
    g.d[0] = d[0];
    g.d[1] = d[1];
    for (int k = 0; k < 2 && rc == 0; k++)
        rc = half_build(&g, &g.h[k]);
    double work = 0;
    int ix = rc == 0 ? pick_x(&g, &work) : 0;
    if (rc < 0) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    if (rc > 0)
        goto out; /* stopped: nothing found yet */
    double most = q->s->packages <= WW__SCAN_WALK_MAX && !forced
                      ? fmin(PAIRS_MAX, q->s->packages / PAIR_PACKAGES)
                      : PAIRS_MAX;
    if (work > most) {
        st = ww__fail(m, WW_TOO_LARGE,
                      "meet in the middle: %.0f pairs of points and "
                      "signatures is more than %.0f",
                      work, most);
        goto out;
    }
    g.ideal[0] = g.ideal[1] = -HUGE_VAL;
    each_pair(&g, ix, ideal_pair);
    if (g.stopped)
        goto out;
    if (g.ideal[0] == -HUGE_VAL) {
        *oc = WW_OUTCOME_INFEASIBLE; /* nothing admissible */
        goto out;
    }
    r->has_anchors = 1;
    memcpy(r->d, g.d, sizeof g.d);
    memcpy(r->ideal, g.ideal, sizeof g.ideal);
    g.cap = CANDIDATES;
    if (!(g.c = malloc(sizeof *g.c * CANDIDATES))) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    run_step(&g, ix, STEP_KEY);
    const hpt *ax = g.bx, *ay = g.by;
    if (!ax) { /* admissible packages, none meets d: cannot happen */
        *oc = g.stopped ? WW_OUTCOME_TIME_LIMIT : WW_OUTCOME_INFEASIBLE;
        goto out;
    }
    if (!g.stopped && !g.overflow)
        settle(&g);
    if (!g.stopped && g.overflow) {
        g.kmin = g.best - TOL;
        run_step(&g, ix, STEP_JOINT);
        if (!g.stopped) {
            g.jmin = g.best - TOL;
            run_step(&g, ix, STEP_SELLER);
        }
    }
    if (!g.stopped) {
        ax = g.bx;
        ay = g.by;
        *oc = WW_OUTCOME_OPTIMAL;
    }
    int *pkg = malloc(sizeof(int) * (size_t)(m->nterms ? m->nterms : 1));
    if (!pkg) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    half_decode(&g, &g.h[ix], ax->code, pkg);
    half_decode(&g, &g.h[!ix], ay->code, pkg);
    double u[3];
    ww__utilities(m, pkg, &u[WW_UB], &u[WW_US]);
    u[WW_J] = ww__joint(m, u[WW_UB], u[WW_US]);
    if (ww__result_add(r, pkg, u) != WW_OK)
        st = ww__fail(m, WW_NOMEM, "out of memory");
    free(pkg);
out:
    mitm_free(&g);
    return st;
}
