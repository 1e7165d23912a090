// SPDX-License-Identifier: MIT
#pragma once
// Synthetic but realistic runs for chart tests and the demo: per-query latencies, a
// six-connection limit in the concurrent run (queueing), one 429 with a wait and a retry.

#include "search/timing.h"

#include <QStringList>

#include <algorithm>

namespace ts::testing {

struct SyntheticOptions
{
    int pages = 2; ///< per query
    double baseLatencyMs = 120; ///< first byte after sending; each query adds a little
    int connections = 6; ///< concurrent requests in flight before queueing
    bool with429 = true; ///< the second query's first page answers 429 in the concurrent run
};

inline search::RequestTiming syntheticRequest(
    const QStringList &queries, int q, int page, double scheduled, double sent, const SyntheticOptions &o)
{
    search::RequestTiming t;
    t.query = queries.at(q);
    t.queryIndex = q;
    t.page = page;
    t.httpStatus = 200;
    t.scheduledMs = scheduled;
    t.sentMs = sent;
    t.firstByteMs = sent + o.baseLatencyMs + 15 * (q % 5) + 5 * page;
    t.finishedMs = t.firstByteMs + 20 + 3 * (q % 3);
    t.parsedMs = t.finishedMs + 4;
    t.tweets = 100 - 7 * (q % 4);
    t.bytes = t.tweets * 2400;
    return t;
}

inline search::RunSummary finishSummary(
    search::RunMode mode, const QStringList &queries, QList<search::RequestTiming> timings, int maxInFlight)
{
    search::RunSummary s;
    s.mode = mode;
    s.maxInFlight = maxInFlight;
    for (const auto &t : timings) {
        s.wallMs = std::max(s.wallMs, t.parsedMs >= 0 ? t.parsedMs : t.finishedMs);
        s.latencySumMs += t.latencyMs();
        s.tweets += t.tweets;
    }
    s.wallMs += 1; // the runner's own bookkeeping after the last parse
    s.requests = int(timings.size());
    for (const QString &query : queries) {
        search::QueryResult r;
        r.query = query;
        r.status = search::QueryStatus::Ok;
        s.queries.append(r);
    }
    for (const auto &t : timings) {
        s.queries[t.queryIndex].tweets += t.tweets;
        s.queries[t.queryIndex].pages = std::max(s.queries[t.queryIndex].pages, t.page);
    }
    s.requestTimings = std::move(timings);
    return s;
}

/// Every page of every query one after the other.
inline search::RunSummary sequentialRun(const QStringList &queries, const SyntheticOptions &o = {})
{
    QList<search::RequestTiming> timings;
    double now = 0;
    for (int q = 0; q < queries.size(); ++q) {
        for (int page = 1; page <= o.pages; ++page) {
            const auto t = syntheticRequest(queries, q, page, now, now + 0.3, o);
            timings.append(t);
            now = t.parsedMs + 0.2;
        }
    }
    return finishSummary(search::RunMode::Sequential, queries, timings, 1);
}

/// All queries at once; at most `connections` in flight, the rest queue; next pages follow their first.
inline search::RunSummary concurrentRun(const QStringList &queries, const SyntheticOptions &o = {})
{
    QList<search::RequestTiming> timings;
    QList<double> slotsFreeAt(std::max(o.connections, 1), 0.0);
    // (query, page, scheduled) waiting for a connection, in scheduling order
    struct Pending
    {
        int q;
        int page;
        double scheduled;
        int attempt;
        bool rateLimited;
    };
    QList<Pending> pending;
    for (int q = 0; q < queries.size(); ++q)
        pending.append({ q, 1, 0.1 * q, 1, false });
    while (!pending.isEmpty()) {
        std::stable_sort(pending.begin(), pending.end(),
            [](const Pending &a, const Pending &b) { return a.scheduled < b.scheduled; });
        const Pending p = pending.takeFirst();
        auto slot = std::min_element(slotsFreeAt.begin(), slotsFreeAt.end());
        double sent = std::max(*slot, p.scheduled) + 0.3;
        if (p.rateLimited)
            sent = std::max(sent, p.scheduled + 400); // waited for the rate-limit reset
        auto t = syntheticRequest(queries, p.q, p.page, p.scheduled, sent, o);
        t.attempt = p.attempt;
        t.rateLimited = p.rateLimited;
        const bool hit429 = o.with429 && queries.size() > 1 && p.q == 1 && p.page == 1 && p.attempt == 1;
        if (hit429) {
            t.httpStatus = 429;
            t.rateLimited = true;
            t.error = QStringLiteral("Too Many Requests");
            t.finishedMs = t.firstByteMs + 2;
            t.parsedMs = -1;
            t.tweets = 0;
            t.bytes = 120;
            pending.append({ p.q, p.page, t.finishedMs, 2, true });
        } else if (p.page < o.pages) {
            pending.append({ p.q, p.page + 1, t.parsedMs + 0.1, 1, false });
        }
        *slot = t.finishedMs;
        timings.append(t);
    }
    return finishSummary(search::RunMode::Concurrent, queries, timings, o.connections);
}

inline QStringList seedQueries()
{
    return { QStringLiteral("eclipse"), QStringLiteral("nuclear"), QStringLiteral("korea"), QStringLiteral("cats"),
        QStringLiteral("ai"), QStringLiteral("memes") };
}

} // namespace ts::testing
