/* model.c — building, reading, copying and validating models.
 *
 * Every mutator validates everything and allocates everything it needs
 * before it touches the model, so a failure (including out of memory)
 * leaves the model unchanged and usable.  Every change bumps revision. */
#include "model_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WW_RANGE_MAX_LEVELS 10000

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static const char *party_word(ww_party p)
{
    return p == WW_BUYER ? "buyer" : "seller";
}

/* Ensures room for need elements; 0 on success, -1 out of memory. */
static int grow(void **arr, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    if (need > (1 << 28))
        return -1;
    int ncap = *cap ? *cap : 4;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

static ww_status nomem(const ww_model *m, const char *what)
{
    return ww__fail(m, WW_NOMEM, "out of memory %s", what);
}

static int bad_term(const ww_model *m, int t)
{
    return !m || t < 0 || t >= m->nterms;
}

static int bad_level(const ww_model *m, int t, int l)
{
    return bad_term(m, t) || l < 0 || l >= m->terms[t].nlevels;
}

static ww_status check_term(const ww_model *m, int t)
{
    if (t < 0 || t >= m->nterms)
        return ww__fail(m, WW_OUT_OF_RANGE,
                        "term index %d is out of range (%d terms)", t,
                        m->nterms);
    return WW_OK;
}

static ww_status check_level(const ww_model *m, int t, int l)
{
    ww_status st = check_term(m, t);
    if (st)
        return st;
    if (l < 0 || l >= m->terms[t].nlevels)
        return ww__fail(m, WW_OUT_OF_RANGE,
                        "term \"%s\": level index %d is out of range "
                        "(%d levels)",
                        m->terms[t].name, l, m->terms[t].nlevels);
    return WW_OK;
}

static void free_conds(ww_cond *c, int n)
{
    if (!c)
        return;
    for (int i = 0; i < n; i++)
        free(c[i].levels);
    free(c);
}

static void free_term(ww_term *t)
{
    free(t->name);
    free(t->unit);
    for (int i = 0; i < t->nlevels; i++)
        free(t->levels[i].label);
    free(t->levels);
    ww__names_free(&t->level_names);
    for (int p = 0; p < 2; p++) {
        free(t->curve[p].x);
        free(t->curve[p].u);
    }
}

static void free_inter(ww_interaction *x) { free_conds(x->conds, x->ncond); }

static void free_cons(ww_constraint *c)
{
    free_conds(c->conds, c->ncond);
    free(c->terms);
    free(c->coefs);
}

/* ------------------------------------------------------------------ */
/* Lifetime                                                            */

ww_status ww_model_new(ww_model **out)
{
    if (!out)
        return WW_MISUSE;
    *out = NULL;
    ww_model *m = calloc(1, sizeof *m);
    if (!m)
        return WW_NOMEM;
    for (int p = 0; p < 2; p++)
        m->party[p].weight = 1.0;
    m->id = ww__model_id();
    *out = m;
    return WW_OK;
}

void ww_model_free(ww_model *m)
{
    if (!m)
        return;
    free(m->name);
    free(m->unit);
    for (int i = 0; i < m->next; i++) {
        free(m->ext[i].path);
        free(m->ext[i].key);
        free(m->ext[i].value);
    }
    free(m->ext);
    for (int p = 0; p < 2; p++)
        free(m->party[p].name);
    for (int i = 0; i < m->nterms; i++)
        free_term(&m->terms[i]);
    free(m->terms);
    ww__names_free(&m->term_names);
    for (int i = 0; i < m->ninter; i++)
        free_inter(&m->inter[i]);
    free(m->inter);
    for (int i = 0; i < m->ncons; i++)
        free_cons(&m->cons[i]);
    free(m->cons);
    free(m->opening);
    free(m->counter);
    for (int i = 0; i < m->nwarnings; i++)
        free(m->warnings[i]);
    free(m->warnings);
    free(m);
}

/* Copies n bytes (NULL when src is NULL or n is 0); 0 on failure. */
static int dup_mem(void **dst, const void *src, size_t n)
{
    *dst = NULL;
    if (!src || n == 0)
        return 1;
    *dst = malloc(n);
    if (!*dst)
        return 0;
    memcpy(*dst, src, n);
    return 1;
}

static int dup_str(char **dst, const char *src)
{
    *dst = ww__strdup(src);
    return !src || *dst;
}

static int clone_conds(ww_cond **dst, const ww_cond *src, int n)
{
    *dst = NULL;
    if (!src || n == 0)
        return 1;
    ww_cond *c = calloc((size_t)n, sizeof *c);
    if (!c)
        return 0;
    for (int i = 0; i < n; i++) {
        c[i] = src[i];
        if (!dup_mem((void **)&c[i].levels, src[i].levels,
                     (size_t)src[i].nlevels * sizeof(int))) {
            free_conds(c, i);
            return 0;
        }
    }
    *dst = c;
    return 1;
}

static void index_terms(ww_model *m);
static void index_levels(ww_term *t);

static int clone_term(ww_term *d, const ww_term *s)
{
    memset(d, 0, sizeof *d);
    d->is_range = s->is_range;
    d->from = s->from;
    d->to = s->to;
    d->step = s->step;
    if (!dup_str(&d->name, s->name) || !dup_str(&d->unit, s->unit))
        return 0;
    if (s->nlevels > 0) {
        d->levels = calloc((size_t)s->nlevels, sizeof *d->levels);
        if (!d->levels)
            return 0;
        d->cap = s->nlevels;
        for (int l = 0; l < s->nlevels; l++) {
            d->levels[l] = s->levels[l];
            d->levels[l].label = NULL;
            d->nlevels = l + 1;
            if (!dup_str(&d->levels[l].label, s->levels[l].label))
                return 0;
        }
    }
    for (int p = 0; p < 2; p++) {
        size_t n = (size_t)s->curve[p].n * sizeof(double);
        d->curve[p].n = s->curve[p].n;
        if (!dup_mem((void **)&d->curve[p].x, s->curve[p].x, n) ||
            !dup_mem((void **)&d->curve[p].u, s->curve[p].u, n))
            return 0;
    }
    return 1;
}

static int clone_ext(ww_model *d, const ww_model *s)
{
    if (!s->next)
        return 1;
    if (!(d->ext = calloc((size_t)s->next, sizeof *d->ext)))
        return 0;
    for (int i = 0; i < s->next; i++) {
        d->next = i + 1; /* so a partial copy is freed too */
        if (!dup_str(&d->ext[i].path, s->ext[i].path) ||
            !dup_str(&d->ext[i].key, s->ext[i].key) ||
            !dup_str(&d->ext[i].value, s->ext[i].value))
            return 0;
    }
    return 1;
}

static int clone_into(ww_model *d, const ww_model *s)
{
    if (!clone_ext(d, s))
        return 0;
    d->party[0] = s->party[0];
    d->party[1] = s->party[1];
    d->party[0].name = d->party[1].name = NULL;
    d->budget = s->budget;
    d->has_budget = s->has_budget;
    d->revision = s->revision;
    if (!dup_str(&d->name, s->name) || !dup_str(&d->unit, s->unit) ||
        !dup_str(&d->party[0].name, s->party[0].name) ||
        !dup_str(&d->party[1].name, s->party[1].name))
        return 0;
    if (s->nterms) {
        d->terms = calloc((size_t)s->nterms, sizeof *d->terms);
        if (!d->terms)
            return 0;
        d->terms_cap = s->nterms;
        for (int i = 0; i < s->nterms; i++) {
            d->nterms = i + 1; /* so a partial term is freed too */
            if (!clone_term(&d->terms[i], &s->terms[i]))
                return 0;
            index_levels(&d->terms[i]);
        }
        index_terms(d);
    }
    if (s->ninter) {
        d->inter = calloc((size_t)s->ninter, sizeof *d->inter);
        if (!d->inter)
            return 0;
        d->inter_cap = s->ninter;
        for (int i = 0; i < s->ninter; i++) {
            d->inter[i] = s->inter[i];
            d->inter[i].conds = NULL;
            d->inter[i].ncond = 0;
            d->ninter = i + 1;
            if (!clone_conds(&d->inter[i].conds, s->inter[i].conds,
                             s->inter[i].ncond))
                return 0;
            d->inter[i].ncond = s->inter[i].ncond;
        }
    }
    if (s->ncons) {
        d->cons = calloc((size_t)s->ncons, sizeof *d->cons);
        if (!d->cons)
            return 0;
        d->cons_cap = s->ncons;
        for (int i = 0; i < s->ncons; i++) {
            const ww_constraint *sc = &s->cons[i];
            ww_constraint *dc = &d->cons[i];
            *dc = *sc;
            dc->conds = NULL;
            dc->ncond = 0;
            dc->terms = NULL;
            dc->coefs = NULL;
            d->ncons = i + 1;
            if (!clone_conds(&dc->conds, sc->conds, sc->ncond))
                return 0;
            dc->ncond = sc->ncond;
            if (!dup_mem((void **)&dc->terms, sc->terms,
                         (size_t)sc->nlin * sizeof(int)) ||
                !dup_mem((void **)&dc->coefs, sc->coefs,
                         (size_t)sc->nlin * sizeof(double)))
                return 0;
        }
    }
    size_t pk = (size_t)s->nterms * sizeof(int);
    if ((s->opening && !dup_mem((void **)&d->opening, s->opening, pk)) ||
        (s->counter && !dup_mem((void **)&d->counter, s->counter, pk)))
        return 0;
    if (s->nwarnings) {
        d->warnings = calloc((size_t)s->nwarnings, sizeof(char *));
        if (!d->warnings)
            return 0;
        for (int i = 0; i < s->nwarnings; i++) {
            d->nwarnings = i + 1;
            if (!dup_str(&d->warnings[i], s->warnings[i]))
                return 0;
        }
    }
    return 1;
}

ww_status ww_model_clone(const ww_model *model, ww_model **out)
{
    if (!out)
        return ww__fail(model, WW_MISUSE, "clone: out is NULL");
    *out = NULL;
    if (!model)
        return WW_MISUSE;
    ww_model *d = NULL;
    if (ww_model_new(&d) != WW_OK)
        return nomem(model, "cloning the model");
    if (!clone_into(d, model)) {
        ww_model_free(d);
        return nomem(model, "cloning the model");
    }
    *out = d;
    return ww__ok(model);
}

/* ------------------------------------------------------------------ */
/* Names and parties                                                   */

static ww_status set_str(ww_model *m, char **slot, const char *s,
                         const char *what)
{
    char *c = NULL;
    if (s && !ww__utf8_valid(s))
        return ww__fail(m, WW_INVALID, "%s: not valid UTF-8", what);
    if (s && !(c = ww__strdup(s)))
        return nomem(m, what);
    free(*slot);
    *slot = c;
    m->revision++;
    return ww__ok(m);
}

/* The model exists and no query runs on it: a change under a running
 * query (from its progress callback) would pull its data from under it
 * (the Python binding's callback freed it so: a crash). */
static ww_status writable(ww_model *m)
{
    if (!m)
        return WW_MISUSE;
    if (__atomic_load_n(&m->busy, __ATOMIC_ACQUIRE) > 0)
        return ww__fail(m, WW_MISUSE,
                        "the model is in use by a running query: it cannot "
                        "change before the query returns (a progress "
                        "callback must not change it)");
    return WW_OK;
}

ww_status ww_model_set_name(ww_model *model, const char *name)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    return set_str(model, &model->name, name, "setting the model name");
}

