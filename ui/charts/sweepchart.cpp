// SPDX-License-Identifier: MIT
#include "sweepchart.h"

#include "chartmath/timescale.h"
#include "chartstyle.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace ts::ui {

SweepChart::SweepChart(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_chart(new QChart)
    , m_wall(new QLineSeries)
    , m_repeats(new QScatterSeries)
    , m_speedup(new QLineSeries)
    , m_ideal(new QLineSeries)
{
    m_summary->setObjectName(QStringLiteral("sweepSummary"));
    m_summary->setMargin(6);
    m_summary->setWordWrap(true);
    m_wall->setName(tr("wall time, median (s)"));
    m_repeats->setName(tr("wall time, each repeat"));
    m_speedup->setName(tr("speedup vs concurrency 1"));
    m_ideal->setName(tr("ideal speedup"));
    m_chart->setTitle(tr("Concurrency sweep: the same queries at each max concurrency"));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    for (QAbstractSeries *s : { static_cast<QAbstractSeries *>(m_wall), static_cast<QAbstractSeries *>(m_repeats),
             static_cast<QAbstractSeries *>(m_speedup), static_cast<QAbstractSeries *>(m_ideal) })
        m_chart->addSeries(s);

    auto *axisX = new QLogValueAxis;
    axisX->setBase(2);
    axisX->setLabelFormat(QStringLiteral("%g"));
    axisX->setTitleText(tr("max concurrency"));
    auto *axisWall = new QValueAxis;
    axisWall->setTitleText(tr("wall time (s)"));
    auto *axisSpeedup = new QValueAxis;
    axisSpeedup->setTitleText(tr("speedup (x)"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    m_chart->addAxis(axisWall, Qt::AlignLeft);
    m_chart->addAxis(axisSpeedup, Qt::AlignRight);
    for (QXYSeries *s : { static_cast<QXYSeries *>(m_wall), static_cast<QXYSeries *>(m_repeats) }) {
        s->attachAxis(axisX);
        s->attachAxis(axisWall);
    }
    for (QXYSeries *s : { m_speedup, m_ideal }) {
        s->attachAxis(axisX);
        s->attachAxis(axisSpeedup);
    }

    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("sweepChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    applyPalette();
    setResult({});
}

void SweepChart::setResult(const SweepResult &result)
{
    m_result = result;
    m_points = aggregateSweep(result);
    QList<QPointF> wall;
    QList<QPointF> speedup;
    QList<QPointF> ideal;
    QList<QPointF> repeats;
    double maxWall = 0;
    double maxSpeed = 1;
    int maxLevel = 2;
    for (const SweepPoint &p : std::as_const(m_points)) {
        wall.append({ double(p.concurrency), p.medianWallMs / 1000 });
        if (p.speedup > 0)
            speedup.append({ double(p.concurrency), p.speedup });
        ideal.append({ double(p.concurrency), p.idealSpeedup });
        maxSpeed = std::max({ maxSpeed, p.speedup, p.idealSpeedup });
        maxLevel = std::max(maxLevel, p.concurrency);
    }
    for (int level : std::as_const(result.levels)) {
        maxLevel = std::max(maxLevel, level);
        // The ideal line spans every planned level, so the gap to it shows while the sweep runs.
        if (std::none_of(ideal.cbegin(), ideal.cend(), [level](const QPointF &p) { return int(p.x()) == level; }))
            ideal.append(
                { double(level), double(std::min<qsizetype>(level, std::max<qsizetype>(result.queries.size(), 1))) });
    }
    std::sort(ideal.begin(), ideal.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    for (const QPointF &p : std::as_const(ideal))
        maxSpeed = std::max(maxSpeed, p.y());
    for (const SweepSample &s : std::as_const(result.samples)) {
        repeats.append({ double(s.concurrency), s.wallMs / 1000 });
        maxWall = std::max(maxWall, s.wallMs / 1000);
    }
    m_wall->replace(wall);
    m_speedup->replace(speedup);
    m_ideal->replace(ideal);
    m_repeats->replace(repeats);

    auto *axisX = static_cast<QLogValueAxis *>(m_chart->axes(Qt::Horizontal).value(0));
    axisX->setRange(1, maxLevel);
    auto *axisWall = static_cast<QValueAxis *>(m_wall->attachedAxes().constLast());
    auto *axisSpeedup = static_cast<QValueAxis *>(m_speedup->attachedAxes().constLast());
    axisWall->setRange(0, std::max(maxWall * 1.1, 0.1));
    axisWall->applyNiceNumbers();
    axisSpeedup->setRange(0, maxSpeed * 1.1);
    axisSpeedup->applyNiceNumbers();

    QString text;
    if (m_points.isEmpty()) {
        text = tr("No sweep yet: run one from the Sweep button to chart wall time and speedup against concurrency.");
    } else {
        const auto best = std::max_element(m_points.cbegin(), m_points.cend(),
            [](const SweepPoint &a, const SweepPoint &b) { return a.speedup < b.speedup; });
        text = tr("%1 queries, levels %2, %3 repeats per level (line = median, dots = each repeat)")
                   .arg(result.queries.size())
                   .arg([&] {
                       QStringList levels;
                       for (int l : result.levels)
                           levels.append(QString::number(l));
                       return levels.join(QStringLiteral(", "));
                   }())
                   .arg(result.repeats);
        if (best->speedup > 0)
            text += tr("; best speedup %1x at concurrency %2 (ideal %3x), wall %4 -> %5")
                        .arg(best->speedup, 0, 'f', 2)
                        .arg(best->concurrency)
                        .arg(best->idealSpeedup, 0, 'f', 0)
                        .arg(formatDuration(m_points.constFirst().medianWallMs), formatDuration(best->medianWallMs));
        if (result.cancelled)
            text += tr(" (cancelled: partial)");
        else if (result.samples.size() < qsizetype(result.levels.size()) * result.repeats)
            text += tr(" (running: %1 of %2 runs)")
                        .arg(result.samples.size())
                        .arg(result.levels.size() * result.repeats);
    }
    m_summary->setText(text);
}

QString SweepChart::summaryText() const
{
    return m_summary->text();
}

QImage SweepChart::snapshot() const
{
    return chartstyle::snapshot(m_summary, m_view, QSize(std::max(width(), 700), std::max(height(), 420)));
}

void SweepChart::applyPalette()
{
    chartstyle::applyTheme(m_chart, palette());
    QPen wallPen(chartstyle::sequentialColor());
    wallPen.setWidthF(2.5);
    m_wall->setPen(wallPen);
    m_wall->setPointsVisible(true);
    m_repeats->setColor(chartstyle::sequentialColor().lighter(130));
    m_repeats->setBorderColor(Qt::transparent);
    m_repeats->setMarkerSize(7);
    QPen speedPen(chartstyle::concurrentColor());
    speedPen.setWidthF(2.5);
    m_speedup->setPen(speedPen);
    m_speedup->setPointsVisible(true);
    QPen idealPen(palette().color(QPalette::Text));
    idealPen.setStyle(Qt::DashLine);
    idealPen.setWidthF(1.5);
    m_ideal->setPen(idealPen);
}

void SweepChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

} // namespace ts::ui
