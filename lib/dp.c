/* dp.c — exact Pareto frontier by Pareto-merge dynamic programming.
 *
 * Terms joined by a product interaction or a linear constraint form a unit
 * (union-find); a unit's options are its feasible joint levels.  Boolean
 * conditions (WHEN interactions, forbids) inside one unit are applied while
 * enumerating it; those spanning several units stay "open" from their first
 * unit to their last, and the DP carries one bit per open condition ("all
 * its terms so far sit in its level sets") as state.  Units are folded one
 * by one in an order that keeps few conditions open: for every state, the
 * partial frontier of sums (U_b, U_s) is shifted by each option, the
 * shifted lists are merged and dominated sums dropped (Nemhauser-Ullmann);
 * a condition's bonus is added, or the sum dropped for a forbid, where it
 * closes.  Options of one unit with the same condition signature act alike
 * on the state, so only their Pareto set is kept.  Back-pointers per stage
 * rebuild one package per point; every package is re-evaluated exactly at
 * the end and the shared frontier semantics (TOL) applied.
 *
 * The plan (units, conditions, stage order) is dp_plan.c's; the TOL filter
 * is pareto_tol.c's.  This file runs the stages. */
#include "dp.h"
#include "dp_internal.h"
#include "merge_sort.h"
#include "solver_internal.h" /* ww__now */

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* Partial sums within MERGE_EPS on both sides are one point during the
 * merge: far below TOL, so the drift over all stages stays negligible, but
 * it absorbs the rounding noise between equal sums added in other orders.
 * Not where the sums are exact (dp_ctx.exact): there no noise arises, and
 * merging two sums 1e-9 apart can change the TOL filter's clusters (one
 * point per cluster, the first kept in s order: of A, C and D, with C
 * within TOL of A and D just beyond it, C 7e-10 from D, the filter keeps A
 * and D; merged into C, only A — a zero-sum space of 10^7 packages lost a
 * point that way), so only exact duplicates and dominated sums go. */
#define MERGE_EPS 1e-9
/* Reservation pruning keeps partial sums this much below the floor too
 * (summation order differs from ww__utilities). */
#define PRUNE_SLACK 1e-7

/* Inlined at every call: merge_shift with its run's kind a constant (a
 * node list or an option array), as fast as a loop over either; and the
 * small helpers of every stage, which the compiler's size heuristics
 * otherwise leave out of line as the file changes. */
#define DP_INLINE WW__ALWAYS_INLINE

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */

void ww__pareto_free(ww__pareto *p)
{
    if (!p)
        return;
    if (!p->borrowed)
        free(p->buyer); /* the one block of all three arrays */
    p->buyer = p->seller = NULL;
    p->packages = NULL;
    p->n = 0;
}

/* The admissibility floors under the options ([WW_BUYER], [WW_SELLER]). */
typedef struct floors {
    int has[2];
    double v[2];
} floors;

/* Partial sums kept over all stages (32 bytes each with back-pointers):
 * beyond it the frontier itself is huge (a zero-sum model has a point per
 * package) and the DP gives way (WW_TOO_LARGE) to the MIP loop, which
 * returns points as it goes. */
#define DP_MAX_NODES 2000000
/* ... unless the plan bounds every stage's lists (one sum per combination
 * of the units' options so far) so that all of them together stay under
 * this many, and the run may grow (may_grow): then it cannot fail on size
 * after the work, and a dense frontier of up to ten million points (a
 * zero-sum space of 10^7 packages: every package a point) takes seconds
 * here where the MIP loop finds a point every ~20 us.  About 100 bytes a
 * sum at the peak (the 10^7 model: 1.1e7 sums, 1.05 GB), 2.4 GB at most;
 * where memory runs out first the run gives way (frontier_run). */
#define DP_MAX_NODES_BOUNDED 25000000
/* A one-state stage of at most this many sums keeps its merged list for
 * the back-pointers (96 KiB) instead of copying them out. */
#define KEEP_STAGE 4096

/* 1 when a sum (b, s) met after (lastb, lasts) in s-descending order is
 * kept: better on b, and not within eps (0 or MERGE_EPS) of it on both
 * sides. */
static inline int eps_improves(double eps, double lastb, double lasts,
                               double b, double s)
{
    return b > lastb && !(lasts - s <= eps && b - lastb <= eps);
}

/* ------------------------------------------------------------------ */
/* Units' options                                                      */

/* A partial sum: parent = index in the previous stage, choice = option. */
typedef struct dp_node {
    double b, s;
    int parent, choice;
} dp_node;

typedef struct dp_ctx {
    dp_arena ar;              /* owns every array of the run              */
    const ww_model *m;
    const ww_options *o;
    /* The two objectives the DP maximizes as a map of (U_b, U_s): the
     * identity for the frontier, (-U_p, 0) for the smallest U_p. */
    double map[2][2];
    dp_plan p;
    double t0, deadline;
    int stopped;
    double work, next_clock;  /* work done; when to read the clock next  */
    double next_report;       /* when to call the progress callback next */
    int clocked;              /* a deadline or a progress callback: the
                                 clock is read as work is done            */
    dp_unit *u;
    int *pkg;                 /* scratch package                          */
    /* Back-pointers per stage: a small one-state stage keeps its merged
     * list (kept[i]: parent and choice in its nodes), the others copy them
     * into bp_parent[i] and bp_choice[i] (kept[i] NULL). */
    dp_node **kept;
    int **bp_parent, **bp_choice;
    dp_node *L, *N, *A, *B;   /* stage lists, merge buffers               */
    int L_kept;               /* 1: L is kept[] of its stage, not scratch */
    size_t capL, capN, capA, capB;
    int *loff, *noff;         /* state -> list offsets in L / N           */
    size_t nodes;             /* partial sums kept so far, all stages     */
    int bounded;              /* 1: the run may grow to its plan's bound
                                 (may_grow), 0: not; -1: not asked yet   */
    double max_pairs;         /* candidate sums allowed (0: no budget)    */
    double pairs;             /* candidate sums formed so far             */
    int product;              /* 1: L[i].parent is a combination (product) */
    int exact;                /* 1: L's sums are ww__utilities' (see
                                 set_exact)                               */
    double eps;               /* merges: 0 when exact, else MERGE_EPS     */
    int one;                  /* 1: no list; the frontier is a range of
                                 unit 0's options (see run)               */
    ww__dp_keep keep;         /* NULL: the TOL filter (see dp.h)          */
    void *keep_ctx;
    const ww__dp_bound *bound; /* NULL: no pruning by the key (dp.h)      */
    double *hull;             /* (U + 1) x WW__DP_HULL: hull_build's      */
    double *mag;              /* U + 1: their magnitudes, for the slack   */
    int hull_built;           /* 1: hull_build ran (hull NULL: no bound)  */
    double kmin;              /* hull_build's: sums whose key bound is
                                 below go                                 */
    double lo[2];             /* the ideal's lower bound: the highest U_b,
                                 U_s of an admissible package found       */
    double kimp;              /* joint with ref: the best J found better
                                 for both, minus TOL (-HUGE_VAL: none)    */
    double *jsuf;             /* joint: U + 1, the most J units i.. and
                                 the conditions not open before add       */
    const floors *fl;         /* the run's floors (fold's)                */
    const int *apart;         /* napart packages (n levels each) whose
                                 levels no option may take (meso's
                                 distance n; ww__dp_prepare_apart)       */
    int napart;
} dp_ctx;

static void map_apply(const dp_ctx *c, double b, double s, double *ob,
                      double *os)
{
    *ob = c->map[0][0] * b + c->map[0][1] * s;
    *os = c->map[1][0] * b + c->map[1][1] * s;
}

/* Units of work (options enumerated, partial sums merged) between two
 * reads of the clock: a read costs as much as a few dozen merge steps, and
 * most runs under a time limit finish before the first one. */
#define CLOCK_EVERY 4096.0

static int progress_stop(dp_ctx *c, int points)
{
    if (!c->o->progress)
        return 0;
    ww_progress pr = {points, 0, ww__now() - c->t0};
    if (c->o->progress(&pr, c->o->progress_data))
        c->stopped = 1;
    return c->stopped;
}

/* out_of_time's clock read, out of line: the merges inline the rest.
 * Within a stage it calls the progress callback every
 * WW__PROGRESS_EVERY: a large run's last stages and its decoding take up
 * to a second each, where a stop (Ctrl-C) waited for the stage's end. */
__attribute__((noinline)) static int clock_read(dp_ctx *c)
{
    c->next_clock = c->work + CLOCK_EVERY;
    double now = ww__now();
    if (now >= c->deadline)
        c->stopped = 1;
    else if (c->o->progress && now >= c->next_report) {
        c->next_report = now + WW__PROGRESS_EVERY;
        progress_stop(c, 0);
    }
    return c->stopped;
}

/* 1 when the deadline has passed or the progress callback said stop,
 * after `work` more units of work. */
static int out_of_time(dp_ctx *c, double work)
{
    if (c->stopped)
        return 1;
    if (!c->clocked) /* no clock reads */
        return 0;
    c->work += work;
    if (c->work < c->next_clock)
        return 0;
    return clock_read(c);
}

/* Makes room for need nodes in *buf, keeping its first `keep`.  Buffers
 * live in the arena: a grown one leaves its old space there (at most as
 * much again, the growth being geometric). */
DP_INLINE int grow(dp_ctx *c, dp_node **buf, size_t *cap, size_t need,
                   size_t keep)
{
    if (need <= *cap)
        return 1;
    if (need > (size_t)INT_MAX)
        return 0; /* lists are indexed by int */
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    dp_node *nb = arena_alloc(&c->ar, nc * sizeof *nb);
    if (!nb)
        return 0;
    if (keep)
        memcpy(nb, *buf, keep * sizeof *nb);
    *buf = nb;
    *cap = nc;
    return 1;
}

/* The most partial sums a fold can keep over all its stages: a stage's
 * lists together hold at most one sum per combination of the options so
 * far (each lands in one state).  HUGE_VAL past DP_MAX_NODES_BOUNDED. */
static double bounded_nodes(const dp_ctx *c)
{
    double n = 1, total = 0;
    for (int i = 0; i < c->p.U && total <= DP_MAX_NODES_BOUNDED; i++) {
        n *= c->u[c->p.order[i]].k;
        total += n;
    }
    return total <= DP_MAX_NODES_BOUNDED ? total : HUGE_VAL;
}

/* The last stages' sums cost more than the first ones' (memory, the
 * filter, decoding): the zero-sum 10^7 model's first 1.1e6 sums took
 * 0.065 s, all 1.1e7 and the rest of the query 2.5 s, 3.8 times the
 * extrapolation; with a margin for a slower spell. */
#define GROW_PACE 6.0

/* 1 when a run may go on past DP_MAX_NODES to its plan's bound: the
 * whole frontier is wanted (with max_points the top part's runs answer a
 * few points for less), and under a deadline the rest of the bound, at
 * GROW_PACE times the pace of the sums so far, fits before it.  A run the
 * deadline stops has no points, where the top part and the MIP loop
 * return some (the query's start is the deadline less the time limit). */
static int may_grow(const dp_ctx *c, double bound)
{
    if (c->o->max_points > 0 || bound > DP_MAX_NODES_BOUNDED)
        return 0;
    if (c->deadline == HUGE_VAL)
        return 1;
    double now = ww__now(), start = c->deadline - c->o->time_limit;
    double done = c->nodes > 0 ? (double)c->nodes : 1.0;
    return now + GROW_PACE * (now - start) * (bound - done) / done <=
           c->deadline;
}

/* The run's node limit: DP_MAX_NODES, or DP_MAX_NODES_BOUNDED when the
 * run may grow to its plan's bound, found out the first time a run passes
 * DP_MAX_NODES (small runs never ask). */
static size_t node_limit(dp_ctx *c)
{
    if (c->bounded < 0)
        c->bounded = may_grow(c, bounded_nodes(c));
    return c->bounded ? DP_MAX_NODES_BOUNDED : DP_MAX_NODES;
}

static inline int over_limit(dp_ctx *c, size_t n)
{
    return n > DP_MAX_NODES && n > node_limit(c);
}

/* 1 when every condition of c on a term of unit u holds at pkg. */
static int holds_in_unit(const dp_plan *p, const ww_cond *c, int n, int u,
                         const int *pkg)
{
    for (int j = 0; j < n; j++)
        if (p->unit_of[c[j].term] == u && !ww__conds_hold(&c[j], 1, pkg))
            return 0;
    return 1;
}

