/* json_load.c — winwin/1 JSON reader (jansson).
 *
 * jansson parses and rejects malformed text (with a position).  Everything
 * else is checked here while walking the document, keeping a stack of the
 * JSON path; when something is wrong, json_locate.c walks the raw text
 * along that path to give the line and column.  The model is built only
 * through the public builder so validation stays in one place; its
 * messages are reported at the JSON value that caused them. */
#include "files_internal.h"
#include "json_locate.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    const char *text; /* raw document, for positions */
    size_t len;
    const char *file;
    ww_error *err;
    ww_model *m;
    ww_json_seg path[WW_JSON_MAX_DEPTH];
    int depth;
} loader;

static void push_key(loader *ld, const char *key)
{
    if (ld->depth < WW_JSON_MAX_DEPTH) {
        ld->path[ld->depth].key = key;
        ld->path[ld->depth].index = -1;
    }
    ld->depth++;
}

static void push_index(loader *ld, size_t index)
{
    if (ld->depth < WW_JSON_MAX_DEPTH) {
        ld->path[ld->depth].key = NULL;
        ld->path[ld->depth].index = (long)index;
    }
    ld->depth++;
}

static void pop(loader *ld) { ld->depth--; }

/* Reports an error at the current path; at_key: point at the key itself
 * (unknown keys) rather than at its value. */
static ww_status vfail(loader *ld, ww_status st, int at_key, const char *fmt,
                       va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    int n = ld->depth < WW_JSON_MAX_DEPTH ? ld->depth : WW_JSON_MAX_DEPTH;
    char path[256];
    ww__json_path_str(ld->path, n, path, sizeof path);
    int line = 0, col = 0;
    ww__json_locate(ld->text, ld->len, ld->path, n, at_key, &line, &col);
    return ww__file_error(ld->err, st, ld->file, line, col, path, "%s", msg);
}

static ww_status fail(loader *ld, ww_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ww_status fail(loader *ld, ww_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ww_status r = vfail(ld, st, 0, fmt, ap);
    va_end(ap);
    return r;
}

static ww_status fail_key(loader *ld, ww_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ww_status fail_key(loader *ld, ww_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ww_status r = vfail(ld, st, 1, fmt, ap);
    va_end(ap);
    return r;
}

/* A builder failure, reported at the current path with its message.  The
 * loader makes every call, so a call "out of order" (a budget before any
 * opening) is the file's fault: WW_INVALID. */
static ww_status builder(loader *ld, ww_status st)
{
    const char *msg = ww_errmsg(ld->m);
    if (st == WW_MISUSE)
        st = WW_INVALID;
    return fail(ld, st, "%s", msg && *msg ? msg : ww_status_str(st));
}

/* ------------------------------------------------------------------ */
/* Typed access                                                        */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* Keys allowed in an object: `allowed` is NULL-terminated; "x-..." keys are
 * always allowed. */
static ww_status check_keys(loader *ld, json_t *obj,
                            const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (strncmp(key, "x-", 2) == 0)
            continue;
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0)
                ok = 1;
        if (!ok) {
            char list[256] = "";
            size_t used = 0;
            for (int i = 0; allowed[i]; i++) {
                int w = snprintf(list + used, sizeof list - used, "%s\"%s\"",
                                 i ? ", " : "", allowed[i]);
                if (w < 0 || (size_t)w >= sizeof list - used)
                    break;
                used += (size_t)w;
            }
            push_key(ld, key);
            ww_status st = fail_key(ld, WW_PARSE_ERROR,
                                    "unknown key \"%s\" (expected %s, or a "
                                    "key starting with \"x-\")",
                                    key, list);
            pop(ld);
            return st;
        }
    }
    return WW_OK;
}

static ww_status expect_object(loader *ld, json_t *v)
{
    if (!json_is_object(v))
        return fail(ld, WW_PARSE_ERROR, "expected an object, got %s",
                    type_name(v));
    return WW_OK;
}

/* A finite number at the current path. */
static ww_status as_number(loader *ld, json_t *v, double *out)
{
    if (!json_is_number(v))
        return fail(ld, WW_PARSE_ERROR, "expected a finite number");
    double d = json_number_value(v);
    if (!isfinite(d))
        return fail(ld, WW_PARSE_ERROR, "expected a finite number");
    *out = d;
    return WW_OK;
}

static ww_status as_string(loader *ld, json_t *v, const char **out)
{
    if (!json_is_string(v))
        return fail(ld, WW_PARSE_ERROR, "expected a string, got %s",
                    type_name(v));
    *out = json_string_value(v);
    return WW_OK;
}

/* obj[key] as a number (num) or a string (str, when num is NULL);
 * *present = 0 when absent (then an error if required). */
