/* trades.c — trades from a reference, MESO offers, evaluate with search.
 * All three reuse the solver's problem with cut rows of the form
 * lo <= #{terms at the reference's level} <= hi (changed terms, no-goods,
 * Hamming distance to earlier offers), deleted again when the query ends. */
#include "solver_internal.h"
#include "mitm.h"
#include "dp.h" /* ww__pareto */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL WW_TOLERANCE
/* meso's distance search: steps of one below the last offer's D before it
 * gallops (see ww_meso) */
#define WW__MESO_STEPS_ONE 4

/* enum_count: packages the enum path would scan (0: the whole space, of
 * at most scan_max packages for the query); kind names the query, which
 * the DP serves when dp_serves. */
static ww_status begin(ww_solver *s, const ww_options *o, const char *kind,
                       int dp_serves, double enum_count, double scan_max,
                       ww_query *q, ww_result **r, int **pkg)
{
    *r = NULL;
    *pkg = NULL;
    ww_status st = ww__query_begin(q, s, o);
    if (st != WW_OK)
        return st;
    q->enum_count = enum_count;
    if ((st = ww__plan_check(q, kind, dp_serves, scan_max)) != WW_OK) {
        ww__query_end(q);
        return st;
    }
    *pkg = malloc(sizeof(int) * (size_t)(s->n + 1));
    if (!*pkg || ww__result_new(q->m, r) != WW_OK) {
        free(*pkg);
        *pkg = NULL;
        ww__query_end(q);
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    }
    return WW_OK;
}

static ww_status end(ww_query *q, ww_result *r, int *pkg, ww_status st,
                     ww_outcome oc, int query_bounds, ww_result **out)
{
    if (st == WW_OK && oc == WW_OUTCOME_INFEASIBLE &&
        r->diag.cause == WW_CAUSE_NONE) { /* the scan diagnoses itself */
        st = ww__diagnose(q, r, query_bounds);
        /* Under the query's bounds a diagnosis that ends names a cause
         * (WW_CAUSE_QUERY at least); without one it was stopped.  No
         * trade (offer) was found, but whether any admissible package
         * exists is not known: not "no agreement zone" (hard-mip.json's
         * trades said so at a time limit, with admissible packages) */
        if (st == WW_OK && query_bounds && r->diag.cause == WW_CAUSE_NONE)
            oc = WW_OUTCOME_TIME_LIMIT;
    }
    ww__query_end(q);
    free(pkg);
    if (st != WW_OK) {
        ww_result_free(r);
        return st;
    }
    ww__result_finish(r, q, oc);
    if (out)
        *out = r;
    else
        ww_result_free(r);
    return ww__ok(q->m);
}

/* The entry checks of a query returning a result: *out cleared first. */
static ww_status need_out(ww_solver *s, ww_result **out, const char *fn)
{
    if (out)
        *out = NULL;
    if (!s)
        return WW_MISUSE;
    if (!out)
        return ww__fail(s->model, WW_MISUSE, "%s: out is NULL", fn);
    return WW_OK;
}

/* The model is valid and p is a package of it. */
static ww_status check_pkg(ww_model *m, const int *p, const char *what)
{
    ww_status st = ww_model_validate(m);
    if (st != WW_OK)
        return st;
    if (!p)
        return ww__fail(m, WW_INVALID, "%s: package is NULL", what);
    for (int i = 0; i < m->nterms; i++)
        if (p[i] < 0 || p[i] >= m->terms[i].nlevels)
            return ww__fail(m, WW_OUT_OF_RANGE,
                            "%s: term \"%s\": level %d out of range", what,
                            m->terms[i].name, p[i]);
    return WW_OK;
}

