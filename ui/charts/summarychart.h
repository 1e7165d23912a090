// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAbstractAxis;
class QChart;
class QChartView;
class QFont;
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
    /// Below this height of the chart view the chart is compact: no title (the tab's name and
    /// the summary line say what it shows) and its legend out of the plot's height, so the
    /// plot keeps room at 1024x700. Snapshots are never compact.
    static constexpr int CompactBelow = 340;

    QString summaryText() const;
    /// The summary, the chart (not compact) and the footer, at least 700x420.
    QImage snapshot();
    QChart *chart() const { return m_chart; }
    bool isCompact() const { return m_compact; }

protected:
    /// `name` prefixes the object names ("sweep" -> "sweepSummary", "sweepChartView").
    SummaryChart(const QString &name, const QString &title, Qt::Alignment legend, QWidget *parent);

    void setSummary(const QString &text);
    /// The chart's title, shown unless compact.
    void setChartTitle(const QString &title);
    /// A label across the width under the chart view (the volume chart's legend), in snapshots too.
    void setFooter(QLabel *footer);
    /// The chart became compact or not: subclasses move their legend (the title is done).
    virtual void compactChanged() { }
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
    /// Intervals of a value axis `length` px long with labels in `font`: at most 6, fewer on a
    /// short plot, so each label has about 1.6 lines of room (Qt cuts a cramped one to "...").
    static int valueIntervals(const QFont &font, qreal length);
    /// The first of `candidates` no wider than `width` with `fm`, else the last (the first when
    /// `width` is 0: not laid out yet).
    static QString fitting(const QFontMetrics &fm, const QStringList &candidates, qreal width);
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

    QChart *m_chart;

private:
    void addAxisTo(QAbstractAxis *axis, Qt::Alignment alignment, const QString &title);
    void setCompact(bool compact);

    QLabel *m_summary;
    QChartView *m_view;
    QLabel *m_footer = nullptr;
    QString m_title;
    bool m_compact = false;
    bool m_inSnapshot = false; ///< the view's resizes for a snapshot leave it as it is
    bool m_fitting = false; ///< in fitToPlotArea from plotAreaChanged
};

} // namespace ts::ui
