/* solver_internal.h — the solver, its GLPK formulation, one query's state
 * and the result object (internal to lib/). */
#ifndef WW_SOLVER_INTERNAL_H
#define WW_SOLVER_INTERNAL_H

#include "model_internal.h"

#include <glpk.h>
#include <math.h>

/* The three utility rows of the formulation. */
enum { WW_UB = 0, WW_US = 1, WW_J = 2 };

/* Inlined at every call, whatever the compiler's size heuristics: helpers
 * called per element (the DP's merges, the tie rule with its accessor). */
#if defined(__GNUC__)
#define WW__ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define WW__ALWAYS_INLINE static inline
#endif

/* A cut row: lo <= #{i : x[i, ref[i]] = 1} <= hi. */
typedef struct ww_cut {
    int *ref;
    int lo, hi;
    int row;       /* GLPK row index, 0 until created */
    int dirty;     /* bounds to be set */
} ww_cut;

typedef struct ww_relax {  /* a link row freed in monotone solves */
    int row, type;
    double bound;
} ww_relax;

/* A search that went over its budget (best's walk, best's and evaluate's
 * DP runs, nash's and kalai's capped fold) on a model revision under the query's floors, which with the
 * revision decide its size: not run again to the same end (ww__over_seen),
 * so that a reused solver answers as a new one does, without the wasted
 * run. */
typedef struct ww__over_memo {
    int over;
    unsigned long revision;
    double key;               /* what else decides the search (0: none)   */
    int has[2];
    double floor[2];
} ww__over_memo;
/* The searches ww__over_seen remembers (solver.over[]). */
#define WW__OVER_BEST_DP 0
#define WW__OVER_EVALUATE_DP 1
#define WW__OVER_BEST_WALK 2
#define WW__OVER_BARGAIN_DP 3
#define WW__OVER_MESO_DP 4
#define WW__OVER_COUNT 5

struct ww_solver {
    ww_model *model;
    unsigned long revision;   /* model revision the problem was built for */
    unsigned long generation; /* GLPK generation of lp                    */
    glp_prob *lp;             /* NULL until a MIP needs it (ww__form_lp)   */
    int n;                    /* terms                                     */
    int *col0;                /* level k of term i is column col0[i] + k   */
    double *term_weight;      /* per term, its weight in the utilities
                                 (what meso's MIPs branch on first)       */
    int ncols;
    double *coef[3];          /* per column: coefficient in U_b, U_s, J    */
    double cst[3];            /* constant part of U_b, U_s, J              */
    int row[3];               /* the U_b, U_s, J rows                      */
    int nbase;                /* rows of the base problem                  */
    double unit[3];           /* grid unit of U_b, U_s, J (0: no grid)     */
    double range[2];          /* bound on max - min of U_b, U_s            */
    double set_lo[3], set_hi[3]; /* bounds currently on the rows (MIP)     */
    double *obj;              /* objective currently set (per column)      */
    double *inc;              /* the query's last MIP solution, per column
                                 (1-based; the ratio column t too)        */
    int inc_ok;               /* inc holds one, on the plain columns       */
    int *ycol;                /* per interaction: its first column, or 0   */
    int *pmode;               /* per PRODUCT: 1 pair columns y[k, l], 2
                                 McCormick s_k, 0 none (formulation.c)    */
    ww_cut *cuts;             /* cut rows of the current query             */
    int ncuts, cutcap;
    int *ind;                 /* scratch, ncols + 2 (the rows of cuts and
                                 ratio solves, ww__form_lp's builder)     */
    double *val;
    int *pos;                 /* ww__form_lp's: column -> place in a row  */
    int basis_ok;             /* a simplex basis is worth warm starting    */
    int mir_after;            /* a query's MIPs start again with MIR cuts
                                 past this many nodes (mir_restart below;
                                 tests lower it)                           */
    unsigned long mir_restarts; /* MIPs started again so (tests)           */
    int gmi_after;            /* meso's band MIPs make no more Gomory cuts
                                 past this many nodes (GMI_NODES; tests
                                 lower it)                                */
    unsigned long gmi_stops;  /* MIPs whose Gomory cuts stopped so (tests) */
    int *dropped;             /* columns of dominated levels (see below)   */
    int ndropped;
    int reduced;              /* dropped columns currently fixed at 0 and
                                 relax rows free                           */
    ww_relax *relax;          /* interaction links a monotone solve does
                                 not need: y >= ... for y of utilities >= 0
                                 on both sides, y <= z_j for <= 0          */
    int nrelax, relaxcap;
    int dp_support;           /* ww__dp_supported for dp_revision, or -2   */
    const char *dp_why;       /* its reason when 0 (static text)           */
    double dp_joint;          /* and the units' joint levels, summed       */
    unsigned long dp_revision;
    struct ww__dp_prep *dp_prep; /* the DP's plan and units (dp.h) for     */
    unsigned long dp_prep_revision; /* this model revision, or NULL        */
    double mitm_size;         /* ww__mitm_size's answer (mitm.c) for       */
    unsigned long mitm_revision; /* this model revision, when mitm_known  */
    int mitm_known;
    struct ww__mitm_keep *mitm_keep; /* its halves (mitm.c), or NULL       */
    void *dp_work;            /* the DP's workspace (WW__DP_WORK bytes),
                                 made by its first run, or NULL            */
    double ext[2][2];         /* [party][0: lowest, 1: highest] utility
                                 over feasible packages (the DP's: nash's
                                 and kalai's d, a diagnosis's reach) for
                                 ext_revision, where ext_ok[party][i]     */
    int ext_ok[2][2];
    unsigned long ext_revision;
    ww__over_memo over[WW__OVER_COUNT]; /* searches that went over
                                 their budget, by WW__OVER_*              */
    struct ww__band_plan *band_plan; /* band.c's walks' plan for this      */
    unsigned long band_revision;     /* model revision, or NULL            */
    struct ww__nearby_plan *nearby_plan; /* nearby.c's walk's plan for     */
    unsigned long nearby_revision;   /* this model revision, or NULL       */
    /* What the planner asks of every query, set with the problem
     * (ww__plan_facts): a tiny query's planning then reads four fields. */
    double packages;          /* ww_model_package_count                    */
    int wide;                 /* a term has over 64 levels                 */
    double magnitude;         /* see planner.c                             */
    int mip_exact;            /* see ww__mip_exact                         */
};

