/* placeholder */
#include "store/store.h"
