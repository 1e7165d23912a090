// SPDX-License-Identifier: MIT
#include "compareview.h"

#include "chartmath/timescale.h"
#include "chartstyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ts::ui {

namespace {

constexpr int kMargin = 6;

QString laneLabel(const QStringList &queries, int q)
{
    return QString::number(q + 1) + QStringLiteral(". ") + queries.value(q);
}

} // namespace

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("compareView"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    relayout();
}

void CompareView::setLayoutData(const CompareLayout &layout)
{
    m_layout = layout;
    relayout();
    update();
}

QFont CompareView::headlineFont() const
{
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() > 0 ? f.pointSizeF() * 2.4 : 22);
    return f;
}

QSize CompareView::sizeHint() const
{
    return { 640, 300 };
}

QSize CompareView::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    const QFontMetrics big(headlineFont());
    const int lanes = int(std::max<qsizetype>(m_layout.queries.size(), 1)) + 1;
    return { 320,
        2 * kMargin + std::max(big.height(), 2 * fm.height() + 2) + 4 + fm.height() + 2 + fm.height()
            + lanes * MinLaneHeight + 2 * fm.height() + 10 };
}

void CompareView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void CompareView::relayout()
{
    const QFontMetrics fm(font());
    const QFontMetrics big(headlineFont());
    Geometry g;
    const int w = width();
    int y = kMargin;
    g.header = QRect(kMargin, y, w - 2 * kMargin, std::max(big.height(), 2 * fm.height() + 2));
    y = g.header.bottom() + 5;
    g.markers = QRect(kMargin, y, w - 2 * kMargin, fm.height());
    y = g.markers.bottom() + 3;
    const int axisHeight = 4 + 2 * fm.height() + 2;
    const int queries = int(std::max<qsizetype>(m_layout.queries.size(), 1));
    // Sequential lane, the "Concurrent" caption, one lane per query, then the axis.
    const int available = height() - kMargin - axisHeight - y - fm.height() - 4;
    g.laneHeight = std::clamp(available / (queries + 1), MinLaneHeight, MaxLaneHeight);
    g.sequentialTop = y;
    y += g.laneHeight + 2;
    g.concurrentLabelTop = y;
    y += fm.height() + 2;
    g.concurrentTop = y;
    g.lanesBottom = y + queries * g.laneHeight;
    g.axis = QRect(kMargin, g.lanesBottom + 1, w - 2 * kMargin, axisHeight);

    int labelWidth = std::max(fm.horizontalAdvance(tr("Sequential")), fm.horizontalAdvance(tr("Concurrent")));
    for (int q = 0; q < m_layout.queries.size(); ++q)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(laneLabel(m_layout.queries, q)));
    g.gutter = std::min(labelWidth + 18, std::max(w / 4, 60));
    g.plotLeft = kMargin + g.gutter;
    g.plotRight = std::max(g.plotLeft + 10, w - kMargin - fm.horizontalAdvance(QStringLiteral("00.0 s")) / 2);
    m_g = g;
}

double CompareView::xOf(double ms) const
{
    return m_g.plotLeft + (m_g.plotRight - m_g.plotLeft) * (ms / std::max(m_layout.axisEndMs, 1.0));
}

QRect CompareView::sequentialLaneRect() const
{
    return QRect(kMargin, m_g.sequentialTop, width() - 2 * kMargin, m_g.laneHeight);
}

QRect CompareView::laneRect(int queryIndex) const
{
    return QRect(kMargin, m_g.concurrentTop + queryIndex * m_g.laneHeight, width() - 2 * kMargin, m_g.laneHeight);
}

QRect CompareView::axisRect() const
{
    return m_g.axis;
}

QString CompareView::axisTitle() const
{
    return tr("time since each run started");
}

QString CompareView::headline() const
{
    const CompareTotals &t = m_layout.totals;
    if (!t.sequential.finished || !t.concurrent.finished)
        return t.sequential.present && t.concurrent.present ? QStringLiteral("…") : QString();
    return speedupHeadline(t);
}

QString CompareView::detailText() const
{
    const CompareTotals &t = m_layout.totals;
    if (m_layout.isEmpty())
        return {};
    if (!t.sequential.present || !t.concurrent.present)
        return tr("One run only: Compare (Ctrl+R) runs the queries one after another, then all at once.");
    const QString walls
        = tr("sequential %1, concurrent %2")
              .arg(formatDuration(m_layout.sequentialWallMs), formatDuration(m_layout.concurrentWallMs));
    if (!t.sequential.finished || !t.concurrent.finished)
        return tr("Running: %1 so far").arg(walls);
    if (t.speedup > 0)
        return tr("faster all at once: %1; efficiency %2% of the %3× ideal")
            .arg(walls)
            .arg(t.efficiency * 100, 0, 'f', 0)
            .arg(std::max(t.sequential.queries, t.concurrent.queries));
    return tr("%1: %2").arg(walls, t.withheld);
}

