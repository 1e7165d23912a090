// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace ts::ui {

/**
 * @brief Maps milliseconds to pixels and back for painted time axes (the waterfall), kept out
 * of paint code so it can be tested (hotspot's TimeLineData).
 */
struct TimeScale
{
    double startMs = 0;
    double endMs = 1;
    double left = 0; ///< pixel of startMs
    double right = 1; ///< pixel of endMs

    double toX(double ms) const;
    double toMs(double x) const;
    double pixelsPerMs() const;
};

/// Round tick positions (1, 2 or 5 times a power of ten) covering [0, maxValue], at most about `maxTicks`.
QList<double> niceTicks(double maxValue, int maxTicks);

/// "250 ms", "1.5 s", "2 min 5 s": compact labels for durations on axes and in text.
QString formatDuration(double ms);

} // namespace ts::ui
