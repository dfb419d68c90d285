/* bargain.c — the Nash and Kalai-Smorodinsky points.
 *
 * Both keys never decrease when either utility grows, so the maximizer over
 * admissible packages is a frontier point: the enum path scans its whole
 * frontier, which costs it little; the DP's fold keeps only the partial
 * sums that can still reach the best key found (ww__dp_bound, dp.h) and
 * hands them to the tie rule.  Where the frontier is
 * too dense for the DP's fold, meeting in the middle (mitm.c) finds the
 * point without it, and the walk where that declines.  The MIP loop pays
 * one MIP per frontier point (hundreds of thousands on a zero-sum model), so
 * on the MIP path the point is searched for instead, with the frontier
 * loop's own step (max U_s + lambda U_b over U_b >= e: the frontier point
 * of smallest U_b >= e, see frontier.c):
 *   1. the extremes T (max U_s) and B (max U_b): the ideal point;
 *   2. an incumbent key K: for nash, weighted maxima along the key's
 *      gradient, each also a hull line w_b U_b + w_s U_s <= W that every
 *      admissible package obeys; for kalai, one MIP maximizing the smaller
 *      ratio t (ww__solve_ratio);
 *   3. a point whose key reaches K - TOL lies in a U_b range (the lens
 *      between the key's level set, the ideal box and the hull lines) and
 *      above a U_s floor; the step sweeps that range, U_s descending, until
 *      no later point can reach K - TOL.
 * The packages found are filtered as a frontier is and the shared tie rules
 * pick the answer: the same point as a scan of the whole frontier, in a
 * few dozen MIPs. */
#include "solver_internal.h"
#include "dp.h"
#include "mitm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
#define NASH_ITERS 8   /* dichotomy steps toward the hull's peak */
#define MAX_LINES (NASH_ITERS + 1)
/* Widening of the swept U_b range beyond the lens: a frontier point within
 * TOL of one in the lens can decide whether it survives the filter. */
#define MARGIN (4 * TOL)
/* The smallest budget of candidate sums the DP gets before nash or kalai
 * on auto walk the space instead (below, the DP is a millisecond at most). */
#define WALK_CAP_MIN 65536.0
/* Candidate sums the DP's fold gets per combination meeting in the middle
 * would enumerate, before it takes over (mitm.c), and at least.  Once
 * over, the fold is not run again on the solver, but a new solver pays
 * for it: at 4 it was most of a first nash or kalai on the zero-sum 10 x
 * 10 model (the CLI 34 -> 16 ms at 1); the generated and Genius models
 * of the bench answer as fast at 1 on a reused solver. */
#define MITM_FOLD 1.0
#define MITM_FOLD_MIN 65536.0

/* The key of point i of f. */
static double point_key(const ww_result *f, int i, int kalai,
                        const double d[2], const double ideal[2])
{
    return ww__bargain_key(kalai, d, ideal, f->u[3 * i + WW_UB],
                           f->u[3 * i + WW_US]);
}

/* Frontier points as pick() settles them without memory: keys
 * recomputed (the same doubles). */
typedef struct keyed {
    const ww_result *f;
    int kalai;
    const double *d, *ideal;
} keyed;

static ww__tied keyed_at(const void *ctx, int i)
{
    const keyed *k = ctx;
    return (ww__tied){i, k->f->u[3 * i + WW_UB], k->f->u[3 * i + WW_US],
                      point_key(k->f, i, k->kalai, k->d, k->ideal)};
}

/* The answer among the frontier points of f (their J is ww__joint's): key
 * within TOL of its maximum, then J within TOL of theirs, then the higher
 * U_s, then the earlier point; -1 when no point meets d. */
static int pick(const ww_model *m, const ww_result *f, int kalai,
                const double d[2], const double ideal[2])
{
    /* each key once (a division per party for kalai), then only the ties
     * are settled; without memory, every point with its key recomputed */
    ww__tied local[64];
    ww__tied *t = f->n <= 64 ? local : malloc(sizeof *t * (size_t)f->n);
    int arg = -1;
    if (t) {
        for (int i = 0; i < f->n; i++)
            t[i] = (ww__tied){i, f->u[3 * i + WW_UB], f->u[3 * i + WW_US],
                              point_key(f, i, kalai, d, ideal)};
        int a = ww__pick_tied(m, t, f->n);
        arg = a < 0 ? -1 : (int)t[a].idx;
    } else {
        keyed k = {f, kalai, d, ideal};
        arg = ww__pick_read(m, f->n, keyed_at, &k);
    }
    if (t != local)
        free(t);
    return arg;
}

