// SPDX-License-Identifier: MIT
#include "exportrunner.h"

#include "export/tweetexporter.h"
#include "search/collection.h"
#include "tweetlookup.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFutureWatcher>
#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <atomic>
#include <memory>
#include <span>

namespace ts::ui {

using ts::exporter::ExportResult;

namespace {

// The tweets of ids in that order, with the queries that matched each, streamed: a chunk of
// ids is read from the collection by id, written, and dropped, so only the ids (8 bytes a
// row) and one chunk of tweets are in memory however many rows are visible. Tweets the
// collection lacks (a page that could not be saved) are skipped.
ExportResult exportRows(const QString &collectionPath, const std::vector<quint64> &ids,
    const ts::exporter::ExportOptions &options, const ts::exporter::ProgressCallback &progress)
{
    ExportResult result;
    TweetLookup lookup;
    if (!lookup.open(collectionPath, &result.error))
        return result;
    ts::exporter::ExportOptions opts = options;
    if (!opts.jsonlPath.isEmpty()) {
        // Rebuilt pages say where and when the tweets were fetched, as a whole export does.
        ts::search::Collection collection;
        QString ignored; // a plain archive has no runs: the page metadata stays empty
        if (collection.open(collectionPath, &ignored, true)) {
            const QList<ts::search::StoredRun> runs = collection.runs();
            if (!runs.isEmpty() && opts.jsonl.sourceUrl.isEmpty())
                opts.jsonl.sourceUrl = runs.constLast().baseUrl;
            if (!runs.isEmpty() && !opts.jsonl.retrievedAt.isValid())
                opts.jsonl.retrievedAt = QDateTime::fromMSecsSinceEpoch(runs.constLast().startedAtMs, Qt::UTC);
        }
    }
    const bool withRaw = !opts.jsonlPath.isEmpty()
        || std::any_of(opts.csv.columns.begin(), opts.csv.columns.end(),
            [](const ts::exporter::CsvColumn &c) { return c.field == ts::exporter::CsvField::RawJson; });

    ts::exporter::TweetExporter exporter(opts);
    if (!exporter.open()) {
        result.error = exporter.errorString();
        return result;
    }
    const auto total = qint64(ids.size());
    const std::span<const quint64> all(ids);
    QList<QStringList> queries;
    for (size_t at = 0; at < all.size(); at += kExportChunk) {
        if (progress && !progress(qint64(at), total)) {
            exporter.cancel();
            result.cancelled = true;
            result.error = QStringLiteral("cancelled");
            return result;
        }
        const std::optional<QList<Tweet>> chunk
            = lookup.tweets(all.subspan(at, std::min(kExportChunk, all.size() - at)), withRaw, &queries, &result.error);
        if (!chunk) {
            exporter.cancel();
            return result;
        }
        for (qsizetype i = 0; i < chunk->size(); ++i)
            exporter.addTweet(chunk->at(i), queries.at(i));
        if (exporter.failed())
            break; // finish() reports the write error and leaves the old file
    }
    if (progress)
        progress(total, total);
    result.ok = exporter.finish();
    if (!result.ok)
        result.error = exporter.errorString();
    result.tweets = exporter.tweets();
    return result;
}

} // namespace

ExportResult exportCollection(
    const QString &collectionPath, const ExportRequest &request, const ts::exporter::ProgressCallback &progress)
{
    if (request.kind == ExportKind::Timings)
        return ts::exporter::exportCollectionTimings(collectionPath, request.target);
    ts::exporter::ExportOptions options;
    if (request.kind == ExportKind::Jsonl) {
        options.jsonlPath = request.target;
    } else {
        options.csvPath = request.target;
        options.csv.excel = request.kind == ExportKind::Excel;
        options.csv.columns = request.columns;
    }
    if (request.ids)
        return exportRows(collectionPath, *request.ids, options, progress);
    return ts::exporter::exportCollection(collectionPath, options, progress);
}

void exportCollectionInBackground(QWidget *parent, const QString &collectionPath, ExportRequest request,
    std::function<void(const ExportResult &)> done)
{
    auto *dialog
        = new QProgressDialog(QCoreApplication::translate("CollectionExport", "Exporting to %1…").arg(request.target),
            QCoreApplication::translate("CollectionExport", "Cancel"), 0, 100, parent);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The worker reads these; the dialog (GUI thread) writes the cancel flag.
    auto cancel = std::make_shared<std::atomic_bool>(false);
    auto percent = std::make_shared<std::atomic_int>(0);
    QObject::connect(dialog, &QProgressDialog::canceled, dialog, [cancel] { cancel->store(true); });
    auto *poll = new QTimer(dialog);
    QObject::connect(poll, &QTimer::timeout, dialog, [dialog, percent] { dialog->setValue(percent->load()); });
    poll->start(100);

    auto *watcher = new QFutureWatcher<ExportResult>(dialog);
    QPointer<QWidget> guard(parent);
    QObject::connect(watcher, &QFutureWatcher<ExportResult>::finished, dialog, [watcher, dialog, guard, done] {
        const ExportResult result = watcher->result();
        dialog->close();
        if (guard)
            done(result);
    });
    watcher->setFuture(QtConcurrent::run([collectionPath, request = std::move(request), cancel, percent] {
        return exportCollection(collectionPath, request, [cancel, percent](qint64 n, qint64 total) {
            if (total > 0)
                percent->store(int(std::min<qint64>(99, n * 100 / total)));
            return !cancel->load();
        });
    }));
}

} // namespace ts::ui
