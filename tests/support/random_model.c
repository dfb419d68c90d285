#include "random_model.h"
