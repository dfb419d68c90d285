/* evaluate.c — exact utilities and admissibility of one package. */
#include "model_internal.h"

#include <math.h>
#include <string.h>

#define TOL WW_TOLERANCE

/* A binary search of the sorted levels[], for conditions with a level
 * beyond the mask (the mask serves the others: ww__conds_hold). */
int ww__cond_search(const ww_cond *c, int v)
{
    int lo = 0, hi = c->nlevels - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->levels[mid] == v)
            return 1;
        if (c->levels[mid] < v)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

void ww__interaction_add(const ww_model *m, const ww_interaction *x,
                         const int *pkg, double u[2])
{
    if (x->kind == WW_INTERACTION_WHEN) {
        if (ww__conds_hold(x->conds, x->ncond, pkg)) {
            u[WW_BUYER] += x->util[WW_BUYER];
            u[WW_SELLER] += x->util[WW_SELLER];
        }
    } else {
        double va = m->terms[x->term_a].levels[pkg[x->term_a]].value;
        double vb = m->terms[x->term_b].levels[pkg[x->term_b]].value;
        u[WW_BUYER] += x->util[WW_BUYER] * va * vb;
        u[WW_SELLER] += x->util[WW_SELLER] * va * vb;
    }
}

void ww__utilities(const ww_model *m, const int *pkg, double *buyer,
                   double *seller)
{
    double u[2] = {0, 0};
    for (int t = 0; t < m->nterms; t++) {
        const ww_level *lv = &m->terms[t].levels[pkg[t]];
        u[WW_BUYER] += lv->buyer;
        u[WW_SELLER] += lv->seller;
    }
    for (int i = 0; i < m->ninter; i++)
        ww__interaction_add(m, &m->inter[i], pkg, u);
    if (buyer)
        *buyer = u[WW_BUYER];
    if (seller)
        *seller = u[WW_SELLER];
}

int ww__buyer_floor(const ww_model *m, const ww_options *o, double *floor)
{
    if (o && o->ignore_limits)
        return 0;
    if (!m->party[WW_BUYER].has_reservation)
        return 0;
    if (floor)
        *floor = m->party[WW_BUYER].reservation;
    return 1;
}

int ww__budget_floor(const ww_model *m, const ww_options *o,
                     double *floor)
{
    int overridden = o && o->override_budget;
    if (!(overridden || m->has_budget) || !m->opening)
        return 0;
    double us;
    ww__utilities(m, m->opening, NULL, &us);
    *floor = us - (overridden ? o->budget : m->budget);
    return 1;
}

int ww__seller_floor(const ww_model *m, const ww_options *o, double *floor)
{
    if (o && o->ignore_limits)
        return 0;
    int has = 0;
    double f = -HUGE_VAL, b;
    if (m->party[WW_SELLER].has_reservation) {
        f = m->party[WW_SELLER].reservation;
        has = 1;
    }
    if (ww__budget_floor(m, o, &b)) {
        if (!has || b > f)
            f = b;
        has = 1;
    }
    if (has && floor)
        *floor = f;
    return has;
}

void ww__floors(const ww_model *m, const ww_options *o, int has[2],
                double floor[2])
{
    floor[WW_BUYER] = floor[WW_SELLER] = 0.0;
    has[WW_BUYER] = ww__buyer_floor(m, o, &floor[WW_BUYER]);
    has[WW_SELLER] = ww__seller_floor(m, o, &floor[WW_SELLER]);
}

ww_violation ww__limit_violation(const ww_model *m, const ww_options *o,
                                 double ub, double us)
{
    if (o && o->ignore_limits)
        return WW_VIOLATES_NOTHING;
    const ww_party_data *b = &m->party[WW_BUYER], *s = &m->party[WW_SELLER];
    if (b->has_reservation && ub < b->reservation - TOL)
        return WW_VIOLATES_BUYER_RESERVATION;
    if (s->has_reservation && us < s->reservation - TOL)
        return WW_VIOLATES_SELLER_RESERVATION;
    double bf;
    if (ww__budget_floor(m, o, &bf) && us < bf - TOL)
        return WW_VIOLATES_BUDGET;
    return WW_VIOLATES_NOTHING;
}

int ww__breaks(const ww_model *m, const ww_constraint *c, const int *pkg)
{
    if (c->kind == WW_CONSTRAINT_FORBID)
        return ww__conds_hold(c->conds, c->ncond, pkg);
    double a = 0;
    for (int j = 0; j < c->nlin; j++)
        a += c->coefs[j] * m->terms[c->terms[j]].levels[pkg[c->terms[j]]].value;
    return !(a >= c->min - TOL && a <= c->max + TOL); /* NaN breaks */
}

int ww__feasible(const ww_model *m, const int *pkg)
{
    for (int i = 0; i < m->ncons; i++)
        if (ww__breaks(m, &m->cons[i], pkg))
            return i;
    return -1;
}

ww_status ww_model_evaluate(ww_model *model, const int *package,
                            ww_evaluation *out)
{
    if (!model)
        return WW_MISUSE;
    if (!package || !out)
        return ww__fail(model, WW_MISUSE, "evaluate: NULL argument");
    ww_status st = ww_model_validate(model);
    if (st)
        return st;
    const ww_model *m = model;
    for (int t = 0; t < m->nterms; t++)
        if (package[t] < 0 || package[t] >= m->terms[t].nlevels)
            return ww__fail(m, WW_OUT_OF_RANGE,
                            "package: term \"%s\": level index %d is out of "
                            "range (%d levels)",
                            m->terms[t].name, package[t],
                            m->terms[t].nlevels);

    ww_evaluation e;
    memset(&e, 0, sizeof e);
    e.constraint = -1;
    e.violation = WW_VIOLATES_NOTHING;
    ww__utilities(m, package, &e.buyer, &e.seller);
    e.joint = ww__joint(m, e.buyer, e.seller);

    e.constraint = ww__feasible(m, package);
    e.feasible = e.constraint < 0;
    if (!e.feasible)
        e.violation = m->cons[e.constraint].kind == WW_CONSTRAINT_FORBID
                          ? WW_VIOLATES_FORBID
                          : WW_VIOLATES_LINEAR;

    double us_open = 0;
    if (m->opening) {
        ww__utilities(m, m->opening, NULL, &us_open);
        e.has_concession = 1;
        e.concession = us_open - e.seller;
    }

    e.admissible = e.feasible;
    if (e.admissible) {
        e.violation = ww__limit_violation(m, NULL, e.buyer, e.seller);
        e.admissible = e.violation == WW_VIOLATES_NOTHING;
    }
    *out = e;
    return ww__ok(m);
}
