// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

class QJsonObject;

namespace ts::search {

enum class ProviderKind : quint8;

/// What the JSON summary of a search says (docs/cli.md, "JSON summary"). One schema for every
/// writer: `tweetscope-cli search --json-summary` and the GUI's `tweetscope --json-summary FILE`
/// build it here and nowhere else.
struct SearchSummary
{
    ProviderKind provider {};
    QUrl baseUrl; ///< written without user info
    QString collection; ///< the collection file the run saved into; empty: null
    bool compare = false; ///< a compare run: speedup = runs[0] wall / runs[1] wall
    /// The same queries on two providers (SearchRunner::startAcross): runs[] holds one run per
    /// provider; there is no speedup between providers.
    bool compareProviders = false;
    QList<RunSummary> runs; ///< in the order they ran
    /// Hydration (`tweetscope-cli hydrate`): what the id files held. Written as "input" only then.
    RunKind kind = RunKind::Search;
    int inputIds = 0; ///< distinct ids read
    int duplicateIds = 0; ///< repeated ids, skipped
    int ignoredLines = 0; ///< blank lines, `#` comments, empty CSV cells
};

/// One run: mode, provider, base_url, wall_ms, latency_sum_ms, tweets, request_count, failed_queries,
/// max_in_flight, unreadable_tweets, protocol, connections, connections_opened, queries[] and
/// requests[] (with connect_start_ms/connect_end_ms); a hydration run also
/// `hydration` {ids, found, not_found, not_authorized, withheld, other, not_fetched}.
QJsonObject runSummaryJson(const RunSummary &run);

/// The whole summary: provider, base_url (of the first run), collection, compare_providers, runs[], and for a compare
/// the headline numbers of speedupOf() (speedup.h): speedup, efficiency, ideal_speedup, speedup_withheld. speedup and
/// efficiency are null unless both runs ran every query to the end and fetched tweets; speedup_withheld then says why.
/// A hydration also has `input` {ids, duplicate_ids, ignored_lines}.
QJsonObject searchSummaryJson(const SearchSummary &summary);

/// searchSummaryJson() as one line of compact JSON ending in '\n' (what stdout gets).
QByteArray searchSummaryLine(const SearchSummary &summary);

/// Writes searchSummaryLine() to path atomically (a reader never sees half a file). On
/// failure returns false and sets *error to a sentence naming the file.
bool writeSearchSummary(const QString &path, const SearchSummary &summary, QString *error);

} // namespace ts::search