/* Builds what depends on the model alone (columns, coefficients, grid
 * units, ranges: what every path reads) for its current revision, without
 * the GLPK problem; frees any problem built before.  No GLPK call. */
ww_status ww__form_build(ww_solver *s);
/* Builds the GLPK problem over ww__form_build's columns: on the first MIP
 * solve of a model revision, or after GLPK's environment was freed (most
 * small queries never need one).  Called inside a guarded section. */
ww_status ww__form_lp(ww_solver *s);
/* Dominated-level reduction: a level is dropped when another level of its
 * term is at least as good for both parties on its own utilities, on every
 * interaction (sign-aware) and no constraint treats the two differently.
 * Valid (same optimum values) when a solve maximizes U_b, U_s or J under
 * lower bounds only and without cut rows; the columns are then fixed at 0.
 * In such a solve a larger indicator y never hurts when its utilities are
 * >= 0 for both parties (and a smaller one when <= 0), so one direction of
 * its links can be freed too: the optimum value is unchanged and the
 * package is re-evaluated exactly anyway. */
ww_status ww__form_dominance(ww_solver *s);
/* The exact column values of package pkg (x[1 .. ncols]): its level
 * binaries, and each interaction column at the product it stands for, so
 * that every row holds and the objective is the package's own value. */
void ww__form_columns(const ww_solver *s, const int *pkg, double *x);
/* Frees the problem (if still alive) and the formulation's arrays. */
void ww__form_clear(ww_solver *s);
/* Frees the problem only (inside a guard when it may be alive). */
void ww__form_clear_lp(ww_solver *s);
/* Brings the GLPK problem up to date now (queries build it on their first
 * MIP; the tests inspect it). */
ww_status ww__solver_lp(ww_solver *s);

/* One query: options, deadline, counters, bounds. */
typedef struct ww_query {
    ww_solver *s;
    ww_model *m;
    ww_options o;
    double t0, deadline;      /* monotonic seconds; deadline 0: none       */
    int solves, points;
    int stopped;              /* time limit reached or progress said stop  */
    int holds_model;          /* counted in m->busy until ww__query_end    */
    int has_floor[2];         /* admissibility floors (before TOL)         */
    double floor[2];
    double lo[3], hi[3];      /* exact bounds of the current solve         */
    int reduce_ok;            /* no cut rows of the query: see dominance   */
    int cuts;                 /* GLPK's Gomory cuts on (meso's band MIPs)  */
    int heavy;                /* branch on the heaviest term (meso's band
                                 MIPs, and its range's: solver.c)          */
    int mir_restart;          /* a MIP past s->mir_after nodes starts again
                                 with MIR cuts (meso's band MIPs, trades'
                                 MIP loop: solver.c)                       */
    int presolve;             /* GLPK's MIP presolver on (solver.c)       */
    double enum_count;        /* packages the enum path would scan (trades:
                                 the neighbourhood); 0: the whole space    */
    int planned;              /* options.path was auto: the planner may
                                 still switch methods within the query    */
    int ratio;                /* the solve maximizes t (see ww__solve_ratio) */
    double ratio_d[2], ratio_den[2];
    double tol_int;           /* GLPK's integrality tolerance; 0: 1e-9.  A
                                 looser one is tried first and its package
                                 kept only when it passes the exact checks
                                 and its exact objective reaches GLPK's;
                                 else the solve is repeated at 1e-9        */
} ww_query;

/* Package pkg as the next MIP's first incumbent (every MIP keeps its own
 * for the next): offered to GLPK when it meets that solve's bounds and
 * cut rows exactly (solver.c, incumbent_fits). */
void ww__seed(ww_query *q, const int *pkg);

/* Outcome of one lexicographic / single solve. */
typedef enum ww_mip {
    WW_MIP_OPTIMAL = 0,
    WW_MIP_INFEASIBLE = 1,
    WW_MIP_STOPPED = 2        /* time limit / progress: *found may be 1     */
} ww_mip;

