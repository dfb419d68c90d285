/* test_json_load.c — winwin/1 loader: the spec example, every error path
 * (status, line, column, JSON path, message), package files. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winwin.h"

#define DATA WW_TEST_DATA "/"

static ww_model *load_ok(const char *path)
{
    ww_model *m = NULL;
    ww_error err;
    ww_status st = ww_model_load_file(path, &m, &err);
    if (st != WW_OK)
        fail_msg("%s: %s", path, err.text);
    assert_non_null(m);
    return m;
}

static int level_of(ww_model *m, const char *term, const char *label)
{
    int t, l;
    assert_int_equal(ww_model_find_term(m, term, &t), WW_OK);
    assert_int_equal(ww_model_find_level(m, t, label, &l), WW_OK);
    return l;
}

/* ------------------------------------------------------------------ */

static void test_spec_example(void **state)
{
    (void)state;
    ww_model *m = load_ok(DATA "acme.json");
    assert_string_equal(ww_model_name(m), "Acme renewal");
    assert_string_equal(ww_model_unit(m), "points");
    assert_string_equal(ww_model_party_name(m, WW_BUYER), "Acme Corp");
    assert_string_equal(ww_model_party_name(m, WW_SELLER), "Vendor");
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_true(r == 20);
    assert_int_equal(ww_model_reservation(m, WW_SELLER, &r), 1);
    assert_true(r == 10);
    assert_true(ww_model_weight(m, WW_BUYER) == 1);
    assert_int_equal(ww_model_term_count(m), 2);
    assert_string_equal(ww_model_term_name(m, 0), "price");
    assert_string_equal(ww_model_term_unit(m, 0), "USD/yr");
    assert_int_equal(ww_model_level_count(m, 0), 3);
    assert_string_equal(ww_model_level_label(m, 1, 2), "net 90");
    assert_true(ww_model_level_buyer(m, 0, 0) == 40);
    assert_true(ww_model_level_seller(m, 0, 2) == 45);
    double v;
    assert_int_equal(ww_model_level_value(m, 0, 1, &v), 1);
    assert_true(v == 110000);
    assert_int_equal(ww_model_interaction_count(m), 1);
    ww_condition c[2];
    assert_int_equal(ww_model_interaction_when(m, 0, c, 2), 2);
    assert_int_equal(c[0].term, 0);
    assert_int_equal(c[0].nlevels, 1);
    assert_int_equal(c[0].levels[0], 2);
    assert_int_equal(c[1].nlevels, 2);
    assert_int_equal(ww_model_constraint_count(m), 1);
    ww_constraint_kind kind;
    assert_int_equal(ww_model_constraint_kind(m, 0, &kind), WW_OK);
    assert_int_equal(kind, WW_CONSTRAINT_FORBID);
    const int *op = ww_model_opening(m), *co = ww_model_counter(m);
    assert_non_null(op);
    assert_non_null(co);
    assert_int_equal(op[0], 2);
    assert_int_equal(op[1], 0);
    assert_int_equal(co[0], 1);
    double budget;
    assert_int_equal(ww_model_budget(m, &budget), 1);
    assert_true(budget == 30);

    /* Spec section 4: the opening gives the seller 57; (110k, net 60)
     * gives 30 / 31. */
    ww_evaluation ev;
    assert_int_equal(ww_model_evaluate(m, op, &ev), WW_OK);
    assert_true(fabs(ev.seller - 57) < 1e-9);
    int pkg[2] = {level_of(m, "price", "110k"),
                  level_of(m, "payment", "net 60")};
    assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
    assert_true(fabs(ev.buyer - 30) < 1e-9);
    assert_true(fabs(ev.seller - 31) < 1e-9);
    assert_true(ev.admissible);
    int forbidden[2] = {0, 2};
    assert_int_equal(ww_model_evaluate(m, forbidden, &ev), WW_OK);
    assert_false(ev.feasible);
    ww_model_free(m);
}

