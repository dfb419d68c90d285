/* Internal layout of a model, shared by the library's source files only. */
#ifndef WW_MODEL_INTERNAL_H
#define WW_MODEL_INTERNAL_H

#include <stdint.h>
#include "winwin.h"
#include "name_index.h"

#include <stdarg.h>

typedef struct ww_level {
    char *label;
    double buyer, seller;
    double value;
    int has_value;
} ww_level;

typedef struct ww_pwl {          /* piecewise-linear curve of a range term */
    double *x, *u;
    int n;
} ww_pwl;

typedef struct ww_term {
    char *name;
    char *unit;                  /* NULL when absent */
    ww_level *levels;
    int nlevels, cap;
    int is_range;                /* made by ww_model_add_range_term */
    double from, to, step;
    ww_pwl curve[2];             /* [WW_BUYER], [WW_SELLER] */
    ww__names level_names;       /* lookup cache of the labels */
} ww_term;

typedef struct ww_cond {         /* term sits at one of levels[] (sorted) */
    int term;
    int *levels;
    int nlevels;
    uint64_t mask;               /* bit l: level l is in levels[]; levels[]
                                    all below 64 unless wide            */
    int wide;                    /* some level >= 64: search levels[]   */
} ww_cond;

typedef struct ww_interaction {
    ww_interaction_kind kind;
    ww_cond *conds;              /* WHEN: ncond conditions, distinct terms */
    int ncond;
    int term_a, term_b;          /* PRODUCT */
    double util[2];              /* [WW_BUYER], [WW_SELLER] */
} ww_interaction;

typedef struct ww_constraint {
    ww_constraint_kind kind;
    ww_cond *conds;              /* FORBID */
    int ncond;
    int *terms;                  /* LINEAR */
    double *coefs;
    int nlin;
    double min, max;             /* -HUGE_VAL / HUGE_VAL when absent */
} ww_constraint;

typedef struct ww_party_data {
    char *name;
    double reservation;
    int has_reservation;
    double weight;
} ww_party_data;

/* A member of the loaded file whose key starts with "x-" (spec section 2:
 * "kept for the caller and ignored"): where it was, as JSON texts, so that
 * a save writes it back in place.  Terms, levels, interactions and
 * constraints are only appended, so paths stay valid. */
typedef struct ww_ext {
    char *path;  /* JSON array of keys and indices from the root */
    char *key;   /* "x-..." */
    char *value; /* JSON text */
} ww_ext;

struct ww_model {
    char *name, *unit;
    ww_party_data party[2];
    ww_term *terms;
    int nterms, terms_cap;
    ww__names term_names;        /* lookup cache of the terms' names */
    ww_interaction *inter;
    int ninter, inter_cap;
    ww_constraint *cons;
    int ncons, cons_cap;
    int *opening;                /* NULL or nterms levels */
    int *counter;
    double budget;
    int has_budget;
    char **warnings;
    int nwarnings;
    unsigned long revision;      /* bumped by every change; solvers rebuild */
    int busy;                    /* queries running on it (atomic): no
                                    change meanwhile (ww__query_begin) */
    unsigned long id;            /* unique in the process: keys the
                                    failure messages (util.c) */
    int failed;                  /* some thread set a message (atomic) */
    ww_ext *ext;                 /* the file's x- members (json_load.c) */
    int next;
};

/* 1 when s is valid UTF-8 (what winwin/1 files hold; JSON cannot carry
 * anything else). */
int ww__utf8_valid(const char *s);

/* A new model's id (model.c). */
unsigned long ww__model_id(void);

/* Sets the model's message for the calling thread (printf-style) and
 * returns status. */
ww_status ww__fail(const ww_model *m, ww_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Clears the message and returns WW_OK. */
ww_status ww__ok(const ww_model *m);
/* Adds a warning (owned by the model). */
ww_status ww__warn(ww_model *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Exact utilities of a package (no validation of indices). */
void ww__utilities(const ww_model *m, const int *pkg, double *buyer,
                   double *seller);
/* J = w_b * ub + w_s * us with the model's weights.  Inline: results fill
 * it in for every point. */
static inline double ww__joint(const ww_model *m, double ub, double us)
{
    return m->party[WW_BUYER].weight * ub + m->party[WW_SELLER].weight * us;
}
/* 1 when level is in c->levels[] (a binary search, for wide conditions). */
int ww__cond_search(const ww_cond *c, int level);
/* 1 when the condition list holds for pkg.  Inline: the scans call it for
 * every package and interaction. */
static inline int ww__conds_hold(const ww_cond *c, int n, const int *pkg)
{
    for (int i = 0; i < n; i++) {
        int v = pkg[c[i].term];
        if (c[i].wide ? !ww__cond_search(&c[i], v)
                      : !(v < 64 && (c[i].mask >> v & 1)))
            return 0;
    }
    return 1;
}
/* The seller floor from reservation and budget under the options:
 * returns 1 and sets *floor when there is one. */
int ww__seller_floor(const ww_model *m, const ww_options *o, double *floor);
int ww__buyer_floor(const ww_model *m, const ww_options *o, double *floor);
/* U_s(opening) - budget (the options' budget when overridden; o may be
 * NULL): 1 and *floor when there is a budget and an opening.  Ignores
 * o->ignore_limits. */
int ww__budget_floor(const ww_model *m, const ww_options *o, double *floor);
/* Both floors: has[p] and floor[p] for p = WW_BUYER, WW_SELLER. */
void ww__floors(const ww_model *m, const ww_options *o, int has[2],
                double floor[2]);
/* 1 when (ub, us) meets the floors present, up to WW_TOLERANCE (inline:
 * the scan calls it once per package). */
static inline int ww__meets_floors(const int has[2], const double floor[2],
                                   double ub, double us)
{
    return (!has[WW_BUYER] || ub >= floor[WW_BUYER] - WW_TOLERANCE) &&
           (!has[WW_SELLER] || us >= floor[WW_SELLER] - WW_TOLERANCE);
}
/* The first limit (buyer reservation, seller reservation, budget) that
 * utilities (ub, us) break under the options (NULL: the model's own), up to
 * WW_TOLERANCE, or WW_VIOLATES_NOTHING. */
ww_violation ww__limit_violation(const ww_model *m, const ww_options *o,
                                 double ub, double us);
/* 1 when constraint c removes pkg (forbid, or linear with WW_TOLERANCE). */
int ww__breaks(const ww_model *m, const ww_constraint *c, const int *pkg);
/* Index of the first constraint pkg breaks, or -1 when it is feasible. */
int ww__feasible(const ww_model *m, const int *pkg);
/* Adds interaction x's contribution at pkg to u[WW_BUYER], u[WW_SELLER]. */
void ww__interaction_add(const ww_model *m, const ww_interaction *x,
                         const int *pkg, double u[2]);

char *ww__strdup(const char *s);

#endif
