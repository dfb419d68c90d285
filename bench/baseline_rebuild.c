/* Baseline (b): textbook epsilon-constraint, a fresh GLPK problem per point.
 *
 * For every frontier point, from the highest U_s down:
 *   build the MIP from the model;
 *   stage 1: max U_s  s.t.  U_b >= eps;
 *   stage 2: max U_b  s.t.  U_s >= U_s* - TOL   (lexicographic, so that the
 *            point is not weakly dominated);
 *   eps = U_b* + TOL; free the problem.
 * The formulation is the plain one: a binary per level, one row per term,
 * an indicator per multi-term interaction linked both ways, McCormick pairs
 * for products; every solve starts from scratch (simplex, then branch and
 * bound). */
#include "baseline_rebuild.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* Sparse rows under construction (1-based GLPK arrays). */
typedef struct rowbuf {
    int *ind;
    double *val;
    int n, cap;
} rowbuf;

static int rb_push(rowbuf *r, int col, double v)
{
    if (r->n + 2 > r->cap) {
        int cap = r->cap ? 2 * r->cap : 64;
        int *ind = realloc(r->ind, (size_t)cap * sizeof *ind);
        if (!ind)
            return -1;
        r->ind = ind;
        double *val = realloc(r->val, (size_t)cap * sizeof *val);
        if (!val)
            return -1;
        r->val = val;
        r->cap = cap;
    }
    r->n++;
    r->ind[r->n] = col;
    r->val[r->n] = v;
    return 0;
}

static void rb_free(rowbuf *r)
{
    free(r->ind);
    free(r->val);
}

typedef struct built {
    glp_prob *P;
    int nterms;
    int *xcol;           /* first column of each term's levels */
    int row_ub, row_us;  /* utility rows                       */
    double *cb, *cs;     /* objective coefficients per column  */
    double const_b, const_s;
    int ncols;
    int nx;              /* level columns are 1..nx           */
} built;

static void built_free(built *b)
{
    if (b->P)
        glp_delete_prob(b->P);
    free(b->xcol);
    free(b->cb);
    free(b->cs);
    memset(b, 0, sizeof *b);
}

/* Adds a row lo <= sum <= up (HUGE_VAL for none) from a dense accumulator
 * acc[1..ncols] (then cleared), so that no column appears twice. */
static int add_row_dense(glp_prob *P, double *acc, int ncols, double lo,
                         double up, rowbuf *tmp)
{
    tmp->n = 0;
    for (int j = 1; j <= ncols; j++) {
        if (acc[j] != 0.0 && rb_push(tmp, j, acc[j]))
            return -1;
        acc[j] = 0.0;
    }
    int row = glp_add_rows(P, 1);
    glp_set_mat_row(P, row, tmp->n, tmp->ind, tmp->val);
    int type = isfinite(lo) ? (isfinite(up) ? (lo < up ? GLP_DB : GLP_FX)
                                            : GLP_LO)
                            : (isfinite(up) ? GLP_UP : GLP_FR);
    glp_set_row_bnds(P, row, type, isfinite(lo) ? lo : 0.0,
                     isfinite(up) ? up : 0.0);
    return row;
}

/* Adds coef to every column of a condition's level set. */
static void add_cond(double *acc, const built *b, const ww_condition *c,
                     double coef)
{
    for (int k = 0; k < c->nlevels; k++)
        acc[b->xcol[c->term] + c->levels[k]] += coef;
}

