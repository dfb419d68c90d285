/* nearby.c — trades by enumerating the reference's neighbourhood: every
 * package within K changed terms of it, each looked at once.  A trade
 * changes at most K terms, so nothing else can be one: on 30 terms of 10
 * levels and K = 2 that is 35,505 packages (under a millisecond) where the
 * MIP loop's ten solves take a few hundred milliseconds, and the size of
 * the whole space does not matter. */
#include "solver_internal.h"
#include "dp.h" /* ww__dp_pt */

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

int ww__nearby_chosen(const ww_query *q)
{
    if (q->o.path == WW_PATH_ENUM)
        return 1;
    double n = q->m->nterms;
    return q->o.path == WW_PATH_AUTO &&
           q->enum_count <=
               fmin(WW__NEARBY_MAX,
                    fmax(WW__NEARBY_AUTO_MIN, WW__NEARBY_AUTO_N2 * n * n));
}

/* The trades found so far: (J, U_s, index) records, and each one's changed
 * terms and levels (stride k, unused slots -1) in `chg`. */
typedef struct found {
    ww__dp_pt *rec;
    int *chg;
    long n, cap;
    int k;
} found;

/* Drops the records below jfloor (keys keep indexing chg: the kept
 * records' changes move down with them). */
static void found_compact(found *f, double jfloor)
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
}

/* Adds a record; when full, first drops those below jfloor (memory stays
 * near the records that can still be trades, whatever the order). */