ww_status ww_trades(ww_solver *s, const ww_options *o, const int *reference,
                    int max_changes, int top, double concede, ww_result **out)
{
    ww_status st = need_out(s, out, "ww_trades");
    if (st != WW_OK)
        return st;
    ww_model *m = s->model;
    if (max_changes < 0)
        return ww__fail(m, WW_INVALID, "trades: max changes must be >= 0");
    if (top < 0)
        return ww__fail(m, WW_INVALID, "trades: top must be >= 0");
    if (!(isfinite(concede) && concede >= 0))
        return ww__fail(m, WW_INVALID,
                        "trades: concession must be a finite number >= 0");
    st = check_pkg(m, reference, "trades: reference");
    if (st != WW_OK)
        return st;
    ww_query q;
    ww_result *r;
    int *pkg;
    /* the neighbourhood's size, counted once (at least 1: 0 would mean the
     * whole space to the planner) */
    st = begin(s, o, "trades", 0, fmax(1, ww__nearby_count(m, max_changes)),
               WW__SCAN_MAX, &q, &r, &pkg);
    if (st != WW_OK)
        return st;
    int n = s->n;
    ww_outcome oc = WW_OUTCOME_OPTIMAL;
    r->ref = malloc(sizeof(int) * (size_t)(n + 1));
    if (!r->ref) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    memcpy(r->ref, reference, sizeof(int) * (size_t)n);
    st = ww_model_evaluate(m, reference, &r->ref_eval);
    if (st != WW_OK)
        goto out;
    ww_qargs a = {.ref = reference, .max_changes = max_changes, .top = top,
                  .concede = concede};
    if (q.o.path == WW_PATH_ENUM) {
        st = ww__trades_nearby(&q, &a, r, &oc, 0, NULL);
        goto out;
    }
    if (ww__nearby_walks(&q, max_changes)) {
        /* a walk as long as the enumeration auto would take whole (a
         * neighbourhood under that line cannot pass it): it prunes most
         * larger ones to far less; past it, GLPK */
        int over = 0;
        st = ww__trades_nearby(&q, &a, r, &oc,
                               (long)ww__nearby_auto_max(&q), &over);
        if (st != WW_OK || !over)
            goto out;
        r->stats.path = WW_PATH_MIP;
    }
    double ru[3];
    ww__util3(m, reference, ru);
    ww__bound_ge(&q, WW_UB, ru[WW_UB]);
    ww__bound_ge(&q, WW_US, ru[WW_US] - concede);
    st = ww__add_cut(&q, reference, n - max_changes, n - 1, NULL);
    if (st != WW_OK)
        goto out;
    q.mir_restart = 1;
    while (r->n < top) {
        ww_mip res;
        int found;
        double u[3];
        st = ww__lex(&q, WW_J, 1, WW_US, &res, &found, pkg, u);
        if (st != WW_OK)
            goto out;
        if (res == WW_MIP_INFEASIBLE)
            break;
        if (found) {
            if (ww__result_add(r, pkg, u) != WW_OK) {
                st = ww__fail(m, WW_NOMEM, "out of memory");
                goto out;
            }
            q.points++;
        }
        if (res != WW_MIP_OPTIMAL) {
            oc = WW_OUTCOME_TIME_LIMIT;
            break;
        }
        st = ww__add_cut(&q, pkg, 0, n - 1, NULL); /* no-good */
        if (st != WW_OK)
            goto out;
    }
    if (oc == WW_OUTCOME_OPTIMAL && r->n == 0 && top > 0)
        oc = WW_OUTCOME_INFEASIBLE;
out:
    q.mir_restart = 0; /* not the diagnosis of none */
    return end(&q, r, pkg, st, oc, 1, out);
}

/* Smallest Hamming distance from p to the k packages of offers. */
static int min_distance(const int *p, const int *offers, int k, int n)
{
    int d = n;
    for (int j = 0; j < k; j++) {
        int h = ww__hamming(p, offers + (size_t)j * n, n);
        d = h < d ? h : d;
    }
    return d;
}

/* meso's branch and bound (band.c) for the largest x in the query's
 * bounds sharing at most maxagree levels with each offer of r, into out:
 * 1 found; *complete says whether it is the optimum (else a first
 * incumbent for GLPK). */
static int meso_bb(ww_query *q, int x, const ww_result *r, int maxagree,
                   int *out, int *complete)
{
    return ww__band_dive(q, x, r->pkgs, r->n, maxagree, WW__MESO_DIVE_BUDGET,
                         out, complete) > 0;
}

/* meso's first offer (r has none yet) on auto by branch and bound, as
 * ww__lex would pick it: the largest U_b in the band, then the largest
 * U_s within TOL of it.  1 when both searches ended (*res, and pkg, u and
 * *found), 0 to leave it to GLPK.  scratch: n levels. */
static int first_offer_bb(ww_query *q, const ww_result *r, int *scratch,
                          int *pkg, double u[3], ww_mip *res, int *found)
{
    int complete, n = q->s->n;
    if (q->o.path != WW_PATH_AUTO)
        return 0;
    int got = meso_bb(q, WW_UB, r, n, scratch, &complete);
    if (!complete)
        return 0;
    *found = got;
    *res = got ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
    if (!got)
        return 1;
    double lob = q->lo[WW_UB], v[3];
    ww__util3(q->m, scratch, v);
    ww__bound_ge(q, WW_UB, v[WW_UB]);
    got = meso_bb(q, WW_US, r, n, pkg, &complete);
    q->lo[WW_UB] = lob;
    if (!complete || !got) /* (the first package is one of them) */
        return 0;
    ww__util3(q->m, pkg, u);
    return 1;
}

/* meso's first offer by meeting in the middle (mitm.c): on auto where
 * the branch and bound left it (a zero-sum space's band is a subset-sum
 * problem to GLPK: n10-m10-d1-c-1-k2's took 0.6 s), or forced
 * (ww__meso_mitm).  1 when it settled the offer (*res, and pkg, u and
 * *found); -1 when it ended outside the band, for GLPK (the DP would end
 * there too); 0 when it did not apply or run to its end; *st a status to
 * return (out of memory). */
static int first_offer_mitm(ww_query *q, int forced, int *pkg, double u[3],
                            ww_mip *res, int *found, ww_status *st)
{
    *st = WW_OK;
    if ((!forced && q->o.path != WW_PATH_AUTO) || !(ww__mitm_size(q) > 0))
        return 0;
    int settled;
    *st = ww__mitm_meso_first(q, forced, pkg, u, found, &settled);
    if (*st == WW_TOO_LARGE || *st == WW_UNSUPPORTED) {
        *st = ww__ok(q->m);
        return 0;
    }
    if (*st != WW_OK || settled <= 0)
        return *st == WW_OK ? settled : 0;
    *res = *found ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
    return 1;
}

