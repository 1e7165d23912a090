// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/comparedata.h"
#include "chartmath/querytimes.h"

#include <QWidget>

class QBarSet;
class QChart;
class QChartView;
class QHorizontalBarSeries;
class QLabel;
class QScrollArea;

namespace ts::ui {

/**
 * @brief Per-query timing: each query's sequential and concurrent time as grouped horizontal
 * bars (queries top to bottom, scrolling past a screenful), under the run totals.
 */
class TimingChart : public QWidget
{
    Q_OBJECT
public:
    explicit TimingChart(QWidget *parent = nullptr);

    void setData(const CompareData &data);

    /// For tests and export: the totals text, and a query's bar values (ms, 0 when not run).
    QString totalsText() const;
    double sequentialMs(int queryIndex) const;
    double concurrentMs(int queryIndex) const;
    QChart *chart() const { return m_chart; }
    QHorizontalBarSeries *series() const { return m_series; }
    QBarSet *sequentialSet() const { return m_sequential; }
    QBarSet *concurrentSet() const { return m_concurrent; }
    /// The whole chart (not just the visible part) under the totals.
    QImage snapshot() const;

Q_SIGNALS:
    void querySelected(int queryIndex);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyPalette();
    void fitHeight();
    int categoryToQuery(int category) const;

    QLabel *m_totals;
    QScrollArea *m_scroll;
    QChartView *m_view;
    QChart *m_chart;
    QHorizontalBarSeries *m_series;
    QBarSet *m_sequential;
    QBarSet *m_concurrent;
    QStringList m_queries;
    QList<QueryTime> m_seqTimes;
    QList<QueryTime> m_concTimes;
};

} // namespace ts::ui