static ww_status get_member(loader *ld, json_t *obj, const char *key,
                            int required, double *num, const char **str,
                            int *present)
{
    json_t *v = json_object_get(obj, key);
    if (present)
        *present = v != NULL;
    if (!v) {
        if (required)
            return fail(ld, WW_PARSE_ERROR, "missing required key \"%s\"",
                        key);
        return WW_OK;
    }
    push_key(ld, key);
    ww_status st = num ? as_number(ld, v, num) : as_string(ld, v, str);
    pop(ld);
    return st;
}

static ww_status get_number(loader *ld, json_t *obj, const char *key,
                            int required, double *out, int *present)
{
    return get_member(ld, obj, key, required, out, NULL, present);
}

static ww_status get_string(loader *ld, json_t *obj, const char *key,
                            int required, const char **out)
{
    *out = NULL;
    return get_member(ld, obj, key, required, NULL, out, NULL);
}

/* ------------------------------------------------------------------ */
/* Parties                                                             */

static ww_status load_party(loader *ld, json_t *root, const char *key,
                            ww_party party)
{
    static const char *const keys[] = {"name", "reservation", "weight",
                                       NULL};
    json_t *obj = json_object_get(root, key);
    if (!obj)
        return WW_OK;
    push_key(ld, key);
    ww_status st;
    const char *name = NULL;
    double r, w;
    int has_r, has_w;
    if ((st = expect_object(ld, obj)) || (st = check_keys(ld, obj, keys)) ||
        (st = get_string(ld, obj, "name", 0, &name)) ||
        (st = get_number(ld, obj, "reservation", 0, &r, &has_r)) ||
        (st = get_number(ld, obj, "weight", 0, &w, &has_w)))
        goto out;
    if (name && (st = ww_model_set_party_name(ld->m, party, name))) {
        push_key(ld, "name");
        st = builder(ld, st);
        pop(ld);
        goto out;
    }
    if (has_r && (st = ww_model_set_reservation(ld->m, party, r))) {
        push_key(ld, "reservation");
        st = builder(ld, st);
        pop(ld);
        goto out;
    }
    if (has_w && (st = ww_model_set_weight(ld->m, party, w))) {
        push_key(ld, "weight");
        st = builder(ld, st);
        pop(ld);
        goto out;
    }
out:
    pop(ld);
    return st;
}

/* ------------------------------------------------------------------ */
/* Terms                                                               */

static ww_status load_level(loader *ld, json_t *lv, int term)
{
    static const char *const keys[] = {"label", "value", "buyer", "seller",
                                       NULL};
    ww_status st;
    const char *label = NULL;
    double b, s, value;
    int has_value;
    if ((st = expect_object(ld, lv)) || (st = check_keys(ld, lv, keys)) ||
        (st = get_string(ld, lv, "label", 1, &label)) ||
        (st = get_number(ld, lv, "value", 0, &value, &has_value)) ||
        (st = get_number(ld, lv, "buyer", 1, &b, NULL)) ||
        (st = get_number(ld, lv, "seller", 1, &s, NULL)))
        return st;
    int level;
    if ((st = ww_model_add_level(ld->m, term, label, b, s, &level))) {
        push_key(ld, "label");
        st = builder(ld, st);
        pop(ld);
        return st;
    }
    if (has_value && (st = ww_model_set_level_value(ld->m, term, level,
                                                    value))) {
        push_key(ld, "value");
        st = builder(ld, st);
        pop(ld);
    }
    return st;
}

/* A curve {"points": [[x, u], ...]}: x strictly ascending.  x and u are
 * allocated here (the caller frees them). */
static ww_status load_curve(loader *ld, json_t *obj, const char *key,
                            ww_curve *c, double **xs, double **us)
{
    static const char *const keys[] = {"points", NULL};
    json_t *cv = json_object_get(obj, key);
    if (!cv)
        return fail(ld, WW_PARSE_ERROR,
                    "missing required key \"%s\" (a range term needs buyer "
                    "and seller curves)",
                    key);
    push_key(ld, key);
    ww_status st;
    if ((st = expect_object(ld, cv)) || (st = check_keys(ld, cv, keys)))
        goto out;
    json_t *pts = json_object_get(cv, "points");
    if (!pts) {
        st = fail(ld, WW_PARSE_ERROR, "missing required key \"points\"");
        goto out;
    }
    push_key(ld, "points");
    size_t n = json_is_array(pts) ? json_array_size(pts) : 0;
    if (n == 0) {
        st = fail(ld, WW_PARSE_ERROR,
                  "expected a non-empty array of [x, u] points");
        pop(ld);
        goto out;
    }
    *xs = malloc(n * sizeof(double));
    *us = malloc(n * sizeof(double));
    if (!*xs || !*us) {
        st = fail(ld, WW_NOMEM, "out of memory");
        pop(ld);
        goto out;
    }
    for (size_t i = 0; i < n && !st; i++) {
        json_t *p = json_array_get(pts, i);
        push_index(ld, i);
        if (!json_is_array(p) || json_array_size(p) != 2) {
            st = fail(ld, WW_PARSE_ERROR, "expected a point [x, u]");
        } else {
            for (size_t k = 0; k < 2 && !st; k++) {
                push_index(ld, k);
                st = as_number(ld, json_array_get(p, k),
                               k ? &(*us)[i] : &(*xs)[i]);
                pop(ld);
            }
            if (!st && i > 0 && !((*xs)[i] > (*xs)[i - 1])) {
                push_index(ld, 0);
                st = fail(ld, WW_INVALID,
                          "x values must be strictly ascending (%.15g after "
                          "%.15g)",
                          (*xs)[i], (*xs)[i - 1]);
                pop(ld);
            }
        }
        pop(ld);
    }
    pop(ld);
    c->x = *xs;
    c->u = *us;
    c->npoints = (int)n;
out:
    pop(ld);
    return st;
}

