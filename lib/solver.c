/* solver.c */
#include "model_internal.h"
