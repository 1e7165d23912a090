// SPDX-License-Identifier: MIT
#pragma once

#include "searchrunner.h"
#include "tweet/tweetparser.h"

#include <QByteArray>
#include <QNetworkRequest>

#include <functional>
#include <memory>

class QSslConfiguration;

namespace ts::search {

/// A provider's published limits (docs/api-shapes.md). 0 means "none known".
struct ProviderLimits
{
    int minResults = 10; ///< per page
    int maxResults = 100; ///< per page
    int maxQueryLength = 512; ///< characters
    int windowRequests = 0; ///< requests allowed per window
    qint64 windowMs = 0; ///< window length
    double perSecond = 0; ///< hard per-second cap not reflected in headers (v2 /all: 1, Enterprise: 20)
};

/// One HTTP request, ready to hand to a QNetworkAccessManager.
struct PreparedRequest
{
    QNetworkRequest request;
    QByteArray verb; ///< "GET" or "POST"
    QByteArray body; ///< POST body (Enterprise)
    TransferLimits limits; ///< enforced by TransportPool::send() whatever the protocol
};

/// One page of results, or why the body could not be read.
struct PageData
{
    QList<Tweet> tweets;
    QString nextToken; ///< empty on the last page
    QStringList unreadableTweets; ///< one message per tweet of the page that could not be read
    QList<ApiProblem> problems; ///< partial errors that came with a 200
    QString error; ///< set when the body is not a readable page (truncated, malformed)
    bool ok() const { return error.isEmpty(); }
};

/**
 * @brief A search back end as a value: builds the request for (query, page token, options),
 * parses response bodies, describes API errors and states the published limits.
 *
 * Pure apart from TweetParser's buffers: no network, no QObject. Create one with create(),
 * which refuses configurations that would leak credentials (plain http to a remote host).
 */
class SearchProvider
{
public:
    /// Validates the connection (base URL, credentials, account/label); nullopt + *error when unusable.
    static std::optional<SearchProvider> create(const ConnectionConfig &connection, QString *error);
    /// What create() says of a base URL it cannot use (not http(s)://HOST[:PORT], or a user or
    /// password in it), secrets redacted; empty when it can. The GUI checks its base URL fields
    /// with it before a run.
    static QString baseUrlProblem(const QUrl &baseUrl);
    /// The one rule of a second provider (tweetscope-cli search --compare-provider, tweetscope
    /// --compare-provider, the GUI's "Also run on"): true when it would only repeat the first
    /// run, the same provider at the same base URL. Base URLs as given, empty for the default:
    /// the first's is its public host (for "local", the embedded archive); the second's is the
    /// first's archive when both are "local", else its public host. Compared by scheme, host,
    /// port (80 and 443 when absent) and path, without a trailing slash; "localhost" and
    /// 127.0.0.1 count as different hosts. The same provider at another base URL (a second
    /// archive, a staging server) is a comparison.
    static bool repeatsFirst(
        ProviderKind first, const QUrl &firstBaseUrl, ProviderKind second, const QUrl &secondBaseUrl);

    ProviderKind kind() const { return m_connection.provider; }
    const ConnectionConfig &connection() const { return m_connection; }
    /// The effective base URL (the public host when the configuration left it empty).
    QUrl baseUrl() const { return m_baseUrl; }
    /// The TLS configuration of every https request and pre-connect: the system CAs plus those of
    /// ConnectionConfig::caFile, ALPN h2 and http/1.1. One object, so a pre-connected
    /// connection matches the requests and is reused.
    const QSslConfiguration &tlsConfiguration() const { return *m_tls; }
    /// The endpoint path requests go to (e.g. "/2/tweets/search/recent").
    QString endpointPath() const;

    static ProviderLimits limitsFor(ProviderKind kind);
    /// The budget of the tweet lookup (`GET /2/tweets`), which hydration runs use.
    static ProviderLimits lookupLimitsFor(ProviderKind kind);
    /// X API v2 and the local archive have the tweet lookup; the others cannot hydrate.
    static bool supportsHydration(ProviderKind kind);
    ProviderLimits limits() const { return limitsFor(kind()); }
    static QUrl defaultBaseUrl(ProviderKind kind);

