/* name_index.h — finding a term or level by name in O(1) (internal).
 *
 * A lazily built open-addressing hash of the indices of an append-only list
 * of names: a lookup first indexes the names added since the last one, so
 * adders need not know the index exists.  Short lists are scanned instead
 * (no allocation).  When memory runs out the lookup falls back to the scan:
 * it never fails. */
#ifndef WW_NAME_INDEX_H
#define WW_NAME_INDEX_H

typedef struct ww__names {
    int *slot;   /* cap slots: name index + 1, 0 = empty */
    int cap;     /* a power of two, or 0 */
    int count;   /* names 0..count-1 are in the table */
} ww__names;

/* The name of item i of the list. */
typedef const char *(*ww__name_of)(const void *list, int i);

/* Index of `name` among the list's n names, or -1. */
int ww__names_find(ww__names *ix, const void *list, int n, ww__name_of name_of,
                   const char *name);

void ww__names_free(ww__names *ix);

#endif
