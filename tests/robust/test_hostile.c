/* Hostile input: deep, huge or malformed JSON and Genius XML is either
 * loaded or rejected with a status and a message, never a crash, a hang or
 * an unbounded allocation.  (ASan/UBSan runs of this suite: .ci/sanitize.) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "test_util.h"
#include "winwin.h"

/* A hostile input may take a moment to reject, not longer. */
#define HOSTILE_SECONDS 30.0

/* ---- a growable text buffer --------------------------------------------- */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        assert_non_null(ns);
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void repeat(buf *b, const char *s, size_t times)
{
    size_t l = strlen(s);
    for (size_t i = 0; i < times; i++)
        put(b, s, l);
}

static void fill(buf *b, char c, size_t n)
{
    char chunk[4096];
    memset(chunk, c, sizeof chunk);
    while (n) {
        size_t k = n < sizeof chunk ? n : sizeof chunk;
        put(b, chunk, k);
        n -= k;
    }
}

/* ---- checks ------------------------------------------------------------- */

static const char *one_term =
    "\"terms\": [{\"name\": \"a\", \"levels\": [{\"label\": \"x\", "
    "\"buyer\": 1, \"seller\": 2}]}]";

/* Loads text; a rejection must carry a status, a message and a bounded
 * text; the call must return within HOSTILE_SECONDS.  Returns the status
 * (the model, if any, in *out, else freed). */
static ww_status load(const char *what, const char *text, size_t len,
                      ww_model **out)
{
    ww_model *m = NULL;
    ww_error err;
    double t0 = ww_test_now();
    ww_status st = ww_model_load_string(text, len, what, &m, &err);
    double dt = ww_test_now() - t0;
    print_message("%s (%zu bytes): %s in %.2f s%s%.200s\n", what, len,
                  ww_status_str(st), dt, st ? ": " : "", st ? err.text : "");
    if (dt > HOSTILE_SECONDS)
        fail_msg("%s: %.1f s to load", what, dt);
    if (st != WW_OK) {
        assert_null(m);
        assert_int_equal(err.status, st);
        assert_non_null(memchr(err.text, '\0', sizeof err.text));
        assert_true(err.text[0] != '\0');
        assert_non_null(memchr(err.path, '\0', sizeof err.path));
    } else {
        assert_non_null(m);
    }
    if (out)
        *out = m;
    else
        ww_model_free(m);
    return st;
}

static void must_reject(const char *what, const char *text, size_t len)
{
    if (load(what, text, len, NULL) == WW_OK)
        fail_msg("%s: accepted", what);
}

/* ---- JSON --------------------------------------------------------------- */

static void test_deep_arrays(void **state)
{
    (void)state;
    buf b = {0};
    fill(&b, '[', 100000);
    fill(&b, ']', 100000);
    must_reject("100k nested arrays", b.s, b.n);
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", ");
    puts_(&b, one_term);
    puts_(&b, ", \"x-deep\": ");
    fill(&b, '[', 100000);
    fill(&b, ']', 100000);
    puts_(&b, "}");
    /* Inside an x- key: may be ignored or refused, but not crash. */
    load("100k nested arrays under x-deep", b.s, b.n, NULL);
    b.n = 0;
    fill(&b, '[', 1000000); /* unterminated */
    must_reject("1M unterminated arrays", b.s, b.n);
    free(b.s);
}

static void test_deep_objects(void **state)
{
    (void)state;
    buf b = {0};
    repeat(&b, "{\"a\":", 100000);
    puts_(&b, "1");
    fill(&b, '}', 100000);
    must_reject("100k nested objects", b.s, b.n);
    /* Deep where the loader descends: a term's unit. */
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", \"terms\": [{\"name\": \"a\", "
              "\"unit\": ");
    repeat(&b, "{\"u\":", 100000);
    puts_(&b, "1");
    fill(&b, '}', 100000);
    puts_(&b, ", \"levels\": [{\"label\": \"x\", \"buyer\": 1, "
              "\"seller\": 2}]}]}");
    must_reject("100k nested objects as a unit", b.s, b.n);
    free(b.s);
}

