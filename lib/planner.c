/* planner.c — which exact method answers a query.
 *
 *   enum  every package scanned once (scan.c; meso's band walked with
 *         bounds instead, band.c): spaces small enough for the query's
 *         kind (ww__scan_chosen), or a term too wide for GLPK's branching
 *         on one-hot rows;
 *   dp    Pareto merge over terms (dp.c): the frontier, and nash and kalai
 *         (its fold pruned by their key, ww__dp_bargain), whenever linear
 *         constraints and products stay inside
 *         groups of at most WW__DP_GROUP_CAP joint levels and interactions
 *         and forbids couple terms sparsely enough (few open at once) —
 *         from microseconds to milliseconds where the MIP loop needs
 *         seconds; and best and evaluate (pruned by J) within a budget
 *         of candidate sums, after their walks where those serve
 *         (ww__dp_maxima; best.c, trades.c);
 *   mip   GLPK (solver.c): everything else (large coupled groups, trades,
 *         meso, evaluate, and best elsewhere: one lexicographic solve).
 * options.path forces one of them; the answer's stats say which one ran. */
#include "solver_internal.h"
#include "dp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The size of the numbers a query compares: the largest |U_b| or |U_s| any
 * package can reach (the formulation's bounds), or half the bound of |J|
 * (a weighted sum of two of them), whichever is larger. */
static double magnitude(const ww_solver *s)
{
    const ww_model *m = s->model;
    double mb = s->range[WW_UB] / 2, ms = s->range[WW_US] / 2;
    double mj = m->party[WW_BUYER].weight * mb +
                m->party[WW_SELLER].weight * ms;
    return fmax(mj / 2, fmax(mb, ms));
}

/* 1 when GLPK can still tell apart two answers one resolution step apart
 * at this model's magnitude.  Its pruning tolerance is relative (tol_obj
 * 1e-12, solver.c), so |J| * 1e-12 must stay well below the step: half the
 * data's grid unit, or WW_TOLERANCE for real-valued data. */
int ww__mip_exact(const ww_query *q)
{
    return q->s->mip_exact;
}

void ww__plan_facts(ww_solver *s)
{
    const ww_model *m = s->model;
    double res = HUGE_VAL;
    for (int r = 0; r < 3; r++)
        res = fmin(res, s->unit[r] > 0 ? s->unit[r] / 2 : WW_TOLERANCE);
    s->magnitude = magnitude(s);
    s->mip_exact = s->magnitude * 1e-11 <= res;
    s->packages = ww_model_package_count(m);
    s->wide = 0;
    for (int i = 0; i < m->nterms; i++)
        if (m->terms[i].nlevels > 64)
            s->wide = 1;
}

/* ww__dp_supported, asked once per model revision: the answer depends on
 * the model's structure only, and building the DP's plan to find it out
 * costs about a tenth of a small model's whole DP frontier. */
static int dp_support(ww_query *q, const char **why)
{
    ww_solver *s = q->s;
    if (s->dp_support == -2 || s->dp_revision != q->m->revision) {
        s->dp_why = NULL;
        s->dp_support =
            ww__dp_supported(q->m, &q->o, &s->dp_why, &s->dp_joint);
        s->dp_revision = q->m->revision;
    }
    int r = s->dp_support;
    if (why)
        *why = s->dp_why;
    if (r < 0)
        s->dp_support = -2; /* out of memory: ask again next time */
    return r;
}

/* Chooses the method for a query whose kind is named by `kind` (dp_serves:
 * the DP can answer it; scan_max: the most packages the enum path takes
 * for it, more for nash and kalai, which walk) and rejects a forced method
 * that cannot: a double resolves WW_TOLERANCE only up to about 1e9, GLPK
 * only up to the bound of ww__mip_exact; beyond it the DP or the scan
 * answer exactly instead. */
ww_status ww__plan_check(ww_query *q, const char *kind, int dp_serves,
                         double scan_max)
{
    double mag = q->s->magnitude;
    if (!(mag <= WW__MAX_MAGNITUDE))
        return ww__fail(q->m, WW_UNSUPPORTED,
                        "utilities (times weights) reach %g: beyond %g a "
                        "double cannot resolve the %g tolerance; rescale the "
                        "model (e.g. thousands instead of units)",
                        mag, WW__MAX_MAGNITUDE, WW_TOLERANCE);
    if (!ww__mip_exact(q) && (q->o.path == WW_PATH_AUTO ||
                              q->o.path == WW_PATH_MIP)) {
        int dp = 0;
        if (q->o.path == WW_PATH_AUTO && dp_serves &&
            (dp = dp_support(q, NULL)) < 0)
            return ww__fail(q->m, WW_NOMEM, "%s: out of memory", kind);
        if (dp)
            q->o.path = WW_PATH_DP;
        else if (q->o.path == WW_PATH_AUTO &&
                 (q->enum_count > 0 ? q->enum_count <= WW__NEARBY_MAX
                                    : q->s->packages <= scan_max))
            q->o.path = WW_PATH_ENUM;
        else
            return ww__fail(q->m, WW_UNSUPPORTED,
                            "%s: utilities reach %g, too large for GLPK's "
                            "tolerances to separate answers %g apart, and "
                            "the exact DP and enumeration paths do not "
                            "apply; rescale the model or put it on a grid "
                            "(e.g. whole numbers)",
                            kind, mag, WW_TOLERANCE);
    }
    if (q->o.path != WW_PATH_DP)
        return WW_OK;
    const char *why = NULL;
    if (!dp_serves)
        return ww__fail(q->m, WW_UNSUPPORTED,
                        "path \"dp\" does not serve %s (it serves best, "
                        "frontier, nash, kalai and evaluate); use auto, mip "
                        "or enum",
                        kind);
    int supported = dp_support(q, &why);
    if (supported < 0)
        return ww__fail(q->m, WW_NOMEM, "%s: out of memory", kind);
    if (!supported)
        return ww__fail(q->m, WW_UNSUPPORTED, "path \"dp\": %s",
                        why ? why : "not supported for this model");
    return WW_OK;
}

int ww__dp_serves(ww_query *q)
{
    return dp_support(q, NULL);
}

void *ww__dp_work(ww_query *q)
{
    ww_solver *s = q->s;
    if (!s->dp_work)
        s->dp_work = malloc(WW__DP_WORK); /* NULL: runs use the stack */
    return s->dp_work;
}

const ww__dp_prep *ww__dp_prep_of(ww_query *q)
{
    ww_solver *s = q->s;
    if (s->dp_prep && s->dp_prep_revision == q->m->revision)
        return s->dp_prep;
    ww__dp_prep_free(s->dp_prep);
    s->dp_prep = NULL;
    if (ww__dp_prepare(q->m, q->deadline, &s->dp_prep) != WW_OK) {
        ww__ok(q->m); /* the run fails the same way and reports it */
        return NULL;
    }
    s->dp_prep_revision = q->m->revision;
    return s->dp_prep;
}

ww_status ww__dp_extreme_of(ww_query *q, int party, int sign, double *value,
                            int *found, int *complete)
{
    ww_solver *s = q->s;
    int hi = sign > 0;
    if (s->ext_revision != q->m->revision) {
        memset(s->ext_ok, 0, sizeof s->ext_ok);
        s->ext_revision = q->m->revision;
    }
    if (s->ext_ok[party][hi]) {
        *value = s->ext[party][hi];
        *found = *complete = 1;
        return WW_OK;
    }
    ww_status st = ww__dp_extreme(q->m, party, sign, q->deadline, value,
                                  found, complete);
    if (st == WW_OK && *found && *complete) {
        s->ext[party][hi] = *value;
        s->ext_ok[party][hi] = 1;
    }
    return st;
}

/* -1 when out of memory (see ww__dp_supported). */
int ww__dp_chosen(ww_query *q)
{
    if (q->o.path == WW_PATH_DP)
        return 1;
    if (q->o.path != WW_PATH_AUTO || ww__scan_chosen(q, WW_Q_FRONTIER))
        return 0;
    return ww__dp_serves(q);
}

/* Points copied into a result between two looks at the clock: a
 * frontier of 9 million points took 0.17 s to copy into fresh pages. */
#define ADD_BLOCK (1 << 20)

/* add_points' copy of p's first n points by blocks, with a look at the
 * clock and the progress callback between them. */
__attribute__((noinline)) static ww_status
add_blocks(ww_query *q, ww_result *r, const ww__pareto *p, int n, int *added)
{
    if (ww__result_reserve(r, n) != WW_OK)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    size_t nt = (size_t)p->nterms;
    for (int i0 = 0; i0 < n;) {
        int k = n - i0 > ADD_BLOCK ? ADD_BLOCK : n - i0;
        if (ww__result_add_pareto(r, q->m, k, p->packages + (size_t)i0 * nt,
                                  p->buyer + i0, p->seller + i0) != WW_OK)
            return ww__fail(q->m, WW_NOMEM, "out of memory");
        i0 += k;
        q->points += k;
        *added = i0;
        if (i0 < n && (ww__time_left(q) < 0 || ww__progress(q)))
            break;
    }
    return WW_OK;
}

/* Adds the points of p with U_s >= above (all of them: -HUGE_VAL) to r,
 * up to max_points; returns the number added in *added, fewer (the top
 * ones) when the time limit or the progress callback stopped the copy. */
WW__ALWAYS_INLINE ww_status add_points(ww_query *q, ww_result *r,
                                      const ww__pareto *p, double above,
                                      int *added)
{
    int n = above == -HUGE_VAL ? p->n : 0;
    *added = 0;
    while (n < p->n && p->seller[n] >= above)
        n++;
    if (q->o.max_points > 0 && n > q->o.max_points)
        n = q->o.max_points;
    if (n > ADD_BLOCK)
        return add_blocks(q, r, p, n, added);
    if (ww__result_add_pareto(r, q->m, n, p->packages, p->buyer,
                              p->seller) != WW_OK)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    q->points += n;
    *added = n;
    return WW_OK;
}

double ww__time_left(ww_query *q)
{
    if (!q->deadline)
        return 0;
    double left = q->deadline - ww__now();
    if (left <= 0) {
        q->stopped = 1;
        return -1;
    }
    return left;
}

ww_status ww__dp_prefix(ww_query *q, ww_result *r, int *complete)
{
    double hi = q->s->range[WW_US] / 2, span = q->s->range[WW_US];
    ww__pareto best;
    double above = HUGE_VAL;
    memset(&best, 0, sizeof best);
    *complete = 0;
    r->stats.path = WW_PATH_DP;
    /* floors hi - span / 2^k, k = 24 .. 1, then none: each run's top part
     * supersedes the last; runs below the top are cheap, the doubling
     * bounds the waste */
    for (int k = 24; k >= 0 && !q->stopped; k--) {
        double theta = k ? hi - ldexp(span, -k) : -HUGE_VAL;
        const ww__dp_prep *pr = ww__dp_prep_of(q);
        if (ww__time_left(q) < 0) /* a run per floor: see the clock */
            break;
        ww__pareto p;
        ww_status st =
            ww__dp_frontier_above(q->m, &q->o, pr, q->deadline, theta, &p);
        if (st == WW_TOO_LARGE) {
            ww__ok(q->m);
            ww__pareto_free(&p);
            break;
        }
        if (st != WW_OK) {
            ww__pareto_free(&p);
            ww__pareto_free(&best);
            return st;
        }
        if (!p.complete) {
            q->stopped = 1;
            ww__pareto_free(&p);
            break;
        }
        ww__pareto_free(&best);
        best = p;
        above = k ? theta + 2 * WW_TOLERANCE : -HUGE_VAL;
        if (!k)
            *complete = 1;
        int top = 0;
        while (top < best.n && best.seller[top] >= above)
            top++;
        if (q->o.max_points > 0 && top >= q->o.max_points)
            break; /* as many points as asked for */
    }
    int added;
    ww_status st = WW_OK;
    if (above < HUGE_VAL)
        st = add_points(q, r, &best, above, &added);
    if (q->stopped) /* (add_points stops only between blocks) */
        *complete = 0;
    ww__pareto_free(&best);
    return st;
}

/* ww__dp_points with the run's keep function and bound (dp.h). */
static ww_status run_points(ww_query *q, ww_result *r, double max_pairs,
                            int *complete, ww__dp_keep keep, void *keep_ctx,
                            const ww__dp_bound *b)
{
    ww__pareto p;
    *complete = 0;
    r->stats.path = WW_PATH_DP;
    const ww__dp_prep *pr = ww__dp_prep_of(q);
    ww_status st = ww__dp_frontier_in(q->m, &q->o, pr, q->deadline,
                                      -HUGE_VAL, ww__dp_work(q), WW__DP_WORK,
                                      1, keep, keep_ctx, max_pairs, b, &p);
    int n = 0;
    if (st == WW_OK)
        st = add_points(q, r, &p, -HUGE_VAL, &n);
    if (st == WW_OK) {
        *complete = p.complete && n == p.n;
        if (!p.complete)
            q->stopped = 1;
    }
    ww__pareto_free(&p);
    return st;
}

ww_status ww__dp_points(ww_query *q, ww_result *r, double max_pairs,
                        int *complete)
{
    return run_points(q, r, max_pairs, complete, NULL, NULL, NULL);
}

/* ---- nash and kalai by one DP run pruned by their key ---- */

typedef struct bargain_keep {
    const ww_model *m;
    const ww__dp_bound *b;
    double ideal[2];
} bargain_keep;

/* Sums keep_bargain keys once into an array; past it, it computes each
 * key again instead (three passes, no memory: 6.2 million sums held 200
 * MB of fresh pages, 0.11 s). */
#define KEYED_MAX 65536

/* The run's sums as the tie rule reads them, keys recomputed (the same
 * doubles). */
typedef struct keyed_sums {
    const ww__dp_pt *pts;
    const bargain_keep *k;
} keyed_sums;

static ww__tied keyed_sum(const void *ctx, int i)
{
    const keyed_sums *x = ctx;
    const ww__dp_pt *p = &x->pts[i];
    return (ww__tied){i, p->b, p->s,
                      ww__bargain_key(x->k->b->kalai, x->k->b->d,
                                      x->k->ideal, p->b, p->s)};
}

/* ww__dp_keep: the tie rule's answer (as bargain.c's pick over a
 * frontier: the run's sums hold the answer's point and, without the
 * ideal known, the ideal's, see ww__dp_bound). */
static int keep_bargain(void *ctx, ww__dp_pt *pts, int n)
{
    bargain_keep *k = ctx;
    for (int p = 0; p < 2; p++)
        k->ideal[p] = k->b->exact ? k->b->hi[p] : -HUGE_VAL;
    for (int i = 0; i < n && !k->b->exact; i++) {
        k->ideal[0] = fmax(k->ideal[0], pts[i].b);
        k->ideal[1] = fmax(k->ideal[1], pts[i].s);
    }
    if (n > KEYED_MAX) {
        keyed_sums x = {pts, k};
        int a = ww__pick_read(k->m, n, keyed_sum, &x);
        if (a >= 0)
            pts[0] = pts[a];
        return a >= 0;
    }
    ww__tied local[64];
    ww__tied *t = n <= 64 ? local : malloc(sizeof *t * (size_t)n);
    if (!t)
        return -1;
    for (int i = 0; i < n; i++)
        t[i] = (ww__tied){i, pts[i].b, pts[i].s,
                          ww__bargain_key(k->b->kalai, k->b->d, k->ideal,
                                          pts[i].b, pts[i].s)};
    int a = ww__pick_tied(k->m, t, n);
    if (a >= 0)
        pts[0] = pts[t[a].idx];
    if (t != local)
        free(t);
    return a >= 0;
}

ww_status ww__dp_bargain(ww_query *q, const ww__dp_bound *b, ww_result *r,
                         double max_pairs, int *complete, double ideal[2])
{
    bargain_keep k = {q->m, b, {-HUGE_VAL, -HUGE_VAL}};
    ww_status st = run_points(q, r, max_pairs, complete, keep_bargain, &k, b);
    memcpy(ideal, k.ideal, sizeof k.ideal);
    return st;
}

/* ---- maxima of J by one DP run (best, evaluate) ---- */

/* The point of pts of largest J, ties within TOL to the higher U_s (the
 * first of equals), among those better for both than ref, or among all
 * (ref NULL); -1 when none is. */
static int pick(const ww_model *m, const ww__dp_pt *pts, int n,
                const double *ref)
{
    double jmax = -HUGE_VAL;
    int arg = -1;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            double b = pts[i].b, us = pts[i].s;
            if (ref && !ww__better_for_both(ref, b, us))
                continue;
            double j = ww__joint(m, b, us);
            if (pass == 0)
                jmax = fmax(jmax, j);
            else if (j >= jmax - WW_TOLERANCE &&
                     (arg < 0 || us > pts[arg].s))
                arg = i;
        }
    return arg;
}

