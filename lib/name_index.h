/* name_index.h — finding a term or level by name in O(1) (internal).
 *
 * An open-addressing hash of the indices of an append-only list of names.
 * The list's mutators call ww__names_sync after appending; lookups only
 * read, so a model that is no longer modified can be searched from several
 * threads at once.  Short lists are not hashed (a scan is as fast), and
 * when memory runs out the index is dropped: lookups then scan, they never
 * fail. */
#ifndef WW_NAME_INDEX_H
#define WW_NAME_INDEX_H

typedef struct ww__names {
    int *slot;   /* cap slots: name index + 1, 0 = empty */
    int cap;     /* a power of two, or 0 */
    int count;   /* names 0..count-1 are in the table */
} ww__names;

/* The name of item i of the list. */
typedef const char *(*ww__name_of)(const void *list, int i);

/* Indexes the names added since the last call (the list now has n). */
void ww__names_sync(ww__names *ix, const void *list, int n,
                    ww__name_of name_of);

/* Index of `name` among the list's n names, or -1. */
int ww__names_find(const ww__names *ix, const void *list, int n,
                   ww__name_of name_of, const char *name);

void ww__names_free(ww__names *ix);

#endif
