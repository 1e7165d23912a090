// SPDX-License-Identifier: MIT
#include "sweeprunner.h"

#include <QTimer>

namespace ts::search {

SweepRunner::SweepRunner(SearchRunner *runner, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
{
    qRegisterMetaType<ts::search::SweepResult>();
    connect(m_runner, &SearchRunner::runFinished, this, &SweepRunner::onRunFinished);
    connect(m_runner, &SearchRunner::finished, this, &SweepRunner::onRunnerFinished);
}

bool SweepRunner::start(const ConnectionConfig &connection, const QStringList &queries, const SearchOptions &options,
    int repeats, QList<int> levels)
{
    if (m_running || m_runner->isRunning() || queries.isEmpty() || repeats < 1)
        return false;
    if (levels.isEmpty())
        levels = sweepLevels(int(queries.size()));
    m_connection = connection;
    m_options = options;
    m_plan = SweepPlan { levels, repeats };
    m_result = SweepResult { queries, levels, repeats, {}, false };
    m_step = 0;
    m_running = true;
    startStep();
    return m_running;
}

void SweepRunner::startStep()
{
    if (m_step >= m_plan.stepCount()) {
        finish({});
        return;
    }
    const int concurrency = m_plan.concurrencyAt(m_step);
    Q_EMIT progress(m_step, m_plan.stepCount(), concurrency, m_plan.repeatAt(m_step));
    SearchOptions options = m_options;
    options.maxConcurrency = concurrency;
    m_sampleTaken = false;
    m_runGoing = m_runner->start(m_connection, m_result.queries, search::RunMode::Concurrent, options);
    if (!m_runGoing)
        finish(tr("The search runner is busy with another run."));
}

void SweepRunner::onRunFinished(const RunSummary &summary)
{
    if (!m_runGoing || m_sampleTaken || m_result.cancelled)
        return;
    m_sampleTaken = true;
    m_result.samples.append({ m_plan.concurrencyAt(m_step), m_plan.repeatAt(m_step), summary.wallMs,
        summary.latencySumMs, summary.requests, summary.tweets, summary.failedQueries });
    Q_EMIT resultChanged(m_result);
}

void SweepRunner::onRunnerFinished()
{
    if (!m_runGoing)
        return;
    m_runGoing = false;
    if (m_result.cancelled) {
        finish({});
        return;
    }
    ++m_step;
    // The runner is still unwinding its own finished() emission: start the next run afterwards.
    QTimer::singleShot(0, this, &SweepRunner::startStep);
}

void SweepRunner::cancel()
{
    if (!m_running)
        return;
    m_result.cancelled = true;
    if (m_runGoing)
        m_runner->cancel(); // finished() follows, which ends the sweep
    else
        finish({});
}

void SweepRunner::finish(const QString &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_runGoing = false;
    Q_EMIT finished(m_result, error);
}

} // namespace ts::search
