// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QStringList>

namespace ts::test {

/// A tweet with the fields the table shows, for model and proxy tests.
inline Tweet makeTweet(quint64 id, const QString &text, const QString &author = QStringLiteral("alice"),
    TweetType type = TweetType::Tweet, const QString &lang = QStringLiteral("en"), qint64 likes = 0,
    const QStringList &hashtags = {})
{
    Tweet t;
    t.id = QString::number(id);
    t.createdAtMs = 1700000000000 + qint64(id) * 1000;
    t.text = text;
    t.authorUsername = author;
    t.type = type;
    t.lang = lang;
    t.likeCount = likes;
    t.retweetCount = likes / 2;
    t.replyCount = likes / 3;
    t.quoteCount = likes / 4;
    t.hashtags = hashtags;
    return t;
}

} // namespace ts::test
