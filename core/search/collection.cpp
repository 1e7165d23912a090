// SPDX-License-Identifier: MIT
#include "collection.h"

#include "archive/archivestore.h"
#include "archive/sqliteconfig.h"
#include "hydration.h"

#include <QDateTime>

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <unordered_map>

// Tables a collection adds to the archive schema (ts::archive::ArchiveStore owns `tweets`):
//   search_runs(id, mode, provider, base_url, started_at, finished_at, wall_ms, tweets, requests,
//               failed_queries, max_in_flight, latency_sum_ms, options JSON)
//   search_queries(run_id, query_index, query, status, error, tweets, pages, next_token, done)
//     next_token = token of the next page to fetch; updated with each page (resume point)
//   search_pages(run_id, query_index, page, tweets, next_token, fetched_at)
//   search_requests(id, run_id, query_index, query, page, attempt, http_status, scheduled_ms, sent_ms,
//                   first_byte_ms, finished_ms, parsed_ms, bytes, tweets, error, rate_limited, lane)
//   search_tweet_queries(tweet_id, query, run_id): which queries matched a tweet, first match first
//     (in a hydration run the query is the batch's label, hydration::batchLabel, not its ids)
//   search_missing_ids(run_id, query_index, tweet_id, reason, detail): hydration runs, each id
//     that did not come back; written with the page of its batch

