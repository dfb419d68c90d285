/* Profiling aid (LD_PRELOAD): counts what GLPK does inside any program,
 * without touching lib/.  Wraps glp_intopt and the outer glp_simplex calls,
 * counts branch-and-bound nodes, measures the root LP gap and whether the
 * root LP vertex is already integral, and can override
 * branch-and-bound options to try them on winwin's own problems:
 *
 *   LD_PRELOAD=build/bench/libglpk_count.so WW_PROF_PP=0 WW_PROF_BR=3 \
 *       build/bench/winwin-bench --only n10-m10-d1-c0-k2 --query frontier
 *
 * WW_PROF_PP (pp_tech), WW_PROF_BR (br_tech), WW_PROF_BT (bt_tech) take
 * GLPK's numeric values (glpk.h); WW_PROF_TOLINT sets tol_int; WW_PROF_COLDROOT=1 re-solves the root LP
 * from the standard basis with the primal simplex before branch and bound;
 * WW_PROF_TRACE=1 prints one line per MIP.
 * The summary goes to stderr at exit.  CPU times are process CPU time. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static long n_intopt, n_simplex, nodes_total, nodes_max, n_gap, n_gap0;
static long n_root_integral;
static double t_intopt, t_simplex, gap_sum;
static int depth, cur_nodes;
static void (*user_cb)(glp_tree *, void *);
/* GLPK reads its cut switches through the glp_iocp pointer it was given,
 * and winwin's callback turns them off on its own copy mid-search
 * (lib/solver.c): they are passed on to the copy GLPK holds here. */
static const glp_iocp *caller_parm;
static glp_iocp *our_parm;

static void count_cb(glp_tree *tree, void *info)
{
    int a, n, t;
    glp_ios_tree_size(tree, &a, &n, &t);
    if (t > cur_nodes)
        cur_nodes = t;
    if (user_cb) {
        user_cb(tree, info);
        our_parm->mir_cuts = caller_parm->mir_cuts;
        our_parm->gmi_cuts = caller_parm->gmi_cuts;
        our_parm->cov_cuts = caller_parm->cov_cuts;
        our_parm->clq_cuts = caller_parm->clq_cuts;
    }
}

static void override(int *field, const char *name)
{
    const char *e = getenv(name);
    if (e)
        *field = atoi(e);
}

int glp_intopt(glp_prob *P, const glp_iocp *parm)
{
    static int (*real)(glp_prob *, const glp_iocp *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "glp_intopt");
    glp_iocp p = *parm;
    override(&p.pp_tech, "WW_PROF_PP");
    override(&p.br_tech, "WW_PROF_BR");
    override(&p.bt_tech, "WW_PROF_BT");
    if (getenv("WW_PROF_TOLINT"))
        p.tol_int = atof(getenv("WW_PROF_TOLINT"));
    user_cb = p.cb_func;
    p.cb_func = count_cb;
    caller_parm = parm;
    our_parm = &p;
    cur_nodes = 0;
    if (getenv("WW_PROF_COLDROOT")) {   /* re-solve the root LP cold */
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        glp_std_basis(P);
        depth++;                /* not an outer call */
        glp_simplex(P, &sm);
        depth--;
    }
    double lp = glp_get_status(P) == GLP_OPT ? glp_get_obj_val(P) : NAN;
    if (isfinite(lp)) {      /* is the root LP vertex already integral? */
        int frac = 0;
        for (int j = 1; j <= glp_get_num_cols(P) && !frac; j++) {
            double x = glp_get_col_prim(P, j);
            frac = glp_get_col_kind(P, j) != GLP_CV &&
                   fabs(x - floor(x + 0.5)) > 1e-9;
        }
        n_root_integral += !frac;
    }
    depth++;
    double t0 = cpu_now();
    int rc = real(P, &p);
    double dt = cpu_now() - t0;
    depth--;
    t_intopt += dt;
    n_intopt++;
    nodes_total += cur_nodes;
    if (cur_nodes > nodes_max)
        nodes_max = cur_nodes;
    if (glp_mip_status(P) == GLP_OPT && isfinite(lp)) {
        double mip = glp_mip_obj_val(P);
        double gap = fabs(lp - mip) / (1e-9 + fabs(mip));
        gap_sum += gap;
        n_gap++;
        n_gap0 += gap < 1e-9;
    }
    if (getenv("WW_PROF_TRACE"))
        fprintf(stderr, "[glpk_count] mip %ld: %d nodes, %.3f ms\n",
                n_intopt, cur_nodes, dt * 1e3);
    return rc;
}

int glp_simplex(glp_prob *P, const glp_smcp *parm)
{
    static int (*real)(glp_prob *, const glp_smcp *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "glp_simplex");
    if (depth)   /* a node LP inside glp_intopt */
        return real(P, parm);
    double t0 = cpu_now();
    int rc = real(P, parm);
    t_simplex += cpu_now() - t0;
    n_simplex++;
    return rc;
}

__attribute__((destructor)) static void report(void)
{
    fprintf(stderr,
            "[glpk_count] glp_intopt: %ld calls, %.3f s CPU, %ld nodes "
            "(mean %.1f, max %ld); outer glp_simplex: %ld calls, %.3f s CPU; "
            "root LP gap: mean %.4f%%, 0 on %ld of %ld; root LP vertex "
            "integral on %ld\n",
            n_intopt, t_intopt, nodes_total,
            n_intopt ? (double)nodes_total / (double)n_intopt : 0.0,
            nodes_max, n_simplex, t_simplex,
            n_gap ? 100 * gap_sum / (double)n_gap : 0.0, n_gap0, n_gap,
            n_root_integral);
}
