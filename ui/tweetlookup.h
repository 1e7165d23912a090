// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QString>

#include <optional>

namespace ts::ui {

/**
 * Reads one stored tweet by id from a collection file (the archive schema), for the detail
 * pane: the table keeps only compact rows, so the full text, entities and raw JSON come from
 * disk on selection. Read-only, on the thread that created it.
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

private:
    QString m_connectionName;
    QString m_path;
};

} // namespace ts::ui