namespace ts::search {

namespace {

const char *kSchema[] = {
    "CREATE TABLE IF NOT EXISTS search_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, mode TEXT NOT NULL,"
    " provider TEXT NOT NULL, base_url TEXT, started_at INTEGER NOT NULL, finished_at INTEGER, wall_ms REAL,"
    " tweets INTEGER, requests INTEGER, failed_queries INTEGER, max_in_flight INTEGER, latency_sum_ms REAL,"
    " options TEXT)",
    "CREATE TABLE IF NOT EXISTS search_queries (run_id INTEGER NOT NULL, query_index INTEGER NOT NULL,"
    " query TEXT NOT NULL, status TEXT NOT NULL, error TEXT, tweets INTEGER NOT NULL DEFAULT 0,"
    " pages INTEGER NOT NULL DEFAULT 0, next_token TEXT, done INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (run_id, query_index))",
    "CREATE TABLE IF NOT EXISTS search_pages (run_id INTEGER NOT NULL, query_index INTEGER NOT NULL,"
    " page INTEGER NOT NULL, tweets INTEGER NOT NULL, next_token TEXT, fetched_at INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, query_index, page))",
    "CREATE TABLE IF NOT EXISTS search_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL,"
    " query_index INTEGER NOT NULL, query TEXT, page INTEGER, attempt INTEGER, http_status INTEGER,"
    " scheduled_ms REAL, sent_ms REAL, first_byte_ms REAL, finished_ms REAL, parsed_ms REAL, bytes INTEGER,"
    " tweets INTEGER, error TEXT, rate_limited INTEGER, lane INTEGER, connect_start_ms REAL, connect_end_ms REAL)",
    "CREATE TABLE IF NOT EXISTS search_tweet_queries (tweet_id TEXT NOT NULL, query TEXT NOT NULL,"
    " run_id INTEGER NOT NULL, UNIQUE (tweet_id, query))",
    "CREATE TABLE IF NOT EXISTS search_missing_ids (run_id INTEGER NOT NULL, query_index INTEGER NOT NULL,"
    " tweet_id TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT, PRIMARY KEY (run_id, tweet_id))",
};

QString fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return message;
}

QJsonObject optionsToJson(const SearchOptions &o)
{
    QJsonObject j { { QStringLiteral("max_results"), o.maxResults }, { QStringLiteral("pages"), o.pages },
        { QStringLiteral("max_concurrency"), o.maxConcurrency },
        { QStringLiteral("transfer_timeout_ms"), o.transferTimeoutMs }, { QStringLiteral("max_retries"), o.maxRetries },
        { QStringLiteral("retry_base_delay_ms"), o.retryBaseDelayMs },
        { QStringLiteral("retry_max_delay_ms"), o.retryMaxDelayMs },
        { QStringLiteral("max_rate_limit_waits"), o.maxRateLimitWaits }, { QStringLiteral("max_tweets"), o.maxTweets },
        { QStringLiteral("max_rate_limit_wait_ms"), double(o.maxRateLimitWaitMs) },
        { QStringLiteral("max_body_bytes"), double(o.maxBodyBytes) },
        { QStringLiteral("request_deadline_ms"), double(o.requestDeadlineMs) },
        { QStringLiteral("http2_connections"), o.http2Connections } };
    if (!o.sinceId.isEmpty())
        j.insert(QStringLiteral("since_id"), o.sinceId);
    if (!o.untilId.isEmpty())
        j.insert(QStringLiteral("until_id"), o.untilId);
    if (o.startTime)
        j.insert(QStringLiteral("start_time"), o.startTime->toUTC().toString(Qt::ISODateWithMs));
    if (o.endTime)
        j.insert(QStringLiteral("end_time"), o.endTime->toUTC().toString(Qt::ISODateWithMs));
    if (o.kind == RunKind::Hydrate)
        j.insert(QStringLiteral("kind"), QStringLiteral("hydrate"));
    return j;
}

SearchOptions optionsFromJson(const QJsonObject &j)
{
    SearchOptions o;
    o.maxResults = j.value(QLatin1String("max_results")).toInt(o.maxResults);
    o.pages = j.value(QLatin1String("pages")).toInt(o.pages);
    o.maxConcurrency = j.value(QLatin1String("max_concurrency")).toInt(o.maxConcurrency);
    o.transferTimeoutMs = j.value(QLatin1String("transfer_timeout_ms")).toInt(o.transferTimeoutMs);
    o.maxRetries = j.value(QLatin1String("max_retries")).toInt(o.maxRetries);
    o.retryBaseDelayMs = j.value(QLatin1String("retry_base_delay_ms")).toInt(o.retryBaseDelayMs);
    o.retryMaxDelayMs = j.value(QLatin1String("retry_max_delay_ms")).toInt(o.retryMaxDelayMs);
    o.maxRateLimitWaits = j.value(QLatin1String("max_rate_limit_waits")).toInt(o.maxRateLimitWaits);
    // Runs stored before these were kept (their --limit, id bounds and request bounds were
    // lost): the defaults, as such a run resumed before.
    o.maxTweets = j.value(QLatin1String("max_tweets")).toInt(o.maxTweets);
    o.maxRateLimitWaitMs
        = qint64(j.value(QLatin1String("max_rate_limit_wait_ms")).toDouble(double(o.maxRateLimitWaitMs)));
    o.maxBodyBytes = qint64(j.value(QLatin1String("max_body_bytes")).toDouble(double(o.maxBodyBytes)));
    o.requestDeadlineMs = qint64(j.value(QLatin1String("request_deadline_ms")).toDouble(double(o.requestDeadlineMs)));
    o.http2Connections = j.value(QLatin1String("http2_connections")).toInt(o.http2Connections);
    o.sinceId = j.value(QLatin1String("since_id")).toString();
    o.untilId = j.value(QLatin1String("until_id")).toString();
    const auto time = [&j](const char *key) -> std::optional<QDateTime> {
        const QString s = j.value(QLatin1String(key)).toString();
        if (s.isEmpty())
            return std::nullopt;
        return QDateTime::fromString(s, Qt::ISODateWithMs);
    };
    o.startTime = time("start_time");
    o.endTime = time("end_time");
    if (j.value(QLatin1String("kind")).toString() == QLatin1String("hydrate"))
        o.kind = RunKind::Hydrate;
    return o;
}

QueryStatus statusFromName(const QString &name)
{
    for (auto s : { QueryStatus::Queued, QueryStatus::Running, QueryStatus::RateLimited, QueryStatus::Ok,
             QueryStatus::Error, QueryStatus::Cancelled }) {
        if (statusName(s) == name)
            return s;
    }
    return QueryStatus::Queued;
}

QVariant nullableMs(double v)
{
    return v < 0 ? QVariant(QMetaType(QMetaType::Double)) : QVariant(v);
}

} // namespace

