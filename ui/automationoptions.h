// SPDX-License-Identifier: MIT
#pragma once

#include "search/searchrunner.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace ts::ui {

/// The GUI's automation options (docs/cli.md): what to set up, run, export and capture
/// without a person, e.g. for screenshots and end-to-end tests.
struct AutomationOptions
{
    std::optional<ts::search::ProviderKind> provider;
    QString baseUrl;
    /// --compare-provider: sequential and concurrent runs on this provider too ("Also run on").
    std::optional<ts::search::ProviderKind> compareProvider;
    QString compareBaseUrl; ///< --compare-base-url: the base URL of compareProvider
    std::optional<QStringList> queries; ///< from --queries-file
    enum class Run { None, Sequential, Concurrent, Compare, Sweep, Volume };
    Run run = Run::None;
    std::optional<int> repeats; ///< per concurrency level of a sweep
    std::optional<int> maxConcurrency;
    std::optional<int> maxResults;
    std::optional<int> pages;
    QString latency;
    QString exportCsv;
    QString screenshot;
    QString chartTab; ///< --chart-tab: compare, timing, waterfall, sweep or volume, shown before the screenshot
    QString jsonSummary; ///< --json-summary FILE: the summary of the run, in the CLI's schema
    bool quitAfterRun = false;
    QString colorScheme; ///< light, dark, system or empty (the desktop's palette)
};

} // namespace ts::ui