static void test_huge_strings(void **state)
{
    (void)state;
    const size_t big = 50u << 20; /* 50 MB */
    buf b = {0};
    /* As the model's name: a valid model; it loads and saves, or is
     * refused as too large. */
    puts_(&b, "{\"format\": \"winwin/1\", \"name\": \"");
    fill(&b, 'n', big);
    puts_(&b, "\", ");
    puts_(&b, one_term);
    puts_(&b, "}");
    ww_model *m = NULL;
    if (load("50 MB name", b.s, b.n, &m) == WW_OK) {
        assert_int_equal(strlen(ww_model_name(m)), big);
        char *s = NULL;
        assert_int_equal(ww_model_save_string(m, &s), WW_OK);
        assert_true(strlen(s) > big);
        ww_free(s);
        ww_model_free(m);
    }
    /* As an unknown key: the error path names it, within bounds. */
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", ");
    puts_(&b, one_term);
    puts_(&b, ", \"");
    fill(&b, 'k', big);
    puts_(&b, "\": 1}");
    must_reject("50 MB unknown key", b.s, b.n);
    /* As a 5 MB label that the opening then names wrongly. */
    const size_t mid = 5u << 20;
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", \"terms\": [{\"name\": \"a\", "
              "\"levels\": [{\"label\": \"");
    fill(&b, 'l', mid);
    puts_(&b, "\", \"buyer\": 1, \"seller\": 2}]}], \"opening\": {\"a\": \"");
    fill(&b, 'l', mid - 1);
    puts_(&b, "\"}}");
    must_reject("5 MB label, opening names another", b.s, b.n);
    /* Unterminated 50 MB string. */
    b.n = 0;
    puts_(&b, "{\"format\": \"");
    fill(&b, 'x', big);
    must_reject("unterminated 50 MB string", b.s, b.n);
    free(b.s);
}

static void test_many_items(void **state)
{
    (void)state;
    buf b = {0};
    /* 10,000 terms of one level each: a valid model. */
    puts_(&b, "{\"format\": \"winwin/1\", \"terms\": [");
    for (int t = 0; t < 10000; t++) {
        char s[128];
        snprintf(s, sizeof s,
                 "%s{\"name\": \"t%d\", \"levels\": [{\"label\": \"x\", "
                 "\"buyer\": %d, \"seller\": 1}]}",
                 t ? "," : "", t, t % 7);
        puts_(&b, s);
    }
    puts_(&b, "]}");
    ww_model *m = NULL;
    if (load("10,000 terms", b.s, b.n, &m) == WW_OK) {
        assert_int_equal(ww_model_term_count(m), 10000);
        ww_model_free(m);
    }
    /* A curve of 1,000,000 points. */
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", \"terms\": [{\"name\": \"p\", "
              "\"range\": {\"from\": 0, \"to\": 100, \"step\": 1}, "
              "\"buyer\": {\"points\": [");
    for (int k = 0; k < 1000000; k++) {
        char s[64];
        snprintf(s, sizeof s, "%s[%d, %d]", k ? "," : "", k, k % 13);
        puts_(&b, s);
    }
    puts_(&b, "]}, \"seller\": {\"points\": [[0, 1]]}}]}");
    load("1M curve points", b.s, b.n, NULL);
    /* 100,000 labels in one forbid. */
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", ");
    puts_(&b, one_term);
    puts_(&b, ", \"constraints\": [{\"forbid\": {\"a\": [");
    repeat(&b, "\"x\",", 100000);
    puts_(&b, "\"x\"]}}]}");
    load("100k repeated labels in a forbid", b.s, b.n, NULL);
    free(b.s);
}

