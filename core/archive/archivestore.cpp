// SPDX-License-Identifier: MIT
//
// The archive's store: opening (and creating) the file, reads, search and counts. Inserts and
// bulk loads are in archivewriter.cpp, the tables and how a row is read in archiveschema.cpp.
#include "archivestore.h"

#include "archiveschema.h"
#include "archivestore_p.h"
#include "orderkey.h"
#include "sqliteconfig.h"

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <atomic>
#include <cmath>

Q_LOGGING_CATEGORY(lcArchive, "tweetscope.archive", QtWarningMsg)

namespace ts::archive {

namespace {

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

/// "FILE: cannot read the archive: WHY" and what to do, for SQLite's error while open() reads
/// the archive's tables (a damaged file, another program writing it, a file that stops short).
QString unreadable(const QString &path, const QSqlError &error)
{
    const QString why = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    const int code = error.nativeErrorCode().toInt() & 0xff; // the primary SQLite result code
    const QString what = code == SQLITE_BUSY || code == SQLITE_LOCKED
        ? QStringLiteral("another program is writing it: try again when it has finished")
        : QStringLiteral("if an import or generation into it stopped before it finished, or the file was cut "
                         "short, delete it and run that again");
    return QStringLiteral("%1: cannot read the archive (%2); %3").arg(path, why, what);
}

} // namespace

QString ArchiveStore::notSqliteProblem(const QString &path)
{
    QFile file(path);
    if (!file.exists() || file.size() == 0 || !file.open(QIODevice::ReadOnly))
        return {}; // a new or empty file becomes an archive; an unreadable one is SQLite's to say
    if (file.read(16) == QByteArrayView("SQLite format 3\0", 16))
        return {};
    return QStringLiteral("%1: not a Tweetscope archive or collection (not an SQLite file); it was left unchanged")
        .arg(path);
}

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
    // Another kind of file (a CSV, a JSONL export, a typo for the input) is refused by its first
    // bytes, before SQLite is asked: nothing is written to it and no SQLite error is shown.
    if (QString problem = notSqliteProblem(path); !problem.isEmpty())
        return fail(problem);
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
    // An SQLite file of another program is left alone: no archive tables are added to it.
    bool hasMeta = false;
    {
        QSqlQuery tables(d->db());
        if (!tables.exec(QStringLiteral("SELECT count(*), coalesce(sum(name = 'archive_meta'), 0) "
                                        "FROM sqlite_master WHERE type = 'table'"))
            || !tables.next())
            return fail(unreadable(path, tables.lastError()));
        hasMeta = tables.value(1).toInt() > 0;
        if (tables.value(0).toInt() > 0 && !hasMeta)
            return fail(QStringLiteral("%1: an SQLite file of another program, not a Tweetscope archive or "
                                       "collection; it was left unchanged")
                            .arg(path));
    }
    // The marker of a load that stopped, read before anything is written (the WAL switch below
    // rewrites the header). Read apart from metaValue(), which cannot tell a missing key from a
    // failed read: an archive whose meta table cannot be read is unreadable, with SQLite's reason.
    bool versioned = false;
    if (hasMeta) {
        bool unfinished = false;
        QSqlQuery meta(d->db());
        if (!meta.exec(QStringLiteral("SELECT key FROM archive_meta WHERE key IN ('schema_version', '%1')")
                    .arg(kUnfinishedLoad)))
            return fail(unreadable(path, meta.lastError()));
        while (meta.next()) {
            versioned = versioned || meta.value(0).toString() == u"schema_version";
            unfinished = unfinished || meta.value(0).toString() == kUnfinishedLoad;
        }
        if (meta.lastError().isValid())
            return fail(unreadable(path, meta.lastError()));
        if (unfinished)
            return fail(QStringLiteral("%1: an import or generation into this archive stopped before it finished "
                                       "(or is still running); its index is incomplete: delete the file and run it "
                                       "again")
                            .arg(path));
    }
    if (readOnly && !versioned)
        return fail(QStringLiteral("%1: not a Tweetscope archive").arg(path));
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
    }
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
