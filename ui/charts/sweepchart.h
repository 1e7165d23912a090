// SPDX-License-Identifier: MIT
#pragma once

#include "search/sweepstats.h"
#include "summarychart.h"

class QCategoryAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ts::ui {

/**
 * @brief Concurrency sweep: median wall time (left axis) and speedup (right axis) against max
 * concurrency, each repeat as a dot, and the ideal speedup as a dashed line.
 *
 * The concurrency axis is log 2 with a tick at every level (also a last level that is not a
 * power of two): series x values are levelPosition(concurrency) = log2(concurrency).
 */
class SweepChart : public SummaryChart
{
    Q_OBJECT
public:
    explicit SweepChart(QWidget *parent = nullptr);

    void setResult(const search::SweepResult &result);
    const QList<search::SweepPoint> &points() const { return m_points; }
    QLineSeries *wallSeries() const { return m_wall; }
    QLineSeries *speedupSeries() const { return m_speedup; }
    QLineSeries *idealSeries() const { return m_ideal; }
    QScatterSeries *repeatSeries() const { return m_repeats; }
    QCategoryAxis *concurrencyAxis() const { return m_axisX; }

protected:
    void recolor() override;
    void fitToPlotArea() override;
    void compactChanged() override;

private:
    /// Wall time and speedup ticks, as many as fit `plotHeight` pixels with their labels.
    void updateValueAxes(qreal plotHeight);

    QLineSeries *m_wall;
    QScatterSeries *m_repeats;
    QLineSeries *m_speedup;
    QLineSeries *m_ideal;
    QCategoryAxis *m_axisX;
    QValueAxis *m_axisWall;
    QValueAxis *m_axisSpeedup;
    QList<search::SweepPoint> m_points;
    double m_maxWall = 0; ///< s, the largest wall time of a run
    double m_maxSpeed = 1;
    int m_intervals = -1; ///< of both y axes, for the plot's height (-1: to fit again)
};

} // namespace ts::ui
