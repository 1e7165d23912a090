// SPDX-License-Identifier: MIT
#include "summarychart.h"

#include "chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegend>
#include <QPainter>
#include <QVBoxLayout>

namespace ts::ui {

SummaryChart::SummaryChart(const QString &name, const QString &title, Qt::Alignment legend, QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_summary(new QLabel(this))
{
    m_summary->setObjectName(name + QStringLiteral("Summary"));
    m_summary->setMargin(6);
    m_summary->setWordWrap(true);
    m_title = title;
    m_chart->setTitle(title);
    m_chart->legend()->setAlignment(legend);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0); // the style's 9 px a side: the plot's room
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(name + QStringLiteral("ChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->installEventFilter(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    m_chart->legend()->setShowToolTips(true); // the full text of an elided entry
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        // A fit changes ticks and titles, which lays the chart out again at once: that second
        // plot area is not fitted again (the time axis's range and the label widths could feed
        // each other without end: a stack overflow at 1024x700).
        if (m_fitting)
            return;
        m_fitting = true;
        fitToPlotArea();
        m_fitting = false;
    });
}

QString SummaryChart::fitting(const QFontMetrics &fm, const QStringList &candidates, qreal width)
{
    if (width <= 0)
        return candidates.value(0); // not laid out yet: the full wording
    for (const QString &c : candidates) {
        if (fm.horizontalAdvance(c) <= width)
            return c;
    }
    return candidates.value(candidates.size() - 1);
}

int SummaryChart::valueIntervals(const QFont &font, qreal length)
{
    if (length <= 0)
        return 6; // not laid out yet
    return std::clamp(int(length / (QFontMetricsF(font).height() * 1.6)), 2, 6);
}

void SummaryChart::addAxisTo(QAbstractAxis *axis, Qt::Alignment alignment, const QString &title)
{
    if (!title.isEmpty())
        axis->setTitleText(title);
    m_chart->addAxis(axis, alignment);
}

void SummaryChart::setSummary(const QString &text)
{
    m_summary->setText(text);
}

void SummaryChart::setChartTitle(const QString &title)
{
    m_title = title;
    const QString shown = m_compact ? QString() : title;
    if (m_chart->title() != shown)
        m_chart->setTitle(shown);
}

void SummaryChart::setFooter(QLabel *footer)
{
    m_footer = footer;
    static_cast<QVBoxLayout *>(layout())->addWidget(footer);
}

void SummaryChart::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    setChartTitle(m_title);
    compactChanged();
}

bool SummaryChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize && !m_inSnapshot)
        setCompact(m_view->height() < CompactBelow);
    return QWidget::eventFilter(watched, event);
}

QString SummaryChart::summaryText() const
{
    return m_summary->text();
}

QImage SummaryChart::snapshot()
{
    // An image has the room: its title and legend as on a large window.
    setCompact(false);
    m_inSnapshot = true;
    const QImage image
        = chartstyle::snapshot(m_summary, m_view, QSize(std::max(width(), 700), std::max(height(), 420)), m_footer);
    m_inSnapshot = false;
    setCompact(m_view->height() < CompactBelow);
    return image;
}

void SummaryChart::applyPalette()
{
    chartstyle::applyTheme(m_chart, palette());
    recolor();
}

void SummaryChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

} // namespace ts::ui
