// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

class QByteArray;
class QIODevice;

namespace ts::exporter {

/**
 * @brief The destination of one export: a file written atomically through QSaveFile
 * (docs/design.md, decision 8), or standard output for the path "-".
 *
 * Writers append small pieces into a fixed-size buffer that goes to the device whenever it
 * passes about 1 MiB, so memory stays bounded whatever the size of the export. Nothing
 * replaces the target until commit() succeeds: a failed or cancelled export leaves the old
 * file byte-identical. Errors are kept and reported once, naming the path and the reason.
 */
class OutputFile
{
public:
    /// "-" writes to stdout (not atomic, nothing to roll back).
    explicit OutputFile(QString path);
    /// Writes into memory (rows formatted on a worker thread, appended to a file later).
    explicit OutputFile(QByteArray *memory);
    ~OutputFile(); ///< discards the temporary file unless commit() succeeded
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    /// Opens the temporary file next to the target. False with errorString() on failure
    /// (path is a directory, directory not writable, ...).
    bool open();

    /// Room for at least n more bytes at the end of the buffer; write into it, then advance().
    char *reserve(qsizetype n);
    void advance(qsizetype n) { m_size += n; }
    void append(QByteArrayView bytes);
    void append(char c)
    {
        *reserve(1) = c;
        ++m_size;
    }

    /// Writes the buffer out once it is large. Call between records. False once a write failed.
    bool flushIfFull() { return m_size < FlushThreshold || flush(); }
    bool flush();

    /// Flushes and atomically replaces the target. False with errorString() when anything failed.
    bool commit();
    /// Drops everything written; the target stays as it was.
    void cancel();

    bool failed() const { return !m_error.isEmpty(); }
    /// "cannot write 'PATH': REASON", empty while all went well.
    QString errorString() const { return m_error; }
    QString path() const { return m_path; }
    bool isStdout() const { return m_path == QLatin1String("-"); }
    bool isMemory() const { return m_memory != nullptr; }
    /// Bytes handed to the device so far plus what is buffered.
    qint64 bytesWritten() const { return m_flushed + m_size; }

    static constexpr qsizetype FlushThreshold = 1 << 20;

private:
    void setError(const QString &reason);

    QString m_path;
    std::unique_ptr<QIODevice> m_device;
    QByteArray *m_memory = nullptr;
    std::unique_ptr<char[]> m_buffer;
    qsizetype m_capacity = 0;
    qsizetype m_size = 0;
    qint64 m_flushed = 0;
    QString m_error;
    bool m_open = false;
    bool m_done = false;
};

} // namespace ts::exporter
