/* json_save.c — winwin/1 JSON writer.
 *
 * The document is built as a jansson tree (keys in the spec's order), then
 * printed by a small writer of our own: jansson prints reals with 17
 * significant digits (0.1 -> 0.10000000000000001), while we want the
 * shortest text that reads back to the same double, and short objects and
 * arrays (a level, a point) on one line.  Indent: 2 spaces. */
#include "files_internal.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_WIDTH 100

/* ------------------------------------------------------------------ */
/* Building the tree                                                   */

/* Each helper returns 0 on out-of-memory (the tree is then dropped). */
static int set(json_t *obj, const char *key, json_t *v)
{
    return v && json_object_set_new(obj, key, v) == 0;
}

static int append(json_t *arr, json_t *v)
{
    return v && json_array_append_new(arr, v) == 0;
}

static json_t *party(ww_model *m, ww_party p)
{
    const char *name = ww_model_party_name(m, p);
    double r, w = ww_model_weight(m, p);
    int has_r = ww_model_reservation(m, p, &r);
    if (!name && !has_r && w == 1.0)
        return json_null(); /* left out by the caller */
    json_t *o = json_object();
    if (!o || (name && !set(o, "name", json_string(name))) ||
        (has_r && !set(o, "reservation", json_real(r))) ||
        (w != 1.0 && !set(o, "weight", json_real(w)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *curve(const ww_curve *c)
{
    json_t *o = json_object(), *pts = json_array();
    if (!o || !set(o, "points", pts)) {
        json_decref(o);
        return NULL;
    }
    for (int i = 0; i < c->npoints; i++) {
        json_t *p = json_array();
        if (!append(pts, p) || !append(p, json_real(c->x[i])) ||
            !append(p, json_real(c->u[i]))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static json_t *term(ww_model *m, int t)
{
    json_t *o = json_object();
    const char *unit = ww_model_term_unit(m, t);
    if (!o || !set(o, "name", json_string(ww_model_term_name(m, t))) ||
        (unit && !set(o, "unit", json_string(unit))))
        goto fail;
    double from, to, step;
    ww_curve cb, cs;
    if (ww_model_term_range(m, t, &from, &to, &step, &cb, &cs)) {
        json_t *r = json_object();
        if (!set(o, "range", r) || !set(r, "from", json_real(from)) ||
            !set(r, "to", json_real(to)) || !set(r, "step", json_real(step)) ||
            !set(o, "buyer", curve(&cb)) || !set(o, "seller", curve(&cs)))
            goto fail;
        return o;
    }
    json_t *levels = json_array();
    if (!set(o, "levels", levels))
        goto fail;
    for (int l = 0; l < ww_model_level_count(m, t); l++) {
        json_t *lv = json_object();
        double v;
        if (!append(levels, lv) ||
            !set(lv, "label", json_string(ww_model_level_label(m, t, l))) ||
            (ww_model_level_value(m, t, l, &v) &&
             !set(lv, "value", json_real(v))) ||
            !set(lv, "buyer", json_real(ww_model_level_buyer(m, t, l))) ||
            !set(lv, "seller", json_real(ww_model_level_seller(m, t, l))))
            goto fail;
    }
    return o;
fail:
    json_decref(o);
    return NULL;
}

/* {TERM: LABEL or [LABELS]} */
static json_t *conditions(ww_model *m, const ww_condition *c, int n)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (int i = 0; i < n; i++) {
        const char *name = ww_model_term_name(m, c[i].term);
        json_t *v;
        if (c[i].nlevels == 1) {
            v = json_string(ww_model_level_label(m, c[i].term,
                                                 c[i].levels[0]));
        } else {
            v = json_array();
            for (int k = 0; v && k < c[i].nlevels; k++)
                if (!append(v, json_string(ww_model_level_label(
                                   m, c[i].term, c[i].levels[k])))) {
                    json_decref(v);
                    v = NULL;
                }
        }
        if (!set(o, name, v)) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* The conditions of interaction / forbid i through the given accessor. */
static json_t *conditions_of(ww_model *m, int i,
                             int (*get)(const ww_model *, int, ww_condition *,
                                        int))
{
    int n = get(m, i, NULL, 0);
    if (n < 0)
        return NULL;
    ww_condition *c = malloc((size_t)(n > 0 ? n : 1) * sizeof *c);
    if (!c)
        return NULL;
    get(m, i, c, n);
    json_t *o = conditions(m, c, n);
    free(c);
    return o;
}

static json_t *interaction(ww_model *m, int i)
{
    ww_interaction_kind kind;
    double b, s;
    if (ww_model_interaction(m, i, &kind, &b, &s) != WW_OK)
        return NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    int ok;
    if (kind == WW_INTERACTION_PRODUCT) {
        int ta, tb;
        json_t *p = json_array();
        ok = ww_model_interaction_product(m, i, &ta, &tb) == WW_OK &&
             set(o, "product", p) &&
             append(p, json_string(ww_model_term_name(m, ta))) &&
             append(p, json_string(ww_model_term_name(m, tb)));
    } else {
        ok = set(o, "when", conditions_of(m, i, ww_model_interaction_when));
    }
    if (!ok || !set(o, "buyer", json_real(b)) ||
        !set(o, "seller", json_real(s))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *constraint(ww_model *m, int i)
{
    ww_constraint_kind kind;
    if (ww_model_constraint_kind(m, i, &kind) != WW_OK)
        return NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (kind == WW_CONSTRAINT_FORBID) {
        if (!set(o, "forbid",
                 conditions_of(m, i, ww_model_constraint_forbid))) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    const int *terms;
    const double *coefs;
    double min, max;
    int n = ww_model_constraint_linear(m, i, &terms, &coefs, &min, &max);
    json_t *lin = json_object();
    int ok = n >= 0 && set(o, "linear", lin);
    for (int k = 0; ok && k < n; k++)
        ok = set(lin, ww_model_term_name(m, terms[k]), json_real(coefs[k]));
    if (!ok || (isfinite(min) && !set(o, "min", json_real(min))) ||
        (isfinite(max) && !set(o, "max", json_real(max)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *package(ww_model *m, const int *pkg)
{
    json_t *o = json_object();
    for (int t = 0; o && t < ww_model_term_count(m); t++)
        if (!set(o, ww_model_term_name(m, t),
                 json_string(ww_model_level_label(m, t, pkg[t])))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

static json_t *document(ww_model *m)
{
    json_t *d = json_object();
    if (!d || !set(d, "format", json_string("winwin/1")))
        goto fail;
    const char *name = ww_model_name(m), *unit = ww_model_unit(m);
    if ((name && !set(d, "name", json_string(name))) ||
        (unit && !set(d, "unit", json_string(unit))))
        goto fail;
    static const char *const pkeys[2] = {"buyer", "seller"};
    for (int p = 0; p < 2; p++) {
        json_t *o = party(m, (ww_party)p);
        if (!o)
            goto fail;
        if (json_is_null(o)) {
            /* nothing of its own, but the file's x- members: in place */
            char at[16];
            snprintf(at, sizeof at, "[\"%s\"]", pkeys[p]);
            int kept = 0;
            for (int i = 0; i < m->next && !kept; i++)
                kept = strcmp(m->ext[i].path, at) == 0;
            if (!kept)
                continue;
            if (!(o = json_object()))
                goto fail;
        }
        if (!set(d, pkeys[p], o))
            goto fail;
    }
    json_t *terms = json_array();
    if (!set(d, "terms", terms))
        goto fail;
    for (int t = 0; t < ww_model_term_count(m); t++)
        if (!append(terms, term(m, t)))
            goto fail;
    int ni = ww_model_interaction_count(m);
    if (ni > 0) {
        json_t *arr = json_array();
        if (!set(d, "interactions", arr))
            goto fail;
        for (int i = 0; i < ni; i++)
            if (!append(arr, interaction(m, i)))
                goto fail;
    }
    int nc = ww_model_constraint_count(m);
    if (nc > 0) {
        json_t *arr = json_array();
        if (!set(d, "constraints", arr))
            goto fail;
        for (int i = 0; i < nc; i++)
            if (!append(arr, constraint(m, i)))
                goto fail;
    }
    const int *op = ww_model_opening(m), *co = ww_model_counter(m);
    double budget;
    if ((op && !set(d, "opening", package(m, op))) ||
        (co && !set(d, "counter", package(m, co))) ||
        (ww_model_budget(m, &budget) &&
         !set(d, "concession_budget", json_real(budget))))
        goto fail;
    return d;
fail:
    json_decref(d);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */

typedef struct out {
    char *s;
    size_t n, cap;
    size_t limit; /* stop (fail) beyond this length; 0: none */
    int nomem;
} out;

static int put(out *o, const char *s, size_t n)
{
    if (o->nomem || (o->limit && o->n + n > o->limit))
        return 0;
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (o->n + n + 1 > cap)
            cap *= 2;
        char *b = realloc(o->s, cap);
        if (!b) {
            o->nomem = 1;
            return 0;
        }
        o->s = b;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
    return 1;
}

static int puts_(out *o, const char *s) { return put(o, s, strlen(s)); }

static int scalar(out *o, json_t *v)
{
    char buf[40];
    switch (json_typeof(v)) {
    case JSON_REAL:
        ww__format_real(buf, sizeof buf, json_real_value(v));
        return puts_(o, buf);
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        return puts_(o, buf);
    case JSON_STRING: {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        if (!s) {
            o->nomem = 1;
            return 0;
        }
        int ok = puts_(o, s);
        /* jansson's memory, freed as jansson frees: the host program may
         * have given jansson an allocator of its own */
        json_free_t jfree;
        json_get_alloc_funcs(NULL, &jfree);
        jfree(s);
        return ok;
    }
    case JSON_TRUE: return puts_(o, "true");
    case JSON_FALSE: return puts_(o, "false");
    default: return puts_(o, "null");
    }
}

static int key(out *o, const char *k)
{
    json_t *s = json_string(k);
    if (!s) {
        o->nomem = 1;
        return 0;
    }
    int ok = scalar(o, s) && puts_(o, ": ");
    json_decref(s);
    return ok;
}

/* One line: {"a": 1, "b": [1, 2]}. */
static int inline_value(out *o, json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        int first = 1;
        if (!puts_(o, "{"))
            return 0;
        json_object_foreach(v, k, x) {
            if ((!first && !puts_(o, ", ")) || !key(o, k) ||
                !inline_value(o, x))
                return 0;
            first = 0;
        }
        return puts_(o, "}");
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        if (!puts_(o, "["))
            return 0;
        json_array_foreach(v, i, x) {
            if ((i && !puts_(o, ", ")) || !inline_value(o, x))
                return 0;
        }
        return puts_(o, "]");
    }
    return scalar(o, v);
}

static int indent(out *o, int depth)
{
    for (int i = 0; i < depth; i++)
        if (!puts_(o, "  "))
            return 0;
    return 1;
}

/* A value starting at column `col` (depth levels of indent). */
static int value(out *o, json_t *v, int depth, size_t col)
{
    int container = json_is_object(v) || json_is_array(v);
    if (!container)
        return scalar(o, v);
    if (depth > 0 && col < LINE_WIDTH) {
        out probe = {0};
        probe.limit = LINE_WIDTH - col;
        int fits = inline_value(&probe, v);
        if (probe.nomem)
            o->nomem = 1;
        int ok = fits && puts_(o, probe.s);
        free(probe.s);
        if (fits)
            return ok;
        if (o->nomem)
            return 0;
    }
    int obj = json_is_object(v);
    if ((obj ? json_object_size(v) : json_array_size(v)) == 0)
        return puts_(o, obj ? "{}" : "[]");
    if (!puts_(o, obj ? "{\n" : "[\n"))
        return 0;
    int first = 1;
    if (obj) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            if ((!first && !puts_(o, ",\n")) || !indent(o, depth + 1))
                return 0;
            size_t start = o->n;
            if (!key(o, k) ||
                !value(o, x, depth + 1,
                       (size_t)(2 * (depth + 1)) + (o->n - start)))
                return 0;
            first = 0;
        }
    } else {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if ((!first && !puts_(o, ",\n")) || !indent(o, depth + 1) ||
                !value(o, x, depth + 1, (size_t)(2 * (depth + 1))))
                return 0;
            first = 0;
        }
    }
    return puts_(o, "\n") && indent(o, depth) && puts_(o, obj ? "}" : "]");
}

/* Puts the loaded file's x- members back where they were (model_internal.h,
 * ww_ext; document() writes a party object for them even when the party
 * has nothing else); a place no longer written drops them.  0: out of
 * memory. */
static int put_ext(ww_model *m, json_t *d)
{
    for (int i = 0; i < m->next; i++) {
        const ww_ext *e = &m->ext[i];
        json_t *path = json_loads(e->path, JSON_DECODE_ANY, NULL);
        json_t *v = json_loads(e->value, JSON_DECODE_ANY, NULL);
        json_t *at = d;
        for (size_t k = 0; path && at && k < json_array_size(path); k++) {
            json_t *step = json_array_get(path, k);
            if (json_is_integer(step)) {
                at = json_array_get(at, (size_t)json_integer_value(step));
                continue;
            }
            at = json_object_get(at, json_string_value(step));
        }
        int ok = path && v;
        if (ok && json_is_object(at))
            ok = json_object_set(at, e->key, v) == 0;
        json_decref(path);
        json_decref(v);
        if (!ok)
            return 0;
    }
    return 1;
}

ww_status ww_model_save_string(ww_model *model, char **text)
{
    if (text)
        *text = NULL;
    if (!model)
        return WW_MISUSE;
    if (!text)
        return ww__fail(model, WW_MISUSE, "save: out is NULL");
    json_t *d = document(model);
    if (d && !put_ext(model, d)) {
        json_decref(d);
        d = NULL;
    }
    if (!d)
        return ww__fail(model, WW_NOMEM, "out of memory saving the model");
    out o = {0};
    int ok = value(&o, d, 0, 0) && puts_(&o, "\n");
    json_decref(d);
    if (!ok) {
        free(o.s);
        return ww__fail(model, WW_NOMEM, "out of memory saving the model");
    }
    *text = o.s;
    return ww__ok(model);
}

ww_status ww_model_save_file(ww_model *model, const char *path)
{
    if (!model)
        return WW_MISUSE;
    if (!path)
        return ww__fail(model, WW_MISUSE, "save: path is NULL");
    char *text;
    ww_status st = ww_model_save_string(model, &text);
    if (st)
        return st;
    FILE *f = fopen(path, "wb");
    if (!f) {
        int e = errno;
        free(text);
        return ww__fail(model, WW_IO_ERROR, "%s: cannot open for writing: %s",
                        path, strerror(e));
    }
    size_t n = strlen(text);
    int bad = fwrite(text, 1, n, f) != n;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    free(text);
    if (bad)
        return ww__fail(model, WW_IO_ERROR, "%s: cannot write: %s", path,
                        strerror(e));
    return ww__ok(model);
}