typedef struct dp_opt {
    double b, s;
    long long code;
    uint64_t sig;
} dp_opt;

/* sig ascending, then s descending, b descending, code ascending. */
static inline int before_opt(const dp_opt *p, const dp_opt *q)
{
    if (p->sig != q->sig)
        return p->sig < q->sig;
    if (p->s != q->s)
        return p->s > q->s;
    if (p->b != q->b)
        return p->b > q->b;
    return p->code < q->code;
}
DEFINE_SORT(sort_opts_with, dp_opt, before_opt)
DEFINE_SORT_ALLOC(sort_opts, sort_opts_with, dp_opt)

/* Enumerates unit ui's joint levels: those its constraints and inner
 * forbids allow, with inner interactions added, reduced to the Pareto set
 * of each signature (options of one signature act alike on the state).
 * 0 on success, -1 out of memory, 1 stopped by time. */
static int unit_build(dp_ctx *c, int ui)
{
    const ww_model *m = c->m;
    const dp_plan *p = &c->p;
    dp_unit *g = &c->u[ui];
    const int *terms = p->uterms + p->uoff[ui];
    int nt = p->uoff[ui + 1] - p->uoff[ui];
    const int *xs = p->uxs + p->uxoff[ui];
    int nxs = p->uxoff[ui + 1] - p->uxoff[ui];
    long total = (long)p->joint[ui];
    dp_opt *cand = malloc((size_t)(total > 0 ? total : 1) * sizeof *cand);
    if (!cand)
        return -1;
    /* the constraints and interactions that lie inside this unit */
    int *kin = arena_alloc(&c->ar, (size_t)(m->ncons + m->ninter + 1) *
                                       sizeof *kin);
    if (!kin) {
        free(cand);
        return -1;
    }
    int nk = 0, ni;
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *k = &m->cons[i];
        int in = 1;
        if (k->kind == WW_CONSTRAINT_FORBID)
            for (int j = 0; j < k->ncond && in; j++)
                in = p->unit_of[k->conds[j].term] == ui;
        else
            in = p->unit_of[k->terms[0]] == ui; /* a unit holds all */
        if (in)
            kin[nk++] = i;
    }
    ni = nk;
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *it = &m->inter[i];
        int in = 1;
        if (it->kind == WW_INTERACTION_PRODUCT)
            in = p->unit_of[it->term_a] == ui;
        else
            for (int j = 0; j < it->ncond && in; j++)
                in = p->unit_of[it->conds[j].term] == ui;
        if (in)
            kin[ni++] = i;
    }
    int *pkg = c->pkg;
    for (int j = 0; j < nt; j++)
        pkg[terms[j]] = 0;
    int n = 0;
    for (long code = 0; code < total; code++) {
        if ((code & 4095) == 4095 && out_of_time(c, 4096)) {
            free(cand);
            return 1;
        }
        int feasible = 1;
        for (int a = 0; a < c->napart && feasible; a++) {
            const int *x = c->apart + (size_t)a * (size_t)m->nterms;
            for (int j = 0; j < nt && feasible; j++)
                feasible = pkg[terms[j]] != x[terms[j]];
        }
        for (int i = 0; i < nk && feasible; i++)
            feasible = !ww__breaks(m, &m->cons[kin[i]], pkg);
        if (feasible) {
            double u[2] = {0.0, 0.0};
            for (int j = 0; j < nt; j++) {
                const ww_level *lv = &m->terms[terms[j]].levels[pkg[terms[j]]];
                u[WW_BUYER] += lv->buyer;
                u[WW_SELLER] += lv->seller;
            }
            for (int i = nk; i < ni; i++)
                ww__interaction_add(m, &m->inter[kin[i]], pkg, u);
            uint64_t sig = 0;
            for (int j = 0; j < nxs; j++) {
                int cn;
                const ww_cond *cc = cond_list(m, p->xsrc[xs[j]], &cn);
                if (holds_in_unit(p, cc, cn, ui, pkg))
                    sig |= (uint64_t)1 << j;
            }
            double ob, os;
            map_apply(c, u[WW_BUYER], u[WW_SELLER], &ob, &os);
            cand[n++] = (dp_opt){ob, os, code, sig};
        }
        for (int j = 0; j < nt; j++) { /* odometer */
            int t = terms[j];
            if (++pkg[t] < m->terms[t].nlevels)
                break;
            pkg[t] = 0;
        }
    }
    if (sort_opts(cand, (size_t)n) < 0) { /* often in order already */
        free(cand);
        return -1;
    }
    int k = 0, nseg = 0;
    for (int i = 0; i < n; i++) {
        int fresh = k == 0 || cand[k - 1].sig != cand[i].sig;
        if (fresh || eps_improves(c->eps, cand[k - 1].b, cand[k - 1].s,
                                  cand[i].b, cand[i].s)) {
            nseg += fresh;
            cand[k++] = cand[i];
        }
    }
    g->k = k;
    size_t kk = (size_t)(k > 0 ? k : 1);
    g->b = arena_alloc(&c->ar, kk * sizeof *g->b);
    g->s = arena_alloc(&c->ar, kk * sizeof *g->s);
    g->sig = arena_alloc(&c->ar, kk * sizeof *g->sig);
    g->seg = arena_alloc(&c->ar, (size_t)(nseg + 1) * sizeof *g->seg);
    g->lv = arena_alloc(&c->ar, kk * (size_t)(nt ? nt : 1) * sizeof *g->lv);
    if (!g->b || !g->s || !g->sig || !g->seg || !g->lv) {
        free(cand);
        return -1;
    }
    g->maxb = -HUGE_VAL;
    g->maxs = -HUGE_VAL;
    g->nseg = 0;
    for (int i = 0; i < k; i++) {
        if (i == 0 || cand[i].sig != cand[i - 1].sig)
            g->seg[g->nseg++] = i;
        g->b[i] = cand[i].b;
        g->s[i] = cand[i].s;
        g->sig[i] = cand[i].sig;
        g->maxb = g->maxb > cand[i].b ? g->maxb : cand[i].b;
        g->maxs = g->maxs > cand[i].s ? g->maxs : cand[i].s;
        long long code = cand[i].code;
        for (int j = 0; j < nt; j++) {
            int nlv = m->terms[terms[j]].nlevels;
            g->lv[(size_t)i * (size_t)nt + (size_t)j] = (int)(code % nlv);
            code /= nlv;
        }
    }
    g->seg[g->nseg] = k;
    g->spread = g->nseg == 1 && ww__dp_spread(g->b, g->s, k);
    free(cand);
    return 0;
}

static void unit_decode(const dp_ctx *c, int ui, int option, int *pkg)
{
    const dp_plan *p = &c->p;
    const int *terms = p->uterms + p->uoff[ui];
    int nt = p->uoff[ui + 1] - p->uoff[ui];
    const int *lv = c->u[ui].lv + (size_t)option * (size_t)nt;
    for (int j = 0; j < nt; j++)
        pkg[terms[j]] = lv[j];
}

/* A sorted list merged in shifted: element j's sums at b + j * step bytes,
 * either a list of nodes (the node element j makes has parent parent + j
 * and choice choice) or a unit's option arrays (parent parent, choice
 * choice + j: by_option). */
typedef struct dp_run {
    const char *b, *s;
    size_t step;
    int n, parent, choice;
} dp_run;

static inline double run_b(const dp_run *x, size_t step, int j)
{
    return *(const double *)(const void *)(x->b + (size_t)j * step);
}

static inline double run_s(const dp_run *x, size_t step, int j)
{
    return *(const double *)(const void *)(x->s + (size_t)j * step);
}

/* The steps of a merge of R with x shifted by (db, ds) into out, on the
 * caller's i, j (R's and x's next), n (out's size) and lastb, lasts (the
 * last sum kept): macros, so that the hot loops keep them in registers
 * (as functions on a struct they cost up to 80 instructions a query).
 * MERGE_X keeps x's sum j when it reaches limb and improves on the last
 * one kept; MERGE_ONE takes the first in s order of R[i] and x's sum j. */
#define MERGE_X()                                                           \
    do {                                                                    \
        double xb_ = run_b(x, step, j) + db, xs_ = run_s(x, step, j) + ds;  \
        if (xb_ >= limb &&                                                  \
            (n == 0 || eps_improves(eps, lastb, lasts, xb_, xs_))) {        \
            out[n++] = (dp_node){xb_, xs_, x->parent + (by_option ? 0 : j), \
                                 x->choice + (by_option ? j : 0)};          \
            lastb = xb_;                                                    \
            lasts = xs_;                                                    \
        }                                                                   \
        j++;                                                                \
    } while (0)

#define MERGE_ONE()                                                         \
    do {                                                                    \
        double xb1_ = run_b(x, step, j) + db, xs1_ = run_s(x, step, j) + ds;\
        if (R[i].s > xs1_ || (R[i].s == xs1_ && R[i].b >= xb1_)) {          \
            if (n == 0 || eps_improves(eps, lastb, lasts, R[i].b, R[i].s)) {\
                out[n++] = R[i];                                            \
                lastb = R[i].b;                                             \
                lasts = R[i].s;                                             \
            }                                                               \
            i++;                                                            \
        } else {                                                            \
            MERGE_X();                                                      \
        }                                                                   \
    } while (0)

/* Appends R's rest, R[i..nr), to out[0..n); returns the new size.  Once
 * one of it is kept, so is the rest (each of R passed eps_improves against
 * the one before it when R was built).  (A short run in practice: the
 * options come in s order, so the shifted sums run past R's end.) */
DP_INLINE int merge_rest(const dp_node *R, int i, int nr, dp_node *out,
                         int n, double lastb, double lasts, double eps)
{
    while (i < nr && n > 0 &&
           !eps_improves(eps, lastb, lasts, R[i].b, R[i].s))
        i++;
    if (i < nr) {
        memcpy(out + n, R + i, (size_t)(nr - i) * sizeof *out);
        n += nr - i;
    }
    return n;
}

/* Merges the kept list R with x shifted by (db, ds) into out, skipping
 * shifted sums below limb and dropping dominated sums; step is x->step.
 * Returns the merged size. */
DP_INLINE int merge_shift(const dp_node *R, int nr, const dp_run *x,
                          size_t step, int by_option, double db, double ds,
                          double limb, double eps, dp_node *out)
{
    int i = 0, j = 0, n = 0, nl = x->n;
    double lastb = -HUGE_VAL, lasts = HUGE_VAL;
    while (i < nr && j < nl)
        MERGE_ONE();
    n = merge_rest(R, i, nr, out, n, lastb, lasts, eps);
    while (j < nl) /* shifted sums round: each is checked */
        MERGE_X();
    return n;
}

/* Sums of each list a merge takes between two looks at the clock: a
 * merge of lists of millions took a quarter of a second. */
#define MERGE_BLOCK 65536

/* merge_shift by blocks of MERGE_BLOCK sums of each list, with a look at
 * the clock between them, for lists longer than a block (merge_shift's
 * loops carry no block bounds: most runs' lists are short); -2 when
 * out_of_time said stop. */
DP_INLINE int merge_shift_blocked(dp_ctx *c, const dp_node *R, int nr,
                                  const dp_run *x, size_t step, int by_option,
                                  double db, double ds, double limb,
                                  double eps, dp_node *out)
{
    int i = 0, j = 0, n = 0, nl = x->n;
    double lastb = -HUGE_VAL, lasts = HUGE_VAL;
    while (i < nr && j < nl) {
        int ie = nr - i > MERGE_BLOCK ? i + MERGE_BLOCK : nr;
        int je = nl - j > MERGE_BLOCK ? j + MERGE_BLOCK : nl;
        while (i < ie && j < je)
            MERGE_ONE();
        if (i < nr && j < nl && out_of_time(c, MERGE_BLOCK))
            return -2;
    }
    n = merge_rest(R, i, nr, out, n, lastb, lasts, eps);
    while (j < nl) {
        int je = nl - j > MERGE_BLOCK ? j + MERGE_BLOCK : nl;
        while (j < je)
            MERGE_X();
        if (j < nl && out_of_time(c, MERGE_BLOCK))
            return -2;
    }
    return n;
}
#undef MERGE_ONE
#undef MERGE_X

/* How many of x's first n sums, shifted by ds, reach lims (x is
 * s-descending: a prefix). */
static int cut_at(const dp_run *x, int n, double ds, double lims)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (run_s(x, x->step, mid) + ds < lims)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void ctx_free(dp_ctx *c)
{
    arena_free(&c->ar);
}

