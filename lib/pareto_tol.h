/* pareto_tol.h — the shared frontier semantics as a filter (internal):
 * a set of (U_b, U_s) points reduced to its TOL-Pareto frontier.  The DP's
 * final list (dp.c) and the enumeration path's packages (scan.c) go
 * through it; nearby.c borrows its point record. */
#ifndef WW_PARETO_TOL_H
#define WW_PARETO_TOL_H

#include "winwin.h" /* WW_TOLERANCE */

/* 1 when a and b are within TOL of each other: neither is more than TOL
 * above the other, in the form the rules test "more than TOL" (a > b +
 * TOL), so that a pair is always one or the other (a - b <= TOL rounds
 * differently when a - b is TOL to the last bits). */
static inline int ww__tol_near(double a, double b)
{
    return a <= b + WW_TOLERANCE && b <= a + WW_TOLERANCE;
}

/* A candidate point: exact utilities and the caller's key for its package. */
typedef struct ww__dp_pt {
    double b, s;
    long long key;
} ww__dp_pt;

/* Reduces pts[0..n) in place to the frontier under the shared semantics:
 * drops every point TOL-dominated by another (the other >= on both sides
 * up to TOL and > by more than TOL on one), then keeps one point of each
 * cluster within TOL on both sides.  Result sorted by s descending (ties: b
 * descending); returns its size, or -1 when out of memory. */
int ww__dp_pareto_tol(ww__dp_pt *pts, int n);

/* A caller's stop test, told the work done since its last call (points
 * handled): nonzero stops. */
typedef int (*ww__late_fn)(void *ctx, double work);

/* ww__dp_pareto_tol for lists of millions of points (a DP's final list:
 * up to a second of sorting and filtering): asks late(ctx, work) every
 * 65,536 points or so and returns -2, pts in no particular order, once it
 * says stop.  late NULL: ww__dp_pareto_tol. */
int ww__dp_pareto_tol_until(ww__dp_pt *pts, int n, ww__late_fn late,
                            void *ctx);

/* 1 when the points (b[i], s[i]), in s-descending order, are a spread
 * staircase: neighbours more than TOL apart on both sides, b rising.  The
 * filter then has nothing to drop from them, nor from any sublist of
 * them (farther points are farther apart). */
int ww__dp_spread(const double *b, const double *s, int n);

/* Cheaply drops points that ww__dp_pareto_tol would drop anyway, so that
 * its sorts see few of a large, mostly dominated set (a scan's packages):
 * a point is dropped when a witness (the maximizer of one of a few
 * positive weighted sums) beats it by 3 TOL on both sides.  That leaves the
 * filter's answer unchanged: every point the dropped one dominates, the
 * witness dominates too (and witnesses are never dropped).  Compacts
 * pts in place, order kept; returns the new count. */
int ww__dp_prefilter(ww__dp_pt *pts, int n);

/* ww__dp_prefilter, then ww__dp_pareto_tol_until (a scan's packages),
 * with the filter's pass-through test for spread staircases made once,
 * before either: such a list has nothing to drop. */
int ww__dp_front_until(ww__dp_pt *pts, int n, ww__late_fn late, void *ctx);

#endif