/* ------------------------------------------------------------------ */
/* The search on the MIP path                                          */

typedef struct search {
    ww_query *q;
    int kalai;
    double d[2], ideal[2];
    ww_result *c;       /* every package found: the candidates          */
    int *pkg;           /* scratch                                      */
    double best;        /* the best key among them                      */
    double line[MAX_LINES][3]; /* w_b U_b + w_s U_s <= W (slack added) */
    int nlines;
    double lambda;      /* the frontier loop's tie weight on U_b        */
} search;

/* A package a solve found joins the candidates: its optimum, or at the
 * time limit GLPK's best package so far (checked exactly as any; the
 * answer then says time_limit, and this is the best it has). */
static ww_status take(search *g, ww_status st, ww_mip res, int *found,
                      const double u[3])
{
    if (st != WW_OK || !(res == WW_MIP_OPTIMAL ||
                         (res == WW_MIP_STOPPED && *found))) {
        *found = 0;
        return st;
    }
    if (ww__result_add(g->c, g->pkg, u) != WW_OK)
        return ww__fail(g->q->m, WW_NOMEM, "out of memory");
    g->q->points++;
    g->best = fmax(g->best, ww__bargain_key(g->kalai, g->d, g->ideal,
                                            u[WW_UB], u[WW_US]));
    return WW_OK;
}

/* max wb U_b + ws U_s over admissible packages with U_b >= ge (exactly),
 * or U_b > gt beyond TOL as the frontier loop moves, and U_s >= gs; the
 * package found joins the candidates.  *found = 0 when there is none or
 * time ran out (q->stopped). */
static ww_status solve(search *g, double wb, double ws, double ge, double gt,
                       double gs, int *found, double u[3])
{
    ww_query *q = g->q;
    double keep[2] = {q->lo[WW_UB], q->lo[WW_US]};
    q->lo[WW_UB] = fmax(keep[0], ge);
    q->lo[WW_US] = fmax(keep[1], gs);
    if (gt > -HUGE_VAL)
        ww__bound_gt(q, WW_UB, gt);
    ww_mip res;
    ww_status st = ww__solve_w(q, wb, ws, &res, found, g->pkg, u);
    q->lo[WW_UB] = keep[0];
    q->lo[WW_US] = keep[1];
    return take(g, st, res, found, u);
}

/* The package furthest along the ray from d with direction den (both > 0):
 * one ratio MIP, max t with U >= d + t den, joins the candidates. */
static ww_status ray(search *g, const double den[2])
{
    ww_mip res;
    int found;
    double u[3];
    ww_status st = ww__solve_ratio(g->q, g->d, den, &res, &found, g->pkg, u);
    return take(g, st, res, &found, u);
}

/* The largest (U_b - d_b)(U_s - d_s) on the segment from p to q; at
 * (when not NULL) the point where it is. */
static double segment_max(const double d[2], const double p[2],
                          const double q[2], double at[2])
{
    double x = p[0] - d[0], y = p[1] - d[1];
    double dx = q[0] - p[0], dy = q[1] - p[1];
    double a = dx * dy, b = x * dy + y * dx; /* x y + b t + a t^2 */
    double t = a < 0 ? fmin(1.0, fmax(0.0, -b / (2 * a))) : (a + b > 0);
    if (at) {
        at[0] = p[0] + t * dx;
        at[1] = p[1] + t * dy;
    }
    return (x + t * dx) * (y + t * dy);
}

/* Nash: the facet of the frontier's upper hull where the product peaks, by
 * dichotomy from the segment T-B: the weighted maximum along the normal of
 * the current segment p-q either lies on it (a facet: stop) or splits it,
 * and the half where the product peaks is kept.  Every solve is a hull
 * line bounding the lens.  When the facet's peak is above every point found
 * (e.g. a zero-sum model, whose points all lie on one facet), one ratio MIP
 * takes the package furthest along the ray from d through the peak: at
 * GLPK's loose tolerance, where a step from the peak's U_b proven to 1e-12
 * can take minutes (a subset-sum problem), and the sweep settles it. */
