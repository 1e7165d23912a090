// SPDX-License-Identifier: MIT
#include "csvcolumns.h"

#include <iterator>

namespace ts::exporter {

namespace {

using Style = CsvColumn::Style;

struct NamedField
{
    const char *name;
    CsvField field;
};

// Tweetscope's own column names. The first 20 entries are the default set, in order.
constexpr NamedField ownColumns[] = {
    { "queries", CsvField::Queries },
    { "id", CsvField::Id },
    { "created_at", CsvField::CreatedAt },
    { "author_username", CsvField::AuthorUsername },
    { "author_name", CsvField::AuthorName },
    { "type", CsvField::Type },
    { "lang", CsvField::Lang },
    { "text", CsvField::Text },
    { "like_count", CsvField::LikeCount },
    { "retweet_count", CsvField::RetweetCount },
    { "reply_count", CsvField::ReplyCount },
    { "quote_count", CsvField::QuoteCount },
    { "hashtags", CsvField::Hashtags },
    { "mentions", CsvField::Mentions },
    { "urls", CsvField::Urls },
    { "in_reply_to_status_id", CsvField::InReplyToStatusId },
    { "quoted_id", CsvField::QuotedId },
    { "retweeted_id", CsvField::RetweetedId },
    { "source", CsvField::Source },
    { "coordinates", CsvField::Coordinates },
    // optional columns
    { "author_id", CsvField::AuthorId },
    { "author_followers", CsvField::AuthorFollowers },
    { "author_verified", CsvField::AuthorVerified },
    { "format", CsvField::Format },
    { "all_text", CsvField::AllText },
    { "cashtags", CsvField::Cashtags },
    { "media_urls", CsvField::MediaUrls },
    { "in_reply_to_user_id", CsvField::InReplyToUserId },
    { "conversation_id", CsvField::ConversationId },
    { "quoted_text", CsvField::QuotedText },
    { "retweeted_text", CsvField::RetweetedText },
    { "lat", CsvField::Latitude },
    { "lon", CsvField::Longitude },
    { "place_full_name", CsvField::PlaceFullName },
    { "place_country_code", CsvField::PlaceCountryCode },
    { "matching_rules", CsvField::MatchingRules },
    { "raw_json", CsvField::RawJson },
};
constexpr int defaultColumnCount = 20;

// twarc-csv's DEFAULT_TWEET_COLUMNS that a Tweet can fill, with the same meaning.
// (id, created_at, text, lang, source, author_id, conversation_id, in_reply_to_user_id and
// matching_rules are the same name in both sets and resolve to the Tweetscope column.)
constexpr NamedField twarcColumns[] = {
    { "referenced_tweets.replied_to.id", CsvField::InReplyToStatusId },
    { "referenced_tweets.retweeted.id", CsvField::RetweetedId },
    { "referenced_tweets.quoted.id", CsvField::QuotedId },
    { "public_metrics.reply_count", CsvField::ReplyCount },
    { "public_metrics.retweet_count", CsvField::RetweetCount },
    { "public_metrics.quote_count", CsvField::QuoteCount },
    { "public_metrics.like_count", CsvField::LikeCount },
    { "entities.cashtags", CsvField::Cashtags },
    { "entities.hashtags", CsvField::Hashtags },
    { "entities.mentions", CsvField::Mentions },
    { "entities.urls", CsvField::Urls },
    { "attachments.media", CsvField::MediaUrls },
    { "author.id", CsvField::AuthorId },
    { "author.username", CsvField::AuthorUsername },
    { "author.name", CsvField::AuthorName },
    { "author.public_metrics.followers_count", CsvField::AuthorFollowers },
    { "author.verified", CsvField::AuthorVerified },
    { "geo.coordinates.coordinates", CsvField::Coordinates },
    { "geo.coordinates.type", CsvField::PointType },
    { "geo.full_name", CsvField::PlaceFullName },
    { "geo.country_code", CsvField::PlaceCountryCode },
};

// twarc-csv columns whose data a Tweet does not keep: named in the error, not silently empty.
constexpr const char *twarcOnlyColumns[] = {
    "in_reply_to_username",
    "retweeted_user_id",
    "retweeted_username",
    "quoted_user_id",
    "quoted_username",
    "public_metrics.impression_count",
    "public_metrics.bookmark_count",
    "reply_settings",
    "edit_history_tweet_ids",
    "edit_controls.edits_remaining",
    "edit_controls.editable_until",
    "edit_controls.is_edit_eligible",
    "possibly_sensitive",
    "withheld.scope",
    "withheld.copyright",
    "withheld.country_codes",
    "entities.annotations",
    "context_annotations",
    "attachments.media_keys",
    "attachments.poll.duration_minutes",
    "attachments.poll.end_datetime",
    "attachments.poll.id",
    "attachments.poll.options",
    "attachments.poll.voting_status",
    "attachments.poll_ids",
    "author.created_at",
    "author.description",
    "author.entities.description.cashtags",
    "author.entities.description.hashtags",
    "author.entities.description.mentions",
    "author.entities.description.urls",
    "author.entities.url.urls",
    "author.url",
    "author.location",
    "author.pinned_tweet_id",
    "author.profile_image_url",
    "author.protected",
    "author.public_metrics.following_count",
    "author.public_metrics.listed_count",
    "author.public_metrics.tweet_count",
    "author.verified_type",
    "author.withheld.scope",
    "author.withheld.copyright",
    "author.withheld.country_codes",
    "geo.country",
    "geo.geo.bbox",
    "geo.geo.type",
    "geo.id",
    "geo.name",
    "geo.place_id",
    "geo.place_type",
    "__twarc.retrieved_at",
    "__twarc.url",
    "__twarc.version",
};

std::optional<CsvColumn> findColumn(const QString &name)
{
    for (const auto &c : ownColumns) {
        if (name == QLatin1String(c.name))
            return CsvColumn { name, c.field, Style::Tweetscope };
    }
    for (const auto &c : twarcColumns) {
        if (name == QLatin1String(c.name))
            return CsvColumn { name, c.field, Style::Twarc };
    }
    return std::nullopt;
}

} // namespace

QList<CsvColumn> defaultCsvColumns()
{
    QList<CsvColumn> columns;
    columns.reserve(defaultColumnCount);
    for (int i = 0; i < defaultColumnCount; ++i)
        columns.append({ QLatin1String(ownColumns[i].name), ownColumns[i].field, Style::Tweetscope });
    return columns;
}

QStringList csvColumnNames()
{
    QStringList names;
    for (const auto &c : ownColumns)
        names.append(QLatin1String(c.name));
    for (const auto &c : twarcColumns)
        names.append(QLatin1String(c.name));
    return names;
}

std::optional<QList<CsvColumn>> csvColumnsFromNames(const QStringList &names, QString *error)
{
    QList<CsvColumn> columns;
    for (const QString &raw : names) {
        const QString name = raw.trimmed();
        if (auto column = findColumn(name)) {
            columns.append(*column);
            continue;
        }
        if (error) {
            QString why = QStringLiteral("unknown column '%1'").arg(name);
            for (const char *twarcOnly : twarcOnlyColumns) {
                if (name == QLatin1String(twarcOnly)) {
                    why = QStringLiteral("column '%1' is a twarc-csv column that Tweetscope does not keep").arg(name);
                    break;
                }
            }
            if (name.isEmpty())
                why = QStringLiteral("empty column name");
            *error = why + QStringLiteral("; valid columns: ") + csvColumnNames().join(QLatin1Char(','));
        }
        return std::nullopt;
    }
    if (columns.isEmpty()) {
        if (error)
            *error = QStringLiteral("no columns given; valid columns: ") + csvColumnNames().join(QLatin1Char(','));
        return std::nullopt;
    }
    return columns;
}

bool isIdField(CsvField field)
{
    switch (field) {
    case CsvField::Id:
    case CsvField::AuthorId:
    case CsvField::InReplyToStatusId:
    case CsvField::InReplyToUserId:
    case CsvField::ConversationId:
    case CsvField::QuotedId:
    case CsvField::RetweetedId:
        return true;
    default:
        return false;
    }
}

} // namespace ts::exporter