static void test_bad_numbers_and_bytes(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "1e999",    "-1e999",  "NaN",      "Infinity", "1e-400",
        "123456789012345678901234567890", "-0",    "0x10",
        "1.7976931348623157e309", "\"1\"",  "null",  "true",
        "[1]",      "{}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"format\": \"winwin/1\", \"terms\": [{\"name\": \"a\", "
                 "\"levels\": [{\"label\": \"x\", \"buyer\": %s, "
                 "\"seller\": 2}]}]}",
                 bodies[i]);
        ww_model *m = NULL;
        if (load(bodies[i], text, strlen(text), &m) == WW_OK) {
            /* Only finite utilities may get in. */
            assert_true(isfinite(ww_model_level_buyer(m, 0, 0)));
            ww_model_free(m);
        }
    }
    static const char *const range_cases[] = {
        /* 10^9 levels, a zero / negative / tiny step, overflowing values */
        "\"from\": 0, \"to\": 1e9, \"step\": 1",
        "\"from\": 0, \"to\": 10, \"step\": 0",
        "\"from\": 0, \"to\": 10, \"step\": -1",
        "\"from\": 0, \"to\": 1, \"step\": 1e-300",
        "\"from\": -1.7e308, \"to\": 1.7e308, \"step\": 1e306",
        "\"from\": 1e300, \"to\": 1e300, \"step\": 1e-300",
        "\"from\": 10, \"to\": 0, \"step\": 1",
    };
    for (size_t i = 0; i < sizeof range_cases / sizeof *range_cases; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"format\": \"winwin/1\", \"terms\": [{\"name\": \"a\", "
                 "\"range\": {%s}, \"buyer\": {\"points\": [[0, 0], [1, "
                 "1]]}, \"seller\": {\"points\": [[0, 1]]}}]}",
                 range_cases[i]);
        ww_model *m = NULL;
        if (load(range_cases[i], text, strlen(text), &m) == WW_OK) {
            int n = ww_model_level_count(m, 0);
            assert_true(n >= 1 && n <= 10000);
            for (int l = 0; l < n; l++) {
                double v = NAN;
                assert_true(ww_model_level_value(m, 0, l, &v));
                assert_true(isfinite(v));
            }
            ww_model_free(m);
        }
    }
    /* Bytes that are not JSON text. */
    static const char bad_utf8[] =
        "{\"format\": \"winwin/1\", \"name\": \"\xff\xfe\xc0\x80\", ";
    buf b = {0};
    puts_(&b, bad_utf8);
    puts_(&b, one_term);
    puts_(&b, "}");
    must_reject("invalid UTF-8", b.s, b.n);
    b.n = 0;
    puts_(&b, "{\"format\": \"winwin/1\", \"name\": \"a\\u0000b\", ");
    puts_(&b, one_term);
    puts_(&b, "}");
    load("\\u0000 in a name", b.s, b.n, NULL);
    static const char nul_inside[] = "{\"format\": \"winwin/1\"\0, \"terms\": []}";
    must_reject("NUL byte", nul_inside, sizeof nul_inside - 1);
    must_reject("empty", "", 0);
    must_reject("NULL with length 0", NULL, 0);
    unsigned char noise[4096];
    unsigned long x = 88172645463325252UL;
    for (size_t i = 0; i < sizeof noise; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise[i] = (unsigned char)x;
    }
    must_reject("random bytes", (const char *)noise, sizeof noise);
    free(b.s);
}

/* ---- Genius XML --------------------------------------------------------- */

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static const char *domain2 =
    "<negotiation_template><utility_space><objective index=\"0\" "
    "name=\"root\" type=\"objective\" etype=\"objective\"><issue "
    "index=\"1\" name=\"P\" etype=\"discrete\" type=\"discrete\" "
    "vtype=\"discrete\"><item index=\"1\" value=\"lo\"/><item index=\"2\" "
    "value=\"hi\"/></issue></objective></utility_space>"
    "</negotiation_template>";
static const char *profile2 =
    "<utility_space><objective index=\"0\" name=\"root\" "
    "type=\"objective\" etype=\"objective\"><issue index=\"1\" name=\"P\">"
    "<item index=\"1\" value=\"lo\" evaluation=\"1\"/><item index=\"2\" "
    "value=\"hi\" evaluation=\"2\"/></issue><weight index=\"1\" "
    "value=\"1\"/></objective></utility_space>";

