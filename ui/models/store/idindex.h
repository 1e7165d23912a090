// SPDX-License-Identifier: MIT
#pragma once

#include "blockprefaulter.h"
#include "hugeblock.h"

#include <QtGlobal>

namespace ts::ui {

/// Tweet id -> table row, for merging pages by id. Open addressing with linear probing in
/// one flat array: no allocation per entry, one cache line per lookup. QHash<quint64, int>
/// cost about a third of the time of appending a million rows (span allocations, rehashes).
class IdIndex
{
public:
    /// Starts loading the slot where id is looked up (see StringPool::prefetch()).
    void prefetch(quint64 id) const
    {
        if (m_slots)
            __builtin_prefetch(&m_slots[slotOf(id)]);
    }
    /// The row of id, or -1.
    int value(quint64 id) const
    {
        if (!m_slots)
            return -1;
        for (size_t i = slotOf(id);; i = (i + 1) & m_mask) {
            const Slot &s = m_slots[i];
            if (s.row < 0)
                return -1;
            if (s.id == id)
                return s.row;
        }
    }
    /// Tables come from prefaulter when set (the next one prepared at 5/8 full, growing at 3/4); it must outlive the
    /// index.
    void setPrefaulter(BlockPrefaulter *prefaulter) { m_prefaulter = prefaulter; }
    /// The row of id when present; else adds id at row and returns -1 (one probe for both).
    int findOrInsert(quint64 id, int row)
    {
        if (m_size >= m_nextCheck)
            checkGrowth();
        for (size_t i = slotOf(id);; i = (i + 1) & m_mask) {
            Slot &s = m_slots[i];
            if (s.row < 0) {
                s = { id, row };
                ++m_size;
                return -1;
            }
            if (s.id == id)
                return s.row;
        }
    }
    /// Adds id (not yet present) at row.
    void insert(quint64 id, int row)
    {
        if (m_size >= m_nextCheck)
            checkGrowth();
        place(id, row);
        ++m_size;
    }
    /// Room for n ids without growing.
    void reserve(size_t n);
    void clear();
    size_t size() const { return m_size; }

private:
    struct Slot
    {
        quint64 id = 0;
        qint32 row = -1; ///< -1: empty
    };
    size_t slotOf(quint64 id) const
    {
        // Fibonacci hashing: ids of one second share their high bits and differ in the low ones.
        return size_t((id * 0x9E3779B97F4A7C15ull) >> m_shift);
    }
    void place(quint64 id, int row)
    {
        size_t i = slotOf(id);
        while (m_slots[i].row >= 0)
            i = (i + 1) & m_mask;
        m_slots[i] = { id, row };
    }
    /// Grows at 3/4 full; prepares the next table at 5/8 full.
    void checkGrowth();
    void rehash(size_t capacity);

    HugeArray<Slot> m_slots;
    size_t m_capacity = 0;
    size_t m_mask = 0;
    int m_shift = 64;
    size_t m_size = 0;
    size_t m_nextCheck = 0; ///< size at which checkGrowth() runs
    bool m_nextPrepared = false;
    BlockPrefaulter *m_prefaulter = nullptr;
};

} // namespace ts::ui
