// SPDX-License-Identifier: MIT
#pragma once

#include "chunkpipe.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ts::archive {

/// Rows for the full-text index: the order key, then the text, urls and tags columns as
/// UTF-8 slices of one buffer.
struct IndexRows
{
    std::vector<qint64> keys;
    std::vector<quint32> spans; ///< offset and size of each of the 3 columns, per row
    QByteArray bytes;

    qsizetype size() const { return qsizetype(keys.size()); }
    void clear()
    {
        keys.clear();
        spans.clear();
        bytes.resize(0);
    }
    /// Appends one row; columns are copied.
    void append(qint64 key, const char *const text[3], const quint32 size[3]);
};

/**
 * @brief Builds an archive's full-text index on a thread and an SQLite connection of its own,
 * in a file of its own next to the archive (`<archive>-index.partial`), then copies it into
 * the archive file in one transaction.
 *
 * SQLite lets one connection write a file at a time. A bulk load into an empty archive writes
 * the table rows on the store's thread and the index here, so that the two writers each get a
 * core. The copy is a few page copies of the finished segments (SQLite's transfer of whole
 * records), much cheaper than the inserts it replaces.
 */
class IndexBuilder
{
public:
    /// createSql creates the index table (same name and options as in the archive).
    IndexBuilder(QString archivePath, QByteArray createSql);
    ~IndexBuilder(); ///< abandons the build (stops the thread, removes the file) unless finished
    IndexBuilder(const IndexBuilder &) = delete;
    IndexBuilder &operator=(const IndexBuilder &) = delete;

    /// Creates the build file and starts the thread.
    bool start(QString *error);
    /// The store's thread fills this, then submit()s it.
    IndexRows &rows() { return *m_current; }
    /// Hands the filled rows to the building thread (waits while it is two chunks behind).
    /// False with *error when the build failed (e.g. the disk is full); nothing more is taken.
    bool submit(QString *error);
    /// Lets the thread write the last segment (and merge the index into one when merge and it
    /// has more than a few segments), runs
    /// meanwhile on the calling thread, waits for the thread and copies the index into the
    /// archive (which no connection may be writing meanwhile). False with *error on failure:
    /// the archive's index is then unchanged.
    bool finish(bool merge, QString *error, const std::function<void()> &meanwhile = {});
    /// Rows handed over so far.
    qint64 submitted() const { return m_submitted; }

private:
    void run();
    void fail(const QString &message);
    QString error() const;
    bool exec(const char *sql, QString *error);
    int segments(); ///< index segments written so far

    QString m_archivePath;
    QString m_path;
    QByteArray m_createSql;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    ChunkPipe<IndexRows> m_pipe;
    std::unique_ptr<IndexRows> m_current;
    std::thread m_thread;
    mutable std::mutex m_errorMutex;
    QString m_error; ///< the building thread's failure
    qint64 m_submitted = 0;
    std::atomic<bool> m_finishing { false }; ///< set by finish(): the thread ends the build
    std::atomic<bool> m_merge { false };
    bool m_finished = false;
};

} // namespace ts::archive
