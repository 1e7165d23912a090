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
    const int queries = int(std::max<qsizetype>(m_layout.queries.size(), 1));
    int lanes = 0, captions = 0;
    for (bool perQuery : m_layout.perQuery) {
        lanes += perQuery ? queries : 1;
        captions += perQuery ? 1 : 0;
    }
    const int textLines = std::max(2, int(headerLines().size()));
    return { 320,
        2 * kMargin + std::max(big.height(), textLines * fm.height() + (textLines - 1) * 2) + 4 + fm.height()
            + captions * (fm.height() + 2) + lanes * MinLaneHeight + 2 * fm.height() + 10 };
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
    const int textLines = std::max(2, int(headerLines().size()));
    g.header
        = QRect(kMargin, y, w - 2 * kMargin, std::max(big.height(), textLines * fm.height() + (textLines - 1) * 2));
    y = g.header.bottom() + 5;
    g.markers = QRect(kMargin, y, w - 2 * kMargin, fm.height());
    y = g.markers.bottom() + 3;
    const int axisHeight = 4 + 2 * fm.height() + 2;
    const int queries = int(std::max<qsizetype>(m_layout.queries.size(), 1));
    // Each side: one lane labelled in its gutter (a sequential chain), or a caption row and one
    // lane per query; then the axis.
    int lanes = 0, captions = 0;
    for (int side = 0; side < 2; ++side) {
        if (!sideShown(side))
            continue; // no run there: no room kept for it
        lanes += m_layout.perQuery[side] ? queries : 1;
        captions += m_layout.perQuery[side] ? 1 : 0;
    }
    const int available = height() - kMargin - axisHeight - y - captions * (fm.height() + 2) - 2;
    g.laneHeight = std::clamp(available / std::max(lanes, 1), MinLaneHeight, MaxLaneHeight);
    g.lanesTopAll = y;
    for (int side = 0; side < 2; ++side) {
        if (!sideShown(side)) {
            g.captionTop[side] = -1;
            g.lanesTop[side] = y; // an empty lane of no height
            continue;
        }
        if (m_layout.perQuery[side]) {
            g.captionTop[side] = y;
            y += fm.height() + 2;
            g.lanesTop[side] = y;
            y += queries * g.laneHeight;
        } else {
            g.captionTop[side] = -1;
            g.lanesTop[side] = y;
            y += g.laneHeight + 2;
        }
    }
    g.lanesBottom = y;
    g.axis = QRect(kMargin, g.lanesBottom + 1, w - 2 * kMargin, axisHeight);

    int labelWidth
        = std::max(fm.horizontalAdvance(m_layout.titles.value(0)), fm.horizontalAdvance(m_layout.titles.value(1)));
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
    return laneRect(0, 0);
}

QRect CompareView::laneRect(int queryIndex) const
{
    return laneRect(1, queryIndex);
}

QRect CompareView::laneRect(int side, int queryIndex) const
{
    const int top = m_g.lanesTop[side] + (m_layout.perQuery[side] ? queryIndex * m_g.laneHeight : 0);
    return QRect(kMargin, top, width() - 2 * kMargin, m_g.laneHeight);
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
    if (m_layout.comparesProviders)
        return {}; // two providers answer with different tweets: no one number says which is better
    if (!t.sequential.finished || !t.concurrent.finished)
        return t.sequential.present && t.concurrent.present ? QStringLiteral("…") : QString();
    return speedupHeadline(t);
}

QString CompareView::detailText() const
{
    const CompareTotals &t = m_layout.totals;
    if (m_layout.isEmpty())
        return {};
    if (m_layout.comparesProviders) {
        const auto side = [&](int s) -> QString {
            const RunTotals &r = s == 0 ? t.sequential : t.concurrent;
            if (!r.present)
                return tr("%1: waiting").arg(m_layout.titles.value(s));
            return tr("%1: %2 in %3%4")
                       .arg(m_layout.titles.value(s), search::quantity(r.tweets, tr("tweet"), tr("tweets")),
                           formatDuration(s == 0 ? m_layout.sequentialWallMs : m_layout.concurrentWallMs),
                           r.finished ? QString() : tr(" so far"))
                + (r.failedQueries > 0
                        ? tr(" (%1 failed)").arg(search::quantity(r.failedQueries, tr("query"), tr("queries")))
                        : QString());
        };
        return tr("%1; %2; the same queries, one provider after the other").arg(side(0), side(1));
    }
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
    if (m_layout.comparesProviders)
        return tr("Slowest request of %1 (it set the wall): %2")
            .arg(m_layout.titles.value(m_layout.slowestSide),
                describeRequest(*m_layout.slowest, m_layout.queries, m_layout.tls[m_layout.slowestSide]));
    return tr("Slowest concurrent request (it set the wall): %1")
        .arg(describeRequest(*m_layout.slowest, m_layout.queries, m_layout.tls[1]));
}

