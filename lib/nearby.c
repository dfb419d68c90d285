/* nearby.c — trades by walking the reference's neighbourhood: the
 * packages within K changed terms of it, each looked at once at most.  A
 * trade changes at most K terms, so nothing else can be one: on 30 terms
 * of 10 levels and K = 2 that is 35,505 packages (under a millisecond)
 * where the MIP loop's ten solves take a few hundred milliseconds, and the
 * size of the whole space does not matter.  The walk skips the packages
 * whose changes cannot reach the N-th best J found or the trade's bounds
 * (each term's largest possible gain, summed over the best K - h of the
 * terms still to come), so that it often visits a small part of a
 * neighbourhood too large to enumerate (ANAC 2014's 50issues, K = 4:
 * 66,798 of 6.1e8 packages). */
#include "solver_internal.h"
#include "dp.h" /* ww__dp_pt */
#include "merge_sort.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
#define CLOCK_EVERY 4096 /* packages between two looks at the clock and
                            the progress callback */
#define NEARBY_KMAX 64   /* changes beyond which a neighbourhood is huge */

double ww__nearby_count(const ww_model *m, int max_changes)
{
    int nt = 0; /* terms with another level */
    for (int t = 0; t < m->nterms; t++)
        nt += m->terms[t].nlevels > 1;
    int k = max_changes < nt ? max_changes : nt;
    if (k <= 0)
        return 0;
    if (k > NEARBY_KMAX) /* at least C(65, 32), 3.6e18 packages */
        return HUGE_VAL;
    /* e[h]: packages changing exactly h of the terms seen so far (the
     * elementary symmetric polynomials of the terms' other-level counts) */
    double e[NEARBY_KMAX + 1];
    e[0] = 1;
    for (int h = 1; h <= k; h++)
        e[h] = 0;
    for (int t = 0; t < m->nterms; t++)
        for (int h = k; h >= 1; h--)
            e[h] += e[h - 1] * (m->terms[t].nlevels - 1);
    double n = 0;
    for (int h = 1; h <= k; h++)
        n += e[h];
    return n;
}

double ww__nearby_auto_max(const ww_query *q)
{
    double n = q->m->nterms;
    return fmin(WW__NEARBY_MAX,
                fmax(WW__NEARBY_AUTO_MIN, WW__NEARBY_AUTO_N2 * n * n));
}

/* Changes beyond which auto does not walk (the walk recurses once per
 * change). */
#define WALK_DEPTH_MAX 64

int ww__nearby_walks(const ww_query *q, int max_changes)
{
    int nt = 0; /* the changes a package can have */
    for (int t = 0; t < q->m->nterms; t++)
        nt += q->m->terms[t].nlevels > 1;
    return q->o.path == WW_PATH_AUTO &&
           (max_changes < nt ? max_changes : nt) <= WALK_DEPTH_MAX;
}

/* The trades found so far: (J, U_s, index) records, and each one's changed
 * terms and levels (stride k, unused slots -1) in `chg`; top: how many
 * trades the query takes. */
typedef struct found {
    ww__dp_pt *rec;
    int *chg;
    long n, cap;
    int k, top;
} found;

static int chg_before(const found *f, long x, long y);
static int by_joint(const void *x, const void *y);

/* Beyond this many trades a query takes, compaction drops by J alone. */
#define DOMINATED_TOP_MAX 256

/* Drops the records that `top` others beat: J and U_s as high, one of
 * them higher, or both equal and the other first in the neighbourhood's
 * order (chg_before).  The tie rule takes each such other before it, and
 * while one is left, that one's J keeps the window's top at least as
 * high: the first `top` trades are the same without it.  (Flat J, as on a
 * zero-sum deal with a concession allowed, would otherwise keep every
 * trade of the neighbourhood.)  f->rec is sorted by by_joint first.
 * Returns -1 out of memory, with nothing dropped. */
static int drop_dominated(found *f)
{
    int top = f->top;
    size_t w = 2 * (size_t)f->k;
    double *best = malloc(sizeof *best * (size_t)top); /* U_s kept, desc */
    long *sel = malloc(sizeof *sel * (size_t)top);
    ww__dp_pt *pick = malloc(sizeof *pick * (size_t)top);
    int *chg = malloc(sizeof *chg * w * (size_t)f->cap);
    if (!best || !sel || !pick || !chg) {
        free(best);
        free(sel);
        free(pick);
        free(chg);
        return -1;
    }
    qsort(f->rec, (size_t)f->n, sizeof *f->rec, by_joint);
    int nb = 0;
    long k = 0;
    for (long g0 = 0, g1; g0 < f->n; g0 = g1) {
        double b = f->rec[g0].b, us = f->rec[g0].s;
        for (g1 = g0 + 1; g1 < f->n && f->rec[g1].b == b && f->rec[g1].s == us;
             g1++)
            ;
        /* the records before the group beating it: U_s as high */
        int c = 0;
        while (c < nb && best[c] >= us)
            c++;
        int keep = top - c;
        if (keep <= 0)
            continue;
        /* within the group, the first `keep` in the neighbourhood's order
         * (each one beats those after it) */
        int ns = 0;
        for (long r = g0; r < g1; r++) {
            long key = f->rec[r].key;
            int at = ns;
            while (at > 0 && chg_before(f, key, f->rec[sel[at - 1]].key))
                at--;
            if (at >= keep)
                continue;
            if (ns < keep)
                ns++;
            memmove(sel + at + 1, sel + at, sizeof *sel * (size_t)(ns - 1 - at));
            sel[at] = r;
        }
        for (int i = 0; i < ns; i++)
            pick[i] = f->rec[sel[i]];
        for (int i = 0; i < ns; i++) { /* into slots g0 .. at most */
            memcpy(chg + w * (size_t)k, f->chg + w * (size_t)pick[i].key,
                   sizeof *chg * w);
            pick[i].key = k;
            f->rec[k++] = pick[i];
            /* U_s into best (descending, at most top) */
            int at = nb < top ? nb++ : top;
            while (at > 0 && best[at - 1] < us) {
                if (at < top)
                    best[at] = best[at - 1];
                at--;
            }
            if (at < top)
                best[at] = us;
        }
    }
    free(f->chg);
    f->chg = chg;
    f->n = k;
    free(best);
    free(sel);
    free(pick);
    return 0;
}

