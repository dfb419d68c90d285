/* util.c — version, status texts, options, error messages, strings. */
#include "model_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ww_version(void) { return WW_VERSION_STRING; }

int ww_version_number(void) { return WW_VERSION_NUMBER; }

const char *ww_status_str(ww_status status)
{
    switch (status) {
    case WW_OK: return "ok";
    case WW_INVALID: return "invalid argument";
    case WW_NOMEM: return "out of memory";
    case WW_NOT_FOUND: return "not found";
    case WW_DUPLICATE: return "duplicate name";
    case WW_OUT_OF_RANGE: return "index out of range";
    case WW_PARSE_ERROR: return "parse error";
    case WW_IO_ERROR: return "input/output error";
    case WW_SOLVER_ERROR: return "solver error";
    case WW_UNSUPPORTED: return "unsupported";
    case WW_TOO_LARGE: return "too large";
    case WW_MISUSE: return "misuse of the API";
    }
    return "unknown status";
}

const char *ww_outcome_str(ww_outcome outcome)
{
    switch (outcome) {
    case WW_OUTCOME_OPTIMAL: return "optimal";
    case WW_OUTCOME_INFEASIBLE: return "infeasible";
    case WW_OUTCOME_TIME_LIMIT: return "time_limit";
    }
    return "unknown";
}

const char *ww_path_str(ww_path path)
{
    switch (path) {
    case WW_PATH_AUTO: return "auto";
    case WW_PATH_MIP: return "mip";
    case WW_PATH_ENUM: return "enum";
    case WW_PATH_DP: return "dp";
    }
    return "unknown";
}

void ww_options_init(ww_options *options)
{
    if (!options)
        return;
    memset(options, 0, sizeof *options);
    options->time_limit = 0.0;
    options->ignore_limits = 0;
    options->override_budget = 0;
    options->budget = 0.0;
    options->progress = NULL;
    options->progress_data = NULL;
    options->max_points = 0;
    options->path = WW_PATH_AUTO;
}

void ww_free(void *memory) { free(memory); }

char *ww__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

const char *ww_errmsg(const ww_model *model)
{
    return model ? model->errmsg : "";
}

/* errmsg is the model's one documented mutable slot: const models (read by
 * accessors and solvers) still report their failures there. */
ww_status ww__fail(const ww_model *m, ww_status status, const char *fmt, ...)
{
    if (!m)
        return status;
    ww_model *mm = (ww_model *)m;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(mm->errmsg, sizeof mm->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

ww_status ww__ok(const ww_model *m)
{
    /* Only write when needed, so concurrent readers of an unchanged model
     * do not all store into the same byte. */
    if (m && m->errmsg[0] != '\0')
        ((ww_model *)m)->errmsg[0] = '\0';
    return WW_OK;
}

ww_status ww__warn(ww_model *m, const char *fmt, ...)
{
    if (!m)
        return WW_MISUSE;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *s = ww__strdup(buf);
    if (!s)
        return ww__fail(m, WW_NOMEM, "out of memory adding a warning");
    char **w = realloc(m->warnings, (size_t)(m->nwarnings + 1) * sizeof *w);
    if (!w) {
        free(s);
        return ww__fail(m, WW_NOMEM, "out of memory adding a warning");
    }
    w[m->nwarnings++] = s;
    m->warnings = w;
    return WW_OK;
}
