/* Infeasibility and its diagnosis against brute force.  Random models are
 * pushed into each kind of infeasibility (reservations beyond reach, a
 * budget below an unreachable opening, constraints that exclude everything)
 * and best, frontier and nash must all report infeasible with a cause that
 * brute force confirms, on every path (auto, mip, enum, dp; a forced DP may
 * decline a model it does not serve, and must say why).  Failures print the seed (WW_TEST_SEED=...). */
#include "qsupport.h"

#include <stdlib.h>
#include <string.h>

#define BASE_SEED 4000UL

/* Utilities over the feasible packages of m. */
static int feasible_max(const ww_model *m, double *max_ub, double *max_us,
                        long *argmax_us_all)
{
    ww_brute *b = NULL;
    if (ww_brute_new(m, 2000000, &b) != WW_OK)
        return 0;
    *max_ub = *max_us = -HUGE_VAL;
    *argmax_us_all = 0;
    for (long i = 0; i < ww_brute_count(b); i++) {
        if (ww_brute_seller(b, i) > ww_brute_seller(b, *argmax_us_all))
            *argmax_us_all = i;
        if (!ww_brute_feasible(b, i))
            continue;
        *max_ub = fmax(*max_ub, ww_brute_buyer(b, i));
        *max_us = fmax(*max_us, ww_brute_seller(b, i));
    }
    ww_brute_free(b);
    return 1;
}

/* Pushes model m towards infeasibility kind mode (0: as generated). */
static ww_status push(ww_model *m, unsigned long seed, int mode)
{
    double mub, mus;
    long top;
    if (!feasible_max(m, &mub, &mus, &top))
        return WW_INVALID;
    int n = ww_model_term_count(m);
    int pkg[64];
    ww_status st = WW_OK;
    switch (mode) {
    case 1: /* the seller asks for more than any feasible package gives */
        if (mus > -HUGE_VAL)
            st = ww_model_set_reservation(m, WW_SELLER, mus + 0.5 + (double)(seed % 3));
        break;
    case 2: { /* open at the seller's top package, forbid it, small budget */
        long idx = top;
        for (int t = 0; t < n; t++) {
            int nl = ww_model_level_count(m, t);
            pkg[t] = (int)(idx % nl);
            idx /= nl;
        }
        ww_condition cond[64];
        int lv[64];
        for (int t = 0; t < n; t++) {
            lv[t] = pkg[t];
            cond[t].term = t;
            cond[t].levels = &lv[t];
            cond[t].nlevels = 1;
        }
        st = ww_model_add_forbid(m, cond, n, NULL);
        if (st == WW_OK)
            st = ww_model_clear_reservation(m, WW_SELLER);
        if (st == WW_OK)
            st = ww_model_set_opening(m, pkg);
        if (st == WW_OK)
            st = ww_model_set_budget(m, seed % 2 ? 0 : 0.25);
        break;
    }
    case 3: /* the buyer asks for more than any feasible package gives */
        if (mub > -HUGE_VAL)
            st = ww_model_set_reservation(m, WW_BUYER, mub + 1 + (double)(seed % 4));
        if (st == WW_OK && seed % 2)
            st = ww_model_clear_reservation(m, WW_SELLER);
        break;
    case 4: { /* a forbid that holds everywhere */
        int nl = ww_model_level_count(m, 0);
        int all[64];
        for (int l = 0; l < nl; l++)
            all[l] = l;
        ww_condition cond = {0, all, nl};
        st = ww_model_add_forbid(m, &cond, 1, NULL);
        break;
    }
    default:
        break;
    }
    return st == WW_OK ? ww_model_validate(m) : st;
}

static int check_query(wwq_case *c, const ww_options *o, int which,
                       int counts[6])
{
    static const char *names[] = {"best", "frontier", "nash"};
    wwq_next(c, names[which]);
    ww_status st = which == 0   ? ww_best(c->s, o, &c->r)
                   : which == 1 ? ww_frontier(c->s, o, &c->r)
                                : ww_nash(c->s, o, &c->r);
    if (st == WW_UNSUPPORTED && o->path == WW_PATH_DP) {
        QCHECK(c, *ww_errmsg(c->m), "path dp declined without a message");
        return 0;
    }
    QCALL(c, st);
    if (ww_brute_best(c->b, o) >= 0) {
        QCHECK(c, ww_result_outcome(c->r) == WW_OUTCOME_OPTIMAL, "outcome %s, "
               "but brute force finds an admissible package",
               ww_outcome_str(ww_result_outcome(c->r)));
        return 0;
    }
    if (wwq_check_infeasible(c, c->r, o))
        return 1;
    if (which == 0) {
        ww_diagnosis dg;
        QCALL(c, ww_result_diagnosis(c->r, &dg));
        counts[dg.cause]++;
    }
    return 0;
}

static int run_seed(unsigned long seed, int counts[6])
{
    wwq_case c;
    memset(&c, 0, sizeof c);
    c.seed = seed;
    c.query = "setup";
    wwq_params(seed, &c.params);
    c.params.reservations = 1;
    c.params.constraints = 1;
    c.params.budget = 1;
    ww_status st = ww_random_model(seed, &c.params, &c.m);
    if (st == WW_OK)
        st = push(c.m, seed, (int)(seed % 5));
    if (st != WW_OK) {
        print_error("seed %lu: building the model: %s %s\n", seed,
                    ww_status_str(st), c.m ? ww_errmsg(c.m) : "");
        wwq_close(&c);
        return 1;
    }
    int bad = wwq_attach(&c), ignored[6] = {0};
    ww_options def, nl;
    wwq_default_options(&def, 0);
    wwq_default_options(&nl, 1);
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_MIP, WW_PATH_ENUM,
                                    WW_PATH_DP};
    for (int p = 0; p < 4 && !bad; p++) {
        ww_options o = def;
        o.path = paths[p];
        for (int q = 0; q < 3 && !bad; q++)
            bad = check_query(&c, &o, q, p == 0 ? counts : ignored);
    }
    if (!bad)
        bad = check_query(&c, &nl, 0, counts);
    wwq_close(&c);
    return bad;
}

static void test_random_diagnosis(void **state)
{
    (void)state;
    unsigned long first;
    int n, failures = 0;
    int counts[6] = {0};
    wwq_seeds(BASE_SEED, wwq_model_count(300), &first, &n);
    for (int i = 0; i < n; i++)
        failures += run_seed(first + (unsigned long)i, counts);
    print_message("diagnosis: %d models; causes seen: constraints %d, seller "
                  "reservation %d, budget %d, buyer reservation %d; %d "
                  "failed\n", n, counts[1], counts[2], counts[3], counts[4],
                  failures);
    assert_int_equal(failures, 0);
    if (n >= 100)
        for (int k = WW_CAUSE_CONSTRAINTS; k <= WW_CAUSE_BUYER_RESERVATION; k++)
            assert_true(counts[k] > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_diagnosis),
    };
    int rc = cmocka_run_group_tests_name("random_diagnosis", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
