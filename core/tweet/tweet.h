// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace ts {

/// Which wire format a tweet was parsed from. Bluesky: an app.bsky.feed.defs#postView, whose id is
/// the post's 64-bit key and whose at:// URI is atproto::postUri() (core/tweet/atproto.h).
enum class TweetFormat : quint8 { V2, Original, ActivityStreams, Bluesky };

/// What kind of post a tweet is. A retweet of a reply is a retweet; a reply that
/// quotes is a quote (the reference parser's precedence: retweet > quote > reply).
enum class TweetType : quint8 { Tweet, Retweet, Quote, Reply };

/// A point on Earth. Always latitude/longitude, whatever order the payload used
/// (v1.1 `geo.coordinates` is [lat, lon]; v2 and GeoJSON are [lon, lat]).
struct Coordinates
{
    double lat = 0;
    double lon = 0;
    friend bool operator==(const Coordinates &, const Coordinates &) = default;
};

/**
 * @brief One tweet, normalized from any of the three formats (X API v2, v1.1
 * "original" with Gnip enrichments, Gnip activity streams).
 *
 * A plain value: cheap to move, safe to send through queued signals. Missing
 * optional fields are empty strings, empty lists, 0 or std::nullopt, never errors.
 */
struct Tweet
{
    QString id; ///< digit string, never a number (ids pass 2^53)
    qint64 createdAtMs = 0; ///< milliseconds since the Unix epoch, UTC
    TweetFormat format = TweetFormat::V2;
    TweetType type = TweetType::Tweet;

    /// The tweet's full text, never the truncated 140-character form
    /// (`extended_tweet.full_text`, `long_object.body`, v2 `note_tweet.text`).
    /// For a retweet: "RT @user: " followed by the full text of the retweeted tweet.
    QString text;
    /// tweet_parser's all_text: the non-empty parts of [text the user typed (empty for
    /// retweets), the full text of the quoted or retweeted tweet, poll options] joined by "\n".
    QString allText;

    QString authorId;
    QString authorUsername; ///< screen name, without '@'
    QString authorName; ///< display name
    qint64 authorFollowers = 0;
    bool authorVerified = false;

    QString lang; ///< BCP-47 code; empty when missing or "und"

    QStringList hashtags; ///< without '#', in order of appearance
    QStringList cashtags; ///< without '$'
    QStringList mentions; ///< usernames without '@'
    QStringList urls; ///< unwound, else expanded, else t.co
    QStringList mediaUrls;

    qint64 likeCount = 0;
    qint64 retweetCount = 0;
    qint64 replyCount = 0;
    qint64 quoteCount = 0;

    QString inReplyToStatusId;
    QString inReplyToUserId;
    QString conversationId;
    QString retweetedId;
    QString retweetedText; ///< full text of the retweeted tweet, when the payload has it
    /// Author id of the retweeted tweet, when the payload has it (archives do not store it:
    /// they tag the retweet with it, for retweets_of:<id>).
    QString retweetedAuthorId;
    QString quotedId;
    QString quotedText; ///< full text of the quoted tweet, when the payload has it

    QString source; ///< generator name ("Twitter Web App"), not the HTML anchor
    std::optional<Coordinates> coordinates;
    QString placeFullName;
    QString placeCountryCode;
    QStringList matchingRules; ///< Gnip matching rule tags (or values when untagged)

    /// The tweet object exactly as it arrived (for v2: the `data[]` element alone,
    /// without `includes`). Compact UTF-8 JSON.
    QByteArray rawJson;

    bool hasLinks() const { return !urls.isEmpty(); }
    bool hasMedia() const { return !mediaUrls.isEmpty(); }
};

/// Lower-case names used in the CLI's JSON and in CSV: "v2", "original", "activity_streams", "bluesky".
QString formatName(TweetFormat format);
/// "tweet", "retweet", "quote", "reply".
QString typeName(TweetType type);
std::optional<TweetType> typeFromName(QStringView name);

} // namespace ts

Q_DECLARE_TYPEINFO(ts::Coordinates, Q_PRIMITIVE_TYPE);
Q_DECLARE_TYPEINFO(ts::Tweet, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(ts::Tweet)
