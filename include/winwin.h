/*
 * winwin — find win-win trades in a sales negotiation.
 *
 * A model holds the negotiated terms, their levels and both parties'
 * utilities (spec: ../shared/spec/winwin-format.md, "winwin/1").  A solver
 * keeps what it derives from a model (the exact paths' plans and one GLPK
 * problem, built when a query first needs a MIP) and answers every query.
 *
 * Conventions
 *  - Every fallible call returns a ww_status; WW_OK is 0.  Results come back
 *    through out-parameters.  The detailed message of the last failure on a
 *    model (or on a solver of that model) is ww_errmsg(model).
 *  - "Status" says whether the call worked.  Whether an answer is optimal,
 *    infeasible or cut short by a time limit is the result's ww_outcome.
 *  - ww_..._free(NULL) is a no-op.  Objects returned through out-parameters
 *    belong to the caller, who frees them with the matching ww_..._free.
 *  - Strings returned by accessors belong to the object they came from and
 *    stay valid until it is modified or freed.
 *  - Packages are arrays of level indices, one per term, in term order.
 *
 * Threads
 *  - Distinct models, solvers and results may be used from different threads
 *    at the same time.  One object must not be used by two threads at once.
 *  - A model that is no longer modified may be read (accessors, evaluate,
 *    ww_solver_new, queries through one solver per thread) from several
 *    threads at once; ww_errmsg reports each thread its own failures.
 *  - While a query runs on a model, its setters and add functions return
 *    WW_MISUSE and leave it unchanged: a progress callback cannot pull the
 *    query's data from under it.  (This is no licence to change a model
 *    from one thread while another queries it: the first rule holds.)
 *  - A solver holds GLPK state, which is thread-local in GLPK: create, use and
 *    free a solver on one thread, and free it before the thread exits.  The
 *    thread's GLPK environment is kept for its next solver and freed when
 *    the thread exits (ww_thread_cleanup() frees it earlier).
 *
 * The library never prints and never aborts the process.
 */
#ifndef WINWIN_H
#define WINWIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(WW_BUILDING_LIBRARY)
#define WW_API __declspec(dllexport)
#elif defined(_WIN32)
#define WW_API
#elif defined(WW_BUILDING_LIBRARY)
#define WW_API __attribute__((visibility("default")))
#else
#define WW_API
#endif

#define WW_VERSION_MAJOR 0
#define WW_VERSION_MINOR 1
#define WW_VERSION_PATCH 0
#define WW_VERSION_STRING "0.1.0"
/* One number that grows with every release: 10000*major + 100*minor + patch. */
#define WW_VERSION_NUMBER \
    (WW_VERSION_MAJOR * 10000 + WW_VERSION_MINOR * 100 + WW_VERSION_PATCH)

/* The version of the library actually linked, e.g. "0.1.0". Thread-safe. */
WW_API const char *ww_version(void);
/* WW_VERSION_NUMBER of the library actually linked. Thread-safe. */
WW_API int ww_version_number(void);

/* ------------------------------------------------------------------ */
/* Status and outcome                                                  */

/* Whether a call worked.  Values are fixed; new ones are only appended. */
typedef enum ww_status {
    WW_OK = 0,
    WW_INVALID = 1,        /* an argument or model value is invalid       */
    WW_NOMEM = 2,          /* out of memory                               */
    WW_NOT_FOUND = 3,      /* unknown term name or level label            */
    WW_DUPLICATE = 4,      /* a name or label is used twice               */
    WW_OUT_OF_RANGE = 5,   /* a term, level or item index is out of range */
    WW_PARSE_ERROR = 6,    /* a JSON or XML file is malformed             */
    WW_IO_ERROR = 7,       /* a file cannot be read or written            */
    WW_SOLVER_ERROR = 8,   /* GLPK failed internally                      */
    WW_UNSUPPORTED = 9,    /* valid input that winwin cannot handle       */
    WW_TOO_LARGE = 10,     /* beyond a documented size limit              */
    WW_MISUSE = 11         /* NULL handle, or a call out of order         */
} ww_status;