/* Builds every unit's options.  0 ok, -1 no memory, 1 stopped. */
static int build_units(dp_ctx *c)
{
    int U = c->p.U;
    c->u = arena_alloc(&c->ar, (size_t)(U ? U : 1) * sizeof *c->u);
    if (!c->u)
        return -1;
    int rc = 0;
    for (int u = 0; u < U && rc == 0; u++)
        rc = unit_build(c, u);
    return rc;
}

/* One way into the next stage: from state `from`, options of segment
 * `seg` lead to state `to` with the bonus (db, ds) of the conditions that
 * close there. */
typedef struct dp_move {
    int to, from, seg;
    double db, ds;
} dp_move;

static inline int before_move(const dp_move *p, const dp_move *q)
{
    if (p->to != q->to)
        return p->to < q->to;
    if (p->from != q->from)
        return p->from < q->from;
    return p->seg < q->seg;
}
DEFINE_SORT(sort_moves_with, dp_move, before_move)
DEFINE_SORT_ALLOC(sort_moves, sort_moves_with, dp_move)

/* Move lists up to this size come from the run's arena (most stages of
 * most models have a move or two); larger ones are malloc'ed and freed
 * after their stage. */
#define MOVES_ARENA_MAX 4096

/* The moves of stage i from every non-empty state of L; returns their
 * count in *nmoves, 0, or -1 out of memory; *heap says whether the caller
 * frees *moves. */
static int stage_moves(dp_ctx *c, int i, dp_move **moves, int *nmoves,
                       int *heap)
{
    const ww_model *m = c->m;
    const dp_plan *p = &c->p;
    int ui = p->order[i];
    const dp_unit *g = &c->u[ui];
    const int *prev = i ? p->open + p->ooff[i - 1] : NULL;
    int np = i ? p->ooff[i] - p->ooff[i - 1] : 0;
    const int *next = p->open + p->ooff[i];
    int nn = p->ooff[i + 1] - p->ooff[i];
    const int *xs = p->uxs + p->uxoff[ui];
    int nxs = p->uxoff[ui + 1] - p->uxoff[ui];
    /* the conditions in play: open before, or opening here */
    int nplay = 0, cap = np + nxs;
    int *slot_prev = arena_alloc(&c->ar, (size_t)(cap ? cap : 1) * 4 * sizeof(int));
    size_t S = (size_t)1 << np;
    size_t mbytes = (S * (size_t)(g->nseg ? g->nseg : 1)) * sizeof **moves;
    *heap = mbytes > MOVES_ARENA_MAX;
    *moves = *heap ? malloc(mbytes) : arena_alloc(&c->ar, mbytes);
    if (!slot_prev || !*moves)
        return -1;
    int *slot_local = slot_prev + cap, *slot_next = slot_local + cap;
    int *play = slot_next + cap;
    for (int a = 0; a < np; a++)
        play[nplay++] = prev[a];
    for (int j = 0; j < nxs; j++)
        if (p->xfirst[xs[j]] == i)
            play[nplay++] = xs[j];
    for (int q = 0; q < nplay; q++) {
        int x = play[q];
        slot_prev[q] = q < np ? q : -1;
        slot_local[q] = -1;
        for (int j = 0; j < nxs; j++)
            if (xs[j] == x)
                slot_local[q] = j;
        slot_next[q] = -1;
        for (int a = 0; a < nn; a++)
            if (next[a] == x)
                slot_next[q] = a;
    }
    int n = 0;
    for (size_t st = 0; st < S; st++) {
        if (c->loff[st] == c->loff[st + 1])
            continue;
        for (int sg = 0; sg < g->nseg; sg++) {
            uint64_t sig = g->sig[g->seg[sg]];
            int to = 0, dead = 0;
            double db = 0.0, ds = 0.0;
            for (int q = 0; q < nplay && !dead; q++) {
                int alive =
                    (slot_prev[q] < 0 || ((st >> slot_prev[q]) & 1)) &&
                    (slot_local[q] < 0 || ((sig >> slot_local[q]) & 1));
                if (slot_next[q] >= 0) {
                    to |= alive << slot_next[q];
                } else if (alive) { /* closes here */
                    int src = p->xsrc[play[q]];
                    if (src < 0) {
                        dead = 1; /* a forbid holds */
                    } else {
                        double ob, os;
                        map_apply(c, m->inter[src].util[WW_BUYER],
                                  m->inter[src].util[WW_SELLER], &ob, &os);
                        db += ob;
                        ds += os;
                    }
                }
            }
            if (!dead)
                (*moves)[n++] = (dp_move){to, (int)st, sg, db, ds};
        }
    }
    *nmoves = n;
    return sort_moves(*moves, (size_t)n);
}

/* Upper bounds on what the stages after i can still add: their units'
 * best options and the positive bonuses of conditions not closed by i. */
