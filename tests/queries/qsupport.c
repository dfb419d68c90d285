/* Shared helpers of the query suites (see qsupport.h). */
#include "qsupport.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef WW_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

int wwq_dp_declined = 0;

const char *wwq_id(const wwq_case *c)
{
    static char buf[600];
    if (c->name)
        snprintf(buf, sizeof buf, "%s", c->name);
    else
        snprintf(buf, sizeof buf, "seed %lu (WW_TEST_SEED=%lu)", c->seed, c->seed);
    return buf;
}

int wwq_under_valgrind(void)
{
#ifdef WW_HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND ? 1 : 0;
#else
    return 0;
#endif
}

int wwq_model_count(int dflt)
{
    const char *env = getenv("WW_TEST_MODELS");
    if (env && *env) {
        int n = atoi(env);
        if (n > 0)
            return n;
    }
    if (wwq_under_valgrind())
        return dflt / 5 > 10 ? dflt / 5 : 10;
    return dflt;
}

void wwq_seeds(unsigned long base, int count, unsigned long *first, int *n)
{
    const char *env = getenv("WW_TEST_SEED");
    if (env && *env) {
        *first = strtoul(env, NULL, 10);
        *n = 1;
        return;
    }
    *first = base;
    *n = count;
}

void wwq_params(unsigned long seed, ww_random_params *p)
{
    ww_random_params_default(p);
    static const double corr[] = {-1, -0.6, -0.3, 0, 0.4, 0.8};
    p->correlation = corr[seed % 6];
    if (seed % 5 == 4)
        p->grid = 0;          /* real-valued */
    else if (seed % 7 == 3)
        p->grid = 1;          /* coarse: many ties */
    p->products = seed % 3 == 1;
    if (seed % 11 == 5)
        p->max_interaction_terms = 1;
    if (seed % 13 == 7)
        p->interaction_density = 1.5;
}

void wwq_options(unsigned long seed, const ww_model *m, ww_options *o)
{
    ww_options_init(o);
    switch ((seed / 3) % 6) {
    case 1:
        o->ignore_limits = 1;
        break;
    case 2:
        if (ww_model_opening(m)) {
            o->override_budget = 1;
            o->budget = (double)(seed % 9) * 1.5;
        }
        break;
    default:
        break;
    }
}

int wwq_open(wwq_case *c, unsigned long seed, const ww_random_params *p)
{
    memset(c, 0, sizeof *c);
    c->seed = seed;
    c->query = "setup";
    if (p)
        c->params = *p;
    else
        wwq_params(seed, &c->params);
    ww_status st = ww_random_model(seed, &c->params, &c->m);
    if (st != WW_OK) {
        print_error("seed %lu: ww_random_model: %s\n", seed, ww_status_str(st));
        return 1;
    }
    return wwq_attach(c);
}

void wwq_open_dense(wwq_case *c, const char *name, int n, int m,
                    double scale)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    assert_int_equal(ww_model_new(&c->m), WW_OK);
    unsigned long long x = 12345;
    for (int i = 0; i < n; i++) {
        char label[16];
        int t;
        snprintf(label, sizeof label, "t%d", i);
        assert_int_equal(ww_model_add_term(c->m, label, NULL, &t), WW_OK);
        double weight = (2 + i) * scale;
        for (int l = 0; l < m; l++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            double b = weight * (double)(x >> 11) * 0x1p-53;
            snprintf(label, sizeof label, "L%d", l);
            assert_int_equal(ww_model_add_level(c->m, t, label, b, weight - b,
                                                NULL), WW_OK);
        }
    }
}

void wwq_add_term(ww_model *m, const char *name, const double (*lv)[2],
                  int n)
{
    int t;
    assert_int_equal(ww_model_add_term(m, name, NULL, &t), WW_OK);
    for (int l = 0; l < n; l++) {
        char label[16];
        snprintf(label, sizeof label, "L%d", l);
        assert_int_equal(ww_model_add_level(m, t, label, lv ? lv[l][0] : 0,
                                            lv ? lv[l][1] : 0, NULL),
                         WW_OK);
    }
}

void wwq_open_staircase(wwq_case *c, const char *name,
                        const double (*lv)[2], int n)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    assert_int_equal(ww_model_new(&c->m), WW_OK);
    wwq_add_term(c->m, "deal", lv, n);
    wwq_add_term(c->m, "copy", NULL, 2);
    assert_int_equal(wwq_attach(c), 0);
}

void wwq_open_zero_sum(wwq_case *c, char name[64], int n, int m, int grid)
{
    snprintf(name, 64, "zero-sum %d x %d%s", n, m, grid ? ", grid" : "");
    if (grid) {
        memset(c, 0, sizeof *c);
        c->name = name;
        assert_int_equal(ww_zero_sum_model(n, m, &c->m), WW_OK);
    } else {
        wwq_open_dense(c, name, n, m, 1);
    }
    assert_int_equal(wwq_attach(c), 0);
}

