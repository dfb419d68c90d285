/* solver.c — solver objects, query state, and the one guarded MIP solve
 * every query is built from.
 *
 * Every package GLPK returns is rounded, re-evaluated exactly and checked
 * against the model's constraints and the query's bounds; a package that
 * fails (GLPK's tolerances are looser than winwin's) is cut off with a
 * temporary no-good row and the solve is repeated.  Bounds on U_b, U_s and J
 * are kept as exact numbers in the query and translated to row bounds: on a
 * grid (all utility data multiples of a unit u) a bound becomes the nearest
 * grid value -/+ u/2, which GLPK's tolerances cannot blur. */
#include "solver_internal.h"
#include "mitm.h"
#include "dp.h"
#include "glpk_env.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FUZZ 1e-9         /* float noise allowed in exact comparisons */
#define MAX_RETRIES 200   /* no-good retries of one solve */
#define STRICT_TOL_INT 1e-9 /* integrality tolerance of exact solves */
/* A loose solve's package may fall this far below GLPK's objective: a
 * tenth of TOL, so the answer stays within TOL of the true optimum. */
#define LOOSE_GAP (0.1 * WW_TOLERANCE)
/* Nodes a meso band MIP or a trades MIP branches before it starts again
 * with MIR cuts (run_mip).  100 to 1,000 were measured on meso, and 300
 * was the best compromise.  One case got slower: 30issuesDiscounted at
 * band 0.03, 1.5 -> 3.1 s (bench/README.md, Profile, "meso's hard MIPs
 * restart with MIR cuts"). */
#define MIR_AFTER_NODES 300
/* Nodes of a meso band MIP after which GLPK makes no more Gomory cuts
 * (run_mip).  20, 50 and 100 were measured; at 50, ANAC 2014's narrow
 * bands and five offers 1.3-2.1x faster, the bench's 10issues 0.94x
 * (bench/README.md, Profile, "meso's Gomory cuts stop after 50 nodes"). */
#define GMI_NODES 50

double ww__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ww__util3(const ww_model *m, const int *pkg, double u[3])
{
    ww__utilities(m, pkg, &u[WW_UB], &u[WW_US]);
    u[WW_J] = m->party[WW_BUYER].weight * u[WW_UB] +
              m->party[WW_SELLER].weight * u[WW_US];
}

int ww__better_joint(const double u[3], const double *a)
{
    return !a || u[WW_J] > a[WW_J] + WW_TOLERANCE ||
           (u[WW_J] >= a[WW_J] - WW_TOLERANCE && u[WW_US] > a[WW_US]);
}

static ww_status glpk_failed(ww_solver *s)
{
    s->lp = NULL; /* freed with the environment */
    for (int c = 0; c < s->ncuts; c++) {
        s->cuts[c].row = 0;
        s->cuts[c].dirty = 1;
    }
    return ww__fail(s->model, WW_SOLVER_ERROR,
                    "GLPK failed internally; the solver was reset");
}

/* The model-only part (columns, coefficients, ranges) is out of date. */
static int facts_stale(const ww_solver *s)
{
    return !s->col0 || s->revision != s->model->revision;
}

/* The GLPK problem is missing or out of date. */
static int stale(const ww_solver *s)
{
    return facts_stale(s) || !s->lp || s->generation != ww__glp_generation();
}

static ww_status build_facts(ww_solver *s)
{
    ww_status st = WW_OK;
    if (facts_stale(s)) {
        if (s->lp) { /* a problem built for the last revision: freed
                        inside a guard (no GLPK call otherwise) */
            ww_guard g;
            if (setjmp(g.jb)) {
                ww__glp_recover(&g);
                return glpk_failed(s);
            }
            ww__glp_guard(&g);
            ww__form_clear_lp(s);
            ww__glp_unguard(&g);
        }
        st = ww__form_build(s);
        if (st == WW_NOMEM)
            return ww__fail(s->model, st, "out of memory building the MIP");
        if (st == WW_OK)
            ww__plan_facts(s);
    }
    return st;
}

/* Brings the GLPK problem up to date (the facts first). */
static ww_status build_guarded(ww_solver *s)
{
    ww_status st = build_facts(s);
    if (st != WW_OK)
        return st;
    ww_guard g;
    if (setjmp(g.jb)) {
        ww__glp_recover(&g);
        return glpk_failed(s);
    }
    ww__glp_guard(&g);
    st = ww__form_lp(s);
    ww__glp_unguard(&g);
    if (st == WW_NOMEM)
        return ww__fail(s->model, st, "out of memory building the MIP");
    return st;
}

ww_status ww__solver_lp(ww_solver *s)
{
    return stale(s) ? build_guarded(s) : WW_OK;
}

ww_status ww_solver_new(ww_model *model, ww_solver **out)
{
    if (out)
        *out = NULL;
    if (!model || !out)
        return model ? ww__fail(model, WW_MISUSE, "ww_solver_new: out is NULL")
                     : WW_MISUSE;
    ww_status st = ww_model_validate(model);
    if (st != WW_OK)
        return st;
    ww_solver *s = calloc(1, sizeof *s);
    if (!s)
        return ww__fail(model, WW_NOMEM, "out of memory");
    s->model = model;
    s->dp_support = -2;
    s->mir_after = MIR_AFTER_NODES;
    s->gmi_after = GMI_NODES;
    st = build_facts(s); /* the GLPK problem waits for a MIP */
    if (st != WW_OK) {
        ww_solver_free(s);
        return st;
    }
    *out = s;
    return ww__ok(model);
}

void ww_solver_free(ww_solver *s)
{
    if (!s)
        return;
    if (s->lp) { /* GLPK is touched (its environment too) only for one */
        ww_guard g;
        if (setjmp(g.jb)) {
            ww__glp_recover(&g);
            s->lp = NULL;
        } else {
            ww__glp_guard(&g);
            ww__form_clear_lp(s);
            ww__glp_unguard(&g);
        }
    }
    ww__form_clear(s); /* lp is NULL or freed: frees the arrays */
    for (int c = 0; c < s->ncuts; c++)
        free(s->cuts[c].ref);
    free(s->cuts);
    ww__dp_prep_free(s->dp_prep);
    ww__mitm_keep_free(s->mitm_keep);
    free(s->dp_work);
    ww__band_plan_free(s->band_plan);
    ww__nearby_plan_free(s->nearby_plan);
    free(s);
}

/* ---- queries ---- */

