// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/comparelayout.h"

#include <QWidget>

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
    QString axisTitle() const;
    QRect sequentialLaneRect() const;
    /// The concurrent lane of a query, its label included.
    QRect laneRect(int queryIndex) const;
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
        int sequentialTop = 0;
        int concurrentLabelTop = 0;
        int concurrentTop = 0;
        int lanesBottom = 0;
        QRect axis;
    };
    void relayout();
    QFont headlineFont() const;
    /// The bar (sequential first, then concurrent, as indexes into them) under a point.
    const CompareBar *barAt(const QPoint &pos, bool *sequential) const;
    QRectF barRect(const CompareBar &bar, bool sequential) const;

    CompareLayout m_layout;
    Geometry m_g;
};

} // namespace ts::ui