void wwq_open_ties(wwq_case *c)
{
    static const double lv[][2] = {{0, 0}, {2, 8}, {8, 2}, {16, 1}, {1, 16}};
    memset(c, 0, sizeof *c);
    c->name = "ties x 400";
    assert_int_equal(ww_model_new(&c->m), WW_OK);
    wwq_add_term(c->m, "deal", lv, 5);
    wwq_add_term(c->m, "copy200", NULL, 200);
    wwq_add_term(c->m, "copy2", NULL, 2);
    assert_int_equal(wwq_attach(c), 0);
}

void wwq_reweigh(wwq_case *c, int party, double weight)
{
    assert_int_equal(ww_model_set_weight(c->m, party, weight), WW_OK);
    ww_brute_free(c->b);
    ww_solver_free(c->s);
    c->b = NULL;
    c->s = NULL;
    assert_int_equal(wwq_attach(c), 0);
}

void wwq_named(wwq_case *c, ww_model *m, const char *name)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->name = name;
    c->query = "setup";
}

int wwq_attach(wwq_case *c)
{
    ww_status st = c->b ? WW_OK : ww_brute_new(c->m, 2000000, &c->b);
    if (st != WW_OK)
        QFAIL(c, "ww_brute_new: %s", ww_status_str(st));
    QCALL(c, ww_solver_new(c->m, &c->s));
    wwq_options(c->seed, c->m, &c->o);
    return 0;
}

void wwq_close(wwq_case *c)
{
    ww_result_free(c->r);
    ww_solver_free(c->s);
    ww_brute_free(c->b);
    ww_model_free(c->m);
    memset(c, 0, sizeof *c);
}

void wwq_next(wwq_case *c, const char *query)
{
    ww_result_free(c->r);
    c->r = NULL;
    c->query = query;
}

const char *wwq_pkg_str(const wwq_case *c, const int *pkg)
{
    static char buf[256];
    size_t k = 0;
    buf[0] = 0;
    if (!pkg)
        return "(null)";
    for (int t = 0; t < ww_brute_terms(c->b) && k + 8 < sizeof buf; t++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%d", t ? "," : "(",
                              pkg[t]);
    snprintf(buf + k, sizeof buf - k, ")");
    return buf;
}

int wwq_check_single(wwq_case *c, const ww_result *r, const ww_options *o)
{
    QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_OPTIMAL, "outcome %s",
           ww_outcome_str(ww_result_outcome(r)));
    QCHECK(c, ww_result_count(r) == 1, "count %d", ww_result_count(r));
    return wwq_check_package(c, r, 0, o);
}

int wwq_check_package(wwq_case *c, const ww_result *r, int i,
                      const ww_options *o)
{
    const int *pkg = ww_result_package(r, i);
    QCHECK(c, pkg != NULL, "package %d missing", i);
    QCHECK(c, ww_brute_index(c->b, pkg) >= 0, "package %d has a level out of range", i);
    double bb, bs;
    ww_brute_utilities(c->b, pkg, &bb, &bs);
    ww_evaluation ev;
    QCALL(c, ww_model_evaluate(c->m, pkg, &ev));
    double rb = ww_result_buyer(r, i), rs = ww_result_seller(r, i);
    double rj = ww_result_joint(r, i);
    /* the bulk view: the same storage as the per-point accessors */
    const double *bu = NULL;
    const int *bp = NULL;
    QCHECK(c, ww_result_points(r, &bu, &bp) == ww_result_count(r) && bu && bp,
           "ww_result_points: count %d, utilities %p, packages %p",
           ww_result_points(r, NULL, NULL), (const void *)bu, (const void *)bp);
    QCHECK(c, bp + (size_t)i * (size_t)ww_brute_terms(c->b) == pkg &&
                  bu[3 * i] == rb && bu[3 * i + 1] == rs && bu[3 * i + 2] == rj,
           "ww_result_points: point %d differs from ww_result_package/buyer/"
           "seller/joint", i);
    double bj = ww_brute_joint(c->b, ww_brute_index(c->b, pkg));
    QCHECK(c, QCLOSE(ev.buyer, bb) && QCLOSE(ev.seller, bs),
           "package %d %s: ww_model_evaluate (%.9g, %.9g) != brute (%.9g, %.9g)",
           i, wwq_pkg_str(c, pkg), ev.buyer, ev.seller, bb, bs);
    QCHECK(c, QCLOSE(rb, bb) && QCLOSE(rs, bs) && QCLOSE(rj, bj),
           "package %d %s: reported (%.9g, %.9g, J %.9g) != evaluated (%.9g, %.9g, J %.9g)",
           i, wwq_pkg_str(c, pkg), rb, rs, rj, bb, bs, bj);
    /* the library re-evaluates every package it reports (or sums in
     * ww_model_evaluate's order): the very same doubles */
    QCHECK(c, rb == ev.buyer && rs == ev.seller && rj == ev.joint,
           "package %d %s: reported (%.17g, %.17g, J %.17g) are not "
           "ww_model_evaluate's (%.17g, %.17g, J %.17g)",
           i, wwq_pkg_str(c, pkg), rb, rs, rj, ev.buyer, ev.seller, ev.joint);
    QCHECK(c, ww_brute_admissible_pkg(c->b, o, pkg),
           "package %d %s (%.9g, %.9g) is not admissible", i,
           wwq_pkg_str(c, pkg), bb, bs);
    return 0;
}