static ww_status load_range_term(loader *ld, json_t *t, const char *name,
                                 const char *unit)
{
    static const char *const rkeys[] = {"from", "to", "step", NULL};
    json_t *r = json_object_get(t, "range");
    double from = 0, to = 0, step = 0;
    ww_status st;
    push_key(ld, "range");
    if ((st = expect_object(ld, r)) || (st = check_keys(ld, r, rkeys)) ||
        (st = get_number(ld, r, "from", 1, &from, NULL)) ||
        (st = get_number(ld, r, "to", 1, &to, NULL)) ||
        (st = get_number(ld, r, "step", 1, &step, NULL))) {
        pop(ld);
        return st;
    }
    pop(ld);
    ww_curve cb = {0}, cs = {0};
    double *bx = NULL, *bu = NULL, *sx = NULL, *su = NULL;
    if (!(st = load_curve(ld, t, "buyer", &cb, &bx, &bu)) &&
        !(st = load_curve(ld, t, "seller", &cs, &sx, &su))) {
        st = ww_model_add_range_term(ld->m, name, unit, from, to, step, &cb,
                                     &cs, NULL);
        if (st) {
            /* Point at what the builder complains about: its message
             * after the 'term "NAME": ' prefix names the part. */
            const char *msg = ww_errmsg(ld->m);
            char prefix[300];
            snprintf(prefix, sizeof prefix, "term \"%s\": ", name);
            if (strncmp(msg, prefix, strlen(prefix)) == 0)
                msg += strlen(prefix);
            push_key(ld, strstr(msg, "buyer curve")    ? "buyer"
                         : strstr(msg, "seller curve") ? "seller"
                         : strstr(msg, "name")         ? "name"
                                                       : "range");
            st = builder(ld, st);
            pop(ld);
        }
    }
    free(bx);
    free(bu);
    free(sx);
    free(su);
    return st;
}

static ww_status load_term(loader *ld, json_t *t)
{
    static const char *const keys[] = {"name",  "unit",  "levels",
                                       "range", "buyer", "seller", NULL};
    ww_status st;
    const char *name, *unit;
    if ((st = expect_object(ld, t)) || (st = check_keys(ld, t, keys)) ||
        (st = get_string(ld, t, "name", 1, &name)) ||
        (st = get_string(ld, t, "unit", 0, &unit)))
        return st;
    json_t *levels = json_object_get(t, "levels");
    json_t *range = json_object_get(t, "range");
    if (levels && range)
        return fail(ld, WW_PARSE_ERROR,
                    "a term has either \"levels\" or \"range\", not both");
    if (!levels && !range)
        return fail(ld, WW_PARSE_ERROR,
                    "missing required key \"levels\" (or \"range\")");
    if (range)
        return load_range_term(ld, t, name, unit);
    for (const char *k = "buyer"; k; k = strcmp(k, "buyer") ? NULL : "seller")
        if (json_object_get(t, k)) {
            push_key(ld, k);
            st = fail_key(ld, WW_PARSE_ERROR,
                          "a term-level \"%s\" curve needs \"range\" (levels "
                          "carry their own utilities)",
                          k);
            pop(ld);
            return st;
        }
    int term;
    if ((st = ww_model_add_term(ld->m, name, unit, &term))) {
        push_key(ld, "name");
        st = builder(ld, st);
        pop(ld);
        return st;
    }
    push_key(ld, "levels");
    if (!json_is_array(levels) || json_array_size(levels) == 0) {
        st = fail(ld, WW_PARSE_ERROR, "expected a non-empty array of levels");
        pop(ld);
        return st;
    }
    size_t i;
    json_t *lv;
    json_array_foreach(levels, i, lv) {
        push_index(ld, i);
        st = load_level(ld, lv, term);
        pop(ld);
        if (st)
            break;
    }
    pop(ld);
    return st;
}

/* one() on each item of the array arr, at its index; stops at the first
 * error. */
