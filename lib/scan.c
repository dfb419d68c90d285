/* scan.c — the enumeration path: every query but trades (nearby.c; here
 * only the diagnosis when there is none), best, meso and evaluate (band.c;
 * evaluate walks here when band.c's budget runs out) answered by
 * scanning every package once (at most WW__SCAN_MAX; nash, kalai and
 * evaluate walk the space without a table, up to WW__SCAN_WALK_MAX, and
 * so does the cause when none of their packages is admissible), with the shared
 * semantics applied literally.  Exact and simple; a second path next to
 * the MIP, and the faster one for small spaces with wide terms, where
 * GLPK's branching on one-hot rows is slow (e.g. one term of 1,001
 * levels). */
#include "solver_internal.h"
#include "dp.h" /* ww__dp_front_until */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* One query's working memory, carved from a single block: for the
 * microsecond queries of tiny spaces the allocator's cost matters. */
typedef struct table {
    long count;
    int n;
    double *ub, *us;
    unsigned char *feas, *adm;
    ww__dp_pt *pts;          /* frontier candidates                       */
    int *pkg;                /* n + 1 levels */
    void *block;             /* heap block, NULL when `local` held it     */
} table;

#define LOCAL_BYTES 4096
#define PREFIX_TERMS 64 /* running sums on the stack up to this many terms */

/* Lays the arrays out in mem (8-aligned); returns the bytes they need. */
static size_t layout(table *t, char *mem)
{
    size_t c = (size_t)t->count, at = 0;
#define CARVE(field, bytes) t->field = ww__carve(mem, &at, (bytes), 1)
    CARVE(pts, (c + 1) * sizeof(ww__dp_pt));
    CARVE(ub, c * sizeof(double));
    CARVE(us, c * sizeof(double));
    CARVE(pkg, ((size_t)t->n + 1) * sizeof(int));
    CARVE(feas, c);
    CARVE(adm, c);
#undef CARVE
    return at;
}

static void unpack(const ww_model *m, int n, long idx, int *pkg)
{
    int last = n - 1; /* what the others leave: no division */
    for (int i = 0; i < last; i++) {
        pkg[i] = (int)(idx % m->terms[i].nlevels);
        idx /= m->terms[i].nlevels;
    }
    if (last >= 0)
        pkg[last] = (int)idx;
}

/* A walk over every package once: an odometer with the last term fastest
 * and running prefix sums over terms 0..k, the same additions in the same
 * order as ww__utilities, so the same doubles, at O(1) amortized per
 * package. */
typedef struct walk {
    const ww_model *m;
    int *pkg;          /* the current package (n + 1 levels, caller's)   */
    long idx;          /* its index, term 0 fastest                       */
    long stride_last;  /* the index step of the last term                 */
    int from;          /* first term whose level changed                  */
    int prefix;        /* running sums kept (n <= PREFIX_TERMS)           */
    double pb[PREFIX_TERMS], ps[PREFIX_TERMS];
} walk;

static void walk_start(walk *w, const ww_model *m, int *pkg, long count)
{
    int n = m->nterms;
    w->m = m;
    w->pkg = pkg;
    memset(pkg, 0, sizeof(int) * ((size_t)n + 1));
    w->idx = 0;
    w->stride_last = count / m->terms[n - 1].nlevels;
    w->from = 0;
    w->prefix = n <= PREFIX_TERMS;
}

/* The current package's utilities, interactions included. */
static inline void walk_utilities(walk *w, double u[2])
{
    const ww_model *m = w->m;
    int n = m->nterms;
    if (!w->prefix) {
        ww__utilities(m, w->pkg, &u[WW_BUYER], &u[WW_SELLER]);
        return;
    }
    for (int k = w->from; k < n; k++) {
        const ww_level *lv = &m->terms[k].levels[w->pkg[k]];
        w->pb[k] = (k ? w->pb[k - 1] : 0.0) + lv->buyer;
        w->ps[k] = (k ? w->ps[k - 1] : 0.0) + lv->seller;
    }
    u[WW_BUYER] = w->pb[n - 1];
    u[WW_SELLER] = w->ps[n - 1];
    for (int x = 0; x < m->ninter; x++)
        ww__interaction_add(m, &m->inter[x], w->pkg, u);
}

