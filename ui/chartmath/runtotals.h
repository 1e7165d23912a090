// SPDX-License-Identifier: MIT
#pragma once

#include "search/speedup.h"
#include "search/timing.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ts::ui {

/// The figures written above the timing chart for one run.
struct RunTotals
{
    bool present = false; ///< a run of this mode has started
    bool finished = false; ///< its RunSummary arrived (wall time is the runner's own)
    double wallMs = 0;
    double latencySumMs = 0; ///< sum of every request's sent -> finished
    double queuedSumMs = 0; ///< sum of every request's scheduled -> sent
    int queries = 0;
    int requests = 0;
    int tweets = 0;
    int retries = 0;
    int rateLimited = 0; ///< 429 answers and rate-limit waits
    int failed = 0; ///< failed requests that were not retried (a retried one counts as a retry)
    int failedQueries = 0; ///< queries that ended in error (known when finished)
    int unfinishedQueries = 0; ///< queries cancelled or not run to the end (known when finished)
};

/// Totals from a run's request timings so far; `summary` (when the run finished) gives the wall time.
RunTotals runTotals(const QList<search::RequestTiming> &timings, int queryCount,
    const std::optional<search::RunSummary> &summary = std::nullopt);

/// Sequential against concurrent: the question the product answers. Or, when `titles` is
/// set, the same queries on two providers: `sequential` is then the first provider's run and
/// `concurrent` the second's, and there is no speedup between them.
struct CompareTotals
{
    RunTotals sequential;
    RunTotals concurrent;
    double speedup = 0; ///< sequential wall / concurrent wall; 0 until both runs finished, or withheld
    double efficiency = 0; ///< speedup / number of queries (1 = perfectly parallel)
    QString withheld; ///< why there is no speedup although both runs finished (search::speedupOf)
    QStringList titles; ///< the two providers' titles; empty for sequential against concurrent
    bool comparesProviders() const { return !titles.isEmpty(); }
};

/// The speedup by search::speedupOf, the one rule for every reader, once both runs finished.
CompareTotals compareTotals(const RunTotals &sequential, const RunTotals &concurrent);

/// One line per run and one for the comparison, as shown above the timing chart.
QString totalsText(const CompareTotals &totals);

} // namespace ts::ui