/* The fixed English text of a status, e.g. "invalid argument". Thread-safe. */
WW_API const char *ww_status_str(ww_status status);

/* How a query ended.  Values are fixed; new ones are only appended. */
typedef enum ww_outcome {
    WW_OUTCOME_OPTIMAL = 0,    /* the answer is proven                      */
    WW_OUTCOME_INFEASIBLE = 1, /* no admissible package exists              */
    WW_OUTCOME_TIME_LIMIT = 2  /* stopped early: the answer (if any) is the
                                  best found so far, not proven             */
} ww_outcome;

/* "optimal", "infeasible" or "time_limit" (the spec's JSON words). */
WW_API const char *ww_outcome_str(ww_outcome outcome);

/* The two parties. */
typedef enum ww_party { WW_BUYER = 0, WW_SELLER = 1 } ww_party;

/* Absolute tolerance with which utilities are compared (spec section 3). */
#define WW_TOLERANCE 1e-6

/* ------------------------------------------------------------------ */
/* Models                                                              */

typedef struct ww_model ww_model;

/* Creates an empty model (no terms, weights 1, no reservations). */
WW_API ww_status ww_model_new(ww_model **out);
/* Frees a model.  Its solvers must be freed first. NULL is a no-op. */
WW_API void ww_model_free(ww_model *model);
/* Deep copy (for example to change it while a solver uses the original). */
WW_API ww_status ww_model_clone(const ww_model *model, ww_model **out);

/* The detailed message of the last failure on this model or its solvers,
 * naming the term, level, file position or JSON path involved.  "" when the
 * last call succeeded.  Kept per thread: the failures of calls made from the
 * calling thread, for the last 8 models that thread failed on; valid until
 * the thread's next call on the model. */
WW_API const char *ww_errmsg(const ww_model *model);

WW_API ww_status ww_model_set_name(ww_model *model, const char *name);
WW_API ww_status ww_model_set_unit(ww_model *model, const char *unit);
WW_API const char *ww_model_name(const ww_model *model);  /* NULL if unset */
WW_API const char *ww_model_unit(const ww_model *model);  /* NULL if unset */

/* Parties: display name, reservation (absent = no bound), weight (> 0). */
WW_API ww_status ww_model_set_party_name(ww_model *model, ww_party party,
                                         const char *name);
WW_API ww_status ww_model_set_reservation(ww_model *model, ww_party party,
                                          double reservation);
WW_API ww_status ww_model_clear_reservation(ww_model *model, ww_party party);
WW_API ww_status ww_model_set_weight(ww_model *model, ww_party party,
                                     double weight);
WW_API const char *ww_model_party_name(const ww_model *model, ww_party party);
/* 1 and *reservation set when the party has one, else 0. */
WW_API int ww_model_reservation(const ww_model *model, ww_party party,
                                double *reservation);
WW_API double ww_model_weight(const ww_model *model, ww_party party);

/* Terms and levels. Indices count from 0 in the order of creation.  Once
 * an opening or counter is set, add_term returns WW_MISUSE (their packages
 * name a level of every term). */
WW_API ww_status ww_model_add_term(ww_model *model, const char *name,
                                   const char *unit /* may be NULL */,
                                   int *term_out /* may be NULL */);
WW_API ww_status ww_model_add_level(ww_model *model, int term,
                                    const char *label, double buyer,
                                    double seller,
                                    int *level_out /* may be NULL */);
/* Gives a level its numeric quantity (needed by linear constraints and
 * product interactions). */
WW_API ww_status ww_model_set_level_value(ww_model *model, int term,
                                          int level, double value);

/* A piecewise-linear utility of a numeric value: points (x[i], u[i]) with x
 * strictly ascending, held flat outside them.  npoints >= 1. */
typedef struct ww_curve {
    const double *x;
    const double *u;
    int npoints;
} ww_curve;

