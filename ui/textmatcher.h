// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>

namespace ts::ui {

/// Case-insensitive substring search of one needle in many UTF-8 texts, fast enough to scan
/// a million tweets per keystroke: Boyer-Moore-Horspool over bytes with ASCII case folding.
/// Needles with non-ASCII letters are matched exactly by Unicode case folding, after a byte
/// prefilter on their longest ASCII part.
class TextMatcher
{
public:
    explicit TextMatcher(const QString &needle = {});

    bool isEmpty() const { return m_needle.isEmpty(); }
    QString needle() const { return m_needle; }
    bool matches(QByteArrayView utf8) const;
    bool matches(const QString &text) const;

private:
    struct Bmh
    {
        QByteArray pattern; // folded
        std::array<quint32, 256> skip {};
        bool foldAscii = true;
        void build(const QByteArray &bytes, bool fold);
        bool search(QByteArrayView haystack) const;
    };

    QString m_needle;
    bool m_bytesDecide = false; // the byte search alone decides (ASCII or caseless needle)
    bool m_hasPrefilter = false;
    Bmh m_bmh;
};

} // namespace ts::ui
