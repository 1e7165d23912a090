// SPDX-License-Identifier: MIT
#pragma once

#include "archivestore.h"

#include <QtGlobal>

#include <functional>
#include <optional>

namespace ts::archive {

/**
 * @brief Fills an archive with a deterministic synthetic corpus that feels like a month of
 * real tweets: thousands of authors with Zipf-like activity, topics (including the seed
 * notebook's queries) at different frequencies, hashtags, mentions, cashtags, links, media,
 * retweets, quotes, replies and threads, eight languages and scripts with emoji, heavy-tailed
 * counts, a daily rhythm and some geo. The same seed and options give the same archive.
 */
class CorpusGenerator
{
public:
    struct Options
    {
        qint64 tweets = 200000;
        quint64 seed = 1;
        int days = 30;
        /// The newest tweet is just before this time (ms since the epoch, UTC). The CLI's
        /// default is a fixed date so that a seed alone fixes the archive; the sample archive
        /// of `serve` uses "now" so that the 7-day recent-search window has tweets.
        qint64 endMs = defaultEndMs();
        int batchSize = 10000; ///< tweets per transaction
    };

    struct Result
    {
        qint64 inserted = 0;
        bool cancelled = false; ///< progress returned false; the tweets inserted so far stay
        std::optional<StoreError> error;
    };

    /// Called after every batch; return false to stop.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    /// 2026-11-01T00:00:00Z.
    static qint64 defaultEndMs();

    /// Generates options.tweets tweets into store (which must be open for writing), then merges
    /// the full-text index when 10k or more were written.
    static Result generate(ArchiveStore &store, const Options &options, const Progress &progress = {});
};

} // namespace ts::archive
