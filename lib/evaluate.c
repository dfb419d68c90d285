/* evaluate.c */
#include "model_internal.h"
