/* band.c — best, meso and evaluate on the enumeration path: bounded walks.
 *
 * They look for a few packages in a box: best the admissible package of
 * largest J; meso the admissible packages of a thin band of U_s (5 % of
 * the seller's range by default, a few per mille of a Genius space), the
 * best package (its U_s is the default target) and the seller's range
 * over the feasible packages; evaluate the best package and the best one
 * better for both than the evaluated one.  Scanning every package for
 * them costs the whole space; here each is a depth-first walk over the
 * terms that skips a subtree as soon as bounds on what its remaining
 * terms can add put it outside the box sought (branch and bound for the
 * maxima).  Exact: a bound prunes only with a slack above its rounding,
 * and every package kept is evaluated as ww__utilities does and tested
 * with the scan's own comparisons.  The plan (orders, bounds) depends on
 * the model alone: the solver keeps it per model revision. */
#include "solver_internal.h"
#include "merge_sort.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* fmin/fmax without their NaN rules (none here): libm calls otherwise */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* A band package: its utilities and where its levels are kept. */
typedef struct band_pkg {
    double ub, us;
    int at; /* its package: pkgs + at * n */
} band_pkg;

/* A package near the best J: its J and U_s. */
typedef struct js {
    double j, s;
} js;

/* The walks' shared plan: the terms in depth order (widest seller spread
 * first: the band prunes soonest there), per depth the range of U_b, U_s
 * and J the terms from that depth on can add (an interaction's whole range
 * up to the depth of its last term, where it is added exactly), and the
 * slack of those sums.  One block, with the walks' scratch (one walk at a
 * time). */
typedef struct ww__band_plan {
    const ww_model *m;
    int n;
    int *order;        /* depth -> term                                    */
    double *lo, *hi;   /* (n + 1) x 3: what depths d..n-1 can add          */
    double w[2];       /* J's weights                                      */
    double slack;
    int direct;        /* terms in their own order, no interactions: a
                          package's sums are ww__utilities' own           */
    int *lv_desc[3];   /* per depth, levels by U_s ([WW_US]) or J ([WW_J])
                          descending (lv_desc[WW_UB] unused)               */
    int *xoff, *xclose; /* the interactions whose last term is at depth d:
                           xclose[xoff[d] .. xoff[d + 1])                */
    int *xdepth;       /* interaction -> that depth                        */
    int *coff, *cclose; /* the constraints whose last term is at depth d:
                           cclose[coff[d] .. coff[d + 1]), checked there  */
    int *cdepth;       /* constraint -> that depth                         */
    int *lv, *pkg;     /* scratch: level index per depth, the package      */
    double *part;      /* scratch: (n + 1) x 3 partial sums                */
    const int **ord;   /* scratch: per depth, the level order of a walk    */
    unsigned long budget; /* nodes a walk may visit (0: any): over it, the
                             walk returns 2                               */
    int weigh;         /* 1: the budget counts interactions evaluated too  */
    /* Packages a walk keeps away from (meso's dive): each of the noffers
     * offers (n levels each) may share at most maxagree levels with a
     * package; agree is the walk's (n + 1) x noffers running counts. */
    const int *offers;
    int noffers, maxagree;
    int *agree;
    const int *custom; /* BY_CUSTOM's orders, laid out as lv_desc's       */
    const struct dive_bounds *db; /* meso's dive: bounds under the offers */
    /* Room for the first ROOM entries of the lists the queries keep, so
     * that a small space's query allocates nothing but its result. */
    int cap;
    js *room_d;        /* cap entries (best's list)                        */
    int *room_p;       /* cap x n ints (its packages)                      */
    band_pkg *room_v;  /* cap band entries                                 */
    int *room_i;       /* cap x (n + 1) ints (band packages, distances)    */
    void *block;
} bb_plan;

#define ROOM 64
/* Below this many packages the walks keep the terms' own order: a
 * package's running sums are then its exact utilities, and ordering the
 * terms prunes little. */
#define SORT_MIN 48.0

/* The order a walk visits each depth's levels in: their own, or by a
 * utility, so that the first packages met are good ones (branch and
 * bound) and the rest of a depth can be skipped at the first level whose
 * bound fails on that utility's side. */
typedef enum bb_order {
    BY_LEVEL, BY_J_DESC, BY_US_DESC, BY_US_ASC,
    BY_CUSTOM /* p->custom: per depth, any order (no shortcut) */
} bb_order;

/* A box: lo[x] <= u[x] <= hi[x] for x = U_b, U_s, J (exact comparisons of
 * the exact utilities; callers fold TOL in). */
typedef struct bb_box {
    double lo[3], hi[3];
} bb_box;

/* Called for each feasible package in the box (its utilities exact);
 * returns 0 to go on, 1 to stop, -1 out of memory.  May tighten the box. */
typedef int (*bb_keep)(void *ctx, bb_box *box, const int *pkg,
                       const double u[3]);

static double level_u(const bb_plan *p, const ww_level *l, int x)
{
    return x == WW_UB ? l->buyer
           : x == WW_US ? l->seller
                        : p->w[0] * l->buyer + p->w[1] * l->seller;
}

/* The factor an interaction's utilities are multiplied by: 0 or 1 for
 * WHEN, va * vb within [f[0], f[1]] for PRODUCT. */
static void interaction_factor(const bb_plan *p, const ww_interaction *x,
                               double f[2])
{
    f[0] = 0.0; /* WHEN adds util or nothing */
    f[1] = 1.0;
    if (x->kind != WW_INTERACTION_WHEN) { /* PRODUCT adds util * va * vb */
        const ww_term *ta = &p->m->terms[x->term_a];
        const ww_term *tb = &p->m->terms[x->term_b];
        double a[2] = {HUGE_VAL, -HUGE_VAL}, b[2] = {HUGE_VAL, -HUGE_VAL};
        for (int l = 0; l < ta->nlevels; l++) {
            a[0] = MIN(a[0], ta->levels[l].value);
            a[1] = MAX(a[1], ta->levels[l].value);
        }
        for (int l = 0; l < tb->nlevels; l++) {
            b[0] = MIN(b[0], tb->levels[l].value);
            b[1] = MAX(b[1], tb->levels[l].value);
        }
        double c[4] = {a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]};
        f[0] = MIN(MIN(c[0], c[1]), MIN(c[2], c[3]));
        f[1] = MAX(MAX(c[0], c[1]), MAX(c[2], c[3]));
    }
}

