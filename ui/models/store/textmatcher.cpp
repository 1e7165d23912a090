// SPDX-License-Identifier: MIT
#include "textmatcher.h"

#include <algorithm>

namespace ts::ui {

namespace {

constexpr std::array<unsigned char, 256> makeFoldTable()
{
    std::array<unsigned char, 256> table {};
    for (int i = 0; i < 256; ++i)
        table[size_t(i)] = (i >= 'A' && i <= 'Z') ? (unsigned char)(i - 'A' + 'a') : (unsigned char)i;
    return table;
}
constexpr auto kFold = makeFoldTable();

inline unsigned char fold(char c, bool foldAscii)
{
    const auto u = static_cast<unsigned char>(c);
    return foldAscii ? kFold[u] : u;
}

} // namespace

void TextMatcher::Bmh::build(const QByteArray &bytes, bool fold)
{
    foldAscii = fold;
    pattern.resize(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i)
        pattern[i] = char(fold ? kFold[static_cast<unsigned char>(bytes[i])] : static_cast<unsigned char>(bytes[i]));
    const auto n = quint32(pattern.size());
    skip.fill(n);
    for (quint32 i = 0; i + 1 < n; ++i) {
        const auto c = static_cast<unsigned char>(pattern[i]);
        skip[c] = n - 1 - i;
        if (fold && c >= 'a' && c <= 'z')
            skip[c - 'a' + 'A'] = n - 1 - i; // the text's byte is looked up unfolded
    }
}

bool TextMatcher::Bmh::search(QByteArrayView haystack) const
{
    const qsizetype n = pattern.size();
    const qsizetype h = haystack.size();
    if (n == 0)
        return true;
    const char *hs = haystack.data();
    const char *ps = pattern.constData();
    for (qsizetype i = 0; i + n <= h;) {
        qsizetype j = n - 1;
        while (j >= 0 && fold(hs[i + j], foldAscii) == static_cast<unsigned char>(ps[j]))
            --j;
        if (j < 0)
            return true;
        i += skip[static_cast<unsigned char>(hs[i + n - 1])];
    }
    return false;
}

TextMatcher::TextMatcher(const QString &needle)
    : m_needle(needle)
{
    if (!m_needle.isEmpty())
        m_bmh.build(m_needle.toCaseFolded().toUtf8(), true);
}

bool TextMatcher::matches(QByteArrayView utf8) const
{
    return m_needle.isEmpty() || m_bmh.search(utf8);
}

bool TextMatcher::matches(const QString &text) const
{
    return m_needle.isEmpty() || text.contains(m_needle, Qt::CaseInsensitive);
}

} // namespace ts::ui
