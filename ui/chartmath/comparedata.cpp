// SPDX-License-Identifier: MIT
#include "comparedata.h"

namespace ts::ui {

void CompareData::startProviderCompare(const QStringList &providers)
{
    Q_UNUSED(providers); // filled in by the charts' side of the provider compare
}

bool CompareData::startRun(search::RunMode mode, const QStringList &queries)
{
    const bool fresh = queries != m_queries;
    if (fresh) {
        clear();
        m_queries = queries;
    }
    Run &run = m_runs[index(mode)];
    run = Run {};
    run.started = true;
    return fresh;
}

void CompareData::addTiming(search::RunMode mode, const search::RequestTiming &timing)
{
    Run &run = m_runs[index(mode)];
    run.started = true;
    run.timings.append(timing);
}

void CompareData::finishRun(const search::RunSummary &summary)
{
    Run &run = m_runs[index(summary.mode)];
    run.started = true;
    if (!summary.requestTimings.isEmpty())
        run.timings = summary.requestTimings;
    run.summary = summary;
    if (m_queries.isEmpty()) {
        for (const search::QueryResult &q : summary.queries)
            m_queries.append(q.query);
    }
}

void CompareData::clear()
{
    m_queries.clear();
    m_runs = {};
}

RunTotals CompareData::totals(search::RunMode mode) const
{
    const Run &run = m_runs[index(mode)];
    if (!run.started)
        return {};
    return runTotals(run.timings, int(m_queries.size()), run.summary);
}

CompareTotals CompareData::compare() const
{
    return compareTotals(totals(search::RunMode::Sequential), totals(search::RunMode::Concurrent));
}

} // namespace ts::ui
