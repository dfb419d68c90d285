/* files_util.c — error reports, file reading and exact number text shared
 * by the JSON and Genius readers/writers. */
#include "files_internal.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

ww_status ww__file_error(ww_error *err, ww_status status, const char *file,
                         int line, int column, const char *path,
                         const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    copy(err->file, sizeof err->file, file);
    err->line = line > 0 ? line : 0;
    err->column = line > 0 && column > 0 ? column : 0;
    copy(err->path, sizeof err->path, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    char where[300];
    if (err->line)
        snprintf(where, sizeof where, "%s:%d:%d", err->file, err->line,
                 err->column);
    else
        snprintf(where, sizeof where, "%s", err->file);
    snprintf(err->text, sizeof err->text, "%s: %s%s%s", where, err->path,
             err->path[0] ? ": " : "", err->message);
    return status;
}

/* The largest file the loaders read: far past any model (a 10^5-term
 * model is tens of MB), and a bound on what a wrong path costs (/dev/zero
 * never ends). */
#define FILE_MAX ((size_t)256 << 20)

ww_status ww__read_file(const char *path, char **text, size_t *len,
                        ww_error *err)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ww__file_error(err, WW_IO_ERROR, path, 0, 0, NULL,
                              "cannot open: %s", strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return ww__file_error(err, WW_NOMEM, path, 0, 0, NULL,
                              "out of memory");
    }
    for (;;) {
        if (n > FILE_MAX) {
            free(buf);
            fclose(f);
            return ww__file_error(err, WW_TOO_LARGE, path, 0, 0, NULL,
                                  "larger than %zu MB: not a model file",
                                  FILE_MAX >> 20);
        }
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                fclose(f);
                return ww__file_error(err, WW_NOMEM, path, 0, 0, NULL,
                                      "out of memory");
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        free(buf);
        return ww__file_error(err, WW_IO_ERROR, path, 0, 0, NULL,
                              "cannot read: %s", strerror(saved));
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return WW_OK;
}

void ww__format_real(char *buf, size_t size, double x)
{
    if (x == 0) {
        snprintf(buf, size, "0");
        return;
    }
    if (!isfinite(x)) {
        snprintf(buf, size, "null");
        return;
    }
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, size, "%.0f", x); /* integers without an exponent */
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    /* Whatever the locale's decimal point, JSON wants '.'. */
    for (char *p = buf; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' ||
              *p == 'e' || *p == 'E'))
            *p = '.';
}

double ww__strtod_c(const char *s, char **end)
{
    /* strtod follows LC_NUMERIC; the files always use '.'. */
    const char *dp = localeconv()->decimal_point;
    if (!dp || strcmp(dp, ".") == 0 || !strchr(s, '.'))
        return strtod(s, end);
    char buf[128];
    size_t n = strlen(s), k = strlen(dp);
    if (n + 8 * k >= sizeof buf || k != 1) {
        if (end)
            *end = (char *)s; /* nothing read */
        return 0;
    }
    for (size_t i = 0; i <= n; i++)
        buf[i] = s[i] == '.' ? dp[0] : s[i];
    char *e;
    double d = strtod(buf, &e);
    if (end)
        *end = (char *)s + (e - buf);
    return d;
}