/* The range [*lo, *hi] an interaction can add to U_b, U_s and J. */
static void interaction_range(const bb_plan *p, const ww_interaction *x,
                              double lo[3], double hi[3])
{
    double f[2];
    interaction_factor(p, x, f);
    double u[3] = {x->util[WW_BUYER], x->util[WW_SELLER],
                   p->w[0] * x->util[WW_BUYER] + p->w[1] * x->util[WW_SELLER]};
    for (int k = 0; k < 3; k++) {
        lo[k] = MIN(u[k] * f[0], u[k] * f[1]);
        hi[k] = MAX(u[k] * f[0], u[k] * f[1]);
    }
}

/* A sort key and what it sorts. */
typedef struct keyed {
    double key;
    int i;
} keyed;

/* Higher key first; the sort is stable, so ties keep the index order the
 * keys were filled in. */
static inline int before_key(const keyed *x, const keyed *y)
{
    return x->key > y->key;
}
DEFINE_SORT(sort_desc, keyed, before_key)

static void plan_free(bb_plan *p)
{
    free(p->block);
    memset(p, 0, sizeof *p);
}

/* 0, or -1 out of memory. */
static int plan_build(const ww_query *q, bb_plan *p)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    memset(p, 0, sizeof *p);
    p->m = m;
    p->n = n;
    p->w[0] = m->party[WW_BUYER].weight;
    p->w[1] = m->party[WW_SELLER].weight;
    size_t nz = (size_t)n + 1, levels = 0, widest = nz;
    for (int t = 0; t < n; t++) {
        size_t k = (size_t)m->terms[t].nlevels;
        levels += k;
        widest = k > widest ? k : widest;
    }
    for (int pass = 0; pass < 2; pass++) { /* measure, then carve */
        char *b = pass ? p->block : NULL;
        size_t off = 0;
        p->lo = ww__carve(b, &off, 6 * nz, sizeof(double));
        p->part = ww__carve(b, &off, 3 * nz, sizeof(double));
        p->ord = ww__carve(b, &off, nz, sizeof(int *));
        p->order = ww__carve(b, &off, nz, sizeof(int));
        p->lv = ww__carve(b, &off, nz, sizeof(int));
        p->pkg = ww__carve(b, &off, nz, sizeof(int));
        p->xoff = ww__carve(b, &off, nz + 1, sizeof(int));
        p->xclose = ww__carve(b, &off, (size_t)m->ninter + 1, sizeof(int));
        p->xdepth = ww__carve(b, &off, (size_t)m->ninter + 1, sizeof(int));
        p->coff = ww__carve(b, &off, nz + 1, sizeof(int));
        p->cclose = ww__carve(b, &off, (size_t)m->ncons + 1, sizeof(int));
        p->cdepth = ww__carve(b, &off, (size_t)m->ncons + 1, sizeof(int));
        p->lv_desc[WW_US] = ww__carve(b, &off, levels + 1, sizeof(int));
        p->lv_desc[WW_J] = ww__carve(b, &off, levels + 1, sizeof(int));
        keyed *k = ww__carve(b, &off, widest, sizeof(keyed));
        keyed *tmp = ww__carve(b, &off, widest / 2 + 1, sizeof(keyed));
        p->cap = ROOM;
        size_t cz = ROOM;
        p->room_d = ww__carve(b, &off, cz, sizeof(js));
        p->room_p = ww__carve(b, &off, cz * nz, sizeof(int));
        p->room_v = ww__carve(b, &off, cz, sizeof(band_pkg));
        p->room_i = ww__carve(b, &off, cz * (nz + 1), sizeof(int));
        if (!pass) {
            if (!(p->block = malloc(off)))
                return -1;
            continue;
        }
        p->hi = p->lo + 3 * nz;
        for (int t = 0; t < n; t++) { /* widest seller spread first */
            const ww_term *term = &m->terms[t];
            double mn = HUGE_VAL, mx = -HUGE_VAL;
            for (int l = 0; l < term->nlevels; l++) {
                mn = MIN(mn, term->levels[l].seller);
                mx = MAX(mx, term->levels[l].seller);
            }
            k[t] = (keyed){mx - mn, t};
        }
        if (q->s->packages >= SORT_MIN) /* else the terms' own order */
            sort_desc(k, (size_t)n, tmp);
        for (int d = 0; d < n; d++)
            p->order[d] = k[d].i;
        p->direct = m->ninter == 0; /* and the terms in their own order */
        for (int d = 0; d < n; d++)
            p->direct &= p->order[d] == d;
        /* per depth, its term's levels by U_s and by J descending */
        for (int x = WW_US; x <= WW_J; x++) {
            int *o = p->lv_desc[x];
            for (int d = 0; d < n; d++) {
                const ww_term *term = &m->terms[p->order[d]];
                for (int l = 0; l < term->nlevels; l++)
                    k[l] = (keyed){level_u(p, &term->levels[l], x), l};
                sort_desc(k, (size_t)term->nlevels, tmp);
                for (int l = 0; l < term->nlevels; l++)
                    o[l] = k[l].i;
                o += term->nlevels;
            }
        }
    }
    for (int x = 0; x < 3; x++)
        p->lo[3 * (size_t)n + (size_t)x] = p->hi[3 * (size_t)n + (size_t)x] = 0;
    for (int d = n - 1; d >= 0; d--) {
        const ww_term *t = &m->terms[p->order[d]];
        for (int x = 0; x < 3; x++) {
            double mn = HUGE_VAL, mx = -HUGE_VAL;
            for (int l = 0; l < t->nlevels; l++) {
                mn = MIN(mn, level_u(p, &t->levels[l], x));
                mx = MAX(mx, level_u(p, &t->levels[l], x));
            }
            p->lo[3 * (size_t)d + (size_t)x] =
                p->lo[3 * (size_t)(d + 1) + (size_t)x] + mn;
            p->hi[3 * (size_t)d + (size_t)x] =
                p->hi[3 * (size_t)(d + 1) + (size_t)x] + mx;
        }
    }
    /* each interaction: exact at the depth of its last term, its whole
     * range in the bounds of every depth up to there */
    int *depth = p->lv; /* term -> depth (the walks' scratch, free now) */
    for (int d = 0; d < n; d++)
        depth[p->order[d]] = d;
    for (int d = 0; d <= n; d++)
        p->xoff[d] = 0;
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *x = &m->inter[i];
        int last = 0;
        if (x->kind == WW_INTERACTION_WHEN) {
            for (int c = 0; c < x->ncond; c++)
                last = MAX(last, depth[x->conds[c].term]);
        } else {
            last = MAX(depth[x->term_a], depth[x->term_b]);
        }
        p->xdepth[i] = last;
        p->xoff[last + 1]++;
        double lo[3], hi[3];
        interaction_range(p, x, lo, hi);
        for (int d = 0; d <= last; d++)
            for (int k = 0; k < 3; k++) {
                p->lo[3 * (size_t)d + (size_t)k] += lo[k];
                p->hi[3 * (size_t)d + (size_t)k] += hi[k];
            }
    }
    /* each constraint: checked exactly at the depth of its last term, so
     * a subtree that breaks it is left there rather than at its leaves */
    for (int d = 0; d <= n; d++)
        p->coff[d] = 0;
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        int last = 0;
        if (c->kind == WW_CONSTRAINT_FORBID)
            for (int j = 0; j < c->ncond; j++)
                last = MAX(last, depth[c->conds[j].term]);
        else
            for (int j = 0; j < c->nlin; j++)
                last = MAX(last, depth[c->terms[j]]);
        p->cdepth[i] = last;
        p->coff[last + 1]++;
    }
    for (int d = 0; d < n; d++) {
        p->xoff[d + 1] += p->xoff[d];
        p->coff[d + 1] += p->coff[d];
    }
    int *fill = p->lv; /* per depth, the next free slot of its list */
    for (int d = 0; d < n; d++)
        fill[d] = p->xoff[d];
    for (int i = 0; i < m->ninter; i++)
        p->xclose[fill[p->xdepth[i]]++] = i;
    for (int d = 0; d < n; d++)
        fill[d] = p->coff[d];
    for (int i = 0; i < m->ncons; i++)
        p->cclose[fill[p->cdepth[i]]++] = i;
    /* the bounds add the same numbers in another order than the exact
     * utilities: a few ulps of the largest sum each (2e9 at most) */
    double mag = 2 * q->s->magnitude + 1;
    p->slack = 1e-7 + 8 * DBL_EPSILON * mag * (n + m->ninter + 2);
    return 0;
}

