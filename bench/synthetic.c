/* Generated models by size, interaction density and buyer/seller
 * correlation, made by the tests' seeded generator (tests/support). */
#include "bench.h"
#include "random_model.h"

#include <string.h>

/* The generator's size limits (random_model.h: at most 200 terms and 100
 * levels; it clamps max_terms / max_levels but not the minimums), so that a
 * case beyond them is skipped rather than generated out of bounds. */
#ifndef WW_RANDOM_MAX_TERMS
#define WW_RANDOM_MAX_TERMS 200
#endif
#ifndef WW_RANDOM_MAX_LEVELS
#define WW_RANDOM_MAX_LEVELS 100
#endif

typedef struct family_case {
    const char *family;
    int n, m;               /* terms, levels per term                      */
    double density;         /* expected interactions per term              */
    double correlation;     /* -1 distributive .. +1 integrative           */
    int kmax;               /* terms per interaction: 1..kmax              */
    double grid;            /* 0: real-valued utilities                    */
    int limits;             /* constraints, reservations, budget, weights  */
} family_case;

/* The full run.  Real-valued utilities, no limits (so that the frontier is
 * the whole trade-off curve) unless the family is about them. */
static const family_case full_cases[] = {
    /* time vs n (and the 10x10 / 30x10 targets) */
    {"size-n", 5, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 10, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 15, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 20, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 25, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 30, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 32, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 40, 10, 1.0, 0.0, 2, 0.0, 0},
    {"size-n", 60, 10, 1.0, 0.0, 2, 0.0, 0},
    /* time vs m */
    {"size-m", 10, 2, 1.0, 0.0, 2, 0.0, 0},
    {"size-m", 10, 5, 1.0, 0.0, 2, 0.0, 0},
    {"size-m", 10, 15, 1.0, 0.0, 2, 0.0, 0},
    {"size-m", 10, 20, 1.0, 0.0, 2, 0.0, 0},
    /* small enough to enumerate: baseline (a) */
    {"enum", 6, 6, 1.0, 0.0, 2, 0.0, 0},
    {"enum", 8, 6, 1.0, 0.0, 2, 0.0, 0},
    {"enum", 7, 10, 1.0, 0.0, 2, 0.0, 0},
    {"enum", 8, 6, 1.0, 0.0, 3, 0.25, 1},
    /* interaction density */
    {"density", 10, 10, 0.0, 0.0, 2, 0.0, 0},
    {"density", 10, 10, 0.5, 0.0, 2, 0.0, 0},
    {"density", 10, 10, 2.0, 0.0, 2, 0.0, 0},
    {"density", 10, 10, 4.0, 0.0, 2, 0.0, 0},
    {"density", 10, 10, 1.0, 0.0, 4, 0.0, 0},
    /* integrative (+1) .. distributive (-1) */
    {"correlation", 10, 10, 1.0, -1.0, 2, 0.0, 0},
    {"correlation", 10, 10, 1.0, -0.5, 2, 0.0, 0},
    {"correlation", 10, 10, 1.0, 0.5, 2, 0.0, 0},
    {"correlation", 10, 10, 1.0, 1.0, 2, 0.0, 0},
    {"correlation", 30, 10, 1.0, -0.5, 2, 0.0, 0},
    /* a realistic negotiation: constraints, reservations, budget, grid */
    {"limits", 10, 10, 1.0, -0.3, 3, 0.25, 1},
    {"limits", 30, 10, 1.0, -0.3, 3, 0.25, 1},
    /* issue 7's 30 x 10 additive target, against the GLPK loop (c) */
    {"additive", 30, 10, 0.0, 0.0, 2, 0.0, 0},
    {"additive", 30, 10, 0.0, -0.5, 2, 0.0, 0},
    {"additive", 30, 10, 0.0, 0.5, 2, 0.0, 0},
    /* zero-sum without interactions: every package a frontier point, so
     * nash and kalai walk the space (the DP's budget runs out) */
    {"dense", 6, 10, 0.0, -1.0, 2, 0.0, 0},
    {"dense", 7, 10, 0.0, -1.0, 2, 0.0, 0},
};

/* --quick: a few seconds, every feature, every check. */
static const family_case quick_cases[] = {
    {"quick", 5, 4, 1.0, 0.0, 2, 0.0, 0},
    {"quick", 6, 5, 1.0, -0.5, 3, 0.0, 1},
    {"quick", 7, 4, 2.0, 0.3, 3, 0.25, 1},
    {"quick", 6, 3, 1.0, -1.0, 2, 0.0, 0},
    {"quick", 4, 8, 1.5, 0.0, 4, 0.5, 1},
    {"additive", 8, 4, 0.0, 0.0, 2, 0.0, 0},
};

static void case_name(char *buf, size_t len, const family_case *f)
{
    snprintf(buf, len, "n%d-m%d-d%g-c%g-k%d%s%s", f->n, f->m, f->density,
             f->correlation, f->kmax, f->grid > 0 ? "-grid" : "",
             f->limits ? "-limits" : "");
}

/* Seeds follow the case name, not its place in the list, so that adding a
 * case leaves every other model unchanged (FNV-1a, reduced). */
static unsigned long name_hash(const char *s)
{
    unsigned long h = 2166136261UL;
    for (; *s; s++)
        h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
    return h % 1000000UL;
}

static void params_of(const family_case *f, ww_random_params *p)
{
    ww_random_params_default(p);
    p->min_terms = p->max_terms = f->n;
    p->min_levels = p->max_levels = f->m;
    p->interaction_density = f->density;
    p->max_interaction_terms = f->kmax;
    p->correlation = f->correlation;
    p->grid = f->grid;
    p->constraints = f->limits;
    p->reservations = f->limits;
    p->budget = f->limits;
    p->weights = f->limits;
    p->products = 0;
    p->counter = 1;
}

void bench_synthetic(const bench_opts *o, bench_cases *cs)
{
    const family_case *list = o->quick ? quick_cases : full_cases;
    int count = o->quick ? (int)(sizeof quick_cases / sizeof *quick_cases)
                         : (int)(sizeof full_cases / sizeof *full_cases);
    for (int i = 0; i < count; i++) {
        const family_case *f = &list[i];
        char name[128];
        case_name(name, sizeof name, f);
        if (!bench_selected(o, name, f->family))
            continue;
        bench_case *c = bench_cases_add(cs);
        if (!c)
            return;
        snprintf(c->name, sizeof c->name, "%s", name);
        snprintf(c->family, sizeof c->family, "%s", f->family);
        c->density = f->density;
        c->correlation = f->correlation;
        /* the GLPK loop (c) only where its target is: seconds per case */
        c->mip_loop = strcmp(f->family, "additive") == 0;
        c->seed = o->seed + name_hash(name);
        ww_random_params p;
        params_of(f, &p);
        ww_model *m = NULL;
        ww_status s = WW_OK;
        if (f->n > WW_RANDOM_MAX_TERMS || f->m > WW_RANDOM_MAX_LEVELS) {
            snprintf(c->errmsg, sizeof c->errmsg,
                     "skipped: the generator makes at most %d terms x %d "
                     "levels", WW_RANDOM_MAX_TERMS, WW_RANDOM_MAX_LEVELS);
            c->terms = 0;
        } else if ((s = ww_random_model(c->seed, &p, &m)) != WW_OK) {
            c->error = 1;
            snprintf(c->errmsg, sizeof c->errmsg, "ww_random_model: %s",
                     ww_status_str(s));
        } else {
            bench_run_model(o, m, c);
        }
        ww_model_free(m);
        bench_print_case(stdout, c);
        fflush(stdout);
    }
}
