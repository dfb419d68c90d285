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

void ww__names_sync(ww__names *ix, const void *list, int n,
                    ww__name_of name_of)
{
    if (n <= SCAN_MAX || ix->count == n)
        return;
    if (ix->count > n) /* not an append-only list after all: start over */
        ww__names_free(ix);
    if ((size_t)n * 2 > (size_t)ix->cap) { /* at most half full */
        size_t cap = ix->cap ? (size_t)ix->cap : 64;
        while (cap < (size_t)n * 2)
            cap *= 2;
        int *slot = cap <= (size_t)INT32_MAX ? calloc(cap, sizeof *slot) : NULL;
        if (!slot) {
            ww__names_free(ix); /* lookups scan */
            return;
        }
        free(ix->slot);
        ix->slot = slot;
        ix->cap = (int)cap;
        ix->count = 0;
    }
    for (; ix->count < n; ix->count++)
        put(ix, list, name_of, ix->count);
}

int ww__names_find(const ww__names *ix, const void *list, int n,
                   ww__name_of name_of, const char *name)
{
    if (!ix->cap || ix->count != n) {
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