QString CompareView::slowestText() const
{
    if (!m_layout.slowest)
        return {};
    return tr("Slowest concurrent request (it set the wall): %1")
        .arg(describeRequest(*m_layout.slowest, m_layout.queries));
}

QRectF CompareView::barRect(const CompareBar &bar, bool sequential) const
{
    const double left = xOf(bar.phases.startMs);
    const double right = std::max(xOf(bar.phases.endMs), left + 1);
    const int gap = m_g.laneHeight >= 8 ? 1 : 0;
    const int top = sequential ? m_g.sequentialTop : m_g.concurrentTop + bar.queryIndex * m_g.laneHeight;
    return QRectF(left, top + gap, right - left, m_g.laneHeight - 2 * gap);
}

const CompareBar *CompareView::barAt(const QPoint &pos, bool *sequential) const
{
    for (const CompareBar &b : m_layout.sequential) {
        if (barRect(b, true).adjusted(-1, 0, 1, 0).contains(pos)) {
            *sequential = true;
            return &b;
        }
    }
    for (const CompareBar &b : m_layout.concurrent) {
        if (barRect(b, false).adjusted(-1, 0, 1, 0).contains(pos)) {
            *sequential = false;
            return &b;
        }
    }
    return nullptr;
}

void CompareView::mousePressEvent(QMouseEvent *event)
{
    bool sequential = false;
    if (const CompareBar *b = barAt(event->position().toPoint(), &sequential)) {
        Q_EMIT querySelected(b->queryIndex);
        return;
    }
    for (int q = 0; q < m_layout.queries.size(); ++q) {
        if (laneRect(q).contains(event->position().toPoint())) {
            Q_EMIT querySelected(q);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

bool CompareView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        bool sequential = false;
        if (const CompareBar *b = barAt(help->pos(), &sequential))
            QToolTip::showText(help->globalPos(),
                (sequential ? tr("Sequential: %1") : tr("Concurrent: %1")).arg(describeRequest(*b, m_layout.queries)),
                this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

QImage CompareView::snapshot() const
{
    return const_cast<CompareView *>(this)->grab().toImage();
}

void CompareView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.6);
    const QFontMetrics fm(font());

    if (m_layout.isEmpty()) {
        p.setPen(muted);
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
            tr("Press Compare (Ctrl+R) to run the queries one after another, then all at once: both runs "
               "appear here on one time axis, with the speedup and the request that held the concurrent run up."));
        return;
    }

    // Header: the speedup in large type, the walls and the slowest request beside it.
    const QString big = headline();
    int textLeft = m_g.header.left();
    if (!big.isEmpty()) {
        p.setFont(headlineFont());
        p.setPen(m_layout.totals.speedup > 0 ? chartstyle::concurrentColor() : text);
        const QFontMetrics bm(headlineFont());
        p.drawText(m_g.header.left(), m_g.header.top() + (m_g.header.height() - bm.height()) / 2 + bm.ascent(), big);
        textLeft += bm.horizontalAdvance(big) + 12;
        p.setFont(font());
    }
    const int textWidth = m_g.header.right() - textLeft;
    p.setPen(text);
    p.drawText(textLeft, m_g.header.top() + fm.ascent(), fm.elidedText(detailText(), Qt::ElideRight, textWidth));
    p.setPen(muted);
    p.drawText(textLeft, m_g.header.top() + fm.height() + 2 + fm.ascent(),
        fm.elidedText(slowestText(), Qt::ElideRight, textWidth));

    // Lane labels.
    QFont laneFont = font();
    if (m_g.laneHeight < fm.height())
        laneFont.setPixelSize(std::max(7, m_g.laneHeight));
    const QFontMetrics lm(laneFont);
    p.setPen(text);
    p.drawText(QRect(kMargin, m_g.sequentialTop, m_g.gutter - 6, m_g.laneHeight), Qt::AlignLeft | Qt::AlignVCenter,
        tr("Sequential"));
    p.drawText(QRect(kMargin, m_g.concurrentLabelTop, m_g.gutter - 6, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
        tr("Concurrent"));
    p.setFont(laneFont);
    for (int q = 0; q < m_layout.queries.size(); ++q) {
        const QRect lane = laneRect(q);
        p.drawText(QRect(kMargin + 6, lane.top(), m_g.gutter - 12, lane.height()), Qt::AlignLeft | Qt::AlignVCenter,
            lm.elidedText(laneLabel(m_layout.queries, q), Qt::ElideRight, m_g.gutter - 12));
    }
    p.setFont(font());

    // Light grid at the axis ticks.
    const int plotWidth = m_g.plotRight - m_g.plotLeft;
    const QList<double> ticks = niceTicks(m_layout.axisEndMs, std::max(2, plotWidth / 90));
    QColor grid = text;
    grid.setAlphaF(0.12);
    p.setPen(grid);
    for (double t : ticks) {
        const int x = int(std::lround(xOf(t)));
        p.drawLine(x, m_g.sequentialTop, x, m_g.lanesBottom);
    }

    // Bars: each query in its colour in both runs; queueing pale; failures in the error colour.
    auto drawBar = [&](const CompareBar &b, bool sequential) {
        const QRectF r = barRect(b, sequential);
        QColor c = b.failed ? chartstyle::errorColor() : chartstyle::queryColor(b.queryIndex);
        if (!sequential && b.phases.queuedMs() > 0) {
            QColor pale = c;
            pale.setAlphaF(0.3);
            const double sentX = xOf(b.phases.sentMs);
            p.fillRect(QRectF(r.left(), r.top(), std::max(0.0, sentX - r.left()), r.height()), pale);
            p.fillRect(QRectF(sentX, r.top(), std::max(1.0, r.right() - sentX), r.height()), c);
        } else {
            p.fillRect(r, c);
        }
        if (sequential && r.width() > 2) {
            p.setPen(pal.color(QPalette::Window));
            p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()));
            const QString n = QString::number(b.queryIndex + 1);
            if (r.width() > lm.horizontalAdvance(n) + 4 && m_g.laneHeight >= 9) {
                p.setFont(laneFont);
                p.setPen(Qt::white);
                p.drawText(r, Qt::AlignCenter, n);
                p.setFont(font());
            }
        }
    };
    for (const CompareBar &b : m_layout.sequential)
        drawBar(b, true);
    for (const CompareBar &b : m_layout.concurrent)
        drawBar(b, false);
    if (m_layout.slowest) {
        p.setPen(QPen(text, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(barRect(*m_layout.slowest, false).adjusted(-1, -1, 1, 1));
    }

    // Markers: ideal and actual concurrent wall, sequential wall; labels above the lanes.
    struct Marker
    {
        double ms;
        QString label;
        QColor color;
        Qt::PenStyle style;
    };
    QList<Marker> markers;
    if (m_layout.concurrentWallMs > 0)
        markers.append(
            { m_layout.concurrentWallMs, tr("concurrent wall %1").arg(formatDuration(m_layout.concurrentWallMs)),
                chartstyle::concurrentColor(), Qt::SolidLine });
    if (m_layout.idealMs > 0)
        markers.append({ m_layout.idealMs, tr("ideal %1").arg(formatDuration(m_layout.idealMs)), text, Qt::DashLine });
    if (m_layout.sequentialWallMs > 0)
        markers.append(
            { m_layout.sequentialWallMs, tr("sequential wall %1").arg(formatDuration(m_layout.sequentialWallMs)),
                chartstyle::sequentialColor(), Qt::SolidLine });
    QList<QRect> placed;
    for (const Marker &m : markers) {
        const int x = int(std::lround(xOf(m.ms)));
        p.setPen(QPen(m.color, 2, m.style));
        p.drawLine(x, m_g.markers.bottom() + 1, x, m_g.lanesBottom);
        const int w = fm.horizontalAdvance(m.label);
        // Right of the line when it fits, else left of it; skipped when it would cover another.
        QRect r(x + 3, m_g.markers.top(), w, fm.height());
        if (r.right() > width() - kMargin)
            r.moveRight(x - 3);
        const bool clash = std::any_of(placed.begin(), placed.end(), [&](const QRect &o) { return o.intersects(r); });
        if (clash) {
            r.moveRight(x - 3);
            if (std::any_of(placed.begin(), placed.end(), [&](const QRect &o) { return o.intersects(r); }))
                continue;
        }
        placed.append(r);
        p.setPen(m.color == text ? text : m.color.darker(m.color.lightness() > 160 ? 140 : 100));
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, m.label);
    }

    // The time axis: ticks with units, and its title.
    p.setPen(text);
    p.drawLine(m_g.plotLeft, m_g.lanesBottom + 1, m_g.plotRight, m_g.lanesBottom + 1);
    const int labelTop = m_g.axis.top() + 4;
    for (double t : ticks) {
        const int x = int(std::lround(xOf(t)));
        p.drawLine(x, m_g.lanesBottom + 1, x, m_g.lanesBottom + 4);
        const QString label = t == 0 ? QStringLiteral("0") : formatDuration(t);
        const int w = fm.horizontalAdvance(label);
        p.drawText(QRect(std::clamp(x - w / 2, kMargin, width() - kMargin - w), labelTop, w, fm.height()),
            Qt::AlignCenter, label);
    }
    p.setPen(muted);
    p.drawText(QRect(m_g.plotLeft, labelTop + fm.height(), m_g.plotRight - m_g.plotLeft, fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, axisTitle());
}

} // namespace ts::ui
