// SPDX-License-Identifier: MIT
#include "runsummaryjson.h"

#include "searchrunner.h"
#include "speedup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace ts::search {

namespace {

QJsonValue nullableMs(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
}

QJsonValue nullableText(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString finalStatusName(QueryStatus status)
{
    // A summary is written after the run: a query that did not end ok or in error was cancelled.
    return status == QueryStatus::Ok   ? QStringLiteral("ok")
        : status == QueryStatus::Error ? QStringLiteral("error")
                                       : QStringLiteral("cancelled");
}

} // namespace

QJsonObject runSummaryJson(const RunSummary &s)
{
    QJsonArray queries;
    int unreadable = 0;
    for (const QueryResult &q : s.queries) {
        queries.append(QJsonObject { { QStringLiteral("query"), q.query }, { QStringLiteral("tweets"), q.tweets },
            { QStringLiteral("pages"), q.pages }, { QStringLiteral("status"), finalStatusName(q.status) },
            { QStringLiteral("error"), nullableText(q.error) },
            { QStringLiteral("unreadable_tweets"), q.unreadableTweets } });
        unreadable += q.unreadableTweets;
    }
    QJsonArray requests;
    for (const RequestTiming &t : s.requestTimings) {
        requests.append(
            QJsonObject { { QStringLiteral("query"), t.query }, { QStringLiteral("query_index"), t.queryIndex },
                { QStringLiteral("page"), t.page }, { QStringLiteral("http_status"), t.httpStatus },
                { QStringLiteral("attempt"), t.attempt }, { QStringLiteral("scheduled_ms"), nullableMs(t.scheduledMs) },
                { QStringLiteral("sent_ms"), nullableMs(t.sentMs) },
                { QStringLiteral("first_byte_ms"), nullableMs(t.firstByteMs) },
                { QStringLiteral("finished_ms"), nullableMs(t.finishedMs) },
                { QStringLiteral("parsed_ms"), nullableMs(t.parsedMs) }, { QStringLiteral("bytes"), t.bytes },
                { QStringLiteral("tweets"), t.tweets }, { QStringLiteral("rate_limited"), t.rateLimited },
                { QStringLiteral("error"), nullableText(t.error) },
                { QStringLiteral("connect_start_ms"), nullableMs(t.connectStartMs) },
                { QStringLiteral("connect_end_ms"), nullableMs(t.connectEndMs) } });
    }
    // The request count and the request list would both be "requests"; a JSON object keeps
    // one (the list), so the count is "request_count" (docs/cli.md).
    QJsonObject run { { QStringLiteral("mode"), modeName(s.mode) },
        { QStringLiteral("provider"), nullableText(s.provider) },
        { QStringLiteral("base_url"), nullableText(s.baseUrl) }, { QStringLiteral("wall_ms"), s.wallMs },
        { QStringLiteral("latency_sum_ms"), s.latencySumMs }, { QStringLiteral("tweets"), s.tweets },
        { QStringLiteral("request_count"), s.requests }, { QStringLiteral("failed_queries"), s.failedQueries },
        { QStringLiteral("max_in_flight"), s.maxInFlight }, { QStringLiteral("unreadable_tweets"), unreadable },
        { QStringLiteral("protocol"), nullableText(wireProtocolName(s.protocol)) },
        { QStringLiteral("connections"), s.connections }, { QStringLiteral("connections_opened"), s.connectionsOpened },
        { QStringLiteral("queries"), queries }, { QStringLiteral("requests"), requests } };
    if (s.kind == RunKind::Hydrate) {
        const HydrationCounts &h = s.hydration;
        run.insert(QStringLiteral("hydration"),
            QJsonObject { { QStringLiteral("ids"), h.requested }, { QStringLiteral("found"), h.found },
                { QStringLiteral("not_found"), h.notFound }, { QStringLiteral("not_authorized"), h.notAuthorized },
                { QStringLiteral("withheld"), h.withheld }, { QStringLiteral("other"), h.other },
                { QStringLiteral("not_fetched"), h.unfetched() } });
    }
    return run;
}

QJsonObject searchSummaryJson(const SearchSummary &summary)
{
    QJsonArray runs;
    for (const RunSummary &s : summary.runs)
        runs.append(runSummaryJson(s));
    // The headline numbers by the one rule the window and the CLI's stderr follow too
    // (speedup.h): none when a query of either run failed or did not finish, or a run fetched
    // no tweets; then speedup_withheld says why.
    QJsonValue speedup(QJsonValue::Null), efficiency(QJsonValue::Null), ideal(QJsonValue::Null),
        withheld(QJsonValue::Null);
    if (summary.compare && summary.runs.size() == 2) {
        const Speedup s = speedupOf(summary.runs[0], summary.runs[1]);
        ideal = s.queries;
        if (s.honest()) {
            speedup = s.value;
            efficiency = s.efficiency;
        } else {
            withheld = s.withheld;
        }
    }
    QJsonObject out { { QStringLiteral("provider"), providerName(summary.provider) },
        { QStringLiteral("base_url"), summary.baseUrl.toString(QUrl::RemoveUserInfo) },
        { QStringLiteral("collection"), nullableText(summary.collection) },
        { QStringLiteral("compare_providers"), summary.compareProviders }, { QStringLiteral("runs"), runs },
        { QStringLiteral("speedup"), speedup }, { QStringLiteral("efficiency"), efficiency },
        { QStringLiteral("ideal_speedup"), ideal }, { QStringLiteral("speedup_withheld"), withheld } };
    if (summary.kind == RunKind::Hydrate) {
        out.insert(QStringLiteral("input"),
            QJsonObject { { QStringLiteral("ids"), summary.inputIds },
                { QStringLiteral("duplicate_ids"), summary.duplicateIds },
                { QStringLiteral("ignored_lines"), summary.ignoredLines } });
    }
    return out;
}

QByteArray searchSummaryLine(const SearchSummary &summary)
{
    QByteArray line = QJsonDocument(searchSummaryJson(summary)).toJson(QJsonDocument::Compact);
    line.append('\n');
    return line;
}

bool writeSearchSummary(const QString &path, const SearchSummary &summary, QString *error)
{
    QSaveFile file(path);
    const QByteArray line = searchSummaryLine(summary);
    if (!file.open(QIODevice::WriteOnly) || file.write(line) != line.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write the JSON summary to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace ts::search
