// SPDX-License-Identifier: MIT
#include "runtotals.h"

#include "requestphases.h"
#include "timescale.h"

#include <QSet>

#include <algorithm>

namespace ts::ui {

RunTotals runTotals(
    const QList<search::RequestTiming> &timings, int queryCount, const std::optional<search::RunSummary> &summary)
{
    RunTotals totals;
    totals.present = true;
    totals.queries = queryCount;
    // A failed request followed by another attempt at the same page was retried, not lost.
    QSet<QPair<int, int>> retried;
    for (const search::RequestTiming &t : timings) {
        if (t.attempt > 1)
            retried.insert({ t.queryIndex, t.page });
    }
    for (const search::RequestTiming &t : timings) {
        const RequestPhases p = requestPhases(t);
        totals.wallMs = std::max(totals.wallMs, p.endMs);
        totals.latencySumMs += t.latencyMs();
        totals.queuedSumMs += p.queuedMs();
        totals.tweets += t.tweets;
        ++totals.requests;
        if (p.marks & RequestMark::Retry)
            ++totals.retries;
        if (p.marks & (RequestMark::Http429 | RequestMark::RateLimited))
            ++totals.rateLimited;
        if ((p.marks & RequestMark::Failed) && !retried.contains({ t.queryIndex, t.page }))
            ++totals.failed;
    }
    if (summary) {
        // The runner's clock includes the tail after the last parse; its numbers win.
        totals.finished = true;
        totals.wallMs = summary->wallMs;
        totals.tweets = summary->tweets;
        if (summary->latencySumMs > 0)
            totals.latencySumMs = summary->latencySumMs;
        if (!summary->queries.isEmpty())
            totals.queries = int(summary->queries.size());
        const search::RunOutcome outcome = search::runOutcome(*summary);
        totals.failedQueries = outcome.failedQueries;
        totals.unfinishedQueries = outcome.unfinishedQueries;
    }
    return totals;
}

CompareTotals compareTotals(const RunTotals &sequential, const RunTotals &concurrent)
{
    CompareTotals c { sequential, concurrent, 0, 0, {}, {} };
    // A run still going has a partial wall time: a speedup from it would flatter concurrency.
    if (!sequential.finished || !concurrent.finished)
        return c;
    auto outcome = [](const RunTotals &t) {
        return search::RunOutcome { t.wallMs, t.queries, t.failedQueries, t.unfinishedQueries, t.tweets };
    };
    const search::Speedup s = search::speedupOf(outcome(sequential), outcome(concurrent));
    c.speedup = s.value;
    c.efficiency = s.efficiency;
    c.withheld = s.withheld;
    return c;
}

static QString runLine(const QString &name, const RunTotals &t)
{
    using search::quantity;
    if (!t.present)
        return name + QStringLiteral(": not run");
    QString line = name + QStringLiteral(": wall ") + formatDuration(t.wallMs)
        + (t.finished ? QString() : QStringLiteral(" (running)")) + QStringLiteral(", sum of latencies ")
        + formatDuration(t.latencySumMs) + QStringLiteral(", ")
        + quantity(t.requests, QStringLiteral("request"), QStringLiteral("requests")) + QStringLiteral(", ")
        + quantity(t.tweets, QStringLiteral("tweet"), QStringLiteral("tweets"));
    if (t.queuedSumMs >= 1)
        line += QStringLiteral(", queued ") + formatDuration(t.queuedSumMs);
    if (t.retries > 0)
        line += QStringLiteral(", ") + quantity(t.retries, QStringLiteral("retry"), QStringLiteral("retries"));
    if (t.rateLimited > 0)
        line += QStringLiteral(", ") + QString::number(t.rateLimited) + QStringLiteral(" rate limited");
    if (t.failed > 0)
        line += QStringLiteral(", ")
            + quantity(t.failed, QStringLiteral("failed request"), QStringLiteral("failed requests"));
    if (t.failedQueries > 0)
        line += QStringLiteral(", ") + QString::number(t.failedQueries) + QStringLiteral(" of ")
            + quantity(t.queries, QStringLiteral("query"), QStringLiteral("queries")) + QStringLiteral(" failed");
    return line;
}

QString totalsText(const CompareTotals &totals)
{
    QStringList lines { runLine(totals.titles.value(0, QStringLiteral("Sequential")), totals.sequential),
        runLine(totals.titles.value(1, QStringLiteral("Concurrent")), totals.concurrent) };
    if (totals.speedup > 0) {
        lines.append(QStringLiteral("Speedup ") + QString::number(totals.speedup, 'f', 2)
            + QStringLiteral("×, efficiency ") + QString::number(totals.efficiency * 100, 'f', 0)
            + QStringLiteral("% of ") + QString::number(std::max(totals.concurrent.queries, 1))
            + QStringLiteral("× ideal"));
    } else if (!totals.withheld.isEmpty()) {
        lines.append(QStringLiteral("No speedup: ") + totals.withheld);
    }
    return lines.join(u'\n');
}

} // namespace ts::ui
