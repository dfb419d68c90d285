/* Shared by the file readers and writers (json_load.c, json_save.c,
 * genius.c): error reports and whole-file reading. */
#ifndef WW_FILES_INTERNAL_H
#define WW_FILES_INTERNAL_H

#include "model_internal.h"

#include <stddef.h>

/* Fills err (may be NULL) and its ready-to-show text
 * "file:line:col: path: message" (parts left out when unknown: line 0,
 * path NULL or ""). Returns status. */
ww_status ww__file_error(ww_error *err, ww_status status, const char *file,
                         int line, int column, const char *path,
                         const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Reads a whole file into a NUL-terminated buffer (*len excludes the NUL).
 * On failure returns WW_IO_ERROR / WW_NOMEM with err filled. */
ww_status ww__read_file(const char *path, char **text, size_t *len,
                        ww_error *err);

/* Shortest "%.Ng" text of a finite double that reads back exactly, with a
 * '.' decimal point whatever the locale; buf needs 32 bytes. */
void ww__format_real(char *buf, size_t size, double x);

/* strtod that reads '.' as the decimal point whatever the locale. */
double ww__strtod_c(const char *s, char **end);

#endif
