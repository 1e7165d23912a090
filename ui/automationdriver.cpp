// SPDX-License-Identifier: MIT
#include "automationdriver.h"

#include "chartruncontroller.h"
#include "charts/chartspanel.h"
#include "connectionpanel.h"
#include "exportrunner.h"
#include "queryeditor.h"
#include "resultspane.h"
#include "runcontroller.h"
#include "runoptionspanel.h"
#include "search/runsummaryjson.h"
#include "statusline.h"

#include <QApplication>
#include <QLocale>
#include <QMetaEnum>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

namespace ts::ui {

AutomationDriver::AutomationDriver(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{
    connect(m_parts.runs, &RunController::runEnded, this, [this](int failedQueries) {
        if (!m_options)
            return;
        if (failedQueries > 0)
            fail(m_parts.status->lastMessage());
        finish();
    });
    connect(m_parts.runs, &RunController::startFailed, this, [this](const QString &message) {
        if (!m_options)
            return;
        fail(message);
        finish();
    });
}

void AutomationDriver::fail(const QString &message)
{
    m_exitCode = 1;
    if (!message.isEmpty())
        QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << Qt::endl;
}

void AutomationDriver::automate(const AutomationOptions &options)
{
    m_options = options;
    m_exitCode = 0;
    ConnectionSettings c = m_parts.connection->settings();
    if (options.provider)
        c.provider = *options.provider;
    if (!options.baseUrl.isEmpty() || options.provider)
        c.baseUrl = options.baseUrl;
    if (!options.latency.isEmpty())
        c.latency = options.latency;
    if (options.compareProvider) {
        c.compareProvider = *options.compareProvider;
        c.compareBaseUrl = options.compareBaseUrl;
    }
    m_parts.connection->setSettings(c);
    m_parts.runs->applyProviderLimits();
    m_parts.runs->refreshCredentialState(); // setSettings() says nothing: the panel follows here
    if (options.queries)
        m_parts.queries->setQueries(*options.queries);
    auto o = m_parts.options->options();
    if (options.maxConcurrency)
        o.maxConcurrency = *options.maxConcurrency;
    if (options.maxResults)
        o.maxResults = *options.maxResults;
    if (options.pages)
        o.pages = *options.pages;
    m_parts.options->setOptions(o);
    if (options.repeats)
        m_parts.chartRuns->setSweepRepeats(*options.repeats);
    std::optional<RunKind> kind;
    switch (options.run) {
    case AutomationOptions::Run::None:
        break;
    case AutomationOptions::Run::Sequential:
        kind = RunKind::Sequential;
        break;
    case AutomationOptions::Run::Concurrent:
        kind = RunKind::Concurrent;
        break;
    case AutomationOptions::Run::Compare:
        kind = RunKind::Compare;
        break;
    case AutomationOptions::Run::Sweep:
        kind = RunKind::Sweep;
        break;
    case AutomationOptions::Run::Volume:
        kind = RunKind::CountsVolume;
        break;
    }
    QTimer::singleShot(0, this, [this, kind] {
        if (!kind || !m_parts.runs->startRun(*kind))
            finish();
    });
}

void AutomationDriver::finish()
{
    if (!m_options)
        return;
    const AutomationOptions options = *m_options;
    m_options.reset();
    // Let the table and the charts lay out and paint before the capture.
    QTimer::singleShot(300, this, [this, options] {
        if (!options.exportCsv.isEmpty()) {
            ExportRequest request;
            request.target = options.exportCsv;
            const auto r = exportCollection(m_parts.runs->collectionPath(), request);
            if (r.ok) {
                m_parts.status->showMessage(
                    tr("Exported %1 tweets to %2").arg(QLocale().toString(r.tweets), options.exportCsv));
            } else {
                m_parts.status->showMessage(tr("Export failed: %1").arg(r.error), true);
                fail(tr("export failed: %1").arg(r.error)); // the exit code tells a script the run did not deliver
            }
        }
        if (!options.jsonSummary.isEmpty()) {
            // The CLI's schema (search/runsummaryjson.h), written whether the run failed or not:
            // a script reads why from it (speedup_withheld, each query's status and error).
            QString error;
            if (!ts::search::writeSearchSummary(options.jsonSummary, m_parts.runs->lastSummary(), &error)) {
                m_parts.status->showMessage(error, true);
                fail(error);
            }
        }
        if (!options.chartTab.isEmpty() && m_parts.charts) {
            const auto tabs = QMetaEnum::fromType<ChartsPanel::Tab>();
            for (int i = 0; i < tabs.keyCount(); ++i) {
                if (options.chartTab.compare(QLatin1String(tabs.key(i)), Qt::CaseInsensitive) == 0)
                    m_parts.charts->setCurrentTab(ChartsPanel::Tab(tabs.value(i)));
            }
        }
        if (!options.screenshot.isEmpty()) {
            m_parts.results->selectFirstRowIfNone();
            QApplication::processEvents();
            if (!m_parts.window->grab().save(options.screenshot)) {
                m_parts.status->showMessage(tr("Could not write the screenshot %1").arg(options.screenshot), true);
                fail(tr("could not write the screenshot %1").arg(options.screenshot));
            }
        }
        if (options.quitAfterRun)
            QApplication::exit(m_exitCode);
    });
}

} // namespace ts::ui
