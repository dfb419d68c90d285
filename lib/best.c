/* best.c — the best package (max J, ties higher U_s) and the diagnosis of
 * an empty agreement zone. */
#include "solver_internal.h"
#include "dp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ww__set_diag(ww_result *r, ww_cause cause, double reach, double req)
{
    int numbers = cause == WW_CAUSE_SELLER_RESERVATION ||
                  cause == WW_CAUSE_BUDGET ||
                  cause == WW_CAUSE_BUYER_RESERVATION;
    r->diag.cause = cause;
    r->diag.reachable = numbers ? reach : 0;
    r->diag.required = numbers ? req : 0;
    r->diag.gap = numbers ? req - reach : 0;
    r->reason_ready = 0; /* the text is written when asked for */
}

/* Sets the diagnosis and returns 1 when the seller's reservation or the
 * concession budget asks more than smax, the largest U_s of a feasible
 * package. */
static int seller_diag(const ww_query *q, ww_result *r, double smax)
{
    const ww_model *m = q->m;
    const ww_options *o = &q->o;
    if (o->ignore_limits)
        return 0;
    if (m->party[WW_SELLER].has_reservation &&
        smax < m->party[WW_SELLER].reservation - WW_TOLERANCE) {
        ww__set_diag(r, WW_CAUSE_SELLER_RESERVATION, smax,
                     m->party[WW_SELLER].reservation);
        return 1;
    }
    double req;
    if (ww__budget_floor(m, o, &req) && smax < req - WW_TOLERANCE) {
        ww__set_diag(r, WW_CAUSE_BUDGET, smax, req);
        return 1;
    }
    return 0;
}

/* The diagnosis from the DP, exact where GLPK's tolerances are not
 * (ww__mip_exact), and microseconds on small models instead of two MIPs:
 * the largest U_s of a feasible package (the model's alone, kept in the
 * solver) says whether any is feasible and whether the seller's limits
 * can be met; then the frontier of the feasible packages under the
 * seller's floor alone (values only) gives the best U_b among the packages
 * that meet it, against the buyer's reservation.  (The whole frontier
 * without limits, as before, is a larger run for the same numbers.) */
static ww_status dp_diagnose(ww_query *q, ww_result *r)
{
    double smax;
    int found, complete;
    ww_status st =
        ww__dp_extreme_of(q, WW_SELLER, 1, &smax, &found, &complete);
    if (st != WW_OK)
        return st;
    if (!complete) {
        q->stopped = 1;
        return WW_OK;
    }
    if (!found) {
        ww__set_diag(r, WW_CAUSE_CONSTRAINTS, 0, 0);
        return WW_OK;
    }
    if (seller_diag(q, r, smax) || !q->has_floor[WW_BUYER])
        return WW_OK;
    ww_options o = q->o;
    o.ignore_limits = 1; /* the seller's floor alone, passed below */
    ww__pareto p;
    st = ww__dp_frontier_in(q->m, &o, ww__dp_prep_of(q), q->deadline,
                            q->has_floor[WW_SELLER] ? q->floor[WW_SELLER]
                                                    : -HUGE_VAL,
                            ww__dp_work(q), WW__DP_WORK, 0, NULL, NULL, 0,
                            NULL, &p);
    if (st == WW_OK && !p.complete) {
        q->stopped = 1;
    } else if (st == WW_OK) {
        double bmax = -HUGE_VAL; /* every point meets the seller's floor */
        for (int i = 0; i < p.n; i++)
            bmax = fmax(bmax, p.buyer[i]);
        if (bmax < q->floor[WW_BUYER] - WW_TOLERANCE)
            ww__set_diag(r, WW_CAUSE_BUYER_RESERVATION, bmax,
                         q->floor[WW_BUYER]);
    }
    ww__pareto_free(&p);
    return st;
}

ww_status ww__diagnose(ww_query *q, ww_result *r, int query_bounds)
{
    /* trades found none on the enum path (nearby.c): a small space is
     * scanned whole, as the scan's other queries diagnose themselves */
    if (r->stats.path == WW_PATH_ENUM && query_bounds &&
        ww_model_package_count(q->m) <= WW__SCAN_DIAG_MAX) {
        ww_outcome oc;
        return ww__scan(q, WW_Q_TRADES, NULL, r, &oc);
    }
    /* the DP where it serves, on the paths that avoid GLPK: exact where
     * GLPK's tolerances are not, and cheaper on small models */
    int dp = r->stats.path == WW_PATH_DP;
    if (r->stats.path == WW_PATH_ENUM && (dp = ww__dp_serves(q)) < 0)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    if (dp) {
        ww_status st = dp_diagnose(q, r);
        if (st != WW_TOO_LARGE) {
            if (st == WW_OK && query_bounds && !q->stopped &&
                r->diag.cause == WW_CAUSE_NONE)
                ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
            return st;
        }
        ww__ok(q->m); /* too many points for the DP: the MIPs below */
    }
    /* GLPK's tolerances cannot separate this model's answers: walk */
    if (!ww__mip_exact(q) && q->s->packages <= WW__SCAN_WALK_MAX)
        return ww__scan_diagnose(q, r, query_bounds);

    ww_solver *s = q->s;
    ww_model *m = q->m;
    int n = s->n, nc = s->ncuts;
    double lo[3], hi[3];
    memcpy(lo, q->lo, sizeof lo);
    memcpy(hi, q->hi, sizeof hi);
    int *cl = malloc(sizeof(int) * 2 * (size_t)(nc + 1));
    int *pkg = malloc(sizeof(int) * (size_t)(n + 1));
    ww_status st = WW_OK;
    if (!cl || !pkg) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    for (int c = 0; c < nc; c++) { /* the model's zone, not the query's */
        cl[2 * c] = s->cuts[c].lo;
        cl[2 * c + 1] = s->cuts[c].hi;
        ww__set_cut(q, c, 0, n);
    }
    ww_mip res;
    int found;
    double u[3];
    ww__query_bounds(q, 0);
    st = ww__solve(q, WW_US, 1, &res, &found, pkg, u);
    if (st == WW_OK && res == WW_MIP_STOPPED)
        q->stopped = 1; /* as dp_diagnose: no cause, and the caller knows */
    if (st != WW_OK || res == WW_MIP_STOPPED)
        goto restore;
    if (res == WW_MIP_INFEASIBLE) {
        ww__set_diag(r, WW_CAUSE_CONSTRAINTS, 0, 0);
        goto restore;
    }
    if (seller_diag(q, r, u[WW_US]))
        goto restore;
    if (q->has_floor[WW_BUYER]) {
        ww__query_bounds(q, 1);
        q->lo[WW_UB] = -HUGE_VAL;
        st = ww__solve(q, WW_UB, 1, &res, &found, pkg, u);
        if (st == WW_OK && res == WW_MIP_STOPPED)
            q->stopped = 1;
        if (st != WW_OK || res == WW_MIP_STOPPED)
            goto restore;
        if (res == WW_MIP_OPTIMAL &&
            u[WW_UB] < q->floor[WW_BUYER] - WW_TOLERANCE) {
            ww__set_diag(r, WW_CAUSE_BUYER_RESERVATION, u[WW_UB],
                     q->floor[WW_BUYER]);
            goto restore;
        }
    }
    if (query_bounds)
        ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
restore:
    for (int c = 0; c < nc; c++)
        ww__set_cut(q, c, cl[2 * c], cl[2 * c + 1]);
    memcpy(q->lo, lo, sizeof lo);
    memcpy(q->hi, hi, sizeof hi);
out:
    free(cl);
    free(pkg);
    return st;
}

/* Best by one DP run (ww__dp_maxima: the admissible package of largest J,
 * ties within TOL to the higher U_s); max_pairs as ww__dp_frontier_in's
 * (WW_TOO_LARGE past it, r left without a package). */
static ww_status best_by_dp(ww_query *q, double max_pairs, ww_result *r,
                            ww_outcome *oc)
{
    ww__pareto p;
    int at[2];
    r->stats.path = WW_PATH_DP;
    ww_status st = ww__dp_maxima(q, NULL, max_pairs, NULL, &p, at);
    if (st == WW_OK) {
        *oc = !p.complete ? WW_OUTCOME_TIME_LIMIT
              : at[0] < 0 ? WW_OUTCOME_INFEASIBLE
                          : WW_OUTCOME_OPTIMAL;
        if (p.complete && at[0] >= 0) {
            double u[3] = {p.buyer[0], p.seller[0], 0};
            u[WW_J] = ww__joint(q->m, u[WW_UB], u[WW_US]);
            if (ww__result_add(r, p.packages, u) != WW_OK)
                st = ww__fail(q->m, WW_NOMEM, "out of memory");
        }
    }
    ww__pareto_free(&p);
    return st;
}

