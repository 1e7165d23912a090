// SPDX-License-Identifier: MIT
#pragma once

#include "comparedata.h"
#include "requestphases.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace ts::ui {

/// One request of the comparison view, on its run's clock (ms since that run started).
struct CompareBar
{
    int queryIndex = -1;
    int page = 1;
    int attempt = 1;
    RequestPhases phases;
    bool failed = false;
};

/**
 * @brief What the comparison view draws after a compare: both runs on one time axis (each from
 * its own start), the sequential chain of requests on one lane above, the concurrent requests
 * below on one lane per query, the ideal and the actual concurrent wall, the speedup and the
 * slowest concurrent request with its phases. After a provider comparison the two sides are the
 * providers' runs (`sequential` the first's, `concurrent` the second's), each drawn as its mode
 * asks, with no ideal and no speedup.
 */
struct CompareLayout
{
    QStringList queries;
    QList<CompareBar> sequential; ///< side 0: in time order (on one lane unless perQuery[0])
    QList<CompareBar> concurrent; ///< side 1: lane = queryIndex (unless !perQuery[1])
    QStringList titles { QStringLiteral("Sequential"), QStringLiteral("Concurrent") }; ///< of side 0 and 1
    bool comparesProviders = false;
    /// A side drawn one lane per query (its run was concurrent); otherwise one lane, a chain.
    std::array<bool, 2> perQuery { false, true };
    /// A side with a run (started or finished); a side without one gets no label.
    std::array<bool, 2> hasRun { false, false };
    /// A side whose run went over TLS (https, or not known): its connection phase is "connect + TLS".
    std::array<bool, 2> tls { true, true };
    int slowestSide = 1; ///< the side `slowest` belongs to
    double sequentialWallMs = 0; ///< 0 when that run has not started
    double concurrentWallMs = 0;
    /// The concurrent wall if no request had to wait for another: the longest chain of one
    /// query's pages in the concurrent run (with one page per query, the longest single
    /// request), without the time its requests were queued for a connection or a rate-limit
    /// slot; 0 when unknown. The gap to the actual wall is the time lost to waiting.
    double idealMs = 0;
    int idealQuery = -1;
    double axisEndMs = 0; ///< the longer of the two walls (at least 1)
    CompareTotals totals; ///< the speedup, or why there is none (search::speedupOf)
    std::optional<CompareBar> slowest; ///< the concurrent request that ended last: it set the wall

    bool isEmpty() const { return sequential.isEmpty() && concurrent.isEmpty(); }
};

CompareLayout compareLayout(const CompareData &data);

/// "nuclear, page 1: queued 0 ms, waiting (TTFB) 820 ms, download 40 ms, parse 5 ms" (phases
/// that took time only; a retry or a failure says so). `tls` names the connection phase.
QString describeRequest(const CompareBar &bar, const QStringList &queries, bool tls = true);

/// The headline: "5.9×" or "no speedup".
QString speedupHeadline(const CompareTotals &totals);

} // namespace ts::ui