static int dive_prunes(const bb_plan *p, int e, const double u[3],
                       const bb_box *box);

/* 1 when a constraint complete at depth d (its last term there) is broken
 * by the levels placed. */
static int breaks_here(const bb_plan *p, int d, const int *pkg)
{
    for (int c = p->coff[d]; c < p->coff[d + 1]; c++)
        if (ww__breaks(p->m, &p->m->cons[p->cclose[c]], pkg))
            return 1;
    return 0;
}

/* 1 when the levels placed down to depth d (term t at level l) share
 * more than p->maxagree with an offer; the counts of depth d + 1 are
 * those of depth d plus this level's. */
static int too_close(bb_plan *p, int d, int t, int l)
{
    int no = p->noffers, n = p->n;
    const int *prev = p->agree + (size_t)d * (size_t)no;
    int *next = p->agree + (size_t)(d + 1) * (size_t)no;
    for (int j = 0; j < no; j++) {
        next[j] = prev[j] + (p->offers[(size_t)j * (size_t)n + (size_t)t] == l);
        if (next[j] > p->maxagree)
            return 1;
    }
    return 0;
}

/* Walks every package whose bounds can reach the box, each depth's levels
 * in the order `by`, and calls keep on the feasible ones inside it.  0
 * done, 1 stopped by keep or the deadline (then q->stopped), 2 over the
 * plan's budget, -1 out of memory. */
static int walk(ww_query *q, bb_plan *p, bb_box *box, bb_order by,
                bb_keep keep, void *ctx)
{
    const ww_model *m = p->m;
    int n = p->n;
    if (n == 0)
        return 0;
    int *lv = p->lv, *pkg = p->pkg;
    double *part = p->part;
    const int **ord = p->ord;
    int x = by == BY_J_DESC ? WW_J : WW_US; /* the order's utility */
    const int *at = by == BY_LEVEL    ? NULL
                    : by == BY_CUSTOM ? p->custom
                                      : p->lv_desc[x];
    for (int d = 0; d < n; d++) { /* depth d's slice of lv_desc[x] */
        ord[d] = at;
        if (at)
            at += m->terms[p->order[d]].nlevels;
    }
    part[0] = part[1] = part[2] = 0.0;
    lv[0] = -1;
    int d = 0, rc = 0;
    unsigned long work = 0, extra = 0; /* nodes; interactions (p->weigh) */
    const double sl = p->slack;
    /* the dive's extras, read once (keep may write through any pointer) */
    const int dive = p->noffers > 0 || p->db || p->weigh;
    const int shortcut = by != BY_CUSTOM, weigh = p->weigh;
    const unsigned long budget = p->budget;
    const int cons = m->ncons > 0;
    while (d >= 0) {
        int t = p->order[d];
        const ww_term *term = &m->terms[t];
        int k = term->nlevels;
        if (++lv[d] == k) {
            d--;
            continue;
        }
        if ((++work & 0xfff) == 0 && q->deadline &&
            ww__now() >= q->deadline) {
            q->stopped = 1;
            rc = 1;
            break;
        }
        if (budget && work + extra > budget) {
            rc = 2;
            break;
        }
        int l = !ord[d] ? lv[d]
                : by == BY_US_ASC ? ord[d][k - 1 - lv[d]] : ord[d][lv[d]];
        pkg[t] = l;
        if (cons && breaks_here(p, d, pkg))
            continue;
        const ww_level *L = &term->levels[l];
        const double *pa = part + 3 * (size_t)d;
        double u[3] = {pa[0] + L->buyer, pa[1] + L->seller,
                       pa[2] + p->w[0] * L->buyer + p->w[1] * L->seller};
        int closing = p->xoff[d] < p->xoff[d + 1];
        if (weigh)
            extra += (unsigned long)(p->xoff[d + 1] - p->xoff[d]);
        for (int c = p->xoff[d]; c < p->xoff[d + 1]; c++) {
            double v[2] = {0.0, 0.0}; /* its terms are all placed now */
            ww__interaction_add(m, &m->inter[p->xclose[c]], pkg, v);
            u[0] += v[0];
            u[1] += v[1];
            u[2] += p->w[0] * v[0] + p->w[1] * v[1];
        }
        const double *lo = p->lo + 3 * (size_t)(d + 1);
        const double *hi = p->hi + 3 * (size_t)(d + 1);
        if (ord[d] && !closing && shortcut) {
            /* the order's utility moves one way along this depth: past
             * the first level out on that side, so are the rest */
            int past = by == BY_US_ASC ? u[x] + lo[x] - sl > box->hi[x]
                                       : u[x] + hi[x] + sl < box->lo[x];
            if (past) {
                lv[d] = k - 1;
                continue;
            }
        }
        if (dive && p->noffers && too_close(p, d, t, l))
            continue;
        if (d + 1 < n) { /* a subtree: its bounds (a package: exact) */
            int out = 0;
            for (int y = 0; y < 3 && !out; y++)
                out = u[y] + hi[y] + sl < box->lo[y] ||
                      u[y] + lo[y] - sl > box->hi[y];
            if (!out && dive && p->db)
                out = dive_prunes(p, d + 1, u, box);
            if (!out) {
                memcpy(part + 3 * (size_t)(d + 1), u, sizeof u);
                lv[++d] = -1;
            }
            continue;
        }
        double e[3]; /* a package: exact, as every path evaluates it */
        if (p->direct) { /* the same additions in the same order */
            e[WW_UB] = u[WW_UB];
            e[WW_US] = u[WW_US];
        } else {
            ww__utilities(m, pkg, &e[WW_UB], &e[WW_US]);
            if (weigh)
                extra += (unsigned long)m->ninter;
        }
        e[WW_J] = ww__joint(m, e[WW_UB], e[WW_US]);
        int in = 1;
        for (int y = 0; y < 3 && in; y++)
            in = e[y] >= box->lo[y] && e[y] <= box->hi[y];
        if (!in) /* (every constraint was checked on the way down) */
            continue;
        if ((rc = keep(ctx, box, pkg, e)) != 0)
            break;
    }
    return rc;
}

