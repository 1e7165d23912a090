// SPDX-License-Identifier: MIT
#include "waterfallview.h"

#include "waterfallcanvas.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ts::ui {

WaterfallView::WaterfallView(QWidget *parent)
    : QWidget(parent)
    , m_pack(new QCheckBox(tr("Pack lanes (requests that do not overlap share a lane)"), this))
    , m_header(new QWidget(this))
    , m_scroll(new QScrollArea(this))
    , m_canvas(new WaterfallCanvas)
{
    m_pack->setObjectName(QStringLiteral("packLanes"));
    m_header->setFixedHeight(WaterfallCanvas::HeaderHeight);
    m_header->installEventFilter(this);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The header's axis must line up with the lanes: keep the scroll bar's width on both.
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 4, 8, 0);
    top->addWidget(m_pack);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    auto *headerRow = new QHBoxLayout;
    headerRow->setContentsMargins(0, 0, 0, 0);
    headerRow->addWidget(m_header, 1);
    headerRow->addSpacing(m_scroll->verticalScrollBar()->sizeHint().width());
    layout->addLayout(headerRow);
    layout->addWidget(m_scroll, 1);

    connect(m_pack, &QCheckBox::toggled, this, [this] {
        m_packChosen = true;
        relayout();
    });
    connect(m_canvas, &WaterfallCanvas::barClicked, this, &WaterfallView::querySelected);
}

void WaterfallView::setData(const CompareData &data)
{
    m_runs.clear();
    m_totals.clear();
    for (int side = 0; side < CompareData::Sides; ++side) {
        if (!data.hasRun(side))
            continue;
        m_runs.append({ data.mode(side), data.timings(side), data.comparesProviders() ? data.title(side) : QString(),
            usesTls(data.baseUrl(side)) });
        m_totals.append(data.totals(side));
    }
    if (!m_packChosen) {
        const QSignalBlocker blocker(m_pack);
        m_pack->setChecked(chooseLaneMode(m_runs, AutoPackAbove) == LaneMode::Packed);
    }
    relayout();
}

void WaterfallView::relayout()
{
    m_canvas->setRuns(m_runs, m_totals, m_pack->isChecked() ? LaneMode::Packed : LaneMode::PerRequest);
    // The legend's rows depend on its wording ("connect" or "connect + TLS"): fit the height again.
    if (m_header->width() >= 100) // laid out (a child not yet laid out is 100 wide): else on resize
        m_header->setFixedHeight(
            WaterfallCanvas::headerHeight(m_header->fontMetrics(), m_header->width(), m_canvas->anyTls()));
    m_header->update();
}

bool WaterfallView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_header && event->type() == QEvent::Resize) {
        // The legend wraps at narrow widths: the header grows by its extra rows.
        const int height
            = WaterfallCanvas::headerHeight(m_header->fontMetrics(), m_header->width(), m_canvas->anyTls());
        if (m_header->height() != height)
            m_header->setFixedHeight(height);
    }
    if (watched == m_header && event->type() == QEvent::Paint) {
        QPainter painter(m_header);
        m_canvas->paintHeader(painter, m_header->rect());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QImage WaterfallView::snapshot(int maxHeight) const
{
    const int width = std::max(m_canvas->width(), 700);
    const int headerHeight = WaterfallCanvas::headerHeight(QFontMetrics(m_canvas->font()), width, m_canvas->anyTls());
    const int lanesHeight = std::min(m_canvas->sizeHint().height(), maxHeight - headerHeight);
    QImage image(width, headerHeight + lanesHeight, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setFont(m_canvas->font());
    m_canvas->paintHeader(painter, QRect(0, 0, width, headerHeight));
    painter.translate(0, headerHeight);
    painter.setClipRect(QRect(0, 0, width, lanesHeight));
    m_canvas->paintLanes(painter, QRect(0, 0, width, lanesHeight), width);
    return image;
}

} // namespace ts::ui