/* Imports with domain / profile texts (NULL: the small valid ones). */
static ww_status import(const char *what, const char *dom, size_t dlen,
                        const char *prof, size_t plen)
{
    char dpath[512], ppath[512], vpath[512];
    snprintf(dpath, sizeof dpath, "%s/hostile-domain.xml", WW_ROBUST_TMP);
    snprintf(ppath, sizeof ppath, "%s/hostile-profile.xml", WW_ROBUST_TMP);
    snprintf(vpath, sizeof vpath, "%s/hostile-valid.xml", WW_ROBUST_TMP);
    write_file(dpath, dom ? dom : domain2, dom ? dlen : strlen(domain2));
    write_file(ppath, prof ? prof : profile2, prof ? plen : strlen(profile2));
    write_file(vpath, profile2, strlen(profile2));
    ww_model *m = NULL;
    ww_error err;
    double t0 = ww_test_now();
    ww_status st = ww_genius_import(dpath, ppath, vpath, &m, &err);
    double dt = ww_test_now() - t0;
    print_message("genius %s: %s in %.2f s%s%.200s\n", what,
                  ww_status_str(st), dt, st ? ": " : "", st ? err.text : "");
    if (dt > HOSTILE_SECONDS)
        fail_msg("genius %s: %.1f s", what, dt);
    if (st != WW_OK) {
        assert_null(m);
        assert_true(err.text[0] != '\0');
    }
    ww_model_free(m);
    remove(dpath);
    remove(ppath);
    remove(vpath);
    return st;
}

static void test_genius_valid_baseline(void **state)
{
    (void)state;
    assert_int_equal(import("baseline", NULL, 0, NULL, 0), WW_OK);
}

static void test_genius_deep(void **state)
{
    (void)state;
    buf b = {0};
    puts_(&b, "<utility_space><objective index=\"0\" name=\"r\">");
    repeat(&b, "<x>", 100000);
    repeat(&b, "</x>", 100000);
    puts_(&b, "</objective></utility_space>");
    assert_int_not_equal(import("100k nested elements in a profile", NULL, 0,
                                b.s, b.n),
                         WW_OK);
    b.n = 0;
    repeat(&b, "<objective>", 100000);
    repeat(&b, "</objective>", 100000);
    assert_int_not_equal(
        import("100k nested objectives as the domain", b.s, b.n, NULL, 0),
        WW_OK);
    free(b.s);
}

/* 1,000,000 nested elements (a 7 MB profile) once overflowed the stack in
 * the recursive ww__xml_free; nesting is now limited while parsing. */
static void test_genius_very_deep(void **state)
{
    (void)state;
    buf b = {0};
    puts_(&b, "<utility_space><objective index=\"0\" name=\"r\">");
    repeat(&b, "<x>", 1000000);
    repeat(&b, "</x>", 1000000);
    puts_(&b, "</objective></utility_space>");
    assert_int_not_equal(import("1M nested elements in a profile", NULL, 0,
                                b.s, b.n),
                         WW_OK);
    free(b.s);
}