/* Drops the records below jfloor (keys keep indexing chg: the kept
 * records' changes move down with them), then the dominated ones (see
 * drop_dominated).  Returns -1 out of memory. */
static int found_compact(found *f, double jfloor)
{
    long k = 0;
    size_t w = 2 * (size_t)f->k;
    for (long r = 0; r < f->n; r++) {
        if (f->rec[r].b < jfloor)
            continue;
        if (k != r)
            memmove(f->chg + w * (size_t)k, f->chg + w * (size_t)f->rec[r].key,
                    sizeof *f->chg * w);
        f->rec[k] = f->rec[r];
        f->rec[k].key = k;
        k++;
    }
    f->n = k;
    if (f->top > 0 && f->top <= DOMINATED_TOP_MAX && f->n > f->top)
        return drop_dominated(f);
    return 0;
}

/* Adds a record; when full, first drops those below jfloor and those
 * dominated (memory stays near the records that can still be trades,
 * whatever the order). */
static int found_push(found *f, double j, double us, const int *pos,
                      const int *lvl, int h, double jfloor)
{
    if (f->n == f->cap) {
        if (f->cap >= 4096 && found_compact(f, jfloor) < 0)
            return -1;
        if (f->cap == 0 || f->n > f->cap / 2) { /* freed under half: grow */
            long nc = f->cap ? 2 * f->cap : 256;
            ww__dp_pt *r = realloc(f->rec, sizeof *r * (size_t)nc);
            if (!r)
                return -1;
            f->rec = r;
            int *c = realloc(f->chg, sizeof *c * 2 * (size_t)f->k * (size_t)nc);
            if (!c)
                return -1;
            f->chg = c;
            f->cap = nc;
        }
    }
    int *c = f->chg + 2 * (size_t)f->k * (size_t)f->n;
    for (int i = 0; i < f->k; i++) {
        c[2 * i] = i < h ? pos[i] : -1;
        c[2 * i + 1] = i < h ? lvl[i] : -1;
    }
    f->rec[f->n] = (ww__dp_pt){j, us, f->n};
    f->n++;
    return 0;
}

/* Records' order: J descending, then U_s descending, then the earlier
 * found (the tie rule settles ties by chg_before). */
static int by_joint(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *r = y;
    if (p->b != r->b)
        return p->b > r->b ? -1 : 1;
    if (p->s != r->s)
        return p->s > r->s ? -1 : 1;
    return (p->key > r->key) - (p->key < r->key);
}

/* The best J seen so far (a min-heap of at most `top`): a package more than
 * TOL below the top-th best can be no trade (each trade is within TOL of
 * the best J left, and at most top - 1 are taken before it). */
typedef struct jheap {
    double *v;
    int n, cap;
} jheap;

static double jheap_floor(const jheap *h)
{
    return h->n == h->cap ? h->v[0] - TOL : -HUGE_VAL;
}

static void jheap_add(jheap *h, double j)
{
    int i;
    if (h->n < h->cap) {
        i = h->n++;
        while (i > 0 && h->v[(i - 1) / 2] > j) {
            h->v[i] = h->v[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h->v[i] = j;
        return;
    }
    if (j <= h->v[0])
        return;
    i = 0; /* replace the minimum, sift down */
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1] < h->v[c])
            c++;
        if (h->v[c] >= j)
            break;
        h->v[i] = h->v[c];
        i = c;
    }
    h->v[i] = j;
}

/* 1 (and q->stopped) when the deadline has passed or the progress
 * callback says stop; it hears of the records kept so far. */
static int stop_now(ww_query *q, const found *f)
{
    if (!q->deadline && !q->o.progress)
        return 0;
    double now = ww__now();
    if (q->deadline && now >= q->deadline)
        q->stopped = 1;
    if (!q->stopped && q->o.progress) {
        ww_progress p = {(int)(f->n < INT_MAX ? f->n : INT_MAX), 0,
                         now - q->t0};
        if (q->o.progress(&p, q->o.progress_data))
            q->stopped = 1;
    }
    return q->stopped;
}


/* Links between interactions and the terms they read. */
static size_t count_links(const ww_model *m)
{
    size_t links = 0;
    for (int x = 0; x < m->ninter; x++) {
        const ww_interaction *it = &m->inter[x];
        links += it->kind == WW_INTERACTION_PRODUCT
                     ? 1 + (it->term_b != it->term_a)
                     : (size_t)it->ncond;
    }
    return links;
}