static ww_status each_item(loader *ld, json_t *arr,
                           ww_status (*one)(loader *, json_t *))
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        push_index(ld, i);
        ww_status st = one(ld, v);
        pop(ld);
        if (st)
            return st;
    }
    return WW_OK;
}

static ww_status load_terms(loader *ld, json_t *root)
{
    json_t *terms = json_object_get(root, "terms");
    if (!terms)
        return fail(ld, WW_PARSE_ERROR, "missing required key \"terms\"");
    push_key(ld, "terms");
    ww_status st = WW_OK;
    if (!json_is_array(terms) || json_array_size(terms) == 0) {
        st = fail(ld, WW_PARSE_ERROR, "expected a non-empty array of terms");
    } else {
        st = each_item(ld, terms, load_term);
    }
    pop(ld);
    return st;
}

/* ------------------------------------------------------------------ */
/* Conditions, interactions, constraints                               */

/* In maps of term names, "x-" keys are extensions unless a term has that
 * name. */
static int is_extension(loader *ld, const char *key)
{
    int t;
    return strncmp(key, "x-", 2) == 0 &&
           ww_model_find_term(ld->m, key, &t) != WW_OK;
}

static ww_status find_term(loader *ld, const char *name, int *term)
{
    ww_status st = ww_model_find_term(ld->m, name, term);
    if (st)
        return fail_key(ld, st, "unknown term \"%s\"", name);
    return WW_OK;
}

static ww_status find_level(loader *ld, int term, const char *label,
                            int *level)
{
    ww_status st = ww_model_find_level(ld->m, term, label, level);
    if (st)
        return fail(ld, st, "term \"%s\" has no level \"%s\"",
                    ww_model_term_name(ld->m, term), label);
    return WW_OK;
}

typedef struct conds {
    ww_condition *c;
    int **levels;
    int n;
} conds;

static void free_conds(conds *cs)
{
    for (int i = 0; i < cs->n; i++)
        free(cs->levels[i]);
    free(cs->levels);
    free(cs->c);
    memset(cs, 0, sizeof *cs);
}

/* {TERM: LABEL or [LABELS], ...} at the current path. */
static ww_status load_conds(loader *ld, json_t *obj, conds *cs)
{
    memset(cs, 0, sizeof *cs);
    if (!json_is_object(obj))
        return fail(ld, WW_PARSE_ERROR,
                    "expected an object mapping terms to labels, got %s",
                    type_name(obj));
    size_t n = json_object_size(obj);
    if (n == 0)
        return fail(ld, WW_PARSE_ERROR, "expected at least one term");
    cs->c = calloc(n, sizeof *cs->c);
    cs->levels = calloc(n, sizeof *cs->levels);
    if (!cs->c || !cs->levels)
        return fail(ld, WW_NOMEM, "out of memory");
    const char *key;
    json_t *v;
    ww_status st = WW_OK;
    json_object_foreach(obj, key, v) {
        if (is_extension(ld, key))
            continue;
        push_key(ld, key);
        int term, k = cs->n;
        if ((st = find_term(ld, key, &term))) {
            pop(ld);
            return st;
        }
        size_t nl = json_is_array(v) ? json_array_size(v) : 1;
        cs->levels[k] = malloc((nl ? nl : 1) * sizeof(int));
        cs->n++;
        if (!cs->levels[k]) {
            pop(ld);
            return fail(ld, WW_NOMEM, "out of memory");
        }
        if (json_is_string(v)) {
            st = find_level(ld, term, json_string_value(v),
                            &cs->levels[k][0]);
        } else if (json_is_array(v) && nl > 0) {
            for (size_t i = 0; i < nl && !st; i++) {
                const char *label = NULL;
                push_index(ld, i);
                if (!(st = as_string(ld, json_array_get(v, i), &label)))
                    st = find_level(ld, term, label, &cs->levels[k][i]);
                pop(ld);
            }
        } else {
            st = fail(ld, WW_PARSE_ERROR,
                      "expected a level label or a non-empty array of "
                      "labels");
        }
        pop(ld);
        if (st)
            return st;
        cs->c[k].term = term;
        cs->c[k].levels = cs->levels[k];
        cs->c[k].nlevels = (int)nl;
    }
    return WW_OK;
}

