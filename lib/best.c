/* best.c */
#include "model_internal.h"
