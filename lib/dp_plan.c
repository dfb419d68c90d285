/* dp_plan.c — the DP's plan (see dp.c): terms joined by product
 * interactions and linear constraints form units (union-find); WHEN
 * interactions and forbids spanning units become cross conditions, one
 * state bit each while open; the stage order is chosen greedily to keep
 * few open.  ww__dp_supported asks whether a model fits. */
#include "dp.h"
#include "dp_internal.h"

#include <math.h>
#include <string.h>

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

/* At most this many conditions open between two stages (2^16 states). */
#define DP_MAX_OPEN 16
/* Sum over stages of states times the unit's joint levels. */
#define DP_MAX_WORK 4e6

/* Plan arrays live in the plan's arena (n may be 0). */
#define PLAN_ALLOC(ptr, n) \
    ((ptr) = arena_alloc(p->ar, (size_t)((n) > 0 ? (n) : 1) * sizeof *(ptr)))

/* Units: terms joined by product interactions and linear constraints (they
 * couple level values, so their joint levels are enumerated).  Boolean
 * conditions inside one unit are applied while enumerating it; the others
 * become the DP's state.  0 ok, -1 out of memory. */
static int plan_units(const ww_model *m, dp_plan *p)
{
    int nt = m->nterms;
    int *root;
    if (!PLAN_ALLOC(root, nt) || !PLAN_ALLOC(p->unit_of, nt) ||
        !PLAN_ALLOC(p->uoff, nt + 1) || !PLAN_ALLOC(p->uterms, nt) ||
        !PLAN_ALLOC(p->joint, nt))
        return -1;
    for (int t = 0; t < nt; t++)
        root[t] = t;
    for (int i = 0; i < m->ninter; i++)
        if (m->inter[i].kind == WW_INTERACTION_PRODUCT)
            uf_union(root, m->inter[i].term_a, m->inter[i].term_b);
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        if (c->kind == WW_CONSTRAINT_LINEAR)
            for (int j = 1; j < c->nlin; j++)
                uf_union(root, c->terms[0], c->terms[j]);
    }
    p->U = 0;
    for (int t = 0; t < nt; t++)
        if (uf_find(root, t) == t)
            p->unit_of[t] = p->U++;
    for (int u = 0; u <= p->U; u++)
        p->uoff[u] = 0;
    for (int t = 0; t < nt; t++) {
        p->unit_of[t] = p->unit_of[uf_find(root, t)];
        p->uoff[p->unit_of[t] + 1]++;
    }
    for (int u = 0; u < p->U; u++) {
        p->uoff[u + 1] += p->uoff[u];
        p->joint[u] = 1.0;
    }
    for (int t = 0; t < nt; t++) { /* fill, then shift the offsets back */
        int u = p->unit_of[t];
        p->uterms[p->uoff[u]++] = t;
        p->joint[u] *= (double)m->terms[t].nlevels;
    }
    for (int u = p->U; u > 0; u--)
        p->uoff[u] = p->uoff[u - 1];
    p->uoff[0] = 0;
    return 0;
}

/* The distinct units of a condition list into out (returns their count). */
static int cond_units(const dp_plan *p, const ww_cond *c, int n, int *out)
{
    int k = 0;
    for (int j = 0; j < n; j++) {
        int u = p->unit_of[c[j].term], seen = 0;
        for (int i = 0; i < k && !seen; i++)
            seen = out[i] == u;
        if (!seen)
            out[k++] = u;
    }
    return k;
}

/* Cross conditions and the unit -> condition index.  0 ok, -1 no memory. */
static int plan_conditions(const ww_model *m, dp_plan *p)
{
    int nb = m->ninter + m->ncons, total = 0;
    int *tmp;
    if (!PLAN_ALLOC(tmp, m->nterms) || !PLAN_ALLOC(p->xsrc, nb) ||
        !PLAN_ALLOC(p->xoff, nb + 1))
        return -1;
    p->nx = 0;
    for (int i = 0; i < nb; i++) {
        int src = i < m->ninter ? i : -(i - m->ninter) - 1;
        if (src >= 0 && m->inter[src].kind != WW_INTERACTION_WHEN)
            continue;
        if (src < 0 && m->cons[-src - 1].kind != WW_CONSTRAINT_FORBID)
            continue;
        int n;
        const ww_cond *c = cond_list(m, src, &n);
        int k = cond_units(p, c, n, tmp);
        if (k >= 2) {
            p->xsrc[p->nx++] = src;
            total += k;
        }
    }
    if (!PLAN_ALLOC(p->xunits, total) || !PLAN_ALLOC(p->uxoff, p->U + 1) ||
        !PLAN_ALLOC(p->uxs, total))
        return -1;
    p->xoff[0] = 0;
    for (int u = 0; u <= p->U; u++)
        p->uxoff[u] = 0;
    for (int x = 0; x < p->nx; x++) {
        int n;
        const ww_cond *c = cond_list(m, p->xsrc[x], &n);
        int k = cond_units(p, c, n, p->xunits + p->xoff[x]);
        p->xoff[x + 1] = p->xoff[x] + k;
        for (int j = 0; j < k; j++)
            p->uxoff[p->xunits[p->xoff[x] + j] + 1]++;
    }
    for (int u = 0; u < p->U; u++)
        p->uxoff[u + 1] += p->uxoff[u];
    for (int u = 0; u < p->U; u++)
        tmp[u] = p->uxoff[u];
    for (int x = 0; x < p->nx; x++)
        for (int j = p->xoff[x]; j < p->xoff[x + 1]; j++)
            p->uxs[tmp[p->xunits[j]]++] = x;
    return 0;
}

