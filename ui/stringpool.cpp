// SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <algorithm>
#include <numeric>

namespace ts::ui {

StringPool::StringPool()
{
    clear();
}

quint32 StringPool::intern(const QString &value)
{
    const auto it = m_index.constFind(value);
    if (it != m_index.constEnd())
        return it.value();
    const auto index = quint32(m_values.size());
    m_values.append(value);
    m_index.insert(value, index);
    return index;
}

qint64 StringPool::find(const QString &value) const
{
    const auto it = m_index.constFind(value);
    return it == m_index.constEnd() ? -1 : qint64(it.value());
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
    m_index.clear();
    m_ranks.clear();
    intern(QString());
}

} // namespace ts::ui
