/* scan.c — the enumeration path: every query answered by scanning every
 * package once (at most WW__SCAN_MAX), with the shared semantics applied
 * literally.  Exact and simple; a second path next to the MIP, and the
 * faster one for small spaces with wide terms, where GLPK's branching on
 * one-hot rows is slow (e.g. one term of 1,001 levels). */
#include "solver_internal.h"
#include "dp.h" /* ww__dp_pareto_tol */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

typedef struct table {
    long count;
    int n;
    double *ub, *us;
    unsigned char *feas, *adm;
    long *stride;
} table;

static void table_free(table *t)
{
    free(t->ub);
    free(t->us);
    free(t->feas);
    free(t->adm);
    free(t->stride);
}

static void unpack(const ww_model *m, const table *t, long idx, int *pkg)
{
    for (int i = 0; i < t->n; i++) {
        pkg[i] = (int)(idx % m->terms[i].nlevels);
        idx /= m->terms[i].nlevels;
    }
}

/* 0 ok, 1 stopped (deadline / progress), -1 out of memory */
static int build(ww_query *q, table *t)
{
    const ww_model *m = q->m;
    memset(t, 0, sizeof *t);
    t->n = m->nterms;
    t->count = (long)ww_model_package_count(m);
    size_t c = (size_t)t->count;
    t->ub = malloc(sizeof(double) * c);
    t->us = malloc(sizeof(double) * c);
    t->feas = malloc(c);
    t->adm = malloc(c);
    int *pkg = calloc((size_t)t->n + 1, sizeof(int));
    if (!t->ub || !t->us || !t->feas || !t->adm || !pkg) {
        free(pkg);
        return -1;
    }
    for (long i = 0; i < t->count; i++) {
        if ((i & 0xffff) == 0xffff && q->deadline && ww__now() >= q->deadline) {
            q->stopped = 1;
            free(pkg);
            return 1;
        }
        ww__utilities(m, pkg, &t->ub[i], &t->us[i]);
        t->feas[i] = ww__feasible(m, pkg) < 0;
        t->adm[i] = t->feas[i] && ww__meets_floors(q->has_floor, q->floor,
                                                   t->ub[i], t->us[i]);
        for (int k = 0; k < t->n; k++) { /* odometer, term 0 fastest */
            if (++pkg[k] < m->terms[k].nlevels)
                break;
            pkg[k] = 0;
        }
    }
    free(pkg);
    q->solves = 0;
    return 0;
}

/* Argmax over ok[] of key (NULL: J), ties within TOL higher J, then U_s. */
static long argmax(const ww_model *m, const table *t, const unsigned char *ok,
                   const double *key)
{
    double best = -HUGE_VAL;
    for (long i = 0; i < t->count; i++)
        if (ok[i])
            best = fmax(best,
                        key ? key[i] : ww__joint(m, t->ub[i], t->us[i]));
    if (best == -HUGE_VAL)
        return -1;
    double bj = -HUGE_VAL;
    for (long i = 0; i < t->count; i++) {
        if (!ok[i])
            continue;
        double j = ww__joint(m, t->ub[i], t->us[i]);
        if ((key ? key[i] : j) >= best - TOL)
            bj = fmax(bj, j);
    }
    long arg = -1;
    for (long i = 0; i < t->count; i++) {
        if (!ok[i])
            continue;
        double j = ww__joint(m, t->ub[i], t->us[i]);
        if ((key ? key[i] : j) >= best - TOL && j >= bj - TOL &&
            (arg < 0 || t->us[i] > t->us[arg]))
            arg = i;
    }
    return arg;
}

static ww_status add(ww_query *q, const table *t, ww_result *r, long idx,
                     int *pkg)
{
    unpack(q->m, t, idx, pkg);
    double u[3] = {t->ub[idx], t->us[idx],
                   ww__joint(q->m, t->ub[idx], t->us[idx])};
    if (ww__result_add(r, pkg, u) != WW_OK)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    return WW_OK;
}

