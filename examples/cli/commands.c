/* Runs one command: load the model, build the options, query, print. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


/* Input larger than this is no model (the library's own limit for a file:
 * "larger than 256 MB"); /dev/zero on stdin would be read until memory ran
 * out. */
#define STDIN_MAX ((size_t)256 << 20)

/* Reads all of standard input (MODEL "-"); NULL after printing why not. */
static char *read_stdin(size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = cli_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n > STDIN_MAX) {
            free(buf);
            fprintf(stderr, "<stdin>: larger than %zu MB: not a model\n",
                    STDIN_MAX >> 20);
            return NULL;
        }
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                cli_error("out of memory");
                exit(CLI_EXIT_INVALID);
            }
            buf = b;
            cap *= 2;
        }
    }
    if (ferror(stdin)) { /* e.g. a directory: not an empty model */
        fprintf(stderr, "<stdin>: cannot read: %s\n", strerror(errno));
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int load_model(cli_ctx *ctx)
{
    ww_error err;
    memset(&err, 0, sizeof err);
    const char *path = ctx->args->model_path;
    ww_status st;
    if (!strcmp(path, "-")) {
        size_t len;
        char *text = read_stdin(&len);
        if (!text)
            return CLI_EXIT_INVALID;
        st = ww_model_load_string(text, len, "<stdin>", &ctx->model, &err);
        free(text);
    } else {
        st = ww_model_load_file(path, &ctx->model, &err);
    }
    if (st != WW_OK) {
        if (err.text[0])
            fprintf(stderr, "%s\n", err.text);
        else
            fprintf(stderr, "%s: %s\n", path, ww_status_str(st));
        ctx->model = NULL;
        return CLI_EXIT_INVALID;
    }
    /* check lists warnings itself; the others pass them on. */
    if (ctx->args->cmd != CMD_CHECK)
        for (int i = 0; i < ww_model_warning_count(ctx->model); i++)
            cli_warn("%s", ww_model_warning(ctx->model, i));
    return CLI_EXIT_OK;
}

static int setup(cli_ctx *ctx)
{
    const cli_args *a = ctx->args;
    ww_options_init(&ctx->opts);
    ctx->opts.time_limit = a->time_limit;
    ctx->opts.ignore_limits = a->no_limits;
    ctx->opts.max_points = a->max_points;
    ctx->opts.path = a->path;
    if (a->has_budget) {
        if (!ww_model_opening(ctx->model)) {
            cli_error("--budget: the model %s has no opening, and a "
                      "concession budget is measured from the opening",
                      a->model_path);
            return CLI_EXIT_INVALID;
        }
        ctx->opts.override_budget = 1;
        ctx->opts.budget = a->budget;
    }
    ww_status st = ww_solver_new(ctx->model, &ctx->solver);
    if (st != WW_OK)
        return cli_fail(ctx, st, a->model_path);
    cli_progress_attach(ctx);
    return CLI_EXIT_OK;
}

/* Prints a finished single-package answer (best, nash, kalai). */
static int finish_single(cli_ctx *ctx, ww_status st, ww_result *r,
                         const char *title)
{
    cli_progress_end(ctx);
    if (st != WW_OK)
        return cli_fail(ctx, st, ctx->args->cmd_name);
    int rc = CLI_EXIT_OK;
    if (ctx->args->json)
        rc = json_emit(json_single(ctx, r));
    else
        text_single(ctx, title, r);
    ww_result_free(r);
    return rc;
}

static int run_frontier(cli_ctx *ctx)
{
    ww_result *r = NULL;
    ww_status st = ww_frontier(ctx->solver, &ctx->opts, &r);
    cli_progress_end(ctx);
    if (st != WW_OK)
        return cli_fail(ctx, st, "frontier");
    int rc = CLI_EXIT_OK;
    if (ctx->args->svg)
        rc = svg_write(ctx, r, ctx->args->svg);
    if (rc == CLI_EXIT_OK) {
        if (ctx->args->json)
            rc = json_emit_frontier(ctx, r);
        else
            text_frontier(ctx, r);
    }
    ww_result_free(r);
    return rc;
}

static int run_trades(cli_ctx *ctx)
{
    const cli_args *a = ctx->args;
    const char *from = a->from ? a->from : "counter";
    int *ref = cli_xmalloc(sizeof(int) *
                           (size_t)ww_model_term_count(ctx->model));
    int rc = cli_resolve_package(ctx, from, "--from", ref);
    if (rc != CLI_EXIT_OK) {
        free(ref);
        return rc;
    }
    ww_result *r = NULL;
    ww_status st = ww_trades(ctx->solver, &ctx->opts, ref, a->max_changes,
                             a->top, a->concede, &r);
    cli_progress_end(ctx);
    free(ref);
    if (st != WW_OK)
        return cli_fail(ctx, st, "trades");
    if (a->json)
        rc = json_emit(json_trades(ctx, from, r));
    else
        text_trades(ctx, from, r);
    ww_result_free(r);
    return rc;
}

static int run_evaluate(cli_ctx *ctx)
{
    const char *offer = ctx->args->offer ? ctx->args->offer : "opening";
    int *pkg = cli_xmalloc(sizeof(int) *
                           (size_t)ww_model_term_count(ctx->model));
    int rc = cli_resolve_package(ctx, offer, "--offer", pkg);
    if (rc != CLI_EXIT_OK) {
        free(pkg);
        return rc;
    }
    ww_evaluation ev;
    memset(&ev, 0, sizeof ev);
    ww_result *r = NULL, *best = NULL;
    ww_status st = ww_evaluate(ctx->solver, &ctx->opts, pkg, &ev, &r);
    /* The best package puts the value left on the table in context. */
    if (st == WW_OK && ev.has_value_left)
        if (ww_best(ctx->solver, &ctx->opts, &best) != WW_OK)
            best = NULL;
    cli_progress_end(ctx);
    if (st != WW_OK) {
        free(pkg);
        return cli_fail(ctx, st, "evaluate");
    }
    if (ctx->args->json)
        rc = json_emit(json_evaluate(ctx, offer, pkg, &ev, r, best));
    else
        text_evaluate(ctx, offer, pkg, &ev, r, best);
    ww_result_free(r);
    ww_result_free(best);
    free(pkg);
    return rc;
}

static int run_meso(cli_ctx *ctx)
{
    const cli_args *a = ctx->args;
    ww_result *r = NULL;
    ww_status st =
        ww_meso(ctx->solver, &ctx->opts, a->count,
                a->has_target ? a->target : NAN, a->has_band ? a->band : NAN,
                &r);
    cli_progress_end(ctx);
    if (st != WW_OK)
        return cli_fail(ctx, st, "meso");
    int rc = CLI_EXIT_OK;
    if (a->json)
        rc = json_emit(json_meso(ctx, r));
    else
        text_meso(ctx, r);
    ww_result_free(r);
    return rc;
}

static int run_proposal(cli_ctx *ctx)
{
    const cli_args *a = ctx->args;
    int n = ww_model_term_count(ctx->model);
    int *pkg = cli_xmalloc(sizeof(int) * (size_t)n);
    ww_result *best = NULL;
    const char *offer = a->offer;
    int rc = CLI_EXIT_OK;
    if (offer) {
        rc = cli_resolve_package(ctx, offer, "--offer", pkg);
    } else {
        ww_status st = ww_best(ctx->solver, &ctx->opts, &best);
        cli_progress_end(ctx);
        if (st != WW_OK) {
            rc = cli_fail(ctx, st, "proposal");
        } else if (ww_result_count(best) == 0) {
            /* Nothing to propose: say why, as every query does. */
            if (a->json) {
                json_t *doc = json_object();
                json_add_outcome(doc, best);
                json_object_set_new(doc, "package", json_null());
                json_object_set_new(doc, "markdown", json_null());
                rc = json_emit(doc);
            } else {
                text_status_line(best, "no package to propose", stdout);
            }
            ww_result_free(best);
            free(pkg);
            return rc;
        } else {
            memcpy(pkg, ww_result_package(best, 0), sizeof(int) * (size_t)n);
        }
    }
    if (rc != CLI_EXIT_OK) {
        ww_result_free(best);
        free(pkg);
        return rc;
    }
    /* best stopped by the time limit (or Ctrl-C): its package, said so */
    int unproven = !offer && ww_result_outcome(best) != WW_OUTCOME_OPTIMAL;
    char *md = proposal_markdown(ctx, pkg, offer ? offer : "best", !unproven);
    cli_progress_end(ctx);
    if (a->json) {
        ww_evaluation ev;
        json_t *doc = json_object();
        if (best)
            json_add_outcome(doc, best);
        else
            json_object_set_new(doc, "status", json_string("optimal"));
        json_object_set_new(doc, "offer", json_string(offer ? offer : "best"));
        json_object_set_new(doc, "package", json_package(ctx->model, pkg));
        if (ww_model_evaluate(ctx->model, pkg, &ev) == WW_OK) {
            json_object_set_new(doc, "buyer", cli_jnum(ev.buyer));
            json_object_set_new(doc, "seller", cli_jnum(ev.seller));
            json_object_set_new(doc, "joint", cli_jnum(ev.joint));
        }
        json_object_set_new(doc, "markdown", json_string(md));
        rc = json_emit(doc);
    } else {
        fputs(md, stdout);
    }
    free(md);
    ww_result_free(best);
    free(pkg);
    return rc;
}

static int run_check(cli_ctx *ctx)
{
    ww_status st = ww_model_validate(ctx->model);
    if (st != WW_OK)
        return cli_fail(ctx, st, ctx->args->model_path);
    if (ctx->args->json)
        return json_emit(json_check(ctx));
    text_check(ctx);
    return CLI_EXIT_OK;
}

static int run_import(const cli_args *a)
{
    ww_model *m = NULL;
    ww_error err;
    memset(&err, 0, sizeof err);
    ww_status st = ww_genius_import(a->genius[0], a->genius[1], a->genius[2],
                                    &m, &err);
    if (st != WW_OK) {
        if (err.text[0])
            fprintf(stderr, "%s\n", err.text);
        else
            cli_error("import-genius: %s", ww_status_str(st));
        return CLI_EXIT_INVALID;
    }
    for (int i = 0; i < ww_model_warning_count(m); i++)
        cli_warn("%s", ww_model_warning(m, i));
    char *text = NULL;
    st = ww_model_save_string(m, &text);
    if (st != WW_OK) {
        cli_error("import-genius: %s", ww_errmsg(m)[0] ? ww_errmsg(m)
                                                       : ww_status_str(st));
        ww_model_free(m);
        return CLI_EXIT_INVALID;
    }
    fputs(text, stdout);
    if (text[0] && text[strlen(text) - 1] != '\n')
        fputc('\n', stdout);
    ww_free(text);
    ww_model_free(m);
    return CLI_EXIT_OK;
}

int cmd_run(const cli_args *a)
{
    if (a->cmd == CMD_IMPORT_GENIUS)
        return run_import(a);

    cli_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.args = a;
    int rc = load_model(&ctx);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (a->cmd == CMD_CHECK) {
        ww_options_init(&ctx.opts);
        rc = run_check(&ctx);
        ww_model_free(ctx.model);
        return rc;
    }
    rc = setup(&ctx);
    if (rc == CLI_EXIT_OK) {
        ww_result *r = NULL;
        ww_status st;
        switch (a->cmd) {
        case CMD_BEST:
            st = ww_best(ctx.solver, &ctx.opts, &r);
            rc = finish_single(&ctx, st, r, "best package");
            break;
        case CMD_NASH:
            st = ww_nash(ctx.solver, &ctx.opts, &r);
            rc = finish_single(&ctx, st, r, "Nash bargaining solution");
            break;
        case CMD_KALAI:
            st = ww_kalai(ctx.solver, &ctx.opts, &r);
            rc = finish_single(&ctx, st, r, "Kalai-Smorodinsky solution");
            break;
        case CMD_FRONTIER:
            rc = run_frontier(&ctx);
            break;
        case CMD_TRADES:
            rc = run_trades(&ctx);
            break;
        case CMD_EVALUATE:
            rc = run_evaluate(&ctx);
            break;
        case CMD_MESO:
            rc = run_meso(&ctx);
            break;
        case CMD_PROPOSAL:
            rc = run_proposal(&ctx);
            break;
        default:
            break;
        }
    }
    cli_progress_end(&ctx);
    ww_solver_free(ctx.solver);
    ww_model_free(ctx.model);
    ww_thread_cleanup();
    return rc;
}
