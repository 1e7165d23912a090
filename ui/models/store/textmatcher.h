// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>

namespace ts::ui {

/// Case-insensitive substring search of one needle in many UTF-8 texts, fast enough to scan
/// a million tweets per keystroke: Boyer-Moore-Horspool over bytes with ASCII case folding,
/// for the needle's Unicode case folding. A text is searched as the model stores it for
/// search: itself when its non-ASCII characters are already case-folded (most texts), else
/// its case-folded copy (TweetRow::searchBytes). Same answers as QString::contains with
/// Qt::CaseInsensitive, without decoding a text.
class TextMatcher
{
public:
    explicit TextMatcher(const QString &needle = {});

    bool isEmpty() const { return m_needle.isEmpty(); }
    QString needle() const { return m_needle; }
    /// utf8: a text whose non-ASCII characters are case-folded (TweetRow::searchBytes()).
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
    Bmh m_bmh;
};

} // namespace ts::ui
