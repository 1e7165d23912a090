// SPDX-License-Identifier: MIT
#include "timescale.h"

#include <cmath>

namespace ts::ui {

double TimeScale::pixelsPerMs() const
{
    const double span = endMs - startMs;
    return span > 0 ? (right - left) / span : 0;
}

double TimeScale::toX(double ms) const
{
    return left + (ms - startMs) * pixelsPerMs();
}

double TimeScale::toMs(double x) const
{
    const double ppm = pixelsPerMs();
    return ppm > 0 ? startMs + (x - left) / ppm : startMs;
}

QList<double> niceTicks(double maxValue, int maxTicks)
{
    QList<double> ticks;
    if (!(maxValue > 0) || maxTicks < 1 || !std::isfinite(maxValue))
        return { 0 };
    const double rough = maxValue / maxTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        step = m * magnitude;
        if (maxValue / step <= maxTicks)
            break;
    }
    for (int i = 0; i * step <= maxValue * (1 + 1e-9); ++i)
        ticks.append(i * step);
    return ticks;
}

QString formatDuration(double ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 10)
        return QString::number(ms, 'f', 1) + QStringLiteral(" ms");
    if (ms < 1000)
        return QString::number(qRound(ms)) + QStringLiteral(" ms");
    if (ms < 60000) {
        const double s = ms / 1000;
        return QString::number(s, 'f', s < 10 ? 2 : 1) + QStringLiteral(" s");
    }
    const qint64 totalS = qRound64(ms / 1000);
    return QString::number(totalS / 60) + QStringLiteral(" min ") + QString::number(totalS % 60) + QStringLiteral(" s");
}

} // namespace ts::ui
