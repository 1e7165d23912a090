// SPDX-License-Identifier: MIT
//
// Archive schema (version 1). Table and column names are stable: a search collection's
// tables (runs, queries, page tokens, timings; see ts::search::Collection) live in the same
// file, added by their own code, and every reader of tweets goes through readRow() below.
//
//   archive_meta(key TEXT PRIMARY KEY, value)          schema_version, tweet_count, keys_are_ids,
//                                                      unfinished_load (during a bulk load into an
//                                                      empty archive; open() refuses such a file)
//   tweets(
//     sort_key INTEGER PRIMARY KEY,  order key: ORDER BY sort_key DESC is reverse-chronological.
//                                    = the tweet id when the id is a snowflake of created_at
//                                    (every tweet since 2010), else ((created_at - twepoch) << 22)
//                                    | (id & 0x3fffff), + 1 on the rare collision.
//     id INTEGER NOT NULL UNIQUE,    the tweet id (digit string as a 64-bit integer)
//     created_at INTEGER NOT NULL,   ms since the epoch, UTC
//     format INTEGER,                wire format of raw_json: 0 v2, 1 original, 2 activity streams,
//                                    3 Bluesky PostView (id: the post's 64-bit key, core/tweet/atproto.h;
//                                    author_id its DID, author_username its handle)
//     type INTEGER,                  0 tweet, 1 retweet, 2 quote, 3 reply
//     text, all_text,
//     author_id, author_username, author_name, author_followers, author_verified,
//     lang,                          BCP 47, NULL for und/missing
//     in_reply_to_status_id, in_reply_to_user_id, conversation_id,
//     retweeted_id, retweeted_text, quoted_id, quoted_text,   ids as TEXT digit strings
//     like_count, retweet_count, reply_count, quote_count,
//     has_links, has_media, has_images, has_hashtags, has_mentions, has_cashtags, has_geo (0/1),
//     hashtags, cashtags, mentions, urls, media_urls   (TEXT, one value per line, in order)
//     lat REAL, lon REAL, place_full_name, place_country_code,
//     source, matching_rules (one per line), raw_json BLOB)
//   tweets_fts: FTS5, contentless (content=''), rowid = tweets.sort_key, columns
//     text  (the tweet's text; for retweets "RT @user: <full text>"),
//     urls  (the URLs, tokenized, for url:),
//     tags  (one token per exact-match fact, see ftstags.h: h<hex> hashtag, m<hex> mention,
//            c<hex> cashtag, f<hex>/fi<id> author, t<hex>/ti<id> reply target,
//            r<hex>/ri<id> retweeted author, v<id> conversation, ir<id> replied tweet,
//            rt<id> retweeted tweet, qt<id> quoted tweet, l<hex> lang, k<hex> country,
//            x<flag> flags, xall on every row)
//     tokenize "unicode61 remove_diacritics 2 categories 'L* N* Co M* So Sk'" (emoji are words).
//
// Queries drive from the FTS index in rowid (= sort_key) order, so a 100-tweet page reads
// about 100 index entries whatever the number of hits; time bounds become sort_key bounds.
// Rows are written by RowBuilder (rowbatch.cpp: the cells in the order of kInsertTweet).
#include "archiveschema.h"

#include <QByteArray>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <string_view>

