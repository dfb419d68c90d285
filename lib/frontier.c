/* frontier.c — the exact Pareto frontier on the MIP path, and what the
 * frontier-family queries share (bargain.c: nash and kalai).
 *
 * Method (epsilon-constraint, one MIP per point):
 *   maximize U_s + lambda*U_b subject to admissibility and U_b >= b_lo,
 *   record the package p, set b_lo := U_b(p) strictly beyond TOL, repeat
 *   until infeasible.  lambda*range(U_b) is below half the smallest U_s
 *   step (half a grid unit, or TOL/2 on real-valued data), so each solve
 *   returns a package of maximum U_s over U_b >= b_lo (up to TOL) and, among
 *   those, usually the one of maximum U_b.
 * Why nothing is missed: let F be the frontier point of smallest U_b >= b_lo;
 * the solve returns F, or a package p with U_s within TOL of F's and lower
 * U_b; then b_lo moves past U_b(p) but not past U_b(F), and F is found
 * later.  Why nothing weakly dominated survives: such a p is dominated by F,
 * which is found, and a final filter applies the shared definition exactly
 * (a point is dropped when another found point is >= on both sides up to
 * TOL and > by more than TOL on one; points within TOL on both sides are
 * listed once: the one of highest U_s, then U_b), sorted by U_s descending:
 * the TOL filter the DP and the scan use (pareto_tol.c).
 * Every package is re-evaluated exactly (solver.c), so bounds compare exact
 * utilities.  "Beyond TOL" is exact on both kinds of data:
 *   - grid data (every utility a multiple of 1/D for a D of a short list,
 *     magnitudes small): bounds move to the nearest grid value -/+ half a
 *     unit, far outside GLPK's tolerances;
 *   - real-valued data (e.g. Genius weights): bounds are v +/- TOL, GLPK's
 *     objective tolerance is 1e-12 and integrality 1e-9, and a package that
 *     meets a bound only within GLPK's tolerance is cut off with a no-good
 *     row and the solve repeated, so points 1e-5 apart are told apart.
 * About |frontier| + 1 MIP solves on one glp_prob; only row bounds and the
 * objective change between them. */
#include "solver_internal.h"
#include "dp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* Points from `from` on: drop dominated and duplicate points, sort; the
 * shared TOL filter (pareto_tol.c), the points keyed by their index. */
ww_status ww__frontier_filter(ww_result *r, int from)
{
    int k = r->n - from, nt = r->nterms;
    if (k <= 0)
        return WW_OK;
    ww__dp_pt *pts = malloc(sizeof *pts * (size_t)k);
    int *pk = malloc(sizeof(int) * (size_t)k * (size_t)(nt > 0 ? nt : 1));
    double *uu = malloc(sizeof(double) * 3 * (size_t)k);
    int np = -1;
    if (pts && pk && uu) {
        for (int i = 0; i < k; i++) {
            const double *u = r->u + 3 * (size_t)(from + i);
            pts[i] = (ww__dp_pt){u[WW_UB], u[WW_US], from + i};
        }
        np = ww__dp_pareto_tol(pts, k);
    }
    if (np < 0) {
        free(pts);
        free(pk);
        free(uu);
        return WW_NOMEM;
    }
    for (int i = 0; i < np; i++) {
        size_t x = (size_t)pts[i].key;
        memcpy(uu + 3 * (size_t)i, r->u + 3 * x, 3 * sizeof(double));
        memcpy(pk + (size_t)i * nt, r->pkgs + x * nt, sizeof(int) * (size_t)nt);
    }
    memcpy(r->u + 3 * (size_t)from, uu, 3 * sizeof(double) * (size_t)np);
    memcpy(r->pkgs + (size_t)from * nt, pk, sizeof(int) * (size_t)np * nt);
    r->n = from + np;
    free(pts);
    free(pk);
    free(uu);
    return WW_OK;
}

double ww__tie_weight(const ww_solver *s, int r)
{
    double step = s->unit[r] > 0 ? s->unit[r] : TOL;
    return fmin(1.0, step / (2 * s->range[1 - r] + 1e-300) * 0.99);
}