void ww__query_bounds(ww_query *q, int admissible)
{
    for (int r = 0; r < 3; r++) {
        q->lo[r] = -HUGE_VAL;
        q->hi[r] = HUGE_VAL;
    }
    if (!admissible)
        return;
    for (int p = 0; p < 2; p++)
        if (q->has_floor[p])
            q->lo[p] = q->floor[p] - WW_TOLERANCE;
}

void ww__bound_ge(ww_query *q, int r, double v)
{
    q->lo[r] = fmax(q->lo[r], v - WW_TOLERANCE);
}

void ww__bound_gt(ww_query *q, int r, double v)
{
    q->lo[r] = fmax(q->lo[r], v + WW_TOLERANCE + 2 * FUZZ);
}

void ww__bound_le(ww_query *q, int r, double v)
{
    q->hi[r] = fmin(q->hi[r], v + WW_TOLERANCE);
}

ww_status ww__query_begin(ww_query *q, ww_solver *s, const ww_options *o)
{
    memset(q, 0, sizeof *q);
    if (!s || !s->model)
        return WW_MISUSE;
    ww_model *m = s->model;
    q->s = s;
    q->m = m;
    if (o)
        q->o = *o;
    else
        ww_options_init(&q->o);
    o = &q->o;
    q->planned = o->path == WW_PATH_AUTO;
    if (isnan(o->time_limit))
        return ww__fail(m, WW_INVALID, "options: time_limit is not a number");
    if (o->max_points < 0)
        return ww__fail(m, WW_INVALID, "options: max_points is negative");
    if (o->override_budget && !(isfinite(o->budget) && o->budget >= 0))
        return ww__fail(m, WW_INVALID,
                        "options: budget must be a finite number >= 0");
    if (o->override_budget && !m->opening && !o->ignore_limits)
        return ww__fail(m, WW_INVALID,
                        "options: a concession budget needs an opening");
    if (o->path != WW_PATH_AUTO && o->path != WW_PATH_MIP &&
        o->path != WW_PATH_ENUM && o->path != WW_PATH_DP)
        return ww__fail(m, WW_INVALID, "options: unknown path %d",
                        (int)o->path);
    /* facts built for the model's revision: it validated then (ww_solver_new
     * and this function validate before building them) */
    ww_status st = facts_stale(s) ? ww_model_validate(m) : ww__ok(m);
    if (st != WW_OK)
        return st;
    st = build_facts(s);
    if (st != WW_OK)
        return st;
    s->inc_ok = 0; /* a query starts from no package of another */
    q->t0 = ww__now();
    q->deadline = (o->time_limit > 0 && isfinite(o->time_limit))
                      ? q->t0 + o->time_limit : 0;
    q->has_floor[WW_BUYER] = ww__buyer_floor(m, o, &q->floor[WW_BUYER]);
    q->has_floor[WW_SELLER] = ww__seller_floor(m, o, &q->floor[WW_SELLER]);
    /* A floor below every reachable utility bounds nothing; dropping it
     * keeps huge bounds (a reservation of -1e20) out of GLPK's rows. */
    for (int p = 0; p < 2; p++)
        if (q->has_floor[p] && q->floor[p] < -s->range[p] / 2 - 1)
            q->has_floor[p] = 0;
    ww__query_bounds(q, 1);
    /* the model may not change until ww__query_end (model.c, writable) */
    __atomic_add_fetch(&m->busy, 1, __ATOMIC_ACQ_REL);
    q->holds_model = 1;
    return WW_OK;
}

ww_status ww__add_cut(ww_query *q, const int *ref, int lo, int hi, int *index)
{
    ww_solver *s = q->s;
    if (s->ncuts == s->cutcap) {
        int nc = s->cutcap ? 2 * s->cutcap : 16;
        ww_cut *c = realloc(s->cuts, sizeof *c * (size_t)nc);
        if (!c)
            return ww__fail(q->m, WW_NOMEM, "out of memory");
        s->cuts = c;
        s->cutcap = nc;
    }
    int *r = malloc(sizeof(int) * (size_t)(s->n > 0 ? s->n : 1));
    if (!r)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    memcpy(r, ref, sizeof(int) * (size_t)s->n);
    ww_cut *c = &s->cuts[s->ncuts];
    c->ref = r;
    c->lo = lo;
    c->hi = hi;
    c->row = 0;
    c->dirty = 1;
    if (index)
        *index = s->ncuts;
    s->ncuts++;
    return WW_OK;
}

ww_status ww__set_cut(ww_query *q, int index, int lo, int hi)
{
    ww_cut *c = &q->s->cuts[index];
    if (c->lo != lo || c->hi != hi) {
        c->lo = lo;
        c->hi = hi;
        c->dirty = 1;
    }
    return WW_OK;
}

static void del_rows(ww_solver *s, int nrows, const int *num)
{
    ww_guard g;
    if (setjmp(g.jb)) {
        ww__glp_recover(&g);
        glpk_failed(s);
        return;
    }
    ww__glp_guard(&g);
    glp_del_rows(s->lp, nrows, num);
    ww__glp_unguard(&g);
}

void ww__drop_cuts(ww_query *q, int from)
{
    ww_solver *s = q->s;
    if (from >= s->ncuts)
        return;
    int nrows = 0;
    for (int c = from; c < s->ncuts; c++)
        if (s->cuts[c].row > 0)
            nrows++;
    if (nrows > 0 && !stale(s)) {
        int *num = malloc(sizeof(int) * ((size_t)nrows + 1));
        if (num) {
            int k = 0;
            for (int c = from; c < s->ncuts; c++)
                if (s->cuts[c].row > 0)
                    num[++k] = s->cuts[c].row;
            del_rows(s, nrows, num);
            free(num);
        } else {
            s->lp = NULL; /* cannot delete: rebuild (leaks nothing: */
            s->revision = 0; /* the stale problem is freed by clear) */
        }
    }
    for (int c = from; c < s->ncuts; c++)
        free(s->cuts[c].ref);
    s->ncuts = from;
}

void ww__query_end(ww_query *q)
{
    if (q->s)
        ww__drop_cuts(q, 0);
    if (q->holds_model) {
        __atomic_sub_fetch(&q->m->busy, 1, __ATOMIC_ACQ_REL);
        q->holds_model = 0;
    }
}

/* ---- bounds to rows ---- */

static double grid_lo(double lo, double u)
{
    return (ceil(lo / u - 1e-7) - 0.5) * u;
}

static double grid_hi(double hi, double u)
{
    return (floor(hi / u + 1e-7) + 0.5) * u;
}