static void test_range_product(void **state)
{
    (void)state;
    ww_model *m = load_ok(DATA "range_product.json");
    assert_int_equal(ww_model_term_count(m), 3);
    assert_int_equal(ww_model_level_count(m, 0), 9); /* 100..120 by 2.5 */
    assert_string_equal(ww_model_level_label(m, 0, 1), "102.5 k");
    assert_string_equal(ww_model_level_label(m, 1, 2), "60 days");
    /* seller curve (100,0) (110,30) (120,45) at 115 -> 37.5 */
    assert_true(fabs(ww_model_level_seller(m, 0, 6) - 37.5) < 1e-12);
    double from, to, step;
    ww_curve cb, cs;
    assert_int_equal(ww_model_term_range(m, 0, &from, &to, &step, &cb, &cs),
                     1);
    assert_int_equal(cs.npoints, 3);
    assert_int_equal(ww_model_interaction_count(m), 3);
    ww_interaction_kind kind;
    double b, s;
    assert_int_equal(ww_model_interaction(m, 0, &kind, &b, &s), WW_OK);
    assert_int_equal(kind, WW_INTERACTION_PRODUCT);
    assert_true(s == -0.0002 && b == 0);
    assert_int_equal(ww_model_constraint_count(m), 4);
    const int *terms;
    const double *coefs;
    double mn, mx;
    assert_int_equal(ww_model_constraint_linear(m, 0, &terms, &coefs, &mn,
                                                &mx),
                     2);
    assert_true(mn == 95 && mx == HUGE_VAL);
    assert_true(ww_model_weight(m, WW_BUYER) == 2);
    assert_null(ww_model_party_name(m, WW_BUYER));
    assert_int_equal(level_of(m, "scope", "full \"plus\" \xc3\xbc"), 1);
    ww_model_free(m);
}

/* ------------------------------------------------------------------ */
/* Error paths.  In `json`, '@' marks where the error must be reported
 * (it is removed before loading); line/column 0 = use the marker. */

typedef struct errcase {
    const char *json;
    ww_status status;
    const char *path;
    const char *message; /* a substring of the message */
    int line, column;    /* explicit position when there is no marker */
} errcase;

#define HEAD "{\"format\": \"winwin/1\",\n"
#define TERM_A                                                               \
    "{\"name\": \"a\", \"levels\": [\n"                                     \
    "  {\"label\": \"x\", \"value\": 1, \"buyer\": 1, \"seller\": 2},\n"    \
    "  {\"label\": \"y\", \"value\": 2, \"buyer\": 0, \"seller\": 3}]}"
#define TERM_B                                                               \
    "{\"name\": \"b c\", \"levels\": [\n"                                   \
    "  {\"label\": \"p\", \"buyer\": 1, \"seller\": 2},\n"                  \
    "  {\"label\": \"q\", \"buyer\": 0, \"seller\": 3}]}"
#define TERMS "\"terms\": [" TERM_A ",\n" TERM_B "]"

