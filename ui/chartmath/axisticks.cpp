// SPDX-License-Identifier: MIT
#include "axisticks.h"

#include "timescale.h"

#include <array>
#include <cmath>

namespace ts::ui {

ValueTicks roundTicks(double maxValue, int maxTicks)
{
    if (!(maxValue > 0) || !std::isfinite(maxValue) || maxTicks < 1)
        return {};
    const QList<double> ticks = niceTicks(maxValue, maxTicks);
    const double step = ticks.size() > 1 ? ticks.at(1) - ticks.at(0) : maxValue;
    // The first tick at or past the largest value (with a little slack against rounding).
    const int intervals = std::max(1, int(std::ceil(maxValue / step - 1e-9)));
    return { intervals * step, step, intervals + 1 };
}

DateTicks dateTicks(qint64 fromMs, qint64 toMs, int maxTicks)
{
    constexpr qint64 Min = 60 * 1000;
    constexpr qint64 Hour = 60 * Min;
    constexpr qint64 Day = 24 * Hour;
    static constexpr std::array<qint64, 16> steps { Min, 2 * Min, 5 * Min, 10 * Min, 15 * Min, 30 * Min, Hour, 2 * Hour,
        3 * Hour, 6 * Hour, 12 * Hour, Day, 2 * Day, 7 * Day, 14 * Day, 28 * Day };
    maxTicks = std::max(maxTicks, 1);
    if (toMs <= fromMs)
        toMs = fromMs + 1;
    const auto floorTo = [](qint64 ms, qint64 step) {
        qint64 q = ms / step;
        if (ms % step != 0 && ms < 0)
            --q;
        return q * step;
    };
    DateTicks out;
    for (qint64 step : steps) {
        const qint64 from = floorTo(fromMs, step);
        const qint64 to = floorTo(toMs - 1, step) + step;
        const qint64 intervals = (to - from) / step;
        out = DateTicks { from, to, step, int(intervals) + 1, {} };
        if (intervals <= maxTicks)
            break;
    }
    if (out.count - 1 > maxTicks) {
        // Longer than 28-day steps allow: whole days, evenly spread.
        const qint64 days = (out.toMs - out.fromMs) / Day;
        const qint64 stepDays = (days + maxTicks - 1) / maxTicks;
        out.stepMs = stepDays * Day;
        out.count = int((days + stepDays - 1) / stepDays) + 1;
        out.toMs = out.fromMs + (out.count - 1) * out.stepMs;
    }
    const bool multiDay = out.toMs - out.fromMs > Day;
    out.format = out.stepMs >= Day ? QStringLiteral("MMM d")
        : multiDay                 ? QStringLiteral("MMM d HH:mm")
                                   : QStringLiteral("HH:mm");
    return out;
}

double levelPosition(int level)
{
    return std::log2(std::max(level, 1));
}

QList<LevelTick> levelTicks(const QList<int> &levels)
{
    QList<int> sorted = levels;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QList<LevelTick> out;
    for (int level : std::as_const(sorted)) {
        if (level >= 1)
            out.append({ QString::number(level), levelPosition(level) });
    }
    return out;
}

} // namespace ts::ui
