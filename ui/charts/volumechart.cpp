// SPDX-License-Identifier: MIT
#include "volumechart.h"

#include "chartstyle.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QTimeZone>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace ts::ui {

VolumeChart::VolumeChart(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_chart(new QChart)
{
    m_summary->setObjectName(QStringLiteral("volumeSummary"));
    m_summary->setMargin(6);
    m_summary->setWordWrap(true);
    m_chart->setTitle(tr("Tweets over time per query"));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    auto *axisX = new QDateTimeAxis;
    auto *axisY = new QValueAxis;
    axisY->setLabelFormat(QStringLiteral("%d"));
    axisY->setTitleText(tr("tweets per bucket"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    m_chart->addAxis(axisY, Qt::AlignLeft);

    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("volumeChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
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

void VolumeChart::setData(const VolumeChartData &data)
{
    m_data = data;
    QList<QLineSeries *> existing = lines();
    // Reuse the line objects: a live run refreshes this ten times a second.
    while (existing.size() > data.series.size()) {
        QLineSeries *s = existing.takeLast();
        m_chart->removeSeries(s);
        delete s;
    }
    auto *axisX = static_cast<QDateTimeAxis *>(m_chart->axes(Qt::Horizontal).value(0));
    auto *axisY = static_cast<QValueAxis *>(m_chart->axes(Qt::Vertical).value(0));
    for (int i = 0; i < data.series.size(); ++i) {
        const VolumeSeries &v = data.series.at(i);
        QLineSeries *s = i < existing.size() ? existing.at(i) : nullptr;
        if (!s) {
            s = new QLineSeries;
            m_chart->addSeries(s);
            s->attachAxis(axisX);
            s->attachAxis(axisY);
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
        }
        s->setName(QStringLiteral("%1 (%2)").arg(v.name).arg(v.total));
        const bool other = v.queryIndexes.size() > 1;
        QPen pen(other ? palette().color(QPalette::Mid) : chartstyle::queryColor(v.queryIndexes.value(0)));
        pen.setWidthF(2);
        if (other)
            pen.setStyle(Qt::DashLine);
        s->setPen(pen);
        s->setPointsVisible(v.points.size() <= 40);
        s->replace(v.points);
    }

    const qint64 length = bucketLengthMs(data.size);
    const qint64 from = data.series.isEmpty() ? QDateTime::currentMSecsSinceEpoch() - length : data.firstBucketMs;
    const qint64 to = data.series.isEmpty() ? from + length : std::max(data.lastBucketMs, from + length);
    axisX->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(to));
    const bool multiDay = to - from > 24 * 3600 * 1000LL;
    axisX->setFormat(data.size == BucketSize::Day ? QStringLiteral("yyyy-MM-dd")
            : multiDay                            ? QStringLiteral("MMM d HH:mm")
                                                  : QStringLiteral("HH:mm"));
    axisX->setTickCount(multiDay && data.size != BucketSize::Day ? 6 : 8);
    const qint64 peak = std::max<qint64>(data.peak, 1);
    axisY->setRange(0, double(peak + std::max<qint64>(peak / 10, 1)));
    axisY->applyNiceNumbers();

    qint64 total = 0;
    for (const VolumeSeries &v : data.series)
        total += v.total;
    const bool utcClock = QDateTime::currentDateTime().offsetFromUtc() == 0;
    QString text;
    if (data.series.isEmpty() && data.fromCounts)
        text = data.lastBucketMs > 0
            ? tr("The counts endpoint found no matching tweets in the window.")
            : tr("Counting tweets per %1 with the counts endpoint…").arg(bucketName(data.size));
    else if (data.series.isEmpty())
        text = tr("No tweets fetched yet.");
    else
        text = tr("%1 tweets %2, one point per %3 (bucket edges in UTC; axis in %4), first bucket %5")
                   .arg(total)
                   .arg(data.fromCounts ? tr("counted by the counts endpoint (none fetched)") : tr("fetched"),
                       bucketName(data.size), utcClock ? tr("UTC") : tr("local time"),
                       QDateTime::fromMSecsSinceEpoch(data.firstBucketMs, QTimeZone::utc())
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    m_summary->setText(text);
}

QString VolumeChart::summaryText() const
{
    return m_summary->text();
}

QImage VolumeChart::snapshot() const
{
    return chartstyle::snapshot(m_summary, m_view, QSize(std::max(width(), 700), std::max(height(), 420)));
}

void VolumeChart::applyPalette()
{
    chartstyle::applyTheme(m_chart, palette());
    setData(m_data); // the theme reset the line colours
}

void VolumeChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

} // namespace ts::ui
