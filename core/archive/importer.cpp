// SPDX-License-Identifier: MIT
#include "importer.h"

#include "chunkpipe.h"
#include "rowbatch.h"
#include "tweet/tweetparser.h"

#include <QFile>

#include <thread>

namespace ts::archive {

namespace {

/// What the reading thread hands to the writing one: rows ready to insert (possibly none),
/// the counts and problems of the lines they came from, and how far the input was read.
struct Chunk
{
    RowBatch rows;
    ImportStats stats; ///< lines, read, badLines, badTweets
    QStringList problems;
    qint64 bytes = 0;
    QString error; ///< the input could not be read; the last chunk

    void clear()
    {
        rows.clear();
        stats = {};
        problems.clear();
        bytes = 0;
        error.clear();
    }
};

} // namespace

// Reading and parsing run on a worker thread and feed the store's thread through a short
// queue: the parser and SQLite each get a core, and the writer only binds prepared bytes.
struct Importer::Private
{
    ArchiveStore &store;
    int batchSize;
    TweetParser parser; ///< used by the reading thread only
    RowBuilder builder; ///< by the reading thread while it runs, then by finish()
    QList<Tweet> pending; ///< parsed tweets not yet in a batch (carried from one input to the next)
    ImportStats stats;
    std::function<void(const QString &)> problem;
    std::function<bool(qint64)> progress;
    bool bulk = false;

    ChunkPipe<Chunk> pipe;
    std::unique_ptr<Chunk> chunk; ///< the reading thread's current chunk

    Private(ArchiveStore &s, int size)
        : store(s)
        , batchSize(std::max(1, size))
    { }

    /// Reading thread: hands the current chunk over (waits while the writer is behind).
    /// False when the writer asked to stop.
    bool push(qint64 bytes)
    {
        chunk->bytes = bytes;
        if (!pipe.push(std::move(chunk)))
            return false;
        chunk = pipe.take();
        return true;
    }

    void report(const QString &name, qint64 line, const QString &message)
    {
        chunk->problems.append(QStringLiteral("%1:%2: %3").arg(name).arg(line).arg(message));
    }

    /// Reading thread: one JSON document. False when the writer asked to stop.
    bool document(QByteArrayView json, const QString &name, qint64 line, qint64 bytes)
    {
        ++chunk->stats.lines;
        ParseResult r = parser.parse(json);
        if (!r.ok()) {
            ++chunk->stats.badLines;
            report(name, line, r.error);
            return true;
        }
        ParsedDocument &doc = *r.document;
        for (const QString &e : std::as_const(doc.tweetErrors)) {
            ++chunk->stats.badTweets;
            report(name, line, e);
        }
        chunk->stats.read += doc.tweets.size();
        for (Tweet &t : doc.tweets)
            pending.append(std::move(t));
        if (pending.size() >= batchSize) {
            builder.append(pending, chunk->rows);
            pending.clear();
            return push(bytes);
        }
        return true;
    }

    /// Reading thread: the whole input, one document per line (or one pretty-printed document).
    void read(QIODevice &device, const QString &name);

    /// Store's thread: inserts one chunk and reports it. False with *error when the store failed.
    bool consume(Chunk &c, QString *error)
    {
        stats.lines += c.stats.lines;
        stats.read += c.stats.read;
        stats.badLines += c.stats.badLines;
        stats.badTweets += c.stats.badTweets;
        if (problem) {
            for (const QString &p : std::as_const(c.problems))
                problem(p);
        }
        if (!c.rows.isEmpty()) {
            auto r = store.insertRows(c.rows);
            if (auto *e = std::get_if<StoreError>(&r)) {
                if (error)
                    *error = e->message;
                return false;
            }
            const auto &s = std::get<InsertStats>(r);
            stats.inserted += s.inserted;
            stats.duplicates += s.duplicates;
        }
        if (!c.error.isEmpty()) {
            if (error)
                *error = c.error;
            return false;
        }
        return true;
    }
};

void Importer::Private::read(QIODevice &device, const QString &name)
{
    constexpr qint64 readSize = 4 << 20;
    QByteArray buffer;
    qint64 lineNumber = 0;
    qint64 bytes = 0;
    bool firstDocument = true;
    // A file holding one pretty-printed document (its first line is not JSON by itself) is
    // read whole; everything else is one document per line.
    QByteArray whole;
    bool wholeMode = false;
    while (true) {
        const QByteArray more = device.read(readSize);
        auto *file = qobject_cast<QFileDevice *>(&device);
        if (more.isEmpty() && file && file->error() != QFileDevice::NoError) {
            chunk->error = QStringLiteral("%1: read error: %2").arg(name, device.errorString());
            push(bytes);
            return;
        }
        const bool atEnd = more.isEmpty();
        bytes += more.size();
        if (wholeMode) {
            whole += more;
            if (atEnd) {
                if (document(QByteArrayView(whole).trimmed(), name, 1, bytes))
                    push(bytes);
                return;
            }
            continue;
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
            if (!document(line, name, lineNumber, bytes))
                return;
        }
        if (wholeMode) {
            if (atEnd) {
                if (document(QByteArrayView(whole).trimmed(), name, 1, bytes))
                    push(bytes);
                return;
            }
            continue;
        }
        buffer.remove(0, start);
        // Counts, problems and progress go over now and then even when no batch is full.
        if (!push(bytes) || atEnd)
            return;
    }
}

Importer::Importer(ArchiveStore &store, int batchSize)
    : d(std::make_unique<Private>(store, batchSize))
{ }

Importer::~Importer()
{
    if (d->bulk)
        d->store.endBulkLoad(false);
}

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
    if (!d->bulk) {
        if (auto e = d->store.beginBulkLoad()) {
            if (error)
                *error = e->message;
            return false;
        }
        d->bulk = true;
    }
    d->pipe.reset();
    d->chunk = d->pipe.take();
    std::thread reader([this, &device, name] {
        d->read(device, name);
        d->pipe.close();
    });
    auto stop = [this, &reader] {
        d->pipe.stop();
        reader.join();
        d->chunk.reset();
    };
    while (std::unique_ptr<Chunk> next = d->pipe.pop()) {
        if (!d->consume(*next, error)) {
            stop();
            return false;
        }
        const qint64 bytes = next->bytes;
        next->clear();
        d->pipe.recycle(std::move(next));
        if (d->progress && !d->progress(bytes)) {
            stop();
            return true;
        }
    }
    reader.join();
    d->chunk.reset();
    return true;
}

bool Importer::finish(QString *error)
{
    if (!d->pending.isEmpty()) {
        Chunk last;
        d->builder.append(d->pending, last.rows);
        d->pending.clear();
        if (!d->consume(last, error))
            return false;
    }
    if (d->bulk) {
        d->bulk = false;
        // After a large import (10k+ new tweets) the full-text index is merged into one segment.
        if (const auto e = d->store.endBulkLoad(d->stats.inserted >= 10000)) {
            if (error)
                *error = e->message;
            return false;
        }
    }
    return true;
}

} // namespace ts::archive
