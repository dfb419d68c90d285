/* name_index.c — see name_index.h. */
#include "name_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_MAX 16 /* lists this short are scanned */

static uint32_t hash(const char *s) /* FNV-1a */
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void put(ww__names *ix, const void *list, ww__name_of name_of, int i)
{
    uint32_t mask = (uint32_t)ix->cap - 1;
    for (uint32_t h = hash(name_of(list, i)) & mask;; h = (h + 1) & mask)
        if (!ix->slot[h]) {
            ix->slot[h] = i + 1;
            return;
        }
}

/* Indexes names count..n-1, growing the table to keep it at most half
 * full; 0 when out of memory (the table is then dropped). */
static int catch_up(ww__names *ix, const void *list, int n,
                    ww__name_of name_of)
{
    if (ix->count == n)
        return 1;
    if ((size_t)n * 2 > (size_t)ix->cap) {
        int cap = ix->cap ? ix->cap : 64;
        while ((size_t)cap < (size_t)n * 2)
            cap *= 2;
        int *slot = calloc((size_t)cap, sizeof *slot);
        if (!slot) {
            ww__names_free(ix);
            return 0;
        }
        free(ix->slot);
        ix->slot = slot;
        ix->cap = cap;
        ix->count = 0;
    }
    for (; ix->count < n; ix->count++)
        put(ix, list, name_of, ix->count);
    return 1;
}

int ww__names_find(ww__names *ix, const void *list, int n, ww__name_of name_of,
                   const char *name)
{
    if (n <= SCAN_MAX || ix->count > n || !catch_up(ix, list, n, name_of)) {
        for (int i = 0; i < n; i++)
            if (strcmp(name_of(list, i), name) == 0)
                return i;
        return -1;
    }
    uint32_t mask = (uint32_t)ix->cap - 1;
    for (uint32_t h = hash(name) & mask; ix->slot[h]; h = (h + 1) & mask) {
        int i = ix->slot[h] - 1;
        if (strcmp(name_of(list, i), name) == 0)
            return i;
    }
    return -1;
}

void ww__names_free(ww__names *ix)
{
    free(ix->slot);
    ix->slot = NULL;
    ix->cap = 0;
    ix->count = 0;
}