/* The model's own cause when nothing is admissible (shared order). */
static void diagnose(ww_query *q, const table *t, ww_result *r)
{
    const ww_model *m = q->m;
    const ww_options *o = &q->o;
    int hs = !o->ignore_limits && m->party[WW_SELLER].has_reservation;
    int hb = !o->ignore_limits && m->party[WW_BUYER].has_reservation;
    double rs = m->party[WW_SELLER].reservation;
    double rb = m->party[WW_BUYER].reservation;
    double bf = 0;
    int hbud = !o->ignore_limits && ww__budget_floor(m, o, &bf);
    long nfeas = 0;
    double smax = -HUGE_VAL, bwithin = -HUGE_VAL;
    for (long i = 0; i < t->count; i++) {
        if (!t->feas[i])
            continue;
        nfeas++;
        smax = fmax(smax, t->us[i]);
        if ((!hs || t->us[i] >= rs - TOL) && (!hbud || t->us[i] >= bf - TOL))
            bwithin = fmax(bwithin, t->ub[i]);
    }
    if (nfeas == 0)
        ww__set_diag(r, WW_CAUSE_CONSTRAINTS, 0, 0);
    else if (hs && smax < rs - TOL)
        ww__set_diag(r, WW_CAUSE_SELLER_RESERVATION, smax, rs);
    else if (hbud && smax < bf - TOL)
        ww__set_diag(r, WW_CAUSE_BUDGET, smax, bf);
    else if (hb && bwithin > -HUGE_VAL && bwithin < rb - TOL)
        ww__set_diag(r, WW_CAUSE_BUYER_RESERVATION, bwithin, rb);
}

static int any(const unsigned char *v, long n)
{
    for (long i = 0; i < n; i++)
        if (v[i])
            return 1;
    return 0;
}

static const table *sort_t;
static const ww_model *sort_m;
static int by_joint(const void *x, const void *y)
{
    long i = *(const long *)x, j = *(const long *)y;
    double ji = ww__joint(sort_m, sort_t->ub[i], sort_t->us[i]);
    double jj = ww__joint(sort_m, sort_t->ub[j], sort_t->us[j]);
    if (ji != jj)
        return ji > jj ? -1 : 1;
    if (sort_t->us[i] != sort_t->us[j])
        return sort_t->us[i] > sort_t->us[j] ? -1 : 1;
    return (i > j) - (i < j);
}

/* Frontier indices (U_s descending) into out; returns how many, or -1
 * when out of memory.  The shared TOL filter of dp.c. */
static long frontier(const table *t, long *out)
{
    ww__dp_pt *pts = malloc(sizeof *pts * (size_t)(t->count + 1));
    if (!pts)
        return -1;
    int k = 0;
    for (long i = 0; i < t->count; i++)
        if (t->adm[i])
            pts[k++] = (ww__dp_pt){t->ub[i], t->us[i], i};
    int np = ww__dp_pareto_tol(pts, k);
    for (int i = 0; i < np; i++)
        out[i] = (long)pts[i].key;
    free(pts);
    return np;
}

