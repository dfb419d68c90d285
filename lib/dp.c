/* dp.c — exact Pareto frontier by Pareto-merge dynamic programming.
 *
 * Terms linked by an interaction, a forbid or a linear constraint are joined
 * (union-find) into groups.  Each group becomes one compound term whose
 * options are its feasible joint levels, reduced to their Pareto set.  The
 * compound terms are then folded one by one: the partial frontier of sums
 * (U_b, U_s) is shifted by each option, the shifted lists are merged and
 * dominated sums dropped (Nemhauser-Ullmann).  Back-pointers per stage
 * rebuild one package per point; every package is re-evaluated exactly at
 * the end and the shared frontier semantics (TOL) applied. */
#include "dp.h"
#include "solver_internal.h" /* ww__now */

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* Partial sums within MERGE_EPS on both sides are one point during the
 * merge: far below TOL, so the drift over all stages stays negligible, but
 * it absorbs the rounding noise between equal sums added in other orders. */
#define MERGE_EPS 1e-9
/* Reservation pruning keeps partial sums this much below the floor too
 * (summation order differs from ww__utilities). */
#define PRUNE_SLACK 1e-7

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */

void ww__pareto_free(ww__pareto *p)
{
    if (!p)
        return;
    free(p->buyer);
    free(p->seller);
    free(p->packages);
    p->buyer = p->seller = NULL;
    p->packages = NULL;
    p->n = 0;
}

/* The admissibility floors under the options ([WW_BUYER], [WW_SELLER]). */
typedef struct floors {
    int has[2];
    double v[2];
} floors;

/* s descending, then b descending, then key ascending (deterministic). */
static int cmp_s_desc(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *q = y;
    if (p->s != q->s)
        return p->s > q->s ? -1 : 1;
    if (p->b != q->b)
        return p->b > q->b ? -1 : 1;
    return (p->key > q->key) - (p->key < q->key);
}

static int cmp_b_desc(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *q = y;
    if (p->b != q->b)
        return p->b > q->b ? -1 : 1;
    if (p->s != q->s)
        return p->s > q->s ? -1 : 1;
    return (p->key > q->key) - (p->key < q->key);
}

/* Reduces p[0..n) in place to its exact Pareto set (weakly dominated
 * points dropped; points within MERGE_EPS on both sides kept once), sorted
 * by s descending.  A cheap pre-filter before ww__dp_pareto_tol. */
static int pareto_eps(ww__dp_pt *p, int n)
{
    if (n <= 1)
        return n;
    qsort(p, (size_t)n, sizeof *p, cmp_s_desc);
    int k = 1;
    for (int i = 1; i < n; i++) {
        const ww__dp_pt *last = &p[k - 1];
        if (p[i].b > last->b &&
            !(last->s - p[i].s <= MERGE_EPS && p[i].b - last->b <= MERGE_EPS))
            p[k++] = p[i];
    }
    return k;
}

/* First index in [0, n) of a descending array a[i].s with s <= v. */
static int first_s_le(const ww__dp_pt *a, int n, double v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid].s <= v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int first_b_le(const ww__dp_pt *a, int n, double v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid].b <= v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

int ww__dp_pareto_tol(ww__dp_pt *p, int n)
{
    if (n <= 1)
        return n;
    ww__dp_pt *byb = malloc((size_t)n * sizeof *byb);
    double *maxb = malloc((size_t)n * sizeof *maxb);
    double *maxs = malloc((size_t)n * sizeof *maxs);
    if (!byb || !maxb || !maxs) {
        free(byb);
        free(maxb);
        free(maxs);
        return -1;
    }
    qsort(p, (size_t)n, sizeof *p, cmp_s_desc);
    memcpy(byb, p, (size_t)n * sizeof *p);
    qsort(byb, (size_t)n, sizeof *byb, cmp_b_desc);
    for (int i = 0; i < n; i++) {
        maxb[i] = i ? fmax(maxb[i - 1], p[i].b) : p[i].b;
        maxs[i] = i ? fmax(maxs[i - 1], byb[i].s) : byb[i].s;
    }
    /* p survives unless some q has (q.s > p.s + TOL and q.b >= p.b - TOL)
     * or (q.b > p.b + TOL and q.s >= p.s - TOL); such q form a prefix of
     * the s-sorted (resp. b-sorted) order. */
    int k = 0;
    for (int i = 0; i < n; i++) {
        int a = first_s_le(p, n, p[i].s + TOL);
        if (a > 0 && maxb[a - 1] >= p[i].b - TOL)
            continue;
        int c = first_b_le(byb, n, p[i].b + TOL);
        if (c > 0 && maxs[c - 1] >= p[i].s - TOL)
            continue;
        /* one point per cluster within TOL on both sides */
        int dup = 0;
        for (int j = k - 1; j >= 0 && p[j].s - p[i].s <= TOL; j--)
            if (fabs(p[j].b - p[i].b) <= TOL) {
                dup = 1;
                break;
            }
        if (!dup)
            p[k++] = p[i];
    }
    free(byb);
    free(maxb);
    free(maxs);
    return k;
}

