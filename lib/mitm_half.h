/* mitm_half.h — a half's points for meeting in the middle, and their
 * reduction to the exact Pareto set of each signature (internal;
 * mitm_half.c, used by mitm.c). */
#ifndef WW_MITM_HALF_H
#define WW_MITM_HALF_H

#include <stddef.h>
#include <stdint.h>

/* A combination of one half's options. */
typedef struct hpt {
    double b, s;
    uint64_t code; /* option of each of the half's units, mixed radix */
    uint32_t sig;  /* bit i: this half's part of cross condition i holds */
} hpt;

/* Reduces (*pts)[0..n), signatures of nsig bits (at most 32), to the
 * exact Pareto set of each signature: group by group in sig order, each
 * b ascending, in (*pts)[0..*kept) with *groups groups.  Of points equal
 * on b and s the lowest code is kept.  *pts may be replaced by another
 * block of n points (freed with free(); the old one is freed).
 * late(ctx, work) is called between steps with the records they moved;
 * when it returns nonzero the reduction stops.  0 ok, 1 stopped, -1 out
 * of memory (both leave *pts a valid block of n points, *kept and
 * *groups unset).  Thread-safe on distinct points. */
int ww__half_reduce(hpt **pts, size_t n, int nsig, size_t *kept,
                    int *groups, int (*late)(void *ctx, size_t work),
                    void *ctx);

#endif