static int suffix_bounds(const dp_ctx *c, double *sufb, double *sufs)
{
    const dp_plan *p = &c->p;
    int U = p->U;
    sufb[U] = sufs[U] = 0.0;
    for (int i = U - 1; i >= 0; i--) {
        const dp_unit *g = &c->u[p->order[i]];
        sufb[i] = sufb[i + 1] + g->maxb;
        sufs[i] = sufs[i + 1] + g->maxs;
    }
    for (int x = 0; x < p->nx; x++) {
        int src = p->xsrc[x];
        if (src < 0)
            continue;
        for (int i = 0; i <= p->xlast[x]; i++) {
            double ob, os;
            map_apply(c, c->m->inter[src].util[WW_BUYER],
                      c->m->inter[src].util[WW_SELLER], &ob, &os);
            sufb[i] += fmax(0.0, ob);
            sufs[i] += fmax(0.0, os);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Pruning by the query's key (ww__dp_bound)                           */

/* Sums of a list tested before prune_by_key decides whether testing the
 * rest pays. */
#define PROBE 64

/* Direction j: w U_b + (1 - w) U_s, w from 0 (U_s) to 1 (U_b). */
static inline double hull_w(int j)
{
    return (double)j / (WW__DP_HULL - 1);
}

/* What a climb or a walk between hull packages follows: nash's or
 * kalai's key at hi (J instead where the bound is J's), or one of the
 * admissible ideal's coordinates (U_b, U_s). */
enum { GUIDE_NASH = 0, GUIDE_KALAI = 1, GUIDE_IDEAL_B = 2, GUIDE_IDEAL_S = 3 };

/* The guide's value at sums (B, S); -HUGE_VAL where a floor is missed
 * (J and the ideal's coordinates). */
static double guide_key(const dp_ctx *c, int guide, double B, double S)
{
    const ww__dp_bound *bd = c->bound;
    if (guide >= GUIDE_IDEAL_B)
        return ww__meets_floors(c->fl->has, c->fl->v, B, S)
                   ? (guide == GUIDE_IDEAL_B ? B : S)
                   : -HUGE_VAL;
    if (bd->joint)
        return ww__meets_floors(c->fl->has, c->fl->v, B, S)
                   ? ww__joint(c->m, B, S)
                   : -HUGE_VAL;
    return ww__bargain_key(guide == GUIDE_KALAI, bd->d, bd->hi, B, S);
}

/* c->pkg as an incumbent: -HUGE_VAL when the constraints forbid it or it
 * misses a floor; else its exact utilities raise c->lo, and the result is
 * a key the package reaches whatever the ideal between c->lo and hi
 * (kalai's at hi, where its ratios are lowest; -HUGE_VAL below d, where
 * they are not monotone). */
static double pkg_key(dp_ctx *c)
{
    const ww__dp_bound *bd = c->bound;
    if (ww__feasible(c->m, c->pkg) >= 0)
        return -HUGE_VAL;
    double u[2];
    ww__utilities(c->m, c->pkg, &u[WW_BUYER], &u[WW_SELLER]);
    if (!ww__meets_floors(c->fl->has, c->fl->v, u[WW_BUYER], u[WW_SELLER]))
        return -HUGE_VAL;
    if (bd->joint) { /* and evaluate's second maximum, where it qualifies */
        double j = ww__joint(c->m, u[0], u[1]);
        if (bd->ref && ww__better_for_both(bd->ref, u[0], u[1]))
            c->kimp = fmax(c->kimp, j - TOL);
        return j;
    }
    for (int p = 0; p < 2 && !bd->exact; p++)
        c->lo[p] = fmax(c->lo[p], u[p]);
    if (bd->kalai && (u[0] < bd->d[0] || u[1] < bd->d[1]))
        return -HUGE_VAL;
    return ww__bargain_key(bd->kalai, bd->d, bd->hi, u[0], u[1]);
}

/* Whether cross condition x holds for c->pkg. */
static int cross_holds(const dp_ctx *c, int x)
{
    int n;
    const ww_cond *cc = cond_list(c->m, c->p.xsrc[x], &n);
    return ww__conds_hold(cc, n, c->pkg);
}

/* Climbs from the options opt (U units, its package in c->pkg) to better
 * values of the guide (GUIDE_*) one option at a time, up to `sweeps`
 * passes over the units: a move is valued by its options' sums and the
 * cross conditions of its unit (hold: a byte per condition, for the
 * package).  Returns the exact key (pkg_key) of where it ends (-HUGE_VAL
 * when forbidden); opt and c->pkg are left there. */
static double climb(dp_ctx *c, int *opt, char *hold, int guide, int sweeps)
{
    const dp_plan *p = &c->p;
    int U = p->U, forbids = 0;
    double B = 0, S = 0;
    for (int u = 0; u < U; u++) {
        B += c->u[u].b[opt[u]];
        S += c->u[u].s[opt[u]];
    }
    for (int x = 0; x < p->nx; x++) {
        int src = p->xsrc[x];
        hold[x] = (char)cross_holds(c, x);
        if (hold[x] && src < 0)
            forbids++;
        else if (hold[x]) {
            B += c->m->inter[src].util[WW_BUYER];
            S += c->m->inter[src].util[WW_SELLER];
        }
    }
    double kb = forbids ? -HUGE_VAL
                        : guide_key(c, guide, B, S);
    for (int sweep = 0, moved = 1; moved && sweep < sweeps; sweep++) {
        moved = 0;
        for (int u = 0; u < U; u++) {
            const dp_unit *g = &c->u[u];
            const int *xs = p->uxs + p->uxoff[u];
            int nxs = p->uxoff[u + 1] - p->uxoff[u];
            int o0 = opt[u], arg = o0, af = forbids;
            double ab = B, as = S;
            for (int o = 0; o < g->k; o++) {
                if (o == o0)
                    continue;
                if (nxs) /* the conditions below read the package */
                    unit_decode(c, u, o, c->pkg);
                double nb = B - g->b[o0] + g->b[o];
                double ns = S - g->s[o0] + g->s[o];
                int nf = forbids;
                for (int j = 0; j < nxs; j++) {
                    int x = xs[j], src = p->xsrc[x];
                    int now = cross_holds(c, x);
                    if (now == hold[x])
                        continue;
                    int sg = now ? 1 : -1;
                    if (src < 0) {
                        nf += sg;
                    } else {
                        nb += sg * c->m->inter[src].util[WW_BUYER];
                        ns += sg * c->m->inter[src].util[WW_SELLER];
                    }
                }
                double k = nf ? -HUGE_VAL
                              : guide_key(c, guide, nb, ns);
                /* (from -HUGE_VAL, a forbidden start: any allowed move) */
                if (kb == -HUGE_VAL ? k > kb : k > kb + 1e-12 * fabs(kb)) {
                    kb = k;
                    arg = o;
                    ab = nb;
                    as = ns;
                    af = nf;
                }
            }
            unit_decode(c, u, arg, c->pkg);
            if (arg != o0) {
                opt[u] = arg;
                B = ab;
                S = as;
                forbids = af;
                for (int j = 0; j < nxs; j++)
                    hold[xs[j]] = (char)cross_holds(c, xs[j]);
                moved = 1;
            }
        }
    }
    return pkg_key(c); /* exact, whatever the sums' rounding */
}

/* A unit's switch from one hull package's option to the next one's: at
 * direction w the two options are worth the same. */
typedef struct dp_switch {
    double w;
    int u;
} dp_switch;

static inline int before_switch(const dp_switch *x, const dp_switch *y)
{
    return x->w < y->w;
}
DEFINE_SORT(sort_switches, dp_switch, before_switch)

/* A key some package reaches, for kmin: the best of
 *   - the packages that take each unit's best option for one of the
 *     hull's directions (the supported frontier points, the conditions
 *     between units aside),
 *   - the packages on the way from each of them to the next, switching
 *     one unit at a time in the order a turning direction would (they
 *     lie along the hull's sides, where kalai's ratios cross),
 * then improved by climb() on nash's key (smooth; kalai's optimum lies
 * near its) and kalai's own.  Under floors, where the ideal is not
 * known, two short climbs from there to the highest U_b and U_s that
 * meet them raise c->lo: the fold keeps the sums that may still reach
 * it, and kalai's bound reads it as the ideal's lower bound (the bench's
 * 30 x 10 model with limits: c->lo from (163.75, 175.25) to (188.75,
 * 182) of the ideal's (188.75, 188.75); two sweeps reach what eight do).
 * A coordinate c->lo already holds at most[] (the most any package may
 * reach) is not climbed.  -HUGE_VAL when none is feasible; at opt (U
 * ints) its options. */
static double incumbent_key(dp_ctx *c, int *opt, const double most[2])
{
    const dp_plan *p = &c->p;
    const ww__dp_bound *bd = c->bound;
    int U = p->U;
    /* the directions' options, then cur; switches, then the sort's room */
    int *dir = arena_alloc(&c->ar, (size_t)(WW__DP_HULL + 1) * (size_t)U *
                                       sizeof *dir);
    dp_switch *sw = arena_alloc(&c->ar, ((size_t)U + (size_t)U / 2 + 1) *
                                            sizeof *sw);
    char *hold = arena_alloc(&c->ar, (size_t)(p->nx ? p->nx : 1));
    if (!dir || !sw || !hold)
        return -HUGE_VAL;
    int *cur = dir + (size_t)WW__DP_HULL * (size_t)U;
    double best = -HUGE_VAL;
    if (bd->joint && !bd->ref) {
        /* best: each unit's best option for J, climbed, is J's maximum but
         * for the conditions between units and the floors; the hull only
         * when it misses the floors or the constraints */
        for (int u = 0; u < U; u++) {
            const dp_unit *g = &c->u[u];
            int arg = 0;
            for (int o = 1; o < g->k; o++)
                if (ww__joint(c->m, g->b[o], g->s[o]) >
                    ww__joint(c->m, g->b[arg], g->s[arg]))
                    arg = o;
            cur[u] = arg;
            unit_decode(c, u, arg, c->pkg);
        }
        double k = climb(c, cur, hold, GUIDE_NASH, 8); /* J's here */
        if (k > -HUGE_VAL) {
            memcpy(opt, cur, sizeof *opt * (size_t)U);
            return k;
        }
    }
    for (int j = 0; j < WW__DP_HULL; j++) {
        double w = hull_w(j);
        int *d = dir + (size_t)j * (size_t)U;
        for (int u = 0; u < U; u++) {
            const dp_unit *g = &c->u[u];
            int arg = 0;
            for (int o = 1; o < g->k; o++)
                if (w * g->b[o] + (1 - w) * g->s[o] >
                    w * g->b[arg] + (1 - w) * g->s[arg])
                    arg = o;
            d[u] = arg;
            unit_decode(c, u, arg, c->pkg);
        }
        double k = pkg_key(c);
        if (k > best) {
            best = k;
            memcpy(opt, d, sizeof *opt * (size_t)U);
        }
    }
    for (int j = 0; j + 1 < WW__DP_HULL; j++) {
        const int *a = dir + (size_t)j * (size_t)U, *z = a + U;
        int n = 0;
        double B = 0, S = 0;
        for (int u = 0; u < U; u++) {
            const dp_unit *g = &c->u[u];
            B += g->b[a[u]];
            S += g->s[a[u]];
            double db = g->b[z[u]] - g->b[a[u]], ds = g->s[z[u]] - g->s[a[u]];
            if (a[u] != z[u])
                sw[n++] = (dp_switch){db - ds != 0 ? -ds / (db - ds) : 0.5, u};
        }
        if (n < 2)
            continue; /* nothing between the two */
        sort_switches(sw, (size_t)n, sw + n);
        /* by the sums: the best key, and without the ideal known the
         * highest U_b and U_s meeting the floors (they raise c->lo) */
        double kb = -HUGE_VAL, top[2] = {-HUGE_VAL, -HUGE_VAL};
        int at[3] = {-1, -1, -1};
        for (int t = 0; t + 1 < n; t++) {
            const dp_unit *g = &c->u[sw[t].u];
            B += g->b[z[sw[t].u]] - g->b[a[sw[t].u]];
            S += g->s[z[sw[t].u]] - g->s[a[sw[t].u]];
            double k =
                guide_key(c, bd->kalai ? GUIDE_KALAI : GUIDE_NASH, B, S);
            if (k > kb) {
                kb = k;
                at[2] = t;
            }
            double u[2] = {B, S};
            for (int q = 0; q < 2 && !bd->exact; q++)
                if (u[q] > top[q] && u[q] > c->lo[q] &&
                    ww__meets_floors(c->fl->has, c->fl->v, B, S)) {
                    top[q] = u[q];
                    at[q] = t;
                }
        }
        if (kb <= best)
            at[2] = -1;
        for (int q = 0; q < 3; q++) {
            if (at[q] < 0 || (q && at[q] == at[q - 1]))
                continue;
            memcpy(cur, a, sizeof *cur * (size_t)U);
            for (int t = 0; t <= at[q]; t++)
                cur[sw[t].u] = z[sw[t].u];
            for (int u = 0; u < U; u++)
                unit_decode(c, u, cur[u], c->pkg);
            double k = pkg_key(c);
            if (k > best) {
                best = k;
                memcpy(opt, cur, sizeof *opt * (size_t)U);
            }
        }
    }
    if (best == -HUGE_VAL)
        return best;
    memcpy(cur, opt, sizeof *cur * (size_t)U);
    for (int u = 0; u < U; u++)
        unit_decode(c, u, cur[u], c->pkg);
    double k = climb(c, cur, hold, GUIDE_NASH, 8);
    if (bd->kalai)
        k = fmax(k, climb(c, cur, hold, GUIDE_KALAI, 8));
    for (int g = GUIDE_IDEAL_B;
         g <= GUIDE_IDEAL_S && !bd->exact && !bd->joint; g++) {
        int q = g - GUIDE_IDEAL_B; /* not past what no package exceeds */
        if (c->lo[q] >= most[q] - 1e-9 * (fabs(most[q]) + 1))
            continue;
        memcpy(cur, opt, sizeof *cur * (size_t)U);
        for (int u = 0; u < U; u++)
            unit_decode(c, u, cur[u], c->pkg);
        k = fmax(k, climb(c, cur, hold, g, 2));
    }
    return fmax(best, k);
}

/* The corners of the polygon {w_j x + (1 - w_j) y <= h[j], every j}, x
 * ascending (y descending): its lines' lower envelope, w ascending (the
 * first line is y <= h[0], the last x <= h[last]).  Returns their count
 * (at least 1). */
static int hull_chain(const double *h, double *vx, double *vy)
{
    int st[WW__DP_HULL], ns = 0;
    for (int j = 0; j < WW__DP_HULL; j++) {
        /* the line before goes when j meets the one before it no later */
        while (ns >= 2) {
            int a = st[ns - 2], b = st[ns - 1];
            double wa = hull_w(a), wb = hull_w(b), wj = hull_w(j);
            double xab = (h[a] * (1 - wb) - h[b] * (1 - wa)) / (wa - wb);
            double xbj = (h[b] * (1 - wj) - h[j] * (1 - wb)) / (wb - wj);
            if (!(xbj > xab))
                ns--;
            else
                break;
        }
        st[ns++] = j;
    }
    int n = 0;
    for (int t = 0; t + 1 < ns; t++) {
        int a = st[t], b = st[t + 1];
        double wa = hull_w(a), wb = hull_w(b);
        vx[n] = (h[a] * (1 - wb) - h[b] * (1 - wa)) / (wa - wb);
        vy[n] = (wa * h[b] - wb * h[a]) / (wa - wb);
        n++;
    }
    return n;
}

/* The largest key bound (ww__bargain_bound) over (pb, ps) plus a point of
 * side a of the chain vx, vy (from corner a to corner a + 1, the far
 * corner left to side a + 1; the last corner alone when a is the last):
 * at corner a, and inside where nash's product peaks or kalai's two ratios
 * cross.  The bound is quasi-concave along the chain (it rises in both
 * utilities; its upper level sets are convex), so the largest over every
 * side is its maximum there. */
static double side_bound(const dp_ctx *c, const double *vx, const double *vy,
                         int n, int a, double pb, double ps)
{
    const ww__dp_bound *bd = c->bound;
    const double *d = bd->d, *I = c->lo;
    double x0 = pb + vx[a], y0 = ps + vy[a];
    double best = ww__bargain_bound(bd->kalai, d, I, x0, y0);
    if (a + 1 == n)
        return best;
    double dx = vx[a + 1] - vx[a], dy = vy[a + 1] - vy[a], t;
    if (!bd->kalai) { /* (x0 - d0 + t dx)(y0 - d1 + t dy), concave */
        t = dx * dy < 0 ? -((x0 - d[0]) * dy + (y0 - d[1]) * dx) /
                              (2 * dx * dy)
                        : -1;
    } else { /* (x0 - d0 + t dx) / Db = (y0 - d1 + t dy) / Ds */
        double db = I[0] - d[0], ds = I[1] - d[1];
        double rb = fabs(db) <= TOL ? 0 : 1 / db;
        double rs = fabs(ds) <= TOL ? 0 : 1 / ds;
        double k0 = (fabs(db) <= TOL ? 1 : (x0 - d[0]) * rb) -
                    (fabs(ds) <= TOL ? 1 : (y0 - d[1]) * rs);
        double k1 = dx * rb - dy * rs;
        t = k1 != 0 ? -k0 / k1 : -1;
    }
    if (t > 0 && t < 1)
        best = fmax(best, ww__bargain_bound(bd->kalai, d, I, x0 + t * dx,
                                            y0 + t * dy));
    return best;
}

/* Whether the bound reaches kmin on some side of the chain: the sides
 * from *hint outward, which becomes the side that did (a list's sums
 * come U_s descending, so the side where the key peaks moves little from
 * one to the next, and a sum that stays is settled by a side or two). */
static int chain_reaches(const dp_ctx *c, const double *vx, const double *vy,
                         int n, double pb, double ps, int *hint)
{
    /* the polygon's box first: its corner bounds every side at once */
    if (ww__bargain_bound(c->bound->kalai, c->bound->d, c->lo,
                          pb + vx[n - 1], ps + vy[0]) < c->kmin)
        return 0;
    int h = *hint < n ? *hint : n - 1;
    for (int r = 0; r < n; r++) {
        for (int sgn = 0; sgn < 2; sgn++) {
            int a = sgn ? h - r : h + r;
            if ((sgn && r == 0) || a < 0 || a >= n)
                continue;
            if (side_bound(c, vx, vy, n, a, pb, ps) >= c->kmin) {
                *hint = a;
                return 1;
            }
        }
        if (h - r < 0 && h + r >= n)
            break;
    }
    return 0;
}

/* The largest x of the polygon whose chain is vx, vy (n corners) at
 * y >= ys (-HUGE_VAL: none), and with p = 1 the largest y at x >= ys. */
static double chain_most(const double *vx, const double *vy, int n, int p,
                         double ys)
{
    if (p) { /* the same walk with the axes swapped: corners reversed */
        if (vx[n - 1] < ys)
            return -HUGE_VAL;
        int a = 0;
        while (vx[a] < ys)
            a++;
        if (a == 0)
            return vy[0];
        double t = (ys - vx[a - 1]) / (vx[a] - vx[a - 1]);
        return vy[a - 1] + t * (vy[a] - vy[a - 1]);
    }
    if (vy[0] < ys)
        return -HUGE_VAL;
    int a = n - 1;
    while (vy[a] < ys)
        a--;
    if (a == n - 1)
        return vx[n - 1];
    double t = (vy[a] - ys) / (vy[a] - vy[a + 1]);
    return vx[a] + t * (vx[a + 1] - vx[a]);
}

/* The positive part of condition x's bonus in direction j (0: a forbid). */
static double bonus_up(const dp_ctx *c, int x, int j)
{
    int src = c->p.xsrc[x];
    if (src < 0)
        return 0.0;
    const double *u = c->m->inter[src].util;
    double w = hull_w(j);
    return fmax(0.0, w * u[WW_BUYER] + (1 - w) * u[WW_SELLER]);
}

/* The positive part of condition x's bonus to J (0: a forbid). */
static double bonus_joint(const dp_ctx *c, int x)
{
    int src = c->p.xsrc[x];
    if (src < 0)
        return 0.0;
    const double *u = c->m->inter[src].util;
    return fmax(0.0, ww__joint(c->m, u[WW_BUYER], u[WW_SELLER]));
}

/* c->hull[i * WW__DP_HULL + j]: the most units i.. add to direction j
 * (each its best option) with the conditions not open before unit i (the
 * positive part of their bonus); an open condition's is added by state
 * (prune_by_key).  c->mag[i]: the size of those sums, for the slack.
 * c->kmin from incumbent_key.  0 ok (c->hull NULL: no bound), -1 out of
 * memory. */
static int hull_build(dp_ctx *c)
{
    const dp_plan *p = &c->p;
    int U = p->U;
    int *opt = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *opt);
    if (!opt)
        return -1;
    for (int u = 0; u < U; u++)
        if (c->u[u].k == 0)
            return 0; /* nothing is feasible */
    double *h = arena_alloc(&c->ar, (size_t)(U + 1) * WW__DP_HULL * sizeof *h);
    c->mag = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *c->mag);
    c->jsuf = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *c->jsuf);
    if (!h || !c->mag || !c->jsuf)
        return -1;
    c->jsuf[U] = 0.0;
    for (int i = U - 1; i >= 0; i--) { /* J's exactly, where w is not a
                                           direction of the hull */
        const dp_unit *g = &c->u[p->order[i]];
        double best = -HUGE_VAL;
        for (int o = 0; o < g->k; o++)
            best = fmax(best, ww__joint(c->m, g->b[o], g->s[o]));
        c->jsuf[i] = c->jsuf[i + 1] + best;
        for (int x = 0; x < p->nx; x++)
            if (p->xfirst[x] == i)
                c->jsuf[i] += bonus_joint(c, x);
    }
    for (int j = 0; j < WW__DP_HULL; j++)
        h[(size_t)U * WW__DP_HULL + j] = 0.0;
    c->mag[U] = 0.0;
    for (int x = 0; x < p->nx; x++) { /* every bonus, for the slack */
        int src = p->xsrc[x];
        if (src >= 0)
            c->mag[U] += fabs(c->m->inter[src].util[WW_BUYER]) +
                         fabs(c->m->inter[src].util[WW_SELLER]);
    }
    for (int i = U - 1; i >= 0; i--) {
        const dp_unit *g = &c->u[p->order[i]];
        double most = 0.0;
        for (int o = 0; o < g->k; o++)
            most = fmax(most, fabs(g->b[o]) + fabs(g->s[o]));
        c->mag[i] = c->mag[i + 1] + most;
        for (int j = 0; j < WW__DP_HULL; j++) {
            double w = hull_w(j), best = -HUGE_VAL;
            for (int o = 0; o < g->k; o++)
                best = fmax(best, w * g->b[o] + (1 - w) * g->s[o]);
            h[(size_t)i * WW__DP_HULL + j] =
                h[(size_t)(i + 1) * WW__DP_HULL + j] + best;
        }
        for (int x = 0; x < p->nx; x++)
            if (p->xfirst[x] == i)
                for (int j = 0; j < WW__DP_HULL; j++)
                    h[(size_t)i * WW__DP_HULL + j] += bonus_up(c, x, j);
    }
    const ww__dp_bound *bd = c->bound;
    for (int p = 0; p < 2; p++) /* pkg_key raises them */
        c->lo[p] = bd->exact && !bd->joint ? bd->hi[p] : -HUGE_VAL;
    c->kimp = -HUGE_VAL;
    /* the most U_b and U_s any package may have: the whole polygon's
     * corners */
    const double most[2] = {h[WW__DP_HULL - 1], h[0]};
    double k = incumbent_key(c, opt, most);
    if (k == -HUGE_VAL)
        return 0;
    c->kmin = k - TOL; /* every key the tie rule may look at reaches it */
    c->hull = h;
    return 0;
}

