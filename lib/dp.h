/* dp.h — exact Pareto frontier without a MIP (internal).
 *
 * ww__dp_frontier: Nemhauser-Ullmann style Pareto merge over units (terms
 * joined by products and linear constraints, enumerated jointly), with the
 * interactions and forbids that span units carried as state bits (dp.c
 * explains).  It returns the
 * exact frontier of the admissible set: U_s descending, one package per
 * point (points within WW_TOLERANCE on both sides are one point), utilities
 * re-evaluated with ww__utilities. */
#ifndef WW_DP_H
#define WW_DP_H

#include "model_internal.h"
#include "pareto_tol.h" /* ww__dp_pt and the TOL filter */

typedef struct ww__pareto {
    int n;            /* number of points                            */
    int nterms;       /* levels per package                          */
    double *buyer;    /* n values of U_b; owns one malloc'd block
                         holding the three arrays (NULL: none), or
                         points into the caller's workspace          */
    double *seller;   /* n values of U_s (descending), in that block */
    int *packages;    /* n*nterms level indices, point i at i*nterms */
    int complete;     /* 0 if stopped by time / progress callback    */
    int borrowed;     /* 1: the block is in the caller's workspace
                         (ww__pareto_free leaves it)                 */
    double nodes;     /* partial sums a fold kept over its stages
                         (0 for direct products and one-term runs)   */
} ww__pareto;

/* Largest joint level count of one unit the DP accepts. */
#define WW__DP_GROUP_CAP 100000

/* 1 when the DP answers this model (every unit has at most
 * WW__DP_GROUP_CAP joint levels, at most 16 conditions are open at once in
 * its stage order, and states times levels stay below 4e6), else 0 and *why
 * (static text, why may be NULL) says why not; -1 when out of memory (the
 * caller reports WW_NOMEM rather than choosing another path).  *joint (may
 * be NULL) receives the units' joint levels, summed: what building them
 * (ww__dp_prepare) enumerates. */
int ww__dp_supported(const ww_model *m, const ww_options *o,
                     const char **why, double *joint);

/* The plan and the units' options of a model (what ww__dp_frontier builds
 * first; they depend on the model only), kept by a solver and reused by its
 * queries while the model's revision stays the same. */
typedef struct ww__dp_prep ww__dp_prep;

/* Deadlines below are absolute, on ww__now()'s clock (0: none): the query
 * has one already, and the DP reads the clock only by work done (a small
 * run never does), where a time left would cost a read per call. */

/* Builds m's plan and units: WW_OK and *out (NULL when the deadline cut it
 * short), WW_NOMEM, or WW_UNSUPPORTED when !ww__dp_supported.  Free with
 * ww__dp_prep_free. */
ww_status ww__dp_prepare(const ww_model *m, double deadline,
                         ww__dp_prep **out);
/* The same without the levels of napart packages (apart: n levels each):
 * each term's options leave out every level one of them takes, so the
 * runs on it range over the packages that differ from all of them on
 * every term (meso's distance n).  Not the solver's: free it after use. */
ww_status ww__dp_prepare_apart(const ww_model *m, double deadline,
                               const int *apart, int napart,
                               ww__dp_prep **out);
void ww__dp_prep_free(ww__dp_prep *pr);
/* The exact Pareto frontier of the admissible set (U_s descending, one
 * package per point, exact re-evaluated utilities), honouring
 * o->ignore_limits, o->override_budget, reservations and budget.  o may be
 * NULL (defaults); pr, when not NULL, is ww__dp_prepare's for m as it is
 * now (read only: runs may share it).  Stops at the deadline or when
 * o->progress returns non-zero, with complete = 0 and no points.  *out is always initialised; free it with ww__pareto_free.
 * Returns WW_OK, WW_NOMEM, or WW_UNSUPPORTED when !ww__dp_supported. */
ww_status ww__dp_frontier(const ww_model *m, const ww_options *o,
                          const ww__dp_prep *pr, double deadline,
                          ww__pareto *out);

/* The same under one more seller floor, U_s >= sfloor (-HUGE_VAL: none):
 * its points with U_s >= sfloor + 2 * WW_TOLERANCE are exactly the
 * frontier's points there (a package that could dominate or merge with
 * one of them meets the floor), so the frontier's top part can be had
 * where the whole one is too large. */
ww_status ww__dp_frontier_above(const ww_model *m, const ww_options *o,
                                const ww__dp_prep *pr, double deadline,
                                double sfloor, ww__pareto *out);