typedef struct maxima {
    const ww_model *m;
    const double *ref;
    int at[2];
} maxima;

/* ww__dp_keep: the two maxima, the best first. */
static int keep_maxima(void *ctx, ww__dp_pt *pts, int n)
{
    maxima *x = ctx;
    int best = pick(x->m, pts, n, NULL);
    int imp = x->ref ? pick(x->m, pts, n, x->ref) : -1;
    x->at[0] = best >= 0 ? 0 : -1;
    x->at[1] = imp < 0 ? -1 : imp == best ? 0 : 1;
    if (best < 0) /* nothing admissible: no improvement either */
        return 0;
    ww__dp_pt b = pts[best], i = pts[imp >= 0 ? imp : best];
    pts[0] = b;
    if (x->at[1] == 1) /* imp != best: n >= 2 */
        pts[1] = i;
    return 1 + (x->at[1] == 1);
}

ww_status ww__dp_maxima(ww_query *q, const double *ref, double max_pairs,
                        ww__pruning *pr, ww__pareto *p, int at[2])
{
    maxima x = {q->m, ref, {-1, -1}};
    ww__dp_bound b; /* J's, both maxima's sums stay (ww__dp_bound) */
    memset(&b, 0, sizeof b);
    b.joint = 1;
    b.ref = ref;
    b.from = pr && pr->from > 0 ? pr->from : WW__DP_PRUNE_FROM;
    b.pruned = pr ? &pr->pruned : NULL;
    ww_status st = ww__dp_frontier_in(
        q->m, &q->o, ww__dp_prep_of(q), q->deadline, -HUGE_VAL,
        ww__dp_work(q), WW__DP_WORK, 1, keep_maxima, &x, max_pairs,
        pr && pr->from < 0 ? NULL : &b, p);
    if (st == WW_OK && !p->complete)
        q->stopped = 1;
    at[0] = x.at[0];
    at[1] = x.at[1];
    return st;
}

