// SPDX-License-Identifier: MIT
#include "volumechart.h"

#include "chartmath/axisticks.h"
#include "chartstyle.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFontMetrics>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QTimeZone>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <array>

namespace ts::ui {

VolumeChart::VolumeChart(QWidget *parent)
    : SummaryChart(QStringLiteral("volume"), tr("Fetched tweets per query"), Qt::AlignBottom, parent)
    , m_legend(new QLabel(this))
    , m_axisX(addAxis(new QDateTimeAxis, Qt::AlignBottom))
    , m_axisY(addAxis(new QValueAxis, Qt::AlignLeft, tr("tweets per hour")))
{
    // The legend under the plot, across its width, in rows that wrap: every entry whole (the
    // chart's own legend is one column or one row, and cut its entries to fit).
    m_chart->legend()->hide();
    m_legend->setObjectName(QStringLiteral("volumeLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_legend->setMargin(4);
    m_legend->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setFooter(m_legend);
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    applyPalette();
    setData({});
}

QList<QLineSeries *> VolumeChart::lines() const
{
    QList<QLineSeries *> out;
    for (QAbstractSeries *s : m_chart->series())
        out.append(static_cast<QLineSeries *>(s));
    return out;
}

QLineSeries *VolumeChart::addLine()
{
    auto *s = new QLineSeries;
    m_chart->addSeries(s);
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
    connect(s, &QLineSeries::clicked, this, [this, s] {
        const int index = int(lines().indexOf(s));
        if (index >= 0 && index < m_data.series.size() && m_data.series.at(index).queryIndexes.size() == 1)
            Q_EMIT querySelected(m_data.series.at(index).queryIndexes.constFirst());
    });
    connect(s, &QLineSeries::hovered, this, [this, s](const QPointF &point, bool on) {
        if (!on)
            return;
        const qint64 ms = qRound64(point.x());
        const qint64 bucket = bucketStart(ms + bucketLengthMs(m_data.size) / 2, m_data.size);
        int count = 0;
        for (const QPointF &p : s->points()) {
            if (qint64(p.x()) == bucket)
                count = int(p.y());
        }
        QToolTip::showText(QCursor::pos(),
            QStringLiteral("%1<br>%2 UTC: %3 tweets")
                .arg(s->name().toHtmlEscaped(),
                    QDateTime::fromMSecsSinceEpoch(bucket, QTimeZone::utc())
                        .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                .arg(count),
            this);
    });
    return s;
}

void VolumeChart::setData(const VolumeChartData &data)
{
    m_data = data;
    m_timeAxisFor = { -1, -1, -1 }; // new lines and points: fit the axis once more
    QList<QLineSeries *> existing = lines();
    // Reuse the line objects: a live run refreshes this ten times a second.
    while (existing.size() > data.series.size()) {
        QLineSeries *s = existing.takeLast();
        m_chart->removeSeries(s);
        delete s;
    }
    for (int i = 0; i < data.series.size(); ++i) {
        const VolumeSeries &v = data.series.at(i);
        QLineSeries *s = i < existing.size() ? existing.at(i) : addLine();
        s->setName(QStringLiteral("%1 (%2)").arg(v.name).arg(v.total));
        s->setPointsVisible(v.points.size() <= 40);
        s->replace(v.points);
    }
    recolor(); // and the legend

    updateTimeAxis(m_chart->plotArea().width());
    updateValueAxis(m_chart->plotArea().height());

    qint64 total = 0;
    for (const VolumeSeries &v : data.series)
        total += v.total;
    // What the lines are, said the same way in the title, the axis and the summary: the full
    // volume from the counts endpoint, or only the tweets a run fetched (each query's newest,
    // as far as its pages went), and one granularity named as "per hour" everywhere.
    const QString per = bucketName(data.size);
    setChartTitle(data.fromCounts ? tr("Full volume per query (counts endpoint)")
                                  : tr("Fetched tweets per query (each query's newest, not the full volume)"));
    fitToPlotArea();
    const bool utcClock = QDateTime::currentDateTime().offsetFromUtc() == 0;
    const QLocale locale;
    const QString edges = tr("bucket edges in UTC; axis in %1; first bucket %2")
                              .arg(utcClock ? tr("UTC") : tr("local time"),
                                  QDateTime::fromMSecsSinceEpoch(data.firstBucketMs, QTimeZone::utc())
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    QString text;
    if (data.series.isEmpty() && data.fromCounts)
        text = data.lastBucketMs > 0
            ? tr("The counts endpoint found no matching tweets in the window.")
            : tr("Counting tweets per %1 with the counts endpoint…").arg(bucketName(data.counted));
    else if (data.series.isEmpty())
        text = tr("No tweets fetched yet.");
    else if (data.fromCounts)
        text = (data.counted == data.size
                ? tr("Full volume: %1 tweets matched, counted per %2 by the counts endpoint (none fetched); %3")
                      .arg(locale.toString(total), per, edges)
                : tr("Full volume: %1 tweets matched, counted per %2 by the counts endpoint and drawn per %3 "
                     "(none fetched); %4")
                      .arg(locale.toString(total), bucketName(data.counted), per, edges));
    else
        text = tr("Fetched tweets only: %1, the newest of each query as far as its pages went (Run > Volume "
                  "counts the full volume); one point per %2; %3")
                   .arg(locale.toString(total), per, edges);
    if (m_linesPerProvider > 0 && m_providers.size() == 2 && !data.series.isEmpty())
        text += QStringLiteral(". ")
            + tr("Solid lines: %1; dotted: %2. The legend gives each query's tweets on both, in that order.")
                  .arg(m_providers.at(0), m_providers.at(1));
    setSummary(text);
}

void VolumeChart::updateTimeAxis(qreal plotWidth)
{
    // Ticks on whole minutes, hours or days: the range widens to the tick steps. At most 10,
    // fewer when their labels (measured in the axis's font) would not fit side by side.
    const qint64 length = bucketLengthMs(m_data.size);
    const qint64 from = m_data.series.isEmpty() ? QDateTime::currentMSecsSinceEpoch() - length : m_data.firstBucketMs;
    const qint64 to = m_data.series.isEmpty() ? from + length : std::max(m_data.lastBucketMs, from + length);
    const std::tuple<qint64, qint64, int> fittedFor { from, to, int(plotWidth) };
    if (fittedFor == m_timeAxisFor && !m_data.series.isEmpty())
        return; // the same span at the same width: the same ticks, no labels to measure again
    m_timeAxisFor = fittedFor;
    DateTicks ticks = dateTicks(from, to, 10);
    const QFontMetrics fm(m_axisX->labelsFont());
    const auto labelWidth = [&](const DateTicks &t) {
        int widest = 0;
        for (qint64 ms = t.fromMs; ms <= t.toMs && t.stepMs > 0; ms += t.stepMs)
            widest = std::max(widest, fm.horizontalAdvance(QDateTime::fromMSecsSinceEpoch(ms).toString(t.format)));
        return widest + fm.horizontalAdvance(QStringLiteral("  ")); // a gap between neighbours
    };
    if (plotWidth > 0) {
        for (int max = 9; max >= 2 && ticks.count > 2 && (ticks.count - 1) * labelWidth(ticks) > plotWidth; --max)
            ticks = dateTicks(from, to, max);
    }
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(ticks.fromMs), QDateTime::fromMSecsSinceEpoch(ticks.toMs));
    m_axisX->setTickCount(ticks.count);
    m_axisX->setFormat(ticks.format);
}

void VolumeChart::updateValueAxis(qreal plotHeight)
{
    const std::pair<qint64, int> fitted { m_data.peak, valueIntervals(m_axisY->labelsFont(), plotHeight) };
    if (fitted == m_valueAxisFor)
        return;
    m_valueAxisFor = fitted;
    const ValueTicks counts = roundTicks(double(std::max<qint64>(m_data.peak, 1)) * 1.05, fitted.second);
    m_axisY->setRange(0, counts.max);
    m_axisY->setTickCount(counts.count);
    m_axisY->setLabelFormat(counts.step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%d"));
}

void VolumeChart::fitToPlotArea()
{
    const QRectF plot = m_chart->plotArea();
    // The y title runs along the plot's height: the longest wording that fits it.
    const QString per = bucketName(m_data.size);
    const QString title = fitting(QFontMetrics(m_axisY->titleFont()),
        { tr("tweets per %1").arg(per), tr("tweets/%1").arg(per), tr("per %1").arg(per) }, plot.height());
    if (m_axisY->titleText() != title)
        m_axisY->setTitleText(title);
    updateTimeAxis(plot.width());
    updateValueAxis(plot.height());
}

void VolumeChart::updateLegend()
{
    if (!m_legend)
        return; // constructing: the palette comes before the legend
    const QList<QLineSeries *> all = lines();
    const bool compared = m_linesPerProvider > 0;
    // A line's query (-1: the "other queries" lines) and its total on each provider.
    QHash<int, std::array<qint64, 2>> totals;
    QHash<int, int> shownLine; // per query: the line whose legend entry stands for it
    const auto queryOf = [this](const VolumeSeries &v) {
        return v.queryIndexes.size() == 1 ? v.queryIndexes.constFirst() % m_linesPerProvider : -1;
    };
    const auto providerOf
        = [this](const VolumeSeries &v) { return std::min(v.queryIndexes.value(0) / m_linesPerProvider, 1); };
    if (compared) {
        for (int i = 0; i < all.size() && i < m_data.series.size(); ++i) {
            const VolumeSeries &v = m_data.series.at(i);
            totals[queryOf(v)][providerOf(v)] += v.total;
            if (!shownLine.contains(queryOf(v)))
                shownLine.insert(queryOf(v), i);
        }
    }
    QStringList entries;
    QStringList html;
    for (int i = 0; i < all.size() && i < m_data.series.size(); ++i) {
        const VolumeSeries &v = m_data.series.at(i);
        QString label;
        if (!compared) {
            label = all.at(i)->name();
        } else {
            const int query = queryOf(v);
            if (shownLine.value(query) != i)
                continue;
            QString name = v.name;
            // The query's name without the provider's (the colour is the query; the dots the provider).
            if (const qsizetype dot = name.lastIndexOf(QStringLiteral(" · ")); dot > 0)
                name.truncate(dot);
            const auto &t = totals.value(query);
            label = QStringLiteral("%1 (%2 / %3)").arg(name).arg(t[0]).arg(t[1]);
        }
        entries.append(label);
        // A swatch in the line's colour; the count stays on the name's line; rows break
        // between entries (and inside a query longer than the row).
        QString text = label.toHtmlEscaped();
        if (const qsizetype open = text.lastIndexOf(QStringLiteral(" (")); open > 0)
            text.replace(open, 1, QStringLiteral("&nbsp;"));
        html.append(QStringLiteral("<span style=\"color:%1\">&#9644;</span>&nbsp;%2")
                        .arg(all.at(i)->pen().color().name(), text));
    }
    m_legendEntries = entries;
    const QString text = html.join(QStringLiteral("&nbsp;&nbsp; "));
    if (m_legend->text() != text)
        m_legend->setText(text);
    m_legend->setVisible(!entries.isEmpty());
}

void VolumeChart::recolor()
{
    const QList<QLineSeries *> all = lines();
    for (int i = 0; i < all.size() && i < m_data.series.size(); ++i) {
        const VolumeSeries &v = m_data.series.at(i);
        const bool other = v.queryIndexes.size() > 1;
        const int line = v.queryIndexes.value(0);
        const bool secondProvider = m_linesPerProvider > 0 && line >= m_linesPerProvider;
        QPen pen(other ? palette().color(QPalette::Mid)
                       : chartstyle::queryColor(m_linesPerProvider > 0 ? line % m_linesPerProvider : line));
        pen.setWidthF(2);
        if (other)
            pen.setStyle(Qt::DashLine);
        else if (secondProvider)
            pen.setStyle(Qt::DotLine);
        all.at(i)->setPen(pen);
    }
    updateLegend(); // its swatches in the lines' colours
}

} // namespace ts::ui
