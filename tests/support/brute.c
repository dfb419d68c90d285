/* Brute-force reference answers (see brute.h).  Deliberately naive: one
 * table of (U_b, U_s, feasible) over all packages, then linear scans. */
#include "brute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_BRUTE_TOL

typedef struct bcond {
    int term;
    unsigned char *member;      /* member[level]: the condition allows it */
} bcond;

typedef struct binter {
    int is_product;
    bcond *conds;
    int ncond;
    int ta, tb;
    double u[2];
} binter;

typedef struct bcons {
    int is_linear;
    bcond *conds;               /* forbid */
    int ncond;
    int *terms;                 /* linear */
    double *coefs;
    int nlin;
    double min, max;
} bcons;

struct ww_brute {
    int n;
    int *nl;
    long *stride;
    long count;
    double **lu[2];             /* lu[party][term][level] */
    double **val;               /* val[term][level], NAN when absent */
    binter *inter;
    int ninter;
    bcons *cons;
    int ncons;
    double w[2];
    int has_res[2];
    double res[2];
    int *opening;               /* NULL when none */
    int has_budget;
    double budget;
    double *ub, *us;
    unsigned char *feas;
};

/* ---- copying the model through its accessors ---- */

static int copy_conds(const ww_brute *b, const ww_condition *c, int nc,
                      bcond **out)
{
    bcond *bc = calloc((size_t)nc, sizeof *bc);
    if (!bc)
        return 0;
    *out = bc;
    for (int j = 0; j < nc; j++) {
        if (c[j].term < 0 || c[j].term >= b->n)
            return 0;
        bc[j].term = c[j].term;
        bc[j].member = calloc((size_t)b->nl[c[j].term], 1);
        if (!bc[j].member)
            return 0;
        for (int k = 0; k < c[j].nlevels; k++) {
            int l = c[j].levels[k];
            if (l < 0 || l >= b->nl[c[j].term])
                return 0;
            bc[j].member[l] = 1;
        }
    }
    return 1;
}

static int conds_hold(const bcond *c, int nc, const int *pkg)
{
    for (int j = 0; j < nc; j++)
        if (!c[j].member[pkg[c[j].term]])
            return 0;
    return 1;
}

