/* Shared declarations of the winwin command-line tool (public API only). */
#ifndef WW_CLI_H
#define WW_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include <jansson.h>

#include "winwin.h"

/* Exit statuses (spec section 4). */
enum {
    CLI_EXIT_OK = 0,      /* an answer was computed (also "infeasible") */
    CLI_EXIT_INVALID = 1, /* the model or an option value is invalid     */
    CLI_EXIT_USAGE = 2    /* unknown command/option, missing argument    */
};

typedef enum cli_command {
    CMD_CHECK,
    CMD_BEST,
    CMD_FRONTIER,
    CMD_NASH,
    CMD_KALAI,
    CMD_TRADES,
    CMD_EVALUATE,
    CMD_MESO,
    CMD_PROPOSAL,
    CMD_IMPORT_GENIUS
} cli_command;

/* Everything the command line said, already checked for syntax. */
typedef struct cli_args {
    cli_command cmd;
    const char *cmd_name;
    const char *model_path;      /* "-" reads standard input */
    const char *genius[3];       /* import-genius: domain, buyer, seller */
    int json;
    double time_limit;           /* <= 0: none */
    int has_budget;
    double budget;
    int no_limits;
    const char *from;            /* trades */
    int max_changes, top;
    double concede;
    const char *offer;           /* evaluate, proposal */
    int count;                   /* meso */
    int has_target, has_band;
    double target, band;
    const char *svg;             /* frontier */
    int max_points;              /* frontier: 0 = all */
    ww_path path;                /* --path: WW_PATH_AUTO unless forced */
} cli_args;

/* Progress line on a terminal for queries that run longer than a second. */
typedef struct cli_progress {
    int enabled;       /* stderr is a terminal (or WINWIN_PROGRESS=1) */
    int shown;         /* a line is on screen and must be cleared */
    double last;       /* elapsed time of the last redraw */
    const char *label; /* command name */
} cli_progress;

/* A loaded model with a solver and the query options from the command line. */
typedef struct cli_ctx {
    const cli_args *args;
    ww_model *model;
    ww_solver *solver;
    ww_options opts;
    cli_progress progress;
} cli_ctx;

/* --- util.c ---------------------------------------------------------- */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *cli_xmalloc(size_t size);
char *cli_xstrdup(const char *s);
/* A number for people: integers without decimals, else up to 4 decimals.
 * Returns one of several rotating static buffers. */
const char *cli_num(double x);
/* The same with an explicit sign ("+10", "-6", "0"). */
const char *cli_delta(double x);
/* A tidy double for JSON: -0 -> 0, tiny noise rounded away; NULL if not
 * finite (the caller writes null). */
json_t *cli_jnum(double x);
/* "price=110k, payment=net 60" (caller frees). */
char *cli_package_str(const ww_model *model, const int *package);
/* Display width of a UTF-8 string (code points). */
int cli_width(const char *s);
/* Sum of the chosen levels' own utilities (without interactions). */
void cli_level_sums(const ww_model *model, const int *package, double *buyer,
                    double *seller);
/* Fills package (model's term count) from "opening", "counter" or a file.
 * Returns CLI_EXIT_OK or prints the error and returns CLI_EXIT_INVALID. */
int cli_resolve_package(cli_ctx *ctx, const char *spec, const char *option,
                        int *package);
/* Name of a party ("the buyer" when it has no name). */
const char *cli_party(const ww_model *model, ww_party party);
/* Prints the library's message for a failed call; returns the exit code. */
int cli_fail(cli_ctx *ctx, ww_status status, const char *what);
/* 1 when a frontier stopped at --max-points (not at the time limit). */
int cli_capped(const cli_ctx *ctx, const ww_result *r);

/* --- table.c: aligned text tables ------------------------------------- */
typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols);
void cli_table_right(cli_table *t, int col); /* right-align a column */
void cli_table_row(cli_table *t);            /* starts a new row      */
void cli_table_cell(cli_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), nonnull(2)));
void cli_table_rule(cli_table *t);           /* a separator line      */
void cli_table_print(cli_table *t, FILE *out, int indent);
void cli_table_free(cli_table *t);
/* Rows not kept (millions of them): measured in a first pass, then each
 * printed after cli_table_print (which prints the rows kept, as wide as
 * every row measured). */
void cli_table_measure(cli_table *t, const char *const *cells, int n);
void cli_table_print_cells(const cli_table *t, const char *const *cells,
                           int n, FILE *out, int indent);

/* --- progress.c ------------------------------------------------------- */
void cli_progress_attach(cli_ctx *ctx);
void cli_progress_end(cli_ctx *ctx);

/* --- output_text.c ---------------------------------------------------- */
void text_package_table(const ww_model *model, const int *package,
                        double buyer, double seller, FILE *out);
void text_status_line(const ww_result *result, const char *what, FILE *out);
void text_single(cli_ctx *ctx, const char *title, const ww_result *result);
void text_frontier(cli_ctx *ctx, const ww_result *result);
void text_trades(cli_ctx *ctx, const char *from, const ww_result *result);
void text_evaluate(cli_ctx *ctx, const char *offer, const int *package,
                   const ww_evaluation *eval, const ww_result *result,
                   const ww_result *best);
void text_meso(cli_ctx *ctx, const ww_result *result);
void text_check(cli_ctx *ctx);
/* Why a package breaks a constraint, reservation or budget (caller frees). */
char *cli_violation_text(cli_ctx *ctx, const int *package,
                         const ww_evaluation *eval);

/* --- output_json.c ---------------------------------------------------- */
json_t *json_package(const ww_model *model, const int *package);
json_t *json_single(cli_ctx *ctx, const ww_result *result);
/* The frontier's document on stdout, its points streamed (exit code). */
int json_emit_frontier(cli_ctx *ctx, const ww_result *result);
json_t *json_trades(cli_ctx *ctx, const char *from, const ww_result *result);
json_t *json_evaluate(cli_ctx *ctx, const char *offer, const int *package,
                      const ww_evaluation *eval, const ww_result *result,
                      const ww_result *best);
json_t *json_meso(cli_ctx *ctx, const ww_result *result);
json_t *json_check(cli_ctx *ctx);
/* Adds status, proven, reason/diagnosis and stats of a result. */
void json_add_outcome(json_t *obj, const ww_result *result);
/* Prints one document on stdout and frees it. */
int json_emit(json_t *doc);

/* --- svg.c ------------------------------------------------------------ */
/* Writes the frontier chart; returns CLI_EXIT_OK or an exit code. */
int svg_write(cli_ctx *ctx, const ww_result *frontier, const char *path);

/* --- proposal.c ------------------------------------------------------- */
/* Returns the Markdown text (caller frees).  offer: "best", "opening",
 * "counter" or the package file's path; proven 0 says that best was
 * stopped (time limit, Ctrl-C) and the package is the best found. */
char *proposal_markdown(cli_ctx *ctx, const int *package, const char *offer,
                        int proven);

/* --- commands.c ------------------------------------------------------- */
int cmd_run(const cli_args *args);

#endif /* WW_CLI_H */