/* ------------------------------------------------------------------ */
/* Groups                                                              */

static int uf_find(int *par, int x)
{
    while (par[x] != x) {
        par[x] = par[par[x]];
        x = par[x];
    }
    return x;
}

static void uf_union(int *par, int a, int b)
{
    a = uf_find(par, a);
    b = uf_find(par, b);
    if (a < b)
        par[b] = a;
    else if (b < a)
        par[a] = b;
}

/* root[t]: the smallest term of t's group. */
static void group_roots(const ww_model *m, int *root)
{
    for (int t = 0; t < m->nterms; t++)
        root[t] = t;
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *it = &m->inter[i];
        if (it->kind == WW_INTERACTION_PRODUCT)
            uf_union(root, it->term_a, it->term_b);
        else
            for (int c = 1; c < it->ncond; c++)
                uf_union(root, it->conds[0].term, it->conds[c].term);
    }
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        if (c->kind == WW_CONSTRAINT_FORBID)
            for (int j = 1; j < c->ncond; j++)
                uf_union(root, c->conds[0].term, c->conds[j].term);
        else
            for (int j = 1; j < c->nlin; j++)
                uf_union(root, c->terms[0], c->terms[j]);
    }
    for (int t = 0; t < m->nterms; t++)
        root[t] = uf_find(root, t);
}

static int inter_root(const ww_model *m, const int *root, int i)
{
    const ww_interaction *it = &m->inter[i];
    if (it->kind == WW_INTERACTION_PRODUCT)
        return root[it->term_a];
    return it->ncond > 0 ? root[it->conds[0].term] : -1;
}

static int cons_root(const ww_model *m, const int *root, int i)
{
    const ww_constraint *c = &m->cons[i];
    if (c->kind == WW_CONSTRAINT_FORBID)
        return c->ncond > 0 ? root[c->conds[0].term] : -1;
    return c->nlin > 0 ? root[c->terms[0]] : -1;
}

int ww__dp_supported(const ww_model *m, const ww_options *o,
                     const char **why)
{
    const char *dummy;
    (void)o; /* reservations and budget only prune; they never block */
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!m) {
        *why = "no model";
        return 0;
    }
    if (m->nterms == 0)
        return 1;
    int *root = malloc((size_t)m->nterms * sizeof *root);
    double *joint = malloc((size_t)m->nterms * sizeof *joint);
    if (!root || !joint) {
        free(root);
        free(joint);
        *why = "out of memory";
        return -1;
    }
    group_roots(m, root);
    for (int t = 0; t < m->nterms; t++)
        joint[t] = 1.0;
    int ok = 1;
    for (int t = 0; t < m->nterms; t++) {
        joint[root[t]] *= (double)m->terms[t].nlevels;
        if (joint[root[t]] > (double)WW__DP_GROUP_CAP) {
            ok = 0;
            *why = "interactions and constraints link terms into a group "
                   "with more than 100000 joint levels";
            break;
        }
    }
    free(root);
    free(joint);
    return ok;
}

typedef struct dp_group {
    int nt, *terms;   /* the group's terms, ascending                      */
    int k;            /* kept options                                      */
    double *b, *s;    /* option utilities, s descending                    */
    int *code;        /* option as mixed-radix code, first term fastest    */
    double maxb, maxs;
} dp_group;