static ww_status nash_incumbent(search *g, const double *top,
                                const double *bottom)
{
    double p[2] = {top[WW_UB], top[WW_US]};
    double q[2] = {bottom[WW_UB], bottom[WW_US]};
    for (int it = 0; it < NASH_ITERS && !g->q->stopped; it++) {
        double wb = p[1] - q[1], ws = q[0] - p[0];
        if (!(wb > TOL && ws > TOL))
            break; /* one point, or a side with no room */
        double sum = wb + ws;
        wb /= sum;
        ws /= sum;
        double u[3];
        int found;
        ww_status st =
            solve(g, wb, ws, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL, &found, u);
        if (st != WW_OK || !found || g->q->stopped)
            return st; /* a stopped solve's package bounds no hull line */
        double W = wb * u[WW_UB] + ws * u[WW_US];
        /* GLPK's optimum is exact up to its tolerances, far below TOL */
        g->line[g->nlines][0] = wb;
        g->line[g->nlines][1] = ws;
        g->line[g->nlines][2] = W + 4 * TOL + 1e-9 * fabs(W);
        g->nlines++;
        if (W <= wb * p[0] + ws * p[1] + TOL)
            break;
        double r[2] = {u[WW_UB], u[WW_US]};
        if (segment_max(g->d, p, r, NULL) >= segment_max(g->d, r, q, NULL))
            memcpy(q, r, sizeof r);
        else
            memcpy(p, r, sizeof r);
    }
    double at[2];
    if (!g->q->stopped && segment_max(g->d, p, q, at) > g->best + TOL) {
        /* the ray from d through the peak: the package of largest min
         * ratio along it (kalai's MIP with the peak for the ideal) */
        double den[2] = {at[0] - g->d[0], at[1] - g->d[1]};
        if (den[0] > TOL && den[1] > TOL)
            return ray(g, den);
    }
    return WW_OK;
}

/* Kalai: one MIP maximizes t under U >= d + t (ideal - d) on both sides (a
 * side whose span is within TOL has ratio 1 and no row): the largest key,
 * up to GLPK's tolerances, which the sweep settles. */
static ww_status kalai_incumbent(search *g)
{
    double den[2];
    for (int p = 0; p < 2; p++) {
        den[p] = g->ideal[p] - g->d[p];
        if (!(den[p] > TOL))
            den[p] = 0;
    }
    if (den[0] == 0 || den[1] == 0)
        return WW_OK; /* T or B already has the largest key */
    return ray(g, den);
}

/* The U_b range [*blo, *bhi] of the packages whose key can reach thr. */
static void lens(const search *g, double thr, double *blo, double *bhi)
{
    const double *d = g->d, *ideal = g->ideal;
    double lo = d[0] - TOL, hi = ideal[0] + TOL;
    if (thr > 4 * TOL * TOL) { /* else every package can */
        if (g->kalai) {
            double den = ideal[0] - d[0];
            if (den > TOL)
                lo = fmax(lo, d[0] + thr * den);
        } else {
            double smax = ideal[1] + 2 * TOL - d[1];
            if (smax > 0)
                lo = fmax(lo, d[0] + thr / smax);
            /* on a line U_s <= A' - c U_b, with x = U_b - d_b:
             * x (A - c x) >= thr between the roots of c x^2 - A x + thr */
            double llo = lo, lhi = hi;
            for (int l = 0; l < g->nlines; l++) {
                double wb = g->line[l][0], ws = g->line[l][1];
                double W = g->line[l][2];
                if (!(ws > 0))
                    continue;
                double c = wb / ws, A = (W - wb * d[0]) / ws - d[1];
                double disc = A * A - 4 * c * thr;
                if (!(A > 0 && disc >= 0))
                    continue; /* float noise: the incumbent is inside */
                double h = 0.5 * (A + sqrt(disc)); /* Vieta: no cancellation */
                llo = fmax(llo, d[0] + thr / h);
                if (c > 0)
                    lhi = fmin(lhi, d[0] + h / c);
            }
            if (llo <= lhi) {
                lo = llo;
                hi = lhi;
            }
        }
    }
    *blo = lo - MARGIN - 1e-9 * fabs(lo);
    *bhi = hi + MARGIN + 1e-9 * fabs(hi);
}

