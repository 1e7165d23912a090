// SPDX-License-Identifier: MIT
#include "importer.h"

#include "accountarchive.h"
#include "chunkpipe.h"
#include "rowbatch.h"
#include "tweet/jsonelementreader.h"
#include "tweet/jsonlreader.h"
#include "tweet/tweetparser.h"

#include <QFile>
#include <QMap>

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
    const AccountOwner *owner = nullptr; ///< reading an account archive's tweets: their author
    const AccountArchive *zip = nullptr; ///< reading an account archive: progress in its bytes
    QStringList notes;
    qsizetype maxLineLength = JsonlReader::DefaultMaxLineLength;
    static constexpr qint64 progressStep = 4 << 20;
    static constexpr qint64 headPeek = 64 << 10;

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

    /// Reading thread: one JSON document (where: "element 7: " or empty, for messages); a
    /// large one in pieces (JsonElementReader::forEachPiece). False when the writer asked to stop.
    bool document(QByteArrayView json, const QString &name, qint64 line, qint64 bytes, const QString &where = {})
    {
        ++chunk->stats.lines;
        if (json.size() > JsonElementReader::LargeDocumentSize) {
            QString error;
            bool go = true;
            const bool split = JsonElementReader::forEachPiece(
                json, maxLineLength, JsonElementReader::LargeDocumentSize,
                [&](const JsonElementReader::Piece &p) {
                    const QString at = where
                        + (p.elements == 1 ? QStringLiteral("element %1: ").arg(p.firstElement)
                                           : QStringLiteral("elements %1-%2: ")
                                                 .arg(p.firstElement)
                                                 .arg(p.firstElement + p.elements - 1));
                    if (p.tooLong) {
                        ++chunk->stats.badTweets;
                        report(name, line, at + JsonlReader::tooLongMessage(p.length, maxLineLength));
                        return true;
                    }
                    go = parsed(p.json, name, line, bytes, at, true);
                    return go;
                },
                &error);
            if (split)
                return go;
            if (!error.isEmpty()) {
                ++chunk->stats.badLines;
                report(name, line, where + error);
                return true;
            }
        }
        return parsed(json, name, line, bytes, where, false);
    }

    /// document()'s parsing; a piece that cannot be read is an unreadable tweet, not a bad line.
    bool parsed(QByteArrayView json, const QString &name, qint64 line, qint64 bytes, const QString &where, bool piece)
    {
        ParseResult r = owner ? parser.parseAccountArchiveTweet(json, *owner) : parser.parse(json);
        if (!r.ok()) {
            ++(piece ? chunk->stats.badTweets : chunk->stats.badLines);
            report(name, line, where + r.error);
            return true;
        }
        ParsedDocument &doc = *r.document;
        for (const QString &e : std::as_const(doc.tweetErrors)) {
            ++chunk->stats.badTweets;
            report(name, line, where + e);
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

    /// Reading thread: the whole input, one document per line (or one document of many lines).
    void read(QIODevice &device, const QString &name);
    void readLines(QIODevice &device, const QString &name);
    void readDocument(QIODevice &device, const QString &name, bool sequential);
    void configure(JsonElementReader &reader, QIODevice &device, const QString &name) const;
    /// Reading thread: an X account archive (a ZIP): the owner's tweets files, element by element.
    void readAccountArchive(const QString &path, const QString &name);
    /// Every element of reader as a document; false when the writer asked to stop.
    bool readElements(JsonElementReader &reader, const QString &name, const QString &what);

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
    // JSON Lines, unless the first line opens an array or object that it does not close and the
    // whole input is that one document (checked by a first pass when the input can seek back).
    // A broken first line before good lines is one bad line, not a failed document.
    const QByteArray head = device.peek(headPeek);
    qsizetype from = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (from < head.size() && (head[from] == ' ' || head[from] == '\t' || head[from] == '\r' || head[from] == '\n'))
        ++from;
    const qsizetype nl = head.indexOf('\n', from);
    if (nl >= 0 && JsonElementReader::opensDocument(QByteArrayView(head).sliced(from, nl - from))) {
        if (device.isSequential()) {
            readDocument(device, name, true);
            return;
        }
        const qint64 start = device.pos();
        bool one = false;
        {
            JsonElementReader check;
            configure(check, device, name);
            JsonElementReader::Element e;
            while (check.next(e)) { }
            one = check.atEnd();
        }
        if (!device.seek(start)) {
            chunk->error
                = QStringLiteral("%1: cannot read it again from the start: %2").arg(name, device.errorString());
            push(0);
            return;
        }
        if (one) {
            readDocument(device, name, false);
            return;
        }
    }
    readLines(device, name);
}

void Importer::Private::readLines(QIODevice &device, const QString &name)
{
    JsonlReader reader;
    reader.setMaxLineLength(maxLineLength);
    if (!reader.open(&device)) {
        chunk->error = QStringLiteral("%1: %2").arg(name, reader.errorString());
        push(0);
        return;
    }
    JsonlReader::Line line;
    qint64 pushed = 0;
    while (reader.next(line)) {
        if (line.tooLong) {
            ++chunk->stats.lines;
            ++chunk->stats.badLines;
            report(name, line.number, JsonlReader::tooLongMessage(line, maxLineLength));
        } else if (!document(line.text, name, line.number, reader.bytesRead())) {
            return;
        }
        // Counts, problems and progress go over now and then even when no batch is full.
        if (reader.bytesRead() - pushed >= progressStep) {
            pushed = reader.bytesRead();
            if (!push(pushed))
                return;
        }
    }
    if (reader.hasError())
        chunk->error = QStringLiteral("%1: %2").arg(name, reader.errorString());
    push(reader.bytesRead());
}

void Importer::Private::configure(JsonElementReader &reader, QIODevice &device, const QString &name) const
{
    reader.open(&device, name);
    reader.setMaxElementSize(maxLineLength);
    // A document that fits under the line limit is parsed whole (a v2 page keeps its includes).
    reader.setWholeDocumentLimit(maxLineLength);
}

bool Importer::Private::readElements(JsonElementReader &reader, const QString &name, const QString &what)
{
    JsonElementReader::Element e;
    qint64 pushed = 0;
    while (reader.next(e)) {
        const QString where = e.whole ? QString() : QStringLiteral("%1 %2: ").arg(what).arg(e.index);
        if (e.tooLong) {
            ++chunk->stats.lines;
            ++chunk->stats.badLines;
            report(name, e.line, where + JsonlReader::tooLongMessage(e.length, maxLineLength));
        } else if (!document(e.json, name, e.line, reader.bytesRead(), where)) {
            return false;
        }
        const qint64 at = zip ? zip->bytesRead() : reader.bytesRead();
        if (at - pushed >= progressStep) {
            pushed = at;
            if (!push(pushed))
                return false;
        }
    }
    return true;
}

void Importer::Private::readAccountArchive(const QString &path, const QString &name)
{
    AccountArchive archive(path);
    AccountOwner account;
    QString error;
    if (!archive.readOwner(&account, &error)) {
        chunk->error = error;
        push(0);
        return;
    }
    owner = &account;
    zip = &archive;
    int tweetFiles = 0;
    QMap<AccountArchive::Kind, int> skipped;
    bool stopped = false;
    const bool ok = archive.forEachEntry(
        [&](const QString &entry, AccountArchive::Kind kind, QIODevice &data) {
            if (kind == AccountArchive::Kind::Account)
                return true;
            if (kind != AccountArchive::Kind::Tweets) {
                ++skipped[kind];
                return true;
            }
            ++tweetFiles;
            JsonElementReader reader;
            reader.open(&data, name + u':' + entry);
            reader.setMaxElementSize(maxLineLength);
            reader.setAssignmentPrefixAllowed(true);
            if (!readElements(reader, name + u':' + entry, QStringLiteral("element"))) {
                stopped = true;
                return false;
            }
            if (reader.hasError()) {
                // A broken entry: its tweets before the break are in; the next entry is read.
                ++chunk->stats.badLines;
                chunk->problems.append(reader.errorString());
            }
            if (!push(archive.bytesRead())) {
                stopped = true; // the writer stopped (cancelled, or the store failed)
                return false;
            }
            return true;
        },
        &error);
    owner = nullptr;
    zip = nullptr;
    if (stopped)
        return;
    QStringList parts;
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        parts.append(QStringLiteral("%1 (%2 file%3)")
                         .arg(AccountArchive::kindName(it.key()))
                         .arg(it.value())
                         .arg(it.value() == 1 ? QString() : QStringLiteral("s")));
    notes.append(QStringLiteral("%1: account archive of @%2 (%3): %4 tweets file%5; not imported: %6")
                     .arg(name, account.username, account.id)
                     .arg(tweetFiles)
                     .arg(tweetFiles == 1 ? QString() : QStringLiteral("s"))
                     .arg(parts.isEmpty() ? QStringLiteral("nothing") : parts.join(QStringLiteral(", "))));
    if (!ok)
        chunk->error = error;
    push(archive.size());
}

void Importer::Private::readDocument(QIODevice &device, const QString &name, bool sequential)
{
    JsonElementReader reader;
    configure(reader, device, name);
    if (!readElements(reader, name, QStringLiteral("element")))
        return;
    if (reader.hasError()) {
        // Only a pipe gets here with a broken document (a file was checked first): what came
        // before the error is imported, the rest cannot be read again.
        chunk->error = reader.errorString()
            + (sequential ? QStringLiteral(" (not one JSON document; the rest of the input was not read: import it "
                                           "from a file to read its lines one by one)")
                          : QString());
    }
    push(reader.bytesRead());
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

void Importer::setMaxLineLength(qsizetype bytes)
{
    d->maxLineLength = std::max<qsizetype>(1, bytes);
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
    if (!stdinInput && AccountArchive::looksLikeZip(file)) {
        file.close();
        return run([this, path] { d->readAccountArchive(path, path); }, error);
    }
    return importDevice(file, stdinInput ? QStringLiteral("<stdin>") : path, error);
}

bool Importer::importDevice(QIODevice &device, const QString &name, QString *error)
{
    return run([this, &device, name] { d->read(device, name); }, error);
}

bool Importer::run(const std::function<void()> &read, QString *error)
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
    std::thread reader([this, &read] {
        read();
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

QStringList Importer::notes() const
{
    return d->notes;
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
