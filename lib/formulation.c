/* formulation.c — the GLPK MIP of a model, built once per model revision:
 * its columns and coefficients with the solver (ww__form_build, which every
 * path reads), the GLPK problem on the first MIP (ww__form_lp).
 *
 * Columns: a binary x[i,k] per level (single-level terms fixed at 1); an
 * indicator y in [0,1] per WHEN interaction on two or more terms, tied by
 * y <= z_j for each term and y >= sum_j z_j - (k-1) (z_j: the term sits in
 * its level set), so y equals the product of the z_j for every binary x and
 * either sign of utility is exact; for a PRODUCT interaction, either the
 * aggregated pair variables y[k,l] >= 0 with sum_l y[k,l] = x[A,k] and
 * sum_k y[k,l] = x[B,l] (exact hull, small pairs) or McCormick variables
 * s_k = x[A,k] * value(B) (exact because x is binary).  One-term
 * interactions are folded into level utilities; conditions naming every
 * level of a term always hold and are dropped.
 * Rows: one-hot per term, forbids (a one-term forbid is column bounds),
 * linear constraints widened by TOL, and three free rows U_b, U_s and J whose
 * bounds carry reservations, budget and every query bound.  Queries change
 * only row bounds, the objective and their own cut rows. */
#include "solver_internal.h"
#include "glpk_env.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAIR_CAP 4096 /* aggregated pair variables up to this many */

/* A coefficient summed from parts (a level's utility and the one-term
 * interactions folded into it; a joint coefficient from its two parties')
 * is float noise, and set to 0, when it is at most this fraction of its
 * parts' magnitudes: 2.3000000000000003 - 3.95 + 1.6500000000000001
 * leaves 2.2e-16.  GLPK's MIP presolver divided by such an entry of the
 * U_b row and returned wrong optima, packages with a column at -1
 * (tests/robust/RELIABILITY.md, found 10).  Far below WW_TOLERANCE at any
 * scale; every package GLPK returns is evaluated exactly anyway. */
#define COEF_NOISE 1e-12

static double denoise(double v, double parts)
{
    return fabs(v) <= COEF_NOISE * parts ? 0.0 : v;
}

typedef struct build {
    ww_solver *s;
    int ncols, capcols;
    double *cb, *cs;         /* per column (1-based) utilities */
    double *ab, *as;         /* and the magnitudes of their parts */
    /* grid detection: atoms per party and magnitude */
    double *atoms[2];
    int natoms[2], capatoms[2];
    int nogrid[2];
    double mag[2];
} build;

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return 1;
    int nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, (size_t)nc * size);
    if (!q)
        return 0;
    *p = q;
    *cap = nc;
    return 1;
}

static int add_atom(build *b, int party, double v)
{
    if (v == 0 || b->nogrid[party])
        return 1;
    if (b->natoms[party] >= 2000000) { /* too many to check: no grid */
        b->nogrid[party] = 1;
        return 1;
    }
    if (!grow((void **)&b->atoms[party], &b->capatoms[party],
              b->natoms[party] + 1, sizeof(double)))
        return 0;
    b->atoms[party][b->natoms[party]++] = v;
    return 1;
}

/* Adds a column; utilities of the column as given. */
static int add_col(build *b, double cb, double cs)
{
    int need = b->ncols + 2;
    int cap[4] = {b->capcols, b->capcols, b->capcols, b->capcols};
    if (!grow((void **)&b->cb, &cap[0], need, sizeof(double)) ||
        !grow((void **)&b->cs, &cap[1], need, sizeof(double)) ||
        !grow((void **)&b->ab, &cap[2], need, sizeof(double)) ||
        !grow((void **)&b->as, &cap[3], need, sizeof(double)))
        return -1;
    b->capcols = cap[0];
    for (int i = 1; i < 4; i++)
        if (cap[i] < b->capcols)
            b->capcols = cap[i];
    b->ncols++;
    b->cb[b->ncols] = cb;
    b->cs[b->ncols] = cs;
    b->ab[b->ncols] = fabs(cb);
    b->as[b->ncols] = fabs(cs);
    return b->ncols;
}

/* 1 when v * d is an integer up to 1e-9 relative. */
static int on_grid(double v, double d)
{
    double t = v * d, a = fabs(t);
    /* |t| <= 1e6 (grid_unit stops before): adding and removing 1.5 * 2^52
     * rounds it to the nearest integer, as nearbyint does, without a libm
     * call */
    double r = (t + 0x1.8p52) - 0x1.8p52;
    return !(fabs(t - r) > 1e-9 * (a > 1.0 ? a : 1.0));
}