/* A numeric term whose levels are from + k*step for k = 0, 1, ... while
 * from + k*step <= to + 1e-9*|step| (at most 10,000 levels), labelled with
 * "%.15g" of the value followed by " unit" when unit is given; each level's
 * utilities are the curves at its value. */
WW_API ww_status ww_model_add_range_term(ww_model *model, const char *name,
                                         const char *unit, double from,
                                         double to, double step,
                                         const ww_curve *buyer,
                                         const ww_curve *seller,
                                         int *term_out /* may be NULL */);
/* 1 when the term was made by ww_model_add_range_term (and fills what is
 * non-NULL; the curve arrays belong to the model), else 0. */
WW_API int ww_model_term_range(const ww_model *model, int term, double *from,
                               double *to, double *step, ww_curve *buyer,
                               ww_curve *seller);

WW_API int ww_model_term_count(const ww_model *model);
WW_API const char *ww_model_term_name(const ww_model *model, int term);
WW_API const char *ww_model_term_unit(const ww_model *model, int term);
WW_API int ww_model_level_count(const ww_model *model, int term);
WW_API const char *ww_model_level_label(const ww_model *model, int term,
                                        int level);
WW_API double ww_model_level_buyer(const ww_model *model, int term, int level);
WW_API double ww_model_level_seller(const ww_model *model, int term,
                                    int level);
/* 1 and *value set when the level has a value, else 0. */
WW_API int ww_model_level_value(const ww_model *model, int term, int level,
                                double *value);
/* Looks up by name / label (exact, case-sensitive). */
WW_API ww_status ww_model_find_term(ww_model *model, const char *name,
                                    int *term_out);
WW_API ww_status ww_model_find_level(ww_model *model, int term,
                                     const char *label, int *level_out);
/* Number of packages as a double (may exceed 2^53; inf on overflow). */
WW_API double ww_model_package_count(const ww_model *model);

/* A condition on one term: it holds when the term sits at one of `levels`. */
typedef struct ww_condition {
    int term;
    const int *levels;
    int nlevels;
} ww_condition;

/* Interactions.  Each term may appear once per interaction; ncond >= 1. */
WW_API ww_status ww_model_add_interaction(ww_model *model,
                                          const ww_condition *when, int ncond,
                                          double buyer, double seller,
                                          int *index_out /* may be NULL */);
/* Adds c * value(term_a) * value(term_b) for each party (every level of both
 * terms needs a value; term_a != term_b). */
WW_API ww_status ww_model_add_product(ww_model *model, int term_a, int term_b,
                                      double buyer, double seller,
                                      int *index_out /* may be NULL */);

typedef enum ww_interaction_kind {
    WW_INTERACTION_WHEN = 0,
    WW_INTERACTION_PRODUCT = 1
} ww_interaction_kind;

WW_API int ww_model_interaction_count(const ww_model *model);
/* Kind and utilities of interaction i (NULL out-parameters are skipped). */
WW_API ww_status ww_model_interaction(const ww_model *model, int i,
                                      ww_interaction_kind *kind,
                                      double *buyer, double *seller);
/* The conditions of a WHEN interaction: fills up to cap conditions (arrays
 * owned by the model) and returns how many there are; -1 if i is invalid. */
WW_API int ww_model_interaction_when(const ww_model *model, int i,
                                     ww_condition *conds, int cap);
/* The two terms of a PRODUCT interaction. */
WW_API ww_status ww_model_interaction_product(const ww_model *model, int i,
                                              int *term_a, int *term_b);

/* Constraints.  A forbid removes every package meeting all conditions.  A
 * linear constraint bounds sum coef[j] * value(level of terms[j]); use
 * -HUGE_VAL / HUGE_VAL for a missing min / max (at least one is finite). */
WW_API ww_status ww_model_add_forbid(ww_model *model,
                                     const ww_condition *when, int ncond,
                                     int *index_out /* may be NULL */);
WW_API ww_status ww_model_add_linear(ww_model *model, const int *terms,
                                     const double *coefs, int n, double min,
                                     double max,
                                     int *index_out /* may be NULL */);