static void set_row(glp_prob *lp, int row, double lo, double hi)
{
    int fl = isfinite(lo), fh = isfinite(hi);
    if (fl && fh) {
        if (lo < hi)
            glp_set_row_bnds(lp, row, GLP_DB, lo, hi);
        else if (lo == hi)
            glp_set_row_bnds(lp, row, GLP_FX, lo, hi);
        else /* lo > hi by float noise only (see bounds_empty) */
            glp_set_row_bnds(lp, row, GLP_FX, lo, lo);
    } else if (fl)
        glp_set_row_bnds(lp, row, GLP_LO, lo, 0);
    else if (fh)
        glp_set_row_bnds(lp, row, GLP_UP, 0, hi);
    else
        glp_set_row_bnds(lp, row, GLP_FR, 0, 0);
}

/* An empty interval of bounds: no solve needed. */
static int bounds_empty(const ww_query *q)
{
    for (int r = 0; r < 3; r++)
        if (q->lo[r] > q->hi[r] + 2 * FUZZ)
            return 1;
    for (int c = 0; c < q->s->ncuts; c++)
        if (q->s->cuts[c].lo > q->s->cuts[c].hi)
            return 1;
    return 0;
}

/* Pushes bounds, cuts and objective into GLPK (inside a guard). */
static void sync(ww_query *q, double wb, double ws, int reduce)
{
    ww_solver *s = q->s;
    glp_prob *lp = s->lp;
    if (reduce != s->reduced) {
        for (int i = 0; i < s->ndropped; i++) {
            if (reduce)
                glp_set_col_bnds(lp, s->dropped[i], GLP_FX, 0.0, 0.0);
            else
                glp_set_col_bnds(lp, s->dropped[i], GLP_DB, 0.0, 1.0);
        }
        for (int i = 0; i < s->nrelax; i++) {
            const ww_relax *x = &s->relax[i];
            if (reduce)
                glp_set_row_bnds(lp, x->row, GLP_FR, 0.0, 0.0);
            else
                glp_set_row_bnds(lp, x->row, x->type, x->bound, x->bound);
        }
        s->reduced = reduce;
    }
    for (int k = 0; k < 3; k++) {
        double lo = q->lo[k], hi = q->hi[k];
        double u = s->unit[k];
        if (u > 0) {
            if (isfinite(lo))
                lo = grid_lo(lo, u);
            if (isfinite(hi))
                hi = grid_hi(hi, u);
            if (lo > hi) /* nothing on the grid in between */
                hi = lo;
        }
        if (isfinite(lo))
            lo -= s->cst[k];
        if (isfinite(hi))
            hi -= s->cst[k];
        if (lo != s->set_lo[k] || hi != s->set_hi[k]) {
            set_row(lp, s->row[k], lo, hi);
            s->set_lo[k] = lo;
            s->set_hi[k] = hi;
        }
    }
    for (int c = 0; c < s->ncuts; c++) {
        ww_cut *cut = &s->cuts[c];
        if (cut->row == 0) {
            cut->row = glp_add_rows(lp, 1);
            for (int i = 0; i < s->n; i++) {
                s->ind[i + 1] = s->col0[i] + cut->ref[i];
                s->val[i + 1] = 1.0;
            }
            glp_set_mat_row(lp, cut->row, s->n, s->ind, s->val);
            cut->dirty = 1;
        }
        if (cut->dirty) {
            double lo = cut->lo > 0 ? cut->lo - 0.5 : -HUGE_VAL;
            double hi = cut->hi < s->n ? cut->hi + 0.5 : HUGE_VAL;
            set_row(lp, cut->row, lo, hi);
            cut->dirty = 0;
        }
    }
    for (int c = 1; c <= s->ncols; c++) {
        double v = wb * s->coef[WW_UB][c] + ws * s->coef[WW_US][c];
        if (v != s->obj[c]) {
            glp_set_obj_coef(lp, c, v);
            s->obj[c] = v;
        }
    }
}

static int remaining_ms(const ww_query *q)
{
    if (!q->deadline)
        return INT_MAX;
    double ms = (q->deadline - ww__now()) * 1000.0;
    if (ms < 1)
        return 0;
    if (ms > INT_MAX)
        return INT_MAX;
    return (int)ms;
}

enum { RUN_OPT, RUN_INFEAS, RUN_TIME, RUN_ERROR };

/* The root LP's reduced-cost tolerance.  GLPK's grows with |c_j|: with
 * 1e9-sized utilities its default (1e-7) accepted a vertex 1e-3 short of
 * the optimum as optimal (tests/robust/test_scales).  So tight a tolerance
 * can make the dual simplex cycle on a degenerate problem (a zero-sum model
 * with utilities ~30 did, for ever): an iteration limit far above what any
 * solve needs catches that, and the LP is re-solved with a looser one.
 * (Scaling it to the objective instead also fixed the cycling but made the
 * ANAC 2014 frontiers 20-30 % slower.) */
#define ROOT_TOL_DJ 1e-12
#define GLPK_TOL_DJ 1e-7   /* GLPK's default */
#define ROOT_IT_MIN 10000
#define ROOT_IT_PER_ROW 20

/* A MIP that took this many simplex iterations turns GLPK's presolver on
 * for the rest of the query (see run_mip).  Iterations, not seconds, so
 * that a query's path never depends on the clock. */
#define PRESOLVE_AFTER_IT 100

static int run_mip(ww_query *q, double wb, double ws, double tol_int,
                   int *found, int *pkg, double *z);

/* The column t and its rows U_p - den_p t >= d_p of a ratio solve, added
 * for one run (inside a guard) and deleted after it: the shared problem
 * keeps its shape.  Returns t's column. */
static int ratio_add(ww_query *q, int rows[2], int *nrows)
{
    ww_solver *s = q->s;
    glp_prob *lp = s->lp;
    int t = glp_add_cols(lp, 1);
    glp_set_col_bnds(lp, t, GLP_DB, 0.0, 1.0);
    glp_set_obj_coef(lp, t, 1.0);
    *nrows = 0;
    for (int p = 0; p < 2; p++) {
        if (!(q->ratio_den[p] > 0))
            continue;
        int r = p == WW_BUYER ? WW_UB : WW_US;
        int k = glp_get_mat_row(lp, s->row[r], s->ind, s->val); /* U_p */
        s->ind[k + 1] = t;
        s->val[k + 1] = -q->ratio_den[p];
        int row = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, row, k + 1, s->ind, s->val);
        glp_set_row_bnds(lp, row, GLP_LO, q->ratio_d[p] - s->cst[r], 0.0);
        rows[(*nrows)++] = row;
    }
    return t;
}