    /// max_results clamped into the provider's range.
    int clampMaxResults(int requested) const;

    /// Empty when the query may be sent; otherwise why not (too long, empty, invalid for the
    /// local query language). Checked before any request is sent.
    /// Hydrate: the query is a batch of tweet ids (hydration::validateBatch), and a provider
    /// without the tweet lookup says "hydration is not available for this provider".
    QString validateQuery(const QString &query, RunKind run = RunKind::Search) const;

    /// The one place requests are built (counts requests start from it too): authentication,
    /// the search page, or with options.kind Hydrate the tweet lookup of the ids in `query`;
    /// redirect policy (same origin only, checked by TransportPool's ReplyGuard), timeouts and the
    /// body bound from `options`.
    PreparedRequest buildRequest(const QString &query, const QString &pageToken, const SearchOptions &options) const;

    /// Parses a 2xx body into a page. Thread-safe as long as each thread passes its own parser.
    /// A body with TweetParser::padding bytes of spare capacity is read where it is (no copy);
    /// the tweets' rawJson then share its memory.
    static PageData parsePage(const QByteArray &body, TweetParser &parser);

    /// "Title: detail" from an error body (v2 problem, Enterprise {"error":{...}}), else the HTTP
    /// status and reason phrase. Never includes credentials.
    static QString describeError(int httpStatus, const QByteArray &reasonPhrase, QByteArrayView body);

    /// Bluesky: the session's access token that buildRequest() sends (SearchRunner signs in and
    /// refreshes it); empty before the session.
    void setAccessToken(const QString &token) { m_accessToken = token; }
    bool hasAccessToken() const { return !m_accessToken.isEmpty(); }
    /// Bluesky sessions: POST createSession with the handle and app password, POST
    /// refreshSession with the refresh token; the same origin, redirect and body rules.
    PreparedRequest buildCreateSession(const SearchOptions &options) const;
    PreparedRequest buildRefreshSession(const QString &refreshToken, const SearchOptions &options) const;
    struct Session
    {
        QString accessJwt, refreshJwt, did, handle;
    };
    /// A createSession / refreshSession answer; nullopt and *error when it is none.
    static std::optional<Session> parseSession(const QByteArray &body, QString *error);
    /// The XRPC error name of an error body ("ExpiredToken"), empty when there is none.
    static QString xrpcErrorName(QByteArrayView body);

    /// Extra pre-send check (query, maxLength) -> problem or empty. The local provider gets the
    /// archive's query language here, so an invalid query fails before any request.
    using QueryValidator = std::function<QString(const QString &, int)>;
    void setQueryValidator(QueryValidator validator) { m_queryValidator = std::move(validator); }

private:
    explicit SearchProvider(const ConnectionConfig &connection, const QUrl &baseUrl);
    /// Request options every request shares (timeouts, redirects, bounds, headers).
    void finish(PreparedRequest &out, const SearchOptions &options) const;
    ConnectionConfig m_connection;
    QUrl m_baseUrl;
    std::shared_ptr<const QSslConfiguration> m_tls;
    QueryValidator m_queryValidator;
    QString m_accessToken; ///< Bluesky session
};

/// Largest --ca-file read (a bundle of a few hundred CAs is about 200 KiB).
constexpr qint64 maxCaFileBytes = 4ll << 20;

/// The TLS configuration for a CA file (empty: the system's CAs only): ALPN h2 and http/1.1.
/// nullopt and *error, naming the file, when it cannot be read, is too large or holds no PEM
/// certificate.
std::optional<QSslConfiguration> tlsConfigurationFor(const QString &caFile, QString *error);

/// True for 127.0.0.0/8, ::1 and "localhost": the only hosts plain http may carry credentials to.
bool isLoopbackHost(const QString &host);

} // namespace ts::search
