// SPDX-License-Identifier: MIT
#pragma once

#include "archiveschema.h"
#include "querylanguage.h"
#include "tweet/tweet.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <variant>

namespace ts::archive {

class RowBatch;

/// One search request against the store, already in the store's terms.
struct SearchParams
{
    QString query; ///< X v2 search syntax
    int maxQueryLength = 1024;
    std::optional<qint64> startMs; ///< inclusive
    std::optional<qint64> endMs; ///< exclusive
    std::optional<quint64> sinceId; ///< exclusive
    std::optional<quint64> untilId; ///< exclusive
    int maxResults = 10;
    QString pageToken; ///< from a previous SearchPage::nextToken; empty for the first page
    bool relevancy = false; ///< sort_order=relevancy; otherwise reverse-chronological
};

struct SearchPage
{
    QList<StoredTweet> tweets; ///< newest first (or by relevancy)
    QString nextToken; ///< opaque, stable, never expires; empty on the last page
};

enum class Granularity { Minute, Hour, Day };

struct CountBucket
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 count = 0;
};

/// The part of a counts request one page answers, and the token of the next (older) page.
struct CountsWindow
{
    qint64 startMs = 0; ///< inclusive
    qint64 endMs = 0; ///< exclusive
    QString nextToken; ///< empty on the last page
};

struct InsertStats
{
    qint64 inserted = 0;
    qint64 duplicates = 0; ///< already in the store (by id); skipped
};

/// Things that are not the query's fault: the store could not be opened, disk full, ...
struct StoreError
{
    QString message;
};

/**
 * @brief The SQLite archive (Qt Sql, QSQLITE, FTS5): tweets with their extracted
 * fields and a full-text index. The same schema holds a search run's collection.
 *
 * One instance owns one database connection and must be used on the thread that
 * opened it (QSqlDatabase's rule); open one instance per thread on the same file.
 */
class ArchiveStore
{
public:
    ArchiveStore();
    ~ArchiveStore();
    ArchiveStore(const ArchiveStore &) = delete;
    ArchiveStore &operator=(const ArchiveStore &) = delete;

    /// Opens or creates the file and its schema. readOnly opens an existing file only. A file
    /// that is not SQLite, or an SQLite file without the archive's tables that holds others, is
    /// refused and left unchanged.
    bool open(const QString &path, QString *error, bool readOnly = false);
    /// Why path, an existing non-empty file, cannot be an archive or collection because it is
    /// not an SQLite file ("FILE: not a Tweetscope archive or collection (not an SQLite file)..."),
    /// or empty when it is one, is empty or does not exist. Reads its first 16 bytes only.
    static QString notSqliteProblem(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const;

    std::variant<SearchPage, QueryError, StoreError> search(const SearchParams &params);
    std::variant<QList<CountBucket>, QueryError, StoreError> counts(
        const QString &query, int maxQueryLength, qint64 startMs, qint64 endMs, Granularity granularity);

    /// Paging of counts the way the real APIs do it (v2 /2/tweets/counts/all, Enterprise
    /// counts.json): a page holds at most maxSpanMs (31 days) of buckets, the newest first, and
    /// cuts on bucket boundaries. token is empty for the first page, else a nextToken of the same
    /// request; nullopt when it is not one. The same token always gives the same window.
    static std::optional<CountsWindow> countsWindow(qint64 startMs, qint64 endMs, Granularity granularity,
        const QString &token, qint64 maxSpanMs = 31 * 86400000LL);

    /// Inserts in one transaction, deduplicated by id. Errors (disk full) leave the store as it was.
    std::variant<InsertStats, StoreError> insert(const QList<Tweet> &tweets);

    /// Inserts rows a RowBuilder prepared (on any thread), like insert(). For bulk loads.
    std::variant<InsertStats, StoreError> insertRows(const RowBatch &rows);

    /// Bulk loading (import, generate): until endBulkLoad (or close), commits do not wait for
    /// the disk (a crash of the machine, not of the program, can lose the load), an empty
    /// archive keeps its journal in memory instead of the WAL, and the full-text index buffers
    /// 64 MB of terms before it writes a segment. A failed insert still rolls back.
    std::optional<StoreError> beginBulkLoad();
    /// Restores the normal settings, after merging the full-text index when mergeIndex.
    std::optional<StoreError> endBulkLoad(bool mergeIndex = true);

    /// Bulk loads into an empty archive build the full-text index on a second thread and
    /// connection, in a file of its own (`<archive>-index.partial`), and copy it in at the end
    /// (or at the first search or count before that). On by default; off builds it inline.
    /// Not used under a size limit. If the program stops mid-load, open() refuses the file.
    void setParallelIndexing(bool on);

    /// Caps the file size (a quota; also how tests provoke a full disk). 0 removes the cap.
    /// An insert that would pass it fails with a StoreError and leaves the store as it was.
    void setSizeLimit(qint64 bytes);

    /// Merges the full-text index into one segment (after a bulk load: pages of rare
    /// combinations get several times faster). Costs seconds of CPU per million tweets.
    std::optional<StoreError> optimize();

    qint64 tweetCount();
    /// Streams every stored tweet, oldest first (created_at order), one row at a time; the
    /// callback returns false to stop. False and *error when reading failed. (Added for
    /// collections: exports read them through ts::search::Collection::forEachTweet.)
    bool forEachTweet(const std::function<bool(const StoredTweet &)> &callback, QString *error = nullptr);
    /// The stored tweets of ids, in that order: ids the store does not have are left out, an id
    /// listed twice is returned once. withRawJson false leaves rawJson empty (a CSV without the
    /// raw_json column). nullopt and *error when reading failed. One statement per call (the
    /// ids are written into it): pass a few hundred ids at a time.
    std::optional<QList<StoredTweet>> tweetsById(
        std::span<const quint64> ids, bool withRawJson, QString *error = nullptr);
    /// Oldest and newest created_at in the store, for default time windows.
    std::optional<std::pair<qint64, qint64>> timeSpan();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::archive
