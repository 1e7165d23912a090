// SPDX-License-Identifier: MIT
#include "sweepchart.h"

#include "chartmath/axisticks.h"
#include "chartmath/timescale.h"
#include "chartstyle.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetrics>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace ts::ui {

SweepChart::SweepChart(QWidget *parent)
    : SummaryChart(QStringLiteral("sweep"), tr("Concurrency sweep: the same queries at each max concurrency"),
        Qt::AlignTop, parent)
    , m_wall(new QLineSeries)
    , m_repeats(new QScatterSeries)
    , m_speedup(new QLineSeries)
    , m_ideal(new QLineSeries)
    , m_axisX(addAxis(new QCategoryAxis, Qt::AlignBottom, tr("max concurrency (log scale)")))
    , m_axisWall(addAxis(new QValueAxis, Qt::AlignLeft, tr("wall time (s)")))
    , m_axisSpeedup(addAxis(new QValueAxis, Qt::AlignRight, tr("speedup (×)")))
{
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisSpeedup->setGridLineVisible(false); // the wall-time grid is the one to read across
    for (QXYSeries *s : { static_cast<QXYSeries *>(m_wall), static_cast<QXYSeries *>(m_repeats),
             static_cast<QXYSeries *>(m_speedup), static_cast<QXYSeries *>(m_ideal) }) {
        m_chart->addSeries(s);
        s->attachAxis(m_axisX);
        s->attachAxis(s == m_wall || s == m_repeats ? m_axisWall : m_axisSpeedup);
    }
    applyPalette();
    setResult({});
    fitToPlotArea();
}

void SweepChart::compactChanged()
{
    // A short chart: the legend beside the plot (in its short names), not above it.
    m_chart->legend()->setAlignment(isCompact() ? Qt::AlignRight : Qt::AlignTop);
    fitToPlotArea();
}

void SweepChart::fitToPlotArea()
{
    // The legend's four entries in one row: their long names when all fit the chart's width,
    // else short ones (the summary line says what the line and the dots are); beside the plot
    // of a compact chart, the short ones.
    const QStringList full { tr("wall time, median (s)"), tr("wall time, each repeat"), tr("speedup vs concurrency 1"),
        tr("ideal speedup") };
    const QStringList brief { tr("wall (s)"), tr("each repeat"), tr("speedup"), tr("ideal") };
    const QFontMetrics fm(m_chart->legend()->font());
    const auto rowWidth = [&](const QStringList &names) {
        int w = 0;
        for (const QString &n : names)
            w += fm.horizontalAdvance(n) + fm.height() + 24; // marker, spacing and margins
        return w;
    };
    const QStringList &names = !isCompact() && rowWidth(full) <= m_chart->size().width() - 16 ? full : brief;
    const QList<QAbstractSeries *> series { m_wall, m_repeats, m_speedup, m_ideal };
    for (int i = 0; i < series.size(); ++i) {
        if (series.at(i)->name() != names.at(i))
            series.at(i)->setName(names.at(i));
    }
    // The y titles run along the plot's height: the longest wording that fits it.
    const qreal height = m_chart->plotArea().height();
    const QString wall
        = fitting(QFontMetrics(m_axisWall->titleFont()), { tr("wall time (s)"), tr("wall (s)"), tr("s") }, height);
    const QString speed
        = fitting(QFontMetrics(m_axisSpeedup->titleFont()), { tr("speedup (×)"), tr("speedup"), tr("×") }, height);
    if (m_axisWall->titleText() != wall)
        m_axisWall->setTitleText(wall);
    if (m_axisSpeedup->titleText() != speed)
        m_axisSpeedup->setTitleText(speed);
    updateValueAxes(height);
}

void SweepChart::updateValueAxes(qreal plotHeight)
{
    // Both y axes share the grid: the same number of intervals, as many as the height fits.
    const int intervals = valueIntervals(m_axisWall->labelsFont(), plotHeight);
    if (intervals == m_intervals)
        return;
    m_intervals = intervals;
    const ValueTicks wallTicks = roundTicks(std::max(m_maxWall * 1.05, 0.1), intervals);
    m_axisWall->setRange(0, wallTicks.max);
    m_axisWall->setTickCount(wallTicks.count);
    const ValueTicks speedTicks = roundTicks(m_maxSpeed * 1.05, intervals);
    m_axisSpeedup->setRange(0, speedTicks.max);
    m_axisSpeedup->setTickCount(speedTicks.count);
}