/* What the walk needs of the model alone, kept by the solver per model
 * revision (ww__nearby_plan_free): the interactions on each term, each
 * term's levels by J descending with its best J, U_b and U_s, what the
 * products on it can swing, and the size of the sums. */
typedef struct ww__nearby_plan {
    int *toff, *tx;   /* interactions on term t: tx[toff[t]..toff[t+1])  */
    int *loff, *lvj;  /* term t's levels by J descending (then index):
                         lvj[loff[t]..loff[t+1]), their J in lj[]         */
    double *lj;
    double *best;     /* n x 3: the largest J, U_b, U_s of a level        */
    double *pswing;   /* n x 3: the products on t summed, each at the
                         most a change of t can move it on J, U_b, U_s    */
    double big;       /* bounds every addend of a package's sums          */
    int maxdeg;       /* most interactions on one term                    */
    size_t links;
} ww__nearby_plan;

/* Largest change of interaction x's contribution to J, U_b and U_s. */
static void inter_swing(const ww_model *m, const ww_interaction *it,
                        double sw[3])
{
    double v = 1;
    if (it->kind == WW_INTERACTION_PRODUCT) {
        double va = 0, vb = 0;
        for (int l = 0; l < m->terms[it->term_a].nlevels; l++)
            va = fmax(va, fabs(m->terms[it->term_a].levels[l].value));
        for (int l = 0; l < m->terms[it->term_b].nlevels; l++)
            vb = fmax(vb, fabs(m->terms[it->term_b].levels[l].value));
        v = 2 * va * vb; /* from -|x| to +|x| */
    }
    double b = fabs(it->util[WW_BUYER]) * v, s = fabs(it->util[WW_SELLER]) * v;
    sw[0] = fabs(m->party[WW_BUYER].weight) * b +
            fabs(m->party[WW_SELLER].weight) * s;
    sw[1] = b;
    sw[2] = s;
}

/* A level's J, as the walk orders them. */
static double level_j(const ww_model *m, const ww_level *lv)
{
    return ww__joint(m, lv->buyer, lv->seller);
}

/* A level and its J (or a term and its gain), sorted by that descending,
 * then by index. */
typedef struct lvkey {
    double j;
    int l;
} lvkey;
static inline int lv_before(const lvkey *x, const lvkey *y)
{
    return x->j > y->j || (x->j == y->j && x->l < y->l);
}
DEFINE_SORT(sort_lv_with, lvkey, lv_before)
DEFINE_SORT_ALLOC(sort_lv, sort_lv_with, lvkey)

/* Lays the plan's arrays out after the struct (mem NULL: measures). */
static size_t plan_layout(ww__nearby_plan *p, char *mem, size_t n,
                          size_t links, size_t levels)
{
    size_t at = 0;
#define CARVE(ptr, count) (ptr) = ww__carve(mem, &at, (count), sizeof *(ptr))
    CARVE(p->best, 3 * n + 1);
    CARVE(p->pswing, 3 * n + 1);
    CARVE(p->toff, n + 1);
    CARVE(p->tx, links + 1);
    CARVE(p->loff, n + 1);
    CARVE(p->lvj, levels + 1);
    CARVE(p->lj, levels + 1);
#undef CARVE
    return at;
}

static ww__nearby_plan *plan_build(const ww_model *m)
{
    int n = m->nterms, nx = m->ninter;
    size_t levels = 0, links = count_links(m);
    for (int t = 0; t < n; t++)
        levels += (size_t)m->terms[t].nlevels;
    ww__nearby_plan tmp;
    size_t bytes = plan_layout(&tmp, NULL, (size_t)n, links, levels);
    char *mem = malloc(sizeof tmp + bytes);
    if (!mem)
        return NULL;
    ww__nearby_plan *p = (ww__nearby_plan *)(void *)mem;
    plan_layout(p, mem + sizeof tmp, (size_t)n, links, levels);
    p->links = links;
    memset(p->toff, 0, sizeof *p->toff * ((size_t)n + 1));
    for (int x = 0; x < nx; x++) {
        const ww_interaction *it = &m->inter[x];
        if (it->kind == WW_INTERACTION_PRODUCT) {
            p->toff[it->term_a + 1]++;
            if (it->term_b != it->term_a)
                p->toff[it->term_b + 1]++;
        } else {
            for (int c = 0; c < it->ncond; c++)
                p->toff[it->conds[c].term + 1]++;
        }
    }
    p->maxdeg = 0;
    for (int t = 0; t < n; t++) {
        if (p->toff[t + 1] > p->maxdeg)
            p->maxdeg = p->toff[t + 1];
        p->toff[t + 1] += p->toff[t];
    }
    int *fill = p->loff; /* scratch until the levels' offsets */
    memcpy(fill, p->toff, sizeof *fill * (size_t)n);
    memset(p->pswing, 0, sizeof *p->pswing * 3 * (size_t)n);
    p->big = 0;
    for (int x = 0; x < nx; x++) {
        const ww_interaction *it = &m->inter[x];
        double sw[3];
        inter_swing(m, it, sw);
        p->big += fmax(sw[1], sw[2]);
        int terms[2] = {it->term_a, it->term_b}, nt = 0;
        if (it->kind == WW_INTERACTION_PRODUCT)
            nt = it->term_b != it->term_a ? 2 : 1;
        for (int c = 0; c < (nt ? nt : it->ncond); c++) {
            int t = nt ? terms[c] : it->conds[c].term;
            p->tx[fill[t]++] = x;
            for (int i = 0; i < 3 && nt; i++)
                p->pswing[3 * t + i] += sw[i];
        }
    }
    lvkey *keys = malloc(sizeof *keys * (size_t)(levels + 1));
    if (!keys) {
        free(p);
        return NULL;
    }
    size_t k = 0;
    for (int t = 0; t < n; t++) {
        const ww_level *lv = m->terms[t].levels;
        double *b = p->best + 3 * t, mx = 0;
        p->loff[t] = (int)k;
        for (int l = 0; l < m->terms[t].nlevels; l++) {
            double j = level_j(m, &lv[l]);
            b[0] = l == 0 || j > b[0] ? j : b[0];
            b[1] = l == 0 || lv[l].buyer > b[1] ? lv[l].buyer : b[1];
            b[2] = l == 0 || lv[l].seller > b[2] ? lv[l].seller : b[2];
            mx = fmax(mx, fmax(fabs(lv[l].buyer), fabs(lv[l].seller)));
            keys[k + (size_t)l] = (lvkey){j, l};
        }
        p->big += mx;
        if (sort_lv(keys + k, (size_t)m->terms[t].nlevels) < 0) {
            free(keys);
            free(p);
            return NULL;
        }
        for (int l = 0; l < m->terms[t].nlevels; l++) {
            p->lvj[k + (size_t)l] = keys[k + (size_t)l].l;
            p->lj[k + (size_t)l] = keys[k + (size_t)l].j;
        }
        k += (size_t)m->terms[t].nlevels;
    }
    p->loff[n] = (int)k;
    free(keys);
    return p;
}

