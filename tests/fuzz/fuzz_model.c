/* fuzz_model.c — round trip and solve checks for a loaded model.
 *
 * Any difference or wrong answer aborts: libFuzzer reports it as a crash and
 * the replay test fails. */
#include "fuzz_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

/* Fuzzing iterations must stay fast: bigger models are only loaded and
 * round-tripped, not solved. */
#define FUZZ_SOLVE_MAX_LEVELS 400
#define FUZZ_SOLVE_MAX_ITEMS 200
#define FUZZ_TIME_LIMIT 0.2
/* A time limit may be overrun by model building and one GLPK step; more
 * than this is reported as a hang. */
#define FUZZ_TIME_SLACK 5.0
/* Models of at most this many packages are also enumerated, and best and
 * the frontier compared with the enumeration. */
#define FUZZ_ENUM_MAX 512
/* One input in this many (by its hash) also runs best, evaluate and meso on
 * the MIP loop: GLPK's solves cost 0.1-10 ms, the parse a few us. */
#define FUZZ_MIP_SHARE 8

/* What enumerating every package says (default options). */
typedef struct enum_facts {
    int done;        /* 0: too many packages, nothing known   */
    int nadm;        /* admissible packages                    */
    double max_j;    /* over admissible packages               */
    double *ub, *us; /* the admissible packages' utilities     */
    double max_abs;  /* largest magnitude in the model: |U| of any
                        package, reservations, budget, values, linear
                        coefficients and bounds (inf if one is)       */
} enum_facts;

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void same_conds(const ww_condition *a, int na, const ww_condition *b,
                       int nb, const char *what, int i)
{
    FUZZ_CHECK(na == nb, "%s %d: %d vs %d conditions", what, i, na, nb);
    for (int c = 0; c < na; c++) {
        FUZZ_CHECK(a[c].term == b[c].term && a[c].nlevels == b[c].nlevels,
                   "%s %d: condition %d differs", what, i, c);
        for (int l = 0; l < a[c].nlevels; l++)
            FUZZ_CHECK(a[c].levels[l] == b[c].levels[l],
                       "%s %d: condition %d level %d differs", what, i, c, l);
    }
}

static void same_curve(const ww_curve *a, const ww_curve *b, int t)
{
    FUZZ_CHECK(a->npoints == b->npoints, "term %d: curve size", t);
    for (int k = 0; k < a->npoints; k++)
        FUZZ_CHECK(a->x[k] == b->x[k] && a->u[k] == b->u[k],
                   "term %d: curve point %d", t, k);
}

static void same_package(const int *a, const int *b, int n, const char *what)
{
    FUZZ_CHECK((a == NULL) == (b == NULL), "%s: present in one copy only",
               what);
    for (int t = 0; a && t < n; t++)
        FUZZ_CHECK(a[t] == b[t], "%s: term %d differs", what, t);
}