static void ratio_del(ww_solver *s, int t, const int rows[2], int nrows)
{
    int num[3] = {0, 0, 0};
    num[1] = t;
    glp_del_cols(s->lp, 1, num);
    for (int i = 0; i < nrows; i++)
        num[i + 1] = rows[i];
    if (nrows > 0)
        glp_del_rows(s->lp, nrows, num);
    s->basis_ok = 0; /* the basis lost a column and rows: start afresh */
}

/* One GLPK LP + MIP run; *found, pkg and *z (GLPK's objective value) on
 * RUN_OPT / RUN_TIME.  tol_int: GLPK's integrality tolerance. */
static int run(ww_query *q, double wb, double ws, double tol_int, int *found,
               int *pkg, double *z)
{
    if (!q->ratio)
        return run_mip(q, wb, ws, tol_int, found, pkg, z);
    /* the objective is t alone: zero on the packages' columns (run_mip's
     * sync sets those; t is not among them) */
    int rows[2], nrows;
    int t = ratio_add(q, rows, &nrows);
    int out = run_mip(q, 0.0, 0.0, tol_int, found, pkg, z);
    ratio_del(q->s, t, rows, nrows);
    return out;
}

static int exact_ok(ww_query *q, const int *pkg, const double u[3]);

#define INC_NOISE 1e-12 /* GLPK's and the exact value of an incumbent may
                           differ by this (relative) */

/* The package of a solution's columns x (1-based): each term's largest. */
static void package_of(const ww_solver *s, const double *x, int *pkg)
{
    for (int i = 0; i < s->n; i++) {
        int nl = s->model->terms[i].nlevels, best = 0;
        for (int k = 1; k < nl; k++)
            if (x[s->col0[i] + k] > x[s->col0[i] + best])
                best = k;
        pkg[i] = best;
    }
}

/* 1 when the package in s->inc (the query's last MIP solution or a
 * seed, as its exact columns: ww__seed) can start this solve of wb U_b +
 * ws U_s as GLPK's incumbent.  GLPK takes it unchecked, so the package
 * must meet the model, the bounds and the cut rows exactly, and GLPK's
 * value of it must not exceed what it is worth, or better packages would
 * be pruned.  Exact columns give its value up to float noise; the check
 * stays as the guard it was when GLPK's own columns were kept (a freed
 * interaction link could leave an indicator below its product, which a
 * negative weight overvalued: tests/model/test_mip_start.c). */
static int incumbent_fits(ww_query *q, double wb, double ws)
{
    ww_solver *s = q->s;
    if (!s->inc_ok || q->ratio)
        return 0;
    int *pkg = s->ind; /* scratch: sync() is done with it */
    double u[3], v = 0;
    package_of(s, s->inc, pkg);
    ww__util3(q->m, pkg, u);
    if (!exact_ok(q, pkg, u))
        return 0;
    for (int c = 1; c <= s->ncols; c++)
        v += s->obj[c] * s->inc[c];
    double ze = wb * (u[WW_UB] - s->cst[WW_UB]) +
                ws * (u[WW_US] - s->cst[WW_US]);
    /* float noise only: GLPK itself prunes within tol_obj (1e-12,
     * relative) of an incumbent */
    return v <= ze + INC_NOISE * (1 + fabs(ze));
}

void ww__seed(ww_query *q, const int *pkg)
{
    ww__form_columns(q->s, pkg, q->s->inc);
    q->s->inc_ok = 1;
}

typedef struct heur {
    const double *x;
    int pending;
    const ww_solver *s;
    const double *weight; /* per term, for branch_by_weight (NULL: GLPK's
                             own choice of the branching variable)       */
    int node_limit;       /* stop branch and bound past this many nodes
                             (0: never)                                   */
    glp_iocp *ip;         /* the search's parameters, which GLPK reads as
                             it goes (root_cuts, gmi_nodes)               */
    int root_cuts;        /* cut generators off once the root is done     */
    int gmi_nodes;        /* Gomory cuts off past this many nodes (0: as
                             set)                                         */
    int gmi_stopped;      /* the callback turned them off                 */
    ww_query *q;          /* the query whose progress callback the search
                             calls (NULL: the options have none)          */
    double report_at;     /* when to call it next (ww__now's clock): a
                             MIP of the hard models runs for seconds, or
                             without a time limit as long as GLPK takes */
    int cancelled;        /* it said stop: the search was terminated      */
} heur;

/* meso's band MIPs (q->cuts): the root LP rounded and repaired
 * (repair.c) replaces the incumbent in hand when it is worth more: meso
 * 2.1-4.2x faster on the bench's 20-60-term models with interactions
 * (bench/README.md, Profile, "meso's MIPs start from the rounded root
 * LP"). */
static void round_root(ww_query *q, double wb, double ws, heur *h)
{
    ww_solver *s = q->s;
    const ww_model *m = q->m;
    size_t levels = 0;
    for (int t = 0; t < s->n; t++)
        levels += (size_t)m->terms[t].nlevels;
    double *lp = malloc(sizeof(double) * (levels + 1));
    int *pkg = malloc(sizeof(int) * 2 * (size_t)(s->n + 1));
    if (lp && pkg) {
        int *was = pkg + s->n + 1; /* the incumbent in hand, if any */
        double zin = -HUGE_VAL, z, u[3];
        if (h->pending) {
            package_of(s, s->inc, was);
            ww__util3(m, was, u);
            zin = wb * u[WW_UB] + ws * u[WW_US];
        }
        size_t i = 0;
        for (int t = 0; t < s->n; t++)
            for (int l = 0; l < m->terms[t].nlevels; l++)
                lp[i++] = glp_get_col_prim(s->lp, s->col0[t] + l);
        if (ww__lp_round(q, lp, wb, ws, pkg, &z) > 0 && z > zin) {
            int pending = h->pending;
            ww__seed(q, pkg);
            h->x = s->inc;
            h->pending = incumbent_fits(q, wb, ws);
            if (!h->pending && pending) { /* (a guard) keep the one in hand */
                ww__seed(q, was);
                h->pending = incumbent_fits(q, wb, ws);
            }
        }
    }
    free(lp);
    free(pkg);
}

/* The branching variable: of the heaviest term with a fractional level,
 * the fractional level the LP uses least, toward its nearer integer
 * (down, mostly: that level is dropped first).  Where the utilities sit
 * in interactions on a few terms (ANAC 2014), GLPK's default spends its
 * nodes on light terms: meso went 1.8-3.55x faster there, 15x on
 * 50issuesDiscounted (bench/README.md, Profile, "meso's MIPs branch on
 * the heaviest term"). */
