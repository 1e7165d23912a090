// SPDX-License-Identifier: MIT
#include "chartstyle.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QEvent>
#include <QImage>
#include <QLabel>
#include <QPainter>

#include <array>
#include <cmath>

namespace ts::ui::chartstyle {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void applyTheme(QChart *chart, const QPalette &palette)
{
    const bool dark = isDark(palette);
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != theme)
        chart->setTheme(theme); // resets series colours: callers colour their series afterwards
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundRoundness(0);
    chart->setTitleBrush(palette.color(QPalette::Text));
}

QColor phaseColor(Phase phase)
{
    switch (phase) {
    case Phase::Queued:
        return QColor(0x95, 0xa5, 0xa6);
    case Phase::RateLimitWait:
        return QColor(0xf3, 0x9c, 0x12);
    case Phase::Waiting:
        return QColor(0x2e, 0xcc, 0x71);
    case Phase::Download:
        return QColor(0x34, 0x98, 0xdb);
    case Phase::Parse:
        return QColor(0xa5, 0x69, 0xd0);
    case Phase::Connect:
        return QColor(0xe8, 0x43, 0x93); // apart from the error red and the rate-limit orange
    }
    return Qt::gray;
}

QColor sequentialColor()
{
    return QColor(0xe6, 0x7e, 0x22);
}

QColor concurrentColor()
{
    return QColor(0x34, 0x98, 0xdb);
}

QColor errorColor()
{
    return QColor(0xe7, 0x4c, 0x3c);
}

QColor queryColor(int queryIndex)
{
    static constexpr std::array<QRgb, 10> tableau { 0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948,
        0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac };
    if (queryIndex >= 0 && queryIndex < int(tableau.size()))
        return QColor::fromRgb(tableau[queryIndex]);
    const double hue = std::fmod(0.11 + queryIndex * 0.618033988749895, 1.0);
    return QColor::fromHsvF(float(hue), 0.55f, 0.9f);
}

QImage snapshot(QLabel *summary, QChartView *view, const QSize &size, QLabel *footer)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(summary->palette().color(QPalette::Window));
    QPainter painter(&image);
    const auto heightOf = [&size](QLabel *label) {
        if (!label || label->isHidden())
            return 0;
        const int h = label->heightForWidth(size.width());
        return h > 0 ? h : label->sizeHint().height();
    };
    // A label rendered at the image's width, then put back.
    const auto draw = [&](QLabel *label, int y, int height) {
        const QSize old = label->size();
        label->resize(size.width(), height);
        label->render(&painter, QPoint(0, y));
        label->resize(old);
    };
    const int summaryHeight = heightOf(summary);
    const int footerHeight = heightOf(footer);
    draw(summary, 0, summaryHeight);
    if (footerHeight > 0)
        draw(footer, size.height() - footerHeight, footerHeight);
    const QSize old = view->size();
    const QSize chartSize(size.width(), size.height() - summaryHeight - footerHeight);
    if (old != chartSize)
        view->resize(chartSize);
    // Series added since the last event loop pass have legend markers that the legend's
    // layout has not placed (nor shown) yet: lay out now, or the PNG misses them.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    static_cast<QWidget *>(view)->render(&painter, QPoint(0, summaryHeight)); // the widget, not only the scene
    if (old != chartSize)
        view->resize(old);
    return image;
}

} // namespace ts::ui::chartstyle