/* To the next package; 0 past the last. */
static inline int walk_next(walk *w)
{
    const ww_model *m = w->m;
    int n = m->nterms, *pkg = w->pkg;
    int k = n - 1;
    while (k >= 0 && ++pkg[k] == m->terms[k].nlevels)
        pkg[k--] = 0;
    if (k < 0)
        return 0;
    w->from = k;
    if (k == n - 1) { /* index = sum level[t] * stride[t], term 0 fastest */
        w->idx += w->stride_last;
        return 1;
    }
    long idx = 0;
    for (int j = n - 1; j >= 0; j--)
        idx = idx * m->terms[j].nlevels + pkg[j];
    w->idx = idx;
    return 1;
}

/* 1 when the query's deadline has passed (checked every 65,536 packages)
 * or its progress callback (called every 2^20) said stop. */
static int walk_late(ww_query *q, long i)
{
    if ((i & 0xffff) != 0xffff)
        return 0;
    if ((i & 0xfffff) == 0xfffff && ww__progress(q))
        return 1;
    if (q->deadline && ww__now() >= q->deadline) {
        q->stopped = 1;
        return 1;
    }
    return 0;
}

/* Calls visit(ctx, index, utilities) on every feasible package, in index
 * order, reading the clock as walk_late does: 0 done, 1 stopped.  Always
 * inlined, so that each caller's visit is a direct call.  Without
 * interactions the last term's levels run in a tight loop after each
 * prefix: the same sums (the prefix's, then + the level) at about half
 * the cost of a package through walk_utilities and walk_next. */
typedef void (*walk_visit)(void *ctx, long idx, const double u[2]);

static inline __attribute__((always_inline)) int
walk_feasible(ww_query *q, int *pkg, walk_visit visit, void *ctx)
{
    const ww_model *m = q->m;
    walk w;
    walk_start(&w, m, pkg, (long)q->s->packages);
    int n = m->nterms;
    if (w.prefix && m->ninter == 0) {
        const ww_term *last = &m->terms[n - 1];
        const ww_level *lv = last->levels;
        int k = last->nlevels;
        long stride = w.stride_last;
        for (long i = 0;;) {
            for (int t = w.from; t < n - 1; t++) { /* as walk_utilities */
                const ww_level *x = &m->terms[t].levels[pkg[t]];
                w.pb[t] = (t ? w.pb[t - 1] : 0.0) + x->buyer;
                w.ps[t] = (t ? w.ps[t - 1] : 0.0) + x->seller;
            }
            double b0 = n > 1 ? w.pb[n - 2] : 0.0;
            double s0 = n > 1 ? w.ps[n - 2] : 0.0;
            long idx = w.idx;
            for (int l = 0; l < k; l++, i++, idx += stride) {
                if (walk_late(q, i))
                    return 1;
                pkg[n - 1] = l;
                double u[2] = {b0 + lv[l].buyer, s0 + lv[l].seller};
                if (m->ncons == 0 || ww__feasible(m, pkg) < 0)
                    visit(ctx, idx, u);
            }
            if (!walk_next(&w)) /* from the last level: the next prefix */
                return 0;
        }
    }
    for (long i = 0;; i++) {
        if (walk_late(q, i))
            return 1;
        double u[2];
        walk_utilities(&w, u);
        if (m->ncons == 0 || ww__feasible(m, w.pkg) < 0)
            visit(ctx, w.idx, u);
        if (!walk_next(&w))
            return 0;
    }
}

/* Every package's utilities, feasibility and admissibility, in memory from
 * `local` (LOCAL_BYTES, 8-aligned) or the heap.  0 ok, 1 stopped (deadline
 * / progress), -1 out of memory. */