/* The outcome a query reports when a solve it depends on ended in res. */
static inline ww_outcome ww__outcome_of(ww_mip res)
{
    return res == WW_MIP_OPTIMAL     ? WW_OUTCOME_OPTIMAL
           : res == WW_MIP_INFEASIBLE ? WW_OUTCOME_INFEASIBLE
                                      : WW_OUTCOME_TIME_LIMIT;
}

double ww__now(void);
/* Reports progress to the options' callback, if any; 1 (and q->stopped
 * set) when it says stop. */
int ww__progress(ww_query *q);
/* How often (seconds) a long step calls the progress callback: inside a
 * MIP (solver.c), a DP run (dp.c) and a scan's TOL filter (scan.c), so
 * that a stop (Ctrl-C, a host's cancel) is heard within a fraction of a
 * second (winwin.h). */
#define WW__PROGRESS_EVERY 0.05
/* Starts a query: validates the model and options, (re)builds the
 * formulation, sets admissibility bounds.  On error the message is set. */
ww_status ww__query_begin(ww_query *q, ww_solver *s, const ww_options *o);
/* Deletes the query's cut rows and restores free bounds. */
void ww__query_end(ww_query *q);
/* Resets lo/hi: admissible (1) or merely feasible (0). */
void ww__query_bounds(ww_query *q, int admissible);
/* Tolerant bound "U_r >= v - TOL" / "U_r > v + TOL" / "U_r <= v + TOL". */
void ww__bound_ge(ww_query *q, int r, double v);
void ww__bound_gt(ww_query *q, int r, double v);
void ww__bound_le(ww_query *q, int r, double v);
/* Adds a cut row to the query; returns its index or -1 (status in *st). */
ww_status ww__add_cut(ww_query *q, const int *ref, int lo, int hi,
                      int *index);
ww_status ww__set_cut(ww_query *q, int index, int lo, int hi);
/* Removes cuts from index `from` on. */
void ww__drop_cuts(ww_query *q, int from);

/* Maximizes the row `r1` (sign1 = +1 max, -1 min), then among the packages
 * within TOL of that optimum maximizes row r2 (r2 < 0: no second stage).
 * On WW_MIP_OPTIMAL (and STOPPED with *found) pkg/u receive the package and
 * its exact utilities u[3] (U_b, U_s, J).  Status != WW_OK only on errors. */
ww_status ww__lex(ww_query *q, int r1, int sign1, int r2, ww_mip *res,
                  int *found, int *pkg, double u[3]);
/* Plain single solve (max sign*U_r). */
ww_status ww__solve(ww_query *q, int r, int sign, ww_mip *res, int *found,
                    int *pkg, double u[3]);
/* Single solve of max wb*U_b + ws*U_s. */
ww_status ww__solve_w(ww_query *q, double wb, double ws, ww_mip *res,
                      int *found, int *pkg, double u[3]);

/* Single solve of max t over U_b >= d[0] + t den[0], U_s >= d[1] + t den[1]
 * (a side with den <= 0 is left out), 0 <= t <= 1: the package of largest
 * min ratio (the Kalai-Smorodinsky key) in one MIP.  As ww__solve_w
 * otherwise; GLPK's t is within its tolerances of the key of the package
 * returned, whose utilities u are exact. */
ww_status ww__solve_ratio(ww_query *q, const double d[2], const double den[2],
                          ww_mip *res, int *found, int *pkg, double u[3]);

/* Exact utilities (U_b, U_s, J) of a package. */
void ww__util3(const ww_model *m, const int *pkg, double u[3]);
/* 1 when utilities u (U_b, U_s, J) beat the incumbent a under the "max J,
 * ties within TOL: higher U_s" rule (a NULL: no incumbent yet). */
int ww__better_joint(const double u[3], const double *a);
/* evaluate's "better for both" than ref (U_b, U_s, ...): within TOL of it
 * on both sides and beyond TOL on one. */
static inline int ww__better_for_both(const double *ref, double ub, double us)
{
    return ub >= ref[WW_UB] - WW_TOLERANCE &&
           us >= ref[WW_US] - WW_TOLERANCE &&
           (ub > ref[WW_UB] + WW_TOLERANCE || us > ref[WW_US] + WW_TOLERANCE);
}

/* Working memory laid out in one block: an array of count items of size
 * bytes at *off in base, 8-aligned, and *off moved past it; base NULL
 * only measures (a first pass sizes the block, a second carves it). */
static inline void *ww__carve(char *base, size_t *off, size_t count,
                              size_t size)
{
    void *v = base ? base + *off : NULL;
    *off += (count * size + 7) & ~(size_t)7;
    return v;
}

