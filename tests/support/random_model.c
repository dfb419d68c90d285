/* Seeded random negotiation models (see random_model.h).
 *
 * Every random draw goes through splitmix64 so that a seed means the same
 * model everywhere.  With grid > 0 every utility, weight and product
 * coefficient is a small dyadic rational, so sums are exact in binary
 * floating point and ties really are ties. */
#include "random_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXT 200   /* terms beyond this are clamped (documented in .h) */
#define MAXL 100   /* levels per term, likewise */

typedef struct rng {
    unsigned long long s;
} rng;

static unsigned long long next_u64(rng *r)
{
    unsigned long long z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unif(rng *r)
{
    return (double)(next_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int irange(rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(next_u64(r) % (unsigned long long)(hi - lo + 1));
}

static int coin(rng *r, double p) { return unif(r) < p; }

/* Rounds to the grid (or keeps a real value when grid is 0). */
static double snap(double x, double grid)
{
    if (grid > 0)
        return round(x / grid) * grid;
    return x;
}

void ww_random_params_default(ww_random_params *p)
{
    p->min_terms = 2;
    p->max_terms = 7;
    p->min_levels = 2;
    p->max_levels = 6;
    p->interaction_density = 0.6;
    p->max_interaction_terms = 3;
    p->correlation = -0.3;
    p->grid = 0.25;
    p->constraints = 1;
    p->reservations = 1;
    p->budget = 1;
    p->weights = 1;
    p->products = 0;
    p->counter = 1;
}

void ww_random_params_size(ww_random_params *p, int min_terms, int max_terms,
                           int min_levels, int max_levels)
{
    p->min_terms = min_terms;
    p->max_terms = max_terms;
    p->min_levels = min_levels;
    p->max_levels = max_levels;
}

void ww_random_params_additive(ww_random_params *p, int terms, int levels,
                               double grid)
{
    ww_random_params_default(p);
    p->min_terms = p->max_terms = terms;
    p->min_levels = p->max_levels = levels;
    p->interaction_density = 0;
    p->constraints = 0;
    p->reservations = 0;
    p->budget = 0;
    p->grid = grid;
}

/* A random non-empty subset of 0..n-1 into out; returns its size.  Proper
 * (not every level) when n > 1, so that a condition means something. */
static int random_subset(rng *r, int n, int *out)
{
    int k = 0;
    if (n <= 1) {
        out[0] = 0;
        return 1;
    }
    int want = irange(r, 1, n - 1);
    /* partial Fisher-Yates over 0..n-1, then sort the chosen ones */
    int idx[MAXL];
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = 0; i < want; i++) {
        int j = irange(r, i, n - 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    for (int v = 0; v < n; v++)
        for (int i = 0; i < want; i++)
            if (idx[i] == v)
                out[k++] = v;
    return k;
}

/* Picks k distinct terms out of n into out (k <= n). */
static void random_terms(rng *r, int n, int k, int *out)
{
    int idx[MAXT];
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = 0; i < k; i++) {
        int j = irange(r, i, n - 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out[i] = idx[i];
    }
}


typedef struct gen {
    rng r;
    const ww_random_params *p;
    ww_model *m;
    int n;
    int nl[MAXT];
    int has_value[MAXT];
    double value[MAXT][MAXL];
    double ub[MAXT][MAXL], us[MAXT][MAXL];
    int sets[MAXT][MAXL];         /* scratch: level sets of one condition list */
    int terms[MAXT];              /* scratch: a term list */
    ww_condition cond[MAXT];
} gen;

#define TRY(call)                   \
    do {                            \
        ww_status st_ = (call);     \
        if (st_ != WW_OK)           \
            return st_;             \
    } while (0)

static ww_status make_terms(gen *g)
{
    rng *r = &g->r;
    const ww_random_params *p = g->p;
    double c = p->correlation;
    if (c > 1)
        c = 1;
    if (c < -1)
        c = -1;
    double sc = sqrt(1 - c * c);
    for (int t = 0; t < g->n; t++) {
        char name[32];
        snprintf(name, sizeof name, "t%d", t);
        int term;
        TRY(ww_model_add_term(g->m, name, coin(r, 0.3) ? "u" : NULL, &term));
        int lo = p->min_levels < 1 ? 1 : p->min_levels;
        int hi = p->max_levels > MAXL ? MAXL : p->max_levels;
        g->nl[t] = irange(r, lo, hi < lo ? lo : hi);
        double importance = 2 + 8 * unif(r);  /* term weight in the utilities */
        g->has_value[t] = coin(r, 0.8);
        int v = irange(r, 0, 5), step = irange(r, 1, 4);
        for (int l = 0; l < g->nl[t]; l++) {
            char label[32];
            snprintf(label, sizeof label, "L%d", l);
            double z1 = 2 * unif(r) - 1, z2 = 2 * unif(r) - 1;
            double b = importance * (z1 + 1) / 2;
            double s = importance * ((c * z1 + sc * z2) + 1) / 2;
            g->ub[t][l] = snap(b, p->grid);
            g->us[t][l] = snap(s, p->grid);
            TRY(ww_model_add_level(g->m, t, label, g->ub[t][l], g->us[t][l],
                                   NULL));
            if (g->has_value[t]) {
                g->value[t][l] = v;
                TRY(ww_model_set_level_value(g->m, t, l, v));
                v += coin(r, 0.8) ? step : -irange(r, 1, 3);
            }
        }
    }
    return WW_OK;
}

/* k conditions on distinct random terms, each a random level set, into
 * g->cond. */
static void random_conditions(gen *g, int k)
{
    random_terms(&g->r, g->n, k, g->terms);
    for (int j = 0; j < k; j++) {
        int t = g->terms[j];
        g->cond[j].term = t;
        g->cond[j].nlevels = random_subset(&g->r, g->nl[t], g->sets[j]);
        g->cond[j].levels = g->sets[j];
    }
}

static ww_status make_interactions(gen *g)
{
    rng *r = &g->r;
    const ww_random_params *p = g->p;
    double want = p->interaction_density * g->n;
    int count = (int)floor(want + unif(r) * (want > 0 ? 1.0 : 0.0));
    if (want > 0 && coin(r, 0.1))
        count = 0;                        /* some models stay additive */
    for (int i = 0; i < count; i++) {
        int maxk = p->max_interaction_terms < 1 ? 1 : p->max_interaction_terms;
        if (maxk > g->n)
            maxk = g->n;
        int k = irange(r, 1, maxk);
        random_conditions(g, k);
        double b = coin(r, 0.3) ? 0 : snap(8 * unif(r) - 4, p->grid);
        double s = coin(r, 0.3) ? 0 : snap(8 * unif(r) - 4, p->grid);
        TRY(ww_model_add_interaction(g->m, g->cond, k, b, s, NULL));
    }
    if (p->products && coin(r, 0.7)) {
        int valued[MAXT], nv = 0;
        for (int t = 0; t < g->n; t++)
            if (g->has_value[t])
                valued[nv++] = t;
        if (nv >= 2) {
            int pick[2];
            random_terms(r, nv, 2, pick);
            /* values are small integers: /32 keeps products dyadic */
            double cb = p->grid > 0 ? irange(r, -3, 3) / 32.0
                                    : 0.2 * unif(r) - 0.1;
            double cs = p->grid > 0 ? irange(r, -3, 3) / 32.0
                                    : 0.2 * unif(r) - 0.1;
            TRY(ww_model_add_product(g->m, valued[pick[0]], valued[pick[1]],
                                     cb, cs, NULL));
        }
    }
    return WW_OK;
}

static ww_status make_constraints(gen *g)
{
    rng *r = &g->r;
    int nforbid = coin(r, 0.8) ? irange(r, 1, 3) : 0;
    for (int i = 0; i < nforbid; i++) {
        int k = irange(r, 1, g->n < 3 ? g->n : 3);
        random_conditions(g, k);
        TRY(ww_model_add_forbid(g->m, g->cond, k, NULL));
    }
    int valued[MAXT], nv = 0;
    for (int t = 0; t < g->n; t++)
        if (g->has_value[t])
            valued[nv++] = t;
    int nlin = (nv >= 1 && coin(r, 0.6)) ? irange(r, 1, 2) : 0;
    for (int i = 0; i < nlin; i++) {
        int k = irange(r, 1, nv < 3 ? nv : 3);
        int pick[MAXT], terms[MAXT];
        double coefs[MAXT];
        random_terms(r, nv, k, pick);
        /* activity at a random package, and the range of the activity */
        double at = 0, lo = 0, hi = 0;
        for (int j = 0; j < k; j++) {
            int t = valued[pick[j]];
            terms[j] = t;
            int c = irange(r, -3, 3);
            coefs[j] = c == 0 ? 1 : c;
            double mn = HUGE_VAL, mx = -HUGE_VAL;
            for (int l = 0; l < g->nl[t]; l++) {
                double a = coefs[j] * g->value[t][l];
                mn = a < mn ? a : mn;
                mx = a > mx ? a : mx;
            }
            lo += mn;
            hi += mx;
            at += coefs[j] * g->value[t][irange(r, 0, g->nl[t] - 1)];
        }
        double min = -HUGE_VAL, max = HUGE_VAL;
        double slack = floor(unif(r) * (hi - lo) / 2);
        int kind = irange(r, 0, 9);
        if (kind < 4) {
            max = at + slack;
        } else if (kind < 8) {
            min = at - slack;
        } else if (kind < 9) {
            min = at - slack;
            max = at + slack;
        } else {
            min = hi + 1;                 /* rarely: nothing is feasible */
        }
        TRY(ww_model_add_linear(g->m, terms, coefs, k, min, max, NULL));
    }
    return WW_OK;
}

/* Per-term extremes of level utilities: a rough utility range without the
 * interactions, enough to place reservations and budgets. */
static void ranges(const gen *g, int party, double *lo, double *hi)
{
    *lo = *hi = 0;
    for (int t = 0; t < g->n; t++) {
        double mn = HUGE_VAL, mx = -HUGE_VAL;
        for (int l = 0; l < g->nl[t]; l++) {
            double u = party == WW_BUYER ? g->ub[t][l] : g->us[t][l];
            mn = u < mn ? u : mn;
            mx = u > mx ? u : mx;
        }
        *lo += mn;
        *hi += mx;
    }
}

static ww_status make_limits(gen *g)
{
    rng *r = &g->r;
    const ww_random_params *p = g->p;
    double grid = p->grid > 0 ? p->grid : 0;
    if (p->weights && coin(r, 0.7)) {
        static const double w[] = {0.5, 1, 1, 1.5, 2, 3};
        TRY(ww_model_set_weight(g->m, WW_BUYER, w[irange(r, 0, 5)]));
        TRY(ww_model_set_weight(g->m, WW_SELLER, w[irange(r, 0, 5)]));
    }
    if (p->reservations) {
        for (int party = 0; party < 2; party++) {
            if (!coin(r, 0.75))
                continue;
            double lo, hi;
            ranges(g, party, &lo, &hi);
            /* up to 70% of the way: sometimes beyond every package */
            double res = snap(lo + (hi - lo) * 0.7 * unif(r), grid);
            TRY(ww_model_set_reservation(g->m, (ww_party)party, res));
        }
    }
    int pkg[MAXT];
    if (p->budget && coin(r, 0.8)) {
        /* opening: mostly the seller's favourite level of each term */
        for (int t = 0; t < g->n; t++) {
            int best = 0;
            for (int l = 1; l < g->nl[t]; l++)
                if (g->us[t][l] > g->us[t][best])
                    best = l;
            pkg[t] = coin(r, 0.8) ? best : irange(r, 0, g->nl[t] - 1);
        }
        TRY(ww_model_set_opening(g->m, pkg));
        if (coin(r, 0.85)) {
            double lo, hi;
            ranges(g, WW_SELLER, &lo, &hi);
            TRY(ww_model_set_budget(g->m, snap((hi - lo) * unif(r), grid)));
        }
    } else if (coin(r, 0.3)) {
        for (int t = 0; t < g->n; t++)
            pkg[t] = irange(r, 0, g->nl[t] - 1);
        TRY(ww_model_set_opening(g->m, pkg));
    }
    if (p->counter && coin(r, 0.85)) {
        for (int t = 0; t < g->n; t++)
            pkg[t] = irange(r, 0, g->nl[t] - 1);
        TRY(ww_model_set_counter(g->m, pkg));
    }
    return WW_OK;
}

static ww_status build(gen *g)
{
    TRY(make_terms(g));
    TRY(make_interactions(g));
    if (g->p->constraints)
        TRY(make_constraints(g));
    TRY(make_limits(g));
    return ww_model_validate(g->m);
}

ww_status ww_random_model(unsigned long seed, const ww_random_params *p,
                          ww_model **out)
{
    ww_random_params def;
    if (!out)
        return WW_INVALID;
    *out = NULL;
    if (!p) {
        ww_random_params_default(&def);
        p = &def;
    }
    gen *g = calloc(1, sizeof *g);
    if (!g)
        return WW_NOMEM;
    g->r.s = (unsigned long long)seed * 0xD1B54A32D192ED03ULL + 0x2545F4914F6CDD1DULL;
    g->p = p;
    int lo = p->min_terms < 1 ? 1 : p->min_terms;
    int hi = p->max_terms > MAXT ? MAXT : p->max_terms;
    g->n = irange(&g->r, lo, hi < lo ? lo : hi);
    ww_status st = ww_model_new(&g->m);
    if (st == WW_OK)
        st = build(g);
    if (st != WW_OK) {
        ww_model_free(g->m);
        g->m = NULL;
    }
    *out = g->m;
    free(g);
    return st;
}

ww_status ww_zero_sum_model(int terms, int levels, ww_model **out)
{
    *out = NULL;
    ww_model *m = NULL;
    ww_status st = ww_model_new(&m);
    unsigned long long x = 12345;
    for (int t = 0; t < terms && st == WW_OK; t++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", t);
        st = ww_model_add_term(m, name, NULL, NULL);
        for (int l = 0; l < levels && st == WW_OK; l++) {
            char label[16];
            snprintf(label, sizeof label, "l%d", l);
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            double b = (double)(x >> 11) / 9007199254740992.0 * (t + 2);
            st = ww_model_add_level(m, t, label, b, (t + 2) - b, NULL);
        }
    }
    if (st != WW_OK) {
        ww_model_free(m);
        return st;
    }
    *out = m;
    return WW_OK;
}