static ww_status load_interaction(loader *ld, json_t *it)
{
    static const char *const keys[] = {"when", "product", "buyer", "seller",
                                       NULL};
    ww_status st;
    double b = 0, s = 0;
    if ((st = expect_object(ld, it)) || (st = check_keys(ld, it, keys)) ||
        (st = get_number(ld, it, "buyer", 0, &b, NULL)) ||
        (st = get_number(ld, it, "seller", 0, &s, NULL)))
        return st;
    json_t *when = json_object_get(it, "when");
    json_t *prod = json_object_get(it, "product");
    if (when && prod)
        return fail(ld, WW_PARSE_ERROR,
                    "an interaction has either \"when\" or \"product\", not "
                    "both");
    if (!when && !prod)
        return fail(ld, WW_PARSE_ERROR,
                    "missing required key \"when\" (or \"product\")");
    if (when) {
        conds cs;
        push_key(ld, "when");
        st = load_conds(ld, when, &cs);
        if (!st && (st = ww_model_add_interaction(ld->m, cs.c, cs.n, b, s,
                                                  NULL)))
            st = builder(ld, st);
        pop(ld);
        free_conds(&cs);
        return st;
    }
    push_key(ld, "product");
    int terms[2];
    if (!json_is_array(prod) || json_array_size(prod) != 2) {
        st = fail(ld, WW_PARSE_ERROR, "expected an array of two term names");
    } else {
        for (size_t i = 0; i < 2 && !st; i++) {
            const char *name = NULL;
            push_index(ld, i);
            if (!(st = as_string(ld, json_array_get(prod, i), &name)) &&
                (st = ww_model_find_term(ld->m, name, &terms[i])))
                st = fail(ld, st, "unknown term \"%s\"", name);
            pop(ld);
        }
        if (!st && (st = ww_model_add_product(ld->m, terms[0], terms[1], b, s,
                                              NULL)))
            st = builder(ld, st);
    }
    pop(ld);
    return st;
}

static ww_status load_linear(loader *ld, json_t *c)
{
    double min = -HUGE_VAL, max = HUGE_VAL;
    int has_min, has_max;
    ww_status st;
    if ((st = get_number(ld, c, "min", 0, &min, &has_min)) ||
        (st = get_number(ld, c, "max", 0, &max, &has_max)))
        return st;
    if (!has_min && !has_max)
        return fail(ld, WW_PARSE_ERROR,
                    "a linear constraint needs \"min\" and/or \"max\"");
    json_t *lin = json_object_get(c, "linear");
    push_key(ld, "linear");
    size_t n = json_is_object(lin) ? json_object_size(lin) : 0;
    if (n == 0) {
        st = fail(ld, WW_PARSE_ERROR,
                  "expected a non-empty object mapping terms to "
                  "coefficients");
        pop(ld);
        return st;
    }
    int *terms = malloc(n * sizeof *terms);
    double *coefs = malloc(n * sizeof *coefs);
    if (!terms || !coefs) {
        st = fail(ld, WW_NOMEM, "out of memory");
    } else {
        const char *key;
        json_t *v;
        int k = 0;
        json_object_foreach(lin, key, v) {
            if (is_extension(ld, key))
                continue;
            push_key(ld, key);
            if (!(st = find_term(ld, key, &terms[k])))
                st = as_number(ld, v, &coefs[k]);
            pop(ld);
            if (st)
                break;
            k++;
        }
        if (!st && (st = ww_model_add_linear(ld->m, terms, coefs, k, min,
                                             max, NULL)))
            st = builder(ld, st);
    }
    free(terms);
    free(coefs);
    pop(ld);
    return st;
}

static ww_status load_constraint(loader *ld, json_t *c)
{
    static const char *const fkeys[] = {"forbid", NULL};
    static const char *const lkeys[] = {"linear", "min", "max", NULL};
    /* neither yet: a typo's message names both kinds' keys */
    static const char *const akeys[] = {"forbid", "linear", "min", "max",
                                        NULL};
    ww_status st;
    if ((st = expect_object(ld, c)))
        return st;
    json_t *forbid = json_object_get(c, "forbid");
    json_t *lin = json_object_get(c, "linear");
    if (forbid && lin)
        return fail(ld, WW_PARSE_ERROR,
                    "a constraint is either \"forbid\" or \"linear\", not "
                    "both");
    if (!forbid && !lin) {
        if ((st = check_keys(ld, c, akeys)))
            return st;
        return fail(ld, WW_PARSE_ERROR,
                    "missing required key \"forbid\" (or \"linear\")");
    }
    if (lin)
        return check_keys(ld, c, lkeys) ? WW_PARSE_ERROR : load_linear(ld, c);
    if ((st = check_keys(ld, c, fkeys)))
        return st;
    conds cs;
    push_key(ld, "forbid");
    st = load_conds(ld, forbid, &cs);
    if (!st && (st = ww_model_add_forbid(ld->m, cs.c, cs.n, NULL)))
        st = builder(ld, st);
    pop(ld);
    free_conds(&cs);
    return st;
}

static ww_status load_list(loader *ld, json_t *root, const char *key,
                           ww_status (*one)(loader *, json_t *))
{
    json_t *arr = json_object_get(root, key);
    if (!arr)
        return WW_OK;
    push_key(ld, key);
    ww_status st = WW_OK;
    if (!json_is_array(arr)) {
        st = fail(ld, WW_PARSE_ERROR, "expected an array, got %s",
                  type_name(arr));
    } else {
        st = each_item(ld, arr, one);
    }
    pop(ld);
    return st;
}