void ww__nearby_plan_free(ww__nearby_plan *p)
{
    free(p);
}

/* The solver's plan for the query's model revision; NULL out of memory. */
static const ww__nearby_plan *plan_of(ww_query *q)
{
    ww_solver *s = q->s;
    if (!s->nearby_plan || s->nearby_revision != q->m->revision) {
        ww__nearby_plan_free(s->nearby_plan);
        s->nearby_plan = plan_build(q->m);
        if (!s->nearby_plan)
            return NULL;
        s->nearby_revision = q->m->revision;
    }
    return s->nearby_plan;
}

/* An interaction on the term a change moves, whose conditions on the
 * other terms hold in the path's package (the others cannot turn it on or
 * off): its condition on the term (-1: a product, evaluated whole) and its
 * contribution before the change. */
typedef struct live {
    int x, c;
    double old[2];
} live;

/* One walk of a neighbourhood (see walk()): the plan, the changeable terms
 * by their largest gain, the top-k sums of those gains over the terms
 * still to come, and the screen's thresholds and slack. */
typedef struct walker {
    ww_query *q;
    const ww_model *m;
    const ww__nearby_plan *p;
    const ww_qargs *a;
    found *f;
    jheap jh;
    int probe, nt, kmax;
    int *order;       /* the changeable terms, largest J gain first       */
    double *gain;     /* n x 3: what changing term t can add to J, U_b,
                         U_s at most (its best level's over the
                         reference's, and its interactions' swing)        */
    double *swing;    /* n x 3: that swing (see walker_init)              */
    double *top;      /* (nt + 1) x (kmax + 1) x 3: the largest sum of k
                         of the gains of order[e..nt), per quantity        */
    int *pkg;         /* the reference with the path's changes            */
    int *ct, *cl;     /* the path's changed terms and levels              */
    int *rt, *rl;     /* the same sorted by term, for a record            */
    live *lv;         /* the path's live interactions, one run per change */
    lvkey *keys;      /* scratch: the terms by gain (3n / 2 + 2)          */
    double bmin, smin, sb, ss, wb, ws, slack, jslack;
    double jfloor;    /* jheap_floor(&jh), kept as it rises               */
    long seen, budget;
} walker;

/* One query's working memory, carved from one block (on the stack for
 * small models: for the microsecond trades of small domains the
 * allocator's cost matters). */
#define LOCAL_BYTES 8192

static size_t layout(walker *w, int cap, char *mem)
{
    size_t at = 0, n = (size_t)w->m->nterms + 1;
    size_t tops = ((size_t)w->nt + 1) * ((size_t)w->kmax + 1) * 3;
    /* four carves (each costs a few instructions, twice a query) */
    double *d = ww__carve(mem, &at, (size_t)cap + 1 + 6 * n + tops,
                          sizeof *d);
    int *i = ww__carve(mem, &at, 6 * n, sizeof *i);
    w->lv = ww__carve(mem, &at, w->p->links + 1, sizeof *w->lv);
    w->keys = ww__carve(mem, &at, n + n / 2 + 1, sizeof *w->keys);
    if (mem) {
        w->jh.v = d;
        w->gain = d + cap + 1;
        w->swing = w->gain + 3 * n;
        w->top = w->swing + 3 * n;
        w->order = i;
        w->pkg = i + n;
        w->ct = i + 2 * n;
        w->cl = i + 3 * n;
        w->rt = i + 4 * n;
        w->rl = i + 5 * n;
    }
    return at;
}

/* The walk's per-reference tables: the gains, the terms' order, the top-k
 * sums, and the slack of the screen's sums and the bounds. */
