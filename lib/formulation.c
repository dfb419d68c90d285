/* formulation.c */
#include "model_internal.h"