/* Drops from list L (n sums after stage i, in state `to`) those whose
 * every completion's key is below c->kmin; returns how many stay (in
 * order).  The completions add what the units after i and the conditions
 * not yet open may (c->hull[i + 1]), and the bonuses of the open
 * conditions still alive in `to`.  Inlined into fold: out of line, as
 * the compiler left it once incumbent_key grew, it cost 4 % more
 * instructions on the 30 x 10 model with interactions. */
DP_INLINE int prune_by_key(const dp_ctx *c, int i, size_t to, dp_node *L,
                           int n)
{
    const dp_plan *p = &c->p;
    double h[WW__DP_HULL], vx[WW__DP_HULL], vy[WW__DP_HULL];
    memcpy(h, c->hull + (size_t)(i + 1) * WW__DP_HULL, sizeof h);
    const int *open = p->open + p->ooff[i];
    double jmost = c->jsuf[i + 1];
    for (int a = 0; a < p->ooff[i + 1] - p->ooff[i]; a++)
        if ((to >> a) & 1) {
            for (int j = 0; j < WW__DP_HULL; j++)
                h[j] += bonus_up(c, open[a], j);
            jmost += bonus_joint(c, open[a]);
        }
    int nv = hull_chain(h, vx, vy), hint = 0;
    double mag = c->mag[i + 1];
    const floors *fl = c->fl;
    const ww__dp_bound *bd = c->bound;
    int k = 0;
    for (int t = 0; t < n; t++) {
        /* the sums' rounding against ww__utilities', as PRUNE_SLACK */
        double slack = PRUNE_SLACK +
                       1e-12 * (fabs(L[t].b) + fabs(L[t].s) + mag);
        double pb = L[t].b + slack, ps = L[t].s + slack;
        int stays = 0;
        if (bd->joint) { /* J's best, or evaluate's box above ref */
            double j = ww__joint(c->m, pb, ps) + jmost;
            stays = j >= c->kmin ||
                    (bd->ref && j >= c->kimp &&
                     pb + chain_most(vx, vy, nv, 0,
                                     bd->ref[WW_US] - TOL - ps) >=
                         bd->ref[WW_UB] - TOL);
            if (stays)
                L[k++] = L[t];
            continue;
        }
        /* the ideal's packages, when it is not known: the highest U_b
         * with the seller's floor met, and the highest U_s (first: the
         * cheaper test) */
        for (int p = 0; p < 2 && !stays && !c->bound->exact; p++) {
            int o = 1 - p; /* the other party, whose floor binds */
            double at = fl->has[o] ? fl->v[o] - TOL - (p ? pb : ps)
                                   : -HUGE_VAL;
            stays = (p ? ps : pb) + chain_most(vx, vy, nv, p, at) >= c->lo[p];
        }
        if (!stays)
            stays = chain_reaches(c, vx, vy, nv, pb, ps, &hint);
        if (stays)
            L[k++] = L[t];
        /* a list the bound barely thins (early stages, where the polygon
         * is wide) is left as it is after a probe: testing it would cost
         * more than merging what stays */
        if (t + 1 == PROBE && t + 1 - k < PROBE / 16) {
            memmove(L + k, L + t + 1, sizeof *L * (size_t)(n - t - 1));
            return k + n - t - 1;
        }
    }
    return k;
}

/* s descending, then b descending, then the earlier option and parent. */
static inline int before_node(const dp_node *p, const dp_node *q)
{
    if (p->s != q->s)
        return p->s > q->s;
    if (p->b != q->b)
        return p->b > q->b;
    if (p->choice != q->choice)
        return p->choice < q->choice;
    return p->parent < q->parent;
}
DEFINE_SORT(sort_nodes_with, dp_node, before_node)
DEFINE_SORT_ALLOC(sort_nodes, sort_nodes_with, dp_node)

/* Sorts the sums a[0..n) and keeps their eps-Pareto front in place;
 * returns its size, or -1 out of memory. */
DP_INLINE int sort_front(dp_node *a, size_t n, double eps)
{
    if (sort_nodes(a, n) < 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 ||
            eps_improves(eps, a[k - 1].b, a[k - 1].s, a[i].b, a[i].s))
            a[k++] = a[i];
    return (int)k;
}

/* merge_state's other way: every shifted sum into one buffer, sorted and
 * filtered once. */
static int sort_state(dp_ctx *c, const dp_move *mv, int nm, const dp_unit *g,
                      const floors *fl, double limb, double lims,
                      size_t total, dp_node **buf, size_t *cap, int *cur)
{
    if (!grow(c, &buf[1 - *cur], &cap[1 - *cur], total ? total : 1, 0))
        return -1;
    dp_node *out = buf[1 - *cur];
    size_t n = 0;
    for (int a = 0; a < nm; a++) {
        const dp_node *L = c->L + c->loff[mv[a].from];
        int nl = c->loff[mv[a].from + 1] - c->loff[mv[a].from];
        for (int j = g->seg[mv[a].seg]; j < g->seg[mv[a].seg + 1]; j++) {
            double db = g->b[j] + mv[a].db, ds = g->s[j] + mv[a].ds;
            for (int i = 0; i < nl; i++) {
                dp_node x = {L[i].b + db, L[i].s + ds, c->loff[mv[a].from] + i,
                             j};
                if (x.b < limb || (fl->has[WW_SELLER] && x.s < lims))
                    continue;
                out[n++] = x;
            }
        }
    }
    if (out_of_time(c, (double)n))
        return -2;
    int k = sort_front(out, n, c->eps); /* e.g. one option list shifted:
                                           in order */
    if (k >= 0)
        *cur = 1 - *cur;
    return k;
}

/* merge_state from the root sum (0, 0) with no bonus (a first stage):
 * the sums are the segment's options themselves, already in before_node
 * order and eps-filtered by unit_build (any subsequence of such a list
 * is too), so the floors' cut is all that is left to do. */
static int copy_state(dp_ctx *c, const dp_move *mv, const dp_unit *g,
                      double limb, double lims, dp_node **buf, size_t *cap,
                      int *cur)
{
    int lo = g->seg[mv->seg], hi = g->seg[mv->seg + 1];
    if (!grow(c, &buf[1 - *cur], &cap[1 - *cur], (size_t)(hi - lo), 0))
        return -1;
    dp_node *out = buf[1 - *cur];
    int parent = c->loff[mv->from], n = 0;
    for (int j = lo; j < hi; j++) {
        /* the sums sort_state makes, 0.0 + (b + 0.0): -0.0 turns to 0.0 */
        double b = 0.0 + (g->b[j] + 0.0), s = 0.0 + (g->s[j] + 0.0);
        if (b >= limb && s >= lims)
            out[n++] = (dp_node){b, s, parent, j};
    }
    if (out_of_time(c, (double)(hi - lo)))
        return -2;
    *cur = 1 - *cur;
    return n;
}

/* Merges into R (buf[*cur], nr sums) move mv's sums: its options' shifts
 * of L (by_option 0: a run of L per option) or L's shifts of its options
 * (1: a run of options per sum of L).  Returns the new size, -1 out of
 * memory, -2 stopped, -3 over the node limit. */
DP_INLINE int merge_copies(dp_ctx *c, const dp_move *mv, const dp_node *L,
                           int nl, const dp_unit *g, int lo, int k,
                           int by_option, const floors *fl, double limb,
                           double lims, dp_node **buf, size_t *cap, int *cur,
                           int nr, int blocked)
{
    int from = c->loff[mv->from];
    dp_run x = by_option
                   ? (dp_run){(const char *)(g->b + lo),
                              (const char *)(g->s + lo), sizeof(double), k,
                              from, lo}
                   : (dp_run){(const char *)&L[0].b, (const char *)&L[0].s,
                              sizeof(dp_node), nl, from, 0};
    int full = x.n;
    for (int t = 0; t < (by_option ? nl : k); t++) {
        double db, ds;
        if (by_option) {
            db = L[t].b + 0.0;
            ds = L[t].s + 0.0;
            x.parent = from + t;
        } else {
            db = g->b[lo + t] + mv->db;
            ds = g->s[lo + t] + mv->ds;
            x.choice = lo + t;
        }
        x.n = full; /* x is s-descending: keep a prefix */
        if (fl->has[WW_SELLER] && (x.n = cut_at(&x, full, ds, lims)) == 0)
            continue;
        if (!grow(c, &buf[1 - *cur], &cap[1 - *cur],
                  (size_t)nr + (size_t)x.n, 0))
            return -1;
        double steps = (double)nr + (double)x.n;
        size_t step = by_option ? sizeof(double) : sizeof(dp_node);
        nr = blocked ? merge_shift_blocked(c, buf[*cur], nr, &x, step,
                                           by_option, db, ds, limb, c->eps,
                                           buf[1 - *cur])
                     : merge_shift(buf[*cur], nr, &x, step, by_option, db,
                                   ds, limb, c->eps, buf[1 - *cur]);
        if (nr < 0)
            return nr;
        *cur = 1 - *cur;
        if (out_of_time(c, steps))
            return -2;
        /* over the limit already: give way now, not after the stage's
         * other merges (a dense stage's: most of the run's time, which
         * the fallbacks then lack under a deadline) */
        if (over_limit(c, c->nodes + (size_t)nr))
            return -3;
    }
    return nr;
}

