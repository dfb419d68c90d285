/* Seeded random negotiation models for tests and benchmarks.
 *
 * Built through the public API only.  The same seed and parameters give the
 * same model on every machine (own splitmix64 PRNG, no libc rand()). */
#ifndef WW_RANDOM_MODEL_H
#define WW_RANDOM_MODEL_H

#include "winwin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ww_random_params {
    int min_terms, max_terms;     /* number of terms, inclusive range
                                     (at most 200)                           */
    int min_levels, max_levels;   /* levels per term, inclusive range
                                     (at most 100)                           */
    double interaction_density;   /* expected interactions per term (>= 0)   */
    int max_interaction_terms;    /* terms per interaction: 1..this          */
    double correlation;           /* -1 distributive .. +1 integrative-ish;
                                     0 independent buyer/seller utilities    */
    double grid;                  /* utilities are multiples of grid (e.g.
                                     0.25); 0 = real-valued                  */
    int constraints;              /* 1: forbids and linear constraints       */
    int reservations;             /* 1: reservations for both parties        */
    int budget;                   /* 1: an opening and a concession budget   */
    int weights;                  /* 1: random weights (else 1, 1)           */
    int products;                 /* 1: sometimes a product interaction      */
    int counter;                  /* 1: a counter package                    */
} ww_random_params;

/* Defaults: 2-7 terms, 2-6 levels, density 0.6, up to 3 terms per
 * interaction, correlation -0.3, grid 0.25, constraints, reservations,
 * budget, weights and counter on, products off. */
void ww_random_params_default(ww_random_params *p);
/* Sets the ranges of terms and of levels per term (inclusive). */
void ww_random_params_size(ww_random_params *p, int min_terms, int max_terms,
                           int min_levels, int max_levels);
/* Defaults, then exactly terms x levels, utilities on grid, and no
 * interactions, constraints, reservations or budget (an additive model). */
void ww_random_params_additive(ww_random_params *p, int terms, int levels,
                               double grid);

/* Makes a model from seed and p (NULL: defaults).  Each feature switched on
 * in p is used by most but not all seeds (so that both cases are covered).
 * Reservations and budgets are drawn so that models are sometimes
 * infeasible.  *out is freed with ww_model_free.  Returns WW_OK, or the
 * failing library call's status (*out NULL). */
ww_status ww_random_model(unsigned long seed, const ww_random_params *p,
                          ww_model **out);

/* A zero-sum model: terms x levels, U_b + U_s = t + 2 on every level of
 * term t (seeded, the same every call), so every package lies on one line
 * and is a frontier point, and each MIP over it is a subset-sum problem.
 * Returns WW_OK, or the failing library call's status (*out NULL). */
ww_status ww_zero_sum_model(int terms, int levels, ww_model **out);

#ifdef __cplusplus
}
#endif

#endif
