// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <span>

namespace ts::ui {

/**
 * Reads stored tweets by id from a collection file (the archive schema): one for the detail
 * pane (the table keeps only compact rows, so the full text, entities and raw JSON come from
 * disk on selection), or a chunk of the table's rows at a time for an export in view order.
 * Read-only, on the thread that opened it.
 */
class TweetLookup
{
public:
    TweetLookup();
    ~TweetLookup();
    TweetLookup(const TweetLookup &) = delete;
    TweetLookup &operator=(const TweetLookup &) = delete;

    /// Opens the collection read-only (closing the previous one). False and *error on failure.
    bool open(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }

    /// The tweet with its raw JSON, or nullopt when the file does not have it (yet).
    std::optional<Tweet> tweet(const QString &id, QString *error = nullptr) const;
    /// The tweets of ids, in that order; ids the file does not have are left out. With
    /// queries, (*queries)[i] are the queries that matched the i-th tweet returned (query
    /// text, first match first; empty in a plain archive). withRawJson false leaves rawJson
    /// empty (a CSV without the raw_json column). nullopt and *error when reading failed.
    /// One statement per call: pass a few hundred ids at a time.
    std::optional<QList<Tweet>> tweets(std::span<const quint64> ids, bool withRawJson,
        QList<QStringList> *queries = nullptr, QString *error = nullptr) const;

private:
    QString m_connectionName;
    QString m_path;
    mutable std::optional<bool> m_hasQueries; // the file has the collection's query membership table
};

} // namespace ts::ui