int wwq_check_infeasible(wwq_case *c, const ww_result *r, const ww_options *o)
{
    QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_INFEASIBLE,
           "outcome %s, brute force finds no admissible package",
           ww_outcome_str(ww_result_outcome(r)));
    QCHECK(c, ww_result_count(r) == 0, "%d packages in an infeasible result",
           ww_result_count(r));
    const double *bu = (const double *)&bu;
    const int *bp = (const int *)&bp;
    QCHECK(c, ww_result_points(r, &bu, &bp) == 0 && !bu && !bp,
           "ww_result_points: points in an infeasible result");
    ww_diagnosis dg;
    QCALL(c, ww_result_diagnosis(r, &dg));
    double reach, req;
    QCHECK(c, dg.cause != WW_CAUSE_NONE && dg.cause != WW_CAUSE_QUERY,
           "cause %d for an infeasible model", (int)dg.cause);
    QCHECK(c, ww_brute_cause_applies(c->b, o, dg.cause, &reach, &req),
           "cause %d does not apply (brute force: constraints %d, seller %d, "
           "budget %d, buyer %d)", (int)dg.cause,
           ww_brute_cause_applies(c->b, o, WW_CAUSE_CONSTRAINTS, NULL, NULL),
           ww_brute_cause_applies(c->b, o, WW_CAUSE_SELLER_RESERVATION, NULL, NULL),
           ww_brute_cause_applies(c->b, o, WW_CAUSE_BUDGET, NULL, NULL),
           ww_brute_cause_applies(c->b, o, WW_CAUSE_BUYER_RESERVATION, NULL, NULL));
    if (dg.cause != WW_CAUSE_CONSTRAINTS) {
        QCHECK(c, QCLOSE(dg.reachable, reach) && QCLOSE(dg.required, req) &&
                      QCLOSE(dg.gap, req - reach) && dg.gap > 0,
               "cause %d: reachable %.9g required %.9g gap %.9g, brute force "
               "%.9g %.9g", (int)dg.cause, dg.reachable, dg.required, dg.gap,
               reach, req);
    }
    const char *why = ww_result_reason(r);
    QCHECK(c, why && *why, "no reason text for an infeasible result");
    return 0;
}

int wwq_check_model_evaluate(wwq_case *c, const int *pkg)
{
    ww_evaluation ev;
    double bb, bs;
    QCALL(c, ww_model_evaluate(c->m, pkg, &ev));
    ww_brute_utilities(c->b, pkg, &bb, &bs);
    const char *ps = wwq_pkg_str(c, pkg);
    QCHECK(c, QCLOSE(ev.buyer, bb) && QCLOSE(ev.seller, bs) &&
                  QCLOSE(ev.joint, ww_brute_joint(c->b, ww_brute_index(c->b, pkg))),
           "%s: evaluate (%.9g, %.9g, J %.9g), brute (%.9g, %.9g)", ps,
           ev.buyer, ev.seller, ev.joint, bb, bs);
    int feas = ww_brute_feasible_pkg(c->b, pkg);
    int adm = ww_brute_admissible_pkg(c->b, NULL, pkg);
    QCHECK(c, ev.feasible == feas && ev.admissible == adm,
           "%s: evaluate feasible %d admissible %d, brute %d %d", ps,
           ev.feasible, ev.admissible, feas, adm);
    ww_brute_limits lim;
    ww_brute_get_limits(c->b, NULL, &lim);
    switch (ev.violation) {
    case WW_VIOLATES_NOTHING:
        QCHECK(c, adm, "%s: violation none but not admissible", ps);
        break;
    case WW_VIOLATES_FORBID:
    case WW_VIOLATES_LINEAR: {
        ww_constraint_kind kind;
        QCHECK(c, !feas, "%s: constraint violation on a feasible package", ps);
        QCALL(c, ww_model_constraint_kind(c->m, ev.constraint, &kind));
        QCHECK(c, (kind == WW_CONSTRAINT_LINEAR) ==
                      (ev.violation == WW_VIOLATES_LINEAR),
               "%s: violation kind %d, constraint %d has kind %d", ps,
               (int)ev.violation, ev.constraint, (int)kind);
        QCHECK(c, ww_brute_breaks(c->b, ev.constraint, pkg),
               "%s: constraint %d reported broken, but it is not", ps,
               ev.constraint);
        for (int i = 0; i < ev.constraint; i++)
            QCHECK(c, !ww_brute_breaks(c->b, i, pkg),
                   "%s: constraint %d reported, but %d (earlier) is broken too",
                   ps, ev.constraint, i);
        break;
    }
    case WW_VIOLATES_BUYER_RESERVATION:
        QCHECK(c, feas && lim.has_buyer && bb < lim.buyer - QTOL,
               "%s: buyer reservation reported broken", ps);
        break;
    case WW_VIOLATES_SELLER_RESERVATION:
        QCHECK(c, feas && lim.has_seller && bs < lim.seller - QTOL,
               "%s: seller reservation reported broken", ps);
        break;
    case WW_VIOLATES_BUDGET:
        QCHECK(c, feas && lim.has_budget && bs < lim.budget_floor - QTOL,
               "%s: budget reported broken", ps);
        break;
    default:
        QFAIL(c, "%s: unknown violation %d", ps, (int)ev.violation);
    }
    if (ev.violation != WW_VIOLATES_FORBID && ev.violation != WW_VIOLATES_LINEAR)
        QCHECK(c, ev.constraint == -1, "%s: constraint %d without a constraint "
               "violation", ps, ev.constraint);
    const int *open = ww_model_opening(c->m);
    QCHECK(c, ev.has_concession == (open != NULL), "%s: has_concession %d", ps,
           ev.has_concession);
    if (open) {
        double ob, os;
        ww_brute_utilities(c->b, open, &ob, &os);
        QCHECK(c, QCLOSE(ev.concession, os - bs), "%s: concession %.9g, brute %.9g",
               ps, ev.concession, os - bs);
    }
    return 0;
}