static void same_model(const ww_model *a, const ww_model *b)
{
    FUZZ_CHECK(same_str(ww_model_name(a), ww_model_name(b)), "name");
    FUZZ_CHECK(same_str(ww_model_unit(a), ww_model_unit(b)), "unit");
    for (int p = 0; p < 2; p++) {
        double ra = 0, rb = 0;
        int ha = ww_model_reservation(a, (ww_party)p, &ra);
        int hb = ww_model_reservation(b, (ww_party)p, &rb);
        FUZZ_CHECK(ha == hb && (!ha || ra == rb), "party %d reservation", p);
        FUZZ_CHECK(ww_model_weight(a, (ww_party)p) ==
                       ww_model_weight(b, (ww_party)p),
                   "party %d weight", p);
        FUZZ_CHECK(same_str(ww_model_party_name(a, (ww_party)p),
                            ww_model_party_name(b, (ww_party)p)),
                   "party %d name", p);
    }
    int n = ww_model_term_count(a);
    FUZZ_CHECK(n == ww_model_term_count(b), "term count %d vs %d", n,
               ww_model_term_count(b));
    for (int t = 0; t < n; t++) {
        FUZZ_CHECK(same_str(ww_model_term_name(a, t), ww_model_term_name(b, t)),
                   "term %d name", t);
        FUZZ_CHECK(same_str(ww_model_term_unit(a, t), ww_model_term_unit(b, t)),
                   "term %d unit", t);
        double fa, ta, sa, fb, tb, sb;
        ww_curve ba, sea, bb, seb;
        int ra = ww_model_term_range(a, t, &fa, &ta, &sa, &ba, &sea);
        int rb = ww_model_term_range(b, t, &fb, &tb, &sb, &bb, &seb);
        FUZZ_CHECK(ra == rb, "term %d: range in one copy only", t);
        if (ra) {
            FUZZ_CHECK(fa == fb && ta == tb && sa == sb, "term %d: range", t);
            same_curve(&ba, &bb, t);
            same_curve(&sea, &seb, t);
        }
        int nl = ww_model_level_count(a, t);
        FUZZ_CHECK(nl == ww_model_level_count(b, t), "term %d level count",
                   t);
        for (int l = 0; l < nl; l++) {
            FUZZ_CHECK(same_str(ww_model_level_label(a, t, l),
                                ww_model_level_label(b, t, l)),
                       "term %d level %d label", t, l);
            FUZZ_CHECK(ww_model_level_buyer(a, t, l) ==
                               ww_model_level_buyer(b, t, l) &&
                           ww_model_level_seller(a, t, l) ==
                               ww_model_level_seller(b, t, l),
                       "term %d level %d utilities", t, l);
            double va = 0, vb = 0;
            int hva = ww_model_level_value(a, t, l, &va);
            int hvb = ww_model_level_value(b, t, l, &vb);
            FUZZ_CHECK(hva == hvb && (!hva || va == vb),
                       "term %d level %d value", t, l);
        }
    }
    int ni = ww_model_interaction_count(a);
    FUZZ_CHECK(ni == ww_model_interaction_count(b), "interaction count");
    for (int i = 0; i < ni; i++) {
        ww_interaction_kind ka, kb;
        double uba, usa, ubb, usb;
        FUZZ_CHECK(ww_model_interaction(a, i, &ka, &uba, &usa) == WW_OK &&
                       ww_model_interaction(b, i, &kb, &ubb, &usb) == WW_OK,
                   "interaction %d unreadable", i);
        FUZZ_CHECK(ka == kb && uba == ubb && usa == usb, "interaction %d", i);
        if (ka == WW_INTERACTION_PRODUCT) {
            int a1, a2, b1, b2;
            FUZZ_CHECK(ww_model_interaction_product(a, i, &a1, &a2) == WW_OK &&
                           ww_model_interaction_product(b, i, &b1, &b2) ==
                               WW_OK &&
                           a1 == b1 && a2 == b2,
                       "interaction %d: product terms", i);
        } else {
            int na = ww_model_interaction_when(a, i, NULL, 0);
            int nb = ww_model_interaction_when(b, i, NULL, 0);
            FUZZ_CHECK(na >= 1 && na == nb, "interaction %d: %d vs %d", i, na,
                       nb);
            ww_condition *ca = calloc((size_t)na, sizeof *ca);
            ww_condition *cb = calloc((size_t)na, sizeof *cb);
            FUZZ_CHECK(ca && cb, "out of memory");
            ww_model_interaction_when(a, i, ca, na);
            ww_model_interaction_when(b, i, cb, nb);
            same_conds(ca, na, cb, nb, "interaction", i);
            free(ca);
            free(cb);
        }
    }
    int nc = ww_model_constraint_count(a);
    FUZZ_CHECK(nc == ww_model_constraint_count(b), "constraint count");
    for (int i = 0; i < nc; i++) {
        ww_constraint_kind ka, kb;
        FUZZ_CHECK(ww_model_constraint_kind(a, i, &ka) == WW_OK &&
                       ww_model_constraint_kind(b, i, &kb) == WW_OK &&
                       ka == kb,
                   "constraint %d kind", i);
        if (ka == WW_CONSTRAINT_LINEAR) {
            const int *ta, *tb;
            const double *coa, *cob;
            double mina, maxa, minb, maxb;
            int na = ww_model_constraint_linear(a, i, &ta, &coa, &mina, &maxa);
            int nb = ww_model_constraint_linear(b, i, &tb, &cob, &minb, &maxb);
            FUZZ_CHECK(na >= 1 && na == nb && mina == minb && maxa == maxb,
                       "constraint %d: linear", i);
            for (int k = 0; k < na; k++)
                FUZZ_CHECK(ta[k] == tb[k] && coa[k] == cob[k],
                           "constraint %d: coefficient %d", i, k);
        } else {
            int na = ww_model_constraint_forbid(a, i, NULL, 0);
            int nb = ww_model_constraint_forbid(b, i, NULL, 0);
            FUZZ_CHECK(na >= 1 && na == nb, "constraint %d: forbid", i);
            ww_condition *ca = calloc((size_t)na, sizeof *ca);
            ww_condition *cb = calloc((size_t)na, sizeof *cb);
            FUZZ_CHECK(ca && cb, "out of memory");
            ww_model_constraint_forbid(a, i, ca, na);
            ww_model_constraint_forbid(b, i, cb, nb);
            same_conds(ca, na, cb, nb, "forbid", i);
            free(ca);
            free(cb);
        }
    }
    same_package(ww_model_opening(a), ww_model_opening(b), n, "opening");
    same_package(ww_model_counter(a), ww_model_counter(b), n, "counter");
    double ga = 0, gb = 0;
    int hga = ww_model_budget(a, &ga), hgb = ww_model_budget(b, &gb);
    FUZZ_CHECK(hga == hgb && (!hga || ga == gb), "budget");
}

