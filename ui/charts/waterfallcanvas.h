// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/runtotals.h"
#include "chartmath/timescale.h"
#include "chartmath/waterfalllayout.h"

#include <QWidget>

namespace ts::ui {

/**
 * @brief Paints the request waterfall: one lane per request (or packed lanes), grouped by run
 * on one time scale, each bar split into its phases. Painted by hand rather than with QtCharts
 * items so that thousands of bars cost one pass over the visible rows.
 */
class WaterfallCanvas : public QWidget
{
    Q_OBJECT
public:
    static constexpr int Gutter = 190; ///< label column left of the time axis
    static constexpr int RightMargin = 56; ///< room for a "429" or "retry" tag after the longest bar
    static constexpr int HeadingHeight = 24;
    static constexpr int HeaderHeight = 46; ///< legend (one row) and axis, painted by paintHeader()

    explicit WaterfallCanvas(QWidget *parent = nullptr);

    void setRuns(const QList<WaterfallRun> &runs, const QList<RunTotals> &totals, LaneMode mode);
    const WaterfallLayout &layout() const { return m_layout; }
    const QList<WaterfallRun> &runs() const { return m_runs; }
    LaneMode laneMode() const { return m_mode; }

    /// The scale for a canvas of `width` pixels; header and canvas share it.
    TimeScale scale(int width) const;
    int laneHeight() const { return m_laneHeight; }
    /// Every how many lanes a label fits, for text `textHeight` pixels tall (1: every lane).
    int labelStride(int textHeight) const;
    int rowTop(int row) const { return m_rowTops.value(row); }
    /// Pixel rectangle of one phase of a bar (empty when the phase did not happen).
    QRectF phaseRect(int bar, Phase phase, int width) const;
    /// The bar under a point of the canvas, or -1.
    int barAt(const QPoint &pos) const;
    QString tooltipFor(int bar) const;
    /// "sequential", or for a provider's run "Bluesky, concurrent".
    static QString runName(const WaterfallRun &run);

    /// The legend's entries (swatch and label) for a header `width` pixels wide, measured with
    /// `fm`: they wrap onto more rows when one row does not fit.
    /// `tls`: the connection phase is named "connect + TLS", else "connect" (plain http only).
    static QList<QRect> legendRects(const QFontMetrics &fm, int width, bool tls = true);
    /// The header's height at `width`: HeaderHeight, plus a row per extra legend row.
    static int headerHeight(const QFontMetrics &fm, int width, bool tls = true);
    /// Whether any run went over TLS (or is not known not to): how the legend names the connect phase.
    bool anyTls() const;
    /// Legend and time axis for the strip above the scrolling lanes.
    void paintHeader(QPainter &painter, const QRect &rect) const;
    void paintLanes(QPainter &painter, const QRect &exposed, int width) const;

    QSize sizeHint() const override;

Q_SIGNALS:
    void barClicked(int queryIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    const search::RequestTiming &timingOf(int bar) const;
    double axisEndMs() const;

    QList<WaterfallRun> m_runs;
    QList<RunTotals> m_totals;
    WaterfallLayout m_layout;
    LaneMode m_mode = LaneMode::PerRequest;
    QList<int> m_rowTops; ///< one more than rows: the last is the content height
    int m_laneHeight = 16;
};

} // namespace ts::ui