static void walker_init(walker *w, const int *ref)
{
    const ww_model *m = w->m;
    const ww__nearby_plan *p = w->p;
    int n = m->nterms;
    memcpy(w->swing, p->pswing, sizeof *w->swing * 3 * (size_t)n);
    /* What a change of t can gain through a condition interaction x: with
     * x inactive in the path's package and of value v > 0, only turning
     * it on gains, which changes every term of x failing there, all of
     * them at the reference level (unchanged terms), so failing at the
     * reference too: v counts on those terms.  With v < 0, only turning
     * it off gains, by changing a term of x that held, at the reference
     * level: -v counts on the terms holding at the reference.  And x
     * failing on more than kmax terms at the reference stays off
     * throughout.  (Per quantity: J, U_b, U_s.) */
    for (int x = 0; x < m->ninter; x++) {
        const ww_interaction *it = &m->inter[x];
        if (it->kind != WW_INTERACTION_WHEN)
            continue;
        int fails = 0;
        for (int c = 0; c < it->ncond; c++)
            fails += !ww__conds_hold(&it->conds[c], 1, ref);
        if (fails > w->kmax)
            continue;
        double v[3] = {ww__joint(m, it->util[WW_BUYER], it->util[WW_SELLER]),
                       it->util[WW_BUYER], it->util[WW_SELLER]};
        for (int c = 0; c < it->ncond; c++) {
            int holds = ww__conds_hold(&it->conds[c], 1, ref);
            double *sw = w->swing + 3 * it->conds[c].term;
            for (int i = 0; i < 3; i++)
                if (v[i] > 0 ? !holds : holds)
                    sw[i] += fabs(v[i]);
        }
    }
    w->nt = 0;
    for (int t = 0; t < n; t++) {
        const ww_level *r = &m->terms[t].levels[ref[t]];
        double d[3] = {level_j(m, r), r->buyer, r->seller};
        for (int i = 0; i < 3; i++) {
            double g = p->best[3 * t + i] - d[i];
            w->gain[3 * t + i] = (g > 0 ? g : 0) + w->swing[3 * t + i];
        }
        if (m->terms[t].nlevels > 1)
            w->keys[w->nt++] = (lvkey){w->gain[3 * t], t};
    }
    /* the terms by their J gain, largest first (then in order) */
    sort_lv_with(w->keys, (size_t)w->nt, w->keys + w->nt);
    for (int i = 0; i < w->nt; i++)
        w->order[i] = w->keys[i].l;
    /* top[e][k]: the k largest gains among order[e..nt) (gains >= 0) */
    int K = w->kmax;
    for (int e = w->nt; e >= 0; e--)
        for (int k = 0; k <= K; k++) {
            double *tp = w->top + ((size_t)e * (size_t)(K + 1) + (size_t)k) * 3;
            if (e == w->nt || k == 0) {
                tp[0] = tp[1] = tp[2] = 0;
                continue;
            }
            const double *skip = tp + (size_t)(K + 1) * 3; /* e + 1, k */
            const double *take = skip - 3;                 /* e + 1, k - 1 */
            const double *g = w->gain + 3 * w->order[e];
            for (int i = 0; i < 3; i++)
                tp[i] = skip[i] > take[i] + g[i] ? skip[i] : take[i] + g[i];
        }
    /* The screen's sums start from the reference's (within n + 3 nx
     * roundings of ww__utilities', each at most 2^-53 of a partial sum,
     * itself at most `big`) and add, per change, the level's difference
     * (2 roundings) and each live interaction's (2 more, a product 4);
     * a bound adds up to kmax + 1 gains, each a sum of a difference and
     * the term's swings.  Eight times all that: a package the exact
     * filter keeps is never screened or pruned out. */
    w->slack = 8.0 *
               (double)(3 * (n + 3 * m->ninter) +
                        2 * (K + 1) * (3 + 4 * p->maxdeg) + 16) *
               p->big * 0x1p-53;
    w->jslack = (fabs(w->wb) + fabs(w->ws)) * w->slack * 2;
}

/* The package the path ends in (h changes): a trade, or (probing) the
 * admissible package sought, when it passes the screen and then the exact
 * tests.  0 go on, 2 found (probing), -1 out of memory. */
static int consider(walker *w, int h, const double u[2])
{
    ww_query *q = w->q;
    const ww_model *m = w->m;
    double jfloor = w->jfloor;
    if (!(u[WW_BUYER] >= w->sb && u[WW_SELLER] >= w->ss &&
          w->wb * u[WW_BUYER] + w->ws * u[WW_SELLER] >= jfloor - w->jslack))
        return 0;
    double ub, us;
    ww__utilities(m, w->pkg, &ub, &us);
    double j = ww__joint(m, ub, us);
    if (!(ub >= w->bmin && us >= w->smin && j >= jfloor &&
          ww__meets_floors(q->has_floor, q->floor, ub, us) &&
          (m->ncons == 0 || ww__feasible(m, w->pkg) < 0)))
        return 0;
    if (w->probe)
        return 2;
    for (int i = 0; i < h; i++) { /* the record lists terms in order */
        int k = i;
        while (k > 0 && w->rt[k - 1] > w->ct[i]) {
            w->rt[k] = w->rt[k - 1];
            w->rl[k] = w->rl[k - 1];
            k--;
        }
        w->rt[k] = w->ct[i];
        w->rl[k] = w->cl[i];
    }
    if (found_push(w->f, j, us, w->rt, w->rl, h, jfloor) < 0)
        return -1;
    jheap_add(&w->jh, j);
    w->jfloor = jheap_floor(&w->jh);
    return 0;
}