void fuzz_roundtrip(ww_model *m)
{
    char *s1 = NULL, *s2 = NULL;
    ww_status st = ww_model_save_string(m, &s1);
    FUZZ_CHECK(st == WW_OK && s1, "save: %s: %s", ww_status_str(st),
               ww_errmsg(m));
    ww_model *m2 = NULL;
    ww_error err;
    st = ww_model_load_string(s1, strlen(s1), "<saved>", &m2, &err);
    FUZZ_CHECK(st == WW_OK, "the saved model does not load: %s\n%s", err.text,
               s1);
    same_model(m, m2);
    st = ww_model_save_string(m2, &s2);
    FUZZ_CHECK(st == WW_OK && s2, "second save: %s", ww_errmsg(m2));
    FUZZ_CHECK(strcmp(s1, s2) == 0, "saved twice, different texts:\n%s\n%s",
               s1, s2);
    ww_free(s1);
    ww_free(s2);
    ww_model_free(m2);
}

/* Every enumerated model gets the enumeration checks (models beyond the
 * size a double resolves are refused with a message by the library). */
static int fuzz_check_enum(const enum_facts *f)
{
    return f->done;
}

static int close_to(double a, double b)
{
    if (a == b) /* also equal infinities (utilities that overflow) */
        return 1;
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale + WW_TOLERANCE;
}

/* Slack for comparing with the enumeration: TOL can add up along a chain
 * of near-ties (at most FUZZ_ENUM_MAX steps), and doubles near 1e9 differ by
 * 1e-7; anything beyond is a wrong answer. */
static double enum_tol(double x)
{
    return FUZZ_ENUM_MAX * 2 * WW_TOLERANCE + 1e-9 * fabs(x);
}

static double mag(double acc, double x)
{
    x = fabs(x);
    return isnan(x) ? HUGE_VAL : (x > acc ? x : acc);
}

/* Largest magnitude of the numbers that go into the MIP besides the
 * utilities (which enumerate() adds). */