static int copy_model(ww_brute *b, const ww_model *m)
{
    b->n = ww_model_term_count(m);
    if (b->n <= 0)
        return 0;
    b->nl = calloc((size_t)b->n, sizeof *b->nl);
    b->stride = calloc((size_t)b->n, sizeof *b->stride);
    b->lu[0] = calloc((size_t)b->n, sizeof(double *));
    b->lu[1] = calloc((size_t)b->n, sizeof(double *));
    b->val = calloc((size_t)b->n, sizeof(double *));
    if (!b->nl || !b->stride || !b->lu[0] || !b->lu[1] || !b->val)
        return 0;
    for (int t = 0; t < b->n; t++) {
        int nl = ww_model_level_count(m, t);
        if (nl <= 0)
            return 0;
        b->nl[t] = nl;
        b->lu[0][t] = calloc((size_t)nl, sizeof(double));
        b->lu[1][t] = calloc((size_t)nl, sizeof(double));
        b->val[t] = calloc((size_t)nl, sizeof(double));
        if (!b->lu[0][t] || !b->lu[1][t] || !b->val[t])
            return 0;
        for (int l = 0; l < nl; l++) {
            double v;
            b->lu[0][t][l] = ww_model_level_buyer(m, t, l);
            b->lu[1][t][l] = ww_model_level_seller(m, t, l);
            b->val[t][l] = ww_model_level_value(m, t, l, &v) ? v : NAN;
        }
    }
    b->ninter = ww_model_interaction_count(m);
    b->inter = calloc((size_t)b->ninter + 1, sizeof *b->inter);
    if (!b->inter)
        return 0;
    for (int i = 0; i < b->ninter; i++) {
        binter *it = &b->inter[i];
        ww_interaction_kind kind;
        if (ww_model_interaction(m, i, &kind, &it->u[0], &it->u[1]) != WW_OK)
            return 0;
        if (kind == WW_INTERACTION_PRODUCT) {
            it->is_product = 1;
            if (ww_model_interaction_product(m, i, &it->ta, &it->tb) != WW_OK)
                return 0;
        } else {
            int nc = ww_model_interaction_when(m, i, NULL, 0);
            if (nc <= 0)
                return 0;
            ww_condition *c = calloc((size_t)nc, sizeof *c);
            if (!c)
                return 0;
            ww_model_interaction_when(m, i, c, nc);
            it->ncond = nc;
            int ok = copy_conds(b, c, nc, &it->conds);
            free(c);
            if (!ok)
                return 0;
        }
    }
    b->ncons = ww_model_constraint_count(m);
    b->cons = calloc((size_t)b->ncons + 1, sizeof *b->cons);
    if (!b->cons)
        return 0;
    for (int i = 0; i < b->ncons; i++) {
        bcons *c = &b->cons[i];
        ww_constraint_kind kind;
        if (ww_model_constraint_kind(m, i, &kind) != WW_OK)
            return 0;
        if (kind == WW_CONSTRAINT_LINEAR) {
            const int *terms;
            const double *coefs;
            c->is_linear = 1;
            c->nlin = ww_model_constraint_linear(m, i, &terms, &coefs, &c->min,
                                                 &c->max);
            if (c->nlin <= 0)
                return 0;
            c->terms = calloc((size_t)c->nlin, sizeof(int));
            c->coefs = calloc((size_t)c->nlin, sizeof(double));
            if (!c->terms || !c->coefs)
                return 0;
            memcpy(c->terms, terms, (size_t)c->nlin * sizeof(int));
            memcpy(c->coefs, coefs, (size_t)c->nlin * sizeof(double));
        } else {
            int nc = ww_model_constraint_forbid(m, i, NULL, 0);
            if (nc <= 0)
                return 0;
            ww_condition *cc = calloc((size_t)nc, sizeof *cc);
            if (!cc)
                return 0;
            ww_model_constraint_forbid(m, i, cc, nc);
            c->ncond = nc;
            int ok = copy_conds(b, cc, nc, &c->conds);
            free(cc);
            if (!ok)
                return 0;
        }
    }
    for (int p = 0; p < 2; p++) {
        b->w[p] = ww_model_weight(m, (ww_party)p);
        b->has_res[p] = ww_model_reservation(m, (ww_party)p, &b->res[p]);
    }
    const int *open = ww_model_opening(m);
    if (open) {
        b->opening = calloc((size_t)b->n, sizeof(int));
        if (!b->opening)
            return 0;
        memcpy(b->opening, open, (size_t)b->n * sizeof(int));
    }
    b->has_budget = ww_model_budget(m, &b->budget);
    return 1;
}

/* ---- one package ---- */

void ww_brute_utilities(const ww_brute *b, const int *pkg, double *ub,
                        double *us)
{
    double u[2] = {0, 0};
    for (int t = 0; t < b->n; t++)
        for (int p = 0; p < 2; p++)
            u[p] += b->lu[p][t][pkg[t]];
    for (int i = 0; i < b->ninter; i++) {
        const binter *it = &b->inter[i];
        if (it->is_product) {
            double prod = b->val[it->ta][pkg[it->ta]] * b->val[it->tb][pkg[it->tb]];
            for (int p = 0; p < 2; p++)
                u[p] += it->u[p] * prod;
        } else if (conds_hold(it->conds, it->ncond, pkg)) {
            for (int p = 0; p < 2; p++)
                u[p] += it->u[p];
        }
    }
    *ub = u[0];
    *us = u[1];
}

int ww_brute_breaks(const ww_brute *b, int i, const int *pkg)
{
    if (i < 0 || i >= b->ncons)
        return 0;
    const bcons *c = &b->cons[i];
    if (c->is_linear) {
        double a = 0;
        for (int j = 0; j < c->nlin; j++)
            a += c->coefs[j] * b->val[c->terms[j]][pkg[c->terms[j]]];
        return a < c->min - TOL || a > c->max + TOL;
    }
    return conds_hold(c->conds, c->ncond, pkg);
}