void SweepChart::setResult(const search::SweepResult &result)
{
    m_points = search::aggregateSweep(result);
    QList<QPointF> wall;
    QList<QPointF> speedup;
    QList<QPointF> ideal;
    QList<QPointF> repeats;
    double maxWall = 0;
    double maxSpeed = 1;
    int maxLevel = 2;
    for (const search::SweepPoint &p : std::as_const(m_points)) {
        wall.append({ levelPosition(p.concurrency), p.medianWallMs / 1000 });
        if (p.speedup > 0)
            speedup.append({ levelPosition(p.concurrency), p.speedup });
        ideal.append({ levelPosition(p.concurrency), p.idealSpeedup });
        maxSpeed = std::max({ maxSpeed, p.speedup, p.idealSpeedup });
        maxLevel = std::max(maxLevel, p.concurrency);
    }
    for (int level : std::as_const(result.levels)) {
        maxLevel = std::max(maxLevel, level);
        // The ideal line spans every planned level, so the gap to it shows while the sweep runs.
        if (std::none_of(ideal.cbegin(), ideal.cend(),
                [level](const QPointF &p) { return qFuzzyCompare(p.x() + 1, levelPosition(level) + 1); }))
            ideal.append({ levelPosition(level),
                double(std::min<qsizetype>(level, std::max<qsizetype>(result.queries.size(), 1))) });
    }
    std::sort(ideal.begin(), ideal.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    for (const QPointF &p : std::as_const(ideal))
        maxSpeed = std::max(maxSpeed, p.y());
    for (const search::SweepSample &s : std::as_const(result.samples)) {
        repeats.append({ levelPosition(s.concurrency), s.wallMs / 1000 });
        maxWall = std::max(maxWall, s.wallMs / 1000);
    }
    m_wall->replace(wall);
    m_speedup->replace(speedup);
    m_ideal->replace(ideal);
    m_repeats->replace(repeats);

    // A tick at every planned level, on a log-2 scale: 1 2 4 6 for six queries.
    QList<int> levels = result.levels;
    if (levels.isEmpty())
        levels = { 1, 2 };
    for (const QString &label : m_axisX->categoriesLabels())
        m_axisX->remove(label);
    for (const LevelTick &tick : levelTicks(levels))
        m_axisX->append(tick.label, tick.position);
    m_axisX->setStartValue(-1); // below the first level: its category ends on it
    m_axisX->setRange(-0.15, levelPosition(std::max(maxLevel, 2)) + 0.15);
    m_maxWall = maxWall;
    m_maxSpeed = maxSpeed;
    m_intervals = -1;
    updateValueAxes(m_chart->plotArea().height());

    QString text;
    if (m_points.isEmpty()) {
        text = tr("No sweep yet: run one from the Sweep button to chart wall time and speedup against concurrency.");
    } else {
        const auto best = std::max_element(m_points.cbegin(), m_points.cend(),
            [](const search::SweepPoint &a, const search::SweepPoint &b) { return a.speedup < b.speedup; });
        text = (result.repeats == 1
                ? tr("%1 queries, levels %2, %3 run per level (line and dots: that run)")
                : tr("%1 queries, levels %2, %3 repeats per level (line = median, dots = each repeat)"))
                   .arg(result.queries.size())
                   .arg([&] {
                       QStringList levels;
                       for (int l : result.levels)
                           levels.append(QString::number(l));
                       return levels.join(QStringLiteral(", "));
                   }())
                   .arg(result.repeats);
        if (best->speedup > 0)
            text += tr("; best speedup %1× at concurrency %2 (ideal %3×), wall %4 → %5")
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
    setSummary(text);
}

void SweepChart::recolor()
{
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

} // namespace ts::ui
