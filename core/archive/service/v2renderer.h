// SPDX-License-Identifier: MIT
#pragma once

#include "archive/archivestore.h"

#include <QByteArray>
#include <QSet>
#include <QString>

namespace ts::archive {

/// What a v2 request asked to see: `tweet.fields` (or its synonym `post.fields`),
/// `expansions`, `user.fields`. Empty tweet fields = the default payload.
struct V2Fields
{
    QSet<QString> tweetFields;
    QSet<QString> expansions;
    QSet<QString> userFields;
};

/// Builds X API v2 JSON from stored tweets. Pure functions.
namespace v2 {

/// One tweet object (`data[]` element): always id, text, edit_history_tweet_ids; the
/// other keys only when requested in fields.tweetFields and known.
QByteArray renderTweet(const Tweet &t, const QSet<QString> &tweetFields);
/// A user object for `includes.users` (id, name, username always; user.fields on top).
QByteArray renderUser(const Tweet &authoredBy, const QSet<QString> &userFields);
/// A whole search page: `data` (absent when empty), `includes` (deduplicated, only the
/// keys the expansions ask for and that have content), `meta` (always). A stored tweet
/// whose raw JSON is v2 is served as it is.
QByteArray renderSearchPage(const QList<StoredTweet> &tweets, const V2Fields &fields, const QString &nextToken);
/// A tweet lookup answer (`GET /2/tweets?ids=`, or `/2/tweets/:id` with single): `data` (an
/// array, one object when single; absent when nothing was found), `includes` as for search, and
/// one "Not Found Error" problem per missing id in `errors` (absent when none). No `meta`.
QByteArray renderLookupPage(
    const QList<StoredTweet> &found, const QStringList &missingIds, const V2Fields &fields, bool single);
/// Counts page: `data` [{start,end,tweet_count}] (buckets in time order) and `meta.total_tweet_count`
/// (of this page), with `meta.next_token` when older buckets follow.
QByteArray renderCountsPage(const QList<CountBucket> &buckets, const QString &nextToken = {});

/// "2017-07-18T23:25:04.000Z"
QString isoTime(qint64 ms);

} // namespace v2
} // namespace ts::archive
