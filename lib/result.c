/* result.c — result objects and their accessors (all NULL-safe). */
#include "solver_internal.h"

#include <limits.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points kept inside the result's own allocation: most answers (best,
 * nash, a small frontier) then cost one allocation.  Up to 32 points, in
 * at most INLINE_BYTES: with the struct (264 bytes on x86-64) the block
 * stays under 1 KiB, which glibc serves from its per-thread cache (a
 * 4-term frontier of 18 points: 3 mallocs and frees -> 1). */
#define INLINE_POINTS 32
#define INLINE_BYTES 736

ww_status ww__result_new(const ww_model *m, ww_result **out)
{
    size_t per = 3 * sizeof(double) + (size_t)m->nterms * sizeof(int);
    int k = (int)(INLINE_BYTES / per);
    k = k > INLINE_POINTS ? INLINE_POINTS : k;
    size_t nd = 3 * (size_t)k + ((size_t)k * (size_t)m->nterms + 1) / 2;
    /* malloc, not calloc: the inline tail needs no zeroing */
    ww_result *r = malloc(sizeof *r + nd * sizeof(double));
    *out = r;
    if (!r)
        return ww__fail(m, WW_NOMEM, "out of memory");
    memset(r, 0, sizeof *r);
    if (k) {
        r->u = r->tail;
        r->pkgs = (int *)(r->tail + 3 * k);
        r->cap = k;
        r->inline_pts = 1;
    }
    r->nterms = m->nterms;
    r->outcome = WW_OUTCOME_OPTIMAL;
    r->diag.cause = WW_CAUSE_NONE;
    r->stats.path = WW_PATH_MIP;
    return WW_OK;
}

/* Makes room for `more` points beyond the n kept. */
ww_status ww__result_reserve(ww_result *r, int more)
{
    if (more <= r->cap - r->n)
        return WW_OK;
    if (more > INT_MAX / 2 - r->n)
        return WW_NOMEM;
    int nc = r->cap ? 2 * r->cap : 8;
    while (nc < r->n + more)
        nc *= 2;
    size_t nt = (size_t)(r->nterms > 0 ? r->nterms : 1);
    size_t pb = sizeof(int) * (size_t)nc * nt;
    size_t ub = sizeof(double) * 3 * (size_t)nc;
    int *p;
    double *v;
    if (r->inline_pts) { /* leave the inline tail for the heap */
        p = malloc(pb);
        v = malloc(ub);
        if (!p || !v) {
            free(p);
            free(v);
            return WW_NOMEM;
        }
        memcpy(p, r->pkgs, sizeof(int) * (size_t)r->n * (size_t)r->nterms);
        memcpy(v, r->u, sizeof(double) * 3 * (size_t)r->n);
        r->inline_pts = 0;
    } else {
        if (!(p = realloc(r->pkgs, pb)))
            return WW_NOMEM;
        r->pkgs = p;
        if (!(v = realloc(r->u, ub)))
            return WW_NOMEM;
    }
    r->pkgs = p;
    r->u = v;
    r->cap = nc;
    return WW_OK;
}

ww_status ww__result_add(ww_result *r, const int *pkg, const double u[3])
{
    if (r->n == r->cap && ww__result_reserve(r, 1) != WW_OK)
        return WW_NOMEM;
    memcpy(r->pkgs + (size_t)r->n * (size_t)r->nterms, pkg,
           sizeof(int) * (size_t)r->nterms);
    memcpy(r->u + 3 * (size_t)r->n, u, 3 * sizeof(double));
    r->n++;
    return WW_OK;
}

ww_status ww__result_append(ww_result *r, int n, int **pkgs, double **u)
{
    if (n < 0 || ww__result_reserve(r, n) != WW_OK)
        return WW_NOMEM;
    *pkgs = r->pkgs + (size_t)r->n * (size_t)r->nterms;
    *u = r->u + 3 * (size_t)r->n;
    r->n += n;
    return WW_OK;
}

ww_status ww__result_add_pareto(ww_result *r, const ww_model *m, int n,
                                const int *pkgs, const double *buyer,
                                const double *seller)
{
    int *pk;
    double *u;
    if (n <= 0)
        return WW_OK;
    if (ww__result_append(r, n, &pk, &u) != WW_OK)
        return WW_NOMEM;
    memcpy(pk, pkgs, sizeof(int) * (size_t)n * (size_t)r->nterms);
    for (int i = 0; i < n; i++) {
        u[3 * i + WW_UB] = buyer[i];
        u[3 * i + WW_US] = seller[i];
        u[3 * i + WW_J] = ww__joint(m, buyer[i], seller[i]);
    }
    return WW_OK;
}

void ww__result_finish(ww_result *r, ww_query *q, ww_outcome outcome)
{
    r->outcome = outcome;
    r->stats.solves = q->solves;
    r->stats.elapsed = ww__now() - q->t0;
}