/* A partial sum: parent = index in the previous stage, choice = option. */
typedef struct dp_node {
    double b, s;
    int parent, choice;
} dp_node;

typedef struct dp_ctx {
    const ww_model *m;
    const ww_options *o;
    double t0, deadline;
    int stopped;
    int *root;
    int G;
    dp_group *g;
    int *ilist, *clist;       /* scratch: a group's interactions/constraints */
    int *pkg;                 /* scratch package                             */
    int **bp_parent, **bp_choice;
    dp_node *L, *A, *B;
    size_t capL, capA, capB;
} dp_ctx;

static int out_of_time(dp_ctx *c)
{
    if (c->stopped)
        return 1;
    double now = ww__now();
    if (now >= c->deadline)
        c->stopped = 1;
    return c->stopped;
}

static int progress_stop(dp_ctx *c, int points)
{
    if (!c->o->progress)
        return 0;
    ww_progress pr = {points, 0, ww__now() - c->t0};
    if (c->o->progress(&pr, c->o->progress_data))
        c->stopped = 1;
    return c->stopped;
}

static int grow(dp_node **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    if (need > (size_t)INT_MAX)
        return 0; /* lists are indexed by int */
    size_t nc = *cap ? *cap : 1024;
    while (nc < need)
        nc *= 2;
    dp_node *nb = realloc(*buf, nc * sizeof *nb);
    if (!nb)
        return 0;
    *buf = nb;
    *cap = nc;
    return 1;
}

/* Enumerates the joint levels of group g, keeps the feasible ones' Pareto
 * set.  0 on success, -1 out of memory, 1 stopped by time. */
static int group_build(dp_ctx *c, dp_group *g, int r)
{
    const ww_model *m = c->m;
    int ni = 0, nc = 0;
    for (int i = 0; i < m->ninter; i++)
        if (inter_root(m, c->root, i) == r)
            c->ilist[ni++] = i;
    for (int i = 0; i < m->ncons; i++)
        if (cons_root(m, c->root, i) == r)
            c->clist[nc++] = i;
    long total = 1;
    for (int j = 0; j < g->nt; j++)
        total *= m->terms[g->terms[j]].nlevels;
    ww__dp_pt *cand = malloc((size_t)(total > 0 ? total : 1) * sizeof *cand);
    if (!cand)
        return -1;
    int *pkg = c->pkg;
    for (int j = 0; j < g->nt; j++)
        pkg[g->terms[j]] = 0;
    int n = 0;
    for (long code = 0; code < total; code++) {
        if ((code & 4095) == 4095 && out_of_time(c)) {
            free(cand);
            return 1;
        }
        int feasible = 1;
        for (int i = 0; i < nc && feasible; i++)
            feasible = !ww__breaks(m, &m->cons[c->clist[i]], pkg);
        if (feasible) {
            double u[2] = {0.0, 0.0};
            for (int j = 0; j < g->nt; j++) {
                const ww_level *lv =
                    &m->terms[g->terms[j]].levels[pkg[g->terms[j]]];
                u[WW_BUYER] += lv->buyer;
                u[WW_SELLER] += lv->seller;
            }
            for (int i = 0; i < ni; i++)
                ww__interaction_add(m, &m->inter[c->ilist[i]], pkg, u);
            cand[n].b = u[WW_BUYER];
            cand[n].s = u[WW_SELLER];
            cand[n].key = code;
            n++;
        }
        for (int j = 0; j < g->nt; j++) { /* odometer */
            int t = g->terms[j];
            if (++pkg[t] < m->terms[t].nlevels)
                break;
            pkg[t] = 0;
        }
    }
    n = pareto_eps(cand, n);
    g->k = n;
    g->b = malloc((size_t)(n > 0 ? n : 1) * sizeof *g->b);
    g->s = malloc((size_t)(n > 0 ? n : 1) * sizeof *g->s);
    g->code = malloc((size_t)(n > 0 ? n : 1) * sizeof *g->code);
    if (!g->b || !g->s || !g->code) {
        free(cand);
        return -1;
    }
    g->maxb = -HUGE_VAL;
    g->maxs = -HUGE_VAL;
    for (int i = 0; i < n; i++) {
        g->b[i] = cand[i].b;
        g->s[i] = cand[i].s;
        g->code[i] = (int)cand[i].key;
        g->maxb = fmax(g->maxb, cand[i].b);
        g->maxs = fmax(g->maxs, cand[i].s);
    }
    free(cand);
    return 0;
}

