// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMetaType>
#include <QStringList>

namespace ts::search {

/// One run of a concurrency sweep.
struct SweepSample
{
    int concurrency = 1;
    int repeat = 0; ///< 0-based
    double wallMs = 0;
    double latencySumMs = 0;
    int requests = 0;
    int tweets = 0;
    int failedQueries = 0;
};

/// Everything a sweep measured (possibly partial, when cancelled or still going).
struct SweepResult
{
    QStringList queries;
    QList<int> levels; ///< the planned concurrency levels
    int repeats = 0; ///< planned repeats per level
    QList<SweepSample> samples;
    bool cancelled = false;
};

/// One point of the sweep chart: the median of a level's repeats.
struct SweepPoint
{
    int concurrency = 1;
    int repeats = 0; ///< samples measured at this level
    double medianWallMs = 0;
    double minWallMs = 0;
    double maxWallMs = 0;
    double speedup = 0; ///< median wall at concurrency 1 / this median; 0 without a level-1 sample
    double idealSpeedup = 1; ///< min(concurrency, number of queries): no more queries can overlap
    double efficiency = 0; ///< speedup / idealSpeedup
};

/// 1, 2, 4, 8, ... and the number of queries itself as the last level (e.g. 6 -> 1 2 4 6).
QList<int> sweepLevels(int queryCount);

double median(QList<double> values);

/// Points in ascending concurrency; levels without samples are left out.
QList<SweepPoint> aggregateSweep(const SweepResult &result);

/**
 * @brief The order a sweep runs in: repeat by repeat, each repeat over every level, so slow
 * drift of a loaded machine spreads over all levels instead of biasing the last one.
 */
struct SweepPlan
{
    QList<int> levels;
    int repeats = 1;

    int stepCount() const { return int(levels.size()) * repeats; }
    int concurrencyAt(int step) const { return levels.at(step % levels.size()); }
    int repeatAt(int step) const { return step / int(levels.size()); }
};

} // namespace ts::search

Q_DECLARE_TYPEINFO(ts::search::SweepSample, Q_PRIMITIVE_TYPE);
Q_DECLARE_TYPEINFO(ts::search::SweepPoint, Q_PRIMITIVE_TYPE);
Q_DECLARE_TYPEINFO(ts::search::SweepResult, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(ts::search::SweepResult)
