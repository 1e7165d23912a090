// SPDX-License-Identifier: MIT
#pragma once

// FUZZ_CHECK(cond): an invariant of a fuzz target. When it does not hold, prints where and
// aborts, so libFuzzer saves the input as a crash artifact (see docs/reliability.md).

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__);                       \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
