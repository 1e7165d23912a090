// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/volumebuckets.h"
#include "summarychart.h"

#include <tuple>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace ts::ui {

/// Tweets over time: one line per query (the smallest summed into "other queries" past 10; with
/// two providers compared, a line per query and provider, and 10 queries keep theirs), from
/// fetched tweets or from the counts endpoints; date ticks on whole minutes, hours or days.
class VolumeChart : public SummaryChart
{
    Q_OBJECT
public:
    /// Queries with lines of their own (one line each, or one per provider when compared).
    static constexpr int MaxLines = 10;

    explicit VolumeChart(QWidget *parent = nullptr);

    void setData(const VolumeChartData &data);
    const VolumeChartData &data() const { return m_data; }
    /// Lines per provider when two providers are compared (line n + q is query q on the second
    /// provider: the same colour as on the first, dotted), and the providers' titles; 0 when
    /// they are not. The legend then has one entry per query with its tweets on each provider
    /// ("cats (12 / 9)"), so 10 queries fit where 20 lines would not.
    void setLinesPerProvider(int queries, const QStringList &providers = {})
    {
        m_linesPerProvider = queries;
        m_providers = providers;
    }
    QList<QLineSeries *> lines() const;
    /// The legend's entries as written under the plot, in rows that wrap at the chart's width
    /// (each whole: "eclipse (100)", or "cats (12 / 9)" with providers compared).
    const QStringList &legendEntries() const { return m_legendEntries; }
    QLabel *legendLabel() const { return m_legend; }
    QDateTimeAxis *timeAxis() const { return m_axisX; }
    QValueAxis *valueAxis() const { return m_axisY; }

Q_SIGNALS:
    void querySelected(int queryIndex);

protected:
    void recolor() override;
    void fitToPlotArea() override;

private:
    /// Date ticks for the current data, as many as fit `plotWidth` pixels with their labels.
    void updateTimeAxis(qreal plotWidth);
    /// Count ticks up to the data's peak, as many as fit `plotHeight` pixels with their labels.
    void updateValueAxis(qreal plotHeight);
    QLineSeries *addLine();
    /// One entry per line, or with providers compared one per query (or "other queries").
    void updateLegend();

    QLabel *m_legend = nullptr;
    QStringList m_legendEntries;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    VolumeChartData m_data;
    int m_linesPerProvider = 0;
    QStringList m_providers;
    /// What the time axis was last fitted to (from, to, plot width) since setData: the
    /// relayouts that follow (plotAreaChanged) measure the labels again only when one changed.
    std::tuple<qint64, qint64, int> m_timeAxisFor { -1, -1, -1 };
    std::pair<qint64, int> m_valueAxisFor { -1, -1 }; ///< (peak, intervals) the count axis shows
};

} // namespace ts::ui