/* Visits every package that changes, besides the path's h changes (whose
 * package has screen utilities u), some of the terms order[e..nt), each
 * once: the next change's term, then its levels by J descending, each
 * package considered and then extended.  Pruned by bounds on what the
 * changes left can add (each term's gain; the gains are sorted, so the
 * later terms' sums are no larger): the terms from e on once the path
 * plus the best kmax - h of their gains stays below the J heap's floor or
 * the trade's bounds; a term's levels from the first whose J, the term's
 * swing and the best kmax - h - 1 gains after it stay below that floor.
 * lv: free room for the live interactions.  0 done, 1 stopped, 2 found
 * (probing), 3 over the node budget, -1 out of memory. */
static int walk(walker *w, int e, int h, const double u[2], live *lv)
{
    const ww_model *m = w->m;
    const ww__nearby_plan *p = w->p;
    const int *ref = w->a->ref;
    size_t K1 = (size_t)w->kmax + 1;
    int rem = w->kmax - h;
    double ju = w->wb * u[WW_BUYER] + w->ws * u[WW_SELLER];
    for (; e < w->nt; e++) {
        const double *tp = w->top + ((size_t)e * K1 + (size_t)rem) * 3;
        double cut = w->jfloor - 2 * w->jslack;
        if (u[WW_BUYER] + tp[1] < w->sb - w->slack ||
            u[WW_SELLER] + tp[2] < w->ss - w->slack || ju + tp[0] < cut)
            return 0;
        int t = w->order[e], nlv = 0;
        /* the interactions on t that its level alone can still turn */
        for (int j = p->toff[t]; j < p->toff[t + 1]; j++) {
            const ww_interaction *it = &m->inter[p->tx[j]];
            int cl = -1, others = 1;
            if (it->kind == WW_INTERACTION_WHEN)
                for (int c = 0; c < it->ncond && others; c++) {
                    if (it->conds[c].term == t)
                        cl = c;
                    else
                        others = ww__conds_hold(&it->conds[c], 1, w->pkg);
                }
            if (!others)
                continue;
            live *x = &lv[nlv++];
            x->x = p->tx[j];
            x->c = cl;
            x->old[0] = x->old[1] = 0;
            ww__interaction_add(m, it, w->pkg, x->old);
        }
        const ww_level *lvl = m->terms[t].levels, *old = &lvl[ref[t]];
        /* a level's subtree adds at most its J over the reference's, the
         * term's swing and the best gains of the terms after it */
        const double *after = w->top + ((size_t)(e + 1) * K1 +
                                        (size_t)(rem - 1)) * 3;
        double reach = ju - level_j(m, old) + w->swing[3 * t] + after[0];
        w->ct[h] = t;
        for (int i = p->loff[t]; i < p->loff[t + 1]; i++) {
            int l = p->lvj[i];
            if (l == ref[t])
                continue;
            if (reach + p->lj[i] < w->jfloor - 2 * w->jslack)
                break; /* and every level after it */
            if ((++w->seen & (CLOCK_EVERY - 1)) == 0 &&
                stop_now(w->q, w->f)) {
                w->pkg[t] = ref[t];
                return 1;
            }
            if (w->budget && w->seen > w->budget) {
                w->pkg[t] = ref[t];
                return 3;
            }
            w->pkg[t] = l;
            w->cl[h] = l;
            double v[2] = {u[0] + (lvl[l].buyer - old->buyer),
                           u[1] + (lvl[l].seller - old->seller)};
            for (int k = 0; k < nlv; k++) {
                const ww_interaction *it = &m->inter[lv[k].x];
                double nw[2] = {0, 0};
                if (lv[k].c < 0)
                    ww__interaction_add(m, it, w->pkg, nw);
                else if (ww__conds_hold(&it->conds[lv[k].c], 1, w->pkg)) {
                    nw[0] = it->util[WW_BUYER];
                    nw[1] = it->util[WW_SELLER];
                }
                v[0] += nw[0] - lv[k].old[0];
                v[1] += nw[1] - lv[k].old[1];
            }
            int rc = consider(w, h + 1, v);
            if (rc == 0 && rem > 1)
                rc = walk(w, e + 1, h + 1, v, lv + nlv);
            if (rc) {
                w->pkg[t] = ref[t];
                return rc;
            }
        }
        w->pkg[t] = ref[t];
    }
    return 0;
}

/* Walks the neighbourhood into f: every package within a->max_changes
 * changed terms of the reference, pruned as walk() says; the records kept
 * are those within TOL of the top-th best J.  With `probe`, only the
 * floors and feasibility count and the first admissible package ends the
 * walk (2): with no trade, it shows the zone is not empty.  budget: nodes
 * the walk may visit (0: any).  0 ok (none found when probing), 1 stopped
 * by the deadline, 3 over the budget, -1 out of memory. */
