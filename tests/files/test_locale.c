/* test_locale.c — the files are read and written the same under a host
 * program's locale: a library embedded in a program that called
 * setlocale(LC_ALL, "de_DE.UTF-8") (decimal comma) must still read
 * "0.25" as a quarter and write JSON numbers with a point.  The de_DE
 * locale is built for the test (meson.build: localedef into the build
 * directory, LOCPATH); the test fails, never skips, without it. */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winwin.h"

#define ITEX WW_GENIUS_CORPUS "/anac/y2012/ItexvsCypressA/ItexvsCypress-A-"

static const char model_text[] =
    "{\"format\": \"winwin/1\", \"name\": \"fractions\",\n"
    " \"buyer\": {\"reservation\": 0.125, \"weight\": 1.5},\n"
    " \"seller\": {\"reservation\": 2.5e-1},\n"
    " \"terms\": [{\"name\": \"price\", \"levels\": [\n"
    "   {\"label\": \"low\", \"buyer\": 0.75, \"seller\": 0.1},\n"
    "   {\"label\": \"high\", \"buyer\": 0.2, \"seller\": 0.875}]},\n"
    "  {\"name\": \"days\", \"levels\": [\n"
    "   {\"label\": \"30\", \"buyer\": 1e-3, \"seller\": 0.3333333333333333},\n"
    "   {\"label\": \"60\", \"buyer\": 0.6, \"seller\": -0.05}]}]}\n";

/* Everything a reader would get wrong under a decimal comma: the model
 * as saved, every utility's bits, and the frontier. */
typedef struct seen {
    char *saved, *genius_saved;
    double u[8], front[16];
    int npoints;
} seen;

static void observe(seen *s)
{
    ww_model *m = NULL;
    ww_error err;
    assert_int_equal(ww_model_load_string(model_text, sizeof model_text - 1,
                                          "f.json", &m, &err),
                     WW_OK);
    char *text = NULL;
    assert_int_equal(ww_model_save_string(m, &text), WW_OK);
    s->saved = strdup(text);
    ww_free(text);
    for (int t = 0; t < 2; t++)
        for (int l = 0; l < 2; l++) {
            s->u[4 * t + 2 * l] = ww_model_level_buyer(m, t, l);
            s->u[4 * t + 2 * l + 1] = ww_model_level_seller(m, t, l);
        }
    ww_solver *sv = NULL;
    ww_result *r = NULL;
    assert_int_equal(ww_solver_new(m, &sv), WW_OK);
    assert_int_equal(ww_frontier(sv, NULL, &r), WW_OK);
    s->npoints = ww_result_count(r);
    assert_true(s->npoints <= 8);
    for (int i = 0; i < s->npoints; i++) {
        s->front[2 * i] = ww_result_buyer(r, i);
        s->front[2 * i + 1] = ww_result_seller(r, i);
    }
    ww_result_free(r);
    ww_solver_free(sv);
    ww_model_free(m);
    m = NULL;
    assert_int_equal(ww_genius_import(ITEX "domain.xml", ITEX "prof1.xml",
                                      ITEX "prof2.xml", &m, &err),
                     WW_OK);
    assert_int_equal(ww_model_save_string(m, &text), WW_OK);
    s->genius_saved = strdup(text);
    ww_free(text);
    ww_model_free(m);
}

static void test_decimal_comma(void **state)
{
    (void)state;
    seen c, de;
    observe(&c); /* the C locale */
    assert_non_null(strstr(c.saved, "0.125"));
    assert_true(c.u[0] == 0.75 && c.u[5] == 0.3333333333333333);
    if (!setlocale(LC_ALL, "de_DE.UTF-8"))
        fail_msg("no de_DE.UTF-8 locale (LOCPATH=%s)",
                 getenv("LOCPATH") ? getenv("LOCPATH") : "unset");
    assert_string_equal(localeconv()->decimal_point, ",");
    char probe[16];
    snprintf(probe, sizeof probe, "%.2f", 0.25);
    assert_string_equal(probe, "0,25"); /* the locale is in force */
    observe(&de);
    setlocale(LC_ALL, "C");
    assert_string_equal(de.saved, c.saved); /* points, not commas */
    assert_string_equal(de.genius_saved, c.genius_saved);
    assert_memory_equal(de.u, c.u, sizeof c.u);
    assert_int_equal(de.npoints, c.npoints);
    assert_memory_equal(de.front, c.front,
                        sizeof(double) * 2 * (size_t)c.npoints);
    free(c.saved);
    free(c.genius_saved);
    free(de.saved);
    free(de.genius_saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_comma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
