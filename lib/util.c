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

/* Failure messages are kept per thread, for the few models the thread
 * failed on last: several threads may use one model at once (reading it,
 * each querying through its own solver), and one buffer in the model was
 * written by all of them (a data race; a message read could mix two).
 * Keyed by the model's id, not its address: a freed model's slot never
 * answers for a new model at the same address. */
#define ERR_SLOTS 8
#define ERR_BYTES 1024

typedef struct err_slot {
    unsigned long model; /* 0: free */
    char text[ERR_BYTES];
} err_slot;

static _Thread_local err_slot err_slots[ERR_SLOTS];
static _Thread_local unsigned err_next;

unsigned long ww__model_id(void)
{
    static unsigned long last;
    return __atomic_add_fetch(&last, 1, __ATOMIC_RELAXED);
}

static err_slot *err_find(unsigned long id)
{
    for (int i = 0; i < ERR_SLOTS; i++)
        if (err_slots[i].model == id)
            return &err_slots[i];
    return NULL;
}

int ww__utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p++;
        if (c < 0x80)
            continue;
        int more;
        unsigned cp, least;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1, cp = c & 0x1F, least = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2, cp = c & 0x0F, least = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3, cp = c & 0x07, least = 0x10000;
        } else {
            return 0; /* a continuation byte first, C0, C1 or F5-FF */
        }
        for (int i = 0; i < more; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0; /* also the terminating NUL */
            cp = (cp << 6) | (*p & 0x3F);
        }
        if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0; /* overlong, past Unicode, a surrogate */
    }
    return 1;
}

const char *ww_errmsg(const ww_model *model)
{
    if (!model)
        return "";
    err_slot *e = err_find(model->id);
    return e ? e->text : "";
}

/* The message slot is the calling thread's: const models (read by
 * accessors and solvers) report their failures there too. */
ww_status ww__fail(const ww_model *m, ww_status status, const char *fmt, ...)
{
    if (!m)
        return status;
    err_slot *e = err_find(m->id);
    if (!e) {
        e = &err_slots[err_next++ % ERR_SLOTS];
        e->model = m->id;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    if (!__atomic_load_n(&m->failed, __ATOMIC_RELAXED))
        __atomic_store_n(&((ww_model *)m)->failed, 1, __ATOMIC_RELAXED);
    return status;
}

ww_status ww__ok(const ww_model *m)
{
    /* no thread-local lookup until a call on the model failed once */
    if (m && __atomic_load_n(&m->failed, __ATOMIC_RELAXED)) {
        err_slot *e = err_find(m->id);
        if (e)
            e->text[0] = '\0';
    }
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
