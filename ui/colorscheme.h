// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace ts::ui {

/// The application's colours: the desktop's (system), or Fusion with a light or dark palette
/// (for desktops whose platform theme gives none, and for people who prefer the other one).
enum class ColorScheme { System, Light, Dark };

/// "system", "light", "dark" (the --color-scheme values and the stored setting).
QString colorSchemeName(ColorScheme scheme);
std::optional<ColorScheme> colorSchemeFromName(const QString &name);

/// Applies scheme to the running application, live: every widget gets the new palette (and a
/// PaletteChange event). System restores the style and palette the application started with.
void applyColorScheme(ColorScheme scheme);

/// The scheme stored in QSettings (System when none or unreadable), and storing one.
ColorScheme storedColorScheme();
void storeColorScheme(ColorScheme scheme);

} // namespace ts::ui