int ww__dp_cheap(ww_query *q, int which, double key, int built_ok)
{
    if (q->o.path != WW_PATH_AUTO || ww__dp_serves(q) <= 0)
        return 0;
    const ww_solver *s = q->s;
    int built = built_ok && s->dp_prep &&
                s->dp_prep_revision == q->m->revision;
    if (!built && s->dp_joint > WW__BEST_DP_JOINT_MAX)
        return 0;
    return which < 0 || !ww__over_seen_key(q, which, key);
}

int ww__over_seen(const ww_query *q, int which)
{
    return ww__over_seen_key(q, which, 0.0);
}

void ww__over_note(ww_query *q, int which)
{
    ww__over_note_key(q, which, 0.0);
}

int ww__over_seen_key(const ww_query *q, int which, double key)
{
    const ww__over_memo *d = &q->s->over[which];
    if (!d->over || d->revision != q->m->revision || d->key != key)
        return 0;
    for (int p = 0; p < 2; p++)
        if (d->has[p] != q->has_floor[p] ||
            (q->has_floor[p] && d->floor[p] != q->floor[p]))
            return 0;
    return 1;
}

void ww__over_note_key(ww_query *q, int which, double key)
{
    ww__over_memo *d = &q->s->over[which];
    d->over = 1;
    d->key = key;
    d->revision = q->m->revision;
    memcpy(d->has, q->has_floor, sizeof d->has);
    memcpy(d->floor, q->floor, sizeof d->floor);
}
