// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvcolumns.h"
#include "export/tweetexporter.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QWidget;

namespace ts::ui {

/// What the Export menu writes.
enum class ExportKind { Csv, Excel, Jsonl, Timings };

/// One export of a collection: the kind, the file, and for CSV the columns and the rows.
struct ExportRequest
{
    ExportKind kind = ExportKind::Csv;
    QString target;
    QList<ts::exporter::CsvColumn> columns; ///< CSV: empty writes the default columns (ignored for JSONL)
    /// Only these tweet ids, in this order (the table's visible rows); nullopt: every tweet.
    std::optional<std::vector<quint64>> ids;
};

/**
 * Exports a saved collection (every run is saved as it arrives). Every tweet streams from
 * SQLite without being held in memory; with request.ids only those tweets are written, in
 * that order (the visible rows of a table: ts::exporter::exportCollectionRows). Progress
 * counts tweets. Thread-safe: opens its own read-only connections, so call it off the GUI
 * thread.
 */
ts::exporter::ExportResult exportCollection(
    const QString &collectionPath, const ExportRequest &request, const ts::exporter::ProgressCallback &progress = {});

/// Runs exportCollection on a worker thread behind a cancellable progress dialog, then calls
/// done on the GUI thread (parent alive) with the result.
void exportCollectionInBackground(QWidget *parent, const QString &collectionPath, ExportRequest request,
    std::function<void(const ts::exporter::ExportResult &)> done);

} // namespace ts::ui
