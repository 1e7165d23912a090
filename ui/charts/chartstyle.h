// SPDX-License-Identifier: MIT
#pragma once

#include "chartmath/requestphases.h"

#include <QColor>
#include <QPalette>

class QChart;
class QChartView;
class QImage;
class QLabel;
class QSize;

namespace ts::ui {

/// Colours shared by every chart, chosen to read on both the light and the dark palette.
namespace chartstyle {

bool isDark(const QPalette &palette);
/// ChartThemeDark on a dark window palette, ChartThemeLight otherwise, with the window's background.
void applyTheme(QChart *chart, const QPalette &palette);

QColor phaseColor(Phase phase);
QColor sequentialColor();
QColor concurrentColor();
QColor errorColor();
/// Distinct colours for up to 10 queries (Tableau 10), then golden-angle hues.
QColor queryColor(int queryIndex);

/// `summary` above `view` (and `footer` under it, when given) in one image of `size`; the view
/// is laid out at that size for the render (it may sit in a hidden tab or a narrower window)
/// and put back afterwards.
QImage snapshot(QLabel *summary, QChartView *view, const QSize &size, QLabel *footer = nullptr);

} // namespace chartstyle
} // namespace ts::ui
