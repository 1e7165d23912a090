// SPDX-License-Identifier: MIT
#pragma once

#include "timing.h"

#include <QString>

namespace ts::search {

/// What the speedup rule reads of a finished run.
struct RunOutcome
{
    double wallMs = 0;
    int queries = 0;
    int failedQueries = 0; ///< ended in error after their retries (a retry that succeeded is no failure)
    int unfinishedQueries = 0; ///< cancelled, or not run to the end
    int tweets = 0;
};

/// The outcome of a run from its summary: queries counted from its per-query results.
RunOutcome runOutcome(const RunSummary &summary);

/**
 * Sequential against concurrent: how much faster, or why that cannot be said. The one rule for
 * every reader (the status bar, the Timing tab, the JSON summary of the CLI and of the GUI's
 * automation): a speedup is honest only when both runs ran every query to the end without a
 * failure and fetched tweets. A failed or cancelled query ends early, and a run of errors is
 * fast: either would flatter one side. Efficiency is the speedup over the number of queries
 * (the ideal when each query is one request).
 */
struct Speedup
{
    double value = 0; ///< sequential wall / concurrent wall; 0 when withheld
    double efficiency = 0; ///< value / queries; 0 when withheld
    int queries = 0; ///< the larger run's query count: the ideal speedup
    QString
        withheld; ///< why there is no speedup ("6 of 6 queries failed in the concurrent run"); empty if there is one
    bool honest() const { return value > 0; }
};

Speedup speedupOf(const RunOutcome &sequential, const RunOutcome &concurrent);
Speedup speedupOf(const RunSummary &sequential, const RunSummary &concurrent);

/// "1 query", "6 queries": a count with its noun in the right number.
QString quantity(qint64 count, const QString &one, const QString &many);

} // namespace ts::search
