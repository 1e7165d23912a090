// SPDX-License-Identifier: MIT
#include "speedup.h"

#include <QStringList>

#include <algorithm>

namespace ts::search {

RunOutcome runOutcome(const RunSummary &summary)
{
    RunOutcome o;
    o.wallMs = summary.wallMs;
    o.tweets = summary.tweets;
    o.queries = int(summary.queries.size());
    for (const QueryResult &q : summary.queries) {
        if (q.status == QueryStatus::Error)
            ++o.failedQueries;
        else if (q.status != QueryStatus::Ok)
            ++o.unfinishedQueries;
    }
    // A summary without per-query results still says how many failed.
    o.failedQueries = std::max(o.failedQueries, summary.failedQueries);
    return o;
}

QString quantity(qint64 count, const QString &one, const QString &many)
{
    return QString::number(count) + u' ' + (count == 1 ? one : many);
}

namespace {

void problems(const RunOutcome &run, const QString &name, QStringList &out)
{
    const QString ofQueries
        = QStringLiteral(" of ") + quantity(run.queries, QStringLiteral("query"), QStringLiteral("queries"));
    if (run.failedQueries > 0)
        out.append(QString::number(run.failedQueries) + ofQueries + QStringLiteral(" failed in the ") + name
            + QStringLiteral(" run"));
    if (run.unfinishedQueries > 0)
        out.append(QString::number(run.unfinishedQueries) + ofQueries + QStringLiteral(" did not finish in the ") + name
            + QStringLiteral(" run"));
    if (run.failedQueries == 0 && run.unfinishedQueries == 0) {
        if (run.tweets <= 0)
            out.append(QStringLiteral("the ") + name + QStringLiteral(" run fetched no tweets"));
        else if (run.wallMs <= 0)
            out.append(QStringLiteral("the ") + name + QStringLiteral(" run has no wall time"));
    }
}

} // namespace

Speedup speedupOf(const RunOutcome &sequential, const RunOutcome &concurrent)
{
    Speedup s;
    s.queries = std::max(sequential.queries, concurrent.queries);
    QStringList why;
    problems(sequential, QStringLiteral("sequential"), why);
    problems(concurrent, QStringLiteral("concurrent"), why);
    if (!why.isEmpty()) {
        s.withheld = why.join(QStringLiteral("; "));
        return s;
    }
    s.value = sequential.wallMs / concurrent.wallMs;
    s.efficiency = s.queries > 0 ? s.value / s.queries : 0;
    return s;
}

Speedup speedupOf(const RunSummary &sequential, const RunSummary &concurrent)
{
    return speedupOf(runOutcome(sequential), runOutcome(concurrent));
}

} // namespace ts::search