int ww_brute_feasible_pkg(const ww_brute *b, const int *pkg)
{
    for (int i = 0; i < b->ncons; i++)
        if (ww_brute_breaks(b, i, pkg))
            return 0;
    return 1;
}

void ww_brute_get_limits(const ww_brute *b, const ww_options *o,
                         ww_brute_limits *lim)
{
    memset(lim, 0, sizeof *lim);
    if (o && o->ignore_limits)
        return;
    lim->has_buyer = b->has_res[0];
    lim->buyer = b->res[0];
    lim->has_seller = b->has_res[1];
    lim->seller = b->res[1];
    int has_budget = b->has_budget;
    double budget = b->budget;
    if (o && o->override_budget) {
        has_budget = 1;
        budget = o->budget;
    }
    if (has_budget && b->opening) {
        double ob, os;
        ww_brute_utilities(b, b->opening, &ob, &os);
        lim->has_budget = 1;
        lim->budget_floor = os - budget;
    }
}

static int meets_limits(const ww_brute_limits *lim, double ub, double us)
{
    if (lim->has_buyer && ub < lim->buyer - TOL)
        return 0;
    if (lim->has_seller && us < lim->seller - TOL)
        return 0;
    if (lim->has_budget && us < lim->budget_floor - TOL)
        return 0;
    return 1;
}

int ww_brute_admissible_pkg(const ww_brute *b, const ww_options *o,
                            const int *pkg)
{
    ww_brute_limits lim;
    double ub, us;
    ww_brute_get_limits(b, o, &lim);
    ww_brute_utilities(b, pkg, &ub, &us);
    return ww_brute_feasible_pkg(b, pkg) && meets_limits(&lim, ub, us);
}

/* ---- the table ---- */

ww_status ww_brute_new(const ww_model *model, long max_packages,
                       ww_brute **out)
{
    *out = NULL;
    if (!model)
        return WW_INVALID;
    ww_brute *b = calloc(1, sizeof *b);
    if (!b)
        return WW_NOMEM;
    if (!copy_model(b, model)) {
        ww_brute_free(b);
        return WW_INVALID;
    }
    double count = 1;
    for (int t = 0; t < b->n; t++) {
        b->stride[t] = (long)count;
        count *= b->nl[t];
    }
    if (count > (double)max_packages) {
        ww_brute_free(b);
        return WW_TOO_LARGE;
    }
    b->count = (long)count;
    b->ub = malloc((size_t)b->count * sizeof(double));
    b->us = malloc((size_t)b->count * sizeof(double));
    b->feas = malloc((size_t)b->count);
    int *pkg = calloc((size_t)b->n, sizeof(int));
    if (!b->ub || !b->us || !b->feas || !pkg) {
        free(pkg);
        ww_brute_free(b);
        return WW_NOMEM;
    }
    for (long i = 0; i < b->count; i++) {
        ww_brute_utilities(b, pkg, &b->ub[i], &b->us[i]);
        b->feas[i] = (unsigned char)ww_brute_feasible_pkg(b, pkg);
        for (int t = 0; t < b->n; t++) {  /* odometer, term 0 fastest */
            if (++pkg[t] < b->nl[t])
                break;
            pkg[t] = 0;
        }
    }
    free(pkg);
    *out = b;
    return WW_OK;
}

static void free_conds(bcond *c, int n)
{
    if (!c)
        return;
    for (int j = 0; j < n; j++)
        free(c[j].member);
    free(c);
}

void ww_brute_free(ww_brute *b)
{
    if (!b)
        return;
    for (int t = 0; t < b->n; t++) {
        if (b->lu[0])
            free(b->lu[0][t]);
        if (b->lu[1])
            free(b->lu[1][t]);
        if (b->val)
            free(b->val[t]);
    }
    free(b->lu[0]);
    free(b->lu[1]);
    free(b->val);
    for (int i = 0; b->inter && i < b->ninter; i++)
        free_conds(b->inter[i].conds, b->inter[i].ncond);
    free(b->inter);
    for (int i = 0; b->cons && i < b->ncons; i++) {
        free_conds(b->cons[i].conds, b->cons[i].ncond);
        free(b->cons[i].terms);
        free(b->cons[i].coefs);
    }
    free(b->cons);
    free(b->opening);
    free(b->nl);
    free(b->stride);
    free(b->ub);
    free(b->us);
    free(b->feas);
    free(b);
}