static double model_magnitude(const ww_model *m)
{
    double a = 0, v;
    for (int p = 0; p < 2; p++) {
        if (ww_model_reservation(m, (ww_party)p, &v))
            a = mag(a, v);
        v = ww_model_weight(m, (ww_party)p); /* scales J both ways */
        a = mag(mag(a, v), 1 / v);
    }
    if (ww_model_budget(m, &v))
        a = mag(a, v);
    for (int t = 0; t < ww_model_term_count(m); t++)
        for (int l = 0; l < ww_model_level_count(m, t); l++)
            if (ww_model_level_value(m, t, l, &v))
                a = mag(a, v);
    for (int i = 0; i < ww_model_constraint_count(m); i++) {
        const int *terms;
        const double *coefs;
        double lo, hi;
        int n = ww_model_constraint_linear(m, i, &terms, &coefs, &lo, &hi);
        for (int k = 0; k < n; k++)
            a = mag(a, coefs[k]);
        if (n > 0 && isfinite(lo))
            a = mag(a, lo);
        if (n > 0 && isfinite(hi))
            a = mag(a, hi);
    }
    for (int i = 0; i < ww_model_interaction_count(m); i++) {
        ww_interaction_kind k;
        double b, s;
        if (ww_model_interaction(m, i, &k, &b, &s) == WW_OK &&
            k == WW_INTERACTION_PRODUCT)
            a = mag(mag(a, b), s);
    }
    return a;
}

static void enumerate(ww_model *m, enum_facts *f)
{
    memset(f, 0, sizeof *f);
    int n = ww_model_term_count(m);
    double count = ww_model_package_count(m);
    if (!(count <= FUZZ_ENUM_MAX))
        return;
    int *pkg = calloc((size_t)n, sizeof *pkg);
    f->ub = malloc(sizeof(double) * FUZZ_ENUM_MAX);
    f->us = malloc(sizeof(double) * FUZZ_ENUM_MAX);
    FUZZ_CHECK(pkg && f->ub && f->us, "out of memory");
    f->max_j = -HUGE_VAL;
    f->max_abs = model_magnitude(m);
    for (;;) {
        ww_evaluation e;
        FUZZ_CHECK(ww_model_evaluate(m, pkg, &e) == WW_OK, "evaluate: %s",
                   ww_errmsg(m));
        double a = fmax(fabs(e.buyer), fabs(e.seller));
        if (!(a <= f->max_abs)) /* also NaN */
            f->max_abs = isnan(a) ? HUGE_VAL : a;
        if (e.admissible && isfinite(e.buyer) && isfinite(e.seller) &&
            isfinite(e.joint)) {
            f->ub[f->nadm] = e.buyer;
            f->us[f->nadm] = e.seller;
            f->nadm++;
            if (e.joint > f->max_j)
                f->max_j = e.joint;
        }
        int t = 0;
        while (t < n && ++pkg[t] == ww_model_level_count(m, t))
            pkg[t++] = 0;
        if (t == n)
            break;
    }
    free(pkg);
    f->done = 1;
}

static void enum_free(enum_facts *f)
{
    free(f->ub);
    free(f->us);
}

/* Every package returned is admissible and evaluates as reported. */
static void check_packages(ww_model *m, const ww_result *r, const char *what)
{
    for (int i = 0; i < ww_result_count(r); i++) {
        ww_evaluation e;
        ww_status st = ww_model_evaluate(m, ww_result_package(r, i), &e);
        FUZZ_CHECK(st == WW_OK, "%s: evaluate: %s", what, ww_errmsg(m));
        FUZZ_CHECK(e.admissible, "%s: package %d is not admissible "
                                 "(violation %d)",
                   what, i, (int)e.violation);
        FUZZ_CHECK(close_to(e.buyer, ww_result_buyer(r, i)) &&
                       close_to(e.seller, ww_result_seller(r, i)),
                   "%s: package %d reports (%.17g, %.17g), evaluation gives "
                   "(%.17g, %.17g)",
                   what, i, ww_result_buyer(r, i), ww_result_seller(r, i),
                   e.buyer, e.seller);
    }
}

