/* enumerate.c — exact Pareto frontier by visiting every package.
 *
 * For small spaces (the planner's ENUM path) and as an independent check of
 * the DP.  Admissible points are buffered and the buffer is reduced to its
 * exact Pareto set whenever it fills, so memory stays near the frontier's
 * size; the shared TOL semantics are applied once at the end. */
#include "dp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest package count visited (keys are mixed-radix long longs). */
#define ENUM_MAX_PACKAGES 4.0e18

static void decode(const ww_model *m, long long key, int *pkg)
{
    for (int t = 0; t < m->nterms; t++) {
        int nl = m->terms[t].nlevels;
        pkg[t] = (int)(key % nl);
        key /= nl;
    }
}

static ww_status output(const ww_model *m, ww__dp_pt *pts, int n,
                        ww__pareto *out)
{
    int nt = m->nterms;
    size_t row = (size_t)(nt ? nt : 1);
    out->buyer = malloc((size_t)(n ? n : 1) * sizeof *out->buyer);
    out->seller = malloc((size_t)(n ? n : 1) * sizeof *out->seller);
    out->packages = malloc((size_t)(n ? n : 1) * row * sizeof(int));
    if (!out->buyer || !out->seller || !out->packages) {
        ww__pareto_free(out);
        return WW_NOMEM;
    }
    for (int i = 0; i < n; i++) {
        out->buyer[i] = pts[i].b;
        out->seller[i] = pts[i].s;
        decode(m, pts[i].key, out->packages + (size_t)i * nt);
    }
    out->n = n;
    return WW_OK;
}

ww_status ww__enum_frontier(const ww_model *m, const ww_options *o,
                            double time_limit, ww__pareto *out)
{
    if (!out)
        return m ? ww__fail(m, WW_MISUSE, "enumeration: no output")
                 : WW_MISUSE;
    memset(out, 0, sizeof *out);
    out->complete = 1;
    if (!m)
        return WW_MISUSE;
    out->nterms = m->nterms;
    ww_options defaults;
    if (!o) {
        ww_options_init(&defaults);
        o = &defaults;
    }
    double total = 1.0;
    for (int t = 0; t < m->nterms; t++)
        total *= (double)m->terms[t].nlevels;
    if (total > ENUM_MAX_PACKAGES)
        return ww__fail(m, WW_TOO_LARGE,
                        "enumeration: %.3g packages is too many", total);
    long long count = (long long)total;
    ww__dp_floors fl;
    ww__dp_floors_get(m, o, &fl);
    double t0 = ww__dp_now();
    double deadline = time_limit > 0 ? t0 + time_limit : HUGE_VAL;

    int *pkg = calloc((size_t)(m->nterms ? m->nterms : 1), sizeof *pkg);
    int cap = 4096, n = 0, limit = 4096;
    ww__dp_pt *pts = malloc((size_t)cap * sizeof *pts);
    ww_status st = WW_OK;
    if (!pkg || !pts) {
        st = WW_NOMEM;
        goto done;
    }
    for (long long key = 0; key < count; key++) {
        if ((key & 65535) == 65535) {
            double now = ww__dp_now();
            int stop = now >= deadline;
            if (!stop && o->progress) {
                ww_progress pr = {n, 0, now - t0};
                stop = o->progress(&pr, o->progress_data) != 0;
            }
            if (stop) {
                out->complete = 0;
                break;
            }
        }
        if (ww__dp_feasible(m, pkg)) {
            double b, s;
            ww__utilities(m, pkg, &b, &s);
            if (ww__dp_floors_ok(&fl, b, s)) {
                if (n == limit) {
                    n = ww__dp_pareto_eps(pts, n);
                    /* keep the buffer at most about half full */
                    if (2 * n > limit) {
                        if (limit > (1 << 29)) {
                            st = WW_NOMEM;
                            goto done;
                        }
                        limit *= 2;
                    }
                    if (limit > cap) {
                        ww__dp_pt *np = realloc(pts, (size_t)limit * sizeof *np);
                        if (!np) {
                            st = WW_NOMEM;
                            goto done;
                        }
                        pts = np;
                        cap = limit;
                    }
                }
                pts[n++] = (ww__dp_pt){b, s, key};
            }
        }
        for (int t = 0; t < m->nterms; t++) { /* odometer, term 0 fastest */
            if (++pkg[t] < m->terms[t].nlevels)
                break;
            pkg[t] = 0;
        }
    }
    n = ww__dp_pareto_eps(pts, n);
    n = ww__dp_pareto_tol(pts, n);
    if (n < 0) {
        st = WW_NOMEM;
        goto done;
    }
    st = output(m, pts, n, out);
done:
    free(pkg);
    free(pts);
    if (st == WW_NOMEM)
        return ww__fail(m, WW_NOMEM, "enumeration: out of memory");
    return st;
}
