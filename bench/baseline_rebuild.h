/* Baseline (b): the textbook epsilon-constraint frontier that builds a fresh
 * GLPK problem for every frontier point.  Deliberately simple and
 * independent of lib/: its own formulation (McCormick-style links), a cold
 * simplex and branch and bound on every solve, no warm start.  What winwin's frontier is
 * measured against. */
#ifndef WW_BASELINE_REBUILD_H
#define WW_BASELINE_REBUILD_H

#include "bench.h"

typedef struct baseline_result {
    bench_points points;     /* U_s descending, exact utilities            */
    int solves;              /* glp_intopt calls                           */
    int rebuilds;            /* glp_prob objects built                     */
    ww_outcome outcome;      /* optimal, infeasible or time_limit          */
    char error[160];         /* set when the call returned nonzero         */
} baseline_result;

/* Computes the admissible frontier of m (reservations and budget honoured
 * unless ignore_limits).  time_limit in seconds (<= 0: none).  Returns 0 on
 * success (the outcome says how it ended), -1 on error (see r->error).
 * r must be zeroed first; free with baseline_result_free. */
int baseline_rebuild_frontier(ww_model *m, int ignore_limits,
                              double time_limit, baseline_result *r);
void baseline_result_free(baseline_result *r);

#endif