/* A query started at t0 kept its time limit (plus the slack for model
 * building and one GLPK step). */
static void check_time(double t0, const char *what)
{
    double dt = fuzz_now() - t0;
    FUZZ_CHECK(dt <= FUZZ_TIME_LIMIT + FUZZ_TIME_SLACK,
               "%s took %.2f s with a %.2f s time limit", what, dt,
               FUZZ_TIME_LIMIT);
}

/* Frontier (when enumerated): optimal means every admissible package is
 * matched or beaten by a listed point; infeasible means there is none. */
static void check_frontier(ww_model *m, ww_solver *s, const enum_facts *f)
{
    ww_options o;
    ww_options_init(&o);
    o.time_limit = FUZZ_TIME_LIMIT;
    ww_result *r = NULL;
    double t0 = fuzz_now();
    ww_status st = ww_frontier(s, &o, &r);
    check_time(t0, "frontier");
    if (st != WW_OK) {
        FUZZ_CHECK(ww_errmsg(m)[0], "frontier: %s without a message",
                   ww_status_str(st));
        return;
    }
    check_packages(m, r, "frontier");
    int n = ww_result_count(r);
    for (int i = 1; i < n; i++)
        FUZZ_CHECK(ww_result_seller(r, i - 1) >=
                       ww_result_seller(r, i) - WW_TOLERANCE,
                   "frontier: not sorted by seller utility at %d", i);
    ww_outcome oc = ww_result_outcome(r);
    if (oc == WW_OUTCOME_INFEASIBLE)
        FUZZ_CHECK(f->nadm == 0, "frontier: infeasible (%s), but %d "
                                 "admissible packages exist",
                   ww_result_reason(r), f->nadm);
    if (oc == WW_OUTCOME_OPTIMAL) {
        FUZZ_CHECK(n >= 1 || f->nadm == 0, "frontier: optimal, no point");
        for (int k = 0; k < f->nadm; k++) {
            int covered = 0;
            for (int i = 0; i < n && !covered; i++)
                covered =
                    ww_result_buyer(r, i) >= f->ub[k] - enum_tol(f->ub[k]) &&
                    ww_result_seller(r, i) >= f->us[k] - enum_tol(f->us[k]);
            FUZZ_CHECK(covered,
                       "frontier (%d points) misses the admissible point "
                       "(%.17g, %.17g)",
                       n, f->ub[k], f->us[k]);
        }
    }
    ww_result_free(r);
}

/* evaluate (on auto the enumeration path's bounded walks on these sizes)
 * against the enumeration: the value left is max J minus the package's J, an
 * improvement is admissible and better for both, none exists only when no
 * admissible package is; meso's offers are admissible packages. */
