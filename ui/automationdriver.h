// SPDX-License-Identifier: MIT
#pragma once

#include "automationoptions.h"

#include <QObject>

#include <optional>

class QWidget;

namespace ts::ui {

class ChartRunController;
class ChartsPanel;
class ConnectionPanel;
class QueryEditor;
class ResultsPane;
class RunController;
class RunOptionsPanel;
class StatusLine;

/**
 * The window without a person (docs/cli.md): applies the automation options to the panels,
 * starts the run, and when it ends exports, captures the window and quits with an exit
 * code that says whether every query succeeded.
 */
class AutomationDriver : public QObject
{
    Q_OBJECT
public:
    /// What the options set (the panels), what runs, and what is captured (window).
    struct Parts
    {
        QWidget *window = nullptr;
        ConnectionPanel *connection = nullptr;
        QueryEditor *queries = nullptr;
        RunOptionsPanel *options = nullptr;
        RunController *runs = nullptr;
        ChartRunController *chartRuns = nullptr;
        ResultsPane *results = nullptr;
        StatusLine *status = nullptr;
        ChartsPanel *charts = nullptr;
    };
    explicit AutomationDriver(const Parts &parts, QObject *parent = nullptr);

    /// Applies the options and, if asked, runs, exports, captures and quits. Exit codes
    /// (docs/cli.md): 0 when everything asked for was done, 1 when a query failed, the run
    /// could not start (no credential, no local archive) or a file could not be written;
    /// the reason goes to stderr.
    void automate(const AutomationOptions &options);
    /// Between automate() and the end of its run: settings are not saved then.
    bool isActive() const { return m_options.has_value(); }

private:
    void finish();
    void fail(const QString &message);

    Parts m_parts;
    std::optional<AutomationOptions> m_options;
    int m_exitCode = 0;
};

} // namespace ts::ui