struct Collection::Private
{
    archive::ArchiveStore store;
    QString connection;
    QString path;
    bool open = false;
    bool connectColumns = false; ///< search_requests has connect_start_ms/connect_end_ms (older files lack them)

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    /// Runs one statement with positional binds; false and *error on failure.
    bool exec(const QString &sql, const QVariantList &binds, QString *error, QSqlQuery *out = nullptr)
    {
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (!q.prepare(sql)) {
            fail(error, q.lastError().text());
            return false;
        }
        for (int i = 0; i < binds.size(); ++i)
            q.bindValue(i, binds.at(i));
        if (!q.exec()) {
            fail(error, q.lastError().text());
            return false;
        }
        if (out)
            *out = std::move(q);
        return true;
    }

    QList<StoredRun> readRuns(const QString &where, const QVariantList &binds, QString *error) const;

    QHash<qint64, RunKind> runKinds; ///< cache of runKind()
    /// The kind of a run, from its stored options (once per run).
    RunKind runKind(qint64 runId)
    {
        const auto it = runKinds.constFind(runId);
        if (it != runKinds.constEnd())
            return *it;
        QSqlQuery q;
        RunKind kind = RunKind::Search;
        if (exec(QStringLiteral("SELECT options FROM search_runs WHERE id = ?"), { runId }, nullptr, &q) && q.next())
            kind = optionsFromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object()).kind;
        runKinds.insert(runId, kind);
        return kind;
    }
};

Collection::Collection()
    : d(std::make_unique<Private>())
{ }

Collection::~Collection()
{
    close();
}

bool Collection::open(const QString &path, QString *error, bool readOnly)
{
    close();
    if (readOnly && !QFileInfo::exists(path)) {
        fail(error, QStringLiteral("%1: no such collection").arg(path));
        return false;
    }
    QString why;
    if (!d->store.open(path, &why, readOnly)) {
        fail(error, why);
        return false;
    }
    archive::configureSqlite();
    static std::atomic<int> counter { 0 }; // collections open on several threads (CollectionWriter)
    d->connection = QStringLiteral("ts_collection_%1").arg(++counter);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connection);
        db.setDatabaseName(path);
        db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                      : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            fail(error, QStringLiteral("%1: %2").arg(path, db.lastError().text()));
            db = QSqlDatabase(); // before close() removes the connection
            close();
            return false;
        }
    }
    d->path = path;
    d->open = true;
    if (!readOnly) {
        d->exec(QStringLiteral("PRAGMA synchronous=NORMAL"), {}, nullptr);
        for (const char *sql : kSchema) {
            if (!d->exec(QString::fromLatin1(sql), {}, &why)) {
                fail(error, QStringLiteral("%1: cannot create the collection tables: %2").arg(path, why));
                close();
                return false;
            }
        }
    } else {
        QSqlQuery q(d->db());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM search_runs"))) {
            fail(error, QStringLiteral("%1: not a Tweetscope collection (no runs table)").arg(path));
            close();
            return false;
        }
    }
    // The connection phase came later: a collection from before gets the two columns (or, read
    // only, is read without them).
    QSqlQuery columns(d->db());
    if (columns.exec(QStringLiteral("SELECT count(*) FROM pragma_table_info('search_requests') "
                                    "WHERE name = 'connect_start_ms'"))
        && columns.next())
        d->connectColumns = columns.value(0).toInt() > 0;
    if (!d->connectColumns && !readOnly) {
        d->connectColumns
            = d->exec(QStringLiteral("ALTER TABLE search_requests ADD COLUMN connect_start_ms REAL"), {}, nullptr)
            && d->exec(QStringLiteral("ALTER TABLE search_requests ADD COLUMN connect_end_ms REAL"), {}, nullptr);
    }
    return true;
}

void Collection::close()
{
    d->store.close();
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
    d->path.clear();
}

bool Collection::isOpen() const
{
    return d->open;
}

QString Collection::path() const
{
    return d->path;
}