static const errcase cases[] = {
    /* types */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": @\"3\"}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].seller", "expected a finite number",
     0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": @7, \"buyer\": 1, \"seller\": 3}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].label", "expected a string", 0, 0},
    {HEAD "\"name\": @[\"x\"], " TERMS "}", WW_PARSE_ERROR, "name",
     "expected a string", 0, 0},
    {HEAD "\"buyer\": {\"reservation\": @\"10\"}, " TERMS "}",
     WW_PARSE_ERROR, "buyer.reservation", "expected a finite number", 0, 0},
    {HEAD "\"seller\": @5, " TERMS "}", WW_PARSE_ERROR, "seller",
     "expected an object", 0, 0},
    {HEAD "\"buyer\": {\"weight\": @0}, " TERMS "}", WW_INVALID,
     "buyer.weight", "weight", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"when\": {\"a\": \"x\"}, "
                "\"buyer\": @true}]}",
     WW_PARSE_ERROR, "interactions[0].buyer", "expected a finite number", 0,
     0},
    {HEAD TERMS ",\n\"interactions\": @{}}", WW_PARSE_ERROR, "interactions",
     "expected an array", 0, 0},
    {HEAD "\"terms\": @[]}", WW_PARSE_ERROR, "terms", "non-empty array", 0,
     0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": @[]}]}", WW_PARSE_ERROR,
     "terms[0].levels", "non-empty array", 0, 0},
    {"@[1, 2]", WW_PARSE_ERROR, "", "expected an object", 0, 0},
    /* required keys and format */
    {"@{\"terms\": []}", WW_PARSE_ERROR, "",
     "missing required key \"format\"", 0, 0},
    {"{\"format\": @\"winwin/2\"}", WW_UNSUPPORTED, "format",
     "unsupported format \"winwin/2\"", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  @{\"label\": \"x\", \"seller\": 3}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0]", "missing required key \"buyer\"",
     0, 0},
    {HEAD "\"terms\": [@{\"levels\": []}]}", WW_PARSE_ERROR, "terms[0]",
     "missing required key \"name\"", 0, 0},
    {"@" HEAD "\"name\": \"n\"}", WW_PARSE_ERROR, "",
     "missing required key \"terms\"", 0, 0},
    /* unknown keys (reported at the key) */
    {HEAD TERMS ", @\"termz\": 1}", WW_PARSE_ERROR, "termz",
     "unknown key \"termz\"", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": 3, @\"colour\": "
          "1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].colour", "unknown key \"colour\"",
     0, 0},
    {HEAD "\"name\": \"Acm\xc3\xa9 \xe2\x82\xac\", \"seller\": "
          "{@\"nme\xc3\xa9\": 1, \"x-ok\": 2}, " TERMS "}",
     WW_PARSE_ERROR, "seller[\"nme\xc3\xa9\"]", "unknown key", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", @\"buyer\": {\"points\": [[0, 1]]}, "
          "\"levels\": [{\"label\": \"x\", \"buyer\": 1, \"seller\": 3}]}]}",
     WW_PARSE_ERROR, "terms[0].buyer", "needs \"range\"", 0, 0},
    /* builder errors at the offending value */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": 3},\n"
          "  {\"label\": @\"x\", \"buyer\": 1, \"seller\": 3}]}]}",
     WW_DUPLICATE, "terms[0].levels[1].label", "duplicate", 0, 0},
    {HEAD "\"terms\": [" TERM_A ",\n{\"name\": @\"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": 3}]}]}",
     WW_DUPLICATE, "terms[1].name", "duplicate", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"when\": {\"b c\": @\"r\"}, "
                "\"buyer\": 1}]}",
     WW_NOT_FOUND, "interactions[0].when[\"b c\"]", "no level \"r\"", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"when\": {\"a\": [\"x\", @\"z\"]}, "
                "\"buyer\": 1}]}",
     WW_NOT_FOUND, "interactions[0].when.a[1]", "no level \"z\"", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"when\": {\"a\": @[]}}]}",
     WW_PARSE_ERROR, "interactions[0].when.a", "non-empty array", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"when\": {\"a\": @3}}]}",
     WW_PARSE_ERROR, "interactions[0].when.a", "level label", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [@{\"buyer\": 1}]}", WW_PARSE_ERROR,
     "interactions[0]", "missing required key \"when\"", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"product\": @[\"a\", \"b c\"], "
                "\"seller\": 1}]}",
     WW_INVALID, "interactions[0].product", "has no value", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"product\": [\"a\", @\"d\"]}]}",
     WW_NOT_FOUND, "interactions[0].product[1]", "unknown term \"d\"", 0, 0},
    {HEAD TERMS ",\n\"interactions\": [{\"product\": @[\"a\"]}]}",
     WW_PARSE_ERROR, "interactions[0].product", "two term names", 0, 0},
    {HEAD TERMS ",\n\"constraints\": [{\"forbid\": {@\"paymnt\": \"x\"}}]}",
     WW_NOT_FOUND, "constraints[0].forbid.paymnt", "unknown term \"paymnt\"",
     0, 0},
    {HEAD TERMS ",\n\"constraints\": [@{\"linear\": {\"a\": 1}}]}",
     WW_PARSE_ERROR, "constraints[0]", "\"min\" and/or \"max\"", 0, 0},
    {HEAD TERMS ",\n\"constraints\": [{\"linear\": {\"a\": @\"1\"}, "
                "\"max\": 3}]}",
     WW_PARSE_ERROR, "constraints[0].linear.a", "expected a finite number",
     0, 0},
    {HEAD TERMS ",\n\"constraints\": [{\"forbid\": {\"a\": \"x\"}, @\"max\": "
                "3}]}",
     WW_PARSE_ERROR, "constraints[0].max", "unknown key \"max\"", 0, 0},
    {HEAD TERMS ",\n\"constraints\": [@{\"min\": 3}]}", WW_PARSE_ERROR,
     "constraints[0]", "missing required key \"forbid\"", 0, 0},
    /* neither "forbid" nor "linear": a typo's message names both kinds */
    {HEAD TERMS ",\n\"constraints\": [{@\"forbidd\": {\"a\": \"x\"}}]}",
     WW_PARSE_ERROR, "constraints[0].forbidd",
     "(expected \"forbid\", \"linear\", \"min\", \"max\"", 0, 0},
    /* coefficients times values near 1e308: the sum was NaN, which broke
     * no bound (an infeasible package passed) */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [{\"label\": \"x\", "
          "\"value\": 1e308, \"buyer\": 0, \"seller\": 0}]},\n"
          "{\"name\": \"b\", \"levels\": [{\"label\": \"y\", \"value\": "
          "-1e308, \"buyer\": 0, \"seller\": 0}]}],\n"
          "\"constraints\": [@{\"linear\": {\"a\": 10, \"b\": 10}, "
          "\"max\": -1}]}",
     WW_INVALID, "constraints[0]", "can sum past the largest double", 0, 0},
    /* linear on a term without values */
    {HEAD TERMS ",\n\"constraints\": [{\"linear\": @{\"b c\": 1}, \"min\": "
                "0}]}",
     WW_INVALID, "constraints[0].linear", "has no value", 0, 0},
    /* opening / counter / budget */
    {HEAD TERMS ",\n\"opening\": @{\"a\": \"x\"}}", WW_PARSE_ERROR,
     "opening", "missing term \"b c\"", 0, 0},
    {HEAD TERMS ",\n\"opening\": {\"a\": \"x\", \"b c\": @\"r\"}}",
     WW_NOT_FOUND, "opening[\"b c\"]", "no level \"r\"", 0, 0},
    {HEAD TERMS ",\n\"counter\": {\"a\": @1, \"b c\": \"p\"}}",
     WW_PARSE_ERROR, "counter.a", "expected a string", 0, 0},
    {HEAD TERMS ",\n\"concession_budget\": @3}", WW_INVALID,
     "concession_budget", "opening", 0, 0},
    {HEAD TERMS ",\n\"opening\": {\"a\": \"x\", \"b c\": \"p\"},\n"
                "\"concession_budget\": @-1}",
     WW_INVALID, "concession_budget", "budget", 0, 0},
    /* range terms */
    {HEAD "\"terms\": [{\"name\": \"d\", \"unit\": \"days\", \"range\": "
          "{\"from\": 30, \"to\": 90, \"step\": 15},\n"
          " \"buyer\": {\"points\": [[30, 0], [90, 18]]},\n"
          " \"seller\": {\"points\": [[30, 12], [@20, 0]]}}]}",
     WW_INVALID, "terms[0].seller.points[1][0]", "strictly ascending", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"d\", \"range\": "
          "@{\"from\": 30, \"to\": 90, \"step\": 0},\n"
          " \"buyer\": {\"points\": [[30, 0]]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_INVALID, "terms[0].range", "step", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"d\", \"range\": "
          "@{\"from\": 0, \"to\": 1e6, \"step\": 1},\n"
          " \"buyer\": {\"points\": [[30, 0]]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_TOO_LARGE, "terms[0].range", "10000", 0, 0},
    {HEAD "\"terms\": [@{\"name\": \"d\", \"range\": "
          "{\"from\": 0, \"to\": 1, \"step\": 1}}]}",
     WW_PARSE_ERROR, "terms[0]", "missing required key \"buyer\"", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"d\", \"range\": "
          "@{\"from\": 0, \"step\": 1},\n"
          " \"buyer\": {\"points\": [[30, 0]]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_PARSE_ERROR, "terms[0].range", "missing required key \"to\"", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"d\", \"range\": "
          "{\"from\": 0, \"to\": 1, \"step\": 1},\n"
          " \"buyer\": {\"points\": @[]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_PARSE_ERROR, "terms[0].buyer.points", "non-empty array", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"d\", \"range\": "
          "{\"from\": 0, \"to\": 1, \"step\": 1},\n"
          " \"buyer\": {\"points\": [@[1, 2, 3]]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_PARSE_ERROR, "terms[0].buyer.points[0]", "[x, u]", 0, 0},
    {HEAD "\"terms\": [@{\"name\": \"d\", \"levels\": [{\"label\": \"x\", "
          "\"buyer\": 1, \"seller\": 3}], \"range\": {}}]}",
     WW_PARSE_ERROR, "terms[0]", "not both", 0, 0},
    {HEAD "\"terms\": [" TERM_A ",\n{\"name\": @\"a\", \"range\": "
          "{\"from\": 0, \"to\": 1, \"step\": 1},\n"
          " \"buyer\": {\"points\": [[30, 0]]},\n"
          " \"seller\": {\"points\": [[30, 12]]}}]}",
     WW_DUPLICATE, "terms[1].name", "duplicate term name \"a\"", 0, 0},
    /* malformed JSON: jansson's own positions, with the JSON path of the
     * value being read there (none at the top level) */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": @NaN}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].seller", "expected a finite number",
     0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": @-Infinity, \"seller\": 1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].buyer", "NaN and Infinity", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": @Infinity, \"seller\": 1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].buyer", "NaN and Infinity", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1},\n"
          "  {\"label\": \"y\", \"buyer\": 1, \"seller\": @+Infinity}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[1].seller", "NaN and Infinity", 0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": @1e999, \"seller\": 1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].buyer", "expected a finite number",
     0, 0},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": tru, \"seller\": 1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0].buyer", "malformed JSON", 3, 29},
    /* a missing comma inside a level: jansson stops on "buyer" */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\" \"buyer\": 1, \"seller\": 1}]}]}",
     WW_PARSE_ERROR, "terms[0].levels[0]", "'}' expected", 3, 23},
    /* a missing comma in the x- extension keys is still found */
    {HEAD "\"x-tool\": {\"v\": [[1, 2], [3 4]]}, " TERMS "}",
     WW_PARSE_ERROR, "x-tool.v[1]", "']' expected", 2, 29},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1, \"seller\": 1},@]}]}",
     WW_PARSE_ERROR, "terms[0].levels[1]", "malformed JSON", 0, 0},
    {HEAD "\"name\": \"a\",\n\"name\": \"b\"}", WW_PARSE_ERROR, "name",
     "duplicate object key", 3, 6},
    /* truncated files */
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": 1",
     WW_PARSE_ERROR, "terms[0].levels[0]", "end of file", 3, 27},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"x\", \"buyer\": ",
     WW_PARSE_ERROR, "terms[0].levels[0].buyer", "end of file", 3, 26},
    {HEAD "\"terms\": [{\"name\": \"a\", \"levels\": [\n"
          "  {\"label\": \"unfinished",
     WW_PARSE_ERROR, "terms[0].levels[0].label", "premature end of input",
     3, 23},
    /* at the top level there is no path */
    {"", WW_PARSE_ERROR, "", "malformed JSON", 1, 1},
    /* a file cut after a newline: the first column of the empty last line
     * (jansson says column 0: nothing read on it) */
    {HEAD "\"terms\": [\n", WW_PARSE_ERROR, "terms[0]", "end of file", 3, 1},
    {"{\"format\": \"winwin/1\"", WW_PARSE_ERROR, "", "malformed JSON", 1,
     21},
    {HEAD "\"name\": \"n\" " TERMS "}", WW_PARSE_ERROR, "", "'}' expected",
     2, 19},
    {HEAD TERMS "}}", WW_PARSE_ERROR, "", "end of file expected", 7, 46},
    {"@NaN", WW_PARSE_ERROR, "", "NaN and Infinity", 0, 0},
    /* escaped keys are decoded; earlier members and nesting are skipped */
    {"{\"x-\\u00e9\\\"\": {\"a\": [{}, [], \"]}\", {\"b\": [1, -2.5e3]}, "
     "{\"c\": [true, false, null, @nan]}]}}",
     WW_PARSE_ERROR, "[\"x-\xc3\xa9\\\"\"].a[4].c[3]", "NaN and Infinity", 0, 0},
};

