/* genius.c — Genius XML import (spec section 5).
 *
 * The domain gives the terms: discrete issues (labels = item values) and
 * integer issues (levels lowerbound..upperbound, labelled and valued by the
 * integer).  Each profile gives one party's utilities:
 *  - linear-additive: level utility w_i * eval / max eval of the issue;
 *  - nonlinear (<utility maxutility=M><ufun aggregation="sum">): every
 *    hyperRectangle becomes a WHEN interaction worth w*u/M on its level sets
 *    (EXCLUDES: +w*u/M always, -w*u/M inside); a constant (a rectangle that
 *    always pays) is added to every level of the first term.
 * Everything not understood is an error naming the element, file and line.
 * The model is built through the public builder only. */
#include "files_internal.h"
#include "solver_internal.h"
#include "xml_tree.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INT_LEVELS 10000

typedef struct gissue {
    long index;
    const char *name;
    int integer;
    long lo, hi;          /* integer issues */
    const char **items;   /* discrete issues: labels (point into the tree) */
    int nlevels;
    ww__names item_names; /* lookup cache of items */
    const ww_xnode *node;
} gissue;

static const char *item_name(const void *items, int i)
{
    return ((const char *const *)items)[i];
}

/* The index of a discrete issue's item, or -1. */
static int find_item(const gissue *is, const char *value)
{
    return ww__names_find(&is->item_names, is->items, is->nlevels, item_name,
                          value);
}

typedef struct grect {    /* one WHEN interaction of one party */
    ww_condition *conds;
    int ncond;
    double value;
    const ww_xnode *node;
} grect;

typedef struct gparty {
    const char *file;
    double **level;       /* [issue][level] utility */
    grect *rects;
    int nrects, cap;
    double constant;
    int has_reservation;
    double reservation;
    double bound;         /* nonlinear: the positive rectangles' sum / M */
    double maxu;          /* nonlinear: the file's maxutility (0: linear) */
} gparty;

typedef struct gctx {
    ww_error *err;
    ww_model *m;          /* receives the warnings */
    gissue *issues;
    int nissues, issues_cap;
    gparty party[2];
    double set_levels;    /* levels listed by the rectangles' bounds */
} gctx;

/* The rectangles' bounds become level sets, every level listed: a 2 MB
 * profile of 1,000 rectangles bounding 50 issues of 10,000 levels asked
 * for hundreds of millions of them (over 12 GB before "out of memory").
 * The corpus's largest, anac/y2014/50issues, lists 2,473. */
