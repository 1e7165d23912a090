// SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <algorithm>
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

size_t StringPool::slotOf(QStringView value, quint32 hash) const
{
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &s = m_slots[i];
        if (s.index == Empty || (s.hash == hash && QStringView(s.chars, s.size) == value))
            return i;
    }
}

void StringPool::rehash(size_t capacity)
{
    m_slots.assign(capacity, Slot {});
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        const quint32 hash = hashOf(m_values.at(i));
        const QString &v = m_values.at(i);
        m_slots[slotOf(v, hash)] = { hash, quint32(i), v.constData(), v.size() };
    }
}

quint32 StringPool::intern(const QString &value)
{
    const quint32 hash = hashOf(value);
    const size_t slot = slotOf(value, hash);
    if (m_slots[slot].index != Empty)
        return m_slots[slot].index;
    const auto index = quint32(m_values.size());
    m_values.append(value);
    if (size_t(m_values.size()) * 2 > m_slots.size())
        rehash(m_slots.size() * 2); // at most half full: short probes
    else
        m_slots[slot] = { hash, index, m_values.last().constData(), m_values.last().size() };
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
    m_slots.assign(16, Slot {});
    m_ranks.clear();
    intern(QString());
}

} // namespace ts::ui
