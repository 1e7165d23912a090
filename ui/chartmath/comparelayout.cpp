// SPDX-License-Identifier: MIT
#include "comparelayout.h"

#include "timescale.h"

#include <algorithm>

namespace ts::ui {

namespace {

QList<CompareBar> barsOf(const QList<search::RequestTiming> &timings)
{
    QList<CompareBar> bars;
    bars.reserve(timings.size());
    for (const search::RequestTiming &t : timings) {
        CompareBar b;
        b.queryIndex = t.queryIndex;
        b.page = t.page;
        b.attempt = t.attempt;
        b.phases = requestPhases(t);
        b.failed = b.phases.marks.testFlag(RequestMark::Failed);
        bars.append(b);
    }
    std::stable_sort(bars.begin(), bars.end(),
        [](const CompareBar &a, const CompareBar &b) { return a.phases.startMs < b.phases.startMs; });
    return bars;
}

double wallOf(const CompareData &data, int side, const QList<CompareBar> &bars)
{
    if (const auto &summary = data.summary(side); summary && summary->wallMs > 0)
        return summary->wallMs;
    double end = 0;
    for (const CompareBar &b : bars)
        end = std::max(end, b.phases.endMs);
    return end;
}

} // namespace

CompareLayout compareLayout(const CompareData &data)
{
    CompareLayout l;
    l.queries = data.queries();
    l.sequential = barsOf(data.timings(0));
    l.concurrent = barsOf(data.timings(1));
    l.sequentialWallMs = wallOf(data, 0, l.sequential);
    l.concurrentWallMs = wallOf(data, 1, l.concurrent);
    l.axisEndMs = std::max({ l.sequentialWallMs, l.concurrentWallMs, 1.0 });
    l.totals = data.compare();
    for (int side = 0; side < 2; ++side) {
        l.hasRun[side] = data.hasRun(side);
        l.tls[side] = usesTls(data.baseUrl(side));
    }
    if (data.comparesProviders()) {
        // Two providers: each side as its run went; the slowest request of the slower one.
        l.comparesProviders = true;
        l.titles = { data.title(0), data.title(1) };
        for (int side = 0; side < 2; ++side)
            l.perQuery[side] = !data.hasRun(side) || data.mode(side) == search::RunMode::Concurrent;
        l.slowestSide = l.sequentialWallMs > l.concurrentWallMs ? 0 : 1;
        for (const CompareBar &b : l.slowestSide == 0 ? l.sequential : l.concurrent) {
            if (!l.slowest || b.phases.endMs > l.slowest->phases.endMs)
                l.slowest = b;
        }
        return l;
    }

    // The ideal: each query's chain of requests in the concurrent run, without the time its
    // requests waited for a connection or a rate-limit slot; the longest chain.
    QList<double> chains(l.queries.size(), 0.0);
    for (const CompareBar &b : std::as_const(l.concurrent)) {
        if (b.queryIndex >= 0 && b.queryIndex < chains.size())
            chains[b.queryIndex] += b.phases.endMs - b.phases.sentMs;
    }
    for (int q = 0; q < chains.size(); ++q) {
        if (chains.at(q) > l.idealMs) {
            l.idealMs = chains.at(q);
            l.idealQuery = q;
        }
    }
    for (const CompareBar &b : std::as_const(l.concurrent)) {
        if (!l.slowest || b.phases.endMs > l.slowest->phases.endMs)
            l.slowest = b;
    }
    return l;
}

QString describeRequest(const CompareBar &bar, const QStringList &queries, bool tls)
{
    // Page 0: the sign-in a page of this query waited for (Bluesky's createSession/refreshSession).
    QString text = queries.value(bar.queryIndex, QStringLiteral("query %1").arg(bar.queryIndex + 1))
        + (bar.page == 0 ? QStringLiteral(", sign-in") : QStringLiteral(", page ") + QString::number(bar.page));
    if (bar.attempt > 1)
        text += QStringLiteral(" (attempt ") + QString::number(bar.attempt) + u')';
    QStringList phases;
    for (const PhaseSpan &span : bar.phases.spans())
        phases.append(phaseName(span.phase, tls) + u' ' + formatDuration(span.lengthMs()));
    if (!phases.isEmpty())
        text += QStringLiteral(": ") + phases.join(QStringLiteral(", "));
    if (bar.failed)
        text += QStringLiteral(" (failed)");
    return text;
}

QString speedupHeadline(const CompareTotals &totals)
{
    if (totals.speedup > 0)
        return QString::number(totals.speedup, 'f', 1) + QStringLiteral("×");
    return QStringLiteral("no speedup");
}

} // namespace ts::ui