static int build(ww_query *q, table *t, char *local)
{
    const ww_model *m = q->m;
    memset(t, 0, sizeof *t);
    t->n = m->nterms;
    t->count = (long)q->s->packages;
    size_t bytes = layout(t, NULL);
    char *mem = local;
    if (bytes > LOCAL_BYTES && !(mem = t->block = malloc(bytes)))
        return -1;
    layout(t, mem);
    walk w;
    walk_start(&w, m, t->pkg, t->count);
    for (long i = 0;; i++) {
        if (walk_late(q, i))
            return 1;
        double u[2];
        walk_utilities(&w, u);
        long idx = w.idx;
        t->ub[idx] = u[WW_BUYER];
        t->us[idx] = u[WW_SELLER];
        t->feas[idx] = m->ncons == 0 || ww__feasible(m, w.pkg) < 0;
        t->adm[idx] = t->feas[idx] &&
                      ww__meets_floors(q->has_floor, q->floor, u[WW_BUYER],
                                       u[WW_SELLER]);
        if (!walk_next(&w))
            break;
    }
    q->solves = 0;
    return 0;
}

/* Package idx's levels and utilities, into a result's room. */
static void put(const ww_model *m, const table *t, long idx, int *pk,
                double *u)
{
    unpack(m, t->n, idx, pk);
    u[WW_UB] = t->ub[idx];
    u[WW_US] = t->us[idx];
    u[WW_J] = ww__joint(m, t->ub[idx], t->us[idx]);
}

/* The model's own cause when nothing is admissible (shared order), from
 * the feasible packages' utilities fed one by one. */
typedef struct diagnoser {
    int hs, hb, hbud;
    double rs, rb, bf;
    long nfeas;
    double smax, bwithin;
} diagnoser;

static void diag_start(diagnoser *g, const ww_query *q)
{
    const ww_model *m = q->m;
    const ww_options *o = &q->o;
    g->hs = !o->ignore_limits && m->party[WW_SELLER].has_reservation;
    g->hb = !o->ignore_limits && m->party[WW_BUYER].has_reservation;
    g->rs = m->party[WW_SELLER].reservation;
    g->rb = m->party[WW_BUYER].reservation;
    g->bf = 0;
    g->hbud = !o->ignore_limits && ww__budget_floor(m, o, &g->bf);
    g->nfeas = 0;
    g->smax = g->bwithin = -HUGE_VAL;
}

static void diag_feasible(diagnoser *g, double ub, double us)
{
    g->nfeas++;
    g->smax = fmax(g->smax, us);
    if ((!g->hs || us >= g->rs - TOL) && (!g->hbud || us >= g->bf - TOL))
        g->bwithin = fmax(g->bwithin, ub);
}

static void diag_visit(void *g, long idx, const double u[2])
{
    (void)idx;
    diag_feasible(g, u[WW_BUYER], u[WW_SELLER]);
}

static void diag_end(const diagnoser *g, ww_result *r)
{
    if (g->nfeas == 0)
        ww__set_diag(r, WW_CAUSE_CONSTRAINTS, 0, 0);
    else if (g->hs && g->smax < g->rs - TOL)
        ww__set_diag(r, WW_CAUSE_SELLER_RESERVATION, g->smax, g->rs);
    else if (g->hbud && g->smax < g->bf - TOL)
        ww__set_diag(r, WW_CAUSE_BUDGET, g->smax, g->bf);
    else if (g->hb && g->bwithin > -HUGE_VAL && g->bwithin < g->rb - TOL)
        ww__set_diag(r, WW_CAUSE_BUYER_RESERVATION, g->bwithin, g->rb);
}

static void diagnose(ww_query *q, const table *t, ww_result *r)
{
    diagnoser g;
    diag_start(&g, q);
    for (long i = 0; i < t->count; i++)
        if (t->feas[i])
            diag_feasible(&g, t->ub[i], t->us[i]);
    diag_end(&g, r);
}

ww_status ww__scan_diagnose(ww_query *q, ww_result *r, int query_bounds)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    int *pkg = malloc(sizeof(int) * ((size_t)n + 1));
    if (!pkg)
        return ww__fail(m, WW_NOMEM, "out of memory");
    diagnoser g;
    diag_start(&g, q);
    if (!walk_feasible(q, pkg, diag_visit, &g)) {
        diag_end(&g, r);
        if (query_bounds && r->diag.cause == WW_CAUSE_NONE)
            ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
    free(pkg);
    return WW_OK;
}

