// SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <algorithm>
#include <memory>
#include <numeric>

namespace ts::ui {

StringPool::StringPool()
{
    clear();
}

quint32 StringPool::hashOf(QStringView value)
{
    return quint32(qHash(value, 0));
}

StringPool::Slot StringPool::makeSlot(quint32 hash, quint32 index, QStringView value)
{
    Slot slot { hash, index, NotInline, {} };
    if (value.size() > qsizetype(sizeof slot.inlineChars))
        return slot;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value.utf16()[i];
        if (c > 0xff)
            return Slot { hash, index, NotInline, {} };
        slot.inlineChars[i] = char(c);
    }
    slot.inlineSize = quint8(value.size());
    return slot;
}

bool StringPool::equals(const Slot &slot, QStringView value) const
{
    if (slot.inlineSize == NotInline)
        return QStringView(m_values.at(slot.index)) == value;
    if (value.size() != slot.inlineSize)
        return false;
    const char16_t *p = value.utf16();
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (p[i] != char16_t(uchar(slot.inlineChars[i])))
            return false;
    }
    return true;
}

size_t StringPool::slotOf(QStringView value, quint32 hash) const
{
    const size_t mask = m_capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &s = m_slots[i];
        if (s.index == Empty || (s.hash == hash && equals(s, value)))
            return i;
    }
}

void StringPool::rehash(size_t capacity)
{
    m_slots = allocateHugeArray<Slot>(capacity);
    std::uninitialized_fill_n(m_slots.get(), capacity, Slot {});
    m_capacity = capacity;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        const quint32 hash = hashOf(m_values.at(i));
        m_slots[slotOf(m_values.at(i), hash)] = makeSlot(hash, quint32(i), m_values.at(i));
    }
}

quint32 StringPool::intern(const QString &value, quint32 hash)
{
    const size_t slot = slotOf(value, hash);
    if (m_slots[slot].index != Empty)
        return m_slots[slot].index;
    const auto index = quint32(m_values.size());
    m_values.append(value);
    if (size_t(m_values.size()) * 2 > m_capacity)
        rehash(m_capacity * 2); // at most half full: short probes
    else
        m_slots[slot] = makeSlot(hash, index, value);
    return index;
}

qint64 StringPool::find(const QString &value) const
{
    const Slot &s = m_slots[slotOf(value, hashOf(value))];
    return s.index == Empty ? -1 : qint64(s.index);
}

quint32 StringPool::rank(quint32 index) const
{
    if (m_ranks.size() != size_t(m_values.size())) {
        std::vector<quint32> order(size_t(m_values.size()));
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [this](quint32 a, quint32 b) {
            const int c = QString::compare(m_values.at(a), m_values.at(b), Qt::CaseInsensitive);
            return c != 0 ? c < 0 : m_values.at(a) < m_values.at(b);
        });
        m_ranks.assign(order.size(), 0);
        for (size_t i = 0; i < order.size(); ++i)
            m_ranks[order[i]] = quint32(i);
    }
    return m_ranks[index];
}

void StringPool::clear()
{
    m_values.clear();
    rehash(16);
    m_ranks.clear();
    intern(QString());
}

} // namespace ts::ui