static void branch_by_weight(glp_tree *tree, const ww_solver *s,
                             const double *w)
{
    glp_prob *lp = glp_ios_get_prob(tree);
    int best = 0;
    double bw = -HUGE_VAL, bx = HUGE_VAL;
    for (int t = 0; t < s->n; t++) {
        if (w[t] < bw)
            continue;
        for (int l = 0; l < s->model->terms[t].nlevels; l++) {
            int j = s->col0[t] + l;
            if (!glp_ios_can_branch(tree, j))
                continue;
            double x = glp_get_col_prim(lp, j);
            if (w[t] > bw || x < bx) {
                best = j;
                bw = w[t];
                bx = x;
            }
        }
    }
    if (best)
        glp_ios_branch_upon(tree, best,
                            bx < 0.5 ? GLP_DN_BRNCH : GLP_UP_BRNCH);
}

/* GLPK's callback: hands the incumbent over at the first chance, picks
 * the branching variable when asked to, turns GLPK's cut generators off
 * past the root or past h->gmi_nodes nodes, stops the search past its
 * node limit (run_mip then starts it again with MIR cuts), and calls the
 * query's progress callback every WW__PROGRESS_EVERY, ending the search
 * when it says stop. */
static void mip_callback(glp_tree *tree, void *info)
{
    heur *h = info;
    int why = glp_ios_reason(tree);
    if (h->pending && why == GLP_IHEUR) {
        h->pending = 0;
        glp_ios_heur_sol(tree, h->x);
    }
    if (h->weight && why == GLP_IBRANCH)
        branch_by_weight(tree, h->s, h->weight);
    /* The first branching comes after the root's last round of cuts.
     * GLPK reads its parameters through the pointer glp_intopt was given
     * (glp_tree's parm), so its cut generators stop here and the root's
     * cuts stay; a GLPK that copied them would only cut as before. */
    if (h->root_cuts && why == GLP_IBRANCH) {
        h->ip->mir_cuts = GLP_OFF;
        h->ip->gmi_cuts = GLP_OFF;
        h->root_cuts = 0;
    }
    if ((h->node_limit || h->gmi_nodes) && why == GLP_ISELECT) {
        int active, current, total;
        glp_ios_tree_size(tree, &active, &current, &total);
        if (h->gmi_nodes && total > h->gmi_nodes) { /* the same way */
            h->ip->gmi_cuts = GLP_OFF;
            h->gmi_nodes = 0;
            h->gmi_stopped = 1;
        }
        if (h->node_limit && total > h->node_limit)
            glp_ios_terminate(tree);
    }
    if (h->q && !h->cancelled) {
        double now = ww__now();
        if (now >= h->report_at) {
            h->report_at = now + WW__PROGRESS_EVERY;
            if (ww__progress(h->q)) {
                h->cancelled = 1;
                glp_ios_terminate(tree);
            }
        }
    }
}

/* A MIP stopped past s->mir_after nodes: branch and bound again from the
 * root, with GLPK's mixed integer rounding cuts, from the best package the
 * stopped search found.  The cuts are made at the root only: GLPK makes
 * more after every backtracking step, 5-9 ms a node on ANAC 2014's
 * 50-issue domains, and with them 50issuesDiscountedwithRV's meso of five
 * offers passed 120 s; root only, 11.6 s (7.1 s once the first search's
 * Gomory cuts stopped after GMI_NODES; bench/README.md, Profile,
 * "Restarted searches cut at the root only").  Returns glp_intopt's code
 * (GLP_ETMLIM when no time is left). */
static int again_with_mir(ww_query *q, double wb, double ws, glp_iocp *ip,
                          heur *h)
{
    ww_solver *s = q->s;
    if (glp_mip_status(s->lp) == GLP_FEAS) {
        for (int c = 1; c <= s->ncols; c++)
            s->inc[c] = glp_mip_col_val(s->lp, c);
        package_of(s, s->inc, s->ind);
        ww__seed(q, s->ind); /* its exact columns, in s->inc (h->x) */
        h->pending = incumbent_fits(q, wb, ws);
    }
    h->node_limit = 0;
    ip->mir_cuts = GLP_ON; /* Gomory's as the first search left them */
    h->root_cuts = 1;
    s->mir_restarts++;
    int ms = remaining_ms(q);
    if (ms <= 0)
        return GLP_ETMLIM;
    ip->tm_lim = ms;
    return glp_intopt(s->lp, ip);
}