qint64 Collection::beginRun(RunMode mode, const QString &provider, const QString &baseUrl, const QStringList &queries,
    const SearchOptions &options, QString *error)
{
    if (!d->open) {
        fail(error, QStringLiteral("the collection is not open"));
        return 0;
    }
    QSqlDatabase db = d->db();
    db.transaction();
    QSqlQuery q;
    const QString opts = QString::fromUtf8(QJsonDocument(optionsToJson(options)).toJson(QJsonDocument::Compact));
    if (!d->exec(QStringLiteral("INSERT INTO search_runs (mode, provider, base_url, started_at, options) "
                                "VALUES (?, ?, ?, ?, ?)"),
            { modeName(mode), provider, baseUrl, QDateTime::currentMSecsSinceEpoch(), opts }, error, &q)) {
        db.rollback();
        return 0;
    }
    const qint64 runId = q.lastInsertId().toLongLong();
    for (int i = 0; i < queries.size(); ++i) {
        if (!d->exec(QStringLiteral("INSERT INTO search_queries (run_id, query_index, query, status) "
                                    "VALUES (?, ?, ?, ?)"),
                { runId, i, queries.at(i), statusName(QueryStatus::Queued) }, error)) {
            db.rollback();
            return 0;
        }
    }
    if (!db.commit()) {
        fail(error, db.lastError().text());
        return 0;
    }
    return runId;
}

bool Collection::writePage(qint64 runId, int queryIndex, int page, const QList<Tweet> &tweets, const QString &nextToken,
    bool lastPage, QString *error, const QList<MissingId> &missing)
{
    if (!d->open) {
        fail(error, QStringLiteral("the collection is not open"));
        return false;
    }
    // Tweets first: if anything after this fails (or the process dies), the page's token is not
    // stored, resume fetches it again and the store skips the duplicates.
    if (!tweets.isEmpty()) {
        auto inserted = d->store.insert(tweets);
        if (auto *e = std::get_if<archive::StoreError>(&inserted)) {
            fail(error, e->message);
            return false;
        }
    }
    QSqlDatabase db = d->db();
    db.transaction();
    QSqlQuery query;
    if (!d->exec(QStringLiteral("SELECT query FROM search_queries WHERE run_id = ? AND query_index = ?"),
            { runId, queryIndex }, error, &query)
        || !query.next()) {
        db.rollback();
        if (error && error->isEmpty())
            *error = QStringLiteral("no query %1 in run %2").arg(queryIndex).arg(runId);
        return false;
    }
    QString queryText = query.value(0).toString();
    query.finish();
    if (d->runKind(runId) == RunKind::Hydrate)
        queryText = hydration::batchLabel(queryIndex, queryText);
    if (!missing.isEmpty()) {
        QSqlQuery gone(db);
        gone.prepare(QStringLiteral("INSERT OR REPLACE INTO search_missing_ids (run_id, query_index, tweet_id, reason, "
                                    "detail) VALUES (?, ?, ?, ?, ?)"));
        for (const MissingId &m : missing) {
            gone.bindValue(0, runId);
            gone.bindValue(1, queryIndex);
            gone.bindValue(2, m.id);
            gone.bindValue(3, missingReasonName(m.reason));
            gone.bindValue(4, m.detail);
            if (!gone.exec()) {
                fail(error, gone.lastError().text());
                db.rollback();
                return false;
            }
        }
    }
    QSqlQuery member(db);
    member.prepare(
        QStringLiteral("INSERT OR IGNORE INTO search_tweet_queries (tweet_id, query, run_id) VALUES (?, ?, ?)"));
    for (const Tweet &t : tweets) {
        member.bindValue(0, t.id);
        member.bindValue(1, queryText);
        member.bindValue(2, runId);
        if (!member.exec()) {
            fail(error, member.lastError().text());
            db.rollback();
            return false;
        }
    }
    const bool ok
        = d->exec(QStringLiteral("INSERT OR REPLACE INTO search_pages (run_id, query_index, page, tweets, "
                                 "next_token, fetched_at) VALUES (?, ?, ?, ?, ?, ?)"),
              { runId, queryIndex, page, int(tweets.size()), nextToken, QDateTime::currentMSecsSinceEpoch() }, error)
        && d->exec(QStringLiteral("UPDATE search_queries SET pages = ?, tweets = tweets + ?, next_token = ?, done = ? "
                                  "WHERE run_id = ? AND query_index = ?"),
            { page, int(tweets.size()), lastPage ? QString() : nextToken, lastPage ? 1 : 0, runId, queryIndex }, error);
    if (!ok || !db.commit()) {
        if (ok)
            fail(error, db.lastError().text());
        db.rollback();
        return false;
    }
    return true;
}