static void box_open(bb_box *b)
{
    for (int x = 0; x < 3; x++) {
        b->lo[x] = -HUGE_VAL;
        b->hi[x] = HUGE_VAL;
    }
}

/* The admissible box: the scan's floors (ww__meets_floors). */
static void box_admissible(const ww_query *q, bb_box *b)
{
    box_open(b);
    for (int p = 0; p < 2; p++)
        if (q->has_floor[p])
            b->lo[p == WW_BUYER ? WW_UB : WW_US] = q->floor[p] - TOL;
}

/* A list's array grown to newcap items: realloc'ed when the heap owns it,
 * else (the plan's room) copied to the heap; NULL when out of memory (the
 * old array kept). */
static void *grow_list(void *v, size_t n, size_t newcap, size_t size,
                       int owned)
{
    void *w = owned ? realloc(v, newcap * size) : malloc(newcap * size);
    if (w && !owned && n)
        memcpy(w, v, n * size);
    return w;
}

/* Grows a list of n records (size bytes each, *v) and their packages (nt
 * levels each, *pk; none when nt is 0) to the next capacity, *cap
 * updated; 0, or -1 when out of memory (the old arrays kept). */
static int grow_lists(void **v, size_t size, int **pk, size_t nt, size_t n,
                      size_t *cap, int owned[2])
{
    size_t nc = *cap ? 2 * *cap : 64;
    void *w = grow_list(*v, n, nc, size, owned[0]);
    if (!w)
        return -1;
    *v = w;
    owned[0] = 1;
    if (nt) {
        int *p = grow_list(*pk, n * nt, nc * nt, sizeof *p, owned[1]);
        if (!p)
            return -1;
        *pk = p;
        owned[1] = 1;
    }
    *cap = nc;
    return 0;
}

/* ---- the best package of a box: max J, ties within TOL the higher U_s
 * (the scan's argmax), the first in the walk's order among equals ---- */
typedef struct best_ctx {
    const double *strict; /* NULL, or only packages with U_b > strict[0] +
                             TOL or U_s > strict[1] + TOL count (evaluate's
                             "better for both") */
    int nt;               /* terms, or 0: the packages are not kept      */
    int found;
    double jmax;          /* the largest J counted                       */
    double j, us;         /* the chosen package's J and U_s               */
    /* the packages within TOL of the best J so far (a rising bar): their
     * J and U_s, and their levels (nt each) */
    js *v;
    int *pk;
    size_t n, cap;
    int owned[2];
} best_ctx;

static int counts(const best_ctx *b, const double u[3])
{
    return !b->strict || u[WW_UB] > b->strict[WW_UB] + TOL ||
           u[WW_US] > b->strict[WW_US] + TOL;
}

static int keep_best(void *c, bb_box *box, const int *pkg,
                     const double u[3])
{
    best_ctx *b = c;
    if (!counts(b, u))
        return 0;
    if (b->n == b->cap) {
        void *v = b->v;
        int rc = grow_lists(&v, sizeof *b->v, &b->pk, (size_t)b->nt, b->n,
                            &b->cap, b->owned);
        b->v = v;
        if (rc)
            return -1;
    }
    if (b->nt)
        memcpy(b->pk + b->n * (size_t)b->nt, pkg,
               sizeof(int) * (size_t)b->nt);
    b->v[b->n++] = (js){u[WW_J], u[WW_US]};
    if (!b->found || u[WW_J] > b->jmax) {
        b->jmax = u[WW_J];
        b->found = 1;
        box->lo[WW_J] = b->jmax - TOL; /* the scan's "J >= bj - TOL" */
    }
    return 0;
}

/* Walks the box (levels best J first) for its best package: b->found,
 * its J and U_s, and its levels in out (NULL: not wanted), the first the
 * walk met among equals.  0, 1 stopped, -1 out of memory. */
static int find_best(ww_query *q, bb_plan *p, const bb_box *in,
                     const double *strict, best_ctx *b, int *out)
{
    memset(b, 0, sizeof *b);
    b->strict = strict;
    b->nt = out ? p->n : 0; /* meso's target wants U_s alone */
    b->v = p->room_d; /* a small list in the plan's room, else the heap */
    b->pk = p->room_p;
    b->cap = (size_t)p->cap;
    bb_box box = *in;
    int rc = walk(q, p, &box, BY_J_DESC, keep_best, b);
    if (rc == 0 && b->found) {
        double bar = b->jmax - TOL;
        size_t arg = 0;
        b->us = -HUGE_VAL;
        for (size_t i = 0; i < b->n; i++)
            if (b->v[i].j >= bar && b->v[i].s > b->us) {
                b->us = b->v[i].s;
                b->j = b->v[i].j;
                arg = i;
            }
        if (out)
            memcpy(out, b->pk + arg * (size_t)b->nt,
                   sizeof(int) * (size_t)b->nt);
    }
    if (b->owned[0])
        free(b->v);
    if (b->owned[1])
        free(b->pk);
    return rc;
}

