/* result.c */
#include "model_internal.h"