int ww_brute_terms(const ww_brute *b) { return b->n; }
long ww_brute_count(const ww_brute *b) { return b->count; }

void ww_brute_package(const ww_brute *b, long index, int *pkg)
{
    for (int t = 0; t < b->n; t++) {
        pkg[t] = (int)(index % b->nl[t]);
        index /= b->nl[t];
    }
}

long ww_brute_index(const ww_brute *b, const int *pkg)
{
    long idx = 0;
    if (!pkg)
        return -1;
    for (int t = 0; t < b->n; t++) {
        if (pkg[t] < 0 || pkg[t] >= b->nl[t])
            return -1;
        idx += pkg[t] * b->stride[t];
    }
    return idx;
}

double ww_brute_buyer(const ww_brute *b, long i) { return b->ub[i]; }
double ww_brute_seller(const ww_brute *b, long i) { return b->us[i]; }
int ww_brute_feasible(const ww_brute *b, long i) { return b->feas[i]; }

static double joint(const ww_brute *b, double ub, double us)
{
    return b->w[0] * ub + b->w[1] * us;
}

double ww_brute_joint(const ww_brute *b, long i)
{
    return joint(b, b->ub[i], b->us[i]);
}

int ww_brute_hamming(const ww_brute *b, const int *p, const int *q)
{
    int d = 0;
    for (int t = 0; t < b->n; t++)
        d += p[t] != q[t];
    return d;
}

int ww_brute_admissible(const ww_brute *b, const ww_options *o, long i)
{
    ww_brute_limits lim;
    ww_brute_get_limits(b, o, &lim);
    return b->feas[i] && meets_limits(&lim, b->ub[i], b->us[i]);
}

/* An admissibility mask for the whole table (caller frees). */
static unsigned char *admissible_mask(const ww_brute *b, const ww_options *o,
                                      long *nadm)
{
    ww_brute_limits lim;
    ww_brute_get_limits(b, o, &lim);
    unsigned char *a = malloc((size_t)b->count);
    long k = 0;
    if (!a)
        abort();  /* test support: out of memory is fatal */
    for (long i = 0; i < b->count; i++) {
        a[i] = b->feas[i] && meets_limits(&lim, b->ub[i], b->us[i]);
        k += a[i];
    }
    if (nadm)
        *nadm = k;
    return a;
}

/* ---- best ---- */

/* Among the packages flagged in ok[] (or key[] > -inf), the one of max key,
 * ties (within TOL) higher J, then higher U_s.  key NULL: J is the key. */
static long argmax(const ww_brute *b, const unsigned char *ok,
                   const double *key)
{
    double best = -HUGE_VAL;
    for (long i = 0; i < b->count; i++)
        if (ok[i]) {
            double k = key ? key[i] : ww_brute_joint(b, i);
            if (k > best)
                best = k;
        }
    if (best == -HUGE_VAL)
        return -1;
    double bj = -HUGE_VAL;
    for (long i = 0; i < b->count; i++)
        if (ok[i] && (key ? key[i] : ww_brute_joint(b, i)) >= best - TOL &&
            ww_brute_joint(b, i) > bj)
            bj = ww_brute_joint(b, i);
    long arg = -1;
    for (long i = 0; i < b->count; i++)
        if (ok[i] && (key ? key[i] : ww_brute_joint(b, i)) >= best - TOL &&
            ww_brute_joint(b, i) >= bj - TOL &&
            (arg < 0 || b->us[i] > b->us[arg]))
            arg = i;
    return arg;
}

long ww_brute_best(const ww_brute *b, const ww_options *o)
{
    unsigned char *a = admissible_mask(b, o, NULL);
    long r = argmax(b, a, NULL);
    free(a);
    return r;
}

/* ---- frontier ---- */

