// SPDX-License-Identifier: MIT
#include "exportrunner.h"

#include "export/tweetexporter.h"

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
        return ts::exporter::exportCollectionRows(collectionPath, *request.ids, options, progress);
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
