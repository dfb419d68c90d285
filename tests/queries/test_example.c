/* The worked example of spec section 2, built through the API: the true
 * answers of best, frontier and trades --from counter --concede 6 are given
 * by the spec; nash, kalai and meso follow from its two admissible
 * packages. */
#include "qsupport.h"

#include <stdlib.h>

enum { P100 = 0, P110 = 1, P120 = 2, N30 = 0, N60 = 1, N90 = 2 };

static ww_model *example(void)
{
    ww_model *m = NULL;
    int price, pay;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_int_equal(ww_model_set_name(m, "Acme renewal"), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_BUYER, 20), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 10), WW_OK);
    assert_int_equal(ww_model_add_term(m, "price", "USD/yr", &price), WW_OK);
    assert_int_equal(ww_model_add_level(m, price, "100k", 40, 0, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, price, "110k", 20, 25, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, price, "120k", 0, 45, NULL), WW_OK);
    assert_int_equal(ww_model_add_term(m, "payment", "days", &pay), WW_OK);
    assert_int_equal(ww_model_add_level(m, pay, "net 30", 0, 12, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, pay, "net 60", 10, 6, NULL), WW_OK);
    assert_int_equal(ww_model_add_level(m, pay, "net 90", 18, 0, NULL), WW_OK);
    static const double val[2][3] = {{100000, 110000, 120000}, {30, 60, 90}};
    for (int t = 0; t < 2; t++)
        for (int l = 0; l < 3; l++)
            assert_int_equal(ww_model_set_level_value(m, t, l, val[t][l]), WW_OK);
    int l120[] = {P120}, l6090[] = {N60, N90};
    ww_condition when[] = {{price, l120, 1}, {pay, l6090, 2}};
    assert_int_equal(ww_model_add_interaction(m, when, 2, 0, -4, NULL), WW_OK);
    int l100[] = {P100}, l90[] = {N90};
    ww_condition forbid[] = {{price, l100, 1}, {pay, l90, 1}};
    assert_int_equal(ww_model_add_forbid(m, forbid, 2, NULL), WW_OK);
    int opening[] = {P120, N30}, counter[] = {P110, N30};
    assert_int_equal(ww_model_set_opening(m, opening), WW_OK);
    assert_int_equal(ww_model_set_counter(m, counter), WW_OK);
    assert_int_equal(ww_model_set_budget(m, 30), WW_OK);
    assert_int_equal(ww_model_validate(m), WW_OK);
    return m;
}

/* The same model as the spec's JSON text. */
static const char example_json[] =
    "{\"format\": \"winwin/1\", \"name\": \"Acme renewal\", \"unit\": \"points\",\n"
    " \"buyer\":  {\"name\": \"Acme Corp\", \"reservation\": 20, \"weight\": 1},\n"
    " \"seller\": {\"name\": \"Vendor\",    \"reservation\": 10, \"weight\": 1},\n"
    " \"terms\": [\n"
    "  {\"name\": \"price\", \"unit\": \"USD/yr\", \"levels\": [\n"
    "    {\"label\": \"100k\", \"value\": 100000, \"buyer\": 40, \"seller\": 0},\n"
    "    {\"label\": \"110k\", \"value\": 110000, \"buyer\": 20, \"seller\": 25},\n"
    "    {\"label\": \"120k\", \"value\": 120000, \"buyer\": 0,  \"seller\": 45}]},\n"
    "  {\"name\": \"payment\", \"unit\": \"days\", \"levels\": [\n"
    "    {\"label\": \"net 30\", \"value\": 30, \"buyer\": 0,  \"seller\": 12},\n"
    "    {\"label\": \"net 60\", \"value\": 60, \"buyer\": 10, \"seller\": 6},\n"
    "    {\"label\": \"net 90\", \"value\": 90, \"buyer\": 18, \"seller\": 0}]}\n"
    " ],\n"
    " \"interactions\": [\n"
    "  {\"when\": {\"price\": \"120k\", \"payment\": [\"net 60\", \"net 90\"]}, \"buyer\": 0, \"seller\": -4}\n"
    " ],\n"
    " \"constraints\": [\n"
    "  {\"forbid\": {\"price\": \"100k\", \"payment\": \"net 90\"}}\n"
    " ],\n"
    " \"opening\": {\"price\": \"120k\", \"payment\": \"net 30\"},\n"
    " \"counter\": {\"price\": \"110k\", \"payment\": \"net 30\"},\n"
    " \"concession_budget\": 30\n"
    "}\n";

