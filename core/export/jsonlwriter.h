// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

namespace ts::exporter {

class OutputFile;

/// How a JSONL export is laid out.
struct JsonlOptions
{
    enum class Layout : quint8 {
        /// One API page per line, in the shape twarc writes (`data`, `includes`, `meta`,
        /// `__twarc`), so twarc-csv and other twarc tools read the file.
        Pages,
        /// One tweet per line: the tweet object exactly as the API returned it.
        Tweets,
        /// One tweet per line in the normalized form of `tweetscope-cli parse` (docs/cli.md).
        Normalized,
    };
    Layout layout = Layout::Pages;
    /// Rebuilt pages: how many tweets per page (the v2 maximum is 100; full archive 500).
    int tweetsPerPage = 100;
    /// Rebuilt pages: `__twarc.url` (the request URL when known, else empty).
    QString sourceUrl;
    /// Rebuilt pages: `__twarc.retrieved_at`; invalid = the time of the export.
    QDateTime retrievedAt;
};

/**
 * @brief Writes tweets as JSON Lines, streaming.
 *
 * Pages that arrive whole (a twarc file, a saved API body) are written through unchanged,
 * one per line. Tweets that arrive without their page (a collection stores tweets, not
 * pages) are regrouped into rebuilt pages: v2 tweets as `{"data": [raw tweets], "includes":
 * {"users": [...], "tweets": [...]}, "meta": {...}, "__twarc": {...}}` where includes hold
 * what a Tweet keeps (author id, username, name, followers, verified; the text of quoted and
 * retweeted tweets), and v1.1/activity-streams tweets as Enterprise pages `{"results": [...]}`.
 */
class JsonlWriter
{
public:
    JsonlWriter(OutputFile &out, JsonlOptions options);

    /// A whole API page as read (JSON, one document); tweets are what the parser found in it.
    void writePage(QByteArrayView pageJson, const QList<Tweet> &tweets);
    /// One tweet without its page.
    void writeTweet(const Tweet &tweet);
    /// Writes the last rebuilt page. Call once at the end.
    void finish();

    qint64 lines() const { return m_lines; }

private:
    void writeLine(QByteArrayView json);
    void flushPage();

    OutputFile &m_out;
    JsonlOptions m_options;
    QString m_retrievedAt;
    QByteArray m_scratch;
    QList<Tweet> m_pending; ///< at most tweetsPerPage tweets of the page being rebuilt
    qint64 m_lines = 0;
};

/// The tweet's raw JSON, or (for tweets built without one) a v2-shaped object from its fields.
QByteArray tweetJson(const Tweet &tweet);

} // namespace ts::exporter