/* ------------------------------------------------------------------ */
/* Packages (opening, counter, package files)                          */

/* An object mapping every term to one of its labels, at the current path. */
static ww_status load_package(loader *ld, json_t *obj, int *pkg)
{
    if (!json_is_object(obj))
        return fail(ld, WW_PARSE_ERROR,
                    "expected an object mapping every term to a label, got "
                    "%s",
                    type_name(obj));
    int n = ww_model_term_count(ld->m);
    for (int t = 0; t < n; t++)
        pkg[t] = -1;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (is_extension(ld, key))
            continue;
        int term;
        ww_status st;
        const char *label = NULL;
        push_key(ld, key);
        if (!(st = find_term(ld, key, &term)) &&
            !(st = as_string(ld, v, &label)))
            st = find_level(ld, term, label, &pkg[term]);
        pop(ld);
        if (st)
            return st;
    }
    for (int t = 0; t < n; t++)
        if (pkg[t] < 0)
            return fail(ld, WW_PARSE_ERROR,
                        "missing term \"%s\" (a package names a level for "
                        "every term)",
                        ww_model_term_name(ld->m, t));
    return WW_OK;
}

static ww_status load_offer(loader *ld, json_t *root, const char *key,
                            ww_status (*set)(ww_model *, const int *))
{
    json_t *obj = json_object_get(root, key);
    if (!obj)
        return WW_OK;
    int n = ww_model_term_count(ld->m);
    int *pkg = malloc((size_t)(n > 0 ? n : 1) * sizeof *pkg);
    if (!pkg)
        return fail(ld, WW_NOMEM, "out of memory");
    push_key(ld, key);
    ww_status st = load_package(ld, obj, pkg);
    if (!st && (st = set(ld->m, pkg)))
        st = builder(ld, st);
    pop(ld);
    free(pkg);
    return st;
}

/* ------------------------------------------------------------------ */
/* Parsing the text                                                    */

