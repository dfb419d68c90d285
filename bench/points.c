/* Frontier point lists and case lists: storage and comparison. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int bench_points_push(bench_points *p, double buyer, double seller)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 64;
        double *b = realloc(p->buyer, (size_t)cap * sizeof *b);
        if (!b)
            return -1;
        p->buyer = b;
        double *s = realloc(p->seller, (size_t)cap * sizeof *s);
        if (!s)
            return -1;
        p->seller = s;
        p->cap = cap;
    }
    p->buyer[p->n] = buyer;
    p->seller[p->n] = seller;
    p->n++;
    return 0;
}

void bench_points_free(bench_points *p)
{
    free(p->buyer);
    free(p->seller);
    memset(p, 0, sizeof *p);
}

int bench_points_equal(const bench_points *a, const bench_points *b,
                       double tol, char *why, size_t whylen)
{
    int n = a->n < b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        if (fabs(a->buyer[i] - b->buyer[i]) > tol ||
            fabs(a->seller[i] - b->seller[i]) > tol) {
            if (why)
                snprintf(why, whylen,
                         "point %d: (%.9g, %.9g) vs (%.9g, %.9g)", i,
                         a->buyer[i], a->seller[i], b->buyer[i],
                         b->seller[i]);
            return 0;
        }
    }
    if (a->n != b->n) {
        if (why)
            snprintf(why, whylen, "%d points vs %d", a->n, b->n);
        return 0;
    }
    return 1;
}

int bench_points_from_result(bench_points *p, const ww_result *r)
{
    int n = ww_result_count(r);
    for (int i = 0; i < n; i++)
        if (bench_points_push(p, ww_result_buyer(r, i), ww_result_seller(r, i)))
            return -1;
    return 0;
}

bench_case *bench_cases_add(bench_cases *cs)
{
    if (cs->n == cs->cap) {
        int cap = cs->cap ? 2 * cs->cap : 32;
        bench_case *v = realloc(cs->v, (size_t)cap * sizeof *v);
        if (!v)
            return NULL;
        cs->v = v;
        cs->cap = cap;
    }
    bench_case *c = &cs->v[cs->n++];
    memset(c, 0, sizeof *c);
    c->agree_enum = -1;
    c->agree_rebuild = -1;
    c->agree_mip = -1;
    c->agree_trades_mip = -1;
    return c;
}

int bench_case_disagrees(const bench_case *c)
{
    return c->agree_enum == 0 || c->agree_rebuild == 0 || c->agree_mip == 0 ||
           c->agree_trades_mip == 0;
}

void bench_cases_free(bench_cases *cs)
{
    free(cs->v);
    memset(cs, 0, sizeof *cs);
}
