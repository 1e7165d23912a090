// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QList>
#include <QString>

namespace ts::archive {

/// Where an entity sits in a tweet's text, in Unicode code points (as the APIs count).
struct EntitySpan
{
    int start = 0;
    int end = 0;
    QString value; ///< tag without '#'/'$', username without '@', or the expanded url
    QString shortUrl; ///< urls only: the t.co (or literal) link in the text
};

/// The entities of a tweet with positions, found in its text. A stored tweet keeps its
/// hashtags, mentions and urls as plain lists; the wire formats want offsets.
struct TweetEntities
{
    QList<EntitySpan> hashtags;
    QList<EntitySpan> cashtags;
    QList<EntitySpan> mentions;
    QList<EntitySpan> urls;

    /// Locates each entity of t in text (in order of appearance). An entity that is not in
    /// the text (e.g. a url hidden behind a t.co link that the text does not show) gets an
    /// empty span at the end of the text, so that no entity is lost.
    static TweetEntities locate(const QString &text, const Tweet &t);
    /// Only the entities that end within the first `codePoints` code points (for the
    /// truncated 140-character text of long tweets).
    TweetEntities within(int codePoints) const;
};

/// Number of Unicode code points in s.
int codePointCount(const QString &s);
/// The first n code points of s.
QString leftCodePoints(const QString &s, int n);

} // namespace ts::archive