ww_status ww__frontier_points(ww_query *q, ww_result *r, int *complete)
{
    int dp = ww__dp_chosen(q);
    if (dp < 0) {
        *complete = 0;
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    }
    int first = r->n, from = first;
    if (dp) {
        ww_status st = ww__dp_points(q, r, 0, complete);
        /* a frontier too large for the DP (unless forced, or chosen
         * because GLPK is not exact): its top part by the DP, then the MIP
         * loop from there, returning points as it goes */
        if (st != WW_TOO_LARGE || q->o.path != WW_PATH_AUTO)
            return st;
        ww__ok(q->m);
        st = ww__dp_prefix(q, r, complete);
        if (st != WW_OK || *complete || q->stopped ||
            (q->o.max_points > 0 && r->n - first >= q->o.max_points))
            return st;
        r->stats.path = WW_PATH_MIP;
    }
    int n = q->s->n;
    int *p1 = malloc(sizeof(int) * (size_t)(n + 1));
    ww_status st = WW_OK;
    double lambda = ww__tie_weight(q->s, WW_US);
    double lob = q->lo[WW_UB], los = q->lo[WW_US];
    *complete = 0;
    if (!p1) {
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
        goto out;
    }
    if (r->n > from) /* on from the DP's last point */
        ww__bound_gt(q, WW_UB, r->u[3 * (size_t)(r->n - 1) + WW_UB]);
    from = r->n;
    for (;;) {
        if (q->o.max_points > 0 && r->n - first >= q->o.max_points)
            break;
        ww_mip res;
        int found;
        double u1[3];
        st = ww__solve_w(q, lambda, 1.0, &res, &found, p1, u1);
        if (st != WW_OK)
            goto out;
        if (res == WW_MIP_INFEASIBLE) {
            *complete = 1;
            break;
        }
        if (res != WW_MIP_OPTIMAL)
            break;
        const int *p = p1;
        const double *u = u1;
        if (ww__result_add(r, p, u) != WW_OK) {
            st = ww__fail(q->m, WW_NOMEM, "out of memory");
            goto out;
        }
        q->points++;
        ww__bound_gt(q, WW_UB, u[WW_UB]);
    }
    if (ww__frontier_filter(r, from) != WW_OK)
        st = ww__fail(q->m, WW_NOMEM, "out of memory");
out:
    q->lo[WW_UB] = lob;
    q->lo[WW_US] = los;
    free(p1);
    return st;
}

ww_status ww__answer_begin(ww_solver *s, const ww_options *o, ww_result **out,
                           ww_query *q, ww_result **r, const char *who,
                           double scan_max)
{
    if (out)
        *out = NULL;
    *r = NULL;
    if (!s || !out)
        return s ? ww__fail(s->model, WW_MISUSE, "%s: out is NULL", who)
                 : WW_MISUSE;
    ww_status st = ww__query_begin(q, s, o);
    if (st != WW_OK)
        return st;
    if ((st = ww__plan_check(q, who, 1, scan_max)) != WW_OK) {
        ww__query_end(q);
        return st;
    }
    if (ww__result_new(q->m, r) != WW_OK) {
        ww__query_end(q);
        return WW_NOMEM;
    }
    return WW_OK;
}

ww_status ww__answer_end(ww_query *q, ww_result *r, ww_result **out,
                         ww_status st, ww_outcome oc)
{
    if (st != WW_OK) {
        ww__query_end(q);
        ww_result_free(r);
        return st;
    }
    if (oc == WW_OUTCOME_INFEASIBLE && r->stats.path != WW_PATH_ENUM) {
        st = ww__diagnose(q, r, 0);
        if (st != WW_OK) {
            ww__query_end(q);
            ww_result_free(r);
            return st;
        }
    }
    ww__result_finish(r, q, oc);
    ww__query_end(q);
    *out = r;
    return ww__ok(q->m);
}

ww_status ww_frontier(ww_solver *s, const ww_options *o, ww_result **out)
{
    ww_query q;
    ww_result *r;
    ww_status st = ww__answer_begin(s, o, out, &q, &r, "ww_frontier",
                                    WW__SCAN_MAX);
    if (st != WW_OK)
        return st;
    if (ww__scan_chosen(&q, WW_Q_FRONTIER)) {
        ww_qargs a;
        ww_outcome oc = WW_OUTCOME_OPTIMAL;
        memset(&a, 0, sizeof a);
        st = ww__scan(&q, WW_Q_FRONTIER, &a, r, &oc);
        return ww__answer_end(&q, r, out, st, oc);
    }
    int complete;
    st = ww__frontier_points(&q, r, &complete);
    ww_outcome oc = !complete ? WW_OUTCOME_TIME_LIMIT
                    : r->n == 0 ? WW_OUTCOME_INFEASIBLE
                                : WW_OUTCOME_OPTIMAL;
    return ww__answer_end(&q, r, out, st, oc);
}
