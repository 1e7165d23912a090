// SPDX-License-Identifier: MIT
#include "idindex.h"

#include <bit>

namespace ts::ui {

void IdIndex::reserve(size_t n)
{
    const size_t needed = std::bit_ceil(std::max<size_t>(16, n * 4 / 3 + 1));
    if (needed > m_slots.size())
        rehash(needed);
}

void IdIndex::clear()
{
    m_slots = {};
    m_mask = 0;
    m_shift = 64;
    m_size = 0;
}

void IdIndex::grow()
{
    rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
}

void IdIndex::rehash(size_t capacity)
{
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(capacity, Slot {});
    m_mask = capacity - 1;
    m_shift = 64 - std::countr_zero(capacity);
    for (const Slot &s : old) {
        if (s.row >= 0)
            place(s.id, s.row);
    }
}

} // namespace ts::ui