typedef struct fixture {
    ww_model *m;
    ww_solver *s;
    ww_result *r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->m = example();
    assert_int_equal(ww_solver_new(f->m, &f->s), WW_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ww_result_free(f->r);
    ww_solver_free(f->s);
    ww_model_free(f->m);
    free(f);
    ww_thread_cleanup();
    return 0;
}

static void assert_pkg(const int *pkg, int price, int pay)
{
    assert_non_null(pkg);
    assert_int_equal(pkg[0], price);
    assert_int_equal(pkg[1], pay);
}

static void assert_close(double a, double b)
{
    if (fabs(a - b) > QTOL)
        fail_msg("%.9g != %.9g", a, b);
}

/* Package i of r is (price, pay) with utilities (buyer, seller). */
static void assert_point(const ww_result *r, int i, int price, int pay,
                         double buyer, double seller)
{
    assert_pkg(ww_result_package(r, i), price, pay);
    assert_close(ww_result_buyer(r, i), buyer);
    assert_close(ww_result_seller(r, i), seller);
}

static void test_best(void **state)
{
    fixture *f = *state;
    assert_int_equal(ww_best(f->s, NULL, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(f->r), 1);
    assert_point(f->r, 0, P110, N60, 30, 31);
    assert_close(ww_result_joint(f->r, 0), 61);
}

static void test_frontier(void **state)
{
    fixture *f = *state;
    assert_int_equal(ww_frontier(f->s, NULL, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(f->r), 2);
    assert_point(f->r, 0, P110, N30, 20, 37);
    assert_point(f->r, 1, P110, N60, 30, 31);
}

static void test_trades_from_counter(void **state)
{
    fixture *f = *state;
    const int *counter = ww_model_counter(f->m);
    assert_non_null(counter);
    assert_int_equal(ww_trades(f->s, NULL, counter, 2, 5, 6, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(f->r), 1);
    assert_point(f->r, 0, P110, N60, 30, 31);
    assert_close(ww_result_joint(f->r, 0), 61);
    ww_evaluation ref;
    assert_pkg(ww_result_reference(f->r, &ref), P110, N30);
    assert_close(ref.buyer, 20);
    assert_close(ref.seller, 37);
    assert_close(ref.joint, 57);
}

static void test_trades_no_concession(void **state)
{
    /* conceding nothing from the counter, nothing is better for both */
    fixture *f = *state;
    assert_int_equal(ww_trades(f->s, NULL, ww_model_counter(f->m), 2, 5, 0,
                               &f->r), WW_OK);
    assert_int_equal(ww_result_count(f->r), 0);
}

static void test_nash_kalai(void **state)
{
    fixture *f = *state;
    double d[2], ideal[2];
    /* d = reservations (20, 10); (110k, net 60): 10 * 21 = 210 > 0 */
    assert_int_equal(ww_nash(f->s, NULL, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(f->r), 1);
    assert_pkg(ww_result_package(f->r, 0), P110, N60);
    assert_true(ww_result_anchors(f->r, d, ideal));
    assert_close(d[0], 20);
    assert_close(d[1], 10);
    ww_result_free(f->r);
    f->r = NULL;
    /* I = (30, 37): (110k, net 60) min(1, 21/27) beats (110k, net 30) 0 */
    assert_int_equal(ww_kalai(f->s, NULL, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_pkg(ww_result_package(f->r, 0), P110, N60);
    assert_true(ww_result_anchors(f->r, d, ideal));
    assert_close(d[0], 20);
    assert_close(d[1], 10);
    assert_close(ideal[0], 30);
    assert_close(ideal[1], 37);
}

static void test_evaluate_opening(void **state)
{
    /* the opening (0, 57) breaks the buyer's reservation; best J is 61 */
    fixture *f = *state;
    ww_evaluation ev;
    assert_int_equal(ww_evaluate(f->s, NULL, ww_model_opening(f->m), &ev,
                                 &f->r), WW_OK);
    assert_close(ev.buyer, 0);
    assert_close(ev.seller, 57);
    assert_close(ev.joint, 57);
    assert_true(ev.feasible);
    assert_false(ev.admissible);
    assert_int_equal(ev.violation, WW_VIOLATES_BUYER_RESERVATION);
    assert_true(ev.has_concession);
    assert_close(ev.concession, 0);
    assert_true(ev.has_value_left);
    assert_close(ev.value_left, 4);
    assert_false(ev.has_improvement);
}

static void test_meso(void **state)
{
    /* band [31 - 0.3, 31]: only (110k, net 60) */
    fixture *f = *state;
    assert_int_equal(ww_meso(f->s, NULL, 3, NAN, NAN, &f->r), WW_OK);
    assert_int_equal(ww_result_outcome(f->r), WW_OUTCOME_OPTIMAL);
    assert_int_equal(ww_result_count(f->r), 1);
    assert_pkg(ww_result_package(f->r, 0), P110, N60);
}

static void test_brute_agrees(void **state)
{
    /* the reference implementation reproduces the spec's answers too */
    fixture *f = *state;
    ww_brute *b = NULL;
    assert_int_equal(ww_brute_new(f->m, 1000, &b), WW_OK);
    assert_int_equal(ww_brute_count(b), 9);
    long best = ww_brute_best(b, NULL);
    assert_true(best >= 0);
    assert_close(ww_brute_buyer(b, best), 30);
    assert_close(ww_brute_seller(b, best), 31);
    ww_brute_point *pts = NULL;
    int n = ww_brute_frontier(b, NULL, &pts);
    assert_int_equal(n, 2);
    assert_close(pts[0].buyer, 20);
    assert_close(pts[0].seller, 37);
    assert_close(pts[1].buyer, 30);
    assert_close(pts[1].seller, 31);
    free(pts);
    long tr[5], total;
    int counter[] = {P110, N30};
    assert_int_equal(ww_brute_trades(b, NULL, counter, 2, 5, 6, tr, &total), 1);
    assert_close(ww_brute_joint(b, tr[0]), 61);
    ww_brute_bargain nash, kalai;
    assert_true(ww_brute_nash(b, NULL, &nash));
    assert_close(nash.objective, 210);
    assert_true(ww_brute_kalai(b, NULL, &kalai));
    assert_close(kalai.objective, 21.0 / 27.0);
    assert_close(kalai.ideal[1], 37);
    ww_brute_free(b);
}

static void test_json_model_same_answers(void **state)
{
    /* the spec's JSON text gives the same answers as the built model */
    (void)state;
    ww_model *m = NULL;
    ww_solver *s = NULL;
    ww_result *r = NULL;
    ww_error err;
    if (ww_model_load_string(example_json, sizeof example_json - 1,
                             "example.json", &m, &err) != WW_OK)
        fail_msg("loading the spec example: %s", err.text);
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    assert_int_equal(ww_best(s, NULL, &r), WW_OK);
    assert_pkg(ww_result_package(r, 0), P110, N60);
    assert_close(ww_result_joint(r, 0), 61);
    ww_result_free(r);
    assert_int_equal(ww_frontier(s, NULL, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 2);
    assert_pkg(ww_result_package(r, 0), P110, N30);
    assert_pkg(ww_result_package(r, 1), P110, N60);
    ww_result_free(r);
    assert_int_equal(ww_trades(s, NULL, ww_model_counter(m), 2, 5, 6, &r), WW_OK);
    assert_int_equal(ww_result_count(r), 1);
    assert_pkg(ww_result_package(r, 0), P110, N60);
    assert_close(ww_result_joint(r, 0), 61);
    ww_result_free(r);
    ww_solver_free(s);
    ww_model_free(m);
    ww_thread_cleanup();
}

/* The reason texts of an empty zone, word for word, on every path that
 * answers the query (best: enum, mip, dp; frontier: enum, dp, mip), asked
 * twice (the text is written on the first call). */
static void expect_reason(ww_model *m, const char *want)
{
    ww_solver *s = NULL;
    assert_int_equal(ww_solver_new(m, &s), WW_OK);
    static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_ENUM, WW_PATH_MIP,
                                    WW_PATH_DP};
    for (int q = 0; q < 2; q++)
        for (size_t k = 0; k < sizeof paths / sizeof *paths; k++) {
            ww_options o;
            ww_options_init(&o);
            o.path = paths[k];
            ww_result *r = NULL;
            ww_status st = q ? ww_frontier(s, &o, &r) : ww_best(s, &o, &r);
            assert_int_equal(st, WW_OK);
            assert_int_equal(ww_result_outcome(r), WW_OUTCOME_INFEASIBLE);
            assert_string_equal(ww_result_reason(r), want);
            assert_string_equal(ww_result_reason(r), want);
            ww_result_free(r);
        }
    ww_solver_free(s);
}

static void test_reasons(void **state)
{
    (void)state;
    ww_model *m = example();
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 100), WW_OK);
    expect_reason(m, "no agreement zone: the seller can get at most 57 but "
                     "needs 100 (gap 43)");
    assert_int_equal(ww_model_set_reservation(m, WW_SELLER, 10), WW_OK);
    assert_int_equal(ww_model_set_reservation(m, WW_BUYER, 100), WW_OK);
    /* within U_s >= 27 (budget 30 off the opening's 57): 110k, net 60 */
    expect_reason(m, "no agreement zone: within the seller's limits the "
                     "buyer can get at most 30 but needs 100 (gap 70)");
    assert_int_equal(ww_model_set_reservation(m, WW_BUYER, 20), WW_OK);
    /* the opening itself forbidden: the best U_s left is 120k + net 60 */
    int l120[] = {P120}, l30[] = {N30};
    ww_condition opening[] = {{0, l120, 1}, {1, l30, 1}};
    assert_int_equal(ww_model_add_forbid(m, opening, 2, NULL), WW_OK);
    assert_int_equal(ww_model_set_budget(m, 5), WW_OK);
    expect_reason(m, "no agreement zone: the seller can get at most 47 but "
                     "the concession budget requires 52 (gap 5)");
    int all[] = {P100, P110, P120};
    ww_condition every[] = {{0, all, 3}};
    assert_int_equal(ww_model_add_forbid(m, every, 1, NULL), WW_OK);
    expect_reason(m, "no agreement zone: the constraints exclude every "
                     "package");
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_best, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frontier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trades_from_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trades_no_concession, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nash_kalai, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evaluate_opening, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meso, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brute_agrees, setup, teardown),
        cmocka_unit_test(test_json_model_same_answers),
        cmocka_unit_test(test_reasons),
    };
    return cmocka_run_group_tests_name("example", tests, NULL, NULL);
}
