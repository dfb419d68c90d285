/* Brute-force reference answers for every winwin query.
 *
 * Written against the public API only and sharing no code with lib/: the
 * utilities come from the model's accessors (levels, interactions,
 * products) and feasibility from its constraints, for every package, once.
 * Every query is then a plain scan over that table, following
 * AGENTS-COMMON.md "Shared semantics" (tolerance WW_TOLERANCE throughout).
 * Meant to be slow and obviously correct. */
#ifndef WW_BRUTE_H
#define WW_BRUTE_H

#include "winwin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WW_BRUTE_TOL WW_TOLERANCE

typedef struct ww_brute ww_brute;

/* Enumerates every package of model.  WW_TOO_LARGE when there are more
 * than max_packages; WW_INVALID on a model the accessors cannot describe. */
ww_status ww_brute_new(const ww_model *model, long max_packages,
                       ww_brute **out);
void ww_brute_free(ww_brute *b);

int ww_brute_terms(const ww_brute *b);
long ww_brute_count(const ww_brute *b);
/* Package <-> index (index = sum level[t] * stride[t], term 0 fastest). */
void ww_brute_package(const ww_brute *b, long index, int *pkg);
long ww_brute_index(const ww_brute *b, const int *pkg); /* -1 if invalid */
double ww_brute_buyer(const ww_brute *b, long index);
double ww_brute_seller(const ww_brute *b, long index);
int ww_brute_feasible(const ww_brute *b, long index);
double ww_brute_joint(const ww_brute *b, long index);
/* Number of terms at which two packages differ. */
int ww_brute_hamming(const ww_brute *b, const int *p, const int *q);

/* The limits in force under options (NULL: defaults). */
typedef struct ww_brute_limits {
    int has_buyer, has_seller, has_budget;
    double buyer;          /* r_b                              */
    double seller;         /* r_s                              */
    double budget_floor;   /* U_s(opening) - budget            */
} ww_brute_limits;
void ww_brute_get_limits(const ww_brute *b, const ww_options *o,
                         ww_brute_limits *lim);
int ww_brute_admissible(const ww_brute *b, const ww_options *o, long index);

/* best: index of a package of max J (ties: higher U_s), -1 if none. */
long ww_brute_best(const ww_brute *b, const ww_options *o);

/* frontier: every non-dominated admissible point, U_s descending.  Returns
 * the number of points; *points (malloc'd, caller frees) holds them. */
typedef struct ww_brute_point {
    double buyer, seller;
    long index;            /* one package at that point */
} ww_brute_point;
int ww_brute_frontier(const ww_brute *b, const ww_options *o,
                      ww_brute_point **points);
/* 1 when q dominates p (>= on both within TOL, > on one by more than TOL). */
int ww_brute_dominates(double qb, double qs, double pb, double ps);

/* nash / kalai.  Returns 0 when no admissible package exists. */
typedef struct ww_brute_bargain {
    long index;            /* the chosen package                         */
    double objective;      /* product (nash) or min ratio (kalai)        */
    double d[2];           /* disagreement point [WW_BUYER], [WW_SELLER] */
    double ideal[2];       /* ideal point (kalai; nash fills it too)     */
} ww_brute_bargain;
int ww_brute_nash(const ww_brute *b, const ww_options *o,
                  ww_brute_bargain *out);
int ww_brute_kalai(const ww_brute *b, const ww_options *o,
                   ww_brute_bargain *out);
/* The objectives of a point given d and I (for checking a returned one). */
double ww_brute_nash_objective(const double d[2], double ub, double us);
double ww_brute_kalai_objective(const double d[2], const double ideal[2],
                                double ub, double us);

/* trades: up to top indices (J descending, ties higher U_s) into out;
 * returns how many.  *total (may be NULL) gets the number of candidates. */
int ww_brute_trades(const ww_brute *b, const ww_options *o, const int *ref,
                    int max_changes, int top, double concede, long *out,
                    long *total);
/* 1 when p is a valid trade from ref (admissibility included). */
int ww_brute_is_trade(const ww_brute *b, const ww_options *o, const int *ref,
                      int max_changes, double concede, const int *p);

/* meso.  The band [lo, hi] for target / band (NAN: the defaults) including
 * the tolerance; 0 when no admissible package exists. */
int ww_brute_meso_band(const ww_brute *b, const ww_options *o, double target,
                       double band, double *lo, double *hi);
/* The best key for offer k (0-based) given offers[0..k-1]: the max over
 * admissible packages in [lo, hi] other than those offers of (min Hamming
 * distance to them, U_b, U_s).  Returns the number of such candidates; when
 * there is one, *distance (n_terms + 1 for k = 0), *buyer, *seller are the
 * best key. */
int ww_brute_meso_step(const ww_brute *b, const ww_options *o, double lo,
                       double hi, const int *const *offers, int k,
                       int *distance, double *buyer, double *seller);
/* A whole meso answer by the greedy rule, ties to the first package in
 * enumeration order: the offers' indices in index[0..) (at most 64, the
 * count returned; NULL: only counted). */
int ww_brute_meso(const ww_brute *b, const ww_options *o, int count,
                  double target, double band, long *index);
/* Checks the offers of a meso answer r (count, target, band as asked) step
 * by step against ww_brute_meso_step, following r's own offers (ties may
 * pick other packages): each in the band, new, and with the best key
 * (distance exactly, U_b and U_s within tol); fewer than count only when
 * no candidate is left.  1 when all hold (an empty band needs an empty
 * answer), else 0 with the first failure in why[len]. */
int ww_brute_meso_agrees(const ww_brute *b, const ww_options *o, int count,
                         double target, double band, const ww_result *r,
                         double tol, char *why, size_t len);
/* Min Hamming distance from p to offers[0..k-1] (n_terms + 1 if k = 0). */
int ww_brute_min_distance(const ww_brute *b, const int *p,
                          const int *const *offers, int k);

/* evaluate with search.  Fills *has_value_left / *value_left (J(best) -
 * J(p)) and *has_improvement / *improve_joint (max J of an improving
 * package). */
void ww_brute_evaluate(const ww_brute *b, const ww_options *o, const int *p,
                       int *has_value_left, double *value_left,
                       int *has_improvement, double *improve_joint);
/* 1 when q is admissible and Pareto-better than p. */
int ww_brute_improves(const ww_brute *b, const ww_options *o, const int *q,
                      const int *p);

/* Infeasibility: whether a cause applies (see ww_cause) and, for the
 * reservation and budget causes, the reachable and required utilities.
 * CONSTRAINTS: no feasible package.  SELLER_RESERVATION / BUDGET: feasible
 * packages exist but their max U_s is below r_s / the budget floor (both can
 * apply at once).  BUYER_RESERVATION: the seller's limits are reachable, but
 * the max U_b among feasible packages within them is below r_b.  NONE:
 * an admissible package exists. */
int ww_brute_cause_applies(const ww_brute *b, const ww_options *o,
                           ww_cause cause, double *reachable,
                           double *required);

/* Utilities and feasibility of one package, computed from the accessors. */
void ww_brute_utilities(const ww_brute *b, const int *pkg, double *ub,
                        double *us);
int ww_brute_feasible_pkg(const ww_brute *b, const int *pkg);
/* 1 when pkg breaks constraint i (0 also when i is out of range). */
int ww_brute_breaks(const ww_brute *b, int i, const int *pkg);
int ww_brute_admissible_pkg(const ww_brute *b, const ww_options *o,
                            const int *pkg);

#ifdef __cplusplus
}
#endif

#endif
