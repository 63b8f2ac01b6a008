#include "routeros/values.h"

#include <gtest/gtest.h>