static int any(const unsigned char *v, long n)
{
    for (long i = 0; i < n; i++)
        if (v[i])
            return 1;
    return 0;
}

/* The TOL filter's stop test, asked every 65,536 points or so of a
 * filter of up to a million (0.1 s): the deadline, and the progress
 * callback every WW__PROGRESS_EVERY. */
typedef struct filter_clock {
    ww_query *q;
    double next_report;
} filter_clock;

static int filter_late(void *ctx, double work)
{
    filter_clock *c = ctx;
    (void)work;
    double now = ww__now();
    if (c->q->deadline && now >= c->q->deadline) {
        c->q->stopped = 1;
        return 1;
    }
    if (c->q->o.progress && now >= c->next_report) {
        c->next_report = now + WW__PROGRESS_EVERY;
        return ww__progress(c->q);
    }
    return 0;
}

/* The frontier (U_s descending) as t->pts[0..return); -1 when out of
 * memory, -2 stopped.  The shared TOL filter of pareto_tol.c. */
static int frontier(ww_query *q, const table *t)
{
    int k = 0;
    for (long i = 0; i < t->count; i++)
        if (t->adm[i])
            t->pts[k++] = (ww__dp_pt){t->ub[i], t->us[i], i};
    filter_clock c = {q, 0}; /* the first look reports */
    return ww__dp_front_until(t->pts, k, filter_late, &c);
}

/* Nash and Kalai by walking the space, without a table, so far beyond
 * it: a first pass finds d (each party's reservation, else its lowest
 * feasible utility) and the ideal point (the highest admissible
 * utilities), a second the best key, keeping the packages within TOL of
 * the best so far; should they overflow (ties everywhere), two more passes
 * settle the ties.  The shared rule: the highest key, among those within
 * TOL of it the highest J, among those within TOL of that the highest U_s
 * (then the lowest index, as a scan in index order). */
#define CANDIDATES 256

typedef ww__tied candidate; /* idx: the package's index */

typedef struct bargainer {
    const ww_model *m;
    int kalai;
    double mn[2], d[2], ideal[2];
    int any;                  /* an admissible package exists        */
    double best, bj;          /* best key; best J among its ties     */
    candidate inc;            /* a package of the best key so far    */
    candidate arg;            /* the answer (idx < 0: none yet)      */
    candidate c[CANDIDATES];  /* within TOL of the best key so far   */
    int nc, overflow;
    int by_joint;             /* the key is J (evaluate's maxima)     */
} bargainer;

static void keep(bargainer *g, const candidate *x)
{
    if (g->overflow)
        return;
    if (g->nc == CANDIDATES) { /* drop those the best has left behind */
        int k = 0;
        for (int i = 0; i < g->nc; i++)
            if (g->c[i].key >= g->best - TOL)
                g->c[k++] = g->c[i];
        g->nc = k;
        if (k > CANDIDATES / 2) {
            g->overflow = 1;
            return;
        }
    }
    g->c[g->nc++] = *x;
}

/* keep() for a key that is J itself, where a zero-sum model ties every
 * package: a package is never chosen when another has as high a J (so is
 * within TOL of the best whenever it is) and wins the tie, so only the
 * others are kept. */
static void keep_front(bargainer *g, const candidate *x)
{
    if (g->overflow)
        return;
    for (int i = 0; i < g->nc; i++)
        if (g->c[i].key >= x->key && ww__wins_tie(&g->c[i], x))
            return;
    int k = 0;
    for (int i = 0; i < g->nc; i++)
        if (g->c[i].key >= g->best - TOL &&
            !(x->key >= g->c[i].key && ww__wins_tie(x, &g->c[i])))
            g->c[k++] = g->c[i];
    g->nc = k;
    if (k == CANDIDATES) {
        g->overflow = 1;
        return;
    }
    g->c[g->nc++] = *x;
}

