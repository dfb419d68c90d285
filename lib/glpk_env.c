/* glpk_env.c */
#include "model_internal.h"