static int enumerate(ww_query *q, const ww_qargs *a, found *f, int probe,
                     long budget)
{
    const ww_model *m = q->m;
    const ww__nearby_plan *p = plan_of(q);
    if (!p)
        return -1;
    int n = m->nterms;
    double ru[3];
    ww__util3(m, a->ref, ru);
    int nt = 0;
    for (int t = 0; t < n; t++)
        nt += m->terms[t].nlevels > 1;
    double count = q->enum_count;
    int cap = count < a->top ? (int)count + 1 : a->top;
    walker w = {.q = q, .m = m, .p = p, .a = a, .f = f, .probe = probe,
                .budget = budget, .nt = nt,
                .kmax = a->max_changes < nt ? a->max_changes : nt,
                .wb = m->party[WW_BUYER].weight,
                .ws = m->party[WW_SELLER].weight};
    size_t bytes = layout(&w, cap, NULL);
    _Alignas(16) char local[LOCAL_BYTES];
    char *mem = bytes <= LOCAL_BYTES ? local : malloc(bytes);
    if (!mem)
        return -1;
    layout(&w, cap, mem);
    w.jh = (jheap){w.jh.v, 0, a->top};
    w.jfloor = jheap_floor(&w.jh);
    walker_init(&w, a->ref);
    w.bmin = probe ? -HUGE_VAL : ru[WW_UB] - TOL;
    w.smin = probe ? -HUGE_VAL : ru[WW_US] - a->concede - TOL;
    /* the screen's thresholds: the trade's and the floors', less slack */
    w.sb = w.bmin;
    w.ss = w.smin;
    if (q->has_floor[WW_BUYER])
        w.sb = fmax(w.sb, q->floor[WW_BUYER] - TOL);
    if (q->has_floor[WW_SELLER])
        w.ss = fmax(w.ss, q->floor[WW_SELLER] - TOL);
    w.sb -= w.slack;
    w.ss -= w.slack;
    memcpy(w.pkg, a->ref, sizeof(int) * (size_t)n);
    double u[2] = {ru[WW_UB], ru[WW_US]};
    int rc = w.kmax > 0 ? walk(&w, 0, 0, u, w.lv) : 0;
    /* only records within TOL of the top-th best J can be trades */
    if (rc == 0 && found_compact(f, w.jfloor) < 0)
        rc = -1;
    if (mem != local)
        free(mem);
    return rc;
}

/* Passes of climb_to_floors over the terms. */
#define CLIMB_PASSES 8

/* How far (ub, us) is from the floors: the smaller margin (0 without
 * floors). */
static double floor_margin(const ww_query *q, double ub, double us)
{
    double v = HUGE_VAL;
    if (q->has_floor[WW_BUYER])
        v = ub - q->floor[WW_BUYER];
    if (q->has_floor[WW_SELLER] && us - q->floor[WW_SELLER] < v)
        v = us - q->floor[WW_SELLER];
    return v == HUGE_VAL ? 0 : v;
}

/* How many constraints pkg breaks. */
static int broken_count(const ww_model *m, const int *pkg)
{
    int b = 0;
    for (int c = 0; c < m->ncons; c++)
        b += ww__breaks(m, &m->cons[c], pkg);
    return b;
}

/* Looks for any admissible package, to tell "no trade" from "no agreement
 * zone" without the model's diagnosis, whose MIPs some models make GLPK
 * take minutes over (about 1 in 100 random 10-40-term models with
 * reservations and constraints: past a 20 s limit, with no cause).
 * Coordinate ascent from ref: each pass moves each term in turn to the
 * level that best lowers the constraints broken, then raises the smaller
 * margin above the floors, until a pass moves nothing, at most
 * CLIMB_PASSES passes, every package evaluated exactly; it stops at the
 * deadline.  1 with an admissible package in pkg (n ints), else 0 (which
 * proves nothing: the caller diagnoses). */
static int climb_to_floors(const ww_query *q, const int *ref, int *pkg)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    memcpy(pkg, ref, sizeof *pkg * (size_t)n);
    double u[2]; /* the current package's */
    ww__utilities(m, pkg, &u[0], &u[1]);
    int broken = broken_count(m, pkg);
    double v = floor_margin(q, u[0], u[1]);
    for (int pass = 0; pass < CLIMB_PASSES; pass++) {
        int moved = 0;
        for (int t = 0; t < n; t++) {
            if (q->deadline && ww__now() >= q->deadline)
                return 0;
            int keep = pkg[t], arg = keep;
            for (int l = 0; l < m->terms[t].nlevels; l++) {
                if (l == keep)
                    continue;
                pkg[t] = l;
                double ub, us;
                ww__utilities(m, pkg, &ub, &us);
                int b = broken_count(m, pkg);
                double w = floor_margin(q, ub, us);
                if (b < broken || (b == broken && w > v)) {
                    broken = b;
                    v = w;
                    arg = l;
                    u[0] = ub;
                    u[1] = us;
                }
            }
            pkg[t] = arg;
            moved += arg != keep;
            if (broken == 0 &&
                ww__meets_floors(q->has_floor, q->floor, u[0], u[1]))
                return 1;
        }
        if (!moved)
            break;
    }
    return 0;
}

/* climb_to_floors from the reference, then from the model's opening and
 * counter, then from each term's best level for the seller and for the
 * buyer: 1 with an admissible package in pkg. */
static int climb_from_starts(const ww_query *q, const int *ref, int *pkg)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    if (climb_to_floors(q, ref, pkg))
        return 1;
    const int *given[2] = {m->opening, m->counter};
    for (int i = 0; i < 2; i++)
        if (given[i] && memcmp(given[i], ref, sizeof *ref * (size_t)n) &&
            climb_to_floors(q, given[i], pkg))
            return 1;
    int *start = malloc(sizeof *start * (size_t)(n + 1));
    if (!start)
        return 0; /* proves nothing: the caller diagnoses */
    static const ww_party order[2] = {WW_SELLER, WW_BUYER};
    int found = 0;
    for (int i = 0; i < 2 && !found; i++) {
        ww_party party = order[i];
        for (int t = 0; t < n; t++) {
            const ww_level *lv = m->terms[t].levels;
            int arg = 0;
            for (int l = 1; l < m->terms[t].nlevels; l++)
                if ((party == WW_SELLER ? lv[l].seller - lv[arg].seller
                                        : lv[l].buyer - lv[arg].buyer) > 0)
                    arg = l;
            start[t] = arg;
        }
        found = climb_to_floors(q, start, pkg);
    }
    free(start);
    return found;
}

