/* Allocation failure injection (see nomem.h).  Single-threaded tests only. */
#include "nomem.h"

#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t s);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t s);
void *__wrap_realloc(void *p, size_t n);

static int fail_at = -1; /* fail the fail_at-th allocation from now; -1 never */
static int seen;
static size_t cap; /* fail allocations over this many bytes; 0 never */

void ww_nomem_arm(int k)
{
    seen = 0;
    fail_at = k;
}

void ww_nomem_disarm(void) { fail_at = -1; }
int ww_nomem_seen(void) { return seen; }
int ww_nomem_fired(void) { return fail_at >= 0 && seen > fail_at; }

void ww_nomem_cap(size_t bytes) { cap = bytes; }

static int should_fail(size_t n)
{
    if (cap && n > cap)
        return 1;
    if (fail_at < 0)
        return 0;
    return seen++ == fail_at;
}

void *__wrap_malloc(size_t n) { return should_fail(n) ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t s)
{
    /* n * s past SIZE_MAX is over any cap */
    size_t t = s && n > (size_t)-1 / s ? (size_t)-1 : n * s;
    return should_fail(t) ? NULL : __real_calloc(n, s);
}
void *__wrap_realloc(void *p, size_t n)
{
    return should_fail(n) ? NULL : __real_realloc(p, n);
}
