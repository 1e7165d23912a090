// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace ts::ui {

/// Interns repeated strings (authors, languages, hashtag sets) so a table row stores a
/// 32-bit index instead of a string, and sorts by a precomputed rank instead of comparing
/// strings a million times.
class StringPool
{
public:
    StringPool();

    /// Index of value, added when new. Index 0 is always the empty string.
    quint32 intern(const QString &value);
    const QString &at(quint32 index) const { return m_values.at(index); }
    qsizetype size() const { return m_values.size(); }
    /// Index of value, or -1 when it was never interned.
    qint64 find(const QString &value) const;
    /// Position of the string in case-insensitive order, for sorting rows by the pool index.
    quint32 rank(quint32 index) const;
    QStringList values() const { return m_values; }
    void clear();

private:
    QList<QString> m_values;
    QHash<QString, quint32> m_index;
    mutable std::vector<quint32> m_ranks; // recomputed lazily when the pool grew
};

} // namespace ts::ui