int ww_brute_dominates(double qb, double qs, double pb, double ps)
{
    return qb >= pb - TOL && qs >= ps - TOL &&
           (qb > pb + TOL || qs > ps + TOL);
}

/* qsort has no context argument: the table being sorted (one thread only). */
static const ww_brute *sort_b;
static int by_seller_desc(const void *x, const void *y)
{
    long i = *(const long *)x, j = *(const long *)y;
    double si = sort_b->us[i], sj = sort_b->us[j];
    if (si != sj)
        return si > sj ? -1 : 1;
    double bi = sort_b->ub[i], bj = sort_b->ub[j];
    if (bi != bj)
        return bi > bj ? -1 : 1;
    return (i > j) - (i < j);
}

int ww_brute_frontier(const ww_brute *b, const ww_options *o,
                      ww_brute_point **points)
{
    long nadm;
    unsigned char *a = admissible_mask(b, o, &nadm);
    long *idx = malloc((size_t)(nadm + 1) * sizeof(long));
    ww_brute_point *pts = malloc((size_t)(nadm + 1) * sizeof *pts);
    if (!idx || !pts)
        abort();
    long k = 0;
    for (long i = 0; i < b->count; i++)
        if (a[i])
            idx[k++] = i;
    free(a);
    sort_b = b;
    qsort(idx, (size_t)k, sizeof(long), by_seller_desc);
    /* q dominates p iff (U_s(q) > U_s(p) + TOL and U_b(q) >= U_b(p) - TOL)
     * or (|U_s(q) - U_s(p)| <= TOL and U_b(q) > U_b(p) + TOL).  The first
     * is a running max over a prefix; the second a scan of a narrow
     * window. */
    int np = 0;
    long pre = 0;               /* idx[0..pre) have U_s > U_s(p) + TOL */
    double premax = -HUGE_VAL;  /* max U_b over that prefix */
    for (long x = 0; x < k; x++) {
        long p = idx[x];
        double pb = b->ub[p], ps = b->us[p];
        while (pre < k && b->us[idx[pre]] > ps + TOL) {
            if (b->ub[idx[pre]] > premax)
                premax = b->ub[idx[pre]];
            pre++;
        }
        int dom = premax >= pb - TOL;
        for (long y = pre; !dom && y < k && b->us[idx[y]] >= ps - TOL; y++)
            if (b->ub[idx[y]] > pb + TOL)
                dom = 1;
        if (dom)
            continue;
        /* same point (within TOL) already listed; "within TOL" is the
         * negation of "more than TOL" as tested above (x > y + TOL), so
         * that a pair is one or the other even when x - y is TOL to the
         * last bits */
        int dup = 0;
        for (int j = np - 1; j >= 0 && pts[j].seller <= ps + TOL; j--)
            if (pts[j].buyer <= pb + TOL && pb <= pts[j].buyer + TOL)
                dup = 1;
        if (dup)
            continue;
        pts[np].buyer = pb;
        pts[np].seller = ps;
        pts[np].index = p;
        np++;
    }
    free(idx);
    *points = pts;
    return np;
}

/* ---- nash and kalai ---- */

static void anchors(const ww_brute *b, const ww_options *o,
                    const unsigned char *adm, double d[2], double ideal[2])
{
    ww_brute_limits lim;
    ww_brute_get_limits(b, o, &lim);
    double mn[2] = {HUGE_VAL, HUGE_VAL};
    ideal[0] = ideal[1] = -HUGE_VAL;
    for (long i = 0; i < b->count; i++) {
        if (b->feas[i]) {
            mn[0] = fmin(mn[0], b->ub[i]);
            mn[1] = fmin(mn[1], b->us[i]);
        }
        if (adm[i]) {
            ideal[0] = fmax(ideal[0], b->ub[i]);
            ideal[1] = fmax(ideal[1], b->us[i]);
        }
    }
    d[0] = lim.has_buyer ? lim.buyer : mn[0];
    d[1] = lim.has_seller ? lim.seller : mn[1];
}

double ww_brute_nash_objective(const double d[2], double ub, double us)
{
    return (ub - d[0]) * (us - d[1]);
}