/* merge_state's merges, move by move; blocked (a constant): with looks at
 * the clock within each merge, for lists longer than a block. */
DP_INLINE int merge_moves(dp_ctx *c, const dp_move *mv, int nm,
                          const dp_unit *g, const floors *fl, double limb,
                          double lims, dp_node **buf, size_t *cap, int *cur,
                          int blocked)
{
    int nr = 0;
    for (int a = 0; a < nm && nr >= 0; a++) {
        const dp_node *L = c->L + c->loff[mv[a].from];
        int nl = c->loff[mv[a].from + 1] - c->loff[mv[a].from];
        int lo = g->seg[mv[a].seg], k = g->seg[mv[a].seg + 1] - lo;
        /* k shifted copies of L, or nl shifted copies of the options: the
         * same sums (x + y == y + x, and the shift's + 0.0 turns -0.0 to
         * 0.0 either way), in fewer merges of longer runs when nl < k.
         * Not with a bonus: (l + o) + bonus need not be l + (o + bonus). */
        if (nl < k && mv[a].db == 0.0 && mv[a].ds == 0.0)
            nr = merge_copies(c, &mv[a], L, nl, g, lo, k, 1, fl, limb, lims,
                              buf, cap, cur, nr, blocked);
        else
            nr = merge_copies(c, &mv[a], L, nl, g, lo, k, 0, fl, limb, lims,
                              buf, cap, cur, nr, blocked);
    }
    return nr;
}

/* merge_moves with the blocked merges, out of line (most runs' lists are
 * short: their merges carry no block bounds). */
__attribute__((noinline)) static int
merge_moves_blocked(dp_ctx *c, const dp_move *mv, int nm, const dp_unit *g,
                    const floors *fl, double limb, double lims,
                    dp_node **buf, size_t *cap, int *cur)
{
    return merge_moves(c, mv, nm, g, fl, limb, lims, buf, cap, cur, 1);
}

/* Merges into state `to` of the next stage everything its moves bring;
 * returns the list size in buf[*cur], -1 out of memory, -2 stopped, -4
 * over the budget of candidate sums. */
static int merge_state(dp_ctx *c, const dp_move *mv, int nm, const dp_unit *g,
                       const floors *fl, double limb, double lims,
                       dp_node **buf, size_t *cap, int *cur)
{
    /* Many options on short lists (a wide term): one sort beats a merge
     * pass per option, whose cost grows with the kept list. */
    size_t pairs = 0, total = 0;
    for (int a = 0; a < nm; a++) {
        size_t k = (size_t)(g->seg[mv[a].seg + 1] - g->seg[mv[a].seg]);
        pairs += k;
        total += k * (size_t)(c->loff[mv[a].from + 1] - c->loff[mv[a].from]);
    }
    c->pairs += (double)total;
    if (c->max_pairs > 0 && c->pairs > c->max_pairs)
        return -4; /* over the caller's budget: before the work */
    if (nm == 1 && total == pairs && pairs > 0 && mv->db == 0.0 &&
        mv->ds == 0.0 && c->L[c->loff[mv->from]].b == 0.0 &&
        c->L[c->loff[mv->from]].s == 0.0)
        return copy_state(c, mv, g, limb, lims, buf, cap, cur);
    if (pairs > 16 && total <= 2 * pairs)
        return sort_state(c, mv, nm, g, fl, limb, lims, total, buf, cap, cur);
    /* room for every sum at once (within the node limit: virtual memory,
     * touched as it fills): growing by doubling as the merges go would
     * leave a trail of touched buffers as long again (a dense stage's:
     * hundreds of MB) */
    if (total > KEEP_STAGE && !over_limit(c, total) &&
        (!grow(c, &buf[0], &cap[0], total, 0) ||
         !grow(c, &buf[1], &cap[1], total, 0)))
        return -1;
    return total > MERGE_BLOCK
               ? merge_moves_blocked(c, mv, nm, g, fl, limb, lims, buf, cap,
                                     cur)
               : merge_moves(c, mv, nm, g, fl, limb, lims, buf, cap, cur, 0);
}

/* Folds the units stage by stage; leaves the final list in c->L (returns
 * its size), or -1 out of memory, -2 stopped, -3 over the node limit, -4
 * over the run's budget of candidate sums. */
static int fold(dp_ctx *c, const floors *fl)
{
    const dp_plan *p = &c->p;
    int U = p->U;
    double *sufb = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *sufb);
    double *sufs = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *sufs);
    size_t maxS = (size_t)1 << p->maxopen;
    c->loff = arena_alloc(&c->ar, (maxS + 1) * sizeof *c->loff);
    c->noff = arena_alloc(&c->ar, (maxS + 1) * sizeof *c->noff);
    if (!sufb || !sufs || !c->loff || !c->noff || !grow(c, &c->L, &c->capL, 1, 0))
        return -1;
    suffix_bounds(c, sufb, sufs);
    c->L[0] = (dp_node){0.0, 0.0, -1, -1};
    c->loff[0] = 0;
    c->loff[1] = 1;
    int nl = 1, rc = 0;
    for (int i = 0; i < U && nl > 0 && rc == 0; i++) {
        const dp_unit *g = &c->u[p->order[i]];
        double limb = fl->has[WW_BUYER]
                          ? fl->v[WW_BUYER] - TOL - PRUNE_SLACK - sufb[i + 1]
                          : -HUGE_VAL;
        double lims = fl->has[WW_SELLER]
                          ? fl->v[WW_SELLER] - TOL - PRUNE_SLACK - sufs[i + 1]
                          : -HUGE_VAL;
        dp_move one = {0, 0, 0, 0.0, 0.0}, *mv = &one;
        int nm = g->nseg > 0, heap = 0;
        /* no condition spans units: one state, one segment, one move
         * (what stage_moves would build) */
        if (p->nx > 0 && stage_moves(c, i, &mv, &nm, &heap) < 0) {
            if (heap)
                free(mv);
            rc = -1;
            break;
        }
        size_t S2 = (size_t)1 << (p->ooff[i + 1] - p->ooff[i]);
        int total = 0, a = 0, keep = 0;
        size_t keepcap = 0;
        dp_node *kept = NULL;
        for (size_t to = 0; to < S2 && rc == 0; to++) {
            c->noff[to] = total;
            int b0 = a;
            while (a < nm && mv[a].to == (int)to)
                a++;
            if (a == b0)
                continue;
            if (out_of_time(c, 1)) {
                rc = -2;
                break;
            }
            dp_node *buf[2] = {c->A, c->B}; /* ping-pong merge buffers */
            size_t cap[2] = {c->capA, c->capB};
            int cur = 0;
            int nr = merge_state(c, mv + b0, a - b0, g, fl, limb, lims, buf,
                                 cap, &cur);
            c->A = buf[0];
            c->capA = cap[0];
            c->B = buf[1];
            c->capB = cap[1];
            if (nr < 0) {
                rc = nr;
                break;
            }
            if (c->bound && nr >= c->bound->from && i < U - 1) {
                c->fl = fl;
                /* the polygons, once a list is long enough to pay */
                if (!c->hull_built) {
                    c->hull_built = 1;
                    if (hull_build(c) < 0) {
                        rc = -1;
                        break;
                    }
                }
                if (c->hull) {
                    int before = nr;
                    nr = prune_by_key(c, i, to, buf[cur], nr);
                    if (c->bound->pruned)
                        *c->bound->pruned += before - nr;
                }
            }
            if (over_limit(c, c->nodes + (size_t)total + (size_t)nr)) {
                rc = -3;
                break;
            }
            if (S2 == 1 && (nr <= KEEP_STAGE || i == U - 1)) {
                /* the merged list becomes the stage's as it is: no copy
                 * into N, no back-pointer arrays; the buffer is the
                 * stage's now, so the next merges get another.  Always
                 * so at the last stage, whose list finish() reads whole */
                keep = 1;
                kept = buf[cur];
                keepcap = cap[cur];
                if (cur == 0) {
                    c->A = NULL;
                    c->capA = 0;
                } else {
                    c->B = NULL;
                    c->capB = 0;
                }
                total = nr;
                continue;
            }
            if (!grow(c, &c->N, &c->capN, (size_t)total + (size_t)nr + 1,
                      (size_t)total)) {
                rc = -1;
                break;
            }
            if (nr > 0) /* buf[cur] is NULL when every move was cut */
                memcpy(c->N + total, buf[cur], (size_t)nr * sizeof *c->N);
            total += nr;
        }
        if (heap)
            free(mv);
        if (rc)
            break;
        c->noff[S2] = total;
        c->nodes += (size_t)total;
        if (over_limit(c, c->nodes)) {
            rc = -3;
            break;
        }
        c->kept[i] = kept;
        if (keep) { /* L, when scratch, is left in the arena */
            c->bp_parent[i] = c->bp_choice[i] = NULL;
            c->L = kept;
            c->capL = keepcap;
            c->L_kept = 1;
        } else {
            size_t nb = (size_t)(total ? total : 1) * sizeof(int);
            c->bp_parent[i] = arena_alloc(&c->ar, nb);
            c->bp_choice[i] = arena_alloc(&c->ar, nb);
            if (!c->bp_parent[i] || !c->bp_choice[i]) {
                rc = -1;
                break;
            }
            for (int k = 0; k < total; k++) {
                c->bp_parent[i][k] = c->N[k].parent;
                c->bp_choice[i][k] = c->N[k].choice;
            }
            dp_node *t = c->L; /* the new stage becomes the current one */
            size_t tc = c->capL;
            c->L = c->N;
            c->capL = c->capN;
            c->N = c->L_kept ? NULL : t; /* a kept list stays its stage's */
            c->capN = c->L_kept ? 0 : tc;
            c->L_kept = 0;
        }
        int *to = c->loff;
        c->loff = c->noff;
        c->noff = to;
        nl = total;
        if (progress_stop(c, 0))
            rc = -2;
    }
    return rc ? rc : nl;
}

/* The package of a direct product's combination number `code` (mixed
 * radix over the units' kept options, the last unit fastest). */
DP_INLINE void product_decode(const dp_ctx *c, int code, int *pkg)
{
    int direct = c->p.U == c->m->nterms; /* unit u is term u alone */
    for (int u = c->p.U - 1; u >= 0; u--) {
        int k = c->u[u].k, option = code % k;
        if (direct)
            pkg[u] = c->u[u].lv[option];
        else
            unit_decode(c, u, option, pkg);
        code /= k;
    }
}

/* The package of node i of the last stage, through the back-pointers (or
 * the combination number product() stored). */
static void node_decode(const dp_ctx *c, int i, int *pkg)
{
    if (c->product) {
        product_decode(c, c->L[i].parent, pkg);
        return;
    }
    const dp_plan *p = &c->p;
    int direct = p->U == c->m->nterms; /* every unit is one term */
    for (int st = p->U - 1; st >= 0; st--) {
        int u = p->order[st];
        const dp_node *kept = c->kept[st];
        int choice = kept ? kept[i].choice : c->bp_choice[st][i];
        if (direct)
            pkg[p->uterms[p->uoff[u]]] = c->u[u].lv[choice];
        else
            unit_decode(c, u, choice, pkg);
        i = kept ? kept[i].parent : c->bp_parent[st][i];
    }
}

/* Combinations of options product() sums directly instead of folding:
 * below it the stages' fixed costs (back-pointers, merge buffers) outweigh
 * one sort of every sum; above it the merges win.  Callgrind, frontier,
 * the linear Genius domains, since folds without cross conditions skip
 * their move lists: up to 32 combinations product() takes 2-47 % fewer
 * instructions (Acquisition 32: 4 %), from 36 on folding takes 1-20 %
 * fewer (Grocery 36: 3 %, AirportSiteSelection 36: 7-11 %, RentalHouse
 * 40: 19-20 %, Travel 48: 5-15 %). */
