// SPDX-License-Identifier: MIT
#pragma once

#include "export/tweetexporter.h"

#include <QString>

#include <functional>

class QWidget;

namespace ts::ui {

/// What the Export menu writes.
enum class ExportKind { Csv, Excel, Jsonl, Timings };

/**
 * Exports a saved collection (every run is saved as it arrives) without holding it in memory.
 * Thread-safe: opens its own read-only connection, so call it off the GUI thread.
 */
ts::exporter::ExportResult exportCollection(const QString &collectionPath, ExportKind kind, const QString &target,
    const ts::exporter::ProgressCallback &progress = {});

/// Runs exportCollection on a worker thread behind a cancellable progress dialog, then calls
/// done on the GUI thread (parent alive) with the result.
void exportCollectionInBackground(QWidget *parent, const QString &collectionPath, ExportKind kind,
    const QString &target, std::function<void(const ts::exporter::ExportResult &)> done);

} // namespace ts::ui