/* What apart_keep picked from a DP run's final list. */
typedef struct apart_pick {
    double lo, hi; /* the band (its bounds hold TOL already) */
    int state;     /* 0 nothing reaches lo, 1 picked (pts[0]), 2 the pick
                      lies above hi: the band is left to the MIP */
} apart_pick;

/* The keep function of a run over the packages apart from every offer,
 * under the seller floor lo: the largest U_b at U_s >= lo, then the
 * largest U_s within TOL of it there (the final list holds both, each
 * dominating whatever it beats); the band's answer when it lies at
 * U_s <= hi, as the first offer's reasoning goes (mitm.h). */
static int apart_keep(void *ctx, ww__dp_pt *pts, int n)
{
    apart_pick *k = ctx;
    int a = -1;
    for (int i = 0; i < n; i++)
        if (pts[i].s >= k->lo && (a < 0 || pts[i].b > pts[a].b))
            a = i;
    k->state = a < 0 ? 0 : 2;
    if (a < 0 || pts[a].s > k->hi)
        return 0;
    int z = a;
    for (int i = 0; i < n; i++)
        if (pts[i].s >= k->lo && pts[i].b >= pts[a].b - TOL &&
            pts[i].s > pts[z].s)
            z = i;
    if (pts[z].s > k->hi)
        return 0;
    k->state = 1;
    pts[0] = pts[z];
    return 1;
}

/* Candidate sums a distance-n DP run may form before it gives way to the
 * branch and bound and GLPK (25-50 ns each): the 60 x 10 model with
 * interactions needs about 10^6 of them (5 ms) where its two MIPs take
 * 13 ms; 2 * 10^5 left it to them. */
#define APART_PAIRS 2e6

/* meso's search at distance n (every term apart from every offer of r;
 * with no offer yet, the first offer's search) and its tie-break, by one
 * DP run over the levels no offer takes (on auto, where branch and bound
 * left it, or forced: ww__meso_apart): 1 when it settled both (*res
 * OPTIMAL with pkg and u, or INFEASIBLE: no package of the band lies
 * apart; on auto only for the first offer), 0 to leave them to the dive
 * and GLPK; *over: the run went over max_pairs candidate sums; *st as
 * first_offer_mitm's. */
static int apart_dp(ww_query *q, const ww_result *r, int forced,
                    double max_pairs, int *pkg, double u[3], ww_mip *res,
                    int *over, ww_status *st)
{
    *st = WW_OK;
    *over = 0;
    if ((!forced && q->o.path != WW_PATH_AUTO) || ww__dp_serves(q) != 1)
        return 0;
    /* the first offer's run takes every level: the solver's units */
    ww__dp_prep *own = NULL;
    const ww__dp_prep *pr = r->n == 0 ? ww__dp_prep_of(q) : NULL;
    if (r->n > 0) {
        *st = ww__dp_prepare_apart(q->m, q->deadline, r->pkgs, r->n, &own);
        if (*st == WW_UNSUPPORTED)
            *st = ww__ok(q->m);
        pr = own;
    }
    if (*st != WW_OK || !pr)
        return 0;
    apart_pick k = {q->lo[WW_US], q->hi[WW_US], 0};
    ww__pareto p;
    *st = ww__dp_frontier_in(q->m, &q->o, pr, q->deadline, k.lo, NULL, 0, 1,
                             apart_keep, &k, forced ? 0 : max_pairs, NULL,
                             &p);
    *over = *st == WW_TOO_LARGE;
    ww__dp_prep_free(own);
    /* a later offer's distance n proven infeasible is left to GLPK on
     * auto: its MIP proves it in 0.1-1 ms, and the LP basis it leaves
     * serves the next distance's search, which from the basis before took
     * up to 7x as long (the limits model: 104 ms against 56; bench/README,
     * "meso's searches at distance n") */
    int settled = *st == WW_OK && p.complete &&
                  (k.state == 1 || (k.state == 0 && (forced || r->n == 0)));
    if (settled && k.state == 1) {
        memcpy(pkg, p.packages, sizeof(int) * (size_t)q->s->n);
        u[WW_UB] = p.buyer[0];
        u[WW_US] = p.seller[0];
        u[WW_J] = ww__joint(q->m, u[WW_UB], u[WW_US]);
    }
    ww__pareto_free(&p);
    if (*st == WW_TOO_LARGE || *st == WW_UNSUPPORTED)
        *st = ww__ok(q->m);
    if (!settled)
        return 0;
    *res = k.state == 1 ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
    return 1;
}

/* meso's first offer on auto by one DP run within a small budget
 * (WW__BEST_DP_PAIRS candidate sums), before the branch and bound: where
 * the DP serves the model cheaply it settles the offer in microseconds,
 * where the dive took 0.18 ms on n10-m10-d1-c0-k2 (with target_dp and
 * seller_range_dp, its meso went 0.30 -> 0.04 ms; bench/README.md,
 * Profile).  A run over the budget is remembered for the model revision,
 * the floors and the band's floor, which decide it: a new solver would
 * go over too, so the offers do not depend on the solver's history. */
