// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"
#include "tweet/tweet.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

namespace ts::search {

/// Which API a run talks to. Names as on the command line (INTERFACES.md).
enum class ProviderKind : quint8 { Local, XRecent, XAll, Enterprise30Day, EnterpriseFullArchive };

QString providerName(ProviderKind kind); ///< "local", "x-recent", "x-all", "enterprise-30day", "enterprise-fullarchive"
std::optional<ProviderKind> providerFromName(QStringView name);

/// Where and how to connect. Secrets live here only in memory; never log or persist this struct.
struct ConnectionConfig
{
    ProviderKind provider = ProviderKind::Local;
    QUrl baseUrl; ///< empty: the provider's public host (for Local: must be set to the running archive)
    QString account; ///< Enterprise
    QString label; ///< Enterprise
    QString bearerToken; ///< X API v2 (and optional for the local archive)
    QString username; ///< Enterprise Basic auth
    QString password;
};

/// What to fetch for every query of a run.
struct SearchOptions
{
    int maxResults = 100; ///< per page; clamped to the provider's range
    int pages = 1; ///< per query; 0 = until the last page
    std::optional<QDateTime> startTime;
    std::optional<QDateTime> endTime;
    int maxConcurrency = 0; ///< 0 = all queries at once (within rate limits)
    int transferTimeoutMs = 30000;
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
    bool start(const ConnectionConfig &connection, const QStringList &queries, RunMode mode,
               const SearchOptions &options);
    /// Sequential run, then concurrent run of the same queries; emits runFinished twice, then finished.
    bool startCompare(const ConnectionConfig &connection, const QStringList &queries, const SearchOptions &options);
    /// Aborts every request promptly; what was fetched stays (and is in the collection).
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void runStarted(ts::search::RunMode mode, const QStringList &queries);
    /// state.status changes: queued, running (page k in `detail`), rate limited ("rate limited until
    /// HH:MM:SS" in `detail`), ok, error (the API's title and detail), cancelled.
    void queryStateChanged(int queryIndex, const ts::search::QueryResult &state, const QString &detail);
    /// New tweets of one page (already deduplicated across queries within the run are still sent;
    /// the receiver merges by id and lists every query that matched).
    void pageReceived(int queryIndex, const QList<ts::Tweet> &tweets);
    void requestFinished(ts::search::RunMode mode, const ts::search::RequestTiming &timing);
    void runFinished(const ts::search::RunSummary &summary);
    /// After the last run (one for start, two for startCompare), or after cancel.
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::search
