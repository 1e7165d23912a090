// SPDX-License-Identifier: MIT
#include "waterfallcanvas.h"

#include "chartstyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr std::array<Phase, PhaseCount> AllPhases { Phase::Queued, Phase::RateLimitWait, Phase::Connect, Phase::Waiting,
    Phase::Download, Phase::Parse };
}

WaterfallCanvas::WaterfallCanvas(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_rowTops = { 0 };
}

void WaterfallCanvas::setRuns(const QList<WaterfallRun> &runs, const QList<RunTotals> &totals, LaneMode mode)
{
    m_runs = runs;
    m_totals = totals;
    m_mode = mode;
    m_layout = layoutWaterfall(m_runs, mode);

    // Lanes shrink as requests grow, down to a few pixels: the shape of a thousand requests
    // still reads, and the tooltip gives the details.
    const int lanes = int(m_layout.rows.size()) - int(m_runs.size());
    m_laneHeight = mode == LaneMode::Packed ? 10 : std::clamp(900 / std::max(lanes, 1), 4, 18);

    m_rowTops.clear();
    int y = 0;
    for (const WaterfallRow &row : std::as_const(m_layout.rows)) {
        m_rowTops.append(y);
        y += row.heading ? HeadingHeight : m_laneHeight;
    }
    m_rowTops.append(y + 8);
    setMinimumHeight(m_rowTops.constLast());
    updateGeometry();
    update();
}

int WaterfallCanvas::labelStride(int textHeight) const
{
    return std::max(1, (textHeight + m_laneHeight - 1) / std::max(m_laneHeight, 1));
}

QSize WaterfallCanvas::sizeHint() const
{
    return { 800, m_rowTops.constLast() };
}

double WaterfallCanvas::axisEndMs() const
{
    const QList<double> ticks = niceTicks(std::max(m_layout.endMs, 1.0), 10);
    const double step = ticks.size() > 1 ? ticks.at(1) - ticks.at(0) : 1;
    return ticks.constLast() >= m_layout.endMs ? ticks.constLast() : ticks.constLast() + step;
}

TimeScale WaterfallCanvas::scale(int width) const
{
    return TimeScale { 0, axisEndMs(), double(Gutter), double(std::max(width - RightMargin, Gutter + 1)) };
}

const search::RequestTiming &WaterfallCanvas::timingOf(int bar) const
{
    const WaterfallBar &b = m_layout.bars.at(bar);
    return m_runs.at(b.run).timings.at(b.timingIndex);
}

QRectF WaterfallCanvas::phaseRect(int bar, Phase phase, int width) const
{
    const WaterfallBar &b = m_layout.bars.at(bar);
    const TimeScale s = scale(width);
    const double inset = m_laneHeight >= 8 ? 2 : 0.5;
    const double top = m_rowTops.at(b.row) + inset;
    const double height = m_laneHeight - 2 * inset;
    for (const PhaseSpan &span : b.phases.spans()) {
        if (span.phase == phase)
            return QRectF(QPointF(s.toX(span.startMs), top), QPointF(s.toX(span.endMs), top + height));
    }
    return {};
}

int WaterfallCanvas::barAt(const QPoint &pos) const
{
    const auto it = std::upper_bound(m_rowTops.cbegin(), m_rowTops.cend() - 1, pos.y());
    const int row = int(it - m_rowTops.cbegin()) - 1;
    if (row < 0 || row >= m_layout.rows.size() || m_layout.rows.at(row).heading)
        return -1;
    const TimeScale s = scale(width());
    const double tolerance = s.pixelsPerMs() > 0 ? 3 / s.pixelsPerMs() : 0;
    return m_layout.barAt(row, s.toMs(pos.x()), tolerance);
}

QString WaterfallCanvas::runName(const WaterfallRun &run)
{
    // "sequential", or for a provider "Bluesky, concurrent"
    return run.title.isEmpty() || run.title.compare(search::modeName(run.mode), Qt::CaseInsensitive) == 0
        ? search::modeName(run.mode)
        : QStringLiteral("%1, %2").arg(run.title, search::modeName(run.mode));
}

