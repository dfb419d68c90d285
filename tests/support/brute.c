#include "brute.h"