namespace ts::archive::schema {

namespace {

constexpr char kColumns[] = "t.sort_key, t.id, t.created_at, t.format, t.type, t.text, t.all_text, t.author_id, "
                            "t.author_username, t.author_name, t.author_followers, t.author_verified, t.lang, "
                            "t.in_reply_to_status_id, t.in_reply_to_user_id, t.conversation_id, t.retweeted_id, "
                            "t.retweeted_text, t.quoted_id, t.quoted_text, t.like_count, t.retweet_count, "
                            "t.reply_count, t.quote_count, t.hashtags, t.cashtags, t.mentions, t.urls, t.media_urls, "
                            "t.lat, t.lon, t.place_full_name, t.place_country_code, t.source, t.matching_rules, "
                            "t.raw_json";
constexpr char kRawJson[] = "t.raw_json";
static_assert(std::string_view(kColumns).ends_with(kRawJson));
static_assert(std::ranges::count(std::string_view(kColumns), ',') + 1 == kTweetColumnCount);

} // namespace

const char *const kCreateIndex
    = "CREATE VIRTUAL TABLE IF NOT EXISTS tweets_fts USING fts5(text, urls, tags, content='',"
      " tokenize=\"unicode61 remove_diacritics 2 categories 'L* N* Co M* So Sk'\")";

const char *const kInsertTweet
    = "INSERT INTO tweets (sort_key, id, created_at, format, type, text, all_text, author_id, author_username,"
      " author_name, author_followers, author_verified, lang, in_reply_to_status_id, in_reply_to_user_id,"
      " conversation_id, retweeted_id, retweeted_text, quoted_id, quoted_text, like_count, retweet_count,"
      " reply_count, quote_count, has_links, has_media, has_images, has_hashtags, has_mentions, has_cashtags,"
      " has_geo, hashtags, cashtags, mentions, urls, media_urls, lat, lon, place_full_name, place_country_code,"
      " source, matching_rules, raw_json)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
      " ON CONFLICT(id) DO NOTHING";

std::span<const char *const> createStatements()
{
    static const char *const statements[] = {
        "CREATE TABLE IF NOT EXISTS archive_meta (key TEXT PRIMARY KEY, value)",
        "CREATE TABLE IF NOT EXISTS tweets ("
        " sort_key INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, created_at INTEGER NOT NULL,"
        " format INTEGER NOT NULL DEFAULT 0, type INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, all_text TEXT,"
        " author_id TEXT, author_username TEXT, author_name TEXT, author_followers INTEGER, author_verified INTEGER,"
        " lang TEXT, in_reply_to_status_id TEXT, in_reply_to_user_id TEXT, conversation_id TEXT,"
        " retweeted_id TEXT, retweeted_text TEXT, quoted_id TEXT, quoted_text TEXT,"
        " like_count INTEGER, retweet_count INTEGER, reply_count INTEGER, quote_count INTEGER,"
        " has_links INTEGER, has_media INTEGER, has_images INTEGER, has_hashtags INTEGER, has_mentions INTEGER,"
        " has_cashtags INTEGER, has_geo INTEGER,"
        " hashtags TEXT, cashtags TEXT, mentions TEXT, urls TEXT, media_urls TEXT,"
        " lat REAL, lon REAL, place_full_name TEXT, place_country_code TEXT, source TEXT, matching_rules TEXT,"
        " raw_json BLOB)",
        kCreateIndex,
    };
    return statements;
}

QLatin1String tweetColumns()
{
    return QLatin1String(kColumns);
}

QLatin1String tweetColumnsWithoutRawJson()
{
    static const QByteArray columns = QByteArray(kColumns).chopped(sizeof(kRawJson) - 1) + "NULL";
    return QLatin1String(columns);
}

QStringList splitList(const QVariant &value)
{
    return value.toString().split(QLatin1Char(kListSeparator), Qt::SkipEmptyParts);
}

StoredTweet readRow(const QSqlQuery &q, int first)
{
    const auto value = [&q, first](int column) { return q.value(first + column); };
    StoredTweet s;
    Tweet &t = s.tweet;
    t.id = QString::number(value(1).toLongLong());
    t.createdAtMs = value(2).toLongLong();
    const int format = value(3).toInt();
    t.format = format == 1 ? TweetFormat::Original
        : format == 2      ? TweetFormat::ActivityStreams
        : format == 3      ? TweetFormat::Bluesky
                           : TweetFormat::V2;
    s.rawFormat = t.format;
    const int type = value(4).toInt();
    t.type = type == 1 ? TweetType::Retweet
        : type == 2    ? TweetType::Quote
        : type == 3    ? TweetType::Reply
                       : TweetType::Tweet;
    t.text = value(5).toString();
    t.allText = value(6).toString();
    t.authorId = value(7).toString();
    t.authorUsername = value(8).toString();
    t.authorName = value(9).toString();
    t.authorFollowers = value(10).toLongLong();
    t.authorVerified = value(11).toInt() != 0;
    t.lang = value(12).toString();
    t.inReplyToStatusId = value(13).toString();
    t.inReplyToUserId = value(14).toString();
    t.conversationId = value(15).toString();
    t.retweetedId = value(16).toString();
    t.retweetedText = value(17).toString();
    t.quotedId = value(18).toString();
    t.quotedText = value(19).toString();
    t.likeCount = value(20).toLongLong();
    t.retweetCount = value(21).toLongLong();
    t.replyCount = value(22).toLongLong();
    t.quoteCount = value(23).toLongLong();
    t.hashtags = splitList(value(24));
    t.cashtags = splitList(value(25));
    t.mentions = splitList(value(26));
    t.urls = splitList(value(27));
    t.mediaUrls = splitList(value(28));
    const QVariant lat = value(29);
    const QVariant lon = value(30);
    if (!lat.isNull() && !lon.isNull())
        t.coordinates = Coordinates { lat.toDouble(), lon.toDouble() };
    t.placeFullName = value(31).toString();
    t.placeCountryCode = value(32).toString();
    t.source = value(33).toString();
    t.matchingRules = splitList(value(34));
    t.rawJson = value(35).toByteArray();
    return s;
}

} // namespace ts::archive::schema