/* Smallest D of a short list with every atom a multiple of 1/D and the
 * utilities' magnitude small enough for GLPK's tolerances; 1/D, or 0 if
 * none. */
static double grid_unit(const double *v, int n, double mag)
{
    static const double cand[] = {1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50,
                                  64, 100, 125, 128, 200, 250, 256, 500,
                                  1000, 1024, 2000, 2500, 5000, 10000};
    int witness = 0; /* the atom that ruled out the last candidate: it
                        usually rules out the next ones too */
    for (size_t c = 0; c < sizeof cand / sizeof cand[0]; c++) {
        double d = cand[c];
        if ((mag + 1) * d > 1e6)
            break;
        if (n > 0 && !on_grid(v[witness], d))
            continue;
        int ok = 1;
        for (int i = 0; i < n && ok; i++)
            if (!on_grid(v[i], d))
                ok = 0, witness = i;
        if (ok)
            return 1.0 / d;
    }
    return 0;
}

/* Row builder with merged duplicate columns. */
typedef struct rowb {
    int len;
    int *ind;
    double *val;
    int *pos; /* column -> position + 1, 0 when absent */
} rowb;

static void rb_add(rowb *r, int col, double v)
{
    if (v == 0)
        return;
    if (r->pos[col]) {
        r->val[r->pos[col]] += v;
        return;
    }
    r->len++;
    r->ind[r->len] = col;
    r->val[r->len] = v;
    r->pos[col] = r->len;
}

static int rb_emit(glp_prob *lp, rowb *r, int type, double lo, double hi)
{
    int row = glp_add_rows(lp, 1);
    /* drop exact zeros left by cancellation */
    int k = 0;
    for (int i = 1; i <= r->len; i++) {
        r->pos[r->ind[i]] = 0;
        if (r->val[i] != 0) {
            k++;
            r->ind[k] = r->ind[i];
            r->val[k] = r->val[i];
        }
    }
    if (k > 0)
        glp_set_mat_row(lp, row, k, r->ind, r->val);
    if (type == GLP_DB && lo == hi)
        type = GLP_FX;
    if (type == GLP_DB && lo > hi) { /* empty interval: an infeasible row */
        glp_set_mat_row(lp, row, 0, NULL, NULL);
        type = GLP_FX;
        lo = hi = 1;
    }
    glp_set_row_bnds(lp, row, type, lo, hi);
    r->len = 0;
    return row;
}

/* A link row that a monotone solve does not need (see solver_internal.h). */
static ww_status add_relax(ww_solver *s, int row, int type, double bound)
{
    if (s->nrelax == s->relaxcap) {
        int nc = s->relaxcap ? 2 * s->relaxcap : 64;
        ww_relax *r = realloc(s->relax, sizeof *r * (size_t)nc);
        if (!r)
            return WW_NOMEM;
        s->relax = r;
        s->relaxcap = nc;
    }
    s->relax[s->nrelax].row = row;
    s->relax[s->nrelax].type = type;
    s->relax[s->nrelax].bound = bound;
    s->nrelax++;
    return WW_OK;
}

void ww__form_clear_lp(ww_solver *s)
{
    if (s->lp && s->generation == ww__glp_generation())
        glp_delete_prob(s->lp);
    s->lp = NULL;
    if (s->obj) /* a new problem's objective is 0 */
        memset(s->obj, 0, sizeof(double) * ((size_t)s->ncols + 1));
    s->inc_ok = 0;
    free(s->dropped);
    s->dropped = NULL;
    s->ndropped = 0;
    s->reduced = 0;
    free(s->relax);
    s->relax = NULL;
    s->nrelax = s->relaxcap = 0;
    for (int c = 0; c < s->ncuts; c++) { /* their rows are gone */
        s->cuts[c].row = 0;
        s->cuts[c].dirty = 1;
    }
    s->nbase = 0;
    s->basis_ok = 0;
}