/* A floor on the U_s of the packages whose key can reach thr with U_b <=
 * bhi (kalai: the box's side; nash: thr / (bhi - d_b) above d_s), widened
 * as the lens is.  The sweep's last step then proves nothing is left
 * instead of finding the next point below (ANAC 2014's 30issues: nash 27
 * -> 15 ms, same MIPs).  It keeps every point the sweep's stop test
 * (key_bound at u_s + 2 TOL) would reach: 4 TOL of margin against 2 TOL
 * there, plus key_bound's TOL^2 / x for nash. */
static double floor_s(const search *g, double thr, double bhi)
{
    if (!isfinite(thr))
        return -HUGE_VAL;
    double lo;
    if (g->kalai) {
        double den = g->ideal[1] - g->d[1];
        if (!(den > TOL))
            return -HUGE_VAL;
        lo = g->d[1] + thr * den;
    } else {
        /* key_bound adds TOL^2: the margin covers TOL^2 / x while x >= TOL */
        double x = bhi - g->d[0];
        if (!(thr > 0 && x >= TOL))
            return -HUGE_VAL;
        lo = g->d[1] + thr / x;
    }
    return lo - MARGIN - 1e-9 * fabs(lo);
}

/* Sweeps the lens of the best key so far, U_s descending; *complete = 0
 * when time ran out. */
static ww_status sweep(search *g, int *complete)
{
    double thr = g->best - TOL - 1e-12 * fabs(g->best);
    double blo, bhi;
    lens(g, thr, &blo, &bhi);
    double ge = blo, gt = -HUGE_VAL;
    for (;;) {
        double u[3];
        int found;
        ww_status st = solve(g, g->lambda, 1.0, ge, gt, floor_s(g, thr, bhi),
                             &found, u);
        if (st != WW_OK)
            return st;
        if (!found)
            break;
        thr = g->best - TOL - 1e-12 * fabs(g->best);
        double unused;
        lens(g, thr, &unused, &bhi);
        /* every later point has U_b in (u_b, bhi] and U_s <= u_s + TOL */
        if (u[WW_UB] > bhi ||
            ww__bargain_bound(g->kalai, g->d, g->ideal, bhi,
                              u[WW_US] + 2 * TOL) < thr)
            break;
        gt = u[WW_UB];
    }
    *complete = !g->q->stopped;
    return WW_OK;
}

/* The candidates of the search into f, filtered as a frontier. */
static ww_status search_points(ww_query *q, int kalai, const double d[2],
                               ww_result *f, int *complete)
{
    search g;
    memset(&g, 0, sizeof g);
    g.q = q;
    g.kalai = kalai;
    g.c = f;
    g.d[0] = d[0];
    g.d[1] = d[1];
    g.best = -HUGE_VAL;
    g.lambda = ww__tie_weight(q->s, WW_US);
    *complete = 0;
    ww__query_bounds(q, 1);
    if (!(g.pkg = malloc(sizeof(int) * (size_t)(q->s->n + 1))))
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    double t[3], b[3];
    int ft = 0, fb = 0;
    ww_status st = solve(&g, g.lambda, 1.0, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL,
                         &ft, t);
    if (st == WW_OK && ft)
        st = solve(&g, 1.0, ww__tie_weight(q->s, WW_UB), -HUGE_VAL, -HUGE_VAL,
                   -HUGE_VAL, &fb, b);
    if (st == WW_OK && ft && fb) {
        g.ideal[0] = b[WW_UB];
        g.ideal[1] = t[WW_US];
        g.best = -HUGE_VAL; /* the keys again, under the ideal */
        for (int i = 0; i < f->n; i++)
            g.best = fmax(g.best, point_key(f, i, kalai, g.d, g.ideal));
        st = kalai ? kalai_incumbent(&g) : nash_incumbent(&g, t, b);
        if (st == WW_OK && !q->stopped)
            st = sweep(&g, complete);
    } else if (st == WW_OK && !ft) {
        *complete = !q->stopped; /* nothing admissible */
    }
    free(g.pkg);
    if (st == WW_OK && ww__frontier_filter(f, 0) != WW_OK)
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
    return st;
}

