// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweetparser.h"

#include <QString>

#include <functional>
#include <memory>

class QIODevice;

namespace ts::archive {

/**
 * @brief The ZIP that X gives every user ("Download an archive of your data"), read entry by
 * entry with libarchive, each entry streamed (never whole in memory). The format and what is
 * imported of it: docs/x-account-archive.md. Importer::importFile() uses it for ZIP files.
 */
class AccountArchive
{
public:
    /// What an entry holds, from its file name.
    enum class Kind {
        Tweets, ///< data/tweets.js, tweets-partN.js, tweet.js (older), community-tweet.js
        Account, ///< data/account.js: the owner
        Likes, ///< like.js
        DirectMessages, ///< direct-messages*.js, direct-message*.js
        DeletedTweets, ///< deleted-tweets.js
        NoteTweets, ///< note-tweet.js (long posts' full text)
        Media, ///< files in the media folders (*_media/)
        Other,
    };
    static Kind kindOf(const QString &entryName);
    /// "likes", "direct messages", ... for summaries.
    static QString kindName(Kind kind);

    /// True when the device starts like a ZIP file ("PK\3\4", or "PK\5\6" for an empty one).
    static bool looksLikeZip(QIODevice &device);

    explicit AccountArchive(const QString &path);
    ~AccountArchive();
    AccountArchive(const AccountArchive &) = delete;
    AccountArchive &operator=(const AccountArchive &) = delete;

    /// Finds data/account.js and reads the owner from it (a first pass over the entries'
    /// headers). False with *error when the file is no ZIP, or has no readable account.js.
    bool readOwner(AccountOwner *owner, QString *error);

    /// Calls each(entry name, kind, data) for every entry in ZIP order; data reads the entry's
    /// bytes as they are decompressed (an entry not read is skipped). each() returns false to
    /// stop. False with *error when the ZIP cannot be read (a damaged entry: its name).
    bool forEachEntry(const std::function<bool(const QString &name, Kind kind, QIODevice &data)> &each, QString *error);

    /// Bytes of the ZIP file read so far (for progress), and its size.
    qint64 bytesRead() const;
    qint64 size() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts::archive