QString WaterfallCanvas::tooltipFor(int bar) const
{
    const search::RequestTiming &t = timingOf(bar);
    const RequestPhases &p = m_layout.bars.at(bar).phases;
    QString html = QStringLiteral("<b>%1</b> (query %2, %3)<br>%4")
                       .arg(t.query.toHtmlEscaped())
                       .arg(t.queryIndex + 1)
                       .arg(runName(m_runs.at(m_layout.bars.at(bar).run)),
                           t.page == 0 ? QStringLiteral("sign-in (a session for the pages)")
                                       : QStringLiteral("page %1").arg(t.page));
    if (t.attempt > 1)
        html += QStringLiteral(", attempt %1").arg(t.attempt);
    html += QStringLiteral("<br>status %1, %2 bytes, %3 tweets")
                .arg(t.httpStatus ? QString::number(t.httpStatus) : QStringLiteral("none"))
                .arg(t.bytes)
                .arg(t.tweets);
    if (!t.error.isEmpty())
        html += QStringLiteral("<br><b>%1</b>").arg(t.error.toHtmlEscaped());
    html += QStringLiteral("<table>");
    for (Phase phase : AllPhases) {
        if (phase == Phase::RateLimitWait && !p.rateLimitWait)
            continue;
        if (phase == Phase::Queued && p.rateLimitWait)
            continue;
        if (phase == Phase::Connect && p.connectMs() <= 0)
            continue; // a warm connection or an HTTP/2 stream: no connection phase
        html += QStringLiteral("<tr><td><font color='%1'>&#9632;</font> %2</td><td align=right>%3 ms</td></tr>")
                    .arg(chartstyle::phaseColor(phase).name(),
                        phaseName(phase, m_runs.at(m_layout.bars.at(bar).run).tls))
                    .arg(p.lengthOf(phase), 0, 'f', 1);
    }
    html += QStringLiteral("<tr><td>total (%1 to %2)</td><td align=right>%3 ms</td></tr></table>")
                .arg(formatDuration(p.startMs), formatDuration(p.endMs))
                .arg(p.totalMs(), 0, 'f', 1);
    return html;
}

bool WaterfallCanvas::anyTls() const
{
    return m_runs.isEmpty() || std::any_of(m_runs.cbegin(), m_runs.cend(), [](const WaterfallRun &r) { return r.tls; });
}

QList<QRect> WaterfallCanvas::legendRects(const QFontMetrics &fm, int width, bool tls)
{
    QStringList labels;
    for (Phase phase : AllPhases)
        labels.append(phaseName(phase, tls));
    labels.append(QStringLiteral("429 / failed"));
    labels.append(QStringLiteral("retry"));
    QList<QRect> out;
    const int left = 8;
    const int rowHeight = std::max(fm.height(), 14) + 2;
    int x = left;
    int y = 4;
    for (const QString &label : std::as_const(labels)) {
        const int w = 18 + fm.horizontalAdvance(label);
        if (x > left && x + w > width - 4) { // a new row; an entry wider than the header stays alone
            x = left;
            y += rowHeight;
        }
        out.append(QRect(x, y, w, rowHeight - 2));
        x += w + 14;
    }
    return out;
}

int WaterfallCanvas::headerHeight(const QFontMetrics &fm, int width, bool tls)
{
    const QList<QRect> entries = legendRects(fm, width, tls);
    return HeaderHeight + (entries.isEmpty() ? 0 : entries.constLast().top() - entries.constFirst().top());
}

