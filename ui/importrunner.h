// SPDX-License-Identifier: MIT
#pragma once

#include "archive/importer.h"

#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace ts::ui {

/// What File > Import… did.
struct ImportResult
{
    bool ok = false; ///< false: error says why (what was imported before it stays)
    bool cancelled = false;
    QString error;
    ts::archive::ImportStats stats;
    QStringList notes; ///< Importer::notes(): what an account archive held besides tweets
    QStringList problems; ///< the first 20 bad lines or elements, "FILE:LINE: message"
    qint64 problemCount = 0;

    /// "Imported 1,234 new tweets (56 already there) from x.zip." plus the notes, the bad
    /// lines and the error, for the message shown at the end.
    QString summary() const;
};

/**
 * Imports files (tweet JSONL or JSON in any format the parser reads, or the ZIP of an X account
 * archive) into the archive file archivePath with its own connection, deduplicated by id, as
 * `tweetscope-archive import` does. progress(bytes, total) counts the input files' bytes;
 * returning false cancels (what was imported stays). Call it off the GUI thread.
 */
ImportResult importIntoArchive(const QString &archivePath, const QStringList &inputs,
    const std::function<bool(qint64 bytes, qint64 total)> &progress = {});

/// Runs importIntoArchive on a worker thread behind a cancellable progress dialog, then calls
/// done on the GUI thread (parent alive) with the result.
void importInBackground(QWidget *parent, const QString &archivePath, const QStringList &inputs,
    std::function<void(const ImportResult &)> done);

} // namespace ts::ui
