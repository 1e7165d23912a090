// SPDX-License-Identifier: MIT
#pragma once

#include "requestphases.h"
#include "search/timing.h"

#include <QList>
#include <QString>

namespace ts::ui {

/// The requests of one run, as the waterfall draws them (times are ms since the run's start).
struct WaterfallRun
{
    search::RunMode mode = search::RunMode::Sequential;
    QList<search::RequestTiming> timings;
    QString title; ///< its heading: the provider's title; empty: "Sequential" or "Concurrent"
    bool tls = true; ///< false for a plain http:// run: its connection phase is "connect" (no TLS)
    QString heading() const
    {
        if (!title.isEmpty())
            return title;
        return mode == search::RunMode::Sequential ? QStringLiteral("Sequential") : QStringLiteral("Concurrent");
    }
};

enum class LaneMode : quint8 {
    PerRequest, ///< one lane per request, in the order they were scheduled
    Packed, ///< requests share a lane when they do not overlap (thousands of requests)
};

/// One request's bar: its run, its row and its phases.
struct WaterfallBar
{
    int run = 0; ///< index into the runs given to layoutWaterfall
    int timingIndex = 0; ///< index into that run's timings
    int row = 0;
    RequestPhases phases;
};

/// A row is either the heading of a run's group or one lane of bars.
struct WaterfallRow
{
    int run = 0;
    bool heading = false;
    QList<int> bars; ///< indexes into WaterfallLayout::bars, sorted by start time
};

/**
 * @brief Rows and bars of the request waterfall: the runs stacked (the first above), each
 * headed by a heading row, all on one time scale starting at 0 (each run's start).
 */
struct WaterfallLayout
{
    QList<WaterfallRow> rows;
    QList<WaterfallBar> bars;
    double endMs = 0; ///< the latest end over every run: the shared scale's right edge

    /// The bar in `row` covering `ms`, or within `toleranceMs` of it (tiny bars stay clickable); -1 if none.
    int barAt(int row, double ms, double toleranceMs) const;
    int laneCount(int run) const;
};

/// `LaneMode::Packed` when one lane per request would need more than `maxLanes` rows.
LaneMode chooseLaneMode(const QList<WaterfallRun> &runs, int maxLanes);

WaterfallLayout layoutWaterfall(const QList<WaterfallRun> &runs, LaneMode mode);

} // namespace ts::ui