typedef enum ww_constraint_kind {
    WW_CONSTRAINT_FORBID = 0,
    WW_CONSTRAINT_LINEAR = 1
} ww_constraint_kind;

WW_API int ww_model_constraint_count(const ww_model *model);
WW_API ww_status ww_model_constraint_kind(const ww_model *model, int i,
                                          ww_constraint_kind *kind);
/* As ww_model_interaction_when, for a forbid. */
WW_API int ww_model_constraint_forbid(const ww_model *model, int i,
                                      ww_condition *conds, int cap);
/* A linear constraint: returns the number of terms (-1 if i is invalid);
 * *terms and *coefs point into the model; *min / *max are +-HUGE_VAL when
 * absent. */
WW_API int ww_model_constraint_linear(const ww_model *model, int i,
                                      const int **terms, const double **coefs,
                                      double *min, double *max);

/* Opening (the seller's proposal) and counter (the buyer's answer): one
 * level per term.  NULL clears it.  Clearing the opening while a budget is
 * set is an error. */
WW_API ww_status ww_model_set_opening(ww_model *model, const int *package);
WW_API ww_status ww_model_set_counter(ww_model *model, const int *package);
WW_API const int *ww_model_opening(const ww_model *model); /* NULL if none */
WW_API const int *ww_model_counter(const ww_model *model); /* NULL if none */

/* Seller's concession budget (>= 0): admissible packages keep
 * U_s >= U_s(opening) - budget.  Needs an opening. */
WW_API ww_status ww_model_set_budget(ww_model *model, double budget);
WW_API ww_status ww_model_clear_budget(ww_model *model);
WW_API int ww_model_budget(const ww_model *model, double *budget);

/* Whole-model check (what the JSON loader runs last): a budget needs an
 * opening, and so on.  Queries call it too. */
WW_API ww_status ww_model_validate(ww_model *model);

/* Warnings left by a loader or importer (e.g. Genius "maxutility too low"). */
WW_API int ww_model_warning_count(const ww_model *model);
WW_API const char *ww_model_warning(const ww_model *model, int i);

/* ------------------------------------------------------------------ */
/* Evaluating one package                                              */

/* Why a package is not admissible.  Values are fixed; only appended. */
typedef enum ww_violation {
    WW_VIOLATES_NOTHING = 0,
    WW_VIOLATES_FORBID = 1,             /* constraint index in .constraint */
    WW_VIOLATES_LINEAR = 2,             /* constraint index in .constraint */
    WW_VIOLATES_BUYER_RESERVATION = 3,
    WW_VIOLATES_SELLER_RESERVATION = 4,
    WW_VIOLATES_BUDGET = 5
} ww_violation;

typedef struct ww_evaluation {
    double buyer;            /* U_b                                          */
    double seller;           /* U_s                                          */
    double joint;            /* J = w_b U_b + w_s U_s                        */
    int feasible;            /* breaks no constraint                         */
    int admissible;          /* feasible, reservations and budget met        */
    ww_violation violation;  /* the first thing it breaks                    */
    int constraint;          /* index of the broken constraint, else -1      */
    int has_concession;      /* 1 when the model has an opening              */
    double concession;       /* U_s(opening) - U_s(package)                  */
    /* Filled by ww_evaluate (with a solver) only: */
    int has_value_left;      /* 1 when some admissible package exists        */
    double value_left;       /* J(best) - J(package)                         */
    int has_improvement;     /* an admissible package better for both        */
} ww_evaluation;

/* Evaluates a package against the model alone (no solver, no search). */
WW_API ww_status ww_model_evaluate(ww_model *model, const int *package,
                                   ww_evaluation *out);

/* ------------------------------------------------------------------ */
/* Solving                                                             */

typedef struct ww_solver ww_solver;
typedef struct ww_result ww_result;