void ww__form_clear(ww_solver *s)
{
    ww__form_clear_lp(s);
    free(s->col0);
    s->col0 = NULL;
    free(s->term_weight);
    s->term_weight = NULL;
    for (int r = 0; r < 3; r++) {
        free(s->coef[r]);
        s->coef[r] = NULL;
    }
    free(s->obj);
    s->obj = NULL;
    free(s->inc);
    s->inc = NULL;
    free(s->ycol);
    s->ycol = NULL;
    free(s->pmode);
    s->pmode = NULL;
    free(s->ind);
    s->ind = NULL;
    free(s->val);
    s->val = NULL;
    free(s->pos);
    s->pos = NULL;
    s->ncols = 0;
    s->revision = 0;
}

/* Effective conditions of a WHEN list: those that do not name every level
 * of their term. */
static int cond_full(const ww_model *m, const ww_cond *c)
{
    /* levels are sorted and distinct (model invariant); count distinct */
    int distinct = 0;
    for (int i = 0; i < c->nlevels; i++)
        if (i == 0 || c->levels[i] != c->levels[i - 1])
            distinct++;
    return distinct >= m->terms[c->term].nlevels;
}

/* The two terms of a McCormick product (pmode 2) as its columns take
 * them: s_k = x[A, k] * value(B), one column per level of A. */
static void mccormick_terms(const ww_model *m, const ww_interaction *it,
                            int *ta, int *tb)
{
    *ta = it->term_a;
    *tb = it->term_b;
    if (m->terms[*tb].nlevels > m->terms[*ta].nlevels) {
        *ta = it->term_b;
        *tb = it->term_a;
    }
}

/* How much each term weighs in the model's utilities: its levels' spread
 * for both parties plus the most every interaction on it can add, whole.
 * meso's MIPs branch on the heaviest terms first (solver.c), which decide
 * most of the objective and of the band's row near the root.  malloc'ed,
 * one per term; NULL out of memory. */
static double *term_weights(const ww_model *m)
{
    double *w = malloc(sizeof(double) * (size_t)(m->nterms + 1));
    if (!w)
        return NULL;
    for (int t = 0; t < m->nterms; t++) {
        const ww_term *term = &m->terms[t];
        double lo[2] = {HUGE_VAL, HUGE_VAL}, hi[2] = {-HUGE_VAL, -HUGE_VAL};
        for (int l = 0; l < term->nlevels; l++) {
            const ww_level *L = &term->levels[l];
            lo[0] = fmin(lo[0], L->buyer);
            hi[0] = fmax(hi[0], L->buyer);
            lo[1] = fmin(lo[1], L->seller);
            hi[1] = fmax(hi[1], L->seller);
        }
        w[t] = term->nlevels ? hi[0] - lo[0] + hi[1] - lo[1] : 0.0;
    }
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *x = &m->inter[i];
        double v = fabs(x->util[WW_BUYER]) + fabs(x->util[WW_SELLER]);
        if (x->kind == WW_INTERACTION_WHEN) {
            for (int c = 0; c < x->ncond; c++)
                w[x->conds[c].term] += v;
        } else { /* util * va * vb: at most |util| max|va| max|vb| */
            double f = 1.0;
            for (int k = 0; k < 2; k++) {
                const ww_term *term = &m->terms[k ? x->term_b : x->term_a];
                double mx = 0.0;
                for (int l = 0; l < term->nlevels; l++)
                    mx = fmax(mx, fabs(term->levels[l].value));
                f *= mx;
            }
            w[x->term_a] += v * f;
            w[x->term_b] += v * f;
        }
    }
    return w;
}

