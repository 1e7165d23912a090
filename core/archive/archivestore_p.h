// SPDX-License-Identifier: MIT
// ArchiveStore's private part, shared by its two files: archivestore.cpp (open, reads, search,
// counts) and archivewriter.cpp (inserts and bulk loads). Not installed, not included elsewhere.
#pragma once

#include "archivestore.h"
#include "indexbuilder.h"
#include "rowbatch.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <array>
#include <memory>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

Q_DECLARE_LOGGING_CATEGORY(lcArchive)

namespace ts::archive {

/// Set in archive_meta while a bulk load into an empty archive runs (its journal is in
/// memory and its index is built apart): a file that still has it was interrupted.
inline const QString kUnfinishedLoad = QStringLiteral("unfinished_load");

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

} // namespace ts::archive
