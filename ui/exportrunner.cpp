// SPDX-License-Identifier: MIT
#include "exportrunner.h"

#include "export/tweetexporter.h"
#include "idindex.h"
#include "search/collection.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <atomic>
#include <memory>

namespace ts::ui {

using ts::exporter::ExportResult;

namespace {

// The tweets of ids in that order, with the queries that matched each, from one pass over
// the collection. Tweets the collection lacks (a page that could not be saved) are skipped.
ExportResult exportRows(const QString &collectionPath, const std::vector<quint64> &ids,
    const ts::exporter::ExportOptions &options, const ts::exporter::ProgressCallback &progress)
{
    ExportResult result;
    ts::search::Collection collection;
    if (!collection.open(collectionPath, &result.error, true))
        return result;
    IdIndex position;
    position.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        if (position.value(ids[i]) < 0)
            position.insert(ids[i], int(i));
    }
    const bool keepRaw = std::any_of(options.csv.columns.begin(), options.csv.columns.end(),
        [](const ts::exporter::CsvColumn &c) { return c.field == ts::exporter::CsvField::RawJson; });
    // Only the tweets asked for are kept, in the collection's order, then put in the view's.
    QList<Tweet> found;
    QList<QStringList> foundQueries;
    std::vector<std::pair<int, int>> order; // (position in ids, index in found)
    // Reading is the first half of the progress, writing the second.
    const qint64 stored = collection.tweetCount();
    const qint64 total = stored + qint64(ids.size());
    qint64 read = 0;
    bool cancelled = false;
    const bool ok = collection.forEachTweet(
        [&](const Tweet &tweet, const QStringList &matched) {
            if (progress && ++read % 1000 == 0 && !progress(read, total)) {
                cancelled = true;
                return false;
            }
            bool parsed = false;
            const int at = position.value(tweet.id.toULongLong(&parsed));
            if (!parsed || at < 0)
                return true;
            order.emplace_back(at, int(found.size()));
            found.append(tweet);
            if (!keepRaw)
                found.last().rawJson.clear();
            foundQueries.append(matched);
            return true;
        },
        &result.error);
    if (cancelled) {
        result.cancelled = true;
        result.error = QStringLiteral("cancelled");
        return result;
    }
    if (!ok)
        return result;
    std::sort(order.begin(), order.end());
    QList<Tweet> ordered;
    QList<QStringList> orderedQueries;
    ordered.reserve(qsizetype(order.size()));
    orderedQueries.reserve(qsizetype(order.size()));
    for (const auto &[at, index] : order) {
        ordered.append(std::move(found[index]));
        orderedQueries.append(std::move(foundQueries[index]));
    }
    found.clear();
    foundQueries.clear();
    return ts::exporter::exportTweets(ordered, orderedQueries, options,
        [&](qint64 done, qint64) { return !progress || progress(stored + done, total); });
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