static void check_walks(ww_model *m, ww_solver *s, const enum_facts *f,
                        const int *pkg, const ww_evaluation *pe, ww_path path)
{
    ww_options o;
    ww_options_init(&o);
    o.time_limit = FUZZ_TIME_LIMIT;
    o.path = path;
    ww_evaluation ev;
    ww_result *r = NULL;
    double t0 = fuzz_now();
    ww_status st = ww_evaluate(s, &o, pkg, &ev, &r);
    check_time(t0, "evaluate");
    if (st != WW_OK) {
        FUZZ_CHECK(ww_errmsg(m)[0], "evaluate: %s without a message",
                   ww_status_str(st));
        return;
    }
    ww_outcome oc = ww_result_outcome(r);
    if (oc != WW_OUTCOME_TIME_LIMIT) {
        FUZZ_CHECK(ev.has_value_left == (f->nadm > 0),
                   "evaluate: value left %d, %d admissible packages",
                   ev.has_value_left, f->nadm);
        if (ev.has_value_left && isfinite(f->max_j) && isfinite(pe->joint))
            FUZZ_CHECK(fabs(ev.value_left - (f->max_j - pe->joint)) <=
                           enum_tol(f->max_j) + enum_tol(pe->joint),
                       "evaluate: value left %.17g, enumeration %.17g",
                       ev.value_left, f->max_j - pe->joint);
        int better = 0;
        for (int k = 0; k < f->nadm && !better; k++)
            better = f->ub[k] >= pe->buyer - WW_TOLERANCE &&
                     f->us[k] >= pe->seller - WW_TOLERANCE &&
                     (f->ub[k] > pe->buyer + enum_tol(f->ub[k]) ||
                      f->us[k] > pe->seller + enum_tol(f->us[k]));
        FUZZ_CHECK(!better || ev.has_improvement,
                   "evaluate: no improvement, but the enumeration has one");
        FUZZ_CHECK(ev.has_improvement == (ww_result_count(r) == 1),
                   "evaluate: improvement %d with %d packages",
                   ev.has_improvement, ww_result_count(r));
        check_packages(m, r, "evaluate");
        if (ev.has_improvement)
            FUZZ_CHECK(ww_result_buyer(r, 0) >= pe->buyer - WW_TOLERANCE &&
                           ww_result_seller(r, 0) >=
                               pe->seller - WW_TOLERANCE,
                       "evaluate: the improvement is worse on one side");
    }
    ww_result_free(r);
    r = NULL;
    t0 = fuzz_now();
    st = ww_meso(s, &o, 3, NAN, NAN, &r);
    check_time(t0, "meso");
    if (st != WW_OK) {
        FUZZ_CHECK(ww_errmsg(m)[0], "meso: %s without a message",
                   ww_status_str(st));
        return;
    }
    check_packages(m, r, "meso");
    if (ww_result_outcome(r) == WW_OUTCOME_INFEASIBLE && f->nadm > 0)
        FUZZ_CHECK(ww_result_count(r) == 0, "meso: infeasible with offers");
    if (f->nadm == 0)
        FUZZ_CHECK(ww_result_count(r) == 0 &&
                       ww_result_outcome(r) != WW_OUTCOME_OPTIMAL,
                   "meso: %d offers, nothing admissible",
                   ww_result_count(r));
    ww_result_free(r);
}

/* best (on the given path): admissible, evaluates as reported, never
 * beaten by the probe package, and (when enumerated) of the enumeration's
 * largest J. */
static void check_best(ww_model *m, ww_solver *s, const enum_facts *f,
                       const ww_evaluation *pe, ww_path path)
{
    ww_options o;
    ww_options_init(&o);
    o.time_limit = FUZZ_TIME_LIMIT;
    o.path = path;
    ww_result *r = NULL;
    double t0 = fuzz_now();
    ww_status st = ww_best(s, &o, &r);
    check_time(t0, "best");
    if (st != WW_OK) {
        FUZZ_CHECK(!r, "best failed but returned a result");
        FUZZ_CHECK(ww_errmsg(m)[0], "best: %s without a message",
                   ww_status_str(st));
    } else {
        ww_outcome oc = ww_result_outcome(r);
        int cnt = ww_result_count(r);
        if (oc == WW_OUTCOME_INFEASIBLE)
            FUZZ_CHECK(cnt == 0, "infeasible with %d packages", cnt);
        if (oc == WW_OUTCOME_OPTIMAL)
            FUZZ_CHECK(cnt == 1, "optimal with %d packages", cnt);
        if (cnt >= 1) {
            const int *p = ww_result_package(r, 0);
            ww_evaluation e;
            st = ww_model_evaluate(m, p, &e);
            FUZZ_CHECK(st == WW_OK, "evaluate best: %s", ww_errmsg(m));
            FUZZ_CHECK(e.admissible, "best is not admissible (violation %d)",
                       (int)e.violation);
            FUZZ_CHECK(close_to(e.buyer, ww_result_buyer(r, 0)) &&
                           close_to(e.seller, ww_result_seller(r, 0)) &&
                           close_to(e.joint, ww_result_joint(r, 0)),
                       "best reports (%.17g, %.17g, %.17g), evaluation gives "
                       "(%.17g, %.17g, %.17g)",
                       ww_result_buyer(r, 0), ww_result_seller(r, 0),
                       ww_result_joint(r, 0), e.buyer, e.seller, e.joint);
            /* The package picked by the input cannot beat a proven best
             * (unless its utilities overflow: RELIABILITY.md, "Found" 5). */
            if (oc == WW_OUTCOME_OPTIMAL && pe->admissible &&
                isfinite(pe->joint))
                FUZZ_CHECK(pe->joint <= e.joint + WW_TOLERANCE +
                                           1e-9 * fabs(e.joint),
                           "package with J=%.17g beats best J=%.17g",
                           pe->joint, e.joint);
        }
        if (oc == WW_OUTCOME_INFEASIBLE)
            FUZZ_CHECK(!pe->admissible, "infeasible, yet the probe package "
                                       "is admissible");
        if (fuzz_check_enum(f) && oc == WW_OUTCOME_INFEASIBLE)
            FUZZ_CHECK(f->nadm == 0, "best: infeasible (%s), but %d "
                                    "admissible packages exist",
                       ww_result_reason(r), f->nadm);
        if (fuzz_check_enum(f) && oc == WW_OUTCOME_OPTIMAL &&
            isfinite(f->max_j))
            FUZZ_CHECK(ww_result_joint(r, 0) >= f->max_j - enum_tol(f->max_j),
                       "best: J %.17g, enumeration finds %.17g",
                       ww_result_joint(r, 0), f->max_j);
        ww_result_free(r);
    }
}