static void test_genius_huge(void **state)
{
    (void)state;
    /* An integer issue of 2^31 levels must be refused, not allocated. */
    const char *dom =
        "<negotiation_template><utility_space><objective index=\"0\" "
        "name=\"root\"><issue etype=\"integer\" index=\"1\" name=\"n\" "
        "type=\"integer\" vtype=\"integer\" lowerbound=\"-1000000000\" "
        "upperbound=\"2000000000\"/></objective></utility_space>"
        "</negotiation_template>";
    assert_int_not_equal(import("integer issue of 3e9 levels", dom,
                                strlen(dom), NULL, 0),
                         WW_OK);
    const char *dom2 =
        "<negotiation_template><utility_space><objective index=\"0\" "
        "name=\"root\"><issue etype=\"integer\" index=\"1\" name=\"n\" "
        "type=\"integer\" vtype=\"integer\" lowerbound=\"-2147483648\" "
        "upperbound=\"2147483647\"/></objective></utility_space>"
        "</negotiation_template>";
    assert_int_not_equal(import("integer issue of INT range", dom2,
                                strlen(dom2), NULL, 0),
                         WW_OK);
    const char *dom3 =
        "<negotiation_template><utility_space><objective index=\"0\" "
        "name=\"root\"><issue etype=\"integer\" index=\"1\" name=\"n\" "
        "type=\"integer\" vtype=\"integer\" lowerbound=\"0\" "
        "upperbound=\"99999999\"/></objective></utility_space>"
        "</negotiation_template>";
    assert_int_equal(import("integer issue of 1e8 levels", dom3,
                            strlen(dom3), NULL, 0),
                     WW_TOO_LARGE);
    /* Entity expansion ("billion laughs"). */
    buf b = {0};
    puts_(&b, "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
        char s[128];
        snprintf(s, sizeof s, "<!ENTITY a%d \"", i);
        puts_(&b, s);
        for (int k = 0; k < 10; k++) {
            snprintf(s, sizeof s, "&a%d;", i - 1);
            puts_(&b, s);
        }
        puts_(&b, "\">");
    }
    puts_(&b, "]><negotiation_template>&a9;</negotiation_template>");
    assert_int_not_equal(
        import("billion laughs domain", b.s, b.n, NULL, 0), WW_OK);
    /* 20,000 items in one discrete issue: valid, large.  (Duplicate checks
     * are quadratic in the importer and the model: 200,000 takes minutes,
     * see RELIABILITY.md.) */
    b.n = 0;
    puts_(&b, "<negotiation_template><utility_space><objective index=\"0\" "
              "name=\"root\"><issue index=\"1\" name=\"P\" "
              "etype=\"discrete\" type=\"discrete\" vtype=\"discrete\">");
    for (int i = 1; i <= 20000; i++) {
        char s[96];
        snprintf(s, sizeof s, "<item index=\"%d\" value=\"v%d\"/>", i, i);
        puts_(&b, s);
    }
    puts_(&b, "</issue></objective></utility_space></negotiation_template>");
    import("20k items", b.s, b.n, NULL, 0);
    free(b.s);
}

static void test_genius_bad_files(void **state)
{
    (void)state;
    ww_model *m = NULL;
    ww_error err;
    assert_int_not_equal(ww_genius_import("/nonexistent/d.xml", "/x", "/y",
                                          &m, &err),
                         WW_OK);
    assert_null(m);
    assert_true(err.text[0]);
    assert_int_not_equal(ww_genius_import(WW_ROBUST_TMP, WW_ROBUST_TMP,
                                          WW_ROBUST_TMP, &m, &err),
                         WW_OK);
    assert_null(m);
    assert_true(err.text[0]);
    assert_int_not_equal(import("empty domain", "", 0, NULL, 0), WW_OK);
    static const char garbage[] = "\x00\x01\x02<\xff\xfe>";
    assert_int_not_equal(
        import("binary domain", garbage, sizeof garbage - 1, NULL, 0), WW_OK);
    assert_int_not_equal(ww_model_load_file(WW_ROBUST_TMP, &m, &err), WW_OK);
    assert_null(m);
    assert_true(err.text[0]);
    /* A file that never ends: read up to 256 MB, then refused (it read
     * until memory ran out) */
    double t0 = ww_test_now();
    assert_int_equal(ww_model_load_file("/dev/zero", &m, &err), WW_TOO_LARGE);
    assert_null(m);
    assert_non_null(strstr(err.text, "larger than 256 MB"));
    assert_int_equal(ww_genius_import("/dev/zero", "/dev/zero", "/dev/zero",
                                      &m, &err),
                     WW_TOO_LARGE);
    assert_null(m);
    assert_true(ww_test_now() - t0 < HOSTILE_SECONDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deep_arrays),
        cmocka_unit_test(test_deep_objects),
        cmocka_unit_test(test_huge_strings),
        cmocka_unit_test(test_many_items),
        cmocka_unit_test(test_bad_numbers_and_bytes),
        cmocka_unit_test(test_genius_valid_baseline),
        cmocka_unit_test(test_genius_deep),
        cmocka_unit_test(test_genius_very_deep),
        cmocka_unit_test(test_genius_huge),
        cmocka_unit_test(test_genius_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