/* Pass 3 of the rule, on one package of the best key's ties. */
static void settle(bargainer *g, const candidate *x)
{
    if (ww__joint(g->m, x->ub, x->us) >= g->bj - TOL &&
        (g->arg.idx < 0 || ww__wins_tie(x, &g->arg)))
        g->arg = *x;
}

static void bargainer_init(bargainer *g, const ww_model *m, int kalai)
{
    g->m = m; /* its candidates are written before they are read */
    g->kalai = kalai;
    g->mn[0] = g->mn[1] = HUGE_VAL;
    g->ideal[0] = g->ideal[1] = -HUGE_VAL;
    g->any = 0;
    g->best = g->bj = -HUGE_VAL;
    g->inc.idx = g->arg.idx = -1;
    g->nc = g->overflow = 0;
    g->by_joint = 0;
}

/* Passes 1 to 3 of the rule on an admissible package with its key. */
static void consider(bargainer *g, int pass, const candidate *x)
{
    if (pass == 1) {
        if (x->key > g->best) {
            g->best = x->key;
            g->inc = *x;
        }
        if (x->key >= g->best - TOL) {
            if (g->by_joint)
                keep_front(g, x);
            else
                keep(g, x);
        }
    } else if (x->key >= g->best - TOL) {
        if (pass == 2)
            g->bj = fmax(g->bj, ww__joint(g->m, x->ub, x->us));
        else
            settle(g, x);
    }
}

static ww__tied candidate_at(const void *ctx, int i)
{
    return ((const candidate *)ctx)[i];
}

/* After pass 1: passes 2 and 3 on the kept ties, when they did not
 * overflow (else the caller walks them). */
static void settle_kept(bargainer *g)
{
    if (g->overflow)
        return;
    int arg = ww__settle_ties(g->m, g->nc, g->best, candidate_at, g->c);
    if (arg >= 0)
        g->arg = g->c[arg];
}

/* A pass's state: the query, its trackers (nash and kalai: g[0]; evaluate:
 * both) and the pass, with evaluate's reference utilities. */
typedef struct pass_ctx {
    ww_query *q;
    bargainer *g;
    int pass;
    const double *pu;
} pass_ctx;

/* Nash and kalai's pass on one feasible package: 0 d and ideal, 1 the
 * best key (and its ties), 2 their best J, 3 the answer. */
static void bargain_visit(void *ctx, long idx, const double u[2])
{
    pass_ctx *c = ctx;
    ww_query *q = c->q;
    bargainer *g = c->g;
    int adm = ww__meets_floors(q->has_floor, q->floor, u[WW_BUYER],
                               u[WW_SELLER]);
    candidate x = {idx, u[WW_BUYER], u[WW_SELLER], 0.0};
    if (c->pass == 0) {
        /* ternaries, not libm's fmin / fmax calls: the walk's sums are
         * never NaN, nor -0.0 (each starts from 0.0 + a level) */
        g->mn[0] = x.ub < g->mn[0] ? x.ub : g->mn[0];
        g->mn[1] = x.us < g->mn[1] ? x.us : g->mn[1];
        if (adm) {
            g->any = 1;
            g->ideal[0] = x.ub > g->ideal[0] ? x.ub : g->ideal[0];
            g->ideal[1] = x.us > g->ideal[1] ? x.us : g->ideal[1];
        }
    } else if (adm && (x.key = ww__bargain_key(g->kalai, g->d, g->ideal,
                                               x.ub, x.us)) > -HUGE_VAL) {
        consider(g, c->pass, &x);
    }
}

/* One pass over the space (bargain_visit); 0 done, 1 stopped. */
static int bargain_pass(ww_query *q, bargainer *g, int pass, int *pkg)
{
    pass_ctx c = {q, g, pass, NULL};
    return walk_feasible(q, pkg, bargain_visit, &c);
}