double ww_brute_kalai_objective(const double d[2], const double ideal[2],
                                double ub, double us)
{
    double u[2] = {ub, us}, r[2];
    for (int p = 0; p < 2; p++) {
        double den = ideal[p] - d[p];
        r[p] = fabs(den) <= TOL ? 1.0 : (u[p] - d[p]) / den;
    }
    return fmin(r[0], r[1]);
}

static int bargain(const ww_brute *b, const ww_options *o, int kalai,
                   ww_brute_bargain *out)
{
    unsigned char *a = admissible_mask(b, o, NULL);
    double *key = malloc((size_t)b->count * sizeof(double));
    if (!key)
        abort();
    anchors(b, o, a, out->d, out->ideal);
    for (long i = 0; i < b->count; i++) {
        if (a[i] && (b->ub[i] < out->d[0] - TOL || b->us[i] < out->d[1] - TOL))
            a[i] = 0;
        key[i] = !a[i] ? -HUGE_VAL
                 : kalai ? ww_brute_kalai_objective(out->d, out->ideal,
                                                    b->ub[i], b->us[i])
                         : ww_brute_nash_objective(out->d, b->ub[i], b->us[i]);
    }
    out->index = argmax(b, a, key);
    out->objective = out->index >= 0 ? key[out->index] : NAN;
    free(a);
    free(key);
    return out->index >= 0;
}

int ww_brute_nash(const ww_brute *b, const ww_options *o,
                  ww_brute_bargain *out)
{
    return bargain(b, o, 0, out);
}

int ww_brute_kalai(const ww_brute *b, const ww_options *o,
                   ww_brute_bargain *out)
{
    return bargain(b, o, 1, out);
}

/* ---- trades ---- */

int ww_brute_is_trade(const ww_brute *b, const ww_options *o, const int *ref,
                      int max_changes, double concede, const int *p)
{
    double rb, rs, pb, ps;
    int h = ww_brute_hamming(b, ref, p);
    ww_brute_utilities(b, ref, &rb, &rs);
    ww_brute_utilities(b, p, &pb, &ps);
    return h >= 1 && h <= max_changes && pb >= rb - TOL &&
           ps >= rs - concede - TOL && ww_brute_admissible_pkg(b, o, p);
}

int ww_brute_trades(const ww_brute *b, const ww_options *o, const int *ref,
                    int max_changes, int top, double concede, long *out,
                    long *total)
{
    unsigned char *cand = calloc((size_t)b->count, 1);
    int *pkg = malloc((size_t)b->n * sizeof(int));
    if (!cand || !pkg)
        abort();
    long k = 0;
    for (long i = 0; i < b->count; i++) {
        ww_brute_package(b, i, pkg);
        if (ww_brute_is_trade(b, o, ref, max_changes, concede, pkg)) {
            cand[i] = 1;
            k++;
        }
    }
    /* J descending, J within TOL counting as a tie broken by higher U_s:
     * repeatedly take the argmax of what is left */
    int n = 0;
    for (; n < top && n < k; n++) {
        out[n] = argmax(b, cand, NULL);
        cand[out[n]] = 0;
    }
    if (total)
        *total = k;
    free(cand);
    free(pkg);
    return n;
}

/* ---- meso ---- */

int ww_brute_meso_band(const ww_brute *b, const ww_options *o, double target,
                       double band, double *lo, double *hi)
{
    long best = ww_brute_best(b, o);
    if (best < 0)
        return 0;
    if (isnan(target))
        target = b->us[best];
    if (isnan(band)) { /* the seller's range over the feasible packages */
        double mn = HUGE_VAL, mx = -HUGE_VAL;
        for (long i = 0; i < b->count; i++)
            if (b->feas[i]) {
                mn = fmin(mn, b->us[i]);
                mx = fmax(mx, b->us[i]);
            }
        band = 0.05 * (mx - mn);
    }
    *lo = target - band - TOL;
    *hi = target + TOL;
    return 1;
}