static int first_offer_dp(ww_query *q, const ww_result *r, int *pkg,
                          double u[3], ww_mip *res, int *found,
                          ww_status *st)
{
    *st = WW_OK;
    double lo = q->lo[WW_US]; /* the band's floor: with the model and the
                                 floors, it decides the run */
    if (!ww__dp_cheap(q, WW__OVER_MESO_DP, lo, 0))
        return 0;
    int over;
    int by = apart_dp(q, r, 0, WW__BEST_DP_PAIRS, pkg, u, res, &over, st);
    if (over)
        ww__over_note_key(q, WW__OVER_MESO_DP, lo);
    *found = by && *res == WW_MIP_OPTIMAL;
    return by;
}

/* meso's default target, best's U_s, on auto by one DP run within a small
 * budget (as ww_best asks it): 1 when settled (*res, and *us when
 * OPTIMAL), 0 for the MIP. */
static int target_dp(ww_query *q, ww_mip *res, double *us, ww_status *st)
{
    *st = WW_OK;
    if (!ww__dp_cheap(q, WW__OVER_BEST_DP, 0.0, 0))
        return 0;
    ww__pareto p;
    int at[2];
    *st = ww__dp_maxima(q, NULL, WW__BEST_DP_PAIRS, NULL, &p, at);
    int settled = *st == WW_OK && p.complete;
    if (settled) {
        *res = at[0] < 0 ? WW_MIP_INFEASIBLE : WW_MIP_OPTIMAL;
        if (at[0] >= 0)
            *us = p.seller[0];
    }
    ww__pareto_free(&p);
    if (*st == WW_TOO_LARGE)
        ww__over_note(q, WW__OVER_BEST_DP);
    if (*st == WW_TOO_LARGE || *st == WW_UNSUPPORTED)
        *st = ww__ok(q->m);
    return settled;
}

/* meso's default band's range, the least and largest U_s of a feasible
 * package, on auto from the DP's extremes (kept per model revision; no
 * budget: single sums, cheap wherever the DP serves): 1 when settled
 * (*res, and *lo, *hi when OPTIMAL), 0 for the MIPs. */
static int seller_range_dp(ww_query *q, ww_mip *res, double *lo, double *hi,
                           ww_status *st)
{
    *st = WW_OK;
    if (!ww__dp_cheap(q, -1, 0.0, 0))
        return 0;
    int found, complete;
    *st = ww__dp_extreme_of(q, WW_SELLER, 1, hi, &found, &complete);
    if (*st == WW_OK && complete && found)
        *st = ww__dp_extreme_of(q, WW_SELLER, -1, lo, &found, &complete);
    if (*st != WW_OK || !complete) {
        if (*st == WW_TOO_LARGE || *st == WW_UNSUPPORTED)
            *st = ww__ok(q->m);
        return 0;
    }
    *res = found ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
    return 1;
}

/* How ww_meso is asked: its first offer by meeting in the middle alone
 * (ww__meso_mitm); its distance-n searches by the DP first, counted in
 * *apart (ww__meso_apart; NULL: as planned). */
typedef struct meso_how {
    int first_mitm;
    int *apart;
} meso_how;

