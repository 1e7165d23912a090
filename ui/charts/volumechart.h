// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/volumebuckets.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;

namespace ts::ui {

/// Tweets over time: one line per query (the smallest summed into "other queries" past 10).
class VolumeChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxLines = 10;

    explicit VolumeChart(QWidget *parent = nullptr);

    void setData(const VolumeChartData &data);
    const VolumeChartData &data() const { return m_data; }
    QList<QLineSeries *> lines() const;
    QString summaryText() const;
    QImage snapshot() const;

Q_SIGNALS:
    void querySelected(int queryIndex);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLabel *m_summary;
    QChartView *m_view;
    QChart *m_chart;
    VolumeChartData m_data;
};

} // namespace ts::ui
