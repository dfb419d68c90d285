/* fuzz_model.h — checks run on every model a harness manages to load. */
#ifndef WW_FUZZ_MODEL_H
#define WW_FUZZ_MODEL_H

#include <stdint.h>

#include "winwin.h"

/* Saves m, loads the text back, checks the copy is identical (accessor by
 * accessor, and saved again to the same text).  Aborts on a difference. */
void fuzz_roundtrip(ww_model *m);

/* Evaluates the package picked by h, then (when the model is small enough
 * for a fuzzing iteration) runs ww_best with a short time limit and checks
 * the answer against a direct evaluation; models of at most 512 packages
 * are enumerated, and best and the frontier checked against that. */
void fuzz_solve(ww_model *m, uint64_t h);

#endif
