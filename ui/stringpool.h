// SPDX-License-Identifier: MIT
#pragma once

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
    /// Open addressing over (hash, index): a probe compares strings only when the hashes
    /// agree. QHash<QString, quint32> compared the key of every occupied slot it passed and
    /// was half the time of appending a page.
    struct Slot
    {
        quint32 hash = 0;
        quint32 index = Empty;
        // The value's characters (kept alive by m_values): a probe compares them without
        // going through m_values, one cache miss instead of two.
        const QChar *chars = nullptr;
        qsizetype size = 0;
    };
    static constexpr quint32 Empty = 0xffffffffu;
    static quint32 hashOf(QStringView value);
    /// The slot holding value, or the empty slot where it would go.
    size_t slotOf(QStringView value, quint32 hash) const;
    void rehash(size_t capacity);

    QList<QString> m_values;
    std::vector<Slot> m_slots;
    mutable std::vector<quint32> m_ranks; // recomputed lazily when the pool grew
};

} // namespace ts::ui
