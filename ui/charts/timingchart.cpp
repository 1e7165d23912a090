// SPDX-License-Identifier: MIT
#include "timingchart.h"

#include "chartmath/axisticks.h"
#include "chartmath/timescale.h"
#include "chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace ts::ui {

namespace {
constexpr int RowHeight = 26; // two bars and a gap per query: labels stay legible at 64 queries
constexpr int ChartChrome = 130; // title, legend and value axis

QString categoryLabel(int index, const QString &query)
{
    QString text = query.simplified();
    if (text.size() > 32)
        text = text.left(31) + QChar(0x2026);
    return QString::number(index + 1) + QStringLiteral(". ") + text;
}
} // namespace

TimingChart::TimingChart(QWidget *parent)
    : QWidget(parent)
    , m_totals(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_chart(new QChart)
    , m_series(new QHorizontalBarSeries)
    , m_sequential(new QBarSet(QStringLiteral("Sequential")))
    , m_concurrent(new QBarSet(QStringLiteral("Concurrent")))
{
    m_totals->setObjectName(QStringLiteral("timingTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setWordWrap(true);
    m_totals->setMargin(6);

    m_series->append(m_sequential);
    m_series->append(m_concurrent);
    m_series->setBarWidth(0.8);
    m_chart->addSeries(m_series);
    m_chart->setTitle(tr("Time per query: first request scheduled to last page parsed"));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    auto *axisY = new QBarCategoryAxis;
    auto *axisX = new QValueAxis;
    axisX->setTitleText(tr("ms"));
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(axisY, Qt::AlignLeft);
    m_chart->addAxis(axisX, Qt::AlignBottom);
    m_series->attachAxis(axisY);
    m_series->attachAxis(axisX);

    m_view = new QChartView(m_chart);
    m_view->setObjectName(QStringLiteral("timingChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_totals);
    layout->addWidget(m_scroll, 1);

    connect(m_series, &QHorizontalBarSeries::clicked, this,
        [this](int category, QBarSet *) { Q_EMIT querySelected(categoryToQuery(category)); });
    connect(m_series, &QHorizontalBarSeries::hovered, this, [this](bool on, int category, QBarSet *set) {
        const int q = categoryToQuery(category);
        if (!on || q < 0) {
            QToolTip::hideText();
            return;
        }
        const bool seq = set == m_sequential;
        const QueryTime &t = (seq ? m_seqTimes : m_concTimes).value(q);
        QToolTip::showText(QCursor::pos(),
            QStringLiteral("<b>%1</b><br>%2: %3<br>%4 requests, %5 pages, %6 tweets%7")
                .arg(m_queries.value(q).toHtmlEscaped(), seq ? tr("sequential") : tr("concurrent"),
                    formatDuration(t.durationMs()))
                .arg(t.requests)
                .arg(t.pages)
                .arg(t.tweets)
                .arg(t.failed ? tr("<br><b>failed</b>") : QString()),
            this);
    });
    applyPalette();
}

int TimingChart::categoryToQuery(int category) const
{
    // Categories run bottom to top, so the first query is the last category.
    const int q = int(m_queries.size()) - 1 - category;
    return q >= 0 && q < m_queries.size() ? q : -1;
}

void TimingChart::setData(const CompareData &data)
{
    m_queries = data.queries();
    const int n = int(m_queries.size());
    // Side 0 and 1: sequential and concurrent, or the two providers (CompareData).
    m_seqTimes = queryTimes(data.timings(0), n);
    m_concTimes = queryTimes(data.timings(1), n);
    if (m_sequential->label() != data.title(0))
        m_sequential->setLabel(data.title(0));
    if (m_concurrent->label() != data.title(1))
        m_concurrent->setLabel(data.title(1));

    QStringList categories;
    QList<qreal> seq;
    QList<qreal> conc;
    double maxMs = 0;
    for (int q = n - 1; q >= 0; --q) {
        categories.append(categoryLabel(q, m_queries.at(q)));
        seq.append(m_seqTimes.at(q).durationMs());
        conc.append(m_concTimes.at(q).durationMs());
        maxMs = std::max({ maxMs, seq.constLast(), conc.constLast() });
    }
    // QBarSet has no replace(list): rebuild its values in one go instead of one signal per bar.
    m_sequential->remove(0, m_sequential->count());
    m_sequential->append(seq);
    m_concurrent->remove(0, m_concurrent->count());
    m_concurrent->append(conc);

    auto *axisY = qobject_cast<QBarCategoryAxis *>(m_chart->axes(Qt::Vertical).value(0));
    if (axisY->categories() != categories) {
        axisY->clear();
        axisY->append(categories);
    }
    auto *axisX = qobject_cast<QValueAxis *>(m_chart->axes(Qt::Horizontal).value(0));
    // Ticks at round values, the axis ending on the first one past the longest bar.
    const ValueTicks ticks = roundTicks(std::max(maxMs, 1.0), 8);
    axisX->setRange(0, ticks.max);
    axisX->setTickCount(ticks.count);

    m_totals->setText(ts::ui::totalsText(data.compare()));
    fitHeight();
}

QString TimingChart::totalsText() const
{
    return m_totals->text();
}

double TimingChart::sequentialMs(int queryIndex) const
{
    const int category = int(m_queries.size()) - 1 - queryIndex;
    return category >= 0 && category < m_sequential->count() ? m_sequential->at(category) : 0;
}

double TimingChart::concurrentMs(int queryIndex) const
{
    const int category = int(m_queries.size()) - 1 - queryIndex;
    return category >= 0 && category < m_concurrent->count() ? m_concurrent->at(category) : 0;
}

void TimingChart::fitHeight()
{
    const int wanted = ChartChrome + RowHeight * std::max<int>(int(m_queries.size()), 3);
    m_view->setMinimumHeight(wanted);
}

QImage TimingChart::snapshot() const
{
    // The whole chart, not just the scrolled-to part: as tall as all the queries need.
    const int width = std::max(m_scroll->viewport()->width(), 700);
    const int totals
        = m_totals->heightForWidth(width) > 0 ? m_totals->heightForWidth(width) : m_totals->sizeHint().height();
    const int chartHeight = std::max(m_view->minimumHeight(), m_scroll->viewport()->height());
    return chartstyle::snapshot(m_totals, m_view, QSize(width, totals + chartHeight));
}

void TimingChart::applyPalette()
{
    chartstyle::applyTheme(m_chart, palette());
    m_sequential->setColor(chartstyle::sequentialColor());
    m_sequential->setBorderColor(chartstyle::sequentialColor());
    m_concurrent->setColor(chartstyle::concurrentColor());
    m_concurrent->setBorderColor(chartstyle::concurrentColor());
}

void TimingChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void TimingChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitHeight();
}

} // namespace ts::ui
