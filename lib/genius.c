/* genius.c */
#include "model_internal.h"