/* ------------------------------------------------------------------ */
/* The queries                                                         */

ww_status ww__party_extreme(ww_query *q, int dp, int party, int sign,
                            int *pkg, double *value, ww_outcome *oc)
{
    *oc = WW_OUTCOME_OPTIMAL;
    if (dp) { /* no MIP on the DP path */
        int found, complete;
        ww_status st = ww__dp_extreme_of(q, party, sign, value, &found,
                                         &complete);
        if (st == WW_OK && (!complete || !found)) {
            *oc = !complete ? WW_OUTCOME_TIME_LIMIT : WW_OUTCOME_INFEASIBLE;
            return WW_OK;
        }
        if (st == WW_OK)
            return WW_OK;
        if (st != WW_TOO_LARGE || q->o.path != WW_PATH_AUTO)
            return st;
        ww__ok(q->m); /* over the DP's cap on partial sums: one MIP */
    }
    ww_mip res;
    int found;
    double u[3];
    ww__query_bounds(q, 0);
    ww_status st = ww__solve(q, party == WW_BUYER ? WW_UB : WW_US, sign, &res,
                             &found, pkg, u);
    ww__query_bounds(q, 1);
    if (st != WW_OK)
        return st;
    if (res != WW_MIP_OPTIMAL)
        *oc = ww__outcome_of(res);
    else
        *value = u[party == WW_BUYER ? WW_UB : WW_US];
    return WW_OK;
}

/* The disagreement point d: each party's reservation, else its lowest
 * utility over feasible packages (the DP's or one MIP).  *oc is set when
 * it cannot be had. */
static ww_status disagreement(ww_query *q, int dp, int *pkg, double d[2],
                              ww_outcome *oc)
{
    ww_model *m = q->m;
    for (int p = 0; p < 2; p++) {
        if (!q->o.ignore_limits && m->party[p].has_reservation) {
            d[p] = m->party[p].reservation;
            continue;
        }
        ww_status st = ww__party_extreme(q, dp, p, -1, pkg, &d[p], oc);
        if (st != WW_OK || *oc != WW_OUTCOME_OPTIMAL)
            return st;
    }
    return WW_OK;
}

/* The bound nash's or kalai's fold prunes by (dp.h), in *b: 1, or 0 when
 * it does not apply.  hi: the highest utilities of the feasible packages
 * (ww__dp_extreme_of, kept by the solver), the ideal itself without
 * floors (every feasible package is then admissible); with floors only
 * kalai's bound reads it. */
static int bound_of(ww_query *q, int kalai, const double d[2],
                    ww__pruning *pr, ww__dp_bound *b)
{
    if (pr && pr->from < 0)
        return 0;
    memset(b, 0, sizeof *b);
    b->kalai = kalai;
    b->exact = !q->has_floor[WW_BUYER] && !q->has_floor[WW_SELLER];
    b->from = pr && pr->from > 0 ? pr->from : WW__DP_PRUNE_FROM;
    b->pruned = pr ? &pr->pruned : NULL;
    memcpy(b->d, d, sizeof b->d);
    for (int p = 0; p < 2; p++) {
        int found = 1, complete = 1;
        b->hi[p] = HUGE_VAL; /* nash under floors: unused (a cold solver's
                                two extreme runs saved) */
        if ((b->exact || kalai) &&
            (ww__dp_extreme_of(q, p, 1, &b->hi[p], &found, &complete) !=
                 WW_OK ||
             !found || !complete)) {
            ww__ok(q->m);
            return 0;
        }
    }
    return 1;
}

/* The DP's points nash or kalai picks from: the frontier, or with a bound
 * only the answer's. */
static ww_status dp_points(ww_query *q, const ww__dp_bound *b, ww_result *f,
                           double max_pairs, int *complete, double ideal[2])
{
    return b ? ww__dp_bargain(q, b, f, max_pairs, complete, ideal)
             : ww__dp_points(q, f, max_pairs, complete);
}

