// SPDX-License-Identifier: MIT
#pragma once

#include "countsrequest.h"
#include "searchrunner.h"

#include <QObject>

#include <memory>

namespace ts::search {

/// The counts of one query: every bucket from every page, or why they could not be fetched.
struct QueryCounts
{
    QString query;
    QList<CountsBucket> buckets;
    qint64 total = 0; ///< sum of the buckets
    int requests = 0; ///< pages fetched (retries included)
    double wallMs = 0; ///< first request sent to last page parsed
    QueryStatus status = QueryStatus::Queued;
    QString error; ///< the API's own title and detail, when status is Error
};

/**
 * @brief Fetches tweet counts (tweets per minute, hour or day) for several queries at once,
 * without fetching tweets: every query's counts request goes out concurrently, pages are
 * followed by their next token, and each query's buckets arrive as soon as it is done.
 *
 * 5xx answers and dropped connections are retried with backoff; a 429 waits for the reset
 * time the API gives (up to a limit); any other error fails that query with the API's own
 * message while the other queries go on.
 */
class CountsFetcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxPages = 200; ///< per query: a guard against a server that never stops paging
    static constexpr int MaxRetries = 3;
    /// Slack over SearchOptions::maxRateLimitWaitMs: a full window plus its pacing margin still waits.
    static constexpr qint64 RateLimitWaitGraceMs = 5000;

    explicit CountsFetcher(QObject *parent = nullptr);
    ~CountsFetcher() override;

    /// Starts counting; false (and *error says why) when the connection is unusable, there are
    /// no queries, or counting is already going. Invalid queries fail on their own, the rest go on.
    /// From `options`: startTime, endTime, transferTimeoutMs, retryBaseDelayMs, maxRateLimitWaitMs,
    /// maxBodyBytes, requestDeadlineMs.
    bool start(const ConnectionConfig &connection, const QStringList &queries, CountsGranularity granularity,
        const SearchOptions &options, QString *error = nullptr);
    /// Aborts every request; queries not done end as cancelled. finished() follows.
    void cancel();
    bool isRunning() const;

    CountsGranularity granularity() const;
    const QList<QueryCounts> &results() const;

Q_SIGNALS:
    /// Per query: running ("page k" in `detail`), rate limited ("rate limited until HH:MM:SS"), ok, error, cancelled.
    /// state.tweets is the number counted so far and state.pages the pages fetched.
    void queryStateChanged(int queryIndex, const ts::search::QueryResult &state, const QString &detail);
    /// A query is done (ok, error or cancelled), with its buckets.
    void queryCounted(int queryIndex, const ts::search::QueryCounts &counts);
    /// Every query is done.
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::search

Q_DECLARE_TYPEINFO(ts::search::QueryCounts, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(ts::search::QueryCounts)