/* ww_meso as asked by how. */
static ww_status meso(ww_solver *s, const ww_options *o, int count,
                      double target, double band, meso_how how,
                      ww_result **out)
{
    ww_status st = need_out(s, out, "ww_meso");
    if (st != WW_OK)
        return st;
    ww_model *m = s->model;
    if (count < 0)
        return ww__fail(m, WW_INVALID, "meso: count must be >= 0");
    if (!isnan(target) && !isfinite(target))
        return ww__fail(m, WW_INVALID, "meso: target must be finite");
    if (!isnan(band) && !(isfinite(band) && band >= 0))
        return ww__fail(m, WW_INVALID,
                        "meso: band must be a finite number >= 0");
    ww_query q;
    ww_result *r;
    int *pkg;
    st = begin(s, o, "meso", 0, 0, WW__SCAN_MAX, &q, &r, &pkg);
    if (st != WW_OK)
        return st;
    int n = s->n;
    ww_outcome oc = WW_OUTCOME_OPTIMAL;
    int query_bounds = 0;
    int *cand = malloc(sizeof(int) * (size_t)(2 * n + 2));
    if (!cand) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    int *dive = cand + n + 1; /* the branch and bound's packages */
    /* GLPK's first MIP from a fresh LP basis, not the one the solver's
     * last query left: which of several tied packages a MIP returns
     * depends on it, and so do the later offers and how hard their
     * searches are.  meso's answer is then the same on a reused solver
     * as on a new one; on ANAC 2014 30issues the bench's query went from
     * 2.7-9.7 s (three calls, three answers) to 0.75 s (bench/README.md,
     * Profile, "meso starts from a fresh LP basis"). */
    s->basis_ok = 0;
    if (ww__scan_chosen(&q, WW_Q_MESO)) {
        ww_qargs a = {.count = count, .target = target, .band = band};
        st = ww__scan(&q, WW_Q_MESO, &a, r, &oc);
        goto out;
    }
    ww_mip res;
    int found, over;
    double u[3];
    /* on auto, for an additive model, the walks first (band.c), GLPK for
     * what they leave; an interaction's range loosens their bounds, and
     * there one DP run within a small budget answers where the DP serves
     * the model cheaply, GLPK's MIPs (about 25 us each) otherwise */
    int walks = q.o.path == WW_PATH_AUTO && m->ninter == 0;
    int target_by_dp = 0;
    if (isnan(target)) {
        int got;
        double us;
        if (walks &&
            ww__band_meso_target(&q, WW__MESO_WALK_BUDGET, &got, &us) == 0) {
            res = got ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
            u[WW_US] = us;
        } else if (!walks && target_dp(&q, &res, &u[WW_US], &st)) {
            target_by_dp = 1;
        } else {
            if (st != WW_OK)
                goto out;
            st = ww__lex(&q, WW_J, 1, WW_US, &res, &found, pkg, u);
            if (st != WW_OK)
                goto out;
        }
        if (res != WW_MIP_OPTIMAL) {
            oc = ww__outcome_of(res);
            goto out;
        }
        target = u[WW_US];
    }
    if (isnan(band)) {
        /* the seller's utility range over the feasible packages (the
         * utility function's, reservations and budget aside): the
         * smallest admissible U_s under floors and interactions can be a
         * MIP of minutes (Genius other/S-1NIKFRT-1), this one is not */
        double hi = 0;
        int got;
        if (walks && ww__band_seller_range(&q, WW__MESO_WALK_BUDGET, &got,
                                           &u[WW_US], &hi) == 0) {
            res = got ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
        } else if (target_by_dp &&
                   seller_range_dp(&q, &res, &u[WW_US], &hi, &st)) {
            /* (settled by the DP: only after the target was.  Where the
             * target took MIPs, the later searches' MIPs start from the
             * LP basis the range's MIPs leave: from the DP's range the
             * 30-term limits model's took 16x as long, 50 -> 825 ms) */
        } else {
            if (st != WW_OK)
                goto out;
            ww__query_bounds(&q, 0);
            q.heavy = 1;
            st = ww__solve(&q, WW_US, 1, &res, &found, pkg, u);
            if (st == WW_OK && res == WW_MIP_OPTIMAL) {
                hi = u[WW_US];
                st = ww__solve(&q, WW_US, -1, &res, &found, pkg, u);
            }
            q.heavy = 0;
            ww__query_bounds(&q, 1);
            if (st != WW_OK)
                goto out;
        }
        if (res != WW_MIP_OPTIMAL) {
            oc = ww__outcome_of(res);
            goto out;
        }
        band = 0.05 * (hi - u[WW_US]);
    }
    r->has_band = 1;
    r->target = target;
    r->band = band;
    query_bounds = 1;
    q.cuts = 1;
    q.heavy = 1;
    q.mir_restart = 1;
    q.lo[WW_US] = fmax(q.lo[WW_US], target - band - TOL);
    q.hi[WW_US] = fmin(q.hi[WW_US], target + TOL);
    int first_cut = s->ncuts;
    int topd = n; /* the last offer's D: where the next search starts */
    while (r->n < count) {
        int k = r->n;
        if (k == 0) {
            if (how.first_mitm) {
                if (first_offer_mitm(&q, 1, pkg, u, &res, &found, &st) <= 0) {
                    if (st == WW_OK)
                        st = ww__fail(m, WW_UNSUPPORTED,
                                      "meso: meeting in the middle did not "
                                      "settle the first offer");
                    goto out;
                }
            } else if (!first_offer_dp(&q, r, pkg, u, &res, &found, &st) &&
                       st == WW_OK &&
                       !first_offer_bb(&q, r, dive, pkg, u, &res, &found)) {
                int by = first_offer_mitm(&q, 0, pkg, u, &res, &found, &st);
                if (by == 0 && st == WW_OK) { /* the DP, where it may */
                    by = apart_dp(&q, r, how.apart != NULL, APART_PAIRS, pkg,
                                  u, &res, &over, &st);
                    if (by && how.apart)
                        ++*how.apart;
                    found = by && res == WW_MIP_OPTIMAL;
                }
                if (st == WW_OK && by <= 0)
                    st = ww__lex(&q, WW_UB, 1, WW_US, &res, &found, pkg, u);
                if (st != WW_OK)
                    goto out;
            }
            if (st != WW_OK)
                goto out;
            if (res == WW_MIP_INFEASIBLE)
                break;
            if (found && ww__result_add(r, pkg, u) != WW_OK) {
                st = ww__fail(m, WW_NOMEM, "out of memory");
                goto out;
            }
            if (res != WW_MIP_OPTIMAL) {
                oc = WW_OUTCOME_TIME_LIMIT;
                break;
            }
            q.points++;
            st = ww__add_cut(&q, pkg, 0, n, NULL);
            if (st != WW_OK)
                goto out;
            continue;
        }
        /* largest D with a package at distance >= D from every offer.
         * Feasibility shrinks as D grows, and as offers are added: D
         * never rises from one offer to the next, so the search starts
         * at the last offer's D (n for the first).  It steps down one at
         * a time WW__MESO_STEPS_ONE times, then gallops (2, 4, 8, ...),
         * then bisects.  The searches above D are infeasible and cheap
         * (near n few packages are left); those below it are feasible,
         * loose and the hard ones: on n30-m10-d1-c-0.3-k3-grid-limits
         * D = 28 after 30 and 29, and the gallop's next try, 27, took
         * 1.5 s where 28 takes 0.12 s.  Bisection from n / 2 at 30 x 10
         * took 2.9 s, the gallop 67 ms.  A package found at D has its own
         * distance d >= D, and as the U_b optimum of the larger set it
         * is that of distance >= d too: the search goes on above d. */
        int lo = 1, hi = topd, bestd = 0, d = topd, step = 1, falls = 0;
        double bu[3] = {0, 0, 0};
        int stopped = 0, tied = 0;
        while (lo <= hi) {
            for (int c = first_cut; c < s->ncuts; c++)
                ww__set_cut(&q, c, 0, n - d);
            /* branch and bound over the terms first (band.c): within
             * its budget it settles the search at d exactly, and GLPK's
             * LP bounds win on the rest, with its best package in hand
             * (on path "mip" only that); at distance n the DP over the
             * levels no offer takes settles the search and its tie-break
             * before them */
            double uu[3];
            int by_dp = 0;
            if (d == n && (how.apart || q.o.path == WW_PATH_AUTO)) {
                by_dp = apart_dp(&q, r, how.apart != NULL, APART_PAIRS, pkg,
                                 uu, &res, &over, &st);
                if (st != WW_OK)
                    goto out;
                if (by_dp && how.apart)
                    ++*how.apart;
                tied = by_dp && res == WW_MIP_OPTIMAL;
            }
            if (!by_dp) {
                int complete;
                int got = meso_bb(&q, WW_UB, r, n - d, dive, &complete);
                if (complete && q.o.path == WW_PATH_AUTO) {
                    res = got ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
                    if (got) {
                        memcpy(pkg, dive, sizeof(int) * (size_t)n);
                        ww__util3(m, pkg, uu);
                    }
                } else {
                    if (got)
                        ww__seed(&q, dive);
                    st = ww__solve(&q, WW_UB, 1, &res, &found, pkg, uu);
                    if (st != WW_OK)
                        goto out;
                }
            }
            if (res == WW_MIP_STOPPED) {
                stopped = 1;
                break;
            }
            if (res == WW_MIP_OPTIMAL) {
                /* at least d by the rows; the max keeps lo rising */
                int own = min_distance(pkg, r->pkgs, r->n, n);
                bestd = own > d ? own : d;
                memcpy(cand, pkg, sizeof(int) * (size_t)n);
                memcpy(bu, uu, sizeof bu);
                lo = bestd + 1;
            } else {
                hi = d - 1;
            }
            if (bestd == 0) { /* nothing feasible yet: step down */
                d = hi + 1 - step > lo ? hi + 1 - step : lo;
                if (++falls >= WW__MESO_STEPS_ONE)
                    step = step < n ? 2 * step : step;
            } else {
                d = lo + (hi - lo) / 2;
            }
        }
        if (stopped) {
            oc = WW_OUTCOME_TIME_LIMIT;
            break;
        }
        if (bestd == 0)
            break; /* no further distinct package in the band */
        topd = bestd;
        /* at distance bestd: ties on U_b go to the higher U_s (the DP
         * at distance n settled them) */
        for (int c = first_cut; c < s->ncuts; c++)
            ww__set_cut(&q, c, 0, n - bestd);
        if (!tied) {
            double lob = q.lo[WW_UB], uu[3];
            ww__bound_ge(&q, WW_UB, bu[WW_UB]);
            int complete = 0;
            if (q.o.path == WW_PATH_AUTO)
                found = meso_bb(&q, WW_US, r, n - bestd, pkg, &complete);
            if (complete) {
                res = found ? WW_MIP_OPTIMAL : WW_MIP_INFEASIBLE;
                if (found)
                    ww__util3(m, pkg, uu);
            } else {
                ww__seed(&q, cand); /* the package in hand */
                st = ww__solve(&q, WW_US, 1, &res, &found, pkg, uu);
            }
            q.lo[WW_UB] = lob;
            if (st != WW_OK)
                goto out;
            if (found && uu[WW_US] > bu[WW_US]) {
                memcpy(cand, pkg, sizeof(int) * (size_t)n);
                memcpy(bu, uu, sizeof bu);
            }
            if (res == WW_MIP_STOPPED)
                oc = WW_OUTCOME_TIME_LIMIT;
        }
        if (ww__result_add(r, cand, bu) != WW_OK) {
            st = ww__fail(m, WW_NOMEM, "out of memory");
            goto out;
        }
        q.points++;
        st = ww__add_cut(&q, cand, 0, n, NULL);
        if (st != WW_OK)
            goto out;
        if (oc == WW_OUTCOME_TIME_LIMIT)
            break;
    }
    int div = 0;
    for (int a = 0; a < r->n; a++)
        for (int b = a + 1; b < r->n; b++) {
            int h = ww__hamming(r->pkgs + (size_t)a * n,
                                r->pkgs + (size_t)b * n, n);
            if (div == 0 || h < div)
                div = h;
        }
    r->diversity = div;
    if (oc == WW_OUTCOME_OPTIMAL && r->n == 0 && count > 0)
        oc = WW_OUTCOME_INFEASIBLE;
out:
    q.cuts = 0; /* the band's MIPs only, not the diagnosis of none */
    q.heavy = 0;
    q.mir_restart = 0;
    free(cand);
    return end(&q, r, pkg, st, oc, query_bounds, out);
}

