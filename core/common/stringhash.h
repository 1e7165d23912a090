// SPDX-License-Identifier: MIT
#pragma once

#include <QHashFunctions>
#include <QStringView>

#include <cstddef>

namespace ts {

/**
 * @brief qHash() of a string with the process's seed, for std::unordered_map on hot paths.
 *
 * Qt 6.4 hashes a seeded string with AES instructions on 256-bit registers (VAES) and returns
 * without clearing their upper halves (no `vzeroupper`). On the project's Xeon the SSE code
 * after it (string compares, malloc, Qt's own containers) then runs about three times slower
 * until something clears them: 6,400 tweet-id lookups in a QHash<QString, ...> took 1.6 ms,
 * 0.4 ms with this hash (docs/qt-notes.md, section 8). QHash cannot take another hash for
 * QString, hence std::unordered_map with this one where it counts.
 */
struct StringHash
{
    size_t operator()(QStringView text) const noexcept
    {
        const size_t h = qHash(text, QHashSeed::globalSeed());
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        static const bool avx = __builtin_cpu_supports("avx");
        if (avx) // clobbers: the compiler keeps nothing in vector registers across it
            __asm__ volatile("vzeroupper" ::
                                 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                             "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
        return h;
    }
};

} // namespace ts
