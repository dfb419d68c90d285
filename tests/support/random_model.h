#ifndef WW_RANDOM_MODEL_H
#define WW_RANDOM_MODEL_H
#include "winwin.h"
#endif