void fuzz_solve(ww_model *m, uint64_t h)
{
    int n = ww_model_term_count(m);
    FUZZ_CHECK(n >= 1, "a loaded model has no term");
    int *pkg = calloc((size_t)n, sizeof *pkg);
    FUZZ_CHECK(pkg, "out of memory");
    long levels = 0;
    for (int t = 0; t < n; t++) {
        int nl = ww_model_level_count(m, t);
        FUZZ_CHECK(nl >= 1, "term %d has no level", t);
        levels += nl;
        pkg[t] = (int)(h % (uint64_t)nl);
        h = h / (uint64_t)nl + 0x9e3779b97f4a7c15ULL * (uint64_t)(t + 1);
    }
    ww_evaluation ev;
    ww_status st = ww_model_evaluate(m, pkg, &ev);
    FUZZ_CHECK(st == WW_OK, "evaluate: %s: %s", ww_status_str(st),
               ww_errmsg(m));
    FUZZ_CHECK(!ev.admissible || ev.feasible, "admissible but not feasible");

    if (levels > FUZZ_SOLVE_MAX_LEVELS ||
        ww_model_interaction_count(m) + ww_model_constraint_count(m) >
            FUZZ_SOLVE_MAX_ITEMS) {
        free(pkg);
        return;
    }
    ww_solver *s = NULL;
    st = ww_solver_new(m, &s);
    if (st != WW_OK) {
        /* A refusal must say why. */
        FUZZ_CHECK(ww_errmsg(m)[0], "solver_new: %s without a message",
                   ww_status_str(st));
        free(pkg);
        return;
    }
    enum_facts f;
    enumerate(m, &f);
    check_best(m, s, &f, &ev, WW_PATH_AUTO);
    if (fuzz_check_enum(&f)) {
        check_frontier(m, s, &f);
        check_walks(m, s, &f, pkg, &ev, WW_PATH_AUTO);
        /* a share of the inputs on the MIP loop too: its lexicographic
         * second stages and meso's tie-breaks start from an incumbent */
        if (h % FUZZ_MIP_SHARE == 0) {
            check_best(m, s, &f, &ev, WW_PATH_MIP);
            check_walks(m, s, &f, pkg, &ev, WW_PATH_MIP);
        }
    }
    enum_free(&f);
    ww_solver_free(s);
    free(pkg);
}
