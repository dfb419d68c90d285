/* json_load.c */
#include "model_internal.h"