static int hamming(const int *a, const int *b, int n)
{
    int d = 0;
    for (int i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

int ww__scan_chosen(ww_query *q, ww_qkind kind)
{
    double count = ww_model_package_count(q->m);
    if (q->o.path == WW_PATH_ENUM)
        return 1;
    if (q->o.path != WW_PATH_AUTO || !(count <= WW__SCAN_AUTO_MAX))
        return 0;
    for (int i = 0; i < q->m->nterms; i++)
        if (q->m->terms[i].nlevels > 64)
            return 1; /* one-hot branching on a wide term is slow */
    switch (kind) {
    case WW_Q_BEST: /* one or two MIPs of ~10-30 us */
        return count <= WW__SCAN_BEST_MAX;
    case WW_Q_FRONTIER:
    case WW_Q_NASH:
    case WW_Q_KALAI: /* the DP is faster from a few dozen packages on */
        if (count <= WW__SCAN_TINY)
            return 1;
        if (count > WW__SCAN_MIP_MAX)
            return 0;
        return ww__dp_serves(q) == 0; /* else the MIP loop: milliseconds */
    default: /* trades, meso, evaluate: milliseconds of MIPs */
        return count <= WW__SCAN_MIP_MAX;
    }
}

ww_status ww__scan(ww_query *q, ww_qkind kind, const ww_qargs *a,
                   ww_result *r, ww_outcome *oc)
{
    ww_model *m = q->m;
    r->stats.path = WW_PATH_ENUM;
    if (!(ww_model_package_count(m) <= WW__SCAN_MAX))
        return ww__fail(m, WW_TOO_LARGE,
                        "path \"enum\": %.0f packages is more than %.0f",
                        ww_model_package_count(m), WW__SCAN_MAX);
    table t;
    int n = m->nterms;
    long *idx = NULL, *out = NULL;
    double *key = NULL;
    unsigned char *ok = NULL;
    int *pkg = malloc(sizeof(int) * (size_t)(n + 1));
    ww_status st = WW_OK;
    int b = build(q, &t);
    if (b < 0 || !pkg) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto done;
    }
    if (b > 0) {
        *oc = WW_OUTCOME_TIME_LIMIT;
        goto done;
    }
    idx = malloc(sizeof(long) * (size_t)(t.count + 1));
    out = malloc(sizeof(long) * (size_t)(t.count + 1));
    key = malloc(sizeof(double) * (size_t)(t.count + 1));
    ok = malloc((size_t)t.count + 1);
    if (!idx || !out || !key || !ok) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto done;
    }
    *oc = WW_OUTCOME_OPTIMAL;
    int has_adm = any(t.adm, t.count);
    long best = argmax(m, &t, t.adm, NULL);
    switch (kind) {
    case WW_Q_BEST:
        if (best < 0)
            break;
        st = add(q, &t, r, best, pkg);
        break;
    case WW_Q_FRONTIER: {
        long np = frontier(&t, out);
        if (np < 0) {
            st = ww__fail(m, WW_NOMEM, "out of memory");
            break;
        }
        long lim = q->o.max_points > 0 && np > q->o.max_points
                       ? q->o.max_points : np;
        for (long i = 0; i < lim && st == WW_OK; i++)
            st = add(q, &t, r, out[i], pkg);
        if (lim < np)
            *oc = WW_OUTCOME_TIME_LIMIT;
        break;
    }
    case WW_Q_NASH:
    case WW_Q_KALAI: {
        if (!has_adm)
            break;
        double d[2], ideal[2] = {-HUGE_VAL, -HUGE_VAL};
        double mn[2] = {HUGE_VAL, HUGE_VAL};
        for (long i = 0; i < t.count; i++) {
            if (t.feas[i]) {
                mn[0] = fmin(mn[0], t.ub[i]);
                mn[1] = fmin(mn[1], t.us[i]);
            }
            if (t.adm[i]) {
                ideal[0] = fmax(ideal[0], t.ub[i]);
                ideal[1] = fmax(ideal[1], t.us[i]);
            }
        }
        for (int p = 0; p < 2; p++)
            d[p] = !q->o.ignore_limits && m->party[p].has_reservation
                       ? m->party[p].reservation : mn[p];
        for (long i = 0; i < t.count; i++) {
            ok[i] = t.adm[i] && t.ub[i] >= d[0] - TOL && t.us[i] >= d[1] - TOL;
            if (!ok[i])
                continue;
            if (kind == WW_Q_KALAI) {
                double u[2] = {t.ub[i], t.us[i]}, rr[2];
                for (int p = 0; p < 2; p++) {
                    double den = ideal[p] - d[p];
                    rr[p] = fabs(den) <= TOL ? 1.0 : (u[p] - d[p]) / den;
                }
                key[i] = fmin(rr[0], rr[1]);
            } else {
                key[i] = (t.ub[i] - d[0]) * (t.us[i] - d[1]);
            }
        }
        long arg = argmax(m, &t, ok, key);
        r->has_anchors = 1;
        memcpy(r->d, d, sizeof d);
        memcpy(r->ideal, ideal, sizeof ideal);
        if (arg >= 0)
            st = add(q, &t, r, arg, pkg);
        break;
    }
    case WW_Q_TRADES: {
        double ru[3];
        ww__util3(m, a->ref, ru);
        long k = 0;
        for (long i = 0; i < t.count; i++) {
            if (!t.adm[i] || t.ub[i] < ru[WW_UB] - TOL ||
                t.us[i] < ru[WW_US] - a->concede - TOL)
                continue;
            unpack(m, &t, i, pkg);
            int h = hamming(pkg, a->ref, n);
            if (h >= 1 && h <= a->max_changes)
                idx[k++] = i;
        }
        sort_t = &t;
        sort_m = m;
        qsort(idx, (size_t)k, sizeof(long), by_joint);
        for (long i = 0; i < k && i < a->top && st == WW_OK; i++)
            st = add(q, &t, r, idx[i], pkg);
        if (a->top > 0 && k == 0)
            *oc = WW_OUTCOME_INFEASIBLE;
        break;
    }
    case WW_Q_MESO: {
        if (!has_adm)
            break;
        double target = a->target, band = a->band;
        if (isnan(target))
            target = t.us[best];
        if (isnan(band)) {
            double mn = HUGE_VAL, mx = -HUGE_VAL;
            for (long i = 0; i < t.count; i++)
                if (t.adm[i]) {
                    mn = fmin(mn, t.us[i]);
                    mx = fmax(mx, t.us[i]);
                }
            band = 0.05 * (mx - mn);
        }
        double lo = target - band - TOL, hi = target + TOL;
        int mind = 0;
        for (int k = 0; k < a->count; k++) {
            int bd = -1;
            double bb = -HUGE_VAL, bs = -HUGE_VAL;
            long arg = -1;
            for (int pass = 0; pass < 3; pass++)
                for (long i = 0; i < t.count; i++) {
                    if (!t.adm[i] || t.us[i] < lo || t.us[i] > hi)
                        continue;
                    unpack(m, &t, i, pkg);
                    int d = n + 1;
                    for (int j = 0; j < r->n; j++) {
                        int h = hamming(pkg, r->pkgs + (size_t)j * n, n);
                        if (h < d)
                            d = h;
                    }
                    if (d == 0)
                        continue;
                    if (pass == 0)
                        bd = d > bd ? d : bd;
                    else if (pass == 1) {
                        if (d == bd && t.ub[i] > bb)
                            bb = t.ub[i];
                    } else if (d == bd && t.ub[i] >= bb - TOL && t.us[i] > bs) {
                        bs = t.us[i];
                        arg = i;
                    }
                }
            if (arg < 0)
                break;
            if (k > 0 && (mind == 0 || bd < mind))
                mind = bd;
            st = add(q, &t, r, arg, pkg);
            if (st != WW_OK)
                break;
        }
        r->diversity = mind;
        if (a->count > 0 && r->n == 0)
            *oc = WW_OUTCOME_INFEASIBLE;
        break;
    }
    case WW_Q_EVALUATE: {
        if (best < 0)
            break;
        double pu[3];
        ww__util3(m, a->ref, pu);
        a->eval->has_value_left = 1;
        a->eval->value_left = ww__joint(m, t.ub[best], t.us[best]) - pu[WW_J];
        for (long i = 0; i < t.count; i++)
            ok[i] = t.adm[i] && t.ub[i] >= pu[WW_UB] - TOL &&
                    t.us[i] >= pu[WW_US] - TOL &&
                    (t.ub[i] > pu[WW_UB] + TOL || t.us[i] > pu[WW_US] + TOL);
        long arg = argmax(m, &t, ok, NULL);
        a->eval->has_improvement = arg >= 0;
        if (arg >= 0)
            st = add(q, &t, r, arg, pkg);
        break;
    }
    }
    if (st == WW_OK && !has_adm) {
        *oc = WW_OUTCOME_INFEASIBLE;
        diagnose(q, &t, r);
    } else if (st == WW_OK && *oc == WW_OUTCOME_INFEASIBLE) {
        ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
done:
    table_free(&t);
    free(idx);
    free(out);
    free(key);
    free(ok);
    free(pkg);
    return st;
}
