// SPDX-License-Identifier: MIT
#include "exportrunner.h"
#include "progresstask.h"

#include "export/tweetexporter.h"

#include <QCoreApplication>

#include <algorithm>

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
    const QString label = QCoreApplication::translate("CollectionExport", "Exporting to %1…").arg(request.target);
    runWithProgress<ExportResult>(
        parent, label,
        [collectionPath, request = std::move(request)](
            const TaskProgress &progress) { return exportCollection(collectionPath, request, progress); },
        std::move(done));
}

} // namespace ts::ui