/* Removes the '@' marker and returns the 1-based line:column (characters)
 * where it stood. */
static char *strip_marker(const char *json, int *line, int *col)
{
    char *out = malloc(strlen(json) + 1);
    assert_non_null(out);
    int l = 1, c = 1, found = 0;
    size_t o = 0;
    for (const char *p = json; *p; p++) {
        if (*p == '@' && !found) {
            *line = l;
            *col = c;
            found = 1;
            continue;
        }
        out[o++] = *p;
        if (*p == '\n') {
            l++;
            c = 1;
        } else if ((*p & 0xC0) != 0x80) {
            c++;
        }
    }
    out[o] = '\0';
    if (!found)
        *line = *col = 0;
    return out;
}

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const errcase *k = &cases[i];
        int line, col;
        char *json = strip_marker(k->json, &line, &col);
        if (k->line) {
            line = k->line;
            col = k->column;
        }
        ww_model *m = (ww_model *)&line; /* must be reset to NULL */
        ww_error err;
        ww_status st = ww_model_load_string(json, strlen(json), "deal.json",
                                            &m, &err);
        if (st != k->status || err.status != k->status || m != NULL ||
            strcmp(err.path, k->path) != 0 ||
            !strstr(err.message, k->message) || err.line != line ||
            (k->column >= 0 && err.column != col) ||
            strcmp(err.file, "deal.json") != 0)
            fail_msg("case %zu: got status %d, %d:%d path \"%s\" text "
                     "\"%s\"; want status %d, %d:%d path \"%s\" message "
                     "~\"%s\"\n--\n%s",
                     i, st, err.line, err.column, err.path, err.text,
                     k->status, line, col, k->path, k->message, json);
        /* the ready-to-show text */
        char want[2048];
        char where[64] = "";
        if (err.line)
            snprintf(where, sizeof where, ":%d:%d", err.line, err.column);
        snprintf(want, sizeof want, "deal.json%s: %s%s%s", where, err.path,
                 err.path[0] ? ": " : "", err.message);
        assert_string_equal(err.text, want);
        free(json);
    }
}

