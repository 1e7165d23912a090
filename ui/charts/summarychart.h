// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAbstractAxis;
class QChart;
class QChartView;
class QFontMetrics;
class QLabel;

namespace ts::ui {

/**
 * @brief A chart tab: a wrapped summary line above a QChartView, themed from the window's
 * palette (dark or light), and a snapshot of both for PNG export. The sweep and the volume
 * charts build on it; subclasses colour their series in recolor().
 */
class SummaryChart : public QWidget
{
    Q_OBJECT
public:
    QString summaryText() const;
    QImage snapshot() const;
    QChart *chart() const { return m_chart; }

protected:
    /// `name` prefixes the object names ("sweep" -> "sweepSummary", "sweepChartView").
    SummaryChart(const QString &name, const QString &title, Qt::Alignment legend, QWidget *parent);

    void setSummary(const QString &text);
    /// Adds `axis` to the chart at `alignment` with a title (none when empty); returns it.
    template <typename Axis> Axis *addAxis(Axis *axis, Qt::Alignment alignment, const QString &title = {})
    {
        addAxisTo(axis, alignment, title);
        return axis;
    }
    /// Theme first (it resets series colours), then recolor(); subclasses call it once constructed.
    void applyPalette();
    /// Colours the series for the current palette.
    virtual void recolor() = 0;
    /// Fits axis titles, tick labels and legend entries to the plot area (called whenever it
    /// changes: resize, new data); nothing by default.
    virtual void fitToPlotArea() { }
    /// The first of `candidates` no wider than `width` with `fm`, else the last (the first when
    /// `width` is 0: not laid out yet).
    static QString fitting(const QFontMetrics &fm, const QStringList &candidates, qreal width);
    void changeEvent(QEvent *event) override;

    QChart *m_chart;

private:
    void addAxisTo(QAbstractAxis *axis, Qt::Alignment alignment, const QString &title);

    QLabel *m_summary;
    QChartView *m_view;
};

} // namespace ts::ui
