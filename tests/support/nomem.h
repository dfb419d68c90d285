/* Allocation failure injection for the out-of-memory suites.  Link with
 * ww_nomem_dep: malloc, calloc and realloc are wrapped at link time
 * (-Wl,--wrap), so every allocation of the executable and of the statically
 * linked library goes through the wrappers.  Shared libraries (GLPK,
 * jansson, expat) keep the real allocator. */
#ifndef WW_TEST_NOMEM_H
#define WW_TEST_NOMEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Makes the k-th allocation from now fail (k = 0: the next one); k < 0
 * injects nothing.  Resets the allocation count. */
void ww_nomem_arm(int k);
/* Stops injecting (same as ww_nomem_arm(-1)). */
void ww_nomem_disarm(void);
/* Allocations seen since the last ww_nomem_arm. */
int ww_nomem_seen(void);
/* 1 when the armed failure has been injected. */
int ww_nomem_fired(void);
/* Makes every allocation of more than `bytes` fail (0: no cap), as on a
 * machine with little memory; independent of ww_nomem_arm. */
void ww_nomem_cap(size_t bytes);

#ifdef __cplusplus
}
#endif

#endif