ww_status ww_model_set_unit(ww_model *model, const char *unit)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    return set_str(model, &model->unit, unit, "setting the model unit");
}

const char *ww_model_name(const ww_model *model)
{
    return model ? model->name : NULL;
}

const char *ww_model_unit(const ww_model *model)
{
    return model ? model->unit : NULL;
}

/* The model exists and p names a party. */
static ww_status check_party(const ww_model *m, ww_party p)
{
    if (!m)
        return WW_MISUSE;
    if (p != WW_BUYER && p != WW_SELLER)
        return ww__fail(m, WW_INVALID, "unknown party %d", (int)p);
    return WW_OK;
}

ww_status ww_model_set_party_name(ww_model *model, ww_party party,
                                  const char *name)
{
    ww_status st = check_party(model, party);
    if (!st)
        st = writable(model);
    if (st)
        return st;
    return set_str(model, &model->party[party].name, name,
                   "setting a party name");
}

ww_status ww_model_set_reservation(ww_model *model, ww_party party,
                                   double reservation)
{
    ww_status st = check_party(model, party);
    if (!st)
        st = writable(model);
    if (st)
        return st;
    if (!isfinite(reservation))
        return ww__fail(model, WW_INVALID,
                        "%s reservation is not a finite number",
                        party_word(party));
    model->party[party].reservation = reservation;
    model->party[party].has_reservation = 1;
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_clear_reservation(ww_model *model, ww_party party)
{
    ww_status st = check_party(model, party);
    if (!st)
        st = writable(model);
    if (st)
        return st;
    model->party[party].reservation = 0;
    model->party[party].has_reservation = 0;
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_set_weight(ww_model *model, ww_party party, double weight)
{
    ww_status st = check_party(model, party);
    if (!st)
        st = writable(model);
    if (st)
        return st;
    if (!isfinite(weight) || weight <= 0)
        return ww__fail(model, WW_INVALID,
                        "%s weight must be a finite number > 0 (got %g)",
                        party_word(party), weight);
    model->party[party].weight = weight;
    model->revision++;
    return ww__ok(model);
}

const char *ww_model_party_name(const ww_model *model, ww_party party)
{
    if (!model || (party != WW_BUYER && party != WW_SELLER))
        return NULL;
    return model->party[party].name;
}

int ww_model_reservation(const ww_model *model, ww_party party,
                         double *reservation)
{
    if (!model || (party != WW_BUYER && party != WW_SELLER) ||
        !model->party[party].has_reservation)
        return 0;
    if (reservation)
        *reservation = model->party[party].reservation;
    return 1;
}

double ww_model_weight(const ww_model *model, ww_party party)
{
    if (!model || (party != WW_BUYER && party != WW_SELLER))
        return NAN;
    return model->party[party].weight;
}

/* ------------------------------------------------------------------ */
/* Terms and levels                                                    */

static const char *term_name(const void *terms, int i)
{
    return ((const ww_term *)terms)[i].name;
}

static const char *level_label(const void *levels, int i)
{
    return ((const ww_level *)levels)[i].label;
}

/* Lookups only read the name indexes; the mutators below keep them in
 * step (index_terms, index_levels) after every append. */
static int find_term(const ww_model *m, const char *name)
{
    return ww__names_find(&m->term_names, m->terms, m->nterms, term_name,
                          name);
}

static int find_level(const ww_term *t, const char *label)
{
    return ww__names_find(&t->level_names, t->levels, t->nlevels, level_label,
                          label);
}

static void index_terms(ww_model *m)
{
    ww__names_sync(&m->term_names, m->terms, m->nterms, term_name);
}

static void index_levels(ww_term *t)
{
    ww__names_sync(&t->level_names, t->levels, t->nlevels, level_label);
}

/* Checks a new term's name; terms cannot be added once a package (opening
 * or counter) fixes the number of terms. */
static ww_status check_new_term(ww_model *m, const char *name,
                                const char *unit)
{
    if (!name)
        return ww__fail(m, WW_MISUSE, "term name is NULL");
    if (!*name)
        return ww__fail(m, WW_INVALID, "term name is empty");
    if (!ww__utf8_valid(name))
        return ww__fail(m, WW_INVALID, "term name is not valid UTF-8");
    if (unit && !ww__utf8_valid(unit))
        return ww__fail(m, WW_INVALID, "term \"%s\": unit is not valid UTF-8",
                        name);
    if (find_term(m, name) >= 0)
        return ww__fail(m, WW_DUPLICATE, "duplicate term name \"%s\"", name);
    if (m->opening || m->counter)
        return ww__fail(m, WW_MISUSE,
                        "term \"%s\": terms cannot be added after the "
                        "opening or counter is set",
                        name);
    if (m->nterms >= (1 << 24))
        return ww__fail(m, WW_TOO_LARGE, "term \"%s\": too many terms", name);
    return WW_OK;
}

ww_status ww_model_add_term(ww_model *model, const char *name,
                            const char *unit, int *term_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    ww_status st = check_new_term(model, name, unit);
    if (st)
        return st;
    ww_term t;
    memset(&t, 0, sizeof t);
    t.name = ww__strdup(name);
    t.unit = unit ? ww__strdup(unit) : NULL;
    if (!t.name || (unit && !t.unit) ||
        grow((void **)&model->terms, &model->terms_cap, model->nterms + 1,
             sizeof *model->terms)) {
        free_term(&t);
        return nomem(model, "adding a term");
    }
    model->terms[model->nterms] = t;
    if (term_out)
        *term_out = model->nterms;
    model->nterms++;
    index_terms(model);
    model->revision++;
    return ww__ok(model);
}

static ww_status check_utils(const ww_model *m, const char *term,
                             const char *label, double buyer, double seller)
{
    if (!isfinite(buyer))
        return ww__fail(m, WW_INVALID,
                        "term \"%s\": level \"%s\": buyer utility is not a "
                        "finite number",
                        term, label);
    if (!isfinite(seller))
        return ww__fail(m, WW_INVALID,
                        "term \"%s\": level \"%s\": seller utility is not a "
                        "finite number",
                        term, label);
    return WW_OK;
}

ww_status ww_model_add_level(ww_model *model, int term, const char *label,
                             double buyer, double seller, int *level_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    ww_status st = check_term(model, term);
    if (st)
        return st;
    ww_term *t = &model->terms[term];
    if (!label)
        return ww__fail(model, WW_MISUSE, "term \"%s\": level label is NULL",
                        t->name);
    if (!ww__utf8_valid(label))
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": level label is not valid UTF-8",
                        t->name);
    if (t->is_range)
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": level \"%s\": a range term's levels "
                        "are fixed",
                        t->name, label);
    if ((st = check_utils(model, t->name, label, buyer, seller)))
        return st;
    if (find_level(t, label) >= 0)
        return ww__fail(model, WW_DUPLICATE,
                        "term \"%s\": duplicate level label \"%s\"", t->name,
                        label);
    if (t->nlevels >= (1 << 24))
        return ww__fail(model, WW_TOO_LARGE,
                        "term \"%s\": level \"%s\": too many levels", t->name,
                        label);
    char *lab = ww__strdup(label);
    if (!lab || grow((void **)&t->levels, &t->cap, t->nlevels + 1,
                     sizeof *t->levels)) {
        free(lab);
        return nomem(model, "adding a level");
    }
    ww_level *lv = &t->levels[t->nlevels];
    memset(lv, 0, sizeof *lv);
    lv->label = lab;
    lv->buyer = buyer;
    lv->seller = seller;
    if (level_out)
        *level_out = t->nlevels;
    t->nlevels++;
    index_levels(t);
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_set_level_value(ww_model *model, int term, int level,
                                   double value)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    ww_status st = check_level(model, term, level);
    if (st)
        return st;
    ww_term *t = &model->terms[term];
    ww_level *lv = &t->levels[level];
    if (t->is_range)
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": level \"%s\": a range term's values "
                        "are fixed",
                        t->name, lv->label);
    if (!isfinite(value))
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": level \"%s\": value is not a finite "
                        "number",
                        t->name, lv->label);
    lv->value = value;
    lv->has_value = 1;
    model->revision++;
    return ww__ok(model);
}

