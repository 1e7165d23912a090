// SPDX-License-Identifier: MIT
#pragma once

#include "requestpacer.h"
#include "timing.h"
#include "tweet/tweet.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

namespace ts::search {

/// Which API a run talks to. Names as on the command line (docs/cli.md).
/// Bluesky: app.bsky.feed.searchPosts after a session (docs/bluesky.md).
enum class ProviderKind : quint8 { Local, XRecent, XAll, Enterprise30Day, EnterpriseFullArchive, Bluesky };

/// "local", "x-recent", "x-all", "enterprise-30day", "enterprise-fullarchive", "bluesky"
QString providerName(ProviderKind kind);
std::optional<ProviderKind> providerFromName(QStringView name);

/// Where and how to connect. Secrets live here only in memory; never log or persist this struct.
struct ConnectionConfig
{
    ProviderKind provider = ProviderKind::Local;
    QUrl baseUrl; ///< empty: the provider's public host (for Local: must be set to the running archive)
    QString account; ///< Enterprise
    QString label; ///< Enterprise
    QString bearerToken; ///< X API v2 (and optional for the local archive)
    QString username; ///< Enterprise Basic auth; Bluesky: the handle (or DID) to sign in with
    QString password; ///< Enterprise password; Bluesky: an app password
    /// A PEM file of CA certificates trusted for https in addition to the system's (--ca-file);
    /// empty: the system's only. Never a reason to ignore a TLS error.
    QString caFile;
    /// Client-side pacing budget when it is known better than the provider's published limits
    /// (e.g. a local archive started with --rate-limit 1/s); empty: the provider's. Headers
    /// refine it during a run. The --rate-limit grammar: ts::parseRateLimit.
    QList<RateLimitWindow> rateLimit;
};

/// The allowed ranges of SearchOptions::maxConcurrency and ::pages, wherever a person sets them
/// (tweetscope-cli search and hydrate, the GUI's options and its spin boxes; docs/reliability.md,
/// "Run options"). 0 is allowed for both: all queries at once, and every page to the last.
inline constexpr int kMaxConcurrencyBound = 1024;
inline constexpr int kMaxPagesBound = 1000000;
/// The range of SearchOptions::maxResults wherever a person sets it (tweetscope-cli search
/// --max-results, tweetscope --max-results, the GUI's *Tweets per page*): every provider's own
/// range lies within it (SearchProvider::limitsFor, from 1 for Bluesky to 500 for X full archive,
/// Enterprise and the local archive), and each provider clamps the value into its own range.
inline constexpr int kMaxResultsFloor = 1;
inline constexpr int kMaxResultsBound = 500;

/// What to fetch for every query of a run.
struct SearchOptions
{
    int maxResults = 100; ///< per page; clamped to the provider's range
    int pages = 1; ///< per query; 0 = until the last page
    int maxTweets = 0; ///< per query, across pages (--limit); 0 = no limit. The last page may pass it
                       ///< by less than the provider's smallest page
    std::optional<QDateTime> startTime;
    std::optional<QDateTime> endTime;
    QString sinceId; ///< X API v2 and the local archive only: newer than this tweet id (exclusive)
    QString untilId; ///< likewise: older than this tweet id (exclusive)
    int maxConcurrency = 0; ///< 0 = all queries at once (within rate limits)
    int transferTimeoutMs = 30000; ///< inactivity timeout of every request
    int maxRetries = 4; ///< retries of one page after 5xx, timeouts, dropped connections, unreadable bodies
    int retryBaseDelayMs = 500; ///< first backoff; doubles per retry, with jitter
    int retryMaxDelayMs = 30000;
    int maxRateLimitWaits = 20; ///< 429s one page may wait out before its query fails
    /// Longest single rate-limit wait (a 429's reset, or the pacing slot it leads to); a longer
    /// one fails the query with "rate limited until HH:MM:SS". Default: one 15-minute window.
    qint64 maxRateLimitWaitMs = 15 * 60 * 1000;
    qint64 maxBodyBytes = 64ll << 20; ///< largest response body; a larger one fails its request
    qint64 requestDeadlineMs = 300000; ///< total time of one request (0 = none); --timeout is inactivity only
    /// Hydrate: every query is a batch of tweet ids (core/search/hydration.h), fetched with one
    /// tweet lookup; the page, time and id bounds above do not apply then.
    RunKind kind = RunKind::Search;
    /// HTTP/2 connections to spread a run's streams over (0: TransportPool's default, decided by
    /// measurement, docs/benchmarks.md). Ignored for HTTP/1.1.
    int http2Connections = 0;
};

class Collection;

/**
 * @brief Runs several search queries sequentially, concurrently, or both (compare), on the
 * Qt event loop with QCoro coroutines, and reports pages, per-request timings and per-query
 * state as value types through signals. Nothing fetched is ever dropped.
 */
class SearchRunner : public QObject
{
    Q_OBJECT
public:
    explicit SearchRunner(QObject *parent = nullptr);
    ~SearchRunner() override;