/* The example of spec section 4, exactly. */
static void test_error_text(void **state)
{
    (void)state;
    const char *json =
        "{\n"
        "  \"format\": \"winwin/1\",\n"
        "  \"terms\": [\n"
        "    {\"name\": \"a\", \"levels\": [{\"label\": \"x\", \"buyer\": 1, "
        "\"seller\": 1}]},\n"
        "    {\"name\": \"b\", \"levels\": [\n"
        "      {\"label\": \"x\", \"buyer\": 1, \"seller\": 1},\n"
        "      {\"label\": \"y\", \"buyer\": 1, \"seller\": 1},\n"
        "      {\"label\": \"z\", \"buyer\": 1, \"seller\": null}]}\n"
        "  ]\n"
        "}\n";
    ww_model *m;
    ww_error err;
    assert_int_equal(ww_model_load_string(json, strlen(json), "deal.json",
                                          &m, &err),
                     WW_PARSE_ERROR);
    assert_string_equal(err.text, "deal.json:8:44: terms[1].levels[2].seller: "
                                  "expected a finite number");
    /* syntax errors from jansson carry the path too, when there is one */
    char *bad = strdup(json);
    assert_non_null(bad);
    memcpy(strstr(bad, "null"), "NaN ", 4);
    assert_int_equal(ww_model_load_string(bad, strlen(bad), "deal.json", &m,
                                          &err),
                     WW_PARSE_ERROR);
    assert_string_equal(err.text,
                        "deal.json:8:44: terms[1].levels[2].seller: expected "
                        "a finite number (NaN and Infinity are not valid "
                        "JSON)");
    memcpy(strstr(bad, "NaN "), "null", 4);
    memcpy(strstr(bad, "\n}"), "}}", 2); /* one brace too many */
    assert_int_equal(ww_model_load_string(bad, strlen(bad), "deal.json", &m,
                                          &err),
                     WW_PARSE_ERROR);
    assert_string_equal(err.path, "");
    assert_string_equal(err.text, "deal.json:9:5: malformed JSON: end of "
                                  "file expected near '}'");
    free(bad);
    /* a NULL name reads "<string>"; a NULL err is allowed */
    assert_int_equal(ww_model_load_string(json, strlen(json), NULL, &m,
                                          &err),
                     WW_PARSE_ERROR);
    assert_string_equal(err.file, "<string>");
    assert_int_equal(ww_model_load_string(json, strlen(json), NULL, &m,
                                          NULL),
                     WW_PARSE_ERROR);
    assert_null(m);
}

