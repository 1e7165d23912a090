// SPDX-License-Identifier: MIT
#pragma once

#include "searchrunner.h"
#include "sweepstats.h"

#include <QObject>

namespace ts::search {

/**
 * @brief Runs the same queries at max concurrency 1, 2, 4, ... and repeats each level, driving
 * a SearchRunner one run at a time, and collects a SweepResult for the sweep chart.
 *
 * Give it a SearchRunner of its own (no collection): the sweep's runs are measurements, not
 * results to keep, and they would otherwise replace the timing tab's compare run.
 */
class SweepRunner : public QObject
{
    Q_OBJECT
public:
    explicit SweepRunner(SearchRunner *runner, QObject *parent = nullptr);

    /// False (and nothing starts) when a sweep or a run of the runner is going, or there are no queries.
    /// Empty `levels`: sweepLevels(queries.size()).
    bool start(const ConnectionConfig &connection, const QStringList &queries, const SearchOptions &options,
        int repeats, QList<int> levels = {});
    /// Stops after aborting the current run; what was measured stays in the result (cancelled = true).
    void cancel();
    bool isRunning() const { return m_running; }
    const SweepResult &result() const { return m_result; }

Q_SIGNALS:
    /// Before each run: `step` of `steps` (0-based), at this concurrency and repeat.
    void progress(int step, int steps, int concurrency, int repeat);
    /// After each run, with every sample so far.
    void resultChanged(const ts::search::SweepResult &result);
    /// The sweep ended (all runs done, cancelled, or a run could not start: `error` says why).
    void finished(const ts::search::SweepResult &result, const QString &error);

private:
    void startStep();
    void onRunFinished(const RunSummary &summary);
    void onRunnerFinished();
    void finish(const QString &error);

    SearchRunner *m_runner;
    ConnectionConfig m_connection;
    SearchOptions m_options;
    SweepPlan m_plan;
    SweepResult m_result;
    int m_step = 0;
    bool m_running = false;
    bool m_runGoing = false;
    bool m_sampleTaken = false;
};

} // namespace ts::search
