/* Shared helpers of the query suites: one random case (model, brute force,
 * solver, options) per seed, checks that print the seed, and run counts.
 *
 * Environment:
 *   WW_TEST_MODELS=N   number of random models per suite (default 300+,
 *                      fewer under valgrind)
 *   WW_TEST_SEED=S     run that one seed only (to reproduce a failure) */
#ifndef WW_QSUPPORT_H
#define WW_QSUPPORT_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "brute.h"
#include "random_model.h"
#include "test_util.h"
#include "winwin.h"

#define QTOL 1e-6
#define QCLOSE(a, b) (fabs((a) - (b)) <= QTOL)

/* One random case.  Everything it owns is freed by wwq_close. */
typedef struct wwq_case {
    unsigned long seed;
    ww_random_params params;
    ww_model *m;
    ww_brute *b;
    ww_solver *s;
    ww_options o;
    ww_result *r;        /* the current query's result */
    const char *query;   /* for messages */
    const char *name;    /* instead of the seed in messages (files) */
} wwq_case;

/* "seed S (WW_TEST_SEED=S)" or the case's name, for messages. */
const char *wwq_id(const wwq_case *c);

/* Failure: prints the seed, the query and the message; returns 1 from the
 * calling check function. */
#define QFAIL(c, fmt, ...)                                                   \
    do {                                                                     \
        print_error("%s %s: " fmt " [%s:%d]\n", wwq_id(c),                 \
                    (c)->query ? (c)->query : "", ##__VA_ARGS__, __FILE__,  \
                    __LINE__);                                               \
        return 1;                                                            \
    } while (0)
