// SPDX-License-Identifier: MIT
#include "importer.h"

#include "tweet/tweetparser.h"

#include <QFile>

namespace ts::archive {

struct Importer::Private
{
    ArchiveStore &store;
    int batchSize;
    TweetParser parser;
    QList<Tweet> batch;
    ImportStats stats;
    std::function<void(const QString &)> problem;
    std::function<bool(qint64)> progress;

    Private(ArchiveStore &s, int size)
        : store(s)
        , batchSize(std::max(1, size))
    { }

    void report(const QString &name, qint64 line, const QString &message)
    {
        if (problem)
            problem(QStringLiteral("%1:%2: %3").arg(name).arg(line).arg(message));
    }

    bool flush(QString *error)
    {
        if (batch.isEmpty())
            return true;
        auto r = store.insert(batch);
        batch.clear();
        if (auto *e = std::get_if<StoreError>(&r)) {
            if (error)
                *error = e->message;
            return false;
        }
        const auto &s = std::get<InsertStats>(r);
        stats.inserted += s.inserted;
        stats.duplicates += s.duplicates;
        return true;
    }

    /// One JSON document. False only when the store failed.
    bool document(QByteArrayView json, const QString &name, qint64 line, QString *error)
    {
        ++stats.lines;
        ParseResult r = parser.parse(json);
        if (!r.ok()) {
            ++stats.badLines;
            report(name, line, r.error);
            return true;
        }
        ParsedDocument &doc = *r.document;
        for (const QString &e : std::as_const(doc.tweetErrors)) {
            ++stats.badTweets;
            report(name, line, e);
        }
        stats.read += doc.tweets.size();
        for (Tweet &t : doc.tweets)
            batch.append(std::move(t));
        if (batch.size() >= batchSize)
            return flush(error);
        return true;
    }
};

Importer::Importer(ArchiveStore &store, int batchSize)
    : d(std::make_unique<Private>(store, batchSize))
{ }

Importer::~Importer() = default;

void Importer::setProblemHandler(std::function<void(const QString &)> handler)
{
    d->problem = std::move(handler);
}

void Importer::setProgressHandler(std::function<bool(qint64)> handler)
{
    d->progress = std::move(handler);
}

const ImportStats &Importer::stats() const
{
    return d->stats;
}

bool Importer::importFile(const QString &path, QString *error)
{
    QFile file;
    const bool stdinInput = path == QLatin1String("-");
    const bool opened
        = stdinInput ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return false;
    }
    return importDevice(file, stdinInput ? QStringLiteral("<stdin>") : path, error);
}

bool Importer::importDevice(QIODevice &device, const QString &name, QString *error)
{
    constexpr qint64 chunk = 4 << 20;
    QByteArray buffer;
    qint64 lineNumber = 0;
    qint64 bytes = 0;
    bool firstDocument = true;
    // A file holding one pretty-printed document (its first line is not JSON by itself) is
    // read whole; everything else is one document per line.
    QByteArray whole;
    bool wholeMode = false;
    while (true) {
        const QByteArray more = device.read(chunk);
        auto *file = qobject_cast<QFileDevice *>(&device);
        if (more.isEmpty() && file && file->error() != QFileDevice::NoError) {
            if (error)
                *error = QStringLiteral("%1: read error: %2").arg(name, device.errorString());
            return false;
        }
        const bool atEnd = more.isEmpty();
        bytes += more.size();
        if (wholeMode) {
            whole += more;
            if (!atEnd)
                continue;
            return d->document(QByteArrayView(whole).trimmed(), name, 1, error);
        }
        buffer += more;
        qsizetype start = 0;
        while (true) {
            qsizetype nl = buffer.indexOf('\n', start);
            if (nl < 0) {
                if (!atEnd)
                    break;
                if (start >= buffer.size())
                    break;
                nl = buffer.size(); // last line without a newline
            }
            ++lineNumber;
            QByteArrayView line(buffer.constData() + start, nl - start);
            start = nl + 1;
            while (!line.isEmpty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
                line.chop(1);
            while (!line.isEmpty() && (line.front() == ' ' || line.front() == '\t'))
                line = line.sliced(1);
            if (line.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark
                line = line.sliced(3);
            if (line.isEmpty())
                continue;
            if (firstDocument && (line == "{" || line == "[")) {
                wholeMode = true;
                whole = buffer; // everything read so far (only blank lines precede), then the rest
                break;
            }
            firstDocument = false;
            if (!d->document(line, name, lineNumber, error))
                return false;
        }
        if (wholeMode) {
            if (atEnd)
                return d->document(QByteArrayView(whole).trimmed(), name, 1, error);
            continue;
        }
        buffer.remove(0, start);
        if (d->progress && !d->progress(bytes))
            return true;
        if (atEnd)
            break;
    }
    return true;
}

bool Importer::finish(QString *error)
{
    if (!d->flush(error))
        return false;
    if (d->stats.inserted >= 10000) {
        if (const auto e = d->store.optimize()) {
            if (error)
                *error = e->message;
            return false;
        }
    }
    return true;
}

} // namespace ts::archive
