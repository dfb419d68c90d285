/* util.c */
#include "model_internal.h"
