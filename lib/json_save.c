/* json_save.c */
#include "model_internal.h"