/* Progress of a long query: return non-zero to stop it (outcome then
 * time_limit, with the best answer found so far; a stop asked after the
 * last step, when the answer is already proven, leaves it optimal).  Called from the query's
 * thread: between its steps, every few thousand to 2^20 packages of a
 * walk or scan, and about every 0.05 s inside a MIP solve (GLPK's branch
 * and bound) and a DP run (its stages, and the filtering, decoding and
 * copying of a frontier of millions of points), so that a stop is heard
 * within a fraction of a second.  It must not start another winwin
 * query, nor free the model; a change to the model from the callback
 * returns WW_MISUSE, and the model stays as it was. */
typedef struct ww_progress {
    int points;        /* frontier points / packages found so far */
    int solves;        /* MIP solves so far                       */
    double elapsed;    /* seconds since the query started         */
} ww_progress;
typedef int (*ww_progress_fn)(const ww_progress *progress, void *data);

/* Which exact method answers a query (issue: planner).  Values fixed. */
typedef enum ww_path {
    WW_PATH_AUTO = 0,    /* let winwin choose                         */
    WW_PATH_MIP = 1,     /* GLPK integer programming                  */
    WW_PATH_ENUM = 2,    /* enumeration of every package              */
    WW_PATH_DP = 3       /* Pareto-merge dynamic programming          */
} ww_path;

WW_API const char *ww_path_str(ww_path path);

/* Query options.  Always start from ww_options_init(). */
typedef struct ww_options {
    double time_limit;       /* seconds; <= 0 means none                 */
    int ignore_limits;       /* 1: ignore reservations and budget        */
    int override_budget;     /* 1: use .budget instead of the model's    */
    double budget;
    ww_progress_fn progress; /* may be NULL                              */
    void *progress_data;
    int max_points;          /* frontier: stop after this many (0: none) */
    ww_path path;            /* WW_PATH_AUTO unless forcing a method     */
} ww_options;

WW_API void ww_options_init(ww_options *options);

/* Creates a solver for a model.  The model must outlive the solver; when the
 * model changes, the solver rebuilds itself on its next query.  It keeps
 * what depends on the model alone (the MIP's columns and coefficients; the
 * DP's plan and the options of its units, on the first query that uses
 * them; the GLPK problem, on the first query that needs a MIP, so that
 * creating a solver stays cheap when every query is answered without one;
 * where nash, kalai and evaluate would cut the model to meet in the
 * middle, and the two halves' points once they met there, up to 32 MiB;
 * whether a search ran over its budget under the floors it ran
 * with — best's walk and DP run, evaluate's DP run, nash's and kalai's
 * capped fold — so that it is not run again to the same end), and a
 * solver reused for many queries pays for them once per change of the
 * model.  It also keeps a 32 KiB workspace for the DP's frontiers, made
 * by the first, so that a small one allocates only its result.
 * Errors are reported through ww_errmsg(model).  One thread only (see
 * top). */
WW_API ww_status ww_solver_new(ww_model *model, ww_solver **out);
WW_API void ww_solver_free(ww_solver *solver);
/* Frees the calling thread's GLPK environment now (all its solvers must be
 * freed first); the next solver makes a new one.  Optional: a thread that
 * exits frees its environment itself (the main thread's lasts until the
 * process ends).  E.g. for a long-lived thread done with winwin. */
WW_API void ww_thread_cleanup(void);

/* options may be NULL for the defaults.  On WW_OK *out is a result the
 * caller frees; its outcome says optimal / infeasible / time_limit. */

/* A package of maximum J; ties: higher U_s. One package (none if
 * infeasible). */
WW_API ww_status ww_best(ww_solver *solver, const ww_options *options,
                         ww_result **out);
/* The exact Pareto frontier, one package per point, U_s descending. */
WW_API ww_status ww_frontier(ww_solver *solver, const ww_options *options,
                             ww_result **out);
/* Nash bargaining point (spec section 3). One package.  Ties: the
 * packages whose product comes within 1e-6 (absolute, as utilities are
 * compared) of the largest, among them those whose J is within 1e-6 of
 * their highest, then the highest U_s. */
WW_API ww_status ww_nash(ww_solver *solver, const ww_options *options,
                         ww_result **out);