bool CompareView::sideShown(int side) const
{
    if (m_layout.hasRun[side] || m_layout.isEmpty())
        return true;
    const RunTotals &other = side == 0 ? m_layout.totals.concurrent : m_layout.totals.sequential;
    return side == 1 && !other.finished; // the second run of a compare, still to come
}

int CompareView::headerTextLeft() const
{
    const QString big = headline();
    return kMargin + (big.isEmpty() ? 0 : QFontMetrics(headlineFont()).horizontalAdvance(big) + 12);
}

int CompareView::headerTextWidth() const
{
    return std::max(width() - kMargin - headerTextLeft(), 1);
}

namespace {

/// `text` in lines no wider than `width`: whole when it fits, else broken after its "; " and
/// ", " (between the walls and the efficiency, between a request's phases), at most `maxLines`
/// (the last elided, as is a part wider than the width on its own).
QStringList wrapped(const QFontMetrics &fm, const QString &text, int width, int maxLines)
{
    if (text.isEmpty())
        return {};
    QStringList parts; // each with its separator
    qsizetype from = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if ((text.at(i) == u';' || text.at(i) == u',') && text.at(i + 1) == u' ') {
            parts.append(text.mid(from, i + 2 - from));
            from = i + 2;
        }
    }
    parts.append(text.mid(from));
    QStringList lines;
    QString line;
    for (const QString &part : std::as_const(parts)) {
        if (!line.isEmpty() && fm.horizontalAdvance(QString(line + part).trimmed()) > width
            && lines.size() + 1 < maxLines) {
            lines.append(line.trimmed());
            line.clear();
        }
        line += part;
    }
    lines.append(line.trimmed());
    for (QString &l : lines)
        l = fm.elidedText(l, Qt::ElideRight, width);
    return lines;
}

} // namespace

QStringList CompareView::headerLines() const
{
    const QFontMetrics fm(font());
    const int w = headerTextWidth();
    // The walls and the efficiency whole: on a second line when they do not fit one.
    QStringList lines = wrapped(fm, detailText(), w, 2);
    if (lines.isEmpty())
        lines.append(QString());
    QString slowest = slowestText();
    if (slowest.isEmpty())
        return lines;
    // The phases matter more than the words before them: a shorter lead-in when it does not fit.
    if (fm.horizontalAdvance(slowest) > w && m_layout.slowest)
        slowest = tr("Slowest: %1")
                      .arg(describeRequest(*m_layout.slowest, m_layout.queries, m_layout.tls[m_layout.slowestSide]));
    // Wrapped between phases ("queued 0.1 ms, waiting (TTFB) 312 ms, ...") onto a second line.
    lines.append(wrapped(fm, slowest, w, 2));
    return lines;
}

QRectF CompareView::barRect(const CompareBar &bar, int side) const
{
    const double left = xOf(bar.phases.startMs);
    const double right = std::max(xOf(bar.phases.endMs), left + 1);
    const int gap = m_g.laneHeight >= 8 ? 1 : 0;
    const int top = laneRect(side, bar.queryIndex).top();
    return QRectF(left, top + gap, right - left, m_g.laneHeight - 2 * gap);
}

const CompareBar *CompareView::barAt(const QPoint &pos, int *side) const
{
    for (int s = 0; s < 2; ++s) {
        for (const CompareBar &b : barsOf(s)) {
            if (barRect(b, s).adjusted(-1, 0, 1, 0).contains(pos)) {
                *side = s;
                return &b;
            }
        }
    }
    return nullptr;
}

void CompareView::mousePressEvent(QMouseEvent *event)
{
    int side = 0;
    if (const CompareBar *b = barAt(event->position().toPoint(), &side)) {
        Q_EMIT querySelected(b->queryIndex);
        return;
    }
    for (int s = 0; s < 2; ++s) {
        if (!m_layout.perQuery[s] || !sideShown(s))
            continue;
        for (int q = 0; q < m_layout.queries.size(); ++q) {
            if (laneRect(s, q).contains(event->position().toPoint())) {
                Q_EMIT querySelected(q);
                return;
            }
        }
    }
    QWidget::mousePressEvent(event);
}

