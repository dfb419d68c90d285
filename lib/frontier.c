/* frontier.c */
#include "model_internal.h"