#define QCHECK(c, cond, fmt, ...)                                            \
    do {                                                                     \
        if (!(cond))                                                         \
            QFAIL(c, "(%s) " fmt, #cond, ##__VA_ARGS__);                     \
    } while (0)
/* A library call that must return WW_OK. */
#define QCALL(c, call)                                                       \
    do {                                                                     \
        ww_status st_ = (call);                                              \
        if (st_ != WW_OK)                                                    \
            QFAIL(c, "%s returned %s: %s", #call, ww_status_str(st_),        \
                  ww_errmsg((c)->m));                                        \
    } while (0)

/* How many random models a suite runs (dflt normally). */
int wwq_model_count(int dflt);
/* 1 when running under valgrind. */
int wwq_under_valgrind(void);
/* The seeds to run: *first and *count from WW_TEST_SEED or base/count. */
void wwq_seeds(unsigned long base, int count, unsigned long *first,
               int *n);

/* Random parameters for a seed: varied correlation, some real-valued
 * models (grid 0), some with products. */
void wwq_params(unsigned long seed, ww_random_params *p);
/* Options for a seed: mostly defaults, some ignore_limits, some
 * override_budget (when the model has an opening). */
void wwq_options(unsigned long seed, const ww_model *m, ww_options *o);

/* Builds the case for seed (with p, or wwq_params when NULL): model, brute
 * force, solver and options.  Returns 1 (and prints) on failure. */
int wwq_open(wwq_case *c, unsigned long seed, const ww_random_params *p);
void wwq_close(wwq_case *c);
/* A case (c->m only; attach it next) of a zero-sum model with real
 * utilities: n terms of m levels, U_b + U_s constant on each term (scale
 * times 2, 3, ...), from a fixed LCG (the same model each run), so that
 * every package is a frontier point and J ties them all up to float
 * noise.  name replaces the seed in messages. */
void wwq_open_dense(wwq_case *c, const char *name, int n, int m,
                    double scale);
/* Adds to m a term of n levels named L0, L1, ... with the utilities lv
 * (NULL: all (0, 0)). */
void wwq_add_term(ww_model *m, const char *name, const double (*lv)[2],
                  int n);
/* An attached case of a term "deal" of n levels of utilities lv, and a
 * term "copy" of two levels of (0, 0): two halves to meet in the middle,
 * and at distance 2 packages apart on both terms. */
void wwq_open_staircase(wwq_case *c, const char *name,
                        const double (*lv)[2], int n);
/* An attached zero-sum case of n terms of m levels: wwq_open_dense's
 * real-valued utilities (grid 0) or ww_zero_sum_model's whole numbers
 * (grid 1), named in name (the caller's, for the case's life). */
void wwq_open_zero_sum(wwq_case *c, char name[64], int n, int m, int grid);
/* A case (attached) where every package of the best nash key has 400
 * copies: a term "deal" with levels (0, 0), (2, 8), (8, 2), (16, 1),
 * (1, 16), and two terms of 200 and 2 levels of (0, 0).  Nash's best
 * product, 16, is at four of them, kalai's 1/8 at (2, 8) and (8, 2). */
void wwq_open_ties(wwq_case *c);
/* Sets a party's weight on the case's model, a new revision: a new brute
 * force and solver. */
void wwq_reweigh(wwq_case *c, int party, double weight);
/* Clears c for a model made elsewhere (a file, the Genius corpus): c takes
 * m (wwq_close frees it) and is named name in messages. */
void wwq_named(wwq_case *c, ww_model *m, const char *name);
/* The second half of wwq_open for a case whose seed and model c->m are set
 * (and c->b, or a brute force of at most 2,000,000 packages is made):
 * brute force, solver, options. */
int wwq_attach(wwq_case *c);
/* Frees the current result before a new query named query. */
void wwq_next(wwq_case *c, const char *query);
/* Changes the case's model under its solver (step 0: a level added to a
 * term, 1: an interaction between the first and the last term) and
 * enumerates it again; 1 on failure (printed). */
int wwq_change_model(wwq_case *c, int step);

/* Checks that result package i exists, is admissible under the case's
 * options o (brute force), and that the reported buyer/seller/joint equal
 * both ww_model_evaluate's and brute force's utilities. */
int wwq_check_package(wwq_case *c, const ww_result *r, int i,
                      const ww_options *o);

/* The result of a one-package query (best, nash, kalai): optimal, exactly
 * one package, and that package passes wwq_check_package. */
int wwq_check_single(wwq_case *c, const ww_result *r, const ww_options *o);

/* For a query whose brute-force answer is "no admissible package" under o:
 * the result must be infeasible with no package, and its diagnosis a cause
 * that brute force confirms, with the same reachable / required values. */
int wwq_check_infeasible(wwq_case *c, const ww_result *r, const ww_options *o);

/* Checks ww_model_evaluate on pkg against brute force (no options). */
int wwq_check_model_evaluate(wwq_case *c, const int *pkg);

/* A random package drawn from a small PRNG state. */
void wwq_random_package(const wwq_case *c, unsigned long long *state,
                        int *pkg);
/* Options: defaults, or ignore_limits. */
void wwq_default_options(ww_options *o, int ignore_limits);

/* frontier under o against brute force: the same points within 1e-6, in
 * order, strictly sorted by U_s, each package admissible and evaluating to
 * its point.  *npoints gets brute force's point count. */
int wwq_check_frontier(wwq_case *c, const ww_options *o, int *npoints);
/* wwq_check_frontier, then nash and kalai (wwq_check_bargain) under o:
 * 1 at the first failure. */
int wwq_check_frontier_family(wwq_case *c, const ww_options *o,
                              int *npoints);
/* How many frontiers with a forced WW_PATH_DP were declined (UNSUPPORTED). */
extern int wwq_dp_declined;
/* nash (kalai 0) or kalai (kalai 1) under o against brute force: anchors,
 * objective, then J, then U_s. */
int wwq_check_bargain(wwq_case *c, const ww_options *o, int kalai);
/* wwq_check_bargain with the answer from fn (ww_nash or ww_kalai when
 * NULL; an internal entry point in the tests that link lib/ statically).
 * A forced DP's UNSUPPORTED passes (returns 0, c->r NULL). */
typedef ww_status (*wwq_bargain_fn)(ww_solver *s, const ww_options *o,
                                    int kalai, ww_result **out);
int wwq_check_bargain_by(wwq_case *c, const ww_options *o, int kalai,
                         wwq_bargain_fn fn);

/* Under a forced path (o->path not AUTO) the result r must say that path
 * answered it (r NULL: nothing to check). */
int wwq_check_path(wwq_case *c, const ww_options *o, const ww_result *r);
/* best under o against brute force: J, U_s, the package, infeasibility
 * and its diagnosis. */
int wwq_check_best(wwq_case *c, const ww_options *o, const char *name);
/* evaluate of p under o against brute force: utilities, feasibility,
 * admissibility, value left, the improving package; *improvable counts
 * the packages that had one. */
int wwq_check_evaluate(wwq_case *c, const ww_options *o, const int *p,
                       int *improvable);
/* wwq_check_evaluate with the answer from fn (ww_evaluate when NULL). */
typedef ww_status (*wwq_evaluate_fn)(ww_solver *s, const ww_options *o,
                                     const int *package, ww_evaluation *eval,
                                     ww_result **out);
int wwq_check_evaluate_by(wwq_case *c, const ww_options *o, const int *p,
                          int *improvable, wwq_evaluate_fn fn);
/* trades from ref (k changes, top, concede) under o against brute force:
 * the count, every trade a valid one of brute force's J and U_s in order,
 * the reference, and with none the cause; *found counts brute force's
 * trades.  top at most 64.  1 on a failure (printed with the seed). */
int wwq_check_trades(wwq_case *c, const ww_options *o, const int *ref,
                     int k, int top, double concede, int *found);
/* meso under o against brute force (ww_brute_meso_agrees): every offer
 * checked as a package, the greedy keys, the diversity and the outcome;
 * *offers_out counts the offers. */
int wwq_check_meso(wwq_case *c, const ww_options *o, int count,
                   double target, double band, int *offers_out);
/* wwq_check_meso with the answer from fn (ww_meso when NULL). */
typedef ww_status (*wwq_meso_fn)(ww_solver *s, const ww_options *o,
                                 int count, double target, double band,
                                 ww_result **out);
int wwq_check_meso_by(wwq_case *c, const ww_options *o, int count,
                      double target, double band, int *offers_out,
                      wwq_meso_fn fn);
/* meso of c by fn on path "mip" against brute force: the default target
 * and band (2-4 offers by seed), then best's U_s less 0-2 (by seed) with a
 * band of 1 or 2.5; 1 on a failure (printed with the seed). */
int wwq_check_meso_mip(wwq_case *c, unsigned long seed, int *offers_out,
                       wwq_meso_fn fn);
/* wwq_check_meso_mip on count seeded random models from base (or
 * WW_TEST_SEED's one; wwq_params): returns the failures and sets *n to
 * the models run. */
int wwq_random_meso_mip(unsigned long base, int count, int *n,
                        int *offers_out, wwq_meso_fn fn);
/* wwq_check_meso_mip on six zero-sum models (3 x 7, 5 x 6, 6 x 5, each
 * real-valued and on a grid: the band a subset-sum problem to GLPK),
 * asserted to pass. */
void wwq_zero_sum_meso_mip(int *offers_out, wwq_meso_fn fn);
/* meso (count offers, target, band) on paths auto, enum and mip, then by
 * fn on path mip, each against brute force (asserted): count offers, the
 * last of U_s want_us. */
void wwq_meso_every_path(wwq_case *c, int count, double target,
                         double band, wwq_meso_fn fn, double want_us);

/* Decimal text of a package for messages (static buffer). */
const char *wwq_pkg_str(const wwq_case *c, const int *pkg);

/* The Genius corpus: walks dir recursively in name order and calls fn for
 * every directory holding exactly one domain file (root element
 * negotiation_template) and at least two profiles (root element
 * utility_space), with the first profile (file-name order) as buyer and the
 * last as seller.  Returns the sum of fn's returns plus the directories
 * that could not be opened (printed). */
typedef int (*wwq_genius_fn)(const char *domain, const char *buyer,
                             const char *seller, void *data);
int wwq_genius_walk(const char *dir, wwq_genius_fn fn, void *data);
/* A wwq_genius_fn's model: 0 with *m set; 1 to skip the domain (the
 * importer does not support it, or it has over max_packages packages; *m
 * NULL); -1 when the import failed (printed). */
int wwq_genius_model(const char *domain, const char *buyer,
                     const char *seller, double max_packages, ww_model **m);

#endif