/* 0 answered (or stopped: *oc), 1 nothing admissible, -1 out of memory. */
static int bargain_walk(ww_query *q, int kalai, ww_result *r, ww_outcome *oc)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    int local[PREFIX_TERMS + 1];
    int *pkg = n <= PREFIX_TERMS ? local : malloc(sizeof(int) * ((size_t)n + 1));
    if (!pkg)
        return -1;
    bargainer g;
    bargainer_init(&g, m, kalai);
    *oc = WW_OUTCOME_TIME_LIMIT;
    int rc = 0;
    if (bargain_pass(q, &g, 0, pkg))
        goto out;
    if (!g.any) {
        rc = 1;
        goto out;
    }
    for (int p = 0; p < 2; p++)
        g.d[p] = !q->o.ignore_limits && m->party[p].has_reservation
                     ? m->party[p].reservation : g.mn[p];
    r->has_anchors = 1;
    memcpy(r->d, g.d, sizeof g.d);
    memcpy(r->ideal, g.ideal, sizeof g.ideal);
    int stopped = bargain_pass(q, &g, 1, pkg);
    if (!stopped)
        settle_kept(&g);
    if (!stopped && g.overflow)
        stopped = bargain_pass(q, &g, 2, pkg) || bargain_pass(q, &g, 3, pkg);
    const candidate *x = stopped ? &g.inc : &g.arg;
    if (!stopped)
        *oc = WW_OUTCOME_OPTIMAL;
    if (x->idx >= 0) { /* none only when stopped early */
        double u[3] = {x->ub, x->us, ww__joint(m, x->ub, x->us)};
        unpack(m, n, x->idx, pkg);
        if (ww__result_add(r, pkg, u) != WW_OK)
            rc = -1;
    }
out:
    if (pkg != local)
        free(pkg);
    return rc;
}

/* Evaluate's two maxima in one walk (more passes only when ties
 * overflow): the best admissible package and the best one better for both
 * than the reference (within TOL on both sides, beyond it on one), each
 * by the rule above with J for key: the highest J, among those within TOL
 * of it the highest U_s, then the lowest index.  g[1] sees only the
 * packages better for both; passes 2 and 3 only the trackers whose ties
 * overflowed. */
static void evaluate_visit(void *ctx, long idx, const double u[2])
{
    pass_ctx *c = ctx;
    ww_query *q = c->q;
    bargainer *g = c->g;
    const double *pu = c->pu;
    int pass = c->pass;
    if (!ww__meets_floors(q->has_floor, q->floor, u[WW_BUYER], u[WW_SELLER]))
        return;
    candidate x = {idx, u[WW_BUYER], u[WW_SELLER],
                   ww__joint(q->m, u[WW_BUYER], u[WW_SELLER])};
    if (pass == 1 || g[0].overflow)
        consider(&g[0], pass, &x);
    if ((pass == 1 || g[1].overflow) && ww__better_for_both(pu, x.ub, x.us))
        consider(&g[1], pass, &x);
}

/* One pass over the space (evaluate_visit); 0 done, 1 stopped. */
static int evaluate_pass(ww_query *q, bargainer g[2], int pass,
                         const double pu[3], int *pkg)
{
    pass_ctx c = {q, g, pass, pu};
    return walk_feasible(q, pkg, evaluate_visit, &c);
}

/* evaluate_pass's answer into a->eval and r.  0 answered (or stopped:
 * *oc), 1 nothing admissible, -1 out of memory. */
static int evaluate_walk(ww_query *q, const ww_qargs *a, ww_result *r,
                         ww_outcome *oc)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    int *pkg = malloc(sizeof(int) * ((size_t)n + 1));
    bargainer *g = malloc(2 * sizeof *g);
    int rc = -1;
    if (!pkg || !g)
        goto out;
    bargainer_init(&g[0], m, 0);
    bargainer_init(&g[1], m, 0);
    g[0].by_joint = g[1].by_joint = 1;
    double pu[3];
    ww__util3(m, a->ref, pu);
    *oc = WW_OUTCOME_TIME_LIMIT;
    rc = 0;
    int stopped = evaluate_pass(q, g, 1, pu, pkg);
    if (!stopped && g[0].inc.idx < 0) {
        rc = 1;
        goto out;
    }
    if (!stopped) {
        settle_kept(&g[0]);
        settle_kept(&g[1]);
    }
    if (!stopped && (g[0].overflow || g[1].overflow))
        stopped = evaluate_pass(q, g, 2, pu, pkg) ||
                  evaluate_pass(q, g, 3, pu, pkg);
    if (stopped)
        goto out;
    *oc = WW_OUTCOME_OPTIMAL;
    const candidate *b = &g[0].arg, *x = &g[1].arg;
    a->eval->has_value_left = 1;
    a->eval->value_left = ww__joint(m, b->ub, b->us) - pu[WW_J];
    a->eval->has_improvement = x->idx >= 0;
    if (x->idx >= 0) {
        double u[3] = {x->ub, x->us, ww__joint(m, x->ub, x->us)};
        unpack(m, n, x->idx, pkg);
        if (ww__result_add(r, pkg, u) != WW_OK)
            rc = -1;
    }