static void group_decode(const ww_model *m, const dp_group *g, int option,
                         int *pkg)
{
    int code = g->code[option];
    for (int j = 0; j < g->nt; j++) {
        int t = g->terms[j];
        pkg[t] = code % m->terms[t].nlevels;
        code /= m->terms[t].nlevels;
    }
}

/* Merges the kept list R with L shifted by (db, ds) (option `choice`) into
 * out, skipping shifted sums below limb and dropping dominated sums. */
static int merge_shift(const dp_node *R, int nr, const dp_node *L, int nl,
                       double db, double ds, int choice, double limb,
                       dp_node *out)
{
    int i = 0, j = 0, n = 0;
    double lastb = -HUGE_VAL, lasts = HUGE_VAL;
    while (i < nr || j < nl) {
        dp_node x = {0.0, 0.0, 0, 0};
        if (j < nl) {
            x.b = L[j].b + db;
            x.s = L[j].s + ds;
        }
        if (j >= nl ||
            (i < nr && (R[i].s > x.s || (R[i].s == x.s && R[i].b >= x.b)))) {
            x = R[i++];
        } else {
            x.parent = j++;
            x.choice = choice;
            if (x.b < limb)
                continue;
        }
        if (n == 0 || (x.b > lastb && !(lasts - x.s <= MERGE_EPS &&
                                        x.b - lastb <= MERGE_EPS))) {
            out[n++] = x;
            lastb = x.b;
            lasts = x.s;
        }
    }
    return n;
}

static void ctx_free(dp_ctx *c)
{
    for (int i = 0; c->g && i < c->G; i++) {
        free(c->g[i].terms);
        free(c->g[i].b);
        free(c->g[i].s);
        free(c->g[i].code);
    }
    /* Either array may be missing when their allocation failed. */
    for (int i = 0; c->bp_parent && i < c->G; i++)
        free(c->bp_parent[i]);
    for (int i = 0; c->bp_choice && i < c->G; i++)
        free(c->bp_choice[i]);
    free(c->g);
    free(c->bp_parent);
    free(c->bp_choice);
    free(c->root);
    free(c->ilist);
    free(c->clist);
    free(c->pkg);
    free(c->L);
    free(c->A);
    free(c->B);
}

/* Builds every group's options.  0 ok, -1 no memory, 1 stopped. */
static int build_groups(dp_ctx *c)
{
    const ww_model *m = c->m;
    int nt = m->nterms;
    c->G = 0;
    for (int t = 0; t < nt; t++)
        if (c->root[t] == t)
            c->G++;
    c->g = calloc((size_t)(c->G ? c->G : 1), sizeof *c->g);
    c->bp_parent = calloc((size_t)(c->G ? c->G : 1), sizeof *c->bp_parent);
    c->bp_choice = calloc((size_t)(c->G ? c->G : 1), sizeof *c->bp_choice);
    int *gid = malloc((size_t)(nt ? nt : 1) * sizeof *gid);
    if (!c->g || !c->bp_parent || !c->bp_choice || !gid) {
        free(gid);
        return -1;
    }
    int G = 0;
    for (int t = 0; t < nt; t++)
        if (c->root[t] == t)
            gid[t] = G++;
    for (int t = 0; t < nt; t++)
        c->g[gid[c->root[t]]].nt++;
    for (int i = 0; i < G; i++) {
        c->g[i].terms = malloc((size_t)c->g[i].nt * sizeof(int));
        if (!c->g[i].terms) {
            free(gid);
            return -1;
        }
        c->g[i].nt = 0;
    }
    for (int t = 0; t < nt; t++) {
        dp_group *g = &c->g[gid[c->root[t]]];
        g->terms[g->nt++] = t;
    }
    int rc = 0;
    for (int t = 0; t < nt && rc == 0; t++)
        if (c->root[t] == t)
            rc = group_build(c, &c->g[gid[t]], t);
    free(gid);
    return rc;
}