static int run_mip(ww_query *q, double wb, double ws, double tol_int,
                   int *found, int *pkg, double *z)
{
    ww_solver *s = q->s;
    glp_prob *lp = s->lp;
    *found = 0;
    /* dominated levels may be dropped: maximizing with lower bounds only */
    int reduce = wb >= 0 && ws >= 0 && q->reduce_ok;
    for (int k = 0; k < 3 && reduce; k++)
        if (q->hi[k] < HUGE_VAL)
            reduce = 0;
    sync(q, wb, ws, reduce);
    int ms = remaining_ms(q);
    if (ms <= 0)
        return RUN_TIME;
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP;
    sp.tm_lim = ms;
    sp.tol_dj = ROOT_TOL_DJ;
    sp.it_lim = ROOT_IT_MIN + ROOT_IT_PER_ROW * glp_get_num_rows(lp) +
                ROOT_IT_PER_ROW * s->ncols;
    if (!s->basis_ok)
        glp_adv_basis(lp, 0);
    int ret = glp_simplex(lp, &sp);
    /* out of iterations: cycling at the tight tolerance; loosen it */
    while (ret == GLP_EITLIM && sp.tol_dj < GLPK_TOL_DJ) {
        sp.tol_dj = fmin(GLPK_TOL_DJ, sp.tol_dj * 1e3);
        ret = glp_simplex(lp, &sp);
    }
    if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND ||
        ret == GLP_EFAIL || ret == GLP_EITLIM) {
        glp_std_basis(lp);
        ret = glp_simplex(lp, &sp);
        if (ret != 0 && ret != GLP_ETMLIM) {
            sp.meth = GLP_PRIMAL;
            glp_std_basis(lp);
            ret = glp_simplex(lp, &sp);
        }
    }
    if (ret == GLP_ETMLIM)
        return RUN_TIME;
    if (ret != 0) {
        s->basis_ok = 0;
        return RUN_ERROR;
    }
    s->basis_ok = 1;
    int lpst = glp_get_status(lp);
    if (lpst == GLP_NOFEAS)
        return RUN_INFEAS;
    if (lpst != GLP_OPT)
        return RUN_ERROR;
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    /* Without cut rows (best, frontier, nash, diagnosis): most-fractional
     * branching and no per-node preprocessing, 1.4-2.6x fewer CPU seconds
     * (bench/README.md, Profile).  With cut rows (trades' change limit,
     * meso's diversity, no-goods) GLPK's defaults are 2.5x faster: the
     * preprocessing tightens those rows.  Both leave branch and bound
     * complete.  Never GLP_BR_PCH: glp_intopt fails on these problems. */
    if (q->reduce_ok) {
        ip.br_tech = GLP_BR_MFV;
        ip.pp_tech = GLP_PP_NONE;
    }
    ip.tol_int = tol_int;
    /* A ratio solve only seeds the sweep, which visits every point above
     * t - TOL: GLPK's default lets it fathom near-ties (dense anti-
     * correlated 10 x 10: 0.5 s instead of 12 s at 1e-12). */
    ip.tol_obj = q->ratio ? 1e-7 : 1e-12;
    /* meso's band t - w <= U_s <= t is a two-sided knapsack row, on which
     * GLPK's Gomory mixed-integer cuts close the LP gap: over the 49 bench
     * models where meso runs MIPs, the slowest went from 3.7 s to 26 ms
     * (30 x 10 additive, correlated parties) and from the 10 s limit to
     * 1 s (30-term limits model); a few small ones took 1-3 ms more, the
     * geometric mean is unchanged (bench/README.md, Profile).  GLPK makes
     * them at the root and after every backtracking step; past GMI_NODES
     * nodes the callback stops them (the search that needs more is cut
     * at the root only past MIR_AFTER_NODES, below). */
    if (q->cuts)
        ip.gmi_cuts = GLP_ON;
    /* The query's last package, when it fits, as the first incumbent
     * (a lexicographic second stage starts from the first stage's
     * optimum, meso's tie-break from the offer found): branch and bound
     * prunes from the root on. */
    heur h = {.x = s->inc, .pending = incumbent_fits(q, wb, ws), .s = s,
              .ip = &ip};
    if (q->cuts && !q->ratio)
        round_root(q, wb, ws, &h);
    /* meso's MIPs branch on the heaviest terms first; the others gained
     * nothing by it (bench/README.md, Profile) */
    if (q->heavy)
        h.weight = s->term_weight;
    /* A meso band MIP or a trades MIP that branch and bound does not
     * settle within s->mir_after nodes starts again with GLPK's MIR cuts,
     * which tighten the LP bounds of the band's, the distance and the
     * change-limit rows.  Always on, they cost the MIPs settled in a few
     * hundred nodes up to 6x (ANAC 2014 30issues' meso 0.17 -> 0.94 s);
     * restarted, the hard ones went from 15,615 nodes (12 s) to 301 +
     * 1,067 (bench/README.md, Profile, "meso's hard MIPs restart with MIR
     * cuts").  Not on the frontier's, nash's or kalai's MIPs: 50issues-
     * DiscountedwithRV's frontier went 2.4 -> 4.2 s. */
    if (q->mir_restart)
        h.node_limit = s->mir_after;
    if (q->cuts)
        h.gmi_nodes = s->gmi_after;
    if (q->o.progress) {
        h.q = q;
        h.report_at = ww__now() + WW__PROGRESS_EVERY;
    }
    if (h.pending || h.weight || h.node_limit || h.gmi_nodes || h.q) {
        ip.cb_func = mip_callback;
        ip.cb_info = &h;
    }
    /* GLPK's MIP presolver drops the fixed dominated columns and the rows
     * they empty: 1.4-1.8x fewer CPU seconds on the slow frontiers (ANAC
     * 2014 30/50 issues), but about 0.3 ms a solve, so it is on once a
     * solve of the query took PRESOLVE_AFTER_IT simplex iterations.  Not
     * with a callback (an incumbent to offer, meso's branching): its tree
     * holds the presolved problem, whose columns differ.  A presolver's
     * "no feasible solution" or failure is confirmed on the full problem;
     * the package is checked exactly as always.  (It returned wrong
     * optima on float noise in the matrix, now cleaned: formulation.c,
     * COEF_NOISE.) */
    int pre = q->presolve && q->reduce_ok && !h.pending && !h.weight;
    ip.presolve = pre ? GLP_ON : GLP_OFF;
    ms = remaining_ms(q);
    if (ms <= 0)
        return RUN_TIME;
    ip.tm_lim = ms;
    int it0 = glp_get_it_cnt(lp);
    ret = glp_intopt(lp, &ip);
    s->gmi_stops += (unsigned long)h.gmi_stopped;
    if (ret == GLP_ESTOP && h.node_limit && !h.cancelled)
        ret = again_with_mir(q, wb, ws, &ip, &h);
    if (h.cancelled) /* as at the time limit: the best package found */
        ret = GLP_ETMLIM;
    if (pre && ret != 0 && ret != GLP_ETMLIM) {
        ip.presolve = GLP_OFF;
        if ((ms = remaining_ms(q)) <= 0)
            return RUN_TIME;
        ip.tm_lim = ms;
        ret = glp_intopt(lp, &ip);
    }
    if (q->reduce_ok && glp_get_it_cnt(lp) - it0 >= PRESOLVE_AFTER_IT)
        q->presolve = 1;
    int mst = glp_mip_status(lp);
    int timed = 0;
    if (ret == GLP_ETMLIM)
        timed = 1;
    else if (ret != 0)
        return RUN_ERROR;
    if (mst == GLP_OPT || mst == GLP_FEAS) {
        /* the package, kept for the query's next solve as its exact
         * columns (GLPK's may leave a freed link's indicator off its
         * product, and have binaries off 0 / 1 by its tolerance) */
        for (int c = 1; c <= s->ncols; c++)
            s->inc[c] = glp_mip_col_val(lp, c);
        package_of(s, s->inc, pkg);
        ww__seed(q, pkg);
        *z = glp_mip_obj_val(lp);
        *found = 1;
    }
    if (timed)
        return RUN_TIME;
    if (mst == GLP_OPT)
        return RUN_OPT;
    if (mst == GLP_NOFEAS)
        return RUN_INFEAS;
    return RUN_ERROR;
}

static int guarded_run(ww_query *q, double wb, double ws, double tol_int,
                       int *found, int *pkg, double *z, int *out)
{
    ww_guard g;
    if (setjmp(g.jb)) {
        ww__glp_recover(&g);
        return -1;
    }
    ww__glp_guard(&g);
    *out = run(q, wb, ws, tol_int, found, pkg, z);
    ww__glp_unguard(&g);
    return 0;
}