out:
    free(g);
    free(pkg);
    return rc;
}

/* A walk found nothing admissible: why, from one more walk of the space
 * (the table's causes) while that is cheap, else from the DP or the MIPs
 * (ww__diagnose; it walks too where GLPK's tolerances fall short). */
static ww_status say_why(ww_query *q, ww_result *r, ww_outcome *oc)
{
    *oc = WW_OUTCOME_INFEASIBLE;
    ww_status st = q->s->packages > WW__SCAN_MAX ? ww__diagnose(q, r, 0)
                                                 : ww__scan_diagnose(q, r, 0);
    if (st == WW_OK && q->stopped)
        *oc = WW_OUTCOME_TIME_LIMIT;
    return st;
}

/* Nodes evaluate's branch and bound may visit per walk before a walk of
 * the space answers instead: a tenth of the packages (at least 256).
 * On a zero-sum model, where its bounds cut almost nothing, a node cost
 * 60-90 ns and a walked package 19-20 ns (10^6 and 10^7 packages), so
 * giving up costs at most about half a walk.  The one Genius domain that
 * reaches the budget is other/pie (1,001 packages on one term, all tied
 * on J): its branch and bound visited every package twice, 359,000
 * instructions against 171,000 now (bench/README.md). */
unsigned long ww__eval_budget(const ww_query *q)
{
    return (unsigned long)fmax(q->s->packages / 10, 256);
}

int ww__scan_chosen(ww_query *q, ww_qkind kind)
{
    double count = q->s->packages;
    if (q->o.path == WW_PATH_ENUM)
        return 1;
    if (q->o.path != WW_PATH_AUTO)
        return 0;
    if (kind == WW_Q_EVALUATE) /* band.c's branch and bound: microseconds
                                  where its MIPs take 0.1-0.4 ms */
        return count <= WW__SCAN_EVAL_MAX;
    if (!(count <= WW__SCAN_AUTO_MAX))
        return 0;
    int frontier = kind == WW_Q_FRONTIER || kind == WW_Q_NASH ||
                   kind == WW_Q_KALAI;
    if (frontier) { /* the DP is faster from a dozen or so packages on */
        const ww_model *m = q->m;
        double tiny = m->ninter > 0 || m->ncons > 0 ? WW__SCAN_TINY
                      : kind == WW_Q_FRONTIER       ? WW__SCAN_TINY_ADDITIVE
                                                    : WW__SCAN_TINY_BARGAIN;
        if (count <= tiny)
            return 1;
        if (count > WW__SCAN_MIP_MAX && !q->s->wide)
            return 0;
        /* else the MIP loop: milliseconds, and slow to branch on one-hot
         * rows of a wide term (> 64 levels), where the DP is a merge of
         * presorted levels (other/pie's 1,001, one term: 7x fewer
         * instructions than this) */
        return ww__dp_serves(q) == 0;
    }
    if (q->s->wide)
        return 1; /* one-hot branching on a wide term is slow */
    switch (kind) {
    case WW_Q_BEST: /* one or two MIPs of ~10-30 us */
        return count <= WW__SCAN_BEST_MAX;
    default: /* meso: milliseconds of MIPs, against bounded walks */
        return count <= WW__SCAN_MESO_MAX;
    }
}