ww_status ww__form_build(ww_solver *s)
{
    ww_model *m = s->model;
    ww__form_clear(s);
    int n = m->nterms;
    build b;
    memset(&b, 0, sizeof b);
    b.s = s;
    ww_status st = WW_NOMEM;

    s->n = n;
    s->col0 = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    s->term_weight = term_weights(m);
    if (!s->col0 || !s->term_weight)
        goto out;
    s->cst[0] = s->cst[1] = 0;

    /* 1. level columns with their own utilities */
    for (int i = 0; i < n; i++) {
        ww_term *t = &m->terms[i];
        s->col0[i] = b.ncols + 1;
        double mb = 0, ms = 0;
        for (int k = 0; k < t->nlevels; k++) {
            if (add_col(&b, t->levels[k].buyer, t->levels[k].seller) < 0)
                goto out;
            mb = fmax(mb, fabs(t->levels[k].buyer));
            ms = fmax(ms, fabs(t->levels[k].seller));
        }
        b.mag[0] += mb;
        b.mag[1] += ms;
    }
    int nlev = b.ncols;

    /* 2. interactions: fold, constant, or indicator / product columns */
    int *ycol = s->ycol =
        calloc((size_t)(m->ninter > 0 ? m->ninter : 1), sizeof(int));
    int *pmode = s->pmode =
        calloc((size_t)(m->ninter > 0 ? m->ninter : 1), sizeof(int));
    if (!ycol || !pmode)
        goto out;
    for (int a = 0; a < m->ninter; a++) {
        ww_interaction *it = &m->inter[a];
        double ub = it->util[WW_BUYER], us = it->util[WW_SELLER];
        if (it->kind == WW_INTERACTION_WHEN) {
            int eff = 0, last = -1;
            for (int c = 0; c < it->ncond; c++)
                if (!cond_full(m, &it->conds[c]))
                    eff++, last = c;
            b.mag[0] += fabs(ub);
            b.mag[1] += fabs(us);
            if (eff == 0) {
                s->cst[0] += ub;
                s->cst[1] += us;
            } else if (eff == 1) {
                const ww_cond *c = &it->conds[last];
                for (int l = 0; l < c->nlevels; l++) {
                    if (l > 0 && c->levels[l] == c->levels[l - 1])
                        continue;
                    int col = s->col0[c->term] + c->levels[l];
                    b.cb[col] += ub;
                    b.cs[col] += us;
                    b.ab[col] += fabs(ub);
                    b.as[col] += fabs(us);
                }
            } else {
                ycol[a] = add_col(&b, ub, us);
                if (ycol[a] < 0)
                    goto out;
            }
            if (!add_atom(&b, 0, ub) || !add_atom(&b, 1, us))
                goto out;
        } else { /* PRODUCT */
            int ta = it->term_a, tb = it->term_b;
            ww_term *A = &m->terms[ta], *B = &m->terms[tb];
            double mx = 0;
            for (int k = 0; k < A->nlevels; k++)
                for (int l = 0; l < B->nlevels; l++)
                    mx = fmax(mx, fabs(A->levels[k].value * B->levels[l].value));
            b.mag[0] += fabs(ub) * mx;
            b.mag[1] += fabs(us) * mx;
            if ((double)A->nlevels * B->nlevels > 2e6) {
                if (ub != 0) b.nogrid[0] = 1;
                if (us != 0) b.nogrid[1] = 1;
            } else {
                for (int k = 0; k < A->nlevels; k++)
                    for (int l = 0; l < B->nlevels; l++) {
                        double vv = A->levels[k].value * B->levels[l].value;
                        if (!add_atom(&b, 0, ub * vv) ||
                            !add_atom(&b, 1, us * vv))
                            goto out;
                    }
            }
            if (ub == 0 && us == 0)
                continue;
            if (A->nlevels == 1 || B->nlevels == 1) {
                /* one factor is constant: fold into the other's levels */
                ww_term *V = A->nlevels == 1 ? B : A;
                int tv = A->nlevels == 1 ? tb : ta;
                double cval = A->nlevels == 1 ? A->levels[0].value
                                              : B->levels[0].value;
                for (int k = 0; k < V->nlevels; k++) {
                    int col = s->col0[tv] + k;
                    double vb = ub * cval * V->levels[k].value;
                    double vs = us * cval * V->levels[k].value;
                    b.cb[col] += vb; /* the products as before: (u c) v */
                    b.cs[col] += vs;
                    b.ab[col] += fabs(vb);
                    b.as[col] += fabs(vs);
                }
                continue;
            }
            if ((double)A->nlevels * B->nlevels <= PAIR_CAP) {
                pmode[a] = 1;
                ycol[a] = b.ncols + 1;
                for (int k = 0; k < A->nlevels; k++)
                    for (int l = 0; l < B->nlevels; l++) {
                        double vv = A->levels[k].value * B->levels[l].value;
                        if (add_col(&b, ub * vv, us * vv) < 0)
                            goto out;
                    }
            } else {
                pmode[a] = 2;
                mccormick_terms(m, it, &ta, &tb);
                A = &m->terms[ta];
                ycol[a] = b.ncols + 1;
                for (int k = 0; k < A->nlevels; k++) {
                    double v = A->levels[k].value;
                    if (add_col(&b, ub * v, us * v) < 0)
                        goto out;
                }
            }
        }
    }
    /* level atoms (after folding, without its noise) */
    for (int c = 1; c <= nlev; c++) {
        b.cb[c] = denoise(b.cb[c], b.ab[c]);
        b.cs[c] = denoise(b.cs[c], b.as[c]);
    }
    for (int c = 1; c <= nlev; c++)
        if (!add_atom(&b, 0, b.cb[c]) || !add_atom(&b, 1, b.cs[c]))
            goto out;
    if (!add_atom(&b, 0, s->cst[0]) || !add_atom(&b, 1, s->cst[1]))
        goto out;

    int ncols = b.ncols;
    s->ncols = ncols;
    for (int r = 0; r < 3; r++) {
        s->coef[r] = calloc((size_t)ncols + 1, sizeof(double));
        if (!s->coef[r])
            goto out;
    }
    double wb = m->party[WW_BUYER].weight, ws = m->party[WW_SELLER].weight;
    for (int c = 1; c <= ncols; c++) {
        s->coef[WW_UB][c] = b.cb[c];
        s->coef[WW_US][c] = b.cs[c];
        s->coef[WW_J][c] = denoise(wb * b.cb[c] + ws * b.cs[c],
                                   fabs(wb * b.cb[c]) + fabs(ws * b.cs[c]));
    }
    s->cst[WW_J] = wb * s->cst[0] + ws * s->cst[1];
    s->obj = calloc((size_t)ncols + 1, sizeof(double));
    /* + 2: a ratio solve's rows hold every column and t (solver.c) */
    s->ind = malloc(sizeof(int) * ((size_t)ncols + 2));
    s->val = malloc(sizeof(double) * ((size_t)ncols + 2));
    s->pos = malloc(sizeof(int) * ((size_t)ncols + 2));
    s->inc = malloc(sizeof(double) * ((size_t)ncols + 2));
    s->inc_ok = 0;
    if (!s->obj || !s->ind || !s->val || !s->pos || !s->inc)
        goto out;

    s->range[0] = 2 * b.mag[0];
    s->range[1] = 2 * b.mag[1];
    /* grid units */
    for (int p = 0; p < 2; p++)
        s->unit[p] = b.nogrid[p] ? 0
                                 : grid_unit(b.atoms[p], b.natoms[p], b.mag[p]);
    s->unit[WW_J] = 0;
    if (s->unit[0] > 0 && s->unit[1] > 0) {
        /* J's atoms are the weighted atoms of both parties */
        int na = b.natoms[0] + b.natoms[1];
        double *ja = malloc(sizeof(double) * (size_t)(na > 0 ? na : 1));
        if (!ja)
            goto out;
        for (int i = 0; i < b.natoms[0]; i++)
            ja[i] = wb * b.atoms[0][i];
        for (int i = 0; i < b.natoms[1]; i++)
            ja[b.natoms[0] + i] = ws * b.atoms[1][i];
        s->unit[WW_J] = grid_unit(ja, na, wb * b.mag[0] + ws * b.mag[1]);
        free(ja);
    }

    s->revision = m->revision;
    st = WW_OK;
out:
    free(b.cb);
    free(b.cs);
    free(b.ab);
    free(b.as);
    free(b.atoms[0]);
    free(b.atoms[1]);
    if (st != WW_OK)
        ww__form_clear(s);
    return st;
}

