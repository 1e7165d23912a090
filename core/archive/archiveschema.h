// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QString>
#include <QStringList>

#include <span>

class QSqlQuery;
class QVariant;

namespace ts::archive {

/// A stored tweet: all extracted fields, plus the raw JSON it arrived as (empty for
/// generated tweets, which the service renders from the fields).
struct StoredTweet
{
    Tweet tweet; ///< tweet.rawJson holds the raw payload when there is one
    TweetFormat rawFormat = TweetFormat::V2;
};

/**
 * The archive's schema, in one place: the statements that create it, the columns a stored
 * tweet is read from and how a row becomes a Tweet. Everything that reads or writes the
 * tweets table (ArchiveStore, ts::search::Collection, the exports) goes through here; the
 * table layout and its meaning are described in archiveschema.cpp.
 */
namespace schema {

/// The schema version this program writes; a file with a newer one is refused.
inline constexpr int kVersion = 1;

/// CREATE ... IF NOT EXISTS for archive_meta, tweets and tweets_fts, in that order.
std::span<const char *const> createStatements();
/// The full-text index's CREATE statement (IndexBuilder creates it in a file of its own).
extern const char *const kCreateIndex;
/// INSERT INTO tweets binding sort_key, then RowBatch's TweetCells cells (id .. raw_json);
/// a row whose id is stored already is skipped (ON CONFLICT(id) DO NOTHING).
extern const char *const kInsertTweet;

/// The tweets table's columns that readRow() reads, in its order, for `SELECT ... FROM tweets t`:
/// "t.sort_key, t.id, ..., t.raw_json".
QLatin1String tweetColumns();
/// The same with NULL in raw_json's place (readers that do not need the payload).
QLatin1String tweetColumnsWithoutRawJson();
/// How many columns tweetColumns() names; the first is sort_key, the last raw_json.
inline constexpr int kTweetColumnCount = 36;

/// List columns (hashtags, cashtags, mentions, urls, media_urls, matching_rules) hold one value
/// per line, in order; an empty list is NULL.
inline constexpr char kListSeparator = '\n';
/// A list column's values (empty for NULL).
QStringList splitList(const QVariant &value);

/// The tweet in the current row of q, whose columns from `first` on are tweetColumns().
StoredTweet readRow(const QSqlQuery &q, int first = 0);

} // namespace schema

} // namespace ts::archive
