#ifndef WW_BRUTE_H
#define WW_BRUTE_H
#include "winwin.h"
#endif
