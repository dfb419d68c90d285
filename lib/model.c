/* model.c */
#include "model_internal.h"
