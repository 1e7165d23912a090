// SPDX-License-Identifier: MIT
#include "idindex.h"

#include <algorithm>
#include <bit>
#include <memory>

namespace ts::ui {

void IdIndex::reserve(size_t n)
{
    const size_t needed = std::bit_ceil(std::max<size_t>(16, n * 4 / 3 + 1));
    if (needed > m_capacity)
        rehash(needed);
}

void IdIndex::clear()
{
    m_slots.reset();
    m_capacity = 0;
    m_mask = 0;
    m_shift = 64;
    m_size = 0;
    m_nextCheck = 0;
    m_nextPrepared = false;
}

void IdIndex::checkGrowth()
{
    const size_t growAt = m_capacity * 3 / 4; // at most 3/4 full: short probes
    if (m_size >= growAt) {
        rehash(m_capacity == 0 ? 1024 : m_capacity * 2);
        return;
    }
    if (m_prefaulter && !m_nextPrepared) {
        m_prefaulter->prepare(m_capacity * 2 * sizeof(Slot));
        m_nextPrepared = true;
    }
    m_nextCheck = growAt;
}

void IdIndex::rehash(size_t capacity)
{
    HugeArray<Slot> old = std::move(m_slots);
    const size_t oldCapacity = m_capacity;
    m_slots = m_prefaulter ? m_prefaulter->takeArray<Slot>(capacity) : allocateHugeArray<Slot>(capacity);
    std::uninitialized_fill_n(m_slots.get(), capacity, Slot {});
    m_capacity = capacity;
    m_mask = capacity - 1;
    m_shift = 64 - std::countr_zero(capacity);
    m_nextPrepared = false;
    // The next table (twice this one) is faulted in from 5/8 full: early enough to be ready
    // at 3/4, late enough that a run ending in between wastes it rarely.
    m_nextCheck = m_prefaulter ? capacity * 5 / 8 : capacity * 3 / 4;
    for (size_t i = 0; i < oldCapacity; ++i) {
        if (old[i].row >= 0)
            place(old[i].id, old[i].row);
    }
}

} // namespace ts::ui
