/* merge_sort.h — stable merge sorts specialised per record type and order
 * (internal to lib/: the DP's lists, the TOL filter's, band.c's level
 * orders, meeting in the middle's bins). */
#ifndef WW_MERGE_SORT_H
#define WW_MERGE_SORT_H

#include <stdlib.h>
#include <string.h>

/* Merges the sorted runs a[0..h) and a[h..n) in place (stable); tmp
 * holds h records.  Runs already in order cost one comparison. */
#define DEFINE_MERGE(name, type, before)                                    \
    static inline void name(type *a, size_t h, size_t n, type *tmp)         \
    {                                                                       \
        size_t i = 0, j = h, k = 0;                                         \
        if (!before(&a[h], &a[h - 1]))                                      \
            return;                                                         \
        memcpy(tmp, a, sizeof *a * h);                                      \
        while (i < h && j < n)                                              \
            a[k++] = before(&a[j], &tmp[i]) ? a[j++] : tmp[i++];            \
        while (i < h)                                                       \
            a[k++] = tmp[i++];                                              \
    }

/* Merge sorts specialised per type and order: qsort's indirect
 * comparisons and element-by-element memmove of 24- to 32-byte records
 * cost more than the DP's merges on small models.  tmp holds n / 2
 * records.  Already sorted input (the DP hands its lists over in order)
 * costs about one comparison per record.  Defines name##_merge too. */
#define DEFINE_SORT(name, type, before)                                     \
    DEFINE_MERGE(name##_merge, type, before)                                \
    static void name(type *a, size_t n, type *tmp)                          \
    {                                                                       \
        if (n <= 16) {                                                      \
            for (size_t i = 1; i < n; i++) {                                \
                type x = a[i];                                              \
                size_t j = i;                                               \
                for (; j > 0 && before(&x, &a[j - 1]); j--)                 \
                    a[j] = a[j - 1];                                        \
                a[j] = x;                                                   \
            }                                                               \
            return;                                                         \
        }                                                                   \
        size_t h = n / 2;                                                   \
        name(a, h, tmp);                                                    \
        name(a + h, n - h, tmp);                                            \
        name##_merge(a, h, n, tmp);                                         \
    }

/* Sorts with a scratch buffer of its own (on the stack when small): 0, or
 * -1 when out of memory. */
#define DEFINE_SORT_ALLOC(name, sorter, type)                               \
    static int name(type *a, size_t n)                                      \
    {                                                                       \
        type local[32];                                                     \
        type *tmp = n / 2 <= 32 ? local : malloc(sizeof *a * (n / 2));      \
        if (!tmp)                                                           \
            return -1;                                                      \
        sorter(a, n, tmp);                                                  \
        if (tmp != local)                                                   \
            free(tmp);                                                      \
        return 0;                                                           \
    }

#endif