bool CompareView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        int side = 0;
        if (const CompareBar *b = barAt(help->pos(), &side))
            QToolTip::showText(help->globalPos(),
                tr("%1: %2").arg(
                    m_layout.titles.value(side), describeRequest(*b, m_layout.queries, m_layout.tls[side])),
                this);
        else if (m_g.header.contains(help->pos()) && !m_layout.isEmpty())
            // The header's two lines are elided to the width: the tooltip has them whole.
            QToolTip::showText(help->globalPos(), QStringList({ detailText(), slowestText() }).join(u'\n').trimmed(),
                this, m_g.header);
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
    const QStringList lines = headerLines();
    // The detail's one or two lines in the text colour, the slowest request's muted.
    const qsizetype detailLines = std::max<qsizetype>(wrapped(fm, detailText(), headerTextWidth(), 2).size(), 1);
    for (int i = 0; i < lines.size(); ++i) {
        p.setPen(i < detailLines ? text : muted);
        p.drawText(textLeft, m_g.header.top() + i * (fm.height() + 2) + fm.ascent(), lines.at(i));
    }

    // Lane labels.
    QFont laneFont = font();
    if (m_g.laneHeight < fm.height())
        laneFont.setPixelSize(std::max(7, m_g.laneHeight));
    const QFontMetrics lm(laneFont);
    p.setPen(text);
    for (int side = 0; side < 2; ++side) {
        const QString title = m_layout.titles.value(side);
        if (!sideShown(side))
            continue; // no run on this side (a concurrent run alone): no empty lane label
        if (!m_layout.perQuery[side]) {
            p.drawText(QRect(kMargin, m_g.lanesTop[side], m_g.gutter - 6, m_g.laneHeight),
                Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideRight, m_g.gutter - 6));
            continue;
        }
        p.drawText(QRect(kMargin, m_g.captionTop[side], width() - 2 * kMargin, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter, title);
        p.setFont(laneFont);
        for (int q = 0; q < m_layout.queries.size(); ++q) {
            const QRect lane = laneRect(side, q);
            p.drawText(QRect(kMargin + 6, lane.top(), m_g.gutter - 12, lane.height()), Qt::AlignLeft | Qt::AlignVCenter,
                lm.elidedText(laneLabel(m_layout.queries, q), Qt::ElideRight, m_g.gutter - 12));
        }
        p.setFont(font());
    }

    // Light grid at the axis ticks.
    const int plotWidth = m_g.plotRight - m_g.plotLeft;
    const QList<double> ticks = niceTicks(m_layout.axisEndMs, std::max(2, plotWidth / 90));
    QColor grid = text;
    grid.setAlphaF(0.12);
    p.setPen(grid);
    for (double t : ticks) {
        const int x = int(std::lround(xOf(t)));
        p.drawLine(x, m_g.lanesTopAll, x, m_g.lanesBottom);
    }

    // Bars: each query in its colour in both runs; queueing pale; failures in the error colour.
    auto drawBar = [&](const CompareBar &b, int side) {
        const bool sequential = !m_layout.perQuery[side]; // a chain on one lane
        const QRectF r = barRect(b, side);
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
    for (int side = 0; side < 2; ++side) {
        for (const CompareBar &b : barsOf(side))
            drawBar(b, side);
    }
    if (m_layout.slowest) {
        p.setPen(QPen(text, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(barRect(*m_layout.slowest, m_layout.slowestSide).adjusted(-1, -1, 1, 1));
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
    if (m_layout.comparesProviders) {
        // Each provider's wall in its side's colour.
        for (int side = 1; side >= 0; --side) {
            const double wall = side == 0 ? m_layout.sequentialWallMs : m_layout.concurrentWallMs;
            if (wall > 0)
                markers.append({ wall, tr("%1 %2").arg(m_layout.titles.value(side), formatDuration(wall)),
                    side == 0 ? chartstyle::sequentialColor() : chartstyle::concurrentColor(), Qt::SolidLine });
        }
    } else if (m_layout.concurrentWallMs > 0)
        markers.append(
            { m_layout.concurrentWallMs, tr("concurrent wall %1").arg(formatDuration(m_layout.concurrentWallMs)),
                chartstyle::concurrentColor(), Qt::SolidLine });
    if (m_layout.idealMs > 0 && !m_layout.comparesProviders)
        markers.append({ m_layout.idealMs, tr("ideal %1").arg(formatDuration(m_layout.idealMs)), text, Qt::DashLine });
    if (m_layout.sequentialWallMs > 0 && !m_layout.comparesProviders)
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