#define MAX_SET_LEVELS 1e7

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void element_path(const ww_xnode *n, char *buf, size_t size)
{
    const ww_xnode *chain[32];
    int k = 0;
    for (; n && k < 32; n = n->parent)
        chain[k++] = n;
    size_t used = 0;
    buf[0] = '\0';
    while (k-- > 0 && used < size) {
        int w = snprintf(buf + used, size - used, "%s%s", used ? "/" : "",
                         chain[k]->name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= size)
        buf[size - 1] = '\0';
}

static ww_status gfail(gctx *g, ww_status st, const char *file,
                       const ww_xnode *n, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static ww_status gfail(gctx *g, ww_status st, const char *file,
                       const ww_xnode *n, const char *fmt, ...)
{
    char msg[512], path[256] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n)
        element_path(n, path, sizeof path);
    return ww__file_error(g->err, st, file, n ? n->line : 0,
                          n ? n->column : 0, path, "%s", msg);
}

static ww_status unsupported_element(gctx *g, const char *file,
                                     const ww_xnode *n, const char *where)
{
    return gfail(g, WW_UNSUPPORTED, file, n,
                 "unsupported element <%s> in <%s> (winwin/1 imports "
                 "linear-additive and hyperRectangle profiles only)",
                 n->name, where);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */

static ww_status attr_str(gctx *g, const char *file, const ww_xnode *n,
                          const char *name, const char **out)
{
    *out = ww__xml_attr(n, name);
    if (!*out)
        return gfail(g, WW_PARSE_ERROR, file, n,
                     "<%s> needs a %s= attribute", n->name, name);
    return WW_OK;
}

/* p past any XML white space. */
static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* Attribute name of n as a whole number: a finite real into *d, or (d
 * NULL) a base-10 integer within +-1e9 into *l; blanks around it allowed. */
static ww_status attr_parse(gctx *g, const char *file, const ww_xnode *n,
                            const char *name, double *d, long *l)
{
    const char *s;
    ww_status st = attr_str(g, file, n, name, &s);
    if (st)
        return st;
    char *end;
    errno = 0;
    double dv = 0;
    long lv = 0;
    int ok;
    if (d) {
        dv = ww__strtod_c(s, &end);
        ok = isfinite(dv);
    } else {
        lv = strtol(s, &end, 10);
        ok = lv <= 1000000000L && lv >= -1000000000L;
    }
    /* strtod also reads hexadecimal ("0x10" as 16), which Genius (Java's
     * parsers) refuses: so does the importer */
    const char *digits = skip_blanks(s);
    digits += *digits == '-' || *digits == '+';
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        ok = 0;
    if (end == s || *skip_blanks(end) || errno == ERANGE || !ok)
        return gfail(g, WW_PARSE_ERROR, file, n,
                     "<%s %s=\"%s\">: expected %s", n->name, name, s,
                     d ? "a finite number" : "an integer");
    if (d)
        *d = dv;
    else
        *l = lv;
    return WW_OK;
}

static ww_status attr_num(gctx *g, const char *file, const ww_xnode *n,
                          const char *name, double *out)
{
    return attr_parse(g, file, n, name, out, NULL);
}

static ww_status attr_long(gctx *g, const char *file, const ww_xnode *n,
                           const char *name, long *out)
{
    return attr_parse(g, file, n, name, NULL, out);
}

/* The issue's kind from type=, else vtype=, else etype=. */
static const char *issue_type(const ww_xnode *n)
{
    const char *t = ww__xml_attr(n, "type");
    if (!t)
        t = ww__xml_attr(n, "vtype");
    if (!t)
        t = ww__xml_attr(n, "etype");
    return t;
}

/* ------------------------------------------------------------------ */
/* Domain                                                              */

static ww_status domain_issue(gctx *g, const char *file, const ww_xnode *n)
{
    gissue *is = &g->issues[g->nissues];
    memset(is, 0, sizeof *is);
    is->node = n;
    ww_status st;
    if ((st = attr_long(g, file, n, "index", &is->index)) ||
        (st = attr_str(g, file, n, "name", &is->name)))
        return st;
    for (int k = 0; k < g->nissues; k++)
        if (g->issues[k].index == is->index)
            return gfail(g, WW_INVALID, file, n,
                         "two issues have index %ld", is->index);
    const char *type = issue_type(n);
    /* Genius reads an issue without type= as discrete (older files such
     * as AMPOvsCity rely on it); one without items stays an error. */
    if (!type && n->child && strcmp(n->child->name, "item") == 0)
        type = "discrete";
    if (!type)
        return gfail(g, WW_PARSE_ERROR, file, n,
                     "issue \"%s\" has no type= (discrete or integer)",
                     is->name);
    if (strcmp(type, "discrete") == 0) {
        int cap = 0;
        for (const ww_xnode *c = n->child; c; c = c->next) {
            if (strcmp(c->name, "item") != 0)
                return unsupported_element(g, file, c, "issue");
            cap++;
        }
        if (cap == 0)
            return gfail(g, WW_INVALID, file, n, "issue \"%s\" has no items",
                         is->name);
        is->items = malloc((size_t)cap * sizeof *is->items);
        if (!is->items)
            return gfail(g, WW_NOMEM, file, n, "out of memory");
        for (const ww_xnode *c = n->child; c; c = c->next) {
            const char *v;
            if ((st = attr_str(g, file, c, "value", &v)))
                return st;
            if (find_item(is, v) >= 0)
                return gfail(g, WW_DUPLICATE, file, c,
                             "issue \"%s\": duplicate item value \"%s\"",
                             is->name, v);
            is->items[is->nlevels++] = v;
            ww__names_sync(&is->item_names, is->items, is->nlevels,
                           item_name);
        }
        return WW_OK;
    }
    if (strcmp(type, "integer") != 0)
        return gfail(g, WW_UNSUPPORTED, file, n,
                     "issue \"%s\" is of type \"%s\" (winwin/1 imports "
                     "discrete and integer issues)",
                     is->name, type);
    is->integer = 1;
    const ww_xnode *bounds = n;
    for (const ww_xnode *c = n->child; c; c = c->next) {
        if (strcmp(c->name, "range") != 0)
            return unsupported_element(g, file, c, "issue");
        bounds = c; /* <range lowerbound= upperbound=> */
    }
    if ((st = attr_long(g, file, bounds, "lowerbound", &is->lo)) ||
        (st = attr_long(g, file, bounds, "upperbound", &is->hi)))
        return st;
    if (is->hi < is->lo)
        return gfail(g, WW_INVALID, file, n,
                     "issue \"%s\": upperbound %ld is below lowerbound %ld",
                     is->name, is->hi, is->lo);
    if (is->hi - is->lo >= MAX_INT_LEVELS)
        return gfail(g, WW_TOO_LARGE, file, n,
                     "issue \"%s\": %ld..%ld makes more than %d levels",
                     is->name, is->lo, is->hi, MAX_INT_LEVELS);
    is->nlevels = (int)(is->hi - is->lo + 1);
    return WW_OK;
}

static int count_issues(const ww_xnode *n)
{
    int k = 0;
    for (const ww_xnode *c = n->child; c; c = c->next)
        k += strcmp(c->name, "issue") == 0 ? 1 : count_issues(c);
    return k;
}

/* Issues under utility_space (directly or in its objective). */
static ww_status domain_space(gctx *g, const char *file, const ww_xnode *us,
                              const char **objname)
{
    ww_status st;
    int cap = count_issues(us);
    g->issues = calloc((size_t)(cap > 0 ? cap : 1), sizeof *g->issues);
    if (!g->issues)
        return gfail(g, WW_NOMEM, file, us, "out of memory");
    g->issues_cap = cap;
    int nobj = 0;
    for (const ww_xnode *c = us->child; c; c = c->next) {
        if (strcmp(c->name, "issue") == 0) {
            if ((st = domain_issue(g, file, c)))
                return st;
            g->nissues++;
        } else if (strcmp(c->name, "objective") == 0 && nobj++ == 0) {
            *objname = ww__xml_attr(c, "name");
            for (const ww_xnode *d = c->child; d; d = d->next) {
                if (strcmp(d->name, "issue") != 0)
                    return unsupported_element(g, file, d, "objective");
                if ((st = domain_issue(g, file, d)))
                    return st;
                g->nissues++;
            }
        } else {
            return unsupported_element(g, file, c, us->name);
        }
    }
    if (g->nissues == 0)
        return gfail(g, WW_INVALID, file, us, "the domain has no issues");
    return WW_OK;
}

static ww_status read_domain(gctx *g, const char *file, const ww_xnode *root,
                             const char **objname)
{
    if (strcmp(root->name, "utility_space") == 0)
        return domain_space(g, file, root, objname);
    if (strcmp(root->name, "negotiation_template") != 0)
        return gfail(g, WW_UNSUPPORTED, file, root,
                     "a Genius domain has a <negotiation_template> root "
                     "element, not <%s>",
                     root->name);
    const ww_xnode *us = NULL;
    for (const ww_xnode *c = root->child; c; c = c->next) {
        if (strcmp(c->name, "agent") == 0)
            continue; /* names agent classes for Genius: no utilities */
        if (strcmp(c->name, "utility_space") != 0 || us)
            return unsupported_element(g, file, c, root->name);
        us = c;
    }
    if (!us)
        return gfail(g, WW_PARSE_ERROR, file, root,
                     "the domain has no <utility_space>");
    return domain_space(g, file, us, objname);
}

static int find_issue(const gctx *g, long index)
{
    for (int k = 0; k < g->nissues; k++)
        if (g->issues[k].index == index)
            return k;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Profiles                                                            */

typedef struct profile {
    const ww_xnode *root;
    const ww_xnode *objective;       /* may be NULL */
    const ww_xnode **issues;         /* profile issue of each domain issue */
    const ww_xnode *utility;         /* nonlinear */
    const ww_xnode *reservation, *discount;
    const ww_xnode **weights;        /* weight of each domain issue */
    long objective_index;
    int has_objective_index;
} profile;

/* Sorts the children of utility_space / objective into the profile. */
static ww_status collect(gctx *g, const char *file, const ww_xnode *parent,
                         profile *pf)
{
    ww_status st;
    for (const ww_xnode *c = parent->child; c; c = c->next) {
        long index;
        if (strcmp(c->name, "objective") == 0 && !pf->objective &&
            strcmp(parent->name, "utility_space") == 0) {
            pf->objective = c;
            if (ww__xml_attr(c, "index")) {
                if ((st = attr_long(g, file, c, "index",
                                    &pf->objective_index)))
                    return st;
                pf->has_objective_index = 1;
            }
            if ((st = collect(g, file, c, pf)))
                return st;
        } else if (strcmp(c->name, "issue") == 0 ||
                   strcmp(c->name, "weight") == 0) {
            if ((st = attr_long(g, file, c, "index", &index)))
                return st;
            int k = find_issue(g, index);
            int is_weight = c->name[0] == 'w';
            if (k < 0) {
                /* Some files weigh the objective itself (always 1). */
                if (is_weight && pf->has_objective_index &&
                    index == pf->objective_index)
                    continue;
                return gfail(g, WW_INVALID, file, c,
                             "<%s index=\"%ld\">: the domain has no issue "
                             "with that index",
                             c->name, index);
            }
            const ww_xnode **slot =
                is_weight ? &pf->weights[k] : &pf->issues[k];
            if (*slot)
                return gfail(g, WW_INVALID, file, c,
                             "a second <%s index=\"%ld\">", c->name, index);
            *slot = c;
        } else if (strcmp(c->name, "utility") == 0 && !pf->utility) {
            pf->utility = c;
        } else if (strcmp(c->name, "reservation") == 0 && !pf->reservation &&
                   strcmp(parent->name, "utility_space") == 0) {
            pf->reservation = c;
        } else if (strcmp(c->name, "discount_factor") == 0 &&
                   !pf->discount &&
                   strcmp(parent->name, "utility_space") == 0) {
            pf->discount = c;
        } else {
            return unsupported_element(g, file, c, parent->name);
        }
    }
    return WW_OK;
}

/* The profile's <issue> for the domain's issue k: an error when it has
 * none, a warning when it names it otherwise (issues match by index). */
static ww_status profile_issue(gctx *g, const char *file, const profile *pf,
                               int k)
{
    const gissue *is = &g->issues[k];
    const ww_xnode *pi = pf->issues[k];
    if (!pi)
        return gfail(g, WW_INVALID, file,
                     pf->objective ? pf->objective : pf->root,
                     "no <issue index=\"%ld\"> for the domain's issue "
                     "\"%s\"",
                     is->index, is->name);
    const char *pname = ww__xml_attr(pi, "name");
    if (pname && strcmp(pname, is->name) != 0)
        ww__warn(g->m,
                 "%s:%d: issue %ld is named \"%s\" here but \"%s\" in the "
                 "domain; matched by index",
                 file, pi->line, is->index, pname, is->name);
    return WW_OK;
}

static ww_status linear_issue(gctx *g, const char *file, profile *pf, int k,
                              gparty *p, double *bound)
{
    const gissue *is = &g->issues[k];
    const ww_xnode *pi = pf->issues[k];
    const ww_xnode *wn = pf->weights[k];
    ww_status st;
    if ((st = profile_issue(g, file, pf, k)))
        return st;
    for (const ww_xnode *c = pi->child; c && is->integer; c = c->next)
        if (strcmp(c->name, "evaluator") == 0)
            return gfail(g, WW_UNSUPPORTED, file, c,
                         "integer issue \"%s\" has an <evaluator> in a "
                         "linear-additive profile: not part of winwin/1 "
                         "(spec section 5)",
                         is->name);
    for (const ww_xnode *c = pi->child; c; c = c->next)
        if (strcmp(c->name, "item") != 0 || is->integer)
            return unsupported_element(g, file, c, "issue");
    if (is->integer)
        return gfail(g, WW_UNSUPPORTED, file, pi,
                     "integer issue \"%s\" has no evaluation in a "
                     "linear-additive profile",
                     is->name);
    if (!wn)
        return gfail(g, WW_INVALID, file,
                     pf->objective ? pf->objective : pi,
                     "no <weight index=\"%ld\"> for issue \"%s\"", is->index,
                     is->name);
    double w;
    if ((st = attr_num(g, file, wn, "value", &w)))
        return st;
    double *ev = p->level[k];
    char *seen = calloc((size_t)is->nlevels, 1);
    if (!seen)
        return gfail(g, WW_NOMEM, file, pi, "out of memory");
    double max = 0;
    for (const ww_xnode *c = pi->child; c && !st; c = c->next) {
        const char *value;
        double e;
        if ((st = attr_str(g, file, c, "value", &value)) ||
            (st = attr_num(g, file, c, "evaluation", &e)))
            break;
        int l = find_item(is, value);
        if (l < 0)
            st = gfail(g, WW_INVALID, file, c,
                       "issue \"%s\" has no item \"%s\" in the domain",
                       is->name, value);
        else if (seen[l])
            st = gfail(g, WW_INVALID, file, c,
                       "issue \"%s\": item \"%s\" is evaluated twice",
                       is->name, value);
        else if (e < 0)
            st = gfail(g, WW_UNSUPPORTED, file, c,
                       "issue \"%s\": item \"%s\" has a negative evaluation "
                       "(%g)",
                       is->name, value, e);
        else {
            seen[l] = 1;
            ev[l] = e;
            if (e > max)
                max = e;
        }
    }
    for (int l = 0; !st && l < is->nlevels; l++)
        if (!seen[l])
            st = gfail(g, WW_INVALID, file, pi,
                       "issue \"%s\": item \"%s\" has no evaluation",
                       is->name, is->items[l]);
    free(seen);
    if (st)
        return st;
    /* A term whose items all evaluate to 0 contributes 0. */
    double best = 0;
    for (int l = 0; l < is->nlevels; l++) {
        double e = ev[l];
        ev[l] = max > 0 ? w * e / max : 0.0;
        if (!isfinite(ev[l])) /* w * e past the doubles, not the ratio */
            ev[l] = w * (e / max);
        if (!isfinite(ev[l]))
            return gfail(g, WW_INVALID, file, wn,
                         "issue \"%s\": weight %g times item \"%s\"'s "
                         "share of the best evaluation is not a finite "
                         "number",
                         is->name, w, is->items[l]);
        if (l == 0 || ev[l] > best)
            best = ev[l];
    }
    *bound += best; /* the best package takes every issue's best level */
    return WW_OK;
}

static ww_status linear_profile(gctx *g, const char *file, profile *pf,
                                gparty *p)
{
    double bound = 0;
    ww_status st;
    for (int k = 0; k < g->nissues; k++)
        if ((st = linear_issue(g, file, pf, k, p, &bound)))
            return st;
    if (bound > 1 + 1e-9)
        ww__warn(g->m,
                 "%s: the best package scores %.15g > 1 (the weights "
                 "sum to more than 1; winwin keeps utilities uncapped)",
                 file, bound);
    return WW_OK;
}

static void free_rect(grect *r)
{
    for (int i = 0; i < r->ncond; i++)
        free((void *)r->conds[i].levels);
    free(r->conds);
    memset(r, 0, sizeof *r);
}

/* The level sets of a rectangle's bounds.  *never: some bound holds no
 * level.  Conditions holding every level are left out. */
static ww_status rect_conds(gctx *g, const char *file, const ww_xnode *hr,
                            grect *r, int *never)
{
    ww_status st;
    int nb = 0;
    for (const ww_xnode *c = hr->child; c; c = c->next)
        nb++;
    *never = 0;
    int *lo = malloc((size_t)(g->nissues) * sizeof *lo);
    int *hi = malloc((size_t)(g->nissues) * sizeof *hi);
    r->conds = calloc((size_t)(nb > 0 ? nb : 1), sizeof *r->conds);
    if (!lo || !hi || !r->conds) {
        free(lo);
        free(hi);
        return gfail(g, WW_NOMEM, file, hr, "out of memory");
    }
    /* Level range [lo, hi] of every issue: intersected over its bounds. */
    for (int k = 0; k < g->nissues; k++) {
        lo[k] = 0;
        hi[k] = g->issues[k].nlevels - 1;
    }
    char *bounded = calloc((size_t)g->nissues, 1);
    st = bounded ? WW_OK : gfail(g, WW_NOMEM, file, hr, "out of memory");
    for (const ww_xnode *c = hr->child; c && !st; c = c->next) {
        long index;
        double mn, mx;
        if ((st = attr_long(g, file, c, "index", &index)) ||
            (st = attr_num(g, file, c, "min", &mn)) ||
            (st = attr_num(g, file, c, "max", &mx)))
            break;
        int k = find_issue(g, index);
        if (k < 0) {
            st = gfail(g, WW_INVALID, file, c,
                       "the domain has no issue with index %ld", index);
            break;
        }
        const gissue *is = &g->issues[k];
        if (!is->integer) {
            st = gfail(g, WW_UNSUPPORTED, file, c,
                       "bound on discrete issue \"%s\": hyperRectangle "
                       "bounds need integer issues",
                       is->name);
            break;
        }
        /* levels l with min <= lo + l <= max */
        double a = ceil(mn - (double)is->lo), b = floor(mx - (double)is->lo);
        if (a > lo[k])
            lo[k] = a > (double)is->nlevels ? is->nlevels : (int)a;
        if (b < hi[k])
            hi[k] = b < -1.0 ? -1 : (int)b;
        bounded[k] = 1;
    }
    for (int k = 0; !st && k < g->nissues; k++) {
        if (!bounded[k])
            continue;
        if (lo[k] > hi[k]) {
            *never = 1;
            break;
        }
        if (lo[k] == 0 && hi[k] == g->issues[k].nlevels - 1)
            continue;
        int n = hi[k] - lo[k] + 1;
        if ((g->set_levels += n) > MAX_SET_LEVELS) {
            st = gfail(g, WW_TOO_LARGE, file, hr,
                       "the hyperRectangles' bounds list more than %.0f "
                       "levels in all (winwin/1 lists every level of a "
                       "bound as an interaction's level set)",
                       MAX_SET_LEVELS);
            break;
        }
        int *levels = malloc((size_t)n * sizeof *levels);
        if (!levels) {
            st = gfail(g, WW_NOMEM, file, hr, "out of memory");
            break;
        }
        for (int l = 0; l < n; l++)
            levels[l] = lo[k] + l;
        ww_condition *cd = &r->conds[r->ncond++];
        cd->term = k;
        cd->levels = levels;
        cd->nlevels = n;
    }
    free(bounded);
    free(lo);
    free(hi);
    return st;
}

static ww_status add_rect(gctx *g, const char *file, gparty *p, grect *r)
{
    if (p->nrects == p->cap) {
        int cap = p->cap ? 2 * p->cap : 16;
        grect *n = realloc(p->rects, (size_t)cap * sizeof *n);
        if (!n)
            return gfail(g, WW_NOMEM, file, r->node, "out of memory");
        p->rects = n;
        p->cap = cap;
    }
    p->rects[p->nrects++] = *r;
    memset(r, 0, sizeof *r);
    return WW_OK;
}

static ww_status rectangle(gctx *g, const char *file, const ww_xnode *hr,
                           double maxu, gparty *p, double *bound)
{
    double u, w = 1;
    ww_status st;
    if ((st = attr_num(g, file, hr, "utility", &u)) ||
        (ww__xml_attr(hr, "weight") &&
         (st = attr_num(g, file, hr, "weight", &w))))
        return st;
    int inc = 0, exc = 0;
    for (const ww_xnode *c = hr->child; c; c = c->next) {
        if (strcmp(c->name, "INCLUDES") == 0)
            inc = 1;
        else if (strcmp(c->name, "EXCLUDES") == 0)
            exc = 1;
        else
            return unsupported_element(g, file, c, "hyperRectangle");
    }
    if (inc && exc)
        return gfail(g, WW_UNSUPPORTED, file, hr,
                     "a hyperRectangle mixing INCLUDES and EXCLUDES bounds");
    double v = w * u / maxu;
    if (v > 0)
        *bound += v;
    grect r = {0};
    r.node = hr;
    int never;
    if ((st = rect_conds(g, file, hr, &r, &never))) {
        free_rect(&r);
        return st;
    }
    /* inside: every bound holds (always when r.ncond == 0 and !never) */
    double inside_value = exc ? -v : v;
    if (exc)
        p->constant += v;
    if (never || inside_value == 0) {
        free_rect(&r);
        return WW_OK;
    }
    if (r.ncond == 0) {
        p->constant += inside_value;
        free_rect(&r);
        return WW_OK;
    }
    r.value = inside_value;
    st = add_rect(g, file, p, &r);
    free_rect(&r);
    return st;
}

static ww_status nonlinear_profile(gctx *g, const char *file, profile *pf,
                                   gparty *p)
{
    ww_status st;
    const ww_xnode *ut = pf->utility;
    double maxu;
    if ((st = attr_num(g, file, ut, "maxutility", &maxu)))
        return st;
    if (!(maxu > 0))
        return gfail(g, WW_INVALID, file, ut, "maxutility must be > 0");
    for (int k = 0; k < g->nissues; k++)
        if (pf->weights[k])
            return gfail(g, WW_UNSUPPORTED, file, pf->weights[k],
                         "<weight> in a nonlinear (hyperRectangle) profile");
    const ww_xnode *uf = NULL;
    for (const ww_xnode *c = ut->child; c; c = c->next) {
        if (strcmp(c->name, "ufun") != 0)
            return unsupported_element(g, file, c, "utility");
        if (uf)
            return gfail(g, WW_UNSUPPORTED, file, c,
                         "a second <ufun> (winwin/1 imports one)");
        uf = c;
    }
    if (!uf)
        return gfail(g, WW_PARSE_ERROR, file, ut, "<utility> has no <ufun>");
    const char *agg, *type = ww__xml_attr(uf, "type");
    if ((st = attr_str(g, file, uf, "aggregation", &agg)))
        return st;
    if (strcmp(agg, "sum") != 0)
        return gfail(g, WW_UNSUPPORTED, file, uf,
                     "ufun aggregation \"%s\" (winwin/1 imports \"sum\")",
                     agg);
    if (type && strcmp(type, "PlainUfun") != 0)
        return gfail(g, WW_UNSUPPORTED, file, uf,
                     "ufun type \"%s\" (winwin/1 imports \"PlainUfun\")",
                     type);
    if (ww__xml_attr(uf, "weight")) {
        double w;
        if ((st = attr_num(g, file, uf, "weight", &w)))
            return st;
        if (w != 1)
            return gfail(g, WW_UNSUPPORTED, file, uf,
                         "ufun weight %g (winwin/1 imports weight 1)", w);
    }
    double bound = 0;
    for (const ww_xnode *c = uf->child; c; c = c->next) {
        if (strcmp(c->name, "hyperRectangle") != 0)
            return unsupported_element(g, file, c, "ufun");
        if ((st = rectangle(g, file, c, maxu, p, &bound)))
            return st;
    }
    p->bound = bound; /* warned about once the model is built */
    p->maxu = maxu;
    return WW_OK;
}

/* Seconds the check of a nonlinear profile's maxutility may take */
#define MAXU_CHECK_SECONDS 2.0

/* The party's largest utility over the model's packages, by the DP where
 * it serves the model, else one MIP, within MAXU_CHECK_SECONDS: *proven 0
 * when it was not had (the time, GLPK's tolerances, memory). */
static void party_max(ww_model *m, int party, double *max, int *proven)
{
    *proven = 0;
    ww_solver *s = NULL;
    if (ww_solver_new(m, &s) != WW_OK)
        return;
    ww_options o;
    ww_options_init(&o);
    o.ignore_limits = 1;
    o.time_limit = MAXU_CHECK_SECONDS;
    ww_query q;
    if (ww__query_begin(&q, s, &o) == WW_OK) {
        int *pkg = malloc(sizeof(int) * ((size_t)m->nterms + 1));
        int dp = ww__dp_serves(&q);
        ww_outcome oc;
        if (pkg && dp >= 0 &&
            ww__party_extreme(&q, dp, party, 1, pkg, max, &oc) == WW_OK)
            *proven = oc == WW_OUTCOME_OPTIMAL;
        free(pkg);
        ww__query_end(&q);
    }
    ww_solver_free(s);
}

/* The spec's warning "some package exceeds 1" for a nonlinear profile:
 * only when its rectangles' positive utilities sum past 1 (else no
 * package can), then from the largest utility itself (ANAC 2014's
 * 10issues sums to 1.37 and scores at most 1).  Past the check's reach,
 * the sum is said as what it is, a bound. */
static void warn_maxutility(gctx *g, int party)
{
    const gparty *p = &g->party[party];
    if (!(p->maxu > 0) || !(p->bound > 1 + 1e-9))
        return;
    double max = 0;
    int proven;
    party_max(g->m, party, &max, &proven);
    ww__ok(g->m); /* a failed check is no import error */
    if (proven && max > 1 + 1e-9)
        ww__warn(g->m,
                 "%s: maxutility %.15g is too low: the best package scores "
                 "%.15g > 1 (Genius caps utilities at 1; winwin keeps them "
                 "uncapped)",
                 p->file, p->maxu, max);
    else if (!proven)
        ww__warn(g->m,
                 "%s: maxutility %.15g may be too low: the positive "
                 "hyperRectangle utilities (weight * utility) sum to %.15g, "
                 "so a package in all of them would score %.15g > 1 (Genius "
                 "caps utilities at 1; winwin keeps them uncapped)",
                 p->file, p->maxu, p->bound * p->maxu, p->bound);
}

static ww_status read_profile(gctx *g, const char *file,
                              const ww_xnode *root, gparty *p)
{
    if (strcmp(root->name, "utility_space") != 0)
        return gfail(g, WW_UNSUPPORTED, file, root,
                     "a Genius utility space has a <utility_space> root "
                     "element, not <%s>",
                     root->name);
    profile pf;
    memset(&pf, 0, sizeof pf);
    pf.root = root;
    pf.issues = calloc((size_t)g->nissues, sizeof *pf.issues);
    pf.weights = calloc((size_t)g->nissues, sizeof *pf.weights);
    ww_status st = WW_OK;
    if (!pf.issues || !pf.weights)
        st = gfail(g, WW_NOMEM, file, root, "out of memory");
    if (!st)
        st = collect(g, file, root, &pf);
    if (!st && pf.utility) {
        /* A profile listing issues lists the domain's (ANAC 2014's all
         * do): one written for another domain is an error, not a model
         * of rectangles over the wrong issues.  One listing none is its
         * rectangles alone. */
        int listed = 0;
        for (int k = 0; k < g->nissues; k++)
            listed += pf.issues[k] != NULL;
        for (int k = 0; !st && listed && k < g->nissues; k++)
            st = profile_issue(g, file, &pf, k);
        for (int k = 0; !st && k < g->nissues; k++)
            for (const ww_xnode *c = pf.issues[k] ? pf.issues[k]->child
                                                  : NULL;
                 c && !st; c = c->next)
                if (strcmp(c->name, "item") != 0)
                    st = unsupported_element(g, file, c, "issue");
        if (!st)
            st = nonlinear_profile(g, file, &pf, p);
    } else if (!st) {
        const char *t = ww__xml_attr(root, "type");
        if (t && strcmp(t, "nonlinear") == 0)
            st = gfail(g, WW_PARSE_ERROR, file, root,
                       "a nonlinear utility space without <utility>");
        else
            st = linear_profile(g, file, &pf, p);
    }
    if (!st && pf.reservation) {
        st = attr_num(g, file, pf.reservation, "value", &p->reservation);
        p->has_reservation = !st;
    }
    if (!st && pf.discount) {
        double d;
        st = attr_num(g, file, pf.discount, "value", &d);
        /* Genius reads 0 and 1 as "no discount"; any other value is
         * one, or out of its range [0, 1]: ignored, and said */
        if (!st && d > 0 && d < 1)
            ww__warn(g->m,
                     "%s:%d: discount factor %g ignored (no meaning in a "
                     "one-shot optimization)",
                     file, pf.discount->line, d);
        else if (!st && d != 0 && d != 1)
            ww__warn(g->m,
                     "%s:%d: discount factor %g ignored (outside [0, 1], "
                     "and no meaning in a one-shot optimization)",
                     file, pf.discount->line, d);
    }
    free(pf.issues);
    free(pf.weights);
    return st;
}

/* ------------------------------------------------------------------ */
/* Building the model                                                  */

/* "dir/Travel-A-prof1.xml" -> "Travel-A-prof1" */
static void base_name(const char *path, char *buf, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(buf, size, "%s", b);
    size_t n = strlen(buf);
    if (n > 4 && strcmp(buf + n - 4, ".xml") == 0)
        buf[n - 4] = '\0';
}

static ww_status build(gctx *g, const char *domain_file, const char *name)
{
    ww_model *m = g->m;
    ww_status st;
    char label[32];
    if ((st = ww_model_set_name(m, name)))
        return gfail(g, st, domain_file, NULL, "%s", ww_errmsg(m));
    for (int p = 0; p < 2; p++) {
        char b[256];
        base_name(g->party[p].file, b, sizeof b);
        if ((st = ww_model_set_party_name(m, (ww_party)p, b)))
            return gfail(g, st, g->party[p].file, NULL, "%s", ww_errmsg(m));
    }
    /* Constant utilities ride on every level of the first term. */
    for (int p = 0; p < 2; p++)
        for (int l = 0; l < g->issues[0].nlevels; l++)
            g->party[p].level[0][l] += g->party[p].constant;
    for (int k = 0; k < g->nissues; k++) {
        const gissue *is = &g->issues[k];
        int t;
        if ((st = ww_model_add_term(m, is->name, NULL, &t)))
            return gfail(g, st, domain_file, is->node, "%s", ww_errmsg(m));
        for (int l = 0; l < is->nlevels; l++) {
            const char *lab = is->items ? is->items[l] : label;
            if (is->integer)
                snprintf(label, sizeof label, "%ld", is->lo + l);
            if ((st = ww_model_add_level(m, t, lab,
                                         g->party[WW_BUYER].level[k][l],
                                         g->party[WW_SELLER].level[k][l],
                                         NULL)) ||
                (is->integer &&
                 (st = ww_model_set_level_value(m, t, l,
                                                (double)(is->lo + l)))))
                return gfail(g, st, domain_file, is->node, "%s",
                             ww_errmsg(m));
        }
    }
    for (int p = 0; p < 2; p++) {
        gparty *gp = &g->party[p];
        for (int i = 0; i < gp->nrects; i++) {
            grect *r = &gp->rects[i];
            double b = p == WW_BUYER ? r->value : 0;
            double s = p == WW_SELLER ? r->value : 0;
            if ((st = ww_model_add_interaction(m, r->conds, r->ncond, b, s,
                                               NULL)))
                return gfail(g, st, gp->file, r->node, "%s", ww_errmsg(m));
        }
        if (gp->has_reservation &&
            (st = ww_model_set_reservation(m, (ww_party)p, gp->reservation)))
            return gfail(g, st, gp->file, NULL, "%s", ww_errmsg(m));
    }
    if ((st = ww_model_validate(m)))
        return gfail(g, st, domain_file, NULL, "%s", ww_errmsg(m));
    return WW_OK;
}

static void free_party(gctx *g, gparty *p)
{
    if (p->level)
        for (int k = 0; k < g->nissues; k++)
            free(p->level[k]);
    free(p->level);
    for (int i = 0; i < p->nrects; i++)
        free_rect(&p->rects[i]);
    free(p->rects);
}

static ww_status alloc_party(gctx *g, gparty *p, const char *file)
{
    p->file = file;
    p->level = calloc((size_t)g->nissues, sizeof *p->level);
    if (!p->level)
        return gfail(g, WW_NOMEM, file, NULL, "out of memory");
    for (int k = 0; k < g->nissues; k++)
        if (!(p->level[k] = calloc((size_t)g->issues[k].nlevels,
                                   sizeof(double))))
            return gfail(g, WW_NOMEM, file, NULL, "out of memory");
    return WW_OK;
}

ww_status ww_genius_import(const char *domain_xml, const char *buyer_xml,
                           const char *seller_xml, ww_model **out,
                           ww_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!domain_xml || !buyer_xml || !seller_xml || !out)
        return ww__file_error(err, WW_MISUSE,
                              domain_xml ? domain_xml : "<genius>", 0, 0,
                              NULL, "genius import: NULL argument");
    gctx g;
    memset(&g, 0, sizeof g);
    g.err = err;
    ww_xnode *dom = NULL, *prof[2] = {NULL, NULL};
    const char *files[2] = {buyer_xml, seller_xml};
    const char *objname = NULL;
    ww_status st = ww_model_new(&g.m);
    if (st)
        return ww__file_error(err, st, domain_xml, 0, 0, NULL,
                              "cannot create a model");
    if (!(st = ww__xml_read(domain_xml, &dom, err)) &&
        !(st = read_domain(&g, domain_xml, dom, &objname))) {
        for (int p = 0; p < 2 && !st; p++)
            if (!(st = alloc_party(&g, &g.party[p], files[p])) &&
                !(st = ww__xml_read(files[p], &prof[p], err)))
                st = read_profile(&g, files[p], prof[p], &g.party[p]);
    }
    if (!st) {
        char name[256];
        if (objname && *objname && strcmp(objname, "root") != 0)
            snprintf(name, sizeof name, "%s", objname);
        else
            base_name(domain_xml, name, sizeof name);
        st = build(&g, domain_xml, name);
        for (int p = 0; p < 2 && !st; p++)
            warn_maxutility(&g, p);
    }
    for (int p = 0; p < 2; p++) {
        free_party(&g, &g.party[p]);
        ww__xml_free(prof[p]);
    }
    for (int k = 0; k < g.issues_cap; k++) {
        free(g.issues[k].items);
        ww__names_free(&g.issues[k].item_names);
    }
    free(g.issues);
    ww__xml_free(dom);
    if (st) {
        ww_model_free(g.m);
        return st;
    }
    ww__ok(g.m);
    *out = g.m;
    return WW_OK;
}