void wwq_random_package(const wwq_case *c, unsigned long long *state,
                        int *pkg)
{
    for (int t = 0; t < ww_brute_terms(c->b); t++) {
        unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        pkg[t] = (int)(z % (unsigned long long)ww_model_level_count(c->m, t));
    }
}

void wwq_default_options(ww_options *o, int ignore_limits)
{
    ww_options_init(o);
    o->ignore_limits = ignore_limits;
}

int wwq_check_frontier_family(wwq_case *c, const ww_options *o,
                              int *npoints)
{
    return wwq_check_frontier(c, o, npoints) ||
           wwq_check_bargain(c, o, 0) || wwq_check_bargain(c, o, 1);
}

int wwq_check_frontier(wwq_case *c, const ww_options *o, int *npoints)
{
    ww_brute_point *pts = NULL;
    wwq_next(c, "frontier");
    ww_status st = ww_frontier(c->s, o, &c->r);
    if (st == WW_UNSUPPORTED && o && o->path == WW_PATH_DP) {
        wwq_dp_declined++;
        return 0;   /* a forced DP may decline a model it cannot fold */
    }
    QCHECK(c, st == WW_OK, "ww_frontier (path %s): %s: %s",
           ww_path_str(o ? o->path : WW_PATH_AUTO), ww_status_str(st),
           ww_errmsg(c->m));
    if (o && wwq_check_path(c, o, c->r))
        return 1;
    int n = ww_brute_frontier(c->b, o, &pts);
    *npoints = n;
    int bad = 0;
    if (n == 0) {
        free(pts);
        return wwq_check_infeasible(c, c->r, o);
    }
    const ww_result *r = c->r;
    if (ww_result_outcome(r) != WW_OUTCOME_OPTIMAL || ww_result_count(r) != n) {
        print_error("%s frontier: outcome %s, %d "
                    "points, brute force %d points:\n", wwq_id(c),
                    ww_outcome_str(ww_result_outcome(r)), ww_result_count(r), n);
        for (int i = 0; i < n || i < ww_result_count(r); i++)
            print_error("  %3d  brute (%.9g, %.9g)   winwin (%.9g, %.9g)\n", i,
                        i < n ? pts[i].buyer : NAN, i < n ? pts[i].seller : NAN,
                        i < ww_result_count(r) ? ww_result_buyer(r, i) : NAN,
                        i < ww_result_count(r) ? ww_result_seller(r, i) : NAN);
        free(pts);
        return 1;
    }
    for (int i = 0; i < n && !bad; i++) {
        bad = wwq_check_package(c, r, i, o);
        if (bad)
            break;
        double b = ww_result_buyer(r, i), s = ww_result_seller(r, i);
        if (!QCLOSE(b, pts[i].buyer) || !QCLOSE(s, pts[i].seller)) {
            print_error("%s frontier: point %d is "
                        "(%.9g, %.9g), brute force (%.9g, %.9g)\n", wwq_id(c), i, b, s, pts[i].buyer, pts[i].seller);
            bad = 1;
        }
        if (i > 0 && !(s < ww_result_seller(r, i - 1))) {
            print_error("%s frontier: not sorted by "
                        "U_s descending at %d\n", wwq_id(c), i);
            bad = 1;
        }
    }
    free(pts);
    return bad;
}

int wwq_check_bargain(wwq_case *c, const ww_options *o, int kalai)
{
    return wwq_check_bargain_by(c, o, kalai, NULL);
}

