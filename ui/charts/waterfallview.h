// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/comparedata.h"
#include "chartmath/waterfalllayout.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QScrollArea;

namespace ts::ui {

class WaterfallCanvas;

/**
 * @brief The request waterfall tab: a fixed legend and time axis over the scrolling lanes of
 * the sequential run (above) and the concurrent run (below), with a "pack lanes" switch that
 * turns on by itself past a few hundred requests.
 */
class WaterfallView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int AutoPackAbove = 400; ///< requests

    explicit WaterfallView(QWidget *parent = nullptr);

    void setData(const CompareData &data);
    WaterfallCanvas *canvas() const { return m_canvas; }
    /// Legend, axis and every lane (not only the visible ones), at most `maxHeight` pixels tall.
    QImage snapshot(int maxHeight = 4000) const;

Q_SIGNALS:
    void querySelected(int queryIndex);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void relayout();

    QCheckBox *m_pack;
    bool m_packChosen = false; ///< the person toggled packing: stop choosing automatically
    QWidget *m_header;
    QScrollArea *m_scroll;
    WaterfallCanvas *m_canvas;
    QList<WaterfallRun> m_runs;
    QList<RunTotals> m_totals;
};

} // namespace ts::ui
