// SPDX-License-Identifier: MIT
#include "jsonlreader.h"

#include "readbuffer.h"

#include <QFile>

#include <cstring>
#include <utility>

namespace ts {

struct JsonlReader::Private
{
    QFile file;
    QIODevice *device = nullptr;
    QString name;
    QString error;
    ReadBuffer buffer; ///< with the end of the valid data, the bytes read and eof
    qsizetype begin = 0; ///< start of unconsumed data in buffer
    qint64 lineNumber = 0;
    qsizetype maxLineLength = JsonlReader::DefaultMaxLineLength;

    bool fill();
    bool skipLongLine(JsonlReader::Line &line);
};

// The line in the buffer is longer than the limit: drop what is buffered and read on to its
// newline (or the end of the input), counting its bytes, one chunk at a time.
bool JsonlReader::Private::skipLongLine(JsonlReader::Line &line)
{
    qint64 length = 0;
    for (;;) {
        const char *start = buffer.data() + begin;
        const char *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(buffer.end - begin)));
        if (nl) {
            length += nl - start;
            begin = nl - buffer.data() + 1;
            break;
        }
        length += buffer.end - begin;
        begin = buffer.end;
        if (buffer.eof || !fill())
            break;
    }
    line.number = ++lineNumber;
    line.text = {};
    line.tooLong = true;
    line.length = length;
    return true;
}

bool JsonlReader::Private::fill()
{
    // Never more than the line limit plus a chunk: a longer line is skipped, not held (next()).
    const qint64 n
        = buffer.fill(device, std::exchange(begin, 0), size_t(maxLineLength) + size_t(ReadBuffer::chunkSize));
    if (n < 0)
        error = QStringLiteral("read error in '%1': %2").arg(name, device->errorString());
    if (n <= 0)
        return false;
    begin += buffer.takeByteOrderMark();
    return true;
}

JsonlReader::JsonlReader()
    : d(std::make_unique<Private>())
{ }

JsonlReader::~JsonlReader() = default;

bool JsonlReader::open(const QString &path)
{
    d->name = path;
    bool ok;
    if (path == QLatin1String("-")) {
        d->name = QStringLiteral("stdin");
        ok = d->file.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered);
    } else {
        d->file.setFileName(path);
        ok = d->file.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    if (!ok) {
        d->error = QStringLiteral("cannot open '%1': %2").arg(path, d->file.errorString());
        return false;
    }
    d->device = &d->file;
    return true;
}

bool JsonlReader::open(QIODevice *device)
{
    d->name = QStringLiteral("input");
    if (!device || !device->isReadable()) {
        d->error = QStringLiteral("the input device is not open for reading");
        return false;
    }
    d->device = device;
    return true;
}

bool JsonlReader::next(Line &line)
{
    if (!d->device)
        return false;
    for (;;) {
        // Find the next newline in the buffered data; read more when there is none.
        const char *base = d->buffer.data();
        const char *start = base + d->begin;
        const char *nl = d->buffer.end > d->begin
            ? static_cast<const char *>(std::memchr(start, '\n', size_t(d->buffer.end - d->begin)))
            : nullptr;
        if (!nl && !d->buffer.eof) {
            if (d->buffer.end - d->begin > d->maxLineLength)
                return d->skipLongLine(line);
            d->fill();
            continue;
        }
        if ((nl ? nl - start : d->buffer.end - d->begin) > d->maxLineLength) {
            // Complete in the buffer (the last line of the input, or a limit lowered since).
            const qint64 length = nl ? nl - start : d->buffer.end - d->begin;
            d->begin = nl ? (nl - base) + 1 : d->buffer.end;
            line.number = ++d->lineNumber;
            line.text = {};
            line.tooLong = true;
            line.length = length;
            return true;
        }
        if (!nl && d->begin >= d->buffer.end)
            return false; // end of input
        const char *stop = nl ? nl : base + d->buffer.end;
        d->begin = nl ? (nl - base) + 1 : d->buffer.end;
        ++d->lineNumber;
        // Trim the '\r' of CRLF and surrounding blanks; skip blank lines.
        const char *b = start;
        const char *e = stop;
        while (b < e && (*b == ' ' || *b == '\t' || *b == '\r'))
            ++b;
        while (e > b && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            --e;
        if (b == e)
            continue;
        line.number = d->lineNumber;
        line.text = QByteArrayView(b, e - b);
        line.tooLong = false;
        line.length = stop - start;
        return true;
    }
}

void JsonlReader::setMaxLineLength(qsizetype bytes)
{
    d->maxLineLength = std::max<qsizetype>(1, bytes);
}

qsizetype JsonlReader::maxLineLength() const
{
    return d->maxLineLength;
}

QString JsonlReader::formatSize(qint64 bytes)
{
    if (bytes >= (qint64(1) << 30) && bytes % (qint64(1) << 30) == 0)
        return QStringLiteral("%1 GiB").arg(bytes >> 30);
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes >= (1 << 10) && bytes % (1 << 10) == 0)
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 bytes").arg(bytes);
}

QString JsonlReader::tooLongMessage(qint64 length, qsizetype limit)
{
    return QStringLiteral("%1 bytes, longer than the line limit of %2 (--max-line-length); skipped")
        .arg(length)
        .arg(formatSize(limit));
}

bool JsonlReader::hasError() const
{
    return !d->error.isEmpty();
}

QString JsonlReader::errorString() const
{
    return d->error;
}

qint64 JsonlReader::bytesRead() const
{
    return d->buffer.bytesRead;
}

} // namespace ts