/* 1 when pkg meets the model's constraints, the bounds and the cuts
 * exactly. */
static int exact_ok(ww_query *q, const int *pkg, const double u[3])
{
    ww_evaluation ev;
    if (ww_model_evaluate(q->m, pkg, &ev) != WW_OK || !ev.feasible)
        return 0;
    for (int r = 0; r < 3; r++)
        if (u[r] < q->lo[r] - FUZZ || u[r] > q->hi[r] + FUZZ)
            return 0;
    ww_solver *s = q->s;
    for (int c = 0; c < s->ncuts; c++) {
        int same = 0;
        for (int i = 0; i < s->n; i++)
            same += pkg[i] == s->cuts[c].ref[i];
        if (same < s->cuts[c].lo || same > s->cuts[c].hi)
            return 0;
    }
    return 1;
}

/* Grid unit of the objective wb*U_b + ws*U_s (0: none known). */
static double obj_unit(const ww_solver *s, double wb, double ws)
{
    const ww_model *m = s->model;
    if (wb == 0 && fabs(ws) == 1)
        return s->unit[WW_US];
    if (ws == 0 && fabs(wb) == 1)
        return s->unit[WW_UB];
    if (wb == m->party[WW_BUYER].weight && ws == m->party[WW_SELLER].weight)
        return s->unit[WW_J];
    return 0;
}

int ww__progress(ww_query *q)
{
    if (!q->o.progress)
        return 0;
    ww_progress p = {q->points, q->solves, ww__now() - q->t0};
    if (!q->o.progress(&p, q->o.progress_data))
        return 0;
    q->stopped = 1;
    return 1;
}

ww_status ww__solve(ww_query *q, int r, int sign, ww_mip *res, int *found,
                    int *pkg, double u[3])
{
    double wb = r == WW_UB ? 1 : r == WW_US ? 0 : q->m->party[WW_BUYER].weight;
    double ws = r == WW_US ? 1 : r == WW_UB ? 0 : q->m->party[WW_SELLER].weight;
    return ww__solve_w(q, sign * wb, sign * ws, res, found, pkg, u);
}

ww_status ww__solve_ratio(ww_query *q, const double d[2], const double den[2],
                          ww_mip *res, int *found, int *pkg, double u[3])
{
    q->ratio = 1;
    memcpy(q->ratio_d, d, sizeof q->ratio_d);
    memcpy(q->ratio_den, den, sizeof q->ratio_den);
    ww_status st = ww__solve_w(q, 0.0, 0.0, res, found, pkg, u);
    q->ratio = 0;
    return st;
}

ww_status ww__solve_w(ww_query *q, double wb, double ws, ww_mip *res,
                      int *found, int *pkg, double u[3])
{
    ww_solver *s = q->s;
    *found = 0;
    *res = WW_MIP_STOPPED;
    if (q->stopped)
        return WW_OK;
    if (q->deadline && ww__now() >= q->deadline) {
        q->stopped = 1;
        return WW_OK;
    }
    if (bounds_empty(q)) {
        *res = WW_MIP_INFEASIBLE;
        return WW_OK;
    }
    int first_temp = s->ncuts;
    q->reduce_ok = first_temp == 0;
    ww_status st = WW_OK;
    /* a loose tolerance pays only where a grid proves its answers */
    double unit = obj_unit(s, wb, ws);
    double tol_int = q->tol_int > STRICT_TOL_INT && unit > 0
                         ? q->tol_int : STRICT_TOL_INT;
    for (int attempt = 0;; attempt++) {
        if (stale(s)) {
            st = build_guarded(s);
            if (st != WW_OK)
                break;
        }
        int out;
        double z = 0;
        if (guarded_run(q, wb, ws, tol_int, found, pkg, &z, &out) != 0) {
            st = glpk_failed(s);
            break;
        }
        q->solves++;
        if (out == RUN_ERROR) {
            st = ww__fail(q->m, WW_SOLVER_ERROR,
                          "GLPK could not solve the MIP");
            break;
        }
        if (*found && tol_int > STRICT_TOL_INT) {
            /* loose integrality: GLPK's (near-integral) optimum z bounds
             * every package's objective, but may exceed the rounded
             * package's by a few TOL (its LP spends a row's TOL slack on a
             * 1e-6 move of a binary).  Keep the package only when it is
             * admissible and within LOOSE_GAP of z, or on a grid no
             * package's objective fits between the two; else solve again
             * at the strict tolerance (no cut: the package may be fine). */
            ww__util3(q->m, pkg, u);
            double ze = wb * (u[WW_UB] - s->cst[WW_UB]) +
                        ws * (u[WW_US] - s->cst[WW_US]);
            if (!exact_ok(q, pkg, u) ||
                (ze < z - LOOSE_GAP && ze < z - (unit - LOOSE_GAP))) {
                *found = 0;
                if (out == RUN_OPT) {
                    tol_int = STRICT_TOL_INT;
                    continue;
                }
            }
        } else if (*found) {
            ww__util3(q->m, pkg, u);
            if (!exact_ok(q, pkg, u)) {
                *found = 0;
                if (out == RUN_OPT && attempt < MAX_RETRIES) {
                    /* GLPK's tolerance let it through: cut it off */
                    st = ww__add_cut(q, pkg, 0, s->n - 1, NULL);
                    if (st != WW_OK)
                        break;
                    continue;
                }
            }
        }
        ww__progress(q);
        if (out == RUN_TIME) {
            q->stopped = 1;
            *res = WW_MIP_STOPPED;
        } else if (out == RUN_INFEAS) {
            *res = WW_MIP_INFEASIBLE;
        } else {
            *res = *found ? WW_MIP_OPTIMAL : WW_MIP_STOPPED;
            if (!*found)
                q->stopped = 1;
        }
        break;
    }
    ww__drop_cuts(q, first_temp);
    return st;
}

/* An upper bound on the LP objective valid for every x meeting the row
 * definitions and the bounds, from the current optimal basis: by LP
 * duality obj(x) = z + sum over nonbasic j of d_j (x_j - x*_j), and with
 * dual-feasible signs each term is <= 0; a slightly wrong-signed dual
 * (within GLPK's tolerance) is charged at its variable's full width.
 * HUGE_VAL when a wrong sign sits on an unbounded variable. */
