// SPDX-License-Identifier: MIT
#pragma once

#include "hugeblock.h"

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
    quint32 intern(const QString &value) { return intern(value, hashOf(value)); }
    /// Same, with hash = hashOf(value) computed beforehand (see prefetch()).
    quint32 intern(const QString &value, quint32 hash);
    static quint32 hashOf(QStringView value);
    /// Starts loading the slot a value of this hash is looked up in: a page of tweets issues
    /// all its lookups' cache misses at once instead of one after another.
    void prefetch(quint32 hash) const { __builtin_prefetch(&m_slots[hash & (m_capacity - 1)]); }
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
    /// was half the time of appending a page. Short Latin-1 values (user names are at most
    /// 15 ASCII characters, language codes a few) are copied into the slot itself, so a
    /// lookup among 50 k authors costs one cache miss instead of two (slot, then characters).
    struct Slot
    {
        quint32 hash = 0;
        quint32 index = Empty;
        quint8 inlineSize = NotInline; ///< characters in inlineChars, or NotInline: compare with m_values
        char inlineChars[23] = {};
    };
    static_assert(sizeof(Slot) == 32, "two slots per cache line");
    static constexpr quint8 NotInline = 0xff;
    static constexpr quint32 Empty = 0xffffffffu;
    static Slot makeSlot(quint32 hash, quint32 index, QStringView value);
    bool equals(const Slot &slot, QStringView value) const;
    /// The slot holding value, or the empty slot where it would go.
    size_t slotOf(QStringView value, quint32 hash) const;
    void rehash(size_t capacity);

    QList<QString> m_values;
    HugeArray<Slot> m_slots; // 2 MB pages once big (50 k authors: 4 MB): no TLB miss per probe
    size_t m_capacity = 0;
    mutable std::vector<quint32> m_ranks; // recomputed lazily when the pool grew
};

} // namespace ts::ui