ww_status ww_meso(ww_solver *s, const ww_options *o, int count, double target,
                  double band, ww_result **out)
{
    return meso(s, o, count, target, band, (meso_how){0, NULL}, out);
}

/* The tests' ways (mitm.h): on path "mip" only. */
static ww_status meso_forced(ww_solver *s, const ww_options *o, int count,
                             double target, double band, meso_how how,
                             ww_result **out)
{
    if (!o || o->path != WW_PATH_MIP)
        return s ? ww__fail(s->model, WW_MISUSE,
                            "meso's internal entries: path \"mip\" only")
                 : WW_MISUSE;
    return meso(s, o, count, target, band, how, out);
}

ww_status ww__meso_mitm(ww_solver *s, const ww_options *o, int count,
                        double target, double band, ww_result **out)
{
    return meso_forced(s, o, count, target, band, (meso_how){1, NULL}, out);
}

ww_status ww__meso_apart(ww_solver *s, const ww_options *o, int count,
                         double target, double band, int *apart,
                         ww_result **out)
{
    *apart = 0;
    return meso_forced(s, o, count, target, band, (meso_how){0, apart}, out);
}

/* evaluate's search by one DP run (ww__dp_maxima): the best package and
 * the best one better for both.  max_pairs as ww__dp_frontier_in's:
 * WW_TOO_LARGE past it, r and ev's search fields left unset. */
