// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/volumebuckets.h"
#include "summarychart.h"

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace ts::ui {

/// Tweets over time: one line per query (the smallest summed into "other queries" past 10),
/// from fetched tweets or from the counts endpoints; date ticks on whole minutes, hours or days.
class VolumeChart : public SummaryChart
{
    Q_OBJECT
public:
    static constexpr int MaxLines = 10;

    explicit VolumeChart(QWidget *parent = nullptr);

    void setData(const VolumeChartData &data);
    const VolumeChartData &data() const { return m_data; }
    /// Lines per provider when two providers are compared (line n + q is query q on the second
    /// provider: the same colour as on the first, dotted); 0 when they are not.
    void setLinesPerProvider(int queries) { m_linesPerProvider = queries; }
    QList<QLineSeries *> lines() const;
    QDateTimeAxis *timeAxis() const { return m_axisX; }
    QValueAxis *valueAxis() const { return m_axisY; }

Q_SIGNALS:
    void querySelected(int queryIndex);

protected:
    void recolor() override;

private:
    QLineSeries *addLine();

    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    VolumeChartData m_data;
    int m_linesPerProvider = 0;
};

} // namespace ts::ui
