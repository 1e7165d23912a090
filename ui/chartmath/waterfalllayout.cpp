// SPDX-License-Identifier: MIT
#include "waterfalllayout.h"

#include <algorithm>
#include <numeric>

namespace ts::ui {

int WaterfallLayout::barAt(int row, double ms, double toleranceMs) const
{
    if (row < 0 || row >= rows.size())
        return -1;
    int best = -1;
    double bestDistance = toleranceMs;
    for (int index : rows.at(row).bars) {
        const RequestPhases &p = bars.at(index).phases;
        if (ms >= p.startMs && ms <= p.endMs)
            return index;
        const double distance = ms < p.startMs ? p.startMs - ms : ms - p.endMs;
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = index;
        }
    }
    return best;
}

int WaterfallLayout::laneCount(int run) const
{
    return int(std::count_if(
        rows.cbegin(), rows.cend(), [run](const WaterfallRow &row) { return row.run == run && !row.heading; }));
}

LaneMode chooseLaneMode(const QList<WaterfallRun> &runs, int maxLanes)
{
    qsizetype requests = 0;
    for (const WaterfallRun &run : runs)
        requests += run.timings.size();
    return requests > maxLanes ? LaneMode::Packed : LaneMode::PerRequest;
}

WaterfallLayout layoutWaterfall(const QList<WaterfallRun> &runs, LaneMode mode)
{
    WaterfallLayout layout;
    for (int r = 0; r < runs.size(); ++r) {
        const QList<search::RequestTiming> &timings = runs.at(r).timings;
        QList<RequestPhases> phases;
        phases.reserve(timings.size());
        for (const search::RequestTiming &t : timings)
            phases.append(requestPhases(t));

        // Scheduling order reads top to bottom like a browser's network panel.
        QList<int> order(timings.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            if (phases.at(a).startMs != phases.at(b).startMs)
                return phases.at(a).startMs < phases.at(b).startMs;
            const auto &ta = timings.at(a);
            const auto &tb = timings.at(b);
            if (ta.queryIndex != tb.queryIndex)
                return ta.queryIndex < tb.queryIndex;
            return ta.page != tb.page ? ta.page < tb.page : ta.attempt < tb.attempt;
        });

        layout.rows.append({ r, true, {} });
        const int firstLaneRow = int(layout.rows.size());
        QList<double> laneEnds; // Packed: where each lane's last bar ends
        for (int i : order) {
            const RequestPhases &p = phases.at(i);
            int lane = int(laneEnds.size());
            if (mode == LaneMode::Packed) {
                // First fit: the lowest lane free at this bar's start keeps lanes dense and stable.
                for (int l = 0; l < laneEnds.size(); ++l) {
                    if (laneEnds.at(l) <= p.startMs) {
                        lane = l;
                        break;
                    }
                }
            }
            if (lane == laneEnds.size()) {
                laneEnds.append(p.endMs);
                layout.rows.append({ r, false, {} });
            } else {
                laneEnds[lane] = p.endMs;
            }
            const int row = firstLaneRow + lane;
            layout.rows[row].bars.append(int(layout.bars.size()));
            layout.bars.append({ r, i, row, p });
            layout.endMs = std::max(layout.endMs, p.endMs);
        }
    }
    return layout;
}

} // namespace ts::ui