int wwq_check_bargain_by(wwq_case *c, const ww_options *o, int kalai,
                         wwq_bargain_fn fn)
{
    ww_brute_bargain want;
    wwq_next(c, kalai ? "kalai" : "nash");
    ww_status st = fn ? fn(c->s, o, kalai, &c->r)
                 : kalai ? ww_kalai(c->s, o, &c->r) : ww_nash(c->s, o, &c->r);
    if (st == WW_UNSUPPORTED && o && o->path == WW_PATH_DP)
        return 0;   /* a forced DP may decline */
    QCHECK(c, st == WW_OK, "path %s: %s: %s",
           ww_path_str(o ? o->path : WW_PATH_AUTO), ww_status_str(st),
           ww_errmsg(c->m));
    if (!(kalai ? ww_brute_kalai(c->b, o, &want) : ww_brute_nash(c->b, o, &want)))
        return wwq_check_infeasible(c, c->r, o);
    if (wwq_check_single(c, c->r, o))
        return 1;
    double d[2] = {NAN, NAN}, ideal[2] = {NAN, NAN};
    QCHECK(c, ww_result_anchors(c->r, d, ideal), "no anchors");
    QCHECK(c, QCLOSE(d[0], want.d[0]) && QCLOSE(d[1], want.d[1]),
           "d = (%.9g, %.9g), brute force (%.9g, %.9g)", d[0], d[1],
           want.d[0], want.d[1]);
    if (kalai)
        QCHECK(c, QCLOSE(ideal[0], want.ideal[0]) && QCLOSE(ideal[1], want.ideal[1]),
               "I = (%.9g, %.9g), brute force (%.9g, %.9g)", ideal[0], ideal[1],
               want.ideal[0], want.ideal[1]);
    double ub = ww_result_buyer(c->r, 0), us = ww_result_seller(c->r, 0);
    double obj = kalai ? ww_brute_kalai_objective(want.d, want.ideal, ub, us)
                       : ww_brute_nash_objective(want.d, ub, us);
    double tol = QTOL * (fabs(want.objective) > 1 ? fabs(want.objective) : 1);
    long wi = want.index;
    QCHECK(c, fabs(obj - want.objective) <= tol,
           "objective %.12g at %s (%.9g, %.9g), brute force %.12g at (%.9g, %.9g)",
           obj, wwq_pkg_str(c, ww_result_package(c->r, 0)), ub, us,
           want.objective, ww_brute_buyer(c->b, wi), ww_brute_seller(c->b, wi));
    QCHECK(c, QCLOSE(ww_result_joint(c->r, 0), ww_brute_joint(c->b, wi)),
           "tie on the objective: J %.9g, brute force %.9g",
           ww_result_joint(c->r, 0), ww_brute_joint(c->b, wi));
    QCHECK(c, QCLOSE(us, ww_brute_seller(c->b, wi)),
           "tie on objective and J: U_s %.9g, brute force %.9g", us,
           ww_brute_seller(c->b, wi));
    return 0;
}