static ww_status dp_evaluate(ww_query *q, const double pu[3], double max_pairs,
                             ww_evaluation *ev, ww_result *r, ww_outcome *oc)
{
    ww__pareto p;
    int at[2];
    r->stats.path = WW_PATH_DP;
    ww_status st = ww__dp_maxima(q, pu, max_pairs, NULL, &p, at);
    if (st == WW_OK && !p.complete) {
        *oc = WW_OUTCOME_TIME_LIMIT;
    } else if (st == WW_OK) {
        int b = at[0], i = at[1];
        *oc = b >= 0 ? WW_OUTCOME_OPTIMAL : WW_OUTCOME_INFEASIBLE;
        if (b >= 0) {
            ev->has_value_left = 1;
            ev->value_left =
                ww__joint(q->m, p.buyer[b], p.seller[b]) - pu[WW_J];
            ev->has_improvement = i >= 0;
        }
        if (i >= 0) {
            double u[3] = {p.buyer[i], p.seller[i], 0};
            u[WW_J] = ww__joint(q->m, u[WW_UB], u[WW_US]);
            if (ww__result_add(r, p.packages + (size_t)i * p.nterms, u) !=
                WW_OK)
                st = ww__fail(q->m, WW_NOMEM, "out of memory");
        }
    }
    ww__pareto_free(&p);
    return st;
}

/* evaluate's budget of DP candidate sums on auto (see
 * WW__EVAL_DP_PAIRS_MIN); 0 (none) where the planner chose the DP because
 * GLPK's tolerances fall short and no walk could take over. */
static double eval_dp_pairs(const ww_query *q)
{
    double n = q->s->packages;
    if (!q->planned || (q->o.path == WW_PATH_DP && !(n <= WW__SCAN_EVAL_MAX)))
        return 0;
    return fmin(fmax(n / 4, WW__EVAL_DP_PAIRS_MIN), WW__EVAL_DP_PAIRS_MAX);
}

/* evaluate's fast paths where the DP serves, before the walks or the MIPs
 * (*done = 0: theirs is the answer; r and a->eval's search fields unset).
 * On auto, where the space can be walked, a short branch and bound first:
 * on linear models such as the Genius domains its bounds find both maxima
 * in a few dozen nodes (about 1 us, where a DP run takes the frontier's
 * time); then the DP within its budget (models whose bounds cut little,
 * interactions); past the budget it is not asked again for the model's
 * revision and these floors (a second run would go over again), and
 * meeting in the middle answers where it applies (mitm.c: a dense
 * frontier), else the walks or the MIPs.  A forced DP answers alone (by
 * meeting in the middle when its run is too large); one the planner chose
 * because GLPK is not exact here hands a dense frontier to the walk where
 * the space can be walked, else its reason is the answer.  With mitm (the
 * tests' entry point) meeting in the middle answers alone. */
static ww_status evaluate_fast(ww_query *q, const ww_qargs *a,
                               const double pu[3], ww_result *r,
                               ww_outcome *oc, int *done, int mitm)
{
    *done = 1;
    int dp = ww__dp_chosen(q);
    if (dp < 0)
        return ww__fail(q->m, WW_NOMEM, "out of memory");
    if (mitm) /* the tests' entry point: meeting in the middle alone */
        return dp ? ww__mitm_evaluate(q, pu, 1, a->eval, r, oc)
                  : ww__fail(q->m, WW_UNSUPPORTED,
                             "meet in the middle: path \"dp\" only");
    int on_auto = q->o.path == WW_PATH_AUTO;
    if (dp && on_auto && ww__scan_chosen(q, WW_Q_EVALUATE)) {
        int over;
        unsigned long budget = ww__eval_budget(q);
        if (budget > WW__EVAL_WALK_FIRST)
            budget = WW__EVAL_WALK_FIRST;
        ww_status st = ww__band_evaluate(q, a, r, oc, budget, &over);
        if (st != WW_OK || !over)
            return st;
    }
    ww_status st = WW_OK;
    int over = 0, fresh = 0;
    if (dp && !(q->planned && ww__over_seen(q, WW__OVER_EVALUATE_DP))) {
        st = dp_evaluate(q, pu, eval_dp_pairs(q), a->eval, r, oc);
        if (st != WW_TOO_LARGE)
            return st;
        if (q->planned)
            ww__over_note(q, WW__OVER_EVALUATE_DP);
        over = fresh = 1;
    } else if (dp) {
        over = 1; /* remembered over its budget */
    }
    /* a dense frontier: meet in the middle where it applies */
    if (over && ww__mitm_size(q) > 0) {
        ww__ok(q->m);
        st = ww__mitm_evaluate(q, pu, !q->planned, a->eval, r, oc);
        if (st != WW_TOO_LARGE && st != WW_UNSUPPORTED)
            return st;
        fresh = 1;
    }
    if (fresh && (!q->planned ||
                  (!on_auto && !(q->s->packages <= WW__SCAN_EVAL_MAX))))
        return st; /* forced, or GLPK not exact and nothing to walk */
    if (over)
        ww__ok(q->m);
    *done = 0;
    *oc = WW_OUTCOME_OPTIMAL;
    r->stats.path = WW_PATH_MIP; /* the paths below set their own */
    if (q->o.path == WW_PATH_DP) /* GLPK is not exact here: walk */
        q->o.path = WW_PATH_ENUM;
    return WW_OK;
}