int ww_brute_min_distance(const ww_brute *b, const int *p,
                          const int *const *offers, int k)
{
    int d = b->n + 1;
    for (int j = 0; j < k; j++) {
        int h = ww_brute_hamming(b, p, offers[j]);
        if (h < d)
            d = h;
    }
    return d;
}

/* ww_brute_meso_step, also returning the index of the first package with
 * the best key (-1: none). */
static long meso_arg(const ww_brute *b, const ww_options *o, double lo,
                     double hi, const int *const *offers, int k, int *ncand,
                     int *distance, double *buyer, double *seller)
{
    unsigned char *a = admissible_mask(b, o, NULL);
    int *pkg = malloc((size_t)b->n * sizeof(int));
    if (!pkg)
        abort();
    int count = 0, bd = -1;
    long arg = -1;
    double bb = -HUGE_VAL, bs = -HUGE_VAL;
    /* pass 1: max distance; pass 2: max U_b at it; pass 3: max U_s */
    for (int pass = 0; pass < 3; pass++) {
        for (long i = 0; i < b->count; i++) {
            if (!a[i] || b->us[i] < lo || b->us[i] > hi)
                continue;
            ww_brute_package(b, i, pkg);
            int d = ww_brute_min_distance(b, pkg, offers, k);
            if (d == 0)
                continue;       /* one of the offers itself */
            if (pass == 0) {
                count++;
                if (d > bd)
                    bd = d;
            } else if (pass == 1) {
                if (d == bd && b->ub[i] > bb)
                    bb = b->ub[i];
            } else if (d == bd && b->ub[i] >= bb - TOL && b->us[i] > bs) {
                bs = b->us[i];
                arg = i;
            }
        }
    }
    free(a);
    free(pkg);
    *ncand = count;
    *distance = bd;
    *buyer = bb;
    *seller = bs;
    return arg;
}

int ww_brute_meso_step(const ww_brute *b, const ww_options *o, double lo,
                       double hi, const int *const *offers, int k,
                       int *distance, double *buyer, double *seller)
{
    int count;
    meso_arg(b, o, lo, hi, offers, k, &count, distance, buyer, seller);
    return count;
}

int ww_brute_meso(const ww_brute *b, const ww_options *o, int count,
                  double target, double band, long *index)
{
    double lo, hi;
    if (count > 64)
        count = 64;
    if (count <= 0 || !ww_brute_meso_band(b, o, target, band, &lo, &hi))
        return 0;
    int *store = malloc((size_t)count * (size_t)(b->n ? b->n : 1) * sizeof(int));
    if (!store)
        abort();
    const int *offers[64];
    int k = 0;
    for (; k < count; k++) {
        int nc, d;
        double bb, bs;
        long arg = meso_arg(b, o, lo, hi, offers, k, &nc, &d, &bb, &bs);
        if (arg < 0)
            break;
        int *p = store + (size_t)k * (size_t)b->n;
        ww_brute_package(b, arg, p);
        offers[k] = p;
        if (index)
            index[k] = arg;
    }
    free(store);
    return k;
}

int ww_brute_meso_agrees(const ww_brute *b, const ww_options *o, int count,
                         double target, double band, const ww_result *r,
                         double tol, char *why, size_t len)
{
    double lo, hi;
    int n = ww_result_count(r);
    if (!ww_brute_meso_band(b, o, target, band, &lo, &hi)) {
        if (n > 0)
            snprintf(why, len, "%d offers, but nothing is admissible", n);
        return n == 0;
    }
    if (n > count || n > 64) {
        snprintf(why, len, "%d offers for count %d", n, count);
        return 0;
    }
    const int *offers[64];
    for (int k = 0; k <= n && k < count; k++) {
        int dist;
        double bb, bs;
        int cand = ww_brute_meso_step(b, o, lo, hi, offers, k, &dist, &bb, &bs);
        if (k == n) {
            if (cand > 0)
                snprintf(why, len, "%d offers, but %d more candidates in "
                         "[%.9g, %.9g]", n, cand, lo, hi);
            return cand == 0;
        }
        const int *p = ww_result_package(r, k);
        double s = ww_result_seller(r, k), u = ww_result_buyer(r, k);
        int d = ww_brute_min_distance(b, p, offers, k);
        if (cand == 0 || d == 0 || !(s >= lo && s <= hi)) {
            snprintf(why, len, "offer %d (U_s %.9g): %s", k, s,
                     cand == 0 ? "no candidate left"
                     : d == 0  ? "repeats an earlier offer"
                               : "outside the band");
            return 0;
        }
        if (d != dist || fabs(u - bb) > tol || fabs(s - bs) > tol) {
            snprintf(why, len, "offer %d has (distance %d, U_b %.9g, U_s "
                     "%.9g), brute force best (%d, %.9g, %.9g)", k, d, u, s,
                     dist, bb, bs);
            return 0;
        }
        offers[k] = p;
    }
    return 1;
}

