// SPDX-License-Identifier: MIT
//
// ArchiveStore's writer: inserts (through SQLite's C API, binding RowBatch cells without a
// copy) and bulk loads (journal in memory, the full-text index built on a second thread by
// IndexBuilder). Rows are made by RowBuilder (rowbatch.cpp) in the order of the schema's
// insert (archiveschema.cpp).
#include "archiveschema.h"
#include "archivestore_p.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

namespace ts::archive {

namespace {

/// Writes the file's pages that are still only in the system's cache out to the disk. The
/// switch back to the WAL at the end of a bulk load waits for that anyway; done early, it
/// overlaps with other work and the switch has little left (docs/benchmarks-log.md).
void syncToDisk(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fdatasync(fd);
    ::close(fd);
}

} // namespace

void ArchiveStore::setParallelIndexing(bool on)
{
    d->parallelIndex = on;
}

std::optional<StoreError> ArchiveStore::optimize()
{
    if (!d->open || d->readOnly)
        return StoreError { QStringLiteral("the archive is not open for writing") };
    QString why;
    if (!d->exec(QStringLiteral("INSERT INTO tweets_fts(tweets_fts) VALUES('optimize')"), &why))
        return StoreError { QStringLiteral("%1: cannot optimize the index: %2").arg(d->path, why) };
    d->exec(QStringLiteral("PRAGMA optimize"));
    return std::nullopt;
}

sqlite3 *ArchiveStore::Private::handle() const
{
    const QVariant v = db().driver()->handle();
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(v.constData());
    return nullptr;
}

void ArchiveStore::Private::finalizeRaw()
{
    for (sqlite3_stmt *&s : raw) {
        if (s)
            sqlite3_finalize(s);
        s = nullptr;
    }
}

namespace {

/// Binds a RowBatch cell without a copy: the statement runs before the batch goes away.
void bindCell(sqlite3_stmt *stmt, int index, const RowBatch::Cell &c, const RowBatch &rows)
{
    switch (c.kind) {
    case RowBatch::Cell::Null:
        sqlite3_bind_null(stmt, index);
        break;
    case RowBatch::Cell::Int:
        sqlite3_bind_int64(stmt, index, c.integer);
        break;
    case RowBatch::Cell::Real:
        sqlite3_bind_double(stmt, index, c.real);
        break;
    case RowBatch::Cell::Text:
        sqlite3_bind_text(stmt, index, rows.bytes(c), int(c.size), SQLITE_STATIC);
        break;
    case RowBatch::Cell::Blob:
        sqlite3_bind_blob(stmt, index, rows.bytes(c), int(c.size), SQLITE_STATIC);
        break;
    }
}

} // namespace

std::variant<InsertStats, StoreError> ArchiveStore::insert(const QList<Tweet> &tweets)
{
    if (!d->builder)
        d->builder = std::make_unique<RowBuilder>();
    d->rows.clear();
    d->builder->append(tweets, d->rows);
    auto result = insertRows(d->rows);
    if (d->rows.size() > 1000) // a bulk insert's buffer is not kept for the next small one
        d->rows = RowBatch();
    return result;
}

std::variant<InsertStats, StoreError> ArchiveStore::insertRows(const RowBatch &rows)
{
    InsertStats stats;
    if (!d->open)
        return StoreError { QStringLiteral("the archive is not open") };
    if (d->readOnly)
        return StoreError { QStringLiteral("%1: the archive is open read-only").arg(d->path) };
    if (!rows.error().isEmpty())
        return StoreError { QStringLiteral("%1: %2").arg(d->path, rows.error()) };
    if (rows.isEmpty())
        return stats;
    sqlite3 *h = d->handle();
    if (!h)
        return StoreError { QStringLiteral("%1: the SQLite driver gave no handle").arg(d->path) };
    auto sqliteError = [h]() { return QString::fromUtf8(sqlite3_errmsg(h)); };
    auto failWith = [&](const QString &what) -> std::variant<InsertStats, StoreError> {
        const QString message = QStringLiteral("%1: %2").arg(d->path, what);
        if (d->index)
            d->index->rows().clear(); // this batch's rows are rolled back
        for (sqlite3_stmt *s : d->raw) {
            if (s)
                sqlite3_reset(s);
        }
        sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
        return StoreError { message };
    };
    // Read the metadata before the write transaction starts (the Qt statement holds no lock after).
    bool keysAreIds = d->metaValue(QStringLiteral("keys_are_ids")).toInt() != 0;
    const bool keysWereIds = keysAreIds;
    const qint64 countBefore = d->metaValue(QStringLiteral("tweet_count")).toLongLong();
    if (sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return StoreError { QStringLiteral("%1: cannot start a transaction: %2").arg(d->path, sqliteError()) };

    const char *const sql[] = {
        schema::kInsertTweet,
        "INSERT INTO tweets_fts(rowid, text, urls, tags) VALUES(?,?,?,?)",
        "INSERT OR REPLACE INTO archive_meta(key, value) VALUES(?, ?)",
    };
    for (int i = 0; i < 3; ++i) {
        if (!d->raw[i]
            && sqlite3_prepare_v3(h, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &d->raw[i], nullptr) != SQLITE_OK)
            return failWith(QStringLiteral("cannot prepare the insert: %1").arg(sqliteError()));
    }
    sqlite3_stmt *ins = d->raw[0];
    sqlite3_stmt *fts = d->raw[1];
    sqlite3_stmt *meta = d->raw[2];

    for (qsizetype r = 0; r < rows.size(); ++r) {
        const RowBatch::Cell *cells = rows.cells(r);
        for (int i = 0; i < RowBatch::TweetCells; ++i)
            bindCell(ins, i + 2, cells[i], rows);
        // A different tweet with the same order key (same millisecond and low bits) moves one up.
        qint64 key = rows.key(r);
        bool inserted = false;
        for (int attempt = 0;; ++attempt) {
            sqlite3_bind_int64(ins, 1, key);
            const int rc = sqlite3_step(ins);
            sqlite3_reset(ins);
            if (rc == SQLITE_DONE) {
                inserted = sqlite3_changes(h) > 0;
                break;
            }
            if (rc == SQLITE_CONSTRAINT && attempt < 64) {
                ++key;
                continue;
            }
            return failWith(QStringLiteral("cannot insert tweet %1: %2").arg(rows.id(r)).arg(sqliteError()));
        }
        if (!inserted) {
            ++stats.duplicates;
            continue;
        }
        if (key != rows.id(r))
            keysAreIds = false;

        if (d->index) { // indexed on the builder's thread once this transaction is in
            const char *text[3];
            quint32 size[3];
            for (int i = 0; i < 3; ++i) {
                const RowBatch::Cell &c = cells[RowBatch::TweetCells + i];
                text[i] = rows.bytes(c);
                size[i] = c.size;
            }
            d->index->rows().append(key, text, size);
            ++stats.inserted;
            continue;
        }
        sqlite3_bind_int64(fts, 1, key);
        for (int i = 0; i < 3; ++i)
            bindCell(fts, i + 2, cells[RowBatch::TweetCells + i], rows);
        const int rc = sqlite3_step(fts);
        sqlite3_reset(fts);
        if (rc != SQLITE_DONE)
            return failWith(QStringLiteral("cannot index tweet %1: %2").arg(rows.id(r)).arg(sqliteError()));
        ++stats.inserted;
    }
    auto setMeta = [&](const char *key, qint64 value) {
        sqlite3_bind_text(meta, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(meta, 2, value);
        const int rc = sqlite3_step(meta);
        sqlite3_reset(meta);
        return rc == SQLITE_DONE;
    };
    if (stats.inserted > 0) {
        if (!setMeta("tweet_count", countBefore + stats.inserted))
            return failWith(QStringLiteral("cannot update the tweet count: %1").arg(sqliteError()));
        if (keysWereIds && !keysAreIds && !setMeta("keys_are_ids", 0))
            return failWith(QStringLiteral("cannot update the archive metadata: %1").arg(sqliteError()));
    }
    if (sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return failWith(QStringLiteral("cannot commit: %1").arg(sqliteError()));
    if (d->index) {
        QString why;
        if (!d->index->submit(&why)) {
            // The rows are in, their index is not: settling removes them again.
            auto e = d->settleIndex(false);
            return e ? *e : StoreError { why };
        }
    }
    return stats;
}

std::optional<StoreError> ArchiveStore::beginBulkLoad()
{
    if (!d->open || d->readOnly)
        return StoreError { QStringLiteral("the archive is not open for writing") };
    if (d->bulk)
        return std::nullopt;
    // An empty archive has nothing to lose: its journal stays in memory (no WAL pages written
    // and copied back). An archive with tweets keeps its WAL, so that a crash of the program
    // mid-load cannot damage what it held.
    // The marker goes in first, through the WAL: if the program stops before endBulkLoad, the
    // file says so (open() refuses it) instead of looking like a valid, smaller archive.
    d->bulkJournal = tweetCount() == 0 && d->setMeta(kUnfinishedLoad, 1);
    if (d->bulkJournal) {
        QSqlQuery q(d->db());
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=MEMORY")) || !q.next()
            || q.value(0).toString().compare(QLatin1String("memory"), Qt::CaseInsensitive) != 0) {
            d->bulkJournal = false; // another connection has the file open: stay in WAL
            q.finish();
            d->exec(QStringLiteral("DELETE FROM archive_meta WHERE key = 'unfinished_load'"));
        }
    }
    // An empty archive gets its index built on a second connection and thread (IndexBuilder).
    // Not under a size limit: the quota counts this file only. Only for a database that is a
    // file: the builder attaches the archive by its path.
    if (d->bulkJournal && d->parallelIndex && d->sizeLimit == 0 && QFileInfo(d->path).isFile()) {
        d->index = std::make_unique<IndexBuilder>(d->path, QByteArray(schema::kCreateIndex));
        QString why;
        if (!d->index->start(&why)) {
            qCWarning(lcArchive) << "building the index on one thread:" << why;
            d->index.reset();
        }
    }
    d->exec(QStringLiteral("PRAGMA synchronous=OFF"));
    // Rows and index segments are appended in key order: a small page cache does, and is
    // reused instead of faulting in fresh memory for every page written (about a tenth of
    // the writer's time with 128 MB).
    d->exec(QStringLiteral("PRAGMA cache_size=-16384"));
    // The index writes a segment whenever its pending terms pass hashsize (1 MB by default):
    // 64 MB means a few large segments instead of hundreds to merge.
    d->exec(QStringLiteral("INSERT INTO tweets_fts(tweets_fts, rank) VALUES('hashsize', 67108864)"));
    d->bulk = true;
    return std::nullopt;
}

std::optional<StoreError> ArchiveStore::endBulkLoad(bool mergeIndex)
{
    if (!d->open || !d->bulk)
        return std::nullopt;
    d->bulk = false;
    std::optional<StoreError> result;
    if (d->index) {
        result = d->settleIndex(mergeIndex, true);
        d->exec(QStringLiteral("PRAGMA optimize"));
    } else if (mergeIndex) {
        QElapsedTimer timer;
        timer.start();
        result = optimize();
        qCDebug(lcArchive) << "bulk load: merged the full-text index in" << timer.elapsed() << "ms";
    }
    d->exec(QStringLiteral("INSERT INTO tweets_fts(tweets_fts, rank) VALUES('hashsize', 1048576)"));
    d->exec(QStringLiteral("PRAGMA cache_size=-65536"));
    d->exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    if (d->bulkJournal) {
        d->exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        if (!d->indexLost)
            d->exec(QStringLiteral("DELETE FROM archive_meta WHERE key = 'unfinished_load'"));
    }
    d->bulkJournal = false;
    return result;
}

std::optional<StoreError> ArchiveStore::Private::settleIndex(bool merge, bool final)
{
    if (!index)
        return std::nullopt;
    QString why;
    QElapsedTimer timer;
    timer.start();
    const bool ok = index->finish(merge, &why, [this, final] {
        if (final)
            syncToDisk(path);
    });
    qCDebug(lcArchive) << "bulk load: the full-text index was built apart and copied in" << timer.elapsed() << "ms";
    index.reset();
    if (ok)
        return std::nullopt;
    // The archive was empty when the load began: back to that, rather than rows no search finds.
    const bool emptied = exec(QStringLiteral("DELETE FROM tweets")) && setMeta(QStringLiteral("tweet_count"), 0)
        && setMeta(QStringLiteral("keys_are_ids"), 1);
    indexLost = !emptied; // then the unfinished-load marker stays: open() will refuse the file
    return StoreError { QStringLiteral("%1; %2").arg(
        why, emptied ? QStringLiteral("nothing was imported") : QStringLiteral("the archive's index is incomplete")) };
}

} // namespace ts::archive