static int build(ww_model *m, built *b, char *err, size_t errlen)
{
    int n = ww_model_term_count(m);
    int nint = ww_model_interaction_count(m);
    int ncons = ww_model_constraint_count(m);
    glp_prob *P;
    memset(b, 0, sizeof *b);
    b->nterms = n;
    b->xcol = calloc((size_t)n, sizeof *b->xcol);
    if (!b->xcol)
        return -1;
    /* Columns: levels, then one indicator per multi-term interaction, then
     * one per level pair of each product. */
    int ncols = 0;
    for (int i = 0; i < n; i++) {
        b->xcol[i] = ncols + 1;
        ncols += ww_model_level_count(m, i);
    }
    int nx = ncols;
    for (int t = 0; t < nint; t++) {
        ww_interaction_kind kind;
        ww_model_interaction(m, t, &kind, NULL, NULL);
        if (kind == WW_INTERACTION_WHEN) {
            if (ww_model_interaction_when(m, t, NULL, 0) >= 2)
                ncols++;
        } else {
            int a, c;
            ww_model_interaction_product(m, t, &a, &c);
            double pairs = (double)ww_model_level_count(m, a) *
                           ww_model_level_count(m, c);
            if (pairs > 1e6) {
                snprintf(err, errlen, "product interaction too large");
                return -1;
            }
            ncols += (int)pairs;
        }
    }
    b->ncols = ncols;
    b->nx = nx;
    b->cb = calloc((size_t)ncols + 1, sizeof *b->cb);
    b->cs = calloc((size_t)ncols + 1, sizeof *b->cs);
    double *acc = calloc((size_t)ncols + 1, sizeof *acc);
    ww_condition *conds = calloc((size_t)n + 1, sizeof *conds);
    rowbuf tmp = {0};
    if (!b->cb || !b->cs || !acc || !conds)
        goto nomem;

    P = b->P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MAX);
    glp_add_cols(P, ncols);
    for (int j = 1; j <= nx; j++)
        glp_set_col_kind(P, j, GLP_BV);
    for (int j = nx + 1; j <= ncols; j++)
        glp_set_col_bnds(P, j, GLP_DB, 0.0, 1.0);

    for (int i = 0; i < n; i++) {
        for (int k = 0; k < ww_model_level_count(m, i); k++) {
            acc[b->xcol[i] + k] = 1.0;
            b->cb[b->xcol[i] + k] += ww_model_level_buyer(m, i, k);
            b->cs[b->xcol[i] + k] += ww_model_level_seller(m, i, k);
        }
        if (add_row_dense(P, acc, ncols, 1.0, 1.0, &tmp) < 0)
            goto nomem;
    }

    int ycol = nx + 1;
    for (int t = 0; t < nint; t++) {
        ww_interaction_kind kind;
        double ub, us;
        ww_model_interaction(m, t, &kind, &ub, &us);
        if (kind == WW_INTERACTION_WHEN) {
            int nc = ww_model_interaction_when(m, t, conds, n + 1);
            if (nc == 1) {           /* folds into the level utilities */
                add_cond(b->cb, b, &conds[0], ub);
                add_cond(b->cs, b, &conds[0], us);
                continue;
            }
            int y = ycol++;
            b->cb[y] += ub;
            b->cs[y] += us;
            for (int c = 0; c < nc; c++) {      /* y <= z_c */
                acc[y] = 1.0;
                add_cond(acc, b, &conds[c], -1.0);
                if (add_row_dense(P, acc, ncols, -HUGE_VAL, 0.0, &tmp) < 0)
                    goto nomem;
            }
            acc[y] = 1.0;                        /* y >= sum z_c - (nc-1) */
            for (int c = 0; c < nc; c++)
                add_cond(acc, b, &conds[c], -1.0);
            if (add_row_dense(P, acc, ncols, 1.0 - nc, HUGE_VAL, &tmp) < 0)
                goto nomem;
        } else {
            int ta, tb;
            ww_model_interaction_product(m, t, &ta, &tb);
            int ma = ww_model_level_count(m, ta);
            int mb = ww_model_level_count(m, tb);
            for (int k = 0; k < ma; k++) {
                for (int l = 0; l < mb; l++) {
                    double va = 0.0, vb = 0.0;
                    ww_model_level_value(m, ta, k, &va);
                    ww_model_level_value(m, tb, l, &vb);
                    int y = ycol++;
                    b->cb[y] += ub * va * vb;
                    b->cs[y] += us * va * vb;
                    int xa = b->xcol[ta] + k, xb = b->xcol[tb] + l;
                    acc[y] = 1.0; acc[xa] = -1.0;
                    if (add_row_dense(P, acc, ncols, -HUGE_VAL, 0.0, &tmp) < 0)
                        goto nomem;
                    acc[y] = 1.0; acc[xb] = -1.0;
                    if (add_row_dense(P, acc, ncols, -HUGE_VAL, 0.0, &tmp) < 0)
                        goto nomem;
                    acc[y] = 1.0; acc[xa] = -1.0; acc[xb] = -1.0;
                    if (add_row_dense(P, acc, ncols, -1.0, HUGE_VAL, &tmp) < 0)
                        goto nomem;
                }
            }
        }
    }

    for (int t = 0; t < ncons; t++) {
        ww_constraint_kind kind;
        ww_model_constraint_kind(m, t, &kind);
        if (kind == WW_CONSTRAINT_FORBID) {      /* sum z_c <= nc - 1 */
            int nc = ww_model_constraint_forbid(m, t, conds, n + 1);
            for (int c = 0; c < nc; c++)
                add_cond(acc, b, &conds[c], 1.0);
            if (add_row_dense(P, acc, ncols, -HUGE_VAL, nc - 1.0, &tmp) < 0)
                goto nomem;
        } else {
            const int *terms;
            const double *coefs;
            double lo, hi;
            int nl = ww_model_constraint_linear(m, t, &terms, &coefs, &lo, &hi);
            for (int q = 0; q < nl; q++) {
                int i = terms[q];
                for (int k = 0; k < ww_model_level_count(m, i); k++) {
                    double v = 0.0;
                    ww_model_level_value(m, i, k, &v);
                    acc[b->xcol[i] + k] += coefs[q] * v;
                }
            }
            /* Same tolerance as the spec: min - TOL <= activity <= max + TOL */
            if (add_row_dense(P, acc, ncols, lo - TOL, hi + TOL, &tmp) < 0)
                goto nomem;
        }
    }

    /* The utility rows; their bounds are set per solve. */
    for (int j = 1; j <= ncols; j++)
        acc[j] = b->cb[j];
    if ((b->row_ub = add_row_dense(P, acc, ncols, -HUGE_VAL, HUGE_VAL,
                                   &tmp)) < 0)
        goto nomem;
    for (int j = 1; j <= ncols; j++)
        acc[j] = b->cs[j];
    if ((b->row_us = add_row_dense(P, acc, ncols, -HUGE_VAL, HUGE_VAL,
                                   &tmp)) < 0)
        goto nomem;
    free(acc);
    free(conds);
    rb_free(&tmp);
    return 0;