/* ---- any admissible package ---- */
static int keep_any(void *c, bb_box *box, const int *pkg,
                     const double u[3])
{
    (void)box, (void)pkg, (void)u;
    *(int *)c = 1;
    return 1;
}

/* ---- the seller's range over the feasible packages ---- */
typedef struct ext_ctx {
    int found, x, sign;
    double v;
} ext_ctx;

static int keep_ext(void *c, bb_box *box, const int *pkg,
                     const double u[3])
{
    (void)pkg;
    ext_ctx *e = c;
    double v = u[e->x];
    if (!e->found || (e->sign > 0 ? v > e->v : v < e->v)) {
        e->v = v;
        e->found = 1;
        if (e->sign > 0) /* only a better one is worth a visit now */
            box->lo[e->x] = v;
        else
            box->hi[e->x] = v;
    }
    return 0;
}

/* The max (sign 1) or min (-1) of U_s over the feasible packages. */
static int seller_extreme(ww_query *q, bb_plan *p, int sign,
                          ext_ctx *e)
{
    memset(e, 0, sizeof *e);
    e->x = WW_US;
    e->sign = sign;
    bb_box box;
    box_open(&box);
    return walk(q, p, &box, sign > 0 ? BY_US_DESC : BY_US_ASC, keep_ext, e);
}

/* ---- the band's packages ---- */

typedef struct band_ctx {
    int n;
    band_pkg *v;
    int *pkgs;
    size_t count, cap;
    int owned[2]; /* v, pkgs */
} band_ctx;

static int keep_band(void *c, bb_box *box, const int *pkg,
                     const double u[3])
{
    (void)box;
    band_ctx *b = c;
    if (b->count == b->cap) {
        void *v = b->v;
        int rc = grow_lists(&v, sizeof *b->v, &b->pkgs, (size_t)b->n,
                            b->count, &b->cap, b->owned);
        b->v = v;
        if (rc)
            return -1;
    }
    memcpy(b->pkgs + b->count * (size_t)b->n, pkg, sizeof(int) * (size_t)b->n);
    b->v[b->count] = (band_pkg){u[WW_UB], u[WW_US], (int)b->count};
    b->count++;
    return 0;
}

/* The offers: each the package of the band farthest (min Hamming distance)
 * from the offers before it, then of largest U_b, then within TOL of that
 * the largest U_s, the first in the walk's order among equals. */
static ww_status select_offers(ww_query *q, const bb_plan *p,
                               const band_ctx *bc, int count, ww_result *r)
{
    int n = bc->n;
    size_t nb = bc->count;
    int *dist = nb <= (size_t)p->cap ? p->room_i + (size_t)p->cap * (size_t)n
                                     : malloc(sizeof(int) * (nb ? nb : 1));
    if (!dist)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    for (size_t j = 0; j < nb; j++)
        dist[j] = n + 1;
    int mind = 0;
    ww_status st = WW_OK;
    for (int k = 0; k < count; k++) {
        int bd = 0;
        double bb = -HUGE_VAL, bs = -HUGE_VAL;
        long arg = -1;
        for (size_t j = 0; j < nb; j++) /* the largest distance */
            bd = dist[j] > bd ? dist[j] : bd;
        for (size_t j = 0; j < nb; j++) /* then the largest U_b */
            if (dist[j] == bd && bc->v[j].ub > bb)
                bb = bc->v[j].ub;
        for (size_t j = 0; j < nb; j++) { /* then U_s, the first of ties */
            if (dist[j] == bd && bd > 0 && bc->v[j].ub >= bb - TOL &&
                bc->v[j].us > bs) {
                bs = bc->v[j].us;
                arg = (long)j;
            }
        }
        if (arg < 0)
            break; /* every package in the band is an offer */
        if (k > 0 && (mind == 0 || bd < mind))
            mind = bd;
        const band_pkg *o = &bc->v[arg];
        const int *offer = bc->pkgs + (size_t)o->at * (size_t)n;
        double u[3] = {o->ub, o->us, ww__joint(q->m, o->ub, o->us)};
        if ((st = ww__result_add(r, offer, u)) != WW_OK) {
            st = ww__fail(q->m, WW_NOMEM, "out of memory");
            break;
        }
        for (size_t j = 0; j < nb; j++) {
            if (dist[j] == 0)
                continue;
            int h = ww__hamming(bc->pkgs + (size_t)bc->v[j].at * (size_t)n,
                                offer, n);
            dist[j] = h < dist[j] ? h : dist[j];
        }
    }
    if (nb > (size_t)p->cap)
        free(dist);
    r->diversity = mind;
    return st;
}

/* Nothing admissible: the model's own cause, from ww__diagnose when the
 * query ends where the DP serves (exact, microseconds) or the space is
 * past what the scan holds cheaply (then two MIPs), else from the whole
 * table (exact, as the scan's queries diagnose). */
static ww_status no_agreement(ww_query *q, ww_result *r, ww_outcome *oc)
{
    *oc = WW_OUTCOME_INFEASIBLE;
    int dp = ww__dp_serves(q);
    if (dp < 0)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    if (dp || q->s->packages > WW__SCAN_MIP_MAX)
        return WW_OK;
    ww_status st = ww__scan(q, WW_Q_TRADES, NULL, r, oc);
    r->stats.path = WW_PATH_ENUM;
    return st;
}

/* The walks' plan, built once per model revision and kept by the solver
 * (the model alone decides it; one query at a time uses a solver, so its
 * scratch too); NULL when out of memory. */
static bb_plan *plan_of(ww_query *q)
{
    ww_solver *s = q->s;
    if (!s->band_plan || s->band_revision != q->m->revision) {
        ww__band_plan_free(s->band_plan);
        s->band_plan = malloc(sizeof *s->band_plan);
        if (!s->band_plan || plan_build(q, s->band_plan) < 0) {
            ww__band_plan_free(s->band_plan);
            s->band_plan = NULL;
            return NULL;
        }
        s->band_revision = q->m->revision;
    }
    return s->band_plan;
}

