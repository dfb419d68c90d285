/* A progress line on stderr for long queries, and Ctrl-C to stop early.
 *
 * The line appears only after a second and only on a terminal (or with
 * WINWIN_PROGRESS=1; WINWIN_PROGRESS_DELAY=SECONDS changes the second, for
 * tests); it is cleared before the answer prints.
 * The first Ctrl-C asks the query to stop (it then reports the best answer
 * found so far as time_limit); a second one ends the program as usual. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static double delay = 1.0;

static void on_sigint(int sig)
{
    interrupted = 1;
    signal(sig, SIG_DFL); /* the next Ctrl-C kills */
}

static int on_progress(const ww_progress *p, void *data)
{
    cli_progress *pr = data;
    if (pr->enabled && p->elapsed >= delay &&
        (!pr->shown || p->elapsed - pr->last >= 0.1)) {
        fprintf(stderr, "\r\033[K%s: %d %s found, %d MIP solves, %.1f s%s",
                pr->label, p->points,
                strcmp(pr->label, "frontier") ? "packages" : "points",
                p->solves, p->elapsed,
                interrupted ? " (stopping)" : "");
        fflush(stderr);
        pr->shown = 1;
        pr->last = p->elapsed;
    }
    return interrupted ? 1 : 0;
}

void cli_progress_attach(cli_ctx *ctx)
{
    const char *force = getenv("WINWIN_PROGRESS");
    cli_progress *pr = &ctx->progress;
    memset(pr, 0, sizeof *pr);
    pr->label = ctx->args->cmd_name;
    pr->enabled = force && force[0] ? strcmp(force, "0") != 0
                                    : isatty(STDERR_FILENO);
    const char *d = getenv("WINWIN_PROGRESS_DELAY");
    if (d && d[0])
        delay = atof(d);
    ctx->opts.progress = on_progress;
    ctx->opts.progress_data = pr;
    signal(SIGINT, on_sigint);
}

void cli_progress_end(cli_ctx *ctx)
{
    if (ctx->progress.shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        ctx->progress.shown = 0;
    }
}