void WaterfallCanvas::paintHeader(QPainter &painter, const QRect &rect) const
{
    const QPalette pal = palette();
    painter.fillRect(rect, pal.color(QPalette::Base));
    painter.setPen(pal.color(QPalette::Text));
    const QFontMetrics fm = painter.fontMetrics();

    // Legend: one swatch per phase, then the marks, wrapped onto rows that fit the width.
    const bool tls = anyTls();
    const QList<QRect> entries = legendRects(fm, rect.width(), tls);
    int index = 0;
    const auto swatch = [&](const QColor &fill, const QColor &border, const QString &label) {
        const QRect entry = entries.value(index++).translated(rect.topLeft());
        const QRect box(entry.left(), entry.top() + 3, 14, 10);
        painter.fillRect(box, fill);
        if (border.isValid()) {
            painter.setPen(QPen(border, 2));
            painter.drawRect(box);
        }
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QPoint(entry.left() + 18, entry.top() + fm.ascent()), label);
    };
    for (Phase phase : AllPhases)
        swatch(chartstyle::phaseColor(phase), QColor(), phaseName(phase, tls));
    swatch(pal.color(QPalette::Base), chartstyle::errorColor(), QStringLiteral("429 / failed"));
    swatch(pal.color(QPalette::Base), pal.color(QPalette::Text), QStringLiteral("retry"));

    // Axis: ticks shared with the lanes below.
    const TimeScale s = scale(rect.width());
    const QList<double> ticks = niceTicks(s.endMs, std::max(2, (rect.width() - Gutter) / 90));
    const int axisY = rect.bottom() - 2;
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(QPointF(s.left, axisY), QPointF(s.right, axisY));
    painter.setPen(pal.color(QPalette::Text));
    for (double t : ticks) {
        const double tx = s.toX(t);
        painter.drawLine(QPointF(tx, axisY - 4), QPointF(tx, axisY));
        const QString label = formatDuration(t);
        const int w = fm.horizontalAdvance(label);
        painter.drawText(QPointF(std::min(tx - w / 2.0, rect.right() - double(w)), axisY - 6), label);
    }
    painter.drawText(QPoint(rect.left() + 8, axisY - 6), QStringLiteral("since run start"));
}

