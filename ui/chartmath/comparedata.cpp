// SPDX-License-Identifier: MIT
#include "comparedata.h"

#include <QCoreApplication>

namespace ts::ui {

void CompareData::startProviderCompare(const QStringList &providers)
{
    clear();
    m_providers = providers.mid(0, Sides);
    m_nextProvider = 0;
    m_current = 0;
}

bool CompareData::startRun(search::RunMode mode, const QStringList &queries, const QString &baseUrl)
{
    bool fresh = queries != m_queries;
    int s = side(mode);
    if (comparesProviders()) {
        if (m_nextProvider < m_providers.size()) {
            s = m_nextProvider++;
            fresh = fresh || s == 0;
        } else {
            // Another run after the providers' (a compare, a sweep's runs): back to sequential
            // against concurrent.
            m_providers.clear();
            fresh = true;
        }
    }
    if (fresh) {
        m_runs = {};
        m_queries = queries;
    }
    m_current = s;
    Run &run = m_runs[s];
    run = Run {};
    run.started = true;
    run.mode = mode;
    run.baseUrl = baseUrl;
    return fresh;
}

QString CompareData::baseUrl(int side) const
{
    const Run &run = m_runs[side];
    return run.summary && !run.summary->baseUrl.isEmpty() ? run.summary->baseUrl : run.baseUrl;
}

void CompareData::addTiming(search::RunMode mode, const search::RequestTiming &timing)
{
    Run &run = m_runs[sideOf(mode)];
    if (!run.started) {
        run.started = true;
        run.mode = mode;
    }
    run.timings.append(timing);
}

void CompareData::finishRun(const search::RunSummary &summary)
{
    Run &run = m_runs[sideOf(summary.mode)];
    run.started = true;
    run.mode = summary.mode;
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
    m_providers.clear();
    m_nextProvider = 0;
    m_current = 0;
}

QString CompareData::title(int s) const
{
    if (comparesProviders())
        return m_providers.value(s);
    return s == 0 ? QCoreApplication::translate("ts::ui::CompareData", "Sequential")
                  : QCoreApplication::translate("ts::ui::CompareData", "Concurrent");
}

RunTotals CompareData::totals(int s) const
{
    const Run &run = m_runs[s];
    if (!run.started)
        return {};
    return runTotals(run.timings, int(m_queries.size()), run.summary);
}

CompareTotals CompareData::compare() const
{
    if (comparesProviders()) {
        // Two providers answer with different tweets: their walls are not a speedup.
        CompareTotals c { totals(0), totals(1), 0, 0, {}, {} };
        c.titles = { title(0), title(1) };
        return c;
    }
    return compareTotals(totals(0), totals(1));
}

} // namespace ts::ui
