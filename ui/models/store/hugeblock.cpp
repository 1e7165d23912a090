// SPDX-License-Identifier: MIT
#include "hugeblock.h"

#include <new>

#include <sys/mman.h>

namespace ts::ui {

void *allocateHuge(std::size_t bytes)
{
    constexpr std::size_t hugePage = std::size_t(2) << 20;
    void *p = nullptr;
    if (bytes >= hugePage) {
        const std::size_t rounded = (bytes + hugePage - 1) / hugePage * hugePage;
        p = std::aligned_alloc(hugePage, rounded);
        if (p)
            ::madvise(p, rounded, MADV_HUGEPAGE); // a hint: without huge pages it still works
    } else {
        p = std::malloc(bytes == 0 ? 1 : bytes);
    }
    if (!p)
        throw std::bad_alloc();
    return p;
}

} // namespace ts::ui