#define PRODUCT_MAX 32

/* The number of combinations of the units' options when no condition spans
 * two units (the stages carry no state), or 0 when there are more than
 * PRODUCT_MAX of them or some are. */
static int product_size(const dp_plan *p, const dp_unit *u)
{
    if (p->nx > 0)
        return 0;
    long n = 1;
    for (int i = 0; i < p->U && n > 0; i++) {
        n *= u[i].k;
        if (n > PRODUCT_MAX)
            return 0;
    }
    return n > 0 ? (int)n : -1; /* -1: a unit has no option */
}

/* fold() without its merges, for a small product of options (a few Genius
 * domains' worth of them once each unit keeps its Pareto set): every
 * combination summed along an odometer, last unit fastest, then sorted and
 * filtered once as sort_state does.  Leaves the list in c->L; returns its
 * size or -1 out of memory. */
static int product(dp_ctx *c, const floors *fl, int n)
{
    const dp_plan *p = &c->p;
    int U = p->U;
    if (n <= 0)
        return 0;
    if (!grow(c, &c->L, &c->capL, (size_t)n, 0))
        return -1;
    int *at = arena_alloc(&c->ar, (size_t)(U + 1) * sizeof *at);
    double *pb = arena_alloc(&c->ar, (size_t)(U + 1) * 2 * sizeof *pb);
    if (!at || !pb)
        return -1;
    double *ps = pb + U + 1; /* prefix sums up to each unit */
    double limb = fl->has[WW_BUYER] ? fl->v[WW_BUYER] - TOL - PRUNE_SLACK
                                    : -HUGE_VAL;
    double lims = fl->has[WW_SELLER] ? fl->v[WW_SELLER] - TOL - PRUNE_SLACK
                                     : -HUGE_VAL;
    pb[0] = ps[0] = 0.0;
    for (int u = 0; u < U; u++) {
        at[u] = 0;
        pb[u + 1] = pb[u] + c->u[u].b[0];
        ps[u + 1] = ps[u] + c->u[u].s[0];
    }
    size_t k = 0;
    if (U == 0 && 0.0 >= limb && 0.0 >= lims) /* no term: the empty package */
        c->L[k++] = (dp_node){0.0, 0.0, 0, 0};
    /* the last unit's options in a tight loop after each prefix of the
     * others (an odometer, the last of them fastest): the same sums,
     * pb[U - 1] + b, in the same code order */
    const dp_unit *g = U ? &c->u[U - 1] : NULL;
    for (int code = 0; g; code += g->k) {
        double b0 = pb[U - 1], s0 = ps[U - 1];
        for (int j = 0; j < g->k; j++) {
            double b = b0 + g->b[j], s = s0 + g->s[j];
            if (b >= limb && s >= lims)
                c->L[k++] = (dp_node){b, s, code + j, 0};
        }
        int u = U - 2;
        while (u >= 0 && ++at[u] == c->u[u].k)
            at[u--] = 0;
        if (u < 0)
            break;
        for (int v = u; v < U - 1; v++) {
            pb[v + 1] = pb[v] + c->u[v].b[at[v]];
            ps[v + 1] = ps[v] + c->u[v].s[at[v]];
        }
    }
    c->product = 1;
    return sort_front(c->L, k, c->eps);
}

/* decode_points' step for stage st, points i0..i1 (one-term units). */
DP_INLINE void decode_stage(const dp_ctx *c, int st, ww__dp_pt *pts, int i0,
                            int i1, int *pk, size_t nt)
{
    const dp_plan *p = &c->p;
    int u = p->order[st];
    int *dst = pk + p->uterms[p->uoff[u]];
    const int *lv = c->u[u].lv;
    const dp_node *kept = c->kept[st];
    if (kept) {
        for (int i = i0; i < i1; i++) {
            const dp_node *x = &kept[pts[i].key];
            dst[(size_t)i * nt] = lv[x->choice];
            pts[i].key = x->parent;
        }
        return;
    }
    const int *choice = c->bp_choice[st], *parent = c->bp_parent[st];
    for (int i = i0; i < i1; i++) {
        int j = (int)pts[i].key;
        dst[(size_t)i * nt] = lv[choice[j]];
        pts[i].key = parent[j];
    }
}

/* decode_stage over every stage by blocks, with a look at the clock
 * between them: a stage's pass over millions of points reads memory at
 * random (0.1 s).  1 when out_of_time said stop. */
__attribute__((noinline)) static int
decode_blocked(dp_ctx *c, ww__dp_pt *pts, int np, int *pk)
{
    for (int st = c->p.U - 1; st >= 0; st--)
        for (int i0 = 0; i0 < np; i0 += MERGE_BLOCK) {
            int i1 = np - i0 > MERGE_BLOCK ? i0 + MERGE_BLOCK : np;
            decode_stage(c, st, pts, i0, i1, pk, (size_t)c->m->nterms);
            if (i1 < np && out_of_time(c, MERGE_BLOCK))
                return 1;
        }
    return 0;
}

/* The packages of the final list's nodes pts[0..np).key into pk (nterms
 * each), consuming the keys.  One-term units of a fold are decoded stage by
 * stage for all points at once: a tight loop per stage instead of a call
 * and a walk per point (parsAgent2's 82 points: 6,300 -> 1,600
 * instructions); a product's codes in one loop.  Not inlined: inside
 * finish() its loops' code moved with finish's other paths
 * (ItexvsCypress: 70 instructions more a query when finish_one came).
 * 1 when out_of_time said stop (the packages are then partly written). */
__attribute__((noinline)) static int
decode_points(dp_ctx *c, ww__dp_pt *pts, int np, int *pk)
{
    const dp_plan *p = &c->p;
    size_t nt = (size_t)c->m->nterms;
    if (np == 0) /* (a fold emptied before its last stage set no kept[]) */
        return 0;
    if (c->product) {
        for (int i = 0; i < np; i++)
            product_decode(c, c->L[pts[i].key].parent, pk + (size_t)i * nt);
        return 0;
    }
    if (p->U != c->m->nterms) {
        for (int i = 0; i < np; i++) {
            if ((i & 4095) == 4095 && out_of_time(c, 4096))
                return 1;
            node_decode(c, (int)pts[i].key, pk + (size_t)i * nt);
        }
        return 0;
    }
    if (np > MERGE_BLOCK)
        return decode_blocked(c, pts, np, pk);
    for (int st = p->U - 1; st >= 0; st--)
        decode_stage(c, st, pts, 0, np, pk, nt);
    return 0;
}

/* Packages of the final list kept decoded between the re-evaluation and
 * the output when they fit in this many ints (else decoded twice). */
#define KEEP_DECODED (1 << 20)

/* The output's one block for np points: buyer, then seller, then the
 * packages (see dp.h); in the caller's workspace while the run has not
 * left it. */
static ww_status out_alloc(dp_ctx *c, int np, int in_work, int packages,
                           ww__pareto *out)
{
    size_t ntz = (size_t)(c->m->nterms ? c->m->nterms : 1);
    size_t npz = (size_t)(np ? np : 1);
    size_t need = npz * (2 * sizeof(double) +
                         (packages ? ntz * sizeof(int) : 0));
    int here = in_work && !c->ar.blocks && need <= c->ar.left;
    out->buyer = here ? arena_alloc(&c->ar, need) : malloc(need);
    out->borrowed = here;
    if (!out->buyer)
        return WW_NOMEM;
    out->seller = out->buyer + npz;
    out->packages = packages ? (int *)(void *)(out->seller + npz) : NULL;
    return WW_OK;
}

/* finish() for run's one-term case: unit 0's options are a spread
 * staircase, s falling and b rising, so the floors admit a range of them
 * (b's from some option on, s's up to some option), which is the
 * frontier as it is.  The values are copy_state's sums, 0.0 + (b + 0.0). */
__attribute__((noinline)) static ww_status
finish_one(dp_ctx *c, const floors *fl, int in_work, int packages,
           ww__pareto *out)
{
    const dp_unit *g = &c->u[0];
    double limb = fl->has[WW_BUYER] ? fl->v[WW_BUYER] - WW_TOLERANCE
                                    : -HUGE_VAL;
    double lims = fl->has[WW_SELLER] ? fl->v[WW_SELLER] - WW_TOLERANCE
                                     : -HUGE_VAL;
    int lo = 0, hi = g->k;
    while (lo < hi && !(0.0 + (g->b[lo] + 0.0) >= limb))
        lo++;
    while (hi > lo && !(0.0 + (g->s[hi - 1] + 0.0) >= lims))
        hi--;
    int np = hi - lo;
    if (out_alloc(c, np, in_work, packages, out) != WW_OK)
        return WW_NOMEM;
    for (int i = 0; i < np; i++) {
        out->buyer[i] = 0.0 + (g->b[lo + i] + 0.0);
        out->seller[i] = 0.0 + (g->s[lo + i] + 0.0);
    }
    if (packages)
        memcpy(out->packages, g->lv + lo, (size_t)np * sizeof(int));
    out->n = np;
    return WW_OK;
}

/* The TOL filter's stop test: a final list of millions of points takes
 * it up to a second. */
static int filter_late(void *c, double work)
{
    return out_of_time(c, work);
}

/* Re-evaluates the final list exactly, filters it (or lets c->keep
 * choose), and rebuilds the survivors' packages into out (a long list: one
 * package in memory at a time); stopped by time: complete = 0 and no
 * points. */
static ww_status finish(dp_ctx *c, int nl, const floors *fl, int in_work,
                        int packages, ww__pareto *out)
{
    const ww_model *m = c->m;
    int nt = m->nterms;
    size_t ntz = (size_t)(nt ? nt : 1);
    /* scratch from the run's arena (freed with it) */
    ww__dp_pt *pts = arena_alloc(&c->ar, (size_t)(nl ? nl : 1) * sizeof *pts);
    if (!pts)
        return WW_NOMEM;
    int exact = c->exact; /* no re-evaluation (see run) */
    int keep = !exact && (size_t)nl * ntz <= KEEP_DECODED;
    int *kept = keep ? arena_alloc(&c->ar, (size_t)(nl ? nl : 1) * ntz *
                                               sizeof *kept)
                     : NULL; /* NULL: decode the survivors below */
    if (keep && !kept)
        return WW_NOMEM;
    int np = 0;
    /* ww__meets_floors, hoisted: an absent floor admits every value */
    double limb = fl->has[WW_BUYER] ? fl->v[WW_BUYER] - WW_TOLERANCE
                                    : -HUGE_VAL;
    double lims = fl->has[WW_SELLER] ? fl->v[WW_SELLER] - WW_TOLERANCE
                                     : -HUGE_VAL;
    for (int i0 = 0; i0 < nl; i0 += 4096) { /* the clock by blocks */
        if (i0 && out_of_time(c, 4096)) {
            out->complete = 0;
            return WW_OK;
        }
        int i1 = nl - i0 > 4096 ? i0 + 4096 : nl;
        for (int i = i0; i < i1; i++) {
            double b = c->L[i].b, s = c->L[i].s;
            if (!exact) {
                int *pkg = kept ? kept + (size_t)i * ntz : c->pkg;
                node_decode(c, i, pkg);
                ww__utilities(m, pkg, &b, &s);
            }
            if (b >= limb && s >= lims)
                pts[np++] = (ww__dp_pt){b, s, i};
        }
    }
    np = c->keep ? c->keep(c->keep_ctx, pts, np)
                 : ww__dp_pareto_tol_until(pts, np, filter_late, c);
    if (np == -2) {
        out->complete = 0;
        return WW_OK;
    }
    if (np < 0 || out_alloc(c, np, in_work, packages, out) != WW_OK)
        return WW_NOMEM;
    for (int i = 0; i < np; i++) {
        out->buyer[i] = pts[i].b;
        out->seller[i] = pts[i].s;
        if (kept && packages)
            memcpy(out->packages + (size_t)i * nt,
                   kept + (size_t)pts[i].key * ntz, sizeof(int) * (size_t)nt);
    }
    if (packages && !kept && decode_points(c, pts, np, out->packages)) {
        out->complete = 0; /* its points are left unread */
        return WW_OK;
    }
    out->n = np;
    return WW_OK;
}

