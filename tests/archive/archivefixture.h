// SPDX-License-Identifier: MIT
#pragma once

// A small hand-made archive for the query-language and store tests: eight tweets that
// between them exercise every operator (text, entities, reply/retweet/quote, geo, media).

#include "archive/archivestore.h"
#include "tweet/tweet.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

namespace ts::archive::testing {

constexpr qint64 kTwepoch = 1288834974657LL;

inline qint64 baseMs()
{
    return QDateTime(QDate(2026, 10, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
}

/// A snowflake id for a creation time, like the ones X hands out.
inline QString snowflake(qint64 ms, int sequence)
{
    return QString::number(((ms - kTwepoch) << 22) | (sequence & 0xfff));
}

inline Tweet makeTweet(int n, const QString &text, const QString &authorId, const QString &username)
{
    Tweet t;
    t.createdAtMs = baseMs() + n * 60000LL;
    t.id = snowflake(t.createdAtMs, n);
    t.text = text;
    t.allText = text;
    t.authorId = authorId;
    t.authorUsername = username;
    t.authorName = username.toUpper();
    t.authorFollowers = 10 * n;
    t.lang = QStringLiteral("en");
    t.source = QStringLiteral("Twitter Web App");
    t.conversationId = t.id;
    return t;
}

/// Tweet k (1-based) of the list is fixtureTweets()[k - 1].
inline QList<Tweet> fixtureTweets()
{
    QList<Tweet> l;
    Tweet t1 = makeTweet(1, QStringLiteral("I love cats and dogs"), QStringLiteral("101"), QStringLiteral("alice"));
    t1.hashtags = { QStringLiteral("Cats") };
    t1.mentions = { QStringLiteral("bob") };
    t1.likeCount = 42;
    l << t1;

    Tweet t2 = makeTweet(
        2, QStringLiteral("Eclipse tonight! Café au lait ☕ 🐱"), QStringLiteral("102"), QStringLiteral("bob"));
    t2.lang = QStringLiteral("fr");
    t2.urls = { QStringLiteral("https://example.com/eclipse") };
    t2.coordinates = Coordinates { 40.7128, -74.0060 };
    t2.placeFullName = QStringLiteral("Manhattan, NY");
    t2.placeCountryCode = QStringLiteral("US");
    l << t2;

    Tweet t3 = makeTweet(3, QStringLiteral("@alice cats are great"), QStringLiteral("103"), QStringLiteral("carol"));
    t3.type = TweetType::Reply;
    t3.inReplyToStatusId = t1.id;
    t3.inReplyToUserId = QStringLiteral("101");
    t3.conversationId = t1.id;
    t3.mentions = { QStringLiteral("alice") };
    l << t3;

    Tweet t4 = makeTweet(
        4, QStringLiteral("RT @alice: I love cats and dogs"), QStringLiteral("104"), QStringLiteral("dave"));
    t4.type = TweetType::Retweet;
    t4.retweetedId = t1.id;
    t4.retweetedText = t1.text;
    t4.allText = t1.text;
    t4.mentions = { QStringLiteral("alice") };
    t4.hashtags = { QStringLiteral("Cats") };
    l << t4;

    Tweet t5 = makeTweet(
        5, QStringLiteral("Nuclear power is the future $TSLA"), QStringLiteral("105"), QStringLiteral("erin"));
    t5.type = TweetType::Quote;
    t5.authorVerified = true;
    t5.quotedId = t2.id;
    t5.quotedText = t2.text;
    t5.cashtags = { QStringLiteral("TSLA") };
    t5.mediaUrls = { QStringLiteral("https://pbs.twimg.com/media/abc.jpg") };
    l << t5;

    Tweet t6 = makeTweet(6, QStringLiteral("just bought a house in Paris #JustBoughtAHouse"), QStringLiteral("101"),
        QStringLiteral("alice"));
    t6.hashtags = { QStringLiteral("JustBoughtAHouse") };
    t6.coordinates = Coordinates { 48.8566, 2.3522 };
    t6.placeCountryCode = QStringLiteral("FR");
    l << t6;

    Tweet t7 = makeTweet(7, QStringLiteral("コリア korea news 한국"), QStringLiteral("106"), QStringLiteral("frank"));
    t7.lang = QStringLiteral("ko");
    t7.mediaUrls = { QStringLiteral("https://video.twimg.com/ext_tw_video/1/pu/vid/720x1280/x.mp4") };
    l << t7;

    Tweet t8
        = makeTweet(8, QStringLiteral("Coca-Cola memes are the best"), QStringLiteral("102"), QStringLiteral("bob"));
    l << t8;
    return l;
}

} // namespace ts::archive::testing