/* Stage order: greedily the unit that leaves the fewest conditions open
 * (the DP keeps 2^open states), then the open lists.  0 ok, -1 no memory. */
static int plan_order(dp_plan *p)
{
    int U = p->U, nx = p->nx;
    int *left;
    if (!PLAN_ALLOC(p->order, U) || !PLAN_ALLOC(p->stage, U) ||
        !PLAN_ALLOC(p->xfirst, nx) || !PLAN_ALLOC(p->xlast, nx) ||
        !PLAN_ALLOC(p->ooff, U + 1) || !PLAN_ALLOC(left, nx))
        return -1;
    for (int u = 0; u < U; u++)
        p->stage[u] = -1;
    for (int x = 0; x < nx; x++) {
        left[x] = p->xoff[x + 1] - p->xoff[x];
        p->xfirst[x] = p->xlast[x] = -1;
    }
    int open = 0;
    p->maxopen = 0;
    p->work = 0;
    for (int i = 0; i < U; i++) {
        int best = -1, bestopen = 0;
        if (nx == 0) {
            best = i;
            bestopen = 0;
        }
        for (int u = 0; u < U && nx > 0; u++) {
            if (p->stage[u] >= 0)
                continue;
            int after = open;
            for (int j = p->uxoff[u]; j < p->uxoff[u + 1]; j++) {
                int x = p->uxs[j];
                if (p->xfirst[x] < 0)
                    after++;
                if (left[x] == 1)
                    after--;
            }
            if (best < 0 || after < bestopen) {
                best = u;
                bestopen = after;
            }
        }
        p->work += ldexp(p->joint[best], open);
        p->order[i] = best;
        p->stage[best] = i;
        for (int j = p->uxoff[best]; j < p->uxoff[best + 1]; j++) {
            int x = p->uxs[j];
            if (p->xfirst[x] < 0)
                p->xfirst[x] = i;
            if (--left[x] == 0)
                p->xlast[x] = i;
        }
        open = bestopen;
        if (open > p->maxopen)
            p->maxopen = open;
    }
    /* open after stage i: first <= i < last */
    for (int i = 0; i <= U; i++)
        p->ooff[i] = 0;
    long total = 0;
    for (int x = 0; x < nx; x++)
        for (int i = p->xfirst[x]; i < p->xlast[x]; i++) {
            p->ooff[i + 1]++;
            total++;
        }
    if (!PLAN_ALLOC(p->open, total))
        return -1;
    for (int i = 0; i < U; i++)
        p->ooff[i + 1] += p->ooff[i];
    int *fill;
    if (!PLAN_ALLOC(fill, U))
        return -1;
    for (int i = 0; i < U; i++)
        fill[i] = p->ooff[i];
    for (int x = 0; x < nx; x++) /* ascending x within each stage */
        for (int i = p->xfirst[x]; i < p->xlast[x]; i++)
            p->open[fill[i]++] = x;
    return 0;
}

/* Builds the plan in arena ar; 1 when the DP serves the model, 0 (and
 * *why) when not, -1 out of memory. */
int ww__dp_plan_build(const ww_model *m, dp_plan *p, dp_arena *ar,
                      const char **why)
{
    memset(p, 0, sizeof *p);
    p->ar = ar;
    if (plan_units(m, p) < 0)
        return -1;
    for (int u = 0; u < p->U; u++)
        if (p->joint[u] > (double)WW__DP_GROUP_CAP) {
            *why = "linear constraints or product interactions link terms "
                   "into a group with more than 100000 joint levels";
            return 0;
        }
    if (plan_conditions(m, p) < 0 || plan_order(p) < 0)
        return -1;
    if (p->maxopen > DP_MAX_OPEN) {
        *why = "interactions and forbids couple the terms too densely "
               "(more than 16 conditions open at once in the best order)";
        return 0;
    }
    if (p->work > DP_MAX_WORK) {
        *why = "interactions and forbids couple the terms too densely "
               "(over 4e6 state-level pairs)";
        return 0;
    }
    return 1;
}

int ww__dp_supported(const ww_model *m, const ww_options *o,
                     const char **why, double *joint)
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
    _Alignas(ARENA_ALIGN) char buf[ARENA_STACK];
    dp_arena ar;
    arena_init(&ar, buf, sizeof buf);
    dp_plan p;
    int ok = ww__dp_plan_build(m, &p, &ar, why);
    if (joint) {
        *joint = 0;
        for (int u = 0; ok > 0 && u < p.U; u++)
            *joint += p.joint[u];
    }
    arena_free(&ar);
    if (ok < 0)
        *why = "out of memory";
    return ok;
}
