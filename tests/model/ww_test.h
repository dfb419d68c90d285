/* Shared helpers for the model test suites (cmocka). */
#ifndef WW_TEST_H
#define WW_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "winwin.h"

/* Doubles compared to 1e-9 (cmocka's float assert goes through float). */
#define assert_near(a, b)                                                    \
    do {                                                                     \
        double a_ = (a), b_ = (b);                                           \
        if (!(fabs(a_ - b_) <= 1e-9)) {                                      \
            print_error("%s = %.17g, expected %.17g\n", #a, a_, b_);        \
            fail();                                                          \
        }                                                                    \
    } while (0)

/* A call fails with status st and a message containing every given text. */
#define assert_fails(model, call, st, ...)                                   \
    do {                                                                     \
        ww_status got_ = (call);                                             \
        if (got_ != (st)) {                                                  \
            print_error("%s returned %d (%s), expected %d; message: %s\n",   \
                        #call, (int)got_, ww_status_str(got_), (int)(st),    \
                        ww_errmsg(model));                                   \
            fail();                                                          \
        }                                                                    \
        const char *want_[] = {"", __VA_ARGS__};                               \
        for (size_t i_ = 0; i_ < sizeof want_ / sizeof *want_; i_++)         \
            if (!strstr(ww_errmsg(model), want_[i_])) {                      \
                print_error("message \"%s\" lacks \"%s\"\n",                 \
                            ww_errmsg(model), want_[i_]);                    \
                fail();                                                      \
            }                                                                \
    } while (0)

#define assert_ok(model, call)                                               \
    do {                                                                     \
        ww_status got_ = (call);                                             \
        if (got_ != WW_OK) {                                                 \
            print_error("%s returned %d (%s): %s\n", #call, (int)got_,       \
                        ww_status_str(got_), ww_errmsg(model));             \
            fail();                                                          \
        }                                                                    \
        assert_string_equal(ww_errmsg(model), "");                           \
    } while (0)

/* Spec section 2 example (Acme renewal), built through the API.
 * Terms: price {100k, 110k, 120k}, payment {net 30, net 60, net 90}. */
enum { P100 = 0, P110 = 1, P120 = 2, N30 = 0, N60 = 1, N90 = 2 };

static inline ww_model *ww_test_acme(void)
{
    ww_model *m = NULL;
    int t, l;
    assert_int_equal(ww_model_new(&m), WW_OK);
    assert_ok(m, ww_model_set_name(m, "Acme renewal"));
    assert_ok(m, ww_model_set_unit(m, "points"));
    assert_ok(m, ww_model_set_party_name(m, WW_BUYER, "Acme Corp"));
    assert_ok(m, ww_model_set_party_name(m, WW_SELLER, "Vendor"));
    assert_ok(m, ww_model_set_reservation(m, WW_BUYER, 20));
    assert_ok(m, ww_model_set_reservation(m, WW_SELLER, 10));
    assert_ok(m, ww_model_set_weight(m, WW_BUYER, 1));
    assert_ok(m, ww_model_set_weight(m, WW_SELLER, 1));

    assert_ok(m, ww_model_add_term(m, "price", "USD/yr", &t));
    assert_int_equal(t, 0);
    assert_ok(m, ww_model_add_level(m, 0, "100k", 40, 0, &l));
    assert_int_equal(l, 0);
    assert_ok(m, ww_model_add_level(m, 0, "110k", 20, 25, &l));
    assert_ok(m, ww_model_add_level(m, 0, "120k", 0, 45, &l));
    assert_int_equal(l, 2);
    assert_ok(m, ww_model_set_level_value(m, 0, 0, 100000));
    assert_ok(m, ww_model_set_level_value(m, 0, 1, 110000));
    assert_ok(m, ww_model_set_level_value(m, 0, 2, 120000));

    assert_ok(m, ww_model_add_term(m, "payment", "days", &t));
    assert_int_equal(t, 1);
    assert_ok(m, ww_model_add_level(m, 1, "net 30", 0, 12, NULL));
    assert_ok(m, ww_model_add_level(m, 1, "net 60", 10, 6, NULL));
    assert_ok(m, ww_model_add_level(m, 1, "net 90", 18, 0, NULL));
    assert_ok(m, ww_model_set_level_value(m, 1, 0, 30));
    assert_ok(m, ww_model_set_level_value(m, 1, 1, 60));
    assert_ok(m, ww_model_set_level_value(m, 1, 2, 90));

    int l120[] = {P120}, l6090[] = {N60, N90};
    ww_condition when[] = {{0, l120, 1}, {1, l6090, 2}};
    assert_ok(m, ww_model_add_interaction(m, when, 2, 0, -4, &l));
    assert_int_equal(l, 0);

    int l100[] = {P100}, l90[] = {N90};
    ww_condition forbid[] = {{0, l100, 1}, {1, l90, 1}};
    assert_ok(m, ww_model_add_forbid(m, forbid, 2, &l));
    assert_int_equal(l, 0);

    int opening[] = {P120, N30}, counter[] = {P110, N30};
    assert_ok(m, ww_model_set_opening(m, opening));
    assert_ok(m, ww_model_set_counter(m, counter));
    assert_ok(m, ww_model_set_budget(m, 30));
    assert_ok(m, ww_model_validate(m));
    return m;
}

#endif
