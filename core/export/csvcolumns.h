// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ts::exporter {

/// What a CSV column shows; one value per Tweet field (plus the matching queries).
enum class CsvField : quint8 {
    Queries,
    Id,
    CreatedAt,
    AuthorId,
    AuthorUsername,
    AuthorName,
    AuthorFollowers,
    AuthorVerified,
    Type,
    Format,
    Lang,
    Text,
    AllText,
    LikeCount,
    RetweetCount,
    ReplyCount,
    QuoteCount,
    Hashtags,
    Cashtags,
    Mentions,
    Urls,
    MediaUrls,
    InReplyToStatusId,
    InReplyToUserId,
    ConversationId,
    QuotedId,
    QuotedText,
    RetweetedId,
    RetweetedText,
    Source,
    Coordinates,
    Latitude,
    Longitude,
    PointType,
    PlaceFullName,
    PlaceCountryCode,
    MatchingRules,
    RawJson,
};

/**
 * @brief One CSV column: its header name, the field it shows and how values are spelled.
 *
 * Tweetscope's own names join lists with a space (hashtags, cashtags, mentions and URLs hold
 * no whitespace) and the queries with a line break; booleans are true/false; coordinates
 * are "lat,lon". twarc-csv names (its DEFAULT_TWEET_COLUMNS) keep twarc-csv's spelling so scripts
 * written for it work: lists as JSON arrays (`["a", "b"]`), booleans True/False,
 * `geo.coordinates.coordinates` as GeoJSON `[lon, lat]`.
 */
struct CsvColumn
{
    enum class Style : quint8 { Tweetscope, Twarc };
    QString name;
    CsvField field = CsvField::Id;
    Style style = Style::Tweetscope;

    friend bool operator==(const CsvColumn &, const CsvColumn &) = default;
};

/// queries, id, created_at, author_username, author_name, type, lang, text, like_count,
/// retweet_count, reply_count, quote_count, hashtags, mentions, urls, in_reply_to_status_id,
/// quoted_id, retweeted_id, source, coordinates. Stable: scripts rely on this order.
QList<CsvColumn> defaultCsvColumns();

/// Every column name accepted by csvColumnsFromNames(): Tweetscope's names, then twarc-csv's.
QStringList csvColumnNames();

/// Columns for names in the given order (e.g. from `--columns a,b,c`). Names are
/// case-sensitive and trimmed. On an unknown name returns nullopt and sets *error to a
/// message naming it and listing the valid names (twarc-csv columns a Tweet cannot fill are
/// named as such).
std::optional<QList<CsvColumn>> csvColumnsFromNames(const QStringList &names, QString *error);

/// True for columns that hold tweet or user ids (kept as text in Excel mode).
bool isIdField(CsvField field);

} // namespace ts::exporter
