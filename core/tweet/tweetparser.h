// SPDX-License-Identifier: MIT
#pragma once

#include "tweet.h"

#include <QByteArrayView>

#include <memory>

namespace ts {

/// A problem object that an API returned next to (or instead of) data: v2 partial
/// errors (`errors[]` beside `data`), v2 problem bodies, Enterprise `{"error":{...}}`.
struct ApiProblem
{
    QString title; ///< "Not Found Error", "Invalid Request", ...
    QString detail; ///< human-readable detail or message
    QString type; ///< problem type URI, when given
    QString resourceId; ///< the id the partial error is about, when given
    QString parameter; ///< v2 partial errors: the parameter it is about ("ids", "referenced_tweets.id", ...)
};

/// What one JSON document held: a v2 page, an Enterprise page, a twarc line, or one tweet.
struct ParsedDocument
{
    /// BlueskyPage: app.bsky.feed.searchPosts' {"posts": [postView...], "cursor"}.
    enum class Kind : quint8 { SingleTweet, V2Page, EnterprisePage, BlueskyPage };
    Kind kind = Kind::SingleTweet;
    QList<Tweet> tweets; ///< in document order
    /// Partial errors; never fatal when tweets are present. Besides the API's own, the parser
    /// adds "Invalid included tweet" (an includes.tweets element left out of the page: not an
    /// object, no id, or bytes that are not UTF-8; resourceId = its id) and "Invalid UTF-8"
    /// (bytes replaced with U+FFFD in the page's other tweets and includes).
    QList<ApiProblem> errors;
    QString nextToken; ///< v2 `meta.next_token`, Enterprise `next` or Bluesky `cursor`; empty on the last page
    int resultCount = -1; ///< v2 `meta.result_count`, -1 when absent
    /// Tweets inside the document that could not be read (the rest were kept), one message each.
    QStringList tweetErrors;
};

/// Either a parsed document or a clear message of what is wrong with it.
struct ParseResult
{
    std::optional<ParsedDocument> document;
    QString error; ///< set when document is empty: "not a tweet: no 'id' key", "invalid JSON at byte 17: ..."
    bool ok() const { return document.has_value(); }
};

/// The account an X account archive belongs to (its data/account.js): the archive's tweets
/// carry no user object, they are all this account's.
struct AccountOwner
{
    QString id; ///< accountId
    QString username; ///< username, without '@'
    QString name; ///< accountDisplayName
};

/**
 * @brief Parses tweet payloads in every format the search APIs return, with format
 * auto-detection. Pure: bytes in, values out. Uses simdjson on-demand.
 *
 * Holds parser buffers for reuse, so keep one per thread; it is not thread-safe.
 */
class TweetParser
{
public:
    TweetParser();
    ~TweetParser();
    TweetParser(const TweetParser &) = delete;
    TweetParser &operator=(const TweetParser &) = delete;

    /// How many bytes of capacity parseInPlace() needs after a document (simdjson's padding).
    static constexpr qsizetype padding = 64;

    /// Parses one JSON document: a whole API page (v2, Enterprise, twarc line) or a single tweet.
    /// The document is copied once; the tweets' rawJson share that copy (one block per document,
    /// freed with the last tweet that holds it).
    ParseResult parse(QByteArrayView json);
    /**
     * Same as parse(), without the copy when json has at least `padding` bytes of free capacity
     * after its end (e.g. after `json.reserve(json.size() + TweetParser::padding)`): the
     * document is read where it is, and the tweets' rawJson share json's memory. Such rawJson
     * are not '\0'-terminated (use their size()). Without the capacity it is parse(json).
     */
    ParseResult parseInPlace(const QByteArray &json);
    /**
     * One element of an X account archive's tweets file (docs/x-account-archive.md):
     * `{"tweet": {...}}`, or the bare tweet object of older archives. The tweet is a v1.1
     * "original" tweet without `user` (counts and indices may be strings); its author is owner.
     * A tweet whose text starts with "RT @" is a retweet (the archive keeps no retweeted_status).
     */
    ParseResult parseAccountArchiveTweet(QByteArrayView json, const AccountOwner &owner);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts

Q_DECLARE_TYPEINFO(ts::ApiProblem, Q_RELOCATABLE_TYPE);
