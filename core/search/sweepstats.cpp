// SPDX-License-Identifier: MIT
#include "sweepstats.h"

#include <QMap>

#include <algorithm>

namespace ts::search {

QList<int> sweepLevels(int queryCount)
{
    QList<int> levels;
    if (queryCount < 1)
        return levels;
    for (int c = 1; c < queryCount; c *= 2)
        levels.append(c);
    levels.append(queryCount);
    return levels;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values.at(mid) : (values.at(mid - 1) + values.at(mid)) / 2;
}

QList<SweepPoint> aggregateSweep(const SweepResult &result)
{
    QMap<int, QList<double>> walls;
    for (const SweepSample &s : result.samples)
        walls[s.concurrency].append(s.wallMs);

    const int queries = int(result.queries.size());
    QList<SweepPoint> points;
    for (auto it = walls.cbegin(); it != walls.cend(); ++it) {
        SweepPoint p;
        p.concurrency = it.key();
        p.repeats = int(it.value().size());
        p.medianWallMs = median(it.value());
        p.minWallMs = *std::min_element(it.value().cbegin(), it.value().cend());
        p.maxWallMs = *std::max_element(it.value().cbegin(), it.value().cend());
        p.idealSpeedup = queries > 0 ? std::min(p.concurrency, queries) : p.concurrency;
        points.append(p);
    }
    const auto base = walls.constFind(1);
    if (base != walls.cend()) {
        const double baseWall = median(base.value());
        for (SweepPoint &p : points) {
            p.speedup = p.medianWallMs > 0 ? baseWall / p.medianWallMs : 0;
            p.efficiency = p.idealSpeedup > 0 ? p.speedup / p.idealSpeedup : 0;
        }
    }
    return points;
}

} // namespace ts::search
