// SPDX-License-Identifier: MIT
// MainWindow's chart runs: the concurrency sweep and tweet volume from the counts endpoints.
// They go through startRun() like any run (connection, credentials, local archive), then
// launchChartRun() instead of launch(): neither fills the table nor writes a collection.
#include "mainwindow.h"

#include "chartmath/sweeprunner.h"
#include "chartmath/timescale.h"
#include "chartmath/volumebuckets.h"
#include "charts/chartspanel.h"
#include "queryeditor.h"
#include "runoptionspanel.h"
#include "search/countsfetcher.h"
#include "search/searchrunner.h"

#include <QAction>
#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QStyle>

namespace ts::ui {

using ts::search::QueryStatus;

void MainWindow::buildChartActions()
{
    m_sweepSearch = new ts::search::SearchRunner(this);
    m_sweepRunner = new SweepRunner(m_sweepSearch, this);
    m_countsFetcher = new ts::search::CountsFetcher(this);

    m_sweep = new QAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("S&weep…"), this);
    m_sweep->setObjectName(QStringLiteral("actionSweep"));
    m_sweep->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_sweep->setStatusTip(tr("Run the queries at max concurrency 1, 2, 4, … up to the number of queries, a few "
                             "times each, and chart wall time and speedup against concurrency"));
    m_sweep->setToolTip(tr("Concurrency sweep (Ctrl+3)"));
    connect(m_sweep, &QAction::triggered, this, &MainWindow::askSweep);
    m_countsVolume = new QAction(tr("&Volume (counts only)"), this);
    m_countsVolume->setObjectName(QStringLiteral("actionCountsVolume"));
    m_countsVolume->setStatusTip(
        tr("Chart tweets over time per query from the API's counts endpoints, without fetching tweets"));
    connect(m_countsVolume, &QAction::triggered, this, [this] { startRun(RunKind::CountsVolume); });

    // A sweep shows its progress, and each run's per-query state, like any run.
    connect(m_sweepSearch, &ts::search::SearchRunner::runStarted, m_queries, [this] { m_queries->clearStates(); });
    connect(m_sweepSearch, &ts::search::SearchRunner::queryStateChanged, m_queries, &QueryEditor::setQueryState);
    connect(m_sweepRunner, &SweepRunner::progress, this, [this](int step, int steps, int concurrency, int repeat) {
        m_progress->setRange(0, steps);
        m_progress->setValue(step);
        m_progress->setFormat(tr("%v of %m runs"));
        m_runLabel->setText(tr("Sweep: concurrency %1, repeat %2 of %3…")
                                .arg(concurrency)
                                .arg(repeat + 1)
                                .arg(m_sweepRunner->result().repeats));
    });
    connect(m_sweepRunner, &SweepRunner::resultChanged, m_chartsPanel, &ChartsPanel::setSweepResult);
    connect(m_sweepRunner, &SweepRunner::finished, this, [this](const SweepResult &result, const QString &error) {
        m_chartsPanel->setSweepResult(result);
        m_failedQueries = 0;
        for (const SweepSample &s : result.samples)
            m_failedQueries += s.failedQueries;
        const QList<SweepPoint> points = aggregateSweep(result);
        QString summary = tr("Sweep: %1 runs").arg(result.samples.size());
        if (!points.isEmpty() && points.constLast().speedup > 0)
            summary += tr(", %1× at concurrency %2")
                           .arg(points.constLast().speedup, 0, 'f', 1)
                           .arg(points.constLast().concurrency);
        if (!error.isEmpty())
            summary = tr("Sweep stopped: %1").arg(error);
        else if (result.cancelled)
            summary += tr(" (cancelled)");
        else if (m_failedQueries > 0)
            summary += tr("; %1 query runs failed (their runs are in the chart)").arg(m_failedQueries);
        chartRunEnded(summary, !error.isEmpty() || m_failedQueries > 0);
    });