    /// When set, every page is written to the collection as it arrives (and a run can resume).
    void setCollection(Collection *collection);

    /// Starts one run (Sequential or Concurrent). Returns false (and emits nothing) when a run is going.
    bool start(
        const ConnectionConfig &connection, const QStringList &queries, RunMode mode, const SearchOptions &options);
    /// Sequential run, then concurrent run of the same queries; emits runFinished twice, then finished.
    bool startCompare(const ConnectionConfig &connection, const QStringList &queries, const SearchOptions &options);
    /// The same queries on each connection's provider, one run after another in `mode` (each has
    /// the client to itself, so their timings compare); runFinished once per provider (its
    /// RunSummary::provider says which), then finished. Every provider and every query is
    /// checked before anything is sent: false and *error (naming the provider) when one cannot
    /// run. A collection gets one run per provider; resume() continues the last of them.
    bool startAcross(const QList<ConnectionConfig> &connections, const QStringList &queries, RunMode mode,
        const SearchOptions &options, QString *error = nullptr);
    /// startAcross's checks alone (nothing starts): empty when every provider can run every
    /// query, else what startAcross would say (naming the provider).
    static QString acrossProblem(
        const QList<ConnectionConfig> &connections, const QStringList &queries, const SearchOptions &options);
    /// Continues the collection's last run where it stopped: queries that completed are skipped,
    /// the others go on from their stored next tokens (nothing fetched is fetched again).
    /// Uses the run's stored queries, mode and options. False when there is nothing to resume
    /// (no collection, no run, or every query completed); *error says why.
    bool resume(const ConnectionConfig &connection, QString *error = nullptr);
    /// Opens connections to the connection's host ahead of the first request, with the TLS
    /// configuration of the requests (so they reuse them), for about expectedInFlight requests
    /// at once; the protocol the server negotiates sets the transport up (docs/design.md,
    /// "HTTPS and HTTP/2"). Connections stay open between runs. Nothing is sent; false only
    /// when the connection is unusable (*error says why; start() would say the same). The
    /// connections of two places are kept at once (startAcross: call it for each provider, and
    /// the second provider's run finds its connections warm too); a third place takes the
    /// connections of the one pre-connected or run longest ago.
    bool preconnect(const ConnectionConfig &connection, int expectedInFlight, QString *error = nullptr);
    /// Aborts every request promptly; what was fetched stays (and is in the collection).
    void cancel();
    bool isRunning() const;

    /// The queries of the current (or last) run.
    QStringList queries() const;
    /// Where the current (or last) run sends its requests, without user info: known from
    /// runStarted on, the same text as its RunSummary::baseUrl (empty before any run).
    QString baseUrl() const;
    /// Query indexes that matched each tweet id in the current (or last) run.
    QHash<QString, QList<int>> tweetQueries() const;
    /// Results so far of the current (or last) run, one per query.
    QList<QueryResult> queryResults() const;

Q_SIGNALS:
    /// queries as shown: a hydration's batches by their labels ("batch 3 (100 ids)").
    void runStarted(ts::search::RunMode mode, const QStringList &queries);
    /// state.status changes: queued, running (page k in `detail`), rate limited ("rate limited until
    /// HH:MM:SS" in `detail`), ok, error (the API's title and detail), cancelled.
    void queryStateChanged(int queryIndex, const ts::search::QueryResult &state, const QString &detail);
    /// New tweets of one page (already deduplicated across queries within the run are still sent;
    /// the receiver merges by id and lists every query that matched).
    ///
    /// Merging: keep one row per Tweet::id and append the query (queries().at(queryIndex)) to that
    /// row's query list when the id is already there. tweetQueries() gives the same membership.
    void pageReceived(int queryIndex, const QList<ts::Tweet> &tweets);
    void requestFinished(ts::search::RunMode mode, const ts::search::RequestTiming &timing);
    void runFinished(const ts::search::RunSummary &summary);
    /// After the last run (one for start, two for startCompare), or after cancel.
    void finished();
    /// Writing to the collection failed (disk full, read-only file): the run goes on, fetched
    /// tweets still arrive through pageReceived, and the message says what could not be saved.
    void collectionError(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::search
