/* Small helpers: messages, number formatting, package strings. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void message(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("winwin: ", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("winwin: warning: ", fmt, ap);
    va_end(ap);
}

void *cli_xmalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        cli_error("out of memory");
        exit(CLI_EXIT_INVALID);
    }
    return p;
}

char *cli_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = cli_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* Rounds away floating noise so that 30.000000000000004 prints as 30. */
static double tidy(double x)
{
    if (!isfinite(x))
        return x;
    double r = round(x);
    if (fabs(x - r) < 1e-9 * (1.0 + fabs(x)))
        return r == 0.0 ? 0.0 : r;
    return x;
}

static char *next_buffer(void)
{
    static char bufs[16][48];
    static int next;
    next = (next + 1) % 16;
    return bufs[next];
}

const char *cli_num(double x)
{
    char *buf = next_buffer();
    x = tidy(x);
    if (!isfinite(x)) {
        snprintf(buf, 48, "%s", isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"));
    } else if (fabs(x) >= 1e15) {
        snprintf(buf, 48, "%.6g", x);
    } else if (x == floor(x)) {
        snprintf(buf, 48, "%.0f", x);
    } else {
        snprintf(buf, 48, "%.4f", x);
        char *end = buf + strlen(buf) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
        if (strcmp(buf, "-0") == 0)
            strcpy(buf, "0");
    }
    return buf;
}

const char *cli_delta(double x)
{
    const char *s = cli_num(x);
    if (s[0] == '-' || strcmp(s, "0") == 0)
        return s;
    char *buf = next_buffer();
    snprintf(buf, 48, "+%s", s);
    return buf;
}

json_t *cli_jnum(double x)
{
    if (!isfinite(x))
        return json_null();
    return json_real(tidy(x));
}

char *cli_package_str(const ww_model *model, const int *package)
{
    int n = ww_model_term_count(model);
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(ww_model_term_name(model, i)) +
               strlen(ww_model_level_label(model, i, package[i])) + 3;
    char *s = cli_xmalloc(len);
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, ww_model_term_name(model, i));
        strcat(s, "=");
        strcat(s, ww_model_level_label(model, i, package[i]));
    }
    return s;
}

int cli_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

void cli_level_sums(const ww_model *model, const int *package, double *buyer,
                    double *seller)
{
    *buyer = *seller = 0.0;
    for (int i = 0; i < ww_model_term_count(model); i++) {
        *buyer += ww_model_level_buyer(model, i, package[i]);
        *seller += ww_model_level_seller(model, i, package[i]);
    }
}

int cli_resolve_package(cli_ctx *ctx, const char *spec, const char *option,
                        int *package)
{
    int n = ww_model_term_count(ctx->model);
    const int *src = NULL;
    if (strcmp(spec, "opening") == 0 || strcmp(spec, "counter") == 0) {
        src = spec[0] == 'o' ? ww_model_opening(ctx->model)
                             : ww_model_counter(ctx->model);
        if (!src) {
            cli_error("%s %s: the model %s has no %s", option, spec,
                      ctx->args->model_path, spec);
            return CLI_EXIT_INVALID;
        }
        for (int i = 0; i < n; i++)
            package[i] = src[i];
        return CLI_EXIT_OK;
    }
    ww_error err;
    memset(&err, 0, sizeof err);
    ww_status st = ww_package_load_file(ctx->model, spec, package, &err);
    if (st != WW_OK) {
        if (err.text[0])
            fprintf(stderr, "winwin: %s: %s\n", option, err.text);
        else
            fprintf(stderr, "winwin: %s %s: %s\n", option, spec,
                    ww_errmsg(ctx->model)[0] ? ww_errmsg(ctx->model)
                                             : ww_status_str(st));
        return CLI_EXIT_INVALID;
    }
    return CLI_EXIT_OK;
}

const char *cli_party(const ww_model *model, ww_party party)
{
    const char *name = ww_model_party_name(model, party);
    if (name && name[0])
        return name;
    return party == WW_BUYER ? "the buyer" : "the seller";
}

int cli_fail(cli_ctx *ctx, ww_status status, const char *what)
{
    const char *msg = ctx && ctx->model ? ww_errmsg(ctx->model) : "";
    if (msg && msg[0])
        cli_error("%s: %s", what, msg);
    else
        cli_error("%s: %s", what, ww_status_str(status));
    /* Invalid input is the user's to fix; anything else is still an
     * error the tool cannot answer past (the spec knows only 0/1/2). */
    return CLI_EXIT_INVALID;
}

int cli_capped(const cli_ctx *ctx, const ww_result *r)
{
    int max = ctx->args->max_points;
    return max > 0 && ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT &&
           ww_result_count(r) >= max;
}
