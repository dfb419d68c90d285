/* mitm.h — nash, kalai, evaluate and meso's first offer by meet in the
 * middle over the DP's units (internal; mitm.c). */
#ifndef WW_MITM_H
#define WW_MITM_H

#include "solver_internal.h"

/* The combinations meet in the middle would enumerate on q's model (its
 * two halves together), or 0 when it does not apply: no DP plan, a single
 * unit, a half over its cap (2^20 combinations), or on auto a space of at
 * most 65,536 packages.  The DP's
 * fold is given a few times this many candidate sums before meet in the
 * middle takes over. */
double ww__mitm_size(ww_query *q);

/* Frees what a solver keeps of meeting in the middle (NULL: nothing). */
void ww__mitm_keep_free(struct ww__mitm_keep *k);

/* forced's value for ww__bargain_mitm_steps (any other nonzero: forced). */
#define WW__MITM_STEPS 2

/* The nash (kalai 0) or kalai answer for the disagreement point d, by the
 * walk's rule (scan.c) over the admissible packages: the package, with d and
 * the ideal as r's anchors, on r.  *oc: OPTIMAL; INFEASIBLE when nothing is
 * admissible; TIME_LIMIT when the deadline or progress stopped it (the best
 * key found so far is then the answer).  WW_UNSUPPORTED (with the message
 * set) when it does not apply (ww__mitm_size 0); WW_TOO_LARGE when its
 * halves, once built, make more pairs of points and signatures than it
 * takes (where the space can be walked and not forced: more than the walk
 * would cost); WW_NOMEM. */
ww_status ww__mitm_bargain(ww_query *q, int kalai, const double d[2],
                           int forced, ww_result *r, ww_outcome *oc);

/* evaluate's two maxima for the package of utilities pu, by the walk's
 * rule with J for key (scan.c): the admissible package of highest J (ties
 * within TOL to the higher U_s) gives ev's value left; the best one
 * better for both (within TOL of pu on both sides, beyond it on one) goes
 * on r and sets ev's has_improvement.  Statuses and *oc as
 * ww__mitm_bargain's (INFEASIBLE: nothing admissible, ev untouched). */
ww_status ww__mitm_evaluate(ww_query *q, const double pu[3], int forced,
                            ww_evaluation *ev, ww_result *r, ww_outcome *oc);

/* meso's first offer (ww_meso, lib/trades.c): among the admissible
 * packages with q->lo[WW_US] <= U_s <= q->hi[WW_US] (the band), the
 * largest U_b, then the largest U_s within TOL of it.  The searches run
 * over the band's floor alone (a one-sided region: each signature's
 * Pareto set serves it) and settle the band when their package lies in
 * it, which it does for the default target (best's U_s: a package above
 * it with as much U_b would beat best on J, or tie it with more U_s).
 * *settled: 1 when the answer is known (*found: there is one, in pkg and
 * u[3]; 0: the band is empty); -1 when the searches ended on a package
 * outside the band (the MIP must answer; a DP run over the same region,
 * trades.c's apart_dp, would end there too); 0 when they did not run to
 * the end (the deadline or progress stopped them, or a status other than
 * WW_OK).  forced: as ww__mitm_bargain's (the pairs' limit).
 * Statuses as ww__mitm_bargain's. */
ww_status ww__mitm_meso_first(ww_query *q, int forced, int *pkg,
                              double u[3], int *found, int *settled);

/* ww_meso with its first offer by ww__mitm_meso_first alone, for the
 * tests: o->path must be WW_PATH_MIP (the later offers' path; forced
 * there, meeting in the middle applies to spaces of any size).
 * WW_UNSUPPORTED (message set) when it does not settle the first offer. */
ww_status ww__meso_mitm(ww_solver *s, const ww_options *o, int count,
                        double target, double band, ww_result **out);

/* ww_nash (kalai 0) or ww_kalai answered by ww__mitm_bargain alone, for
 * the tests: o->path must be WW_PATH_DP. */
ww_status ww__bargain_mitm(ww_solver *s, const ww_options *o, int kalai,
                           ww_result **out);
/* The same with forced WW__MITM_STEPS: the key's ties are not kept but
 * settled by the two further steps (J, then U_s), as when more tie than
 * the candidates' room (a dense frontier's thousands, past 262,144). */
ww_status ww__bargain_mitm_steps(ww_solver *s, const ww_options *o,
                                 int kalai, ww_result **out);

/* ww_evaluate answered by ww__mitm_evaluate alone after its opening checks
 * (the tests): o->path must be WW_PATH_DP. */
ww_status ww__evaluate_mitm(ww_solver *s, const ww_options *o,
                            const int *package, ww_evaluation *eval,
                            ww_result **out);

#endif