ww_status ww__form_lp(ww_solver *s)
{
    ww_model *m = s->model;
    int n = m->nterms, ncols = s->ncols;
    int *ycol = s->ycol, *pmode = s->pmode;
    ww_status st = WW_NOMEM;
    glp_prob *lp = NULL;
    /* A package the query seeded before its first MIP built the problem
     * (meso's branch and bound hands GLPK its dive) is in the columns of
     * the facts, which stay: it must survive, or a new solver's meso
     * would start GLPK from another of several tied packages than a used
     * solver's, and answer differently (test_meso_repeatable). */
    int inc_ok = s->inc_ok;
    ww__form_clear_lp(s);
    s->inc_ok = inc_ok;
    int nlev = 0; /* the level columns come first */
    for (int i = 0; i < n; i++)
        nlev += m->terms[i].nlevels;
    /* The row builder works in the solver's scratch, not in arrays of its
     * own: a GLPK error jumps out of this function (to the guard around
     * it), past any free here.  A build cut short that way may have left
     * positions set. */
    rowb rb = {0, s->ind, s->val, s->pos};
    memset(s->pos, 0, sizeof(int) * ((size_t)ncols + 1));

    /* 3. the GLPK problem */
    lp = glp_create_prob();
    s->lp = lp;
    s->generation = ww__glp_generation();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, ncols);
    for (int c = 1; c <= nlev; c++) {
        glp_set_col_kind(lp, c, GLP_BV);
    }
    for (int c = nlev + 1; c <= ncols; c++)
        glp_set_col_bnds(lp, c, GLP_DB, 0.0, 1.0);
    for (int i = 0; i < n; i++)
        if (m->terms[i].nlevels == 1)
            glp_set_col_bnds(lp, s->col0[i], GLP_FX, 1.0, 1.0);

    /* one-hot rows */
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < m->terms[i].nlevels; k++)
            rb_add(&rb, s->col0[i] + k, 1.0);
        rb_emit(lp, &rb, GLP_FX, 1.0, 1.0);
    }
    /* interaction rows */
    for (int a = 0; a < m->ninter; a++) {
        ww_interaction *it = &m->inter[a];
        if (it->kind == WW_INTERACTION_WHEN) {
            if (!ycol[a])
                continue;
            int eff = 0;
            for (int c = 0; c < it->ncond; c++) {
                const ww_cond *cd = &it->conds[c];
                if (cond_full(m, cd))
                    continue;
                eff++;
                rb_add(&rb, ycol[a], 1.0); /* y - z_j <= 0 */
                for (int l = 0; l < cd->nlevels; l++)
                    if (l == 0 || cd->levels[l] != cd->levels[l - 1])
                        rb_add(&rb, s->col0[cd->term] + cd->levels[l], -1.0);
                int row = rb_emit(lp, &rb, GLP_UP, 0.0, 0.0);
                if (it->util[0] <= 0 && it->util[1] <= 0 &&
                    add_relax(s, row, GLP_UP, 0.0) != WW_OK)
                    goto out;
            }
            rb_add(&rb, ycol[a], 1.0); /* y - sum z_j >= -(k-1) */
            for (int c = 0; c < it->ncond; c++) {
                const ww_cond *cd = &it->conds[c];
                if (cond_full(m, cd))
                    continue;
                for (int l = 0; l < cd->nlevels; l++)
                    if (l == 0 || cd->levels[l] != cd->levels[l - 1])
                        rb_add(&rb, s->col0[cd->term] + cd->levels[l], -1.0);
            }
            int row = rb_emit(lp, &rb, GLP_LO, -(double)(eff - 1), 0.0);
            if (it->util[0] >= 0 && it->util[1] >= 0 &&
                add_relax(s, row, GLP_LO, -(double)(eff - 1)) != WW_OK)
                goto out;
            continue;
        }
        if (!pmode[a])
            continue;
        int ta = it->term_a, tb = it->term_b;
        if (pmode[a] == 1) {
            ww_term *A = &m->terms[ta], *B = &m->terms[tb];
            int mb = B->nlevels;
            for (int k = 0; k < A->nlevels; k++) {
                for (int l = 0; l < mb; l++)
                    rb_add(&rb, ycol[a] + k * mb + l, 1.0);
                rb_add(&rb, s->col0[ta] + k, -1.0);
                rb_emit(lp, &rb, GLP_FX, 0.0, 0.0);
            }
            for (int l = 0; l < mb; l++) {
                for (int k = 0; k < A->nlevels; k++)
                    rb_add(&rb, ycol[a] + k * mb + l, 1.0);
                rb_add(&rb, s->col0[tb] + l, -1.0);
                rb_emit(lp, &rb, GLP_FX, 0.0, 0.0);
            }
        } else {
            mccormick_terms(m, it, &ta, &tb);
            ww_term *A = &m->terms[ta], *B = &m->terms[tb];
            double L = HUGE_VAL, U = -HUGE_VAL;
            for (int l = 0; l < B->nlevels; l++) {
                L = fmin(L, B->levels[l].value);
                U = fmax(U, B->levels[l].value);
            }
            for (int k = 0; k < A->nlevels; k++) {
                int sc = ycol[a] + k, xk = s->col0[ta] + k;
                double slo = fmin(0, L), shi = fmax(0, U);
                glp_set_col_bnds(lp, sc, slo < shi ? GLP_DB : GLP_FX, slo, shi);
                rb_add(&rb, sc, 1.0);
                rb_add(&rb, xk, -L);
                rb_emit(lp, &rb, GLP_LO, 0.0, 0.0);
                rb_add(&rb, sc, 1.0);
                rb_add(&rb, xk, -U);
                rb_emit(lp, &rb, GLP_UP, 0.0, 0.0);
                rb_add(&rb, sc, 1.0);
                for (int l = 0; l < B->nlevels; l++)
                    rb_add(&rb, s->col0[tb] + l, -B->levels[l].value);
                rb_add(&rb, xk, -L);
                rb_emit(lp, &rb, GLP_UP, 0.0, -L);
                rb_add(&rb, sc, 1.0);
                for (int l = 0; l < B->nlevels; l++)
                    rb_add(&rb, s->col0[tb] + l, -B->levels[l].value);
                rb_add(&rb, xk, -U);
                rb_emit(lp, &rb, GLP_LO, -U, 0.0);
            }
        }
    }

    /* constraints */
    for (int c = 0; c < m->ncons; c++) {
        ww_constraint *k = &m->cons[c];
        if (k->kind == WW_CONSTRAINT_FORBID) {
            int eff = 0, last = -1;
            for (int j = 0; j < k->ncond; j++)
                if (!cond_full(m, &k->conds[j]))
                    eff++, last = j;
            if (eff == 0) { /* forbids everything */
                rb_emit(lp, &rb, GLP_FX, 1.0, 1.0);
            } else if (eff == 1) {
                const ww_cond *cd = &k->conds[last];
                for (int l = 0; l < cd->nlevels; l++)
                    glp_set_col_bnds(lp, s->col0[cd->term] + cd->levels[l],
                                     GLP_FX, 0.0, 0.0);
            } else {
                for (int j = 0; j < k->ncond; j++) {
                    const ww_cond *cd = &k->conds[j];
                    if (cond_full(m, cd))
                        continue;
                    for (int l = 0; l < cd->nlevels; l++)
                        if (l == 0 || cd->levels[l] != cd->levels[l - 1])
                            rb_add(&rb, s->col0[cd->term] + cd->levels[l], 1.0);
                }
                rb_emit(lp, &rb, GLP_UP, 0.0, (double)(eff - 1));
            }
        } else {
            for (int j = 0; j < k->nlin; j++) {
                ww_term *t = &m->terms[k->terms[j]];
                for (int l = 0; l < t->nlevels; l++)
                    rb_add(&rb, s->col0[k->terms[j]] + l,
                           k->coefs[j] * t->levels[l].value);
            }
            int lo = isfinite(k->min), hi = isfinite(k->max);
            double a = k->min - WW_TOLERANCE, z = k->max + WW_TOLERANCE;
            rb_emit(lp, &rb, lo && hi ? GLP_DB : lo ? GLP_LO : hi ? GLP_UP : GLP_FR,
                    lo ? a : 0.0, hi ? z : 0.0);
        }
    }

    /* the utility rows */
    for (int r = 0; r < 3; r++) {
        for (int c = 1; c <= ncols; c++)
            rb_add(&rb, c, s->coef[r][c]);
        s->row[r] = rb_emit(lp, &rb, GLP_FR, 0.0, 0.0);
        s->set_lo[r] = -HUGE_VAL;
        s->set_hi[r] = HUGE_VAL;
    }
    s->nbase = glp_get_num_rows(lp);
    if (ww__form_dominance(s) != WW_OK)
        goto out;
    st = WW_OK;