/* Kalai-Smorodinsky point (spec section 3). One package.  A denominator
 * I_x - d_x within 1e-6 of 0 gives ratio 1; ratios within 1e-6 of the
 * largest tie, then J and U_s as for nash. */
WW_API ww_status ww_kalai(ww_solver *solver, const ww_options *options,
                          ww_result **out);
/* Up to `top` trades from `reference` (J descending): admissible packages
 * != reference with at most max_changes changed terms, U_b >= U_b(ref) and
 * U_s >= U_s(ref) - concede.  Ties on J (within 1e-6) go to the higher
 * U_s.  Stopped by the time limit or the progress callback, the result
 * holds the best trades found so far (outcome time_limit).  With no trade,
 * outcome infeasible carries the cause (the query's bounds when admissible
 * packages exist); when a stop cut the search for the cause short, the
 * outcome is time_limit, with no trade and no cause (so for meso too). */
WW_API ww_status ww_trades(ww_solver *solver, const ww_options *options,
                           const int *reference, int max_changes, int top,
                           double concede, ww_result **out);
/* Multiple equivalent simultaneous offers: up to `count` admissible
 * packages with U_s in [target - band, target].  target NAN: U_s of best;
 * band NAN: 5% of the seller's utility range (max - min of U_s over the
 * packages the constraints and forbids allow; reservations and budget do
 * not narrow it).
 * Chosen greedily: offer k maximizes first its smallest Hamming distance
 * (number of differing terms) to offers 1..k-1, then U_b, then U_s.
 * Among packages tied on all three, which one is returned does not
 * depend on the solver's earlier queries: a new solver and a reused one
 * answer alike (unless the time limit stops the query). */
WW_API ww_status ww_meso(ww_solver *solver, const ww_options *options,
                         int count, double target, double band,
                         ww_result **out);
/* Evaluates a package and, with a search, the value left on the table
 * (J(best) - J(package)) and a Pareto-improving admissible package (U_b and
 * U_s both >= the package's, one strictly, of maximum J) when one exists.
 * *eval is filled; *out (may be NULL) receives a result whose package 0 is
 * the improving package when there is one. */
WW_API ww_status ww_evaluate(ww_solver *solver, const ww_options *options,
                             const int *package, ww_evaluation *eval,
                             ww_result **out);

/* ------------------------------------------------------------------ */
/* Results                                                             */

WW_API void ww_result_free(ww_result *result);
/* NULL: WW_OUTCOME_INFEASIBLE (check the query's status first). */
WW_API ww_outcome ww_result_outcome(const ww_result *result);
/* Number of packages (frontier points, trades, offers). */
WW_API int ww_result_count(const ww_result *result);
/* Package i: one level index per term; owned by the result. */
WW_API const int *ww_result_package(const ww_result *result, int i);
WW_API double ww_result_buyer(const ww_result *result, int i);
WW_API double ww_result_seller(const ww_result *result, int i);
WW_API double ww_result_joint(const ww_result *result, int i);
/* Every point at once, without copying (for bindings and bulk readers):
 * *utilities gets count x 3 doubles (U_b, U_s, J of point 0, then of point
 * 1, ...) and *packages count x nterms level indices (point i's package at
 * i * nterms, the pointer ww_result_package(result, i) returns).  Both are
 * owned by the result, valid until it is freed, and NULL when there is no
 * point; either out-parameter may be NULL.  Returns the count, 0 for a NULL
 * result. */
WW_API int ww_result_points(const ww_result *result, const double **utilities,
                            const int **packages);
/* The reference package of trades (NULL otherwise) and its utilities. */
WW_API const int *ww_result_reference(const ww_result *result,
                                      ww_evaluation *eval /* may be NULL */);
/* Nash/Kalai: disagreement point d and ideal point I (0 if not computed). */
WW_API int ww_result_anchors(const ww_result *result, double d[2],
                             double ideal[2]);
