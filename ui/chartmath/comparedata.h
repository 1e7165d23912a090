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
 * @brief What the charts know about the two runs they compare, fed from the SearchRunner's
 * signals. Two sides: side 0 and side 1 are either the sequential and the concurrent run of
 * one query list (a compare, the default), or the runs of the same queries on two providers
 * (after startProviderCompare, one side per provider in the order they run). A run of a
 * different query list starts afresh; a run of the same list replaces only the run of its own
 * side, so a compare fills both sides.
 */
class CompareData
{
public:
    static constexpr int Sides = 2;

    /// The next runs are one per provider, titled `providers` in the order they run (the first
    /// two count), compared side by side. Everything shown before is cleared.
    void startProviderCompare(const QStringList &providers);
    /// Returns true when the query list changed and everything was cleared. A run that is not
    /// one of the providers announced ends a provider comparison (and clears it). `baseUrl`:
    /// where the run sends its requests (SearchRunner::baseUrl), empty when not known.
    bool startRun(search::RunMode mode, const QStringList &queries, const QString &baseUrl = {});
    void addTiming(search::RunMode mode, const search::RequestTiming &timing);
    /// The summary's own timings replace the ones collected so far when it carries any.
    void finishRun(const search::RunSummary &summary);
    void clear();

    const QStringList &queries() const { return m_queries; }
    /// True while the sides are providers rather than sequential and concurrent.
    bool comparesProviders() const { return !m_providers.isEmpty(); }
    /// The side of the latest run started.
    int currentSide() const { return m_current; }
    /// "Sequential" / "Concurrent", or the provider's title.
    QString title(int side) const;
    /// How the side's run scheduled its queries (a provider's run: its mode).
    search::RunMode mode(int side) const { return m_runs[side].mode; }
    bool hasRun(int side) const { return m_runs[side].started; }
    bool isFinished(int side) const { return m_runs[side].summary.has_value(); }
    const QList<search::RequestTiming> &timings(int side) const { return m_runs[side].timings; }
    const std::optional<search::RunSummary> &summary(int side) const { return m_runs[side].summary; }
    /// Where the side's run sent its requests: its summary's base URL, or the one it started
    /// with while it runs; empty when not known (how usesTls() names its connection phase).
    QString baseUrl(int side) const;
    RunTotals totals(int side) const;

    /// The side of a mode in a sequential/concurrent compare.
    static int side(search::RunMode mode) { return mode == search::RunMode::Sequential ? 0 : 1; }
    bool hasRun(search::RunMode mode) const { return hasRun(side(mode)); }
    bool isFinished(search::RunMode mode) const { return isFinished(side(mode)); }
    const QList<search::RequestTiming> &timings(search::RunMode mode) const { return timings(side(mode)); }
    const std::optional<search::RunSummary> &summary(search::RunMode mode) const { return summary(side(mode)); }
    RunTotals totals(search::RunMode mode) const { return totals(side(mode)); }

    /// Both sides' totals, titled; the speedup only for sequential against concurrent.
    CompareTotals compare() const;
    bool isEmpty() const { return !m_runs[0].started && !m_runs[1].started; }

private:
    /// The side a run's signals go to: by mode in a compare, the current provider's otherwise.
    int sideOf(search::RunMode mode) const { return comparesProviders() ? m_current : side(mode); }
    struct Run
    {
        bool started = false;
        search::RunMode mode = search::RunMode::Sequential;
        QString baseUrl; ///< from startRun
        QList<search::RequestTiming> timings;
        std::optional<search::RunSummary> summary;
    };
    QStringList m_queries;
    std::array<Run, Sides> m_runs;
    QStringList m_providers; ///< titles of the compared providers; empty: sequential/concurrent
    int m_nextProvider = 0; ///< the side the next runStarted goes to in a provider comparison
    int m_current = 0; ///< the side of the provider running now
};

} // namespace ts::ui
