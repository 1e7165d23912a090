// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/comparelayout.h"

#include <QWidget>

#include <array>

namespace ts::ui {

/**
 * @brief The answer to "how much faster was concurrent, and why not faster still?" in one
 * view: the speedup as a large number, both runs on one shared time axis (the sequential
 * chain of requests on one lane, the overlapping concurrent requests below, one lane per
 * query, each query in its colour), the ideal and the actual concurrent wall marked, and
 * the slowest concurrent request named with its phases. Painted by hand; every lane and the
 * axis fit the widget's height (lanes get thinner, down to MinLaneHeight).
 */
class CompareView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MinLaneHeight = 5;
    static constexpr int MaxLaneHeight = 22;

    explicit CompareView(QWidget *parent = nullptr);

    void setLayoutData(const CompareLayout &layout);
    const CompareLayout &layoutData() const { return m_layout; }

    /// What is drawn, for tests (widget coordinates of the current size).
    QString headline() const;
    QString detailText() const;
    QString slowestText() const;
    /// The header's lines beside the headline at the current width: the detail text, wrapped
    /// after its "; " or ", " onto a second line when it does not fit one, then the slowest
    /// request, shortened, wrapped at its phases onto a second line when it does not fit, and
    /// elided past that (the header's tooltip has the whole text).
    QStringList headerLines() const;
    QString axisTitle() const;
    /// The row of the walls' and the ideal's labels above the lanes.
    QRect markersRect() const { return m_g.markers; }
    /// Whether a side is drawn (label and lanes): not a sequential side without a run (a
    /// concurrent run alone), nor any side without a run once the other one has finished. A
    /// side still to come in a compare (the second provider's) keeps its labels.
    bool sideShown(int side) const;
    QRect sequentialLaneRect() const;
    /// The concurrent lane of a query, its label included.
    QRect laneRect(int queryIndex) const;
    /// A lane of either side (0: sequential or the first provider; 1: concurrent or the second):
    /// the query's lane of a side drawn per query, else the side's one lane.
    QRect laneRect(int side, int queryIndex) const;
    /// Tick labels and the axis title.
    QRect axisRect() const;
    double xOf(double ms) const;

    QImage snapshot() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// A lane or a sequential segment was clicked.
    void querySelected(int queryIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Geometry
    {
        QRect header;
        QRect markers; ///< marker labels above the lanes
        int gutter = 0; ///< label column width
        int plotLeft = 0;
        int plotRight = 0;
        int laneHeight = 0;
        std::array<int, 2> captionTop { -1, -1 }; ///< a side's caption row; -1: labelled in its lane
        std::array<int, 2> lanesTop { 0, 0 };
        int lanesTopAll = 0; ///< the first row of either side
        int lanesBottom = 0;
        QRect axis;
    };
    void relayout();
    QFont headlineFont() const;
    /// Where the header's text starts (right of the headline) and how wide it may be.
    int headerTextLeft() const;
    int headerTextWidth() const;
    /// The bar (side 0 first, then side 1) under a point, and its side.
    const CompareBar *barAt(const QPoint &pos, int *side) const;
    QRectF barRect(const CompareBar &bar, int side) const;
    const QList<CompareBar> &barsOf(int side) const { return side == 0 ? m_layout.sequential : m_layout.concurrent; }

    CompareLayout m_layout;
    Geometry m_g;
};

} // namespace ts::ui