bool Collection::writeRequest(qint64 runId, const RequestTiming &t, QString *error)
{
    if (!d->open)
        return false;
    QVariantList binds { runId, t.queryIndex, t.query, t.page, t.attempt, t.httpStatus, nullableMs(t.scheduledMs),
        nullableMs(t.sentMs), nullableMs(t.firstByteMs), nullableMs(t.finishedMs), nullableMs(t.parsedMs), t.bytes,
        t.tweets, t.error, t.rateLimited ? 1 : 0, t.lane };
    if (!d->connectColumns)
        return d->exec(QStringLiteral("INSERT INTO search_requests (run_id, query_index, query, page, attempt, "
                                      "http_status, scheduled_ms, sent_ms, first_byte_ms, finished_ms, parsed_ms, "
                                      "bytes, tweets, error, rate_limited, lane) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            binds, error);
    binds << nullableMs(t.connectStartMs) << nullableMs(t.connectEndMs);
    return d->exec(QStringLiteral("INSERT INTO search_requests (run_id, query_index, query, page, attempt, "
                                  "http_status, scheduled_ms, sent_ms, first_byte_ms, finished_ms, parsed_ms, bytes, "
                                  "tweets, error, rate_limited, lane, connect_start_ms, connect_end_ms) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        binds, error);
}

bool Collection::writeQueryState(qint64 runId, int queryIndex, const QueryResult &state, QString *error)
{
    return d->open
        && d->exec(
            QStringLiteral("UPDATE search_queries SET status = ?, error = ? WHERE run_id = ? AND query_index = ?"),
            { statusName(state.status), state.error, runId, queryIndex }, error);
}

bool Collection::finishRun(qint64 runId, const RunSummary &s, QString *error)
{
    return d->open
        && d->exec(QStringLiteral("UPDATE search_runs SET finished_at = ?, wall_ms = ?, tweets = ?, requests = ?, "
                                  "failed_queries = ?, max_in_flight = ?, latency_sum_ms = ? WHERE id = ?"),
            { QDateTime::currentMSecsSinceEpoch(), s.wallMs, s.tweets, s.requests, s.failedQueries, s.maxInFlight,
                s.latencySumMs, runId },
            error);
}

QList<StoredRun> Collection::Private::readRuns(const QString &where, const QVariantList &binds, QString *error) const
{
    QList<StoredRun> runs;
    auto *self = const_cast<Private *>(this);
    QSqlQuery q;
    if (!open
        || !self->exec(QStringLiteral("SELECT id, mode, provider, base_url, started_at, finished_at, wall_ms, "
                                      "options FROM search_runs ")
                + where + QStringLiteral(" ORDER BY id"),
            binds, error, &q))
        return runs;
    while (q.next()) {
        StoredRun r;
        r.id = q.value(0).toLongLong();
        r.mode = q.value(1).toString() == modeName(RunMode::Concurrent) ? RunMode::Concurrent : RunMode::Sequential;
        r.provider = q.value(2).toString();
        r.baseUrl = q.value(3).toString();
        r.startedAtMs = q.value(4).toLongLong();
        r.finished = !q.value(5).isNull();
        r.wallMs = q.value(6).toDouble();
        r.options = optionsFromJson(QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object());
        runs.append(r);
    }
    for (StoredRun &r : runs) {
        QSqlQuery qq;
        if (!self->exec(QStringLiteral("SELECT query, status, error, tweets, pages FROM search_queries "
                                       "WHERE run_id = ? ORDER BY query_index"),
                { r.id }, error, &qq))
            return {};
        while (qq.next()) {
            r.queries.append(QueryResult { qq.value(0).toString(), qq.value(3).toInt(), qq.value(4).toInt(),
                statusFromName(qq.value(1).toString()), qq.value(2).toString() });
        }
    }
    return runs;
}

QList<StoredRun> Collection::runs(QString *error) const
{
    return d->readRuns(QString(), {}, error);
}

std::optional<StoredRun> Collection::run(qint64 runId, QString *error) const
{
    const auto list = d->readRuns(QStringLiteral("WHERE id = ?"), { runId }, error);
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

QList<MissingId> Collection::missingIds(qint64 runId, QString *error) const
{
    QList<MissingId> out;
    QSqlQuery q;
    if (!d->open
        || !d->exec(
            QStringLiteral("SELECT tweet_id, reason, detail, query_index FROM search_missing_ids WHERE run_id = ? "
                           "ORDER BY query_index, rowid"),
            { runId }, error, &q))
        return out;
    while (q.next()) {
        out.append(MissingId { q.value(0).toString(),
            missingReasonFromName(q.value(1).toString()).value_or(MissingReason::Other), q.value(2).toString(),
            q.value(3).toInt() });
    }
    return out;
}

QList<QueryProgress> Collection::progress(qint64 runId, QString *error) const
{
    QList<QueryProgress> out;
    QSqlQuery q;
    if (!d->open
        || !d->exec(QStringLiteral("SELECT pages, tweets, next_token, done FROM search_queries WHERE run_id = ? "
                                   "ORDER BY query_index"),
            { runId }, error, &q))
        return out;
    while (q.next())
        out.append(
            QueryProgress { q.value(0).toInt(), q.value(1).toInt(), q.value(2).toString(), q.value(3).toInt() != 0 });
    return out;
}

namespace {
RequestTiming timingFromRow(const QSqlQuery &q, int c)
{
    const auto ms = [&q](int i) { return q.value(i).isNull() ? -1.0 : q.value(i).toDouble(); };
    RequestTiming t;
    t.queryIndex = q.value(c).toInt();
    t.query = q.value(c + 1).toString();
    t.page = q.value(c + 2).toInt();
    t.attempt = q.value(c + 3).toInt();
    t.httpStatus = q.value(c + 4).toInt();
    t.scheduledMs = ms(c + 5);
    t.sentMs = ms(c + 6);
    t.firstByteMs = ms(c + 7);
    t.finishedMs = ms(c + 8);
    t.parsedMs = ms(c + 9);
    t.bytes = q.value(c + 10).toLongLong();
    t.tweets = q.value(c + 11).toInt();
    t.error = q.value(c + 12).toString();
    t.rateLimited = q.value(c + 13).toInt() != 0;
    t.lane = q.value(c + 14).isNull() ? -1 : q.value(c + 14).toInt();
    t.connectStartMs = ms(c + 15);
    t.connectEndMs = ms(c + 16);
    return t;
}
constexpr auto kTimingColumns = "query_index, query, page, attempt, http_status, scheduled_ms, sent_ms, "
                                "first_byte_ms, finished_ms, parsed_ms, bytes, tweets, error, rate_limited, lane";
QString timingColumns(bool connectColumns)
{
    return QLatin1String(kTimingColumns)
        + (connectColumns ? QLatin1String(", connect_start_ms, connect_end_ms") : QLatin1String(", NULL, NULL"));
}
} // namespace

QList<RequestTiming> Collection::requestTimings(qint64 runId, QString *error) const
{
    QList<RequestTiming> out;
    QSqlQuery q;
    const QString sql
        = QStringLiteral("SELECT %1 FROM search_requests %2 ORDER BY id")
              .arg(timingColumns(d->connectColumns), runId ? QStringLiteral("WHERE run_id = ?") : QString());
    if (!d->open || !d->exec(sql, runId ? QVariantList { runId } : QVariantList {}, error, &q))
        return out;
    while (q.next())
        out.append(timingFromRow(q, 0));
    return out;
}

QList<std::pair<StoredRun, RequestTiming>> Collection::allRequestTimings(QString *error) const
{
    QList<std::pair<StoredRun, RequestTiming>> out;
    const QList<StoredRun> all = runs(error);
    for (const StoredRun &r : all) {
        const QList<RequestTiming> timings = requestTimings(r.id, error);
        for (const RequestTiming &t : timings)
            out.append({ r, t });
    }
    return out;
}

qint64 Collection::tweetCount() const
{
    return d->open ? d->store.tweetCount() : 0;
}

std::optional<QList<Tweet>> Collection::tweets(
    std::span<const quint64> ids, bool withRawJson, QList<QStringList> *queries, QString *error) const
{
    if (queries)
        queries->clear();
    if (!d->open) {
        fail(error, QStringLiteral("the collection is not open"));
        return std::nullopt;
    }
    std::optional<QList<archive::StoredTweet>> stored = d->store.tweetsById(ids, withRawJson, error);
    if (!stored)
        return std::nullopt;
    QList<Tweet> found;
    found.reserve(stored->size());
    for (archive::StoredTweet &s : *stored)
        found.append(std::move(s.tweet));
    if (!queries || found.isEmpty())
        return found;

    // Memberships store the id as text; rowid order is the order the queries matched. The ids
    // are numbers formatted here (literals, as in ArchiveStore::tweetsById).
    QString sql = QStringLiteral("SELECT tweet_id, query FROM search_tweet_queries WHERE tweet_id IN (");
    sql.reserve(sql.size() + found.size() * 23 + 16);
    for (qsizetype i = 0; i < found.size(); ++i) {
        if (i > 0)
            sql += u',';
        sql += u'\'' + found.at(i).id + u'\'';
    }
    sql += QStringLiteral(") ORDER BY rowid");
    QSqlQuery m(d->db());
    m.setForwardOnly(true);
    if (!m.exec(sql)) {
        fail(error, m.lastError().text());
        return std::nullopt;
    }
    std::unordered_map<QString, QStringList> matched;
    while (m.next())
        matched[m.value(0).toString()].append(m.value(1).toString());
    queries->reserve(found.size());
    for (const Tweet &t : std::as_const(found)) {
        const auto it = matched.find(t.id);
        queries->append(it == matched.end() ? QStringList() : it->second);
    }
    return found;
}

std::optional<Tweet> Collection::tweet(quint64 id, QString *error) const
{
    std::optional<QList<Tweet>> one = tweets(std::span<const quint64>(&id, 1), true, nullptr, error);
    if (!one || one->isEmpty())
        return std::nullopt;
    return std::move(one->first());
}

bool Collection::forEachTweet(
    const std::function<bool(const Tweet &, const QStringList &)> &callback, QString *error) const
{
    if (!d->open) {
        fail(error, QStringLiteral("the collection is not open"));
        return false;
    }
    // One read transaction for the whole walk: without it every statement step outside the
    // store's cursor starts its own, and SQLite re-checks the file (fstat) each time.
    QSqlDatabase db = d->db();
    const bool inTransaction = db.transaction();
    // The memberships in the store's order (sort_key, then first match first), walked beside
    // the tweets: one cursor instead of one lookup per tweet.
    QSqlQuery member(db);
    member.setForwardOnly(true);
    if (!member.exec(QStringLiteral("SELECT m.tweet_id, m.query FROM tweets t"
                                    " JOIN search_tweet_queries m ON m.tweet_id = CAST(t.id AS TEXT)"
                                    " ORDER BY t.sort_key, m.rowid"))) {
        fail(error, member.lastError().text());
        if (inTransaction)
            db.rollback();
        return false;
    }
    bool memberValid = member.next();
    QString memberId = memberValid ? member.value(0).toString() : QString();
    QStringList queries;
    const bool ok = d->store.forEachTweet(
        [&](const archive::StoredTweet &stored) {
            queries.clear();
            while (memberValid && memberId == stored.tweet.id) {
                queries << member.value(1).toString();
                memberValid = member.next();
                if (memberValid)
                    memberId = member.value(0).toString();
            }
            return callback(stored.tweet, queries);
        },
        error);
    member.finish();
    if (inTransaction)
        db.rollback(); // read only: nothing to commit
    return ok;
}

} // namespace ts::search
