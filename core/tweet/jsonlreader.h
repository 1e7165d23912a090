// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

class QIODevice;

namespace ts {

/**
 * @brief Reads JSON Lines (or any text) line by line, fast: large unbuffered reads into one
 * growing buffer, no copy per line.
 *
 * - Strips a UTF-8 byte order mark at the start of the input and the '\r' of CRLF endings.
 * - Skips lines that are empty or only whitespace (their numbers still count).
 * - A last line without a final newline is returned too.
 * - A line longer than maxLineLength() (default 16 MiB) is not held in memory: it is skipped to
 *   its end and returned with tooLong set, its number and its length, and an empty text; the
 *   lines after it are read as usual. Memory stays at most about twice the limit plus one read
 *   chunk (4 MiB), whatever the input (docs/reliability.md, Files).
 *
 * Usage:
 * @code
 *   ts::JsonlReader reader;
 *   if (!reader.open(path))            // "-" = standard input
 *       fail(reader.errorString());
 *   ts::JsonlReader::Line line;
 *   while (reader.next(line))
 *       handle(line.number, line.text);  // line.text is valid until the next call
 *   if (reader.hasError())
 *       fail(reader.errorString());      // a read error in the middle of the input
 * @endcode
 */
class JsonlReader
{
public:
    struct Line
    {
        qint64 number = 0; ///< 1-based physical line number in the input
        QByteArrayView text; ///< without the line ending; valid until the next call to next()
        bool tooLong = false; ///< longer than maxLineLength(): text is empty, length says how long
        qint64 length = 0; ///< bytes of the line (without its line ending)
    };

    /// The default line limit: a real line (an API page of 500 tweets with every expansion, a
    /// twarc line) stays under 5 MB.
    static constexpr qsizetype DefaultMaxLineLength = qsizetype(16) << 20;
    /// "N bytes, longer than the line limit of 16 MiB (--max-line-length); skipped": the
    /// message for a tooLong line (or element of a document), the same in every tool.
    static QString tooLongMessage(qint64 length, qsizetype limit);
    static QString tooLongMessage(const Line &line, qsizetype limit) { return tooLongMessage(line.length, limit); }
    /// A byte count as "16 MiB", "512 KiB" or "300 bytes".
    static QString formatSize(qint64 bytes);

    JsonlReader();
    ~JsonlReader();
    JsonlReader(const JsonlReader &) = delete;
    JsonlReader &operator=(const JsonlReader &) = delete;

    /// Opens a file, or standard input for "-". False (see errorString()) when it cannot be read.
    bool open(const QString &path);
    /// Reads from an already open device (not owned; must outlive the reader).
    bool open(QIODevice *device);

    /// Lines longer than this many bytes are skipped and reported (Line::tooLong); at least 1.
    void setMaxLineLength(qsizetype bytes);
    qsizetype maxLineLength() const;

    /// The next non-blank line; false at the end of the input or on a read error.
    bool next(Line &line);

    bool hasError() const;
    /// "cannot open 'x': No such file or directory", "read error in 'x': ...", or empty.
    QString errorString() const;
    /// Bytes read from the input so far (for progress).
    qint64 bytesRead() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts
