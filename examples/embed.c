/* The README's C example: builds the spec's example model and prints
 * the best package. Built and run by the tests (tests/cli). */
#include <stdio.h>
#include <winwin.h>

int main(void) {
    ww_model *m; ww_solver *s; ww_result *r; int price, pay;
    ww_model_new(&m);
    ww_model_set_reservation(m, WW_BUYER, 20);
    ww_model_set_reservation(m, WW_SELLER, 10);
    ww_model_add_term(m, "price", "USD/yr", &price);
    ww_model_add_level(m, price, "100k", 40, 0, NULL);
    ww_model_add_level(m, price, "110k", 20, 25, NULL);
    ww_model_add_level(m, price, "120k", 0, 45, NULL);
    ww_model_add_term(m, "payment", "days", &pay);
    ww_model_add_level(m, pay, "net 30", 0, 12, NULL);
    ww_model_add_level(m, pay, "net 60", 10, 6, NULL);
    ww_model_add_level(m, pay, "net 90", 18, 0, NULL);
    int p120[] = {2}, p100[] = {0}, late[] = {1, 2}, n90[] = {2};
    ww_condition when[] = {{price, p120, 1}, {pay, late, 2}};
    ww_condition never[] = {{price, p100, 1}, {pay, n90, 1}};
    ww_model_add_interaction(m, when, 2, 0, -4, NULL);
    ww_model_add_forbid(m, never, 2, NULL);
    int opening[] = {2, 0}, counter[] = {1, 0};
    ww_model_set_opening(m, opening);
    ww_model_set_counter(m, counter);
    ww_model_set_budget(m, 30);
    if (ww_solver_new(m, &s) || ww_best(s, NULL, &r))
        return fprintf(stderr, "%s\n", ww_errmsg(m)), 1;
    if (ww_result_outcome(r) == WW_OUTCOME_OPTIMAL) {
        const int *p = ww_result_package(r, 0);
        printf("price %s, payment %s: buyer %g, seller %g, joint %g\n",
               ww_model_level_label(m, price, p[price]),
               ww_model_level_label(m, pay, p[pay]), ww_result_buyer(r, 0),
               ww_result_seller(r, 0), ww_result_joint(r, 0));
    } else
        printf("%s\n", ww_result_reason(r));
    ww_result_free(r); ww_solver_free(s); ww_model_free(m);
    return 0;
}
