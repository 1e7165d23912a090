// SPDX-License-Identifier: MIT
#include "tweet.h"

namespace ts {

QString formatName(TweetFormat format)
{
    switch (format) {
    case TweetFormat::V2:
        return QStringLiteral("v2");
    case TweetFormat::Original:
        return QStringLiteral("original");
    case TweetFormat::ActivityStreams:
        return QStringLiteral("activity_streams");
    case TweetFormat::Bluesky:
        return QStringLiteral("bluesky");
    }
    return {};
}

QString typeName(TweetType type)
{
    switch (type) {
    case TweetType::Tweet:
        return QStringLiteral("tweet");
    case TweetType::Retweet:
        return QStringLiteral("retweet");
    case TweetType::Quote:
        return QStringLiteral("quote");
    case TweetType::Reply:
        return QStringLiteral("reply");
    }
    return {};
}

std::optional<TweetType> typeFromName(QStringView name)
{
    for (auto t : { TweetType::Tweet, TweetType::Retweet, TweetType::Quote, TweetType::Reply }) {
        if (name.compare(typeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}

} // namespace ts