/* What a run hands its sums to instead of the TOL filter (ww__dp_keep):
 * every admissible sum it kept, with exact utilities, in no set order, as
 * (b, s, key) points; it moves those it keeps to the front (keys
 * untouched, none twice) and returns how many (at most n), or -1 out of
 * memory.  The sums kept are those no other dominates exactly (one of
 * exact duplicates; on inexact runs, up to the merge epsilon: RELIABILITY
 * found 14): a maximum of a weighted sum over an up-set (a set holding
 * whatever dominates one of its packages, e.g. "better for both than p")
 * is among them, where the TOL filter may have kept another package of
 * its cluster, outside the set. */
typedef int (*ww__dp_keep)(void *ctx, ww__dp_pt *pts, int n);

/* A query's key as a bound a fold prunes by (with a keep function, which
 * then gets only the sums that stay).  Once a state's list reaches `from`
 * sums, a sum goes when no package completing it can matter.  The
 * remaining units, and the bonuses of the conditions not yet closed
 * (where positive; an open one while its state says it can still hold),
 * add at most w U_b + (1 - w) U_s <= h(w) for each of WW__DP_HULL
 * directions w: the completions lie under that polygon.
 *  - nash and kalai: their key (ww__bargain_bound, quasi-concave, rising
 *    in both utilities) peaks on the polygon's boundary; a sum stays when
 *    that peak reaches kmin, an admissible package's key minus TOL, so
 *    every package the tie rule looks at (key within TOL of the best)
 *    stays.  Unless the ideal is known (exact: no floors), a sum also
 *    stays when its completions may reach the highest U_b or U_s of an
 *    admissible package found, with the other party's floor met, and the
 *    keep function takes the ideal from the sums; kalai's key is then
 *    bounded with the ideal at those highest utilities found (a lower
 *    ideal raises the ratios) and kmin takes it at hi (lowers them).
 *  - J (joint: best, and evaluate's maxima with ref) is linear: its
 *    largest completion is each remaining unit's best option plus the
 *    positive bonuses; a sum stays when that reaches the best J found
 *    minus TOL or, with ref, when its completions may be better for both
 *    than ref (the polygon reaches the box above it) and reach the best J
 *    found there minus TOL. */
typedef struct ww__dp_bound {
    int kalai;
    double d[2];
    double hi[2];    /* the feasible packages' highest utilities         */
    int exact;       /* 1: no floors, hi is the ideal                    */
    int joint;       /* 1: the key is J instead (best, evaluate: ref)    */
    const double *ref; /* joint: the evaluated (U_b, U_s), or NULL       */
    int from;        /* lists of at least this many sums are pruned      */
    double *pruned;  /* (may be NULL) += the sums the run pruned         */
} ww__dp_bound;
/* Lists shorter than this are merged unpruned: building the bound (its
 * incumbent, its polygons) and testing their sums costs more than their
 * merges (the bench's 10 x 10 models lost up to 1.5x at 64). */
#define WW__DP_PRUNE_FROM 128
#define WW__DP_HULL 17

/* ww__dp_frontier_above (sfloor -HUGE_VAL: ww__dp_frontier) in the
 * caller's workspace (len bytes, aligned for doubles; NULL: none), which a
 * solver keeps for its queries: the run's arena starts there instead of on
 * the stack, and the output block goes there too when the run left room,
 * so a small run calls malloc for neither.  *out is valid until the
 * workspace is used again.  packages = 0 asks for the points' values only
 * (out->packages NULL): a diagnosis needs no packages, and an exact run
 * then decodes none.  keep (NULL: the frontier) chooses the points
 * instead, from keep_ctx; only theirs are decoded.  max_pairs > 0 is a
 * budget: the run gives up (WW_TOO_LARGE) before forming more candidate
 * partial sums (a kept sum plus an option) than that, over all its
 * stages.  bound (NULL: none) prunes the fold, with keep set (see
 * ww__dp_bound). */
#define WW__DP_WORK 32768
ww_status ww__dp_frontier_in(const ww_model *m, const ww_options *o,
                             const ww__dp_prep *pr, double deadline,
                             double sfloor, void *work, size_t len,
                             int packages, ww__dp_keep keep, void *keep_ctx,
                             double max_pairs, const ww__dp_bound *bound,
                             ww__pareto *out);

void ww__pareto_free(ww__pareto *p);

/* The smallest (sign < 0) or largest (sign > 0) U_b (party WW_BUYER) or
 * U_s (WW_SELLER) of a package the constraints allow (reservations and
 * budget ignored), by the same DP with the objectives mapped to
 * (sign * U_party, 0): *found = 0 when none is feasible, *complete = 0
 * when stopped at the deadline.
 * Returns WW_OK, WW_NOMEM, or WW_UNSUPPORTED when !ww__dp_supported. */
ww_status ww__dp_extreme(const ww_model *m, int party, int sign,
                         double deadline, double *value, int *found,
                         int *complete);

#endif
