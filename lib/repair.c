/* repair.c — a first incumbent for meso's band MIPs from the root LP.
 *
 * On models with interactions GLPK finds the packages of meso's searches
 * late: the distance search of n40-m10-d1-c0-k2 took 45 ms, and 4 ms when
 * the same solve started from its own optimum.  band.c's branch and bound
 * does not help there: its tilted order ignores the interactions, and the
 * wrong levels it picks near the top leave it no package to prune by.
 * The root LP prices the interactions in: rounded (each term at its
 * largest level value) and repaired by single-level changes, first toward
 * the query's region, then up the objective inside it, it is often the
 * optimum itself.  It only seeds GLPK: solver.c checks it as every seed
 * (the model, the bounds and the cut rows, exactly), and branch and bound
 * proves the optimum as before. */
#include "solver_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Work of one rounding, in terms, interactions and constraints evaluated
 * (a few nanoseconds each): a few milliseconds at most, against searches
 * of 5 to 500 ms.  The bench's roundings reach a local optimum first, in
 * at most 1.1 ms (60 x 10). */
#define ROUND_BUDGET 1000000UL

/* Where a package stands: hard = broken constraints plus cut-row counts
 * outside their range, soft = how far its utilities are outside the box,
 * z = the objective; compared in that order (z only inside). */
typedef struct score {
    int hard;
    double soft, z;
} score;

static int better(const score *a, const score *b)
{
    if (a->hard != b->hard)
        return a->hard < b->hard;
    if (a->soft > 0 || b->soft > 0)
        return a->soft < b->soft;
    return a->z > b->z;
}

/* The score of pkg, whose count of levels shared with each cut row's
 * reference is same[]. */
static score measure(const ww_query *q, const int *pkg, const int *same,
                     double wb, double ws)
{
    const ww_model *m = q->m;
    const ww_solver *s = q->s;
    score sc = {0, 0.0, 0.0};
    double u[3];
    ww__util3(m, pkg, u);
    for (int c = 0; c < m->ncons; c++)
        sc.hard += ww__breaks(m, &m->cons[c], pkg) != 0;
    for (int c = 0; c < s->ncuts; c++) {
        if (same[c] < s->cuts[c].lo)
            sc.hard += s->cuts[c].lo - same[c];
        if (same[c] > s->cuts[c].hi)
            sc.hard += same[c] - s->cuts[c].hi;
    }
    for (int r = 0; r < 3; r++) {
        if (u[r] < q->lo[r])
            sc.soft += q->lo[r] - u[r];
        if (u[r] > q->hi[r])
            sc.soft += u[r] - q->hi[r];
    }
    sc.z = wb * u[WW_UB] + ws * u[WW_US];
    return sc;
}

/* same[] after term t of pkg moves from level a to level b. */
static void shift(const ww_solver *s, int *same, int t, int a, int b)
{
    for (int c = 0; c < s->ncuts; c++)
        same[c] += (s->cuts[c].ref[t] == b) - (s->cuts[c].ref[t] == a);
}

int ww__lp_round(ww_query *q, const double *lp, double wb, double ws,
                 int *pkg, double *z)
{
    const ww_model *m = q->m;
    const ww_solver *s = q->s;
    int n = s->n;
    int *same = malloc(sizeof(int) * (size_t)(s->ncuts + 1));
    if (!same)
        return -1;
    const double *at = lp;
    for (int t = 0; t < n; t++) { /* each term at its largest LP value */
        int k = m->terms[t].nlevels, best = 0;
        for (int l = 1; l < k; l++)
            if (at[l] > at[best])
                best = l;
        pkg[t] = best;
        at += k;
    }
    for (int c = 0; c < s->ncuts; c++)
        same[c] = n - ww__hamming(pkg, s->cuts[c].ref, n);
    score cur = measure(q, pkg, same, wb, ws);
    unsigned long cost = (unsigned long)(n + m->ninter + m->ncons + 1),
                  work = 0;
    /* best single-level change while one helps (each strictly improves
     * the score: no cycle), within the budget */
    while (work < ROUND_BUDGET) {
        int bt = -1, bl = 0;
        score best = cur;
        for (int t = 0; t < n && work < ROUND_BUDGET; t++) {
            int was = pkg[t];
            for (int l = 0; l < m->terms[t].nlevels; l++) {
                if (l == was)
                    continue;
                pkg[t] = l;
                shift(s, same, t, was, l);
                score sc = measure(q, pkg, same, wb, ws);
                shift(s, same, t, l, was);
                work += cost;
                if (better(&sc, &best)) {
                    best = sc;
                    bt = t;
                    bl = l;
                }
            }
            pkg[t] = was;
        }
        if (bt < 0)
            break;
        shift(s, same, bt, pkg[bt], bl);
        pkg[bt] = bl;
        cur = best;
    }
    free(same);
    *z = cur.z;
    return cur.hard == 0 && cur.soft == 0;
}