static void test_extension_keys(void **state)
{
    (void)state;
    const char *json =
        "{\"format\": \"winwin/1\", \"x-tool\": {\"any\": [1, NaN_is_not]},"
        " \"buyer\": {\"x-id\": 3}, \"terms\": [{\"name\": \"a\", \"x-n\": "
        "null, \"levels\": [{\"label\": \"x\", \"buyer\": 1, \"seller\": 2, "
        "\"x-c\": \"y\"}]}], \"interactions\": [{\"when\": {\"a\": \"x\", "
        "\"x-why\": 1}, \"x-w\": 0, \"buyer\": 1}], \"opening\": {\"a\": "
        "\"x\", \"x-by\": \"me\"}}";
    ww_model *m;
    ww_error err;
    /* NaN_is_not is malformed JSON even inside an x- key */
    assert_int_equal(ww_model_load_string(json, strlen(json), "x.json", &m,
                                          &err),
                     WW_PARSE_ERROR);
    char *fixed = strdup(json);
    char *p = strstr(fixed, "NaN_is_not");
    memcpy(p, "\"fine\"    ", 10);
    assert_int_equal(ww_model_load_string(fixed, strlen(fixed), "x.json", &m,
                                          &err),
                     WW_OK);
    assert_int_equal(ww_model_interaction_count(m), 1);
    assert_int_equal(ww_model_interaction_when(m, 0, NULL, 0), 1);
    assert_non_null(ww_model_opening(m));
    /* "kept for the caller" (spec section 2): a save writes every x-
     * member back in its place (they were dropped), through a clone too,
     * and another load and save gives the same text */
    char *text = NULL;
    assert_int_equal(ww_model_save_string(m, &text), WW_OK);
    static const char *const kept[] = {
        "\"x-tool\": {\"any\": [1, \"fine\"]}", "\"buyer\": {\"x-id\": 3}",
        "\"x-n\": null", "\"x-c\": \"y\"", "\"x-why\": 1", "\"x-w\": 0",
        "\"x-by\": \"me\""};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (!strstr(text, kept[i]))
            fail_msg("%s not kept in:\n%s", kept[i], text);
    /* in place: the level's inside its level, the condition's in "when" */
    assert_non_null(strstr(text, "\"seller\": 2, \"x-c\": \"y\"}"));
    assert_non_null(strstr(text, "\"when\": {\"a\": \"x\", \"x-why\": 1}"));
    ww_model *c = NULL;
    assert_int_equal(ww_model_clone(m, &c), WW_OK);
    ww_model_free(m);
    char *again = NULL;
    assert_int_equal(ww_model_save_string(c, &again), WW_OK);
    assert_string_equal(again, text);
    ww_model_free(c);
    assert_int_equal(ww_model_load_string(text, strlen(text), "x.json", &m,
                                          &err),
                     WW_OK);
    ww_free(again);
    assert_int_equal(ww_model_save_string(m, &again), WW_OK);
    assert_string_equal(again, text);
    ww_free(again);
    ww_free(text);
    ww_model_free(m);
    free(fixed);
}

