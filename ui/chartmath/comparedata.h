// SPDX-License-Identifier: MIT
#pragma once

#include "runtotals.h"
#include "search/timing.h"

#include <QList>
#include <QStringList>

#include <array>
#include <optional>

namespace ts::ui {

/**
 * @brief What the charts know about the latest sequential and concurrent runs of one query list,
 * fed from the SearchRunner's signals. A run of a different query list starts afresh; a run of
 * the same list replaces only the run of its own mode, so a compare fills both sides.
 */
class CompareData
{
public:
    /// The next runs are one per provider (titles in order), compared side by side.
    void startProviderCompare(const QStringList &providers);
    /// Returns true when the query list changed and everything was cleared.
    bool startRun(search::RunMode mode, const QStringList &queries);
    void addTiming(search::RunMode mode, const search::RequestTiming &timing);
    /// The summary's own timings replace the ones collected so far when it carries any.
    void finishRun(const search::RunSummary &summary);
    void clear();

    const QStringList &queries() const { return m_queries; }
    bool hasRun(search::RunMode mode) const { return m_runs[index(mode)].started; }
    bool isFinished(search::RunMode mode) const { return m_runs[index(mode)].summary.has_value(); }
    const QList<search::RequestTiming> &timings(search::RunMode mode) const { return m_runs[index(mode)].timings; }
    const std::optional<search::RunSummary> &summary(search::RunMode mode) const { return m_runs[index(mode)].summary; }
    RunTotals totals(search::RunMode mode) const;
    CompareTotals compare() const;
    bool isEmpty() const { return !m_runs[0].started && !m_runs[1].started; }

private:
    static int index(search::RunMode mode) { return mode == search::RunMode::Sequential ? 0 : 1; }
    struct Run
    {
        bool started = false;
        QList<search::RequestTiming> timings;
        std::optional<search::RunSummary> summary;
    };
    QStringList m_queries;
    std::array<Run, 2> m_runs;
};

} // namespace ts::ui