static double lp_bound(glp_prob *lp)
{
    double err = 0;
    for (int pass = 0; pass < 2; pass++) {
        int cnt = pass ? glp_get_num_cols(lp) : glp_get_num_rows(lp);
        for (int j = 1; j <= cnt; j++) {
            int st = pass ? glp_get_col_stat(lp, j) : glp_get_row_stat(lp, j);
            if (st == GLP_BS || st == GLP_NS)
                continue;
            double d = pass ? glp_get_col_dual(lp, j) : glp_get_row_dual(lp, j);
            double w = st == GLP_NL ? d : st == GLP_NU ? -d : fabs(d);
            if (w <= 0)
                continue;
            int type = pass ? glp_get_col_type(lp, j) : glp_get_row_type(lp, j);
            if (type != GLP_DB)
                return HUGE_VAL;
            double lb = pass ? glp_get_col_lb(lp, j) : glp_get_row_lb(lp, j);
            double ub = pass ? glp_get_col_ub(lp, j) : glp_get_row_ub(lp, j);
            err += w * (ub - lb);
        }
    }
    return glp_get_obj_val(lp) + err;
}

/* The LP relaxation of max wb*U_b + ws*U_s over every package other than
 * the one whose cut row is the last (inside a guard); *z: a proven upper
 * bound on that objective (without the constant), -HUGE_VAL when the LP is
 * infeasible, HUGE_VAL when unknown.  The basis is restored afterwards so
 * that later solves still start warm. */
static void other_bound(ww_query *q, double wb, double ws, int *rstat,
                        int *cstat, double *z)
{
    ww_solver *s = q->s;
    glp_prob *lp = s->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    *z = HUGE_VAL;
    for (int i = 1; i <= nr; i++)
        rstat[i] = glp_get_row_stat(lp, i);
    for (int j = 1; j <= nc; j++)
        cstat[j] = glp_get_col_stat(lp, j);
    sync(q, wb, ws, s->reduced);
    int ms = remaining_ms(q);
    if (ms <= 0)
        return;
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP;
    sp.tm_lim = ms;
    if (glp_simplex(lp, &sp) != 0)
        return;
    int lpst = glp_get_status(lp);
    if (lpst == GLP_NOFEAS)
        *z = -HUGE_VAL;
    else if (lpst == GLP_OPT)
        *z = lp_bound(lp);
}

static void restore_basis(ww_solver *s, int nr, int nc, const int *rstat,
                          const int *cstat)
{
    ww_guard g;
    if (setjmp(g.jb)) {
        ww__glp_recover(&g);
        glpk_failed(s);
        return;
    }
    ww__glp_guard(&g);
    if (glp_get_num_rows(s->lp) == nr && glp_get_num_cols(s->lp) == nc) {
        for (int i = 1; i <= nr; i++)
            glp_set_row_stat(s->lp, i, rstat[i]);
        for (int j = 1; j <= nc; j++)
            glp_set_col_stat(s->lp, j, cstat[j]);
    }
    ww__glp_unguard(&g);
}

/* 1 when every package other than pkg is proven more than TOL (+ float
 * noise) below pkg's exact u[r1] on sign1 * U_r1: one LP with a no-good
 * row (columns fixed at 0 by the dominance reduction are forbidden or
 * dominated levels: a package using one is matched by another of no lower
 * utilities, which the LP covers or which is pkg itself).  Then pkg is the lexicographic answer and the second MIP, whose LP
 * spends the TOL slack of its bound row on fractional moves that branch and
 * bound must undo, is not needed. */
#define OTHER_EPS 1e-7
#define OTHER_REL 1e-9 /* the LP value's own float noise, relative */
static int alone(ww_query *q, int r1, int sign1, const int *pkg,
                 const double u[3])
{
    ww_solver *s = q->s;
    if (stale(s) || s->n == 0)
        return 0;
    double wb = r1 == WW_UB ? 1 : r1 == WW_US ? 0
                                              : q->m->party[WW_BUYER].weight;
    double ws = r1 == WW_US ? 1 : r1 == WW_UB ? 0
                                              : q->m->party[WW_SELLER].weight;
    int nr = glp_get_num_rows(s->lp), nc = glp_get_num_cols(s->lp);
    int *rstat = malloc(sizeof(int) * ((size_t)nr + 2));
    int *cstat = malloc(sizeof(int) * ((size_t)nc + 1));
    int first = s->ncuts, ok = 0;
    double z = HUGE_VAL;
    if (rstat && cstat &&
        ww__add_cut(q, pkg, 0, s->n - 1, NULL) == WW_OK) {
        ww_guard g;
        if (setjmp(g.jb)) {
            ww__glp_recover(&g);
            glpk_failed(s);
            z = HUGE_VAL;
        } else {
            ww__glp_guard(&g);
            other_bound(q, sign1 * wb, sign1 * ws, rstat, cstat, &z);
            ww__glp_unguard(&g);
        }
        ww__drop_cuts(q, first);
        if (!stale(s))
            restore_basis(s, nr, nc, rstat, cstat);
        double cst = sign1 * s->cst[r1];
        ok = z + cst < sign1 * u[r1] - WW_TOLERANCE - OTHER_EPS -
                           OTHER_REL * fabs(z);
    } else {
        ww__drop_cuts(q, first);
    }
    free(rstat);
    free(cstat);
    ww__ok(q->m);
    return ok;
}

ww_status ww__lex(ww_query *q, int r1, int sign1, int r2, ww_mip *res,
                  int *found, int *pkg, double u[3])
{
    ww_status st = ww__solve(q, r1, sign1, res, found, pkg, u);
    if (st != WW_OK || *res != WW_MIP_OPTIMAL || r2 < 0)
        return st;
    if (alone(q, r1, sign1, pkg, u))
        return WW_OK;
    int n = q->s->n;
    double lo = q->lo[r1], hi = q->hi[r1];
    if (sign1 > 0)
        ww__bound_ge(q, r1, u[r1]);
    else
        ww__bound_le(q, r1, u[r1]);
    int *p2 = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    if (!p2)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    double u2[3];
    ww_mip res2;
    int found2;
    st = ww__solve(q, r2, 1, &res2, &found2, p2, u2);
    q->lo[r1] = lo;
    q->hi[r1] = hi;
    if (st == WW_OK && found2 && u2[r2] >= u[r2] - FUZZ) {
        memcpy(pkg, p2, sizeof(int) * (size_t)n);
        memcpy(u, u2, sizeof u2);
    }
    if (st == WW_OK && res2 == WW_MIP_STOPPED)
        *res = WW_MIP_STOPPED; /* tie-break not proven; package is valid */
    free(p2);
    return st;
}
