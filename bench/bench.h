/* winwin-bench: shared types of the benchmark (bench/ only, not installed). */
#ifndef WW_BENCH_H
#define WW_BENCH_H

#include "winwin.h"

#include <stdio.h>

/* Command-line options. */
typedef struct bench_opts {
    int quick;               /* small models, one repeat: a smoke test     */
    unsigned long seed;      /* base seed of the generated models          */
    int repeats;             /* timed runs per query (at least)            */
    double time_limit;       /* seconds per frontier (winwin and baseline) */
    const char *genius_dir;  /* Genius corpus root, NULL: skip             */
    const char *only;        /* substring filter on case names, or NULL    */
    const char *json_path;   /* --json FILE, or NULL                       */
    const char *svg_prefix;  /* --svg-prefix P, or NULL                    */
    int cpu_table;           /* --cpu-time: the table shows CPU medians    */
    int no_baselines;        /* winwin only (profiling, quick comparisons) */
    int query;               /* --query: only this Q_*, or -1 for all      */
    int max_points;          /* --max-points: ww_options.max_points        */
    int trades_k;            /* --trades-k: trades' max changes (2)        */
    ww_path path;            /* --path: ww_options.path (default auto)     */
} bench_opts;

/* Wall time of repeated runs, in seconds. */
typedef struct bench_time {
    int runs;
    double median, min, max;
    double cpu_median;       /* process CPU time: robust to a loaded box  */
} bench_time;

/* One query (or baseline) measured on one case. */
typedef struct bench_measure {
    int ran;                 /* 0: not run (see note)                      */
    bench_time t;
    int solves;              /* MIP solves of one run (ww_result_stats)    */
    ww_path path;            /* the method that answered (ww_result_stats) */
    int points;              /* packages returned (frontier points...)     */
    ww_outcome outcome;
    double ratio;            /* baselines: baseline median / winwin median */
    int per_point;           /* ratio is per frontier point (time limit)   */
    int pairs;               /* ratio: median over this many interleaved
                                pairs of samples (0: of the two medians)   */
    char note[96];           /* why it was skipped, or what it means       */
} bench_measure;

/* Q_MIPLOOP: baseline (c), winwin's own GLPK loop (the frontier on
 * WW_PATH_MIP), run on the cases that ask for it (bench_case.mip_loop).
 * Q_TRADESMIP: baseline (d), trades on that loop (WW_PATH_MIP), run where
 * winwin's trades enumerated the reference's neighbourhood in a space the
 * whole-space scan would not take (over 50,000 packages).
 * Q_MESOENUM: baseline (e), meso by enumeration (tests/support's brute
 * force: every package, then the greedy steps), where (a) enumerates.
 * Q_EVALENUM: baseline (f), evaluate by enumeration (the same brute force:
 * best and the best package better for both), where (a) enumerates. */
enum { Q_BEST, Q_FRONTIER, Q_NASH, Q_KALAI, Q_TRADES, Q_MESO, Q_EVALUATE,
       Q_ENUM, Q_REBUILD, Q_MIPLOOP, Q_TRADESMIP, Q_MESOENUM, Q_EVALENUM,
       Q_COUNT };
/* winwin's own timed queries are Q_BEST .. Q_EVALUATE. */
#define Q_TIMED (Q_EVALUATE + 1)
extern const char *const bench_query_names[Q_COUNT];

/* Agreement between answers: -1 not checked, 0 disagree, 1 agree. */
typedef struct bench_case {
    char name[128];          /* e.g. "n10-m10-d1-c0" or "genius/anac/..."  */
    char family[24];         /* "size-n", "size-m", ..., "genius"          */
    int terms;
    int max_levels;
    int interactions;
    double packages;         /* ww_model_package_count                     */
    double density, correlation;
    unsigned long seed;
    double build_s;          /* ww_solver_new + first best (cold)          */
    bench_measure q[Q_COUNT];
    int mip_loop;            /* also time baseline (c), the GLPK loop      */
    int agree_enum;          /* winwin vs enumeration (all queries)        */
    int agree_rebuild;       /* winwin frontier vs baseline (b)            */
    int agree_mip;           /* winwin frontier vs baseline (c)            */
    int agree_trades_mip;    /* winwin trades vs baseline (d)              */
    int error;               /* a call failed: see errmsg                  */
    char errmsg[256];
} bench_case;

/* A growable list of cases. */
typedef struct bench_cases {
    bench_case *v;
    int n, cap;
} bench_cases;

bench_case *bench_cases_add(bench_cases *cs);
/* 1 when a check found two answers that differ. */
int bench_case_disagrees(const bench_case *c);
void bench_cases_free(bench_cases *cs);

/* A frontier as plain arrays, U_s descending (for comparisons). */
typedef struct bench_points {
    int n, cap;
    double *buyer, *seller;
} bench_points;

int bench_points_push(bench_points *p, double buyer, double seller);
void bench_points_free(bench_points *p);
/* 1 when both lists hold the same points within tol, else 0; a short
 * description of the first difference goes to why (may be NULL). */
int bench_points_equal(const bench_points *a, const bench_points *b,
                       double tol, char *why, size_t whylen);
/* The frontier of a result as points. */
int bench_points_from_result(bench_points *p, const ww_result *r);

/* timing.c */
double bench_now(void);
/* CPU seconds used by the process (all threads). */
double bench_cpu_now(void);
/* Sorts the samples and fills t. */
void bench_time_from(bench_time *t, double *samples, int n);

/* 1 when the case name passes --only. */
int bench_selected(const bench_opts *o, const char *name, const char *family);

/* Runs every query and both baselines on one model and fills c (queries.c).
 * time_limit: seconds per frontier (<= 0: none). */
void bench_run_model(const bench_opts *o, ww_model *m, bench_case *c);

/* synthetic.c: the generated families. */
void bench_synthetic(const bench_opts *o, bench_cases *cs);
/* genius.c: the Genius corpus. */
void bench_genius(const bench_opts *o, bench_cases *cs);

/* report.c: table, JSON, SVG. */
/* 1: the table shows CPU-time medians instead of wall-clock ones. */
void bench_report_cpu(int on);
void bench_print_header(FILE *f);
void bench_print_case(FILE *f, const bench_case *c);
void bench_print_summary(FILE *f, const bench_opts *o, const bench_cases *cs);
int bench_write_json(const char *path, const bench_opts *o,
                     const bench_cases *cs);
int bench_write_svg(const char *prefix, const bench_cases *cs);

#endif
