// SPDX-License-Identifier: MIT
#pragma once

#include "archivestore.h"

#include <QStringList>

#include <functional>
#include <memory>

class QIODevice;

namespace ts::archive {

/// What an import read and wrote.
struct ImportStats
{
    qint64 lines = 0; ///< non-empty input lines (JSON documents)
    qint64 read = 0; ///< tweets read from good documents
    qint64 inserted = 0; ///< new tweets stored
    qint64 duplicates = 0; ///< already in the archive (or earlier in the input), skipped
    qint64 badLines = 0; ///< documents that could not be read at all
    qint64 badTweets = 0; ///< tweets inside good documents that could not be read
};

/**
 * @brief Imports tweet payloads (any format TweetParser reads: twarc JSONL pages, v2 and
 * Enterprise pages, single tweets in v2, original or activity-streams form; one JSON document
 * per line, or one document of many lines per file) into an archive, deduplicated by id.
 *
 * Bad lines are reported as "FILE:LINE: message" and skipped; the rest goes on. A line longer
 * than the line limit is one bad line (and is never held in memory). An input is read as one
 * document only when its first line opens an array or object that the rest of the input
 * closes, and nothing follows; such a document is read element by element (a top-level
 * array's, or a page's data or results array's), each element under the line limit, unless
 * it is no longer than the line limit: then it is parsed whole. Messages name the element:
 * "FILE:LINE: element 7: message". (docs/reliability.md, Files.) Tweets are
 * written in large transactions; a store failure (disk full) stops the import with an error and
 * leaves the batch that failed unwritten (earlier batches stay).
 */
class Importer
{
public:
    /// batchSize tweets per transaction and per hand-over from the reading thread to the
    /// writing ones: small enough that the threads start, and finish, close together.
    explicit Importer(ArchiveStore &store, int batchSize = 5000);
    ~Importer();
    Importer(const Importer &) = delete;
    Importer &operator=(const Importer &) = delete;

    /// Called for each bad line or unreadable tweet with "FILE:LINE: message".
    void setProblemHandler(std::function<void(const QString &)> handler);
    /// Lines (and elements of a document) longer than this are reported and skipped; default
    /// JsonlReader::DefaultMaxLineLength (16 MiB).
    void setMaxLineLength(qsizetype bytes);
    /// Called now and then with the bytes read so far from the current input; return false to stop.
    void setProgressHandler(std::function<bool(qint64 bytes)> handler);

    /// Imports a file, or standard input for "-". A ZIP file (known by its first bytes) is read
    /// as an X account archive: its owner's tweets (docs/x-account-archive.md). False with
    /// *error when the input cannot be read or the store fails; bad lines are not errors.
    bool importFile(const QString &path, QString *error);
    /// Imports from an open device; name is used in messages.
    bool importDevice(QIODevice &device, const QString &name, QString *error);
    /// Writes what is still buffered and, after a large import (10k+ new tweets), merges the
    /// full-text index (ArchiveStore::optimize). Call once at the end.
    bool finish(QString *error);

    const ImportStats &stats() const;
    /// What the import found besides tweets, one line per input that has something to say:
    /// "x.zip: account archive of @name (id): 3 tweets files; not imported: likes (1 file), ...".
    QStringList notes() const;

private:
    bool run(const std::function<void()> &read, QString *error);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::archive