/* ww_evaluate, or with mitm its answer by meeting in the middle alone. */
static ww_status evaluate(ww_solver *s, const ww_options *o,
                          const int *package, ww_evaluation *eval,
                          ww_result **out, int mitm)
{
    if (out)
        *out = NULL;
    if (!s)
        return WW_MISUSE;
    ww_model *m = s->model;
    ww_evaluation local;
    if (!eval)
        eval = &local;
    memset(eval, 0, sizeof *eval);
    ww_status st = check_pkg(m, package, "evaluate");
    if (st != WW_OK)
        return st;
    st = ww_model_evaluate(m, package, eval);
    if (st != WW_OK)
        return st;
    /* admissibility under the options (ignore_limits, budget) */
    eval->admissible = eval->feasible;
    if (eval->feasible) {
        eval->violation = ww__limit_violation(m, o, eval->buyer, eval->seller);
        eval->admissible = eval->violation == WW_VIOLATES_NOTHING;
    }
    ww_query q;
    ww_result *r;
    int *pkg;
    st = begin(s, o, "evaluate", 1, 0, WW__SCAN_EVAL_MAX, &q, &r, &pkg);
    if (st != WW_OK)
        return st;
    int n = s->n;
    ww_outcome oc = WW_OUTCOME_OPTIMAL;
    ww_mip res;
    int found;
    double u[3], pu[3];
    ww__util3(m, package, pu);
    ww_qargs a = {.ref = package, .eval = eval};
    int done;
    st = evaluate_fast(&q, &a, pu, r, &oc, &done, mitm);
    if (st != WW_OK || done)
        goto out;
    if (ww__scan_chosen(&q, WW_Q_EVALUATE)) {
        st = ww__scan(&q, WW_Q_EVALUATE, &a, r, &oc);
        goto out;
    }
    st = ww__lex(&q, WW_J, 1, WW_US, &res, &found, pkg, u);
    if (st != WW_OK)
        goto out;
    if (res != WW_MIP_OPTIMAL) {
        oc = ww__outcome_of(res);
        goto out;
    }
    eval->has_value_left = 1;
    eval->value_left = u[WW_J] - pu[WW_J];
    /* better for both: U_b beyond TOL and U_s within, or the reverse */
    int *best = malloc(sizeof(int) * (size_t)(n + 1));
    double bu[3] = {0, 0, 0};
    int has = 0;
    if (!best) {
        st = ww__fail(m, WW_NOMEM, "out of memory");
        goto out;
    }
    for (int side = 0; side < 2; side++) {
        ww__query_bounds(&q, 1);
        ww__bound_gt(&q, side == 0 ? WW_UB : WW_US, pu[side == 0 ? WW_UB : WW_US]);
        ww__bound_ge(&q, side == 0 ? WW_US : WW_UB, pu[side == 0 ? WW_US : WW_UB]);
        st = ww__lex(&q, WW_J, 1, WW_US, &res, &found, pkg, u);
        if (st != WW_OK)
            break;
        if (res == WW_MIP_STOPPED)
            oc = WW_OUTCOME_TIME_LIMIT;
        if (found && ww__better_joint(u, has ? bu : NULL)) {
            has = 1;
            memcpy(best, pkg, sizeof(int) * (size_t)n);
            memcpy(bu, u, sizeof bu);
        }
        if (oc == WW_OUTCOME_TIME_LIMIT)
            break;
    }
    if (st == WW_OK) {
        eval->has_improvement = has;
        if (has && ww__result_add(r, best, bu) != WW_OK)
            st = ww__fail(m, WW_NOMEM, "out of memory");
    }
    free(best);
out:
    return end(&q, r, pkg, st, oc, 0, out);
}

ww_status ww_evaluate(ww_solver *s, const ww_options *o, const int *package,
                      ww_evaluation *eval, ww_result **out)
{
    return evaluate(s, o, package, eval, out, 0);
}

ww_status ww__evaluate_mitm(ww_solver *s, const ww_options *o,
                            const int *package, ww_evaluation *eval,
                            ww_result **out)
{
    return evaluate(s, o, package, eval, out, 1);
}