/* Meso: the smallest pairwise Hamming distance among the offers. */
WW_API int ww_result_diversity(const ww_result *result);
/* Meso: the target and band width its offers were chosen in (U_s in
 * [target - band, target], WW_TOLERANCE either side), the defaults
 * resolved.  1 and the values, or 0 (values 0) when result is no meso
 * answer or a default could not be resolved: no admissible package for
 * the target, no feasible one for the band, or the query stopped first. */
WW_API int ww_result_band(const ww_result *result, double *target,
                          double *band);

/* Why there is no agreement zone.  Values fixed; only appended. */
typedef enum ww_cause {
    WW_CAUSE_NONE = 0,               /* not infeasible                      */
    WW_CAUSE_CONSTRAINTS = 1,        /* the constraints exclude everything  */
    WW_CAUSE_SELLER_RESERVATION = 2, /* no feasible package gives r_s       */
    WW_CAUSE_BUDGET = 3,             /* none keeps within the budget        */
    WW_CAUSE_BUYER_RESERVATION = 4,  /* within the seller's limits, U_b < r_b */
    WW_CAUSE_QUERY = 5               /* the query's own bounds (trades...)  */
} ww_cause;

typedef struct ww_diagnosis {
    ww_cause cause;
    double reachable;  /* best utility reachable for the party concerned  */
    double required;   /* what its reservation / the budget requires       */
    double gap;        /* required - reachable (> 0)                       */
} ww_diagnosis;

/* The diagnosis of an infeasible result (cause NONE otherwise), and a one-
 * line English explanation ("" when there is nothing to explain; owned by
 * the result, valid until it is freed; written on the first call, so like
 * every use of one result, not from two threads at once; should that call
 * run out of memory, the text is "no agreement zone" without numbers). */
WW_API ww_status ww_result_diagnosis(const ww_result *result,
                                     ww_diagnosis *out);
WW_API const char *ww_result_reason(const ww_result *result);

typedef struct ww_stats {
    int solves;        /* MIP (or LP) solves              */
    double elapsed;    /* seconds                         */
    ww_path path;      /* the method that answered        */
} ww_stats;
WW_API ww_status ww_result_stats(const ww_result *result, ww_stats *out);

/* ------------------------------------------------------------------ */
/* Files: winwin/1 JSON and Genius XML                                 */

/* Where and why a file was rejected. */
typedef struct ww_error {
    ww_status status;
    char file[256];     /* as given ("<string>" for buffers)            */
    int line;           /* 1-based, 0 when unknown                      */
    int column;         /* 1-based, 0 when unknown                      */
    char path[256];     /* JSON path such as terms[1].levels[2].seller  */
    char message[512];  /* what is wrong                                */
    char text[1280];    /* "file:line:col: path: message", ready to show */
} ww_error;

/* Loads a winwin/1 model.  On failure *out is NULL and err (may be NULL)
 * says where and why.  Thread-safe. */
WW_API ww_status ww_model_load_file(const char *path, ww_model **out,
                                    ww_error *err);
WW_API ww_status ww_model_load_string(const char *text, size_t length,
                                      const char *name /* for messages */,
                                      ww_model **out, ww_error *err);
/* Writes the model as winwin/1 JSON (2-space indent).  A saved model loads
 * back identical.  The loaded file's "x-" members are written back where
 * they were (spec section 2: kept for the caller). */
WW_API ww_status ww_model_save_file(ww_model *model, const char *path);
/* *out is a NUL-terminated string the caller frees with ww_free. */
WW_API ww_status ww_model_save_string(ww_model *model, char **out);
/* Reads a package file: a JSON object mapping every term to a label. */
WW_API ww_status ww_package_load_file(ww_model *model, const char *path,
                                      int *package, ww_error *err);
WW_API void ww_free(void *memory);

/* Imports a Genius domain and two utility spaces (spec section 5): the
 * three arguments are paths of XML files. */
WW_API ww_status ww_genius_import(const char *domain_xml,
                                  const char *buyer_xml,
                                  const char *seller_xml, ww_model **out,
                                  ww_error *err);

#ifdef __cplusplus
}
#endif

#endif /* WINWIN_H */