/* The root element's name of an XML file ("" when none is found). */
static void root_element(const char *path, char *name, size_t cap)
{
    char buf[8192];
    name[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = buf;
    while ((p = strchr(p, '<')) != NULL) {
        if (p[1] == '?' || p[1] == '!') {    /* declaration, comment, doctype */
            const char *end = strncmp(p, "<!--", 4) == 0 ? strstr(p, "-->")
                                                         : strchr(p, '>');
            if (!end)
                return;
            p = end + 1;
            continue;
        }
        p++;
        size_t k = 0;
        while (*p && !strchr(" \t\r\n/>", *p) && k + 1 < cap)
            name[k++] = *p++;
        name[k] = 0;
        return;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int wwq_genius_walk(const char *dir, wwq_genius_fn fn, void *data)
{
    DIR *d = opendir(dir);
    if (!d) {
        print_error("cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        names[n] = strdup(e->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    char path[4096], domain[4096] = "", first[4096] = "", last[4096] = "";
    int ndomains = 0, nprofiles = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            failed += wwq_genius_walk(path, fn, data);
            continue;
        }
        size_t len = strlen(names[i]);
        if (len < 4 || strcmp(names[i] + len - 4, ".xml") != 0)
            continue;
        char root[128];
        root_element(path, root, sizeof root);
        if (strcmp(root, "negotiation_template") == 0) {
            ndomains++;
            snprintf(domain, sizeof domain, "%s", path);
        } else if (strcmp(root, "utility_space") == 0) {
            if (nprofiles++ == 0)
                snprintf(first, sizeof first, "%s", path);
            snprintf(last, sizeof last, "%s", path);
        }
    }
    if (ndomains == 1 && nprofiles >= 2)
        failed += fn(domain, first, last, data);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return failed;
}

int wwq_check_path(wwq_case *c, const ww_options *o, const ww_result *r)
{
    if (o->path == WW_PATH_AUTO || !r)
        return 0;
    ww_stats stats;
    QCALL(c, ww_result_stats(r, &stats));
    QCHECK(c, stats.path == o->path, "forced path %s, answered by %s",
           ww_path_str(o->path), ww_path_str(stats.path));
    return 0;
}

int wwq_check_best(wwq_case *c, const ww_options *o, const char *name)
{
    wwq_next(c, name);
    QCALL(c, ww_best(c->s, o, &c->r));
    if (wwq_check_path(c, o, c->r))
        return 1;
    long bi = ww_brute_best(c->b, o);
    if (bi < 0)
        return wwq_check_infeasible(c, c->r, o);
    if (wwq_check_single(c, c->r, o))
        return 1;
    double j = ww_result_joint(c->r, 0), s = ww_result_seller(c->r, 0);
    double bj = ww_brute_joint(c->b, bi), bs = ww_brute_seller(c->b, bi);
    QCHECK(c, QCLOSE(j, bj), "J %.9g, brute force %.9g (package %s)", j, bj,
           wwq_pkg_str(c, ww_result_package(c->r, 0)));
    QCHECK(c, QCLOSE(s, bs), "U_s %.9g, brute force %.9g at J %.9g", s, bs, bj);
    ww_diagnosis dg;
    QCALL(c, ww_result_diagnosis(c->r, &dg));
    QCHECK(c, dg.cause == WW_CAUSE_NONE, "cause %d on an optimal result",
           (int)dg.cause);
    return 0;
}

int wwq_check_evaluate(wwq_case *c, const ww_options *o, const int *p,
                          int *improvable)
{
    return wwq_check_evaluate_by(c, o, p, improvable, NULL);
}

int wwq_check_evaluate_by(wwq_case *c, const ww_options *o, const int *p,
                          int *improvable, wwq_evaluate_fn fn)
{
    ww_evaluation ev;
    wwq_next(c, "evaluate");
    memset(&ev, 0, sizeof ev);
    QCALL(c, (fn ? fn : ww_evaluate)(c->s, o, p, &ev, &c->r));
    if (wwq_check_path(c, o, c->r))
        return 1;
    char ps[256];
    strcpy(ps, wwq_pkg_str(c, p));
    double pb, pu;
    ww_brute_utilities(c->b, p, &pb, &pu);
    QCHECK(c, QCLOSE(ev.buyer, pb) && QCLOSE(ev.seller, pu),
           "%s: (%.9g, %.9g), brute (%.9g, %.9g)", ps, ev.buyer, ev.seller, pb, pu);
    QCHECK(c, ev.feasible == ww_brute_feasible_pkg(c->b, p), "%s: feasible %d",
           ps, ev.feasible);
    QCHECK(c, ev.admissible == ww_brute_admissible_pkg(c->b, o, p),
           "%s: admissible %d under the options", ps, ev.admissible);
    int hv, hi;
    double vl, ij;
    ww_brute_evaluate(c->b, o, p, &hv, &vl, &hi, &ij);
    QCHECK(c, ev.has_value_left == hv, "%s: has_value_left %d, brute %d", ps,
           ev.has_value_left, hv);
    if (hv)
        QCHECK(c, QCLOSE(ev.value_left, vl), "%s: value_left %.9g, brute %.9g",
               ps, ev.value_left, vl);
    QCHECK(c, ev.has_improvement == hi, "%s: has_improvement %d, brute %d", ps,
           ev.has_improvement, hi);
    *improvable += hi;
    QCHECK(c, c->r != NULL, "no result");
    if (!hi) {
        QCHECK(c, ww_result_count(c->r) == 0, "%s: %d packages, no improvement",
               ps, ww_result_count(c->r));
        return 0;
    }
    QCHECK(c, ww_result_count(c->r) >= 1, "%s: improvement without a package", ps);
    if (wwq_check_package(c, c->r, 0, o))
        return 1;
    const int *q = ww_result_package(c->r, 0);
    QCHECK(c, ww_brute_improves(c->b, o, q, p), "%s: %s is no Pareto improvement",
           ps, wwq_pkg_str(c, q));
    QCHECK(c, QCLOSE(ww_result_joint(c->r, 0), ij),
           "%s: improving package J %.9g, brute force max %.9g", ps,
           ww_result_joint(c->r, 0), ij);
    return 0;
}

int wwq_change_model(wwq_case *c, int step)
{
    int nt = ww_model_term_count(c->m);
    int t = (int)(c->seed % (unsigned long)nt);
    double u = (double)(c->seed % 7) - 2.0;
    wwq_next(c, "change");
    if (step == 0) {
        int lv;
        double value;
        QCALL(c, ww_model_add_level(c->m, t, "added", u, 3.0 - u, &lv));
        if (ww_model_level_value(c->m, t, 0, &value)) /* numeric term */
            QCALL(c, ww_model_set_level_value(c->m, t, lv, value));
    } else {
        static const int zero[1] = {0};
        ww_condition when[2] = {{0, zero, 1}, {nt - 1, zero, 1}};
        QCALL(c, ww_model_add_interaction(c->m, when, nt > 1 ? 2 : 1, u,
                                          -u / 2, NULL));
    }
    ww_brute_free(c->b);
    c->b = NULL;
    ww_status st = ww_brute_new(c->m, 2000000, &c->b);
    QCHECK(c, st == WW_OK, "ww_brute_new: %s", ww_status_str(st));
    return 0;
}

int wwq_check_trades(wwq_case *c, const ww_options *o, const int *ref,
                     int k, int top, double concede, int *found)
{
    long want[64], total = 0;
    wwq_next(c, "trades");
    QCHECK(c, top <= 64, "top %d: at most 64 trades are checked", top);
    QCALL(c, ww_trades(c->s, o, ref, k, top, concede, &c->r));
    if (wwq_check_path(c, o, c->r))
        return 1;
    int n = ww_brute_trades(c->b, o, ref, k, top, concede, want, &total);
    const ww_result *r = c->r;
    const char *rs = wwq_pkg_str(c, ref);
    char refs[256];
    strcpy(refs, rs);
    *found += n;
    QCHECK(c, ww_result_outcome(r) != WW_OUTCOME_TIME_LIMIT, "time limit");
    if (n == 0) {
        QCHECK(c, ww_result_count(r) == 0,
               "from %s K=%d C=%g: %d trades, brute force none", refs, k,
               concede, ww_result_count(r));
        /* no trade: the model's own cause when nothing is admissible, else
         * the query's bounds */
        if (ww_brute_best(c->b, o) < 0)
            return wwq_check_infeasible(c, r, o);
        ww_diagnosis dg;
        QCALL(c, ww_result_diagnosis(r, &dg));
        QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_INFEASIBLE &&
                      dg.cause == WW_CAUSE_QUERY,
               "from %s K=%d C=%g: no trade: outcome %s, cause %d (admissible "
               "packages exist: cause %d expected)", refs, k, concede,
               ww_outcome_str(ww_result_outcome(r)), (int)dg.cause,
               (int)WW_CAUSE_QUERY);
        return 0;
    }
    QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_OPTIMAL, "outcome %s",
           ww_outcome_str(ww_result_outcome(r)));
    ww_evaluation rev;
    const int *rref = ww_result_reference(r, &rev);
    double rb, rsu;
    ww_brute_utilities(c->b, ref, &rb, &rsu);
    QCHECK(c, rref && memcmp(rref, ref, sizeof(int) * (size_t)ww_brute_terms(c->b)) == 0,
           "reference %s is not %s", wwq_pkg_str(c, rref), refs);
    QCHECK(c, QCLOSE(rev.buyer, rb) && QCLOSE(rev.seller, rsu),
           "reference utilities (%.9g, %.9g), brute (%.9g, %.9g)", rev.buyer,
           rev.seller, rb, rsu);
    QCHECK(c, ww_result_count(r) == n,
           "from %s K=%d N=%d C=%g: %d trades, brute force %d (of %ld)", refs,
           k, top, concede, ww_result_count(r), n, total);
    for (int i = 0; i < n; i++) {
        if (wwq_check_package(c, r, i, o))
            return 1;
        const int *p = ww_result_package(r, i);
        QCHECK(c, ww_brute_is_trade(c->b, o, ref, k, concede, p),
               "trade %d %s is not a valid trade from %s (K=%d C=%g)", i,
               wwq_pkg_str(c, p), refs, k, concede);
        for (int j = 0; j < i; j++)
            QCHECK(c, ww_brute_index(c->b, p) !=
                          ww_brute_index(c->b, ww_result_package(r, j)),
                   "trades %d and %d are the same package", j, i);
        double wj = ww_brute_joint(c->b, want[i]);
        double ws = ww_brute_seller(c->b, want[i]);
        QCHECK(c, QCLOSE(ww_result_joint(r, i), wj) &&
                      QCLOSE(ww_result_seller(r, i), ws),
               "from %s K=%d N=%d C=%g: trade %d has (J %.9g, U_s %.9g), "
               "brute force (J %.9g, U_s %.9g)", refs, k, top, concede, i,
               ww_result_joint(r, i), ww_result_seller(r, i), wj, ws);
    }
    return 0;
}

int wwq_check_meso(wwq_case *c, const ww_options *o, int count,
                      double target, double band, int *offers_out)
{
    return wwq_check_meso_by(c, o, count, target, band, offers_out, NULL);
}

int wwq_check_meso_by(wwq_case *c, const ww_options *o, int count,
                      double target, double band, int *offers_out,
                      wwq_meso_fn fn)
{
    double lo, hi;
    char why[256] = "";
    wwq_next(c, "meso");
    QCALL(c, (fn ? fn : ww_meso)(c->s, o, count, target, band, &c->r));
    if (wwq_check_path(c, o, c->r))
        return 1;
    const ww_result *r = c->r;
    if (!ww_brute_meso_band(c->b, o, target, band, &lo, &hi)) {
        /* nothing admissible: a band only when the target was given and
         * the band given or there is a feasible package to take it from */
        int feasible = 0;
        for (long i = 0; i < ww_brute_count(c->b) && !feasible; i++)
            feasible = ww_brute_feasible(c->b, i);
        double bt, bw;
        int has = ww_result_band(r, &bt, &bw);
        QCHECK(c, has == (!isnan(target) && (!isnan(band) || feasible)),
               "band reported %d with nothing admissible", has);
        QCHECK(c, !has || (bt == target && (isnan(band) || bw == band)),
               "band [%.9g - %.9g, %.9g] for target %g band %g", bt, bw, bt,
               target, band);
        return wwq_check_infeasible(c, r, o);
    }
    int n = ww_result_count(r);
    QCHECK(c, ww_result_outcome(r) != WW_OUTCOME_TIME_LIMIT, "time limit");
    /* the band it reports is brute force's, the defaults resolved */
    double bt, bw;
    QCHECK(c, ww_result_band(r, &bt, &bw), "no band reported");
    QCHECK(c, QCLOSE(bt, hi - WW_TOLERANCE) &&
                  QCLOSE(bw, hi - lo - 2 * WW_TOLERANCE),
           "band [%.9g - %.9g, %.9g], brute force [%.9g, %.9g]", bt, bw, bt,
           lo + WW_TOLERANCE, hi - WW_TOLERANCE);
    for (int k = 0; k < n; k++)
        if (wwq_check_package(c, r, k, o))
            return 1;
    QCHECK(c, ww_brute_meso_agrees(c->b, o, count, target, band, r, QTOL,
                                   why, sizeof why),
           "count %d target %g band %g: %s", count, target, band, why);
    /* the whole greedy run of brute force (its own ties) has as many */
    QCHECK(c, ww_brute_meso(c->b, o, count, target, band, NULL) == n,
           "count %d target %g band %g: %d offers, brute force's run %d",
           count, target, band, n,
           ww_brute_meso(c->b, o, count, target, band, NULL));
    if (n >= 2) {
        int mind = ww_brute_terms(c->b) + 1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) {
                int h = ww_brute_hamming(c->b, ww_result_package(r, i),
                                         ww_result_package(r, j));
                mind = h < mind ? h : mind;
            }
        QCHECK(c, ww_result_diversity(r) == mind, "diversity %d, offers %d",
               ww_result_diversity(r), mind);
    }
    if (n > 0)
        QCHECK(c, ww_result_outcome(r) == WW_OUTCOME_OPTIMAL, "outcome %s",
               ww_outcome_str(ww_result_outcome(r)));
    *offers_out += n;
    return 0;
}