/* One-term units in term order (no condition spans units), no
 * interactions, the identity map: every sum in the list adds the level
 * utilities in ww__utilities' order (an option's own sum adds one level to
 * 0.0, a move without bonus adds 0.0), so it is exact: finish() re-evaluates
 * nothing, and the options and merges keep sums apart down to the last bit
 * (eps 0, see MERGE_EPS).  Set once the plan is known. */
static void set_exact(dp_ctx *c)
{
    c->exact = c->p.nx == 0 && c->p.U == c->m->nterms && c->m->ninter == 0 &&
               c->map[0][0] == 1.0 && c->map[1][1] == 1.0 &&
               c->map[0][1] == 0.0 && c->map[1][0] == 0.0;
    c->eps = c->exact ? 0.0 : MERGE_EPS;
}

/* Plans and builds the units under c->map (the clock set up first); on
 * WW_OK *stopped says whether the deadline or progress cut it short. */
static ww_status prepare(dp_ctx *c, int *stopped)
{
    const ww_model *m = c->m;
    *stopped = 0;
    const char *why = NULL;
    int supported = ww__dp_plan_build(m, &c->p, &c->ar, &why);
    if (supported < 0)
        return WW_NOMEM;
    if (!supported)
        return ww__fail(m, WW_UNSUPPORTED, "dp frontier: %s", why);
    set_exact(c); /* before the units: their options' filter uses c->eps */
    size_t npk = (size_t)(m->nterms ? m->nterms : 1) * sizeof *c->pkg;
    if (!(c->pkg = arena_alloc(&c->ar, npk)))
        return WW_NOMEM;
    memset(c->pkg, 0, npk);
    int rc = build_units(c);
    if (rc < 0)
        return WW_NOMEM;
    *stopped = rc > 0;
    return WW_OK;
}

static void clock_start(dp_ctx *c, const ww_model *m, const ww_options *o,
                        double deadline)
{
    c->m = m;
    c->o = o;
    /* the clock only for progress reports: a read costs a tenth of a tiny
     * run, and out_of_time reads it by work done */
    c->t0 = o->progress ? ww__now() : 0;
    c->next_report = c->t0 + WW__PROGRESS_EVERY;
    c->deadline = deadline > 0 ? deadline : HUGE_VAL;
    c->clocked = c->deadline < HUGE_VAL || o->progress;
    c->work = 0;
    c->next_clock = CLOCK_EVERY; /* a small run never reads it again */
}

ww_status ww__dp_prepare(const ww_model *m, double deadline,
                         ww__dp_prep **out)
{
    return ww__dp_prepare_apart(m, deadline, NULL, 0, out);
}

ww_status ww__dp_prepare_apart(const ww_model *m, double deadline,
                               const int *apart, int napart,
                               ww__dp_prep **out)
{
    *out = NULL;
    ww__dp_prep *pr = malloc(sizeof *pr);
    if (!pr)
        return ww__fail(m, WW_NOMEM, "dp: out of memory");
    ww_options o;
    ww_options_init(&o);
    dp_ctx c;
    memset(&c, 0, sizeof c);
    arena_init(&c.ar, NULL, 0); /* on the heap: it outlives this call */
    c.ar.block = ARENA_STACK / 2; /* kept per solver: small models, small */
    c.map[0][0] = c.map[1][1] = 1.0;
    c.apart = apart;
    c.napart = napart;
    clock_start(&c, m, &o, deadline);
    int stopped;
    ww_status st = prepare(&c, &stopped);
    if (st != WW_OK || stopped) {
        ctx_free(&c);
        free(pr);
        return st == WW_NOMEM ? ww__fail(m, WW_NOMEM, "dp: out of memory")
                              : st;
    }
    pr->ar = c.ar;
    pr->p = c.p;
    pr->p.ar = &pr->ar;
    pr->u = c.u;
    *out = pr;
    return WW_OK;
}

void ww__dp_prep_free(ww__dp_prep *pr)
{
    if (!pr)
        return;
    arena_free(&pr->ar);
    free(pr);
}

/* Plans, builds the units (or takes them from pr) and folds them under
 * c->map; on WW_OK *nl is the final list's size, or -1 when stopped (time
 * or progress). */
static ww_status run(dp_ctx *c, const ww_model *m, const ww_options *o,
                     const ww__dp_prep *pr, const floors *fl,
                     double deadline, int *nl)
{
    *nl = -1;
    c->bounded = -1;
    clock_start(c, m, o, deadline);
    if (pr) {
        c->p = pr->p; /* read only: runs allocate from c->ar */
        c->u = pr->u; /* built under the identity map, as this run's */
        set_exact(c);
        size_t npk = (size_t)(m->nterms ? m->nterms : 1) * sizeof *c->pkg;
        if (!(c->pkg = arena_alloc(&c->ar, npk)))
            return WW_NOMEM;
    } else {
        int stopped;
        ww_status st = prepare(c, &stopped);
        if (st != WW_OK || stopped)
            return st;
    }
    size_t nbp = (size_t)(c->p.U ? c->p.U : 1) * sizeof(int *);
    c->bp_parent = arena_alloc(&c->ar, nbp);
    c->bp_choice = arena_alloc(&c->ar, nbp);
    c->kept = arena_alloc(&c->ar, nbp);
    if (!c->bp_parent || !c->bp_choice || !c->kept)
        return WW_NOMEM;
    /* One term whose options are a spread staircase (a wide price term):
     * the frontier is the range of them the floors admit, in their order,
     * with nothing for the TOL filter to drop, so finish_one reads it from
     * the unit, without a list or back-pointers (hence no DP_MAX_NODES).
     * Its work is counted as copy_state's. */
    c->one = c->exact && c->p.U == 1 && c->u[0].spread && !c->keep;
    int rc;
    if (c->one) {
        int k = c->u[0].k;
        c->pairs = k;
        rc = c->max_pairs > 0 && c->pairs > c->max_pairs ? -4
             : out_of_time(c, k) || progress_stop(c, 0) ? -2
                                                        : k;
    } else {
        int np = pr ? product_size(&c->p, c->u) : 0;
        rc = np ? product(c, fl, np) : fold(c, fl);
    }
    if (rc == -1)
        return WW_NOMEM;
    if (rc == -3)
        return ww__fail(m, WW_TOO_LARGE,
                        "dp frontier: over %zu Pareto-optimal partial sums "
                        "(the frontier is too large for the DP)",
                        node_limit(c));
    if (rc == -4)
        return ww__fail(m, WW_TOO_LARGE,
                        "dp frontier: over %.0f candidate partial sums (the "
                        "query's budget)", c->max_pairs);
    *nl = rc == -2 ? -1 : rc;
    return WW_OK;
}

/* ww__dp_frontier_above with its arena's first block in work (len
 * bytes); the output block goes there too when `in_work` (the caller's
 * workspace outlives the run) and the run left room for it. */
static ww_status frontier_run(const ww_model *m, const ww_options *o,
                              const ww__dp_prep *pr, double deadline,
                              double sfloor, void *work, size_t len,
                              int in_work, int packages, ww__dp_keep keep,
                              void *keep_ctx, double max_pairs,
                              const ww__dp_bound *bound, ww__pareto *out)
{
    if (!out)
        return m ? ww__fail(m, WW_MISUSE, "dp: no output") : WW_MISUSE;
    memset(out, 0, sizeof *out);
    out->complete = 1;
    if (!m)
        return WW_MISUSE;
    out->nterms = m->nterms;
    ww_options defaults;
    if (!o) {
        ww_options_init(&defaults);
        o = &defaults;
    }
    floors fl;
    ww__floors(m, o, fl.has, fl.v);
    if (sfloor > -HUGE_VAL && (!fl.has[WW_SELLER] || sfloor > fl.v[WW_SELLER])) {
        fl.has[WW_SELLER] = 1;
        fl.v[WW_SELLER] = sfloor;
    }
    dp_ctx c;
    memset(&c, 0, sizeof c);
    arena_init(&c.ar, work, len);
    c.map[0][0] = c.map[1][1] = 1.0;
    c.max_pairs = max_pairs > 0 ? max_pairs : 0;
    c.keep = keep;
    c.keep_ctx = keep_ctx;
    c.bound = keep ? bound : NULL; /* the TOL filter needs every point */
    int nl;
    ww_status st = run(&c, m, o, pr, &fl, deadline, &nl);
    if (st == WW_OK && nl < 0)
        out->complete = 0;
    else if (st == WW_OK && c.one)
        st = finish_one(&c, &fl, in_work, packages, out);
    else if (st == WW_OK)
        st = finish(&c, nl, &fl, in_work, packages, out);
    out->nodes = (double)c.nodes;
    ctx_free(&c);
    if (st == WW_NOMEM && c.bounded == 1)
        /* past DP_MAX_NODES on the plan's bound, the memory ran out first
         * (a small machine): give way as a run over the limit does, to
         * the callers' fallbacks (the top part and the MIP loop, walks) */
        return ww__fail(m, WW_TOO_LARGE,
                        "dp frontier: out of memory past %d partial sums "
                        "(the frontier is too large for the DP here)",
                        DP_MAX_NODES);
    if (st == WW_NOMEM)
        return ww__fail(m, WW_NOMEM, "dp frontier: out of memory");
    return st;
}

/* frontier_run on a stack arena; not inlined, so that a run in a
 * workspace keeps its stack frame small. */
__attribute__((noinline)) static ww_status
frontier_on_stack(const ww_model *m, const ww_options *o,
                  const ww__dp_prep *pr, double deadline, double sfloor,
                  int packages, ww__dp_keep keep, void *keep_ctx,
                  double max_pairs, const ww__dp_bound *bound,
                  ww__pareto *out)
{
    _Alignas(ARENA_ALIGN) char buf[ARENA_STACK];
    return frontier_run(m, o, pr, deadline, sfloor, buf, sizeof buf, 0,
                        packages, keep, keep_ctx, max_pairs, bound, out);
}

ww_status ww__dp_frontier_above(const ww_model *m, const ww_options *o,
                                const ww__dp_prep *pr, double deadline,
                                double sfloor, ww__pareto *out)
{
    return frontier_on_stack(m, o, pr, deadline, sfloor, 1, NULL, NULL, 0,
                             NULL, out);
}

ww_status ww__dp_frontier(const ww_model *m, const ww_options *o,
                          const ww__dp_prep *pr, double deadline,
                          ww__pareto *out)
{
    return ww__dp_frontier_above(m, o, pr, deadline, -HUGE_VAL, out);
}

ww_status ww__dp_frontier_in(const ww_model *m, const ww_options *o,
                             const ww__dp_prep *pr, double deadline,
                             double sfloor, void *work, size_t len,
                             int packages, ww__dp_keep keep, void *keep_ctx,
                             double max_pairs, const ww__dp_bound *bound,
                             ww__pareto *out)
{
    if (!work) /* no workspace: the stack's arena, the output malloc'd */
        return frontier_on_stack(m, o, pr, deadline, sfloor, packages, keep,
                                 keep_ctx, max_pairs, bound, out);
    return frontier_run(m, o, pr, deadline, sfloor, work, len, 1, packages,
                        keep, keep_ctx, max_pairs, bound, out);
}

ww_status ww__dp_extreme(const ww_model *m, int party, int sign,
                         double deadline, double *value, int *found,
                         int *complete)
{
    *found = 0;
    *complete = 1;
    ww_options o;
    ww_options_init(&o);
    o.ignore_limits = 1; /* the floors bound the true utilities, not these */
    _Alignas(ARENA_ALIGN) char buf[ARENA_STACK];
    dp_ctx c;
    memset(&c, 0, sizeof c);
    arena_init(&c.ar, buf, sizeof buf);
    c.map[0][party == WW_BUYER ? 0 : 1] = sign < 0 ? -1.0 : 1.0;
    floors none = {{0, 0}, {0.0, 0.0}}; /* the map makes floors meaningless */
    int nl;
    ww_status st = run(&c, m, &o, NULL, &none, deadline, &nl);
    if (st == WW_OK && nl < 0) {
        *complete = 0;
    } else if (st == WW_OK && nl > 0) {
        int arg = 0; /* s is 0 throughout: one node per state, take the max */
        for (int i = 1; i < nl; i++)
            if (c.L[i].b > c.L[arg].b)
                arg = i;
        node_decode(&c, arg, c.pkg);
        double u[2];
        ww__utilities(m, c.pkg, &u[WW_BUYER], &u[WW_SELLER]);
        *value = u[party];
        *found = 1;
    }
    ctx_free(&c);
    if (st == WW_NOMEM)
        return ww__fail(m, WW_NOMEM, "dp: out of memory");
    return st;
}
