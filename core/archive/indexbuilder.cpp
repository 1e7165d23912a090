// SPDX-License-Identifier: MIT
#include "indexbuilder.h"

#include "sqliteconfig.h"

#include <QFile>

#include <sqlite3.h>

namespace ts::archive {

void IndexRows::append(qint64 key, const char *const text[3], const quint32 size[3])
{
    keys.push_back(key);
    for (int i = 0; i < 3; ++i) {
        spans.push_back(quint32(bytes.size()));
        spans.push_back(size[i]);
        bytes.append(text[i], size[i]);
    }
}

IndexBuilder::IndexBuilder(QString archivePath, QByteArray createSql)
    : m_archivePath(std::move(archivePath))
    , m_path(m_archivePath + QStringLiteral("-index.partial"))
    , m_createSql(std::move(createSql))
{ }

IndexBuilder::~IndexBuilder()
{
    if (m_thread.joinable()) {
        m_pipe.stop();
        m_pipe.close();
        m_thread.join();
    }
    if (m_insert)
        sqlite3_finalize(m_insert);
    if (m_db)
        sqlite3_close(m_db);
    QFile::remove(m_path);
}

bool IndexBuilder::exec(const char *sql, QString *error)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(m_path, QString::fromUtf8(message ? message : sqlite3_errmsg(m_db)));
    sqlite3_free(message);
    return false;
}

bool IndexBuilder::start(QString *error)
{
    QFile::remove(m_path); // left by a build that crashed
    configureSqlite();
    // UTF-8, as SQLite takes file names (and Qt's driver passes the archive's).
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("%1: cannot create: %2").arg(m_path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    // A scratch file: if the program stops, the archive's marker says so and the file goes.
    // One transaction for the whole build, with a pending-terms buffer of 32 MB: the index is
    // written as a few large segments (about one per 150k tweets; 1M oldest first make 7) and
    // is not merged while it is built.
    if (!exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
              "PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY",
            error)
        || !exec(m_createSql.constData(), error)
        || !exec("INSERT INTO tweets_fts(tweets_fts, rank) VALUES('hashsize', 33554432);"
                 "INSERT INTO tweets_fts(tweets_fts, rank) VALUES('automerge', 0); BEGIN",
            error))
        return false;
    if (sqlite3_prepare_v3(m_db, "INSERT INTO tweets_fts(rowid, text, urls, tags) VALUES(?,?,?,?)", -1,
            SQLITE_PREPARE_PERSISTENT, &m_insert, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    m_current = m_pipe.take();
    m_thread = std::thread([this] { run(); });
    return true;
}

void IndexBuilder::run()
{
    while (std::unique_ptr<IndexRows> c = m_pipe.pop()) {
        const char *bytes = c->bytes.constData();
        for (qsizetype r = 0; r < c->size(); ++r) {
            const quint32 *span = &c->spans[size_t(r) * 6];
            sqlite3_bind_int64(m_insert, 1, c->keys[size_t(r)]);
            for (int i = 0; i < 3; ++i)
                sqlite3_bind_text(m_insert, i + 2, bytes + span[2 * i], int(span[2 * i + 1]), SQLITE_STATIC);
            const int rc = sqlite3_step(m_insert);
            sqlite3_reset(m_insert);
            if (rc != SQLITE_DONE) {
                fail(QStringLiteral("%1: cannot index tweet %2: %3")
                         .arg(m_path)
                         .arg(c->keys[size_t(r)])
                         .arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
                return;
            }
        }
        c->clear();
        m_pipe.recycle(std::move(c));
    }
    if (!m_finishing.load())
        return; // abandoned
    // All rows are in: the pending terms become the last segment (the largest single step of
    // the build), merged with the others when asked, while the caller's thread goes on.
    sqlite3_finalize(m_insert);
    m_insert = nullptr;
    QString why;
    if (!exec("COMMIT", &why)
        || (m_merge.load() && segments() > 8 && !exec("INSERT INTO tweets_fts(tweets_fts) VALUES('optimize')", &why)))
        fail(why);
}

int IndexBuilder::segments()
{
    // One segment per 32 MB of pending terms when rows arrive in key order; more when the
    // input runs backwards (newest first), as each batch then starts a segment of its own.
    // A few large segments search as fast as one (measured on 1M tweets), so only many are
    // merged: a merge rewrites the whole index on the last, serial stretch of the load.
    sqlite3_stmt *q = nullptr;
    int n = 0;
    if (sqlite3_prepare_v2(m_db, "SELECT count(DISTINCT segid) FROM tweets_fts_idx", -1, &q, nullptr) == SQLITE_OK
        && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}

void IndexBuilder::fail(const QString &message)
{
    {
        std::lock_guard lock(m_errorMutex);
        if (m_error.isEmpty())
            m_error = message;
    }
    m_pipe.stop();
}

QString IndexBuilder::error() const
{
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

bool IndexBuilder::submit(QString *error)
{
    const qsizetype n = m_current->size();
    if (!m_pipe.push(std::move(m_current))) {
        m_current = m_pipe.take();
        if (error)
            *error = this->error();
        return false;
    }
    m_submitted += n;
    m_current = m_pipe.take();
    return true;
}

bool IndexBuilder::finish(bool merge, QString *error, const std::function<void()> &meanwhile)
{
    if (m_finished)
        return true;
    m_merge = merge;
    m_finishing = true;
    m_pipe.close();
    if (meanwhile)
        meanwhile();
    if (m_thread.joinable())
        m_thread.join();
    if (const QString e = this->error(); !e.isEmpty()) {
        if (error)
            *error = e;
        return false;
    }
    // The copy replaces the archive's (empty) index whole: the segments, the term pages and
    // the per-row sizes. The archive's own settings (tweets_fts_config) stay. This connection
    // is not the archive's, so the store's connection sees a changed file and rereads the
    // index structure it cached.
    sqlite3_stmt *attach = nullptr;
    sqlite3_prepare_v2(m_db, "ATTACH ? AS archive", -1, &attach, nullptr);
    const QByteArray archive = m_archivePath.toUtf8();
    sqlite3_bind_text(attach, 1, archive.constData(), int(archive.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(attach);
    sqlite3_finalize(attach);
    if (rc != SQLITE_DONE) {
        if (error)
            *error = QStringLiteral("%1: cannot open it to write its index: %2")
                         .arg(m_archivePath, QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    const bool copied = exec("PRAGMA archive.journal_mode=MEMORY; PRAGMA archive.synchronous=OFF; BEGIN IMMEDIATE;"
                             "DELETE FROM archive.tweets_fts_data; DELETE FROM archive.tweets_fts_idx;"
                             "DELETE FROM archive.tweets_fts_docsize;"
                             "INSERT INTO archive.tweets_fts_data SELECT * FROM main.tweets_fts_data;"
                             "INSERT INTO archive.tweets_fts_idx SELECT * FROM main.tweets_fts_idx;"
                             "INSERT INTO archive.tweets_fts_docsize SELECT * FROM main.tweets_fts_docsize;"
                             "COMMIT",
        error);
    if (!copied) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        if (error)
            *error = QStringLiteral("%1: cannot write the full-text index: %2").arg(m_archivePath, *error);
    }
    exec("DETACH archive", nullptr);
    sqlite3_close(m_db);
    m_db = nullptr;
    QFile::remove(m_path);
    m_finished = copied;
    return copied;
}

} // namespace ts::archive
