/* dp_internal.h — what the DP's plan (dp_plan.c) and its runs (dp.c)
 * share: the bump arena their arrays live in, and the plan. */
#ifndef WW_DP_INTERNAL_H
#define WW_DP_INTERNAL_H

#include "model_internal.h"

#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* A bump arena for the many small arrays of one DP run: one stack buffer
 * first, then malloc'ed blocks, all freed at once (most runs are tiny and
 * malloc/free dominated them). */

typedef struct dp_block {
    struct dp_block *next;
} dp_block;

typedef struct dp_arena {
    char *cur;
    size_t left;
    dp_block *blocks;
    size_t block;   /* size of the next malloc'ed block (at least) */
} dp_arena;

#define ARENA_ALIGN 16
#define ARENA_BLOCK 65536
#define ARENA_STACK 8192

static inline void arena_init(dp_arena *a, void *buf, size_t len)
{
    a->cur = buf;
    a->left = len;
    a->blocks = NULL;
    a->block = ARENA_BLOCK;
}

/* Blocks from this size on ask Linux for transparent huge pages: a dense
 * frontier's lists take hundreds of MB, whose first touch otherwise costs
 * a page fault per 4 KiB (the zero-sum 10^6 and 10^7 frontiers of the
 * bench: 180 -> 135 ms and 3.1 -> 1.75 s of CPU, most of it the kernel's). */
#define ARENA_HUGE ((size_t)4 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

static inline void arena_advise(char *raw, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t lo = ((uintptr_t)raw + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)raw + len) & ~(HUGE_PAGE - 1);
    if (len >= ARENA_HUGE && hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)raw;
    (void)len;
#endif
}

static inline void *arena_alloc(dp_arena *a, size_t n)
{
    n = n ? (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;
    if (n > a->left) {
        size_t sz = n > a->block ? n : a->block;
        if (a->block < ARENA_BLOCK)
            a->block *= 2; /* a kept arena starts small, then doubles */
        char *raw = malloc(ARENA_ALIGN + sz);
        if (!raw)
            return NULL;
        arena_advise(raw, ARENA_ALIGN + sz);
        ((dp_block *)(void *)raw)->next = a->blocks;
        a->blocks = (dp_block *)(void *)raw;
        a->cur = raw + ARENA_ALIGN;
        a->left = sz;
    }
    void *p = a->cur;
    a->cur += n;
    a->left -= n;
    return p;
}

static inline void arena_free(dp_arena *a)
{
    while (a->blocks) {
        dp_block *b = a->blocks;
        a->blocks = b->next;
        free(b);
    }
}

/* A boolean condition: a WHEN interaction or a forbid. */
static inline const ww_cond *cond_list(const ww_model *m, int src, int *n)
{
    if (src >= 0) {
        *n = m->inter[src].ncond;
        return m->inter[src].conds;
    }
    *n = m->cons[-src - 1].ncond;
    return m->cons[-src - 1].conds;
}

typedef struct dp_plan {
    int U;                 /* units                                        */
    int *unit_of;          /* term -> unit                                 */
    int *uoff, *uterms;    /* unit -> its terms, ascending (CSR)           */
    double *joint;         /* joint level count of each unit               */
    int nx;                /* cross conditions (span two or more units)    */
    int *xsrc;             /* >= 0: interaction; < 0: -(constraint + 1)    */
    int *xoff, *xunits;    /* condition -> its units (CSR), distinct       */
    int *uxoff, *uxs;      /* unit -> its conditions (CSR), ascending      */
    int *order, *stage;    /* stage -> unit, unit -> stage                 */
    int *xfirst, *xlast;   /* stages where a condition opens / closes      */
    int *ooff, *open;      /* stage -> conditions open after it (CSR)      */
    int maxopen;
    double work;           /* sum over stages of states x joint levels     */
    dp_arena *ar;          /* owns every array above                       */
} dp_plan;

/* Builds m's plan in ar: units (terms joined by products and linear
 * constraints), cross conditions and a stage order that keeps few of them
 * open.  1 when the DP serves m, 0 when not (*why says why, static text),
 * -1 when out of memory. */
int ww__dp_plan_build(const ww_model *m, dp_plan *p, dp_arena *ar,
                      const char **why);

/* A unit's options: its joint levels that its own constraints allow, the
 * Pareto set of each signature (dp.c, unit_build). */
typedef struct dp_unit {
    int k;                /* kept options                                  */
    double *b, *s;        /* option utilities                              */
    int *lv;              /* option i's levels, in the unit's term order,
                             at lv[i * terms] (decoded once, not per node) */
    uint64_t *sig;        /* bit j: the unit's j-th cross condition holds  */
    int nseg, *seg;       /* options with one signature: [seg[i], seg[i+1]) */
    double maxb, maxs;
    int spread;           /* one signature, and the options a spread
                             staircase (ww__dp_spread): no sublist of them
                             has anything for the TOL filter to drop */
} dp_unit;

/* The plan and units of ww__dp_frontier's map (the identity), kept between
 * runs (ww__dp_prepare); mitm.c reads them too. */
struct ww__dp_prep {
    dp_arena ar; /* owns the plan's and the units' arrays */
    dp_plan p;
    dp_unit *u;
};

#endif
