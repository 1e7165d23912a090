// SPDX-License-Identifier: MIT
#include "chartruncontroller.h"

#include "chartmath/timescale.h"
#include "chartmath/volumebuckets.h"
#include "charts/chartspanel.h"
#include "queryeditor.h"
#include "search/countsfetcher.h"
#include "search/searchrunner.h"
#include "search/speedup.h"
#include "search/sweeprunner.h"
#include "statusline.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace ts::ui {

using ts::search::QueryStatus;

ChartRunController::ChartRunController(QueryEditor *queries, ChartsPanel *charts, StatusLine *status, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_charts(charts)
    , m_status(status)
    , m_sweepSearch(new ts::search::SearchRunner(this))
    , m_sweepRunner(new search::SweepRunner(m_sweepSearch, this))
    , m_countsFetcher(new ts::search::CountsFetcher(this))
{
    // A sweep shows its progress, and each run's per-query state, like any run.
    connect(m_sweepSearch, &ts::search::SearchRunner::runStarted, m_queries, [this] { m_queries->clearStates(); });
    connect(m_sweepSearch, &ts::search::SearchRunner::queryStateChanged, m_queries, &QueryEditor::setQueryState);
    connect(
        m_sweepRunner, &search::SweepRunner::progress, this, [this](int step, int steps, int concurrency, int repeat) {
            m_status->startProgress(steps, tr("%v of %m runs"));
            m_status->setProgress(step);
            m_status->setRunText(tr("Sweep: concurrency %1, repeat %2 of %3…")
                                     .arg(concurrency)
                                     .arg(repeat + 1)
                                     .arg(m_sweepRunner->result().repeats));
        });
    connect(m_sweepRunner, &search::SweepRunner::resultChanged, m_charts, &ChartsPanel::setSweepResult);
    connect(m_sweepRunner, &search::SweepRunner::finished, this,
        [this](const search::SweepResult &result, const QString &error) {
            m_charts->setSweepResult(result);
            m_failedQueries = 0;
            for (const search::SweepSample &s : result.samples)
                m_failedQueries += s.failedQueries;
            const QList<search::SweepPoint> points = search::aggregateSweep(result);
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
            end(summary, !error.isEmpty() || m_failedQueries > 0);
        });

    connect(m_countsFetcher, &ts::search::CountsFetcher::queryStateChanged, m_queries, &QueryEditor::setQueryState);
    connect(m_countsFetcher, &ts::search::CountsFetcher::queryCounted, this,
        [this](int queryIndex, const ts::search::QueryCounts &counts) {
            m_charts->addCounts(queryIndex, counts.buckets);
            m_status->setProgress(m_status->progress() + 1);
            if (counts.status == QueryStatus::Error)
                ++m_failedQueries;
        });
    connect(m_countsFetcher, &ts::search::CountsFetcher::finished, this, [this] {
        qint64 total = 0;
        for (const ts::search::QueryCounts &c : m_countsFetcher->results())
            total += c.total;
        QString summary = tr("Full volume: %1 tweets matched %2, counted per %3")
                              .arg(QLocale().toString(total),
                                  search::quantity(m_countsFetcher->results().size(), tr("query"), tr("queries")),
                                  search::granularityName(m_countsFetcher->granularity()));
        if (m_failedQueries > 0)
            summary += tr("; %1 failed: see the Queries list").arg(m_failedQueries);
        end(summary, m_failedQueries > 0);
    });
}

void ChartRunController::setSweepRepeats(int repeats)
{
    m_sweepRepeats = std::clamp(repeats, 1, 50);
}

bool ChartRunController::isRunning() const
{
    return m_sweepRunner->isRunning() || m_countsFetcher->isRunning();
}

void ChartRunController::cancel()
{
    if (isRunning())
        m_status->setRunText(tr("Cancelling…"));
    m_sweepRunner->cancel();
    m_countsFetcher->cancel();
}

bool ChartRunController::launch(RunKind kind, const ts::search::ConnectionConfig &config, const QStringList &queries,
    const ts::search::SearchOptions &options, QString *why)
{
    m_queries->clearStates(kind == RunKind::CountsVolume);
    m_failedQueries = 0;
    m_status->setProgress(0);
    m_status->setProgressVisible(true);
    QString error;
    bool started = false;
    if (kind == RunKind::Sweep) {
        m_charts->setSweepResult({});
        m_charts->setCurrentTab(ChartsPanel::Tab::Sweep);
        started = m_sweepRunner->start(config, queries, options, m_sweepRepeats);
        if (!started)
            error = tr("a run is going");
    } else {
        // Bucket size from the window the counts cover: the run options' dates, else the API's default.
        const qint64 end = options.endTime ? options.endTime->toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
        const qint64 start = options.startTime ? options.startTime->toMSecsSinceEpoch()
                                               : end - search::counts::defaultSpanMs(config.provider);
        const BucketSize size = countsGranularity(end - start);
        m_status->startProgress(int(queries.size()), tr("%v of %m queries counted"));
        m_status->setRunText(tr("Counting tweets per %1…").arg(bucketName(size)));
        m_charts->startCountsVolume(queries, size);
        m_charts->setCurrentTab(ChartsPanel::Tab::Volume);
        started = m_countsFetcher->start(config, queries, size, options, &error);
    }
    if (!started) {
        m_status->setProgressVisible(false);
        *why = tr("Could not start: %1").arg(error);
    }
    return started;
}

void ChartRunController::end(const QString &summary, bool warning)
{
    m_status->setProgressVisible(false);
    m_status->setRunText(summary);
    // The run text holds the summary; a message beside it would repeat it. A warning is also
    // a message, so it stays in view (and the automation reports it).
    if (warning)
        m_status->showMessage(summary, warning);
    Q_EMIT ended(m_failedQueries);
}

} // namespace ts::ui
