// SPDX-License-Identifier: MIT
#pragma once

#include "searchrunner.h"
#include "timing.h"
#include "tweet/tweet.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace ts::search {

/// One stored run of a collection.
struct StoredRun
{
    qint64 id = 0;
    RunMode mode = RunMode::Sequential;
    QString provider; ///< providerName()
    QString baseUrl; ///< never with credentials
    qint64 startedAtMs = 0; ///< Unix epoch ms
    double wallMs = 0; ///< 0 while unfinished
    bool finished = false;
    SearchOptions options;
    QList<QueryResult> queries; ///< in the run's order, with their last known state
};

/// Where a query of a run stopped: what resume() continues from.
struct QueryProgress
{
    int pages = 0; ///< pages stored
    int tweets = 0; ///< tweets those pages held
    QString nextToken; ///< token of the next page to fetch; empty with done
    bool done = false; ///< the last page (or the page limit) was reached
};

/**
 * @brief A search collection: one SQLite file with the local archive's schema (tweets, via
 * ts::archive::ArchiveStore) plus the runs, their queries and options, every page with its next
 * token, every request's timings, and which queries matched each tweet.
 *
 * Written page by page as a run goes (docs/design.md, decision 11), so a run interrupted by a cancel,
 * a crash, a 429 or a dead network resumes from the stored next tokens. Use it on the thread
 * that opened it. The readers (forEachTweet, runs, requestTimings) are what exports use.
 */
class Collection
{
public:
    Collection();
    ~Collection();
    Collection(const Collection &) = delete;
    Collection &operator=(const Collection &) = delete;

    /// Opens or creates the file. readOnly opens an existing collection only (for export).
    bool open(const QString &path, QString *error, bool readOnly = false);
    void close();
    bool isOpen() const;
    QString path() const;

    // --- writing (used by SearchRunner) ---
    /// Records a new run and its queries; returns its id (0 and *error on failure).
    qint64 beginRun(RunMode mode, const QString &provider, const QString &baseUrl, const QStringList &queries,
        const SearchOptions &options, QString *error);
    /// Stores one page atomically with respect to resume: tweets (deduplicated by id), the
    /// tweet<->query membership, then the page row and the query's next token.
    /// A hydration page also stores its batch's missing ids, in the same transaction.
    bool writePage(qint64 runId, int queryIndex, int page, const QList<Tweet> &tweets, const QString &nextToken,
        bool lastPage, QString *error, const QList<MissingId> &missing = {});
    bool writeRequest(qint64 runId, const RequestTiming &timing, QString *error);
    bool writeQueryState(qint64 runId, int queryIndex, const QueryResult &state, QString *error);
    bool finishRun(qint64 runId, const RunSummary &summary, QString *error);

    // --- reading ---
    /// Every run, oldest first.
    QList<StoredRun> runs(QString *error = nullptr) const;
    std::optional<StoredRun> run(qint64 runId, QString *error = nullptr) const;
    /// The ids of a hydration run that did not come back, in batch order.
    QList<MissingId> missingIds(qint64 runId, QString *error = nullptr) const;
    /// Per-query resume points of a run, in query order.
    QList<QueryProgress> progress(qint64 runId, QString *error = nullptr) const;
    /// Every request of a run (all runs when runId is 0), in the order they were recorded.
    QList<RequestTiming> requestTimings(qint64 runId = 0, QString *error = nullptr) const;
    /// Every run's request rows as (run, timing) pairs, for a timings CSV over the whole file.
    QList<std::pair<StoredRun, RequestTiming>> allRequestTimings(QString *error = nullptr) const;

    qint64 tweetCount() const;
    /// Streams every stored tweet in created_at order (oldest first, then id), with the queries
    /// that matched it (query text, in first-match order), without loading the whole collection.
    /// The callback returns false to stop. Returns false and *error when reading failed.
    bool forEachTweet(
        const std::function<bool(const Tweet &, const QStringList &queries)> &callback, QString *error = nullptr) const;

    /// The stored tweets of ids, in that order (the table's visible rows): ids the collection
    /// does not have (a page that could not be saved) are left out, an id listed twice is
    /// returned once. With queries, (*queries)[i] are the queries that matched the i-th tweet
    /// returned (query text, first match first). withRawJson false leaves rawJson empty.
    /// nullopt and *error when reading failed. One statement per call: pass a few hundred ids.
    std::optional<QList<Tweet>> tweets(std::span<const quint64> ids, bool withRawJson,
        QList<QStringList> *queries = nullptr, QString *error = nullptr) const;
    /// The tweet with its raw JSON (the detail pane), or nullopt when the collection does not
    /// have it (yet) or reading failed (then *error says why).
    std::optional<Tweet> tweet(quint64 id, QString *error = nullptr) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::search
