/* scan.c — the enumeration path: every query but trades (nearby.c; here
 * only the diagnosis when there is none), best, meso and evaluate (band.c;
 * here only the diagnosis when nothing is admissible) answered by
 * scanning every package once (at most WW__SCAN_MAX), with the shared
 * semantics applied literally.  Exact and simple; a second path next to
 * the MIP, and the faster one for small spaces with wide terms, where
 * GLPK's branching on one-hot rows is slow (e.g. one term of 1,001
 * levels). */
#include "solver_internal.h"
#include "dp.h" /* ww__dp_front */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* One query's working memory, carved from a single block: for the
 * microsecond queries of tiny spaces the allocator's cost matters. */
typedef struct table {
    long count;
    int n;
    double *ub, *us, *key;
    unsigned char *feas, *adm, *ok;
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
    CARVE(key, c * sizeof(double));
    CARVE(pkg, ((size_t)t->n + 1) * sizeof(int));
    CARVE(feas, c);
    CARVE(adm, c);
    CARVE(ok, c + 1);
#undef CARVE
    return at;
}

static void unpack(const ww_model *m, const table *t, long idx, int *pkg)
{
    int last = t->n - 1; /* what the others leave: no division */
    for (int i = 0; i < last; i++) {
        pkg[i] = (int)(idx % m->terms[i].nlevels);
        idx /= m->terms[i].nlevels;
    }
    if (last >= 0)
        pkg[last] = (int)idx;
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
    int n = t->n, *pkg = t->pkg;
    memset(pkg, 0, sizeof(int) * ((size_t)n + 1));
    /* Odometer with the last term fastest and running prefix sums over
     * terms 0..k: the same additions in the same order as ww__utilities,
     * so the same doubles, at O(1) amortized per package. */
    double pre[2 * PREFIX_TERMS];
    double *pb = n <= PREFIX_TERMS ? pre : NULL;
    double *ps = pre + PREFIX_TERMS;
    long stride_last = t->count / m->terms[n - 1].nlevels;
    long idx = 0;
    int from = 0; /* first term whose level changed */
    for (long i = 0; i < t->count; i++) {
        if ((i & 0xffff) == 0xffff && q->deadline && ww__now() >= q->deadline) {
            q->stopped = 1;
            return 1;
        }
        double u[2];
        if (pb) {
            for (int k = from; k < n; k++) {
                const ww_level *lv = &m->terms[k].levels[pkg[k]];
                pb[k] = (k ? pb[k - 1] : 0.0) + lv->buyer;
                ps[k] = (k ? ps[k - 1] : 0.0) + lv->seller;
            }
            u[WW_BUYER] = pb[n - 1];
            u[WW_SELLER] = ps[n - 1];
            for (int x = 0; x < m->ninter; x++)
                ww__interaction_add(m, &m->inter[x], pkg, u);
        } else {
            ww__utilities(m, pkg, &u[WW_BUYER], &u[WW_SELLER]);
        }
        t->ub[idx] = u[WW_BUYER];
        t->us[idx] = u[WW_SELLER];
        t->feas[idx] = m->ncons == 0 || ww__feasible(m, pkg) < 0;
        t->adm[idx] = t->feas[idx] &&
                      ww__meets_floors(q->has_floor, q->floor, u[WW_BUYER],
                                       u[WW_SELLER]);
        int k = n - 1;
        while (k >= 0 && ++pkg[k] == m->terms[k].nlevels)
            pkg[k--] = 0;
        if (k < 0)
            break;
        from = k;
        if (k == n - 1) { /* index = sum level[t] * stride[t], term 0 fastest */
            idx += stride_last;
            continue;
        }
        idx = 0;
        for (int j = n - 1; j >= 0; j--)
            idx = idx * m->terms[j].nlevels + pkg[j];
    }
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

/* Package idx's levels and utilities, into a result's room. */
static void put(const ww_model *m, const table *t, long idx, int *pk,
                double *u)
{
    unpack(m, t, idx, pk);
    u[WW_UB] = t->ub[idx];
    u[WW_US] = t->us[idx];
    u[WW_J] = ww__joint(m, t->ub[idx], t->us[idx]);
}

static ww_status add(ww_query *q, const table *t, ww_result *r, long idx)
{
    int *pk;
    double *u;
    if (ww__result_append(r, 1, &pk, &u) != WW_OK)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    put(q->m, t, idx, pk, u);
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

/* The frontier (U_s descending) as t->pts[0..return); -1 when out of
 * memory.  The shared TOL filter of pareto_tol.c. */
static int frontier(const table *t)
{
    int k = 0;
    for (long i = 0; i < t->count; i++)
        if (t->adm[i])
            t->pts[k++] = (ww__dp_pt){t->ub[i], t->us[i], i};
    return ww__dp_front(t->pts, k);
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
    if (frontier) { /* the DP is faster from a few dozen packages on */
        if (count <= WW__SCAN_TINY)
            return 1;
        if (count > WW__SCAN_MIP_MAX && !q->s->wide)
            return 0;
        /* else the MIP loop: milliseconds, and slow to branch on one-hot
         * rows of a wide term (> 64 levels), where the DP is a merge of
         * presorted levels (other/pie's 1,001: 1.3x faster than this) */
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
    if (!(q->s->packages <= WW__SCAN_MAX))
        return ww__fail(m, WW_TOO_LARGE,
                        "path \"enum\": %.0f packages is more than %.0f",
                        q->s->packages, WW__SCAN_MAX);
    if (kind == WW_Q_MESO) /* a thin band: walked, not scanned whole */
        return ww__band_meso(q, a, r, oc);
    if (kind == WW_Q_EVALUATE) /* two maxima: branch and bound */
        return ww__band_evaluate(q, a, r, oc);
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
    unsigned char *ok = t.ok;
    double *key = t.key;
    *oc = WW_OUTCOME_OPTIMAL;
    int has_adm = any(t.adm, t.count);
    switch (kind) {
    case WW_Q_BEST: /* answered by band.c above */
        break;
    case WW_Q_FRONTIER: {
        long np = frontier(&t);
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
            key[i] = ww__bargain_key(kind == WW_Q_KALAI, d, ideal, t.ub[i],
                                     t.us[i]);
            ok[i] = t.adm[i] && key[i] > -HUGE_VAL; /* meets d */
        }
        long arg = argmax(m, &t, ok, key);
        r->has_anchors = 1;
        memcpy(r->d, d, sizeof d);
        memcpy(r->ideal, ideal, sizeof ideal);
        if (arg >= 0)
            st = add(q, &t, r, arg);
        break;
    }
    case WW_Q_MESO: /* answered by band.c above */
        break;
    case WW_Q_TRADES: /* nearby.c finds trades; here only the diagnosis of
                         none (the model's cause, else the query's) */
        *oc = WW_OUTCOME_INFEASIBLE;
        break;
    case WW_Q_EVALUATE: /* answered by band.c above */
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