/* mitm: 0 as planned; 1 meet in the middle only (ww__bargain_mitm), 2
 * the same with its ties settled by the two steps
 * (ww__bargain_mitm_steps).  pr (NULL: as planned) sets and counts the
 * DP's pruning (ww__bargain_dp). */
static ww_status bargain(ww_solver *s, const ww_options *o, ww_result **out,
                         int kalai, int mitm, ww__pruning *pr)
{
    ww_query q;
    ww_result *r, *f = NULL;
    ww_status st =
        ww__answer_begin(s, o, out, &q, &r, kalai ? "ww_kalai" : "ww_nash",
                         WW__SCAN_WALK_MAX);
    if (st != WW_OK)
        return st;
    q.o.max_points = 0; /* it bounds the frontier query, not the whole
                           frontier the point is chosen from */
    ww_model *m = q.m;
    ww_outcome oc = WW_OUTCOME_OPTIMAL;
    if (ww__scan_chosen(&q, kalai ? WW_Q_KALAI : WW_Q_NASH)) {
        ww_qargs a;
        memset(&a, 0, sizeof a);
        st = ww__scan(&q, kalai ? WW_Q_KALAI : WW_Q_NASH, &a, r, &oc);
        return ww__answer_end(&q, r, out, st, oc);
    }
    int dp = ww__dp_chosen(&q);
    int *pkg = malloc(sizeof(int) * (size_t)(s->n + 1));
    if (dp < 0 || !pkg || ww__result_new(m, &f) != WW_OK) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    /* say which path answers also when d already finds nothing */
    r->stats.path = dp ? WW_PATH_DP : WW_PATH_MIP;
    double d[2];
    oc = WW_OUTCOME_OPTIMAL;
    ww_outcome doc = WW_OUTCOME_OPTIMAL;
    st = disagreement(&q, dp, pkg, d, &doc);
    if (st != WW_OK || doc != WW_OUTCOME_OPTIMAL) {
        oc = doc;
        goto out;
    }
    int complete = 0;
    ww__dp_bound bd, *bp = dp && !mitm && bound_of(&q, kalai, d, pr, &bd)
                              ? &bd : NULL;
    double bideal[2]; /* the ideal, when bp answers */
    if (mitm) {
        st = dp ? ww__mitm_bargain(&q, kalai, d, mitm, r, &oc)
                : ww__fail(m, WW_UNSUPPORTED, "meet in the middle: path "
                                              "\"dp\" only");
        goto out;
    }
    if (dp) {
        /* where the space can be walked, the DP gives up before its
         * candidate sums cost more than the walk would (about 100 ns a
         * sum against 2 x 26 ns a package, bench/README.md): a dense
         * frontier */
        double cap = s->packages <= WW__SCAN_WALK_MAX && q.planned
                         ? fmax(s->packages / 2, WALK_CAP_MIN) : 0;
        /* and on auto before they cost more than meeting in the middle
         * would (at least MITM_FOLD_MIN: below, the fold is a millisecond
         * at most) */
        double halves = q.planned ? ww__mitm_size(&q) : 0;
        double fold = cap;
        if (halves > 0) {
            double c = fmax(MITM_FOLD * halves, MITM_FOLD_MIN);
            cap = cap > 0 ? fmin(cap, c) : c;
        }
        /* a capped fold that went over is not run again for the model's
         * revision and these floors: its size depends on nothing else
         * (pruned by the key, on the key too: nash and kalai share the
         * note, so one's fold over the budget sends the other to meeting
         * in the middle, as exact) */
        int seen = halves > 0 && ww__over_seen(&q, WW__OVER_BARGAIN_DP);
        st = seen ? WW_TOO_LARGE
                  : dp_points(&q, bp, f, cap, &complete, bideal);
        if (st == WW_TOO_LARGE && halves > 0 && !seen)
            ww__over_note(&q, WW__OVER_BARGAIN_DP);
        if (st == WW_TOO_LARGE &&
            (halves > 0 || (!q.planned && ww__mitm_size(&q) > 0))) {
            ww__ok(m);
            st = ww__mitm_bargain(&q, kalai, d, !q.planned, r, &oc);
            if (st != WW_TOO_LARGE && st != WW_UNSUPPORTED)
                goto out;
            oc = WW_OUTCOME_OPTIMAL;
            if (cap != fold) { /* declined after all: the fold as before */
                ww__ok(m);
                st = dp_points(&q, bp, f, fold, &complete, bideal);
            } else { /* both reasons, for the fallbacks below or the caller */
                char why[200];
                snprintf(why, sizeof why, "%s", ww_errmsg(m));
                st = ww__fail(m, WW_TOO_LARGE,
                              "dp: too many partial sums for the fold, and %s",
                              why);
            }
        }
        /* q.planned: also when the planner chose the DP because GLPK's
         * tolerances cannot separate this model's answers, but then
         * only the walk may take over */
        if (st == WW_TOO_LARGE && q.planned &&
            (ww__mip_exact(&q) || s->packages <= WW__SCAN_WALK_MAX)) {
            ww__ok(m); /* too many points for the DP: search them */
            st = WW_OK;
            dp = 0;
            if (s->packages <= WW__SCAN_WALK_MAX) {
                /* a frontier this dense defeats the MIP search too (a
                 * zero-sum model of 10^7 packages: no answer in 20 s);
                 * walking the space takes 10-40 ns a package */
                ww_qargs a;
                memset(&a, 0, sizeof a);
                st = ww__scan(&q, kalai ? WW_Q_KALAI : WW_Q_NASH, &a, r, &oc);
                free(pkg);
                ww_result_free(f);
                return ww__answer_end(&q, r, out, st, oc);
            }
        }
    }
    if (st == WW_OK && !dp) {
        f->stats.path = WW_PATH_MIP;
        st = search_points(&q, kalai, d, f, &complete);
    }
    r->stats.path = f->stats.path;
    if (st != WW_OK)
        goto out;
    if (f->n == 0) {
        oc = complete ? WW_OUTCOME_INFEASIBLE : WW_OUTCOME_TIME_LIMIT;
        goto out;
    }
    if (!complete)
        oc = WW_OUTCOME_TIME_LIMIT;
    double ideal[2] = {-HUGE_VAL, -HUGE_VAL};
    if (bp && f->stats.path == WW_PATH_DP) /* f: the answer's point alone */
        memcpy(ideal, bideal, sizeof ideal);
    else
        for (int i = 0; i < f->n; i++) {
            ideal[0] = fmax(ideal[0], f->u[3 * i + WW_UB]);
            ideal[1] = fmax(ideal[1], f->u[3 * i + WW_US]);
        }
    r->has_anchors = 1;
    memcpy(r->d, d, sizeof d);
    memcpy(r->ideal, ideal, sizeof ideal);
    int arg = pick(m, f, kalai, d, ideal);
    if (arg < 0) { /* cannot happen: admissible packages meet d */
        oc = complete ? WW_OUTCOME_INFEASIBLE : WW_OUTCOME_TIME_LIMIT;
        goto out;
    }
    if (ww__result_add(r, f->pkgs + (size_t)arg * f->nterms,
                       f->u + 3 * (size_t)arg) != WW_OK)
        st = ww__fail(m, WW_NOMEM, "out of memory");
out:
    free(pkg);
    ww_result_free(f);
    return ww__answer_end(&q, r, out, st, oc);
}

ww_status ww_nash(ww_solver *s, const ww_options *o, ww_result **out)
{
    return bargain(s, o, out, 0, 0, NULL);
}

ww_status ww_kalai(ww_solver *s, const ww_options *o, ww_result **out)
{
    return bargain(s, o, out, 1, 0, NULL);
}

ww_status ww__bargain_mitm(ww_solver *s, const ww_options *o, int kalai,
                           ww_result **out)
{
    return bargain(s, o, out, kalai, 1, NULL);
}

ww_status ww__bargain_mitm_steps(ww_solver *s, const ww_options *o,
                                 int kalai, ww_result **out)
{
    return bargain(s, o, out, kalai, 2, NULL);
}

ww_status ww__bargain_dp(ww_solver *s, const ww_options *o, int kalai,
                         ww__pruning *pr, ww_result **out)
{
    return bargain(s, o, out, kalai, 0, pr);
}
