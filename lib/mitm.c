/* mitm.c — nash, kalai, evaluate and meso's first offer by meet in the
 * middle over the DP's units, where the frontier is too large to list: a
 * zero-sum model of 10^10 packages has a frontier point for almost every
 * package, so the DP's fold runs out of room and the MIP searches pay one
 * MIP per point of their lens (nash, kalai) or a subset-sum problem
 * (evaluate, meso's band).
 *
 * The plan's units, in stage order, are cut in two halves.  Each half's
 * combinations of options are enumerated with their sums and a signature:
 * for each cross condition spanning both halves, whether this half's part
 * of it holds.  Conditions inside a half are settled there (a forbid drops
 * the combination, an interaction adds its utilities).  Within a
 * signature only the exact Pareto set is kept (mitm_half.c): a package
 * whose half is dominated there is dominated by the package with the
 * dominating half, and the rule below never needs it (that package's key,
 * J and U_s are at least as high).  A package is then a pair (x, y) of
 * the two halves' points, worth x + y + the interactions both halves'
 * parts hold; a pair where both parts of a cross forbid hold is
 * infeasible.
 *
 * The answer follows the walk's rule (scan.c) over admissible packages of
 * a region: the ideal (the highest admissible utilities), the best key K,
 * the best J among keys >= K - TOL, then the best U_s among those with J
 * within TOL of that (evaluate: J is the key; its second region is "better
 * for both").  Each step is a branch and bound: for each x, over the
 * ranges of y's staircase (b rising, s falling) that lie in the region,
 * whose sums all lie below the corner (x + y[hi].b, x + y[lo].s); a range
 * whose corner cannot beat the incumbent or reach the step's thresholds
 * is dropped, the others are halved.  J, linear, has a max tree instead
 * (jstep).  meso's first offer takes two passes as the ideal's (the
 * largest U_b above the band's floor, then the largest U_s within TOL of
 * it), each keeping its package. */
#include "mitm.h"
#include "dp.h"
#include "dp_internal.h"
#include "mitm_half.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* Combinations enumerated in one half (32 bytes each). */
#define HALF_MAX 1048576.0
/* Cross conditions between the halves: the fold keeps at most 16 open at
 * any stage (dp_plan.c), so its cut never has more; the pairs' cost
 * (PAIRS_MAX) bounds what their signatures multiply. */
#define MAX_CROSS 16
/* Points of the half searched from times signatures of the other: each
 * point meets every group of the other half at least once, with two
 * binary searches and a search (about 100 ns), so at most a few seconds;
 * and where the space can be walked at most what the walk costs (20-40 ns
 * a package: PAIR_PACKAGES packages a pair). */
#define PAIRS_MAX 5e7
#define PAIR_PACKAGES 4.0
/* On auto, spaces this small never meet in the middle: the DP's fold or
 * the walk answer them in a millisecond at most. */
#define MIN_PACKAGES 65536.0
/* Ranges this short are scanned instead of halved. */
#define LEAF 8

typedef struct half {
    int nu;
    int units[64];  /* the plan's units, in stage order (nu <= 64)       */
    double size;    /* combinations                                      */
    hpt *pts;       /* group by group (sig ascending), b ascending       */
    size_t n;
    int ng;
    size_t *goff;   /* group g: pts[goff[g], goff[g + 1])                 */
} half;

/* One branch and bound step's rule (see the file comment). */
enum { STEP_KEY = 1, STEP_JOINT = 2, STEP_SELLER = 3 };
/* The key: nash's product, kalai's ratio, or J (evaluate's maxima). */
enum { KEY_NASH = 0, KEY_KALAI = 1, KEY_JOINT = 2 };

/* A package within TOL of the best key so far. */
typedef struct cand {
    ww__tied t; /* idx: when it was kept */
    const hpt *x, *y;
} cand;
/* The key's step keeps such packages, so that J and U_s are settled on
 * them: room for CANDIDATES first, doubled while compacting leaves it more
 * than half full, up to CANDIDATES_MAX; past it (ties everywhere) two more
 * steps settle them.  A dense frontier has thousands within TOL of its
 * best key. */
#define CANDIDATES 1024
#define CANDIDATES_MAX 262144

/* The searches over a y group, each by gallop() from its answer for the
 * x before (the x of a group come b ascending, so their answers move
 * little): y_ranges' four, narrow's two, seed_x's one. */
enum { G_LO, G_HI, G_EXB, G_EXS, G_WLO, G_WHI, G_LEAN, GALLOPS };

typedef struct mitm {
    ww_query *q;
    const ww_model *m;
    const dp_plan *p;
    const dp_unit *u;
    int mode;               /* KEY_NASH, KEY_KALAI or KEY_JOINT          */
    half h[2];
    int ix;                 /* the half whose points are searched from   */
    int ncross;
    int *cross_of;          /* condition -> cross number, or -1           */
    uint32_t forbid;        /* cross conditions that are forbids          */
    double xb[MAX_CROSS], xs[MAX_CROSS]; /* cross interactions' utilities */
    double d[2], ideal[2];
    /* the region: admissible, U >= lo - TOL when has_lo, and outside the
     * box U <= ex + TOL on both sides when has_ex */
    double lo[2], ex[2];
    int has_lo, has_ex;
    /* and U >= least as it is (meso's band: its bounds already hold TOL)
     * when has_least */
    double least[2];
    int has_least;
    /* the current step */
    int step;
    double kmin, jmin;      /* thresholds: key >= kmin, J >= jmin         */
    double best;            /* the incumbent's objective                  */
    const hpt *bx, *by;     /* the incumbent's halves (x from h[ix])      */
    const hpt *cx;          /* the x being searched                       */
    double *jt;             /* J as the key: a max tree over the y half's */
    size_t jsize;           /* J at leaves jsize + i (a power of two)     */
    size_t yoff;            /* the searched group's first point in it     */
    double *gj;             /* nash, kalai: the y half's best J per group */
    double yj;              /* the searched group's                       */
    size_t hint[GALLOPS];   /* each search's last answer in this group    */
    cand *c;                /* the key's step: packages within TOL of it  */
    int nc, cap, overflow;
    long kept;              /* candidates kept by this step so far        */
    long visits;
    int stopped;
    int steps;              /* the key's ties settled by the two steps
                               from the start (WW__MITM_STEPS)            */
    int most;               /* most_x's side: 0 U_b, 1 U_s               */
    int whole;              /* both halves built to the end               */
    int borrowed;           /* h[]'s points, gj and jt: the solver's keep  */
} mitm;