void WaterfallCanvas::paintLanes(QPainter &painter, const QRect &exposed, int width) const
{
    const QPalette pal = palette();
    painter.fillRect(exposed, pal.color(QPalette::Base));
    const TimeScale s = scale(width);
    const QFontMetrics fm = painter.fontMetrics();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(90);

    // Grid lines first, under the bars.
    const QList<double> ticks = niceTicks(s.endMs, std::max(2, (width - Gutter) / 90));
    painter.setPen(grid);
    for (double t : ticks)
        painter.drawLine(QPointF(s.toX(t), exposed.top()), QPointF(s.toX(t), exposed.bottom()));

    // Only rows that intersect the exposed area are painted.
    const auto first = std::upper_bound(m_rowTops.cbegin(), m_rowTops.cend() - 1, exposed.top());
    int row = std::max(int(first - m_rowTops.cbegin()) - 1, 0);
    const bool labels = m_laneHeight >= 11 && m_mode == LaneMode::PerRequest;
    // Lanes thinner than a line of text (64 queries and more) label every k-th lane, the same
    // lanes whatever part is repainted; the tooltip names the others.
    const int labelEvery = m_mode == LaneMode::PerRequest ? labelStride(fm.height()) : 0;
    for (; row < m_layout.rows.size() && m_rowTops.at(row) <= exposed.bottom(); ++row) {
        const WaterfallRow &r = m_layout.rows.at(row);
        const int top = m_rowTops.at(row);
        if (r.heading) {
            const RunTotals &t = m_totals.value(r.run);
            const QString title = QStringLiteral("%1: wall %2, %3 requests in %4 lanes, sum of latencies %5")
                                      .arg(m_runs.value(r.run).heading(), formatDuration(t.wallMs))
                                      .arg(m_runs.value(r.run).timings.size())
                                      .arg(m_layout.laneCount(r.run))
                                      .arg(formatDuration(t.latencySumMs));
            QFont bold = painter.font();
            bold.setBold(true);
            painter.save();
            painter.setFont(bold);
            painter.setPen(text);
            painter.drawText(QRect(8, top, width - 16, HeadingHeight), Qt::AlignVCenter | Qt::AlignLeft, title);
            painter.restore();
            // The run's wall time as a dashed line down its lanes: where the run ended.
            int end = row + 1;
            while (end < m_layout.rows.size() && !m_layout.rows.at(end).heading)
                ++end;
            painter.setPen(QPen(text, 1, Qt::DashLine));
            const double wx = s.toX(t.wallMs);
            painter.drawLine(QPointF(wx, top + HeadingHeight - 4), QPointF(wx, m_rowTops.at(end)));
            continue;
        }
        const double inset = m_laneHeight >= 8 ? 2 : 0.5;
        const QRectF lane(0, top + inset, width, m_laneHeight - 2 * inset);
        if (labelEvery > 0 && row % labelEvery == 0 && !r.bars.isEmpty()) {
            const search::RequestTiming &t = timingOf(r.bars.constFirst());
            QString label = QString::number(t.queryIndex + 1) + QStringLiteral(". ") + t.query.simplified()
                + (t.page == 0 ? QStringLiteral("  sign-in") : QStringLiteral("  p") + QString::number(t.page));
            const int textHeight = std::max(m_laneHeight, fm.height());
            const QRect box(8, top + m_laneHeight / 2 - textHeight / 2, Gutter - 14, textHeight);
            if (!labels) {
                // A tick from the label to its lane.
                painter.setPen(chartstyle::queryColor(t.queryIndex));
                painter.drawLine(
                    QPointF(Gutter - 5, top + m_laneHeight / 2.0), QPointF(Gutter - 1, top + m_laneHeight / 2.0));
            }
            painter.setPen(text);
            painter.drawText(box, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(label, Qt::ElideMiddle, Gutter - 14));
        }
        for (int bar : r.bars) {
            const WaterfallBar &b = m_layout.bars.at(bar);
            double barLeft = s.toX(b.phases.startMs);
            double barRight = s.toX(b.phases.endMs);
            for (const PhaseSpan &span : b.phases.spans()) {
                const double x0 = s.toX(span.startMs);
                const double x1 = std::max(s.toX(span.endMs), x0 + 1); // a phase never vanishes
                painter.fillRect(QRectF(x0, lane.top(), x1 - x0, lane.height()), chartstyle::phaseColor(span.phase));
                barRight = std::max(barRight, x1);
            }
            const RequestMarks marks = b.phases.marks;
            if (marks & (RequestMark::Http429 | RequestMark::Failed)) {
                painter.setPen(QPen(chartstyle::errorColor(), m_laneHeight >= 8 ? 2 : 1));
                painter.drawRect(QRectF(barLeft, lane.top(), std::max(barRight - barLeft, 1.0), lane.height()));
            } else if (marks & RequestMark::Retry) {
                painter.setPen(QPen(text, 1, Qt::DotLine));
                painter.drawRect(QRectF(barLeft, lane.top(), std::max(barRight - barLeft, 1.0), lane.height()));
            }
            if (labels && marks) {
                QStringList tags;
                const search::RequestTiming &t = timingOf(bar);
                if (marks & RequestMark::Http429)
                    tags << QStringLiteral("429");
                else if (marks & RequestMark::Failed)
                    tags << (t.httpStatus ? QString::number(t.httpStatus) : QStringLiteral("error"));
                if (marks & RequestMark::Retry)
                    tags << QStringLiteral("try %1").arg(t.attempt);
                painter.setPen(
                    (marks & (RequestMark::Http429 | RequestMark::Failed)) ? chartstyle::errorColor() : text);
                painter.drawText(QRectF(barRight + 4, top, RightMargin + 200, m_laneHeight),
                    Qt::AlignVCenter | Qt::AlignLeft, tags.join(u' '));
            }
        }
    }
}

void WaterfallCanvas::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    paintLanes(painter, event->rect(), width());
}

void WaterfallCanvas::mousePressEvent(QMouseEvent *event)
{
    const int bar = barAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && bar >= 0)
        Q_EMIT barClicked(timingOf(bar).queryIndex);
    QWidget::mousePressEvent(event);
}

void WaterfallCanvas::mouseMoveEvent(QMouseEvent *event)
{
    setCursor(barAt(event->position().toPoint()) >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

bool WaterfallCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int bar = barAt(help->pos());
        if (bar >= 0)
            QToolTip::showText(help->globalPos(), tooltipFor(bar), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace ts::ui