/* Nesting past 64 levels is refused before jansson parses it (its parser
 * recurses per level: 1,000 levels overflowed a 64 KB thread stack), with
 * the file, line, column and JSON path of the first bracket too deep. */
static void test_too_deep(void **state)
{
    (void)state;
    char text[512], want[512] = "x-deep";
    int n = snprintf(text, sizeof text, "{\"format\": \"winwin/1\",\n"
                                        " \"x-deep\": ");
    for (int k = 0; k < 70; k++)
        text[n++] = '[';
    for (int k = 0; k < 70; k++)
        text[n++] = ']';
    memcpy(text + n, "}", 2);
    for (int k = 0; k < 63; k++) /* the 65th bracket is inside 63 arrays */
        strcat(want, "[0]");
    ww_model *m = (ww_model *)&m;
    ww_error err;
    assert_int_equal(ww_model_load_string(text, strlen(text), "deep.json", &m,
                                          &err),
                     WW_TOO_LARGE);
    assert_null(m);
    assert_int_equal(err.status, WW_TOO_LARGE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 12 + 63); /* its 64th [, depth 65 */
    assert_string_equal(err.path, want);
    assert_string_equal(err.message, "arrays and objects nested deeper than 64");
    /* 64 levels load */
    n = snprintf(text, sizeof text, "{\"format\": \"winwin/1\", \"x-deep\": ");
    for (int k = 0; k < 63; k++)
        text[n++] = '[';
    for (int k = 0; k < 63; k++)
        text[n++] = ']';
    snprintf(text + n, sizeof text - (size_t)n,
             ", \"terms\": [{\"name\": \"a\", \"levels\": [{\"label\": "
             "\"x\", \"buyer\": 1, \"seller\": 2}]}]}");
    assert_int_equal(ww_model_load_string(text, strlen(text), "ok.json", &m,
                                          &err),
                     WW_OK);
    ww_model_free(m);
}

/* Strings decode to the bytes jansson makes of them, in keys and values:
 * raw UTF-8, every one-character escape, \u escapes of 1-, 2- and 3-byte
 * characters and a surrogate pair.  The loader counts those bytes in the
 * text and checks the parsed strings against them (out of memory,
 * jansson's lexer drops a character and goes on), so a miscount would
 * turn a valid document into "out of memory": every kind loads. */
