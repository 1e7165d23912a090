// SPDX-License-Identifier: MIT
//
// The archive's store: opening (and creating) the file, bulk loads, inserts, search and
// counts. The tables and how a row is read are in archiveschema.cpp.
#include "archivestore.h"

#include "archiveschema.h"
#include "indexbuilder.h"
#include "orderkey.h"
#include "rowbatch.h"
#include "sqliteconfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>

#include <array>
#include <atomic>
#include <cmath>
#include <unordered_map>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcArchive, "tweetscope.archive", QtWarningMsg)

namespace ts::archive {

namespace {

/// Set in archive_meta while a bulk load into an empty archive runs (its journal is in
/// memory and its index is built apart): a file that still has it was interrupted.
const QString kUnfinishedLoad = QStringLiteral("unfinished_load");

QString encodeToken(qint64 key, std::optional<double> score)
{
    QByteArray raw = "k" + QByteArray::number(key);
    if (score)
        raw += "s" + QByteArray::number(*score, 'g', 17);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeToken(const QString &token, qint64 *key, std::optional<double> *score)
{
    const QByteArray raw = QByteArray::fromBase64(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!raw.startsWith('k'))
        return false;
    const qsizetype s = raw.indexOf('s');
    bool ok = false;
    *key = raw.mid(1, s < 0 ? -1 : s - 1).toLongLong(&ok);
    if (!ok)
        return false;
    if (s >= 0) {
        const double v = raw.mid(s + 1).toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return false;
        *score = v;
    }
    return true;
}

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

struct ArchiveStore::Private
{
    QString connection;
    QString path;
    bool open = false;
    bool readOnly = false;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> statements;
    std::unique_ptr<RowBuilder> builder; ///< for insert(): remembers the authors it has seen
    RowBatch rows; ///< insert()'s scratch batch, reused
    bool bulk = false; ///< between beginBulkLoad and endBulkLoad
    bool bulkJournal = false; ///< the bulk load switched the journal from WAL to memory
    bool parallelIndex = true; ///< setParallelIndexing
    qint64 sizeLimit = 0; ///< setSizeLimit
    /// During a bulk load into an empty archive: builds the full-text index on its own thread.
    std::unique_ptr<IndexBuilder> index;
    bool indexLost = false; ///< the built index could not be copied in nor its rows removed
    bool mapped = false; ///< tweetsById set mmap_size

    /// Ends the index's parallel build: copies what it holds into the archive (merged into one
    /// segment when merge). If that fails, the rows it lacks are removed again (the archive
    /// was empty before the load) and the error says so.
    /// When final (the end of the load), the archive's table pages are written out to the
    /// disk while the index's last segment is built, instead of when the journal goes back to
    /// the WAL.
    std::optional<StoreError> settleIndex(bool merge, bool final = false);

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    QSqlQuery *statement(const QString &sql)
    {
        auto it = statements.find(sql);
        if (it != statements.end())
            return it->second.get();
        auto q = std::make_unique<QSqlQuery>(db());
        q->setForwardOnly(true);
        if (!q->prepare(sql)) {
            qCWarning(lcArchive) << "prepare failed:" << q->lastError().text() << sql;
            return nullptr;
        }
        return statements.emplace(sql, std::move(q)).first->second.get();
    }

    /// Prepares sql (once per connection), binds binds in order and runs it; nullptr (and a
    /// warning naming what) when that fails.
    QSqlQuery *run(const QString &sql, const QVariantList &binds, const char *what)
    {
        QSqlQuery *q = statement(sql);
        if (!q)
            return nullptr;
        for (int i = 0; i < binds.size(); ++i)
            q->bindValue(i, binds.at(i));
        if (!q->exec()) {
            qCWarning(lcArchive) << what << "failed:" << q->lastError().text();
            q->finish();
            return nullptr;
        }
        return q;
    }

    bool exec(const QString &sql, QString *error = nullptr)
    {
        QSqlQuery q(db());
        if (!q.exec(sql)) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
        return true;
    }

    QVariant metaValue(const QString &key)
    {
        QSqlQuery *q = statement(QStringLiteral("SELECT value FROM archive_meta WHERE key = ?"));
        if (!q)
            return {};
        q->bindValue(0, key);
        QVariant v;
        if (q->exec() && q->next())
            v = q->value(0);
        q->finish();
        return v;
    }

    bool setMeta(const QString &key, const QVariant &value)
    {
        QSqlQuery *q = statement(QStringLiteral("INSERT OR REPLACE INTO archive_meta(key, value) VALUES(?, ?)"));
        if (!q)
            return false;
        q->bindValue(0, key);
        q->bindValue(1, value);
        const bool ok = q->exec();
        q->finish();
        return ok;
    }

    /// The connection's sqlite3 handle: bulk inserts use the C API directly (same library
    /// as Qt's QSQLITE plugin), which is several times faster than QSqlQuery binding.
    sqlite3 *handle() const;
    std::array<sqlite3_stmt *, 3> raw {}; ///< insert tweet, insert fts row, set meta
    void finalizeRaw();
};

ArchiveStore::ArchiveStore()
    : d(std::make_unique<Private>())
{ }

ArchiveStore::~ArchiveStore()
{
    close();
}

bool ArchiveStore::open(const QString &path, QString *error, bool readOnly)
{
    close();
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        close();
        return false;
    };
    if (readOnly && !QFileInfo::exists(path))
        return fail(QStringLiteral("%1: no such archive").arg(path));
    configureSqlite();
    static std::atomic<int> counter { 0 };
    d->connection = QStringLiteral("ts_archive_%1").arg(++counter);
    QString openError;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connection);
        db.setDatabaseName(path);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        else
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            openError = db.lastError().databaseText().isEmpty() ? db.lastError().text() : db.lastError().databaseText();
    } // the handle goes before close() removes the connection
    if (!openError.isEmpty()) {
        const QString folder = QFileInfo(path).absolutePath();
        const QString hint = !QFileInfo(folder).isDir() ? QStringLiteral(" (the folder %1 does not exist)").arg(folder)
            : !readOnly && !QFileInfo(folder).isWritable()
            ? QStringLiteral(" (the folder %1 is not writable)").arg(folder)
            : QString();
        return fail(QStringLiteral("%1: cannot open the archive: %2%3").arg(path, openError, hint));
    }
    d->path = path;
    d->readOnly = readOnly;
    d->open = true;
    QString why;
    if (!readOnly) {
        if (!d->exec(QStringLiteral("PRAGMA journal_mode=WAL"), &why))
            return fail(QStringLiteral("%1: not an SQLite archive or not writable: %2").arg(path, why));
        d->exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    d->exec(QStringLiteral("PRAGMA cache_size=-65536"));
    d->exec(QStringLiteral("PRAGMA temp_store=MEMORY"));
    if (!readOnly) {
        d->db().transaction();
        for (const char *sql : schema::createStatements()) {
            if (!d->exec(QString::fromLatin1(sql), &why)) {
                d->db().rollback();
                return fail(QStringLiteral("%1: cannot create the archive schema: %2").arg(path, why));
            }
        }
        const QVariant version = d->metaValue(QStringLiteral("schema_version"));
        if (version.isNull()) {
            d->setMeta(QStringLiteral("schema_version"), schema::kVersion);
            d->setMeta(QStringLiteral("tweet_count"), 0);
            d->setMeta(QStringLiteral("keys_are_ids"), 1);
        } else if (version.toInt() > schema::kVersion) {
            d->db().rollback();
            return fail(QStringLiteral("%1: archive schema version %2 is newer than this program's (%3)")
                            .arg(path)
                            .arg(version.toInt())
                            .arg(schema::kVersion));
        }
        if (!d->db().commit())
            return fail(
                QStringLiteral("%1: cannot create the archive schema: %2").arg(path, d->db().lastError().text()));
    } else if (d->metaValue(QStringLiteral("schema_version")).isNull()) {
        return fail(QStringLiteral("%1: not a Tweetscope archive").arg(path));
    }
    if (!d->metaValue(kUnfinishedLoad).isNull())
        return fail(QStringLiteral("%1: an import or generation into this archive stopped before it finished (or "
                                   "is still running); its index is incomplete: delete the file and run it again")
                        .arg(path));
    return true;
}

void ArchiveStore::close()
{
    if (d->bulk)
        endBulkLoad(false); // back to the WAL and the normal settings
    d->finalizeRaw();
    d->statements.clear();
    d->builder.reset();
    d->rows.clear();
    if (!d->connection.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(d->connection, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(d->connection);
        d->connection.clear();
    }
    d->open = false;
    d->indexLost = false;
    d->mapped = false;
}

bool ArchiveStore::isOpen() const
{
    return d->open;
}

QString ArchiveStore::path() const
{
    return d->path;
}

void ArchiveStore::setParallelIndexing(bool on)
{
    d->parallelIndex = on;
}

void ArchiveStore::setSizeLimit(qint64 bytes)
{
    if (!d->open)
        return;
    d->sizeLimit = std::max<qint64>(0, bytes);
    QSqlQuery q(d->db());
    q.exec(QStringLiteral("PRAGMA page_size"));
    const qint64 page = q.next() ? q.value(0).toLongLong() : 4096;
    q.finish();
    d->exec(QStringLiteral("PRAGMA max_page_count=%1")
                .arg(bytes > 0 ? std::max<qint64>(1, bytes / page) : qint64(1073741823)));
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

qint64 ArchiveStore::tweetCount()
{
    if (!d->open)
        return 0;
    return d->metaValue(QStringLiteral("tweet_count")).toLongLong();
}

bool ArchiveStore::forEachTweet(const std::function<bool(const StoredTweet &)> &callback, QString *error)
{
    if (!d->open) {
        if (error)
            *error = QStringLiteral("the archive is not open");
        return false;
    }
    QSqlQuery q(d->db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM tweets t ORDER BY t.sort_key").arg(schema::tweetColumns()))) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        if (!callback(schema::readRow(q)))
            break;
    }
    return true;
}

std::optional<QList<StoredTweet>> ArchiveStore::tweetsById(
    std::span<const quint64> ids, bool withRawJson, QString *error)
{
    if (!d->open) {
        if (error)
            *error = QStringLiteral("the archive is not open");
        return std::nullopt;
    }
    if (ids.empty())
        return QList<StoredTweet>();
    if (!d->mapped) {
        // Reads by id jump around the file: mapped pages instead of a read() per page (system
        // calls are dear in this VM; perf: a quarter of a visible-rows export).
        d->exec(QStringLiteral("PRAGMA mmap_size = 2147418112"));
        d->mapped = true;
    }
    // The ids as literals: they are numbers formatted here, so nothing can be injected, and
    // QtSql looks each bound parameter up by name (perf: a third of an export's time with 500).
    QString sql = QStringLiteral("SELECT %1 FROM tweets t WHERE t.id IN (")
                      .arg(withRawJson ? schema::tweetColumns() : schema::tweetColumnsWithoutRawJson());
    sql.reserve(sql.size() + qsizetype(ids.size()) * 21 + 1);
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            sql += u',';
        sql += QString::number(ids[i]);
    }
    sql += u')';
    QSqlQuery q(d->db());
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    std::unordered_map<quint64, StoredTweet> found;
    found.reserve(ids.size());
    while (q.next()) {
        const quint64 id = q.value(1).toULongLong();
        found.emplace(id, schema::readRow(q));
    }
    QList<StoredTweet> ordered;
    ordered.reserve(qsizetype(found.size()));
    for (quint64 id : ids) {
        const auto it = found.find(id);
        if (it == found.end())
            continue; // not stored, or listed before
        ordered.append(std::move(it->second));
        found.erase(it);
    }
    return ordered;
}

std::optional<std::pair<qint64, qint64>> ArchiveStore::timeSpan()
{
    if (!d->open)
        return std::nullopt;
    QSqlQuery *oldest = d->statement(QStringLiteral("SELECT min(created_at) FROM "
                                                    "(SELECT created_at FROM tweets ORDER BY sort_key LIMIT 64)"));
    QSqlQuery *newest = d->statement(
        QStringLiteral("SELECT max(created_at) FROM (SELECT created_at FROM tweets ORDER BY sort_key DESC LIMIT 64)"));
    if (!oldest || !newest || !oldest->exec() || !oldest->next() || oldest->value(0).isNull())
        return std::nullopt;
    const qint64 first = oldest->value(0).toLongLong();
    oldest->finish();
    if (!newest->exec() || !newest->next())
        return std::nullopt;
    const qint64 last = newest->value(0).toLongLong();
    newest->finish();
    return std::make_pair(first, last);
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

namespace {

qint64 bucketWidth(Granularity g)
{
    return g == Granularity::Minute ? 60000LL : g == Granularity::Hour ? 3600000LL : 86400000LL;
}

/// FROM + WHERE for a compiled query with time and id bounds, and the binds in order.
struct Selection
{
    QString from; ///< "FROM ... WHERE ..."
    QString keyColumn; ///< tweets_fts.rowid or t.sort_key
    QVariantList binds;
    bool fts = false;
};

Selection select(const SqlFilter &filter, std::optional<qint64> startMs, std::optional<qint64> endMs,
    std::optional<quint64> sinceId, std::optional<quint64> untilId, bool keysAreIds)
{
    Selection s;
    s.fts = !filter.match.isEmpty();
    s.keyColumn = s.fts ? QStringLiteral("tweets_fts.rowid") : QStringLiteral("t.sort_key");
    if (s.fts) {
        s.from = QStringLiteral("FROM tweets_fts JOIN tweets t ON t.sort_key = tweets_fts.rowid "
                                "WHERE tweets_fts MATCH ? AND (%1)")
                     .arg(filter.where);
        s.binds.append(filter.match);
    } else {
        s.from = QStringLiteral("FROM tweets t WHERE (%1)").arg(filter.where);
    }
    s.binds += filter.binds;
    // Order keys carry the creation time in their high bits (see the schema comment), so time
    // bounds narrow the key range the index walks; the exact checks follow.
    std::optional<qint64> lo, hi; // inclusive, exclusive
    if (startMs) {
        s.from += QStringLiteral(" AND t.created_at >= ?");
        s.binds.append(*startMs);
        lo = orderkey::lowerBoundForTime(*startMs);
    }
    if (endMs) {
        s.from += QStringLiteral(" AND t.created_at < ?");
        s.binds.append(*endMs);
        hi = orderkey::lowerBoundForTime(*endMs + 1000) + 64;
    }
    const quint64 maxId = quint64(std::numeric_limits<qint64>::max());
    if (sinceId) {
        s.from += QStringLiteral(" AND t.id > ?");
        s.binds.append(qint64(std::min(*sinceId, maxId)));
        if (keysAreIds)
            lo = std::max(lo.value_or(std::numeric_limits<qint64>::min()), qint64(std::min(*sinceId, maxId)) + 1);
    }
    if (untilId) {
        s.from += QStringLiteral(" AND t.id < ?");
        s.binds.append(qint64(std::min(*untilId, maxId)));
        if (keysAreIds)
            hi = std::min(hi.value_or(std::numeric_limits<qint64>::max()), qint64(std::min(*untilId, maxId)));
    }
    if (lo) {
        s.from += QStringLiteral(" AND %1 >= ?").arg(s.keyColumn);
        s.binds.append(*lo);
    }
    if (hi) {
        s.from += QStringLiteral(" AND %1 < ?").arg(s.keyColumn);
        s.binds.append(*hi);
    }
    return s;
}

} // namespace

std::variant<SearchPage, QueryError, StoreError> ArchiveStore::search(const SearchParams &params)
{
    if (!d->open)
        return StoreError { QStringLiteral("the archive is not open") };
    if (auto e = d->settleIndex(false)) // reads during a bulk load see every row written so far
        return *e;
    auto parsed = QueryLanguage::parse(params.query, params.maxQueryLength);
    if (auto *e = std::get_if<QueryError>(&parsed))
        return *e;
    const SqlFilter filter = QueryLanguage::compile(std::get<ParsedQuery>(parsed));

    qint64 cursorKey = 0;
    std::optional<double> cursorScore;
    const bool hasCursor = !params.pageToken.isEmpty();
    if (hasCursor && !decodeToken(params.pageToken, &cursorKey, &cursorScore))
        return QueryError { 1,
            QStringLiteral("The `next_token` query parameter value [%1] is not valid").arg(params.pageToken) };

    const bool keysAreIds = d->metaValue(QStringLiteral("keys_are_ids")).toInt() != 0;
    Selection s = select(filter, params.startMs, params.endMs, params.sinceId, params.untilId, keysAreIds);
    const int limit = std::clamp(params.maxResults, 1, 100000);
    const bool relevancy = params.relevancy && s.fts;
    QString sql;
    if (relevancy) {
        // bm25 is lower-is-better; ties fall back to recency. The cursor is (score, key).
        sql = QStringLiteral("SELECT * FROM (SELECT %1, bm25(tweets_fts) AS score %2) ")
                  .arg(schema::tweetColumns(), s.from);
        if (hasCursor) {
            sql += QStringLiteral("WHERE score > ? OR (score = ? AND sort_key < ?) ");
            s.binds << cursorScore.value_or(-std::numeric_limits<double>::infinity())
                    << cursorScore.value_or(-std::numeric_limits<double>::infinity()) << cursorKey;
        }
        sql += QStringLiteral("ORDER BY score, sort_key DESC LIMIT ?");
    } else {
        sql = QStringLiteral("SELECT %1 %2").arg(schema::tweetColumns(), s.from);
        if (hasCursor) {
            sql += QStringLiteral(" AND %1 < ?").arg(s.keyColumn);
            s.binds.append(cursorKey);
        }
        sql += QStringLiteral(" ORDER BY %1 DESC LIMIT ?").arg(s.keyColumn);
    }
    s.binds.append(limit + 1);

    QSqlQuery *q = d->run(sql, s.binds, "search");
    if (!q)
        return StoreError { QStringLiteral("the archive could not run this search") };
    SearchPage page;
    qint64 lastKey = 0;
    double lastScore = 0;
    while (q->next()) {
        if (page.tweets.size() == limit) {
            page.nextToken = encodeToken(lastKey, relevancy ? std::optional<double>(lastScore) : std::nullopt);
            break;
        }
        lastKey = q->value(0).toLongLong();
        if (relevancy)
            lastScore = q->value(schema::kTweetColumnCount).toDouble();
        page.tweets.append(schema::readRow(*q));
    }
    q->finish();
    return page;
}

std::optional<CountsWindow> ArchiveStore::countsWindow(
    qint64 startMs, qint64 endMs, Granularity granularity, const QString &token, qint64 maxSpanMs)
{
    const qint64 width = bucketWidth(granularity);
    CountsWindow w { startMs, endMs, {} };
    if (!token.isEmpty()) {
        const QByteArray raw = QByteArray::fromBase64(
            token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        bool ok = false;
        const qint64 pageEnd = raw.startsWith('c') ? raw.mid(1).toLongLong(&ok) : 0;
        // A page end of this request: inside the window, on a bucket boundary.
        if (!ok || pageEnd <= startMs || pageEnd >= endMs || pageEnd % width != 0)
            return std::nullopt;
        w.endMs = pageEnd;
    }
    if (maxSpanMs >= width && w.endMs - startMs > maxSpanMs) {
        qint64 from = w.endMs - maxSpanMs;
        from += (width - from % width) % width; // up to a boundary: a page holds whole buckets
        w.startMs = from;
        w.nextToken
            = QString::fromLatin1(QByteArray(QByteArray("c") + QByteArray::number(from))
                                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }
    return w;
}

std::variant<QList<CountBucket>, QueryError, StoreError> ArchiveStore::counts(
    const QString &query, int maxQueryLength, qint64 startMs, qint64 endMs, Granularity granularity)
{
    if (!d->open)
        return StoreError { QStringLiteral("the archive is not open") };
    if (auto e = d->settleIndex(false))
        return *e;
    auto parsed = QueryLanguage::parse(query, maxQueryLength);
    if (auto *e = std::get_if<QueryError>(&parsed))
        return *e;
    if (endMs <= startMs)
        return QList<CountBucket> {};
    const qint64 width = bucketWidth(granularity);
    const qint64 origin = startMs - (((startMs % width) + width) % width);
    const qint64 bucketCount = (endMs - origin + width - 1) / width;
    if (bucketCount > 1000000)
        return QueryError { 1,
            QStringLiteral("The time range holds too many %1 buckets")
                .arg(granularity == Granularity::Minute ? QStringLiteral("minute") : QStringLiteral("hour")) };
    const SqlFilter filter = QueryLanguage::compile(std::get<ParsedQuery>(parsed));
    const bool keysAreIds = d->metaValue(QStringLiteral("keys_are_ids")).toInt() != 0;
    Selection s = select(filter, startMs, endMs, std::nullopt, std::nullopt, keysAreIds);
    const QString sql = QStringLiteral("SELECT (t.created_at - ?) / ? AS b, count(*) %1 GROUP BY b").arg(s.from);
    s.binds.prepend(width);
    s.binds.prepend(origin);
    QSqlQuery *q = d->run(sql, s.binds, "counts");
    if (!q)
        return StoreError { QStringLiteral("the archive could not count this query") };
    QList<CountBucket> buckets;
    buckets.reserve(bucketCount);
    for (qint64 i = 0; i < bucketCount; ++i) {
        const qint64 b = origin + i * width;
        buckets.append(CountBucket { std::max(b, startMs), std::min(b + width, endMs), 0 });
    }
    while (q->next()) {
        const qint64 b = q->value(0).toLongLong();
        if (b >= 0 && b < bucketCount)
            buckets[b].count += q->value(1).toLongLong();
    }
    q->finish();
    return buckets;
}

} // namespace ts::archive