static int token_char(char c)
{
    return c == '+' || c == '-' || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

/* The token around offset pos (letters and signs), to recognise NaN /
 * Infinity, which JSON does not allow; *start receives its offset. */
static int bad_number_token(const char *text, size_t len, size_t pos,
                            size_t *start)
{
    static const char *const bad[] = {"NaN",  "-NaN", "+NaN", "Infinity",
                                      "-Infinity", "+Infinity", "nan",
                                      "inf", "-inf", "+inf", NULL};
    if (pos > len)
        pos = len;
    size_t a = pos, b = pos;
    while (a > 0 && token_char(text[a - 1]))
        a--;
    while (b < len && token_char(text[b]))
        b++;
    *start = a;
    for (int i = 0; bad[i]; i++)
        if (strlen(bad[i]) == b - a && memcmp(text + a, bad[i], b - a) == 0)
            return 1;
    return 0;
}

/* A syntax error at byte offset at, with the JSON path of the value the
 * parser was reading there (none at the top level). */
static ww_status syntax_error(loader *ld, ww_status st, size_t at, int line,
                              int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static ww_status syntax_error(loader *ld, ww_status st, size_t at, int line,
                              int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char path[256];
    if (ww__json_path_at(ld->text, ld->len, at, path, sizeof path) <= 0)
        path[0] = '\0';
    return ww__file_error(ld->err, st, ld->file, line, col,
                          path[0] ? path : NULL, "%s", msg);
}

/* Nesting a document may have: a winwin/1 model needs 6 levels, "x-"
 * values a few more.  jansson's parser recurses once per level (up to
 * 2048): past about 1,000 levels it overflows a 64 KB thread stack, as a
 * server thread may have, where this limit takes a few KB. */
#define NEST_MAX 64

/* The bytes of every string of a parsed document, keys included. */
static size_t tree_bytes(json_t *v)
{
    size_t bytes = 0;
    if (json_is_string(v))
        return json_string_length(v);
    if (json_is_array(v))
        for (size_t i = 0; i < json_array_size(v); i++)
            bytes += tree_bytes(json_array_get(v, i));
    if (json_is_object(v)) {
        const char *key;
        json_t *x;
        json_object_foreach(v, key, x)
            bytes += strlen(key) + tree_bytes(x);
    }
    return bytes;
}

static ww_status parse(loader *ld, json_t **root)
{
    *root = NULL;
    size_t deep, bytes = ww__json_text_scan(ld->text, ld->len, NEST_MAX,
                                            &deep);
    if (deep < ld->len) {
        int line, col;
        ww__json_position(ld->text, deep, &line, &col);
        return syntax_error(ld, WW_TOO_LARGE, deep, line, col,
                            "arrays and objects nested deeper than %d",
                            NEST_MAX);
    }
    json_error_t je;
    /* A failure is confirmed by a second parse before it is blamed on the
     * text: jansson reports an allocation failure inside its lexer as a
     * syntax error ("string or '}' expected"), and one before parsing
     * with no message at all.  Malformed text fails twice alike.  And a
     * success is checked: out of memory, jansson's lexer drops the
     * character it could not store and goes on (a 17-character key lost
     * a letter), so the strings' bytes must be the text's. */
    int dropped = 0;
    for (int pass = 0; pass < 2; pass++) {
        *root = json_loadb(ld->text, ld->len,
                           JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL,
                           &je);
        if (*root && tree_bytes(*root) == bytes)
            return WW_OK;
        if (*root) {
            json_decref(*root);
            *root = NULL;
            dropped = 1;
        }
    }
    if (dropped || json_error_code(&je) == json_error_out_of_memory ||
        !je.text[0])
        return ww__file_error(ld->err, WW_NOMEM, ld->file, 0, 0, NULL,
                              "out of memory");
    int line = je.line > 0 ? je.line : 0;
    /* column 0: nothing read on that line yet (the end of a file that
     * ends with a newline); columns are 1-based, so its first */
    int col = line ? (je.column > 0 ? je.column : 1) : 0;
    size_t pos = je.position > 0 ? (size_t)je.position : 0;
    /* jansson stops just past the offending character. */
    size_t start;
    if (bad_number_token(ld->text, ld->len, pos ? pos - 1 : 0, &start)) {
        ww__json_position(ld->text, start, &line, &col);
        return syntax_error(ld, WW_PARSE_ERROR, start, line, col,
                            "expected a finite number (NaN and Infinity "
                            "are not valid JSON)");
    }
    if (strstr(je.text, "real number overflow")) {
        /* point at the start of the number, not at its end */
        size_t a = pos < ld->len ? pos : ld->len;
        while (a > 0 && strchr("0123456789.eE+-", ld->text[a - 1]) &&
               ld->text[a - 1])
            a--;
        ww__json_position(ld->text, a, &line, &col);
        return syntax_error(ld, WW_PARSE_ERROR, a, line, col,
                            "expected a finite number (%s)",
                            je.text);
    }
    return syntax_error(ld, WW_PARSE_ERROR, pos, line, col,
                        "malformed JSON: %s", je.text);
}

static ww_status load_root(loader *ld, json_t *root)
{
    static const char *const keys[] = {
        "format",       "name",     "unit",        "buyer",
        "seller",       "terms",    "interactions", "constraints",
        "opening",      "counter",  "concession_budget", NULL};
    ww_status st;
    if (!json_is_object(root))
        return fail(ld, WW_PARSE_ERROR,
                    "expected an object (a winwin/1 model), got %s",
                    type_name(root));
    const char *format, *name, *unit;
    if ((st = get_string(ld, root, "format", 1, &format)))
        return st;
    if (strcmp(format, "winwin/1") != 0) {
        push_key(ld, "format");
        st = fail(ld, WW_UNSUPPORTED,
                  "unsupported format \"%s\" (expected \"winwin/1\")",
                  format);
        pop(ld);
        return st;
    }
    if ((st = check_keys(ld, root, keys)) ||
        (st = get_string(ld, root, "name", 0, &name)) ||
        (st = get_string(ld, root, "unit", 0, &unit)))
        return st;
    if ((name && (st = ww_model_set_name(ld->m, name))) ||
        (unit && (st = ww_model_set_unit(ld->m, unit)))) {
        push_key(ld, name ? "name" : "unit");
        st = builder(ld, st);
        pop(ld);
        return st;
    }
    double budget;
    int has_budget;
    if ((st = load_party(ld, root, "buyer", WW_BUYER)) ||
        (st = load_party(ld, root, "seller", WW_SELLER)) ||
        (st = load_terms(ld, root)) ||
        (st = load_list(ld, root, "interactions", load_interaction)) ||
        (st = load_list(ld, root, "constraints", load_constraint)) ||
        (st = load_offer(ld, root, "opening", ww_model_set_opening)) ||
        (st = load_offer(ld, root, "counter", ww_model_set_counter)) ||
        (st = get_number(ld, root, "concession_budget", 0, &budget,
                         &has_budget)))
        return st;
    if (has_budget && (st = ww_model_set_budget(ld->m, budget))) {
        push_key(ld, "concession_budget");
        st = builder(ld, st);
        pop(ld);
        return st;
    }
    if ((st = ww_model_validate(ld->m))) {
        int ci;
        json_t *cons = json_object_get(root, "constraints");
        if (strstr(ww_errmsg(ld->m), "budget") &&
            json_object_get(root, "concession_budget")) {
            push_key(ld, "concession_budget");
            st = builder(ld, st);
            pop(ld);
        } else if (sscanf(ww_errmsg(ld->m), "linear constraint %d", &ci) == 1 &&
                   ci >= 0 && json_is_array(cons) &&
                   (size_t)ci < json_array_size(cons)) {
            /* the file's constraints are the model's, in order */
            push_key(ld, "constraints");
            push_index(ld, (size_t)ci);
            st = builder(ld, st);
            pop(ld);
            pop(ld);
        } else {
            st = builder(ld, st);
        }
    }
    return st;
}

static const char *file_name(const char *name)
{
    return name ? name : "<string>";
}

/* Appends (path, key, value) to m->ext; 0 when out of memory. */
static int ext_add(ww_model *m, json_t *path, const char *key, json_t *value)
{
    ww_ext *e = realloc(m->ext, (size_t)(m->next + 1) * sizeof *e);
    if (!e)
        return 0;
    m->ext = e;
    e = &m->ext[m->next];
    e->path = json_dumps(path, JSON_COMPACT | JSON_ENCODE_ANY);
    e->key = ww__strdup(key);
    e->value = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    m->next++; /* freed whole by ww_model_free, NULLs and all */
    return e->path && e->key && e->value;
}

/* The x- members of v and of everything below it (not inside them: an x-
 * value is kept whole), with their paths from the root. */
static int ext_collect(ww_model *m, json_t *v, json_t *path)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *c;
        json_object_foreach(v, key, c) {
            if (strncmp(key, "x-", 2) == 0) {
                if (!ext_add(m, path, key, c))
                    return 0;
                continue;
            }
            json_t *k = json_string(key);
            if (!k || json_array_append_new(path, k) ||
                !ext_collect(m, c, path))
                return 0;
            json_array_remove(path, json_array_size(path) - 1);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *k = json_integer((json_int_t)i);
            if (!k || json_array_append_new(path, k) ||
                !ext_collect(m, json_array_get(v, i), path))
                return 0;
            json_array_remove(path, json_array_size(path) - 1);
        }
    }
    return 1;
}

