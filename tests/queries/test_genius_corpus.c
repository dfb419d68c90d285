/* The Genius corpus (../shared/genius, passed in as WW_GENIUS_DIR): every
 * directory holding one domain file (root element negotiation_template) and
 * at least two profiles (root element utility_space) is imported with the
 * first profile (file-name order) as buyer and the last as seller.  Domains
 * the importer rejects as unsupported are counted and left out; every other
 * import must work.  Up to 400,000 packages, frontier, nash, kalai, best,
 * meso (on auto and on the MIP loop) and evaluate must equal brute force
 * (values within 1e-6); under valgrind only domains of up to 5,000 packages
 * are enumerated. */
#include "qsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef WW_GENIUS_DIR
#error "WW_GENIUS_DIR must be defined by the build"
#endif

/* Fewer under valgrind, where GLPK and the enumeration run ~30x slower. */
#define MAX_PACKAGES (wwq_under_valgrind() ? 5000.0 : 400000.0)

/* meso on the MIP loop: the slowest domain takes about 0.6 s */
#define MIP_TIME_LIMIT 60.0
/* GLPK's one-hot rows on a term of thousands of levels are slow */
#define MIP_MAX_LEVELS 500

typedef struct tally {
    int domains, checked, unsupported, too_large, failed, points, offers;
} tally;

static int check_domain(const char *domain, const char *buyer,
                        const char *seller, void *data)
{
    tally *t = data;
    ww_model *m = NULL;
    ww_error err;
    ww_status st = ww_genius_import(domain, buyer, seller, &m, &err);
    t->domains++;
    if (st == WW_UNSUPPORTED) {
        print_message("%s: unsupported: %s\n", domain, err.text);
        t->unsupported++;
        return 0;
    }
    if (st != WW_OK) {
        print_error("%s: import failed: %s: %s\n", domain, ww_status_str(st),
                    err.text);
        return 1;
    }
    if (ww_model_package_count(m) > MAX_PACKAGES) {
        print_message("%s: %.3g packages, not enumerated\n", domain,
                      ww_model_package_count(m));
        t->too_large++;
        ww_model_free(m);
        return 0;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    wwq_case c;
    wwq_named(&c, m, domain);
    int bad = wwq_attach(&c);
    ww_options o;
    ww_options_init(&o);
    int n = 0;
    if (!bad)
        bad = wwq_check_frontier_family(&c, &o, &n);
    if (!bad)
        bad = wwq_check_best(&c, &o, "best");
    /* meso with the CLI's defaults on auto (the band walked up to 80,000
     * packages) and on the MIP loop; evaluate of the all-first-levels
     * package (on auto: walked, every domain here) */
    ww_options mip = o;
    mip.path = WW_PATH_MIP;
    mip.time_limit = MIP_TIME_LIMIT;
    if (!bad)
        bad = wwq_check_meso(&c, &o, 3, NAN, NAN, &t->offers);
    int widest = 0;
    for (int i = 0; i < ww_model_term_count(m); i++)
        if (ww_model_level_count(m, i) > widest)
            widest = ww_model_level_count(m, i);
    if (!bad && widest <= MIP_MAX_LEVELS)
        bad = wwq_check_meso(&c, &mip, 3, NAN, NAN, &t->offers);
    int first[256] = {0};
    int improvable = 0;
    if (!bad && ww_model_term_count(m) <= 256)
        bad = wwq_check_evaluate(&c, &o, first, &improvable);
    t->points += n;
    t->checked++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("%s: %.0f packages, %d frontier points, %.2f s\n", domain,
                  ww_brute_count(c.b) ? (double)ww_brute_count(c.b) : 0.0, n,
                  (double)(t1.tv_sec - t0.tv_sec) +
                      1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    wwq_close(&c);
    return bad;
}

static void test_genius_corpus(void **state)
{
    (void)state;
    tally t = {0, 0, 0, 0, 0, 0, 0};
    t.failed = wwq_genius_walk(WW_GENIUS_DIR, check_domain, &t);
    print_message("genius: %d domains, %d checked against brute force (%d "
                  "frontier points, %d meso offers), %d unsupported, %d over "
                  "%.0f packages, %d failed\n", t.domains, t.checked, t.points,
                  t.offers, t.unsupported, t.too_large, MAX_PACKAGES, t.failed);
    assert_int_equal(t.failed, 0);
    assert_true(t.checked > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genius_corpus),
    };
    int rc = cmocka_run_group_tests_name("genius_corpus", tests, NULL, NULL);
    ww_thread_cleanup();
    return rc;
}