ww_status ww__scan(ww_query *q, ww_qkind kind, const ww_qargs *a,
                   ww_result *r, ww_outcome *oc)
{
    ww_model *m = q->m;
    r->stats.path = WW_PATH_ENUM;
    int bargain = kind == WW_Q_NASH || kind == WW_Q_KALAI;
    double most = bargain || kind == WW_Q_EVALUATE ? WW__SCAN_WALK_MAX
                                                   : WW__SCAN_MAX;
    if (!(q->s->packages <= most))
        return ww__fail(m, WW_TOO_LARGE,
                        "path \"enum\": %.*g packages is more than %.0f",
                        q->s->packages < 1e15 ? 15 : 3, q->s->packages,
                        most);
    if (bargain) {
        int rc = bargain_walk(q, kind == WW_Q_KALAI, r, oc);
        if (rc < 0)
            return ww__fail(m, WW_NOMEM, "out of memory");
        if (rc == 0)
            return WW_OK;
        return say_why(q, r, oc);
    }
    if (kind == WW_Q_MESO) /* a thin band: walked, not scanned whole */
        return ww__band_meso(q, a, r, oc);
    if (kind == WW_Q_EVALUATE) { /* two maxima: branch and bound, */
        int over;
        ww_status st = ww__band_evaluate(q, a, r, oc, ww__eval_budget(q),
                                          &over);
        if (st != WW_OK || !over)
            return st;
        /* else its bounds cut too little (a zero-sum model: all packages
         * on one line), so a walk of the space answers */
        int rc = evaluate_walk(q, a, r, oc);
        if (rc < 0)
            return ww__fail(m, WW_NOMEM, "out of memory");
        if (rc == 0)
            return WW_OK;
        return say_why(q, r, oc);
    }
    if (kind == WW_Q_BEST) { /* one maximum: branch and bound */
        int over;
        return ww__band_best(q, r, oc, 0, &over);
    }
    table t;
    _Alignas(16) char local[LOCAL_BYTES];
    ww_status st = WW_OK;
    int b = build(q, &t, local);
    if (b < 0) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto done;
    }
    if (b > 0) {
        *oc = WW_OUTCOME_TIME_LIMIT;
        goto done;
    }
    *oc = WW_OUTCOME_OPTIMAL;
    int has_adm = any(t.adm, t.count);
    switch (kind) {
    case WW_Q_BEST: /* answered by band.c above */
        break;
    case WW_Q_FRONTIER: {
        long np = frontier(q, &t);
        if (np == -2) { /* stopped: no points */
            *oc = WW_OUTCOME_TIME_LIMIT;
            break;
        }
        if (np < 0) {
            st = ww__fail(m, WW_NOMEM, "out of memory");
            break;
        }
        long lim = q->o.max_points > 0 && np > q->o.max_points
                       ? q->o.max_points : np;
        int *pk;
        double *u;
        if (ww__result_append(r, (int)lim, &pk, &u) != WW_OK) {
            st = ww__fail(m, WW_NOMEM, "out of memory");
            break;
        }
        for (long i = 0; i < lim; i++) /* written in place */
            put(m, &t, (long)t.pts[i].key, pk + i * t.n, u + 3 * i);
        if (lim < np)
            *oc = WW_OUTCOME_TIME_LIMIT;
        break;
    }
    case WW_Q_NASH: /* walked above */
    case WW_Q_KALAI:
        break;
    case WW_Q_MESO: /* answered by band.c above */
        break;
    case WW_Q_TRADES: /* nearby.c finds trades; here only the diagnosis of
                         none (the model's cause, else the query's) */
        *oc = WW_OUTCOME_INFEASIBLE;
        break;
    case WW_Q_EVALUATE: /* band.c or a walk above */
        break;
    }
    if (st == WW_OK && !has_adm) {
        *oc = WW_OUTCOME_INFEASIBLE;
        diagnose(q, &t, r);
    } else if (st == WW_OK && *oc == WW_OUTCOME_INFEASIBLE) {
        ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
done:
    free(t.block);
    return st;
}