/* ------------------------------------------------------------------ */
/* Range terms                                                         */

static ww_status check_curve(const ww_model *m, const char *term,
                             const char *who, const ww_curve *c)
{
    if (!c)
        return ww__fail(m, WW_MISUSE, "term \"%s\": %s curve is NULL", term,
                        who);
    if (c->npoints < 1)
        return ww__fail(m, WW_INVALID,
                        "term \"%s\": %s curve needs at least one point",
                        term, who);
    if (!c->x || !c->u)
        return ww__fail(m, WW_MISUSE,
                        "term \"%s\": %s curve has NULL point arrays", term,
                        who);
    for (int i = 0; i < c->npoints; i++) {
        if (!isfinite(c->x[i]) || !isfinite(c->u[i]))
            return ww__fail(m, WW_INVALID,
                            "term \"%s\": %s curve: point %d is not finite",
                            term, who, i);
        if (i > 0 && !(c->x[i] > c->x[i - 1]))
            return ww__fail(m, WW_INVALID,
                            "term \"%s\": %s curve: x values must be "
                            "strictly ascending (point %d)",
                            term, who, i);
    }
    return WW_OK;
}

/* The curve at v: linear between points, flat outside them. */
static double curve_at(const double *x, const double *u, int n, double v)
{
    if (v <= x[0])
        return u[0];
    if (v >= x[n - 1])
        return u[n - 1];
    int lo = 0, hi = n - 1; /* x[lo] < v < x[hi] */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (x[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    if (v == x[lo])
        return u[lo];
    /* Points near the largest doubles: their differences overflow (a
     * curve from (0, -1e308) to (10, 1e308) gave inf at 5), so halves,
     * and a weighted mean, which stays between the two */
    double dx = x[hi] - x[lo];
    double f = isfinite(dx) ? (v - x[lo]) / dx
                            : (v / 2 - x[lo] / 2) / (x[hi] / 2 - x[lo] / 2);
    double du = u[hi] - u[lo];
    return isfinite(du) ? u[lo] + f * du : u[lo] * (1 - f) + u[hi] * f;
}

static int cmp_label(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int copy_curve(ww_pwl *d, const ww_curve *c)
{
    size_t n = (size_t)c->npoints * sizeof(double);
    d->n = c->npoints;
    d->x = malloc(n);
    d->u = malloc(n);
    if (!d->x || !d->u)
        return 0;
    memcpy(d->x, c->x, n);
    memcpy(d->u, c->u, n);
    return 1;
}

ww_status ww_model_add_range_term(ww_model *model, const char *name,
                                  const char *unit, double from, double to,
                                  double step, const ww_curve *buyer,
                                  const ww_curve *seller, int *term_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    ww_status st = check_new_term(model, name, unit);
    if (st)
        return st;
    if (!isfinite(from) || !isfinite(to) || !isfinite(step))
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": range from, to and step must be "
                        "finite numbers",
                        name);
    if (step <= 0)
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": range step must be > 0 (got %g)", name,
                        step);
    if ((st = check_curve(model, name, "buyer", buyer)) ||
        (st = check_curve(model, name, "seller", seller)))
        return st;
    double limit = to + 1e-9 * fabs(step);
    int n = 0;
    while (from + (double)n * step <= limit) {
        if (n >= WW_RANGE_MAX_LEVELS)
            return ww__fail(model, WW_TOO_LARGE,
                            "term \"%s\": range has more than %d levels",
                            name, WW_RANGE_MAX_LEVELS);
        n++;
    }
    if (n == 0)
        return ww__fail(model, WW_INVALID,
                        "term \"%s\": range from %.15g to %.15g has no levels",
                        name, from, to);

    ww_term t;
    memset(&t, 0, sizeof t);
    t.is_range = 1;
    t.from = from;
    t.to = to;
    t.step = step;
    t.name = ww__strdup(name);
    t.unit = unit ? ww__strdup(unit) : NULL;
    t.levels = calloc((size_t)n, sizeof *t.levels);
    char **sorted = malloc((size_t)n * sizeof *sorted);
    if (!t.name || (unit && !t.unit) || !t.levels || !sorted ||
        !copy_curve(&t.curve[WW_BUYER], buyer) ||
        !copy_curve(&t.curve[WW_SELLER], seller))
        goto oom;
    t.cap = n;
    int has_unit = unit && *unit;
    for (int k = 0; k < n; k++) {
        double v = from + (double)k * step;
        if (v == 0)
            v = 0; /* no "-0" labels */
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", v);
        size_t len = strlen(buf), ulen = has_unit ? strlen(unit) : 0;
        char *lab = malloc(len + (has_unit ? 1 + ulen : 0) + 1);
        if (!lab)
            goto oom;
        memcpy(lab, buf, len);
        if (has_unit) {
            lab[len] = ' ';
            memcpy(lab + len + 1, unit, ulen);
            len += 1 + ulen;
        }
        lab[len] = '\0';
        ww_level *lv = &t.levels[k];
        lv->label = lab;
        lv->value = v;
        lv->has_value = 1;
        lv->buyer = curve_at(buyer->x, buyer->u, buyer->npoints, v);
        lv->seller = curve_at(seller->x, seller->u, seller->npoints, v);
        t.nlevels = k + 1;
        sorted[k] = lab;
    }
    /* A step below the values' precision prints the same label twice. */
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_label);
    for (int k = 1; k < n; k++)
        if (strcmp(sorted[k - 1], sorted[k]) == 0) {
            st = ww__fail(model, WW_DUPLICATE,
                          "term \"%s\": duplicate level label \"%s\" (the "
                          "range step is too small for its values)",
                          name, sorted[k]);
            free(sorted);
            free_term(&t);
            return st;
        }
    free(sorted);
    sorted = NULL;
    if (grow((void **)&model->terms, &model->terms_cap, model->nterms + 1,
             sizeof *model->terms))
        goto oom;
    index_levels(&t);
    model->terms[model->nterms] = t;
    if (term_out)
        *term_out = model->nterms;
    model->nterms++;
    index_terms(model);
    model->revision++;
    return ww__ok(model);
oom:
    free(sorted);
    free_term(&t);
    return nomem(model, "adding a range term");
}