nomem:
    snprintf(err, errlen, "out of memory");
    free(acc);
    free(conds);
    rb_free(&tmp);
    return -1;
}

static int silent(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

/* Solves with objective coefficients c; returns 0 optimal (package read),
 * 1 infeasible, 2 time limit, -1 error. */
static int solve(built *b, const double *c, double deadline, int *pkg,
                 int *solves)
{
    glp_prob *P = b->P;
    for (int j = 1; j <= b->ncols; j++)
        glp_set_obj_coef(P, j, c[j]);
    /* GLPK's MIP presolver accepts rows violated by up to about 1e-3
     * (measured), so: LP relaxation first, then branch and bound. */
    int tm_lim = INT_MAX;
    if (deadline > 0) {
        double left = deadline - bench_now();
        if (left <= 0)
            return 2;
        tm_lim = left * 1000 > 1e9 ? 1000000000 : (int)(left * 1000) + 1;
    }
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.tm_lim = tm_lim;
    int rc = glp_simplex(P, &sm);
    if (rc == GLP_ETMLIM)
        return 2;
    if (rc != 0)
        return -1;
    if (glp_get_status(P) == GLP_NOFEAS)
        return 1;
    if (glp_get_status(P) != GLP_OPT)
        return -1;
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    parm.tol_obj = 1e-12;   /* exact optimum (see engine notes)          */
    parm.tol_int = 1e-9;    /* x within 1e-5 of 0/1 would blur U by that */
    if (deadline > 0) {
        double left = deadline - bench_now();
        if (left <= 0)
            return 2;
        parm.tm_lim = left * 1000 > 1e9 ? 1000000000 : (int)(left * 1000) + 1;
    }
    (*solves)++;
    rc = glp_intopt(P, &parm);
    if (rc == GLP_ETMLIM)
        return 2;
    if (rc == GLP_ENOPFS || rc == GLP_ENODFS)
        return 1;
    if (rc != 0)
        return -1;
    int st = glp_mip_status(P);
    if (st == GLP_NOFEAS)
        return 1;
    if (st != GLP_OPT)
        return -1;
    for (int i = 0; i < b->nterms; i++) {
        int end = i + 1 < b->nterms ? b->xcol[i + 1] : b->nx + 1;
        int best = 0;
        double v = -1.0;
        for (int j = b->xcol[i]; j < end; j++) {
            double x = glp_mip_col_val(P, j);
            if (x > v) {
                v = x;
                best = j - b->xcol[i];
            }
        }
        pkg[i] = best;
    }
    return 0;
}

static void set_lower(glp_prob *P, int row, int has, double lo)
{
    if (has)
        glp_set_row_bnds(P, row, GLP_LO, lo, 0.0);
    else
        glp_set_row_bnds(P, row, GLP_FR, 0.0, 0.0);
}

int baseline_rebuild_frontier(ww_model *m, int ignore_limits,
                              double time_limit, baseline_result *r)
{
    glp_term_out(GLP_OFF);
    glp_term_hook(silent, NULL);
    r->outcome = WW_OUTCOME_OPTIMAL;
    double deadline = time_limit > 0 ? bench_now() + time_limit : 0.0;
    int n = ww_model_term_count(m);
    int *pkg = calloc((size_t)n + 1, sizeof *pkg);
    if (!pkg) {
        snprintf(r->error, sizeof r->error, "out of memory");
        return -1;
    }

    /* Floors from reservations and budget (admissible set). */
    double fb = -HUGE_VAL, fs = -HUGE_VAL, v;
    if (!ignore_limits) {
        if (ww_model_reservation(m, WW_BUYER, &v))
            fb = v - TOL;
        if (ww_model_reservation(m, WW_SELLER, &v))
            fs = v - TOL;
        double budget;
        const int *open = ww_model_opening(m);
        if (open && ww_model_budget(m, &budget)) {
            ww_evaluation e;
            if (ww_model_evaluate(m, open, &e) == WW_OK &&
                e.seller - budget - TOL > fs)
                fs = e.seller - budget - TOL;
        }
    }

    double eps = fb;
    double step = TOL;   /* how far past the previous U_b; grows when GLPK's
                            own (relative) feasibility tolerance lets the
                            previous point through again */
    int rc = 0;
    for (;;) {
        built b;
        if (build(m, &b, r->error, sizeof r->error)) {
            built_free(&b);
            rc = -1;
            break;
        }
        r->rebuilds++;
        set_lower(b.P, b.row_ub, isfinite(eps), eps);
        set_lower(b.P, b.row_us, isfinite(fs), fs);
        int s = solve(&b, b.cs, deadline, pkg, &r->solves);
        if (s == 0) {
            ww_evaluation e;
            ww_model_evaluate(m, pkg, &e);
            double lo = e.seller - TOL;
            set_lower(b.P, b.row_us, 1, fs > lo ? fs : lo);
            s = solve(&b, b.cb, deadline, pkg, &r->solves);
            /* Infeasible although stage 1's package is feasible: stage 1
             * only met U_b >= eps within GLPK's tolerance.  Step further. */
            if (s == 1)
                s = 3;
        }
        built_free(&b);
        if (s == 1)
            break;
        if (s == 2) {
            r->outcome = WW_OUTCOME_TIME_LIMIT;
            break;
        }
        if (s < 0) {
            snprintf(r->error, sizeof r->error, "glp_intopt failed");
            rc = -1;
            break;
        }
        ww_evaluation e;
        ww_model_evaluate(m, pkg, &e);
        int np = r->points.n;
        if (s == 3 && np == 0) {
            snprintf(r->error, sizeof r->error, "stage 2 infeasible");
            rc = -1;
            break;
        }
        if (np > 0 && (s == 3 || e.buyer <= r->points.buyer[np - 1] + TOL)) {
            double prev = r->points.buyer[np - 1];
            step *= 10;
            if (step > 1e-3 * (1 + fabs(prev))) {
                snprintf(r->error, sizeof r->error,
                         "no progress past U_b=%.9g", prev);
                rc = -1;
                break;
            }
            eps = prev + step;
            continue;
        }
        if (bench_points_push(&r->points, e.buyer, e.seller)) {
            snprintf(r->error, sizeof r->error, "out of memory");
            rc = -1;
            break;
        }
        step = TOL;
        eps = e.buyer + step;
    }
    if (rc == 0 && r->points.n == 0 && r->outcome == WW_OUTCOME_OPTIMAL)
        r->outcome = WW_OUTCOME_INFEASIBLE;
    free(pkg);
    return rc;
}

void baseline_result_free(baseline_result *r)
{
    bench_points_free(&r->points);
}