/* The walks' start: the answer's path, and the plan. */
static ww_status walks_begin(ww_query *q, ww_result *r, bb_plan **out,
                             ww_outcome *oc)
{
    r->stats.path = WW_PATH_ENUM;
    q->solves = 0;
    *oc = WW_OUTCOME_OPTIMAL;
    if (!(*out = plan_of(q)))
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    return WW_OK;
}

void ww__band_plan_free(bb_plan *p)
{
    if (!p)
        return;
    plan_free(p);
    free(p);
}

/* The walks' end: rc (a walk's: -1 out of memory, 1 stopped) onto st and
 * the outcome. */
static ww_status walks_end(ww_query *q, int rc, ww_status st, ww_outcome *oc)
{
    if (rc < 0)
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
    else if (rc > 0)
        *oc = WW_OUTCOME_TIME_LIMIT;
    return st;
}

/* Adds a package found by a walk, with its exact utilities. */
static ww_status add_package(ww_query *q, ww_result *r, const int *pkg)
{
    double u[3];
    ww__util3(q->m, pkg, u);
    if (ww__result_add(r, pkg, u) != WW_OK)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    return WW_OK;
}

ww_status ww__band_meso(ww_query *q, const ww_qargs *a, ww_result *r,
                        ww_outcome *oc)
{
    bb_plan *p;
    ww_status st = walks_begin(q, r, &p, oc);
    if (st != WW_OK)
        return st;
    int rc, has_adm = 0;
    band_ctx bc = {.n = q->m->nterms, .v = p->room_v, .pkgs = p->room_i,
                   .cap = (size_t)p->cap};
    double target = a->target, band = a->band;
    if (isnan(target)) {
        best_ctx b;
        bb_box box;
        box_admissible(q, &box);
        if ((rc = find_best(q, p, &box, NULL, &b, NULL)) != 0)
            goto walked;
        has_adm = b.found;
        if (b.found)
            target = b.us;
    } else {
        bb_box box;
        box_admissible(q, &box);
        if ((rc = walk(q, p, &box, BY_LEVEL, keep_any, &has_adm)) < 0)
            goto walked;
        rc = q->stopped; /* keep_any's stop is no time limit */
        if (rc)
            goto walked;
    }
    if (isnan(band)) { /* the seller's range: feasible packages */
        ext_ctx hi, lo;
        if ((rc = seller_extreme(q, p, 1, &hi)) != 0 ||
            (rc = seller_extreme(q, p, -1, &lo)) != 0)
            goto walked;
        if (hi.found && lo.found && lo.v <= hi.v)
            band = 0.05 * (hi.v - lo.v);
    }
    r->has_band = !isnan(target) && !isnan(band);
    r->target = r->has_band ? target : 0;
    r->band = r->has_band ? band : 0;
    if (!has_adm)
        return no_agreement(q, r, oc);
    bb_box box;
    box_admissible(q, &box);
    box.lo[WW_US] = MAX(box.lo[WW_US], target - band - TOL);
    box.hi[WW_US] = target + TOL;
    if ((rc = walk(q, p, &box, BY_US_DESC, keep_band, &bc)) != 0)
        goto walked;
    st = select_offers(q, p, &bc, a->count, r);
    if (st == WW_OK && a->count > 0 && r->n == 0) {
        *oc = WW_OUTCOME_INFEASIBLE;
        ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
walked:
    if (bc.owned[0])
        free(bc.v);
    if (bc.owned[1])
        free(bc.pkgs);
    return walks_end(q, rc, st, oc);
}

/* The walks' start and the best admissible package (its levels into the
 * plan's room_i), within budget nodes (0: any).  Returns a walk's code
 * (0 found or not: b->found; 1 stopped; 2 over the budget; -1 out of
 * memory), or 3 when nothing is admissible, the answer then complete
 * (*st its status).  *st is WW_OK otherwise but when the start failed. */
static int best_admissible(ww_query *q, ww_result *r, ww_outcome *oc,
                           unsigned long budget, bb_plan **p, best_ctx *b,
                           ww_status *st)
{
    if ((*st = walks_begin(q, r, p, oc)) != WW_OK)
        return 3;
    bb_box box;
    box_admissible(q, &box);
    (*p)->budget = budget;
    int rc = find_best(q, *p, &box, NULL, b, (*p)->room_i);
    (*p)->budget = 0;
    if (rc == 0 && !b->found) {
        *st = no_agreement(q, r, oc);
        return 3;
    }
    return rc;
}

ww_status ww__band_evaluate(ww_query *q, const ww_qargs *a, ww_result *r,
                            ww_outcome *oc, unsigned long budget, int *over)
{
    ww_model *m = q->m;
    bb_plan *p;
    best_ctx b;
    ww_status st;
    *over = 0;
    int rc = best_admissible(q, r, oc, budget, &p, &b, &st);
    if (rc == 3)
        return st;
    if (rc == 2) { /* the caller walks the space */
        *over = 1;
        return WW_OK;
    }
    if (rc != 0)
        return walks_end(q, rc, st, oc);
    double pu[3];
    ww__util3(m, a->ref, pu);
    a->eval->has_value_left = 1;
    a->eval->value_left = b.j - pu[WW_J];
    /* better for both: admissible, within TOL on both sides, beyond it
     * on one */
    bb_box box;
    box_admissible(q, &box);
    box.lo[WW_UB] = MAX(box.lo[WW_UB], pu[WW_UB] - TOL);
    box.lo[WW_US] = MAX(box.lo[WW_US], pu[WW_US] - TOL);
    p->budget = budget;
    rc = find_best(q, p, &box, pu, &b, p->room_i);
    p->budget = 0;
    if (rc == 2) {
        a->eval->has_value_left = 0;
        a->eval->value_left = 0;
        *over = 1;
        return WW_OK;
    }
    if (rc == 0) {
        a->eval->has_improvement = b.found;
        if (b.found)
            st = add_package(q, r, p->room_i);
    }
    return walks_end(q, rc, st, oc);
}

ww_status ww__band_best(ww_query *q, ww_result *r, ww_outcome *oc,
                        unsigned long budget, int *over)
{
    bb_plan *p;
    best_ctx b;
    ww_status st;
    *over = 0;
    int rc = best_admissible(q, r, oc, budget, &p, &b, &st);
    if (rc == 3)
        return st;
    if (rc == 2) { /* the caller takes another path */
        *over = 1;
        return WW_OK;
    }
    if (rc == 0)
        st = add_package(q, r, p->room_i);
    return walks_end(q, rc, st, oc);
}

/* ---- meso's defaults on the MIP loop ---- */

/* The walks below with a budget that counts interactions evaluated. */
static void budget_on(bb_plan *p, unsigned long budget)
{
    p->budget = budget;
    p->weigh = 1;
}

static void budget_off(bb_plan *p)
{
    p->budget = 0;
    p->weigh = 0;
}

int ww__band_meso_target(ww_query *q, unsigned long budget, int *found,
                         double *us)
{
    bb_plan *p = plan_of(q);
    if (!p)
        return -1;
    best_ctx b;
    bb_box box;
    box_admissible(q, &box);
    budget_on(p, budget);
    int rc = find_best(q, p, &box, NULL, &b, NULL);
    budget_off(p);
    *found = rc == 0 && b.found;
    *us = *found ? b.us : 0.0;
    return rc;
}

int ww__band_seller_range(ww_query *q, unsigned long budget, int *found,
                          double *lo, double *hi)
{
    bb_plan *p = plan_of(q);
    if (!p)
        return -1;
    ext_ctx top, bottom;
    budget_on(p, budget);
    int rc = seller_extreme(q, p, 1, &top);
    if (rc == 0)
        rc = seller_extreme(q, p, -1, &bottom);
    budget_off(p);
    *found = rc == 0 && top.found && bottom.found;
    *lo = *found ? bottom.v : 0.0;
    *hi = *found ? top.v : 0.0;
    return rc;
}

/* ---- meso's searches on the MIP loop: branch and bound ---- */

#define HALF_PI 1.57079632679489661923

/* The utility of a level (x = WW_UB, WW_US). */
static double lv_u(const ww_level *L, int x)
{
    return x == WW_UB ? L->buyer : L->seller;
}

typedef struct dive_ctx {
    int n, found, x;
    int *pkg;
} dive_ctx;

static int keep_dive(void *c, bb_box *box, const int *pkg, const double u[3])
{
    dive_ctx *v = c;
    memcpy(v->pkg, pkg, sizeof(int) * (size_t)v->n);
    v->found = 1;
    box->lo[v->x] = nextafter(u[v->x], HUGE_VAL); /* only a better one */
    return 0;
}

/* 1 when level l of term t is out for the dive: an offer's own level
 * where no level may be shared. */
static int excluded(const bb_plan *p, int t, int l)
{
    if (p->maxagree > 0)
        return 0;
    for (int j = 0; j < p->noffers; j++)
        if (p->offers[(size_t)j * (size_t)p->n + (size_t)t] == l)
            return 1;
    return 0;
}

/* The y utility of the package whose every level maximizes x + nu y
 * among those the dive may use (interactions aside): it grows with nu. */
static double tilted(const bb_plan *p, int x, double nu)
{
    int y = WW_UB + WW_US - x;
    double uy = 0;
    for (int t = 0; t < p->n; t++) {
        const ww_term *term = &p->m->terms[t];
        double best = -HUGE_VAL, by = 0;
        for (int l = 0; l < term->nlevels; l++) {
            const ww_level *L = &term->levels[l];
            double v = lv_u(L, x) + nu * lv_u(L, y);
            if (v > best && !excluded(p, t, l)) {
                best = v;
                by = lv_u(L, y);
            }
        }
        uy += by;
    }
    return uy;
}

/* The multiplier of the side of y's range [lo, hi] that binds: 0 when
 * the package of the largest x level by level is inside, else (bisection
 * on its angle) where the tilted package crosses that side. */
static double multiplier(const bb_plan *p, int x, double lo, double hi)
{
    double uy = tilted(p, x, 0.0);
    int up = uy < lo && isfinite(lo), down = uy > hi && isfinite(hi);
    if (!up && !down)
        return 0.0;
    double a = 0.0, b = up ? HALF_PI : -HALF_PI; /* uy crosses in (a, b] */
    for (int i = 0; i < 24; i++) { /* to 1e-7 rad: any nu gives a bound */
        double mid = (a + b) / 2;
        uy = tilted(p, x, tan(mid));
        if (up ? uy >= lo : uy <= hi)
            b = mid;
        else
            a = mid;
    }
    return tan(b);
}

/* The dive's bounds, for five objectives f: x + nu y (0: with y in its
 * range, x <= it - nu_side), U_b, -U_b, U_s and -U_s (1-4: the box's
 * sides).  From depth e on, the terms can add at most tmax[f][e] (every
 * level allowed), or with the offers, for each offer j that still allows
 * a more shared levels, tab[(j * NF + f) * size + off[e] + a]: the
 * terms' maxima less their losses of leaving j's level, the a largest
 * spared; the interactions not yet closed at most itop[f][e]. */
#define NF 5
typedef struct dive_bounds {
    int x, y;
    double nu, nu_side;
    double *tmax[NF], *itop[NF];
    double *tab;
    int *off;
    size_t size;
} dive_bounds;

/* Objective f of utilities (b, s). */
static double obj_f(const dive_bounds *db, int f, double b, double s)
{
    switch (f) {
    case 0:
        return (db->x == WW_UB ? b : s) + db->nu * (db->x == WW_UB ? s : b);
    case 1:
        return b;
    case 2:
        return -b;
    case 3:
        return s;
    default:
        return -s;
    }
}

static int dive_prunes(const bb_plan *p, int e, const double u[3],
                       const bb_box *box)
{
    const dive_bounds *db = p->db;
    double need[NF] = {box->lo[db->x] + db->nu_side, box->lo[WW_UB],
                       -box->hi[WW_UB], box->lo[WW_US], -box->hi[WW_US]};
    int left = p->n - e, no = p->noffers;
    const int *agree = p->agree + (size_t)e * (size_t)no;
    for (int f = 0; f < NF; f++) {
        if (!(need[f] > -HUGE_VAL))
            continue;
        double best = db->tmax[f][e];
        for (int j = 0; j < no; j++) {
            int a = p->maxagree - agree[j];
            a = a < left ? a : left;
            double v = db->tab[((size_t)j * NF + (size_t)f) * db->size +
                               (size_t)db->off[e] + (size_t)a];
            best = v < best ? v : best;
        }
        double slack = p->slack * (f ? 2 : 2 + 2 * fabs(db->nu));
        if (obj_f(db, f, u[WW_UB], u[WW_US]) + best + db->itop[f][e] +
                slack < need[f])
            return 1;
    }
    return 0;
}

/* Fills db's arrays (carved by ww__band_dive). */
static void dive_fill(const bb_plan *p, dive_bounds *db, double *gain)
{
    const ww_model *m = p->m;
    int n = p->n;
    for (int f = 0; f < NF; f++) {
        db->tmax[f][n] = db->itop[f][n] = 0.0;
        for (int d = n - 1; d >= 0; d--) {
            const ww_term *term = &m->terms[p->order[d]];
            double mx = -HUGE_VAL;
            for (int l = 0; l < term->nlevels; l++)
                mx = MAX(mx, obj_f(db, f, term->levels[l].buyer,
                                   term->levels[l].seller));
            db->tmax[f][d] = db->tmax[f][d + 1] + mx;
            db->itop[f][d] = 0.0;
        }
        for (int i = 0; i < m->ninter; i++) {
            const ww_interaction *x = &m->inter[i];
            double fr[2];
            interaction_factor(p, x, fr);
            double v = obj_f(db, f, x->util[WW_BUYER], x->util[WW_SELLER]);
            double top = MAX(v * fr[0], v * fr[1]);
            for (int d = 0; d <= p->xdepth[i]; d++)
                db->itop[f][d] += top;
        }
    }
    for (int d = 0; d <= n; d++)
        db->off[d] = d ? db->off[d - 1] + (n - (d - 1) + 1) : 0;
    for (int j = 0; j < p->noffers; j++)
        for (int f = 0; f < NF; f++) {
            double *tab = db->tab + ((size_t)j * NF + (size_t)f) * db->size;
            int k = 0; /* gains of depths d.. so far, ascending */
            for (int d = n; d >= 0; d--) {
                if (d < n) { /* term at depth d: the loss of leaving j's level */
                    int t = p->order[d];
                    const ww_term *term = &m->terms[t];
                    int own = p->offers[(size_t)j * (size_t)n + (size_t)t];
                    double mx = -HUGE_VAL, ex = -HUGE_VAL;
                    for (int l = 0; l < term->nlevels; l++) {
                        double v = obj_f(db, f, term->levels[l].buyer,
                                         term->levels[l].seller);
                        mx = MAX(mx, v);
                        if (l != own)
                            ex = MAX(ex, v);
                    }
                    double g = ex > -HUGE_VAL ? mx - ex : HUGE_VAL;
                    int at = k++;
                    while (at > 0 && gain[at - 1] > g) {
                        gain[at] = gain[at - 1];
                        at--;
                    }
                    gain[at] = g;
                }
                /* with a shared levels allowed, the k - a smallest losses
                 * are paid */
                double *row = tab + db->off[d];
                double paid = 0.0;
                for (int a = k; a >= 0; a--) {
                    row[a] = db->tmax[f][d] - paid;
                    if (a > 0)
                        paid += gain[k - a];
                }
            }
        }
}

/* Per depth, its term's levels by objective 0 descending, into ord (laid
 * out as lv_desc); k, tmp: scratch for the widest term. */
static void tilted_order(const bb_plan *p, const dive_bounds *db, int *ord,
                         keyed *k, keyed *tmp)
{
    for (int d = 0; d < p->n; d++) {
        const ww_term *term = &p->m->terms[p->order[d]];
        for (int l = 0; l < term->nlevels; l++)
            k[l] = (keyed){obj_f(db, 0, term->levels[l].buyer,
                                 term->levels[l].seller), l};
        sort_desc(k, (size_t)term->nlevels, tmp);
        for (int l = 0; l < term->nlevels; l++)
            ord[l] = k[l].i;
        ord += term->nlevels;
    }
}

int ww__band_dive(ww_query *q, int x, const int *offers, int noffers,
                  int maxagree, unsigned long budget, int *out, int *complete)
{
    *complete = 0;
    bb_plan *p = plan_of(q);
    if (!p)
        return -1;
    size_t n = (size_t)p->n, levels = 0, widest = 1;
    for (int t = 0; t < p->n; t++) {
        size_t k = (size_t)p->m->terms[t].nlevels;
        levels += k;
        widest = k > widest ? k : widest;
    }
    dive_bounds db;
    db.size = (n + 1) * (n + 2) / 2;
    char *block = NULL;
    int *agree = NULL, *ord = NULL;
    double *gain = NULL;
    keyed *k = NULL;
    for (int pass = 0; pass < 2; pass++) { /* measure, then carve */
        size_t off = 0;
        for (int f = 0; f < NF; f++) {
            db.tmax[f] = ww__carve(block, &off, n + 1, sizeof(double));
            db.itop[f] = ww__carve(block, &off, n + 1, sizeof(double));
        }
        db.tab = ww__carve(block, &off, NF * (size_t)noffers * db.size + 1,
                           sizeof(double));
        gain = ww__carve(block, &off, n + 1, sizeof(double));
        k = ww__carve(block, &off, widest + widest / 2 + 1, sizeof(keyed));
        db.off = ww__carve(block, &off, n + 1, sizeof(int));
        agree = ww__carve(block, &off, (n + 1) * (size_t)noffers + 1,
                          sizeof(int));
        ord = ww__carve(block, &off, levels + 1, sizeof(int));
        if (!pass && !(block = calloc(1, off)))
            return -1;
    }
    bb_box box;
    for (int r = 0; r < 3; r++) {
        box.lo[r] = q->lo[r];
        box.hi[r] = q->hi[r];
    }
    p->offers = offers;
    p->noffers = noffers;
    p->maxagree = maxagree;
    /* Lagrange on the binding side of the other utility's range: the
     * first path is the tilted package, near that range with the best x,
     * and the bound is about as strong as the LP's on that row */
    db.x = x;
    db.y = WW_UB + WW_US - x;
    db.nu = multiplier(p, x, box.lo[db.y], box.hi[db.y]);
    db.nu_side = db.nu > 0   ? db.nu * box.lo[db.y]
                 : db.nu < 0 ? db.nu * box.hi[db.y]
                             : 0.0;
    dive_fill(p, &db, gain);
    tilted_order(p, &db, ord, k, k + widest);
    p->db = &db;
    p->agree = agree;
    p->custom = ord;
    p->budget = budget;
    p->weigh = 1; /* a budget of time: interactions cost as nodes do */
    dive_ctx v = {p->n, 0, x, out};
    int rc = walk(q, p, &box, BY_CUSTOM, keep_dive, &v);
    *complete = rc == 0;
    p->offers = NULL;
    p->noffers = 0;
    p->agree = NULL;
    p->custom = NULL;
    p->db = NULL;
    p->budget = 0;
    p->weigh = 0;
    free(block);
    return v.found;
}