int ww_model_term_range(const ww_model *model, int term, double *from,
                        double *to, double *step, ww_curve *buyer,
                        ww_curve *seller)
{
    if (bad_term(model, term) || !model->terms[term].is_range)
        return 0;
    const ww_term *t = &model->terms[term];
    if (from)
        *from = t->from;
    if (to)
        *to = t->to;
    if (step)
        *step = t->step;
    if (buyer) {
        buyer->x = t->curve[WW_BUYER].x;
        buyer->u = t->curve[WW_BUYER].u;
        buyer->npoints = t->curve[WW_BUYER].n;
    }
    if (seller) {
        seller->x = t->curve[WW_SELLER].x;
        seller->u = t->curve[WW_SELLER].u;
        seller->npoints = t->curve[WW_SELLER].n;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Reading terms and levels                                            */

int ww_model_term_count(const ww_model *model)
{
    return model ? model->nterms : 0;
}

const char *ww_model_term_name(const ww_model *model, int term)
{
    return bad_term(model, term) ? NULL : model->terms[term].name;
}

const char *ww_model_term_unit(const ww_model *model, int term)
{
    return bad_term(model, term) ? NULL : model->terms[term].unit;
}

int ww_model_level_count(const ww_model *model, int term)
{
    return bad_term(model, term) ? 0 : model->terms[term].nlevels;
}

const char *ww_model_level_label(const ww_model *model, int term, int level)
{
    return bad_level(model, term, level)
               ? NULL
               : model->terms[term].levels[level].label;
}

double ww_model_level_buyer(const ww_model *model, int term, int level)
{
    return bad_level(model, term, level)
               ? NAN
               : model->terms[term].levels[level].buyer;
}

double ww_model_level_seller(const ww_model *model, int term, int level)
{
    return bad_level(model, term, level)
               ? NAN
               : model->terms[term].levels[level].seller;
}

int ww_model_level_value(const ww_model *model, int term, int level,
                         double *value)
{
    if (bad_level(model, term, level))
        return 0;
    const ww_level *lv = &model->terms[term].levels[level];
    if (!lv->has_value)
        return 0;
    if (value)
        *value = lv->value;
    return 1;
}

ww_status ww_model_find_term(ww_model *model, const char *name,
                             int *term_out)
{
    if (!model)
        return WW_MISUSE;
    if (!name || !term_out)
        return ww__fail(model, WW_MISUSE, "find term: NULL argument");
    int i = find_term(model, name);
    if (i < 0)
        return ww__fail(model, WW_NOT_FOUND, "no term named \"%s\"", name);
    *term_out = i;
    return ww__ok(model);
}

ww_status ww_model_find_level(ww_model *model, int term, const char *label,
                              int *level_out)
{
    if (!model)
        return WW_MISUSE;
    ww_status st = check_term(model, term);
    if (st)
        return st;
    if (!label || !level_out)
        return ww__fail(model, WW_MISUSE, "find level: NULL argument");
    int i = find_level(&model->terms[term], label);
    if (i < 0)
        return ww__fail(model, WW_NOT_FOUND,
                        "term \"%s\": no level labelled \"%s\"",
                        model->terms[term].name, label);
    *level_out = i;
    return ww__ok(model);
}

double ww_model_package_count(const ww_model *model)
{
    if (!model || model->nterms == 0)
        return 0;
    double n = 1;
    for (int i = 0; i < model->nterms; i++)
        n *= (double)model->terms[i].nlevels;
    return n;
}

/* ------------------------------------------------------------------ */
/* Conditions, interactions, constraints                               */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Validates and copies conditions (levels sorted and unique).  what is
 * "interaction 2" or "constraint 0" for the messages. */
static ww_status copy_conds(ww_model *m, const char *what,
                            const ww_condition *when, int ncond,
                            ww_cond **out)
{
    *out = NULL;
    if (ncond < 1)
        return ww__fail(m, WW_INVALID, "%s: needs at least one term", what);
    if (!when)
        return ww__fail(m, WW_MISUSE, "%s: conditions are NULL", what);
    for (int i = 0; i < ncond; i++) {
        int t = when[i].term;
        if (t < 0 || t >= m->nterms)
            return ww__fail(m, WW_OUT_OF_RANGE,
                            "%s: term index %d is out of range (%d terms)",
                            what, t, m->nterms);
        const ww_term *tt = &m->terms[t];
        for (int j = 0; j < i; j++)
            if (when[j].term == t)
                return ww__fail(m, WW_DUPLICATE,
                                "%s: term \"%s\" appears twice", what,
                                tt->name);
        if (when[i].nlevels < 1)
            return ww__fail(m, WW_INVALID,
                            "%s: term \"%s\": needs at least one level",
                            what, tt->name);
        if (!when[i].levels)
            return ww__fail(m, WW_MISUSE, "%s: term \"%s\": levels are NULL",
                            what, tt->name);
        for (int k = 0; k < when[i].nlevels; k++) {
            int l = when[i].levels[k];
            if (l < 0 || l >= tt->nlevels)
                return ww__fail(m, WW_OUT_OF_RANGE,
                                "%s: term \"%s\": level index %d is out of "
                                "range (%d levels)",
                                what, tt->name, l, tt->nlevels);
        }
    }
    ww_cond *c = calloc((size_t)ncond, sizeof *c);
    if (!c)
        return nomem(m, "copying conditions");
    for (int i = 0; i < ncond; i++) {
        int n = when[i].nlevels;
        c[i].term = when[i].term;
        c[i].levels = malloc((size_t)n * sizeof(int));
        if (!c[i].levels) {
            free_conds(c, i);
            return nomem(m, "copying conditions");
        }
        memcpy(c[i].levels, when[i].levels, (size_t)n * sizeof(int));
        qsort(c[i].levels, (size_t)n, sizeof(int), cmp_int);
        int u = 0;
        for (int k = 0; k < n; k++)
            if (u == 0 || c[i].levels[u - 1] != c[i].levels[k])
                c[i].levels[u++] = c[i].levels[k];
        c[i].nlevels = u;
        for (int k = 0; k < u; k++) {
            if (c[i].levels[k] < 64)
                c[i].mask |= (uint64_t)1 << c[i].levels[k];
            else
                c[i].wide = 1;
        }
    }
    *out = c;
    return WW_OK;
}

/* The first level of term t without a numeric value, or -1. */
static int unvalued_level(const ww_model *m, int t)
{
    const ww_term *tt = &m->terms[t];
    for (int l = 0; l < tt->nlevels; l++)
        if (!tt->levels[l].has_value)
            return l;
    return -1;
}

/* Every level of term t has a value, else a message under `what`. */
static ww_status need_values(const ww_model *m, const char *what, int t)
{
    int l = unvalued_level(m, t);
    if (l >= 0)
        return ww__fail(m, WW_INVALID,
                        "%s: term \"%s\": level \"%s\" has no value", what,
                        m->terms[t].name, m->terms[t].levels[l].label);
    return WW_OK;
}

ww_status ww_model_add_interaction(ww_model *model, const ww_condition *when,
                                   int ncond, double buyer, double seller,
                                   int *index_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    char what[64];
    snprintf(what, sizeof what, "interaction %d", model->ninter);
    if (!isfinite(buyer) || !isfinite(seller))
        return ww__fail(model, WW_INVALID,
                        "%s: %s utility is not a finite number", what,
                        isfinite(buyer) ? "seller" : "buyer");
    ww_cond *c;
    ww_status st = copy_conds(model, what, when, ncond, &c);
    if (st)
        return st;
    if (grow((void **)&model->inter, &model->inter_cap, model->ninter + 1,
             sizeof *model->inter)) {
        free_conds(c, ncond);
        return nomem(model, "adding an interaction");
    }
    ww_interaction *x = &model->inter[model->ninter];
    memset(x, 0, sizeof *x);
    x->kind = WW_INTERACTION_WHEN;
    x->conds = c;
    x->ncond = ncond;
    x->term_a = x->term_b = -1;
    x->util[WW_BUYER] = buyer;
    x->util[WW_SELLER] = seller;
    if (index_out)
        *index_out = model->ninter;
    model->ninter++;
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_add_product(ww_model *model, int term_a, int term_b,
                               double buyer, double seller, int *index_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    char what[64];
    snprintf(what, sizeof what, "interaction %d", model->ninter);
    ww_status st;
    if ((st = check_term(model, term_a)) || (st = check_term(model, term_b)))
        return st;
    if (term_a == term_b)
        return ww__fail(model, WW_DUPLICATE,
                        "%s: term \"%s\" appears twice in a product", what,
                        model->terms[term_a].name);
    if (!isfinite(buyer) || !isfinite(seller))
        return ww__fail(model, WW_INVALID,
                        "%s: %s coefficient is not a finite number", what,
                        isfinite(buyer) ? "seller" : "buyer");
    if ((st = need_values(model, what, term_a)) ||
        (st = need_values(model, what, term_b)))
        return st;
    if (grow((void **)&model->inter, &model->inter_cap, model->ninter + 1,
             sizeof *model->inter))
        return nomem(model, "adding an interaction");
    ww_interaction *x = &model->inter[model->ninter];
    memset(x, 0, sizeof *x);
    x->kind = WW_INTERACTION_PRODUCT;
    x->term_a = term_a;
    x->term_b = term_b;
    x->util[WW_BUYER] = buyer;
    x->util[WW_SELLER] = seller;
    if (index_out)
        *index_out = model->ninter;
    model->ninter++;
    model->revision++;
    return ww__ok(model);
}

int ww_model_interaction_count(const ww_model *model)
{
    return model ? model->ninter : 0;
}

static ww_status check_inter(const ww_model *m, int i)
{
    if (i < 0 || i >= m->ninter)
        return ww__fail(m, WW_OUT_OF_RANGE,
                        "interaction index %d is out of range (%d "
                        "interactions)",
                        i, m->ninter);
    return WW_OK;
}

ww_status ww_model_interaction(const ww_model *model, int i,
                               ww_interaction_kind *kind, double *buyer,
                               double *seller)
{
    if (!model)
        return WW_MISUSE;
    ww_status st = check_inter(model, i);
    if (st)
        return st;
    const ww_interaction *x = &model->inter[i];
    if (kind)
        *kind = x->kind;
    if (buyer)
        *buyer = x->util[WW_BUYER];
    if (seller)
        *seller = x->util[WW_SELLER];
    return ww__ok(model);
}

static int export_conds(const ww_cond *c, int n, ww_condition *out, int cap)
{
    for (int k = 0; k < n && k < cap && out; k++) {
        out[k].term = c[k].term;
        out[k].levels = c[k].levels;
        out[k].nlevels = c[k].nlevels;
    }
    return n;
}

int ww_model_interaction_when(const ww_model *model, int i,
                              ww_condition *conds, int cap)
{
    if (!model || i < 0 || i >= model->ninter ||
        model->inter[i].kind != WW_INTERACTION_WHEN)
        return -1;
    return export_conds(model->inter[i].conds, model->inter[i].ncond, conds,
                        cap);
}

ww_status ww_model_interaction_product(const ww_model *model, int i,
                                       int *term_a, int *term_b)
{
    if (!model)
        return WW_MISUSE;
    ww_status st = check_inter(model, i);
    if (st)
        return st;
    const ww_interaction *x = &model->inter[i];
    if (x->kind != WW_INTERACTION_PRODUCT)
        return ww__fail(model, WW_INVALID,
                        "interaction %d is not a product", i);
    if (term_a)
        *term_a = x->term_a;
    if (term_b)
        *term_b = x->term_b;
    return ww__ok(model);
}

ww_status ww_model_add_forbid(ww_model *model, const ww_condition *when,
                              int ncond, int *index_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    char what[64];
    snprintf(what, sizeof what, "constraint %d", model->ncons);
    ww_cond *c;
    ww_status st = copy_conds(model, what, when, ncond, &c);
    if (st)
        return st;
    if (grow((void **)&model->cons, &model->cons_cap, model->ncons + 1,
             sizeof *model->cons)) {
        free_conds(c, ncond);
        return nomem(model, "adding a constraint");
    }
    ww_constraint *x = &model->cons[model->ncons];
    memset(x, 0, sizeof *x);
    x->kind = WW_CONSTRAINT_FORBID;
    x->conds = c;
    x->ncond = ncond;
    x->min = -HUGE_VAL;
    x->max = HUGE_VAL;
    if (index_out)
        *index_out = model->ncons;
    model->ncons++;
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_add_linear(ww_model *model, const int *terms,
                              const double *coefs, int n, double min,
                              double max, int *index_out)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    char what[64];
    snprintf(what, sizeof what, "linear constraint %d", model->ncons);
    if (n < 1)
        return ww__fail(model, WW_INVALID, "%s: needs at least one term",
                        what);
    if (!terms || !coefs)
        return ww__fail(model, WW_MISUSE, "%s: terms or coefs are NULL",
                        what);
    for (int j = 0; j < n; j++) {
        int t = terms[j];
        if (t < 0 || t >= model->nterms)
            return ww__fail(model, WW_OUT_OF_RANGE,
                            "%s: term index %d is out of range (%d terms)",
                            what, t, model->nterms);
        for (int k = 0; k < j; k++)
            if (terms[k] == t)
                return ww__fail(model, WW_DUPLICATE,
                                "%s: term \"%s\" appears twice", what,
                                model->terms[t].name);
        if (!isfinite(coefs[j]))
            return ww__fail(model, WW_INVALID,
                            "%s: term \"%s\": coefficient is not a finite "
                            "number",
                            what, model->terms[t].name);
    }
    if (isnan(min) || isnan(max) || min == HUGE_VAL || max == -HUGE_VAL)
        return ww__fail(model, WW_INVALID, "%s: min or max is not a number",
                        what);
    if (!isfinite(min) && !isfinite(max))
        return ww__fail(model, WW_INVALID, "%s: needs a finite min or max",
                        what);
    if (min > max)
        return ww__fail(model, WW_INVALID,
                        "%s: min %.15g is greater than max %.15g", what, min,
                        max);
    ww_status st;
    for (int j = 0; j < n; j++)
        if ((st = need_values(model, what, terms[j])))
            return st;
    int *tc = malloc((size_t)n * sizeof *tc);
    double *cc = malloc((size_t)n * sizeof *cc);
    if (!tc || !cc ||
        grow((void **)&model->cons, &model->cons_cap, model->ncons + 1,
             sizeof *model->cons)) {
        free(tc);
        free(cc);
        return nomem(model, "adding a constraint");
    }
    memcpy(tc, terms, (size_t)n * sizeof *tc);
    memcpy(cc, coefs, (size_t)n * sizeof *cc);
    ww_constraint *x = &model->cons[model->ncons];
    memset(x, 0, sizeof *x);
    x->kind = WW_CONSTRAINT_LINEAR;
    x->terms = tc;
    x->coefs = cc;
    x->nlin = n;
    x->min = min;
    x->max = max;
    if (index_out)
        *index_out = model->ncons;
    model->ncons++;
    model->revision++;
    return ww__ok(model);
}

int ww_model_constraint_count(const ww_model *model)
{
    return model ? model->ncons : 0;
}

ww_status ww_model_constraint_kind(const ww_model *model, int i,
                                   ww_constraint_kind *kind)
{
    if (!model)
        return WW_MISUSE;
    if (i < 0 || i >= model->ncons)
        return ww__fail(model, WW_OUT_OF_RANGE,
                        "constraint index %d is out of range (%d "
                        "constraints)",
                        i, model->ncons);
    if (kind)
        *kind = model->cons[i].kind;
    return ww__ok(model);
}

int ww_model_constraint_forbid(const ww_model *model, int i,
                               ww_condition *conds, int cap)
{
    if (!model || i < 0 || i >= model->ncons ||
        model->cons[i].kind != WW_CONSTRAINT_FORBID)
        return -1;
    return export_conds(model->cons[i].conds, model->cons[i].ncond, conds,
                        cap);
}

int ww_model_constraint_linear(const ww_model *model, int i,
                               const int **terms, const double **coefs,
                               double *min, double *max)
{
    if (!model || i < 0 || i >= model->ncons ||
        model->cons[i].kind != WW_CONSTRAINT_LINEAR)
        return -1;
    const ww_constraint *c = &model->cons[i];
    if (terms)
        *terms = c->terms;
    if (coefs)
        *coefs = c->coefs;
    if (min)
        *min = c->min;
    if (max)
        *max = c->max;
    return c->nlin;
}

/* ------------------------------------------------------------------ */
/* Opening, counter, budget                                            */

static ww_status set_package(ww_model *m, int **slot, const int *pkg,
                             const char *what)
{
    if (!pkg) {
        free(*slot);
        *slot = NULL;
        m->revision++;
        return ww__ok(m);
    }
    if (m->nterms == 0)
        return ww__fail(m, WW_INVALID, "%s: the model has no terms", what);
    for (int t = 0; t < m->nterms; t++)
        if (pkg[t] < 0 || pkg[t] >= m->terms[t].nlevels)
            return ww__fail(m, WW_OUT_OF_RANGE,
                            "%s: term \"%s\": level index %d is out of range "
                            "(%d levels)",
                            what, m->terms[t].name, pkg[t],
                            m->terms[t].nlevels);
    size_t sz = (size_t)m->nterms * sizeof(int);
    int *copy = malloc(sz);
    if (!copy)
        return nomem(m, what);
    memcpy(copy, pkg, sz);
    free(*slot);
    *slot = copy;
    m->revision++;
    return ww__ok(m);
}

ww_status ww_model_set_opening(ww_model *model, const int *package)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    if (!package && model->has_budget)
        return ww__fail(model, WW_MISUSE,
                        "opening: cannot clear it while a concession budget "
                        "is set");
    return set_package(model, &model->opening, package, "opening");
}

ww_status ww_model_set_counter(ww_model *model, const int *package)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    return set_package(model, &model->counter, package, "counter");
}

const int *ww_model_opening(const ww_model *model)
{
    return model ? model->opening : NULL;
}

const int *ww_model_counter(const ww_model *model)
{
    return model ? model->counter : NULL;
}

ww_status ww_model_set_budget(ww_model *model, double budget)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    if (!isfinite(budget) || budget < 0)
        return ww__fail(model, WW_INVALID,
                        "concession budget must be a finite number >= 0 "
                        "(got %g)",
                        budget);
    if (!model->opening)
        return ww__fail(model, WW_MISUSE,
                        "concession budget needs an opening");
    model->budget = budget;
    model->has_budget = 1;
    model->revision++;
    return ww__ok(model);
}

