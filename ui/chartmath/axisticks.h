// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace ts::ui {

/// A value axis from 0 with evenly spaced ticks at round values (1, 2 or 5 times a power of ten).
struct ValueTicks
{
    double max = 1; ///< the axis end: a whole number of steps, >= the largest value
    double step = 1;
    int count = 2; ///< ticks including 0 and max (QValueAxis::setTickCount)
};

/// Round ticks for values up to `maxValue`, at most about `maxTicks` intervals; the axis ends
/// on the first tick at or past maxValue, so no bar runs off the end and no tick is odd.
ValueTicks roundTicks(double maxValue, int maxTicks);

/// A date axis on whole minutes, hours or days: [fromMs, toMs] widened to whole steps, and
/// count ticks on the step boundaries (UTC).
struct DateTicks
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 60 * 1000;
    int count = 2;
    QString format; ///< for QDateTimeAxis: "HH:mm", "MMM d HH:mm" or "MMM d"
};

/// Steps of 1, 2, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; 1, 2, 7, 14, 28 days: the
/// smallest that needs at most `maxTicks` intervals over [fromMs, toMs].
DateTicks dateTicks(qint64 fromMs, qint64 toMs, int maxTicks);

/// One labelled tick of the sweep chart's concurrency axis: the levels on a log-2 scale, so
/// a last level that is not a power of two (6 queries: 1 2 4 6) still gets its own tick.
struct LevelTick
{
    QString label;
    double position = 0; ///< log2(level)
};

QList<LevelTick> levelTicks(const QList<int> &levels);
/// Where a concurrency level sits on that axis.
double levelPosition(int level);

} // namespace ts::ui