static int found_push(found *f, double j, double us, const int *pos,
                      const int *lvl, int h, double jfloor)
{
    if (f->n == f->cap) {
        if (f->cap >= 4096)
            found_compact(f, jfloor);
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

/* Trades' order: J descending, then U_s descending, then the earlier in
 * the enumeration (fewer changes, then earlier terms, then lower levels). */
static int by_joint(const void *x, const void *y)
{
    const ww__dp_pt *p = x, *r = y;
    if (p->b != r->b)
        return p->b > r->b ? -1 : 1;
    if (p->s != r->s)
        return p->s > r->s ? -1 : 1;
    return (p->key > r->key) - (p->key < r->key);
}

/* What a change of levels does to the utilities, for the screen: the
 * interactions on each term (tx[toff[t]..toff[t+1])), each interaction's
 * contribution at the reference, and how far a sum formed in another
 * order can be from ww__utilities' (slack). */
typedef struct delta {
    int *toff, *tx;
    double *rc;              /* [2 x]: buyer, seller at the reference */
    unsigned *mark, stamp;   /* interactions already counted          */
    double slack;
} delta;

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

/* One query's working memory, carved from one block (on the stack for
 * small models: for the microsecond trades of small domains the
 * allocator's cost matters): delta's arrays, the J heap, 7n ints (the
 * package, the changeable terms, the change set's positions, levels,
 * terms and levels again for the record, and delta's scratch), and the
 * last change's live interactions. */
typedef struct scratch {
    delta d;
    double *heap;
    int *ints;
    int *act, *actc;  /* the last change's live interactions, their
                         condition on it (-1: a product) */
} scratch;

#define LOCAL_BYTES 4096

static size_t layout(const ww_model *m, size_t links, int cap, char *mem,
                     scratch *sc)
{
    size_t at = 0, n = (size_t)m->nterms, nx = (size_t)m->ninter;
#define CARVE(ptr, count) (ptr) = ww__carve(mem, &at, (count), sizeof *(ptr))
    CARVE(sc->d.rc, 2 * nx + 2);
    CARVE(sc->heap, (size_t)cap + 1);
    CARVE(sc->d.mark, nx + 1);
    CARVE(sc->d.toff, n + 1);
    CARVE(sc->d.tx, links + 1);
    CARVE(sc->ints, 7 * n + 1);
    CARVE(sc->act, links + 1);
    CARVE(sc->actc, links + 1);
#undef CARVE
    return at;
}

/* Fills d (arrays carved already; `at` n ints of scratch) for reference
 * ref and up to k changes. */
static void delta_init(delta *d, const ww_model *m, const int *ref, int k,
                       int *at)
{
    int n = m->nterms, nx = m->ninter;
    memset(d->toff, 0, sizeof *d->toff * ((size_t)n + 1));
    memset(d->mark, 0, sizeof *d->mark * ((size_t)nx + 1));
    d->stamp = 0;
    /* sum of |every addend| ww__utilities can meet: bounds both sums
     * (ternaries, not fmax: no NaN here, and no call per level) */
    double big = 0;
    for (int t = 0; t < n; t++) {
        double mx = 0;
        for (int l = 0; l < m->terms[t].nlevels; l++) {
            const ww_level *lv = &m->terms[t].levels[l];
            double b = fabs(lv->buyer), sv = fabs(lv->seller);
            mx = b > mx ? b : mx;
            mx = sv > mx ? sv : mx;
        }
        big += mx;
    }
    for (int x = 0; x < nx; x++) {
        const ww_interaction *it = &m->inter[x];
        double u = fmax(fabs(it->util[WW_BUYER]), fabs(it->util[WW_SELLER]));
        if (it->kind == WW_INTERACTION_PRODUCT) {
            double va = 0, vb = 0;
            for (int l = 0; l < m->terms[it->term_a].nlevels; l++)
                va = fmax(va, fabs(m->terms[it->term_a].levels[l].value));
            for (int l = 0; l < m->terms[it->term_b].nlevels; l++)
                vb = fmax(vb, fabs(m->terms[it->term_b].levels[l].value));
            u *= va * vb;
            d->toff[it->term_a + 1]++;
            if (it->term_b != it->term_a)
                d->toff[it->term_b + 1]++;
        } else {
            for (int c = 0; c < it->ncond; c++)
                d->toff[it->conds[c].term + 1]++;
        }
        big += u;
        double r[2] = {0, 0};
        ww__interaction_add(m, it, ref, r);
        d->rc[2 * x] = r[WW_BUYER];
        d->rc[2 * x + 1] = r[WW_SELLER];
    }
    for (int t = 0; t < n; t++)
        d->toff[t + 1] += d->toff[t];
    memcpy(at, d->toff, sizeof *at * (size_t)n);
    for (int x = 0; x < nx; x++) {
        const ww_interaction *it = &m->inter[x];
        if (it->kind == WW_INTERACTION_PRODUCT) {
            d->tx[at[it->term_a]++] = x;
            if (it->term_b != it->term_a)
                d->tx[at[it->term_b]++] = x;
        } else {
            for (int c = 0; c < it->ncond; c++)
                d->tx[at[it->conds[c].term]++] = x;
        }
    }
    /* Each sum rounds at most once per addend (n + nx of them, a product
     * twice more), each time by at most 2^-53 of a partial sum, itself at
     * most `big`; the screen's sum adds the reference's (as rounded) and
     * up to 3 roundings per changed term and interaction.  Eight times
     * that bound: a package the exact filter keeps is never screened out. */
    d->slack = 8.0 * (double)(3 * (n + 3 * nx) + 6 * k + 16) * big *
               0x1p-53;
}

/* 1 when interaction x reads term t. */
static int touches(const ww_interaction *x, int t)
{
    if (x->kind == WW_INTERACTION_PRODUCT)
        return x->term_a == t || x->term_b == t;
    for (int c = 0; c < x->ncond; c++)
        if (x->conds[c].term == t)
            return 1;
    return 0;
}

/* Adds to u what the interactions on term t (changed to pkg[t]) do that
 * were not counted yet in this stamp and do not read term `skip` (their
 * change is counted with skip's). */
static void delta_inter(delta *d, const ww_model *m, const int *pkg, int t,
                        int skip, double u[2])
{
    for (int j = d->toff[t]; j < d->toff[t + 1]; j++) {
        int x = d->tx[j];
        if (d->mark[x] == d->stamp ||
            (skip >= 0 && touches(&m->inter[x], skip)))
            continue;
        d->mark[x] = d->stamp;
        double v[2] = {0, 0};
        ww__interaction_add(m, &m->inter[x], pkg, v);
        u[WW_BUYER] += v[WW_BUYER] - d->rc[2 * x];
        u[WW_SELLER] += v[WW_SELLER] - d->rc[2 * x + 1];
    }
}

static void delta_stamp(delta *d, int ninter)
{
    if (++d->stamp == 0) { /* wrapped: forget every mark */
        memset(d->mark, 0, sizeof *d->mark * (size_t)(ninter + 1));
        d->stamp = 1;
    }
}

/* Adds to u what changing term t from ref[t] to pkg[t] does: its level's
 * difference and its interactions' (see delta_inter). */
static void delta_term(delta *d, const ww_model *m, const int *ref,
                       const int *pkg, int t, int skip, double u[2])
{
    const ww_level *nw = &m->terms[t].levels[pkg[t]];
    const ww_level *old = &m->terms[t].levels[ref[t]];
    u[WW_BUYER] += nw->buyer - old->buyer;
    u[WW_SELLER] += nw->seller - old->seller;
    delta_inter(d, m, pkg, t, skip, u);
}

/* Splits the interactions on term `last` for the packages that differ only
 * in last's level: a condition on another term that fails fails for all of
 * them (their change from the reference goes into base at once); the
 * others go to act[] with the index of their condition on last (-1: a
 * product, evaluated whole).  Returns how many are live. */
static int live(const delta *d, const ww_model *m, const int *pkg, int last,
                int *act, int *actc, double base[2])
{
    int n = 0;
    for (int j = d->toff[last]; j < d->toff[last + 1]; j++) {
        int x = d->tx[j], cl = -1, others = 1;
        const ww_interaction *it = &m->inter[x];
        if (it->kind == WW_INTERACTION_WHEN)
            for (int c = 0; c < it->ncond && others; c++) {
                if (it->conds[c].term == last)
                    cl = c;
                else
                    others = ww__conds_hold(&it->conds[c], 1, pkg);
            }
        if (others) {
            act[n] = x;
            actc[n++] = cl;
        } else {
            base[0] -= d->rc[2 * x];
            base[1] -= d->rc[2 * x + 1];
        }
    }
    return n;
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

/* Enumerates the neighbourhood into f: changes of h = 1..k terms (among
 * those with another level), the change sets in lexicographic order, each
 * one's levels as an odometer with the last changed term fastest.  Each
 * package is screened first: its utilities as the reference's plus what
 * the changes do (the part of all but the last change kept while only the
 * last moves), within d->slack of the exact values; the few that pass the
 * trade's bounds, the floors and the J heap get ww__utilities' exact
 * values, and the exact filter decides.  With `probe`, only the floors and
 * feasibility count and the first admissible package ends the scan (2):
 * with no trade, it shows the zone is not empty.  0 ok (none found when
 * probing), 1 stopped by the deadline, -1 out of memory. */
static int enumerate(ww_query *q, const ww_qargs *a, found *f, int probe)
{
    const ww_model *m = q->m;
    int n = m->nterms;
    double ru[3];
    ww__util3(m, a->ref, ru);
    double bmin = probe ? -HUGE_VAL : ru[WW_UB] - TOL;
    double smin = probe ? -HUGE_VAL : ru[WW_US] - a->concede - TOL;
    double count = q->enum_count; /* <= NEARBY_MAX */
    int cap = count < a->top ? (int)count + 1 : a->top;
    scratch sc;
    size_t links = count_links(m), bytes = layout(m, links, cap, NULL, &sc);
    _Alignas(16) char local[LOCAL_BYTES];
    char *mem = bytes <= LOCAL_BYTES ? local : malloc(bytes);
    if (!mem)
        return -1;
    layout(m, links, cap, mem, &sc);
    delta *d = &sc.d;
    int *pkg = sc.ints, *terms = pkg + n, *pos = terms + n;
    int *alt = pos + n; /* the changed terms' levels */
    int *cp = alt + n, *cl = cp + n; /* a trade's changed terms, levels */
    delta_init(d, m, a->ref, f->k, cl + n);
    jheap jh = {sc.heap, 0, a->top};
    /* the screen's thresholds: the trade's and the floors', less slack */
    double sb = bmin, ss = smin;
    if (q->has_floor[WW_BUYER])
        sb = fmax(sb, q->floor[WW_BUYER] - TOL);
    if (q->has_floor[WW_SELLER])
        ss = fmax(ss, q->floor[WW_SELLER] - TOL);
    sb -= d->slack;
    ss -= d->slack;
    double wb = m->party[WW_BUYER].weight, ws = m->party[WW_SELLER].weight;
    double jslack = (fabs(wb) + fabs(ws)) * d->slack * 2;
    int nt = 0; /* the terms a trade can change */
    for (int t = 0; t < n; t++)
        if (m->terms[t].nlevels > 1)
            terms[nt++] = t;
    memcpy(pkg, a->ref, sizeof(int) * (size_t)n);
    int kmax = a->max_changes < nt ? a->max_changes : nt;
    int rc = 0;
    long seen = 0;
    for (int h = 1; h <= kmax && rc == 0; h++) {
        for (int i = 0; i < h; i++)
            pos[i] = i;
        for (;;) { /* one change set: terms[pos[0..h)] */
            for (int i = 0; i < h; i++) {
                int t = cp[i] = terms[pos[i]];
                pkg[t] = alt[i] = a->ref[t] == 0 ? 1 : 0;
            }
            int last = cp[h - 1];
            const ww_level *lvl = m->terms[last].levels;
            const ww_level *old = &lvl[a->ref[last]];
            int nact = 0;
            double base[2] = {0, 0}; /* all changes but the last */
            int stale = 1;
            for (;;) { /* one package of the set */
                if ((++seen & (CLOCK_EVERY - 1)) == 0 && stop_now(q, f)) {
                    rc = 1;
                    goto out;
                }
                if (stale) {
                    base[0] = ru[WW_UB];
                    base[1] = ru[WW_US];
                    delta_stamp(d, m->ninter);
                    for (int i = 0; i + 1 < h; i++)
                        delta_term(d, m, a->ref, pkg, cp[i], last, base);
                    nact = live(d, m, pkg, last, sc.act, sc.actc, base);
                    stale = 0;
                }
                const ww_level *nw = &lvl[pkg[last]];
                double u[2] = {base[0] + (nw->buyer - old->buyer),
                               base[1] + (nw->seller - old->seller)};
                for (int x = 0; x < nact; x++) {
                    const ww_interaction *it = &m->inter[sc.act[x]];
                    double v[2] = {0, 0};
                    if (sc.actc[x] < 0)
                        ww__interaction_add(m, it, pkg, v);
                    else if (ww__conds_hold(&it->conds[sc.actc[x]], 1, pkg)) {
                        v[0] = it->util[WW_BUYER];
                        v[1] = it->util[WW_SELLER];
                    }
                    u[0] += v[0] - d->rc[2 * sc.act[x]];
                    u[1] += v[1] - d->rc[2 * sc.act[x] + 1];
                }
                double jfloor = jheap_floor(&jh);
                if (u[WW_BUYER] >= sb && u[WW_SELLER] >= ss &&
                    wb * u[WW_BUYER] + ws * u[WW_SELLER] >= jfloor - jslack) {
                    double ub, us;
                    ww__utilities(m, pkg, &ub, &us);
                    double j = ww__joint(m, ub, us);
                    if (ub >= bmin && us >= smin && j >= jfloor &&
                        ww__meets_floors(q->has_floor, q->floor, ub, us) &&
                        (m->ncons == 0 || ww__feasible(m, pkg) < 0)) {
                        if (probe) {
                            rc = 2;
                            goto out;
                        }
                        for (int i = 0; i < h; i++)
                            cl[i] = alt[i];
                        if (found_push(f, j, us, cp, cl, h, jfloor) < 0) {
                            rc = -1;
                            goto out;
                        }
                        jheap_add(&jh, j);
                    }
                }
                /* next levels: the last changed term fastest, skipping
                 * the reference's level */
                int i = h - 1;
                for (; i >= 0; i--) {
                    int t = cp[i];
                    int v = alt[i] + 1;
                    if (v == a->ref[t])
                        v++;
                    if (v < m->terms[t].nlevels) {
                        pkg[t] = alt[i] = v;
                        break;
                    }
                    pkg[t] = alt[i] = a->ref[t] == 0 ? 1 : 0;
                }
                if (i < 0)
                    break;
                stale = i < h - 1;
            }
            /* the set's terms back to the reference, then the next set */
            for (int i = 0; i < h; i++)
                pkg[cp[i]] = a->ref[cp[i]];
            int i = h - 1;
            while (i >= 0 && pos[i] == nt - h + i)
                i--;
            if (i < 0)
                break;
            pos[i]++;
            for (int j = i + 1; j < h; j++)
                pos[j] = pos[j - 1] + 1;
        }
    }
out:
    /* only records within TOL of the top-th best J can be trades */
    if (rc == 0)
        found_compact(f, jheap_floor(&jh));
    if (mem != local)
        free(mem);
    return rc;
}

ww_status ww__trades_nearby(ww_query *q, const ww_qargs *a, ww_result *r,
                            ww_outcome *oc)
{
    ww_model *m = q->m;
    r->stats.path = WW_PATH_ENUM;
    double count = q->enum_count;
    if (!(count <= WW__NEARBY_MAX))
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
    found f = {NULL, NULL, 0, 0, k > 0 ? k : 1};
    ww_status st = WW_OK;
    int *pkg = malloc(sizeof(int) * (size_t)(n + 1));
    int rc = pkg ? enumerate(q, a, &f, 0) : -1;
    if (rc < 0) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto done;
    }
    if (rc > 0) {
        *oc = WW_OUTCOME_TIME_LIMIT;
        goto done;
    }
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
                  f.rec[j].key < f.rec[arg].key)))
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
    if (st == WW_OK && f.n == 0) {
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
        if (!adm && (rc = enumerate(q, a, &f, 1)) < 0)
            st = ww__fail(m, WW_NOMEM, "out of memory");
        if (adm || rc == 2)
            ww__set_diag(r, WW_CAUSE_QUERY, 0, 0);
    }
done:
    free(pkg);
    free(f.rec);
    free(f.chg);
    return st;
}