/* Number of terms where packages a and b differ. */
static inline int ww__hamming(const int *a, const int *b, int n)
{
    int d = 0;
    for (int i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

/* ---- results ---- */
struct ww_result {
    ww_outcome outcome;
    int nterms;
    int n, cap;
    int *pkgs;                /* n * nterms */
    double *u;                /* n * 3: U_b, U_s, J */
    int inline_pts;           /* pkgs and u still in `tail` (no own block) */
    int *ref;                 /* trades: reference package */
    ww_evaluation ref_eval;
    int has_anchors;
    double d[2], ideal[2];
    int diversity;
    int has_band;             /* meso: the band its offers were taken from */
    double target, band;
    ww_diagnosis diag;
    char *reason;             /* malloc'ed by ww_result_reason when asked:
                                 kept out of the struct so that a result
                                 with its inline points stays under glibc's
                                 per-thread cache size (1 KB), a third of a
                                 small query's allocation cost */
    int reason_ready;
    ww_stats stats;
    double tail[];            /* the first few points, same allocation */
};

ww_status ww__result_new(const ww_model *m, ww_result **out);
ww_status ww__result_add(ww_result *r, const int *pkg, const double u[3]);
/* Appends n points the caller then writes: *pkgs (n x nterms levels) and
 * *u (n x 3: U_b, U_s, J) point at their room in r. */
ww_status ww__result_append(ww_result *r, int n, int **pkgs, double **u);
/* Adds n points at once: packages back to back, J from m's weights. */
ww_status ww__result_add_pareto(ww_result *r, const ww_model *m, int n,
                                const int *pkgs, const double *buyer,
                                const double *seller);
/* Room for `more` points beyond those kept (WW_NOMEM when none). */
ww_status ww__result_reserve(ww_result *r, int more);
/* Fills outcome and stats from the query. */
void ww__result_finish(ww_result *r, ww_query *q, ww_outcome outcome);

/* Fills r->diag for a query that found no admissible package (cause QUERY
 * when admissible packages exist).  Uses its own solves.  Stopped (time
 * limit, progress callback) before it finds the cause, it leaves the cause
 * WW_CAUSE_NONE and sets q->stopped. */
ww_status ww__diagnose(ww_query *q, ww_result *r, int query_bounds);

/* Sets the diagnosis; its one-line reason is written from it when
 * ww_result_reason asks. */
void ww__set_diag(ww_result *r, ww_cause cause, double reach, double req);

/* The enumeration path (scan.c): every query answered by scanning every
 * package, for spaces of at most WW__SCAN_MAX packages; nash and kalai,
 * which walk the space without a table, up to WW__SCAN_WALK_MAX (two
 * passes of 10-40 ns a package). */
#define WW__SCAN_MAX 1000000.0
#define WW__SCAN_WALK_MAX 100000000.0
typedef enum ww_qkind {
    WW_Q_BEST, WW_Q_FRONTIER, WW_Q_NASH, WW_Q_KALAI, WW_Q_TRADES, WW_Q_MESO,
    WW_Q_EVALUATE
} ww_qkind;
typedef struct ww_qargs {
    const int *ref;           /* trades reference / evaluated package */
    int max_changes, top, count;
    double concede, target, band;
    ww_evaluation *eval;
} ww_qargs;
/* The planner (planner.c).  ww__plan_check rejects a forced path that
 * cannot serve the query; ww__dp_chosen says whether the Pareto-merge DP
 * answers a frontier-family query; ww__dp_points fills r with the DP's
 * exact frontier (honouring max_points and the deadline). */
ww_status ww__plan_check(ww_query *q, const char *kind, int dp_serves,
                         double scan_max);
/* 1 when GLPK's tolerances still separate answers at the model's size. */
int ww__mip_exact(const ww_query *q);
/* Fills the solver's planning facts from its model and problem. */
void ww__plan_facts(ww_solver *s);
/* Beyond this size a double no longer resolves WW_TOLERANCE with a margin
 * for rounding (one ulp of 2e9 is 2.4e-7): every path refuses the model. */
#define WW__MAX_MAGNITUDE 2e9
int ww__dp_chosen(ww_query *q);
/* ww__dp_extreme (dp.h) for the query's model, kept in the solver per
 * model revision: it depends on the model alone, and costs a DP run with
 * its own plan and order of the levels. */
ww_status ww__dp_extreme_of(ww_query *q, int party, int sign, double *value,
                            int *found, int *complete);
/* The largest (sign 1) or least (sign -1) utility of party (WW_BUYER,
 * WW_SELLER) over the feasible packages, under the query's options: by
 * the DP when dp (falling back to one MIP on auto past its cap on partial
 * sums), else by one MIP.  *oc: optimal when *value holds it, else why
 * not (infeasible, time_limit).  pkg: scratch of the model's term count. */
ww_status ww__party_extreme(ww_query *q, int dp, int party, int sign,
                            int *pkg, double *value, ww_outcome *oc);
/* ww__dp_supported for the query's model, asked once per model revision
 * (cached in the solver; planning asks it several times a query). */
int ww__dp_serves(ww_query *q);
/* The DP's plan and units for the query's model, built by the first DP
 * frontier of a model revision and kept by the solver for the next (the
 * model-only part of a DP run: a third of a small model's); NULL when they
 * could not be built (the DP run then builds its own and says why). */
const struct ww__dp_prep *ww__dp_prep_of(ww_query *q);
/* The solver's workspace for DP runs whose output is used before the next
 * (ww__dp_frontier_in), made on first use; NULL when out of memory. */
void *ww__dp_work(ww_query *q);
/* max_pairs: as ww__dp_frontier_in's (0: no budget). */
ww_status ww__dp_points(ww_query *q, ww_result *r, double max_pairs,
                        int *complete);
/* best's and evaluate's DP (planner.c): one run for the admissible package
 * of largest J, ties within TOL to the higher U_s (the first of equals),
 * and with ref (U_b, U_s, J; may be NULL) the one of largest J among those
 * better for both than ref (within TOL on both sides, beyond it on one),
 * from the run's sums before the TOL filter (see ww__dp_keep).  On WW_OK
 * at[0], at[1] index p's points (-1: none; the same point when one);
 * p->complete = 0 when stopped.  max_pairs as ww__dp_frontier_in's
 * (WW_TOO_LARGE past it).  The run prunes by J (ww__dp_bound, dp.h) as pr
 * says (NULL: as planned).  Free p with ww__pareto_free. */
struct ww__pareto; /* dp.h */
typedef struct ww__pruning ww__pruning;
ww_status ww__dp_maxima(ww_query *q, const double *ref, double max_pairs,
                        ww__pruning *pr, struct ww__pareto *p, int at[2]);
/* nash's or kalai's point by one DP run pruned by its key (ww__dp_bound,
 * dp.h): on WW_OK r gets the answer, the admissible package the tie rule
 * picks (none when none meets d), as ww__dp_points would give the
 * frontier it is picked from, and ideal the ideal point; *complete = 0
 * when stopped. */
struct ww__dp_bound;
ww_status ww__dp_bargain(ww_query *q, const struct ww__dp_bound *b,
                         ww_result *r, double max_pairs, int *complete,
                         double ideal[2]);
/* How a DP fold prunes by its query's key (ww__dp_bound: nash's, kalai's,
 * J for best and evaluate), for the tests: from = 0 as planned, -1 never,
 * else from lists of that many sums; pruned counts the sums it dropped. */
struct ww__pruning {
    int from;
    double pruned;
};
/* ww_nash (kalai 0) or ww_kalai with the DP's pruning as pr says. */
ww_status ww__bargain_dp(ww_solver *s, const ww_options *o, int kalai,
                         ww__pruning *pr, ww_result **out);
/* ww_meso on path "mip" (o->path must be WW_PATH_MIP) with its first
 * offer and its searches at distance n (every term apart from every
 * offer) first by one DP run over the levels no offer takes, with no
 * budget, for the tests (lib/trades.c; on auto the same runs, within a
 * budget, where branch and bound and meeting in the middle leave them);
 * *apart counts the searches they settled. */
ww_status ww__meso_apart(ww_solver *s, const ww_options *o, int count,
                         double target, double band, int *apart,
                         ww_result **out);
/* 1 when the solver saw the search `which` run over its budget on this
 * model revision under the query's floors; ww__over_note records that it
 * did.  Only for searches whose size the model and the floors decide. */
int ww__over_seen(const ww_query *q, int which);
void ww__over_note(ww_query *q, int which);
/* The same for a search that one more number decides (meso's band floor). */
int ww__over_seen_key(const ww_query *q, int which, double key);
void ww__over_note_key(ww_query *q, int which, double key);
/* 1 on auto when one DP run within a small budget (WW__BEST_DP_PAIRS) is
 * worth a try before the walks or a MIP: the DP serves the model, its
 * units are cheap to build (WW__BEST_DP_JOINT_MAX) or, with built_ok,
 * built already, and the search `which` (-1: a run without a budget) did
 * not go over its budget on this revision, floors and key.  Without
 * built_ok the answer does not depend on the solver's earlier queries
 * (meso's promise). */
int ww__dp_cheap(ww_query *q, int which, double key, int built_ok);
/* Seconds left before the query's deadline, as the DP's time_limit (0:
 * none); sets q->stopped and returns -1 when it has passed. */
double ww__time_left(ww_query *q);
/* When the DP's whole frontier is too large (WW_TOO_LARGE): its top part,
 * U_s >= theta, with theta lowered by doubling steps until the partial sums
 * overflow or time runs out; adds those exact frontier points (U_s
 * descending) to r; *complete = 1 when that was the whole frontier. */
ww_status ww__dp_prefix(ww_query *q, ww_result *r, int *complete);

/* 1 when a query of this kind should be answered by the scan: path ENUM,
 * or AUTO on a space small enough that scanning it beats the other paths
 * (measured in bench/README.md "Planner thresholds"): any kind with a term
 * over 64 levels (one-hot branching is slow) up to WW__SCAN_AUTO_MAX
 * packages; best up to WW__SCAN_BEST_MAX; frontier, nash and kalai up to
 * WW__SCAN_TINY (or less, below), or up to WW__SCAN_MIP_MAX when the DP
 * does not serve the model; evaluate up to WW__SCAN_EVAL_MAX, meso up to
 * WW__SCAN_MESO_MAX (trades: nearby.c). */
int ww__scan_chosen(ww_query *q, ww_qkind kind);
#define WW__SCAN_AUTO_MAX 200000.0
/* meso's bounded walks (band.c) beat its MIP loop, whose searches in the
 * band branch and bound settles first, on every bench case up to 65,536
 * packages (1.2-25x); from 100,000 on the loop wins (1.4-5.6x: the band
 * holds more packages than the searches visit); see bench/README.md. */
#define WW__SCAN_MESO_MAX 80000.0
/* evaluate's branch and bound (band.c) beat its MIPs 30-150x on every
 * Genius domain up to 390,625 packages; on the generated bench models of
 * 1.7e6 to 1e7 packages it took 6-147 us against 65-364 us (slower only
 * on n10-m5, 2.2x); where its bounds cut almost nothing (zero-sum models:
 * every package ties on J) it gives up for a walk of the space (scan.c,
 * eval_budget), 16-27 ms / 0.21 s at 1e6 / 1e7 against the MIPs' 64 ms /
 * 10 s time limit.  So up to the walk's reach. */
#define WW__SCAN_EVAL_MAX WW__SCAN_WALK_MAX
/* On auto, where the DP would answer the frontier, evaluate first walks
 * at most WW__EVAL_WALK_FIRST nodes (and at most ww__eval_budget's): on
 * linear models such as the Genius domains that finds both maxima in
 * about a microsecond.  Past it, one DP run answers them exactly
 * (ww__dp_maxima): on the bench's models with interactions 2-90 us where
 * the branch and bound took 0.1-0.2 ms and the MIPs 0.1-4 ms.  It may form
 * a quarter of the packages' count in candidate sums (10-20 ns each), at
 * least WW__EVAL_DP_PAIRS_MIN and at most WW__EVAL_DP_PAIRS_MAX (0.1-0.3
 * ms, about the MIPs' time), before the walks or the MIPs take over
 * (trades.c, evaluate_fast). */
#define WW__EVAL_WALK_FIRST 1024
#define WW__EVAL_DP_PAIRS_MIN 4096.0
#define WW__EVAL_DP_PAIRS_MAX 16384.0
#define WW__SCAN_BEST_MAX 768.0
/* best on auto, once its walk gave up, asks the DP (one run for the
 * package of largest J, decoding that one only) before one lexicographic
 * MIP (25-350 us on the bench's models with interactions), with a budget
 * of this many candidate sums (10-20 ns each): where they suffice it
 * answers in 2-60 us; a run over it (a dense frontier: zero-sum models)
 * costs at most about one MIP, once per model revision and floors. */
#define WW__BEST_DP_PAIRS 4096.0
/* ... and when building the DP's units (kept per model revision, ~50 ns a
 * joint level) costs less than one MIP, unless they are built already. */
#define WW__BEST_DP_JOINT_MAX 2048.0
/* Frontier, nash and kalai scan up to WW__SCAN_TINY packages when the model
 * has interactions or constraints (the DP's units and open conditions cost
 * about 3,000 instructions more a query), and on an additive model up to
 * WW__SCAN_TINY_ADDITIVE for the frontier and WW__SCAN_TINY_BARGAIN for nash
 * and kalai, whose DP run costs about 1,500 more than the frontier's
 * (bench/README.md "Planner thresholds, re-measured"). */
#define WW__SCAN_TINY 16.0
#define WW__SCAN_TINY_ADDITIVE 8.0
#define WW__SCAN_TINY_BARGAIN 12.0
#define WW__SCAN_MIP_MAX 50000.0
/* Trades that found none on the enum path are diagnosed by a scan up to
 * this many packages, above by the DP (1.1 against 3.6 us at 80 packages,
 * 3.5 against 1.8 us at 384, even at 180). */
#define WW__SCAN_DIAG_MAX 128.0
ww_status ww__scan(ww_query *q, ww_qkind kind, const ww_qargs *a,
                   ww_result *r, ww_outcome *oc);
/* Why nothing is admissible, by one walk of the space (at most
 * WW__SCAN_WALK_MAX packages): the scan's causes, else (query_bounds) the
 * query's; none when the walk is stopped. */
ww_status ww__scan_diagnose(ww_query *q, ww_result *r, int query_bounds);
/* meso on the enumeration path (band.c): the band's packages, the best
 * package and the seller's range found by bounded depth-first walks
 * instead of a scan of every package. */
ww_status ww__band_meso(ww_query *q, const ww_qargs *a, ww_result *r,
                        ww_outcome *oc);
/* evaluate on the enumeration path (band.c): the best package and the
 * best one better for both than a->ref, by branch and bound on J.  With
 * a budget (nodes per walk; 0: none) it gives up past it: *over = 1, r
 * and a->eval's search fields left unset. */
ww_status ww__band_evaluate(ww_query *q, const ww_qargs *a, ww_result *r,
                            ww_outcome *oc, unsigned long budget, int *over);
/* best on the enumeration path (band.c): branch and bound on J.  With a
 * budget (nodes; 0: none) the walk gives up past it: *over = 1, r left
 * as it was but for its path. */
ww_status ww__band_best(ww_query *q, ww_result *r, ww_outcome *oc,
                        unsigned long budget, int *over);
/* evaluate's budget of nodes per walk of band.c on the enum path, past
 * which a walk of the space answers (scan.c explains). */
unsigned long ww__eval_budget(const ww_query *q);
/* best on auto tries that walk first, up to WW__SCAN_MAX packages, with
 * this budget: about one MIP's time (a node costs 25-40 ns; the Genius
 * domains' walks visit at most 64), past which
 * J ties so many packages (a zero-sum model) that the DP or the MIP
 * answers sooner. */
#define WW__BEST_WALK_BUDGET 1024
/* meso's searches on the MIP loop (band.c): branch and bound over the
 * terms for the feasible package inside the query's current bounds
 * (q->lo, q->hi: meso's band, floors) of largest x (WW_UB or WW_US) that
 * shares at most maxagree levels with each of the noffers offers (n
 * levels each).  Its bounds: the plan's intervals; x + nu y (Lagrange on
 * the binding side of the other utility y's range), U_b and U_s both
 * ways, each less the smallest losses of leaving an offer's levels beyond
 * those it may still share.  Levels by x + nu y, so the first path lands
 * near y's range.  Within budget nodes (interactions evaluated count as
 * nodes; 0: any): the best found into out (1, 0 none, -1 out of memory)
 * and *complete = 1 when the search ended (out is then the optimum,
 * exactly; else a first incumbent for GLPK). */
int ww__band_dive(ww_query *q, int x, const int *offers, int noffers,
                  int maxagree, unsigned long budget, int *out, int *complete);
/* meso's default target (the U_s of the best admissible package: max J,
 * ties within TOL the higher U_s) and default band's range (the least
 * and largest U_s of a feasible package) by band.c's walks, within
 * budget nodes each (interactions evaluated count as nodes): 0 when the
 * walks ended (*found: there is such a package, and the values), 1
 * stopped by the deadline, 2 over the budget, -1 out of memory. */
int ww__band_meso_target(ww_query *q, unsigned long budget, int *found,
                         double *us);
int ww__band_seller_range(ww_query *q, unsigned long budget, int *found,
                          double *lo, double *hi);
/* Nodes of each of those walks: where they need more, GLPK's MIP (about
 * 25 us on the Genius domains) is the cheaper way. */
#define WW__MESO_WALK_BUDGET 30000
/* Nodes of one dive: about a millisecond (a node costs 20-40 ns), against
 * meso's distance-search MIPs of one to hundreds of milliseconds. */
#define WW__MESO_DIVE_BUDGET 30000
/* A first incumbent for a MIP of meso's band (repair.c): the root LP's
 * level values lp (terms in order) rounded to a package, then single-
 * level changes toward the query's region (its box, the model's
 * constraints, the cut rows) and up wb U_b + ws U_s inside it, within a
 * budget of a few milliseconds.  1 when pkg ends inside (*z its
 * objective), 0 not, -1 out of memory. */
int ww__lp_round(ww_query *q, const double *lp, double wb, double ws,
                 int *pkg, double *z);
/* Frees a solver's walk plan (NULL: nothing). */
void ww__band_plan_free(struct ww__band_plan *p);

/* Trades by a walk of the reference's neighbourhood (nearby.c), pruned by
 * what the changes left can still add: ww__nearby_count is how many
 * packages differ from any reference in 1 to max_changes terms (ww_trades
 * keeps it in q->enum_count).  Path ENUM walks it whole, up to
 * WW__NEARBY_MAX packages.  ww__nearby_walks says whether AUTO walks it,
 * with ww__nearby_auto_max(q) packages as its budget: max(
 * WW__NEARBY_AUTO_MIN, WW__NEARBY_AUTO_N2 * terms^2), the line up to
 * which enumerating every one (8 to 60 ns each) beats the MIP loop's ten
 * solves (about 0.15 to 0.5 ms * terms^2: bench/README.md "Planner
 * thresholds"); past its budget, the MIP loop answers.
 * ww__trades_nearby answers them (with no trade: outcome INFEASIBLE,
 * diagnosed as the query's bounds when an admissible package is in reach,
 * else left to ww__diagnose); with a budget (> 0) it sets *over instead,
 * and adds nothing to r, when the walk would pass it. */
double ww__nearby_count(const ww_model *m, int max_changes);
double ww__nearby_auto_max(const ww_query *q);
int ww__nearby_walks(const ww_query *q, int max_changes);
#define WW__NEARBY_AUTO_MIN 50000.0
#define WW__NEARBY_AUTO_N2 10000.0
#define WW__NEARBY_MAX 1e8
ww_status ww__trades_nearby(ww_query *q, const ww_qargs *a, ww_result *r,
                            ww_outcome *oc, long budget, int *over);
void ww__nearby_plan_free(struct ww__nearby_plan *p);

/* Exact frontier under the query's current admissibility bounds; appends
 * the points to r (U_s descending).  *complete = 0 when stopped. */
ww_status ww__frontier_points(ww_query *q, ww_result *r, int *complete);
/* Drops the dominated and duplicate points of r from `from` on (the shared
 * TOL rules) and sorts them U_s descending; WW_NOMEM or WW_OK. */
ww_status ww__frontier_filter(ww_result *r, int from);
/* The nash (kalai 0) or kalai key of (ub, us) for the disagreement point d
 * and the ideal, as the spec defines it (a kalai ratio whose denominator is
 * within TOL of 0 counts as 1); -HUGE_VAL when ub or us is below d by more
 * than TOL.  Shared by every path; inline, with ternaries for fmin and fmax
 * (utilities are never NaN): the walk and meeting in the middle call it
 * per package. */
static inline double ww__bargain_key(int kalai, const double d[2],
                                     const double ideal[2], double ub,
                                     double us)
{
    if (ub < d[0] - WW_TOLERANCE || us < d[1] - WW_TOLERANCE)
        return -HUGE_VAL;
    if (!kalai)
        return (ub - d[0]) * (us - d[1]);
    double db = ideal[0] - d[0], ds = ideal[1] - d[1];
    double rb = fabs(db) <= WW_TOLERANCE ? 1.0 : (ub - d[0]) / db;
    double rs = fabs(ds) <= WW_TOLERANCE ? 1.0 : (us - d[1]) / ds;
    return rb < rs ? rb : rs;
}
/* A package whose key came within TOL of the best so far, as nash's and
 * kalai's searches (the walk, meeting in the middle, the frontier's
 * points) hand it to the tie rule. */
typedef struct ww__tied {
    long idx;   /* the package's index, or the order it was kept in */
    double ub, us, key;
} ww__tied;
/* The tie rule's last word between two packages of the best key's ties
 * whose J both reach the best J - TOL: the higher U_s, then the lower
 * idx. */
static inline int ww__wins_tie(const ww__tied *a, const ww__tied *b)
{
    return a->us > b->us || (a->us == b->us && a->idx < b->idx);
}
/* The tie rule's passes 2 and 3 over n packages, the i-th at(ctx, i):
 * among those whose key reaches best - TOL, those whose J reaches their
 * highest J - TOL, then ww__wins_tie.  Its i, or -1 when no key reaches
 * best - TOL.  Shared by every path's nash and kalai, and by evaluate's
 * walk; inline, so that each caller's at() is too (a call per package
 * cost pick() a third more on a frontier of a thousand points). */
WW__ALWAYS_INLINE int ww__settle_ties(const ww_model *m, int n, double best,
                                      ww__tied (*at)(const void *ctx, int i),
                                      const void *ctx)
{
    double kmin = best - WW_TOLERANCE, bj = -HUGE_VAL;
    for (int i = 0; i < n; i++) {
        ww__tied x = at(ctx, i);
        if (x.key >= kmin)
            bj = fmax(bj, ww__joint(m, x.ub, x.us));
    }
    int arg = -1;
    ww__tied a = {0};
    for (int i = 0; i < n; i++) {
        ww__tied x = at(ctx, i);
        if (x.key >= kmin && ww__joint(m, x.ub, x.us) >= bj - WW_TOLERANCE &&
            (arg < 0 || ww__wins_tie(&x, &a))) {
            arg = i;
            a = x;
        }
    }
    return arg;
}
/* The tie rule over n packages read through at(), keys computed at each
 * read, without memory: the best key in one pass, then ww__settle_ties.
 * The winner's i, or -1 when no key is above -HUGE_VAL. */
WW__ALWAYS_INLINE int ww__pick_read(const ww_model *m, int n,
                                    ww__tied (*at)(const void *ctx, int i),
                                    const void *ctx)
{
    double best = -HUGE_VAL;
    for (int i = 0; i < n; i++)
        best = fmax(best, at(ctx, i).key);
    return best > -HUGE_VAL ? ww__settle_ties(m, n, best, at, ctx) : -1;
}
/* ww__settle_ties' accessor over an array of ww__tied. */
static inline ww__tied ww__tied_at(const void *ctx, int i)
{
    return ((const ww__tied *)ctx)[i];
}
/* The tie rule over t[0..n), keys set: the ties of the best key moved to
 * t's front and settled by ww__settle_ties.  The winner's place in t, or
 * -1 when no key is above -HUGE_VAL. */
static inline int ww__pick_tied(const ww_model *m, ww__tied *t, int n)
{
    double best = -HUGE_VAL;
    for (int i = 0; i < n; i++)
        best = fmax(best, t[i].key);
    if (best == -HUGE_VAL)
        return -1;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (t[i].key >= best - WW_TOLERANCE)
            t[k++] = t[i];
    return ww__settle_ties(m, k, best, ww__tied_at, t);
}
/* An upper bound on the key of every package with U_b <= ub and U_s <= us
 * (the key itself is not monotone within TOL of d). */
static inline double ww__bargain_bound(int kalai, const double d[2],
                                       const double ideal[2], double ub,
                                       double us)
{
    double xb = ub - d[0], xs = us - d[1];
    if (!kalai)
        return (xb > 0 ? xb : 0.0) * (xs > 0 ? xs : 0.0) +
               WW_TOLERANCE * WW_TOLERANCE;
    return ww__bargain_key(kalai, d, ideal, ub > d[0] ? ub : d[0],
                           us > d[1] ? us : d[1]);
}
/* The weight on the other utility that breaks ties of a maximum of U_r
 * (WW_UB or WW_US) toward its higher values without outweighing a step of
 * U_r (half a grid unit, or TOL/2 on real data): the frontier loop's
 * lambda. */
double ww__tie_weight(const ww_solver *s, int r);
/* A query answered with a result: begins it (options checked, the forced
 * path's support, the result made) / ends it (a diagnosis when nothing is
 * admissible, outcome and stats; on a failed st the result is freed). */
ww_status ww__answer_begin(ww_solver *s, const ww_options *o, ww_result **out,
                           ww_query *q, ww_result **r, const char *who,
                           double scan_max);
ww_status ww__answer_end(ww_query *q, ww_result *r, ww_result **out,
                         ww_status st, ww_outcome oc);

#endif
