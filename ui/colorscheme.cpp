// SPDX-License-Identifier: MIT
#include "colorscheme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace ts::ui {

namespace {

const QString kSettingsKey = QStringLiteral("view/colorScheme");

// What the application started with, for System after Light or Dark.
struct Startup
{
    QString styleName;
    QPalette palette;
};

const Startup &startup()
{
    static const Startup s { QApplication::style()->name(), QApplication::palette() };
    return s;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x80, 0x84, 0x8a), highlight(0x2f, 0x65, 0xca), link(0x6c, 0xb6, 0xff);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x39, 0x3b, 0x40));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    p.setColor(QPalette::Mid, QColor(0x30, 0x32, 0x36));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, link);
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    for (auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x48, 0x4d));
    return p;
}

} // namespace

QString colorSchemeName(ColorScheme scheme)
{
    switch (scheme) {
    case ColorScheme::Light:
        return QStringLiteral("light");
    case ColorScheme::Dark:
        return QStringLiteral("dark");
    case ColorScheme::System:
        break;
    }
    return QStringLiteral("system");
}

std::optional<ColorScheme> colorSchemeFromName(const QString &name)
{
    for (ColorScheme s : { ColorScheme::System, ColorScheme::Light, ColorScheme::Dark }) {
        if (name == colorSchemeName(s))
            return s;
    }
    return std::nullopt;
}

void applyColorScheme(ColorScheme scheme)
{
    const Startup &initial = startup(); // before the first change
    static bool changed = false;
    if (scheme == ColorScheme::System) {
        if (!changed)
            return; // leave the desktop's palette alone (and following the desktop)
        changed = false;
        if (QApplication::style()->name() != initial.styleName)
            QApplication::setStyle(QStyleFactory::create(initial.styleName));
        QApplication::setPalette(initial.palette);
        return;
    }
    changed = true;
    if (QApplication::style()->name() != QLatin1String("fusion"))
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(scheme == ColorScheme::Dark ? darkPalette() : QApplication::style()->standardPalette());
}

ColorScheme storedColorScheme()
{
    return colorSchemeFromName(QSettings().value(kSettingsKey).toString()).value_or(ColorScheme::System);
}

void storeColorScheme(ColorScheme scheme)
{
    QSettings().setValue(kSettingsKey, colorSchemeName(scheme));
}

} // namespace ts::ui
