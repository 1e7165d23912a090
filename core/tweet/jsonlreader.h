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
    };

    JsonlReader();
    ~JsonlReader();
    JsonlReader(const JsonlReader &) = delete;
    JsonlReader &operator=(const JsonlReader &) = delete;

    /// Opens a file, or standard input for "-". False (see errorString()) when it cannot be read.
    bool open(const QString &path);
    /// Reads from an already open device (not owned; must outlive the reader).
    bool open(QIODevice *device);

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
