/* planner.c — which exact method answers a query.
 *
 *   enum  every package scanned once (scan.c): small spaces, or a term too
 *         wide for GLPK's branching on one-hot rows;
 *   dp    Pareto merge over groups of terms (dp.c): the frontier, and so
 *         nash and kalai, whenever every interaction and constraint stays
 *         inside a group of at most WW__DP_GROUP_CAP joint levels — from
 *         microseconds to milliseconds where the MIP loop needs seconds;
 *   mip   GLPK (solver.c): everything else (large coupled groups, trades,
 *         meso, evaluate, and best, which is a single lexicographic solve).
 * options.path forces one of them; the answer's stats say which one ran. */
#include "solver_internal.h"
#include "dp.h"

#include <math.h>

/* Rejects a forced path that cannot serve this query (kind: its name). */
ww_status ww__plan_check(ww_query *q, const char *kind, int dp_serves)
{
    if (q->o.path != WW_PATH_DP)
        return WW_OK;
    const char *why = NULL;
    if (!dp_serves)
        return ww__fail(q->m, WW_UNSUPPORTED,
                        "path \"dp\" does not serve %s (it serves best, "
                        "frontier, nash and kalai); use auto, mip or enum",
                        kind);
    if (!ww__dp_supported(q->m, &q->o, &why))
        return ww__fail(q->m, WW_UNSUPPORTED, "path \"dp\": %s",
                        why ? why : "not supported for this model");
    return WW_OK;
}

int ww__dp_chosen(const ww_query *q)
{
    if (q->o.path == WW_PATH_DP)
        return 1;
    if (q->o.path != WW_PATH_AUTO || ww__scan_chosen(q))
        return 0;
    return ww__dp_supported(q->m, &q->o, NULL);
}

ww_status ww__dp_points(ww_query *q, ww_result *r, int *complete)
{
    ww__pareto p;
    double left = 0;
    *complete = 0;
    r->stats.path = WW_PATH_DP;
    if (q->deadline) {
        left = q->deadline - ww__now();
        if (left <= 0) {
            q->stopped = 1;
            return WW_OK;
        }
    }
    ww_status st = ww__dp_frontier(q->m, &q->o, left, &p);
    if (st != WW_OK) {
        ww__pareto_free(&p);
        return st;
    }
    int n = p.n;
    if (q->o.max_points > 0 && n > q->o.max_points)
        n = q->o.max_points;
    for (int i = 0; i < n; i++) {
        double u[3] = {p.buyer[i], p.seller[i], 0};
        u[WW_J] = q->m->party[WW_BUYER].weight * u[WW_UB] +
                  q->m->party[WW_SELLER].weight * u[WW_US];
        if (ww__result_add(r, p.packages + (size_t)i * p.nterms, u) != WW_OK) {
            ww__pareto_free(&p);
            return ww__fail(q->m, WW_NOMEM, "out of memory");
        }
    }
    q->points = n;
    *complete = p.complete && n == p.n;
    if (!p.complete)
        q->stopped = 1;
    ww__pareto_free(&p);
    return WW_OK;
}