out:
    if (st != WW_OK)
        ww__form_clear_lp(s);
    return st;
}

/* Is level a of term t a member of condition c's set (c on term t)? */
static int member(const ww_cond *c, int a)
{
    for (int l = 0; l < c->nlevels; l++)
        if (c->levels[l] == a)
            return 1;
    return 0;
}

/* The condition of a list on term t, or NULL. */
static const ww_cond *cond_on(const ww_cond *c, int n, int t)
{
    for (int j = 0; j < n; j++)
        if (c[j].term == t)
            return &c[j];
    return NULL;
}

/* 1 when level a of term t is at least as good as level k for both parties
 * in every package context; *same = 1 when they are interchangeable. */
static int dominates(const ww_solver *s, int t, int a, int k, int *same)
{
    const ww_model *m = s->model;
    int ca = s->col0[t] + a, ck = s->col0[t] + k;
    *same = 1;
    for (int p = 0; p < 2; p++) {
        if (s->coef[p][ca] < s->coef[p][ck])
            return 0;
        if (s->coef[p][ca] != s->coef[p][ck])
            *same = 0;
    }
    const ww_level *la = &m->terms[t].levels[a], *lk = &m->terms[t].levels[k];
    for (int i = 0; i < m->ninter; i++) {
        const ww_interaction *it = &m->inter[i];
        if (it->kind == WW_INTERACTION_PRODUCT) {
            if ((it->term_a == t || it->term_b == t) &&
                (it->util[0] != 0 || it->util[1] != 0) &&
                !(la->has_value && lk->has_value && la->value == lk->value))
                return 0;
            continue;
        }
        const ww_cond *c = cond_on(it->conds, it->ncond, t);
        if (!c)
            continue;
        int eff = 0;
        for (int j = 0; j < it->ncond; j++)
            if (!cond_full(m, &it->conds[j]))
                eff++;
        if (eff <= 1 || cond_full(m, c))
            continue; /* folded into the level utilities, or constant */
        int ma = member(c, a), mk = member(c, k);
        if (ma == mk)
            continue;
        *same = 0;
        double ub = it->util[0], us = it->util[1];
        if (ma && !(ub >= 0 && us >= 0))
            return 0;
        if (mk && !(ub <= 0 && us <= 0))
            return 0;
    }
    for (int i = 0; i < m->ncons; i++) {
        const ww_constraint *c = &m->cons[i];
        if (c->kind == WW_CONSTRAINT_FORBID) {
            const ww_cond *cd = cond_on(c->conds, c->ncond, t);
            if (!cd)
                continue;
            int ma = member(cd, a), mk = member(cd, k);
            if (ma && !mk)
                return 0;
            if (ma != mk)
                *same = 0;
        } else {
            for (int j = 0; j < c->nlin; j++)
                if (c->terms[j] == t && c->coefs[j] != 0 &&
                    la->value != lk->value)
                    return 0;
        }
    }
    return 1;
}