/* Folds the groups; leaves the final list in c->L (returns its size), or
 * -1 out of memory, -2 stopped. */
static int fold(dp_ctx *c, const floors *fl)
{
    int G = c->G;
    double *sufb = malloc((size_t)(G + 1) * sizeof *sufb);
    double *sufs = malloc((size_t)(G + 1) * sizeof *sufs);
    if (!sufb || !sufs || !grow(&c->L, &c->capL, 1)) {
        free(sufb);
        free(sufs);
        return -1;
    }
    sufb[G] = sufs[G] = 0.0;
    for (int i = G - 1; i >= 0; i--) {
        sufb[i] = sufb[i + 1] + c->g[i].maxb;
        sufs[i] = sufs[i + 1] + c->g[i].maxs;
    }
    c->L[0] = (dp_node){0.0, 0.0, -1, -1};
    int nl = 1, rc = 0;
    for (int gi = 0; gi < G && nl > 0; gi++) {
        const dp_group *g = &c->g[gi];
        double limb = fl->has[WW_BUYER]
                          ? fl->v[WW_BUYER] - TOL - PRUNE_SLACK - sufb[gi + 1]
                          : -HUGE_VAL;
        double lims = fl->has[WW_SELLER]
                          ? fl->v[WW_SELLER] - TOL - PRUNE_SLACK - sufs[gi + 1]
                          : -HUGE_VAL;
        dp_node *buf[2] = {c->A, c->B}; /* ping-pong merge buffers */
        size_t cap[2] = {c->capA, c->capB};
        int cur = 0, nr = 0;
        for (int j = 0; j < g->k; j++) {
            double db = g->b[j], ds = g->s[j];
            int cut = nl;
            if (fl->has[WW_SELLER]) { /* L is s-descending: keep a prefix */
                int lo = 0, hi = nl;
                while (lo < hi) {
                    int mid = lo + (hi - lo) / 2;
                    if (c->L[mid].s + ds < lims)
                        hi = mid;
                    else
                        lo = mid + 1;
                }
                cut = lo;
                if (cut == 0)
                    break; /* later options have smaller ds */
            }
            if (!grow(&buf[1 - cur], &cap[1 - cur], (size_t)nr + (size_t)cut)) {
                rc = -1;
                break;
            }
            nr = merge_shift(buf[cur], nr, c->L, cut, db, ds, j, limb,
                             buf[1 - cur]);
            cur = 1 - cur;
            if (out_of_time(c)) {
                rc = -2;
                break;
            }
        }
        c->A = buf[0];
        c->capA = cap[0];
        c->B = buf[1];
        c->capB = cap[1];
        if (rc)
            break;
        c->bp_parent[gi] = malloc((size_t)(nr ? nr : 1) * sizeof(int));
        c->bp_choice[gi] = malloc((size_t)(nr ? nr : 1) * sizeof(int));
        if (!c->bp_parent[gi] || !c->bp_choice[gi] ||
            !grow(&c->L, &c->capL, (size_t)(nr ? nr : 1))) {
            rc = -1;
            break;
        }
        for (int i = 0; i < nr; i++) {
            c->bp_parent[gi][i] = buf[cur][i].parent;
            c->bp_choice[gi][i] = buf[cur][i].choice;
            c->L[i] = buf[cur][i];
        }
        nl = nr;
        if (progress_stop(c, 0)) {
            rc = -2;
            break;
        }
    }
    free(sufb);
    free(sufs);
    return rc ? rc : nl;
}

