// SPDX-License-Identifier: MIT
#include "summarychart.h"

#include "chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetrics>
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
    m_chart->setTitle(title);
    m_chart->legend()->setAlignment(legend);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(name + QStringLiteral("ChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    m_chart->legend()->setShowToolTips(true); // the full text of an elided entry
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { fitToPlotArea(); });
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

QString SummaryChart::summaryText() const
{
    return m_summary->text();
}

QImage SummaryChart::snapshot() const
{
    return chartstyle::snapshot(m_summary, m_view, QSize(std::max(width(), 700), std::max(height(), 420)));
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
