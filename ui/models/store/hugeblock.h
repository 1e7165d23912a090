// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace ts::ui {

/// Frees memory from allocateHuge().
struct HugeFree
{
    void operator()(void *p) const { std::free(p); }
};
template <typename T> using HugeArray = std::unique_ptr<T[], HugeFree>;

/**
 * Uninitialized memory for the results table's big arrays (row chunks, text blocks, the id
 * index). From 2 MB up it is 2 MB aligned and advised for transparent huge pages (the
 * kernel's "madvise" mode): a million rows touch about 300 MB of fresh memory, and faulting
 * it in 4 KB pages can cost more than building the rows (figures: docs/benchmarks-log.md,
 * "Figures that were in code comments"). Never null: throws std::bad_alloc like new.
 */
void *allocateHuge(std::size_t bytes);

template <typename T> HugeArray<T> allocateHugeArray(std::size_t count)
{
    return HugeArray<T>(static_cast<T *>(allocateHuge(count * sizeof(T))));
}

} // namespace ts::ui