/* Rebuilds, re-evaluates and filters the final list into out. */
static ww_status finish(dp_ctx *c, int nl, const floors *fl,
                        ww__pareto *out)
{
    const ww_model *m = c->m;
    int nt = m->nterms;
    size_t row = (size_t)(nt ? nt : 1);
    int *pk = malloc((size_t)(nl ? nl : 1) * row * sizeof *pk);
    ww__dp_pt *pts = malloc((size_t)(nl ? nl : 1) * sizeof *pts);
    if (!pk || !pts) {
        free(pk);
        free(pts);
        return WW_NOMEM;
    }
    int np = 0;
    for (int i = 0; i < nl; i++) {
        int *pkg = pk + (size_t)i * row;
        int idx = i;
        for (int gi = c->G - 1; gi >= 0; gi--) {
            group_decode(m, &c->g[gi], c->bp_choice[gi][idx], pkg);
            idx = c->bp_parent[gi][idx];
        }
        double b, s;
        ww__utilities(m, pkg, &b, &s);
        if (ww__meets_floors(fl->has, fl->v, b, s))
            pts[np++] = (ww__dp_pt){b, s, i};
    }
    np = ww__dp_pareto_tol(pts, np);
    if (np < 0) {
        free(pk);
        free(pts);
        return WW_NOMEM;
    }
    out->buyer = malloc((size_t)(np ? np : 1) * sizeof *out->buyer);
    out->seller = malloc((size_t)(np ? np : 1) * sizeof *out->seller);
    out->packages = malloc((size_t)(np ? np : 1) * row * sizeof(int));
    if (!out->buyer || !out->seller || !out->packages) {
        free(pk);
        free(pts);
        ww__pareto_free(out);
        return WW_NOMEM;
    }
    for (int i = 0; i < np; i++) {
        out->buyer[i] = pts[i].b;
        out->seller[i] = pts[i].s;
        memcpy(out->packages + (size_t)i * nt, pk + (size_t)pts[i].key * row,
               (size_t)nt * sizeof(int));
    }
    out->n = np;
    free(pk);
    free(pts);
    return WW_OK;
}

ww_status ww__dp_frontier(const ww_model *m, const ww_options *o,
                          double time_limit, ww__pareto *out)
{
    if (!out)
        return m ? ww__fail(m, WW_MISUSE, "dp: no output") : WW_MISUSE;
    memset(out, 0, sizeof *out);
    out->complete = 1;
    if (!m)
        return WW_MISUSE;
    out->nterms = m->nterms;
    const char *why = NULL;
    int supported = ww__dp_supported(m, o, &why);
    if (supported < 0)
        return ww__fail(m, WW_NOMEM, "dp frontier: out of memory");
    if (!supported)
        return ww__fail(m, WW_UNSUPPORTED, "dp frontier: %s", why);
    ww_options defaults;
    if (!o) {
        ww_options_init(&defaults);
        o = &defaults;
    }
    dp_ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.o = o;
    c.t0 = ww__now();
    c.deadline = time_limit > 0 ? c.t0 + time_limit : HUGE_VAL;
    size_t nt = (size_t)(m->nterms ? m->nterms : 1);
    c.root = malloc(nt * sizeof *c.root);
    c.pkg = calloc(nt, sizeof *c.pkg);
    c.ilist = malloc((size_t)(m->ninter ? m->ninter : 1) * sizeof(int));
    c.clist = malloc((size_t)(m->ncons ? m->ncons : 1) * sizeof(int));
    ww_status st = WW_OK;
    if (!c.root || !c.pkg || !c.ilist || !c.clist) {
        st = WW_NOMEM;
        goto done;
    }
    group_roots(m, c.root);
    floors fl;
    ww__floors(m, o, fl.has, fl.v);
    int rc = build_groups(&c);
    if (rc < 0) {
        st = WW_NOMEM;
        goto done;
    }
    if (rc > 0) {
        out->complete = 0;
        goto done;
    }
    /* A constraint on no term (the model API rejects them) bounds all. */
    int none = 0;
    for (int i = 0; i < m->ncons; i++)
        if (cons_root(m, c.root, i) < 0 &&
            ww__breaks(m, &m->cons[i], c.pkg))
            none = 1;
    int nl = none ? 0 : fold(&c, &fl);
    if (nl == -1) {
        st = WW_NOMEM;
        goto done;
    }
    if (nl == -2) {
        out->complete = 0;
        goto done;
    }
    st = finish(&c, nl, &fl, out);
done:
    ctx_free(&c);
    if (st == WW_NOMEM)
        return ww__fail(m, WW_NOMEM, "dp frontier: out of memory");
    return st;
}