ww_status ww_best(ww_solver *s, const ww_options *o, ww_result **out)
{
    if (out)
        *out = NULL;
    if (!s || !out)
        return s ? ww__fail(s->model, WW_MISUSE, "ww_best: out is NULL")
                 : WW_MISUSE;
    ww_query q;
    ww_status st = ww__query_begin(&q, s, o);
    if (st != WW_OK)
        return st;
    q.o.max_points = 0; /* it bounds the frontier query, not a frontier
                           best_by_dp scans whole */
    ww_result *r = NULL;
    int *pkg = malloc(sizeof(int) * (size_t)(s->n + 1));
    if (!pkg || ww__result_new(q.m, &r) != WW_OK) {
        st = ww__fail(q.m, WW_NOMEM, "out of memory");
        goto fail;
    }
    ww_outcome oc = WW_OUTCOME_TIME_LIMIT;
    if ((st = ww__plan_check(&q, "ww_best", 1, WW__SCAN_MAX)) != WW_OK)
        goto fail;
    if (ww__scan_chosen(&q, WW_Q_BEST)) {
        ww_qargs a;
        memset(&a, 0, sizeof a);
        st = ww__scan(&q, WW_Q_BEST, &a, r, &oc);
        if (st != WW_OK)
            goto fail;
        goto done;
    }
    if (q.o.path == WW_PATH_AUTO && s->packages <= WW__SCAN_MAX &&
        !ww__over_seen(&q, WW__OVER_BEST_WALK)) {
        int over;
        st = ww__band_best(&q, r, &oc, WW__BEST_WALK_BUDGET, &over);
        if (st != WW_OK)
            goto fail;
        if (!over)
            goto done;
        ww__over_note(&q, WW__OVER_BEST_WALK);
        r->stats.path = WW_PATH_MIP; /* the paths below set their own */
        oc = WW_OUTCOME_TIME_LIMIT;
    }
    /* once the walk gave up, the DP within its budget */
    if (q.o.path == WW_PATH_DP || ww__dp_cheap(&q, WW__OVER_BEST_DP, 0.0, 1)) {
        int on_auto = q.o.path == WW_PATH_AUTO;
        st = best_by_dp(&q, on_auto ? WW__BEST_DP_PAIRS : 0, r, &oc);
        if (st == WW_TOO_LARGE && on_auto) { /* the MIP answers */
            ww__ok(q.m);
            ww__over_note(&q, WW__OVER_BEST_DP);
            r->stats.path = WW_PATH_MIP;
            oc = WW_OUTCOME_TIME_LIMIT;
        } else if (st != WW_OK) {
            goto fail;
        } else {
            goto done;
        }
    }
    ww_mip res;
    int found;
    double u[3];
    /* the tie-break solve's LP spends the TOL slack of its J row on a
     * 1e-6 move of one binary, which 1e-9 counts as fractional: GLPK's
     * default 1e-5, with the exact checks of ww__solve_w behind it */
    q.tol_int = 1e-5;
    st = ww__lex(&q, WW_J, 1, WW_US, &res, &found, pkg, u);
    if (st != WW_OK)
        goto fail;
    if (found) {
        if (ww__result_add(r, pkg, u) != WW_OK) {
            st = ww__fail(q.m, WW_NOMEM, "out of memory");
            goto fail;
        }
        if (res == WW_MIP_OPTIMAL)
            oc = WW_OUTCOME_OPTIMAL;
    } else if (res == WW_MIP_INFEASIBLE) {
        oc = WW_OUTCOME_INFEASIBLE;
    }
done:
    /* nothing admissible: the model's cause, unless the path said it */
    if (oc == WW_OUTCOME_INFEASIBLE && r->diag.cause == WW_CAUSE_NONE &&
        (st = ww__diagnose(&q, r, 0)) != WW_OK)
        goto fail;
    ww__result_finish(r, &q, oc);
    ww__query_end(&q);
    free(pkg);
    *out = r;
    return ww__ok(q.m);
fail:
    ww__query_end(&q);
    free(pkg);
    ww_result_free(r);
    return st;
}
