// SPDX-License-Identifier: MIT
#include "jsonlreader.h"

#include <QFile>

#include <cstring>
#include <vector>

namespace ts {

namespace {
constexpr qsizetype chunkSize = 4 << 20; // 4 MiB per read: few syscalls, stays in L2/L3-friendly range
}

struct JsonlReader::Private
{
    QFile file;
    QIODevice *device = nullptr;
    QString name;
    QString error;
    std::vector<char> buffer;
    qsizetype begin = 0; ///< start of unconsumed data in buffer
    qsizetype end = 0; ///< end of valid data in buffer
    qint64 lineNumber = 0;
    qint64 bytesRead = 0;
    bool eof = false;
    bool atStart = true;

    bool fill();
};

bool JsonlReader::Private::fill()
{
    // Move the unconsumed tail to the front, grow when one line is longer than the buffer.
    if (begin > 0) {
        std::memmove(buffer.data(), buffer.data() + begin, size_t(end - begin));
        end -= begin;
        begin = 0;
    }
    if (qsizetype(buffer.size()) - end < chunkSize / 2)
        buffer.resize(std::max<size_t>(buffer.size() * 2, size_t(chunkSize)));
    const qint64 n = device->read(buffer.data() + end, qint64(buffer.size()) - end);
    if (n < 0) {
        error = QStringLiteral("read error in '%1': %2").arg(name, device->errorString());
        eof = true;
        return false;
    }
    if (n == 0) {
        eof = true;
        return false;
    }
    end += n;
    bytesRead += n;
    // A BOM can only be recognized once 3 bytes are in; a 1-2 byte first read waits for more.
    if (atStart && end >= 3) {
        atStart = false;
        if (quint8(buffer[0]) == 0xEF && quint8(buffer[1]) == 0xBB && quint8(buffer[2]) == 0xBF)
            begin = 3;
    }
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
        const char *nl = d->end > d->begin
            ? static_cast<const char *>(std::memchr(start, '\n', size_t(d->end - d->begin)))
            : nullptr;
        if (!nl && !d->eof) {
            d->fill();
            continue;
        }
        if (!nl && d->begin >= d->end)
            return false; // end of input
        const char *stop = nl ? nl : base + d->end;
        d->begin = nl ? (nl - base) + 1 : d->end;
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
        return true;
    }
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
    return d->bytesRead;
}

} // namespace ts
