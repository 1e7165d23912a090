// SPDX-License-Identifier: MIT
#pragma once
// A small real archive for chart tests and the demo: tweets that each mention one or two
// words of a vocabulary, spread over a time span, so every word is a query with known hits.

#include "archive/archivestore.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QStringList>

#include <variant>

namespace ts::testing {

inline QStringList chartWords(int n)
{
    static const QStringList base { QStringLiteral("eclipse"), QStringLiteral("nuclear"), QStringLiteral("korea"),
        QStringLiteral("cats"), QStringLiteral("ai"), QStringLiteral("memes") };
    static const QStringList more { QStringLiteral("climate"), QStringLiteral("election"), QStringLiteral("football"),
        QStringLiteral("bitcoin"), QStringLiteral("music"), QStringLiteral("rain"), QStringLiteral("science"),
        QStringLiteral("space"), QStringLiteral("coffee"), QStringLiteral("dogs"), QStringLiteral("tennis"),
        QStringLiteral("cinema"), QStringLiteral("garden"), QStringLiteral("trains"), QStringLiteral("pizza"),
        QStringLiteral("ocean") };
    QStringList out;
    for (int i = 0; i < n; ++i) {
        if (i < base.size())
            out.append(base.at(i));
        else if (i < base.size() + more.size())
            out.append(more.at(i - base.size()));
        else
            out.append(more.at(i % more.size()) + QString::number(i / more.size())); // "coffee3": one token
    }
    return out;
}

/// Writes `tweetsPerWord` tweets per word into a new archive at `path`, ending `endMs`, over `spanMs`.
inline bool makeChartArchive(
    const QString &path, const QStringList &words, int tweetsPerWord, qint64 endMs, qint64 spanMs, QString *error)
{
    archive::ArchiveStore store;
    if (!store.open(path, error))
        return false;
    QRandomGenerator rng(20240408);
    QList<Tweet> tweets;
    constexpr qint64 twepoch = 1288834974657LL;
    int n = 0;
    for (int w = 0; w < words.size(); ++w) {
        // Popular words first: the volume lines differ in height.
        const int count = tweetsPerWord * 2 / (1 + w % 4);
        for (int i = 0; i < count; ++i) {
            Tweet t;
            t.createdAtMs = endMs - qint64(rng.generateDouble() * double(spanMs));
            t.id = QString::number(((t.createdAtMs - twepoch) << 22) | (n & 0x3fffff));
            t.text = QStringLiteral("%1 news number %2").arg(words.at(w)).arg(i);
            t.allText = t.text;
            t.authorId = QString::number(1000 + n % 50);
            t.authorUsername = QStringLiteral("user%1").arg(n % 50);
            t.authorName = QStringLiteral("User %1").arg(n % 50);
            t.lang = QStringLiteral("en");
            t.conversationId = t.id;
            tweets.append(t);
            ++n;
        }
    }
    const auto inserted = store.insert(tweets);
    if (!std::holds_alternative<archive::InsertStats>(inserted)) {
        if (error)
            *error = QStringLiteral("could not fill the chart archive");
        return false;
    }
    return true;
}

} // namespace ts::testing