ww_status ww__form_dominance(ww_solver *s)
{
    const ww_model *m = s->model;
    free(s->dropped);
    s->dropped = NULL;
    s->ndropped = 0;
    s->reduced = 0;
    int cap = 0;
    for (int t = 0; t < m->nterms; t++) {
        int nl = m->terms[t].nlevels;
        if (nl < 2 || nl > 2000)
            continue; /* quadratic scan: skip very long ranges */
        for (int k = 0; k < nl; k++) {
            int drop = 0;
            for (int a = 0; a < nl && !drop; a++) {
                int same, same2;
                if (a == k || !dominates(s, t, a, k, &same))
                    continue;
                /* mutual (equivalent) levels: keep the lower index */
                if (same || dominates(s, t, k, a, &same2))
                    drop = a < k;
                else
                    drop = 1;
            }
            if (drop && glp_get_col_type(s->lp, s->col0[t] + k) == GLP_FX)
                drop = 0; /* already fixed */
            if (drop) {
                if (!grow((void **)&s->dropped, &cap, s->ndropped + 1,
                          sizeof(int)))
                    return WW_NOMEM;
                s->dropped[s->ndropped++] = s->col0[t] + k;
            }
        }
    }
    return WW_OK;
}

void ww__form_columns(const ww_solver *s, const int *pkg, double *x)
{
    const ww_model *m = s->model;
    for (int c = 1; c <= s->ncols; c++)
        x[c] = 0.0;
    for (int i = 0; i < s->n; i++)
        x[s->col0[i] + pkg[i]] = 1.0;
    for (int a = 0; a < m->ninter; a++) {
        const ww_interaction *it = &m->inter[a];
        int y = s->ycol[a];
        if (!y)
            continue; /* folded into levels, or constant */
        if (it->kind == WW_INTERACTION_WHEN) {
            /* the product of the effective conditions; full ones hold */
            x[y] = ww__conds_hold(it->conds, it->ncond, pkg) ? 1.0 : 0.0;
        } else if (s->pmode[a] == 1) {
            int mb = m->terms[it->term_b].nlevels;
            x[y + pkg[it->term_a] * mb + pkg[it->term_b]] = 1.0;
        } else {
            int ta, tb;
            mccormick_terms(m, it, &ta, &tb);
            x[y + pkg[ta]] = m->terms[tb].levels[pkg[tb]].value;
        }
    }
}