ww_status ww_model_clear_budget(ww_model *model)
{
    ww_status busy = writable(model);
    if (busy)
        return busy;
    model->budget = 0;
    model->has_budget = 0;
    model->revision++;
    return ww__ok(model);
}

int ww_model_budget(const ww_model *model, double *budget)
{
    if (!model || !model->has_budget)
        return 0;
    if (budget)
        *budget = model->budget;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Whole-model check                                                   */

ww_status ww_model_validate(ww_model *model)
{
    if (!model)
        return WW_MISUSE;
    ww_model *m = model;
    if (m->nterms == 0)
        return ww__fail(m, WW_INVALID, "the model has no terms");
    for (int t = 0; t < m->nterms; t++)
        if (m->terms[t].nlevels == 0)
            return ww__fail(m, WW_INVALID, "term \"%s\" has no levels",
                            m->terms[t].name);
    for (int p = 0; p < 2; p++)
        if (!(m->party[p].weight > 0) || !isfinite(m->party[p].weight))
            return ww__fail(m, WW_INVALID, "%s weight must be > 0",
                            party_word((ww_party)p));
    if (m->has_budget && !m->opening)
        return ww__fail(m, WW_INVALID, "concession budget needs an opening");
    char what[64];
    ww_status st;
    /* every query validates: the message is written only on a failure */
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *x = &m->inter[i];
        if (x->kind != WW_INTERACTION_PRODUCT ||
            (unvalued_level(m, x->term_a) < 0 &&
             unvalued_level(m, x->term_b) < 0))
            continue;
        snprintf(what, sizeof what, "interaction %d", i);
        if ((st = need_values(m, what, x->term_a)) ||
            (st = need_values(m, what, x->term_b)))
            return st;
    }
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        int bad = 0;
        for (int j = 0; c->kind == WW_CONSTRAINT_LINEAR && j < c->nlin; j++)
            bad = bad || unvalued_level(m, c->terms[j]) >= 0;
        if (!bad)
            continue;
        snprintf(what, sizeof what, "linear constraint %d", i);
        for (int j = 0; j < c->nlin; j++)
            if ((st = need_values(m, what, c->terms[j])))
                return st;
    }
    /* A linear constraint's sum must stay a double: coefficients times
     * values near 1e308 summed to inf or NaN, and a NaN broke no bound
     * (a package whose sum is 0 passed "max": -1) */
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        double most = 0;
        for (int j = 0; c->kind == WW_CONSTRAINT_LINEAR && j < c->nlin; j++) {
            const ww_term *t = &m->terms[c->terms[j]];
            double big = 0;
            for (int l = 0; l < t->nlevels; l++)
                big = fmax(big, fabs(c->coefs[j] * t->levels[l].value));
            most += big;
        }
        if (!isfinite(most))
            return ww__fail(m, WW_INVALID,
                            "linear constraint %d: coefficients times "
                            "values can sum past the largest double; "
                            "rescale it",
                            i);
    }
    return ww__ok(m);
}

/* ------------------------------------------------------------------ */
/* Warnings                                                            */

int ww_model_warning_count(const ww_model *model)
{
    return model ? model->nwarnings : 0;
}

const char *ww_model_warning(const ww_model *model, int i)
{
    if (!model || i < 0 || i >= model->nwarnings)
        return NULL;
    return model->warnings[i];
}
