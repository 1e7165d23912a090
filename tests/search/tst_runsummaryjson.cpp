// SPDX-License-Identifier: MIT
// The one JSON summary schema (docs/cli.md) that the CLI prints and the GUI writes: keys,
// nulls, the speedup of a compare run, no credentials in the base URL, the file write.
#include "search/runsummaryjson.h"
#include "search/searchrunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ts::search;

namespace {

RunSummary makeRun(RunMode mode, double wallMs)
{
    RunSummary r;
    r.mode = mode;
    r.wallMs = wallMs;
    r.tweets = 12;
    r.requests = 2;
    r.failedQueries = 1;
    r.maxInFlight = 2;
    r.latencySumMs = 40.5;
    r.queries = { QueryResult { u"cats"_s, 12, 1, QueryStatus::Ok, {} },
        QueryResult { u"cats OR"_s, 0, 0, QueryStatus::Error, u"Invalid Request: bad query"_s, 3 },
        QueryResult { u"ai"_s, 0, 0, QueryStatus::Running, {} } };
    RequestTiming ok;
    ok.query = u"cats"_s;
    ok.queryIndex = 0;
    ok.httpStatus = 200;
    ok.scheduledMs = 0;
    ok.sentMs = 1;
    ok.firstByteMs = 10;
    ok.finishedMs = 20;
    ok.parsedMs = 21;
    ok.bytes = 3000;
    ok.tweets = 12;
    RequestTiming refused;
    refused.query = u"cats OR"_s;
    refused.queryIndex = 1;
    refused.attempt = 2;
    refused.scheduledMs = 0;
    refused.sentMs = 1;
    refused.error = u"connection refused"_s;
    refused.rateLimited = true;
    r.requestTimings = { ok, refused };
    return r;
}

/// A run whose three queries all ended ok with tweets: one a speedup can be taken from.
RunSummary cleanRun(RunMode mode, double wallMs)
{
    RunSummary r = makeRun(mode, wallMs);
    r.failedQueries = 0;
    for (QueryResult &q : r.queries) {
        q.status = QueryStatus::Ok;
        q.tweets = 4;
    }
    return r;
}

} // namespace

class TestRunSummaryJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runKeysAndNulls()
    {
        const QJsonObject r = runSummaryJson(makeRun(RunMode::Sequential, 100));
        QCOMPARE(r.value(u"mode"_s).toString(), u"sequential"_s);
        QCOMPARE(r.value(u"wall_ms"_s).toDouble(), 100.0);
        QCOMPARE(r.value(u"latency_sum_ms"_s).toDouble(), 40.5);
        QCOMPARE(r.value(u"tweets"_s).toInt(), 12);
        QCOMPARE(r.value(u"request_count"_s).toInt(), 2);
        QCOMPARE(r.value(u"failed_queries"_s).toInt(), 1);
        QCOMPARE(r.value(u"max_in_flight"_s).toInt(), 2);
        QCOMPARE(r.value(u"unreadable_tweets"_s).toInt(), 3); // the sum of the queries'

        const QJsonArray queries = r.value(u"queries"_s).toArray();
        QCOMPARE(queries.size(), 3);
        QCOMPARE(queries[0].toObject().value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(queries[0].toObject().value(u"error"_s).isNull());
        QCOMPARE(queries[1].toObject().value(u"status"_s).toString(), u"error"_s);
        QCOMPARE(queries[1].toObject().value(u"error"_s).toString(), u"Invalid Request: bad query"_s);
        QCOMPARE(queries[1].toObject().value(u"unreadable_tweets"_s).toInt(), 3);
        QCOMPARE(queries[0].toObject().value(u"unreadable_tweets"_s).toInt(), 0);
        // Written after the run: a query still running then was cancelled.
        QCOMPARE(queries[2].toObject().value(u"status"_s).toString(), u"cancelled"_s);

        const QJsonArray requests = r.value(u"requests"_s).toArray();
        QCOMPARE(requests.size(), 2);
        const QJsonObject ok = requests[0].toObject();
        QCOMPARE(ok.keys(),
            QStringList({ u"attempt"_s, u"bytes"_s, u"connect_end_ms"_s, u"connect_start_ms"_s, u"error"_s,
                u"finished_ms"_s, u"first_byte_ms"_s, u"http_status"_s, u"page"_s, u"parsed_ms"_s, u"query"_s,
                u"query_index"_s, u"rate_limited"_s, u"scheduled_ms"_s, u"sent_ms"_s, u"tweets"_s }));
        QVERIFY(ok.value(u"connect_start_ms"_s).isNull()); // opened no connection
        // The run's protocol and connections (docs/cli.md).
        QVERIFY(r.value(u"protocol"_s).isNull()); // no answer known
        QCOMPARE(r.value(u"connections"_s).toInt(), 0);
        QCOMPARE(r.value(u"connections_opened"_s).toInt(), 0);
        RunSummary h2 = makeRun(RunMode::Concurrent, 50);
        h2.protocol = WireProtocol::Http2;
        h2.connections = 1;
        h2.connectionsOpened = 1;
        h2.requestTimings[0].connectStartMs = 0.5;
        h2.requestTimings[0].connectEndMs = 3.25;
        const QJsonObject j = runSummaryJson(h2);
        QCOMPARE(j.value(u"protocol"_s).toString(), u"h2"_s);
        QCOMPARE(j.value(u"connections"_s).toInt(), 1);
        QCOMPARE(j.value(u"connections_opened"_s).toInt(), 1);
        const QJsonObject first = j.value(u"requests"_s).toArray()[0].toObject();
        QCOMPARE(first.value(u"connect_start_ms"_s).toDouble(), 0.5);
        QCOMPARE(first.value(u"connect_end_ms"_s).toDouble(), 3.25);
        QCOMPARE(ok.value(u"parsed_ms"_s).toDouble(), 21.0);
        QCOMPARE(ok.value(u"bytes"_s).toInteger(), 3000);
        QVERIFY(ok.value(u"error"_s).isNull());
        const QJsonObject refused = requests[1].toObject();
        QCOMPARE(refused.value(u"attempt"_s).toInt(), 2);
        QCOMPARE(refused.value(u"http_status"_s).toInt(), 0);
        QVERIFY(refused.value(u"first_byte_ms"_s).isNull()); // a phase that did not happen
        QVERIFY(refused.value(u"finished_ms"_s).isNull());
        QVERIFY(refused.value(u"parsed_ms"_s).isNull());
        QCOMPARE(refused.value(u"rate_limited"_s).toBool(), true);
        QCOMPARE(refused.value(u"error"_s).toString(), u"connection refused"_s);
    }

    void speedupOnlyForCompare()
    {
        SearchSummary s;
        s.provider = ProviderKind::XRecent;
        s.baseUrl = QUrl(u"https://user:secret@api.example.test:8443/base"_s);
        s.runs = { cleanRun(RunMode::Sequential, 300), cleanRun(RunMode::Concurrent, 100) };
        QJsonObject j = searchSummaryJson(s);
        QVERIFY(j.value(u"speedup"_s).isNull());
        QCOMPARE(j.value(u"provider"_s).toString(), u"x-recent"_s);
        QCOMPARE(j.value(u"base_url"_s).toString(), u"https://api.example.test:8443/base"_s);
        QVERIFY(j.value(u"collection"_s).isNull());
        QCOMPARE(j.value(u"runs"_s).toArray().size(), 2);

        s.compare = true;
        s.collection = u"/tmp/run.sqlite"_s;
        j = searchSummaryJson(s);
        QCOMPARE(j.value(u"speedup"_s).toDouble(), 3.0);
        QCOMPARE(j.value(u"efficiency"_s).toDouble(), 1.0); // 3 queries: 3x is the ideal
        QCOMPARE(j.value(u"ideal_speedup"_s).toInt(), 3);
        QVERIFY(j.value(u"speedup_withheld"_s).isNull());
        QCOMPARE(j.value(u"collection"_s).toString(), u"/tmp/run.sqlite"_s);

        // A query of either run failed (after its retries): no speedup, and the reason.
        s.runs[1] = makeRun(RunMode::Concurrent, 100);
        j = searchSummaryJson(s);
        QVERIFY(j.value(u"speedup"_s).isNull());
        QVERIFY(j.value(u"efficiency"_s).isNull());
        QVERIFY2(j.value(u"speedup_withheld"_s).toString().contains(u"1 of 3 queries failed in the concurrent run"_s),
            qPrintable(j.value(u"speedup_withheld"_s).toString()));

        // A run that fetched no tweets, a concurrent wall of 0, an interrupted compare (one run).
        s.runs[1] = cleanRun(RunMode::Concurrent, 100);
        s.runs[1].tweets = 0;
        QVERIFY(searchSummaryJson(s).value(u"speedup"_s).isNull());
        s.runs[1] = cleanRun(RunMode::Concurrent, 0);
        QVERIFY(searchSummaryJson(s).value(u"speedup"_s).isNull());
        s.runs.removeLast();
        QVERIFY(searchSummaryJson(s).value(u"speedup"_s).isNull());
        QVERIFY(searchSummaryJson(s).value(u"speedup_withheld"_s).isNull());
    }

    void lineAndFile()
    {
        SearchSummary s;
        s.provider = ProviderKind::Local;
        s.baseUrl = QUrl(u"http://127.0.0.1:1234"_s);
        s.runs = { makeRun(RunMode::Concurrent, 50) };
        const QByteArray line = searchSummaryLine(s);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1);
        QCOMPARE(QJsonDocument::fromJson(line).object(), searchSummaryJson(s));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"summary.json"_s);
        QString error;
        QVERIFY2(writeSearchSummary(path, s, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), line);

        // A folder that does not exist: false, and the error names the file.
        const QString bad = dir.filePath(u"missing/summary.json"_s);
        QVERIFY(!writeSearchSummary(bad, s, &error));
        QVERIFY2(error.contains(bad), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRunSummaryJson)
#include "tst_runsummaryjson.moc"
