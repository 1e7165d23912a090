// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/sweepstats.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;

namespace ts::ui {

/**
 * @brief Concurrency sweep: median wall time (left axis) and speedup (right axis) against max
 * concurrency on a log-2 axis, each repeat as a dot, and the ideal speedup as a dashed line.
 */
class SweepChart : public QWidget
{
    Q_OBJECT
public:
    explicit SweepChart(QWidget *parent = nullptr);

    void setResult(const SweepResult &result);
    const QList<SweepPoint> &points() const { return m_points; }
    QLineSeries *wallSeries() const { return m_wall; }
    QLineSeries *speedupSeries() const { return m_speedup; }
    QLineSeries *idealSeries() const { return m_ideal; }
    QScatterSeries *repeatSeries() const { return m_repeats; }
    QString summaryText() const;
    QImage snapshot() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLabel *m_summary;
    QChartView *m_view;
    QChart *m_chart;
    QLineSeries *m_wall;
    QScatterSeries *m_repeats;
    QLineSeries *m_speedup;
    QLineSeries *m_ideal;
    SweepResult m_result;
    QList<SweepPoint> m_points;
};

} // namespace ts::ui