int wwq_check_meso_mip(wwq_case *c, unsigned long seed, int *offers_out,
                       wwq_meso_fn fn)
{
    ww_options o = c->o;
    o.path = WW_PATH_MIP;
    int bad = wwq_check_meso_by(c, &o, 2 + (int)(seed % 3), NAN, NAN,
                                offers_out, fn);
    long bi = ww_brute_best(c->b, &o);
    if (!bad && bi >= 0)
        bad = wwq_check_meso_by(c, &o, 3,
                                ww_brute_seller(c->b, bi) - (double)(seed % 3),
                                seed % 2 ? 2.5 : 1, offers_out, fn);
    return bad;
}

int wwq_random_meso_mip(unsigned long base, int count, int *n,
                        int *offers_out, wwq_meso_fn fn)
{
    unsigned long first;
    int failures = 0;
    wwq_seeds(base, count, &first, n);
    for (int i = 0; i < *n; i++) {
        unsigned long seed = first + (unsigned long)i;
        ww_random_params p;
        wwq_params(seed, &p);
        wwq_case c;
        int bad = wwq_open(&c, seed, &p);
        if (!bad)
            bad = wwq_check_meso_mip(&c, seed, offers_out, fn);
        wwq_close(&c);
        failures += bad;
    }
    return failures;
}

