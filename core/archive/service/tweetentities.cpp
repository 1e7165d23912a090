// SPDX-License-Identifier: MIT
#include "tweetentities.h"

#include <QRegularExpression>

namespace ts::archive {

int codePointCount(const QString &s)
{
    int n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (!(s.at(i).isLowSurrogate() && i > 0 && s.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

QString leftCodePoints(const QString &s, int n)
{
    qsizetype i = 0;
    for (int cp = 0; cp < n && i < s.size(); ++cp)
        i += (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) ? 2 : 1;
    return s.left(i);
}

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c.isMark();
}

// Finds prefix+value (case-insensitive) at a word boundary, starting at `from` (UTF-16).
qsizetype findToken(const QString &text, QChar prefix, const QString &value, qsizetype from)
{
    const QString needle = prefix + value;
    qsizetype pos = from;
    while ((pos = text.indexOf(needle, pos, Qt::CaseInsensitive)) >= 0) {
        const qsizetype end = pos + needle.size();
        const bool startOk = pos == 0 || !isWordChar(text.at(pos - 1));
        const bool endOk = end >= text.size() || !isWordChar(text.at(end));
        if (startOk && endOk)
            return pos;
        pos += 1;
    }
    return -1;
}

} // namespace

TweetEntities TweetEntities::locate(const QString &text, const Tweet &t)
{
    TweetEntities e;
    // UTF-16 index -> code point index.
    QList<int> cp(text.size() + 1);
    int n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        cp[i] = n;
        if (!(text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()))
            ++n;
    }
    cp[text.size()] = n;
    const int textEnd = n;

    auto tokens = [&](const QStringList &values, QChar prefix, QList<EntitySpan> &out) {
        qsizetype from = 0;
        for (const QString &v : values) {
            qsizetype pos = findToken(text, prefix, v, from);
            if (pos < 0)
                pos = findToken(text, prefix, v, 0);
            if (pos >= 0) {
                out.append({ cp[pos], cp[pos + 1 + v.size()], v, {} });
                from = pos + 1 + v.size();
            } else {
                out.append({ textEnd, textEnd, v, {} });
            }
        }
    };
    tokens(t.hashtags, QLatin1Char('#'), e.hashtags);
    tokens(t.cashtags, QLatin1Char('$'), e.cashtags);
    tokens(t.mentions, QLatin1Char('@'), e.mentions);

    // Links: the url itself when the text shows it, else the next unused t.co link.
    static const QRegularExpression tco(QStringLiteral(R"(https?://t\.co/\w+)"));
    QList<std::pair<qsizetype, qsizetype>> shortLinks;
    for (auto it = tco.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        shortLinks.append({ m.capturedStart(), m.capturedEnd() });
    }
    qsizetype nextShort = 0;
    for (const QString &url : t.urls) {
        const qsizetype pos = text.indexOf(url);
        if (pos >= 0 && !url.isEmpty()) {
            e.urls.append({ cp[pos], cp[pos + url.size()], url, url });
        } else if (nextShort < shortLinks.size()) {
            const auto [s, end] = shortLinks[nextShort++];
            e.urls.append({ cp[s], cp[end], url, text.mid(s, end - s) });
        } else {
            e.urls.append({ textEnd, textEnd, url, url });
        }
    }
    return e;
}

TweetEntities TweetEntities::within(int codePoints) const
{
    auto keep = [codePoints](const QList<EntitySpan> &in) {
        QList<EntitySpan> out;
        for (const EntitySpan &s : in) {
            if (s.end <= codePoints && s.start < s.end)
                out.append(s);
        }
        return out;
    };
    return TweetEntities { keep(hashtags), keep(cashtags), keep(mentions), keep(urls) };
}

} // namespace ts::archive