ww_status ww_model_load_string(const char *text, size_t length,
                               const char *name, ww_model **out,
                               ww_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!out || (!text && length))
        return ww__file_error(err, WW_MISUSE, file_name(name), 0, 0, NULL,
                              "load: NULL argument");
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.text = text ? text : "";
    ld.len = length;
    ld.file = file_name(name);
    ld.err = err;
    json_t *root;
    ww_status st = parse(&ld, &root);
    if (st)
        return st;
    if ((st = ww_model_new(&ld.m))) {
        json_decref(root);
        return ww__file_error(err, st, ld.file, 0, 0, NULL,
                              "cannot create a model");
    }
    st = load_root(&ld, root);
    json_t *path = st ? NULL : json_array();
    if (!st && (!path || !ext_collect(ld.m, root, path)))
        st = ww__file_error(err, WW_NOMEM, ld.file, 0, 0, NULL,
                            "out of memory keeping the x- keys");
    json_decref(path);
    json_decref(root);
    if (st) {
        ww_model_free(ld.m);
        return st;
    }
    ww__ok(ld.m);
    *out = ld.m;
    return WW_OK;
}

ww_status ww_model_load_file(const char *path, ww_model **out,
                             ww_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!path || !out)
        return ww__file_error(err, WW_MISUSE, file_name(path), 0, 0, NULL,
                              "load: NULL argument");
    char *text;
    size_t len;
    ww_status st = ww__read_file(path, &text, &len, err);
    if (st)
        return st;
    st = ww_model_load_string(text, len, path, out, err);
    free(text);
    return st;
}

ww_status ww_package_load_file(ww_model *model, const char *path,
                               int *package, ww_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!model)
        return ww__file_error(err, WW_MISUSE, file_name(path), 0, 0, NULL,
                              "package: model is NULL");
    ww_error local;
    if (!err)
        err = &local;
    ww_status st;
    if (!path || !package) {
        st = ww__file_error(err, WW_MISUSE, file_name(path), 0, 0, NULL,
                            "package: NULL argument");
        return ww__fail(model, st, "%s", err->text);
    }
    char *text;
    size_t len;
    if ((st = ww__read_file(path, &text, &len, err)))
        return ww__fail(model, st, "%s", err->text);
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.text = text;
    ld.len = len;
    ld.file = path;
    ld.err = err;
    ld.m = model;
    json_t *root;
    if (!(st = parse(&ld, &root))) {
        int n = ww_model_term_count(model);
        int *pkg = malloc((size_t)(n > 0 ? n : 1) * sizeof *pkg);
        if (!pkg)
            st = ww__file_error(err, WW_NOMEM, path, 0, 0, NULL,
                                "out of memory");
        else if (!(st = load_package(&ld, root, pkg)))
            memcpy(package, pkg, (size_t)n * sizeof *pkg);
        free(pkg);
        json_decref(root);
    }
    free(text);
    if (st)
        return ww__fail(model, st, "%s", err->text);
    return ww__ok(model);
}