static void test_string_bytes(void **state)
{
    (void)state;
    const char *json =
        "{\"format\": \"winwin/1\", \"name\": \"D\\u00e9j\\u00e0 vu "
        "\\ud83d\\ude00 \\u4e2d \\u0041\","
        " \"x-\\u00fcber \\\"k\\\"\": [\"\\b\\f\\n\\r\\t\\/\\\\\", "
        "\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"],"
        " \"terms\": [{\"name\": \"\\u20ac \xe2\x82\xac\", \"levels\": ["
        "{\"label\": \"a\\\"b\\\\c\", \"buyer\": 1, \"seller\": 0},"
        " {\"label\": \"tab\\there \\ud800\\udc00\", \"buyer\": 0, "
        "\"seller\": 1}]}]}";
    ww_model *m = NULL;
    ww_error err;
    ww_status st = ww_model_load_string(json, strlen(json), "u.json", &m,
                                        &err);
    if (st != WW_OK)
        fail_msg("%s", err.text);
    assert_string_equal(ww_model_name(m),
                        "D\xc3\xa9j\xc3\xa0 vu \xf0\x9f\x98\x80 "
                        "\xe4\xb8\xad A");
    assert_string_equal(ww_model_term_name(m, 0),
                        "\xe2\x82\xac \xe2\x82\xac");
    assert_string_equal(ww_model_level_label(m, 0, 0), "a\"b\\c");
    assert_string_equal(ww_model_level_label(m, 0, 1),
                        "tab\there \xf0\x90\x80\x80");
    ww_model_free(m);
}

/* Integers beyond 64 bits are still numbers; 1e400 is not finite. */
static void test_big_numbers(void **state)
{
    (void)state;
    const char *json = "{\"format\": \"winwin/1\", \"terms\": [{\"name\": "
                       "\"a\", \"levels\": [{\"label\": \"x\", \"buyer\": "
                       "100000000000000000000000000000000, \"seller\": "
                       "-12345678901234567890}]}]}";
    ww_model *m;
    ww_error err;
    assert_int_equal(ww_model_load_string(json, strlen(json), "big.json", &m,
                                          &err),
                     WW_OK);
    assert_true(ww_model_level_buyer(m, 0, 0) == 1e32);
    assert_true(ww_model_level_seller(m, 0, 0) == -12345678901234567890.0);
    ww_model_free(m);
}

static void test_missing_file(void **state)
{
    (void)state;
    ww_model *m = (ww_model *)state;
    ww_error err;
    assert_int_equal(ww_model_load_file(DATA "no-such-file.json", &m, &err),
                     WW_IO_ERROR);
    assert_null(m);
    assert_int_equal(err.status, WW_IO_ERROR);
    assert_string_equal(err.file, DATA "no-such-file.json");
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    assert_non_null(strstr(err.text, "no-such-file.json: cannot open: "));
    /* a directory cannot be read as a file */
    assert_int_equal(ww_model_load_file(WW_TEST_DATA, &m, &err),
                     WW_IO_ERROR);
    assert_int_equal(ww_model_load_file(NULL, &m, &err), WW_MISUSE);
}

static void test_package_files(void **state)
{
    (void)state;
    ww_model *m = load_ok(DATA "acme.json");
    int pkg[2] = {-1, -1};
    ww_error err;
    assert_int_equal(ww_package_load_file(m, DATA "package_ok.json", pkg,
                                          &err),
                     WW_OK);
    assert_int_equal(pkg[0], 1);
    assert_int_equal(pkg[1], 1);
    assert_string_equal(ww_errmsg(m), "");

    pkg[0] = pkg[1] = 7;
    assert_int_equal(ww_package_load_file(m, DATA "package_bad_label.json",
                                          pkg, &err),
                     WW_NOT_FOUND);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 14);
    assert_string_equal(err.path, "payment");
    assert_non_null(strstr(err.message, "no level \"net 45\""));
    assert_int_equal(pkg[0], 7); /* untouched on failure */
    assert_non_null(strstr(ww_errmsg(m), "package_bad_label.json:3:14"));

    assert_int_equal(ww_package_load_file(m, DATA "package_missing.json",
                                          pkg, &err),
                     WW_PARSE_ERROR);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.message, "missing term \"payment\""));

    assert_int_equal(ww_package_load_file(m, DATA "package_malformed.json",
                                          pkg, &err),
                     WW_PARSE_ERROR);
    assert_true(err.line >= 2);
    assert_non_null(strstr(err.message, "malformed JSON"));

    assert_int_equal(ww_package_load_file(m, DATA "acme.json", pkg, &err),
                     WW_NOT_FOUND); /* a model is no package */
    assert_string_equal(err.path, "format");

    assert_int_equal(ww_package_load_file(m, DATA "nope.json", pkg, &err),
                     WW_IO_ERROR);
    assert_int_equal(ww_package_load_file(m, DATA "package_ok.json", pkg,
                                          NULL),
                     WW_OK);
    ww_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_example),
        cmocka_unit_test(test_range_product),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_text),
        cmocka_unit_test(test_extension_keys),
        cmocka_unit_test(test_string_bytes),
        cmocka_unit_test(test_too_deep),
        cmocka_unit_test(test_big_numbers),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_package_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