void ww_result_free(ww_result *r)
{
    if (!r)
        return;
    if (!r->inline_pts) {
        free(r->pkgs);
        free(r->u);
    }
    free(r->ref);
    free(r->reason);
    free(r);
}

ww_outcome ww_result_outcome(const ww_result *r)
{
    return r ? r->outcome : WW_OUTCOME_INFEASIBLE;
}

int ww_result_count(const ww_result *r) { return r ? r->n : 0; }

const int *ww_result_package(const ww_result *r, int i)
{
    if (!r || i < 0 || i >= r->n)
        return NULL;
    return r->pkgs + (size_t)i * (size_t)r->nterms;
}

static double uval(const ww_result *r, int i, int k)
{
    if (!r || i < 0 || i >= r->n)
        return NAN;
    return r->u[3 * (size_t)i + (size_t)k];
}

double ww_result_buyer(const ww_result *r, int i) { return uval(r, i, WW_UB); }
double ww_result_seller(const ww_result *r, int i) { return uval(r, i, WW_US); }
double ww_result_joint(const ww_result *r, int i) { return uval(r, i, WW_J); }

int ww_result_points(const ww_result *r, const double **utilities,
                     const int **packages)
{
    int n = r ? r->n : 0;
    if (utilities)
        *utilities = n ? r->u : NULL;
    if (packages)
        *packages = n ? r->pkgs : NULL;
    return n;
}

const int *ww_result_reference(const ww_result *r, ww_evaluation *eval)
{
    if (!r || !r->ref)
        return NULL;
    if (eval)
        *eval = r->ref_eval;
    return r->ref;
}

int ww_result_anchors(const ww_result *r, double d[2], double ideal[2])
{
    int has = r && r->has_anchors;
    for (int p = 0; p < 2; p++) {
        if (d)
            d[p] = has ? r->d[p] : 0;
        if (ideal)
            ideal[p] = has ? r->ideal[p] : 0;
    }
    return has;
}

int ww_result_diversity(const ww_result *r) { return r ? r->diversity : 0; }

int ww_result_band(const ww_result *r, double *target, double *band)
{
    int has = r && r->has_band;
    if (target)
        *target = has ? r->target : 0;
    if (band)
        *band = has ? r->band : 0;
    return has;
}

ww_status ww_result_diagnosis(const ww_result *r, ww_diagnosis *out)
{
    if (!r || !out)
        return WW_MISUSE;
    *out = r->diag;
    return WW_OK;
}

/* Numbers in reasons: short, without float noise. */
static const char *num(char *buf, double v)
{
    if (fabs(v - nearbyint(v)) < 1e-9)
        v = nearbyint(v);
    snprintf(buf, 32, "%.10g", v);
    return buf;
}

/* The one-line text of the diagnosis (four snprintf calls: most of a tiny
 * infeasible query's time, so written only when asked for). */
#define REASON_BYTES 512
static void write_reason(ww_result *r)
{
    char a[32], b[32], c[32];
    ww_cause cause = r->diag.cause;
    if (!r->reason && !(r->reason = malloc(REASON_BYTES)))
        return; /* ww_result_reason falls back to a fixed text */
    switch (cause) {
    case WW_CAUSE_CONSTRAINTS:
        snprintf(r->reason, REASON_BYTES,
                 "no agreement zone: the constraints exclude every package");
        break;
    case WW_CAUSE_SELLER_RESERVATION:
    case WW_CAUSE_BUDGET:
    case WW_CAUSE_BUYER_RESERVATION:
        snprintf(r->reason, REASON_BYTES,
                 "no agreement zone: %s %s but %s %s (gap %s)",
                 cause == WW_CAUSE_BUYER_RESERVATION
                     ? "within the seller's limits the buyer can get at most"
                     : "the seller can get at most",
                 num(a, r->diag.reachable),
                 cause == WW_CAUSE_BUDGET ? "the concession budget requires"
                                          : "needs",
                 num(b, r->diag.required), num(c, r->diag.gap));
        break;
    case WW_CAUSE_QUERY:
        snprintf(r->reason, REASON_BYTES,
                 "admissible packages exist, but none meets the query's "
                 "own bounds");
        break;
    default:
        r->reason[0] = 0;
    }
    r->reason_ready = 1;
}

const char *ww_result_reason(const ww_result *r)
{
    if (!r || r->diag.cause == WW_CAUSE_NONE)
        return "";
    if (!r->reason_ready) /* a result is used by one thread at a time */
        write_reason((ww_result *)r);
    if (!r->reason)
        return "no agreement zone"; /* out of memory for the numbers */
    return r->reason;
}

ww_status ww_result_stats(const ww_result *r, ww_stats *out)
{
    if (!r || !out)
        return WW_MISUSE;
    *out = r->stats;
    return WW_OK;
}
