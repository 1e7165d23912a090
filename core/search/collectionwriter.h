// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"
#include "tweet/tweet.h"

#include <QFuture>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace ts::search {

struct SearchOptions;

/**
 * @brief Writes a search collection on a thread of its own, so that SQLite inserts (tweets, the
 * full-text index, membership) never stall the event loop of the runner that produces them.
 *
 * It opens its own connection to the collection file (WAL: readers on other connections, such
 * as the caller's Collection, see every committed page). Writes run one at a time in the order
 * they were submitted; writePage, writeRequest and writeQueryState return at once and report a
 * failure through the error handler, on the handler's context thread. beginRun and finishRun
 * return futures: finishRun's resolves after every write submitted before it is committed.
 * The destructor waits for the pending writes.
 */
class CollectionWriter
{
public:
    /// Called on the context object's thread with what could not be saved and why.
    using ErrorHandler = std::function<void(const QString &what, const QString &error)>;

    CollectionWriter(const QString &path, QObject *context, ErrorHandler onError);
    ~CollectionWriter();
    CollectionWriter(const CollectionWriter &) = delete;
    CollectionWriter &operator=(const CollectionWriter &) = delete;

    QString path() const;

    /// The new run's id, or 0 after a failure (reported to the handler too).
    QFuture<qint64> beginRun(RunMode mode, const QString &provider, const QString &baseUrl, const QStringList &queries,
        const SearchOptions &options);
    void writePage(qint64 runId, int queryIndex, int page, const QList<Tweet> &tweets, const QString &nextToken,
        bool lastPage, const QList<MissingId> &missing = {});
    void writeRequest(qint64 runId, const RequestTiming &timing);
    void writeQueryState(qint64 runId, int queryIndex, const QueryResult &state);
    /// True when the summary and every write before it were saved.
    QFuture<bool> finishRun(qint64 runId, const RunSummary &summary);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::search