void wwq_zero_sum_meso_mip(int *offers_out, wwq_meso_fn fn)
{
    static const int dims[][2] = {{3, 7}, {5, 6}, {6, 5}};
    for (int i = 0; i < 3; i++)
        for (int grid = 0; grid < 2; grid++) {
            wwq_case c;
            char name[64];
            wwq_open_zero_sum(&c, name, dims[i][0], dims[i][1], grid);
            assert_int_equal(
                wwq_check_meso_mip(&c, (unsigned long)i, offers_out, fn), 0);
            wwq_close(&c);
        }
}

void wwq_meso_every_path(wwq_case *c, int count, double target,
                         double band, wwq_meso_fn fn, double want_us)
{
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM, WW_PATH_MIP};
    int offers = 0;
    for (int i = 0; i < 4; i++) {
        ww_options o;
        ww_options_init(&o);
        o.path = i < 3 ? paths[i] : WW_PATH_MIP;
        assert_int_equal(wwq_check_meso_by(c, &o, count, target, band,
                                           &offers, i < 3 ? NULL : fn),
                         0);
        assert_int_equal(ww_result_count(c->r), count);
        assert_true(ww_result_seller(c->r, count - 1) == want_us);
    }
    assert_int_equal(offers, 4 * count);
}

int wwq_genius_model(const char *domain, const char *buyer,
                     const char *seller, double max_packages, ww_model **m)
{
    ww_error err;
    *m = NULL;
    ww_status st = ww_genius_import(domain, buyer, seller, m, &err);
    if (st == WW_UNSUPPORTED)
        return 1;
    if (st != WW_OK) {
        print_error("%s: import failed: %s: %s\n", domain, ww_status_str(st),
                    err.text);
        return -1;
    }
    if (ww_model_package_count(*m) > max_packages) {
        ww_model_free(*m);
        *m = NULL;
        return 1;
    }
    return 0;
}