/* 1 when record x's package comes before y's in the neighbourhood's
 * order: fewer changes, then the changed terms, then their levels,
 * lexicographically (the order the trades' tie rule ends with, whatever
 * order the walk met them in). */
static int chg_before(const found *f, long x, long y)
{
    const int *a = f->chg + 2 * (size_t)f->k * (size_t)x;
    const int *b = f->chg + 2 * (size_t)f->k * (size_t)y;
    int ha = 0, hb = 0;
    while (ha < f->k && a[2 * ha] >= 0)
        ha++;
    while (hb < f->k && b[2 * hb] >= 0)
        hb++;
    if (ha != hb)
        return ha < hb;
    for (int i = 0; i < ha; i++)
        if (a[2 * i] != b[2 * i])
            return a[2 * i] < b[2 * i];
    for (int i = 0; i < ha; i++)
        if (a[2 * i + 1] != b[2 * i + 1])
            return a[2 * i + 1] < b[2 * i + 1];
    return 0;
}

ww_status ww__trades_nearby(ww_query *q, const ww_qargs *a, ww_result *r,
                            ww_outcome *oc, long budget, int *over)
{
    ww_model *m = q->m;
    r->stats.path = WW_PATH_ENUM;
    double count = q->enum_count;
    if (over)
        *over = 0;
    if (!budget && !(count <= WW__NEARBY_MAX))
        return ww__fail(m, WW_TOO_LARGE,
                        "path \"enum\": %s%.3g packages within %d changes "
                        "of the reference, more than %.0f",
                        count < 1e18 ? "" : "over ", fmin(count, 1e18),
                        a->max_changes, WW__NEARBY_MAX);
    *oc = WW_OUTCOME_OPTIMAL;
    if (a->top == 0)
        return WW_OK;
    int n = m->nterms;
    int k = a->max_changes < n ? a->max_changes : n;
    found f = {NULL, NULL, 0, 0, k > 0 ? k : 1, a->top};
    ww_status st = WW_OK;
    int *pkg = malloc(sizeof(int) * (size_t)(n + 1));
    int rc = pkg ? enumerate(q, a, &f, 0, budget) : -1;
    if (rc < 0) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto done;
    }
    if (rc == 3) { /* over the budget: the caller goes on to GLPK */
        *over = 1;
        goto done;
    }
    if (rc > 0) /* stopped: the best trades found so far, not proven */
        *oc = WW_OUTCOME_TIME_LIMIT;
    if (f.n > 1)
        qsort(f.rec, (size_t)f.n, sizeof *f.rec, by_joint);
    /* The shared tie rule, as best's: each trade is the highest U_s among
     * those left whose J is within TOL of the best J left (then the
     * earlier in the order above); taken records get key -1. */
    for (long head = 0, done = 0; head < f.n && done < a->top && st == WW_OK;
         done++) {
        long arg = head;
        for (long j = head + 1; j < f.n && f.rec[j].b >= f.rec[head].b - TOL;
             j++)
            if (f.rec[j].key >= 0 &&
                (f.rec[j].s > f.rec[arg].s ||
                 (f.rec[j].s == f.rec[arg].s &&
                  chg_before(&f, f.rec[j].key, f.rec[arg].key))))
                arg = j;
        memcpy(pkg, a->ref, sizeof(int) * (size_t)n);
        const int *c = f.chg + 2 * (size_t)f.k * (size_t)f.rec[arg].key;
        for (int i = 0; i < f.k && c[2 * i] >= 0; i++)
            pkg[c[2 * i]] = c[2 * i + 1];
        double u[3];
        ww__util3(m, pkg, u);
        if (ww__result_add(r, pkg, u) != WW_OK)
            st = ww__fail(m, WW_NOMEM, "out of memory");
        f.rec[arg].key = -1;
        while (head < f.n && f.rec[head].key < 0)
            head++;
    }
    if (st == WW_OK && f.n == 0 && rc == 0) {
        *oc = WW_OUTCOME_INFEASIBLE;
        /* an admissible package in reach (the reference, or one the probe
         * finds nearby): the zone is not empty, the trade's bounds are the
         * cause, and the model's diagnosis (a MIP on some models) is not
         * needed; else the caller diagnoses the model */
        double u[3];
        ww__util3(m, a->ref, u);
        int adm = ww__meets_floors(q->has_floor, q->floor, u[WW_UB],
                                   u[WW_US]) &&
                  (m->ncons == 0 || ww__feasible(m, a->ref) < 0);
        if (!adm && (rc = enumerate(q, a, &f, 1, budget)) < 0)
            st = ww__fail(m, WW_NOMEM, "out of memory");
        if (adm || rc == 2 || (rc == 0 && climb_from_starts(q, a->ref, pkg)))
            ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
done:
    free(pkg);
    free(f.rec);
    free(f.chg);
    return st;
}
