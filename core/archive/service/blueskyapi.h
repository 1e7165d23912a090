// SPDX-License-Identifier: MIT
#pragma once

#include "archive/archivestore.h"
#include "httpanswer.h"
#include "requestparser.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <variant>

namespace ts::archive {

/**
 * @brief The local archive's Bluesky XRPC side (docs/bluesky.md): app.bsky.feed.searchPosts over
 * the same store, posts rendered as app.bsky.feed.defs#postView objects derived from the stored
 * tweets, com.atproto.server.createSession / refreshSession, and XRPC errors.
 */
namespace bluesky {

/// Bounds of a searchPosts request (the lexicon's).
inline constexpr int kMinLimit = 1;
inline constexpr int kMaxLimit = 100;
inline constexpr int kDefaultLimit = 25;
inline constexpr int kMaxTagBytes = 640;
inline constexpr int kMaxTags = 10; ///< ours: tags are ANDed; more is a 400
inline constexpr int kMaxQueryLength = 1024; ///< characters of q, after which the store's query is too long
/// Text of a rendered post: at most this many code points (Bluesky allows 300 graphemes).
inline constexpr int kMaxTextCodePoints = 300;

/// {"error": name, "message": message} with the status.
HttpAnswer error(int status, const QString &name, const QString &message);
/// The XRPC error of an HTTP status (429 RateLimitExceeded, 500 InternalServerError, ...).
HttpAnswer errorForStatus(int status);

/// A validated searchPosts request, in the store's terms. noMatch: a filter names an account the
/// archive cannot have (an unknown handle or DID), so the answer is an empty page.
struct SearchPostsRequest
{
    SearchParams params;
    bool noMatch = false;
};
std::variant<SearchPostsRequest, HttpAnswer> parseSearchPosts(const QueryItems &items);

/// {"posts": [...], "cursor"?: ...}. Stored Bluesky posts are served as they arrived.
QByteArray renderSearchPosts(const QList<StoredTweet> &tweets, const QString &cursor);
/// One postView derived from a stored tweet (docs/bluesky.md, "Posts from tweets").
QByteArray renderPostView(const StoredTweet &stored);
/// The at:// URI a stored tweet has in the Bluesky shape.
QString postUriFor(const Tweet &t);

/// Sessions of the service (its thread only): short-lived access tokens, refresh tokens.
class Sessions
{
public:
    /// At most this many live sessions; the oldest goes when a new one would pass it.
    static constexpr int kMaxSessions = 4096;
    struct Options
    {
        QString identifier; ///< empty: any identifier
        QString password; ///< empty: any password
        qint64 accessTtlMs = 2 * 3600 * 1000; ///< the PDS's access tokens last 2 hours
        qint64 refreshTtlMs = 90LL * 24 * 3600 * 1000;
    };
    explicit Sessions(Options options);

    /// POST createSession body -> 200 session, 400 InvalidRequest, 401 AuthenticationRequired.
    HttpAnswer create(const QByteArray &body, qint64 nowMs);
    /// POST refreshSession with "Bearer <refreshJwt>" -> a new pair; the old refresh token ends.
    HttpAnswer refresh(const QByteArray &authorization, qint64 nowMs);
    /// Authorization of a searchPosts request: nullopt when it may go on, else the error answer
    /// (401 AuthMissing, 400 InvalidToken / ExpiredToken).
    std::optional<HttpAnswer> check(const QByteArray &authorization, qint64 nowMs) const;

private:
    struct Token
    {
        qint64 expiresMs = 0;
        QString did, handle;
        bool refresh = false;
    };
    HttpAnswer issue(const QString &did, const QString &handle, qint64 nowMs);
    QByteArray makeToken(const char *scope, const QString &did, qint64 nowMs, qint64 ttlMs);
    Options m_options;
    QHash<QByteArray, Token> m_tokens;
    QList<QByteArray> m_order; ///< tokens oldest first, for the bound
};

} // namespace bluesky
} // namespace ts::archive
