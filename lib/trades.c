/* trades.c */
#include "model_internal.h"
