/* fuzz_json.c — libFuzzer harness for the winwin/1 JSON loader.
 *
 * Arbitrary bytes go to ww_model_load_string.  A rejection must come with a
 * message, and never be "out of memory" (no allocation fails here); a model that loads must save, load back identical, evaluate a
 * package and answer ww_best (short time limit) consistently, and small
 * models are enumerated to check best and the frontier (fuzz_model.c). */
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_model.h"
#include "winwin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ww_model *m = (ww_model *)1;
    ww_error err;
    ww_status st =
        ww_model_load_string((const char *)data, size, "<fuzz>", &m, &err);
    if (st != WW_OK) {
        /* Nothing fails to allocate here: out of memory would be the
         * loader's check of the strings' bytes gone wrong (a valid
         * document refused) */
        FUZZ_CHECK(st != WW_NOMEM, "out of memory without a failed "
                   "allocation: %s", err.text);
        FUZZ_CHECK(m == NULL, "failed load left a model");
        FUZZ_CHECK(err.status == st, "err.status %d, returned %d",
                   (int)err.status, (int)st);
        FUZZ_CHECK(memchr(err.text, '\0', sizeof err.text) && err.text[0],
                   "rejection (%s) without a message", ww_status_str(st));
        return 0;
    }
    FUZZ_CHECK(m != NULL, "load returned OK without a model");
    fuzz_roundtrip(m);
    fuzz_solve(m, fuzz_hash(data, size));
    ww_model_free(m);
    return 0;
}