/* ---- evaluate ---- */

int ww_brute_improves(const ww_brute *b, const ww_options *o, const int *q,
                      const int *p)
{
    double qb, qs, pb, ps;
    ww_brute_utilities(b, q, &qb, &qs);
    ww_brute_utilities(b, p, &pb, &ps);
    return ww_brute_dominates(qb, qs, pb, ps) &&
           ww_brute_admissible_pkg(b, o, q);
}

void ww_brute_evaluate(const ww_brute *b, const ww_options *o, const int *p,
                       int *has_value_left, double *value_left,
                       int *has_improvement, double *improve_joint)
{
    double pb, ps;
    ww_brute_utilities(b, p, &pb, &ps);
    long best = ww_brute_best(b, o);
    *has_value_left = best >= 0;
    *value_left = best >= 0 ? ww_brute_joint(b, best) - joint(b, pb, ps) : NAN;
    unsigned char *a = admissible_mask(b, o, NULL);
    *has_improvement = 0;
    *improve_joint = -HUGE_VAL;
    for (long i = 0; i < b->count; i++)
        if (a[i] && ww_brute_dominates(b->ub[i], b->us[i], pb, ps)) {
            *has_improvement = 1;
            *improve_joint = fmax(*improve_joint, ww_brute_joint(b, i));
        }
    free(a);
}

/* ---- infeasibility ---- */

int ww_brute_cause_applies(const ww_brute *b, const ww_options *o,
                           ww_cause cause, double *reachable,
                           double *required)
{
    ww_brute_limits lim;
    ww_brute_get_limits(b, o, &lim);
    long nfeas = 0, nadm = 0;
    double max_us = -HUGE_VAL, max_ub_within = -HUGE_VAL;
    for (long i = 0; i < b->count; i++) {
        if (!b->feas[i])
            continue;
        nfeas++;
        max_us = fmax(max_us, b->us[i]);
        if ((!lim.has_seller || b->us[i] >= lim.seller - TOL) &&
            (!lim.has_budget || b->us[i] >= lim.budget_floor - TOL))
            max_ub_within = fmax(max_ub_within, b->ub[i]);
        if (meets_limits(&lim, b->ub[i], b->us[i]))
            nadm++;
    }
    double reach = NAN, req = NAN;
    int applies = 0;
    switch (cause) {
    case WW_CAUSE_NONE:
        applies = nadm > 0;
        break;
    case WW_CAUSE_CONSTRAINTS:
        applies = nfeas == 0;
        break;
    case WW_CAUSE_SELLER_RESERVATION:
        reach = max_us;
        req = lim.seller;
        applies = nfeas > 0 && lim.has_seller && max_us < lim.seller - TOL;
        break;
    case WW_CAUSE_BUDGET:
        reach = max_us;
        req = lim.budget_floor;
        applies = nfeas > 0 && lim.has_budget && max_us < lim.budget_floor - TOL;
        break;
    case WW_CAUSE_BUYER_RESERVATION:
        reach = max_ub_within;
        req = lim.buyer;
        applies = nfeas > 0 && lim.has_buyer &&
                  max_ub_within > -HUGE_VAL &&
                  max_ub_within < lim.buyer - TOL;
        break;
    default:
        applies = 0;
        break;
    }
    if (reachable)
        *reachable = reach;
    if (required)
        *required = req;
    return applies;
}