    connect(m_countsFetcher, &ts::search::CountsFetcher::queryStateChanged, m_queries, &QueryEditor::setQueryState);
    connect(m_countsFetcher, &ts::search::CountsFetcher::queryCounted, this,
        [this](int queryIndex, const ts::search::QueryCounts &counts) {
            m_chartsPanel->addCounts(queryIndex, counts.buckets);
            m_progress->setValue(m_progress->value() + 1);
            if (counts.status == QueryStatus::Error)
                ++m_failedQueries;
        });
    connect(m_countsFetcher, &ts::search::CountsFetcher::finished, this, [this] {
        qint64 total = 0;
        for (const ts::search::QueryCounts &c : m_countsFetcher->results())
            total += c.total;
        QString summary = tr("Counted %1 tweets for %3 queries (by %2)")
                              .arg(QLocale().toString(total), search::granularityName(m_countsFetcher->granularity()))
                              .arg(m_countsFetcher->results().size());
        if (m_failedQueries > 0)
            summary += tr("; %1 failed: see the Queries list").arg(m_failedQueries);
        chartRunEnded(summary, m_failedQueries > 0);
    });
}

void MainWindow::setSweepRepeats(int repeats)
{
    m_sweepRepeats = std::clamp(repeats, 1, 50);
}

void MainWindow::askSweep()
{
    const QStringList queries = m_queries->queries();
    QStringList levels;
    for (int level : sweepLevels(int(queries.size())))
        levels.append(QString::number(level));
    bool ok = false;
    const int repeats = QInputDialog::getInt(this, tr("Concurrency sweep"),
        tr("%1 queries at max concurrency %2.\nRepeats per level (the chart shows their median):")
            .arg(queries.size())
            .arg(levels.join(QStringLiteral(", "))),
        m_sweepRepeats, 1, 50, 1, &ok);
    if (!ok)
        return;
    setSweepRepeats(repeats);
    startRun(RunKind::Sweep);
}

bool MainWindow::chartRunGoing() const
{
    return m_sweepRunner->isRunning() || m_countsFetcher->isRunning();
}

void MainWindow::cancelChartRun()
{
    if (chartRunGoing())
        m_runLabel->setText(tr("Cancelling…"));
    m_sweepRunner->cancel();
    m_countsFetcher->cancel();
}

void MainWindow::launchChartRun(RunKind kind, const ts::search::ConnectionConfig &config, const QStringList &queries)
{
    m_queries->clearStates(kind == RunKind::CountsVolume);
    m_failedQueries = 0;
    m_progress->setValue(0);
    m_progress->show();
    const ts::search::SearchOptions options = m_options->options();
    QString error;
    bool started = false;
    if (kind == RunKind::Sweep) {
        m_chartsPanel->setSweepResult({});
        m_chartsPanel->setCurrentTab(ChartsPanel::Tab::Sweep);
        started = m_sweepRunner->start(config, queries, options, m_sweepRepeats);
        if (!started)
            error = tr("a run is going");
    } else {
        // Bucket size from the window the counts cover: the run options' dates, else the API's default.
        const qint64 end = options.endTime ? options.endTime->toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
        const qint64 start = options.startTime ? options.startTime->toMSecsSinceEpoch()
                                               : end - search::counts::defaultSpanMs(config.provider);
        const BucketSize size = countsGranularity(end - start);
        m_progress->setRange(0, int(queries.size()));
        m_progress->setFormat(tr("%v of %m queries counted"));
        m_runLabel->setText(tr("Counting tweets per %1…").arg(bucketName(size)));
        m_chartsPanel->startCountsVolume(queries, size);
        m_chartsPanel->setCurrentTab(ChartsPanel::Tab::Volume);
        started = m_countsFetcher->start(config, queries, size, options, &error);
    }
    if (!started) {
        m_progress->hide();
        setStatus(tr("Could not start: %1").arg(error), true);
        if (m_automation)
            finishAutomation();
    }
    updateActions();
}

void MainWindow::chartRunEnded(const QString &summary, bool warning)
{
    m_progress->hide();
    m_runLabel->setText(summary);
    setStatus(summary, warning);
    updateActions();
    Q_EMIT runEnded(m_failedQueries);
    if (m_automation)
        finishAutomation();
}

} // namespace ts::ui
