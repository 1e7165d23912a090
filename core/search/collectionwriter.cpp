// SPDX-License-Identifier: MIT
#include "collectionwriter.h"

#include "collection.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace ts::search {

namespace {

/// What the writer thread owns. Only ever touched from that thread (tasks run one at a time).
struct WriterState
{
    QString path;
    Collection collection;
    bool openTried = false;
    QString openError;

    /// Opens on first use, so the SQLite connection belongs to the writer thread.
    bool ready(QString *error)
    {
        if (!openTried) {
            openTried = true;
            collection.open(path, &openError);
        }
        if (!collection.isOpen() && error)
            *error = openError;
        return collection.isOpen();
    }
};

} // namespace

struct CollectionWriter::Private
{
    QThreadPool pool;
    std::shared_ptr<WriterState> state = std::make_shared<WriterState>();
    QPointer<QObject> context;
    ErrorHandler onError;

    /// Hands a failure to the handler on the context's thread.
    std::function<void(const QString &, const QString &)> reporter() const
    {
        return [context = context, onError = onError](const QString &what, const QString &error) {
            if (!context || !onError)
                return;
            QMetaObject::invokeMethod(
                context.data(), [context, onError, what, error] { onError(what, error); }, Qt::QueuedConnection);
        };
    }

    /// Runs fn(state, report) on the writer thread, after every task submitted before it.
    template <typename Fn> auto submit(Fn fn)
    {
        return QtConcurrent::run(
            &pool, [state = state, report = reporter(), fn = std::move(fn)] { return fn(*state, report); });
    }
};

CollectionWriter::CollectionWriter(const QString &path, QObject *context, ErrorHandler onError)
    : d(std::make_unique<Private>())
{
    // One thread that never retires: the connection must stay on the thread that opened it,
    // and one thread keeps the writes in the order they were submitted.
    d->pool.setMaxThreadCount(1);
    d->pool.setExpiryTimeout(-1);
    d->pool.setObjectName(QStringLiteral("CollectionWriter"));
    d->state->path = path;
    d->context = context;
    d->onError = std::move(onError);
}

CollectionWriter::~CollectionWriter()
{
    // Close on the writer thread, after the pending writes: the connection belongs to it.
    // (Not QFuture::waitForFinished(): it runs a task that has not started on the calling thread.)
    d->submit([](WriterState &s, const auto &) { s.collection.close(); });
    d->pool.waitForDone();
}

QString CollectionWriter::path() const
{
    return d->state->path;
}

QFuture<qint64> CollectionWriter::beginRun(RunMode mode, const QString &provider, const QString &baseUrl,
    const QStringList &queries, const SearchOptions &options)
{
    return d->submit([=](WriterState &s, const auto &report) -> qint64 {
        QString e;
        qint64 id = 0;
        if (s.ready(&e))
            id = s.collection.beginRun(mode, provider, baseUrl, queries, options, &e);
        if (!id)
            report(QStringLiteral("the run"), e);
        return id;
    });
}

void CollectionWriter::writePage(qint64 runId, int queryIndex, int page, const QList<Tweet> &tweets,
    const QString &nextToken, bool lastPage, const QList<MissingId> &missing)
{
    d->submit([=](WriterState &s, const auto &report) {
        QString e;
        if (s.ready(nullptr)
            && !s.collection.writePage(runId, queryIndex, page, tweets, nextToken, lastPage, &e, missing))
            report(QStringLiteral("page %1 of query %2").arg(page).arg(queryIndex + 1), e);
    });
}

void CollectionWriter::writeRequest(qint64 runId, const RequestTiming &timing)
{
    d->submit([=](WriterState &s, const auto &report) {
        QString e;
        if (s.ready(nullptr) && !s.collection.writeRequest(runId, timing, &e))
            report(QStringLiteral("a request timing"), e);
    });
}

void CollectionWriter::writeQueryState(qint64 runId, int queryIndex, const QueryResult &state)
{
    d->submit([=](WriterState &s, const auto &report) {
        QString e;
        if (s.ready(nullptr) && !s.collection.writeQueryState(runId, queryIndex, state, &e))
            report(QStringLiteral("the state of query %1").arg(queryIndex + 1), e);
    });
}

QFuture<bool> CollectionWriter::finishRun(qint64 runId, const RunSummary &summary)
{
    return d->submit([=](WriterState &s, const auto &report) {
        QString e;
        if (s.ready(nullptr) && s.collection.finishRun(runId, summary, &e))
            return true;
        report(QStringLiteral("the run summary"), e.isEmpty() ? s.openError : e);
        return false;
    });
}

} // namespace ts::search