/* What a solver keeps of meeting in the middle for one model revision, so
 * that its next query skips building the halves (on a zero-sum 10 x 10
 * model, half of nash's time): the halves as reduced, which depend on the
 * model alone (floors and regions are applied by the search), and the J
 * trees over the searched half once a query built them.  At most
 * KEEP_BYTES; larger halves are built again by each query (their search
 * takes seconds, building them a tenth of that). */
struct ww__mitm_keep {
    unsigned long revision;
    hpt *pts[2];
    size_t n[2], *goff[2];
    int ng[2];
    double *gj, *jt;
    size_t jsize;
};
#define KEEP_BYTES (32.0 * 1024 * 1024)

void ww__mitm_keep_free(struct ww__mitm_keep *k)
{
    if (!k)
        return;
    for (int i = 0; i < 2; i++) {
        free(k->pts[i]);
        free(k->goff[i]);
    }
    free(k->gj);
    free(k->jt);
    free(k);
}

/* 1 when the deadline has passed or progress said stop: work counts
 * visits (a package or a record moved), the clock is read each 2^16 and
 * progress called each 2^20, as the walk does. */
static int late_by(mitm *g, size_t work)
{
    if (g->stopped)
        return 1;
    long before = g->visits;
    g->visits += (long)work;
    if (before >> 16 == g->visits >> 16)
        return 0;
    if ((before >> 20 != g->visits >> 20 && ww__progress(g->q)) ||
        (g->q->deadline && ww__now() >= g->q->deadline)) {
        g->q->stopped = 1;
        g->stopped = 1;
    }
    return g->stopped;
}

static int late(mitm *g)
{
    return late_by(g, 1);
}

