// SPDX-License-Identifier: MIT
#pragma once

#include "querylanguage.h"

#include <QString>

/// The `tags` column of the full-text index holds one token per exact-match fact of a tweet
/// (hashtags, mentions, author, reply target, language, flags, ...). Values are folded and
/// hex-encoded so that each fact is exactly one unicode61 token: `#just_bought` must not match
/// `#just #bought`, and no tag can collide with a word of the text. Prefixes never end in a hex
/// digit when another prefix could follow with one (see the table in archiveschema.cpp).
namespace ts::archive::tags {

inline QString hexTag(QLatin1String prefix, QStringView value)
{
    return prefix + QString::fromLatin1(QueryLanguage::fold(value).toUtf8().toHex());
}

inline QString idTag(QLatin1String prefix, QStringView digits)
{
    return prefix + digits;
}

inline QString hashtag(QStringView v)
{
    return hexTag(QLatin1String("h"), v);
}
inline QString mention(QStringView v)
{
    return hexTag(QLatin1String("m"), v);
}
inline QString cashtag(QStringView v)
{
    return hexTag(QLatin1String("c"), v);
}
inline QString fromUser(QStringView v)
{
    return hexTag(QLatin1String("f"), v);
}
inline QString fromId(QStringView v)
{
    return idTag(QLatin1String("fi"), v);
}
inline QString toUser(QStringView v)
{
    return hexTag(QLatin1String("t"), v);
}
inline QString toId(QStringView v)
{
    return idTag(QLatin1String("ti"), v);
}
inline QString retweetOfUser(QStringView v)
{
    return hexTag(QLatin1String("r"), v);
}
inline QString retweetOfUserId(QStringView v)
{
    return idTag(QLatin1String("ri"), v);
}
inline QString conversation(QStringView v)
{
    return idTag(QLatin1String("v"), v);
}
inline QString inReplyToTweet(QStringView v)
{
    return idTag(QLatin1String("ir"), v);
}
inline QString retweetOfTweet(QStringView v)
{
    return idTag(QLatin1String("rt"), v);
}
inline QString quoteOfTweet(QStringView v)
{
    return idTag(QLatin1String("qt"), v);
}
inline QString lang(QStringView v)
{
    return hexTag(QLatin1String("l"), v);
}
inline QString country(QStringView v)
{
    return hexTag(QLatin1String("k"), v);
}
/// Flags: "xretweet", "xreply", "xquote", "xverified", "xlinks", "xmedia", "ximages", "xvideos",
/// "xhashtags", "xmentions", "xcashtags", "xgeo"; every row also has "xall".
inline QString flag(QStringView name)
{
    return QLatin1String("x") + name;
}

} // namespace ts::archive::tags
