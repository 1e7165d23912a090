// SPDX-License-Identifier: MIT
#pragma once
// The tweets of the chart tests and the demo: each mentions one word of a vocabulary, spread
// over a time span, so every word is a query with known hits. Written into an archive with
// the suite's one fixture, ts::testing::writeArchive (tests/support/testarchive.h).

#include "tweet/tweet.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QStringList>

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

/// `tweetsPerWord` tweets per word (more for the first words), ending `endMs`, over `spanMs`.
inline QList<Tweet> chartTweets(const QStringList &words, int tweetsPerWord, qint64 endMs, qint64 spanMs)
{
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
    return tweets;
}

} // namespace ts::testing