static int late_cb(void *g, size_t work)
{
    return late_by(g, work);
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

/* The conditions with a unit in half h, in the plan's order: condition
 * i is bit i % 64 of word i / 64 (w words) of each mask.  opt holds, per
 * option of each unit (its first at off[unit]), the bits of the conditions
 * whose part in that unit holds, or that do not involve it: a condition
 * holds for a combination where every unit's bit is set.  cross: its
 * cross number (-1 inside the half); b, s: an interaction's utilities. */
typedef struct hconds {
    int n, w;
    uint64_t *opt, *inter, *forbid, *across, *scratch;
    size_t *off;
    int *cross;
    double *b, *s;
} hconds;

static void hconds_free(hconds *hc)
{
    free(hc->opt);
    free(hc->inter);
    free(hc->off);
    free(hc->cross);
    free(hc->b);
}

/* 0, or -1 when out of memory (hc then freed by hconds_free). */
static int hconds_build(const mitm *g, const half *h, hconds *hc)
{
    const dp_plan *p = g->p;
    int upos[128];
    for (int i = 0; i < p->U; i++)
        upos[i] = -1;
    for (int i = 0; i < h->nu; i++)
        upos[h->units[i]] = i;
    memset(hc, 0, sizeof *hc);
    int *cs = malloc(sizeof *cs * (size_t)(p->nx > 0 ? p->nx : 1));
    if (!cs)
        return -1;
    for (int c = 0; c < p->nx; c++)
        for (int j = p->xoff[c]; j < p->xoff[c + 1]; j++)
            if (upos[p->xunits[j]] >= 0) {
                cs[hc->n++] = c;
                break;
            }
    hc->w = hc->n / 64 + 1;
    size_t nopt = 0, w = (size_t)hc->w;
    hc->off = malloc(sizeof *hc->off * (size_t)h->nu);
    for (int i = 0; i < h->nu && hc->off; i++) {
        hc->off[i] = nopt;
        nopt += (size_t)g->u[h->units[i]].k;
    }
    hc->opt = malloc(sizeof *hc->opt * nopt * w);
    hc->inter = calloc(4 * w, sizeof *hc->inter);
    hc->cross = malloc(sizeof *hc->cross * (size_t)(hc->n + 1));
    hc->b = malloc(sizeof *hc->b * 2 * (size_t)(hc->n + 1));
    if (!hc->off || !hc->opt || !hc->inter || !hc->cross || !hc->b) {
        free(cs);
        return -1;
    }
    hc->forbid = hc->inter + w;
    hc->across = hc->forbid + w;
    hc->scratch = hc->across + w;
    hc->s = hc->b + hc->n + 1;
    for (size_t i = 0; i < nopt * w; i++)
        hc->opt[i] = ~(uint64_t)0;
    for (int i = 0; i < hc->n; i++) {
        int c = cs[i], src = p->xsrc[c];
        size_t word = (size_t)i / 64;
        uint64_t bit = (uint64_t)1 << (i % 64);
        hc->cross[i] = g->cross_of[c];
        hc->b[i] = hc->s[i] = 0;
        if (hc->cross[i] >= 0)
            hc->across[word] |= bit;
        else if (src < 0)
            hc->forbid[word] |= bit;
        else {
            hc->inter[word] |= bit;
            hc->b[i] = g->m->inter[src].util[WW_BUYER];
            hc->s[i] = g->m->inter[src].util[WW_SELLER];
        }
        for (int j = p->xoff[c]; j < p->xoff[c + 1]; j++) {
            int v = p->xunits[j], at = upos[v];
            if (at < 0)
                continue;
            uint64_t ub = unit_bit(p, v, c);
            const dp_unit *un = &g->u[v];
            for (int o = 0; o < un->k; o++)
                if (!(un->sig[o] & ub))
                    hc->opt[(hc->off[at] + (size_t)o) * w + word] &= ~bit;
        }
    }
    free(cs);
    return 0;
}

/* Enumerates half h's combinations, keeps the exact Pareto set of each
 * signature.  The last unit varies fastest: the sums and condition bits
 * of the units before it are kept per prefix, so that a combination costs
 * an add per party and an AND per word.  The sums are added in the order
 * 0 + b_0 + b_1 + ..., then the interactions in the plan's order; codes
 * are mixed radix, unit 0 lowest.  0 ok, 1 stopped, -1 out of memory. */
static int half_build(mitm *g, half *h)
{
    const dp_unit *u = g->u;
    int nu = h->nu, last = nu - 1, rc = -1;
    hconds hc;
    size_t w;
    uint64_t *pre = NULL; /* level i: the AND of units < i, w words */
    h->pts = malloc(sizeof *h->pts * (size_t)(h->size > 0 ? h->size : 1));
    if (hconds_build(g, h, &hc) < 0 || !h->pts)
        goto out;
    w = (size_t)hc.w;
    if (!(pre = malloc(sizeof *pre * (size_t)(nu + 1) * w)))
        goto out;
    int opt[64] = {0};
    double pb[65], ps[65];
    uint64_t pc[65], radix[64];
    pb[0] = ps[0] = 0;
    pc[0] = 0;
    for (size_t k = 0; k < w; k++)
        pre[k] = ~(uint64_t)0;
    for (int i = 0; i < nu; i++)
        radix[i] = i ? radix[i - 1] * (uint64_t)u[h->units[i - 1]].k : 1;
    size_t n = 0;
    const dp_unit *lu = &u[h->units[last]];
    const uint64_t *lm = hc.opt + hc.off[last] * w; /* the last unit's */
    const uint64_t *lp = pre + (size_t)last * w;    /* the units' before */
    for (int from = 0; h->size > 0;) { /* (none when a unit has none) */
        for (int i = from; i < last; i++) { /* the prefixes that changed */
            const dp_unit *v = &u[h->units[i]];
            const uint64_t *m = hc.opt + (hc.off[i] + (size_t)opt[i]) * w;
            pb[i + 1] = pb[i] + v->b[opt[i]];
            ps[i + 1] = ps[i] + v->s[opt[i]];
            pc[i + 1] = pc[i] + (uint64_t)opt[i] * radix[i];
            for (size_t k = 0; k < w; k++)
                pre[(size_t)(i + 1) * w + k] = pre[(size_t)i * w + k] & m[k];
        }
        if (late_by(g, (size_t)lu->k * (w + 1))) {
            rc = 1;
            goto out;
        }
        for (int o = 0; o < lu->k; o++) {
            uint64_t *hold = hc.scratch, bad = 0;
            for (size_t k = 0; k < w; k++) {
                hold[k] = lp[k] & lm[(size_t)o * w + k];
                bad |= hold[k] & hc.forbid[k];
            }
            if (bad)
                continue; /* a forbid inside the half */
            double b = pb[last] + lu->b[o], s = ps[last] + lu->s[o];
            uint32_t sig = 0;
            for (size_t k = 0; k < w; k++)
                for (uint64_t x = hold[k] & (hc.across[k] | hc.inter[k]); x;
                     x &= x - 1) {
                    int i = (int)k * 64 + __builtin_ctzll(x);
                    if (hc.cross[i] >= 0)
                        sig |= (uint32_t)1 << hc.cross[i];
                    else {
                        b += hc.b[i];
                        s += hc.s[i];
                    }
                }
            h->pts[n++] = (hpt){b, s, pc[last] + (uint64_t)o * radix[last],
                                sig};
        }
        int i = last - 1; /* the odometer, unit last - 1 fastest */
        while (i >= 0 && ++opt[i] == u[h->units[i]].k)
            opt[i--] = 0;
        if (i < 0)
            break;
        from = i;
    }
    rc = ww__half_reduce(&h->pts, n, g->ncross, &h->n, &h->ng, late_cb, g);
    if (rc)
        goto out;
    rc = -1;
    /* the search keeps both halves: give back what the reduction dropped
     * (most of a large half) */
    hpt *kept = realloc(h->pts, sizeof *kept * (h->n ? h->n : 1));
    if (kept)
        h->pts = kept;
    if (!(h->goff = malloc(sizeof *h->goff * (size_t)(h->ng + 1))))
        goto out;
    int ng = 0;
    for (size_t i = 0; i < h->n; i++)
        if (i == 0 || h->pts[i].sig != h->pts[i - 1].sig)
            h->goff[ng++] = i;
    h->goff[ng] = h->n;
    rc = 0;
out:
    hconds_free(&hc);
    free(pre);
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

static double lean(const mitm *g, double ub, double us);

/* What gallop() looks for: the first y whose sum with x is past a
 * threshold t (U_b rises along y, U_s falls, lean rises). */
enum { UB_GE, UB_GT, US_LT, US_LE, LEAN_GE };

WW__ALWAYS_INLINE int past(const mitm *g, const hpt *p, int kind, double t,
                           double xb, double xs)
{
    switch (kind) {
    case UB_GE:
        return xb + p->b >= t;
    case UB_GT:
        return xb + p->b > t;
    case US_LT:
        return xs + p->s < t;
    case US_LE:
        return xs + p->s <= t;
    default:
        return lean(g, xb + p->b, xs + p->s) >= 0;
    }
}

/* The first i in [lo, hi) past t (hi when none; past() is false, then
 * true over the range), searched outward from *hint by doubling steps,
 * then by halving: the binary search's answer, in a few steps when it
 * moved little since the x before.  *hint becomes the answer. */
WW__ALWAYS_INLINE size_t gallop(const mitm *g, const hpt *y, size_t lo,
                                size_t hi, int kind, double t, double xb,
                                double xs, size_t *hint)
{
    size_t a = lo, z = hi, h = *hint; /* the answer lies in [a, z] */
    if (h >= lo && h < hi) {
        if (past(g, &y[h], kind, t, xb, xs)) {
            z = h;
            for (size_t step = 1; z > lo; step *= 2) {
                size_t i = z - lo > step ? z - step : lo;
                if (!past(g, &y[i], kind, t, xb, xs)) {
                    a = i + 1;
                    break;
                }
                z = i;
            }
        } else {
            a = h + 1;
            for (size_t step = 1; a < hi; step *= 2) {
                size_t i = hi - a > step ? a + step - 1 : hi - 1;
                if (past(g, &y[i], kind, t, xb, xs)) {
                    z = i;
                    break;
                }
                a = i + 1;
            }
        }
    }
    while (a < z) {
        size_t mid = a + (z - a) / 2;
        if (past(g, &y[mid], kind, t, xb, xs))
            z = mid;
        else
            a = mid + 1;
    }
    *hint = a;
    return a;
}

/* A sum meets the region on side 0 (U_b) or 1 (U_s) when it is at least
 * this: the floors, the region's own lower bounds (nash and kalai: d, in
 * the key's steps; evaluate: the evaluated package), in the walk's form
 * u >= v - TOL. */
static double ok_bound(const mitm *g, int side)
{
    const ww_query *q = g->q;
    double t = -HUGE_VAL;
    if (q->has_floor[side])
        t = q->floor[side] - TOL;
    if (g->has_lo && g->lo[side] - TOL > t)
        t = g->lo[side] - TOL;
    if (g->has_least && g->least[side] > t)
        t = g->least[side];
    return t;
}

/* The ranges of y[0..n) (b rising, s falling) whose sums with (xb, xs)
 * reach ok_bound on both sides and, where the region excludes a box
 * (evaluate: no side beyond TOL of the evaluated package), lie outside
 * it: at most two, into lo[], hi[] (inclusive); returns how many. */
static int y_ranges(mitm *g, const hpt *y, size_t n, double xb, double xs,
                    size_t lo[2], size_t hi[2])
{
    size_t *h = g->hint;
    size_t a = gallop(g, y, 0, n, UB_GE, ok_bound(g, 0), xb, xs, &h[G_LO]);
    size_t b = gallop(g, y, a, n, US_LT, ok_bound(g, 1), xb, xs, &h[G_HI]);
    if (b == a)
        return 0;
    if (!g->has_ex) {
        lo[0] = a;
        hi[0] = b - 1;
        return 1;
    }
    /* excluded: U_b <= ex_b + TOL (a prefix) and U_s <= ex_s + TOL (a
     * suffix), i.e. [is, ib) */
    size_t ib = gallop(g, y, a, b, UB_GT, g->ex[0] + TOL, xb, xs, &h[G_EXB]);
    size_t is = gallop(g, y, a, b, US_LE, g->ex[1] + TOL, xb, xs, &h[G_EXS]);
    if (is >= ib) {
        lo[0] = a;
        hi[0] = b - 1;
        return 1;
    }
    int k = 0;
    if (is > a) {
        lo[k] = a;
        hi[k++] = is - 1;
    }
    if (ib < b) {
        lo[k] = ib;
        hi[k++] = b - 1;
    }
    return k;
}

/* The key of a package, and a bound on the key of every package at or
 * below (ub, us) (J: the weights are positive). */
static inline double key_of(const mitm *g, double ub, double us)
{
    return g->mode == KEY_JOINT
               ? ww__joint(g->m, ub, us)
               : ww__bargain_key(g->mode, g->d, g->ideal, ub, us);
}

static inline double bound_of(const mitm *g, double ub, double us)
{
    return g->mode == KEY_JOINT
               ? ww__joint(g->m, ub, us)
               : ww__bargain_bound(g->mode, g->d, g->ideal, ub, us);
}

/* 1 when a key bound kb may still matter to the key's step: beat the
 * best key so far, or while its ties are kept (keep_key) come within TOL
 * of it. */
static inline int reaches(const mitm *g, double kb)
{
    return g->overflow ? kb > g->best : kb >= g->best - TOL;
}

/* 1 when some sum at or below (ub, us) may improve on the incumbent of the
 * current step. */
static int promising(const mitm *g, double ub, double us)
{
    double kb = bound_of(g, ub, us);
    switch (g->step) {
    case STEP_KEY:
        return reaches(g, kb);
    case STEP_JOINT:
        return kb >= g->kmin && ww__joint(g->m, ub, us) > g->best;
    default:
        return kb >= g->kmin && ww__joint(g->m, ub, us) >= g->jmin &&
               us > g->best;
    }
}

/* A package (xb + y.b, xs + y.s) in the region: the JOINT and SELLER
 * steps' incumbent. */
static void leaf(mitm *g, const hpt *y, double ub, double us)
{
    double key = key_of(g, ub, us);
    double val;
    if (key < g->kmin)
        return;
    if (g->step == STEP_JOINT) {
        val = ww__joint(g->m, ub, us);
    } else {
        if (ww__joint(g->m, ub, us) < g->jmin)
            return;
        val = us;
    }
    if (val > g->best) {
        g->best = val;
        g->bx = g->cx;
        g->by = y;
    }
}

/* The branch and bound of the JOINT and SELLER steps over y[lo..hi] for
 * the current x, (xb, xs) its sums with the cross bonus. */
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
    double kl = bound_of(g, xb + y[mid].b, xs + y[lo].s);
    double kr = bound_of(g, xb + y[hi].b, xs + y[mid + 1].s);
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
            if (g->c[i].t.key >= g->best - TOL)
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
    g->c[g->nc++] = (cand){{g->kept++, ub, us, key}, g->cx, y};
}

/* search() for the key's step: a range is dropped when its corner's bound
 * cannot reach the best key so far (reaches: its packages can be neither
 * the answer nor, while they are kept, its ties). */
static void search_key(mitm *g, const hpt *y, size_t lo, size_t hi,
                       double xb, double xs)
{
    if (late(g))
        return;
    if (hi - lo < LEAF) {
        for (size_t i = lo; i <= hi; i++) {
            double ub = xb + y[i].b, us = xs + y[i].s;
            keep_key(g, &y[i], ub, us, key_of(g, ub, us));
        }
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    double kl = bound_of(g, xb + y[mid].b, xs + y[lo].s);
    double kr = bound_of(g, xb + y[hi].b, xs + y[mid + 1].s);
    /* the half whose corner looks better first: its incumbent prunes more */
    if (kr > kl) {
        search_key(g, y, mid + 1, hi, xb, xs);
        if (reaches(g, kl))
            search_key(g, y, lo, mid, xb, xs);
    } else {
        if (reaches(g, kl))
            search_key(g, y, lo, mid, xb, xs);
        if (reaches(g, kr))
            search_key(g, y, mid + 1, hi, xb, xs);
    }
}

/* How far (ub, us) leans to the buyer: the key's two factors (nash) or
 * ratios (kalai) apart; it rises along y's staircase. */
static double lean(const mitm *g, double ub, double us)
{
    if (g->mode == KEY_NASH)
        return (ub - g->d[0]) - (us - g->d[1]);
    double db = g->ideal[0] - g->d[0], ds = g->ideal[1] - g->d[1];
    double rb = fabs(db) <= TOL ? 1.0 : (ub - g->d[0]) / db;
    double rs = fabs(ds) <= TOL ? 1.0 : (us - g->d[1]) / ds;
    return rb - rs;
}

/* J as the key (evaluate): J is linear, so over a range of y the best J
 * of x + y is J(x) plus the range's best J(y) up to rounding, which a max
 * tree over the y half answers in O(log n).  The corner bounds could not
 * prune a zero-sum model, where every package ties on J. */
static double jmax(const mitm *g, size_t lo, size_t hi)
{
    double r = -HUGE_VAL;
    for (size_t a = lo + g->jsize, b = hi + g->jsize + 1; a < b;
         a >>= 1, b >>= 1) {
        if (a & 1) {
            r = g->jt[a] > r ? g->jt[a] : r;
            a++;
        }
        if (b & 1) {
            b--;
            r = g->jt[b] > r ? g->jt[b] : r;
        }
    }
    return r;
}

/* The first index in [lo, hi] whose J reaches t, or -1 (node covers
 * [nl, nr]). */
static long jfirst(const mitm *g, size_t node, size_t nl, size_t nr,
                   size_t lo, size_t hi, double t)
{
    if (nr < lo || nl > hi || !(g->jt[node] >= t))
        return -1;
    if (nl == nr)
        return (long)nl;
    size_t mid = nl + (nr - nl) / 2;
    long r = jfirst(g, 2 * node, nl, mid, lo, hi, t);
    return r >= 0 ? r : jfirst(g, 2 * node + 1, mid + 1, nr, lo, hi, t);
}

/* The J steps over y[lo..hi] for the current x, (xb, xs) its sums with the
 * cross bonus: the key's (the best J; its ties are the U_s step's) and
 * the U_s step's (the first y, the highest U_s, whose J is within TOL of
 * the best; the sums are checked as the walk computes them, and where
 * rounding left one just below, the search goes on past it). */
static void jstep(mitm *g, const hpt *y, size_t lo, size_t hi, double xb,
                  double xs)
{
    size_t off = g->yoff, last = g->jsize - 1;
    double jx = ww__joint(g->m, xb, xs);
    if (late(g))
        return;
    if (g->step == STEP_KEY) {
        double top = jmax(g, off + lo, off + hi);
        if (!(jx + top > g->best))
            return;
        long i = jfirst(g, 1, 0, last, off + lo, off + hi, top);
        const hpt *p = &y[(size_t)i - off];
        double j = ww__joint(g->m, xb + p->b, xs + p->s);
        if (j > g->best) {
            g->best = j;
            g->bx = g->cx;
            g->by = p;
        }
        return;
    }
    double slack = 1e-9 * (1 + fabs(g->jmin));
    for (size_t a = lo; a <= hi && xs + y[a].s > g->best;) {
        long i = jfirst(g, 1, 0, last, off + a, off + hi,
                        g->jmin - jx - slack);
        if (i < 0)
            return;
        const hpt *p = &y[(size_t)i - off];
        double ub = xb + p->b, us = xs + p->s;
        if (!(us > g->best))
            return; /* the later ones have lower U_s still */
        if (ww__joint(g->m, ub, us) >= g->jmin) {
            g->best = us;
            g->bx = g->cx;
            g->by = p;
            return;
        }
        a = (size_t)i - off + 1;
    }
}

/* Builds the max tree of J over the y half's points. */
static int jtree(mitm *g)
{
    const half *hy = &g->h[!g->ix];
    size_t size = 1;
    while (size < hy->n)
        size *= 2;
    if (!(g->jt = malloc(sizeof *g->jt * 2 * size)))
        return -1;
    g->jsize = size;
    for (size_t i = 0; i < size; i++)
        g->jt[size + i] = i < hy->n ? ww__joint(g->m, hy->pts[i].b,
                                                hy->pts[i].s)
                                    : -HUGE_VAL;
    for (size_t i = size - 1; i >= 1; i--)
        g->jt[i] = g->jt[2 * i] > g->jt[2 * i + 1] ? g->jt[2 * i]
                                                   : g->jt[2 * i + 1];
    return 0;
}

/* The best J of each group of the y half (narrow's line). */
static int group_joint(mitm *g)
{
    const half *hy = &g->h[!g->ix];
    if (!(g->gj = malloc(sizeof *g->gj * (size_t)(hy->ng ? hy->ng : 1))))
        return -1;
    for (int k = 0; k < hy->ng; k++) {
        double j = -HUGE_VAL;
        for (size_t i = hy->goff[k]; i < hy->goff[k + 1]; i++)
            j = fmax(j, ww__joint(g->m, hy->pts[i].b, hy->pts[i].s));
        g->gj[k] = j;
    }
    return 0;
}

/* What a pass does with one x of a group pair: its sums with the cross
 * bonus (xb, xs), and the nr ranges of the y group whose sums with them lie
 * in the region (y_ranges). */
typedef void (*x_fn)(mitm *g, const hpt *y, const size_t *lo,
                     const size_t *hi, int nr, double xb, double xs);

/* Where each_x skips: never, pairs of groups whose corner (their largest
 * U_b and U_s) cannot improve on the step's incumbent, or (the ideal's
 * pass) pairs and points whose sums cannot raise the ideal on either
 * side: once found, the ideal is rarely beaten, and that pass visited
 * every point of every pair. */
enum { PRUNE_NONE, PRUNE_STEP, PRUNE_IDEAL };

/* 1 when a sum at most (ub, us) on each side may raise the ideal. */
static inline int raises_ideal(const mitm *g, double ub, double us)
{
    return ub > g->ideal[0] || us > g->ideal[1];
}

/* f on every x of every feasible pair of groups (x from half ix), but
 * those prune skips. */
static void each_x(mitm *g, int ix, x_fn f, int prune)
{
    const half *hx = &g->h[ix], *hy = &g->h[!ix];
    for (int gx = 0; gx < hx->ng && !g->stopped; gx++)
        for (int gy = 0; gy < hy->ng && !g->stopped; gy++) {
            double bb, bs;
            const hpt *x0 = hx->pts + hx->goff[gx];
            const hpt *y = hy->pts + hy->goff[gy];
            size_t nx = hx->goff[gx + 1] - hx->goff[gx];
            size_t ny = hy->goff[gy + 1] - hy->goff[gy];
            double cb, cs; /* the pair's corner */
            if (cross_bonus(g, x0->sig & y->sig, &bb, &bs))
                continue;
            cb = x0[nx - 1].b + bb + y[ny - 1].b;
            cs = x0[0].s + bs + y[0].s;
            if ((prune == PRUNE_STEP && !promising(g, cb, cs)) ||
                (prune == PRUNE_IDEAL && !raises_ideal(g, cb, cs)))
                continue;
            g->yoff = hy->goff[gy];
            g->yj = g->gj ? g->gj[gy] : HUGE_VAL;
            for (int k = 0; k < GALLOPS; k++)
                g->hint[k] = SIZE_MAX; /* none yet: binary searches */
            for (size_t i = 0; i < nx && !late(g); i++) {
                double xb = x0[i].b + bb, xs = x0[i].s + bs;
                if (prune == PRUNE_IDEAL &&
                    !raises_ideal(g, xb + y[ny - 1].b, xs + y[0].s))
                    continue;
                size_t lo[2], hi[2];
                int nr = y_ranges(g, y, ny, xb, xs, lo, hi);
                g->cx = &x0[i];
                if (nr)
                    f(g, y, lo, hi, nr, xb, xs);
            }
        }
}

/* The ideal: the highest admissible U_b and U_s. */
static void ideal_x(mitm *g, const hpt *y, const size_t *lo,
                    const size_t *hi, int nr, double xb, double xs)
{
    for (int k = 0; k < nr; k++) {
        g->ideal[0] = fmax(g->ideal[0], xb + y[hi[k]].b);
        g->ideal[1] = fmax(g->ideal[1], xs + y[lo[k]].s);
    }
}

/* Nash's and kalai's key along the line J = jm, where U_s = (jm - w_b
 * U_b) / w_s, reaches t only for U_b in [*lo, *hi]: 1 and the window (a
 * little wider: the key of every sum below the line reaches t only
 * there, the key rising with U_s), 0 when no U_b does, -1 when it cannot
 * tell (t near 0 or below, where nash's key is not the product of two
 * positive factors; a kalai ratio that falls with its utility). */
static int key_window(const mitm *g, double jm, double t, double *lo,
                      double *hi)
{
    double wb = g->m->party[WW_BUYER].weight;
    double ws = g->m->party[WW_SELLER].weight;
    double d0 = g->d[0], d1 = g->d[1];
    t -= 1e-9 * (1 + fabs(t)); /* rounding: the window only widens */
    if (g->mode == KEY_NASH) {
        if (!(t > 1e-9))
            return -1;
        /* (u - d0) (c - u) w_b / w_s >= t, c where the line meets d1 */
        double c = (jm - ws * d1) / wb, h = (c - d0) / 2;
        double disc = h * h - t * ws / wb;
        if (disc < 0)
            return 0;
        double mid = (d0 + c) / 2, r = sqrt(disc);
        double pad = 1e-12 * (1 + fabs(mid) + r);
        *lo = mid - r - pad;
        *hi = mid + r + pad;
        return 1;
    }
    double db = g->ideal[0] - d0, ds = g->ideal[1] - d1;
    if (db < -TOL || ds < -TOL)
        return -1;
    *lo = -HUGE_VAL;
    *hi = HUGE_VAL;
    /* the key is the smaller ratio; a denominator within TOL of 0 is 1 */
    if (db > TOL)
        *lo = d0 + t * db;
    else if (t > 1)
        return 0;
    if (ds > TOL)
        *hi = (jm - ws * (d1 + t * ds)) / wb;
    else if (t > 1)
        return 0;
    double pad = 1e-12 * (1 + (isfinite(*lo) ? fabs(*lo) : 0) +
                          (isfinite(*hi) ? fabs(*hi) : 0));
    *lo -= pad;
    *hi += pad;
    return *lo <= *hi;
}

/* Narrows y[*a..*z] to the sums with (xb, xs) whose key may reach the
 * current step's threshold, by the group's best J: all of y's sums lie
 * below the line J = J(x) + that.  The corner bounds alone cannot prune
 * near the peak of nash's key, which is flat there: on a zero-sum line a
 * range of U_b width w clears the best key by about w times a party's
 * utility, so thousands of ranges around the peak were searched for each
 * x.  0 when no sum can reach it. */
static int narrow(mitm *g, const hpt *y, size_t *a, size_t *z, double xb,
                  double xs)
{
    double t = g->step == STEP_KEY ? g->best - TOL : g->kmin;
    double jm = ww__joint(g->m, xb, xs) + g->yj;
    jm += 1e-9 * (1 + fabs(jm)); /* J(x + y) is rounded too */
    double wlo, whi;
    int rc = g->yj < HUGE_VAL && t > -HUGE_VAL
                 ? key_window(g, jm, t, &wlo, &whi) : -1;
    if (rc <= 0)
        return rc < 0;
    size_t f = gallop(g, y, *a, *z + 1, UB_GE, wlo, xb, xs, &g->hint[G_WLO]);
    size_t l = gallop(g, y, f, *z + 1, UB_GT, whi, xb, xs, &g->hint[G_WHI]);
    if (l == f)
        return 0;
    *a = f;
    *z = l - 1;
    return 1;
}

/* One step of the branch and bound. */
static void step_x(mitm *g, const hpt *y, const size_t *lo, const size_t *hi,
                   int nr, double xb, double xs)
{
    for (int k = nr - 1; k >= 0; k--) {
        size_t a = lo[k], z = hi[k];
        if (g->mode != KEY_JOINT && !narrow(g, y, &a, &z, xb, xs))
            continue;
        if (!promising(g, xb + y[z].b, xs + y[a].s))
            continue;
        if (g->mode == KEY_JOINT)
            jstep(g, y, a, z, xb, xs);
        else if (g->step == STEP_KEY)
            search_key(g, y, a, z, xb, xs);
        else
            search(g, y, a, z, xb, xs);
    }
}

/* A first incumbent for nash's and kalai's key: the two packages on
 * either side of where the sums stop leaning to the seller (the peak of
 * a zero-sum line; elsewhere a good start). */
static void seed_x(mitm *g, const hpt *y, const size_t *lo, const size_t *hi,
                   int nr, double xb, double xs)
{
    (void)nr; /* 1: nash and kalai exclude no box */
    /* the first index leaning to the buyer */
    size_t a = gallop(g, y, lo[0], hi[0] + 1, LEAN_GE, 0, xb, xs,
                      &g->hint[G_LEAN]);
    for (size_t j = a > lo[0] ? a - 1 : a; j <= a && j <= hi[0]; j++) {
        double key = key_of(g, xb + y[j].b, xs + y[j].s);
        if (key > g->best) {
            g->best = key;
            g->bx = g->cx;
            g->by = &y[j];
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

/* The bytes of g's halves and trees. */
static double keep_bytes(const mitm *g)
{
    double b = 0;
    for (int k = 0; k < 2; k++)
        b += (double)g->h[k].n * sizeof(hpt) +
             (double)(g->h[k].ng + 1) * sizeof(size_t);
    if (g->gj)
        b += (double)g->h[!g->ix].ng * sizeof(double);
    if (g->jt)
        b += 2.0 * (double)g->jsize * sizeof(double);
    return b;
}

/* Ends a query: whole halves and the trees built with them go to the
 * solver's keep (under KEEP_BYTES), the rest is freed. */
static void mitm_free(mitm *g)
{
    ww_solver *s = g->q ? g->q->s : NULL;
    struct ww__mitm_keep *k = s ? s->mitm_keep : NULL;
    if (g->borrowed) { /* trees this query built join the halves */
        if (keep_bytes(g) <= KEEP_BYTES) {
            k->gj = g->gj;
            k->jt = g->jt;
            k->jsize = g->jsize;
        } else {
            if (g->gj != k->gj)
                free(g->gj);
            if (g->jt != k->jt)
                free(g->jt);
        }
    } else if (s && g->whole && keep_bytes(g) <= KEEP_BYTES &&
               (k = calloc(1, sizeof *k))) {
        ww__mitm_keep_free(s->mitm_keep);
        s->mitm_keep = k;
        k->revision = g->m->revision;
        for (int i = 0; i < 2; i++) {
            k->pts[i] = g->h[i].pts;
            k->n[i] = g->h[i].n;
            k->goff[i] = g->h[i].goff;
            k->ng[i] = g->h[i].ng;
        }
        k->gj = g->gj;
        k->jt = g->jt;
        k->jsize = g->jsize;
    } else {
        for (int i = 0; i < 2; i++) {
            free(g->h[i].pts);
            free(g->h[i].goff);
        }
        free(g->jt);
        free(g->gj);
    }
    free(g->cross_of);
    free(g->c);
}

/* Plans the cut (split's build): 0 applies, 1 not, -1 out of memory, 2
 * stopped (the DP's plan and units, which the solver keeps, could not be
 * had: time ran out, or memory). */
static int plan(mitm *g, ww_query *q, int build)
{
    memset(g, 0, sizeof *g);
    g->q = q;
    g->m = q->m;
    const ww__dp_prep *pr = ww__dp_prep_of(q);
    if (!pr)
        return q->deadline && ww__now() >= q->deadline ? 2 : -1;
    g->p = &pr->p;
    g->u = pr->u;
    return split(g, build);
}

double ww__mitm_size(ww_query *q)
{
    ww_solver *s = q->s;
    if (q->planned && !(s->packages > MIN_PACKAGES))
        return 0;
    if (!s->mitm_known || s->mitm_revision != q->m->revision) {
        mitm g; /* the cut depends on the model alone: kept per revision */
        int rc = plan(&g, q, 0);
        if (rc < 0 || rc == 2)
            return 0; /* (no plan: not kept, the next query asks again) */
        s->mitm_size = rc == 0 ? g.h[0].size + g.h[1].size : 0;
        s->mitm_revision = q->m->revision;
        s->mitm_known = 1;
    }
    return s->mitm_size;
}

/* Runs one step from scratch on every group pair. */
static void run_step(mitm *g, int step)
{
    g->step = step;
    g->best = -HUGE_VAL;
    g->bx = g->by = NULL;
    if (step == STEP_KEY && g->mode != KEY_JOINT)
        each_x(g, g->ix, seed_x, PRUNE_NONE);
    each_x(g, g->ix, step_x, PRUNE_STEP);
}

static ww__tied cand_at(const void *ctx, int i)
{
    return ((const cand *)ctx)[i].t;
}

/* J and U_s settled on the key's candidates (no overflow): the answer's
 * halves into g->bx, g->by. */
static void settle(mitm *g)
{
    int arg = ww__settle_ties(g->m, g->nc, g->best, cand_at, g->c);
    if (arg >= 0) { /* always: the incumbent is among them */
        g->bx = g->c[arg].x;
        g->by = g->c[arg].y;
    }
}

/* The region's best package by the rule: its halves into *ax, *ay (NULL
 * when the region holds none, or when stopped before one was found; when
 * stopped, the best key's package so far).  0 ok, -1 out of memory. */
static int maximize(mitm *g, const hpt **ax, const hpt **ay)
{
    g->nc = 0;
    g->kept = 0;
    /* J as the key ties every package of a zero-sum model: its ties are
     * not kept but settled by the U_s step (jstep) */
    g->overflow = g->mode == KEY_JOINT || g->steps;
    if (g->mode == KEY_JOINT && !g->jt && jtree(g) < 0)
        return -1;
    if (g->mode != KEY_JOINT && !g->gj && group_joint(g) < 0)
        return -1;
    g->kmin = g->jmin = -HUGE_VAL;
    if (!g->c) {
        g->cap = CANDIDATES;
        if (!(g->c = malloc(sizeof *g->c * CANDIDATES)))
            return -1;
    }
    run_step(g, STEP_KEY);
    *ax = g->bx;
    *ay = g->by;
    if (!g->bx || g->stopped)
        return 0;
    if (!g->overflow) {
        settle(g);
    } else {
        g->kmin = g->best - TOL;
        if (g->mode != KEY_JOINT) /* J is the key: its best is known */
            run_step(g, STEP_JOINT);
        if (!g->stopped) {
            g->jmin = g->best - TOL;
            run_step(g, STEP_SELLER);
        }
    }
    if (!g->stopped) {
        *ax = g->bx;
        *ay = g->by;
    }
    return 0;
}

/* Plans and builds both halves for a query answered on r by key mode:
 * WW_OK with g->ix set, or with *stopped when time ran out, else the
 * status to return (message set).  *oc starts as TIME_LIMIT. */
static ww_status prepare(mitm *g, ww_query *q, int mode, int forced,
                         ww_result *r, ww_outcome *oc, int *stopped)
{
    ww_model *m = q->m;
    *oc = WW_OUTCOME_TIME_LIMIT;
    if (r)
        r->stats.path = WW_PATH_DP;
    int rc = plan(g, q, 1);
    g->mode = mode;
    *stopped = rc == 2;
    if (rc < 0)
        return ww__fail(m, WW_NOMEM, "out of memory");
    if (rc == 2) {
        q->stopped = 1;
        return WW_OK;
    }
    if (rc > 0)
        return ww__fail(m, WW_UNSUPPORTED,
                        "meet in the middle: the DP's units do not split "
                        "into two halves of at most %.0f combinations with "
                        "at most %d conditions between them",
                        HALF_MAX, MAX_CROSS);
    ww_solver *s = q->s;
    struct ww__mitm_keep *k = s->mitm_keep;
    if (k && k->revision != m->revision) {
        ww__mitm_keep_free(k);
        s->mitm_keep = k = NULL;
    }
    if (k) { /* the halves of an earlier query on this model revision */
        for (int i = 0; i < 2; i++) {
            g->h[i].pts = k->pts[i];
            g->h[i].n = k->n[i];
            g->h[i].goff = k->goff[i];
            g->h[i].ng = k->ng[i];
        }
        g->gj = k->gj;
        g->jt = k->jt;
        g->jsize = k->jsize;
        g->borrowed = 1;
    }
    for (int i = 0; i < 2 && rc == 0 && !k; i++)
        rc = half_build(g, &g->h[i]);
    if (rc < 0)
        return ww__fail(m, WW_NOMEM, "out of memory");
    if (rc > 0) {
        *stopped = 1;
        return WW_OK;
    }
    g->whole = 1;
    /* x from the half whose points times the other's groups is smaller */
    double w0 = (double)g->h[0].n * g->h[1].ng;
    double w1 = (double)g->h[1].n * g->h[0].ng;
    g->ix = w0 <= w1 ? 0 : 1;
    double work = fmin(w0, w1);
    double most = q->s->packages <= WW__SCAN_WALK_MAX && !forced
                      ? fmin(PAIRS_MAX, q->s->packages / PAIR_PACKAGES)
                      : PAIRS_MAX;
    if (work > most)
        return ww__fail(m, WW_TOO_LARGE,
                        "meet in the middle: %.0f pairs of points and "
                        "signatures is more than %.0f",
                        work, most);
    return WW_OK;
}

/* The package of halves (x, y) with its exact utilities into r. */
static ww_status add_pair(mitm *g, const hpt *x, const hpt *y, ww_result *r,
                          double u[3])
{
    ww_model *m = g->q->m;
    int *pkg = malloc(sizeof(int) * (size_t)(m->nterms ? m->nterms : 1));
    if (!pkg)
        return ww__fail(m, WW_NOMEM, "out of memory");
    half_decode(g, &g->h[g->ix], x->code, pkg);
    half_decode(g, &g->h[!g->ix], y->code, pkg);
    ww__utilities(m, pkg, &u[WW_UB], &u[WW_US]);
    u[WW_J] = ww__joint(m, u[WW_UB], u[WW_US]);
    ww_status st = WW_OK;
    if (r && ww__result_add(r, pkg, u) != WW_OK)
        st = ww__fail(m, WW_NOMEM, "out of memory");
    free(pkg);
    return st;
}

ww_status ww__mitm_bargain(ww_query *q, int kalai, const double d[2],
                           int forced, ww_result *r, ww_outcome *oc)
{
    mitm g;
    int stopped;
    ww_status st = prepare(&g, q, kalai ? KEY_KALAI : KEY_NASH, forced, r,
                           oc, &stopped);
    if (st != WW_OK || stopped)
        goto out;
    g.ideal[0] = g.ideal[1] = -HUGE_VAL;
    each_x(&g, g.ix, ideal_x, PRUNE_IDEAL);
    if (g.stopped)
        goto out;
    if (g.ideal[0] == -HUGE_VAL) {
        *oc = WW_OUTCOME_INFEASIBLE; /* nothing admissible */
        goto out;
    }
    memcpy(g.d, d, sizeof g.d);
    memcpy(g.lo, d, sizeof g.lo);
    g.has_lo = 1; /* the key is -HUGE_VAL below d */
    g.steps = forced == WW__MITM_STEPS;
    r->has_anchors = 1;
    memcpy(r->d, g.d, sizeof g.d);
    memcpy(r->ideal, g.ideal, sizeof g.ideal);
    const hpt *ax, *ay;
    if (maximize(&g, &ax, &ay) < 0) {
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
        goto out;
    }
    if (!ax) { /* admissible packages, none meets d: cannot happen */
        if (!g.stopped)
            *oc = WW_OUTCOME_INFEASIBLE;
        goto out;
    }
    if (!g.stopped)
        *oc = WW_OUTCOME_OPTIMAL;
    double u[3];
    st = add_pair(&g, ax, ay, r, u);
out:
    mitm_free(&g);
    return st;
}

ww_status ww__mitm_evaluate(ww_query *q, const double pu[3], int forced,
                            ww_evaluation *ev, ww_result *r, ww_outcome *oc)
{
    mitm g;
    int stopped;
    ww_status st = prepare(&g, q, KEY_JOINT, forced, r, oc, &stopped);
    if (st != WW_OK || stopped)
        goto out;
    const hpt *bx, *by, *ix, *iy;
    if (maximize(&g, &bx, &by) < 0) {
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
        goto out;
    }
    if (g.stopped)
        goto out;
    if (!bx) {
        *oc = WW_OUTCOME_INFEASIBLE; /* nothing admissible */
        goto out;
    }
    /* better for both: within TOL of the package on both sides, beyond it
     * on one (the walk's test) */
    g.lo[0] = pu[WW_UB];
    g.lo[1] = pu[WW_US];
    g.ex[0] = pu[WW_UB];
    g.ex[1] = pu[WW_US];
    g.has_lo = g.has_ex = 1;
    if (maximize(&g, &ix, &iy) < 0) {
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
        goto out;
    }
    if (g.stopped)
        goto out;
    double u[3];
    if ((st = add_pair(&g, bx, by, NULL, u)) != WW_OK)
        goto out;
    ev->has_value_left = 1;
    ev->value_left = u[WW_J] - pu[WW_J];
    ev->has_improvement = ix != NULL;
    if (ix)
        st = add_pair(&g, ix, iy, r, u);
    *oc = WW_OUTCOME_OPTIMAL;
out:
    mitm_free(&g);
    return st;
}

/* meso's first offer: a pass for the largest U_b (g->most 0: a range's
 * last) or U_s (1: its first) in the region, into ideal[most] and its
 * halves (ideal[!most] stays HUGE_VAL: each_x's PRUNE_IDEAL then skips
 * by that side alone). */
static void most_x(mitm *g, const hpt *y, const size_t *lo, const size_t *hi,
                   int nr, double xb, double xs)
{
    int p = g->most;
    for (int k = 0; k < nr; k++) {
        const hpt *e = &y[p ? lo[k] : hi[k]];
        double v = p ? xs + e->s : xb + e->b;
        if (v > g->ideal[p]) {
            g->ideal[p] = v;
            g->bx = g->cx;
            g->by = e;
        }
    }
}

/* One pass for the largest U_b (side 0) or U_s (1) in the region: the
 * package's halves decoded into pkg and its exact utilities into u; 1
 * found, 0 none, -1 stopped. */
static int most_of(mitm *g, int side, int *pkg, double u[3])
{
    g->ideal[side] = -HUGE_VAL;
    g->ideal[!side] = HUGE_VAL;
    g->bx = g->by = NULL;
    g->most = side;
    each_x(g, g->ix, most_x, PRUNE_IDEAL);
    if (g->stopped)
        return -1;
    if (!g->bx)
        return 0;
    half_decode(g, &g->h[g->ix], g->bx->code, pkg);
    half_decode(g, &g->h[!g->ix], g->by->code, pkg);
    ww__util3(g->m, pkg, u);
    return 1;
}

ww_status ww__mitm_meso_first(ww_query *q, int forced, int *pkg,
                              double u[3], int *found, int *settled)
{
    *found = *settled = 0;
    mitm g;
    int stopped;
    ww_outcome oc;
    ww_status st = prepare(&g, q, KEY_JOINT, forced, NULL, &oc, &stopped);
    if (st != WW_OK || stopped)
        goto out;
    double lo = q->lo[WW_US], hi = q->hi[WW_US];
    g.has_least = 1;
    g.least[0] = -HUGE_VAL;
    g.least[1] = lo;
    double u1[3];
    int got = most_of(&g, 0, pkg, u1);
    if (got <= 0) { /* none above the band's floor: none in the band */
        *settled = got == 0;
        goto out;
    }
    /* the band's largest U_b only when the package lies in the band
     * (exact utilities; a sum that rounded across a bound as well) */
    *settled = -1;
    if (!(u1[WW_US] >= lo && u1[WW_US] <= hi))
        goto out;
    g.least[0] = u1[WW_UB] - TOL; /* the walk's tie: within TOL of it */
    got = most_of(&g, 1, pkg, u);
    if (got < 0)
        *settled = 0; /* stopped */
    else if (got > 0 && u[WW_US] >= lo && u[WW_US] <= hi &&
             u[WW_UB] >= u1[WW_UB] - TOL &&
             ww__meets_floors(q->has_floor, q->floor, u[WW_UB], u[WW_US]))
        *found = *settled = 1;
out:
    mitm_free(&g);
    return st;
}
